package boltkv

import (
	"bytes"
	"errors"
	"fmt"
	"maps"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
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

// manyQuads is a graph large enough for multi-level trees in every bucket
// and thousands of per-hash buckets, with repeats.
func manyQuads(n int) []quad.Quad {
	iri := func(f string, a ...any) quad.IRI { return quad.IRI("http://t.example/" + fmt.Sprintf(f, a...)) }
	var out []quad.Quad
	for i := range n {
		s := iri("e/%d", i%(n/7+1))
		switch i % 5 {
		case 0:
			out = append(out, quad.Quad{Subject: s, Predicate: iri("name"), Object: quad.String(fmt.Sprintf("entity %d", i)), Label: iri("doc/%d", i/50)})
		case 1:
			out = append(out, quad.Quad{Subject: s, Predicate: iri("p/%d", i%13), Object: iri("e/%d", (i*31)%n), Label: iri("doc/%d", i/50)})
		case 2:
			out = append(out, quad.Quad{Subject: s, Predicate: iri("count"), Object: quad.Int(i), Label: nil})
		case 3:
			out = append(out, quad.Quad{Subject: iri("hub"), Predicate: iri("links"), Object: s, Label: iri("doc/%d", i/50)})
		case 4:
			out = append(out, out[len(out)-3]) // a repeat
		}
	}
	return out
}

// TestBuildEquivalence: Build writes the file Add of the same quads into a
// new store writes, key for key and value for value (the log's timestamps
// aside); bolt's own check passes on it; it returns the quads AddNew does;
// and cayley and the direct writer go on writing it as their own.
func TestBuildEquivalence(t *testing.T) {
	custom := []kv.QuadIndex{
		{Dirs: []quad.Direction{quad.Subject}},
		{Dirs: []quad.Direction{quad.Label, quad.Predicate, quad.Subject, quad.Object}},
	}
	var history []quad.Quad
	for _, st := range steps() {
		history = append(history, st.add...)
	}
	cases := []struct {
		name    string
		indexes []kv.QuadIndex
		quads   []quad.Quad
	}{
		{name: "no quads", quads: nil},
		{name: "the history's additions", quads: history},
		{name: "the history's additions, other indexes", indexes: custom, quads: history},
		{name: "many", quads: manyQuads(30000)},
		{name: "many, other indexes", indexes: custom, quads: manyQuads(30000)},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			ref := openFile(t, filepath.Join(dir, "ref.db"), tc.indexes)
			wantAdded, err := ref.db.AddNew(tc.quads)
			if err != nil {
				t.Fatal(err)
			}
			path := filepath.Join(dir, "built.db")
			gotAdded := buildFile(t, path, tc.indexes, tc.quads)
			if !slices.Equal(nquads(gotAdded), nquads(wantAdded)) {
				t.Fatalf("Build returned %d quads, AddNew %d", len(gotAdded), len(wantAdded))
			}
			built := openExisting(t, path)
			if err := checkBolt(built.bolt); err != nil {
				t.Fatalf("bolt check: %v", err)
			}
			want, got := rawContent(t, ref.bolt), rawContent(t, built.bolt)
			if d := rawDiff(want, got); d != "" {
				t.Fatalf("the built file differs from the written one:\n%s", d)
			}
			// both go on the same way: the history's removals and additions
			for i, st := range steps() {
				ref.del(t, st.del)
				built.del(t, st.del)
				ref.add(t, st.add)
				built.add(t, st.add)
				if d := boltkvtest.Diff(ref.graph(t), built.graph(t)); d != "" {
					t.Fatalf("step %d after the build: the files differ:\n%s", i, d)
				}
			}
			if err := checkBolt(built.bolt); err != nil {
				t.Fatalf("bolt check after writes: %v", err)
			}
		})
	}
}

// build writes a new store file at path holding tmpl's content and
// quads, as the loader does (Gather, Prepare, Write), and returns the quads
// it wrote.
func build(path string, tmpl *Template, quads []quad.Quad, durable bool) ([]quad.Quad, error) {
	var g Gather
	if err := g.Add(quads); err != nil {
		return nil, fmt.Errorf("boltkv: build: %w", err)
	}
	p, err := Prepare(tmpl, &g)
	if err != nil {
		return nil, err
	}
	if err := p.Write(path, durable); err != nil {
		return nil, err
	}
	added := make([]quad.Quad, len(p.Added()))
	for j, i := range p.Added() {
		added[j] = p.Quad(i)
	}
	return added, nil
}

