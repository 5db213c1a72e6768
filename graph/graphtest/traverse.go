package graphtest

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"sort"
	"testing"
	"time"

	"github.com/newsgraph/newsgraph/graph"
	"github.com/newsgraph/newsgraph/ontology"
)

// The traversal part of the suite: pagination and cursors of relations,
// neighborhoods and paths.

// star writes a hub with n spokes, each spoke from its own document.
func star(t testing.TB, s *graph.Store, hub graph.Entity, n int) []graph.Entity {
	var spokes []graph.Entity
	for i := 0; i < n; i++ {
		sp := ent(ontology.Person, fmt.Sprintf("Person %03d", i))
		spokes = append(spokes, sp)
		mustWrite(t, s, &graph.Batch{
			Document: &graph.Document{ID: fmt.Sprintf("doc:star%03d", i), Text: fmt.Sprintf("text %d", i)},
			Entities: []graph.Entity{hub, sp},
			Claims:   []graph.Claim{claim(sp, ontology.MemberOf, hub, "", 0)},
		})
	}
	return spokes
}

func testRelationsPagination(t *testing.T, b Backend) {
	s := b.Open(t)
	star(t, s, fbi, 23)
	seen := map[string]bool{}
	after := ""
	pages := 0
	for {
		page, err := s.Relations(ctx, fbi.ID, graph.RelationFilter{}, graph.Page{First: 5, After: after})
		if err != nil {
			t.Fatal(err)
		}
		pages++
		if page.Total != 23 {
			t.Errorf("total = %d, want 23", page.Total)
		}
		for i, r := range page.Relations {
			if seen[r.ID] {
				t.Errorf("duplicate %s", r.ID)
			}
			seen[r.ID] = true
			if i == len(page.Relations)-1 && page.Cursors[i] != page.EndCursor {
				t.Errorf("last cursor != endCursor")
			}
		}
		if !page.HasNext {
			break
		}
		after = page.EndCursor
	}
	if len(seen) != 23 || pages != 5 {
		t.Errorf("walked %d relations in %d pages, want 23 in 5", len(seen), pages)
	}
}

func testCursors(t *testing.T, b Backend) {
	s := b.Open(t)
	star(t, s, fbi, 3)
	page, _ := s.Relations(ctx, fbi.ID, graph.RelationFilter{}, graph.Page{First: 1})
	docs, _ := s.Documents(ctx, graph.DocumentFilter{}, graph.Page{First: 1})
	for _, bad := range []string{"garbage", "!!!", docs.EndCursor, string(make([]byte, 5000))} {
		_, err := s.Relations(ctx, fbi.ID, graph.RelationFilter{}, graph.Page{First: 1, After: bad})
		if graph.ErrorCode(err) != graph.EINVALID {
			t.Errorf("cursor %.20q: err = %v, want invalid", bad, err)
		}
	}
	if _, err := s.Relations(ctx, fbi.ID, graph.RelationFilter{}, graph.Page{First: 1, After: page.EndCursor}); err != nil {
		t.Errorf("valid cursor refused: %v", err)
	}
	for _, first := range []int{-1, graph.MaxPage + 1} {
		if _, err := s.Relations(ctx, fbi.ID, graph.RelationFilter{}, graph.Page{First: first}); graph.ErrorCode(err) != graph.EINVALID {
			t.Errorf("first=%d: err = %v, want invalid", first, err)
		}
	}
}

func ids(es []graph.Entity) []string {
	out := make([]string, len(es))
	for i, e := range es {
		out[i] = e.ID
	}
	sort.Strings(out)
	return out
}

