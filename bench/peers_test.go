package bench

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/newsgraph/newsgraph/graph"
	"github.com/newsgraph/newsgraph/ontology"
)

// handGraph is small enough to know every answer:
//
//	A —accuses→ B (stated by two documents), A —condemns→ B,
//	B —targets→ C, D —sanctions→ C, E —uses→ D, F —cooperates_with→ G.
//
// A path from A to E must follow edges forwards and backwards, and A—B has
// two parallel edges, so there are two shortest paths A…E.
func handGraph(t *testing.T) (*graph.Store, *Adjacency) {
	t.Helper()
	ctx := context.Background()
	e := func(name string) graph.Entity {
		return graph.Entity{ID: "person:" + name, Name: "Person " + name, Type: ontology.Person}
	}
	cl := func(s string, p ontology.Predicate, o string) graph.Claim {
		return graph.Claim{Subject: "person:" + s, Predicate: p, Object: "person:" + o, Confidence: 0.9, Sentence: s + " " + string(p) + " " + o}
	}
	all := []graph.Entity{e("a"), e("b"), e("c"), e("d"), e("e"), e("f"), e("g")}
	docs := []*graph.Batch{
		{Document: &graph.Document{ID: "doc:01", Text: "one"}, Entities: all,
			Claims: []graph.Claim{cl("a", ontology.Accuses, "b"), cl("b", ontology.Targets, "c"), cl("d", ontology.Sanctions, "c")}},
		{Document: &graph.Document{ID: "doc:02", Text: "two"}, Entities: all,
			Claims: []graph.Claim{cl("a", ontology.Accuses, "b"), cl("a", ontology.Condemns, "b"), cl("e", ontology.Uses, "d"),
				cl("f", ontology.CooperatesWith, "g")}},
	}
	s, err := graph.Open(ctx, graph.Config{Backend: graph.BackendMemory})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	adj := NewAdjacency()
	for _, b := range docs {
		if _, err := s.WriteDocument(ctx, b); err != nil {
			t.Fatal(err)
		}
		qs, err := b.Quads()
		if err != nil {
			t.Fatal(err)
		}
		for _, q := range qs {
			adj.Add(q)
		}
	}
	adj.Build()
	return s, adj
}

func ids(adj *Adjacency, nodes []int32) []string { return sortedIDs(adj, nodes) }

func sorted(s []string) []string {
	s = slices.Clone(s)
	slices.Sort(s)
	return s
}

var handCases = []struct {
	start      string
	hop1, hop2 []string
}{
	{"person:a", []string{"person:b"}, []string{"person:b", "person:c"}},
	{"person:b", []string{"person:c"}, []string{"person:a", "person:c", "person:d"}},
	{"person:c", nil, []string{"person:a", "person:b", "person:d", "person:e"}},
	{"person:e", []string{"person:d"}, []string{"person:c", "person:d"}},
	{"person:g", nil, []string{"person:f"}},
}

var pathCases = []struct {
	from, to string
	dist     int
	count    int64
}{
	{"person:a", "person:e", 4, 2},
	{"person:d", "person:a", 3, 2},
	{"person:a", "person:b", 1, 2},
	{"person:c", "person:e", 2, 1},
	{"person:a", "person:f", -1, 0},
}

