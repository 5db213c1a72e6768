package server_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/newsgraph/newsgraph/extract"
	"github.com/newsgraph/newsgraph/graph"
	"github.com/newsgraph/newsgraph/ingest"
	"github.com/newsgraph/newsgraph/ontology"
	"github.com/newsgraph/newsgraph/resolvers"
	"github.com/newsgraph/newsgraph/server"
	"github.com/newsgraph/newsgraph/server/web"
)

// gqlResponse is a GraphQL response as JSON.
type gqlResponse struct {
	Data   json.RawMessage `json:"data"`
	Errors []struct {
		Message    string         `json:"message"`
		Extensions map[string]any `json:"extensions"`
	} `json:"errors"`
}

func (r gqlResponse) codes() []string {
	var out []string
	for _, e := range r.Errors {
		c, _ := e.Extensions["code"].(string)
		out = append(out, c)
	}
	return out
}

type client struct {
	t     *testing.T
	h     http.Handler
	token string
}

func (c client) do(query string, vars map[string]any) gqlResponse {
	c.t.Helper()
	body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	req := httptest.NewRequest(http.MethodPost, "/graphql", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	if c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	rec := httptest.NewRecorder()
	c.h.ServeHTTP(rec, req)
	var resp gqlResponse
	if err := json.Unmarshal(rec.Body.Bytes(), &resp); err != nil {
		c.t.Fatalf("response is not JSON (%d): %s", rec.Code, rec.Body.String())
	}
	return resp
}

// data runs a query that must succeed and decodes its data into out.
func (c client) data(query string, vars map[string]any, out any) {
	c.t.Helper()
	resp := c.do(query, vars)
	if len(resp.Errors) > 0 {
		c.t.Fatalf("query failed: %+v\n%s", resp.Errors, query)
	}
	if err := json.Unmarshal(resp.Data, out); err != nil {
		c.t.Fatalf("decode %s: %v", resp.Data, err)
	}
}

func newStore(t *testing.T) *graph.Store { return newStoreF(t) }

func newStoreF(t testing.TB) *graph.Store {
	s, err := graph.Open(context.Background(), graph.Config{Backend: graph.BackendMemory})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func newPipeline(t *testing.T, s *graph.Store) *ingest.Pipeline {
	ext, err := extract.Default()
	if err != nil {
		t.Fatal(err)
	}
	return ingest.New(s, ext, ingest.Options{})
}

const article = `Justice Department charges hackers working for China's spy agency

Published: 2021-07-19

The Justice Department on Monday charged four Chinese nationals who worked with the Ministry of State Security (MSS).

NATO condemned China for the hacking campaign. The FBI investigated the group known as APT40.`

func TestEndToEnd(t *testing.T) {
	s := newStore(t)
	pipe := newPipeline(t, s)
	c := client{t: t, h: server.New(server.Config{Store: s, Ingest: pipe})}

	var ing struct {
		IngestDocument struct {
			Created  bool
			Document struct{ ID, Title string }
		}
	}
	c.data(`mutation($t:String!){ ingestDocument(input:{text:$t, source:"test.txt"}){ created document{ id title } } }`, map[string]any{"t": article}, &ing)
	if !ing.IngestDocument.Created || !strings.HasPrefix(ing.IngestDocument.Document.ID, "doc:") {
		t.Fatalf("ingest = %+v", ing)
	}
	var st struct {
		Stats struct{ Quads, Entities, Documents int }
	}
	c.data(`{ stats { quads entities documents } }`, nil, &st)
	if st.Stats.Documents != 1 || st.Stats.Entities == 0 {
		t.Fatalf("stats = %+v", st)
	}

	var got struct {
		Entity struct {
			ID, Name, Type string
			Aliases        []string
			Relations      struct {
				TotalCount int
				Edges      []struct {
					Node struct {
						Predicate string
						Subject   struct{ Name string }
						Object    struct{ Name string }
						Evidence  []struct {
							Sentence   string
							Start, End int
							Document   struct{ ID string }
						}
					}
				}
			}
		}
	}
	c.data(`{ entity(name:"mss"){ id name type aliases relations { totalCount edges { node { predicate subject{name} object{name} evidence { sentence start end document{id} } } } } } }`, nil, &got)
	e := got.Entity
	if e.Name != "Ministry of State Security" || e.Type != "AGENCY" {
		t.Fatalf("entity(name: mss) = %+v", e)
	}
	if e.Relations.TotalCount == 0 {
		t.Fatalf("MSS has no relations")
	}
	ev := e.Relations.Edges[0].Node.Evidence
	if len(ev) == 0 || ev[0].Document.ID != ing.IngestDocument.Document.ID {
		t.Fatalf("evidence = %+v", ev)
	}
	// the offsets point at the sentence in the stored text
	var doc struct{ Document struct{ Text string } }
	c.data(`query($id:ID!){ document(id:$id){ text } }`, map[string]any{"id": ev[0].Document.ID}, &doc)
	if doc.Document.Text[ev[0].Start:ev[0].End] != ev[0].Sentence {
		t.Errorf("evidence offsets %d-%d do not select the sentence", ev[0].Start, ev[0].End)
	}

	// re-ingesting changes nothing; deleting restores the empty store
	c.data(`mutation($t:String!){ ingestDocument(input:{text:$t}){ created document{ id title } } }`, map[string]any{"t": article}, &ing)
	if ing.IngestDocument.Created {
		t.Errorf("second ingest created the document again")
	}
	var st2 struct {
		Stats struct{ Quads, Entities, Documents int }
	}
	c.data(`{ stats { quads entities documents } }`, nil, &st2)
	if st2 != st {
		t.Errorf("stats after re-ingest %+v, want %+v", st2, st)
	}
	var del struct{ DeleteDocument bool }
	c.data(`mutation($id:ID!){ deleteDocument(id:$id) }`, map[string]any{"id": ing.IngestDocument.Document.ID}, &del)
	c.data(`{ stats { quads entities documents } }`, nil, &st2)
	if !del.DeleteDocument || st2.Stats.Quads != 0 || st2.Stats.Entities != 0 {
		t.Errorf("after delete: %v %+v", del, st2)
	}
}

// seedStar writes a hub accused by n sources, each in its own document with
// a sentence.
func seedStar(t *testing.T, s *graph.Store, n int) {
	hub := graph.Entity{ID: "country:china", Name: "China", Type: ontology.Country, Aliases: []string{"PRC"}}
	for i := 0; i < n; i++ {
		acc := graph.Entity{ID: fmt.Sprintf("agency:agency-%03d", i), Name: fmt.Sprintf("Agency %03d", i), Type: ontology.Agency}
		text := fmt.Sprintf("Agency %03d accused China.", i)
		_, err := s.WriteDocument(context.Background(), &graph.Batch{
			Document: &graph.Document{ID: fmt.Sprintf("doc:%064d", i), Title: fmt.Sprintf("Report %d", i), Text: text, Published: time.Date(2021, 1, 1+i%28, 0, 0, 0, 0, time.UTC)},
			Entities: []graph.Entity{hub, acc},
			Claims:   []graph.Claim{{Subject: acc.ID, Predicate: ontology.Accuses, Object: hub.ID, Sentence: text, Start: 0, End: len(text), Confidence: 0.9, Extractor: "test"}},
		})
		if err != nil {
			t.Fatal(err)
		}
	}
}

func TestErrorCodes(t *testing.T) {
	s := newStore(t)
	seedStar(t, s, 3)
	pipe := newPipeline(t, s)
	open := client{t: t, h: server.New(server.Config{Store: s, Ingest: pipe})}
	locked := client{t: t, h: server.New(server.Config{Store: s, Ingest: pipe, Token: "sekrit"})}
	readOnly := client{t: t, h: server.New(server.Config{Store: s, Ingest: pipe, ReadOnly: true})}
	deep := "{ entity(name:\"China\"){" + strings.Repeat(" relations{ edges{ node{ subject{", 4) + " name " + strings.Repeat("}}}}", 4) + "}}"
	tests := []struct {
		name  string
		c     client
		query string
		code  string
	}{
		{"unknown neighborhood seed", open, `{ neighborhood(ids:["country:atlantis"]){ truncated } }`, "NOT_FOUND"},
		{"unknown path end", open, `{ paths(from:"country:china", to:"country:atlantis"){ length } }`, "NOT_FOUND"},
		{"delete unknown document", open, `mutation { deleteDocument(id:"doc:nope") }`, "NOT_FOUND"},
		{"bad cursor", open, `{ entities(after:"not-a-cursor"){ totalCount } }`, "BAD_USER_INPUT"},
		{"first too large", open, `{ entities(first: 100000){ totalCount } }`, "BAD_USER_INPUT"},
		{"first negative", open, `{ relations(first: -1){ totalCount } }`, "BAD_USER_INPUT"},
		{"depth too large", open, `{ neighborhood(ids:["country:china"], depth: 9){ truncated } }`, "BAD_USER_INPUT"},
		{"path depth too large", open, `{ paths(from:"country:china", to:"agency:agency-001", maxDepth: 60){ length } }`, "BAD_USER_INPUT"},
		{"syntax error", open, `{ entities(`, "GRAPHQL_PARSE_FAILED"},
		{"unknown field", open, `{ nope }`, "GRAPHQL_VALIDATION_FAILED"},
		{"too deep", open, deep, "COMPLEXITY_LIMIT"},
		{"too expensive", open, `{ entities(first:500){ edges{ node{ relations(first:500){ edges{ node{ claims{ sentence } } } } } } } }`, "COMPLEXITY_LIMIT"},
		{"mutation without token", locked, `mutation { deleteDocument(id:"doc:nope") }`, "UNAUTHENTICATED"},
		{"mutation on read-only server", readOnly, `mutation { deleteDocument(id:"doc:nope") }`, "FORBIDDEN"},
		{"empty document", open, `mutation { ingestDocument(input:{text:"   "}){ created } }`, "BAD_USER_INPUT"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			resp := tc.c.do(tc.query, nil)
			codes := resp.codes()
			if len(codes) == 0 || codes[0] != tc.code {
				t.Errorf("codes = %v (%+v), want %s", codes, resp.Errors, tc.code)
			}
			for _, e := range resp.Errors {
				if strings.Contains(e.Message, ".go:") || strings.Contains(e.Message, "goroutine") {
					t.Errorf("error leaks internals: %q", e.Message)
				}
			}
		})
	}
	// with the token, the mutation reaches the resolver (and finds nothing)
	withToken := locked
	withToken.token = "sekrit"
	if codes := withToken.do(`mutation { deleteDocument(id:"doc:nope") }`, nil).codes(); len(codes) != 1 || codes[0] != "NOT_FOUND" {
		t.Errorf("with token: codes = %v, want NOT_FOUND", codes)
	}
	// queries need no token
	if resp := locked.do(`{ stats { entities } }`, nil); len(resp.Errors) > 0 {
		t.Errorf("query on a token server: %+v", resp.Errors)
	}
}

func TestPaginationWalk(t *testing.T) {
	s := newStore(t)
	seedStar(t, s, 37)
	c := client{t: t, h: server.New(server.Config{Store: s})}
	for _, tc := range []struct{ name, query string }{
		{"entities", `query($a:String){ page: entities(first:5, after:$a){ totalCount pageInfo{ hasNextPage endCursor } edges{ cursor node{ id } } } }`},
		{"relations", `query($a:String){ page: relations(first:5, after:$a){ totalCount pageInfo{ hasNextPage endCursor } edges{ cursor node{ id } } } }`},
		{"entity relations", `query($a:String){ entity(id:"country:china"){ page: relations(first:5, after:$a){ totalCount pageInfo{ hasNextPage endCursor } edges{ cursor node{ id } } } } }`},
		{"documents", `query($a:String){ page: documents(first:5, after:$a){ totalCount pageInfo{ hasNextPage endCursor } edges{ cursor node{ id } } } }`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			seen := map[string]bool{}
			var after any
			total := -1
			for pages := 0; pages < 100; pages++ {
				var out struct {
					Page   *pageOf
					Entity struct{ Page *pageOf }
				}
				c.data(tc.query, map[string]any{"a": after}, &out)
				p := out.Page
				if p == nil {
					p = out.Entity.Page
				}
				total = p.TotalCount
				for _, e := range p.Edges {
					if seen[e.Node.ID] {
						t.Fatalf("duplicate %s", e.Node.ID)
					}
					seen[e.Node.ID] = true
				}
				if !p.PageInfo.HasNextPage {
					break
				}
				after = p.PageInfo.EndCursor
			}
			if len(seen) != total || total == 0 {
				t.Errorf("walked %d items, totalCount %d", len(seen), total)
			}
		})
	}
}

