package bench

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/cayleygraph/quad"

	"github.com/newsgraph/newsgraph/graph"
	"github.com/newsgraph/newsgraph/ontology"
)

func TestParseProfile(t *testing.T) {
	tests := []struct {
		in, want string
		ok       bool
	}{
		{"", ProfileNews, true},
		{"news", ProfileNews, true},
		{"Dense", ProfileDense, true},
		{"sparse", "", false},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			got, err := ParseProfile(tc.in)
			if got != tc.want || (err == nil) != tc.ok {
				t.Errorf("ParseProfile(%q) = %q, %v; want %q, ok %v", tc.in, got, err, tc.want, tc.ok)
			}
		})
	}
}

func TestLoadCurveTenths(t *testing.T) {
	tests := []struct {
		name   string
		quads  []int64
		spent  []time.Duration
		tenths []float64
	}{
		{"one commit", []int64{1000}, []time.Duration{time.Second}, []float64{1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000}},
		{"slowing halves", []int64{500, 500}, []time.Duration{time.Second / 2, time.Second},
			[]float64{1000, 1000, 1000, 1000, 1000, 500, 500, 500, 500, 500}},
		// the commit of 200 quads (tenths 4 and 5) took 2s: 100 quads/s in both
		{"one slow commit", []int64{400, 200, 400}, []time.Duration{400 * time.Millisecond, 2 * time.Second, 400 * time.Millisecond},
			[]float64{1000, 1000, 1000, 1000, 100, 100, 1000, 1000, 1000, 1000}},
		{"empty", nil, nil, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var c loadCurve
			for i := range tc.quads {
				c.add(tc.quads[i], tc.spent[i])
			}
			got := c.tenths()
			if len(got) != len(tc.tenths) {
				t.Fatalf("tenths %v, want %v", got, tc.tenths)
			}
			for i := range got {
				if d := got[i] - tc.tenths[i]; d > 0.01 || d < -0.01 {
					t.Fatalf("tenths %v, want %v", got, tc.tenths)
				}
			}
		})
	}
}

// TestDenseShape checks the dense profile is what it claims: deterministic,
// every entity introduced once, about ten distinct relations per entity
// between entities, and a heavy tail of degrees.
func TestDenseShape(t *testing.T) {
	const n = 5000
	d := NewDense(n, 1)
	if got, _ := d.Source(3); !reflect.DeepEqual(got, must(NewDense(n, 1).Source(3))) {
		t.Errorf("source 3 differs between two generators with the same seed")
	}
	if reflect.DeepEqual(must(d.Source(3)), must(NewDense(n, 2).Source(3))) {
		t.Errorf("source 3 is the same with another seed")
	}
	adj := NewAdjacency()
	named := map[string]int{}
	labels := map[quad.Value]bool{}
	for k := 0; k < d.Sources(); k++ {
		for _, q := range must(d.Source(k)) {
			adj.Add(q)
			labels[q.Label] = true
			if q.Predicate == nameIRI && strings.HasPrefix(q.Subject.String(), "<"+graph.EntityNS) {
				named[q.Subject.String()]++
			}
		}
	}
	adj.Build()
	if len(named) != n || len(labels) != d.Sources() {
		t.Errorf("%d named entities in %d labels, want %d in %d", len(named), len(labels), n, d.Sources())
	}
	for s, c := range named {
		if c != 1 {
			t.Fatalf("%s named %d times", s, c)
		}
	}
	if e := adj.Edges(); e < 9*n || e > DenseEdgesPerEntity*n {
		t.Errorf("%d relations, want about %d", e, DenseEdgesPerEntity*n)
	}
	maxDeg := 0
	for i := 0; i < adj.Nodes(); i++ {
		maxDeg = max(maxDeg, adj.Degree(int32(i)))
	}
	if mean := 2 * float64(adj.Edges()) / float64(adj.Nodes()); float64(maxDeg) < 40*mean {
		t.Errorf("max degree %d, mean %.1f: not a heavy tail", maxDeg, mean)
	}
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

// writeNQuads writes a small graph a user might bring: a dense graph of 400
// entities in N-Quads, plus what the adjacency lists and the store must both
// leave out or count once (an ontology predicate with a literal object, an
// edge stated by two sources, attributes of a claim node, a comment).
func writeNQuads(t *testing.T, path string, gz bool) int {
	t.Helper()
	var b bytes.Buffer
	b.WriteString("# a user's graph\n\n")
	d := NewDense(400, 9)
	var edge quad.Quad
	for k := 0; k < d.Sources(); k++ {
		for _, q := range must(d.Source(k)) {
			b.WriteString(q.NQuad() + "\n")
			if _, ok := q.Predicate.(quad.IRI); ok && edge.Subject == nil && strings.HasPrefix(q.Object.String(), "<"+graph.EntityNS) {
				edge = q
			}
		}
	}
	edge.Label = graph.SourceIRI("user:other")
	b.WriteString(edge.NQuad() + "\n")
	lit := quad.Quad{Subject: edge.Subject, Predicate: graph.PredicateIRI(string(ontology.Targets)), Object: quad.String("a literal"), Label: edge.Label}
	b.WriteString(lit.NQuad() + "\n")
	b.WriteString(`<https://newsgraph.dev/claim/c1> <https://newsgraph.dev/ns#sentence> "said \"so\"" <https://newsgraph.dev/source/user:other> .` + "\n")
	data := b.Bytes()
	if gz {
		var z bytes.Buffer
		w := gzip.NewWriter(&z)
		w.Write(data)
		w.Close()
		data = z.Bytes()
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return d.Entities()
}

// TestRunNQuads runs the workload on an N-Quads file written by the test,
// plain and gzipped: every peer agrees, the report names the file and
// counts the store's entities and the file's relations.
func TestRunNQuads(t *testing.T) {
	if testing.Short() {
		t.Skip("loads a graph into two bolt files")
	}
	for _, gz := range []bool{false, true} {
		name := map[bool]string{false: "plain", true: "gzipped"}[gz]
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "user.nq")
			entities := writeNQuads(t, path, gz)
			var log bytes.Buffer
			rep, err := Run(context.Background(), Options{NQuads: path, Dir: dir, Queries: 40, GraphQLQueries: 20,
				CayleyQueries: 5, NoCayleyLoad: gz, Log: &log})
			if err != nil {
				t.Fatalf("Run: %v\n%s", err, log.String())
			}
			if rep.Profile != "nquads" || rep.NQuads != path || rep.Entities != entities || rep.Relations < 3000 {
				t.Errorf("report: profile %q, file %q, %d entities (want %d), %d relations", rep.Profile, rep.NQuads, rep.Entities, entities, rep.Relations)
			}
			if rep.Store.Search.N == 0 || rep.GraphQL.Search.N == 0 || rep.Store.Rebuild <= 0 || len(rep.Store.LoadTenths) != 10 {
				t.Errorf("search %+v, graphql search %+v, rebuild %v, tenths %v", rep.Store.Search, rep.GraphQL.Search, rep.Store.Rebuild, rep.Store.LoadTenths)
			}
			if _, err := os.Stat(filepath.Join(dir, "bench-nquads.db")); err != nil {
				t.Errorf("store file not kept: %v", err)
			}
			var table bytes.Buffer
			rep.WriteTable(&table)
			if !strings.Contains(table.String(), "newsgraph bench on "+path) || !strings.Contains(table.String(), "all peers agree") {
				t.Errorf("table:\n%s", table.String())
			}
			js, _ := json.Marshal(rep.JSON())
			if !strings.Contains(string(js), `"profile":"nquads"`) || !strings.Contains(string(js), `"open_no_snapshot_s"`) {
				t.Errorf("JSON: %s", js)
			}
		})
	}
}

