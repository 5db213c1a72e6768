package main

import (
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"math"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/newsgraph/newsgraph/graph"
	"github.com/newsgraph/newsgraph/ingest/fetch"
)

// The story of TestFeedsEndToEnd, written for it: a wire story that three
// outlets print with their own chrome and headlines.
var storyParas = []string{
	"The Justice Department charged two Russian military intelligence officers on Tuesday with breaking into the computer networks of a European energy regulator.",
	"Prosecutors said the officers worked for a unit of the GRU that had targeted power companies across the continent since at least 2019, and that they stole engineering drawings and the passwords of plant operators.",
	"The indictment describes months of quiet reconnaissance before the intrusion, including fake job offers sent to engineers and a poisoned software update for a widely used monitoring tool.",
	"Officials in Brussels condemned the operation and said the regulator had restored its systems within two days, although some of the stolen files had already been published online.",
	"Moscow has denied any involvement in the attacks, and the Russian embassy called the charges an attempt to stir up tension ahead of a summit of energy ministers next month.",
	"Neither officer is in American custody, and prosecutors acknowledged that the case was unlikely to reach a courtroom while the two men remain in Russia.",
}

// feedSite serves two feeds and a broken one, the pages their items link
// to, and counts every request by path.
type feedSite struct {
	t   *testing.T
	srv *httptest.Server

	mu     sync.Mutex
	hits   map[string]int
	broken bool // /news/broken answers 500
	slow   bool // /news/slow answers after the fetch timeout
	busy   int  // /news/busy answers 429 this many more times
}

func newFeedSite(t *testing.T) *feedSite {
	s := &feedSite{t: t, hits: map[string]int{}, broken: true, slow: true, busy: 1}
	s.srv = httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(s.srv.Close)
	return s
}

func (s *feedSite) count(path string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.hits[path]
}

func (s *feedSite) total() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for p, c := range s.hits {
		if p != "/robots.txt" {
			n += c
		}
	}
	return n
}

func (s *feedSite) set(f func(*feedSite)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	f(s)
}

// page writes an article page with a publisher's chrome around the text.
func page(w http.ResponseWriter, site, headline string, paras []string) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	fmt.Fprintf(w, `<html><head><title>%[2]s - %[1]s</title><meta property="og:site_name" content="%[1]s"></head><body>
<nav><a href="/">%[1]s</a> <a href="/world">World</a> <a href="/business">Business</a> <a href="/tech">Technology</a></nav>
<article><h1>%[2]s</h1><p class="byline">By a staff reporter</p>`, site, headline)
	for _, p := range paras {
		fmt.Fprintf(w, "<p>%s</p>\n", p)
	}
	fmt.Fprintf(w, `</article><aside><h3>Most read</h3><ul><li><a href="/x">Markets slip</a></li></ul></aside><footer>© %s. All rights reserved.</footer></body></html>`, site)
}

