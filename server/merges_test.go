package server_test

import (
	"bytes"
	"context"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/newsgraph/newsgraph/export"
	"github.com/newsgraph/newsgraph/graph"
	"github.com/newsgraph/newsgraph/ontology"
	"github.com/newsgraph/newsgraph/server"
)

var (
	mergeMSS     = graph.Entity{ID: "agency:mss", Name: "Ministry of State Security", Type: ontology.Agency, Aliases: []string{"MSS"}}
	mergeGuoanbu = graph.Entity{ID: "agency:guoanbu", Name: "Guoanbu", Type: ontology.Agency}
	mergeNATO    = graph.Entity{ID: "organization:nato", Name: "NATO", Type: ontology.Organization}
	mergeUSA     = graph.Entity{ID: "country:united-states", Name: "United States", Type: ontology.Country}
)

// seedMerge stores two documents and a bundle that name the MSS and
// Guoanbu, one entity that extraction kept apart.
func seedMerge(t *testing.T, s *graph.Store) {
	t.Helper()
	ctx := context.Background()
	docs := []struct {
		id, text string
		ents     []graph.Entity
		claim    graph.Claim
	}{
		{"doc:" + strings.Repeat("a", 64), "The US accused the MSS.", []graph.Entity{mergeUSA, mergeMSS},
			graph.Claim{Subject: mergeUSA.ID, Predicate: ontology.Accuses, Object: mergeMSS.ID}},
		{"doc:" + strings.Repeat("b", 64), "Guoanbu targets NATO.", []graph.Entity{mergeGuoanbu, mergeNATO},
			graph.Claim{Subject: mergeGuoanbu.ID, Predicate: ontology.Targets, Object: mergeNATO.ID}},
	}
	for i, d := range docs {
		d.claim.Sentence, d.claim.End, d.claim.Confidence, d.claim.Extractor = d.text, len(d.text), 0.8, "test"
		_, err := s.WriteDocument(ctx, &graph.Batch{
			Document: &graph.Document{ID: d.id, Title: "Report", Text: d.text, Published: time.Date(2021, 7, 19+i, 0, 0, 0, 0, time.UTC)},
			Entities: d.ents,
			Mentions: []graph.Mention{{Entity: d.ents[1].ID, Text: d.ents[1].Name, Method: "gazetteer", Offsets: [][2]int{{0, 3}}}},
			Claims:   []graph.Claim{d.claim},
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	bundle(t, s, true)
}

// bundle stores the structured source that names Guoanbu, or without
// Guoanbu: a newer version of it.
func bundle(t *testing.T, s *graph.Store, withGuoanbu bool) {
	t.Helper()
	b := &graph.Batch{Source: &graph.Source{ID: "stix:bundle--test", Name: "bundle", Kind: "stix"}, Entities: []graph.Entity{mergeNATO}}
	if withGuoanbu {
		b.Entities = append(b.Entities, graph.Entity{ID: mergeGuoanbu.ID, Name: "Guoanbu", Type: ontology.Agency, Aliases: []string{"Chinese State Security"}})
		b.Claims = []graph.Claim{{Subject: mergeGuoanbu.ID, Predicate: ontology.Targets, Object: mergeNATO.ID, Confidence: 1, Extractor: "stix"}}
	}
	if _, err := s.ReplaceSource(context.Background(), b); err != nil {
		t.Fatal(err)
	}
}

func nquads(t *testing.T, s *graph.Store) []byte {
	t.Helper()
	var buf bytes.Buffer
	if _, err := export.WriteNQuads(context.Background(), &buf, s); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

type mergeView struct {
	ID, Into, MergedAt string
	From, Names        []string
}

type entityView struct {
	ID, Name  string
	Aliases   []string
	Merges    []mergeView
	Relations struct {
		Edges []struct {
			Node struct {
				Predicate       string
				Subject, Object struct{ ID string }
			}
		}
	}
}

// relations lists an entity's relations as "subject predicate object".
func (e entityView) relations() []string {
	var out []string
	for _, ed := range e.Relations.Edges {
		out = append(out, ed.Node.Subject.ID+" "+ed.Node.Predicate+" "+ed.Node.Object.ID)
	}
	sort.Strings(out)
	return out
}

const entityFields = `id name aliases merges{ id into from names mergedAt } relations{ edges{ node{ predicate subject{ id } object{ id } } } }`

// TestMergesEndToEnd: mergeEntities records a merge that Entity.merges
// lists and unmergeEntities undoes exactly, through the real handler.
func TestMergesEndToEnd(t *testing.T) {
	s := newStore(t)
	seedMerge(t, s)
	c := client{t: t, h: server.New(server.Config{Store: s, Token: "t0k"}), token: "t0k"}
	anon := c
	anon.token = ""
	before := nquads(t, s)
	entity := func(id string) entityView {
		var out struct{ Entity entityView }
		c.data(`query($id:ID!){ entity(id:$id){ `+entityFields+` } }`, map[string]any{"id": id}, &out)
		return out.Entity
	}
	guoanbuRels := entity(mergeGuoanbu.ID).relations()

	var m struct{ MergeEntities entityView }
	c.data(`mutation{ mergeEntities(into:"agency:mss", from:["agency:guoanbu"]){ `+entityFields+` } }`, nil, &m)
	merged := m.MergeEntities
	if len(merged.Merges) != 1 {
		t.Fatalf("merges after mergeEntities = %+v, want one", merged.Merges)
	}
	mg := merged.Merges[0]
	if !strings.HasPrefix(mg.ID, "analyst:merge-") || mg.Into != mergeMSS.ID || len(mg.From) != 1 || mg.From[0] != mergeGuoanbu.ID ||
		len(mg.Names) != 1 || mg.Names[0] != "Guoanbu" || !strings.HasPrefix(mg.MergedAt, time.Now().UTC().Format("2006-")) {
		t.Errorf("merge = %+v", mg)
	}
	if !strings.Contains(strings.Join(merged.Aliases, ","), "Guoanbu") || len(merged.relations()) != 2 {
		t.Errorf("merged entity = %v %v", merged.Aliases, merged.relations())
	}
	if got := entity(mergeMSS.ID).Merges; len(got) != 1 || got[0].ID != mg.ID {
		t.Errorf("Entity.merges = %+v, want %s", got, mg.ID)
	}

	if codes := anon.do(`mutation($m:ID!){ unmergeEntities(merge:$m){ id } }`, map[string]any{"m": mg.ID}).codes(); len(codes) != 1 || codes[0] != "UNAUTHENTICATED" {
		t.Errorf("unmerge without the token: %v", codes)
	}
	var u struct{ UnmergeEntities []entityView }
	c.data(`mutation($m:ID!){ unmergeEntities(merge:$m){ `+entityFields+` } }`, map[string]any{"m": mg.ID}, &u)
	if len(u.UnmergeEntities) != 2 || u.UnmergeEntities[0].ID != mergeMSS.ID || u.UnmergeEntities[1].ID != mergeGuoanbu.ID {
		t.Fatalf("unmerge returned %+v, want the MSS and Guoanbu", u.UnmergeEntities)
	}
	mss, guoanbu := u.UnmergeEntities[0], u.UnmergeEntities[1]
	if strings.Join(mss.relations(), ";") != mergeUSA.ID+" ACCUSES "+mergeMSS.ID || len(mss.Merges) != 0 ||
		strings.Contains(strings.Join(mss.Aliases, ","), "Guoanbu") {
		t.Errorf("the MSS after the undo: %v %v %+v", mss.Aliases, mss.relations(), mss.Merges)
	}
	if guoanbu.Name != "Guoanbu" || strings.Join(guoanbu.relations(), ";") != strings.Join(guoanbuRels, ";") ||
		strings.Join(guoanbu.Aliases, ",") != "Chinese State Security" {
		t.Errorf("Guoanbu after the undo: %q %v, want relations %v", guoanbu.Aliases, guoanbu.relations(), guoanbuRels)
	}
	if after := nquads(t, s); !bytes.Equal(after, before) {
		t.Errorf("the N-Quads export changed over merge and unmerge:\n%s\nwas\n%s", after, before)
	}
	checkUnmergeErrors(t, c, s, mg.ID)
}

// checkUnmergeErrors: a second unmerge and an unknown merge are NOT_FOUND;
// an unmerge that no longer applies is a CONFLICT and changes nothing.
func checkUnmergeErrors(t *testing.T, c client, s *graph.Store, undone string) {
	t.Helper()
	for _, tc := range []struct{ name, id, code string }{
		{"a second unmerge", undone, "NOT_FOUND"},
		{"an unknown merge", "analyst:merge-000000000000000000000000", "NOT_FOUND"},
		{"not a merge's ID", "doc:" + strings.Repeat("a", 64), "NOT_FOUND"},
	} {
		resp := c.do(`mutation($m:ID!){ unmergeEntities(merge:$m){ id } }`, map[string]any{"m": tc.id})
		if codes := resp.codes(); len(codes) != 1 || codes[0] != tc.code {
			t.Errorf("%s: %v, want %s", tc.name, codes, tc.code)
		}
	}
	var m struct {
		MergeEntities struct{ Merges []struct{ ID string } }
	}
	c.data(`mutation{ mergeEntities(into:"agency:mss", from:["agency:guoanbu"]){ merges{ id } } }`, nil, &m)
	bundle(t, s, false) // the bundle, re-imported, no longer names Guoanbu
	at := nquads(t, s)
	resp := c.do(`mutation($m:ID!){ unmergeEntities(merge:$m){ id } }`, map[string]any{"m": m.MergeEntities.Merges[0].ID})
	if codes := resp.codes(); len(codes) != 1 || codes[0] != "CONFLICT" || !strings.Contains(resp.Errors[0].Message, "stix:bundle--test") {
		t.Errorf("unmerge after the bundle changed: %+v, want a CONFLICT naming it", resp.Errors)
	}
	if !bytes.Equal(nquads(t, s), at) {
		t.Error("a refused unmerge changed the store")
	}
}
