package server_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/newsgraph/newsgraph/extract"
	"github.com/newsgraph/newsgraph/ingest"
	"github.com/newsgraph/newsgraph/ingest/fetch"
	"github.com/newsgraph/newsgraph/ingest/watch"
	"github.com/newsgraph/newsgraph/server"
)

// noFetch is a fetcher for servers whose feeds are never polled in a test.
type noFetch struct{}

func (noFetch) Fetch(context.Context, string, fetch.Validators) (fetch.Response, error) {
	return fetch.Response{}, errors.New("no network in this test")
}

// TestFeedMutations: addFeed and removeFeed through the real handler need
// the token, check the URL, and feeds lists what was added, with the
// codes of bad input.
func TestFeedMutations(t *testing.T) {
	s := newStore(t)
	ext, err := extract.Default()
	if err != nil {
		t.Fatal(err)
	}
	stories, _ := ingest.NewStories(0)
	p, err := watch.Open(context.Background(), watch.Config{Fetcher: noFetch{}, Store: s,
		Ingester: ingest.New(s, ext, ingest.Options{Stories: stories})})
	if err != nil {
		t.Fatal(err)
	}
	h := server.New(server.Config{Store: s, Feeds: p, Token: "secret"})
	anon, c := client{t: t, h: h}, client{t: t, h: h, token: "secret"}
	add := `mutation($u: String!){ addFeed(url: $u){ url documents failures { url } } }`
	tests := []struct {
		name   string
		c      client
		query  string
		url    string
		code   string
		reason string
	}{
		{"without the token", anon, add, "https://news.example/rss", "UNAUTHENTICATED", ""},
		{"not http", c, add, "ftp://news.example/rss", "BAD_USER_INPUT", "http or https"},
		{"not a URL", c, add, "news", "BAD_USER_INPUT", "absolute"},
		{"remove unknown", c, `mutation($u: String!){ removeFeed(url: $u) }`, "https://other.example/rss", "NOT_FOUND", "no feed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp := tt.c.do(tt.query, map[string]any{"u": tt.url})
			if codes := resp.codes(); !slices.Contains(codes, tt.code) || (tt.reason != "" && !strings.Contains(resp.Errors[0].Message, tt.reason)) {
				t.Errorf("codes %v, errors %+v; want %s with %q", codes, resp.Errors, tt.code, tt.reason)
			}
		})
	}
	var added struct{ AddFeed struct{ URL string } }
	c.data(add, map[string]any{"u": "https://news.example/rss#top"}, &added)
	if added.AddFeed.URL != "https://news.example/rss" {
		t.Errorf("addFeed = %+v", added)
	}
	c.data(add, map[string]any{"u": "https://news.example/rss"}, &added) // again: nothing changes
	var list struct{ Feeds []struct{ URL string } }
	anon.data(`{ feeds { url } }`, nil, &list)
	if len(list.Feeds) != 1 || list.Feeds[0].URL != "https://news.example/rss" {
		t.Errorf("feeds = %+v", list)
	}
	var removed struct{ RemoveFeed bool }
	c.data(`mutation{ removeFeed(url: "https://news.example/rss") }`, nil, &removed)
	anon.data(`{ feeds { url } }`, nil, &list)
	if !removed.RemoveFeed || len(list.Feeds) != 0 {
		t.Errorf("after removeFeed: %+v, feeds %+v", removed, list)
	}
	// a server without a poller refuses the mutations and lists no feed
	plain := client{t: t, h: server.New(server.Config{Store: s})}
	if codes := plain.do(add, map[string]any{"u": "https://news.example/rss"}).codes(); !slices.Contains(codes, "FORBIDDEN") {
		t.Errorf("addFeed on a server without feeds: %v", codes)
	}
}
