package watch_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/newsgraph/newsgraph/extract"
	"github.com/newsgraph/newsgraph/graph"
	"github.com/newsgraph/newsgraph/ingest"
	"github.com/newsgraph/newsgraph/ingest/fetch"
	"github.com/newsgraph/newsgraph/ingest/watch"
)

// site serves one RSS feed whose items link to pages on the same server,
// counts the requests per path and can make a page fail.
type site struct {
	mu      sync.Mutex
	hits    map[string]int
	failing map[string]bool
	srv     *httptest.Server
}

const etag = `"feed-v1"`

var pages = map[string]string{
	"/a": "Prosecutors charge four hackers over attacks on universities",
	"/b": "Ministry announces new export rules for chip makers",
	"/c": "Storm closes ports along the northern coast for two days",
}

func newSite(t *testing.T) *site {
	s := &site{hits: map[string]int{}, failing: map[string]bool{}}
	s.srv = httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(s.srv.Close)
	return s
}

func (s *site) serve(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.hits[r.URL.Path]++
	failing := s.failing[r.URL.Path]
	s.mu.Unlock()
	switch {
	case r.URL.Path == "/feed.xml":
		if r.Header.Get("If-None-Match") == etag {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("ETag", etag)
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprint(w, s.feed())
	case failing:
		http.Error(w, "boom", http.StatusInternalServerError)
	case pages[r.URL.Path] != "":
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		title := pages[r.URL.Path]
		fmt.Fprintf(w, `<html><head><title>%s</title></head><body><nav>Home | World | Sport</nav><article><h1>%s</h1>
<p>The report on %s was published on Tuesday by officials in the capital, who said more details would follow.</p>
<p>Officials said the decision followed weeks of talks with the companies and the unions involved.</p></article></body></html>`,
			title, title, strings.ToLower(title))
	default:
		http.NotFound(w, r) // robots.txt too: everything allowed
	}
}

func (s *site) feed() string {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0"?><rss version="2.0"><channel><title>Test news</title>`)
	for _, p := range []string{"/a", "/b", "/c"} {
		// items carry only a title, so a page that fails has no fallback
		fmt.Fprintf(&b, `<item><title>%s</title><link>%s%s</link><pubDate>Tue, 01 Dec 2026 10:00:00 GMT</pubDate></item>`, pages[p], s.srv.URL, p)
	}
	b.WriteString(`</channel></rss>`)
	return b.String()
}

func (s *site) count(path string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.hits[path]
}

func (s *site) fail(path string, on bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.failing[path] = on
}

func newPoller(t *testing.T) (*watch.Poller, *graph.Store) {
	t.Helper()
	store, err := graph.Open(context.Background(), graph.Config{Backend: graph.BackendMemory})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	return openPoller(t, store, watch.Config{}), store
}

// openPoller opens a Poller on store with test defaults for the fields of
// cfg left zero.
func openPoller(t *testing.T, store *graph.Store, cfg watch.Config) *watch.Poller {
	t.Helper()
	ext, err := extract.Default()
	if err != nil {
		t.Fatal(err)
	}
	stories, err := ingest.NewStories(0)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Fetcher == nil {
		cfg.Fetcher = fetch.New(fetch.Config{MinInterval: time.Millisecond, MaxAttempts: 1, Backoff: time.Millisecond})
	}
	cfg.Ingester = ingest.New(store, ext, ingest.Options{Stories: stories})
	cfg.Store = store
	if cfg.Workers == 0 {
		cfg.Workers = 2
	}
	p, err := watch.Open(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// round adds the feeds and polls every feed and item now.
func round(t *testing.T, p *watch.Poller, feeds ...string) watch.RoundSummary {
	t.Helper()
	for _, f := range feeds {
		if _, err := p.Add(context.Background(), f); err != nil {
			t.Fatal(err)
		}
	}
	sum, err := p.Round(context.Background(), true)
	if err != nil {
		t.Fatal(err)
	}
	return sum
}

// TestWatchRounds: the first round ingests the three linked pages, the
// second gets a 304 and fetches no page again.
func TestWatchRounds(t *testing.T) {
	s := newSite(t)
	p, store := newPoller(t)
	feed := s.srv.URL + "/feed.xml"

	sum := round(t, p, feed)
	if sum.Feeds != 1 || sum.Documents != 3 || sum.Created != 3 || sum.Failures != 0 {
		t.Fatalf("round 1 = %+v", sum)
	}
	docs := docsByURL(t, store)
	if len(docs) != 3 {
		t.Errorf("%d documents stored, want 3", len(docs))
	}
	for path := range pages {
		d := docs[s.srv.URL+path]
		if !strings.Contains(d.Text, "weeks of talks") || d.Published.IsZero() {
			t.Errorf("document of %s = %q (published %v)", path, d.Text, d.Published)
		}
	}

	sum = round(t, p, feed)
	if sum.NotModified != 1 || sum.Items != 0 || sum.Documents != 0 {
		t.Fatalf("round 2 = %+v", sum)
	}
	for path := range pages {
		if n := s.count(path); n != 1 {
			t.Errorf("%s fetched %d times, want 1", path, n)
		}
	}
	if n := s.count("/feed.xml"); n != 2 {
		t.Errorf("feed fetched %d times, want 2", n)
	}
	st := p.Feeds()
	if len(st) != 1 || st[0].URL != feed || st[0].LastStatus != http.StatusNotModified || st[0].Documents != 3 ||
		st[0].LastError != "" || st[0].LastPolled.IsZero() || len(st[0].Failures) != 0 {
		t.Errorf("Feeds() = %+v", st)
	}
}

// TestWatchRetry: a page answering 500 is kept as a failure, is not
// dropped when the feed is unchanged, and is ingested once it answers.
func TestWatchRetry(t *testing.T) {
	s := newSite(t)
	p, _ := newPoller(t)
	feed := s.srv.URL + "/feed.xml"
	s.fail("/b", true)

	sum := round(t, p, feed)
	if sum.Documents != 2 || sum.Failures != 1 || len(sum.Errors) != 1 || !strings.Contains(sum.Errors[0].Error(), "500") {
		t.Fatalf("round 1 = %+v", sum)
	}
	st := p.Feeds()[0]
	if len(st.Failures) != 1 || st.Failures[0].URL != s.srv.URL+"/b" || !strings.Contains(st.Failures[0].Error, "500") || st.Failures[0].Attempts != 1 {
		t.Fatalf("failures after round 1 = %+v", st.Failures)
	}

	sum = round(t, p, feed) // still failing: tried again, still kept
	if sum.NotModified != 1 || sum.Items != 1 || sum.Failures != 1 || p.Feeds()[0].Failures[0].Attempts != 2 {
		t.Fatalf("round 2 = %+v, feeds %+v", sum, p.Feeds())
	}

	s.fail("/b", false)
	sum = round(t, p, feed)
	if sum.NotModified != 1 || sum.Documents != 1 || sum.Created != 1 || sum.Failures != 0 {
		t.Fatalf("round 3 = %+v", sum)
	}
	st = p.Feeds()[0]
	if len(st.Failures) != 0 || st.Documents != 3 {
		t.Errorf("Feeds() after round 3 = %+v", st)
	}
	if n := s.count("/a"); n != 1 {
		t.Errorf("/a fetched %d times, want 1", n)
	}
}

// TestWatchFeedErrors: a feed that fails is reported in the summary and in
// its status, without stopping the other feeds.
func TestWatchFeedErrors(t *testing.T) {
	s := newSite(t)
	p, _ := newPoller(t)
	tests := []struct {
		name, url, want string
		status          int
	}{
		{"missing", s.srv.URL + "/nope.xml", "404", http.StatusNotFound},
		{"not a feed", s.srv.URL + "/a", "not an RSS or Atom feed", http.StatusOK},
	}
	feeds := []string{s.srv.URL + "/feed.xml"}
	for _, tt := range tests {
		feeds = append(feeds, tt.url)
	}
	sum := round(t, p, feeds...)
	if sum.Feeds != 3 || sum.Documents != 3 || sum.Failures != 2 {
		t.Fatalf("round = %+v", sum)
	}
	byURL := map[string]watch.FeedStatus{}
	for _, st := range p.Feeds() {
		byURL[st.URL] = st
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st := byURL[tt.url]
			if st.LastStatus != tt.status || !strings.Contains(st.LastError, tt.want) {
				t.Errorf("status = %+v, want %d and an error with %q", st, tt.status, tt.want)
			}
		})
	}
}

// docsByURL returns the stored documents, with their text, by URL.
func docsByURL(t *testing.T, store *graph.Store) map[string]graph.Document {
	t.Helper()
	ctx := context.Background()
	page, err := store.Documents(ctx, graph.DocumentFilter{}, graph.Page{First: 100})
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]graph.Document{}
	for _, d := range page.Documents {
		full, err := store.Document(ctx, d.ID, true)
		if err != nil {
			t.Fatal(err)
		}
		out[full.URL] = full
	}
	return out
}