// TestRunNQuadsErrors checks what a file the workload cannot run on gives.
func TestRunNQuadsErrors(t *testing.T) {
	tests := []struct {
		name, content, want string
	}{
		{"syntax", "<a> <b> .\n", "line 1"},
		{"no relations", `<https://newsgraph.dev/entity/x> <http://schema.org/name> "X" <https://newsgraph.dev/source/s> .` + "\n", "no direct relations"},
		{"empty", "# nothing\n", "no quads"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "bad.nq")
			if err := os.WriteFile(path, []byte(tc.content), 0o644); err != nil {
				t.Fatal(err)
			}
			_, err := Run(context.Background(), Options{NQuads: path, Dir: dir, NoCayleyLoad: true})
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("Run: %v, want an error with %q", err, tc.want)
			}
		})
	}
}

// TestRunDense runs the dense profile on a small graph: every peer agrees.
func TestRunDense(t *testing.T) {
	if testing.Short() {
		t.Skip("loads a graph into two bolt files")
	}
	var log bytes.Buffer
	rep, err := Run(context.Background(), Options{Scale: Scale{Name: "2k", Entities: 2000}, Profile: ProfileDense,
		Dir: t.TempDir(), Queries: 40, GraphQLQueries: 20, CayleyQueries: 3, CayleyBudget: 2 * time.Second, Log: &log})
	if err != nil {
		t.Fatalf("Run: %v\n%s", err, log.String())
	}
	if rep.Profile != ProfileDense || rep.Entities != 2000 || rep.Relations < 18000 || rep.Hop2Mean < 500 || rep.Documents != 2 {
		t.Errorf("report: %s, %d entities, %d relations, mean 2-hop %.0f, %d sources", rep.Profile, rep.Entities, rep.Relations, rep.Hop2Mean, rep.Documents)
	}
}

func TestDefaultNoCayleyLoad(t *testing.T) {
	tests := []struct {
		scale string
		want  bool
	}{{"10k", false}, {"100k", false}, {"999999", false}, {"1m", true}, {"2m", true}}
	for _, tc := range tests {
		t.Run(tc.scale, func(t *testing.T) {
			s, err := ParseScale(tc.scale)
			if err != nil {
				t.Fatal(err)
			}
			if got := DefaultNoCayleyLoad(s); got != tc.want {
				t.Errorf("DefaultNoCayleyLoad(%s) = %v, want %v", tc.scale, got, tc.want)
			}
		})
	}
}
