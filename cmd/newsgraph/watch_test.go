package main

import (
	"bytes"
	"fmt"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestWatchOnce runs "watch --once" against a local feed twice on one bolt
// store: the first run ingests the two linked pages, the second finds their
// texts already stored. A missing feed fails the run with a clear error.
func TestWatchOnce(t *testing.T) {
	var srv *httptest.Server
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/feed.xml":
			fmt.Fprintf(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>
<item><title>Port workers strike over new contracts</title><link>%[1]s/one</link></item>
<item><title>Central bank raises rates by half a point</title><link>%[1]s/two</link></item>
</channel></rss>`, srv.URL)
		case "/one", "/two":
			fmt.Fprintf(w, `<html><head><title>Story %[1]s</title></head><body><article><h1>Story %[1]s</h1>
<p>Officials in the capital said on Monday that story %[1]s would change how the port and the bank work.</p></article></body></html>`, r.URL.Path[1:])
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	db := filepath.Join(t.TempDir(), "watch.db")
	tests := []struct {
		name, feed, want, wantErr string
		code                      int
	}{
		{"first run", srv.URL + "/feed.xml", "round 1: 1 feeds polled (0 unchanged), 2 items, 2 new documents, 0 copies of stored stories, 0 failures", "", 0},
		// the items are stored: none is fetched again
		{"second run", srv.URL + "/feed.xml", "round 1: 1 feeds polled (0 unchanged), 0 items, 0 new documents, 0 copies of stored stories, 0 failures", "", 0},
		{"missing feed", srv.URL + "/gone.xml", "round 1: 1 feeds polled (0 unchanged), 0 items, 0 new documents, 0 copies of stored stories, 1 failures", "404", 1},
		// without URLs, the feeds the store holds are polled
		{"stored feeds", "", "round 1: 2 feeds polled (0 unchanged), 0 items, 0 new documents, 0 copies of stored stories, 1 failures", "404", 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			args := []string{"watch", "--db", db, "--once", "--min-interval", "1ms"}
			if tt.feed != "" {
				args = append(args, tt.feed)
			}
			out, errOut, code := run(t, args...)
			if code != tt.code || !strings.HasPrefix(out, tt.want) {
				t.Fatalf("exit %d, stdout %q, stderr %q; want exit %d and %q", code, out, errOut, tt.code, tt.want)
			}
			if tt.wantErr != "" && !strings.Contains(errOut, tt.wantErr) {
				t.Errorf("stderr %q lacks %q", errOut, tt.wantErr)
			}
		})
	}
	empty := filepath.Join(t.TempDir(), "empty.db")
	if _, errOut, code := run(t, "watch", "--db", empty, "--once"); code != 2 || !strings.Contains(errOut, "feed URL") {
		t.Errorf("watch without a URL on an empty store: exit %d, stderr %q", code, errOut)
	}
	if _, errOut, code := run(t, "watch", "--db", empty, "--once", "ftp://x/feed"); code != 2 || !strings.Contains(errOut, "http or https") {
		t.Errorf("watch with an ftp URL: exit %d, stderr %q", code, errOut)
	}
}

// TestWatchExampleSite runs the README's "Watching feeds" example: the
// example site in ingest/watch/testdata/site (served here instead of by
// python3 -m http.server on port 8000) gives two new documents and one copy
// of a stored story.
func TestWatchExampleSite(t *testing.T) {
	site := os.DirFS("../../ingest/watch/testdata/site")
	files := http.FileServerFS(site)
	var srv *httptest.Server
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/feed.xml" {
			files.ServeHTTP(w, r)
			return
		}
		b, err := fs.ReadFile(site, "feed.xml")
		if err != nil {
			t.Error(err)
		}
		w.Header().Set("Content-Type", "application/rss+xml")
		w.Write(bytes.ReplaceAll(b, []byte("http://127.0.0.1:8000"), []byte(srv.URL)))
	}))
	defer srv.Close()
	db := filepath.Join(t.TempDir(), "example.db")
	out, errOut, code := run(t, "watch", "--once", "--db", db, srv.URL+"/feed.xml")
	want := "round 1: 1 feeds polled (0 unchanged), 3 items, 2 new documents, 1 copies of stored stories, 0 failures"
	if code != 0 || !strings.HasPrefix(out, want) {
		t.Fatalf("exit %d, stdout %q, stderr %q; want %q", code, out, errOut, want)
	}
	out, errOut, code = run(t, "query", "--db", db, `{ documents(first: 5){ edges{ node{ title sources{ url publisher{ name } } } } } }`)
	if code != 0 || !strings.Contains(out, "The Daily Example") || !strings.Contains(out, "/paper/russian-spies.html") {
		t.Errorf("query: exit %d, %s %s", code, out, errOut)
	}
}
