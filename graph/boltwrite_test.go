package graph

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"
	"time"

	cgraph "github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/cayley/graph/kv"
	cproto "github.com/cayleygraph/cayley/graph/proto"
	"github.com/cayleygraph/cayley/query/path"
	"github.com/cayleygraph/quad"
	"github.com/cayleygraph/quad/pquads"
	hbolt "github.com/hidal-go/hidalgo/kv/bbolt"
	bolt "go.etcd.io/bbolt"
	"google.golang.org/protobuf/proto"

	"github.com/newsgraph/newsgraph/ontology"
)

// bwStep is one change of an equivalence scenario: quads to add or to
// remove.
type bwStep struct {
	add, del []quad.Quad
}

// bwSteps is a history that exercises what the writer has to get right:
// labels and none, literals of several types (two of them one node),
// repeats inside a batch, quads already stored, existing nodes, removals
// through cayley (some of quads that are not there, some leaving nodes with
// no quad), and quads added again after their removal.
func bwSteps() []bwStep {
	iri := func(s string) quad.IRI { return quad.IRI("http://t.example/" + s) }
	l1, l2 := iri("doc/1"), iri("doc/2")
	at := time.Date(2024, 3, 1, 12, 30, 0, 0, time.UTC)
	q := func(s, p string, o, l quad.Value) quad.Quad {
		return quad.Quad{Subject: iri(s), Predicate: iri(p), Object: o, Label: l}
	}
	b1 := []quad.Quad{
		q("a", "name", quad.String("Alpha"), l1),
		q("a", "type", iri("Country"), l1),
		q("a", "name", quad.String("Alpha"), l1), // repeated
		q("a", "count", quad.Int(7), l1),
		q("a", "score", quad.Float(0.25), l1),
		q("a", "flag", quad.Bool(true), nil),
		q("a", "seen", quad.Time(at), nil),
		q("a", "alias", quad.LangString{Value: "Alfa", Lang: "es"}, l1),
		q("a", "born", quad.TypedString{Value: "1990-01-01", Type: "http://www.w3.org/2001/XMLSchema#date"}, l1),
		q("a", "knows", quad.BNode("b1"), nil),
		q("b", "type", iri("Country"), l1),
		q("b", "name", quad.String(""), l1),
		q("a", "condemns", iri("b"), l1),
		q("a", "condemns", iri("b"), nil),
	}
	b2 := []quad.Quad{
		q("a", "name", quad.String("Alpha"), l1), // stored
		q("a", "condemns", iri("b"), nil),        // stored, no label
		q("a", "condemns", iri("b"), l2),         // stored nodes, new quad
		// quad.Int(7) and its typed string are one node (same text)
		q("c", "count", quad.TypedString{Value: "7", Type: "http://www.w3.org/2001/XMLSchema#integer"}, l2),
		q("c", "type", iri("Country"), l2),
		q("c", "name", quad.String("Gamma"), l2),
		q("c", "name", quad.String("Gamma"), l2), // repeated
		q("b", "condemns", iri("c"), l2),
		q("l2", "type", iri("doc/2"), l2), // a label as a subject's object
		q("doc/2", "type", iri("Document"), l2),
	}
	d1 := []quad.Quad{
		q("a", "name", quad.String("Alpha"), l1),
		q("a", "count", quad.Int(7), l1),
		q("a", "flag", quad.Bool(true), nil),
		q("a", "condemns", iri("b"), l1),
		q("b", "name", quad.String(""), l1), // "" has no other quad
		q("z", "never", quad.String("stored"), l1),
		q("a", "seen", quad.Time(at), nil), // the time has no other quad
	}
	b3 := []quad.Quad{
		q("a", "name", quad.String("Alpha"), l1), // added again
		q("b", "name", quad.String(""), l1),      // added again: a new node
		q("a", "seen", quad.Time(at), nil),
		q("a", "condemns", iri("b"), l1),
		q("a", "condemns", iri("b"), l2), // stored
		q("d", "type", iri("Country"), nil),
		q("d", "count", quad.Int(7), nil),
	}
	d2 := []quad.Quad{
		q("c", "count", quad.TypedString{Value: "7", Type: "http://www.w3.org/2001/XMLSchema#integer"}, l2),
		q("c", "type", iri("Country"), l2),
		q("c", "name", quad.String("Gamma"), l2),
		q("b", "condemns", iri("c"), l2),
	}
	var many []quad.Quad // enough quads to fill several pages of every bucket
	for i := range 600 {
		s := fmt.Sprintf("m%d", i)
		many = append(many,
			q(s, "type", iri("Mention"), l2),
			q(s, "entity", iri(fmt.Sprintf("e%d", i%37)), l2),
			q(s, "text", quad.String(fmt.Sprintf("text %d", i%101)), l2),
			q(s, "offset", quad.Int(i%53), nil))
	}
	b4 := append(append([]quad.Quad{}, d2...), many...)
	return []bwStep{
		{add: b1}, {add: b2}, {del: d1}, {add: b3}, {add: b2}, {del: d2},
		{add: b4}, {add: b4}, {del: many[:300]}, {add: many},
	}
}

