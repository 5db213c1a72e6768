package fetch

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

func TestMatchPattern(t *testing.T) {
	tests := []struct {
		pattern, path string
		want          bool
	}{
		{"/", "/anything", true},
		{"/private", "/private/page", true},
		{"/private", "/public", false},
		{"/*.pdf", "/docs/a.pdf", true},
		{"/*.pdf$", "/docs/a.pdf", true},
		{"/*.pdf$", "/docs/a.pdf?x=1", false},
		{"/a$", "/a", true},
		{"/a$", "/ab", false},
		{"/a*b*c", "/a-x-b-y-c-z", true},
		{"/a*b*c", "/a-x-c-y-b", false},
		{"/*?print=", "/story?id=1&print=1", false},
		{"/*print=", "/story?id=1&print=1", true},
		{"/x*$", "/x", true},
	}
	for _, tc := range tests {
		t.Run(tc.pattern+" "+tc.path, func(t *testing.T) {
			if got := matchPattern(tc.pattern, tc.path); got != tc.want {
				t.Fatalf("matchPattern(%q, %q) = %v, want %v", tc.pattern, tc.path, got, tc.want)
			}
		})
	}
}

func TestParseRobots(t *testing.T) {
	const file = `# comment
User-agent: *
Disallow: /private
Allow: /private/press   # longer: wins

User-agent: otherbot
Disallow: /
`
	const ours = file + `
User-agent: NewsGraph
User-agent: friend
Disallow: /drafts/
Allow: /drafts/published$
Disallow: /*.json$
`
	tests := []struct {
		name, file, path string
		want             bool
	}{
		{"star disallow", file, "/private/x", false},
		{"star longest allow", file, "/private/press/1", true},
		{"star unmatched", file, "/news/1", true},
		{"other bot's group ignored", file, "/", true},
		{"our group replaces star", ours, "/private/x", true},
		{"our group disallows", ours, "/drafts/1", false},
		{"our group allows exact", ours, "/drafts/published", true},
		{"our group wildcard", ours, "/api/items.json", false},
		{"empty disallow allows all", "User-agent: *\nDisallow:\n", "/x", true},
		{"tie goes to allow", "User-agent: *\nDisallow: /a\nAllow: /a\n", "/a", true},
		{"empty file", "", "/x", true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := parseRobots([]byte(tc.file), "newsgraph").allowed(tc.path); got != tc.want {
				t.Fatalf("allowed(%q) = %v, want %v", tc.path, got, tc.want)
			}
		})
	}
}

func TestRobotsHonoured(t *testing.T) {
	tests := []struct {
		name        string
		status      int // of robots.txt
		body        string
		path        string
		wantErr     error
		wantTemp    bool
		wantPageHit bool
	}{
		{"disallowed", 200, "User-agent: *\nDisallow: /private\n", "/private/a", ErrDisallowed, false, false},
		{"allowed", 200, "User-agent: *\nDisallow: /private\n", "/news/a", nil, false, true},
		{"missing robots allows all", 404, "", "/private/a", nil, false, true},
		{"robots 5xx disallows for now", 503, "", "/news/a", ErrStatus, true, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var pageHits atomic.Int32
			srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
				if r.URL.Path == "/robots.txt" {
					w.WriteHeader(tc.status)
					fmt.Fprint(w, tc.body)
					return
				}
				pageHits.Add(1)
				fmt.Fprint(w, "page")
			})
			f, _ := testFetcher(Config{MaxAttempts: 1})
			_, err := f.Fetch(context.Background(), srv.URL+tc.path, Validators{})
			if (pageHits.Load() > 0) != tc.wantPageHit {
				t.Errorf("page fetched %d times, want fetched: %v", pageHits.Load(), tc.wantPageHit)
			}
			if tc.wantErr == nil {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			fe := asError(t, err)
			if !errors.Is(err, tc.wantErr) || fe.Temporary() != tc.wantTemp {
				t.Fatalf("error %v (temporary %v), want %v (temporary %v)", err, fe.Temporary(), tc.wantErr, tc.wantTemp)
			}
		})
	}
}

func TestRobotsCache(t *testing.T) {
	var robotsHits atomic.Int32
	var broken atomic.Bool
	broken.Store(true)
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/robots.txt" {
			robotsHits.Add(1)
			if broken.Load() {
				http.Error(w, "down", http.StatusInternalServerError)
				return
			}
			fmt.Fprint(w, "User-agent: newsgraph\nDisallow: /no\n")
			return
		}
		fmt.Fprint(w, "page")
	})
	f, clock := testFetcher(Config{MaxAttempts: 1, RobotsTTL: time.Hour})
	get := func(path string) error {
		_, err := f.Fetch(context.Background(), srv.URL+path, Validators{})
		return err
	}
	if err := get("/a"); err == nil || !asError(t, err).Temporary() {
		t.Fatalf("robots 500: %v, want a temporary error", err)
	}
	broken.Store(false) // the failure was not cached: the next fetch asks again
	for _, p := range []string{"/a", "/b", "/c"} {
		if err := get(p); err != nil {
			t.Fatal(err)
		}
	}
	if !errors.Is(get("/no"), ErrDisallowed) {
		t.Fatal("our group's disallow not honoured")
	}
	if n := robotsHits.Load(); n != 2 {
		t.Fatalf("robots.txt fetched %d times, want 2 (the failure, then once cached)", n)
	}
	clock.advance(time.Hour)
	if err := get("/a"); err != nil {
		t.Fatal(err)
	}
	if n := robotsHits.Load(); n != 3 {
		t.Fatalf("robots.txt fetched %d times after the TTL, want 3", n)
	}
}

// FuzzParseRobots checks that any robots.txt parses without panicking, that
// only a matching rule disallows, and that a literal pattern matches the
// paths under it.
func FuzzParseRobots(f *testing.F) {
	f.Add([]byte("User-agent: *\nDisallow: /private\nAllow: /private/press\n"), "/private/x")
	f.Add([]byte("User-agent: newsgraph\nDisallow: /*.json$\n"), "/a.json")
	f.Fuzz(func(t *testing.T, file []byte, path string) {
		r := parseRobots(file, "newsgraph")
		matched := false
		for _, rule := range r.rules {
			matched = matched || matchPattern(rule.pattern, path)
		}
		if !matched && !r.allowed(path) {
			t.Fatalf("%q disallowed without a matching rule", path)
		}
		if !strings.ContainsAny(path, "*$") && !matchPattern(path, path+"/x") {
			t.Fatalf("literal pattern %q does not match the paths under it", path)
		}
	})
}
