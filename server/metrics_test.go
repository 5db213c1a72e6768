package server_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/newsgraph/newsgraph/server"
	"github.com/newsgraph/newsgraph/server/web"
)

// opSample matches a sample of the operation counter and its labels.
var opSample = regexp.MustCompile(`(?m)^newsgraph_graphql_operations_total\{operation="([^"]*)",outcome="([^"]*)"\} ([0-9]+)$`)

// opLatencyLabel matches the operation label of the latency histogram.
var opLatencyLabel = regexp.MustCompile(`(?m)^newsgraph_graphql_operation_seconds_count\{operation="([^"]*)"\}`)

// scrape returns /metrics as served.
func scrape(t *testing.T, h http.Handler) []byte {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/metrics", nil))
	body, _ := io.ReadAll(rec.Body)
	if rec.Code != http.StatusOK {
		t.Fatalf("GET /metrics = %d: %s", rec.Code, body)
	}
	return body
}

// postOp posts a GraphQL request; operationName is left out when empty.
func postOp(t *testing.T, h http.Handler, query, operationName string) {
	t.Helper()
	req := map[string]any{"query": query}
	if operationName != "" {
		req["operationName"] = operationName
	}
	b, _ := json.Marshal(req)
	r := httptest.NewRequest(http.MethodPost, "/graphql", bytes.NewReader(b))
	r.Header.Set("Content-Type", "application/json")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, r)
	if rec.Code != http.StatusOK {
		t.Fatalf("POST %s = %d: %s", query, rec.Code, rec.Body.String())
	}
}

// TestOperationLabelsBounded sends 10,000 operations of distinct,
// client-chosen names through the real handler: /metrics must label them
// with a small, fixed set (the pages' operation names, anonymous, other), not
// one label value per name.
func TestOperationLabelsBounded(t *testing.T) {
	h := server.New(server.Config{Store: newStore(t)})
	const n = 10_000
	for i := range n {
		name := fmt.Sprintf("Client%05d", i)
		if i%2 == 0 {
			// named by the request's operationName
			postOp(t, h, fmt.Sprintf("query %s { stats { quads } }", name), name)
		} else {
			// named only in the document, as the explorer sends its queries
			postOp(t, h, fmt.Sprintf("query %s { stats { quads } }", name), "")
		}
	}
	// a GET names its operation too
	get := httptest.NewRecorder()
	h.ServeHTTP(get, httptest.NewRequest(http.MethodGet, "/graphql?operationName=ViaGet&query="+url.QueryEscape("query ViaGet { stats { quads } }"), nil))
	if get.Code != http.StatusOK {
		t.Fatalf("GET /graphql = %d: %s", get.Code, get.Body.String())
	}
	// the names the pages send keep their own labels
	postOp(t, h, "query Stats { stats { quads } }", "Stats")
	postOp(t, h, "query ExplorerStats { stats { entities relations documents } }", "")
	postOp(t, h, "{ stats { quads } }", "")
	postOp(t, h, `query Paths { paths(from:"country:atlantis", to:"country:oz"){ length } }`, "Paths") // NOT_FOUND

	body := scrape(t, h)
	counts := map[string]int{}
	for _, m := range opSample.FindAllSubmatch(body, -1) {
		c, _ := strconv.Atoi(string(m[3]))
		counts[string(m[1])+"/"+string(m[2])] += c
	}
	want := map[string]int{
		"other/ok":         n + 1,
		"Stats/ok":         1,
		"Paths/error":      1,
		"ExplorerStats/ok": 1,
		"anonymous/ok":     1,
	}
	if fmt.Sprint(counts) != fmt.Sprint(want) {
		t.Errorf("operation samples %v, want %v", counts, want)
	}
	var latency []string
	for _, m := range opLatencyLabel.FindAllSubmatch(body, -1) {
		latency = append(latency, string(m[1]))
	}
	slices.Sort(latency)
	if want := []string{"ExplorerStats", "Paths", "Stats", "anonymous", "other"}; !slices.Equal(latency, want) {
		t.Errorf("latency label values %v, want %v", latency, want)
	}
	// whatever clients send, the label values are at most the pages'
	// operations, anonymous and other
	if bound := len(web.Operations()) + 2; bound > 50 {
		t.Errorf("%d possible operation label values, want a small set: %v", bound, web.Operations())
	}
	if bytes.Contains(body, []byte("Client0")) {
		t.Errorf("/metrics names a client's operation")
	}
}

