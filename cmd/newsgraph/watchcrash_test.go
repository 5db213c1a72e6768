package main

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/newsgraph/newsgraph/data"
	"github.com/newsgraph/newsgraph/graph"
)

// TestKillDuringWatch runs `newsgraph watch --once` on a feed of 45 items
// (the 15 demo articles, each under three URLs with its own headline and
// chrome) and kills it with SIGKILL at random points, then runs it again,
// until a run completes. After each kill the store opens and keeps its
// invariants; at the end it holds each story once with all three sources
// (no duplicate document, no lost item), and no page that was stored
// before a kill was fetched again.
func TestKillDuringWatch(t *testing.T) {
	if testing.Short() {
		t.Skip("kills a real process")
	}
	entries, err := data.FS.ReadDir("corpus")
	if err != nil {
		t.Fatal(err)
	}
	var arts []string
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".txt") {
			b, _ := data.FS.ReadFile("corpus/" + e.Name())
			arts = append(arts, string(b))
		}
	}
	outlets := []string{"Example Wire", "The Daily Example", "Example Blog"}
	var mu sync.Mutex
	hits := map[string]int{}
	var srv *httptest.Server
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		hits[r.URL.Path]++
		mu.Unlock()
		if r.URL.Path == "/feed.xml" {
			fmt.Fprint(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>Kill test</title>`)
			for i := range arts {
				for o := range outlets {
					fmt.Fprintf(w, `<item><title>Story %d</title><link>%s/o%d/s%d</link></item>`, i, srv.URL, o, i)
				}
			}
			fmt.Fprint(w, `</channel></rss>`)
			return
		}
		var o, i int
		if _, err := fmt.Sscanf(r.URL.Path, "/o%d/s%d", &o, &i); err != nil || o >= len(outlets) || i >= len(arts) {
			http.NotFound(w, r)
			return
		}
		paras := strings.Split(arts[i], "\n\n")
		if o == 1 { // a reprint without the headline block
			paras = paras[2:]
		}
		page(w, outlets[o], fmt.Sprintf("%s reports story %d", outlets[o], i), paras)
	}))
	defer srv.Close()

	dir := t.TempDir()
	bin := filepath.Join(dir, "newsgraph")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	watchArgs := func(db string) []string {
		return []string{"watch", "--db", db, "--once", "--min-interval", "1ms", srv.URL + "/feed.xml"}
	}
	start := time.Now()
	if out, err := exec.Command(bin, watchArgs(filepath.Join(dir, "ref.db"))...).CombinedOutput(); err != nil {
		t.Fatalf("uninterrupted watch: %v\n%s", err, out)
	}
	full := time.Since(start)
	mu.Lock()
	clear(hits)
	mu.Unlock()
	rng := rand.New(rand.NewPCG(3, 4))
	kills, rounds := 0, 0
	for kills < 8 {
		rounds++
		db := filepath.Join(dir, fmt.Sprintf("killed-%d.db", rounds))
		before := kills
		killWatch(t, bin, watchArgs(db), db, func() time.Duration {
			return time.Duration((0.1 + 0.8*rng.Float64()) * float64(full))
		}, &kills)
		checkWatched(t, db, len(arts), len(outlets))
		// a page is fetched again only when a kill hit it in flight
		refetched := 0
		mu.Lock()
		for p, n := range hits {
			if p != "/feed.xml" && p != "/robots.txt" && n > 1 {
				refetched += n - 1
			}
		}
		clear(hits)
		mu.Unlock()
		if refetched > kills-before {
			t.Errorf("round %d: %d pages fetched again after %d kills: stored pages were refetched", rounds, refetched, kills-before)
		}
	}
	t.Logf("%d kills in %d rounds; an uninterrupted run takes %v", kills, rounds, full)
}

// killWatch runs the watch, killing it after delay() each time, until a
// run completes; it checks the store's invariants after each kill.
func killWatch(t *testing.T, bin string, args []string, db string, delay func() time.Duration, kills *int) {
	t.Helper()
	for run := 1; ; run++ {
		if run > 40 {
			t.Fatal("40 runs did not complete the watch")
		}
		cmd := exec.Command(bin, args...)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		d := delay()
		select {
		case err := <-done:
			if err != nil {
				t.Fatalf("run %d failed: %v", run, err)
			}
			return
		case <-time.After(d):
			cmd.Process.Signal(syscall.SIGKILL)
			<-done
			*kills++
			_, probs := quadsOf(t, db)
			for _, p := range probs {
				t.Fatalf("after kill %d at %v: %s", *kills, d, p)
			}
		}
	}
}

// checkWatched checks a watched store: each story once, with all its
// sources.
func checkWatched(t *testing.T, db string, stories, outlets int) {
	t.Helper()
	s, err := graph.Open(context.Background(), graph.Config{Path: db})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	page, err := s.Documents(ctx, graph.DocumentFilter{}, graph.Page{First: 100})
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Documents) != stories {
		t.Errorf("%d documents, want %d stories", len(page.Documents), stories)
	}
	sources := 0
	for _, d := range page.Documents {
		st, err := s.StoryOf(ctx, d.ID)
		if err != nil {
			t.Fatal(err)
		}
		sources += len(st.Sources)
	}
	if sources != stories*outlets {
		t.Errorf("%d sources, want %d: an item was lost or counted twice", sources, stories*outlets)
	}
}