// cp1251 encodes ASCII and the basic Cyrillic letters in Windows-1251.
func cp1251(s string) []byte {
	var b []byte
	for _, r := range s {
		switch {
		case r < 0x80:
			b = append(b, byte(r))
		case r >= 0x410 && r <= 0x44F:
			b = append(b, byte(r-0x410+0xC0))
		default:
			panic(fmt.Sprintf("cp1251: %q", r))
		}
	}
	return b
}

// TestWatchPages: how an item's page becomes a document — the charset the
// Content-Type names, the final URL after a redirect, and the item's own
// content when the page fails.
func TestWatchPages(t *testing.T) {
	const ru = "Правительство объявило новые правила для экспорта зерна"
	// a story of its own: near-duplicate pages would be one story
	const ru2 = "Министерство сообщило о мерах поддержки фермеров на юге страны"
	var srv *httptest.Server
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/feed.xml":
			fmt.Fprintf(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>
<item><title>Grain rules</title><link>%[1]s/ru</link></item>
<item><title>Grain rules again</title><link>%[1]s/ru-meta</link></item>
<item><title>Moved story about the harbour</title><link>%[1]s/old</link></item>
<item><title>Bridge closed after the storm</title><link>%[1]s/down</link>
<description>The bridge over the river stays closed until engineers have inspected it, the city said.</description></item>
</channel></rss>`, srv.URL)
		case "/ru": // no <meta> charset: only the header names it
			w.Header().Set("Content-Type", "text/html; charset=windows-1251")
			w.Write(cp1251("<html><body><article><h1>" + ru + "</h1><p>" + ru + " в понедельник.</p></article></body></html>"))
		case "/ru-meta": // no charset in the header: the <meta> names it
			w.Header().Set("Content-Type", "text/html")
			w.Write(cp1251(`<html><head><meta charset="windows-1251"></head><body><article><h1>` + ru2 + "</h1><p>" + ru2 + " во вторник.</p></article></body></html>"))
		case "/old":
			http.Redirect(w, r, "/new", http.StatusMovedPermanently)
		case "/new":
			fmt.Fprint(w, `<html><body><article><h1>Moved story about the harbour</h1><p>The harbour reopened on Friday after three weeks of repairs to the main pier.</p></article></body></html>`)
		case "/down":
			http.Error(w, "down", http.StatusServiceUnavailable)
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	p, store := newPoller(t)
	sum := round(t, p, srv.URL+"/feed.xml")
	if sum.Documents != 4 || sum.Failures != 0 {
		t.Fatalf("round = %+v", sum)
	}
	docs := docsByURL(t, store)
	tests := []struct{ name, url, want string }{
		{"charset from the header", srv.URL + "/ru", ru + " в понедельник."},
		{"charset from the meta", srv.URL + "/ru-meta", ru2 + " во вторник."},
		{"final URL after a redirect", srv.URL + "/new", "three weeks of repairs"},
		{"item content when the page fails", srv.URL + "/down", "until engineers have inspected it"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, ok := docs[tt.url]
			if !ok {
				t.Fatalf("no document with URL %s among %d", tt.url, len(docs))
			}
			if !strings.Contains(d.Text, tt.want) {
				t.Errorf("text %q lacks %q", d.Text, tt.want)
			}
		})
	}
}