// TestBoltWriteEquivalence: the writer and cayley's ApplyDeltas, given the
// same history, leave the same graph in the file: the same nodes with the
// same reference counts, the same live quads, the same index lists (by
// value), a size that counts the live quads, and nothing that points
// nowhere. cayley counts a repeated or stored quad once more for each of
// its nodes (its nodes then outlive their last quad); the writer does not,
// so cayley's side is given each new quad once.
func TestBoltWriteEquivalence(t *testing.T) {
	custom := []kv.QuadIndex{
		{Dirs: []quad.Direction{quad.Subject}},
		{Dirs: []quad.Direction{quad.Object}},
		{Dirs: []quad.Direction{quad.Label, quad.Predicate, quad.Subject, quad.Object}},
	}
	cases := []struct {
		name    string
		indexes []kv.QuadIndex // nil: cayley's default
		// byCayley says which additions the writer's file receives through
		// cayley instead (a file cayley started, or mixed writers)
		byCayley func(step int) bool
	}{
		{name: "writer", byCayley: func(int) bool { return false }},
		{name: "cayley first", byCayley: func(step int) bool { return step == 0 }},
		{name: "alternating", byCayley: func(step int) bool { return step%2 == 1 }},
		{name: "other indexes", indexes: custom, byCayley: func(int) bool { return false }},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ref := bwOpen(t, filepath.Join(t.TempDir(), "ref.db"), tc.indexes)
			got := bwOpen(t, filepath.Join(t.TempDir(), "got.db"), tc.indexes)
			for i, st := range bwSteps() {
				if len(st.add) > 0 {
					bwCayleyAdd(t, ref, st.add)
					if tc.byCayley(i) {
						bwCayleyAdd(t, got, st.add)
					} else if err := got.commit(st.add, cgraph.Add); err != nil {
						t.Fatalf("step %d: %v", i, err)
					}
				}
				if len(st.del) > 0 {
					for _, s := range []*Store{ref, got} {
						if err := s.commit(st.del, cgraph.Delete); err != nil {
							t.Fatalf("step %d: delete: %v", i, err)
						}
					}
				}
				want, have := bwCanonical(t, ref), bwCanonical(t, got)
				if d := bwDiff(want, have); d != "" {
					t.Fatalf("step %d: the files differ (cayley → writer):\n%s", i, d)
				}
				if len(have.Quads) == 0 {
					t.Fatalf("step %d: no quads", i)
				}
				var names []string
				for name := range have.Indexes {
					names = append(names, name)
				}
				sort.Strings(names)
				if want := bwIndexNames(tc.indexes); !reflect.DeepEqual(names, want) {
					t.Fatalf("indexes %v, want %v", names, want)
				}
			}
		})
	}
}

// TestBoltWriteNothingNew: adding only stored quads changes nothing in the
// file, not even the ID counter.
func TestBoltWriteNothingNew(t *testing.T) {
	s := bwOpen(t, filepath.Join(t.TempDir(), "s.db"), nil)
	steps := bwSteps()
	if err := s.commit(steps[0].add, cgraph.Add); err != nil {
		t.Fatal(err)
	}
	before := bwRaw(t, s)
	if err := s.commit(steps[0].add, cgraph.Add); err != nil {
		t.Fatal(err)
	}
	if after := bwRaw(t, s); !reflect.DeepEqual(before, after) {
		t.Fatal("adding stored quads changed the file")
	}
}

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
		t.Fatalf("cayley iterates %d quads, want %d:\n%s", len(have), len(want), bwSetDiff(want, have))
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
	bwCanonical(t, s)
	if probs, err := s.Check(ctx); err != nil || len(probs) > 0 {
		t.Fatalf("check: %v %v", probs, err)
	}
}

