package graph

import (
	"cmp"
	"context"
	"encoding/base64"
	"slices"
	"strings"
	"time"

	"github.com/cayleygraph/quad"

	"github.com/newsgraph/newsgraph/ontology"
)

// A story is one document and every place it was published: the page it
// was first read from and the syndicated copies found later (a wire story
// reprinted by other outlets with their own headline and chrome). The
// document, its text and its claims are stored once; each copy adds a
// StorySource, so its URL is never lost and its claims are never counted
// twice.
//
// The sources of document doc:<hex> are the structured source
// "story:<hex>", replaced as a whole when a copy is added: one node per
// source (https://newsgraph.dev/story/<hex>#<hash of the URL>) with its URL,
// headline, dates and publisher, and the publishers as ORGANIZATION
// entities, so analysts can find and rate them. The index only counts these
// quads; they are read from the store when asked for.

// StoryNS is the namespace of the nodes of a story's sources.
const StoryNS = "https://newsgraph.dev/story/"

var (
	pCopyOf      = quad.IRI(NS + "copyOf")
	pFetched     = quad.IRI(NS + "fetched")
	pPublisher   = quad.IRI(SchemaNS + "publisher")
	pFingerprint = quad.IRI(NS + "fingerprint")
)

// StorySource is one place a story was published.
type StorySource struct {
	URL string
	// Publisher is the publisher's entity ID, "" when unknown.
	Publisher string
	// PublisherName is its name as the source gave it (when Publisher is
	// set, the entity's own name is in the store).
	PublisherName string
	Title         string
	Published     time.Time // the publication date the source gives, zero when unknown
	Fetched       time.Time // when newsgraph read it, zero when unknown
}

// Story is a document's sources.
type Story struct {
	Document string
	// Sources are in the order they were found (first fetched first).
	Sources []StorySource
	// Fingerprint is an opaque near-duplicate signature of the text (see
	// ingest/dedup), nil when none was stored.
	Fingerprint []byte
}

func storySourceID(docID string) string { return "story:" + strings.TrimPrefix(docID, "doc:") }

// StoryOf returns the sources of a document. A document stored without a
// story record (ingested from a file) has one source made of its own URL,
// title and date.
func (s *Store) StoryOf(ctx context.Context, docID string) (Story, error) {
	doc, err := s.Document(ctx, docID, false)
	if err != nil {
		return Story{}, err
	}
	st, err := s.storedStory(ctx, docID)
	if err != nil {
		return Story{}, err
	}
	if len(st.Sources) == 0 && (doc.URL != "" || doc.Title != "") {
		st.Sources = []StorySource{{URL: doc.URL, Title: doc.Title, Published: doc.Published}}
	}
	return st, nil
}

// storedStory reads the story record of a document; it has no sources when
// there is none.
func (s *Store) storedStory(ctx context.Context, docID string) (Story, error) {
	qs, err := s.SourceQuads(ctx, storySourceID(docID))
	if err != nil {
		return Story{}, err
	}
	st := Story{Document: docID}
	nodes := map[string]*StorySource{}
	var order []string
	for _, q := range qs {
		if q.Predicate == pFingerprint {
			st.Fingerprint, _ = base64.StdEncoding.DecodeString(quad.ToString(q.Object))
			continue
		}
		if _, ok := idOf(q.Subject, StoryNS); !ok {
			continue
		}
		k := q.Subject.String()
		src := nodes[k]
		if src == nil {
			src = &StorySource{}
			nodes[k] = src
			order = append(order, k)
		}
		switch q.Predicate {
		case pURL:
			src.URL = quad.ToString(q.Object)
		case pHeadline:
			src.Title = quad.ToString(q.Object)
		case pDate:
			src.Published = dateOf(q.Object)
		case pFetched:
			src.Fetched = dateOf(q.Object)
		case pPublisher:
			if id, ok := idOf(q.Object, EntityNS); ok {
				src.Publisher = s.Canonical(id)
			}
		case pName:
			src.PublisherName = quad.ToString(q.Object)
		}
	}
	for _, k := range order {
		st.Sources = append(st.Sources, *nodes[k])
	}
	sortSources(st.Sources)
	return st, nil
}

