package main

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/cayleygraph/quad"

	"github.com/newsgraph/newsgraph/data"
	"github.com/newsgraph/newsgraph/graph"
)

// crashCorpus writes n distinct articles made from the demo corpus.
func crashCorpus(t *testing.T, dir string, n int) {
	t.Helper()
	entries, err := data.FS.ReadDir("corpus")
	if err != nil {
		t.Fatal(err)
	}
	var arts [][]byte
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".txt") {
			b, _ := data.FS.ReadFile("corpus/" + e.Name())
			arts = append(arts, b)
		}
	}
	for i := 0; i < n; i++ {
		body := string(arts[i%len(arts)]) + fmt.Sprintf("\n\nThis is copy %d of the report, filed for the archive.\n", i)
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("a%03d.txt", i)), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func quadsOf(t *testing.T, db string) ([]string, []graph.Problem) {
	t.Helper()
	s, err := graph.Open(context.Background(), graph.Config{Path: db})
	if err != nil {
		t.Fatalf("reopen after kill: %v", err)
	}
	defer s.Close()
	probs, err := s.Check(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	s.EachQuad(context.Background(), func(q quad.Quad) error { out = append(out, q.NQuad()); return nil })
	return out, probs
}

// TestKillDuringIngest starts `newsgraph ingest` on a few hundred documents,
// kills it with SIGKILL at random points 20 times, checks after each kill
// that the store opens and keeps its invariants, then finishes the ingest:
// the graph equals that of an uninterrupted ingest, quad for quad.
func TestKillDuringIngest(t *testing.T) {
	if testing.Short() {
		t.Skip("kills a real process 20 times")
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "newsgraph")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	corpus := filepath.Join(dir, "corpus")
	os.Mkdir(corpus, 0o755)
	const docs = 200
	crashCorpus(t, corpus, docs)

	ref := filepath.Join(dir, "ref.db")
	start := time.Now()
	if out, err := exec.Command(bin, "ingest", "--db", ref, corpus).CombinedOutput(); err != nil {
		t.Fatalf("reference ingest: %v\n%s", err, out)
	}
	full := time.Since(start)
	t.Logf("uninterrupted ingest of %d documents: %v", docs, full)
	want, probs := quadsOf(t, ref)
	if len(probs) > 0 {
		t.Fatalf("reference store has problems: %v", probs)
	}
	// what a run costs before it reaches new work: start, load the
	// extractor, read the files, skip what is stored
	start = time.Now()
	if out, err := exec.Command(bin, "ingest", "--db", ref, corpus).CombinedOutput(); err != nil {
		t.Fatalf("re-ingest: %v\n%s", err, out)
	}
	overhead := time.Since(start)
	full -= overhead
	t.Logf("a run that finds everything stored: %v", overhead)

	// Rounds: each starts a fresh store and kills the ingest again and again
	// until one run completes; then the graph must equal the reference.
	rng := rand.New(rand.NewPCG(1, 2))
	kills, rounds := 0, 0
	for kills < 20 {
		rounds++
		db := filepath.Join(dir, fmt.Sprintf("killed-%d.db", rounds))
		stored := 0
		for {
			cmd := exec.Command(bin, "ingest", "--db", db, corpus)
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			// kill somewhere in the remaining work (extraction or a bolt
			// commit), estimated from the documents already stored
			left := time.Duration(float64(full) * float64(docs-stored) / float64(docs))
			delay := overhead + time.Duration(rng.Float64()*0.9*float64(left))
			if stored == docs {
				// every document is stored: the run only finishes what
				// the kill interrupted (the index snapshot written at
				// close), which a kill at the estimated start-up cost
				// would interrupt again and again
				delay = time.Hour
			}
			done := make(chan error, 1)
			go func() { done <- cmd.Wait() }()
			select {
			case err := <-done:
				if err != nil {
					t.Fatalf("ingest failed: %v", err)
				}
			case <-time.After(delay):
				cmd.Process.Signal(syscall.SIGKILL)
				<-done
				kills++
				got, probs := quadsOf(t, db)
				for _, p := range probs {
					t.Errorf("after kill %d at %v: %s", kills, delay, p)
				}
				if t.Failed() {
					return
				}
				stored = countDocs(got)
				t.Logf("kill %d at %v: %d documents stored, invariants hold", kills, delay.Round(time.Millisecond), stored)
				continue
			}
			break
		}
		got, probs := quadsOf(t, db)
		if len(probs) > 0 {
			t.Errorf("round %d: final store has problems: %v", rounds, probs)
		}
		if strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Fatalf("round %d: after kills the graph has %d quads, an uninterrupted ingest %d", rounds, len(got), len(want))
		}
	}
	t.Logf("%d kills in %d rounds survived; %d documents, %d quads, uninterrupted ingest %v", kills, rounds, docs, len(want), full)
}

// countDocs counts the documents in an N-Quads dump.
func countDocs(nquads []string) int {
	n := 0
	for _, q := range nquads {
		if strings.Contains(q, "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://schema.org/NewsArticle>") {
			n++
		}
	}
	return n
}
