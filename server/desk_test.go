package server_test

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/newsgraph/newsgraph/graph"
	"github.com/newsgraph/newsgraph/ontology"
	"github.com/newsgraph/newsgraph/server"
)

// deskClients serves a store of three agencies accusing China behind a
// token: anon has no token, c has it.
func deskClients(t *testing.T) (anon, c client) {
	s := newStore(t)
	seedStar(t, s, 3)
	h := server.New(server.Config{Store: s, Token: "secret"})
	return client{t: t, h: h}, client{t: t, h: h, token: "secret"}
}

type deskNote struct {
	ID, Target, Text, Author, Created string
}

// TestDeskNotes: addNote on an entity, a relation, a claim and an
// investigation; Entity.notes and Relation.notes list them newest first;
// deleteNote removes one.
func TestDeskNotes(t *testing.T) {
	anon, c := deskClients(t)
	rel := graph.RelationID("agency:agency-000", ontology.Accuses, "country:china")
	var claims struct {
		Relation struct{ Claims []struct{ ID string } } `json:"node"`
	}
	anon.data(`query($id: ID!){ node(id: $id){ ... on Relation { claims { id } } } }`, map[string]any{"id": rel}, &claims)
	if len(claims.Relation.Claims) != 1 {
		t.Fatalf("claims = %+v", claims)
	}
	var inv struct{ CreateInvestigation struct{ ID string } }
	c.data(`mutation{ createInvestigation(name: "China"){ id } }`, nil, &inv)
	add := `mutation($t: ID!, $x: String!, $a: String){ addNote(target: $t, text: $x, author: $a){ id target text author created } }`
	var added []deskNote
	for _, n := range []struct{ target, text, author string }{
		{"country:china", "first on China", ""},
		{"country:china", "second on China", "ana"},
		{rel, "on the accusation", ""},
		{claims.Relation.Claims[0].ID, "on the claim", ""},
		{inv.CreateInvestigation.ID, "on the investigation", "bo"},
	} {
		vars := map[string]any{"t": n.target, "x": n.text}
		if n.author != "" {
			vars["a"] = n.author
		}
		var out struct{ AddNote deskNote }
		c.data(add, vars, &out)
		want := n.author
		if want == "" {
			want = "analyst"
		}
		if got := out.AddNote; got.Target != n.target || got.Text != n.text || got.Author != want || got.Created == "" || !graph.IsNoteID(got.ID) {
			t.Errorf("addNote(%s) = %+v", n.target, got)
		}
		added = append(added, out.AddNote)
	}
	var read struct {
		Entity   struct{ Notes []deskNote }
		Relation struct{ Notes []deskNote }  `json:"node"`
		Inv      *struct{ Notes []deskNote } `json:"investigation"`
	}
	q := `query($r: ID!, $i: ID!){ entity(id: "country:china"){ notes { id text author } }
		node(id: $r){ ... on Relation { notes { text } } } investigation(id: $i){ notes { text author } } }`
	vars := map[string]any{"r": rel, "i": inv.CreateInvestigation.ID}
	anon.data(q, vars, &read)
	if ns := read.Entity.Notes; len(ns) != 2 || ns[0].Text != "second on China" || ns[1].Author != "analyst" {
		t.Errorf("Entity.notes = %+v", ns)
	}
	if ns := read.Relation.Notes; len(ns) != 1 || ns[0].Text != "on the accusation" {
		t.Errorf("Relation.notes = %+v", ns)
	}
	if read.Inv == nil || len(read.Inv.Notes) != 1 || read.Inv.Notes[0].Author != "bo" {
		t.Errorf("Investigation.notes = %+v", read.Inv)
	}
	var del struct{ DeleteNote bool }
	c.data(`mutation($id: ID!){ deleteNote(id: $id) }`, map[string]any{"id": added[1].ID}, &del)
	anon.data(q, vars, &read)
	if !del.DeleteNote || len(read.Entity.Notes) != 1 || read.Entity.Notes[0].ID != added[0].ID {
		t.Errorf("after deleteNote: %v, %+v", del, read.Entity.Notes)
	}
}

