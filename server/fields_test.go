package server_test

import (
	"strings"
	"testing"

	"github.com/newsgraph/newsgraph/server"
)

// TestEntityAndDocumentFields covers the analyst-facing fields of Entity,
// Relation and Document through the real handler.
func TestEntityAndDocumentFields(t *testing.T) {
	s := newStore(t)
	pipe := newPipeline(t, s)
	c := client{t: t, h: server.New(server.Config{Store: s, Ingest: pipe})}
	var ing struct {
		IngestDocument struct{ Document struct{ ID string } }
	}
	c.data(`mutation($t:String!){ ingestDocument(input:{text:$t}){ document{ id } } }`, map[string]any{"t": article}, &ing)
	docID := ing.IngestDocument.Document.ID

	entityID := checkEntityFields(t, c, docID)
	checkDocumentFields(t, c, docID)
	relationID := checkRelationFields(t, c)

	// node() resolves every kind of global ID
	for _, id := range []string{entityID, docID, relationID} {
		var n struct{ Node *struct{ ID string } }
		c.data(`query($id:ID!){ node(id:$id){ id } }`, map[string]any{"id": id}, &n)
		if n.Node == nil || n.Node.ID != id {
			t.Errorf("node(%s) = %+v", id, n.Node)
		}
	}
	var missing struct{ Node *struct{ ID string } }
	c.data(`{ node(id:"agency:nope"){ id } }`, nil, &missing)
	if missing.Node != nil {
		t.Errorf("node of an unknown ID = %+v, want null", missing.Node)
	}
}

// checkEntityFields checks the fields of an entity that need the store
// (counts, neighbors, alias sources, documents, timeline); it returns the
// entity's ID.
func checkEntityFields(t *testing.T, c client, docID string) string {
	t.Helper()
	var out struct {
		Entity struct {
			ID             string
			MentionCount   int
			FirstSeen      *string
			NeighborCounts []struct {
				Type  string
				Count int
			}
			RelationCounts []struct {
				Predicate, Direction string
				Count                int
			}
			Neighbors    []struct{ ID string }
			AliasSources []struct {
				Name, Source, Kind string
				Method             *string
			}
			Documents struct {
				TotalCount int
				Edges      []struct{ Node struct{ ID string } }
			}
			Timeline []struct {
				Sentence *string
				Document struct{ ID string }
			}
		}
	}
	c.data(`{ entity(name:"MSS"){ id mentionCount firstSeen neighborCounts{ type count } relationCounts{ predicate direction count }
		neighbors(limit: 10){ id } aliasSources{ name source kind method } documents{ totalCount edges{ node{ id } } }
		timeline(first: 10){ sentence document{ id } } } }`, nil, &out)
	e := out.Entity
	if e.MentionCount != 1 || e.FirstSeen == nil || !strings.HasPrefix(*e.FirstSeen, "2021-07-19") {
		t.Errorf("mentionCount %d firstSeen %v", e.MentionCount, e.FirstSeen)
	}
	if len(e.NeighborCounts) == 0 || len(e.RelationCounts) == 0 || len(e.Neighbors) == 0 {
		t.Errorf("counts/neighbors empty: %+v", e)
	}
	var acronym bool
	for _, a := range e.AliasSources {
		if a.Name == "MSS" && a.Source == docID && a.Kind == "document" && a.Method != nil {
			acronym = true
		}
	}
	if !acronym {
		t.Errorf("alias sources do not explain MSS: %+v", e.AliasSources)
	}
	if e.Documents.TotalCount != 1 || e.Documents.Edges[0].Node.ID != docID {
		t.Errorf("documents = %+v", e.Documents)
	}
	if len(e.Timeline) == 0 || e.Timeline[0].Document.ID != docID {
		t.Errorf("timeline = %+v", e.Timeline)
	}
	return e.ID
}