// TestAppendPrimitive: the hand-made encoding of a primitive is what
// proto.Marshal writes.
func TestAppendPrimitive(t *testing.T) {
	val, err := pquads.MarshalValue(quad.String("x"))
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range []*cproto.Primitive{
		{ID: 1, Subject: 2, Predicate: 3, Object: 4, Timestamp: 1},
		{ID: 1 << 40, Subject: 127, Predicate: 128, Object: 1<<63 + 5, Label: 300, Timestamp: time.Now().UnixNano()},
		{ID: 9, Timestamp: 1_700_000_000_000_000_000, Value: val},
		{ID: 9, Value: bytes.Repeat([]byte{7}, 300)},
		{ID: 0},
	} {
		want, err := proto.Marshal(p)
		if err != nil {
			t.Fatal(err)
		}
		got := appendPrimitive(nil, p.ID, [4]uint64{p.Subject, p.Predicate, p.Object, p.Label}, p.Timestamp, p.Value)
		if !bytes.Equal(got, want) {
			t.Errorf("%v: got %x, want %x", p, got, want)
		}
	}
}

// bwIndexNames are the sorted bucket names of indexes (nil: cayley's
// default ones).
func bwIndexNames(indexes []kv.QuadIndex) []string {
	if indexes == nil {
		indexes = kv.DefaultQuadIndexes
	}
	var out []string
	for _, ind := range indexes {
		out = append(out, string(bwIndexBucket(ind)))
	}
	sort.Strings(out)
	return out
}

