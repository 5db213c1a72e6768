package bench

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestRunSmall runs the whole benchmark on a small graph: every peer must
// agree, the JSON object must have CONTRACT.md's fields, and the store file
// stays in Dir.
func TestRunSmall(t *testing.T) {
	if testing.Short() {
		t.Skip("loads a graph into two bolt files")
	}
	dir := t.TempDir()
	var log bytes.Buffer
	rep, err := Run(context.Background(), Options{
		Scale: Scale{Name: "2k", Entities: 2000}, Dir: dir, Queries: 60, GraphQLQueries: 30, CayleyQueries: 10, Log: &log,
	})
	if err != nil {
		t.Fatalf("Run: %v\n%s", err, log.String())
	}
	if len(rep.Mismatches) > 0 || len(rep.Checks) < 10 {
		t.Fatalf("checks %v, mismatches %v", rep.Checks, rep.Mismatches)
	}
	if rep.Entities != 2000 || rep.Quads < 15000 || rep.Relations == 0 || rep.Store.LoadQPS <= 0 || rep.Store.Open <= 0 {
		t.Errorf("report: %+v", rep)
	}
	for name, s := range map[string]Stat{
		"store hop1": rep.Store.Hop1, "store hop2": rep.Store.Hop2, "store paths": rep.Store.Paths,
		"adjacency hop2": rep.Adjacency.Hop2, "cayley hop2": rep.Cayley.Hop2, "cayley paths": rep.Cayley.Paths,
		"graphql hop2": rep.GraphQL.Hop2, "graphql search": rep.GraphQL.Search,
	} {
		if s.N == 0 || s.P50 <= 0 || s.P99 < s.P50 {
			t.Errorf("%s: %+v", name, s)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "bench-2k.db")); err != nil {
		t.Errorf("store file not kept: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "bench-2k-cayley.db")); err == nil {
		t.Errorf("the raw cayley load file was not removed")
	}

	b, err := json.Marshal(rep.JSON())
	if err != nil {
		t.Fatal(err)
	}
	var obj map[string]any
	if err := json.Unmarshal(b, &obj); err != nil {
		t.Fatal(err)
	}
	want := map[string][]string{
		"newsgraph":   {"load_qps", "open_s", "rss_mb", "p50", "p99"},
		"cayley_bolt": {"load_qps", "p50", "p99"},
		"adjacency":   {"load_qps", "p50", "p99"},
		"graphql":     {"p50", "p99"},
	}
	if obj["scale"] != "2k" || obj["entities"] != float64(2000) || obj["quads"] == nil {
		t.Errorf("top level: %s", b)
	}
	for peer, keys := range want {
		m, ok := obj[peer].(map[string]any)
		if !ok {
			t.Fatalf("no %q in %s", peer, b)
		}
		for _, k := range keys {
			if _, ok := m[k]; !ok {
				t.Errorf("%s has no %q", peer, k)
			}
		}
		for _, p := range []string{"p50", "p99"} {
			times := m[p].(map[string]any)
			fields := []string{"hop1", "hop2", "paths"}
			if peer == "graphql" {
				fields = []string{"hop2", "paths", "search"}
			}
			for _, f := range fields {
				if v, ok := times[f].(float64); !ok || v <= 0 {
					t.Errorf("%s.%s.%s = %v", peer, p, f, times[f])
				}
			}
		}
	}

	var table bytes.Buffer
	rep.WriteTable(&table)
	for _, s := range []string{"newsgraph store (bolt)", "raw cayley", "adjacency lists", "GraphQL over HTTP", "ratios", "all peers agree"} {
		if !strings.Contains(table.String(), s) {
			t.Errorf("table lacks %q:\n%s", s, table.String())
		}
	}
}
