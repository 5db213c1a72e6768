package graph

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/cayleygraph/quad"

	"github.com/newsgraph/newsgraph/ontology"
)

// EntityDocuments returns a page of the documents that mention an entity,
// newest first.
func (s *Store) EntityDocuments(ctx context.Context, id string, p Page) (DocumentPage, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	docs, ok := s.idx.EntityDocuments(id)
	if !ok {
		return DocumentPage{}, Errorf(ENOTFOUND, "no entity %q", clip(id))
	}
	// keys must ascend: the position in the newest-first order, then the ID
	keys := make([]string, len(docs))
	for i := range keys {
		keys[i] = padInt(i) + "|" + docs[i]
	}
	lo, hi, info, err := paginate("entdoc:"+id, keys, p)
	if err != nil {
		return DocumentPage{}, err
	}
	page := DocumentPage{PageInfo: info}
	for i := lo; i < hi; i++ {
		src, _ := s.idx.Source(docs[i])
		page.Documents = append(page.Documents, toDocument(src))
		page.Cursors = append(page.Cursors, encodeCursor("entdoc:"+id, keys[i]))
	}
	return page, nil
}

func padInt(i int) string { return fmt.Sprintf("%09d", i) }

// MentionCount returns the number of documents that mention an entity.
func (s *Store) MentionCount(ctx context.Context, id string) (int, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	n, ok := s.idx.MentionCount(id)
	if !ok {
		return 0, Errorf(ENOTFOUND, "no entity %q", clip(id))
	}
	return n, nil
}

// NeighborCount is how many neighbors of one type an entity has.
type NeighborCount struct {
	Type  ontology.EntityType
	Count int
}

// NeighborCounts counts an entity's distinct neighbors by type.
func (s *Store) NeighborCounts(ctx context.Context, id string) ([]NeighborCount, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	counts, ok := s.idx.NeighborCounts(id)
	if !ok {
		return nil, Errorf(ENOTFOUND, "no entity %q", clip(id))
	}
	var out []NeighborCount
	for _, c := range counts {
		out = append(out, NeighborCount{Type: c.Type, Count: c.Count})
	}
	return out, nil
}

// AliasSource says where one name of an entity came from.
type AliasSource struct {
	Name string
	// Source is the document or structured source ID that gave the name.
	Source string
	// Kind is "document", "stix", "nquads" or "analyst".
	Kind string
	// Method is how text matched it (gazetteer, acronym, ner, coref, …),
	// empty for structured sources.
	Method string
	// Matched is the text or gazetteer alias that matched, when known.
	Matched string
}

// AliasSources explains every name of an entity: which sources gave it and,
// for documents, how the text matched it.
func (s *Store) AliasSources(ctx context.Context, id string) ([]AliasSource, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if !s.idx.Live(id) {
		return nil, Errorf(ENOTFOUND, "no entity %q", clip(id))
	}
	node := EntityIRI(id)
	qs, err := s.quadsWith(ctx, quad.Subject, node)
	if err != nil {
		return nil, err
	}
	// how each document's text matched the entity
	links, err := s.quadsWith(ctx, quad.Object, node)
	if err != nil {
		return nil, err
	}
	type match struct{ method, alias, text string }
	methods := map[string][]match{} // source → matches
	for _, l := range links {
		if l.Predicate != pEntity {
			continue
		}
		mq, err := s.quadsWith(ctx, quad.Subject, l.Subject)
		if err != nil {
			return nil, err
		}
		var m match
		for _, q := range mq {
			switch q.Predicate {
			case pMethod:
				m.method = quad.ToString(q.Object)
			case pAlias:
				m.alias = quad.ToString(q.Object)
			case pText:
				m.text = quad.ToString(q.Object)
			}
		}
		src := labelID(l.Label)
		methods[src] = append(methods[src], m)
	}
	var out []AliasSource
	seen := map[string]bool{}
	for _, q := range qs {
		if q.Predicate != pName && q.Predicate != pAltName {
			continue
		}
		name := quad.ToString(q.Object)
		src := labelID(q.Label)
		k := name + "\x00" + src
		if seen[k] {
			continue
		}
		seen[k] = true
		as := AliasSource{Name: name, Source: src, Kind: sourceKind(src)}
		key := NormalizeKey(name)
		for _, m := range methods[src] {
			if NormalizeKey(m.text) == key || NormalizeKey(m.alias) == key {
				as.Method, as.Matched = m.method, m.alias
				if as.Matched == "" {
					as.Matched = m.text
				}
				break
			}
		}
		if as.Method == "" && as.Kind == "document" {
			as.Method = "gazetteer"
		}
		out = append(out, as)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Name != out[j].Name {
			return out[i].Name < out[j].Name
		}
		return out[i].Source < out[j].Source
	})
	return out, nil
}

