package graph

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	cgraph "github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/quad"

	"github.com/newsgraph/newsgraph/graph/internal/boltkv"
	"github.com/newsgraph/newsgraph/graph/internal/parallel"
)

// Batch is everything one source adds to the graph. A batch is written in
// one transaction: readers see all of it or none of it.
type Batch struct {
	// Document is set for text sources. Its ID is the label of every quad.
	Document *Document
	// Source is set for structured sources (a STIX bundle, an N-Quads file,
	// an analyst action) instead of Document.
	Source   *Source
	Entities []Entity
	Mentions []Mention
	Claims   []Claim
}

// Source is a structured source of quads.
type Source struct {
	ID        string // e.g. "stix:bundle--…" or "analyst:…"
	Name      string
	Kind      string // "stix", "nquads", "analyst"
	Published time.Time
}

// WriteResult says what a write did.
type WriteResult struct {
	ID      string // the document or source ID
	Created bool   // false if the document was already stored (nothing changed)
	Added   int    // quads added
	Removed int    // quads removed
}

// label returns the quad label of the batch.
func (b *Batch) label() (quad.IRI, string, error) {
	switch {
	case b.Document != nil && b.Source == nil:
		if b.Document.ID == "" {
			return "", "", Errorf(EINVALID, "document has no ID")
		}
		return DocIRI(b.Document.ID), b.Document.ID, nil
	case b.Source != nil && b.Document == nil:
		if b.Source.ID == "" {
			return "", "", Errorf(EINVALID, "source has no ID")
		}
		return SourceIRI(b.Source.ID), b.Source.ID, nil
	}
	return "", "", Errorf(EINVALID, "a batch needs exactly one of document or source")
}

// WriteDocument stores a document with its entities, mentions and claims in
// one transaction. Writing a document that is already stored changes nothing
// (Created is false).
func (s *Store) WriteDocument(ctx context.Context, b *Batch) (WriteResult, error) {
	if b.Document == nil {
		return WriteResult{}, Errorf(EINVALID, "WriteDocument needs a document")
	}
	if err := s.writable(); err != nil {
		return WriteResult{}, err
	}
	quads, err := b.quads()
	if err != nil {
		return WriteResult{}, err
	}
	s.wmu.Lock()
	defer s.wmu.Unlock()
	res := WriteResult{ID: b.Document.ID}
	if s.idx.HasSource(b.Document.ID) {
		return res, nil
	}
	res.Created = true
	res.Added, err = s.applyLocked(ctx, quads, nil)
	return res, err
}

// WriteDocuments stores many documents, several to a transaction (about
// BulkBatch quads each), which is how a bulk ingest reaches cayley's best
// write rate. A document is never split across transactions, so readers
// still see whole documents or none. Documents already stored are skipped
// (Created false in their result). On an error, the documents of earlier
// transactions are stored and the rest are not.
func (s *Store) WriteDocuments(ctx context.Context, batches []*Batch) ([]WriteResult, error) {
	if err := s.writable(); err != nil {
		return nil, err
	}
	type doc struct {
		i     int
		quads []quad.Quad
	}
	results := make([]WriteResult, len(batches))
	docs := make([]doc, len(batches))
	for i, b := range batches {
		if b.Document == nil {
			return nil, Errorf(EINVALID, "WriteDocuments needs documents")
		}
		results[i].ID = b.Document.ID
		docs[i].i = i
	}
	if err := eachBatch(batches, func(i int, quads []quad.Quad) { docs[i].quads = quads }); err != nil {
		return nil, err
	}
	s.wmu.Lock()
	defer s.wmu.Unlock()
	pending := map[string]bool{}
	total, largest := 0, 0
	for _, d := range docs {
		total += len(d.quads)
		largest = max(largest, len(d.quads))
	}
	limit := s.BulkBatch()
	group := make([]quad.Quad, 0, min(total, limit+largest))
	var members []int
	flush := func() error {
		if len(group) == 0 {
			return nil
		}
		if _, err := s.applyLocked(ctx, group, nil); err != nil {
			return err
		}
		for _, i := range members {
			results[i].Created = true
		}
		group, members = group[:0], members[:0]
		limit = s.BulkBatch()
		return nil
	}
	for _, d := range docs {
		id := batches[d.i].Document.ID
		if s.idx.HasSource(id) || pending[id] {
			continue
		}
		if len(group) > 0 && len(group)+len(d.quads) > limit {
			if err := flush(); err != nil {
				return results, err
			}
		}
		pending[id] = true
		group = append(group, d.quads...)
		members = append(members, d.i)
		results[d.i].Added = len(d.quads)
	}
	return results, flush()
}

