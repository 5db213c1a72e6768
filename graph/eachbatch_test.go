package graph

import (
	"reflect"
	"sync"
	"testing"

	"github.com/cayleygraph/quad"
)

// TestEachBatch checks the conversion of many documents to quads, which
// WriteDocuments does on every core from parallelBatches×2 documents: each
// batch is handed over once with its own quads, and the error is the
// first failing batch's in order, whichever worker met it.
func TestEachBatch(t *testing.T) {
	for _, tc := range []struct {
		name string
		n    int
		bad  []int // batches made invalid
	}{
		{"one", 1, nil},
		{"below the parallel threshold", 2*parallelBatches - 1, nil},
		{"parallel", 10 * parallelBatches, nil},
		{"parallel, odd count", 10*parallelBatches + 3, nil},
		{"sequential with an error", 5, []int{3}},
		{"parallel with errors", 10 * parallelBatches, []int{parallelBatches + 2, 3 * parallelBatches, 9 * parallelBatches}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			batches := make([]*Batch, tc.n)
			for i := range batches {
				batches[i] = snapDoc(i)
			}
			for _, i := range tc.bad {
				batches[i].Claims[0].Confidence = float64(1 + i) // each error its own
			}
			var mu sync.Mutex
			got := make(map[int]int)
			err := eachBatch(batches, func(i int, quads []quad.Quad) {
				mu.Lock()
				defer mu.Unlock()
				got[i]++
				want, err := batches[i].quads()
				if err != nil || !reflect.DeepEqual(quads, want) {
					t.Errorf("batch %d: handed quads that are not its own", i)
				}
			})
			if len(tc.bad) > 0 {
				_, want := batches[tc.bad[0]].quads()
				if err == nil || err.Error() != want.Error() {
					t.Fatalf("error %v, want the first bad batch's: %v", err, want)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			for i := range batches {
				if got[i] != 1 {
					t.Errorf("batch %d handed over %d times", i, got[i])
				}
			}
		})
	}
}
