package taxii_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/newsgraph/newsgraph/data"
	"github.com/newsgraph/newsgraph/extract"
	"github.com/newsgraph/newsgraph/graph"
	"github.com/newsgraph/newsgraph/ingest"
	"github.com/newsgraph/newsgraph/ingest/normalize"
	"github.com/newsgraph/newsgraph/ontology"
	"github.com/newsgraph/newsgraph/server"
)

const token = "s3cret-token"

var ctx = context.Background()

// demoServer serves what `newsgraph serve --demo --token …` serves: the
// sample corpus in a store, the real handler on a real listener.
func demoServer(t testing.TB, corpus bool) (*httptest.Server, *graph.Store) {
	t.Helper()
	s, err := graph.Open(ctx, graph.Config{Backend: graph.BackendMemory})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	ext, err := extract.Default()
	if err != nil {
		t.Fatal(err)
	}
	pipe := ingest.New(s, ext, ingest.Options{})
	if corpus {
		sum, err := pipe.IngestFS(ctx, data.FS, "corpus")
		if err != nil || sum.Created < 10 {
			t.Fatalf("demo corpus: %+v %v", sum, err)
		}
	} else if _, err := pipe.Ingest(ctx, normalize.Doc{Text: article, Title: "Charges", Source: "a.txt"}); err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(server.New(server.Config{Store: s, Ingest: pipe, Token: token}))
	t.Cleanup(ts.Close)
	return ts, s
}

const article = `Justice Department charges hackers working for China's spy agency

Published: 2021-07-19

The Justice Department on Monday charged four Chinese nationals who worked with the Ministry of State Security (MSS).

NATO condemned China for the hacking campaign. The FBI investigated the group known as APT40.`

const newArticle = `Britain sanctions front company of APT31

Published: 2024-03-25

The United Kingdom sanctioned Wuhan Xiaoruizhi Science and Technology, a front company for APT31. The Foreign Office said the Ministry of State Security controlled APT31.`

