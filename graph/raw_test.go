package graph

import (
	"context"
	"path/filepath"
	"reflect"
	"testing"

	cgraph "github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/cayley/graph/refs"
	"github.com/cayleygraph/cayley/query/path"
	"github.com/cayleygraph/cayley/query/shape"
	"github.com/cayleygraph/quad"

	"github.com/newsgraph/newsgraph/ontology"
)

// TestDiagnosticsQuadStore: the cayley view that benchmarks get reads what
// the store holds, with the backend's own query planning and batch
// lookups, and refuses every write (EREADONLY) without changing the
// store; closing it leaves the store open.
func TestDiagnosticsQuadStore(t *testing.T) {
	ctx := context.Background()
	for _, backend := range []string{BackendBolt, BackendMemory} {
		t.Run(backend, func(t *testing.T) {
			s, err := Open(ctx, Config{Backend: backend, Path: filepath.Join(t.TempDir(), "s.db")})
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			a := Entity{ID: "country:a", Name: "A", Type: ontology.Country}
			b := Entity{ID: "country:b", Name: "B", Type: ontology.Country}
			_, err = s.WriteDocument(ctx, &Batch{Document: &Document{ID: "doc:1", Text: "A condemns B."}, Entities: []Entity{a, b},
				Claims: []Claim{{Subject: a.ID, Predicate: ontology.Condemns, Object: b.ID, Sentence: "A condemns B.", End: 13, Confidence: 0.5}}})
			if err != nil {
				t.Fatal(err)
			}
			before, err := s.Stats(ctx)
			if err != nil {
				t.Fatal(err)
			}
			view, err := s.Diagnostics().QuadStore()
			if err != nil {
				t.Fatal(err)
			}
			// reads, planned as on the backend itself on bolt
			if _, ok := s.qs.(shape.Optimizer); ok && backend == BackendBolt {
				if _, ok := view.(shape.Optimizer); !ok {
					t.Error("the view hides the backend's query planner")
				}
			}
			if _, ok := view.(refs.BatchNamer); !ok {
				t.Error("the view has no batch lookups")
			}
			p := func(qs cgraph.QuadStore) []quad.Value {
				vals, err := path.StartPath(qs, EntityIRI(a.ID)).Out(PredicateIRI(string(ontology.Condemns))).Iterate(ctx).AllValues(qs)
				if err != nil {
					t.Fatal(err)
				}
				return vals
			}
			if got, want := p(view), p(s.qs); !reflect.DeepEqual(got, want) || len(got) != 1 {
				t.Fatalf("through the view %v, through cayley %v", got, want)
			}
			// writes refused
			q := quad.Quad{Subject: EntityIRI(a.ID), Predicate: quad.IRI(NS + "note"), Object: quad.String("x")}
			if err := view.ApplyDeltas([]cgraph.Delta{{Quad: q, Action: cgraph.Add}}, cgraph.IgnoreOpts{}); ErrorCode(err) != EREADONLY {
				t.Errorf("ApplyDeltas: %v, want %s", err, EREADONLY)
			}
			if w, err := view.NewQuadWriter(); err == nil {
				err = w.WriteQuad(q)
				if cerr := w.Close(); err == nil {
					err = cerr
				}
				if ErrorCode(err) != EREADONLY {
					t.Errorf("quad writer: %v, want %s", err, EREADONLY)
				}
			} else if ErrorCode(err) != EREADONLY {
				t.Errorf("NewQuadWriter: %v, want %s", err, EREADONLY)
			}
			if err := view.Close(); err != nil {
				t.Fatal(err)
			}
			after, err := s.Stats(ctx)
			if err != nil || after != before {
				t.Fatalf("stats %+v (%v) after the refused writes, want %+v", after, err, before)
			}
			if got := p(s.qs); len(got) != 1 {
				t.Fatalf("after closing the view, cayley finds %v", got)
			}
		})
	}
}
