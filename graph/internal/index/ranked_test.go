package index

import (
	"context"
	"fmt"
	"math/rand/v2"
	"reflect"
	"testing"

	"github.com/newsgraph/newsgraph/ontology"
)

// TestRankedNeighborhood: neighborhoods read from ranked rows equal those
// that gather and select every candidate, on random graphs with hubs,
// parallel edges of several predicates in both directions, and edges
// stated by one to four sources; asked twice, so that the second answer
// comes from rows the first one built.
func TestRankedNeighborhood(t *testing.T) {
	ctx := context.Background()
	defer func(n int) { longRow = n }(longRow)
	for seed := range uint64(12) {
		// every other graph counts what walks leave out by searching rows
		// (longRow low) instead of scanning them
		longRow = []int{256, 2}[seed%2]
		t.Run(fmt.Sprint(seed), func(t *testing.T) {
			r := rand.New(rand.NewPCG(seed, 11))
			x := New()
			n := 30 + r.IntN(200)
			ent := func() string {
				// a few hubs take most edges
				if r.IntN(3) == 0 {
					return fmt.Sprintf("org:h%d", r.IntN(4))
				}
				return fmt.Sprintf("org:e%d", r.IntN(n))
			}
			for range n * 4 {
				s, o := ent(), ent()
				if s == o {
					continue
				}
				for range 1 + r.IntN(4) {
					x.Apply(Fact{Kind: Edge, Subject: s, Object: o, Pred: ontology.Predicates[r.IntN(4)].Name,
						Label: fmt.Sprintf("doc:d%d", r.IntN(6)), LabelDoc: true}, +1)
				}
			}
			for range 40 {
				q := NeighborhoodQuery{IDs: []string{ent()}, Depth: 1 + r.IntN(3), Limit: 1 + r.IntN(60),
					Fanout: 1 + r.IntN(15), EdgesPerNode: 1 + r.IntN(8)}
				if r.IntN(4) == 0 {
					q.IDs = append(q.IDs, ent())
				}
				if _, ok := x.byID.find(q.IDs[0], x.idAt); !ok {
					continue
				}
				slow := q
				slow.gather = true
				want, err := x.Neighborhood(ctx, slow)
				if err != nil {
					continue
				}
				// each answer is released, so the next walk reuses its memory
				for round := range 2 {
					got, err := x.Neighborhood(ctx, q)
					if err != nil {
						t.Fatal(err)
					}
					if !reflect.DeepEqual(answer(got), answer(want)) {
						t.Fatalf("round %d, %+v:\n got %+v\nwant %+v", round, q, answer(got), answer(want))
					}
					got.Release()
				}
			}
		})
	}
}

// answer is what a subgraph answers, without the memory it holds.
func answer(sg Subgraph) Subgraph {
	return Subgraph{Table: sg.Table, Truncated: sg.Truncated, Omitted: sg.Omitted}
}
