// Package ingest is newsgraph's pipeline from files and texts to the graph:
// normalize → extract → resolve → graph.Store. It is the only package that
// joins text and store.
package ingest

import (
	"context"
	"fmt"
	"log/slog"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/newsgraph/newsgraph/extract"
	"github.com/newsgraph/newsgraph/graph"
	"github.com/newsgraph/newsgraph/ingest/normalize"
)

// DefaultMaxDocBytes bounds one document's text.
const DefaultMaxDocBytes = normalize.DefaultMaxDocBytes

// Options configure a Pipeline.
type Options struct {
	// Workers is how many documents are extracted at once (default 2).
	Workers int
	// MaxDocBytes bounds one document (default DefaultMaxDocBytes).
	MaxDocBytes int
	Logger      *slog.Logger
	// Stories, when set, lets IngestStory count each story once.
	Stories *Stories
}

// Pipeline ingests documents into a store. It is safe for concurrent use.
type Pipeline struct {
	store *graph.Store
	base  *extract.Extractor
	opts  Options
	log   *slog.Logger

	mu      sync.Mutex
	ext     *extract.Extractor // base plus the store's structured entities
	extVer  uint64
	extInit bool
}

// New returns a pipeline writing to store with the given extractor.
func New(store *graph.Store, ext *extract.Extractor, opts Options) *Pipeline {
	if opts.Workers <= 0 {
		opts.Workers = 2
	}
	if opts.MaxDocBytes <= 0 {
		opts.MaxDocBytes = DefaultMaxDocBytes
	}
	log := opts.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Pipeline{store: store, base: ext, ext: ext, opts: opts, log: log}
}

// extractor returns the extractor that also recognizes the entities that
// structured sources (ATT&CK groups and their aliases) put in the store. It
// is rebuilt only when those change.
func (p *Pipeline) extractor(ctx context.Context) (*extract.Extractor, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	v := p.store.StructuredVersion()
	if p.extInit && v == p.extVer {
		return p.ext, nil
	}
	ents, err := p.store.StructuredEntities(ctx)
	if err != nil {
		return nil, err
	}
	known := make([]extract.Known, len(ents))
	for i, e := range ents {
		known[i] = extract.Known{Key: e.ID, Name: e.Name, Type: e.Type, Aliases: e.Aliases}
	}
	p.ext = p.base
	if len(known) > 0 {
		p.ext = p.base.WithGazetteer(p.base.Gazetteer().With(known))
	}
	p.extVer, p.extInit = v, true
	return p.ext, nil
}

// Result says what ingesting one document did.
type Result struct {
	Document  graph.Document
	Created   bool // false when the same text was already stored
	Entities  int  // entities extracted
	Relations int  // claims extracted
	// Copy is set when IngestStory found the page to be a copy of the
	// stored story Document (exactly, or near-duplicate with Similarity):
	// its source was added, nothing was extracted.
	Copy       bool
	Similarity float64
}

// DocumentID returns the store ID of a normalized text.
func DocumentID(text string) string { return "doc:" + normalize.ID(text) }

// Ingest extracts one normalized document and writes it in one transaction.
// A document whose text is already stored is left as it is.
func (p *Pipeline) Ingest(ctx context.Context, d normalize.Doc) (Result, error) {
	b, res, err := p.prepare(ctx, d)
	if err != nil || b == nil {
		return res, err
	}
	return p.write(ctx, b, res)
}