func (s *feedSite) serve(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.hits[r.URL.Path]++
	broken, slow, busy := s.broken, s.slow, s.busy
	if r.URL.Path == "/news/busy" && busy > 0 {
		s.busy--
	}
	s.mu.Unlock()
	base := s.srv.URL
	switch r.URL.Path {
	case "/a/feed.xml": // RSS with an ETag
		if r.Header.Get("If-None-Match") == `"a1"` {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("ETag", `"a1"`)
		fmt.Fprintf(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>Feed A</title>`)
		for _, p := range []string{"/wire/story", "/paper/story", "/news/gzip", "/news/latin1", "/news/busy", "/news/broken", "/news/slow", "/news/loop"} {
			fmt.Fprintf(w, `<item><title>Item %s</title><link>%s%s</link><pubDate>Tue, 01 Dec 2026 10:00:00 GMT</pubDate></item>`, p, base, p)
		}
		fmt.Fprint(w, `</channel></rss>`)
	case "/b/atom.xml": // Atom with a Last-Modified
		const lm = "Tue, 01 Dec 2026 10:00:00 GMT"
		if r.Header.Get("If-Modified-Since") == lm {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("Last-Modified", lm)
		fmt.Fprintf(w, `<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Feed B</title>
<entry><title>Energy regulator hacked</title><id>urn:b:1</id><link href="%s/blog/story"/><updated>2026-12-01T10:00:00Z</updated></entry></feed>`, base)
	case "/c/bad.xml":
		fmt.Fprint(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>Bad<item><title>unclosed`)
	case "/wire/story":
		page(w, "Example Wire", "Two GRU officers charged over hack of European energy regulator", storyParas)
	case "/paper/story": // its own headline, the last paragraph cut
		page(w, "The Daily Example", "Russian spies accused of stealing power plant secrets", storyParas[:len(storyParas)-1])
	case "/blog/story": // its own headline, chrome and a line of its own
		page(w, "Example Blog", "US charges Russians in regulator breach", append([]string{"From our newsroom, updated hourly."}, storyParas...))
	case "/news/gzip":
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Content-Encoding", "gzip")
		var b bytes.Buffer
		zw := gzip.NewWriter(&b)
		fmt.Fprint(zw, `<html><body><article><h1>Harbour reopens</h1><p>The northern harbour reopened on Friday after three weeks of repairs to its main pier, the port authority said.</p><p>Ferries resumed their normal timetable in the afternoon.</p></article></body></html>`)
		zw.Close()
		w.Write(b.Bytes())
	case "/news/latin1":
		w.Header().Set("Content-Type", "text/html; charset=iso-8859-1")
		w.Write([]byte("<html><body><article><h1>Caf\xe9 owners protest</h1><p>Caf\xe9 owners in the old town protested on Monday against a new tax on terraces, which the mayor defended as fair.</p><p>The protest ended peacefully by noon.</p></article></body></html>"))
	case "/news/busy":
		if busy > 0 {
			w.Header().Set("Retry-After", "1")
			http.Error(w, "slow down", http.StatusTooManyRequests)
			return
		}
		page(w, "Example News", "Rail strike called off", []string{"Rail workers called off a planned strike on Wednesday after the operator agreed to raise wages by four percent over two years."})
	case "/news/broken":
		if broken {
			http.Error(w, "internal error", http.StatusInternalServerError)
			return
		}
		page(w, "Example News", "Bridge closed for inspection", []string{"The city closed the old river bridge on Thursday so that engineers could inspect cracks found in two of its supports."})
	case "/news/slow":
		if slow {
			select {
			case <-time.After(3 * time.Second):
			case <-r.Context().Done():
				return
			}
		}
		page(w, "Example News", "Library extends opening hours", []string{"The central library will stay open until ten in the evening from January, the council announced after a survey of students."})
	case "/news/loop":
		http.Redirect(w, r, "/news/loop-back", http.StatusFound)
	case "/news/loop-back":
		http.Redirect(w, r, "/news/loop", http.StatusFound)
	default:
		http.NotFound(w, r)
	}
}

// feedServer starts the server on db polling the site's feeds.
func feedServer(t *testing.T, db string, s *feedSite) *Main {
	t.Helper()
	m := &Main{Config: ServeConfig{
		Store: graph.Config{Path: db}, Addr: "127.0.0.1:0", FeedEvery: time.Hour,
		Feeds: []string{s.srv.URL + "/a/feed.xml", s.srv.URL + "/b/atom.xml", s.srv.URL + "/c/bad.xml"},
		Fetch: fetch.Config{MinInterval: time.Millisecond, Timeout: time.Second, MaxAttempts: 2, Backoff: 10 * time.Millisecond, MaxWait: 5 * time.Second},
	}}
	if err := m.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	// a round that polls nothing new waits for the server's first one
	if _, err := m.Poller.Round(context.Background(), false); err != nil {
		t.Fatal(err)
	}
	return m
}

const feedsQuery = `{ feeds { url title lastStatus lastError errors documents copies failures { url error attempts } } }`

// feedsByPath returns the feeds query's answer by feed path.
func feedsByPath(t *testing.T, m *Main, base string) map[string]map[string]any {
	out := map[string]map[string]any{}
	for _, f := range gql(t, m.Addr, feedsQuery, nil)["feeds"].([]any) {
		f := f.(map[string]any)
		out[strings.TrimPrefix(f["url"].(string), base)] = f
	}
	return out
}

func failureURLs(f map[string]any, base string) []string {
	var out []string
	for _, x := range f["failures"].([]any) {
		out = append(out, strings.TrimPrefix(x.(map[string]any)["url"].(string), base))
	}
	return out
}

// TestFeedsEndToEnd: a server polls two feeds (ETag, Last-Modified) and a
// malformed one. Their items link to one story under three URLs with other
// chrome and headlines, a gzipped page, a Latin-1 page, a page answering 429
// with Retry-After, one answering 500, one too slow and a redirect loop. It
// shows one document with three sources, support counting the copies as one
// independent source, a rating changing confidence by the README's rule,
// failures in feeds retried later, a second round and a restart that fetch
// no stored page again.
func TestFeedsEndToEnd(t *testing.T) {
	s := newFeedSite(t)
	e := &feedsE2E{t: t, s: s, base: s.srv.URL, db: filepath.Join(t.TempDir(), "feeds.db")}
	e.m = feedServer(t, e.db, s)
	defer func() { e.m.Close() }()
	e.firstRound()
	storyID, wirePub := e.story()
	e.supportAndRating(storyID, wirePub)
	stored := e.secondRound()
	e.recovery()
	e.restart(stored)
}

// feedsE2E holds TestFeedsEndToEnd's site and server between its steps.
type feedsE2E struct {
	t        *testing.T
	s        *feedSite
	base, db string
	m        *Main
}

// firstRound checks the feeds after the server's first round.
func (e *feedsE2E) firstRound() {
	t, s, m, base := e.t, e.s, e.m, e.base
	feeds := feedsByPath(t, m, base)
	a, b, c := feeds["/a/feed.xml"], feeds["/b/atom.xml"], feeds["/c/bad.xml"]
	if a["title"] != "Feed A" || a["lastStatus"] != 200.0 || a["documents"] != 5.0 {
		t.Errorf("feed A after round 1 = %v", a)
	}
	if b["documents"] != 1.0 || b["lastError"] != nil {
		t.Errorf("feed B after round 1 = %v", b)
	}
	// the feeds are polled at once: whichever copy of the story came first
	// is its document, the other two are copies
	if copies := a["copies"].(float64) + b["copies"].(float64); copies != 2 {
		t.Errorf("copies: feed A %v + feed B %v, want 2", a["copies"], b["copies"])
	}
	if c["errors"] != 1.0 || c["lastError"] == nil || !strings.Contains(c["lastError"].(string), "bad.xml") {
		t.Errorf("the malformed feed = %v", c)
	}
	wantFail := map[string]string{"/news/broken": "500", "/news/slow": "", "/news/loop": "redirect"}
	got := failureURLs(a, base)
	if len(got) != 3 {
		t.Errorf("feed A failures = %v, want %v", a["failures"], wantFail)
	}
	for _, x := range a["failures"].([]any) {
		x := x.(map[string]any)
		want, ok := wantFail[strings.TrimPrefix(x["url"].(string), base)]
		if !ok || !strings.Contains(x["error"].(string), want) || x["attempts"] != 1.0 {
			t.Errorf("failure %v", x)
		}
	}
	if n := s.count("/news/busy"); n != 2 {
		t.Errorf("the 429 page was fetched %d times, want 2 (once more after Retry-After)", n)
	}

}

// story checks the story: one document, three sources, three publishers;
// it returns the document and the wire's publisher.
func (e *feedsE2E) story() (storyID, wirePub string) {
	t, m, base := e.t, e.m, e.base
	// the story: one document, three sources, three publishers
	docs := gql(t, m.Addr, `{ documents(first: 20){ totalCount edges{ node{ id url text sources{ url title publisher{ id name } } } } } }`, nil)["documents"].(map[string]any)
	if docs["totalCount"] != 4.0 {
		t.Errorf("%v documents, want 4 (the story, gzip, Latin-1, the 429 page)", docs["totalCount"])
	}
	for _, e := range docs["edges"].([]any) {
		d := e.(map[string]any)["node"].(map[string]any)
		srcs := d["sources"].([]any)
		switch {
		case len(srcs) > 1:
			// feeds are polled in parallel: whichever copy came first
			// made the document; its sources are in the order read
			storyID = d["id"].(string)
			var urls []string
			pubs := map[string]string{}
			for _, x := range srcs {
				x := x.(map[string]any)
				u := strings.TrimPrefix(x["url"].(string), base)
				p := x["publisher"].(map[string]any)
				urls = append(urls, u)
				pubs[u] = p["name"].(string)
				if u == "/wire/story" {
					wirePub = p["id"].(string)
				}
			}
			if len(srcs) != 3 || base+urls[0] != d["url"] || pubs["/wire/story"] != "Example Wire" ||
				pubs["/paper/story"] != "The Daily Example" || pubs["/blog/story"] != "Example Blog" {
				t.Errorf("story %s sources = %v %v", d["url"], urls, pubs)
			}
		case strings.HasSuffix(d["url"].(string), "/news/latin1"):
			if !strings.Contains(d["text"].(string), "Café owners protest") {
				t.Errorf("Latin-1 page text = %q", d["text"])
			}
		case strings.HasSuffix(d["url"].(string), "/news/gzip"):
			if !strings.Contains(d["text"].(string), "three weeks of repairs") {
				t.Errorf("gzip page text = %q", d["text"])
			}
		}
	}
	if storyID == "" {
		t.Fatalf("no document for the story among %v", docs["edges"])
	}

	return storyID, wirePub
}

// supportAndRating checks support and confidence of a relation the story
// states, before and after a rating.
func (e *feedsE2E) supportAndRating(storyID, wirePub string) {
	t, m := e.t, e.m
	// support and confidence of a relation the story states
	rel := func() map[string]any {
		claims := gql(t, m.Addr, `query($id: ID!){ document(id: $id){ claims{ subject{ id } predicate object{ id } } } }`, map[string]any{"id": storyID})
		cl := claims["document"].(map[string]any)["claims"].([]any)
		if len(cl) == 0 {
			t.Fatal("the story has no claims")
		}
		c := cl[0].(map[string]any)
		subj := c["subject"].(map[string]any)["id"].(string)
		rels := gql(t, m.Addr, `query($id: ID!){ entity(id: $id){ relations(first: 50){ edges{ node{ predicate object{ id } confidence support{ claims documents independentSources publishers } } } } } }`, map[string]any{"id": subj})
		for _, e := range rels["entity"].(map[string]any)["relations"].(map[string]any)["edges"].([]any) {
			n := e.(map[string]any)["node"].(map[string]any)
			if n["predicate"] == c["predicate"] && n["object"].(map[string]any)["id"] == c["object"].(map[string]any)["id"] {
				return n
			}
		}
		t.Fatalf("no relation for claim %v", c)
		return nil
	}
	r := rel()
	sup := r["support"].(map[string]any)
	if sup["documents"] != 1.0 || sup["independentSources"] != 1.0 || sup["publishers"] != 3.0 {
		t.Errorf("support = %v: the three copies are one independent source carried by three publishers", sup)
	}
	conf := r["confidence"].(float64)
	gql(t, m.Addr, `mutation($p: ID!){ setSourceReliability(publisher: $p, rating: D){ reliability } }`, map[string]any{"p": wirePub})
	if got, want := rel()["confidence"].(float64), conf*0.5; math.Abs(got-want) > 0.001 {
		t.Errorf("after rating the wire D: confidence %v, want %v × 0.5 = %v", got, conf, want)
	}

}

// secondRound polls again: the feeds answer 304, no stored page is
// fetched again, the failed items are tried again. It returns the stored
// pages' paths.
func (e *feedsE2E) secondRound() []string {
	t, s, m, base := e.t, e.s, e.m, e.base
	// round 2: the feeds answer 304, no stored page is fetched again, the
	// failed items are tried again and still fail
	stored := []string{"/wire/story", "/paper/story", "/blog/story", "/news/gzip", "/news/latin1", "/news/busy"}
	before := map[string]int{}
	for _, p := range stored {
		before[p] = s.count(p)
	}
	if _, err := m.Poller.Round(context.Background(), true); err != nil {
		t.Fatal(err)
	}
	for _, p := range stored {
		if s.count(p) != before[p] {
			t.Errorf("round 2 fetched %s again", p)
		}
	}
	feeds := feedsByPath(t, m, base)
	if feeds["/a/feed.xml"]["lastStatus"] != 304.0 || feeds["/b/atom.xml"]["lastStatus"] != 304.0 {
		t.Errorf("round 2 statuses: A %v, B %v; want 304s", feeds["/a/feed.xml"]["lastStatus"], feeds["/b/atom.xml"]["lastStatus"])
	}
	for _, x := range feeds["/a/feed.xml"]["failures"].([]any) {
		if x.(map[string]any)["attempts"] != 2.0 {
			t.Errorf("after round 2: %v", x)
		}
	}

	return stored
}

// recovery: once the site recovers, the failed items are stored.
func (e *feedsE2E) recovery() {
	t, s, m, base := e.t, e.s, e.m, e.base
	// the site recovers: the failed items are stored in the next round
	s.set(func(s *feedSite) { s.broken, s.slow = false, false })
	if _, err := m.Poller.Round(context.Background(), true); err != nil {
		t.Fatal(err)
	}
	feeds := feedsByPath(t, m, base)
	if got := failureURLs(feeds["/a/feed.xml"], base); len(got) != 1 || got[0] != "/news/loop" {
		t.Errorf("failures once the site recovered = %v, want only the redirect loop", got)
	}
	if feeds["/a/feed.xml"]["documents"] != 7.0 {
		t.Errorf("feed A documents = %v, want 7", feeds["/a/feed.xml"]["documents"])
	}

}

// restart checks a restarted server: it fetches nothing, keeps the feeds'
// state, and a round fetches no stored page.
func (e *feedsE2E) restart(stored []string) {
	t, s, m, base := e.t, e.s, e.m, e.base
	// a restart fetches nothing: the feeds and the failed item are not due
	if err := m.Close(); err != nil {
		t.Fatal(err)
	}
	stored = append(stored, "/news/broken", "/news/slow")
	before := map[string]int{}
	for _, p := range stored {
		before[p] = s.count(p)
	}
	requests := s.total()
	m = feedServer(t, e.db, s)
	e.m = m
	if n := s.total(); n != requests {
		t.Errorf("the restarted server made %d requests", n-requests)
	}
	feeds := feedsByPath(t, m, base)
	if feeds["/a/feed.xml"]["documents"] != 7.0 || len(failureURLs(feeds["/a/feed.xml"], base)) != 1 {
		t.Errorf("feed A after the restart = %v", feeds["/a/feed.xml"])
	}
	// polled now, only the feeds (304) and the failing item are fetched
	if _, err := m.Poller.Round(context.Background(), true); err != nil {
		t.Fatal(err)
	}
	for _, p := range stored {
		if s.count(p) != before[p] {
			t.Errorf("after the restart %s was fetched again", p)
		}
	}
	if n := gql(t, m.Addr, `{ documents(first: 1){ totalCount } }`, nil)["documents"].(map[string]any)["totalCount"]; n != 6.0 {
		t.Errorf("%v documents after the restart, want 6", n)
	}
}
