package index

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// TestEntRecCount runs random additions and removals over every kind of an
// entity's values, on the record's one list and on seven separate lists
// kept by countAdd, and requires the same lists after each step.
func TestEntRecCount(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	values := []string{"a", "b", "c", "d", "e"}
	for round := range 50 {
		var rec entRec
		var want [numKinds][]strCount
		// a decoded record's values are a capacity-limited piece of a slab
		// that the next record's follow: growing them must not reach it
		slab := []strCount{{"name", 1}, {"next", 7}}
		if round%2 == 1 {
			rec.vals, rec.ends = slab[:1:1], [numKinds]uint32{1, 1, 1, 1, 1, 1, 1}
			want[kindName] = []strCount{{"name", 1}}
		}
		for step := range 200 {
			k := valueKind(r.IntN(int(numKinds)))
			v := values[r.IntN(len(values))]
			delta := int32(r.IntN(3)) + 1
			if r.IntN(2) == 0 {
				delta = -delta
			}
			before := len(want[k])
			countAdd(&want[k], v, delta)
			change := rec.count(k, v, delta)
			if change != len(want[k])-before {
				t.Fatalf("round %d step %d: count reported %d, the list changed by %d", round, step, change, len(want[k])-before)
			}
			for kk := range numKinds {
				if got := rec.list(kk); !slices.Equal(got, want[kk]) && len(got)+len(want[kk]) > 0 {
					t.Fatalf("round %d step %d: kind %d is %v, want %v", round, step, kk, got, want[kk])
				}
			}
			if slab[1] != (strCount{"next", 7}) {
				t.Fatalf("round %d step %d: the next record's values were overwritten: %v", round, step, slab[1])
			}
			if int(rec.ends[numKinds-1]) != len(rec.vals) {
				t.Fatalf("round %d step %d: ends %v over %d values", round, step, rec.ends, len(rec.vals))
			}
		}
	}
}