// TestDeskRefusals: every desk mutation needs the token; unknown IDs are
// NOT_FOUND; input over the bounds is BAD_USER_INPUT.
func TestDeskRefusals(t *testing.T) {
	anon, c := deskClients(t)
	var inv struct{ CreateInvestigation struct{ ID string } }
	c.data(`mutation{ createInvestigation(name: "x"){ id } }`, nil, &inv)
	id := inv.CreateInvestigation.ID
	nodes := make([]map[string]any, graph.MaxInvestigationNodes+1)
	for i := range nodes {
		nodes[i] = map[string]any{"id": fmt.Sprintf("agency:a%d", i), "x": i, "y": 0}
	}
	save := `mutation($id: ID!, $in: InvestigationInput!){ saveInvestigation(id: $id, input: $in){ id } }`
	empty := map[string]any{"nodes": []any{}}
	tests := []struct {
		name  string
		c     client
		query string
		vars  map[string]any
		code  string
	}{
		{"addNote without the token", anon, `mutation{ addNote(target: "country:china", text: "x"){ id } }`, nil, "UNAUTHENTICATED"},
		{"deleteNote without the token", anon, `mutation{ deleteNote(id: "analyst:note-00") }`, nil, "UNAUTHENTICATED"},
		{"createInvestigation without the token", anon, `mutation{ createInvestigation(name: "y"){ id } }`, nil, "UNAUTHENTICATED"},
		{"saveInvestigation without the token", anon, save, map[string]any{"id": id, "in": empty}, "UNAUTHENTICATED"},
		{"deleteInvestigation without the token", anon, `mutation($id: ID!){ deleteInvestigation(id: $id) }`, map[string]any{"id": id}, "UNAUTHENTICATED"},
		{"note on an unknown entity", c, `mutation{ addNote(target: "country:atlantis", text: "x"){ id } }`, nil, "NOT_FOUND"},
		{"note on an unknown relation", c, `mutation{ addNote(target: "rel:bm9wZQ", text: "x"){ id } }`, nil, "NOT_FOUND"},
		{"note on an unknown claim", c, `mutation{ addNote(target: "claim:nope", text: "x"){ id } }`, nil, "NOT_FOUND"},
		{"note on an unknown investigation", c, `mutation{ addNote(target: "investigation:nope", text: "x"){ id } }`, nil, "NOT_FOUND"},
		{"delete an unknown note", c, `mutation{ deleteNote(id: "analyst:note-00") }`, nil, "NOT_FOUND"},
		{"delete a document as a note", c, `mutation{ deleteNote(id: "doc:0000") }`, nil, "NOT_FOUND"},
		{"save an unknown investigation", c, save, map[string]any{"id": "investigation:nope", "in": empty}, "NOT_FOUND"},
		{"delete an unknown investigation", c, `mutation{ deleteInvestigation(id: "investigation:nope") }`, nil, "NOT_FOUND"},
		{"note too long", c, `mutation($x: String!){ addNote(target: "country:china", text: $x){ id } }`, map[string]any{"x": strings.Repeat("n", graph.MaxNoteText+1)}, "BAD_USER_INPUT"},
		{"empty note", c, `mutation{ addNote(target: "country:china", text: " "){ id } }`, nil, "BAD_USER_INPUT"},
		{"name too long", c, `mutation($n: String!){ createInvestigation(name: $n){ id } }`, map[string]any{"n": strings.Repeat("n", graph.MaxInvestigationName+1)}, "BAD_USER_INPUT"},
		{"too many nodes", c, save, map[string]any{"id": id, "in": map[string]any{"nodes": nodes}}, "BAD_USER_INPUT"},
		{"confidence out of range", c, save, map[string]any{"id": id, "in": map[string]any{"nodes": []any{}, "filters": map[string]any{"minConfidence": 1.5}}}, "BAD_USER_INPUT"},
		{"timeline after an unknown claim", anon, `{ entity(id: "country:china"){ timeline(first: 1, after: "claim:nope"){ id } } }`, nil, "BAD_USER_INPUT"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if codes := tt.c.do(tt.query, tt.vars).codes(); !slices.Contains(codes, tt.code) {
				t.Errorf("codes %v, want %s", codes, tt.code)
			}
		})
	}
	var one struct{ Investigation *struct{ ID string } }
	anon.data(`{ investigation(id: "investigation:nope"){ id } }`, nil, &one)
	if one.Investigation != nil {
		t.Errorf("unknown investigation = %+v, want null", one.Investigation)
	}
}

type deskInvestigation struct {
	ID, Name, From, To, Created, Updated string
	Nodes                                []struct {
		ID     string
		X, Y   float64
		Pinned bool
		Entity *struct{ Name string }
	}
	Filters struct {
		Predicates    []string
		Types         []string
		MinConfidence float64
	}
	Hidden []string
	Stix   string
}

const deskFields = `id name from to created updated nodes { id x y pinned entity { name } }
	filters { predicates types minConfidence } hidden`

