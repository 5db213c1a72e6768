package index

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/newsgraph/newsgraph/ontology"
)

// TestViewIncremental: after any sequence of additions and removals, the
// view merged from the previous one equals a view sorted from scratch.
func TestViewIncremental(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 11))
	x := New()
	live := map[factKey]bool{}
	var present []Fact
	randomFact := func() Fact {
		id := fmt.Sprintf("person:p%03d", r.IntN(60))
		f := Fact{Kind: EntityAttr, Subject: id, Label: fmt.Sprintf("doc:d%d", r.IntN(2)), LabelDoc: true}
		switch r.IntN(4) {
		case 0:
			f.Attr, f.Object = AttrType, string(ontology.Person)
		case 1:
			name := fmt.Sprintf("Name %s %d", id, r.IntN(3)) // few holders: keys come and go
			f.Attr, f.Object = AttrKey, ontology.Normalize(name)
		case 2:
			f.Attr, f.Object = AttrName, fmt.Sprintf("Name %d", r.IntN(40))
		default:
			f.Kind, f.Pred, f.Object = Edge, ontology.Accuses, fmt.Sprintf("person:p%03d", r.IntN(60))
		}
		return f
	}
	for step := 0; step < 300; step++ {
		for n := r.IntN(40); n >= 0; n-- {
			if len(present) > 0 && r.IntN(5) < 2 { // remove a stored quad
				k := r.IntN(len(present))
				x.Apply(present[k], -1)
				live[keyOf(present[k])] = false
				present[k] = present[len(present)-1]
				present = present[:len(present)-1]
				continue
			}
			if f := randomFact(); !live[keyOf(f)] {
				x.Apply(f, +1)
				live[keyOf(f)] = true
				present = append(present, f)
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
		for _, k := range got.keys {
			if g, ok := x.grams.id.find(k, x.grams.keyAt); !ok || x.grams.keys[g] != k {
				t.Fatalf("step %d: key %q is not in the gram index", step, k)
			}
		}
	}
}

// factKey is what tells two facts of TestViewIncremental apart.
type factKey struct {
	kind                   Kind
	attr                   Attr
	subject, object, label string
	pred                   ontology.Predicate
}

func keyOf(f Fact) factKey {
	return factKey{f.Kind, f.Attr, f.Subject, f.Object, f.Label, f.Pred}
}