type pageOf struct {
	TotalCount int
	PageInfo   struct {
		HasNextPage bool
		EndCursor   string
	}
	Edges []struct {
		Cursor string
		Node   struct{ ID string }
	}
}

// countingStore counts the store calls the resolvers make.
type countingStore struct {
	resolvers.Store
	calls atomic.Int64
}

func (c *countingStore) Entities(ctx context.Context, ids []string) ([]graph.Entity, error) {
	c.calls.Add(1)
	return c.Store.Entities(ctx, ids)
}

func (c *countingStore) Entity(ctx context.Context, id string) (graph.Entity, error) {
	c.calls.Add(1)
	return c.Store.Entity(ctx, id)
}

func (c *countingStore) Claims(ctx context.Context, ids []string) (map[string][]graph.Claim, error) {
	c.calls.Add(1)
	return c.Store.Claims(ctx, ids)
}

func (c *countingStore) DocumentsByID(ctx context.Context, ids []string) ([]graph.Document, error) {
	c.calls.Add(1)
	return c.Store.DocumentsByID(ctx, ids)
}

func (c *countingStore) Document(ctx context.Context, id string, text bool) (graph.Document, error) {
	c.calls.Add(1)
	return c.Store.Document(ctx, id, text)
}

func (c *countingStore) Relations(ctx context.Context, id string, f graph.RelationFilter, p graph.Page) (graph.RelationPage, error) {
	c.calls.Add(1)
	return c.Store.Relations(ctx, id, f, p)
}

