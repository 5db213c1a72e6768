package server_test

import (
	"context"
	"strings"
	"testing"

	"github.com/newsgraph/newsgraph/data"
	"github.com/newsgraph/newsgraph/server"
)

// The disputes of the demo corpus through the real handler: the denials
// found, both sides of a disputed relation with their evidence, the list's
// filters and pages, and an analyst's retraction.

// disputeClaim is a claim as the tests select it.
type disputeClaim struct {
	ID        string
	Predicate string
	Sentence  string
	Extractor string
	Subject   struct{ ID, Name string }
	Object    struct{ ID, Name string }
	About     *struct{ ID string }
	Document  *struct{ ID string }
}

// disputeNode is a dispute as the tests select it.
type disputeNode struct {
	Kind     string
	Relation struct {
		ID        string
		Predicate string
		Disputed  bool
		Subject   struct{ ID, Name string }
		Object    struct{ ID, Name string }
	}
	Claims        []disputeClaim
	CounterClaims []disputeClaim
}

// names reports whether the dispute names entity id anywhere.
func (d disputeNode) names(id string) bool {
	if d.Relation.Subject.ID == id || d.Relation.Object.ID == id {
		return true
	}
	for _, c := range append(append([]disputeClaim{}, d.Claims...), d.CounterClaims...) {
		if c.Subject.ID == id || c.Object.ID == id || (c.About != nil && c.About.ID == id) {
			return true
		}
	}
	return false
}

const claimFields = `id predicate sentence extractor subject{ id name } object{ id name } about{ id } document{ id }`

const disputeFields = `kind relation{ id predicate disputed subject{ id name } object{ id name } }
	claims{ ` + claimFields + ` } counterClaims{ ` + claimFields + ` }`

type disputePage struct {
	Disputes struct {
		TotalCount int
		PageInfo   struct {
			HasNextPage bool
			EndCursor   string
		}
		Edges []struct {
			Cursor string
			Node   disputeNode
		}
	}
}

const disputesQuery = `query($e:ID, $k:[DisputeKind!], $n:Int, $a:String){ disputes(entity:$e, kinds:$k, first:$n, after:$a){
	totalCount pageInfo{ hasNextPage endCursor } edges{ cursor node{ ` + disputeFields + ` } } } }`

func TestDisputes(t *testing.T) {
	s := newStore(t)
	if _, err := newPipeline(t, s).IngestFS(context.Background(), data.FS, "corpus"); err != nil {
		t.Fatal(err)
	}
	c := client{t: t, h: server.New(server.Config{Store: s})}
	var denials disputePage
	c.data(disputesQuery, map[string]any{"k": []string{"DENIAL"}, "n": 500}, &denials)
	if denials.Disputes.TotalCount == 0 {
		t.Fatal("no DENIAL in the demo corpus")
	}
	var model *disputeNode
	for i, e := range denials.Disputes.Edges {
		n := e.Node
		if n.Kind != "DENIAL" || !n.Relation.Disputed {
			t.Errorf("disputes(kinds:[DENIAL]) gave %s, disputed %v", n.Kind, n.Relation.Disputed)
		}
		if n.Relation.Subject.Name == "United States" && n.Relation.Predicate == "ACCUSES" && n.Relation.Object.Name == "Ministry of State Security" {
			model = &denials.Disputes.Edges[i].Node
		}
	}
	if model == nil {
		t.Fatal("the United States' accusation of the MSS is not disputed by China's denial")
	}
	t.Run("BothSides", func(t *testing.T) { checkBothSides(t, c, *model) })
	t.Run("Neighborhood", func(t *testing.T) { checkDisputedEdges(t, c, *model) })
	t.Run("Pages", func(t *testing.T) { checkDisputePages(t, c) })
	t.Run("Entity", func(t *testing.T) { checkDisputesOfEntity(t, c, "country:china") })
	t.Run("Errors", func(t *testing.T) { checkDisputeErrors(t, c) })
	t.Run("Retraction", func(t *testing.T) { checkRetractionMutations(t, c) })
}

// checkBothSides reads the relation's disputes through Relation.disputes:
// the accusing claim and China's denial, each with its sentence and
// document.
func checkBothSides(t *testing.T, c client, model disputeNode) {
	var out struct {
		Node struct {
			Disputed bool
			Disputes []disputeNode
		}
	}
	c.data(`query($id:ID!){ node(id:$id){ ... on Relation { disputed disputes{ `+disputeFields+` } } } }`, map[string]any{"id": model.Relation.ID}, &out)
	if !out.Node.Disputed || len(out.Node.Disputes) == 0 {
		t.Fatalf("relation %s: disputed %v, %d disputes", model.Relation.ID, out.Node.Disputed, len(out.Node.Disputes))
	}
	var denial *disputeNode
	for i, d := range out.Node.Disputes {
		if d.Kind == "DENIAL" {
			denial = &out.Node.Disputes[i]
		}
	}
	if denial == nil {
		t.Fatalf("Relation.disputes = %+v, no DENIAL", out.Node.Disputes)
	}
	for _, side := range [][]disputeClaim{denial.Claims, denial.CounterClaims} {
		if len(side) == 0 {
			t.Fatalf("a side is empty: %+v", denial)
		}
		for _, cl := range side {
			if cl.Sentence == "" || cl.Document == nil || !strings.HasPrefix(cl.Document.ID, "doc:") {
				t.Errorf("claim without evidence: %+v", cl)
			}
		}
	}
	for _, cl := range denial.Claims {
		if cl.Predicate != "ACCUSES" || cl.Object.Name != "Ministry of State Security" {
			t.Errorf("disputed claim = %+v", cl)
		}
	}
	china := false
	for _, cl := range denial.CounterClaims {
		if cl.Predicate != "DENIES" {
			t.Errorf("counter-claim = %+v, want a denial", cl)
		}
		china = china || (cl.Subject.Name == "China" && strings.Contains(cl.Sentence, "denied"))
	}
	if !china {
		t.Errorf("no denial by China among %+v", denial.CounterClaims)
	}
}

