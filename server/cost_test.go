package server_test

import (
	"bytes"
	"context"
	"regexp"
	"testing"

	"github.com/newsgraph/newsgraph/server"
)

var complexityOf = regexp.MustCompile(`query has complexity ([0-9]+)`)

// TestCostCache: an operation's cost is kept between requests, but not
// across the values that change it. With a limit of 0 every query is
// refused and the message gives its complexity: the same document must
// report each variable's own, in any order, however often it was seen.
func TestCostCache(t *testing.T) {
	s := corpus(t)
	mss, err := s.EntityByName(context.Background(), "MSS")
	if err != nil {
		t.Fatal(err)
	}
	const q = `query($id:ID!, $limit:Int, $e:Boolean!, $name:String){
		neighborhood(ids:[$id], limit:$limit){ nodes{ id } edges @include(if:$e){ id subject{ id name } } }
		a: entities(query:$name, first:2){ edges{ node{ id } } } }`
	h := server.New(server.Config{Store: s, Limits: server.Limits{MaxComplexity: 1, MaxDepth: 20}})
	complexityFor := func(vars map[string]any) string {
		t.Helper()
		_, body := raw(t, h, q, vars)
		m := complexityOf.FindSubmatch(body)
		if m == nil {
			t.Fatalf("%v: no complexity in %s", vars, body)
		}
		return string(m[1])
	}
	vars := func(id string, limit int, e bool, name string) map[string]any {
		return map[string]any{"id": id, "limit": limit, "e": e, "name": name}
	}
	small, big := complexityFor(vars(mss.ID, 10, false, "x")), complexityFor(vars(mss.ID, 500, false, "x"))
	if small == big {
		t.Fatalf("complexity %s for limit 10 and for 500", small)
	}
	for i, tt := range []struct {
		vars map[string]any
		want string
	}{
		{vars("person:someone-else", 10, false, "y"), small}, // IDs and Strings do not count
		{vars(mss.ID, 500, false, "x"), big},
		{vars(mss.ID, 10, false, "x"), small},
		{vars(mss.ID, 10, true, "x"), small}, // gqlgen counts a field whatever @include says
		{vars(mss.ID, 500, false, "z"), big},
	} {
		if got := complexityFor(tt.vars); got != tt.want {
			t.Errorf("%d: %v: complexity %s, want %s", i, tt.vars, got, tt.want)
		}
	}
	// under a limit the cached cost is still checked against it
	h = server.New(server.Config{Store: s, Limits: server.Limits{MaxComplexity: 400, MaxDepth: 20}})
	for _, limit := range []int{10, 500, 10, 500} {
		_, body := raw(t, h, q, vars(mss.ID, limit, false, "x"))
		if refused := bytes.Contains(body, []byte("COMPLEXITY_LIMIT")); refused != (limit == 500) {
			t.Errorf("limit %d: refused %v: %.200s", limit, refused, body)
		}
	}
}