// checkDocumentFields checks a document's entities, claims and mentions,
// whose offsets must select their text.
func checkDocumentFields(t *testing.T, c client, docID string) {
	t.Helper()
	var doc struct {
		Document struct {
			Entities []struct{ Name string }
			Claims   []struct {
				Sentence   string
				Start, End int
				Predicate  string
			}
			Mentions []struct {
				Text, Method string
				Offsets      []struct{ Start, End int }
			}
			Text string
		}
	}
	c.data(`query($id:ID!){ document(id:$id){ text entities{ name } claims{ sentence start end predicate } mentions{ text method offsets{ start end } } } }`, map[string]any{"id": docID}, &doc)
	d := doc.Document
	if len(d.Entities) == 0 || len(d.Claims) == 0 || len(d.Mentions) == 0 {
		t.Fatalf("document fields empty: %+v", d)
	}
	for _, cl := range d.Claims {
		if d.Text[cl.Start:cl.End] != cl.Sentence {
			t.Errorf("claim offsets %d-%d do not select its sentence", cl.Start, cl.End)
		}
	}
	for _, m := range d.Mentions {
		for _, o := range m.Offsets {
			if d.Text[o.Start:o.End] != m.Text {
				t.Errorf("mention %q offsets %d-%d select %q", m.Text, o.Start, o.End, d.Text[o.Start:o.End])
			}
		}
	}
}

// checkRelationFields checks the fields of relations, CAMEO codes included;
// it returns the first relation's ID.
func checkRelationFields(t *testing.T, c client) string {
	t.Helper()
	var rel struct {
		Relations struct {
			Edges []struct {
				Node struct {
					ID, Predicate   string
					Cameo, StixType *string
					Sources         int
					Confidence      float64
					FirstSeen       *string
					Claims          []struct{ Extractor, Source string }
				}
			}
		}
	}
	c.data(`{ relations(first: 50){ edges{ node{ id predicate cameo stixType sources confidence firstSeen claims{ extractor source } } } } }`, nil, &rel)
	var sawCameo bool
	for _, e := range rel.Relations.Edges {
		n := e.Node
		if n.Sources != 1 || n.Confidence <= 0 || n.Confidence > 1 || len(n.Claims) == 0 || n.FirstSeen == nil {
			t.Errorf("relation %+v incomplete", n)
		}
		if n.Predicate == "CHARGES" && n.Cameo != nil && *n.Cameo == "173" {
			sawCameo = true
		}
	}
	if !sawCameo {
		t.Errorf("no CHARGES relation with CAMEO 173 among %d", len(rel.Relations.Edges))
	}
	return rel.Relations.Edges[0].Node.ID
}

func TestAnalystMutations(t *testing.T) {
	s := newStore(t)
	seedStar(t, s, 3)
	c := client{t: t, h: server.New(server.Config{Store: s, Token: "t0k"}), token: "t0k"}
	var a struct {
		AssertRelation struct {
			ID     string
			Claims []struct {
				Extractor string
				Sentence  *string
			}
		}
	}
	c.data(`mutation{ assertRelation(input:{subject:"agency:agency-000", predicate: SANCTIONS, object:"country:china", note:"OFAC designation", analyst:"ana"}){ id claims{ extractor sentence } } }`, nil, &a)
	if len(a.AssertRelation.Claims) != 1 || a.AssertRelation.Claims[0].Extractor != "analyst" {
		t.Fatalf("assert = %+v", a)
	}
	var r struct{ RetractRelation int }
	c.data(`mutation($id:ID!){ retractRelation(id:$id) }`, map[string]any{"id": a.AssertRelation.ID}, &r)
	if r.RetractRelation != 1 {
		t.Errorf("retract = %d", r.RetractRelation)
	}
	var al struct{ AddAlias struct{ Aliases []string } }
	c.data(`mutation{ addAlias(id:"country:china", alias:"Middle Kingdom"){ aliases } }`, nil, &al)
	if !strings.Contains(strings.Join(al.AddAlias.Aliases, ","), "Middle Kingdom") {
		t.Errorf("addAlias = %+v", al)
	}
	var m struct {
		MergeEntities struct {
			Aliases   []string
			Relations struct{ TotalCount int }
		}
	}
	c.data(`mutation{ mergeEntities(into:"agency:agency-000", from:["agency:agency-001"]){ aliases relations{ totalCount } } }`, nil, &m)
	if !strings.Contains(strings.Join(m.MergeEntities.Aliases, ","), "Agency 001") || m.MergeEntities.Relations.TotalCount != 1 {
		t.Errorf("merge = %+v", m)
	}
	var st struct {
		Stats struct{ Entities, Claims int }
	}
	c.data(`{ stats { entities claims } }`, nil, &st)
	if st.Stats.Entities != 3 || st.Stats.Claims != 3 {
		t.Errorf("after merge: %+v, want 3 entities and all 3 claims", st.Stats)
	}
	// the same mutations without the token are refused
	anon := c
	anon.token = ""
	for _, q := range []string{
		`mutation{ addAlias(id:"country:china", alias:"x"){ id } }`,
		`mutation{ mergeEntities(into:"country:china", from:["agency:agency-002"]){ id } }`,
		`mutation{ retractRelation(id:"rel:x") }`,
	} {
		if codes := anon.do(q, nil).codes(); len(codes) != 1 || codes[0] != "UNAUTHENTICATED" {
			t.Errorf("%s without token: %v", q, codes)
		}
	}
	if codes := c.do(`mutation{ retractRelation(id:"garbage") }`, nil).codes(); len(codes) != 1 || codes[0] != "BAD_USER_INPUT" {
		t.Errorf("bad relation ID: %v", codes)
	}
}