// sortSources orders sources by when they were fetched, then published,
// then by URL, so that a story's record is the same however its copies
// arrived.
func sortSources(ss []StorySource) {
	slices.SortStableFunc(ss, func(a, b StorySource) int {
		if c := a.Fetched.Compare(b.Fetched); c != 0 {
			return c
		}
		if c := a.Published.Compare(b.Published); c != 0 {
			return c
		}
		return cmp.Compare(a.URL, b.URL)
	})
}

// AddStorySources records more places where a stored document was
// published, and its fingerprint when fp is not nil. A source whose URL the
// story already has is not added again (the first one read is kept), so
// adding the same copy twice changes nothing. It reports how many sources
// were new. Publishers named by entity ID become ORGANIZATION entities
// named PublisherName unless the store already has them.
func (s *Store) AddStorySources(ctx context.Context, docID string, fp []byte, srcs ...StorySource) (int, error) {
	return s.addStorySources(ctx, docID, fp, true, srcs)
}

// BeginStory writes the record of a story before its document: its
// fingerprint and first source. A writer that stores the record first and
// the document next leaves, if it dies in between, a fingerprint that the
// next run finds (and, the document being absent, drops), never a stored
// document that near-duplicates cannot find. It is AddStorySources
// without the document's existence check; the record of a document that
// never comes is never shown.
func (s *Store) BeginStory(ctx context.Context, docID string, fp []byte, src StorySource) error {
	if !IsDocumentID(docID) {
		return Errorf(EINVALID, "%q is not a document ID", clip(docID))
	}
	_, err := s.addStorySources(ctx, docID, fp, false, []StorySource{src})
	return err
}

func (s *Store) addStorySources(ctx context.Context, docID string, fp []byte, needDoc bool, srcs []StorySource) (int, error) {
	if err := s.writable(); err != nil {
		return 0, err
	}
	s.storyMu.Lock()
	defer s.storyMu.Unlock()
	if needDoc {
		if _, err := s.Document(ctx, docID, false); err != nil {
			return 0, err
		}
	}
	st, err := s.storedStory(ctx, docID)
	if err != nil {
		return 0, err
	}
	have := map[string]bool{}
	for _, src := range st.Sources {
		have[src.URL] = true
	}
	added := 0
	for _, src := range srcs {
		src.URL = strings.TrimSpace(src.URL)
		if src.URL == "" && src.Title == "" {
			return 0, Errorf(EINVALID, "a story source needs a URL or a title")
		}
		if have[src.URL] {
			continue
		}
		have[src.URL] = true
		st.Sources = append(st.Sources, src)
		added++
	}
	if fp != nil && !slices.Equal(fp, st.Fingerprint) {
		st.Fingerprint = fp
	} else if added == 0 {
		return 0, nil
	}
	b, extra, err := s.storyBatch(ctx, st)
	if err != nil {
		return 0, err
	}
	if _, err := s.ReplaceSourceWith(ctx, b, extra); err != nil {
		return 0, err
	}
	return added, nil
}