// eachBatch turns batches into quads and hands each batch's to fn, in any
// order; the error is the first batch's error in order. Many batches are
// turned on every core (a tenth of a bulk load's time, and the store's
// own write uses one core).
func eachBatch(batches []*Batch, fn func(i int, quads []quad.Quad)) error {
	workers := min(runtime.GOMAXPROCS(0), len(batches)/parallelBatches)
	return parallel.Start(len(batches), workers, parallelBatches, func(i int) error {
		quads, err := batches[i].quads()
		if err == nil {
			fn(i, quads)
		}
		return err
	})()
}

// parallelBatches is how many batches a worker of eachBatch takes at a
// time, and the fewest that are worth a second worker.
const parallelBatches = 16

// ReplaceSource makes the quads of a source (document or structured) exactly
// those of b, in one transaction: what is new is added, what is gone is
// removed, what is unchanged stays. Replacing with the same batch changes
// nothing; a newer version of a source replaces the older one.
func (s *Store) ReplaceSource(ctx context.Context, b *Batch) (WriteResult, error) {
	return s.ReplaceSourceWith(ctx, b, nil)
}

// DeleteSource removes a document or structured source and exactly its quads
// (a document's story sources go with it).
// It reports ENOTFOUND if nothing is labelled with it.
func (s *Store) DeleteSource(ctx context.Context, id string) (int, error) {
	if err := s.writable(); err != nil {
		return 0, err
	}
	label := DocIRI(id)
	if !IsDocumentID(id) {
		label = SourceIRI(id)
	}
	s.wmu.Lock()
	defer s.wmu.Unlock()
	old, err := s.quadsWith(ctx, quad.Label, label)
	if err != nil {
		return 0, err
	}
	if len(old) == 0 {
		return 0, Errorf(ENOTFOUND, "no document or source %q", clip(id))
	}
	if IsDocumentID(id) { // its story's sources go with it
		story, err := s.quadsWith(ctx, quad.Label, SourceIRI(storySourceID(id)))
		if err != nil {
			return 0, err
		}
		old = append(old, story...)
	}
	_, err = s.applyLocked(ctx, nil, old)
	return len(old), err
}

// applyLocked commits additions and removals to cayley, then to the index.
// The caller holds s.wmu (writers go one at a time). Readers see all of a
// change or none of it:
//
//   - a change that only adds is committed in one cayley transaction while
//     readers go on, then applied to the index under s.mu, so readers are
//     held up only for the in-memory update, not for the commit to disk;
//   - a change that removes quads (a replaced, pruned or deleted source)
//     holds s.mu across its commits and the index update: between the two
//     transactions below, cayley holds the old and the new quads side by
//     side, and after the removal the index would still list claims that
//     cayley no longer has.
//
// Additions and removals go in separate cayley transactions, additions
// first. cayley's kv backends (bolt) lose a direction of an added quad when
// the same transaction removes more quads than it adds that share a node:
// graphlog.SplitDeltas nets the node's reference count to a negative number
// and applyAddDeltas then finds no ID for it (the label of a re-extracted
// document's new claims came out empty). Adding first means a crash between
// the two leaves old and new quads side by side, never a loss; replacing
// the source again removes the old ones.
//
// On a shared PostgreSQL database the change goes through the change feed
// (changefeed.go), which runs commitLocked under the writers' lock and logs
// the change for the other servers.
func (s *Store) applyLocked(ctx context.Context, add, del []quad.Quad) (int, error) {
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	if s.pg != nil { // through the change feed shared with other servers
		return s.pg.write(ctx, s, add, del)
	}
	if _, err := s.commitLocked(add, del); err != nil {
		if len(del) > 0 {
			return len(add), err
		}
		return 0, err
	}
	return len(add), nil
}

// commitLocked commits a change to cayley and the index (applyLocked).
// On an error, addsLanded says whether the additions were committed (and
// applied) before a later step failed.
func (s *Store) commitLocked(add, del []quad.Quad) (addsLanded bool, err error) {
	if len(del) == 0 && len(add) > 0 {
		if err := s.commit(add, cgraph.Add); err != nil {
			return false, err
		}
		s.applyAdded(add)
	} else if len(del) > 0 {
		if addsLanded, err := s.replaceLocked(add, del); err != nil {
			return addsLanded, err
		}
	}
	s.landed(add)
	return true, nil
}

