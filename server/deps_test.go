package server_test

import (
	"os/exec"
	"strings"
	"testing"
)

// TestServingPathLeavesOutMeasurement: the server and everything it imports
// (resolvers, ingest, extract, graph) link neither the benchmark nor the
// load test nor testing helpers; those stay commands of cmd/newsgraph.
func TestServingPathLeavesOutMeasurement(t *testing.T) {
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go tool")
	}
	out, err := exec.Command(goTool, "list", "-deps", "github.com/newsgraph/newsgraph/server").Output()
	if err != nil {
		t.Fatalf("go list -deps: %v", err)
	}
	deps := strings.Fields(string(out))
	if len(deps) < 50 || !strings.Contains(string(out), "github.com/newsgraph/newsgraph/graph\n") {
		t.Fatalf("go list -deps gave %d packages, not the server's dependencies", len(deps))
	}
	for _, dep := range deps {
		switch dep {
		case "github.com/newsgraph/newsgraph/bench", "github.com/newsgraph/newsgraph/loadtest",
			"testing", "net/http/httptest", "testing/fstest":
			t.Errorf("the serving path imports %s", dep)
		}
	}
}
