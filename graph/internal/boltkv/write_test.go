package boltkv

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"reflect"
	"sort"
	"testing"
	"time"

	cgraph "github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/cayley/graph/kv"
	cproto "github.com/cayleygraph/cayley/graph/proto"
	"github.com/cayleygraph/quad"
	"github.com/cayleygraph/quad/pquads"
	hbolt "github.com/hidal-go/hidalgo/kv/bbolt"
	bolt "go.etcd.io/bbolt"
	"google.golang.org/protobuf/proto"

	"github.com/newsgraph/newsgraph/graph/internal/boltkv/boltkvtest"
)

// step is one change of an equivalence scenario: quads to add or to
// remove.
type step struct {
	add, del []quad.Quad
}

// steps is a history that exercises what the writer has to get right:
// labels and none, literals of several types (two of them one node),
// repeats inside a batch, quads already stored, existing nodes, removals
// through cayley (some of quads that are not there, some leaving nodes with
// no quad), and quads added again after their removal.
func steps() []step {
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
	return []step{
		{add: b1}, {add: b2}, {del: d1}, {add: b3}, {add: b2}, {del: d2},
		{add: b4}, {add: b4}, {del: many[:300]}, {add: many},
	}
}

// TestAddEquivalence: the writer and cayley's ApplyDeltas, given the same
// history, leave the same graph in the file: the same nodes with the same
// reference counts, the same live and deleted quads, the same index lists
// (by value), a size that counts the live quads, and nothing that points
// nowhere. cayley counts a repeated or stored quad once more for each of
// its nodes (its nodes then outlive their last quad); the writer does not,
// so cayley's side is given each new quad once.
func TestAddEquivalence(t *testing.T) {
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
		// aside sorts index entries and hashes node values beside the puts, as
		// large writes do
		aside bool
	}{
		{name: "writer", byCayley: func(int) bool { return false }},
		{name: "cayley first", byCayley: func(step int) bool { return step == 0 }},
		{name: "alternating", byCayley: func(step int) bool { return step%2 == 1 }},
		{name: "other indexes", indexes: custom, byCayley: func(int) bool { return false }},
		{name: "sorted aside", byCayley: func(int) bool { return false }, aside: true},
		{name: "other indexes sorted aside", indexes: custom, byCayley: func(int) bool { return false }, aside: true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if tc.aside {
				old := concurrentFrom
				concurrentFrom = 0
				t.Cleanup(func() { concurrentFrom = old })
			}
			ref := openFile(t, filepath.Join(t.TempDir(), "ref.db"), tc.indexes)
			got := openFile(t, filepath.Join(t.TempDir(), "got.db"), tc.indexes)
			for i, st := range steps() {
				if len(st.add) > 0 {
					ref.cayleyAdd(t, st.add)
					if tc.byCayley(i) {
						got.cayleyAdd(t, st.add)
					} else {
						got.add(t, st.add)
					}
				}
				if len(st.del) > 0 {
					ref.del(t, st.del)
					got.del(t, st.del)
				}
				want, have := ref.graph(t), got.graph(t)
				if d := boltkvtest.Diff(want, have); d != "" {
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
				if want := boltkvtest.IndexNames(tc.indexes); !reflect.DeepEqual(names, want) {
					t.Fatalf("indexes %v, want %v", names, want)
				}
			}
		})
	}
}

// TestAddNothingNew: adding only stored quads changes nothing in the file,
// not even the ID counter.
func TestAddNothingNew(t *testing.T) {
	f := openFile(t, filepath.Join(t.TempDir(), "s.db"), nil)
	first := steps()[0].add
	f.add(t, first)
	before := boltkvtest.Raw(t, f.bolt)
	f.add(t, first)
	if after := boltkvtest.Raw(t, f.bolt); !reflect.DeepEqual(before, after) {
		t.Fatal("adding stored quads changed the file")
	}
}