// prepare extracts and resolves a document into a batch; it returns a nil
// batch when the document is already stored.
func (p *Pipeline) prepare(ctx context.Context, d normalize.Doc) (*graph.Batch, Result, error) {
	if strings.TrimSpace(d.Text) == "" {
		return nil, Result{}, graph.Errorf(graph.EINVALID, "document %s has no text", name(d))
	}
	if len(d.Text) > p.opts.MaxDocBytes {
		return nil, Result{}, graph.Errorf(graph.EINVALID, "document %s is %d bytes; the limit is %d", name(d), len(d.Text), p.opts.MaxDocBytes)
	}
	id := DocumentID(d.Text)
	// the document's own ID is the hash of its text; the id its source gave
	// it (a JSONL record's, a feed item's) is kept as its source ID
	doc := graph.Document{ID: id, Title: d.Title, URL: d.URL, Source: d.Source, SourceID: d.ID, Published: d.Published,
		Text: d.Text, Extractor: extract.Version, Bytes: len(d.Text)}
	// A stored document is not extracted again: re-ingesting the corpus
	// (serve --demo on a kept store, a folder ingested twice) costs a
	// lookup per document instead of an extraction (15 demo documents:
	// 2-15 ms instead of 135-210 ms). The store checks again, under its
	// write lock, when it writes (WriteResult.Created): that check is the
	// one that counts when the same text is ingested twice at once.
	if _, err := p.store.Document(ctx, id, false); err == nil {
		return nil, Result{Document: doc}, nil
	} else if !graph.IsNotFound(err) {
		return nil, Result{}, err
	}
	b, err := p.extractBatch(ctx, doc)
	if err != nil {
		return nil, Result{}, err
	}
	return b, Result{Document: doc, Entities: len(b.Entities), Relations: len(b.Claims)}, nil
}

func (p *Pipeline) write(ctx context.Context, b *graph.Batch, res Result) (Result, error) {
	wr, err := p.store.WriteDocument(ctx, b)
	if err != nil {
		return Result{}, fmt.Errorf("ingest: write %s: %w", name(normalize.Doc{Source: b.Document.Source, ID: b.Document.ID}), err)
	}
	res.Created = wr.Created
	p.log.Debug("ingested", "doc", b.Document.ID, "source", b.Document.Source, "created", wr.Created, "quads", wr.Added)
	return res, nil
}

// extractBatch runs extraction on a document and turns the result into a
// batch whose entity IDs are resolved against the store.
func (p *Pipeline) extractBatch(ctx context.Context, doc graph.Document) (*graph.Batch, error) {
	ext, err := p.extractor(ctx)
	if err != nil {
		return nil, err
	}
	r, err := ext.Extract(ctx, extract.Input{Name: doc.Source, Title: doc.Title, Text: doc.Text, Published: doc.Published})
	if err != nil {
		return nil, fmt.Errorf("ingest: extract %s: %w", doc.Source, err)
	}
	return toBatch(doc, r, p.resolve(ctx, r.Entities), ext.Gazetteer()), nil
}

// resolve maps extracted entity keys to store entity IDs. The answer
// depends only on the extraction and on structured knowledge, never on which
// other articles were ingested before, so ingesting in any order (or again
// after a crash) gives the same graph:
//   - an entity an analyst merged away maps to the entity it was merged into;
//   - an entity that a structured source brought (an ATT&CK group) and that
//     has one of the extracted names as its name or alias, with the same
//     type, is that entity (an article's "APT40" is ATT&CK's Leviathan);
//   - otherwise the extracted key is the ID: the same name and type give the
//     same entity in every article.
func (p *Pipeline) resolve(ctx context.Context, ents []extract.Entity) map[string]string {
	ids := make(map[string]string, len(ents))
	for _, e := range ents {
		id := p.store.Canonical(e.Key)
		if id == e.Key {
			for _, n := range append([]string{e.Name}, e.Aliases...) {
				if found, ok := p.store.FindStructured(ctx, n, e.Type); ok {
					id = p.store.Canonical(found)
					break
				}
			}
		}
		ids[e.Key] = id
	}
	return ids
}

