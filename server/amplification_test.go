package server_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/newsgraph/newsgraph/server"
)

// repeat joins n copies of format, each formatted with its index.
func repeat(n int, format string) string {
	var b strings.Builder
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, format, i)
	}
	return b.String()
}

// nextFragment returns replacements of G0 … G(n-1) by F1 … Fn.
func nextFragment(n int) []string {
	var r []string
	for i := n - 1; i >= 0; i-- { // G10 before G1
		r = append(r, fmt.Sprintf("G%d ", i), fmt.Sprintf("F%d ", i+1))
	}
	return r
}

// body is a GraphQL request as JSON; vars, when set, is the variables'
// JSON text as sent.
func body(query, vars string) []byte {
	q, _ := json.Marshal(query)
	if vars == "" {
		vars = "null"
	}
	return []byte(`{"query":` + string(q) + `,"variables":` + vars + `}`)
}

// served is what measure saw of one request.
type served struct {
	resp    gqlResponse
	size    int           // bytes of the response body
	elapsed time.Duration // serving time
	alloc   uint64        // bytes allocated while serving
	growth  int64         // live heap after minus before, both after a GC
}

// measure serves one POST /graphql and measures the time and memory it took.
func measure(t *testing.T, h http.Handler, b []byte) served {
	t.Helper()
	req := httptest.NewRequest(http.MethodPost, "/graphql", bytes.NewReader(b))
	req.Header.Set("Content-Type", "application/json")
	rec := httptest.NewRecorder()
	var before, during, after runtime.MemStats
	runtime.GC()
	runtime.GC() // the second frees what sync.Pools let go in the first
	runtime.ReadMemStats(&before)
	start := time.Now()
	h.ServeHTTP(rec, req)
	elapsed := time.Since(start)
	runtime.ReadMemStats(&during)
	runtime.GC()
	runtime.GC()
	runtime.ReadMemStats(&after)
	runtime.KeepAlive(h) // the server's heap, not the server, is measured
	var resp gqlResponse
	if err := json.Unmarshal(rec.Body.Bytes(), &resp); err != nil {
		t.Fatalf("response is not JSON (%d): %.300s", rec.Code, rec.Body.String())
	}
	return served{resp: resp, size: rec.Body.Len(), elapsed: elapsed,
		alloc:  during.TotalAlloc - before.TotalAlloc,
		growth: int64(after.HeapAlloc) - int64(before.HeapAlloc)}
}

// only returns limits that leave everything through but the limit set by
// keep, so that a test reaches the check it is about.
func only(keep func(*server.Limits)) server.Limits {
	const big = 1 << 30
	l := server.Limits{MaxComplexity: big, MaxDepth: big, MaxQueryBytes: big, MaxTokens: big,
		MaxFragments: big, MaxSelections: big, MaxMerged: big, MaxDirectives: big, MaxAliases: big,
		MaxVariables: big, MaxInputValues: big, MaxInputDepth: big, MaxErrors: big}
	keep(&l)
	return l
}