// TestAddInvalidQuad: a quad without a subject, predicate or object is
// refused and nothing of its batch is written.
func TestAddInvalidQuad(t *testing.T) {
	f := openFile(t, filepath.Join(t.TempDir(), "s.db"), nil)
	before := boltkvtest.Raw(t, f.bolt)
	good := quad.Quad{Subject: quad.IRI("a"), Predicate: quad.IRI("p"), Object: quad.String("o")}
	for _, bad := range []quad.Quad{
		{Predicate: quad.IRI("p"), Object: quad.String("o")},
		{Subject: quad.IRI("a"), Object: quad.String("o")},
		{Subject: quad.IRI("a"), Predicate: quad.IRI("p")},
	} {
		if err := f.db.Add([]quad.Quad{good, bad}); err == nil {
			t.Errorf("%v: no error", bad)
		}
	}
	if after := boltkvtest.Raw(t, f.bolt); !reflect.DeepEqual(before, after) {
		t.Fatal("a refused batch changed the file")
	}
}

// TestEach: the sequential scan of the log finds exactly the quads cayley's
// own iterators find, after additions and deletions.
func TestEach(t *testing.T) {
	ctx := context.Background()
	f := openFile(t, filepath.Join(t.TempDir(), "s.db"), nil)
	for _, st := range steps()[:6] {
		f.add(t, st.add)
		f.del(t, st.del)
	}
	var fast []string
	if err := f.db.Each(func(q quad.Quad) { fast = append(fast, q.NQuad()) }); err != nil {
		t.Fatal(err)
	}
	var slow []string
	it := f.qs.QuadsAllIterator().Iterate()
	for it.Next(ctx) {
		q, err := f.qs.Quad(it.Result())
		if err != nil {
			t.Fatal(err)
		}
		slow = append(slow, q.NQuad())
	}
	if err := it.Err(); err != nil {
		t.Fatal(err)
	}
	it.Close()
	sort.Strings(fast)
	sort.Strings(slow)
	if len(fast) == 0 || !reflect.DeepEqual(fast, slow) {
		t.Fatalf("scan finds %d quads, cayley %d:\n%v\n%v", len(fast), len(slow), fast, slow)
	}
}