// TestDataloaders shows that a nested query over 100 relations with their
// subjects, objects, confidence and evidence documents makes a constant
// number of store reads.
func TestDataloaders(t *testing.T) {
	for _, n := range []int{10, 100} {
		s := newStore(t)
		seedStar(t, s, n)
		cs := &countingStore{Store: s}
		c := client{t: t, h: server.New(server.Config{Store: s, API: cs})}
		var out struct {
			Entity struct {
				Relations struct {
					Edges []struct {
						Node struct {
							Subject    struct{ Name string }
							Object     struct{ Name string }
							Confidence float64
							Evidence   []struct {
								Sentence string
								Document struct{ Title string }
							}
						}
					}
				}
			}
		}
		c.data(`{ entity(id:"country:china"){ relations(first:100){ edges{ node{ subject{name} object{name} confidence evidence{ sentence document{ title } } } } } } }`, nil, &out)
		edges := out.Entity.Relations.Edges
		if len(edges) != n {
			t.Fatalf("got %d relations, want %d", len(edges), n)
		}
		for _, e := range edges {
			if len(e.Node.Evidence) != 1 || !strings.HasPrefix(e.Node.Evidence[0].Document.Title, "Report") || e.Node.Subject.Name == "" {
				t.Fatalf("relation %+v incomplete", e.Node)
			}
		}
		// 1 entity + 1 relations page + 1 batch of entities + 1 batch of claims + 1 batch of documents
		if got := cs.calls.Load(); got > 6 {
			t.Errorf("%d relations cost %d store reads, want a constant ≤ 6", n, got)
		}
		t.Logf("%d relations with subjects, objects, confidence and evidence documents: %d store reads", n, cs.calls.Load())
	}
}