func TestAdjacencyHandGraph(t *testing.T) {
	_, adj := handGraph(t)
	if adj.Edges() != 6 {
		t.Errorf("%d edges, want 6 (one per subject, predicate, object)", adj.Edges())
	}
	for _, tc := range handCases {
		t.Run(tc.start, func(t *testing.T) {
			n, ok := adj.Node(tc.start)
			if !ok {
				t.Fatalf("no node %s", tc.start)
			}
			if got := ids(adj, adj.Hop1(n, nil)); !slices.Equal(got, tc.hop1) && len(got)+len(tc.hop1) > 0 {
				t.Errorf("hop1 = %v, want %v", got, tc.hop1)
			}
			if got := ids(adj, adj.Hop2(n, nil)); !slices.Equal(got, tc.hop2) {
				t.Errorf("hop2 = %v, want %v", got, tc.hop2)
			}
		})
	}
	for _, tc := range pathCases {
		t.Run(tc.from+"→"+tc.to, func(t *testing.T) {
			a, _ := adj.Node(tc.from)
			b, _ := adj.Node(tc.to)
			if d := adj.Distance(a, b, 4); d != tc.dist {
				t.Errorf("Distance = %d, want %d", d, tc.dist)
			}
			if d, c := adj.CountShortest(a, b, 4); d != tc.dist || c != tc.count {
				t.Errorf("CountShortest = %d, %d; want %d, %d", d, c, tc.dist, tc.count)
			}
			paths := adj.Paths(a, b, 4, 3)
			short := 0
			for _, p := range paths {
				if len(p)-1 == tc.dist {
					short++
				}
				if p[0] != a || p[len(p)-1] != b {
					t.Errorf("path %v does not join the ends", ids(adj, p))
				}
			}
			if int64(short) != min(3, tc.count) {
				t.Errorf("%d shortest paths, want %d", short, tc.count)
			}
		})
	}
	if d := adj.Distance(0, 0, 4); d != 0 {
		t.Errorf("distance to itself = %d", d)
	}
}

// TestStoreAgreesOnHandGraph checks the store calls the benchmark times
// against the known answers.
func TestStoreAgreesOnHandGraph(t *testing.T) {
	s, _ := handGraph(t)
	ctx := context.Background()
	for _, tc := range handCases {
		got, err := s.Diagnostics().NeighborIDs(ctx, tc.start, 1, graph.Out)
		if err != nil || !slices.Equal(sorted(got), tc.hop1) && len(got)+len(tc.hop1) > 0 {
			t.Errorf("store hop1 of %s = %v, %v; want %v", tc.start, got, err, tc.hop1)
		}
		got, err = s.Diagnostics().NeighborIDs(ctx, tc.start, 2, graph.Both)
		if err != nil || !slices.Equal(sorted(got), tc.hop2) {
			t.Errorf("store hop2 of %s = %v, %v; want %v", tc.start, got, err, tc.hop2)
		}
	}
	for _, tc := range pathCases {
		paths, err := s.Paths(ctx, graph.PathQuery{From: tc.from, To: tc.to, MaxDepth: 4, First: 3})
		if err != nil {
			t.Fatal(err)
		}
		if tc.dist < 0 {
			if len(paths) != 0 {
				t.Errorf("store paths %s→%s: %d, want none", tc.from, tc.to, len(paths))
			}
			continue
		}
		if len(paths) == 0 || len(paths[0].Edges) != tc.dist {
			t.Errorf("store paths %s→%s: %d paths, want distance %d", tc.from, tc.to, len(paths), tc.dist)
		}
	}
}

// TestCayleyHandGraph checks the raw cayley queries, in particular that a
// path needing both edge directions is found (NOTES.md's FollowRecursive
// pitfall) and that sets have no duplicates.
func TestCayleyHandGraph(t *testing.T) {
	s, _ := handGraph(t)
	ctx := context.Background()
	c, err := storeCayley(s)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range handCases {
		t.Run(tc.start, func(t *testing.T) {
			got, err := c.Hop1(ctx, tc.start)
			if err != nil || (!slices.Equal(sorted(got), tc.hop1) && len(got)+len(tc.hop1) > 0) {
				t.Errorf("Hop1 = %v, %v; want %v", got, err, tc.hop1)
			}
			got, err = c.Hop2(ctx, tc.start)
			if err != nil || !slices.Equal(sorted(got), tc.hop2) {
				t.Errorf("Hop2 = %v, %v; want %v (no duplicates, start left out)", got, err, tc.hop2)
			}
		})
	}
	for _, tc := range pathCases {
		d, err := c.Distance(ctx, tc.from, tc.to, 4)
		if err != nil || d != tc.dist {
			t.Errorf("Distance(%s, %s) = %d, %v; want %d", tc.from, tc.to, d, err, tc.dist)
		}
		if d, _ := c.Distance(ctx, tc.from, tc.to, 2); tc.dist > 2 && d != -1 {
			t.Errorf("Distance(%s, %s, max 2) = %d, want -1", tc.from, tc.to, d)
		}
	}
}