// storyBatch builds the structured source that holds a story's record.
func (s *Store) storyBatch(ctx context.Context, st Story) (*Batch, []quad.Quad, error) {
	hex := strings.TrimPrefix(st.Document, "doc:")
	id := storySourceID(st.Document)
	b := &Batch{Source: &Source{ID: id, Name: "sources of " + st.Document, Kind: "story"}}
	var extra []quad.Quad
	add := func(s quad.Value, p quad.IRI, o quad.Value) {
		extra = append(extra, quad.Quad{Subject: s, Predicate: p, Object: o})
	}
	if len(st.Fingerprint) > 0 {
		add(SourceIRI(id), pFingerprint, quad.String(base64.StdEncoding.EncodeToString(st.Fingerprint)))
	}
	pubs := map[string]bool{}
	for _, src := range st.Sources {
		n := quad.IRI(StoryNS + hex + "#" + hashID(src.URL, src.Title))
		add(n, pCopyOf, DocIRI(st.Document))
		if src.URL != "" {
			add(n, pURL, quad.String(src.URL))
		}
		if src.Title != "" {
			add(n, pHeadline, quad.String(src.Title))
		}
		if !src.Published.IsZero() {
			add(n, pDate, dateValue(src.Published))
		}
		if !src.Fetched.IsZero() {
			// to the millisecond: copies read in one second keep their order
			add(n, pFetched, quad.TypedString{Value: quad.String(src.Fetched.UTC().Truncate(time.Millisecond).Format("2006-01-02T15:04:05.000Z07:00")),
				Type: "http://www.w3.org/2001/XMLSchema#dateTime"})
		}
		if src.PublisherName != "" {
			add(n, pName, quad.String(src.PublisherName))
		}
		if src.Publisher == "" {
			continue
		}
		add(n, pPublisher, EntityIRI(src.Publisher))
		if pubs[src.Publisher] {
			continue
		}
		pubs[src.Publisher] = true
		e, err := s.Entity(ctx, src.Publisher)
		switch {
		case err == nil:
			b.Entities = append(b.Entities, Entity{ID: e.ID, Name: e.Name, Type: e.Type})
		case IsNotFound(err) && src.PublisherName != "":
			b.Entities = append(b.Entities, Entity{ID: src.Publisher, Name: src.PublisherName, Type: ontology.Organization})
		case IsNotFound(err):
			return nil, nil, Errorf(EINVALID, "publisher %q is not an entity and has no name", clip(src.Publisher))
		default:
			return nil, nil, err
		}
	}
	return b, extra, nil
}

// StoryFingerprints returns the stored fingerprint of every story that has
// one, by document ID: what a near-duplicate index is rebuilt from.
func (s *Store) StoryFingerprints(ctx context.Context) (map[string][]byte, error) {
	qs, err := s.QuadsWith(ctx, quad.Predicate, pFingerprint)
	if err != nil {
		return nil, err
	}
	out := make(map[string][]byte, len(qs))
	for _, q := range qs {
		id, ok := idOf(q.Subject, SourceNS)
		if !ok || !strings.HasPrefix(id, "story:") {
			continue
		}
		fp, err := base64.StdEncoding.DecodeString(quad.ToString(q.Object))
		if err != nil {
			continue // not ours to judge: the record is skipped, not fatal
		}
		out["doc:"+strings.TrimPrefix(id, "story:")] = fp
	}
	return out, nil
}

// DocumentWithURL returns the ID of the document that was read from url,
// as its own URL or as one of its story's sources; ENOTFOUND when none was.
func (s *Store) DocumentWithURL(ctx context.Context, url string) (string, error) {
	if url == "" {
		return "", Errorf(EINVALID, "no URL")
	}
	qs, err := s.QuadsWith(ctx, quad.Object, quad.String(url))
	if err != nil {
		return "", err
	}
	for _, q := range qs {
		if q.Predicate != pURL {
			continue
		}
		var id string
		if hex, ok := idOf(q.Subject, DocNS); ok {
			id = "doc:" + hex
		} else if n, ok := idOf(q.Subject, StoryNS); ok {
			hex, _, _ := strings.Cut(n, "#")
			id = "doc:" + hex
		} else {
			continue
		}
		if _, err := s.Document(ctx, id, false); err == nil {
			return id, nil
		} else if !IsNotFound(err) {
			return "", err
		}
	}
	return "", Errorf(ENOTFOUND, "no document read from %q", clip(url))
}