// checkDisputedEdges asks a neighborhood's edges whether they are
// disputed: the model accusation is, the MSS being part of China is not.
func checkDisputedEdges(t *testing.T, c client, model disputeNode) {
	var out struct {
		Neighborhood struct {
			Edges []struct {
				ID        string
				Predicate string
				Disputed  bool
				Disputes  []struct{ Kind string }
			}
		}
	}
	c.data(`query($id:ID!){ neighborhood(ids:[$id]){ edges{ id predicate disputed disputes{ kind } } } }`, map[string]any{"id": model.Relation.Object.ID}, &out)
	seen := map[string]bool{}
	for _, e := range out.Neighborhood.Edges {
		if e.Disputed != (len(e.Disputes) > 0) {
			t.Errorf("edge %s: disputed %v with %d disputes", e.ID, e.Disputed, len(e.Disputes))
		}
		if e.ID == model.Relation.ID && !e.Disputed {
			t.Errorf("the model accusation is not disputed in the neighborhood")
		}
		if e.Predicate == "PART_OF" && e.Disputed {
			t.Errorf("part_of edge %s disputed", e.ID)
		}
		seen[e.Predicate] = true
	}
	if !seen["ACCUSES"] || !seen["PART_OF"] {
		t.Errorf("neighborhood predicates = %v", seen)
	}
}

// checkDisputePages pages through every dispute two at a time and compares
// with one page.
func checkDisputePages(t *testing.T, c client) {
	var all disputePage
	c.data(disputesQuery, map[string]any{"n": 500}, &all)
	kinds := map[string]bool{}
	for _, e := range all.Disputes.Edges {
		kinds[e.Node.Kind] = true
	}
	if !kinds["DENIAL"] || !kinds["CONFLICTING_ATTRIBUTION"] {
		t.Errorf("kinds in the demo corpus = %v, want DENIAL and CONFLICTING_ATTRIBUTION", kinds)
	}
	var cursors []string
	after := ""
	for i := 0; i <= all.Disputes.TotalCount; i++ {
		var p disputePage
		vars := map[string]any{"n": 2}
		if after != "" {
			vars["a"] = after
		}
		c.data(disputesQuery, vars, &p)
		if p.Disputes.TotalCount != all.Disputes.TotalCount {
			t.Fatalf("totalCount %d on a page, %d in all", p.Disputes.TotalCount, all.Disputes.TotalCount)
		}
		for _, e := range p.Disputes.Edges {
			cursors = append(cursors, e.Cursor)
		}
		if !p.Disputes.PageInfo.HasNextPage {
			break
		}
		after = p.Disputes.PageInfo.EndCursor
	}
	if len(cursors) != len(all.Disputes.Edges) {
		t.Fatalf("pages of 2 gave %d disputes, one page %d", len(cursors), len(all.Disputes.Edges))
	}
	for i, e := range all.Disputes.Edges {
		if cursors[i] != e.Cursor {
			t.Fatalf("dispute %d: cursor %s paged, %s in one page", i, cursors[i], e.Cursor)
		}
	}
}

// checkDisputesOfEntity filters the disputes by an entity.
func checkDisputesOfEntity(t *testing.T, c client, id string) {
	var all, some disputePage
	c.data(disputesQuery, map[string]any{"n": 500}, &all)
	c.data(disputesQuery, map[string]any{"e": id, "n": 500}, &some)
	if some.Disputes.TotalCount == 0 || some.Disputes.TotalCount >= all.Disputes.TotalCount {
		t.Fatalf("disputes of %s = %d of %d", id, some.Disputes.TotalCount, all.Disputes.TotalCount)
	}
	want := 0
	for _, e := range all.Disputes.Edges {
		if e.Node.names(id) {
			want++
		}
	}
	for _, e := range some.Disputes.Edges {
		if !e.Node.names(id) {
			t.Errorf("dispute %s of %s does not name it", e.Node.Kind, e.Node.Relation.ID)
		}
	}
	if some.Disputes.TotalCount != want {
		t.Errorf("disputes of %s = %d, %d name it", id, some.Disputes.TotalCount, want)
	}
}