// ingestGraphQL ingests a document through the server's GraphQL endpoint,
// as an analyst's tool would.
func ingestGraphQL(t *testing.T, base, text string) {
	t.Helper()
	body, _ := json.Marshal(map[string]any{
		"query":     `mutation($in: DocumentInput!) { ingestDocument(input: $in) { created } }`,
		"variables": map[string]any{"in": map[string]any{"text": text, "title": "Britain sanctions front company of APT31", "source": "uk.txt"}},
	})
	req, _ := http.NewRequest(http.MethodPost, base+"/graphql", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out struct {
		Data   struct{ IngestDocument struct{ Created bool } }
		Errors []any
	}
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil || len(out.Errors) > 0 || !out.Data.IngestDocument.Created {
		t.Fatalf("ingestDocument: %+v %v", out, err)
	}
}

// TestClient: a client discovers the API root, lists the collections,
// pages through the whole graph, then polls with added_after after one
// more document and gets exactly the new and changed objects; every object
// validates against the OASIS STIX 2.1 schemas.
func TestClient(t *testing.T) {
	if testing.Short() {
		t.Skip("extracts the sample corpus")
	}
	schemas := loadSchemas(t)
	ts, store := demoServer(t, true)
	c := &client{t: t, base: ts.URL, user: "analyst", pass: token}
	root := c.discover()
	cols := c.collections(root)
	byTitle := map[string]collection{}
	for _, col := range cols {
		if !col.CanRead || col.CanWrite || len(col.MediaTypes) != 1 || col.MediaTypes[0] != stixMedia {
			t.Errorf("collection %+v", col)
		}
		byTitle[col.Title] = col
	}
	whole, ok := byTitle["newsgraph"]
	if !ok || byTitle["analyst-confirmed"].ID == "" {
		t.Fatalf("collections = %+v", cols)
	}
	colURL := root + "collections/" + whole.ID + "/"
	if info := c.get(colURL, nil); info.body["id"] != whole.ID {
		t.Errorf("collection resource = %s", info.raw)
	}

	before, last := c.all(colURL, 7, time.Time{})
	t.Run("pages", func(t *testing.T) {
		seen := map[string]bool{}
		types := map[string]int{}
		for _, o := range before {
			if seen[o.ID] {
				t.Errorf("%s twice", o.ID)
			}
			seen[o.ID] = true
			types[o.Type]++
			schemas.validate(t, o.raw)
		}
		if len(before) < 100 || types["relationship"] == 0 || types["report"] < 10 || types["identity"] == 0 {
			t.Errorf("%d objects, by type %v", len(before), types)
		}
		one, _ := c.all(colURL, 1000, time.Time{})
		if len(one) != len(before) {
			t.Fatalf("%d objects at limit 1000, %d at limit 7", len(one), len(before))
		}
		for i := range one {
			if one[i].ID != before[i].ID {
				t.Fatalf("object %d is %s at limit 1000, %s at limit 7", i, one[i].ID, before[i].ID)
			}
		}
	})

	ingestGraphQL(t, ts.URL, newArticle)
	polled, _ := c.all(colURL, 5, last)
	after, lastAfter := c.all(colURL, 1000, time.Time{})
	t.Run("poll", func(t *testing.T) {
		old := map[string]stixObject{}
		for _, o := range before {
			old[o.ID] = o
		}
		want := map[string]bool{}
		for _, o := range after {
			prev, had := old[o.ID]
			switch {
			case !had || prev.Modified != o.Modified:
				want[o.ID] = true
			case !bytes.Equal(prev.raw, o.raw):
				t.Errorf("%s changed but kept modified %s:\n%s\n%s", o.ID, o.Modified, prev.raw, o.raw)
			}
		}
		got := map[string]bool{}
		report := false
		for _, o := range polled {
			got[o.ID] = true
			schemas.validate(t, o.raw)
			report = report || o.Type == "report" && strings.Contains(string(o.raw), "Britain sanctions")
			if !want[o.ID] {
				t.Errorf("polled %s, which is neither new nor changed", o.ID)
			}
		}
		for id := range want {
			if !got[id] {
				t.Errorf("%s is new or changed, but the poll missed it", id)
			}
		}
		if !report || len(polled) == 0 || len(polled) >= len(after)/2 {
			t.Errorf("polled %d of %d objects; the new report among them: %v", len(polled), len(after), report)
		}
	})

	t.Run("object, versions, manifest", func(t *testing.T) {
		testObjectEndpoints(t, c, colURL, after)
	})
	t.Run("filters", func(t *testing.T) {
		testFilters(t, c, colURL, after)
	})
	t.Run("analyst-confirmed", func(t *testing.T) {
		testAnalystCollection(t, c, root, byTitle["analyst-confirmed"].ID, store, schemas)
	})
	t.Run("note", func(t *testing.T) {
		testNote(t, c, colURL, lastAfter, store, schemas)
	})
	t.Run("investigation", func(t *testing.T) {
		testInvestigation(t, c, root, store, schemas)
	})
}

func testObjectEndpoints(t *testing.T, c *client, colURL string, all []stixObject) {
	picked := map[string]stixObject{}
	for _, o := range all {
		if _, ok := picked[o.Type]; !ok {
			picked[o.Type] = o
		}
	}
	for typ, o := range picked {
		t.Run(typ, func(t *testing.T) {
			r := c.get(colURL+"objects/"+o.ID+"/", nil)
			objs, _ := r.body["objects"].([]any)
			if len(objs) != 1 || objs[0].(map[string]any)["id"] != o.ID || r.body["more"] != false {
				t.Fatalf("objects/%s/ = %.500s", o.ID, r.raw)
			}
			got, _ := json.Marshal(objs[0])
			var a, b any
			json.Unmarshal(got, &a)
			json.Unmarshal(o.raw, &b)
			if !jsonEqual(a, b) {
				t.Errorf("objects/%s/ = %s, listed as %s", o.ID, got, o.raw)
			}
			v := c.get(colURL+"objects/"+o.ID+"/versions/", nil)
			versions, _ := v.body["versions"].([]any)
			if len(versions) != 1 || (o.Modified != "" && versions[0] != o.Modified) || v.header.Get("X-TAXII-Date-Added-First") == "" {
				t.Errorf("versions/ = %s (modified %s)", v.raw, o.Modified)
			}
		})
	}
	m := c.get(colURL+"manifest/", url.Values{"limit": {"10000"}})
	recs, _ := m.body["objects"].([]any)
	if len(recs) != len(all) {
		t.Fatalf("manifest lists %d objects, objects/ %d", len(recs), len(all))
	}
	for i, r := range recs {
		rec := r.(map[string]any)
		o := all[i]
		if rec["id"] != o.ID || rec["media_type"] != stixMedia || rec["date_added"] == nil ||
			(o.Modified != "" && rec["version"] != o.Modified) {
			t.Errorf("manifest record %v for %s (modified %s)", rec, o.ID, o.Modified)
		}
	}
}

func jsonEqual(a, b any) bool {
	x, _ := json.Marshal(a)
	y, _ := json.Marshal(b)
	return bytes.Equal(x, y)
}

func testFilters(t *testing.T, c *client, colURL string, all []stixObject) {
	count := map[string]int{}
	for _, o := range all {
		count[o.Type]++
	}
	two := all[len(all)/3].ID + "," + all[2*len(all)/3].ID
	tests := []struct {
		name  string
		q     url.Values
		want  int
		check func(stixObject) bool
	}{
		{"type", url.Values{"match[type]": {"report"}}, count["report"], func(o stixObject) bool { return o.Type == "report" }},
		{"two types", url.Values{"match[type]": {"relationship,note"}}, count["relationship"] + count["note"],
			func(o stixObject) bool { return o.Type == "relationship" || o.Type == "note" }},
		{"ids", url.Values{"match[id]": {two}}, 2, func(o stixObject) bool { return strings.Contains(two, o.ID) }},
		{"version last", url.Values{"match[version]": {"last"}}, len(all), func(stixObject) bool { return true }},
		{"version all", url.Values{"match[version]": {"all"}}, len(all), func(stixObject) bool { return true }},
		{"version timestamp", url.Values{"match[version]": {"1999-01-01T00:00:00.000Z"}}, 0, nil},
		{"spec version", url.Values{"match[spec_version]": {"2.1"}}, len(all), func(stixObject) bool { return true }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tc.q.Set("limit", "10000")
			p := c.objects(colURL, tc.q)
			if len(p.objects) != tc.want || p.more {
				t.Errorf("%d objects (more %v), want %d", len(p.objects), p.more, tc.want)
			}
			for _, o := range p.objects {
				if !tc.check(o) {
					t.Errorf("%s does not match", o.ID)
				}
			}
		})
	}
}