// bwOpen opens a bolt store; indexes, if set, replace cayley's default
// quad indexes of the new file.
func bwOpen(t *testing.T, p string, indexes []kv.QuadIndex) *Store {
	t.Helper()
	if indexes != nil {
		db, err := hbolt.Open(p, nil)
		if err != nil {
			t.Fatal(err)
		}
		if err := kv.Init(db, cgraph.Options{kv.OptNoBloom: true}); err != nil {
			t.Fatal(err)
		}
		data, err := json.Marshal(indexes)
		if err != nil {
			t.Fatal(err)
		}
		err = db.DB().Update(func(tx *bolt.Tx) error {
			return tx.Bucket([]byte("meta")).Put([]byte("indexes"), data)
		})
		if err != nil {
			t.Fatal(err)
		}
		db.Close()
	}
	s, err := Open(context.Background(), Config{Path: p})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// bwCayleyAdd adds quads through cayley, each new quad once (see
// TestBoltWriteEquivalence).
func bwCayleyAdd(t *testing.T, s *Store, quads []quad.Quad) {
	t.Helper()
	live := map[string]bool{}
	if err := s.eachBoltQuad(func(q quad.Quad) { live[q.NQuad()] = true }); err != nil {
		t.Fatal(err)
	}
	var deltas []cgraph.Delta
	for _, q := range quads {
		if k := q.NQuad(); !live[k] {
			live[k] = true
			deltas = append(deltas, cgraph.Delta{Quad: q, Action: cgraph.Add})
		}
	}
	if err := s.qs.ApplyDeltas(deltas, cgraph.IgnoreOpts{IgnoreDup: true, IgnoreMissing: true}); err != nil {
		t.Fatal(err)
	}
}

// bwGraph is a file's content without its IDs.
type bwGraph struct {
	Nodes   map[string]uint64              // node (N-Quads text) → reference count
	Quads   map[string]bool                // live quads
	Indexes map[string]map[string][]string // index → key (nodes' text) → its live quads
}

// bwCanonical reads the cayley layout of a store's file and checks that it
// holds together: every node hash bucket entry has both halves and names a
// node of the log with that hash; every node of the log is indexed; counts
// are those of the live quads; no two live quads are the same; index lists
// are increasing, list every live quad under its key and name only quads
// of the log; size counts the live quads; horizon is past every ID.
func bwCanonical(t *testing.T, s *Store) bwGraph {
	t.Helper()
	g := bwGraph{Nodes: map[string]uint64{}, Quads: map[string]bool{}, Indexes: map[string]map[string][]string{}}
	err := s.bolt.DB().View(func(tx *bolt.Tx) error {
		meta := tx.Bucket([]byte("meta"))
		indexes, err := bwReadIndexes(meta)
		if err != nil {
			return err
		}
		horizon, err := bwMetaInt(meta, bwHorizon)
		if err != nil {
			return err
		}
		size, err := bwMetaInt(meta, bwSize)
		if err != nil {
			return err
		}
		prims := map[uint64]*cproto.Primitive{}
		var maxID uint64
		err = tx.Bucket([]byte("log")).ForEach(func(k, v []byte) error {
			p := new(cproto.Primitive)
			if err := proto.Unmarshal(v, p); err != nil {
				return err
			}
			if id := binary.BigEndian.Uint64(k); id != p.ID {
				return fmt.Errorf("log key %d holds primitive %d", id, p.ID)
			}
			prims[p.ID] = p
			maxID = max(maxID, p.ID)
			return nil
		})
		if err != nil {
			return err
		}
		// node hash buckets
		ids, counts := map[string]uint64{}, map[string]uint64{}
		err = tx.ForEach(func(name []byte, b *bolt.Bucket) error {
			if len(name) != 3 || (name[0] != 'v' && name[0] != 'n') {
				return nil
			}
			return b.ForEach(func(k, v []byte) error {
				if len(k) != quad.HashSize || k[0] != name[1] || k[1] != name[2] {
					return fmt.Errorf("key %x in bucket %q", k, name)
				}
				x, n := binary.Uvarint(v)
				if n != len(v) || x == 0 {
					return fmt.Errorf("value %x in bucket %q", v, name)
				}
				if name[0] == 'v' {
					ids[string(k)] = x
				} else {
					counts[string(k)] = x
				}
				return nil
			})
		})
		if err != nil {
			return err
		}
		text := map[uint64]string{}
		for h, id := range ids {
			p := prims[id]
			if p == nil || !p.IsNode() {
				return fmt.Errorf("node %d of hash %x is not in the log", id, h)
			}
			v, err := pquads.UnmarshalValue(p.Value)
			if err != nil {
				return err
			}
			if got := quad.HashOf(v); string(got) != h {
				return fmt.Errorf("node %d (%v) is filed under hash %x", id, v, h)
			}
			if _, ok := counts[h]; !ok {
				return fmt.Errorf("node %d (%v) has no count", id, v)
			}
			text[id] = v.String()
		}
		for h := range counts {
			if _, ok := ids[h]; !ok {
				return fmt.Errorf("count without a node for hash %x", h)
			}
		}
		// live quads
		refs := map[uint64]uint64{}
		links := map[[4]uint64]bool{}
		for _, p := range prims {
			if p.IsNode() {
				if _, ok := text[p.ID]; !ok {
					return fmt.Errorf("node %d of the log is not indexed", p.ID)
				}
				continue
			}
			if p.Deleted {
				continue
			}
			link := [4]uint64{p.Subject, p.Predicate, p.Object, p.Label}
			if links[link] {
				return fmt.Errorf("quad %v stored twice", link)
			}
			links[link] = true
			for d, id := range link {
				if id == 0 && d == 3 {
					continue
				}
				if _, ok := text[id]; !ok {
					return fmt.Errorf("quad %d names node %d, which is not there", p.ID, id)
				}
				refs[id]++
			}
			g.Quads[bwQuadText(text, link)] = true
		}
		if uint64(len(g.Quads)) != size {
			return fmt.Errorf("size %d, %d live quads", size, len(g.Quads))
		}
		if horizon < maxID {
			return fmt.Errorf("horizon %d, IDs up to %d", horizon, maxID)
		}
		for h, id := range ids {
			if counts[h] != refs[id] {
				return fmt.Errorf("node %s counts %d quads, %d use it", text[id], counts[h], refs[id])
			}
			g.Nodes[text[id]] = counts[h]
		}
		// quad indexes
		for _, ind := range indexes {
			name := string(bwIndexBucket(ind))
			b := tx.Bucket([]byte(name))
			if b == nil {
				return fmt.Errorf("no bucket for index %s", name)
			}
			listed := map[uint64]bool{}
			keys := map[string][]string{}
			err := b.ForEach(func(k, v []byte) error {
				var prev uint64
				var live []string
				for len(v) > 0 {
					id, n := binary.Uvarint(v)
					if n <= 0 || id <= prev {
						return fmt.Errorf("index %s key %x: list not increasing", name, k)
					}
					prev, v = id, v[n:]
					p := prims[id]
					if p == nil || p.IsNode() {
						return fmt.Errorf("index %s lists %d, not a quad of the log", name, id)
					}
					if p.Deleted {
						continue
					}
					link := [4]uint64{p.Subject, p.Predicate, p.Object, p.Label}
					if !bytes.Equal(bwIndexKey(nil, ind, link), k) {
						return fmt.Errorf("index %s lists quad %d under key %x", name, id, k)
					}
					listed[id] = true
					live = append(live, bwQuadText(text, link))
				}
				if len(live) > 0 {
					var kt []string
					for i := 0; i < len(k); i += 8 {
						kt = append(kt, text[binary.BigEndian.Uint64(k[i:])])
					}
					sort.Strings(live)
					keys[strings.Join(kt, " ")] = live
				}
				return nil
			})
			if err != nil {
				return err
			}
			for _, p := range prims {
				if !p.IsNode() && !p.Deleted && !listed[p.ID] {
					return fmt.Errorf("index %s does not list quad %d", name, p.ID)
				}
			}
			g.Indexes[name] = keys
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return g
}

func bwQuadText(text map[uint64]string, link [4]uint64) string {
	s := text[link[0]] + " " + text[link[1]] + " " + text[link[2]]
	if link[3] != 0 {
		s += " " + text[link[3]]
	}
	return s
}

// bwDiff describes how two graphs differ, or returns "".
func bwDiff(want, have bwGraph) string {
	var b strings.Builder
	for k, n := range want.Nodes {
		if m, ok := have.Nodes[k]; !ok || m != n {
			fmt.Fprintf(&b, "node %s: count %d → %d (present %v)\n", k, n, m, ok)
		}
	}
	for k := range have.Nodes {
		if _, ok := want.Nodes[k]; !ok {
			fmt.Fprintf(&b, "node %s: extra\n", k)
		}
	}
	b.WriteString(bwSetDiff(want.Quads, have.Quads))
	if !reflect.DeepEqual(want.Indexes, have.Indexes) {
		for name, keys := range want.Indexes {
			for k, l := range keys {
				if !reflect.DeepEqual(l, have.Indexes[name][k]) {
					fmt.Fprintf(&b, "index %s key %s: %q → %q\n", name, k, l, have.Indexes[name][k])
				}
			}
			for k, l := range have.Indexes[name] {
				if _, ok := keys[k]; !ok {
					fmt.Fprintf(&b, "index %s key %s: extra %q\n", name, k, l)
				}
			}
		}
	}
	return b.String()
}

func bwSetDiff(want, have map[string]bool) string {
	var b strings.Builder
	for k := range want {
		if !have[k] {
			fmt.Fprintf(&b, "missing %s\n", k)
		}
	}
	for k := range have {
		if !want[k] {
			fmt.Fprintf(&b, "extra %s\n", k)
		}
	}
	return b.String()
}

// bwRaw is every key and value of a bolt file, by bucket.
func bwRaw(t *testing.T, s *Store) map[string]map[string]string {
	t.Helper()
	out := map[string]map[string]string{}
	err := s.bolt.DB().View(func(tx *bolt.Tx) error {
		return tx.ForEach(func(name []byte, b *bolt.Bucket) error {
			m := map[string]string{}
			out[string(name)] = m
			return b.ForEach(func(k, v []byte) error {
				m[string(k)] = string(v)
				return nil
			})
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func bwValues(vs []quad.Value) []string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = v.String()
	}
	sort.Strings(out)
	return out
}