// applyAdded brings committed additions into the index.
func (s *Store) applyAdded(add []quad.Quad) {
	s.mu.Lock()
	s.applyAll(add, +1)
	s.mu.Unlock()
}

// landed records a commit's additions as arrived and wakes what waits for
// changes.
func (s *Store) landed(add []quad.Quad) {
	s.arrived.note(add, time.Now())
	s.changed()
}

// replaceLocked commits additions, then removals, and applies both to the
// index, holding s.mu throughout so that no reader sees a state between
// them. What was committed is in the index even when a later step fails
// (addsLanded says whether the additions were).
func (s *Store) replaceLocked(add, del []quad.Quad) (addsLanded bool, err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(add) > 0 {
		if err := s.commit(add, cgraph.Add); err != nil {
			return false, err
		}
		s.applyAll(add, +1)
	}
	if err := s.commit(del, cgraph.Delete); err != nil {
		return true, err
	}
	s.applyAll(del, -1)
	return true, nil
}

// commit applies one kind of change to cayley in one transaction. On bolt,
// additions are written straight in cayley's layout (internal/boltkv),
// several times faster than cayley's own writer; removals go through cayley.
func (s *Store) commit(quads []quad.Quad, action cgraph.Procedure) error {
	if s.direct != nil && action == cgraph.Add {
		for _, q := range quads {
			if q.Subject == nil || q.Predicate == nil || q.Object == nil {
				return Errorf(EINVALID, "invalid quad %s", clip(q.String()))
			}
		}
		return s.directErr(s.direct.Add(quads), len(quads))
	}
	if s.direct != nil && action == cgraph.Delete {
		// an index snapshot taken before this removal no longer
		// describes the store (boltkv.Position)
		if err := s.direct.NoteRemoval(); err != nil {
			return fmt.Errorf("graph: commit %d removals: %w", len(quads), err)
		}
	}
	deltas := make([]cgraph.Delta, len(quads))
	for i, q := range quads {
		deltas[i] = cgraph.Delta{Quad: q, Action: action}
	}
	if err := s.qs.ApplyDeltas(deltas, cgraph.IgnoreOpts{IgnoreDup: true, IgnoreMissing: true}); err != nil {
		return fmt.Errorf("graph: commit %d quads: %w", len(deltas), err)
	}
	return nil
}

// directErr is the error of a direct bolt write of n quads: a layout the
// writer does not know names the file.
func (s *Store) directErr(err error, n int) error {
	if errors.Is(err, boltkv.ErrUnknownFormat) {
		return layoutError(s.direct.Path(), err)
	}
	if err != nil {
		return fmt.Errorf("graph: commit %d quads: %w", n, err)
	}
	return nil
}

func (s *Store) writable() error {
	if s.readOnly {
		return Errorf(EREADONLY, "the store is read-only")
	}
	return nil
}

// quads turns a batch into its quads, deduplicated, in a stable order.
func (b *Batch) quads() ([]quad.Quad, error) {
	label, labelStr, err := b.label()
	if err != nil {
		return nil, err
	}
	qb := newQuadBuilder(label, 8+10*len(b.Entities)+7*len(b.Mentions)+17*len(b.Claims), 1+len(b.Entities)+len(b.Mentions)+2*len(b.Claims))
	if d := b.Document; d != nil {
		qb.document(d)
	}
	if src := b.Source; src != nil {
		n := SourceIRI(src.ID)
		qb.add(n, pType, cSource)
		qb.add(n, pName, quad.String(src.Name))
		qb.add(n, pExtractor, quad.String(src.Kind))
		if !src.Published.IsZero() {
			qb.add(n, pDate, dateValue(src.Published))
		}
	}
	known := make(map[string]bool, len(b.Entities))
	for _, e := range b.Entities {
		if err := checkEntity(e); err != nil {
			return nil, err
		}
		known[e.ID] = true
		qb.entity(e)
	}
	for _, m := range b.Mentions {
		if !known[m.Entity] {
			return nil, Errorf(EINVALID, "mention of unknown entity %q", clip(m.Entity))
		}
		n := quad.IRI(MentionNS + hashID(labelStr, m.Entity, m.Text, m.Method))
		qb.add(n, pType, cMention)
		qb.add(n, pEntity, EntityIRI(m.Entity))
		qb.add(n, pDocument, label)
		qb.add(n, pText, quad.String(m.Text))
		qb.add(n, pMethod, quad.String(m.Method))
		qb.add(n, pAlias, quad.String(m.Alias))
		qb.add(n, pOffsets, quad.String(formatOffsets(m.Offsets)))
	}
	for _, c := range b.Claims {
		c = canonicalClaim(c)
		if err := checkClaim(c, known); err != nil {
			return nil, err
		}
		qb.claim(c, labelStr)
	}
	return qb.out, nil
}

