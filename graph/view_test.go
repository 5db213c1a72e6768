package graph

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/cayleygraph/quad"

	"github.com/newsgraph/newsgraph/ontology"
)

// TestViewIncremental: after any sequence of additions and removals, the
// view merged from the previous one equals a view sorted from scratch.
func TestViewIncremental(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 11))
	x := newIndex()
	live := map[quad.Quad]bool{}
	var present []quad.Quad
	randomQuad := func() quad.Quad {
		id := fmt.Sprintf("person:p%03d", r.IntN(60))
		label := quad.IRI(DocNS + fmt.Sprintf("d%d", r.IntN(2)))
		var q quad.Quad
		switch r.IntN(4) {
		case 0:
			q = quad.Quad{Subject: EntityIRI(id), Predicate: pType, Object: typeIRI(ontology.Person)}
		case 1:
			name := fmt.Sprintf("Name %s %d", id, r.IntN(3)) // few holders: keys come and go
			q = quad.Quad{Subject: EntityIRI(id), Predicate: pKey, Object: quad.String(NormalizeKey(name))}
		case 2:
			q = quad.Quad{Subject: EntityIRI(id), Predicate: pName, Object: quad.String(fmt.Sprintf("Name %d", r.IntN(40)))}
		default:
			other := fmt.Sprintf("person:p%03d", r.IntN(60))
			q = quad.Quad{Subject: EntityIRI(id), Predicate: predicateIRI(ontology.Accuses), Object: EntityIRI(other)}
		}
		q.Label = label
		return q
	}
	for step := 0; step < 300; step++ {
		for n := r.IntN(40); n >= 0; n-- {
			if len(present) > 0 && r.IntN(5) < 2 { // remove a stored quad
				k := r.IntN(len(present))
				x.apply(present[k], -1)
				live[present[k]] = false
				present[k] = present[len(present)-1]
				present = present[:len(present)-1]
				continue
			}
			if q := randomQuad(); !live[q] {
				x.apply(q, +1)
				live[q] = true
				present = append(present, q)
			}
		}
		if r.IntN(4) == 0 {
			continue // several writes between two views
		}
		got := x.view()
		all := x.sortedEntities(nil)
		if !slices.Equal(got.all, all) {
			t.Fatalf("step %d: entity order differs from a fresh sort", step)
		}
		var ents []int32
		for _, e := range all {
			if x.ents[e].live() {
				ents = append(ents, e)
			}
		}
		if !slices.Equal(got.ents, ents) {
			t.Fatalf("step %d: live entities differ: %d vs %d", step, len(got.ents), len(ents))
		}
		if want := x.sortedKeys(nil); !slices.Equal(got.keys, want) {
			t.Fatalf("step %d: keys differ: %d merged vs %d sorted", step, len(got.keys), len(want))
		}
		for i, k := range got.keys {
			if g, ok := x.grams.id[k]; !ok || got.keyGram[i] != g {
				t.Fatalf("step %d: key %q has gram position %d, want %d", step, k, got.keyGram[i], g)
			}
		}
	}
}