func TestPagesAndHealth(t *testing.T) {
	s := newStore(t)
	h := server.New(server.Config{Store: s})
	for _, tc := range []struct {
		path, want string
		csp        bool
	}{
		{"/healthz", "ok", false},
		{"/playground", "<", true},
		{"/", "<", true},
		{"/metrics", "newsgraph_store_quads", false},
	} {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, tc.path, nil))
		if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), tc.want) {
			t.Errorf("GET %s = %d, body %.80q", tc.path, rec.Code, rec.Body.String())
		}
		if tc.csp && !strings.Contains(rec.Header().Get("Content-Security-Policy"), "default-src 'self'") {
			t.Errorf("GET %s: no same-origin CSP", tc.path)
		}
	}
	// GET queries work too
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/graphql?query=%7Bstats%7Bquads%7D%7D", nil))
	if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), `"quads":0`) {
		t.Errorf("GET /graphql = %d %s", rec.Code, rec.Body.String())
	}
	// CORS is closed by default
	req := httptest.NewRequest(http.MethodOptions, "/graphql", nil)
	req.Header.Set("Origin", "https://evil.example")
	rec = httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Header().Get("Access-Control-Allow-Origin") != "" {
		t.Errorf("CORS open to any origin")
	}
	// a body over the limit is refused
	small := server.New(server.Config{Store: s, MaxBodyBytes: 100})
	rec = httptest.NewRecorder()
	req = httptest.NewRequest(http.MethodPost, "/graphql", strings.NewReader(`{"query":"`+strings.Repeat(" ", 200)+`{stats{quads}}"}`))
	req.Header.Set("Content-Type", "application/json")
	small.ServeHTTP(rec, req)
	if rec.Code != http.StatusRequestEntityTooLarge {
		t.Errorf("oversized body: status %d", rec.Code)
	}
}

