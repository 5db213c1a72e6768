package server_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strconv"
	"sync"
	"testing"

	"github.com/newsgraph/newsgraph/data"
	"github.com/newsgraph/newsgraph/graph"
	"github.com/newsgraph/newsgraph/server"
)

var (
	corpusOnce  sync.Once
	corpusStore *graph.Store
	corpusErr   error
)

// corpus is a memory store with the demo corpus ingested, shared by the
// tests of this file (they only read).
func corpus(t *testing.T) *graph.Store {
	t.Helper()
	corpusOnce.Do(func() {
		s, err := graph.Open(context.Background(), graph.Config{Backend: graph.BackendMemory})
		if err != nil {
			corpusErr = err
			return
		}
		_, corpusErr = newPipeline(t, s).IngestFS(context.Background(), data.FS, "corpus")
		corpusStore = s
	})
	if corpusErr != nil {
		t.Fatal(corpusErr)
	}
	return corpusStore
}

// raw posts a query and returns the status and the response body as sent.
func raw(t *testing.T, h http.Handler, query string, vars map[string]any) (int, []byte) {
	t.Helper()
	body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	req := httptest.NewRequest(http.MethodPost, "/graphql", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec.Code, rec.Body.Bytes()
}

var fastCount = regexp.MustCompile(`(?m)^newsgraph_graphql_fast_operations_total ([0-9]+)$`)

// fastOps reads the fast-path counter from /metrics.
func fastOps(t *testing.T, h http.Handler) int {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/metrics", nil))
	body, _ := io.ReadAll(rec.Body)
	m := fastCount.FindSubmatch(body)
	if m == nil {
		t.Fatalf("no fast-path counter in /metrics")
	}
	n, _ := strconv.Atoi(string(m[1]))
	return n
}

// TestFastPathMatchesGqlgen runs every query through a server with the fast
// path and one without, and requires the same bytes: the fast path is an
// optimization, never a second opinion. fast says whether the fast path must
// have answered (false: it must have declined and left the query to gqlgen).
func TestFastPathMatchesGqlgen(t *testing.T) {
	s := corpus(t)
	ctx := context.Background()
	id := func(name string) string {
		e, err := s.EntityByName(ctx, name)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		return e.ID
	}
	mss, fbi, china, apt40 := id("MSS"), id("FBI"), id("China"), id("APT40")
	tests := []struct {
		name  string
		query string
		vars  map[string]any
		fast  bool
	}{
		{"two hops", `query($id:ID!){ neighborhood(ids:[$id], depth:2, limit:200){ truncated nodes{ id name type } edges{ id predicate subject{ id } object{ id } } } }`,
			map[string]any{"id": mss}, true},
		{"every fast field", `query($id:ID!){ neighborhood(ids:[$id], depth:2){ __typename truncated omitted{ __typename count entity{ id name } } nodes{ __typename id name type } edges{ __typename id predicate sources firstSeen lastSeen cameo stixType subject{ id name type } object{ name } } } }`,
			map[string]any{"id": china}, true},
		{"caps leave things out", `query($id:ID!){ neighborhood(ids:[$id], depth:2, limit:15, fanout:2){ truncated omitted{ entity{ id } count } nodes{ id } edges{ id } } }`,
			map[string]any{"id": china}, true},
		{"filters", `query($id:ID!,$p:[Predicate!],$t:[EntityType!]){ neighborhood(ids:[$id], depth:2, predicates:$p, types:$t, direction:OUT, from:"2020-01-01T00:00:00Z", to:"2030-01-01T00:00:00Z", minConfidence:0.5){ nodes{ id type } edges{ predicate } } }`,
			map[string]any{"id": fbi, "p": []string{"INVESTIGATES", "CHARGES", "ACCUSES"}, "t": []string{"THREAT_GROUP", "PERSON", "COUNTRY"}}, true},
		{"a single id where a list is expected", `{ neighborhood(ids:"` + mss + `"){ nodes{ id } } }`, nil, true},
		{"null arguments take no default", `query($id:ID!){ neighborhood(ids:[$id], depth:null, fanout:null){ nodes{ id } } }`,
			map[string]any{"id": mss}, true},
		{"aliases, fragments, directives", `query($id:ID!,$yes:Boolean!,$no:Boolean!){ a: neighborhood(ids:[$id]){ n: nodes{ ...ent } e: edges{ ...on Relation { p: predicate } ...on Node { id } s: subject{ id } } skipped: truncated @skip(if:$yes) kept: truncated @include(if:$yes) gone: nodes @include(if:$no){ id } } b: neighborhood(ids:[$id], depth:2, limit:5){ nodes{ id } nodes{ name } } } fragment ent on Entity { id name __typename }`,
			map[string]any{"id": mss, "yes": true, "no": false}, true},
		{"an end under two aliases", `query($id:ID!){ neighborhood(ids:[$id], depth:2, limit:40){ edges{ s: subject{ id } t: subject{ name id } object{ __typename id } o: object{ id type } } } }`,
			map[string]any{"id": mss}, true},
		{"paths", `query($a:ID!,$b:ID!){ paths(from:$a, to:$b, maxDepth:4, first:3){ __typename length nodes{ id name type } edges{ id predicate cameo stixType sources subject{ id } object{ id } } } }`,
			map[string]any{"a": fbi, "b": apt40}, true},
		{"paths and a neighborhood in one operation", `query($a:ID!,$b:ID!){ __typename p: paths(from:$a, to:$b, direction:BOTH, predicates:[INVESTIGATES, ACCUSES, AFFILIATED_WITH, PART_OF, CHARGES]){ length } n: neighborhood(ids:[$a, $b]){ nodes{ id } } }`,
			map[string]any{"a": mss, "b": fbi}, true},
		{"no path", `query($a:ID!){ paths(from:$a, to:$a, maxDepth:1){ length nodes{ id } } }`,
			map[string]any{"a": mss}, true},
		{"a field with a resolver declines", `query($id:ID!){ neighborhood(ids:[$id]){ nodes{ id } edges{ id confidence } } }`,
			map[string]any{"id": mss}, false},
		{"an entity field that reads the store declines", `query($id:ID!){ neighborhood(ids:[$id]){ nodes{ id aliases } } }`,
			map[string]any{"id": mss}, false},
		{"another root field declines", `query($id:ID!){ neighborhood(ids:[$id]){ nodes{ id } } stats{ entities } }`,
			map[string]any{"id": mss}, false},
		{"an exported subgraph declines", `query($id:ID!){ neighborhood(ids:[$id]){ cytoscape } }`,
			map[string]any{"id": mss}, false},
		{"an unknown entity is gqlgen's error", `{ neighborhood(ids:["person:nobody-at-all"]){ nodes{ id } } }`, nil, true},
		{"a bad limit is gqlgen's error", `query($id:ID!){ neighborhood(ids:[$id], limit:-4){ nodes{ id } } }`,
			map[string]any{"id": mss}, true},
		{"a path to nowhere is gqlgen's error", `query($a:ID!){ paths(from:$a, to:"rel:zzz"){ length } }`,
			map[string]any{"a": mss}, true},
		{"one root field of two fails", `query($a:ID!){ p: paths(from:$a, to:$a){ length }
  n: neighborhood(ids:["person:nobody-at-all"], depth:2){ nodes{ id } } }`,
			map[string]any{"a": mss}, true},
		{"a bad argument declines before any read", `query($a:ID!){ p: paths(from:$a, to:$a){ length } n: neighborhood(ids:[$a], direction:SIDEWAYS){ nodes{ id } } }`,
			map[string]any{"a": mss}, false},
	}
	fastSrv := server.New(server.Config{Store: s})
	slowSrv := server.New(server.Config{Store: s, NoFastPath: true})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := fastOps(t, fastSrv)
			code, got := raw(t, fastSrv, tt.query, tt.vars)
			took := fastOps(t, fastSrv) - before
			wantCode, want := raw(t, slowSrv, tt.query, tt.vars)
			if code != wantCode || !bytes.Equal(got, want) {
				t.Fatalf("fast path answered differently\nfast (%d): %.2000s\ngqlgen (%d): %.2000s", code, got, wantCode, want)
			}
			if tt.fast != (took == 1) {
				t.Fatalf("fast path took %d operations, want fast=%v; answer %.300s", took, tt.fast, got)
			}
			if tt.fast && !bytes.Contains(got, []byte(`"id"`)) && !bytes.Contains(got, []byte(`"length"`)) && !bytes.Contains(got, []byte(`"__typename"`)) &&
				!bytes.Contains(got, []byte(`"extensions":{"code":`)) {
				t.Fatalf("answer has no content: %s", got)
			}
		})
	}
}

