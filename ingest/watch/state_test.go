package watch_test

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/newsgraph/newsgraph/graph"
	"github.com/newsgraph/newsgraph/ingest/watch"
)

// clock is a settable time for Config.Now.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// TestWatchBackoff: a failing feed and a failing item wait Every, then
// twice as long, capped at MaxBackoff; a round polls only what is due.
func TestWatchBackoff(t *testing.T) {
	s := newSite(t)
	s.fail("/feed.xml", false)
	s.fail("/b", true)
	store, err := graph.Open(context.Background(), graph.Config{Backend: graph.BackendMemory})
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	clk := &clock{t: time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)}
	p := openPoller(t, store, watch.Config{Every: 10 * time.Minute, MaxBackoff: 30 * time.Minute, Now: clk.now})
	feed := s.srv.URL + "/feed.xml"
	gone := s.srv.URL + "/gone.xml"
	for _, f := range []string{feed, gone} {
		if _, err := p.Add(context.Background(), f); err != nil {
			t.Fatal(err)
		}
	}
	poll := func() watch.RoundSummary {
		t.Helper()
		sum, err := p.Round(context.Background(), false)
		if err != nil {
			t.Fatal(err)
		}
		return sum
	}
	status := func(u string) watch.FeedStatus {
		for _, st := range p.Feeds() {
			if st.URL == u {
				return st
			}
		}
		t.Fatalf("no feed %s", u)
		return watch.FeedStatus{}
	}
	start := clk.now()
	if sum := poll(); sum.Feeds != 2 || sum.Documents != 2 {
		t.Fatalf("round 1 = %+v", sum)
	}
	steps := []struct {
		after      time.Duration
		feeds      int
		goneErrors int
		goneNext   time.Duration // from start
		bTries     int
	}{
		{5 * time.Minute, 0, 1, 10 * time.Minute, 1},  // nothing due
		{5 * time.Minute, 2, 2, 30 * time.Minute, 2},  // both due: gone fails again, waits 2×10
		{10 * time.Minute, 1, 2, 30 * time.Minute, 2}, // the good feed; its item waits 2×10
		{10 * time.Minute, 2, 3, 60 * time.Minute, 3}, // waits capped at 30 minutes
	}
	for i, st := range steps {
		clk.add(st.after)
		sum := poll()
		g := status(gone)
		if sum.Feeds != st.feeds || g.Errors != st.goneErrors || !g.NextPoll.Equal(start.Add(st.goneNext)) {
			t.Errorf("step %d: polled %d feeds, gone errors %d next %v; want %d, %d, %v", i, sum.Feeds, g.Errors,
				g.NextPoll.Sub(start), st.feeds, st.goneErrors, st.goneNext)
		}
		if f := status(feed).Failures; len(f) != 1 || f[0].Attempts != st.bTries {
			t.Errorf("step %d: item failures %+v, want %d attempts", i, f, st.bTries)
		}
	}
}

// TestWatchQueueCap: past MaxQueued the oldest items are dropped, counted
// and logged, never silently.
func TestWatchQueueCap(t *testing.T) {
	s := newSite(t)
	for _, p := range []string{"/a", "/b", "/c"} {
		s.fail(p, true)
	}
	store, err := graph.Open(context.Background(), graph.Config{Backend: graph.BackendMemory})
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	var logs bytes.Buffer
	p := openPoller(t, store, watch.Config{MaxQueued: 2, Logger: newLogger(&logs)})
	round(t, p, s.srv.URL+"/feed.xml")
	st := p.Feeds()[0]
	if st.Dropped != 1 || len(st.Failures) != 2 || !strings.Contains(logs.String(), "dropped=1") {
		t.Errorf("status %+v, log %q", st, logs.String())
	}
}

// TestWatchRemove: a removed feed is forgotten by the store too.
func TestWatchRemove(t *testing.T) {
	s := newSite(t)
	store, err := graph.Open(context.Background(), graph.Config{Backend: graph.BackendMemory})
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	p := openPoller(t, store, watch.Config{})
	feed := s.srv.URL + "/feed.xml"
	round(t, p, feed)
	if err := p.Remove(context.Background(), feed); err != nil {
		t.Fatal(err)
	}
	if err := p.Remove(context.Background(), feed); !graph.IsNotFound(err) {
		t.Errorf("removing twice: %v", err)
	}
	again := openPoller(t, store, watch.Config{})
	if len(again.Feeds()) != 0 {
		t.Errorf("a removed feed came back: %+v", again.Feeds())
	}
	if _, err := again.Add(context.Background(), "gopher://x"); graph.ErrorCode(err) != graph.EINVALID {
		t.Errorf("a gopher URL: %v", err)
	}
}

// TestProgress: the line on a terminal and the round's summary.
func TestProgress(t *testing.T) {
	var b bytes.Buffer
	pr := watch.NewProgress(&b, true)
	pr.Event(watch.Event{Kind: watch.FeedFetched, Status: http.StatusOK})
	pr.Event(watch.Event{Kind: watch.ItemStored, New: true})
	pr.Summary(1, watch.RoundSummary{Feeds: 1, Items: 2, Created: 1, Copies: 1, Failures: 0}, 1500*time.Millisecond)
	out := b.String()
	if !strings.Contains(out, "\r\033[K1 feeds fetched") || !strings.HasSuffix(out, "round 1: 1 feeds polled (0 unchanged), 2 items, 1 new documents, 1 copies of stored stories, 0 failures, 1.5s\n") {
		t.Errorf("progress output %q", out)
	}
	b.Reset()
	plain := watch.NewProgress(&b, false)
	plain.Event(watch.Event{Kind: watch.ItemStored, Err: errors.New("x")})
	if b.Len() != 0 {
		t.Errorf("not a terminal: %q written before the summary", b.String())
	}
}

func newLogger(w *bytes.Buffer) *slog.Logger { return slog.New(slog.NewTextHandler(w, nil)) }

// TestRunPollsAddedFeed: a running Run polls a feed as soon as it is
// added, not after Every.
func TestRunPollsAddedFeed(t *testing.T) {
	s := newSite(t)
	store, err := graph.Open(context.Background(), graph.Config{Backend: graph.BackendMemory})
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	p := openPoller(t, store, watch.Config{Every: time.Hour})
	ctx, cancel := context.WithCancel(context.Background())
	rounds := make(chan watch.RoundSummary, 10)
	done := make(chan struct{})
	go func() {
		defer close(done)
		p.Run(ctx, func(sum watch.RoundSummary, err error) { rounds <- sum })
	}()
	defer func() { cancel(); <-done }()
	if _, err := p.Add(context.Background(), s.srv.URL+"/feed.xml"); err != nil {
		t.Fatal(err)
	}
	select {
	case sum := <-rounds:
		if sum.Feeds != 1 || sum.Created != 3 {
			t.Errorf("round = %+v", sum)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("the added feed was not polled")
	}
}
