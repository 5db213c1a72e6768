package ingest

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/newsgraph/newsgraph/extract"
	"github.com/newsgraph/newsgraph/graph"
	"github.com/newsgraph/newsgraph/ingest/dedup"
	"github.com/newsgraph/newsgraph/ingest/normalize"
	"github.com/newsgraph/newsgraph/ontology"
)

// Stories makes a pipeline count each story once. A page whose text is
// already stored (an exact copy) or is a near-duplicate of a stored story
// (a wire story reprinted with other chrome, headline or a trimmed
// paragraph; see ingest/dedup for the method and the measured threshold)
// is not extracted again: its URL, headline, dates and publisher are added
// to the stored document as one more source (graph.StorySource). A new
// story is extracted, written, and its fingerprint stored with its first
// source, so that the index of fingerprints is rebuilt from the store when
// the process starts again.
//
// Stories are handled one at a time: two copies of one story arriving at
// once must not both become documents.
type Stories struct {
	mu     sync.Mutex
	index  *dedup.Index
	loaded bool
}

// NewStories returns story handling with a near-duplicate threshold (0
// for dedup.DefaultThreshold).
func NewStories(threshold float64) (*Stories, error) {
	if threshold == 0 {
		threshold = dedup.DefaultThreshold
	}
	ix, err := dedup.NewIndex(threshold)
	if err != nil {
		return nil, fmt.Errorf("ingest: stories: %w", err)
	}
	return &Stories{index: ix}, nil
}

// Read says where and when a page was read.
type Read struct {
	// Publisher names the publisher; empty for the page's own site name,
	// or its host when it has none.
	Publisher string
	Fetched   time.Time
}

// load fills the index from the fingerprints stored with the stories, once.
func (st *Stories) load(ctx context.Context, store *graph.Store) error {
	if st.loaded {
		return nil
	}
	fps, err := store.StoryFingerprints(ctx)
	if err != nil {
		return fmt.Errorf("ingest: read story fingerprints: %w", err)
	}
	for id, b := range fps {
		var sig dedup.Signature
		if sig.UnmarshalBinary(b) == nil { // another version's: that story is not matched
			st.index.Add(id, sig)
		}
	}
	st.loaded = true
	return nil
}

// IngestStory ingests a page read from the web as a story: a copy of a
// stored story adds a source to it (Result.Copy, nothing extracted),
// anything else is ingested as a new document with its first source. It
// needs Options.Stories.
func (p *Pipeline) IngestStory(ctx context.Context, d normalize.Doc, r Read) (Result, error) {
	st := p.opts.Stories
	if st == nil {
		return Result{}, fmt.Errorf("ingest: IngestStory needs Options.Stories")
	}
	if strings.TrimSpace(d.Text) == "" {
		return Result{}, graph.Errorf(graph.EINVALID, "document %s has no text", name(d))
	}
	st.mu.Lock()
	defer st.mu.Unlock()
	if err := st.load(ctx, p.store); err != nil {
		return Result{}, err
	}
	src, err := p.storySource(ctx, d, r)
	if err != nil {
		return Result{}, err
	}
	sig := dedup.Fingerprint(d.Text)
	id := DocumentID(d.Text)
	if _, err := p.store.Document(ctx, id, false); err == nil {
		return p.addCopy(ctx, id, src, 1)
	} else if !graph.IsNotFound(err) {
		return Result{}, err
	}
	if match, sim, ok := st.index.Match(sig); ok {
		res, err := p.addCopy(ctx, match, src, sim)
		if !graph.IsNotFound(err) {
			return res, err
		}
		st.index.Remove(match) // deleted since: this page is a story of its own
	}
	// the story's record goes first: a crash before the document is
	// written leaves a fingerprint the next run drops, never a document
	// that its copies cannot find
	fp, err := sig.MarshalBinary()
	if err != nil {
		return Result{}, fmt.Errorf("ingest: fingerprint %s: %w", id, err)
	}
	if err := p.store.BeginStory(ctx, id, fp, src); err != nil {
		return Result{}, fmt.Errorf("ingest: sources of %s: %w", id, err)
	}
	res, err := p.Ingest(ctx, d)
	if err != nil {
		return res, err
	}
	st.index.Add(id, sig)
	return res, nil
}

// addCopy adds a source to the stored story id.
func (p *Pipeline) addCopy(ctx context.Context, id string, src graph.StorySource, sim float64) (Result, error) {
	doc, err := p.store.Document(ctx, id, false)
	if err != nil {
		return Result{}, err
	}
	n, err := p.store.AddStorySources(ctx, id, nil, src)
	if err != nil {
		return Result{}, fmt.Errorf("ingest: add source %s to %s: %w", src.URL, id, err)
	}
	p.log.Debug("story copy", "doc", id, "url", src.URL, "similarity", sim, "new", n > 0)
	return Result{Document: doc, Copy: true, Similarity: sim}, nil
}

// storySource is the source a page makes, its publisher resolved to an
// entity: the one the store already has by that name when there is one.
func (p *Pipeline) storySource(ctx context.Context, d normalize.Doc, r Read) (graph.StorySource, error) {
	src := graph.StorySource{URL: d.URL, Title: d.Title, Published: d.Published, Fetched: r.Fetched.UTC()}
	pub := strings.TrimSpace(r.Publisher)
	if pub == "" {
		pub = strings.TrimSpace(d.Site)
	}
	if pub == "" {
		pub = hostName(d.URL)
	}
	if pub == "" {
		return src, nil
	}
	if len(pub) > 200 {
		return src, graph.Errorf(graph.EINVALID, "publisher name of %s is longer than 200 bytes", name(d))
	}
	e := extract.Entity{Key: ontology.Key(ontology.Organization, pub), Name: pub, Type: ontology.Organization}
	src.Publisher, src.PublisherName = p.resolve(ctx, []extract.Entity{e})[e.Key], pub
	if ent, err := p.store.Entity(ctx, src.Publisher); err == nil {
		src.PublisherName = ent.Name
	}
	return src, nil
}

// hostName is a URL's host without a leading "www.", "" when there is none.
func hostName(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.Hostname() == "" {
		return ""
	}
	return strings.TrimPrefix(strings.ToLower(u.Hostname()), "www.")
}