// traversalCounter counts the traversals the resolvers ask of the store.
type traversalCounter struct {
	*graph.Store
	mu            sync.Mutex
	neighborhoods int
	paths         int
}

func (c *traversalCounter) Neighborhood(ctx context.Context, q graph.NeighborhoodQuery) (graph.Subgraph, error) {
	c.mu.Lock()
	c.neighborhoods++
	c.mu.Unlock()
	return c.Store.Neighborhood(ctx, q)
}

func (c *traversalCounter) ViewNeighborhood(ctx context.Context, q graph.NeighborhoodQuery, fn func(*graph.SubgraphView) error) error {
	c.mu.Lock()
	c.neighborhoods++
	c.mu.Unlock()
	return c.Store.ViewNeighborhood(ctx, q, fn)
}

func (c *traversalCounter) Paths(ctx context.Context, q graph.PathQuery) ([]graph.Path, error) {
	c.mu.Lock()
	c.paths++
	c.mu.Unlock()
	return c.Store.Paths(ctx, q)
}

// TestFastPathTraversesOnce: a traversal runs once per root field, also
// when the store refuses it (the fast path answers the error itself) and
// when the fast path declines (it declines before it reads).
func TestFastPathTraversesOnce(t *testing.T) {
	s := corpus(t)
	mss, err := s.EntityByName(context.Background(), "MSS")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name                   string
		query                  string
		neighborhoods, paths   int
		wantError, wantDecline bool
	}{
		{"an answer", `query($id:ID!){ neighborhood(ids:[$id]){ nodes{ id } } }`, 1, 0, false, false},
		{"an unknown entity", `{ neighborhood(ids:["person:nobody-at-all"]){ nodes{ id } } }`, 1, 0, true, false},
		{"a bad limit", `query($id:ID!){ neighborhood(ids:[$id], limit:-4){ nodes{ id } } }`, 1, 0, true, false},
		{"two root fields, one fails", `query($id:ID!){ paths(from:$id, to:"rel:zzz"){ length } neighborhood(ids:[$id]){ nodes{ id } } }`, 1, 1, true, false},
		{"declined", `query($id:ID!){ neighborhood(ids:[$id]){ nodes{ id aliases } } }`, 1, 0, false, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cs := &traversalCounter{Store: s}
			h := server.New(server.Config{Store: s, API: cs})
			before := fastOps(t, h)
			_, body := raw(t, h, tt.query, map[string]any{"id": mss.ID})
			if cs.neighborhoods != tt.neighborhoods || cs.paths != tt.paths {
				t.Errorf("%d neighborhoods and %d paths read, want %d and %d", cs.neighborhoods, cs.paths, tt.neighborhoods, tt.paths)
			}
			if got := bytes.Contains(body, []byte(`"errors"`)); got != tt.wantError {
				t.Errorf("errors in the answer: %v, want %v: %.300s", got, tt.wantError, body)
			}
			if declined := fastOps(t, h) == before; declined != tt.wantDecline {
				t.Errorf("fast path declined: %v, want %v", declined, tt.wantDecline)
			}
		})
	}
}

