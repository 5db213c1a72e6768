package graphtest

import (
	"bytes"
	"testing"
	"time"

	"github.com/newsgraph/newsgraph/graph"
	"github.com/newsgraph/newsgraph/ontology"
)

// The conformance tests of stories (a document's several sources), records
// and support.

func testStories(t *testing.T, b Backend) {
	s := b.Open(t)
	mustWrite(t, s, docA())
	st, err := s.StoryOf(ctx, "doc:aaaa")
	if err != nil {
		t.Fatal(err)
	}
	if len(st.Sources) != 1 || st.Sources[0].Title != "Charges" {
		t.Fatalf("a document without a story record has its own source, got %+v", st.Sources)
	}
	day := time.Date(2021, 7, 19, 10, 0, 0, 0, time.UTC)
	srcs := []graph.StorySource{
		{URL: "https://wire.example/a", Publisher: "organization:example-wire", PublisherName: "Example Wire", Title: "Charges", Fetched: day},
		{URL: "https://paper.example/b", Publisher: "organization:daily-paper", PublisherName: "Daily Paper", Title: "Four charged", Fetched: day.Add(time.Hour)},
		{URL: "https://blog.example/c", Title: "Charged!", Fetched: day.Add(2 * time.Hour)},
	}
	fp := []byte{1, 2, 3, 4}
	// given out of order: the record keeps them in fetch order
	n, err := s.AddStorySources(ctx, "doc:aaaa", fp, srcs[2], srcs[0], srcs[1])
	if err != nil || n != 3 {
		t.Fatalf("AddStorySources = %d, %v; want 3", n, err)
	}
	before := mustStats(t, s)
	if n, err := s.AddStorySources(ctx, "doc:aaaa", fp, srcs[1]); err != nil || n != 0 {
		t.Fatalf("adding a known URL again = %d, %v; want 0", n, err)
	}
	if got := mustStats(t, s); got != before {
		t.Errorf("adding a known source changed the store: %+v → %+v", before, got)
	}
	check := func(s *graph.Store) {
		t.Helper()
		st, err := s.StoryOf(ctx, "doc:aaaa")
		if err != nil {
			t.Fatal(err)
		}
		if len(st.Sources) != 3 {
			t.Fatalf("story has %d sources, want 3: %+v", len(st.Sources), st.Sources)
		}
		for i, want := range srcs {
			got := st.Sources[i]
			if got.URL != want.URL || got.Publisher != want.Publisher || got.Title != want.Title || !got.Fetched.Equal(want.Fetched) {
				t.Errorf("source %d = %+v, want %+v", i, got, want)
			}
		}
		if !bytes.Equal(st.Fingerprint, fp) {
			t.Errorf("fingerprint = %v, want %v", st.Fingerprint, fp)
		}
		pub, err := s.Entity(ctx, "organization:daily-paper")
		if err != nil || pub.Name != "Daily Paper" || pub.Type != ontology.Organization {
			t.Errorf("publisher entity = %+v, %v", pub, err)
		}
		for _, u := range []string{"https://paper.example/b", "https://blog.example/c"} {
			if id, err := s.DocumentWithURL(ctx, u); err != nil || id != "doc:aaaa" {
				t.Errorf("DocumentWithURL(%s) = %q, %v", u, id, err)
			}
		}
		fps, err := s.StoryFingerprints(ctx)
		if err != nil || !bytes.Equal(fps["doc:aaaa"], fp) || len(fps) != 1 {
			t.Errorf("StoryFingerprints = %v, %v", fps, err)
		}
	}
	check(s)
	if b.Reopen != nil {
		s = b.Reopen(t, s)
		check(s)
	}
	if _, err := s.AddStorySources(ctx, "doc:none", nil, srcs[0]); !graph.IsNotFound(err) {
		t.Errorf("sources of a missing document: err = %v, want not found", err)
	}
	// a story record written ahead of its document is found by its
	// fingerprint, but shown nowhere until the document exists
	if err := s.BeginStory(ctx, "doc:bbbb", []byte{9}, graph.StorySource{URL: "https://wire.example/b"}); err != nil {
		t.Fatal(err)
	}
	if fps, _ := s.StoryFingerprints(ctx); len(fps) != 2 || fps["doc:bbbb"] == nil {
		t.Errorf("fingerprints with a record ahead of its document: %v", fps)
	}
	if _, err := s.DocumentWithURL(ctx, "https://wire.example/b"); !graph.IsNotFound(err) {
		t.Errorf("the URL of a document not written yet is found: %v", err)
	}
	mustWrite(t, s, docB())
	if id, err := s.DocumentWithURL(ctx, "https://wire.example/b"); err != nil || id != "doc:bbbb" {
		t.Errorf("once written: DocumentWithURL = %q, %v", id, err)
	}
	if _, err := s.DeleteSource(ctx, "doc:bbbb"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.DeleteSource(ctx, "doc:aaaa"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.DocumentWithURL(ctx, "https://paper.example/b"); !graph.IsNotFound(err) {
		t.Errorf("a deleted document's sources are still found: %v", err)
	}
	if fps, _ := s.StoryFingerprints(ctx); len(fps) != 0 {
		t.Errorf("a deleted document's fingerprint stayed: %v", fps)
	}
}

func testRecords(t *testing.T, b Backend) {
	s := b.Open(t)
	if err := s.PutRecord(ctx, "feed", "https://a.example/rss", []byte(`{"etag":"x"}`)); err != nil {
		t.Fatal(err)
	}
	if err := s.PutRecord(ctx, "feed", "https://b.example/rss", []byte(`{}`)); err != nil {
		t.Fatal(err)
	}
	if err := s.PutRecord(ctx, "other", "https://a.example/rss", []byte(`kept apart`)); err != nil {
		t.Fatal(err)
	}
	if err := s.PutRecord(ctx, "feed", "https://a.example/rss", []byte(`{"etag":"y"}`)); err != nil {
		t.Fatal(err)
	}
	if err := s.PutRecord(ctx, "bad kind", "k", nil); graph.ErrorCode(err) != graph.EINVALID {
		t.Errorf("a kind with a space: err = %v", err)
	}
	check := func(s *graph.Store) {
		t.Helper()
		got, err := s.Records(ctx, "feed")
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 2 || string(got["https://a.example/rss"]) != `{"etag":"y"}` || string(got["https://b.example/rss"]) != `{}` {
			t.Errorf("Records(feed) = %q", got)
		}
	}
	check(s)
	if b.Reopen != nil {
		s = b.Reopen(t, s)
		check(s)
	}
	if err := s.DeleteRecord(ctx, "feed", "https://b.example/rss"); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteRecord(ctx, "feed", "https://b.example/rss"); err != nil {
		t.Errorf("deleting a missing record: %v", err)
	}
	if got, _ := s.Records(ctx, "feed"); len(got) != 1 {
		t.Errorf("after delete: %q", got)
	}
}

func testSupport(t *testing.T, b Backend) {
	s := b.Open(t)
	mustWrite(t, s, docA())
	mustWrite(t, s, docB())
	// the US accuses the MSS in doc B only; doc B was carried by three
	// publishers
	wire, paper, blog := "organization:example-wire", "organization:daily-paper", "organization:a-blog"
	_, err := s.AddStorySources(ctx, "doc:bbbb", nil,
		graph.StorySource{URL: "https://wire.example/b", Publisher: wire, PublisherName: "Example Wire", Fetched: time.Unix(1, 0)},
		graph.StorySource{URL: "https://paper.example/b", Publisher: paper, PublisherName: "Daily Paper", Fetched: time.Unix(2, 0)},
		graph.StorySource{URL: "https://blog.example/b", Publisher: blog, PublisherName: "A Blog", Fetched: time.Unix(3, 0)})
	if err != nil {
		t.Fatal(err)
	}
	relID := graph.RelationID(usa.ID, ontology.Accuses, mss.ID)
	support := func() graph.Support {
		t.Helper()
		claims, err := s.Claims(ctx, []string{relID})
		if err != nil {
			t.Fatal(err)
		}
		sups, err := s.Supports(ctx, [][]graph.Claim{claims[relID]})
		if err != nil {
			t.Fatal(err)
		}
		return sups[0]
	}
	got := support()
	want := graph.Support{Claims: 1, Documents: 1, IndependentSources: 1, Publishers: 3, Confidence: 0.8}
	if got != want {
		t.Errorf("support = %+v, want %+v", got, want)
	}
	// rating a carrier scales the confidence by the rule
	for _, tc := range []struct {
		who  string
		r    graph.Reliability
		conf float64
	}{{paper, graph.ReliabilityC, 0.6}, {blog, graph.ReliabilityA, 0.8}, {blog, "", 0.6}, {paper, graph.ReliabilityF, 0.8}} {
		if _, err := s.SetReliability(ctx, tc.who, tc.r, "tester"); err != nil {
			t.Fatal(err)
		}
		if got := support().Confidence; got != tc.conf {
			t.Errorf("after rating %s %q: confidence %v, want %v", tc.who, tc.r, got, tc.conf)
		}
	}
	if _, err := s.SetReliability(ctx, wire, "G", ""); graph.ErrorCode(err) != graph.EINVALID {
		t.Errorf("rating G: err = %v", err)
	}
	if _, err := s.SetReliability(ctx, "organization:nobody", graph.ReliabilityA, ""); !graph.IsNotFound(err) {
		t.Errorf("rating a missing entity: err = %v", err)
	}
	// an analyst's assertion is a second, independent origin
	if _, err := s.AssertRelation(ctx, graph.Assertion{Subject: usa.ID, Predicate: ontology.Accuses, Object: mss.ID, Confidence: 0.5}); err != nil {
		t.Fatal(err)
	}
	got = support()
	want = graph.Support{Claims: 2, Documents: 2, IndependentSources: 2, Publishers: 3, Confidence: 0.9}
	if got != want {
		t.Errorf("with an analyst's claim: support = %+v, want %+v", got, want)
	}
}