// quadBuilder collects the quads of a batch, all with one label, without
// duplicates (an entity listed twice, a claim repeated, an alias whose key
// is the name's).
//
// Duplicates share their subject: each subject chains its quads (last[s]
// and prev hold positions in out plus one), and a new quad is compared with
// its subject's chain only. Hashing whole quads would hash every document
// text and sentence. Quads are comparable: every value a batch writes is an
// IRI, a string, a typed string, an integer or a float.
type quadBuilder struct {
	label quad.IRI
	out   []quad.Quad
	last  map[quad.IRI]int32
	prev  []int32
}

// newQuadBuilder sizes the lists for about est quads of about subjects
// subjects up front, so that they do not grow through copies.
func newQuadBuilder(label quad.IRI, est, subjects int) *quadBuilder {
	return &quadBuilder{label: label, out: make([]quad.Quad, 0, est), last: make(map[quad.IRI]int32, subjects), prev: make([]int32, 0, est)}
}

// add adds s —p→ o unless o is nil or an empty string, or the quad is there.
func (qb *quadBuilder) add(s quad.IRI, p quad.IRI, o quad.Value) {
	if o == nil {
		return
	}
	if str, ok := o.(quad.String); ok && str == "" {
		return
	}
	q := quad.Quad{Subject: s, Predicate: p, Object: o, Label: qb.label}
	head := qb.last[s]
	for i := head; i != 0; i = qb.prev[i-1] {
		if qb.out[i-1] == q {
			return
		}
	}
	qb.out = append(qb.out, q)
	qb.prev = append(qb.prev, head)
	qb.last[s] = int32(len(qb.out))
}

func (qb *quadBuilder) document(d *Document) {
	n := DocIRI(d.ID)
	qb.add(n, pType, cDocument)
	qb.add(n, pHeadline, quad.String(d.Title))
	qb.add(n, pURL, quad.String(d.URL))
	qb.add(n, pSource, quad.String(d.Source))
	qb.add(n, pIdentifier, quad.String(d.SourceID))
	qb.add(n, pText, quad.String(d.Text))
	qb.add(n, pExtractor, quad.String(d.Extractor))
	qb.add(n, pBytes, quad.Int(len(d.Text)))
	if !d.Published.IsZero() {
		qb.add(n, pDate, dateValue(d.Published))
	}
}

func (qb *quadBuilder) entity(e Entity) {
	n := EntityIRI(e.ID)
	qb.add(n, pType, typeIRI(e.Type))
	qb.add(n, pName, quad.String(e.Name))
	qb.add(n, pKey, quad.String(NormalizeKey(e.Name)))
	qb.add(n, pDescription, quad.String(e.Description))
	for _, a := range e.Aliases {
		if strings.TrimSpace(a) == "" || a == e.Name {
			continue
		}
		qb.add(n, pAltName, quad.String(a))
		qb.add(n, pKey, quad.String(NormalizeKey(a)))
	}
	for _, r := range e.Roles {
		qb.add(n, pRole, quad.String(r))
	}
	for _, r := range e.ExternalRefs {
		qb.add(n, pExtRef, quad.String(r.Source+"|"+r.ExternalID+"|"+r.URL))
	}
}

