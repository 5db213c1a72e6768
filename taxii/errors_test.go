package taxii_test

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
)

// TestErrors: what the client gets wrong is answered with TAXII's error
// message (title, http_status) and the right status.
func TestErrors(t *testing.T) {
	ts, _ := demoServer(t, false)
	c := &client{t: t, base: ts.URL, user: "analyst", pass: token}
	root := c.discover()
	var whole string
	for _, col := range c.collections(root) {
		if col.Title == "newsgraph" {
			whole = root + "collections/" + col.ID + "/"
		}
	}
	if whole == "" {
		t.Fatal("no whole-graph collection")
	}
	setHeader := func(k, v string) func(*http.Request) { return func(r *http.Request) { r.Header.Set(k, v) } }
	tests := []struct {
		name   string
		method string
		url    string
		body   string
		edit   func(*http.Request)
		status int
	}{
		{"no Accept", "GET", whole + "objects/", "", func(r *http.Request) { r.Header.Del("Accept") }, 406},
		{"JSON Accept", "GET", root, "", setHeader("Accept", "application/json"), 406},
		{"STIX Accept", "GET", whole + "objects/", "", setHeader("Accept", "application/stix+json;version=2.1"), 406},
		{"TAXII 2.0 Accept", "GET", "/taxii2/", "", setHeader("Accept", "application/taxii+json;version=2.0"), 406},
		{"POST as JSON", "POST", whole + "objects/", `{"objects":[]}`, setHeader("Content-Type", "application/json"), 415},
		{"POST read-only", "POST", whole + "objects/", `{"objects":[]}`, nil, 403},
		{"bad added_after", "GET", whole + "objects/?added_after=yesterday", "", nil, 400},
		{"added_after without zone", "GET", whole + "objects/?added_after=2021-07-19T00:00:00", "", nil, 400},
		{"bad limit", "GET", whole + "objects/?limit=0", "", nil, 400},
		{"bad next", "GET", whole + "objects/?next=%21%21", "", nil, 400},
		{"bad match version", "GET", whole + "manifest/?" + url.Values{"match[version]": {"newest"}}.Encode(), "", nil, 400},
		{"unknown collection", "GET", root + "collections/00000000-0000-5000-8000-000000000000/objects/", "", nil, 404},
		{"unknown collection resource", "GET", root + "collections/nope/", "", nil, 404},
		{"unknown object", "GET", whole + "objects/identity--00000000-0000-5000-8000-000000000000/", "", nil, 404},
		{"unknown path", "GET", root + "nothing/", "", nil, 404},
		{"wrong method", "DELETE", root + "collections/", "", nil, 405},
		{"no auth", "GET", root, "", func(r *http.Request) { r.Header.Del("Authorization") }, 401},
		{"unknown scheme", "GET", root, "", setHeader("Authorization", "Digest x"), 401},
		{"wrong password", "GET", whole + "objects/", "", func(r *http.Request) { r.SetBasicAuth("analyst", "guess") }, 403},
		{"wrong bearer", "GET", root, "", setHeader("Authorization", "Bearer guess"), 403},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var body []byte
			if tc.body != "" {
				body = []byte(tc.body)
			}
			r := c.do(tc.method, tc.url, body, tc.edit)
			if r.status != tc.status {
				t.Fatalf("%s %s = %d %s, want %d", tc.method, tc.url, r.status, r.raw, tc.status)
			}
			title, _ := r.body["title"].(string)
			if title == "" || r.body["http_status"] != strconv.Itoa(tc.status) {
				t.Errorf("error body %s, want a title and http_status %q", r.raw, strconv.Itoa(tc.status))
			}
			if ct := r.header.Get("Content-Type"); !strings.HasPrefix(ct, "application/taxii+json") {
				t.Errorf("Content-Type %q", ct)
			}
			if tc.status == 401 && r.header.Get("WWW-Authenticate") == "" {
				t.Errorf("401 without WWW-Authenticate")
			}
		})
	}
	t.Run("bearer accepted", func(t *testing.T) {
		r := c.do("GET", root, nil, setHeader("Authorization", "Bearer "+token))
		if r.status != 200 {
			t.Errorf("bearer token: %d %s", r.status, r.raw)
		}
	})
	t.Run("Accept without version", func(t *testing.T) {
		r := c.do("GET", root, nil, setHeader("Accept", "application/json, application/taxii+json"))
		if r.status != 200 {
			t.Errorf("Accept application/taxii+json: %d %s", r.status, r.raw)
		}
	})
}
