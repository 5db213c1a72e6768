package graph

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/cayleygraph/quad"
)

// TestAddQuadsCountsNew: on bolt, AddQuads reports and indexes exactly the
// quads that were new (not stored before, not repeated in the input), with
// and without labels, and the index equals one rebuilt from the store.
func TestAddQuadsCountsNew(t *testing.T) {
	ctx := context.Background()
	p := filepath.Join(t.TempDir(), "s.db")
	s, _ := openLogged(t, p, true)
	e := func(id string) quad.IRI { return EntityIRI(id) }
	typ := func(id string, l quad.Value) quad.Quad {
		return quad.Quad{Subject: e(id), Predicate: pType, Object: quad.IRI(NS + "Organization"), Label: l}
	}
	src := quad.IRI(SourceNS + "import-1")
	rel := quad.Quad{Subject: e("organization:a"), Predicate: quad.IRI(NS + "condemns"), Object: e("organization:b"), Label: src}
	tests := []struct {
		name  string
		quads []quad.Quad
		want  int
	}{
		{"new, one repeated", []quad.Quad{typ("organization:a", src), typ("organization:b", src), rel, rel}, 3},
		{"all stored", []quad.Quad{rel, typ("organization:a", src)}, 0},
		{"stored and new", []quad.Quad{rel, typ("organization:c", src)}, 1},
		{"unlabelled, twice", []quad.Quad{typ("organization:d", nil), typ("organization:d", nil)}, 1},
		{"unlabelled again", []quad.Quad{typ("organization:d", nil)}, 0},
	}
	for _, tt := range tests {
		n, err := s.AddQuads(ctx, tt.quads)
		if err != nil {
			t.Fatal(err)
		}
		if n != tt.want {
			t.Errorf("%s: added %d, want %d", tt.name, n, tt.want)
		}
	}
	got := s.idx.Digest()
	s.Close()
	if want := rebuiltDigest(t, p); got != want {
		t.Error("the index differs from the one rebuilt from the store")
	}
}
