package server_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/newsgraph/newsgraph/server"
)

// FuzzGraphQLVariables sends hostile variables to real queries: the answer
// is always JSON with data or coded errors, never a 5xx, a panic or a leak.
func FuzzGraphQLVariables(f *testing.F) {
	f.Add(`{"ids":["country:china"],"depth":1}`)
	f.Add(`{"ids":[],"depth":-5}`)
	f.Add(`{"ids":"country:china","depth":"x"}`)
	f.Add(`{"after":"` + "\u0000\u00ff" + `","first":1e308}`)
	f.Add(`{"q":"` + string(bytes.Repeat([]byte("a"), 300)) + `"}`)
	f.Add(`null`)
	f.Add(`[`)
	queries := []string{
		`query($ids:[ID!]!,$depth:Int){ neighborhood(ids:$ids, depth:$depth){ nodes{ id } truncated } }`,
		`query($q:String,$first:Int,$after:String){ entities(query:$q, first:$first, after:$after){ totalCount edges{ cursor } } }`,
		`query($from:ID!,$to:ID!,$maxDepth:Int){ paths(from:$from, to:$to, maxDepth:$maxDepth){ length } }`,
	}
	f.Fuzz(func(t *testing.T, vars string) {
		s := newStoreF(t)
		h := server.New(server.Config{Store: s})
		for _, q := range queries {
			body, _ := json.Marshal(map[string]any{"query": q, "variables": json.RawMessage(vars)})
			if !json.Valid([]byte(vars)) {
				body = []byte(`{"query":` + string(mustJSON(q)) + `,"variables":` + vars + `}`)
			}
			req := httptest.NewRequest(http.MethodPost, "/graphql", bytes.NewReader(body))
			req.Header.Set("Content-Type", "application/json")
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			if rec.Code >= 500 {
				t.Fatalf("status %d for variables %q: %s", rec.Code, vars, rec.Body.String())
			}
			var resp gqlResponse
			if err := json.Unmarshal(rec.Body.Bytes(), &resp); err != nil {
				t.Fatalf("not JSON for variables %q: %s", vars, rec.Body.String())
			}
			for _, e := range resp.Errors {
				if e.Extensions["code"] == nil {
					t.Fatalf("error without a code: %+v", e)
				}
				if e.Extensions["code"] == "INTERNAL" {
					t.Fatalf("internal error for variables %q: %+v", vars, e)
				}
			}
		}
	})
}

func mustJSON(v any) []byte {
	b, _ := json.Marshal(v)
	return b
}
