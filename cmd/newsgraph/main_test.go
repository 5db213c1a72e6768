package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/newsgraph/newsgraph/graph"
)

const seedPath = "../../../shared/seed/000_f2867c3bb5572737.txt"

// gql posts a query to a running server.
func gql(t *testing.T, addr, query string, vars map[string]any) map[string]any {
	t.Helper()
	body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	resp, err := http.Post("http://"+addr+"/graphql", "application/json", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out struct {
		Data   map[string]any
		Errors []any
	}
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
		t.Fatal(err)
	}
	if len(out.Errors) > 0 {
		t.Fatalf("errors: %v", out.Errors)
	}
	return out.Data
}

// TestServeDemo starts the server the way the README does and asks for the
// MSS: it is the Ministry of State Security with evidence naming a document.
func TestServeDemo(t *testing.T) {
	m := &Main{Config: ServeConfig{Store: graph.Config{Backend: graph.BackendMemory}, Addr: "127.0.0.1:0", Demo: true}}
	if err := m.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	data := gql(t, m.Addr, `{ entity(name:"MSS"){ name type relations(first:50){ edges{ node{ evidence{ sentence document{ id title } } } } } } }`, nil)
	e := data["entity"].(map[string]any)
	if e["name"] != "Ministry of State Security" || e["type"] != "AGENCY" {
		t.Fatalf("entity(name: MSS) = %v", e)
	}
	found := false
	for _, edge := range e["relations"].(map[string]any)["edges"].([]any) {
		for _, ev := range edge.(map[string]any)["node"].(map[string]any)["evidence"].([]any) {
			ev := ev.(map[string]any)
			if ev["sentence"] != "" && ev["document"].(map[string]any)["id"] != "" {
				found = true
			}
		}
	}
	if !found {
		t.Errorf("no relation of the MSS has evidence with a document")
	}
	resp, err := http.Get("http://" + m.Addr + "/healthz")
	if err != nil || resp.StatusCode != 200 {
		t.Errorf("healthz: %v %v", resp, err)
	}
}

func run(t *testing.T, args ...string) (string, string, int) {
	t.Helper()
	var out, errb bytes.Buffer
	code := Run(context.Background(), args, strings.NewReader(""), &out, &errb, func(string) string { return "" })
	return out.String(), errb.String(), code
}

// TestIngestSeed ingests the founding article into a fresh bolt store: the
// graph holds the Justice Department charging the four Chinese nationals and
// NATO condemning China with the article's sentences as evidence, a path from
// the FBI to China, and re-ingesting changes nothing.
func TestIngestSeed(t *testing.T) {
	if _, err := os.Stat(seedPath); err != nil {
		t.Skip("../shared/seed is absent")
	}
	db := filepath.Join(t.TempDir(), "seed.db")
	stdout, stderr, code := run(t, "ingest", "--db", db, seedPath)
	if code != 0 {
		t.Fatalf("ingest exit %d: %s %s", code, stdout, stderr)
	}
	if !strings.Contains(stdout, "1 new") {
		t.Errorf("summary: %s", stdout)
	}
	query := func(q string) map[string]any {
		out, errs, code := run(t, "query", "--db", db, q)
		if code != 0 {
			t.Fatalf("query exit %d: %s %s", code, out, errs)
		}
		var resp struct{ Data map[string]any }
		json.Unmarshal([]byte(out), &resp)
		return resp.Data
	}
	stats := query(`{ stats { quads } }`)["stats"].(map[string]any)["quads"]
	hasRelation := func(subject, predicate, object, sentencePart string) {
		t.Helper()
		data := query(`{ entity(name:"` + subject + `"){ relations(direction: OUT, predicates:[` + predicate + `], first:100){ edges{ node{ object{ name aliases } evidence{ sentence } } } } } }`)
		e, _ := data["entity"].(map[string]any)
		if e == nil {
			t.Errorf("no entity %q", subject)
			return
		}
		for _, edge := range e["relations"].(map[string]any)["edges"].([]any) {
			n := edge.(map[string]any)["node"].(map[string]any)
			obj := n["object"].(map[string]any)
			names := []any{obj["name"]}
			names = append(names, obj["aliases"].([]any)...)
			match := false
			for _, nm := range names {
				if strings.EqualFold(nm.(string), object) {
					match = true
				}
			}
			if !match {
				continue
			}
			for _, ev := range n["evidence"].([]any) {
				if strings.Contains(ev.(map[string]any)["sentence"].(string), sentencePart) {
					return
				}
			}
		}
		t.Errorf("no %s —%s→ %s with evidence containing %q", subject, predicate, object, sentencePart)
	}
	hasRelation("Justice Department", "CHARGES", "four Chinese nationals", "announced charges against four Chinese nationals")
	hasRelation("NATO", "CONDEMNS", "China", "NATO has condemned")
	ids := query(`{ fbi: entity(name:"FBI"){ id } china: entity(name:"China"){ id } }`)
	from := ids["fbi"].(map[string]any)["id"].(string)
	to := ids["china"].(map[string]any)["id"].(string)
	paths := query(`{ paths(from:"` + from + `", to:"` + to + `"){ length } }`)["paths"].([]any)
	if len(paths) == 0 {
		t.Errorf("no path from the FBI to China")
	}
	if _, _, code := run(t, "ingest", "--db", db, seedPath); code != 0 {
		t.Fatal("second ingest failed")
	}
	if again := query(`{ stats { quads } }`)["stats"].(map[string]any)["quads"]; again != stats {
		t.Errorf("quads %v after re-ingest, %v before", again, stats)
	}
}

func TestCommandErrors(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.jsonl")
	os.WriteFile(bad, []byte("{not json\n"), 0o644)
	good := filepath.Join(dir, "good.txt")
	os.WriteFile(good, []byte("NATO condemned Russia.\n"), 0o644)
	db := filepath.Join(dir, "x.db")
	tests := []struct {
		name     string
		args     []string
		code     int
		stderrRe string
	}{
		{"unknown command", []string{"frobnicate"}, 2, "unknown command"},
		{"ingest nothing", []string{"ingest", "--db", db}, 2, "at least one"},
		{"bad backend", []string{"ingest", "--db", db, "--backend", "oracle", good}, 1, "unknown backend"},
		{"bad file named, rest ingested", []string{"ingest", "--db", db, bad, good}, 1, "bad.jsonl"},
		{"missing file", []string{"ingest", "--db", db, filepath.Join(dir, "nope.txt")}, 1, "nope.txt"},
		{"query syntax", []string{"query", "--db", db, "{ stats {"}, 1, "errors"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, stderr, code := run(t, tc.args...)
			if code != tc.code || !strings.Contains(stderr, tc.stderrRe) {
				t.Errorf("exit %d stderr %q; want %d and %q", code, stderr, tc.code, tc.stderrRe)
			}
		})
	}
	out, _, _ := run(t, "query", "--db", db, `{ stats { documents } }`)
	if !strings.Contains(out, `"documents": 1`) {
		t.Errorf("the good file was not ingested next to the bad one: %s", out)
	}
}