// checkDisputeErrors sends what the query refuses.
func checkDisputeErrors(t *testing.T, c client) {
	for _, tc := range []struct {
		name string
		vars map[string]any
		code string
	}{
		{"bad cursor", map[string]any{"a": "not-a-cursor"}, "BAD_USER_INPUT"},
		{"cursor of another list", map[string]any{"a": "bmcxfHJlbHx4"}, "BAD_USER_INPUT"},
		{"first too large", map[string]any{"n": 100000}, "BAD_USER_INPUT"},
		{"unknown entity", map[string]any{"e": "agency:nope"}, "NOT_FOUND"},
		{"unknown kind", map[string]any{"k": []string{"DOUBT"}}, "GRAPHQL_VALIDATION_FAILED"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			resp := c.do(disputesQuery, tc.vars)
			if codes := resp.codes(); len(codes) == 0 || codes[0] != tc.code {
				t.Errorf("codes = %v, want %s (%+v)", codes, tc.code, resp.Errors)
			}
		})
	}
}

// checkRetractionMutations disputes a relation a document states, sees the
// retraction on both sides, and removes it.
func checkRetractionMutations(t *testing.T, c client) {
	var rels struct {
		Entity struct {
			Relations struct {
				Edges []struct{ Node struct{ ID string } }
			}
		}
	}
	c.data(`{ entity(name:"NATO"){ relations(direction:OUT, predicates:[CONDEMNS]){ edges{ node{ id } } } } }`, nil, &rels)
	if len(rels.Entity.Relations.Edges) == 0 {
		t.Fatal("NATO condemns no one in the demo corpus")
	}
	id := rels.Entity.Relations.Edges[0].Node.ID
	const note = "NATO criticized; it did not condemn"
	var out struct {
		DisputeRelation struct {
			ID       string
			Disputed bool
			Disputes []disputeNode
		}
	}
	c.data(`mutation($id:ID!, $n:String){ disputeRelation(id:$id, note:$n, analyst:"ana"){ id disputed disputes{ `+disputeFields+` } } }`, map[string]any{"id": id, "n": note}, &out)
	var retraction *disputeNode
	for i, d := range out.DisputeRelation.Disputes {
		if d.Kind == "RETRACTION" {
			retraction = &out.DisputeRelation.Disputes[i]
		}
	}
	if out.DisputeRelation.ID != id || !out.DisputeRelation.Disputed || retraction == nil {
		t.Fatalf("disputeRelation = %+v", out.DisputeRelation)
	}
	if len(retraction.Claims) == 0 || retraction.Claims[0].Document == nil || retraction.Claims[0].Sentence == "" {
		t.Errorf("the document's side = %+v", retraction.Claims)
	}
	if len(retraction.CounterClaims) != 1 || retraction.CounterClaims[0].Sentence != note || retraction.CounterClaims[0].Extractor != "analyst" {
		t.Fatalf("the analyst's side = %+v", retraction.CounterClaims)
	}
	var node struct{ Node struct{ Sentence string } }
	c.data(`query($id:ID!){ node(id:$id){ ... on Claim { sentence } } }`, map[string]any{"id": retraction.CounterClaims[0].ID}, &node)
	if node.Node.Sentence != note {
		t.Errorf("node(%s) = %+v", retraction.CounterClaims[0].ID, node)
	}
	var listed disputePage
	c.data(disputesQuery, map[string]any{"k": []string{"RETRACTION"}}, &listed)
	if listed.Disputes.TotalCount != 1 || listed.Disputes.Edges[0].Node.Relation.ID != id {
		t.Errorf("disputes(kinds:[RETRACTION]) = %+v", listed.Disputes)
	}
	var undo struct{ UndisputeRelation int }
	c.data(`mutation($id:ID!){ undisputeRelation(id:$id) }`, map[string]any{"id": id}, &undo)
	if undo.UndisputeRelation != 1 {
		t.Errorf("undisputeRelation = %d, want 1", undo.UndisputeRelation)
	}
	c.data(disputesQuery, map[string]any{"k": []string{"RETRACTION"}}, &listed)
	if listed.Disputes.TotalCount != 0 {
		t.Errorf("after undisputeRelation: %d retractions", listed.Disputes.TotalCount)
	}
	for _, tc := range []struct{ name, query, id, code string }{
		{"undispute again", `mutation($id:ID!){ undisputeRelation(id:$id) }`, id, "NOT_FOUND"},
		{"dispute a missing relation", `mutation($id:ID!){ disputeRelation(id:$id){ id } }`, "rel:bm9wZXxhY2N1c2VzfG5vcGU", "NOT_FOUND"},
		{"dispute a malformed ID", `mutation($id:ID!){ disputeRelation(id:$id){ id } }`, "nope", "BAD_USER_INPUT"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			resp := c.do(tc.query, map[string]any{"id": tc.id})
			if codes := resp.codes(); len(codes) == 0 || codes[0] != tc.code {
				t.Errorf("codes = %v, want %s (%+v)", codes, tc.code, resp.Errors)
			}
		})
	}
}
