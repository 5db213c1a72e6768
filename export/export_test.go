package export_test

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/newsgraph/newsgraph/export"
	"github.com/newsgraph/newsgraph/graph"
	"github.com/newsgraph/newsgraph/ontology"
	"github.com/newsgraph/newsgraph/stix"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

var ctx = context.Background()

func memStore(t testing.TB) *graph.Store {
	t.Helper()
	s, err := graph.Open(ctx, graph.Config{Backend: graph.BackendMemory})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// fixture is a small graph with structured and text-derived parts: the
// hand-written STIX bundle of package stix, and one article whose claims
// have evidence sentences.
func fixture(t testing.TB) *graph.Store {
	t.Helper()
	s := memStore(t)
	f, err := os.Open("../stix/testdata/small.json")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := stix.Import(ctx, s, f, "small.json"); err != nil {
		t.Fatal(err)
	}
	text := "The United States accused Foo Group of the Operation Test intrusions. Officials said the US & the UK worked together <closely>."
	usa := graph.Entity{ID: "country:united-states", Name: "United States", Type: ontology.Country, Aliases: []string{"US"}}
	uk := graph.Entity{ID: "country:united-kingdom", Name: "United Kingdom", Type: ontology.Country, Aliases: []string{"UK"}}
	foo := graph.Entity{ID: "threat-group:foo-group", Name: "Foo Group", Type: ontology.ThreatGroup}
	op := graph.Entity{ID: "event:operation-test", Name: "Operation Test", Type: ontology.Event}
	b := &graph.Batch{
		Document: &graph.Document{ID: "doc:00112233445566778899aabbccddeeff", Title: "US accuses Foo Group", URL: "https://news.example/foo",
			Source: "foo.txt", Published: time.Date(2021, 7, 20, 0, 0, 0, 0, time.UTC), Text: text, Extractor: "test"},
		Entities: []graph.Entity{usa, uk, foo, op},
		Mentions: []graph.Mention{
			{Entity: usa.ID, Text: "United States", Method: "gazetteer", Offsets: [][2]int{{4, 17}}},
			{Entity: uk.ID, Text: "UK", Method: "gazetteer", Offsets: [][2]int{{94, 96}}},
			{Entity: foo.ID, Text: "Foo Group", Method: "gazetteer", Offsets: [][2]int{{26, 35}}},
			{Entity: op.ID, Text: "Operation Test", Method: "gazetteer", Offsets: [][2]int{{43, 57}}},
		},
		Claims: []graph.Claim{
			{Subject: usa.ID, Predicate: ontology.Accuses, Object: foo.ID, About: op.ID, Sentence: text[:69], Start: 0, End: 69, Confidence: 0.82, Extractor: "test", Verb: "accused"},
			{Subject: uk.ID, Predicate: ontology.CooperatesWith, Object: usa.ID, Sentence: text[70:], Start: 70, End: len(text), Confidence: 0.6, Extractor: "test", Verb: "worked together"},
		},
	}
	if _, err := s.WriteDocument(ctx, b); err != nil {
		t.Fatal(err)
	}
	return s
}

func nquadsOf(t testing.TB, s *graph.Store) []byte {
	t.Helper()
	var b bytes.Buffer
	if _, err := export.WriteNQuads(ctx, &b, s); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestNQuadsRoundTrip: N-Quads export → import into a fresh store → export
// gives the same bytes, and the fresh store answers like the first.
func TestNQuadsRoundTrip(t *testing.T) {
	s := fixture(t)
	first := nquadsOf(t, s)
	for _, backend := range []string{graph.BackendMemory, graph.BackendBolt} {
		t.Run(backend, func(t *testing.T) {
			s2, err := graph.Open(ctx, graph.Config{Backend: backend, Path: filepath.Join(t.TempDir(), "rt.db")})
			if err != nil {
				t.Fatal(err)
			}
			defer s2.Close()
			read, added, err := s2.ImportNQuads(ctx, bytes.NewReader(first))
			if err != nil {
				t.Fatal(err)
			}
			if read != added || read != bytes.Count(first, []byte("\n")) {
				t.Errorf("read %d, added %d, %d lines", read, added, bytes.Count(first, []byte("\n")))
			}
			if second := nquadsOf(t, s2); !bytes.Equal(first, second) {
				t.Errorf("second export differs: %d bytes, first %d\n%s", len(second), len(first), firstDiff(first, second))
			}
			st1, _ := s.Stats(ctx)
			st2, _ := s2.Stats(ctx)
			if st1 != st2 {
				t.Errorf("stats %+v, first store %+v", st2, st1)
			}
			e, err := s2.EntityByName(ctx, "Bar Team")
			if err != nil || e.ID != "threat-group:foo-group" || len(e.ExternalRefs) != 2 {
				t.Errorf("Bar Team = %+v %v", e, err)
			}
		})
	}
}

func firstDiff(a, b []byte) string {
	la, lb := strings.Split(string(a), "\n"), strings.Split(string(b), "\n")
	for i := range min(len(la), len(lb)) {
		if la[i] != lb[i] {
			return "line " + strconv.Itoa(i+1) + ":\n  " + la[i] + "\n  " + lb[i]
		}
	}
	return "one is a prefix of the other"
}

// TestGolden compares the GraphML, Cytoscape and STIX exports of the
// fixture with golden files (go test -update rewrites them).
func TestGolden(t *testing.T) {
	s := fixture(t)
	for _, f := range []export.Format{export.GraphML, export.Cytoscape, export.STIX} {
		t.Run(string(f), func(t *testing.T) {
			var b bytes.Buffer
			if err := export.Write(ctx, &b, s, f); err != nil {
				t.Fatal(err)
			}
			golden := filepath.Join("testdata", "fixture"+f.Extension())
			if f == export.STIX {
				golden = filepath.Join("testdata", "fixture.stix.json")
			}
			if *update {
				if err := os.WriteFile(golden, b.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(b.Bytes(), want) {
				t.Errorf("%s differs from %s (run go test -update after checking)\n%s", f, golden, firstDiff(want, b.Bytes()))
			}
		})
	}
}

// TestGraphML: the GraphML declares typed attributes and every edge joins
// two declared nodes.
func TestGraphML(t *testing.T) {
	s := fixture(t)
	g, err := export.Load(ctx, s, false)
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := export.WriteGraphML(&b, g.Entities, g.Relations); err != nil {
		t.Fatal(err)
	}
	type data struct {
		Key   string `xml:"key,attr"`
		Value string `xml:",chardata"`
	}
	var doc struct {
		XMLName xml.Name `xml:"graphml"`
		Keys    []struct {
			ID   string `xml:"id,attr"`
			For  string `xml:"for,attr"`
			Name string `xml:"attr.name,attr"`
			Type string `xml:"attr.type,attr"`
		} `xml:"key"`
		Graph struct {
			EdgeDefault string `xml:"edgedefault,attr"`
			Nodes       []struct {
				ID   string `xml:"id,attr"`
				Data []data `xml:"data"`
			} `xml:"node"`
			Edges []struct {
				ID       string `xml:"id,attr"`
				Source   string `xml:"source,attr"`
				Target   string `xml:"target,attr"`
				Directed string `xml:"directed,attr"`
				Data     []data `xml:"data"`
			} `xml:"edge"`
		} `xml:"graph"`
	}
	if err := xml.Unmarshal(b.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	types := map[string]string{}
	for _, k := range doc.Keys {
		types[k.ID] = k.Type
	}
	if types["confidence"] != "double" || types["sources"] != "int" || types["label"] != "string" {
		t.Errorf("keys %+v", doc.Keys)
	}
	if len(doc.Graph.Nodes) != len(g.Entities) || len(doc.Graph.Edges) != len(g.Relations) || doc.Graph.EdgeDefault != "directed" {
		t.Errorf("%d nodes %d edges, want %d %d", len(doc.Graph.Nodes), len(doc.Graph.Edges), len(g.Entities), len(g.Relations))
	}
	nodes := map[string]map[string]string{}
	for _, n := range doc.Graph.Nodes {
		nodes[n.ID] = map[string]string{}
		for _, d := range n.Data {
			nodes[n.ID][d.Key] = d.Value
		}
	}
	if n := nodes["threat-group:foo-group"]; n["label"] != "Foo Group" || n["type"] != "THREAT_GROUP" || !strings.Contains(n["external_refs"], "mitre-attack:G9999") {
		t.Errorf("Foo Group node %v", n)
	}
	undirected := 0
	for _, e := range doc.Graph.Edges {
		if nodes[e.Source] == nil || nodes[e.Target] == nil {
			t.Errorf("edge %s joins undeclared nodes", e.ID)
		}
		for _, d := range e.Data {
			if d.Key == "confidence" {
				if _, err := strconv.ParseFloat(d.Value, 64); err != nil {
					t.Errorf("edge %s confidence %q", e.ID, d.Value)
				}
			}
		}
		if e.Directed == "false" {
			undirected++
		}
	}
	if undirected != 1 {
		t.Errorf("%d undirected edges, want the one cooperates_with", undirected)
	}
}

// TestCytoscape: the document has the elements shape, with every edge's ends
// among the nodes.
func TestCytoscape(t *testing.T) {
	s := fixture(t)
	var b bytes.Buffer
	if err := export.Write(ctx, &b, s, export.Cytoscape); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Elements struct {
			Nodes []struct{ Data map[string]any }
			Edges []struct{ Data map[string]any }
		}
	}
	if err := json.Unmarshal(b.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	ids := map[string]bool{}
	for _, n := range doc.Elements.Nodes {
		for _, k := range []string{"id", "label", "type"} {
			if s, _ := n.Data[k].(string); s == "" {
				t.Errorf("node %v lacks %s", n.Data, k)
			}
		}
		ids[n.Data["id"].(string)] = true
	}
	var preds []string
	for _, e := range doc.Elements.Edges {
		for _, k := range []string{"id", "source", "target", "label", "predicate"} {
			if s, _ := e.Data[k].(string); s == "" {
				t.Errorf("edge %v lacks %s", e.Data, k)
			}
		}
		if !ids[e.Data["source"].(string)] || !ids[e.Data["target"].(string)] {
			t.Errorf("edge %v joins unknown nodes", e.Data)
		}
		preds = append(preds, e.Data["predicate"].(string))
	}
	if len(doc.Elements.Nodes) < 15 || !slices.Contains(preds, "accuses") || !slices.Contains(preds, "uses") {
		t.Errorf("%d nodes, predicates %v", len(doc.Elements.Nodes), preds)
	}
	// a subgraph: edges to nodes left out are dropped
	cy := export.CytoscapeJSON([]graph.Entity{{ID: "a", Name: "A", Type: ontology.Country}}, []graph.Relation{{ID: "r", Subject: "a", Predicate: ontology.Targets, Object: "b"}})
	if len(cy.Elements.Nodes) != 1 || len(cy.Elements.Edges) != 0 {
		t.Errorf("subgraph %+v", cy)
	}
}

func TestParseFormat(t *testing.T) {
	for in, want := range map[string]export.Format{"nquads": export.NQuads, "STIX": export.STIX, " graphml ": export.GraphML, "cytoscape": export.Cytoscape} {
		if f, ok := export.ParseFormat(in); !ok || f != want {
			t.Errorf("ParseFormat(%q) = %q %v", in, f, ok)
		}
	}
	if _, ok := export.ParseFormat("csv"); ok {
		t.Error("csv is a format")
	}
}