func TestEdgeEnd(t *testing.T) {
	_, adj := handGraph(t)
	seen := map[[2]string]bool{}
	for e := 0; e < adj.Edges(); e++ {
		s, o := adj.EdgeEnd(e, false), adj.EdgeEnd(e, true)
		if !slices.Contains(adj.Hop1(s, nil), o) {
			t.Errorf("edge %d: %s → %s is not an edge", e, adj.ID(s), adj.ID(o))
		}
		seen[[2]string{adj.ID(s), adj.ID(o)}] = true
	}
	for _, want := range [][2]string{{"person:a", "person:b"}, {"person:b", "person:c"}, {"person:d", "person:c"}, {"person:e", "person:d"}} {
		if !seen[want] {
			t.Errorf("edge %v never drawn", want)
		}
	}
}

func TestCayleyPathsHandGraph(t *testing.T) {
	s, _ := handGraph(t)
	c, err := storeCayley(s)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	for _, tc := range pathCases {
		paths, err := c.Paths(ctx, tc.from, tc.to, 4, 3)
		if err != nil {
			t.Fatal(err)
		}
		short := 0
		for _, p := range paths {
			if p[0] != tc.from || p[len(p)-1] != tc.to {
				t.Errorf("path %v does not join %s and %s", p, tc.from, tc.to)
			}
			if len(p)-1 == tc.dist {
				short++
			}
		}
		if int64(short) != min(3, tc.count) || (tc.dist < 0 && len(paths) > 0) {
			t.Errorf("Paths(%s, %s) = %v; want %d of length %d", tc.from, tc.to, paths, tc.count, tc.dist)
		}
	}
}

// TestCayleyBudget: a query cut by the time budget is counted, not checked,
// and does not fail the run.
func TestCayleyBudget(t *testing.T) {
	s, adj := handGraph(t)
	qs := querySet{starts: []string{"person:a", "person:c"}, pairs: [][2]string{{"person:a", "person:e"}, {"person:d", "person:a"}}}
	rep := &Report{}
	want := adjacencyPeer(adj, qs, rep, t.Logf)
	for _, tc := range []struct {
		budget, timeout time.Duration
		cut, timed      int
	}{
		{time.Nanosecond, time.Minute, 0, 0}, // no time for any query
		{time.Minute, time.Nanosecond, 6, 2}, // every query cut, still timed
		{time.Minute, time.Minute, 0, 2},     // all answered and checked
	} {
		budget := tc.budget
		rep := &Report{}
		c, err := storeCayley(s)
		if err != nil {
			t.Fatal(err)
		}
		err = cayleyPeer(context.Background(), c, qs, want,
			Options{CayleyQueries: 2, CayleyBudget: tc.budget, CayleyTimeout: tc.timeout}, rep, t.Logf)
		if err != nil || len(rep.Mismatches) > 0 {
			t.Errorf("budget %v, timeout %v: %v, %v", tc.budget, tc.timeout, err, rep.Mismatches)
		}
		if rep.Cayley.Cut != tc.cut || rep.Cayley.Paths.N != tc.timed {
			t.Errorf("budget %v, timeout %v: %d cut, %d paths timed; want %d, %d", tc.budget, tc.timeout, rep.Cayley.Cut, rep.Cayley.Paths.N, tc.cut, tc.timed)
		}
		t.Logf("budget %v: %d cut, checks %v", budget, rep.Cayley.Cut, rep.Checks)
	}
}
