package graph

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/cayleygraph/cayley/query/path"
	"github.com/cayleygraph/quad"
	hbolt "github.com/hidal-go/hidalgo/kv/bbolt"
	bolt "go.etcd.io/bbolt"

	"github.com/newsgraph/newsgraph/graph/internal/boltkv"
	"github.com/newsgraph/newsgraph/graph/internal/boltkv/boltkvtest"
	"github.com/newsgraph/newsgraph/ontology"
)

// TestBoltWriteReopen: what the store writes through the writer is cayley's
// after a reopen: its iterators and path queries find it, removals and
// additions keep working, and the store's invariants hold.
func TestBoltWriteReopen(t *testing.T) {
	ctx := context.Background()
	p := filepath.Join(t.TempDir(), "s.db")
	s, err := Open(ctx, Config{Path: p})
	if err != nil {
		t.Fatal(err)
	}
	a := Entity{ID: "country:a", Name: "A", Type: ontology.Country, Aliases: []string{"Ay"}}
	b := Entity{ID: "country:b", Name: "B", Type: ontology.Country}
	c := Entity{ID: "country:c", Name: "C", Type: ontology.Country}
	doc := func(id string, e Entity, end int) *Batch {
		return &Batch{Document: &Document{ID: id, Text: id + " text", Published: time.Date(2024, 5, 1, 0, 0, 0, 0, time.UTC)},
			Entities: []Entity{a, e},
			Mentions: []Mention{{Entity: a.ID, Text: "A", Method: "gazetteer", Offsets: [][2]int{{0, 1}}}},
			Claims:   []Claim{{Subject: a.ID, Predicate: ontology.Condemns, Object: e.ID, Sentence: "A condemns.", End: end, Confidence: 0.75}}}
	}
	if _, err := s.WriteDocuments(ctx, []*Batch{doc("doc:1", b, 1), doc("doc:2", c, 2), doc("doc:3", b, 3)}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.DeleteSource(ctx, "doc:2"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.WriteDocument(ctx, doc("doc:2", c, 2)); err != nil {
		t.Fatal(err)
	}
	if _, err := s.DeleteSource(ctx, "doc:3"); err != nil {
		t.Fatal(err)
	}
	extra := quad.Quad{Subject: EntityIRI(a.ID), Predicate: quad.IRI(NS + "note"), Object: quad.String("unlabelled")}
	if _, err := s.AddQuads(ctx, []quad.Quad{extra, extra}); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}

	s, err = Open(ctx, Config{Path: p})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	want := map[string]bool{extra.NQuad(): true}
	for _, bt := range []*Batch{doc("doc:1", b, 1), doc("doc:2", c, 2)} {
		qs, err := bt.quads()
		if err != nil {
			t.Fatal(err)
		}
		for _, q := range qs {
			want[q.NQuad()] = true
		}
	}
	// cayley's iterator over every quad
	have := map[string]bool{}
	it := s.qs.QuadsAllIterator().Iterate()
	for it.Next(ctx) {
		q, err := s.qs.Quad(it.Result())
		if err != nil {
			t.Fatal(err)
		}
		have[q.NQuad()] = true
	}
	if err := it.Err(); err != nil {
		t.Fatal(err)
	}
	it.Close()
	if !reflect.DeepEqual(have, want) {
		t.Fatalf("cayley iterates %d quads, want %d:\n%s", len(have), len(want), boltkvtest.SetDiff(want, have))
	}
	if st, err := s.qs.Stats(ctx, false); err != nil || st.Quads.Value != int64(len(want)) {
		t.Fatalf("cayley counts %d quads (%v), want %d", st.Quads.Value, err, len(want))
	}
	// path queries: forward through the sp index, backward through ops
	objs, err := path.StartPath(s.qs, EntityIRI(a.ID)).Out(predicateIRI(ontology.Condemns)).Iterate(ctx).AllValues(s.qs)
	if err != nil {
		t.Fatal(err)
	}
	if got := bwValues(objs); !reflect.DeepEqual(got, []string{EntityIRI(b.ID).String(), EntityIRI(c.ID).String()}) {
		t.Fatalf("a condemns %v", got)
	}
	subs, err := path.StartPath(s.qs, cClaim).In(pType).Has(pDocument, DocIRI("doc:2")).Iterate(ctx).AllValues(s.qs)
	if err != nil {
		t.Fatal(err)
	}
	if len(subs) != 1 {
		t.Fatalf("doc:2 has %d claims, want 1", len(subs))
	}
	// the store's own reads and its invariants
	probs, err := s.Check(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(probs) > 0 {
		t.Fatalf("check: %v", probs)
	}
	rels, err := s.Relations(ctx, a.ID, RelationFilter{}, Page{First: 10})
	if err != nil {
		t.Fatal(err)
	}
	if len(rels.Relations) != 2 {
		t.Fatalf("a has %d relations, want 2", len(rels.Relations))
	}
	// the file is still whole after more removals and additions
	if _, err := s.DeleteSource(ctx, "doc:1"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.WriteDocument(ctx, doc("doc:4", b, 4)); err != nil {
		t.Fatal(err)
	}
	boltkvtest.Canonical(t, s.bolt.DB())
	if probs, err := s.Check(ctx); err != nil || len(probs) > 0 {
		t.Fatalf("check: %v %v", probs, err)
	}
}

// TestOpenUnknownLayout: a bolt file whose cayley kv data version the
// direct writer does not know does not open: the error has code EINVALID,
// names the file, and wraps boltkv.ErrUnknownFormat; nothing in the file
// changes. The file opens again once its version is the known one.
func TestOpenUnknownLayout(t *testing.T) {
	ctx := context.Background()
	p := filepath.Join(t.TempDir(), "s.db")
	s, err := Open(ctx, Config{Path: p})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.AddQuads(ctx, []quad.Quad{{Subject: quad.IRI("a"), Predicate: quad.IRI("p"), Object: quad.String("o")}}); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		version uint64
		ok      bool
	}{{boltkv.Version + 1, false}, {boltkv.Version - 1, false}, {boltkv.Version, true}} {
		setVersion(t, p, tc.version)
		before, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		s, err := Open(ctx, Config{Path: p})
		if tc.ok {
			if err != nil {
				t.Fatalf("version %d: %v", tc.version, err)
			}
			if n, err := s.Stats(ctx); err != nil || n.Quads != 1 {
				t.Fatalf("version %d: %d quads (%v), want 1", tc.version, n.Quads, err)
			}
			s.Close()
			continue
		}
		if err == nil {
			s.Close()
			t.Fatalf("version %d: opened", tc.version)
		}
		if ErrorCode(err) != EINVALID || !errors.Is(err, boltkv.ErrUnknownFormat) || !strings.Contains(ErrorMessage(err), p) {
			t.Fatalf("version %d: %v (code %s)", tc.version, err, ErrorCode(err))
		}
		if after, err := os.ReadFile(p); err != nil || !bytes.Equal(before, after) {
			t.Fatalf("version %d: the refused file changed (%v)", tc.version, err)
		}
	}
}

// TestWriteUnknownLayout: a direct write into a file whose layout changed
// under the open store is refused the same way (EINVALID, wrapping
// boltkv.ErrUnknownFormat), and neither the file nor the index takes it.
func TestWriteUnknownLayout(t *testing.T) {
	ctx := context.Background()
	s, err := Open(ctx, Config{Path: filepath.Join(t.TempDir(), "s.db")})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	err = s.bolt.DB().Update(func(tx *bolt.Tx) error {
		return tx.Bucket([]byte("meta")).Put([]byte("version"), binary.LittleEndian.AppendUint64(nil, boltkv.Version+1))
	})
	if err != nil {
		t.Fatal(err)
	}
	q := quad.Quad{Subject: quad.IRI("a"), Predicate: quad.IRI("p"), Object: quad.String("o")}
	_, err = s.AddQuads(ctx, []quad.Quad{q})
	if ErrorCode(err) != EINVALID || !errors.Is(err, boltkv.ErrUnknownFormat) {
		t.Fatalf("got %v (code %s), want %s wrapping ErrUnknownFormat", err, ErrorCode(err), EINVALID)
	}
	if st, err := s.Stats(ctx); err != nil || st.Quads != 0 {
		t.Fatalf("the index has %d quads (%v) after a refused write", st.Quads, err)
	}
	if g := boltkvtest.Canonical(t, s.bolt.DB()); len(g.Quads) != 0 {
		t.Fatalf("the file has %d quads after a refused write", len(g.Quads))
	}
}

// setVersion rewrites the cayley kv data version of the bolt file at p.
func setVersion(t *testing.T, p string, version uint64) {
	t.Helper()
	db, err := hbolt.Open(p, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	err = db.DB().Update(func(tx *bolt.Tx) error {
		return tx.Bucket([]byte("meta")).Put([]byte("version"), binary.LittleEndian.AppendUint64(nil, version))
	})
	if err != nil {
		t.Fatal(err)
	}
}

func bwValues(vs []quad.Value) []string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = v.String()
	}
	sort.Strings(out)
	return out
}
