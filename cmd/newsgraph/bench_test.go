package main

import (
	"encoding/json"
	"fmt"
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
	dir, pprofDir := t.TempDir(), t.TempDir()
	out, errOut, code := run(t, "bench", "--scale", "1k", "--json", "-q", "--db", dir, "--pprof", pprofDir,
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
		Details struct {
			OpenRuns  []float64 `json:"open_runs_s"`
			Fresh     bool      `json:"open_runs_in_new_processes"`
			InProcess float64   `json:"open_in_process_s"`
		} `json:"details"`
	}
	if err := json.Unmarshal([]byte(lines[len(lines)-1]), &obj); err != nil {
		t.Fatalf("last line is not the JSON object: %v\n%s", err, lines[len(lines)-1])
	}
	if obj.Scale != "1k" || obj.Entities != 1000 || obj.Quads == 0 || obj.Newsgraph.LoadQPS <= 0 ||
		obj.Newsgraph.OpenS <= 0 || obj.Newsgraph.P50["hop2"] <= 0 || obj.GraphQL.P99["search"] <= 0 {
		t.Errorf("JSON object: %+v", obj)
	}
	// the opens with the snapshot ran in new processes (bench-open, the
	// test binary standing for newsgraph: TestMain)
	if d := obj.Details; !d.Fresh || len(d.OpenRuns) != 3 || d.InProcess <= 0 || !strings.Contains(out, "each in a new process") {
		t.Errorf("opens: %+v", d)
	}
	if _, err := os.Stat(filepath.Join(dir, "bench-1k.db")); err != nil {
		t.Errorf("store file not kept in --db: %v", err)
	}
	for _, f := range []string{"load.cpu.pprof", "open.heap.pprof", "graphql.cpu.pprof"} {
		if _, err := os.Stat(filepath.Join(pprofDir, f)); err != nil {
			t.Errorf("--pprof wrote no %s: %v", f, err)
		}
	}
}

// TestBenchNQuads runs `newsgraph bench --nquads FILE` on a small file.
func TestBenchNQuads(t *testing.T) {
	if testing.Short() {
		t.Skip("loads a graph")
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "g.nq")
	var b strings.Builder
	for i := 0; i < 30; i++ {
		fmt.Fprintf(&b, "<https://newsgraph.dev/entity/person:p%d> <http://schema.org/name> \"Person %d\" <https://newsgraph.dev/source/s> .\n", i, i)
		fmt.Fprintf(&b, "<https://newsgraph.dev/entity/person:p%d> <https://newsgraph.dev/ns#key> \"person %d\" <https://newsgraph.dev/source/s> .\n", i, i)
		fmt.Fprintf(&b, "<https://newsgraph.dev/entity/person:p%d> <https://newsgraph.dev/ns#accuses> <https://newsgraph.dev/entity/person:p%d> <https://newsgraph.dev/source/s> .\n", i, (i*7+1)%30)
	}
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	out, errOut, code := run(t, "bench", "--nquads", path, "-q", "--db", dir, "--queries", "20", "--graphql-queries", "5",
		"--cayley-queries", "3", "--cayley-load=false")
	if code != 0 {
		t.Fatalf("exit %d: %s\n%s", code, errOut, out)
	}
	if !strings.Contains(out, "newsgraph bench on "+path+" (seed 1): 30 entities") || !strings.Contains(out, "all peers agree") {
		t.Errorf("table:\n%s", out)
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
		{"bad profile", []string{"bench", "--profile", "sparse"}, "profile"},
		{"nquads and scale", []string{"bench", "--nquads", "g.nq", "--scale", "10k"}, "do not apply"},
		{"nquads and profile", []string{"bench", "--nquads", "g.nq", "--profile", "dense"}, "do not apply"},
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
