package server_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/newsgraph/newsgraph/server"
)

// TestRefusalsAreCodedJSON: requests refused before they reach the GraphQL
// executor (wrong method, media type, transport, a body too large) get the
// same JSON as every other error, with a status and a code.
func TestRefusalsAreCodedJSON(t *testing.T) {
	s := newStore(t)
	h := server.New(server.Config{Store: s, MaxBodyBytes: 1000})
	big := `{"query":"{ stats { quads } }","variables":{"x":"` + strings.Repeat("a", 2000) + `"}}`
	tests := []struct {
		name        string
		method      string
		contentType string
		header      map[string]string
		body        string
		chunked     bool // no Content-Length: the limit is met while reading
		status      int
		code        string
	}{
		{"body over the limit", http.MethodPost, "application/json", nil, big, false, 413, "REQUEST_TOO_LARGE"},
		{"body over the limit, chunked", http.MethodPost, "application/json", nil, big, true, 413, "REQUEST_TOO_LARGE"},
		{"form post", http.MethodPost, "application/x-www-form-urlencoded", nil, "query=%7Bstats%7Bquads%7D%7D", false, 415, "UNSUPPORTED_MEDIA_TYPE"},
		{"no content type", http.MethodPost, "", nil, `{"query":"{ stats { quads } }"}`, false, 415, "UNSUPPORTED_MEDIA_TYPE"},
		{"graphql media type", http.MethodPost, "application/graphql", nil, `{ stats { quads } }`, false, 415, "UNSUPPORTED_MEDIA_TYPE"},
		{"PUT", http.MethodPut, "application/json", nil, `{"query":"{ stats { quads } }"}`, false, 405, "METHOD_NOT_ALLOWED"},
		{"DELETE", http.MethodDelete, "", nil, "", false, 405, "METHOD_NOT_ALLOWED"},
		{"websocket", http.MethodGet, "", map[string]string{"Upgrade": "websocket", "Connection": "Upgrade"}, "", false, 400, "UNSUPPORTED_TRANSPORT"},
		{"not JSON", http.MethodPost, "application/json", nil, `{"query":`, false, 400, "BAD_USER_INPUT"},
		{"variables not an object", http.MethodPost, "application/json", nil, `{"query":"{ stats { quads } }","variables":[1]}`, false, 200, "BAD_USER_INPUT"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var body io.Reader = strings.NewReader(tc.body)
			if tc.chunked {
				body = struct{ io.Reader }{body} // hides the length from NewRequest
			}
			req := httptest.NewRequest(tc.method, "/graphql", body)
			if tc.contentType != "" {
				req.Header.Set("Content-Type", tc.contentType)
			}
			for k, v := range tc.header {
				req.Header.Set(k, v)
			}
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			checkCoded(t, rec, tc.status, tc.code)
		})
	}
}

// checkCoded requires a response of status whose body is GraphQL's error
// JSON with one error of code.
func checkCoded(t *testing.T, rec *httptest.ResponseRecorder, status int, code string) {
	t.Helper()
	var resp gqlResponse
	if err := json.Unmarshal(rec.Body.Bytes(), &resp); err != nil {
		t.Fatalf("status %d, body is not JSON: %q", rec.Code, rec.Body.String())
	}
	if rec.Code != status {
		t.Errorf("status %d, want %d (%s)", rec.Code, status, rec.Body.String())
	}
	if ct := rec.Header().Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Errorf("Content-Type %q", ct)
	}
	if codes := resp.codes(); len(codes) != 1 || codes[0] != code || resp.Errors[0].Message == "" {
		t.Errorf("errors %+v, want one with code %s", resp.Errors, code)
	}
}

// TestGETRefusals: GET runs queries only, and its errors are coded too.
func TestGETRefusals(t *testing.T) {
	s := newStore(t)
	h := server.New(server.Config{Store: s})
	tests := []struct {
		name, url string
		status    int
		code      string
	}{
		{"mutation", "/graphql?query=" + urlQuery(`mutation { deleteDocument(id: "doc:x") }`), 405, "METHOD_NOT_ALLOWED"},
		{"bad variables", "/graphql?query=" + urlQuery(`{ stats { quads } }`) + "&variables=%7B", 200, "BAD_USER_INPUT"},
		{"variables nested too deep", "/graphql?query=" + urlQuery(`{ stats { quads } }`) + "&variables=" + urlQuery(`{"a":`+strings.Repeat("[", 100)+strings.Repeat("]", 100)+`}`), 200, "NESTING_LIMIT"},
		{"no query", "/graphql", 422, "GRAPHQL_VALIDATION_FAILED"},
		{"unknown field", "/graphql?query=" + urlQuery(`{ nope }`), 422, "GRAPHQL_VALIDATION_FAILED"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, tc.url, nil))
			checkCoded(t, rec, tc.status, tc.code)
		})
	}
}