// TestFastPathRespectsLimits: the refusals run before the fast path.
func TestFastPathRespectsLimits(t *testing.T) {
	s := corpus(t)
	h := server.New(server.Config{Store: s, Limits: server.Limits{MaxComplexity: 50, MaxDepth: 3}})
	before := fastOps(t, h)
	_, body := raw(t, h, `{ neighborhood(ids:["x"], depth:2){ nodes{ id } edges{ id subject{ id } } } }`, nil)
	if !bytes.Contains(body, []byte("COMPLEXITY_LIMIT")) {
		t.Fatalf("expected COMPLEXITY_LIMIT, got %s", body)
	}
	if fastOps(t, h) != before {
		t.Fatal("the fast path ran a refused query")
	}
}

// TestFastPathRunsInterceptors: the fast path's answers pass through the
// interceptors around operations (here the metrics), its errors included.
func TestFastPathRunsInterceptors(t *testing.T) {
	s := corpus(t)
	mss, err := s.EntityByName(context.Background(), "MSS")
	if err != nil {
		t.Fatal(err)
	}
	count := func(h http.Handler, outcome string) int {
		for _, m := range opSample.FindAllSubmatch(scrape(t, h), -1) {
			if string(m[1]) == "anonymous" && string(m[2]) == outcome {
				n, _ := strconv.Atoi(string(m[3]))
				return n
			}
		}
		return 0
	}
	for _, tt := range []struct {
		name, query, outcome string
	}{
		{"an answer", `query($id:ID!){ neighborhood(ids:[$id]){ nodes{ id } } }`, "ok"},
		{"an error", `{ neighborhood(ids:["person:nobody-at-all"]){ nodes{ id } } }`, "error"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			h := server.New(server.Config{Store: s})
			fast, ops := fastOps(t, h), count(h, tt.outcome)
			raw(t, h, tt.query, map[string]any{"id": mss.ID})
			if fastOps(t, h) != fast+1 {
				t.Fatal("the fast path did not answer")
			}
			if got := count(h, tt.outcome); got != ops+1 {
				t.Errorf("operations with outcome %s: %d, want %d", tt.outcome, got, ops+1)
			}
		})
	}
}