// pagePolicy is the one Content-Security-Policy of the pages.
const pagePolicy = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; " +
	"img-src 'self' data: blob:; font-src 'self' data:; worker-src 'self' blob:; connect-src 'self'; " +
	"object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"

// TestPagesCarryOneCSP requests the pages and their assets over HTTP from the
// real handler: each response carries exactly one Content-Security-Policy
// header, the pages' policy.
func TestPagesCarryOneCSP(t *testing.T) {
	if web.ContentSecurityPolicy != pagePolicy {
		t.Errorf("web.ContentSecurityPolicy = %q, want %q", web.ContentSecurityPolicy, pagePolicy)
	}
	ts := httptest.NewServer(server.New(server.Config{Store: newStore(t)}))
	defer ts.Close()
	paths := []string{"/", "/playground", "/playground/", "/explorer/", "/playground/missing.js"}
	for _, app := range []string{"playground", "explorer"} {
		assets, _ := fs.Glob(web.FS(), app+"/*.js")
		workers, _ := fs.Glob(web.FS(), app+"/workers/*.js")
		if len(assets) == 0 {
			t.Fatalf("no scripts of the %s in web.FS()", app)
		}
		for _, a := range append(assets, workers...) {
			paths = append(paths, "/"+a)
		}
	}
	for _, p := range paths {
		resp, err := http.Get(ts.URL + p)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if got := resp.Header.Values("Content-Security-Policy"); len(got) != 1 || got[0] != pagePolicy {
			t.Errorf("GET %s (%d): Content-Security-Policy %q, want one header %q", p, resp.StatusCode, got, pagePolicy)
		}
		for _, h := range []string{"X-Content-Type-Options", "Referrer-Policy", "X-Frame-Options"} {
			if got := resp.Header.Values(h); len(got) != 1 {
				t.Errorf("GET %s: %s %q, want one header", p, h, got)
			}
		}
	}
}