// claim adds the claim node of c, stated by source, and its direct edge.
func (qb *quadBuilder) claim(c Claim, source string) {
	id := c.ID
	if id == "" {
		id = ClaimID(source, c)
	}
	n := claimIRI(id)
	qb.add(n, pType, cClaim)
	qb.add(n, pSubject, EntityIRI(c.Subject))
	qb.add(n, pPredicate, predicateIRI(c.Predicate))
	qb.add(n, pObject, EntityIRI(c.Object))
	if c.About != "" {
		qb.add(n, pAbout, EntityIRI(c.About))
	}
	qb.add(n, pDocument, qb.label)
	qb.add(n, pRelation, quad.String(RelationID(c.Subject, c.Predicate, c.Object)))
	qb.add(n, pSentence, quad.String(c.Sentence))
	if c.Sentence != "" || c.End > 0 {
		qb.add(n, pStart, quad.Int(c.Start))
		qb.add(n, pEnd, quad.Int(c.End))
	}
	qb.add(n, pConfidence, quad.Float(round3(c.Confidence)))
	qb.add(n, pExtractor, quad.String(c.Extractor))
	qb.add(n, pVerb, quad.String(c.Verb))
	qb.add(n, pOrigType, quad.String(c.OriginalType))
	qb.add(EntityIRI(c.Subject), predicateIRI(c.Predicate), EntityIRI(c.Object))
}

// checkClaim refuses a claim whose entities are not in the batch, whose
// predicate is unknown or whose confidence is out of range.
func checkClaim(c Claim, known map[string]bool) error {
	switch {
	case !known[c.Subject] || !known[c.Object] || (c.About != "" && !known[c.About]):
		return Errorf(EINVALID, "claim %s %s %s names an entity not in the batch", clip(c.Subject), c.Predicate, clip(c.Object))
	case !c.Predicate.Valid():
		return Errorf(EINVALID, "unknown predicate %q", c.Predicate)
	case c.Confidence < 0 || c.Confidence > 1:
		return Errorf(EINVALID, "confidence %v out of [0,1]", c.Confidence)
	}
	return nil
}

// ClaimID returns the stable ID of a claim made by a source.
func ClaimID(source string, c Claim) string {
	c = canonicalClaim(c)
	return hashID(source, c.Subject, string(c.Predicate), c.Object, c.About,
		strconv.Itoa(c.Start), strconv.Itoa(c.End), c.Verb, c.OriginalType)
}

// canonicalClaim orders the ends of a symmetric predicate so that "A
// cooperates with B" and "B cooperates with A" are one relation.
func canonicalClaim(c Claim) Claim {
	if info, ok := c.Predicate.Info(); ok && info.Symmetric && c.Object < c.Subject {
		c.Subject, c.Object = c.Object, c.Subject
	}
	return c
}

func checkEntity(e Entity) error {
	switch {
	case e.ID == "" || strings.ContainsAny(e.ID, " |<>\"{}\\^`\n"):
		return Errorf(EINVALID, "entity ID %q is empty or has characters not allowed in an IRI", clip(e.ID))
	case !e.Type.Valid():
		return Errorf(EINVALID, "entity %q has unknown type %q", clip(e.ID), e.Type)
	case strings.TrimSpace(e.Name) == "":
		return Errorf(EINVALID, "entity %q has no name", clip(e.ID))
	}
	return nil
}

func round3(f float64) float64 { return float64(int(f*1000+0.5)) / 1000 }

// dateValue is a publication date as a typed literal: xsd:date when it has no
// time of day, xsd:dateTime otherwise.
func dateValue(t time.Time) quad.Value {
	t = t.UTC()
	if t.Hour() == 0 && t.Minute() == 0 && t.Second() == 0 && t.Nanosecond() == 0 {
		return quad.TypedString{Value: quad.String(t.Format("2006-01-02")), Type: "http://www.w3.org/2001/XMLSchema#date"}
	}
	return quad.TypedString{Value: quad.String(t.Format(time.RFC3339)), Type: "http://www.w3.org/2001/XMLSchema#dateTime"}
}

func formatOffsets(offs [][2]int) string {
	offs = slices.Clone(offs)
	sort.Slice(offs, func(i, j int) bool { return offs[i][0] < offs[j][0] })
	parts := make([]string, len(offs))
	for i, o := range offs {
		parts[i] = strconv.Itoa(o[0]) + "-" + strconv.Itoa(o[1])
	}
	return strings.Join(parts, ",")
}

func parseOffsets(s string) [][2]int {
	var out [][2]int
	for _, p := range strings.Split(s, ",") {
		a, b, ok := strings.Cut(p, "-")
		if !ok {
			continue
		}
		x, err1 := strconv.Atoi(a)
		y, err2 := strconv.Atoi(b)
		if err1 == nil && err2 == nil {
			out = append(out, [2]int{x, y})
		}
	}
	return out
}