// httpSample matches a sample of the HTTP request counter and its labels.
var httpSample = regexp.MustCompile(`(?m)^newsgraph_http_requests_total\{code="([^"]*)",method="([^"]*)",path="([^"]*)"\} ([0-9]+)$`)

// httpLatencyLabel matches the path label of the HTTP latency histogram.
var httpLatencyLabel = regexp.MustCompile(`(?m)^newsgraph_http_request_seconds_count\{path="([^"]*)"\} ([0-9]+)$`)

// TestHTTPMetrics: every request is counted by route, method and status code
// and timed by route; raw paths and unknown methods never become label values.
func TestHTTPMetrics(t *testing.T) {
	h := server.New(server.Config{Store: newStore(t)})
	tests := []struct {
		method, target string
		times          int
		want           string // path|method|code
	}{
		{http.MethodGet, "/healthz", 2, "/healthz|get|200"},
		{http.MethodGet, "/", 1, "/|get|200"},
		{http.MethodGet, "/playground", 1, "/playground|get|200"},
		{http.MethodGet, "/playground/no-such-file.js", 1, "/playground|get|404"},
		{http.MethodPost, "/graphql", 3, "/graphql|post|200"},
		{http.MethodGet, "/graphql?query=" + url.QueryEscape("{ stats { quads } }"), 1, "/graphql|get|200"},
		{http.MethodPut, "/graphql", 1, "/graphql|put|405"},
		{"BREW", "/healthz", 1, "/healthz|unknown|405"},
		{"X-CLIENT-CHOSEN", "/healthz", 1, "/healthz|unknown|405"},
		{http.MethodGet, "/explorer/missing.css", 1, "other|get|404"},
		{http.MethodGet, "/taxii2/newsgraph/collections/", 2, "/taxii2|get|406"}, // no TAXII Accept header
	}
	want := map[string]int{}
	for _, tc := range tests {
		t.Run(tc.method+" "+tc.target, func(t *testing.T) {
			for range tc.times {
				var body io.Reader
				if tc.method == http.MethodPost {
					body = bytes.NewReader([]byte(`{"query":"{ stats { quads } }"}`))
				}
				r := httptest.NewRequest(tc.method, tc.target, body)
				r.Header.Set("Content-Type", "application/json")
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, r)
				if got := strings.Join(strings.Split(tc.want, "|")[2:], ""); strconv.Itoa(rec.Code) != got {
					t.Fatalf("status %d, want %s: %s", rec.Code, got, rec.Body.String())
				}
			}
		})
		want[tc.want] += tc.times
	}
	// client-chosen paths all count as other
	const n = 1000
	for i := range n {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, fmt.Sprintf("/client/path/%d", i), nil))
	}
	want["other|get|404"] += n

	body := scrape(t, h)
	got := map[string]int{}
	for _, m := range httpSample.FindAllSubmatch(body, -1) {
		c, _ := strconv.Atoi(string(m[4]))
		got[string(m[3])+"|"+string(m[2])+"|"+string(m[1])] += c
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("request samples\n%v, want\n%v", got, want)
	}
	latency := map[string]int{}
	for _, m := range httpLatencyLabel.FindAllSubmatch(body, -1) {
		c, _ := strconv.Atoi(string(m[2]))
		latency[string(m[1])] += c
	}
	wantLatency := map[string]int{}
	for k, c := range want {
		wantLatency[strings.Split(k, "|")[0]] += c
	}
	if fmt.Sprint(latency) != fmt.Sprint(wantLatency) {
		t.Errorf("latency counts %v, want %v", latency, wantLatency)
	}
	// the scrape itself is in flight while it is written
	if !regexp.MustCompile(`(?m)^newsgraph_http_requests_in_flight 1$`).Match(body) {
		t.Errorf("/metrics lacks newsgraph_http_requests_in_flight 1")
	}
	for _, leak := range []string{"/client/", "X-CLIENT-CHOSEN", "BREW", "missing.css"} {
		if bytes.Contains(body, []byte(leak)) {
			t.Errorf("/metrics names %q", leak)
		}
	}
}