// TestDeskInvestigations: create, save, list, read back (with entities that
// are gone as null), export as STIX, delete.
func TestDeskInvestigations(t *testing.T) {
	anon, c := deskClients(t)
	var created struct{ CreateInvestigation deskInvestigation }
	c.data(`mutation{ createInvestigation(name: "China accused"){ `+deskFields+` } }`, nil, &created)
	inv := created.CreateInvestigation
	if !graph.IsInvestigationID(inv.ID) || inv.Name != "China accused" || len(inv.Nodes) != 0 || inv.Created == "" || inv.From != "" {
		t.Fatalf("createInvestigation = %+v", inv)
	}
	in := map[string]any{
		"nodes": []any{
			map[string]any{"id": "country:china", "x": 10.5, "y": -2, "pinned": true},
			map[string]any{"id": "agency:agency-000", "x": 40, "y": 8},
			map[string]any{"id": "agency:gone", "x": 0, "y": 0},
		},
		"filters": map[string]any{"predicates": []string{"ACCUSES"}, "types": []string{"AGENCY", "COUNTRY"}, "minConfidence": 0.5},
		"from":    "2021-01-01T00:00:00Z", "to": "2021-02-01T00:00:00Z",
		"hidden": []string{"agency:agency-002"},
	}
	var saved struct{ SaveInvestigation deskInvestigation }
	c.data(`mutation($id: ID!, $in: InvestigationInput!){ saveInvestigation(id: $id, input: $in){ `+deskFields+` } }`,
		map[string]any{"id": inv.ID, "in": in}, &saved)
	var other struct{ CreateInvestigation struct{ ID string } }
	c.data(`mutation{ createInvestigation(name: "other"){ id } }`, nil, &other)

	var read struct {
		Investigation  deskInvestigation
		Investigations []struct{ ID, Name string }
	}
	anon.data(`query($id: ID!){ investigation(id: $id){ `+deskFields+` stix } investigations { id name } }`, map[string]any{"id": inv.ID}, &read)
	got := read.Investigation
	for _, g := range []deskInvestigation{saved.SaveInvestigation, got} {
		if g.Name != "China accused" || len(g.Nodes) != 3 || g.Nodes[0].X != 10.5 || !g.Nodes[0].Pinned || g.Nodes[1].Pinned ||
			g.Nodes[0].Entity == nil || g.Nodes[0].Entity.Name != "China" || g.Nodes[2].Entity != nil ||
			!slices.Equal(g.Filters.Predicates, []string{"ACCUSES"}) || g.Filters.MinConfidence != 0.5 ||
			g.From != "2021-01-01T00:00:00Z" || g.To != "2021-02-01T00:00:00Z" || !slices.Equal(g.Hidden, []string{"agency:agency-002"}) ||
			g.Created != inv.Created {
			t.Errorf("investigation = %+v", g)
		}
	}
	if len(read.Investigations) != 2 || read.Investigations[0].ID != other.CreateInvestigation.ID {
		t.Errorf("investigations (latest updated first) = %+v", read.Investigations)
	}
	var bundle struct {
		Type    string
		Objects []struct {
			Type         string
			XNewsgraphID string   `json:"x_newsgraph_id"`
			ObjectRefs   []string `json:"object_refs"`
		}
	}
	if err := json.Unmarshal([]byte(got.Stix), &bundle); err != nil || bundle.Type != "bundle" {
		t.Fatalf("stix = %v %.200s", err, got.Stix)
	}
	reports := 0
	for _, o := range bundle.Objects {
		if o.Type == "report" && o.XNewsgraphID == inv.ID {
			reports++
			if len(o.ObjectRefs) != 3 { // China, agency 000 and the accusation
				t.Errorf("report refers to %v", o.ObjectRefs)
			}
		}
	}
	if reports != 1 {
		t.Errorf("%d reports in %s", reports, got.Stix)
	}
	var del struct{ DeleteInvestigation bool }
	c.data(`mutation($id: ID!){ deleteInvestigation(id: $id) }`, map[string]any{"id": inv.ID}, &del)
	var after struct{ Investigation *struct{ ID string } }
	anon.data(`query($id: ID!){ investigation(id: $id){ id } }`, map[string]any{"id": inv.ID}, &after)
	if !del.DeleteInvestigation || after.Investigation != nil {
		t.Errorf("after delete: %v, %+v", del, after.Investigation)
	}
}

// TestDeskTimeline: Entity.timeline pages with first/after, and the old
// first-only call still answers the first page.
func TestDeskTimeline(t *testing.T) {
	anon, _ := deskClients(t)
	type claims struct {
		Entity struct {
			Timeline []struct{ ID, Sentence string }
		}
	}
	var whole claims
	anon.data(`{ entity(id: "country:china"){ timeline(first: 10){ id sentence } } }`, nil, &whole)
	if len(whole.Entity.Timeline) != 3 {
		t.Fatalf("timeline = %+v", whole)
	}
	var ids []string
	var after any
	for range 5 {
		var page claims
		anon.data(`query($a: ID){ entity(id: "country:china"){ timeline(first: 2, after: $a){ id sentence } } }`, map[string]any{"a": after}, &page)
		tl := page.Entity.Timeline
		if len(tl) == 0 {
			break
		}
		for _, c := range tl {
			ids = append(ids, c.ID)
		}
		after = tl[len(tl)-1].ID
	}
	for i, c := range whole.Entity.Timeline {
		if i >= len(ids) || ids[i] != c.ID {
			t.Fatalf("pages = %v, want %+v", ids, whole.Entity.Timeline)
		}
	}
	if len(ids) != 3 {
		t.Errorf("pages = %v", ids)
	}
}