func testAnalystCollection(t *testing.T, c *client, root, id string, s *graph.Store, schemas stixSchemas) {
	rels, err := s.AllRelations(ctx, nil, graph.Page{First: 1})
	if err != nil || len(rels.Relations) == 0 {
		t.Fatal(rels, err)
	}
	r := rels.Relations[0]
	if _, err := s.AssertRelation(ctx, graph.Assertion{Subject: r.Object, Predicate: ontology.Accuses, Object: r.Subject,
		Confidence: 0.3, Note: "the analyst's reading", Analyst: "ana"}); err != nil {
		t.Fatal(err)
	}
	objs, _ := c.all(root+"collections/"+id+"/", 50, time.Time{})
	asserted := false
	for _, o := range objs {
		schemas.validate(t, o.raw)
		var rel struct {
			Type       string
			Confidence int
			Evidence   []struct{ Extractor string } `json:"x_newsgraph_evidence"`
		}
		json.Unmarshal(o.raw, &rel)
		analyst := false
		for _, e := range rel.Evidence {
			analyst = analyst || e.Extractor == "analyst"
		}
		asserted = asserted || analyst && rel.Confidence == 30
		if rel.Type != "relationship" || (rel.Confidence < 90 && !analyst) {
			t.Errorf("analyst-confirmed holds %.300s", o.raw)
		}
	}
	if !asserted {
		t.Errorf("the asserted relation is not among %d analyst-confirmed objects", len(objs))
	}
}

func testInvestigation(t *testing.T, c *client, root string, s *graph.Store, schemas stixSchemas) {
	rels, err := s.AllRelations(ctx, nil, graph.Page{First: 1})
	if err != nil || len(rels.Relations) == 0 {
		t.Fatal(rels, err)
	}
	r := rels.Relations[0]
	now := time.Now()
	inv, err := s.CreateInvestigation(ctx, "Hainan", now)
	if err != nil {
		t.Fatal(err)
	}
	inv.Nodes = []graph.InvestigationNode{{ID: r.Subject}, {ID: r.Object, Pinned: true}}
	if inv, err = s.SaveInvestigation(ctx, inv.ID, inv, now); err != nil {
		t.Fatal(err)
	}
	var col collection
	for _, cl := range c.collections(root) {
		if cl.Title == "Hainan" {
			col = cl
		}
	}
	if col.ID == "" {
		t.Fatal("no collection for the investigation")
	}
	objs, _ := c.all(root+"collections/"+col.ID+"/", 3, time.Time{})
	types := map[string]int{}
	for _, o := range objs {
		schemas.validate(t, o.raw)
		types[o.Type]++
		if o.Type == "report" && !strings.Contains(string(o.raw), `"name":"Hainan"`) {
			t.Errorf("report %s", o.raw)
		}
	}
	if types["report"] != 1 || types["relationship"] == 0 || len(objs)-types["report"]-types["relationship"]-types["note"] != 2 {
		t.Errorf("investigation objects by type: %v", types)
	}
}

func testNote(t *testing.T, c *client, colURL string, since time.Time, s *graph.Store, schemas stixSchemas) {
	e, err := s.EntityByName(ctx, "MSS")
	if err != nil {
		t.Fatal(err)
	}
	n, err := s.AddNote(ctx, graph.Note{Target: e.ID, Text: "check the 2021 indictment", Author: "ana"})
	if err != nil {
		t.Fatal(err)
	}
	objs, _ := c.all(colURL, 100, since)
	found := false
	for _, o := range objs {
		schemas.validate(t, o.raw)
		if o.Type == "note" && strings.Contains(string(o.raw), n.ID) {
			found = true
			if !strings.Contains(string(o.raw), `"content":"check the 2021 indictment"`) || !strings.Contains(string(o.raw), `"authors":["ana"]`) {
				t.Errorf("note %s", o.raw)
			}
		}
	}
	if !found {
		t.Errorf("the new note is not among the %d objects polled after it", len(objs))
	}
}