// TestNeighborhoodFilters covers the traversal arguments through HTTP.
func TestNeighborhoodFilters(t *testing.T) {
	s := newStore(t)
	seedStar(t, s, 30)
	c := client{t: t, h: server.New(server.Config{Store: s})}
	var out struct {
		Neighborhood struct {
			Nodes     []struct{ ID string }
			Edges     []struct{ ID string }
			Truncated bool
			Omitted   []struct {
				Entity struct{ ID string }
				Count  int
			}
		}
	}
	c.data(`{ neighborhood(ids:["country:china"], fanout: 10){ nodes{ id } edges{ id } truncated omitted{ entity{ id } count } } }`, nil, &out)
	n := out.Neighborhood
	if len(n.Nodes) != 11 || !n.Truncated || len(n.Omitted) != 1 || n.Omitted[0].Count != 20 {
		t.Errorf("fanout 10: %d nodes, truncated %v, omitted %+v", len(n.Nodes), n.Truncated, n.Omitted)
	}
	c.data(`{ neighborhood(ids:["country:china"], limit: 100, fanout: 100, from:"2021-01-05T00:00:00Z", to:"2021-01-06T00:00:00Z"){ nodes{ id } edges{ id } truncated omitted{ entity{ id } count } } }`, nil, &out)
	if got := len(out.Neighborhood.Nodes); got < 2 || got > 5 {
		t.Errorf("date range kept %d nodes", got)
	}
	c.data(`{ neighborhood(ids:["country:china"], limit: 100, fanout: 100, minConfidence: 0.95){ nodes{ id } edges{ id } truncated omitted{ entity{ id } count } } }`, nil, &out)
	if len(out.Neighborhood.Nodes) != 1 || len(out.Neighborhood.Edges) != 0 {
		t.Errorf("minConfidence 0.95 kept %d nodes %d edges", len(out.Neighborhood.Nodes), len(out.Neighborhood.Edges))
	}
	c.data(`{ neighborhood(ids:["country:china"], limit: 100, fanout: 100, types:[PERSON]){ nodes{ id } edges{ id } truncated omitted{ entity{ id } count } } }`, nil, &out)
	if len(out.Neighborhood.Nodes) != 1 {
		t.Errorf("types [PERSON] kept %d nodes", len(out.Neighborhood.Nodes))
	}
}

// TestSubgraphExports: the explorer's view as Cytoscape JSON, GraphML and a
// STIX bundle.
func TestSubgraphExports(t *testing.T) {
	s := newStore(t)
	seedStar(t, s, 3)
	c := client{t: t, h: server.New(server.Config{Store: s})}
	var out struct {
		Neighborhood struct {
			Cytoscape struct {
				Elements struct {
					Nodes []struct{ Data map[string]any }
					Edges []struct{ Data map[string]any }
				}
			}
			GraphML string
			STIX    string
		}
	}
	c.data(`{ neighborhood(ids:["country:china"]){ cytoscape graphML: export(format: GRAPHML) stix: export(format: STIX) } }`, nil, &out)
	n := out.Neighborhood
	if len(n.Cytoscape.Elements.Nodes) != 4 || len(n.Cytoscape.Elements.Edges) != 3 {
		t.Errorf("cytoscape: %d nodes %d edges, want 4 and 3", len(n.Cytoscape.Elements.Nodes), len(n.Cytoscape.Elements.Edges))
	}
	if !strings.Contains(n.GraphML, "<graphml") || strings.Count(n.GraphML, "<node ") != 4 {
		t.Errorf("graphml: %.200s", n.GraphML)
	}
	if !strings.Contains(n.STIX, `"type": "bundle"`) && !strings.Contains(n.STIX, `"type":"bundle"`) {
		t.Errorf("stix: %.200s", n.STIX)
	}
}
