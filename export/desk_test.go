package export_test

import (
	"bytes"
	"encoding/json"
	"slices"
	"testing"
	"time"

	"github.com/newsgraph/newsgraph/export"
	"github.com/newsgraph/newsgraph/graph"
	"github.com/newsgraph/newsgraph/ontology"
	"github.com/newsgraph/newsgraph/stix"
)

// TestSTIXInvestigation exports an investigation with notes on it, on an
// entity, a relation and a claim: the bundle is valid against the OASIS
// schemas, the report refers to the entities in view and the relationship
// between them, and each note refers to its target's object. The whole
// store's export carries the notes and the investigation too.
func TestSTIXInvestigation(t *testing.T) {
	sch := stixSchema(t)
	s := fixture(t)
	t0 := time.Date(2024, 5, 1, 9, 0, 0, 0, time.UTC)
	inv, err := s.CreateInvestigation(ctx, "Foo Group", t0)
	if err != nil {
		t.Fatal(err)
	}
	usa, foo := "country:united-states", "threat-group:foo-group"
	inv, err = s.SaveInvestigation(ctx, inv.ID, graph.Investigation{Nodes: []graph.InvestigationNode{
		{ID: usa, X: 1, Y: 2}, {ID: foo, X: 3, Y: 4, Pinned: true}, {ID: "country:gone", X: 0, Y: 0},
	}}, t0.Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	rel := graph.RelationID(usa, ontology.Accuses, foo)
	claims, err := s.Claims(ctx, []string{rel})
	if err != nil || len(claims[rel]) != 1 {
		t.Fatalf("claims %+v %v", claims, err)
	}
	targets := map[string]string{inv.ID: "report", foo: "intrusion-set", rel: "relationship", claims[rel][0].NodeID(): "relationship"}
	for target := range targets {
		if _, err := s.AddNote(ctx, graph.Note{Target: target, Text: "about " + target, Author: "ana", Created: t0}); err != nil {
			t.Fatal(err)
		}
	}
	// a note on an entity outside the view stays out
	if _, err := s.AddNote(ctx, graph.Note{Target: "country:united-kingdom", Text: "elsewhere"}); err != nil {
		t.Fatal(err)
	}
	g, err := export.Investigation(ctx, s, inv)
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := export.WriteSTIX(&b, g); err != nil {
		t.Fatal(err)
	}
	validateBundle(t, sch, b.Bytes())
	objs := bundleObjects(t, b.Bytes())
	var report map[string]any
	notes := map[string]map[string]any{}
	for _, o := range objs {
		switch o["type"] {
		case "report":
			report = o
		case "note":
			notes[o["x_newsgraph_target"].(string)] = o
		}
	}
	if report == nil || report["x_newsgraph_id"] != inv.ID || report["name"] != "Foo Group" {
		t.Fatalf("report %v", report)
	}
	if refs := report["object_refs"].([]any); len(refs) != 3 { // two entities, one relationship
		t.Errorf("report refers to %v", refs)
	}
	if len(notes) != len(targets) {
		t.Errorf("notes on %v, want one on each of %v", notes, targets)
	}
	for target, typ := range targets {
		n := notes[target]
		if n == nil {
			continue
		}
		refs := n["object_refs"].([]any)
		if len(refs) == 0 || !slices.ContainsFunc(refs, func(r any) bool { return bytes.HasPrefix([]byte(r.(string)), []byte(typ+"--")) }) {
			t.Errorf("note on %s refers to %v, want a %s", target, refs, typ)
		}
		if a := n["authors"].([]any); len(a) != 1 || a[0] != "ana" {
			t.Errorf("note authors %v", a)
		}
	}
	// the whole store's STIX has every note and the investigation
	b.Reset()
	if err := export.Write(ctx, &b, s, export.STIX); err != nil {
		t.Fatal(err)
	}
	validateBundle(t, sch, b.Bytes())
	count := map[string]int{}
	for _, o := range bundleObjects(t, b.Bytes()) {
		if o["x_newsgraph_id"] == inv.ID || o["type"] == "note" {
			count[o["type"].(string)]++
		}
	}
	if count["report"] != 1 || count["note"] != 5 {
		t.Errorf("whole export has %v", count)
	}
	// imported back, the investigation's report does not become a document
	back := memStore(t)
	sum, err := stix.Import(ctx, back, bytes.NewReader(b.Bytes()), "back.json")
	if err != nil {
		t.Fatal(err)
	}
	docs, err := back.Documents(ctx, graph.DocumentFilter{}, graph.Page{First: 50})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range docs.Documents {
		if d.Title == "Foo Group" {
			t.Errorf("the investigation came back as document %+v", d)
		}
	}
	if sum.Unmapped["report (investigation)"] != 1 {
		t.Errorf("import summary %+v", sum)
	}
}

func bundleObjects(t *testing.T, bundle []byte) []map[string]any {
	t.Helper()
	var b struct{ Objects []map[string]any }
	if err := json.Unmarshal(bundle, &b); err != nil {
		t.Fatal(err)
	}
	return b.Objects
}
