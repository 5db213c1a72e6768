package watch_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
)

// TestWatchFormats: a JSON Feed and a sitemap index whose news sitemap
// names the publisher are polled like RSS; the index's sitemap is fetched
// conditionally, so a second round reads nothing again.
func TestWatchFormats(t *testing.T) {
	var mu sync.Mutex
	hits := map[string]int{}
	var srv *httptest.Server
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		hits[r.URL.Path]++
		mu.Unlock()
		switch r.URL.Path {
		case "/feed.json":
			fmt.Fprintf(w, `{"version": "https://jsonfeed.org/version/1.1", "title": "JSON news",
"items": [{"id": "1", "url": "%s/a", "title": "Grain harvest breaks records", "date_published": "2026-12-01T10:00:00Z"}]}`, srv.URL)
		case "/sitemap-index.xml":
			fmt.Fprintf(w, `<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc>%s/news-sitemap.xml</loc></sitemap></sitemapindex>`, srv.URL)
		case "/news-sitemap.xml":
			if r.Header.Get("If-None-Match") == `"s1"` {
				w.WriteHeader(http.StatusNotModified)
				return
			}
			w.Header().Set("ETag", `"s1"`)
			fmt.Fprintf(w, `<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
<url><loc>%s/b</loc><news:news><news:publication><news:name>Harbour Gazette</news:name><news:language>en</news:language></news:publication>
<news:publication_date>2026-12-02</news:publication_date><news:title>New ferry line opens</news:title></news:news></url></urlset>`, srv.URL)
		case "/a":
			fmt.Fprint(w, `<html><body><article><h1>Grain harvest breaks records</h1><p>Farmers in the southern plains brought in the largest grain harvest on record this autumn, the agriculture ministry said on Tuesday.</p></article></body></html>`)
		case "/b":
			fmt.Fprint(w, `<html><body><article><h1>New ferry line opens</h1><p>A new ferry line between the two island towns opened on Wednesday, cutting the crossing to forty minutes.</p></article></body></html>`)
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	p, store := newPoller(t)
	sum := round(t, p, srv.URL+"/feed.json", srv.URL+"/sitemap-index.xml")
	if sum.Feeds != 2 || sum.Created != 2 || sum.Failures != 0 {
		t.Fatalf("round 1 = %+v (errors %v)", sum, sum.Errors)
	}
	var titles []string
	for _, st := range p.Feeds() {
		titles = append(titles, st.Title)
	}
	if !strings.Contains(strings.Join(titles, "|"), "JSON news") {
		t.Errorf("feed titles = %q", titles)
	}
	id, err := store.DocumentWithURL(context.Background(), srv.URL+"/b")
	if err != nil {
		t.Fatal(err)
	}
	st, err := store.StoryOf(context.Background(), id)
	if err != nil || len(st.Sources) != 1 || st.Sources[0].PublisherName != "Harbour Gazette" {
		t.Errorf("the sitemap's story = %+v, %v; want the news sitemap's publisher", st, err)
	}
	sum = round(t, p)
	mu.Lock()
	defer mu.Unlock()
	if sum.Items != 0 || hits["/a"] != 1 || hits["/b"] != 1 || hits["/news-sitemap.xml"] != 2 {
		t.Errorf("round 2 = %+v, hits %v", sum, hits)
	}
}