// buildFile builds a store file of quads at path from the template of a
// new file with indexes.
func buildFile(tb testing.TB, path string, indexes []kv.QuadIndex, quads []quad.Quad) []quad.Quad {
	tb.Helper()
	tmpl := emptyTemplate(tb, indexes)
	added, err := build(path, tmpl, quads, false)
	if err != nil {
		tb.Fatal(err)
	}
	return added
}

// emptyTemplate is the template of a new store file with indexes.
func emptyTemplate(tb testing.TB, indexes []kv.QuadIndex) *Template {
	tb.Helper()
	hdb := initFile(tb, filepath.Join(tb.TempDir(), "empty.db"), indexes)
	defer hdb.Close()
	tmpl, err := ReadTemplate(hdb.DB())
	if err != nil {
		tb.Fatal(err)
	}
	return tmpl
}

func nquads(qs []quad.Quad) []string {
	out := make([]string, len(qs))
	for i, q := range qs {
		out[i] = q.NQuad()
	}
	return out
}

// rawContent is every bucket, key and value of a file, the log's
// timestamps zeroed.
func rawContent(tb testing.TB, db *bolt.DB) map[string]map[string]string {
	tb.Helper()
	out := boltkvtest.Raw(tb, db)
	for k, v := range out["log"] {
		var p cproto.Primitive
		if err := proto.Unmarshal([]byte(v), &p); err != nil {
			tb.Fatal(err)
		}
		p.Timestamp = 0
		b, err := (proto.MarshalOptions{Deterministic: true}).Marshal(&p)
		if err != nil {
			tb.Fatal(err)
		}
		out["log"][k] = string(b)
	}
	return out
}

// rawDiff says how got differs from want, or "".
func rawDiff(want, got map[string]map[string]string) string {
	var d string
	for _, name := range slices.Sorted(maps.Keys(want)) {
		g, ok := got[name]
		if !ok {
			d += fmt.Sprintf("bucket %q missing\n", name)
			continue
		}
		for k, v := range want[name] {
			if gv, ok := g[k]; !ok {
				d += fmt.Sprintf("bucket %q key %x missing\n", name, k)
			} else if gv != v {
				d += fmt.Sprintf("bucket %q key %x: %x, want %x\n", name, k, gv, v)
			}
		}
		for k := range g {
			if _, ok := want[name][k]; !ok {
				d += fmt.Sprintf("bucket %q key %x extra\n", name, k)
			}
		}
	}
	for name := range got {
		if _, ok := want[name]; !ok {
			d += fmt.Sprintf("bucket %q extra\n", name)
		}
	}
	if len(d) > 4000 {
		d = d[:4000] + "…"
	}
	return d
}