// TestAmplification sends documents and variables whose cost to validate or
// decode grows faster than their size (10,000 fragments spread on one field
// once took minutes and gigabytes in the overlapping-fields check), through
// the real handler, with the default limits and with only the limit each is
// about. Each must be refused with its code in under 100 ms, having
// allocated little and grown the heap by nothing it keeps.
func TestAmplification(t *testing.T) {
	s := newStore(t)
	seedStar(t, s, 1)
	fragments := func(n int) string {
		return `{ entity(name:"China") {` + repeat(n, " ...F%d") + ` } }` + repeat(n, " fragment F%d on Entity { id }")
	}
	// F0 spreads F1 twice, F1 spreads F2 twice, …: 2^40 fields once expanded
	chain := `{ entity(name:"China") { ...F0 } }` + repeat(40, " fragment F%[1]d on Entity { id ...G%[1]d ...G%[1]d }") + " fragment F40 on Entity { id }"
	chain = strings.NewReplacer(nextFragment(40)...).Replace(chain)
	deep := strings.Repeat("[", 10000) + `"x"` + strings.Repeat("]", 10000)
	tests := []struct {
		name   string
		body   []byte
		limits server.Limits
		code   string
	}{
		{"10,000 fragments", body(fragments(10000), ""), server.Limits{}, "QUERY_TOO_LARGE"},
		{"10,000 fragments, fragment limit only", body(fragments(10000), ""), only(func(l *server.Limits) { l.MaxFragments = 50 }), "FRAGMENT_LIMIT"},
		{"1,000 fragments", body(fragments(1000), ""), server.Limits{}, "FRAGMENT_LIMIT"},
		{"fragments doubling 40 times", body(chain, ""), server.Limits{}, "SELECTION_LIMIT"},
		{"10,000 tokens of one field", body(`{ stats {`+strings.Repeat(" quads", 10000)+` } }`, ""), server.Limits{}, "SELECTION_LIMIT"},
		{"10,000 times one field, merge limit only", body(`{ stats {`+strings.Repeat(" quads", 10000)+` } }`, ""), only(func(l *server.Limits) { l.MaxMerged = 20 }), "MERGE_LIMIT"},
		{"20,000 tokens", body(`{`+strings.Repeat(" x", 20000)+` }`, ""), server.Limits{}, "TOKEN_LIMIT"},
		{"10,000 aliases", body(`{`+repeat(10000, " a%d: stats { quads }")+` }`, ""), server.Limits{}, "QUERY_TOO_LARGE"},
		{"10,000 aliases, alias limit only", body(`{`+repeat(10000, " a%d: stats { quads }")+` }`, ""), only(func(l *server.Limits) { l.MaxAliases = 200 }), "ALIAS_LIMIT"},
		{"10,000 directives", body(`{ stats { quads`+strings.Repeat(" @include(if: true)", 10000)+` } }`, ""), server.Limits{}, "QUERY_TOO_LARGE"},
		{"10,000 directives, directive limit only", body(`{ stats { quads`+strings.Repeat(" @include(if: true)", 10000)+` } }`, ""), only(func(l *server.Limits) { l.MaxDirectives = 50 }), "DIRECTIVE_LIMIT"},
		{"10,000 variables", body(`query(`+repeat(10000, " $v%d: Int")+`) { stats { quads } }`, ""), server.Limits{}, "QUERY_TOO_LARGE"},
		{"10,000 variables, variable limit only", body(`query(`+repeat(10000, " $v%d: Int")+`) { stats { quads } }`, ""), only(func(l *server.Limits) { l.MaxVariables = 300 }), "VARIABLE_LIMIT"},
		{"lists nested 10,000 deep in variables", body(`query($ids: [ID!]!) { neighborhood(ids: $ids) { truncated } }`, `{"ids":`+deep+`}`), server.Limits{}, "NESTING_LIMIT"},
		{"1,000,000 values in variables", body(`query($ids: [ID!]!) { neighborhood(ids: $ids) { truncated } }`, `{"ids":[`+strings.Repeat(`"a",`, 1000000)+`"a"]}`), server.Limits{}, "INPUT_LIMIT"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			h := server.New(server.Config{Store: s, Limits: tc.limits})
			got := measure(t, h, tc.body)
			t.Logf("%d-byte request refused in %v, %d KiB allocated, heap growth %+d KiB: %v",
				len(tc.body), got.elapsed.Round(10*time.Microsecond), got.alloc>>10, got.growth>>10, got.resp.codes())
			if codes := got.resp.codes(); len(codes) != 1 || codes[0] != tc.code {
				t.Fatalf("codes = %v (%.200v), want [%s]", codes, got.resp.Errors, tc.code)
			}
			if got.elapsed > 100*time.Millisecond {
				t.Errorf("refused in %v, want < 100ms", got.elapsed)
			}
			// the request's body, decoded, and for the "only" cases the
			// parsed document are the most a refusal may allocate
			if limit := uint64(8*len(tc.body)) + 4<<20; got.alloc > limit {
				t.Errorf("allocated %d KiB, want < %d KiB", got.alloc>>10, limit>>10)
			}
			if got.growth > 1<<20 {
				t.Errorf("heap grew by %d KiB, want < 1 MiB", got.growth>>10)
			}
		})
	}
}

