package index

import (
	"context"
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/newsgraph/newsgraph/ontology"
)

// randomFacts returns n distinct facts over a few entities, sources and
// claims, of every kind. Like the quads of a store, they form a set, and an
// entity is merged into one other at most.
func randomFacts(r *rand.Rand, n int) []Fact {
	ent := func() string { return fmt.Sprintf("person:p%d", r.IntN(12)) }
	label := func() (string, bool) {
		if r.IntN(2) == 0 {
			return fmt.Sprintf("doc:d%d", r.IntN(3)), true
		}
		return fmt.Sprintf("stix:s%d", r.IntN(2)), false
	}
	out := make([]Fact, 0, n)
	seen := map[Fact]bool{}
	for len(out) < n {
		l, isDoc := label()
		f := Fact{Subject: ent(), Label: l, LabelDoc: isDoc}
		switch r.IntN(8) {
		case 0:
			f.Kind, f.Attr, f.Object = EntityAttr, AttrType, string(ontology.Person)
		case 1:
			f.Kind, f.Attr, f.Object = EntityAttr, AttrName, fmt.Sprintf("Name %d", r.IntN(4))
		case 2:
			f.Kind, f.Attr, f.Object = EntityAttr, AttrKey, fmt.Sprintf("name %d", r.IntN(4))
		case 3:
			f.Kind, f.Pred, f.Object = Edge, ontology.Predicates[r.IntN(3)].Name, ent()
		case 4:
			f.Kind, f.Object = SameAs, fmt.Sprintf("person:p%d", len(f.Subject)%3)
		case 5:
			f = Fact{Kind: ClaimType, Subject: fmt.Sprintf("c%d", r.IntN(5))}
		case 6:
			f = Fact{Kind: ClaimRelation, Subject: fmt.Sprintf("c%d", r.IntN(5)), Object: fmt.Sprintf("rel:%d", r.IntN(3))}
		default:
			f = Fact{Kind: SourceAttr, Subject: l, SubjectDoc: isDoc, Attr: AttrType}
			if r.IntN(2) == 0 {
				f.Attr, f.Date = AttrDate, time.Date(2024, 1, 1+r.IntN(3), 0, 0, 0, 0, time.UTC)
			}
		}
		if !seen[f] {
			seen[f] = true
			out = append(out, f)
		}
	}
	return out
}

// state is what an index answers, for comparing two indexes.
type state struct {
	Counts    Counts
	Relations []string // "subject pred object sources first last", sorted
	Entities  []Entity
	Sources   map[string]Source
	Claims    map[string][]string
	Canonical map[string]string
}

func stateOf(t *testing.T, x *Index) state {
	t.Helper()
	snap, err := x.Snapshot(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	st := state{Counts: x.Counts(), Sources: map[string]Source{},
		Claims: map[string][]string{}, Canonical: map[string]string{}}
	for _, n := range snap.Nodes {
		st.Entities = append(st.Entities, n.Entity())
	}
	for i, r := range snap.Relations {
		first, last := snap.Seen(i)
		st.Relations = append(st.Relations, fmt.Sprint(st.Entities[r.Subject].ID, r.Pred, st.Entities[r.Object].ID, r.Sources, first, last))
	}
	slices.Sort(st.Relations)
	for _, s := range x.Sources() {
		st.Sources[s.ID] = s
	}
	for i := range 3 {
		if c := x.ClaimsOf(fmt.Sprintf("rel:%d", i)); len(c) > 0 {
			st.Claims[fmt.Sprintf("rel:%d", i)] = c
		}
	}
	for i := range 12 {
		id := fmt.Sprintf("person:p%d", i)
		st.Canonical[id] = x.Canonical(id)
	}
	return st
}

// TestApplyIsAFunctionOfTheFacts: applying facts and removing some of them,
// in any order, answers like applying only those that stay; removing all
// leaves an empty index.
func TestApplyIsAFunctionOfTheFacts(t *testing.T) {
	for seed := range uint64(20) {
		t.Run(fmt.Sprint(seed), func(t *testing.T) {
			r := rand.New(rand.NewPCG(seed, 99))
			facts := randomFacts(r, 120)
			x := New()
			var kept, removed []Fact
			for _, f := range facts {
				x.Apply(f, +1)
			}
			for _, i := range r.Perm(len(facts)) {
				if r.IntN(2) == 0 {
					x.Apply(facts[i], -1)
					removed = append(removed, facts[i])
				} else {
					kept = append(kept, facts[i])
				}
			}
			fresh := New()
			for _, f := range kept {
				fresh.Apply(f, +1)
			}
			if got, want := stateOf(t, x), stateOf(t, fresh); !reflect.DeepEqual(got, want) {
				t.Fatalf("after removing %d of %d facts:\n got %+v\nwant %+v", len(removed), len(facts), got, want)
			}
			for _, f := range kept {
				x.Apply(f, -1)
			}
			if c := x.Counts(); c != (Counts{}) {
				t.Errorf("after removing every fact: %+v, want all zero", c)
			}
		})
	}
}
