package graph

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cayleygraph/quad"

	"github.com/newsgraph/newsgraph/graph/internal/boltkv/boltkvtest"
)

// TestLoader: a store filled by a Loader is the store the same documents
// and quads written through Store give: the same file content, the same
// index (as built, as rebuilt from the file and as reopened from its
// snapshot), the same results; and it goes on taking writes like any.
func TestLoader(t *testing.T) {
	ctx := context.Background()
	raw := []quad.Quad{
		{Subject: quad.IRI("http://x.example/a"), Predicate: quad.IRI("http://x.example/p"), Object: quad.String("A")},
		{Subject: quad.IRI("http://x.example/a"), Predicate: quad.IRI("http://x.example/p"), Object: quad.String("A")},
		{Subject: quad.IRI("http://x.example/b"), Predicate: quad.IRI("http://x.example/p"), Object: quad.IRI("http://x.example/a"), Label: quad.IRI("http://x.example/src")},
	}
	cases := []struct {
		name  string
		docs  [][2]int // ranges of snapDoc numbers, one AddDocuments call each
		quads []quad.Quad
	}{
		{name: "nothing"},
		{name: "documents", docs: [][2]int{{0, 40}, {40, 300}}},
		{name: "documents given twice", docs: [][2]int{{0, 50}, {30, 80}, {10, 20}}},
		{name: "documents and quads", docs: [][2]int{{0, 60}}, quads: raw},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			want, err := Open(ctx, Config{Path: filepath.Join(dir, "written.db"), NoSync: true})
			if err != nil {
				t.Fatal(err)
			}
			defer want.Close()
			path := filepath.Join(dir, "loaded.db")
			l, err := NewLoader(Config{Path: path, NoSync: true})
			if err != nil {
				t.Fatal(err)
			}
			for _, r := range tc.docs {
				batches := docRange(r[0], r[1])
				wres, err := want.WriteDocuments(ctx, batches)
				if err != nil {
					t.Fatal(err)
				}
				lres, err := l.AddDocuments(docRange(r[0], r[1]))
				if err != nil {
					t.Fatal(err)
				}
				for i := range wres {
					if wres[i] != lres[i] {
						t.Fatalf("document %s: loader result %+v, WriteDocuments %+v", wres[i].ID, lres[i], wres[i])
					}
				}
			}
			if tc.quads != nil {
				if _, err := want.AddQuads(ctx, tc.quads); err != nil {
					t.Fatal(err)
				}
				if err := l.AddQuads(tc.quads); err != nil {
					t.Fatal(err)
				}
			}
			got, err := l.Open(ctx)
			if err != nil {
				t.Fatal(err)
			}
			defer got.Close()
			sameStores(t, want, got)
			if probs, err := got.Check(ctx); err != nil || len(probs) > 0 {
				t.Fatalf("check of the loaded store: %v %v", probs, err)
			}
			// it takes writes, and reopens from its snapshot and from cayley
			writeDocs(t, want, 500, 520)
			writeDocs(t, got, 500, 520)
			if _, err := want.DeleteSource(ctx, "doc:500"); err != nil {
				t.Fatal(err)
			}
			if _, err := got.DeleteSource(ctx, "doc:500"); err != nil {
				t.Fatal(err)
			}
			sameStores(t, want, got)
			digest := got.idx.Digest()
			if err := got.Close(); err != nil {
				t.Fatal(err)
			}
			if d := rebuiltDigest(t, path); d != digest {
				t.Fatal("the index rebuilt from the loaded file differs from the loader's")
			}
			again, lb := openLogged(t, path, false)
			defer again.Close()
			if d := again.idx.Digest(); d != digest {
				t.Fatalf("reopened from its snapshot, the index differs (log: %s)", lb)
			}
		})
	}
}

// docRange is snapDoc's documents from to to (excluded).
func docRange(from, to int) []*Batch {
	var out []*Batch
	for n := from; n < to; n++ {
		out = append(out, snapDoc(n))
	}
	return out
}

// sameStores checks that two bolt stores hold the same graph in their
// files and in their indexes.
func sameStores(t *testing.T, want, got *Store) {
	t.Helper()
	if w, g := want.idx.Digest(), got.idx.Digest(); w != g {
		t.Fatalf("the indexes differ: %v, want %v", got.idx.Counts(), want.idx.Counts())
	}
	if d := boltkvtest.Diff(boltkvtest.Canonical(t, want.bolt.DB()), boltkvtest.Canonical(t, got.bolt.DB())); d != "" {
		t.Fatalf("the files differ (written → loaded):\n%s", d)
	}
	ws, err := want.Stats(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	gs, err := got.Stats(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if ws != gs {
		t.Fatalf("stats %+v, want %+v", gs, ws)
	}
}

// TestLoaderRefuses: a store that exists, one that appears while loading,
// an invalid quad, another backend and a read-only config are refused
// with their codes, and nothing is left behind or changed.
func TestLoaderRefuses(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	exists := filepath.Join(dir, "exists.db")
	if err := os.WriteFile(exists, []byte("keep"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		cfg  Config
		code string
	}{
		{"a store that exists", Config{Path: exists}, ECONFLICT},
		{"another backend", Config{Backend: BackendMemory, Path: filepath.Join(dir, "m")}, EINVALID},
		{"no path", Config{}, EINVALID},
		{"read-only", Config{Path: filepath.Join(dir, "ro.db"), ReadOnly: true}, EREADONLY},
	} {
		if _, err := NewLoader(tc.cfg); ErrorCode(err) != tc.code {
			t.Errorf("%s: %v, want %s", tc.name, err, tc.code)
		}
	}
	l, err := NewLoader(Config{Path: filepath.Join(dir, "new.db")})
	if err != nil {
		t.Fatal(err)
	}
	if err := l.AddQuads([]quad.Quad{{Subject: quad.IRI("a"), Predicate: quad.IRI("p")}}); ErrorCode(err) != EINVALID {
		t.Errorf("a quad without an object: %v, want %s", err, EINVALID)
	}
	if _, err := l.AddDocuments([]*Batch{{}}); ErrorCode(err) != EINVALID {
		t.Errorf("a batch without a document: %v, want %s", err, EINVALID)
	}
	if _, err := l.ReadNQuads(ctx, strings.NewReader("<http://x.example/a> <http://x.example/p> \"A\" .\n<http://x.example/b> <bad")); err == nil || l.Quads() != 0 {
		t.Errorf("N-Quads that do not parse: %v, %d quads gathered, want an error and none", err, l.Quads())
	}
	if n, err := l.ReadNQuads(ctx, strings.NewReader("<http://x.example/a> <http://x.example/p> \"A\" .\n")); err != nil || n != 1 || l.Quads() != 1 {
		t.Errorf("N-Quads: %d read, %v, %d gathered", n, err, l.Quads())
	}
	if _, err := l.AddDocuments(docRange(0, 10)); err != nil {
		t.Fatal(err)
	}
	// another process creates the store meanwhile
	if err := os.WriteFile(filepath.Join(dir, "new.db"), []byte("theirs"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := l.Open(ctx); ErrorCode(err) != ECONFLICT {
		t.Errorf("a store that appeared while loading: %v, want %s", err, ECONFLICT)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "new.db")); string(b) != "theirs" {
		t.Errorf("the store that appeared was changed: %q", b)
	}
	left, _ := filepath.Glob(filepath.Join(dir, "*load*"))
	tmpl, _ := filepath.Glob(filepath.Join(dir, ".newsgraph-template-*"))
	if len(left)+len(tmpl) > 0 {
		t.Errorf("files left behind: %v %v", left, tmpl)
	}
}
