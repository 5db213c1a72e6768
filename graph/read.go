package graph

import (
	"context"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	cgraph "github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/quad"

	"github.com/newsgraph/newsgraph/graph/internal/index"
	"github.com/newsgraph/newsgraph/ontology"
)

// quadsWith returns every quad with v in direction d.
func (s *Store) quadsWith(ctx context.Context, d quad.Direction, v quad.Value) ([]quad.Quad, error) {
	var out []quad.Quad
	err := s.eachQuadWith(ctx, d, v, func(q quad.Quad) { out = append(out, q) })
	return out, err
}

// eachQuadWith calls fn with every quad that has v in direction d.
//
// It first collects the quads' references and closes the iterator, then
// reads their nodes in batches. cayley's kv iterators hold a bolt read
// transaction open until closed; reading values while one is open opens a
// second read transaction in the same goroutine, and bolt deadlocks when a
// writer that needs to grow the file waits between the two.
func (s *Store) eachQuadWith(ctx context.Context, d quad.Direction, v quad.Value, fn func(quad.Quad)) error {
	ref, err := s.qs.ValueOf(v)
	if err != nil {
		return fmt.Errorf("graph: look up %v: %w", v, err)
	}
	if ref == nil {
		return nil
	}
	it := s.qs.QuadIterator(d, ref).Iterate()
	var refs []cgraph.Ref
	for it.Next(ctx) {
		refs = append(refs, it.Result())
	}
	err = it.Err()
	it.Close()
	if err != nil {
		return fmt.Errorf("graph: iterate quads of %v: %w", v, err)
	}
	for start := 0; start < len(refs); start += resolveBatch {
		quads, err := s.resolveQuads(ctx, refs[start:min(start+resolveBatch, len(refs))])
		if err != nil {
			return err
		}
		for _, q := range quads {
			fn(q)
		}
	}
	return ctx.Err()
}

const resolveBatch = 10000

// resolveQuads turns quad references into quads, reading their distinct
// nodes in one batch. No iterator may be open in the calling goroutine.
func (s *Store) resolveQuads(ctx context.Context, refs []cgraph.Ref) ([]quad.Quad, error) {
	slot := map[any]int32{}
	var nodes []cgraph.Ref
	links := make([][4]int32, len(refs))
	for i, ref := range refs {
		for j, dir := range quad.Directions {
			nr, err := s.qs.QuadDirection(ref, dir)
			if err != nil {
				return nil, fmt.Errorf("graph: read quad: %w", err)
			}
			if nr == nil {
				links[i][j] = -1
				continue
			}
			k := nr.Key()
			n, ok := slot[k]
			if !ok {
				n = int32(len(nodes))
				slot[k] = n
				nodes = append(nodes, nr)
			}
			links[i][j] = n
		}
	}
	vals, err := cgraph.ValuesOf(ctx, s.qs, nodes)
	if err != nil {
		return nil, fmt.Errorf("graph: read nodes: %w", err)
	}
	out := make([]quad.Quad, len(links))
	for i, l := range links {
		for j, dir := range quad.Directions {
			if l[j] >= 0 {
				out[i].Set(dir, vals[l[j]])
			}
		}
	}
	return out, nil
}

// changed is called after every committed write.
func (s *Store) changed() { s.writes.Add(1) }

// Writes returns the number of writes committed through this Store, a change
// counter for caches.
func (s *Store) Writes() uint64 { return s.writes.Load() }

// Entity returns the entity with the given ID.
func (s *Store) Entity(ctx context.Context, id string) (Entity, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if e, ok := s.idx.Entity(id); ok {
		return toEntity(e), nil
	}
	return Entity{}, Errorf(ENOTFOUND, "no entity %q", clip(id))
}

// Entities returns the entities with the given IDs, in the same order; a
// missing entity is returned with an empty ID.
func (s *Store) Entities(ctx context.Context, ids []string) ([]Entity, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	out := make([]Entity, len(ids))
	for i, id := range ids {
		if e, ok := s.idx.Entity(id); ok {
			out[i] = toEntity(e)
		}
	}
	return out, nil
}

