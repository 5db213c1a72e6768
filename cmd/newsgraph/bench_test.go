package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestBench runs `newsgraph bench` on a tiny graph: the table, then the JSON
// object of CONTRACT.md on the last line, the store file kept in --db.
func TestBench(t *testing.T) {
	if testing.Short() {
		t.Skip("loads a graph")
	}
	dir := t.TempDir()
	out, errOut, code := run(t, "bench", "--scale", "1k", "--json", "-q", "--db", dir,
		"--queries", "30", "--graphql-queries", "10", "--cayley-queries", "5", "--cayley-load=false")
	if code != 0 {
		t.Fatalf("exit %d: %s\n%s", code, errOut, out)
	}
	if errOut != "" {
		t.Errorf("-q still wrote to stderr: %s", errOut)
	}
	if !strings.Contains(out, "newsgraph store (bolt)") || !strings.Contains(out, "all peers agree") ||
		!strings.Contains(out, "raw cayley (same bolt file)  —") {
		t.Errorf("no table:\n%s", out)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	var obj struct {
		Scale     string `json:"scale"`
		Entities  int    `json:"entities"`
		Quads     int64  `json:"quads"`
		Newsgraph struct {
			LoadQPS float64            `json:"load_qps"`
			OpenS   float64            `json:"open_s"`
			P50     map[string]float64 `json:"p50"`
		} `json:"newsgraph"`
		GraphQL struct {
			P99 map[string]float64 `json:"p99"`
		} `json:"graphql"`
	}
	if err := json.Unmarshal([]byte(lines[len(lines)-1]), &obj); err != nil {
		t.Fatalf("last line is not the JSON object: %v\n%s", err, lines[len(lines)-1])
	}
	if obj.Scale != "1k" || obj.Entities != 1000 || obj.Quads == 0 || obj.Newsgraph.LoadQPS <= 0 ||
		obj.Newsgraph.OpenS <= 0 || obj.Newsgraph.P50["hop2"] <= 0 || obj.GraphQL.P99["search"] <= 0 {
		t.Errorf("JSON object: %+v", obj)
	}
	if _, err := os.Stat(filepath.Join(dir, "bench-1k.db")); err != nil {
		t.Errorf("store file not kept in --db: %v", err)
	}
}

func TestBenchUsage(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"bad scale", []string{"bench", "--scale", "huge"}, "scale"},
		{"other backend", []string{"bench", "--backend", "memory"}, "bolt"},
		{"arguments", []string{"bench", "extra"}, "no arguments"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, errOut, code := run(t, tc.args...)
			if code != 2 || !strings.Contains(errOut, tc.want) {
				t.Errorf("exit %d, stderr %q; want 2 and %q", code, errOut, tc.want)
			}
		})
	}
}