// TestEachNoLog: a file without cayley's log is reported as such.
func TestEachNoLog(t *testing.T) {
	db, err := bolt.Open(filepath.Join(t.TempDir(), "empty.db"), 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	err = (&DB{db: db}).Each(func(quad.Quad) {})
	if !errors.Is(err, ErrNoLog) {
		t.Fatalf("got %v, want ErrNoLog", err)
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

// testFile is a bolt file opened the way the store opens it: cayley (no
// bloom filter) and the direct writer over the same database.
type testFile struct {
	bolt *bolt.DB
	qs   cgraph.QuadStore
	db   *DB
}

// openFile creates a cayley bolt file; indexes, if set, replace cayley's
// default quad indexes of the new file.
func openFile(tb testing.TB, p string, indexes []kv.QuadIndex) *testFile {
	tb.Helper()
	hdb := initFile(tb, p, indexes)
	db, err := Open(hdb.DB())
	if err != nil {
		tb.Fatal(err)
	}
	qs, err := kv.New(hdb, cgraph.Options{kv.OptNoBloom: true})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { qs.Close() })
	return &testFile{bolt: hdb.DB(), qs: qs, db: db}
}

// initFile creates a cayley bolt file (with indexes, if set) and opens it
// without fsync.
func initFile(tb testing.TB, p string, indexes []kv.QuadIndex) *hbolt.DB {
	tb.Helper()
	hdb, err := hbolt.Open(p, nil)
	if err != nil {
		tb.Fatal(err)
	}
	hdb.DB().NoSync = true
	if err := kv.Init(hdb, cgraph.Options{kv.OptNoBloom: true}); err != nil {
		tb.Fatal(err)
	}
	if indexes != nil {
		data, err := json.Marshal(indexes)
		if err != nil {
			tb.Fatal(err)
		}
		err = hdb.DB().Update(func(tx *bolt.Tx) error {
			return tx.Bucket([]byte("meta")).Put([]byte("indexes"), data)
		})
		if err != nil {
			tb.Fatal(err)
		}
	}
	return hdb
}

// add adds quads through the direct writer.
func (f *testFile) add(tb testing.TB, quads []quad.Quad) {
	tb.Helper()
	if len(quads) == 0 {
		return
	}
	if err := f.db.Add(quads); err != nil {
		tb.Fatal(err)
	}
}

// cayleyAdd adds quads through cayley, each new quad once (see
// TestAddEquivalence).
func (f *testFile) cayleyAdd(tb testing.TB, quads []quad.Quad) {
	tb.Helper()
	live := map[string]bool{}
	if err := f.db.Each(func(q quad.Quad) { live[q.NQuad()] = true }); err != nil {
		tb.Fatal(err)
	}
	var deltas []cgraph.Delta
	for _, q := range quads {
		if k := q.NQuad(); !live[k] {
			live[k] = true
			deltas = append(deltas, cgraph.Delta{Quad: q, Action: cgraph.Add})
		}
	}
	f.apply(tb, deltas)
}

// del removes quads through cayley, as the store does.
func (f *testFile) del(tb testing.TB, quads []quad.Quad) {
	tb.Helper()
	deltas := make([]cgraph.Delta, len(quads))
	for i, q := range quads {
		deltas[i] = cgraph.Delta{Quad: q, Action: cgraph.Delete}
	}
	f.apply(tb, deltas)
}

func (f *testFile) apply(tb testing.TB, deltas []cgraph.Delta) {
	tb.Helper()
	if len(deltas) == 0 {
		return
	}
	if err := f.qs.ApplyDeltas(deltas, cgraph.IgnoreOpts{IgnoreDup: true, IgnoreMissing: true}); err != nil {
		tb.Fatal(err)
	}
}

// graph decodes the file.
func (f *testFile) graph(tb testing.TB) boltkvtest.Graph {
	tb.Helper()
	return boltkvtest.Canonical(tb, f.bolt)
}

// TestIndexPagesFilled: the quad indexes of a bulk addition are cut into
// pages of about indexFill, not bolt's half-full default (a commit rewrites
// most index pages, so half-empty ones double its cost), and a second
// addition that extends the lists of stored nodes keeps them filled.
func TestIndexPagesFilled(t *testing.T) {
	f := openFile(t, filepath.Join(t.TempDir(), "s.db"), nil)
	batch := func(from, n int) []quad.Quad {
		var qs []quad.Quad
		for i := from; i < from+n; i++ {
			s := quad.IRI(fmt.Sprintf("e%d", i))
			qs = append(qs,
				quad.Quad{Subject: s, Predicate: quad.IRI("type"), Object: quad.IRI(fmt.Sprintf("T%d", i%7)), Label: quad.IRI(fmt.Sprintf("d%d", i/50))},
				quad.Quad{Subject: s, Predicate: quad.IRI("name"), Object: quad.String(fmt.Sprintf("name %d", i)), Label: quad.IRI(fmt.Sprintf("d%d", i/50))},
				// a later document mentions an earlier entity again
				quad.Quad{Subject: quad.IRI(fmt.Sprintf("e%d", i/3)), Predicate: quad.IRI("type"), Object: quad.IRI(fmt.Sprintf("T%d", (i/3)%7)), Label: quad.IRI(fmt.Sprintf("d%d", i/50))})
		}
		return qs
	}
	for _, step := range []struct {
		name     string
		from, n  int
		minFills float64
	}{
		{"fresh nodes", 0, 10000, 0.85},
		{"stored nodes' lists extended", 10000, 10000, 0.75},
	} {
		t.Run(step.name, func(t *testing.T) {
			f.add(t, batch(step.from, step.n))
			err := f.bolt.View(func(tx *bolt.Tx) error {
				for _, name := range []string{"sp", "ops"} {
					st := tx.Bucket([]byte(name)).Stats()
					if st.LeafPageN < 20 {
						t.Fatalf("index %s has %d leaf pages: too few to measure", name, st.LeafPageN)
					}
					fill := float64(st.LeafInuse) / float64(st.LeafAlloc)
					t.Logf("index %s: %d leaf pages, %.0f%% full", name, st.LeafPageN, 100*fill)
					if fill < step.minFills {
						t.Errorf("index %s: leaf pages %.0f%% full (%d pages), want at least %.0f%%", name, 100*fill, st.LeafPageN, 100*step.minFills)
					}
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
		})
	}
}
