package index

import (
	"fmt"
	"maps"
	"math/rand/v2"
	"slices"
	"testing"
)

// TestClaimLists runs random additions and removals of claims on a
// claimLists and on a map of sorted lists, and requires the same claims,
// count and relations after each step, also for a table built from a
// decoded list.
func TestClaimLists(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	var c claimLists
	want := map[string][]string{}
	for step := range 3000 {
		rid := fmt.Sprintf("rel:%d", r.IntN(40))
		claim := fmt.Sprintf("claim:%d", r.IntN(6))
		delta := int32(1)
		if r.IntN(2) == 0 {
			delta = -1
		}
		c.add(rid, claim, delta)
		l := want[rid]
		i, found := slices.BinarySearch(l, claim)
		switch {
		case delta > 0 && !found:
			want[rid] = slices.Insert(l, i, claim)
		case delta < 0 && found:
			if l = slices.Delete(l, i, i+1); len(l) == 0 {
				delete(want, rid)
			} else {
				want[rid] = l
			}
		}
		if !slices.Equal(c.get(rid), want[rid]) {
			t.Fatalf("step %d: %s has %v, want %v", step, rid, c.get(rid), want[rid])
		}
		if c.len() != len(want) {
			t.Fatalf("step %d: %d relations with claims, want %d", step, c.len(), len(want))
		}
	}
	got := map[string][]string{}
	c.each(func(rid string, l []string) { got[rid] = l })
	if !maps.EqualFunc(got, want, slices.Equal) {
		t.Fatalf("each gives %v, want %v", got, want)
	}
	var rels []relList
	for _, rid := range slices.Sorted(maps.Keys(want)) {
		rels = append(rels, relList{rid, want[rid]})
	}
	var built claimLists
	built.build(rels)
	for rid, l := range want {
		if !slices.Equal(built.get(rid), l) {
			t.Fatalf("built: %s has %v, want %v", rid, built.get(rid), l)
		}
	}
	if built.len() != len(want) || built.get("rel:none") != nil {
		t.Fatalf("built: %d relations with claims, want %d", built.len(), len(want))
	}
}