// EntityByName returns the entity whose name or alias matches name (case,
// punctuation, a leading "the" and a trailing "'s" ignored). When several
// match, an exact name beats an alias, then the better-connected wins.
func (s *Store) EntityByName(ctx context.Context, name string) (Entity, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if e, ok := s.idx.EntityByName(name); ok {
		return toEntity(e), nil
	}
	return Entity{}, Errorf(ENOTFOUND, "no entity named %q", clip(name))
}

// RelationFilter selects an entity's relations.
type RelationFilter struct {
	Direction  Direction
	Predicates []ontology.Predicate
	// Types keeps only relations whose other end has one of these types.
	Types []ontology.EntityType
}

// RelationPage is one page of relations.
type RelationPage struct {
	Relations []Relation
	Cursors   []string
	PageInfo
}

// Relations returns a page of an entity's relations, ordered by direction
// (outgoing first), predicate, then the other entity's ID.
func (s *Store) Relations(ctx context.Context, entityID string, f RelationFilter, p Page) (RelationPage, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	items, ok := s.idx.Relations(entityID, index.Dir(f.Direction), f.Predicates, f.Types)
	if !ok {
		return RelationPage{}, Errorf(ENOTFOUND, "no entity %q", clip(entityID))
	}
	return s.relationPage("rel", items, p)
}

// relationPage returns the page p of a list of relations of kind.
func (s *Store) relationPage(kind string, items []index.RelationItem, p Page) (RelationPage, error) {
	keys := make([]string, len(items))
	for i, it := range items {
		keys[i] = it.Key
	}
	lo, hi, info, err := paginate(kind, keys, p)
	if err != nil {
		return RelationPage{}, err
	}
	page := RelationPage{PageInfo: info}
	if hi > lo {
		_, page.Relations = fromTable(s.idx.Resolve(items[lo:hi]))
	}
	for _, it := range items[lo:hi] {
		page.Cursors = append(page.Cursors, encodeCursor(kind, it.Key))
	}
	return page, nil
}

// AllRelations returns a page of every relation in the store, ordered by
// subject ID, predicate and object ID.
func (s *Store) AllRelations(ctx context.Context, predicates []ontology.Predicate, p Page) (RelationPage, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	items, err := s.idx.AllRelations(ctx, predicates)
	if err != nil {
		return RelationPage{}, err
	}
	return s.relationPage("allrel", items, p)
}

