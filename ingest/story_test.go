package ingest_test

import (
	"strings"
	"testing"
	"time"

	"github.com/newsgraph/newsgraph/data"
	"github.com/newsgraph/newsgraph/extract"
	"github.com/newsgraph/newsgraph/graph"
	"github.com/newsgraph/newsgraph/ingest"
	"github.com/newsgraph/newsgraph/ingest/normalize"
)

func storyPipeline(t *testing.T, s *graph.Store) *ingest.Pipeline {
	t.Helper()
	ext, err := extract.Default()
	if err != nil {
		t.Fatal(err)
	}
	st, err := ingest.NewStories(0)
	if err != nil {
		t.Fatal(err)
	}
	return ingest.New(s, ext, ingest.Options{Stories: st})
}

func corpusDoc(t *testing.T, name string) normalize.Doc {
	t.Helper()
	b, err := data.FS.ReadFile("corpus/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return normalize.Text(string(b))
}

// reprint is what another outlet makes of a wire story: its own headline,
// the first paragraph cut, its chrome around the text.
func reprint(d normalize.Doc, headline string) normalize.Doc {
	paras := strings.Split(d.Text, "\n\n")
	body := strings.Join(paras[2:], "\n\n")
	d.Text = headline + "\n\nBy Staff Reporter | Share this article\n\n" + body + "\n\nAdvertisement\n\nRelated: more world news\n\n© The Daily Example"
	d.Title = headline
	return d
}

// TestStoriesCountOnce: a story read under three URLs (the original, a
// reprint with other chrome and headline, an exact copy) is one document
// with three sources, extracted once, and support counts its claims as one
// independent source carried by three publishers. A restarted pipeline
// finds the story again from the fingerprint stored with it.
func TestStoriesCountOnce(t *testing.T) {
	s, _ := newPipeline(t, 1)
	p := storyPipeline(t, s)
	orig := corpusDoc(t, "apt40-hainan-indictment.txt")
	orig.URL = "https://wire.example/apt40"
	t0 := time.Date(2021, 7, 19, 12, 0, 0, 0, time.UTC)
	first, err := p.IngestStory(ctx, orig, ingest.Read{Publisher: "Example Wire", Fetched: t0})
	if err != nil || first.Copy || !first.Created || first.Relations == 0 {
		t.Fatalf("first = %+v, %v", first, err)
	}
	quads := len(dump(t, s))

	copy1 := reprint(orig, "China's spies accused of global hacking spree")
	copy1.URL = "https://paper.example/world/china-hackers"
	res, err := p.IngestStory(ctx, copy1, ingest.Read{Publisher: "Daily Example", Fetched: t0.Add(time.Hour)})
	if err != nil || !res.Copy || res.Document.ID != first.Document.ID || res.Similarity < 0.5 {
		t.Fatalf("reprint = %+v, %v; want a copy of %s", res, err, first.Document.ID)
	}
	exact := orig
	exact.URL = "https://mirror.example/apt40"
	res, err = p.IngestStory(ctx, exact, ingest.Read{Fetched: t0.Add(2 * time.Hour)})
	if err != nil || !res.Copy || res.Similarity != 1 {
		t.Fatalf("exact copy = %+v, %v", res, err)
	}
	// the same URL again changes nothing
	before := dump(t, s)
	if _, err := p.IngestStory(ctx, exact, ingest.Read{Fetched: t0.Add(3 * time.Hour)}); err != nil {
		t.Fatal(err)
	}
	if after := dump(t, s); len(after) != len(before) {
		t.Errorf("the same copy twice: %d quads → %d", len(before), len(after))
	}
	st, err := s.StoryOf(ctx, first.Document.ID)
	if err != nil {
		t.Fatal(err)
	}
	var urls, pubs []string
	for _, src := range st.Sources {
		urls, pubs = append(urls, src.URL), append(pubs, src.PublisherName)
	}
	want := []string{orig.URL, copy1.URL, exact.URL}
	if strings.Join(urls, " ") != strings.Join(want, " ") {
		t.Errorf("sources = %v, want %v", urls, want)
	}
	if pubs[0] != "Example Wire" || pubs[1] != "Daily Example" || pubs[2] != "mirror.example" {
		t.Errorf("publishers = %q", pubs)
	}
	if stats, _ := s.Stats(ctx); stats.Documents != 1 {
		t.Errorf("documents = %d, want 1", stats.Documents)
	}
	// the copies added their records, not claims
	if got := len(dump(t, s)); got-quads > 40 {
		t.Errorf("the copies added %d quads; only their sources were expected", got-quads)
	}

	// support: one claim, one story, three publishers, one independent source
	claims, err := s.DocumentClaims(ctx, first.Document.ID)
	if err != nil || len(claims) == 0 {
		t.Fatal(claims, err)
	}
	relID := graph.RelationID(claims[0].Subject, claims[0].Predicate, claims[0].Object)
	byRel, err := s.Claims(ctx, []string{relID})
	if err != nil {
		t.Fatal(err)
	}
	sups, err := s.Supports(ctx, [][]graph.Claim{byRel[relID]})
	if err != nil {
		t.Fatal(err)
	}
	if sup := sups[0]; sup.Documents != 1 || sup.IndependentSources != 1 || sup.Publishers != 3 {
		t.Errorf("support = %+v", sup)
	}

	// a restarted pipeline knows the story from its stored fingerprint
	again := storyPipeline(t, s)
	copy2 := reprint(orig, "Four charged over Hainan hacking")
	copy2.URL = "https://other.example/apt40"
	res, err = again.IngestStory(ctx, copy2, ingest.Read{Fetched: t0.Add(4 * time.Hour)})
	if err != nil || !res.Copy || res.Document.ID != first.Document.ID {
		t.Fatalf("after restart = %+v, %v", res, err)
	}
	// a different story is a document of its own
	other := corpusDoc(t, "apt41-charges.txt")
	other.URL = "https://wire.example/apt41"
	res, err = again.IngestStory(ctx, other, ingest.Read{Fetched: t0})
	if err != nil || res.Copy || !res.Created {
		t.Fatalf("another story = %+v, %v", res, err)
	}
}