func testNeighborhood(t *testing.T, b Backend) {
	s := b.Open(t)
	mustWrite(t, s, docA())
	mustWrite(t, s, docB())
	sg, err := s.Neighborhood(ctx, graph.NeighborhoodQuery{IDs: []string{mss.ID}, Depth: 1})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{mss.ID, nats.ID, usa.ID, china.ID}
	sort.Strings(want)
	if got := ids(sg.Nodes); !reflect.DeepEqual(got, want) {
		t.Errorf("1-hop of MSS = %q, want %q", got, want)
	}
	if sg.Truncated {
		t.Errorf("1-hop truncated")
	}
	// edges among the nodes, including US → China which no hop from MSS took
	if got := relStrings(sg.Edges); len(got) != 4 {
		t.Errorf("edges = %q, want 4", got)
	}
	sg, _ = s.Neighborhood(ctx, graph.NeighborhoodQuery{IDs: []string{mss.ID}, Depth: 2})
	if len(sg.Nodes) != 7 {
		t.Errorf("2-hop of MSS has %d nodes (%q), want 7", len(sg.Nodes), ids(sg.Nodes))
	}
	sg, _ = s.Neighborhood(ctx, graph.NeighborhoodQuery{IDs: []string{mss.ID}, Depth: 2, TraversalFilter: graph.TraversalFilter{Predicates: []ontology.Predicate{ontology.PartOf, ontology.Condemns}}})
	if got := ids(sg.Nodes); !reflect.DeepEqual(got, []string{mss.ID, china.ID, nato.ID}) {
		t.Errorf("filtered 2-hop = %q", got)
	}
	sg, _ = s.Neighborhood(ctx, graph.NeighborhoodQuery{IDs: []string{mss.ID}, Depth: 1, TraversalFilter: graph.TraversalFilter{From: time.Date(2021, 7, 20, 0, 0, 0, 0, time.UTC)}})
	if got := ids(sg.Nodes); !reflect.DeepEqual(got, []string{mss.ID, usa.ID}) {
		t.Errorf("date-filtered 1-hop = %q, want MSS and US", got)
	}
	for _, q := range []graph.NeighborhoodQuery{
		{IDs: nil, Depth: 1},
		{IDs: []string{mss.ID}, Depth: graph.MaxDepth + 1},
		{IDs: []string{mss.ID}, Depth: 1, Limit: graph.MaxNodes + 1},
	} {
		if _, err := s.Neighborhood(ctx, q); graph.ErrorCode(err) != graph.EINVALID {
			t.Errorf("%+v: err = %v, want invalid", q, err)
		}
	}
	if _, err := s.Neighborhood(ctx, graph.NeighborhoodQuery{IDs: []string{"agency:nope"}, Depth: 1}); !graph.IsNotFound(err) {
		t.Errorf("unknown seed: err = %v", err)
	}
}

func testNeighborhoodCaps(t *testing.T, b Backend) {
	s := b.Open(t)
	star(t, s, fbi, 30)
	sg, err := s.Neighborhood(ctx, graph.NeighborhoodQuery{IDs: []string{fbi.ID}, Depth: 1, Fanout: 10})
	if err != nil {
		t.Fatal(err)
	}
	if len(sg.Nodes) != 11 || !sg.Truncated || sg.Omitted[fbi.ID] != 20 {
		t.Errorf("fanout 10: %d nodes, truncated %v, omitted %v; want 11, true, 20", len(sg.Nodes), sg.Truncated, sg.Omitted)
	}
	sg, _ = s.Neighborhood(ctx, graph.NeighborhoodQuery{IDs: []string{fbi.ID}, Depth: 1, Limit: 5})
	if len(sg.Nodes) != 5 || !sg.Truncated {
		t.Errorf("limit 5: %d nodes, truncated %v", len(sg.Nodes), sg.Truncated)
	}
	sg, _ = s.Neighborhood(ctx, graph.NeighborhoodQuery{IDs: []string{fbi.ID}, Depth: 1, Limit: 100, Fanout: 100})
	if len(sg.Nodes) != 31 || sg.Truncated || len(sg.Edges) != 30 {
		t.Errorf("no caps hit: %d nodes %d edges truncated %v", len(sg.Nodes), len(sg.Edges), sg.Truncated)
	}
}