// Relation returns the relation with the given ID.
func (s *Store) Relation(ctx context.Context, id string) (Relation, error) {
	subj, pred, obj, err := ParseRelationID(id)
	if err != nil {
		return Relation{}, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	if t, ok := s.idx.Relation(subj, pred, obj); ok {
		_, rels := fromTable(t)
		return rels[0], nil
	}
	return Relation{}, Errorf(ENOTFOUND, "no relation %q", clip(id))
}

// Claims returns the claims behind each relation ID, oldest source first. It
// reads all of them in one pass, for dataloaders.
func (s *Store) Claims(ctx context.Context, relationIDs []string) (map[string][]Claim, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.claimsLocked(ctx, relationIDs)
}

func (s *Store) claimsLocked(ctx context.Context, relationIDs []string) (map[string][]Claim, error) {
	return s.claimsWith(ctx, relationIDs, s.readClaim)
}

// claimsWith reads the claims of relations with read. The caller holds s.mu.
func (s *Store) claimsWith(ctx context.Context, relationIDs []string, read func(context.Context, quad.Value) (Claim, error)) (map[string][]Claim, error) {
	out := make(map[string][]Claim, len(relationIDs))
	for _, rid := range relationIDs {
		if _, ok := out[rid]; ok {
			continue
		}
		var claims []Claim
		for _, id := range s.idx.ClaimsOf(rid) {
			c, err := read(ctx, claimIRI(id))
			if err != nil {
				return nil, err
			}
			claims = append(claims, c)
		}
		sort.Slice(claims, func(i, j int) bool {
			if !claims[i].Published.Equal(claims[j].Published) {
				return claims[i].Published.Before(claims[j].Published)
			}
			return claims[i].ID < claims[j].ID
		})
		out[rid] = claims
	}
	return out, nil
}

// readClaim reads one claim node, from the cache when it can. The caller
// holds s.mu.
func (s *Store) readClaim(ctx context.Context, node quad.Value) (Claim, error) {
	key := node.String()
	if c, ok := s.claims.Get(key); ok {
		return c, nil
	}
	c, err := s.readClaimNode(ctx, node)
	if err == nil {
		s.claims.Add(key, c)
	}
	return c, err
}

func (s *Store) readClaimNode(ctx context.Context, node quad.Value) (Claim, error) {
	qs, err := s.quadsWith(ctx, quad.Subject, node)
	if err != nil {
		return Claim{}, err
	}
	c := Claim{}
	c.ID, _ = idOf(node, ClaimNS)
	for _, q := range qs {
		switch q.Predicate {
		case pSubject:
			c.Subject, _ = idOf(q.Object, EntityNS)
		case pObject:
			c.Object, _ = idOf(q.Object, EntityNS)
		case pAbout:
			c.About, _ = idOf(q.Object, EntityNS)
		case pPredicate:
			c.Predicate, _ = predicateOf(q.Object)
		case pDocument:
			c.Document = labelID(q.Object)
		case pSentence:
			c.Sentence = quad.ToString(q.Object)
		case pStart:
			c.Start = intOf(q.Object)
		case pEnd:
			c.End = intOf(q.Object)
		case pConfidence:
			c.Confidence = floatOf(q.Object)
		case pExtractor:
			c.Extractor = quad.ToString(q.Object)
		case pVerb:
			c.Verb = quad.ToString(q.Object)
		case pOrigType:
			c.OriginalType = quad.ToString(q.Object)
		}
	}
	c.Published = s.idx.SourceDate(c.Document)
	return c, nil
}

func intOf(v quad.Value) int {
	switch x := v.(type) {
	case quad.Int:
		return int(x)
	default:
		n, _ := strconv.Atoi(quad.ToString(v))
		return n
	}
}

func floatOf(v quad.Value) float64 {
	switch x := v.(type) {
	case quad.Float:
		return float64(x)
	case quad.Int:
		return float64(x)
	default:
		f, _ := strconv.ParseFloat(quad.ToString(v), 64)
		return f
	}
}

// Document returns a document's metadata, with its text when withText is set.
func (s *Store) Document(ctx context.Context, id string, withText bool) (Document, error) {
	if !IsDocumentID(id) {
		return Document{}, Errorf(ENOTFOUND, "no document %q", clip(id))
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	src, ok := s.idx.Source(id)
	if !ok || !src.Exists || !src.Doc {
		return Document{}, Errorf(ENOTFOUND, "no document %q", clip(id))
	}
	d := toDocument(src)
	if withText {
		text, err := s.readText(ctx, id)
		if err != nil {
			return Document{}, err
		}
		d.Text = text
	}
	return d, nil
}

// readText reads a document's text from cayley.
func (s *Store) readText(ctx context.Context, id string) (string, error) {
	qs, err := s.quadsWith(ctx, quad.Subject, DocIRI(id))
	if err != nil {
		return "", err
	}
	for _, q := range qs {
		if q.Predicate == pText {
			return quad.ToString(q.Object), nil
		}
	}
	return "", nil
}

// DocumentFilter selects documents by publication date (zero bounds are
// open) and by the id their source gave them (empty: any).
type DocumentFilter struct {
	From, To time.Time
	SourceID string
}

// DocumentPage is one page of documents.
type DocumentPage struct {
	Documents []Document
	Cursors   []string
	PageInfo
}

// Documents returns a page of documents, newest first.
func (s *Store) Documents(ctx context.Context, f DocumentFilter, p Page) (DocumentPage, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	refs := s.idx.Documents(f.From, f.To, f.SourceID)
	keys := make([]string, len(refs))
	for i, ref := range refs {
		// position keeps the newest-first order; the ID makes the key unique
		keys[i] = fmt.Sprintf("%09d|%s", ref.Pos, ref.ID)
	}
	lo, hi, info, err := paginate("doc", keys, p)
	if err != nil {
		return DocumentPage{}, err
	}
	page := DocumentPage{PageInfo: info}
	for i := lo; i < hi; i++ {
		src, _ := s.idx.Source(refs[i].ID)
		page.Documents = append(page.Documents, toDocument(src))
		page.Cursors = append(page.Cursors, encodeCursor("doc", keys[i]))
	}
	return page, nil
}

// Mentions returns where entities were recognized in a document.
func (s *Store) Mentions(ctx context.Context, docID string) ([]Mention, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	links, err := s.quadsWith(ctx, quad.Object, DocIRI(docID))
	if err != nil {
		return nil, err
	}
	var out []Mention
	for _, l := range links {
		if l.Predicate != pDocument {
			continue
		}
		if _, ok := idOf(l.Subject, MentionNS); !ok {
			continue
		}
		qs, err := s.quadsWith(ctx, quad.Subject, l.Subject)
		if err != nil {
			return nil, err
		}
		m := Mention{Document: docID}
		for _, q := range qs {
			switch q.Predicate {
			case pEntity:
				m.Entity, _ = idOf(q.Object, EntityNS)
			case pText:
				m.Text = quad.ToString(q.Object)
			case pMethod:
				m.Method = quad.ToString(q.Object)
			case pAlias:
				m.Alias = quad.ToString(q.Object)
			case pOffsets:
				m.Offsets = parseOffsets(quad.ToString(q.Object))
			}
		}
		out = append(out, m)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Entity != out[j].Entity {
			return out[i].Entity < out[j].Entity
		}
		return out[i].Text < out[j].Text
	})
	return out, nil
}

// Stats counts entities, relations, documents, claims and quads.
func (s *Store) Stats(ctx context.Context) (Stats, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	c := s.idx.Counts()
	return Stats{Entities: c.Entities, Relations: c.Relations, Documents: c.Documents, Claims: c.Claims, Quads: c.Quads}, nil
}

// RelationCount is the number of an entity's relations with one predicate in
// one direction.
type RelationCount struct {
	Predicate ontology.Predicate
	Direction Direction
	Count     int
}

// RelationCounts counts an entity's relations by predicate and direction.
func (s *Store) RelationCounts(ctx context.Context, entityID string) ([]RelationCount, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	counts, ok := s.idx.RelationCounts(entityID)
	if !ok {
		return nil, Errorf(ENOTFOUND, "no entity %q", clip(entityID))
	}
	var out []RelationCount
	for _, c := range counts {
		dir := In
		if c.Out {
			dir = Out
		}
		out = append(out, RelationCount{Predicate: c.Pred, Direction: dir, Count: c.Count})
	}
	return out, nil
}

// Claim returns one claim by ID.
func (s *Store) Claim(ctx context.Context, id string) (Claim, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if c, ok, err := s.retractionClaim(ctx, strings.TrimPrefix(id, "claim:")); ok || err != nil {
		return c, err
	}
	node := claimIRI(strings.TrimPrefix(id, "claim:"))
	qs, err := s.quadsWith(ctx, quad.Subject, node)
	if err != nil {
		return Claim{}, err
	}
	if len(qs) == 0 {
		return Claim{}, Errorf(ENOTFOUND, "no claim %q", clip(id))
	}
	return s.readClaim(ctx, node)
}

// DocumentsByID returns documents' metadata (no text) in the order of ids; a
// missing document is returned with an empty ID.
func (s *Store) DocumentsByID(ctx context.Context, ids []string) ([]Document, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	out := make([]Document, len(ids))
	for i, id := range ids {
		if src, ok := s.idx.Source(id); ok && src.Exists && src.Doc {
			out[i] = toDocument(src)
		}
	}
	return out, nil
}