// TestBuildRefuses: a template of a store with quads, a path that exists
// and an invalid quad are refused, and no file is left behind.
func TestBuildRefuses(t *testing.T) {
	dir := t.TempDir()
	full := openFile(t, filepath.Join(dir, "full.db"), nil)
	full.add(t, steps()[0].add)
	if _, err := ReadTemplate(full.bolt); !errors.Is(err, ErrNotEmpty) {
		t.Errorf("template of a store with quads: %v, want ErrNotEmpty", err)
	}
	tmpl := emptyTemplate(t, nil)
	exists := filepath.Join(dir, "exists.db")
	if err := os.WriteFile(exists, []byte("keep"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := build(exists, tmpl, steps()[0].add, false); err == nil {
		t.Error("Build over an existing file: no error")
	}
	if b, _ := os.ReadFile(exists); string(b) != "keep" {
		t.Errorf("Build over an existing file changed it: %q", b)
	}
	bad := filepath.Join(dir, "bad.db")
	if _, err := build(bad, tmpl, []quad.Quad{{Subject: quad.IRI("a"), Predicate: quad.IRI("p")}}, false); err == nil {
		t.Error("Build of a quad without an object: no error")
	}
	if _, err := os.Stat(bad); !os.IsNotExist(err) {
		t.Errorf("a failed Build left a file: %v", err)
	}
}

// checkBolt runs bolt's consistency check.
func checkBolt(db *bolt.DB) error {
	return db.View(func(tx *bolt.Tx) error {
		var errs []error
		for err := range tx.Check() {
			errs = append(errs, err)
		}
		return errors.Join(errs...)
	})
}

// openExisting opens a store file that exists, as openFile a new one.
func openExisting(tb testing.TB, p string) *testFile {
	tb.Helper()
	hdb, err := hbolt.Open(p, nil)
	if err != nil {
		tb.Fatal(err)
	}
	hdb.DB().NoSync = true
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

// TestAppendValue: node values are encoded byte for byte as pquads does.
func TestAppendValue(t *testing.T) {
	vals := []quad.Value{
		quad.String(""), quad.String("a"), quad.String(strings.Repeat("é", 200)),
		quad.IRI("http://t.example/x"), quad.IRI(""), quad.BNode("b1"),
		quad.TypedString{Value: "1990-01-01", Type: "http://www.w3.org/2001/XMLSchema#date"},
		quad.TypedString{Value: "", Type: "t"}, quad.TypedString{Value: "v"}, quad.TypedString{},
		quad.LangString{Value: "Alfa", Lang: "es"}, quad.LangString{Value: "x"}, quad.LangString{Lang: "en"},
		quad.Int(0), quad.Int(7), quad.Int(-1), quad.Int(math.MinInt64), quad.Int(math.MaxInt64),
		quad.Float(0), quad.Float(0.25), quad.Float(-1e300), quad.Float(math.Inf(1)),
		quad.Bool(false), quad.Bool(true),
		quad.Time(time.Date(2024, 3, 1, 12, 30, 0, 5, time.UTC)), quad.Time(time.Unix(0, 0)),
	}
	for _, v := range vals {
		want, err := pquads.MarshalValue(v)
		if err != nil {
			t.Fatal(err)
		}
		got, err := appendValue([]byte("prefix"), v)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got[6:], want) || string(got[:6]) != "prefix" {
			t.Errorf("%T %v: %x, want %x", v, v, got, want)
		}
	}
}

// TestGather: quads gathered in calls of any size, on one goroutine or
// two, come back as they went in, and values that distinctNodes takes for
// one (the same type and content) are kept once.
func TestGather(t *testing.T) {
	at := time.Date(2024, 3, 1, 12, 30, 0, 0, time.UTC)
	vals := []quad.Value{
		quad.IRI("http://t.example/a"), quad.String("a"), quad.BNode("a"), quad.String(""),
		quad.TypedString{Value: "a", Type: "t"}, quad.TypedString{Value: "at", Type: ""}, quad.LangString{Value: "a", Lang: "en"},
		quad.Int(0), quad.Int(-5), quad.Float(0.5), quad.Bool(true), quad.Bool(false), quad.Time(at), quad.Time(at.Add(time.Second)),
	}
	var quads []quad.Quad
	for i := range 3000 {
		q := quad.Quad{Subject: vals[i%len(vals)], Predicate: quad.IRI(fmt.Sprint("p", i%5)), Object: vals[(i*7)%len(vals)]}
		if i%3 > 0 {
			q.Label = vals[(i/3)%len(vals)]
		}
		quads = append(quads, q)
	}
	for _, aside := range []int{1 << 30, 0} {
		t.Run(fmt.Sprint("aside from ", aside), func(t *testing.T) {
			old := gatherAside
			gatherAside = aside
			t.Cleanup(func() { gatherAside = old })
			var g Gather
			for lo := 0; lo < len(quads); lo += 700 {
				if err := g.Add(quads[lo:min(lo+700, len(quads))]); err != nil {
					t.Fatal(err)
				}
			}
			p, err := Prepare(emptyTemplate(t, nil), &g)
			if err != nil {
				t.Fatal(err)
			}
			for i, q := range quads {
				if got := p.Quad(int32(i)); got != q {
					t.Fatalf("quad %d: %v, want %v", i, got, q)
				}
			}
			if n := len(g.shards[0].ends) + len(g.shards[1].ends); n != len(vals)+5 {
				t.Errorf("%d values kept, want %d", n, len(vals)+5)
			}
		})
	}
}