// TestValidationErrorsCapped: a document with 10,000 errors gets the first
// Limits.MaxErrors of them and one more that says the rest were left out.
func TestValidationErrorsCapped(t *testing.T) {
	s := newStore(t)
	h := server.New(server.Config{Store: s, Limits: server.Limits{MaxQueryBytes: 1 << 20, MaxTokens: 100000, MaxDirectives: 20000}})
	got := measure(t, h, body(`{ stats { quads`+strings.Repeat(" @include(if: true)", 10000)+` } }`, ""))
	t.Logf("10,000 repeated directives: %d errors, %d bytes, in %v, %d KiB allocated, heap growth %+d KiB",
		len(got.resp.Errors), got.size, got.elapsed.Round(10*time.Microsecond), got.alloc>>10, got.growth>>10)
	if n := len(got.resp.Errors); n != server.DefaultLimits.MaxErrors+1 {
		t.Fatalf("%d errors, want %d", n, server.DefaultLimits.MaxErrors+1)
	}
	for _, e := range got.resp.Errors {
		if e.Extensions["code"] != "GRAPHQL_VALIDATION_FAILED" {
			t.Errorf("error %q has code %v", e.Message, e.Extensions["code"])
		}
	}
	if last := got.resp.Errors[len(got.resp.Errors)-1].Message; !strings.Contains(last, "only the first") {
		t.Errorf("last error = %q, want a note that errors were left out", last)
	}
	if got.size > 16<<10 {
		t.Errorf("response is %d bytes", got.size)
	}
}

// TestLimitsLeaveRealQueriesAlone: queries the pages send, at their largest,
// pass the default limits, and the costliest documents within the limits
// validate quickly.
func TestLimitsLeaveRealQueriesAlone(t *testing.T) {
	s := newStore(t)
	seedStar(t, s, 3)
	h := server.New(server.Config{Store: s})
	node := "id name type neighborCounts { count }"
	edge := "id predicate subject { id } object { id } about { id name } confidence sources firstSeen lastSeen"
	// the explorer's load of a view with 60 expanded nodes
	var defs, parts []string
	vars := map[string]any{}
	for i := 0; i < 60; i++ {
		defs = append(defs, fmt.Sprintf("$x%d: ID!, $f%d: Int, $l%d: Int, $p%d: [Predicate!]", i, i, i, i))
		parts = append(parts, fmt.Sprintf("x%d: neighborhood(ids: [$x%d], depth: 1, fanout: $f%d, limit: $l%d, predicates: $p%d) { truncated omitted { entity { id } count } nodes { %s } edges { %s } }", i, i, i, i, i, node, edge))
		vars[fmt.Sprintf("x%d", i)] = "country:china"
		vars[fmt.Sprintf("f%d", i)] = 5
		vars[fmt.Sprintf("l%d", i)] = 6
	}
	explorer := "query ExplorerLoad(" + strings.Join(defs, ", ") + ") { " + strings.Join(parts, "\n") + " }"
	vb, _ := json.Marshal(vars)
	// 50 fragments spread on one field, with 20 of each of 13 fields (10 of
	// them aliases) among them: as many fields answering one key and as
	// many aliases as the limits allow
	keys := []string{"id", "name", "type"}
	for i := 0; i < 10; i++ {
		keys = append(keys, fmt.Sprintf("a%d: name", i))
	}
	frags := make([]string, 50)
	for i := 0; i < 20*len(keys); i++ {
		frags[i%50] += " " + keys[i%len(keys)]
	}
	var fragments strings.Builder
	fragments.WriteString(`{ entity(name:"China") {` + repeat(50, " ...F%d") + ` } }`)
	for i, f := range frags {
		fmt.Fprintf(&fragments, " fragment F%d on Entity {%s }", i, f)
	}
	// 20 copies of a relations field with 27 fields below: 20 fields
	// answering each of 28 keys
	relations := " relations(first: 5) { totalCount edges { cursor node { id predicate confidence sources firstSeen lastSeen" +
		" subject { id name type } object { id name type } about { id name } evidence { sentence start end document { id title } } } } }"
	nested := `{ entity(name:"China") {` + strings.Repeat(relations, 20) + ` } }`
	for _, tc := range []struct {
		name  string
		body  []byte
		valid bool // no errors at all (else: none of the limits' codes)
	}{
		{"explorer, 60 expansions", body(explorer, string(vb)), true},
		{"50 fragments, 20 of each field", body(fragments.String(), ""), true},
		{"20 of each field, nested", body(nested, ""), true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := measure(t, h, tc.body)
			t.Logf("%d-byte query answered in %v, %d KiB allocated", len(tc.body), got.elapsed.Round(10*time.Microsecond), got.alloc>>10)
			if tc.valid && len(got.resp.Errors) > 0 {
				t.Fatalf("refused: %.300v", got.resp.Errors)
			}
			if got.elapsed > time.Second {
				t.Errorf("took %v", got.elapsed)
			}
		})
	}
}