func urlQuery(s string) string {
	return strings.NewReplacer("%", "%25", "&", "%26", "+", "%2B", " ", "+", "#", "%23", "{", "%7B", "}", "%7D", `"`, "%22").Replace(s)
}

// TestCancelledRequest: a request whose context has ended is not parsed or
// validated.
func TestCancelledRequest(t *testing.T) {
	s := newStore(t)
	h := server.New(server.Config{Store: s})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	req := httptest.NewRequestWithContext(ctx, http.MethodPost, "/graphql", strings.NewReader(`{"query":"{ stats { quads } }"}`))
	req.Header.Set("Content-Type", "application/json")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	checkCoded(t, rec, 200, "TIMEOUT")
}

// TestBearerScheme: the scheme's name is case-insensitive (RFC 7235); the
// token is not.
func TestBearerScheme(t *testing.T) {
	s := newStore(t)
	h := server.New(server.Config{Store: s, Ingest: newPipeline(t, s), Token: "Sekrit"})
	const mutation = `mutation { deleteDocument(id: "doc:nope") }`
	tests := []struct {
		header string
		code   string // NOT_FOUND: the resolver ran
	}{
		{"Bearer Sekrit", "NOT_FOUND"},
		{"bearer Sekrit", "NOT_FOUND"},
		{"BEARER Sekrit", "NOT_FOUND"},
		{"bEaReR   Sekrit ", "NOT_FOUND"},
		{"Bearer sekrit", "UNAUTHENTICATED"},
		{"Basic Sekrit", "UNAUTHENTICATED"},
		{"Sekrit", "UNAUTHENTICATED"},
		{"BearerSekrit", "UNAUTHENTICATED"},
		{"", "UNAUTHENTICATED"},
	}
	for _, tc := range tests {
		t.Run(tc.header, func(t *testing.T) {
			b, _ := json.Marshal(map[string]any{"query": mutation})
			req := httptest.NewRequest(http.MethodPost, "/graphql", strings.NewReader(string(b)))
			req.Header.Set("Content-Type", "application/json")
			if tc.header != "" {
				req.Header.Set("Authorization", tc.header)
			}
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			var resp gqlResponse
			json.Unmarshal(rec.Body.Bytes(), &resp)
			if codes := resp.codes(); len(codes) != 1 || codes[0] != tc.code {
				t.Errorf("codes %v, want %s", codes, tc.code)
			}
		})
	}
	// the backup endpoint takes the same header, and refuses in JSON
	backup := func(header string) *httptest.ResponseRecorder {
		req := httptest.NewRequest(http.MethodGet, "/admin/backup", nil)
		req.Header.Set("Authorization", header)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		return rec
	}
	checkCoded(t, backup("Bearer nope"), 401, "UNAUTHENTICATED")
	// past the token: a memory store has no file to copy
	checkCoded(t, backup("bearer Sekrit"), 400, "BAD_USER_INPUT")
}

// TestIngestDocumentRefusesBinary: ingestDocument refuses a text that is
// not text (an executable, an image, random bytes, sent as a JSON string)
// with BAD_USER_INPUT, and writes nothing.
func TestIngestDocumentRefusesBinary(t *testing.T) {
	s := newStore(t)
	c := client{t: t, h: server.New(server.Config{Store: s, Ingest: newPipeline(t, s)})}
	random := make([]byte, 4096)
	for i := range random {
		random[i] = byte(i * 7919 % 251)
	}
	const mutation = `mutation($t: String!) { ingestDocument(input: {text: $t, source: "upload"}) { created } }`
	for name, text := range map[string]string{
		"ELF":    "\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x03\x00>\x00" + strings.Repeat("\x00", 40) + "NATO condemned Russia.",
		"PNG":    "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x00\x00\x00\x00",
		"random": string(random),
	} {
		t.Run(name, func(t *testing.T) {
			resp := c.do(mutation, map[string]any{"t": text})
			if codes := resp.codes(); len(codes) != 1 || codes[0] != "BAD_USER_INPUT" || !strings.Contains(resp.Errors[0].Message, "not text") {
				t.Errorf("errors %+v, want BAD_USER_INPUT saying it is not text", resp.Errors)
			}
		})
	}
	var st struct {
		Stats struct{ Documents, Entities int }
	}
	c.data(`{ stats { documents entities } }`, nil, &st)
	if st.Stats.Documents != 0 || st.Stats.Entities != 0 {
		t.Errorf("stats %+v after refusals", st.Stats)
	}
	if resp := c.do(mutation, map[string]any{"t": article}); len(resp.Errors) > 0 {
		t.Errorf("a text was refused: %+v", resp.Errors)
	}
}