// toBatch converts an extraction result into a store batch. Only names
// become the store's aliases (see aliases); every mention is kept as a
// mention of the document.
func toBatch(doc graph.Document, r *extract.Result, ids map[string]string, g *extract.Gazetteer) *graph.Batch {
	b := &graph.Batch{Document: &doc}
	names := newAliasFilter(r, g)
	byID := map[string]*graph.Entity{}
	var order []string
	for _, e := range r.Entities {
		id := ids[e.Key]
		ge, ok := byID[id]
		if !ok {
			ge = &graph.Entity{ID: id, Name: e.Name, Type: e.Type, Description: e.Description}
			byID[id] = ge
			order = append(order, id)
		} else if e.Name != ge.Name && names.isName(e, e.Name) {
			ge.Aliases = append(ge.Aliases, e.Name)
		}
		for _, a := range e.Aliases {
			if names.isName(e, a) {
				ge.Aliases = append(ge.Aliases, a)
			}
		}
		if e.Role != "" {
			ge.Roles = append(ge.Roles, e.Role)
		}
	}
	for _, id := range order {
		e := byID[id]
		e.Aliases = dedupe(e.Aliases, e.Name)
		e.Roles = dedupe(e.Roles, "")
		b.Entities = append(b.Entities, *e)
	}
	type mkey struct{ entity, text, method, alias string }
	mentions := map[mkey][][2]int{}
	var mkeys []mkey
	for _, m := range r.Mentions {
		k := mkey{ids[m.Entity], m.Text, string(m.Method), m.Alias}
		if _, ok := mentions[k]; !ok {
			mkeys = append(mkeys, k)
		}
		mentions[k] = append(mentions[k], [2]int{m.Start, m.End})
	}
	for _, k := range mkeys {
		if _, ok := byID[k.entity]; !ok {
			continue
		}
		b.Mentions = append(b.Mentions, graph.Mention{Entity: k.entity, Text: k.text, Method: k.method, Alias: k.alias, Offsets: mentions[k]})
	}
	for _, rel := range r.Relations {
		c := graph.Claim{
			Subject: ids[rel.Subject], Predicate: rel.Predicate, Object: ids[rel.Object],
			Sentence: rel.Sentence, Start: rel.Start, End: rel.End,
			Confidence: rel.Confidence, Extractor: extract.Version, Verb: rel.Verb,
		}
		if rel.About != "" {
			c.About = ids[rel.About]
		}
		if c.Subject == "" || c.Object == "" || c.Subject == c.Object {
			continue
		}
		b.Claims = append(b.Claims, c)
	}
	return b
}

func dedupe(xs []string, except string) []string {
	seen := map[string]bool{except: true}
	var out []string
	for _, x := range xs {
		x = strings.TrimSpace(x)
		if x == "" || seen[x] {
			continue
		}
		seen[x] = true
		out = append(out, x)
	}
	sort.Strings(out)
	return out
}

func name(d normalize.Doc) string {
	if d.Source != "" {
		return d.Source
	}
	if d.ID != "" {
		return d.ID
	}
	return "(unnamed)"
}

// Meta is what the caller of Text says about the text; what it gives wins
// over what normalization finds.
type Meta struct {
	Title, URL string
	// Source is where the text came from (a file name), for provenance.
	Source string
	// SourceID is the id the source gave the text; the document keeps it
	// (graph.Document.SourceID) and can be found by it.
	SourceID  string
	Published time.Time
}

// Text ingests one text given directly (the GraphQL mutation): HTML is
// detected and reduced to its main text. A text that is not text (an
// executable or an image sent as a string, see normalize.SniffBinary) is
// refused.
func (p *Pipeline) Text(ctx context.Context, text string, m Meta) (Result, error) {
	if len(text) > p.opts.MaxDocBytes {
		return Result{}, graph.Errorf(graph.EINVALID, "document is %d bytes; the limit is %d", len(text), p.opts.MaxDocBytes)
	}
	if err := normalize.SniffBinary(text); err != nil {
		return Result{}, graph.Errorf(graph.EINVALID, "the document is %v", err)
	}
	var d normalize.Doc
	if looksLikeHTML(text) {
		var err error
		d, err = normalize.HTML(strings.NewReader(text))
		if err != nil {
			return Result{}, graph.Errorf(graph.EINVALID, "cannot read the HTML: %v", err)
		}
	} else {
		d = normalize.Text(text)
	}
	if m.Title != "" {
		d.Title = m.Title
	}
	if m.URL != "" {
		d.URL = m.URL
	}
	if !m.Published.IsZero() {
		d.Published = m.Published.UTC()
	}
	d.Source, d.ID = m.Source, m.SourceID
	return p.Ingest(ctx, d)
}

func looksLikeHTML(s string) bool {
	head := strings.ToLower(s[:min(len(s), 2048)])
	return strings.Contains(head, "<html") || strings.Contains(head, "<!doctype html") ||
		strings.Contains(head, "<body") || strings.Contains(head, "<p>") || strings.Contains(head, "<article")
}