// testViewNeighborhood: a view of a neighborhood reads what Neighborhood
// answers (entities by ID, name and type; relations without their IDs),
// caps, filters and minConfidence included, and errors alike.
func testViewNeighborhood(t *testing.T, b Backend) {
	s := b.Open(t)
	mustWrite(t, s, docA())
	mustWrite(t, s, docB())
	star(t, s, fbi, 30)
	type brief struct {
		Nodes     []graph.Entity
		Edges     []graph.Relation
		Ends      [][2]int
		Truncated bool
		Omitted   map[string]int
	}
	for _, q := range []graph.NeighborhoodQuery{
		{IDs: []string{mss.ID}, Depth: 1},
		{IDs: []string{mss.ID}, Depth: 2},
		{IDs: []string{mss.ID, fbi.ID}, Depth: 2, Limit: 12, Fanout: 4},
		{IDs: []string{fbi.ID}, Depth: 1, Fanout: 10},
		{IDs: []string{mss.ID}, Depth: 2, TraversalFilter: graph.TraversalFilter{Predicates: []ontology.Predicate{ontology.PartOf, ontology.Condemns}}},
		{IDs: []string{mss.ID}, Depth: 2, TraversalFilter: graph.TraversalFilter{MinConfidence: 0.5}},
	} {
		sg, err := s.Neighborhood(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		want := brief{Truncated: sg.Truncated, Omitted: sg.Omitted}
		pos := map[string]int{}
		for i, e := range sg.Nodes {
			pos[e.ID] = i
			want.Nodes = append(want.Nodes, graph.Entity{ID: e.ID, Name: e.Name, Type: e.Type})
		}
		for _, r := range sg.Edges {
			if r.ID != graph.RelationID(r.Subject, r.Predicate, r.Object) {
				t.Errorf("relation ID %q is not RelationID of its ends", r.ID)
			}
			r.ID, r.SubjectEntity, r.ObjectEntity = "", nil, nil
			want.Edges = append(want.Edges, r)
			want.Ends = append(want.Ends, [2]int{pos[r.Subject], pos[r.Object]})
		}
		var got brief
		err = s.ViewNeighborhood(ctx, q, func(v *graph.SubgraphView) error {
			got.Truncated, got.Omitted = v.Truncated, v.Omitted
			for i := range v.NodeCount() {
				if v.NodeID(i) != v.Node(i).ID {
					t.Errorf("NodeID(%d) = %q, Node(%d).ID = %q", i, v.NodeID(i), i, v.Node(i).ID)
				}
				got.Nodes = append(got.Nodes, v.Node(i))
			}
			for i := range v.EdgeCount() {
				r, subject, object := v.Edge(i)
				if !r.FirstSeen.IsZero() || !r.LastSeen.IsZero() {
					t.Errorf("Edge(%d) has dates; Seen gives them", i)
				}
				r.FirstSeen, r.LastSeen = v.Seen(i)
				got.Edges = append(got.Edges, r)
				got.Ends = append(got.Ends, [2]int{subject, object})
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%+v:\nview         %+v\nneighborhood %+v", q, got, want)
		}
	}
	for _, q := range []graph.NeighborhoodQuery{{IDs: nil, Depth: 1}, {IDs: []string{"agency:nope"}, Depth: 1}} {
		_, werr := s.Neighborhood(ctx, q)
		err := s.ViewNeighborhood(ctx, q, func(*graph.SubgraphView) error { t.Errorf("%+v: view of an error", q); return nil })
		if graph.ErrorCode(err) != graph.ErrorCode(werr) || err == nil {
			t.Errorf("%+v: view error %v, neighborhood error %v", q, err, werr)
		}
	}
}

// chain writes a → b ← c → d … alternating directions, so a path from the
// first to the last must follow edges both ways.
func chain(t testing.TB, s *graph.Store, names ...string) []graph.Entity {
	var es []graph.Entity
	for _, n := range names {
		es = append(es, ent(ontology.Organization, n))
	}
	for i := 0; i+1 < len(es); i++ {
		sub, obj := es[i], es[i+1]
		if i%2 == 1 {
			sub, obj = obj, sub
		}
		mustWrite(t, s, &graph.Batch{
			Document: &graph.Document{ID: fmt.Sprintf("doc:chain-%s-%d", names[0], i), Text: "x"},
			Entities: []graph.Entity{sub, obj},
			Claims:   []graph.Claim{claim(sub, ontology.Targets, obj, "", 0)},
		})
	}
	return es
}

func testPathsBothDirections(t *testing.T, b Backend) {
	s := b.Open(t)
	es := chain(t, s, "A", "B", "C", "D", "E")
	// a shortcut A → X → E of the same length as nothing: longer path exists too
	paths, err := s.Paths(ctx, graph.PathQuery{From: es[0].ID, To: es[4].ID, MaxDepth: 4, First: 3})
	if err != nil {
		t.Fatal(err)
	}
	if len(paths) != 1 || len(paths[0].Edges) != 4 {
		t.Fatalf("paths A→E = %+v, want one path of 4 hops", paths)
	}
	for i, n := range paths[0].Nodes {
		if n.ID != es[i].ID {
			t.Errorf("node %d = %s, want %s", i, n.ID, es[i].ID)
		}
	}
	back, _ := s.Paths(ctx, graph.PathQuery{From: es[4].ID, To: es[0].ID, MaxDepth: 4})
	if len(back) != 1 {
		t.Errorf("paths E→A = %d, want 1", len(back))
	}
	if short, _ := s.Paths(ctx, graph.PathQuery{From: es[0].ID, To: es[4].ID, MaxDepth: 3}); len(short) != 0 {
		t.Errorf("maxDepth 3 found %d paths, want 0", len(short))
	}
	// a second route A - Y - Z - E (3 hops) becomes the shortest
	y, z := ent(ontology.Organization, "Y"), ent(ontology.Organization, "Z")
	a, e := es[0], es[4]
	mustWrite(t, s, &graph.Batch{
		Document: &graph.Document{ID: "doc:route2", Text: "y"},
		Entities: []graph.Entity{a, y, z, e},
		Claims:   []graph.Claim{claim(y, ontology.Targets, a, "", 0), claim(y, ontology.Targets, z, "", 0), claim(e, ontology.Targets, z, "", 0)},
	})
	paths, _ = s.Paths(ctx, graph.PathQuery{From: a.ID, To: e.ID, MaxDepth: 4, First: 3})
	if len(paths) != 2 || len(paths[0].Edges) != 3 || len(paths[1].Edges) != 4 {
		t.Errorf("with a shortcut: %d paths; want a 3-hop then a 4-hop path", len(paths))
	}
	outOnly, _ := s.Paths(ctx, graph.PathQuery{From: a.ID, To: e.ID, MaxDepth: 4, TraversalFilter: graph.TraversalFilter{Direction: graph.Out}})
	if len(outOnly) != 0 {
		t.Errorf("outgoing-only paths = %d, want 0", len(outOnly))
	}
}

func testPathsBounds(t *testing.T, b Backend) {
	s := b.Open(t)
	mustWrite(t, s, docA())
	mustWrite(t, s, docB())
	paths, err := s.Paths(ctx, graph.PathQuery{From: fbi.ID, To: china.ID})
	if err != nil || len(paths) == 0 || len(paths[0].Edges) != 3 {
		t.Fatalf("FBI → China: %d paths, %v; want a 3-hop path", len(paths), err)
	}
	for _, q := range []graph.PathQuery{
		{From: fbi.ID, To: china.ID, MaxDepth: graph.MaxPathDepth + 1},
		{From: fbi.ID, To: china.ID, First: graph.MaxPaths + 1},
	} {
		if _, err := s.Paths(ctx, q); graph.ErrorCode(err) != graph.EINVALID {
			t.Errorf("%+v: err = %v, want invalid", q, err)
		}
	}
	if _, err := s.Paths(ctx, graph.PathQuery{From: fbi.ID, To: "country:atlantis"}); !graph.IsNotFound(err) {
		t.Errorf("unknown target: %v", err)
	}
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := s.Paths(cancelled, graph.PathQuery{From: fbi.ID, To: china.ID}); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled context: err = %v, want context.Canceled", err)
	}
}