func sourceKind(id string) string {
	switch {
	case IsDocumentID(id):
		return "document"
	case strings.HasPrefix(id, "stix:"):
		return "stix"
	case strings.HasPrefix(id, "analyst:"):
		return "analyst"
	case strings.HasPrefix(id, "nquads:"):
		return "nquads"
	}
	return "source"
}

// Timeline returns an entity's claims (as subject, object or about) ordered
// by publication date, oldest first, at most limit of them.
func (s *Store) Timeline(ctx context.Context, id string, limit int) ([]Claim, error) {
	return s.TimelineAfter(ctx, id, "", limit)
}

// TimelineAfter returns a page of an entity's timeline: at most limit
// claims after the claim whose ID is after ("" is the start). A claim that
// is no longer in the timeline is EINVALID: its place is unknown.
func (s *Store) TimelineAfter(ctx context.Context, id, after string, limit int) ([]Claim, error) {
	if limit <= 0 || limit > MaxPage {
		return nil, Errorf(EINVALID, "timeline takes between 1 and %d claims", MaxPage)
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	if !s.idx.Live(id) {
		return nil, Errorf(ENOTFOUND, "no entity %q", clip(id))
	}
	links, err := s.quadsWith(ctx, quad.Object, EntityIRI(id))
	if err != nil {
		return nil, err
	}
	var claims []Claim
	seen := map[string]bool{}
	for _, l := range links {
		if l.Predicate != pSubject && l.Predicate != pObject && l.Predicate != pAbout {
			continue
		}
		if seen[l.Subject.String()] {
			continue
		}
		seen[l.Subject.String()] = true
		c, err := s.readClaim(ctx, l.Subject)
		if err != nil {
			return nil, err
		}
		claims = append(claims, c)
	}
	sortClaims(claims)
	if after != "" {
		i := slices.IndexFunc(claims, func(c Claim) bool { return c.NodeID() == after || c.ID == after })
		if i < 0 {
			return nil, Errorf(EINVALID, "the claim %q is not in the timeline of %q", clip(after), clip(id))
		}
		claims = claims[i+1:]
	}
	if len(claims) > limit {
		claims = claims[:limit]
	}
	return claims, nil
}

func sortClaims(claims []Claim) {
	sort.Slice(claims, func(i, j int) bool {
		a, b := claims[i], claims[j]
		if !a.Published.Equal(b.Published) {
			if a.Published.IsZero() || b.Published.IsZero() {
				return b.Published.IsZero()
			}
			return a.Published.Before(b.Published)
		}
		if a.Document != b.Document {
			return a.Document < b.Document
		}
		if a.Start != b.Start {
			return a.Start < b.Start
		}
		return a.ID < b.ID
	})
}

// DocumentClaims returns the claims a document states, in text order.
func (s *Store) DocumentClaims(ctx context.Context, docID string) ([]Claim, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	links, err := s.quadsWith(ctx, quad.Object, DocIRI(docID))
	if err != nil {
		return nil, err
	}
	var claims []Claim
	for _, l := range links {
		if l.Predicate != pDocument {
			continue
		}
		if _, ok := idOf(l.Subject, ClaimNS); !ok {
			continue
		}
		c, err := s.readClaim(ctx, l.Subject)
		if err != nil {
			return nil, err
		}
		claims = append(claims, c)
	}
	sortClaims(claims)
	return claims, nil
}

// DocumentEntities returns the entities a document mentions, by name.
func (s *Store) DocumentEntities(ctx context.Context, docID string) ([]Entity, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	ents, ok := s.idx.DocumentEntities(docID)
	if !ok {
		return nil, Errorf(ENOTFOUND, "no document %q", clip(docID))
	}
	out := toEntities(ents)
	if len(out) == 0 {
		out = nil
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, nil
}