// TestIntrospection: GraphiQL's introspection query passes the depth limit
// unless introspection is turned off.
func TestIntrospection(t *testing.T) {
	s := newStore(t)
	q := `query IntrospectionQuery { __schema { queryType { name } types { ...FullType } } }
fragment FullType on __Type { kind name fields(includeDeprecated: true) { name args { ...InputValue } type { ...TypeRef } } }
fragment InputValue on __InputValue { name type { ...TypeRef } }
fragment TypeRef on __Type { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name } } } } } } } }`
	on := client{t: t, h: server.New(server.Config{Store: s})}
	if resp := on.do(q, nil); len(resp.Errors) > 0 {
		t.Errorf("introspection refused: %+v", resp.Errors)
	}
	off := client{t: t, h: server.New(server.Config{Store: s, NoIntrospection: true})}
	if resp := off.do(q, nil); len(resp.Errors) == 0 {
		t.Errorf("introspection allowed with NoIntrospection")
	}
}

// TestPersistedQueries: automatic persisted queries (the Apollo protocol):
// a hash alone is unknown until the query has been sent once with it.
func TestPersistedQueries(t *testing.T) {
	s := newStore(t)
	h := server.New(server.Config{Store: s})
	query := `{ stats { quads } }`
	sum := sha256.Sum256([]byte(query))
	ext := map[string]any{"persistedQuery": map[string]any{"version": 1, "sha256Hash": hex.EncodeToString(sum[:])}}
	send := func(body map[string]any) gqlResponse {
		b, _ := json.Marshal(body)
		req := httptest.NewRequest(http.MethodPost, "/graphql", bytes.NewReader(b))
		req.Header.Set("Content-Type", "application/json")
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		var resp gqlResponse
		json.Unmarshal(rec.Body.Bytes(), &resp)
		return resp
	}
	if resp := send(map[string]any{"extensions": ext}); len(resp.Errors) == 0 || resp.Errors[0].Message != "PersistedQueryNotFound" {
		t.Fatalf("unknown hash: %+v", resp)
	}
	if resp := send(map[string]any{"query": query, "extensions": ext}); len(resp.Errors) > 0 {
		t.Fatalf("query with hash: %+v", resp.Errors)
	}
	if resp := send(map[string]any{"extensions": ext}); len(resp.Errors) > 0 || !strings.Contains(string(resp.Data), "quads") {
		t.Errorf("hash alone after registration: %+v %s", resp.Errors, resp.Data)
	}
}

// TestDocumentSourceID: the id a client gives a document is kept as its
// sourceId, and documents(sourceId:) finds the document by it; its own id
// stays the hash of its text.
func TestDocumentSourceID(t *testing.T) {
	s := newStore(t)
	c := client{t: t, h: server.New(server.Config{Store: s, Ingest: newPipeline(t, s)})}
	var ing struct {
		IngestDocument struct{ Document struct{ ID, SourceID string } }
	}
	c.data(`mutation($t:String!){ ingestDocument(input:{text:$t, sourceId:"feed-42"}){ document{ id sourceId } } }`,
		map[string]any{"t": article}, &ing)
	d := ing.IngestDocument.Document
	if d.SourceID != "feed-42" || !strings.HasPrefix(d.ID, "doc:") {
		t.Fatalf("ingested document %+v", d)
	}
	for _, tt := range []struct {
		sourceID string
		want     []string
	}{{"feed-42", []string{d.ID}}, {"feed-43", nil}} {
		var got struct {
			Documents struct {
				TotalCount int
				Edges      []struct{ Node struct{ ID, SourceID string } }
			}
		}
		c.data(`query($s:String){ documents(sourceId:$s){ totalCount edges{ node{ id sourceId } } } }`, map[string]any{"s": tt.sourceID}, &got)
		var ids []string
		for _, e := range got.Documents.Edges {
			ids = append(ids, e.Node.ID)
			if e.Node.SourceID != tt.sourceID {
				t.Errorf("documents(sourceId: %q) returned one with sourceId %q", tt.sourceID, e.Node.SourceID)
			}
		}
		if strings.Join(ids, ",") != strings.Join(tt.want, ",") || got.Documents.TotalCount != len(tt.want) {
			t.Errorf("documents(sourceId: %q) = %v (total %d), want %v", tt.sourceID, ids, got.Documents.TotalCount, tt.want)
		}
	}
}
