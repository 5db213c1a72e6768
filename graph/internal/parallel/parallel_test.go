package parallel

import (
	"errors"
	"fmt"
	"sync/atomic"
	"testing"
)

// TestStart checks that every index is handed over once, whatever the
// workers and chunks, and that the error is the smallest failing index's.
func TestStart(t *testing.T) {
	for _, tt := range []struct {
		n, workers, chunk int
		fail              []int
		want              int // index whose error is returned, -1 for none
	}{
		{n: 0, workers: 4, chunk: 16, want: -1},
		{n: 100, workers: 1, chunk: 16, want: -1},
		{n: 100, workers: 4, chunk: 16, want: -1},
		{n: 101, workers: 3, chunk: 7, want: -1},
		{n: 50, workers: 0, chunk: 0, fail: []int{30, 10}, want: 10},
		{n: 500, workers: 4, chunk: 1, fail: []int{499, 250, 3}, want: 3},
		{n: 500, workers: 2, chunk: 16, fail: []int{400, 17}, want: 17},
	} {
		t.Run(fmt.Sprintf("%d/%d/%d", tt.n, tt.workers, tt.chunk), func(t *testing.T) {
			calls := make([]atomic.Int32, tt.n)
			failing := map[int]bool{}
			for _, i := range tt.fail {
				failing[i] = true
			}
			err := Start(tt.n, tt.workers, tt.chunk, func(i int) error {
				calls[i].Add(1)
				if failing[i] {
					return fmt.Errorf("index %d", i)
				}
				return nil
			})()
			switch {
			case tt.want < 0 && err != nil:
				t.Fatalf("error %v, want none", err)
			case tt.want >= 0 && (err == nil || err.Error() != fmt.Sprintf("index %d", tt.want)):
				t.Fatalf("error %v, want index %d's", err, tt.want)
			}
			for i := range calls {
				if c := calls[i].Load(); c > 1 || c == 0 && (tt.workers > 1 || tt.want < 0 || i < tt.want) {
					t.Errorf("index %d called %d times", i, c)
				}
			}
		})
	}
	if err := Start(1, 1, 1, func(int) error { return errors.New("x") })(); err == nil {
		t.Error("no error from a single failing index")
	}
}
