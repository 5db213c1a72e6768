package graph

import (
	"context"
	"path/filepath"
	"sort"
	"testing"

	"github.com/cayleygraph/quad"

	"github.com/newsgraph/newsgraph/ontology"
)

// TestBoltLogScan: the fast sequential scan of cayley's log finds exactly
// the quads cayley's own iterators find, after additions and deletions.
func TestBoltLogScan(t *testing.T) {
	ctx := context.Background()
	s, err := Open(ctx, Config{Path: filepath.Join(t.TempDir(), "s.db")})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	a := Entity{ID: "country:a", Name: "A", Type: ontology.Country, Aliases: []string{"Ay"}}
	b := Entity{ID: "country:b", Name: "B", Type: ontology.Country}
	for i, id := range []string{"doc:1", "doc:2", "doc:3"} {
		_, err := s.WriteDocument(ctx, &Batch{Document: &Document{ID: id, Text: id}, Entities: []Entity{a, b},
			Claims: []Claim{{Subject: a.ID, Predicate: ontology.Condemns, Object: b.ID, Sentence: "x", End: i + 1, Confidence: 0.5}}})
		if err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.DeleteSource(ctx, "doc:2"); err != nil {
		t.Fatal(err)
	}
	fast, err := s.scanBoltLog()
	if err != nil {
		t.Fatal(err)
	}
	var slow []quad.Quad
	it := s.qs.QuadsAllIterator().Iterate()
	for it.Next(ctx) {
		q, err := s.qs.Quad(it.Result())
		if err != nil {
			t.Fatal(err)
		}
		slow = append(slow, q)
	}
	it.Close()
	key := func(qs []quad.Quad) []string {
		out := make([]string, len(qs))
		for i, q := range qs {
			out[i] = q.NQuad()
		}
		sort.Strings(out)
		return out
	}
	f, sl := key(fast), key(slow)
	if len(f) != len(sl) || len(f) == 0 {
		t.Fatalf("fast scan %d quads, iterators %d", len(f), len(sl))
	}
	for i := range f {
		if f[i] != sl[i] {
			t.Fatalf("quad %d differs:\n%s\n%s", i, f[i], sl[i])
		}
	}
}
