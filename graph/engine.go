package graph

import (
	"context"
	"errors"
	"runtime/debug"
	"strings"
	"time"

	cgraph "github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/quad"

	"github.com/newsgraph/newsgraph/graph/internal/boltkv"
	"github.com/newsgraph/newsgraph/graph/internal/index"
)

// This file joins the Store to its in-memory engine (graph/internal/index):
// it decodes committed quads into the engine's facts, builds the engine
// from cayley, and turns the engine's answers into domain types.

// factOf decodes a quad into the fact the index keeps of it.
func factOf(q quad.Quad) index.Fact {
	f := index.Fact{Kind: index.Other}
	if sid, ok := idOf(q.Subject, EntityNS); ok {
		f.Subject, f.Label = sid, labelID(q.Label)
		_, f.LabelDoc = idOf(q.Label, DocNS)
		if q.Predicate == pSameAs {
			if into, ok := idOf(q.Object, EntityNS); ok {
				f.Kind, f.Object = index.SameAs, into
			}
			return f
		}
		if p, ok := predicateOf(q.Predicate); ok {
			if oid, ok := idOf(q.Object, EntityNS); ok {
				f.Kind, f.Pred, f.Object = index.Edge, p, oid
			}
			return f
		}
		f.Kind, f.Attr = index.EntityAttr, entityAttrs[q.Predicate]
		if f.Attr == index.AttrType {
			if t, ok := typeOf(q.Object); ok {
				f.Object = string(t)
			}
		} else if f.Attr != index.AttrOther {
			f.Object = quad.ToString(q.Object)
		}
		return f
	}
	if cid, ok := idOf(q.Subject, ClaimNS); ok {
		switch q.Predicate {
		case pType:
			f.Kind, f.Subject = index.ClaimType, cid
		case pRelation:
			f.Kind, f.Subject, f.Object = index.ClaimRelation, cid, quad.ToString(q.Object)
		}
		return f
	}
	if id, ok := idOf(q.Subject, DocNS); ok {
		f.Kind, f.Subject, f.SubjectDoc = index.SourceAttr, "doc:"+id, true
	} else if id, ok := idOf(q.Subject, SourceNS); ok {
		f.Kind, f.Subject = index.SourceAttr, id
	} else {
		return f
	}
	f.Attr = sourceAttrs[q.Predicate]
	switch f.Attr {
	case index.AttrBytes:
		f.Int = intOf(q.Object)
	case index.AttrDate:
		f.Date = dateOf(q.Object)
	case index.AttrType, index.AttrOther:
	default:
		f.Object = quad.ToString(q.Object)
	}
	return f
}

// entityAttrs and sourceAttrs name the attributes the index keeps.
var (
	entityAttrs = map[quad.Value]index.Attr{pType: index.AttrType, pName: index.AttrName, pAltName: index.AttrAltName,
		pKey: index.AttrKey, pRole: index.AttrRole, pDescription: index.AttrDescription, pExtRef: index.AttrExtRef}
	sourceAttrs = map[quad.Value]index.Attr{pType: index.AttrType, pHeadline: index.AttrTitle, pURL: index.AttrURL,
		pSource: index.AttrFile, pIdentifier: index.AttrIdent, pExtractor: index.AttrExtractor, pBytes: index.AttrBytes,
		pDate: index.AttrDate}
)

// applyAll applies the quads of a committed change to the index with the
// same delta and evicts the claims they touch from the cache. The caller
// holds s.mu exclusively.
func (s *Store) applyAll(quads []quad.Quad, delta int32) {
	for _, q := range quads {
		if _, ok := idOf(q.Subject, ClaimNS); ok {
			s.claims.Remove(q.Subject.String())
		}
		s.idx.Apply(factOf(q), delta)
	}
}

// buildIndex makes the store's index a fresh one read from cayley.
func (s *Store) buildIndex(ctx context.Context) error {
	idx, err := s.rebuiltIndex(ctx)
	if err != nil {
		return err
	}
	s.setIndex(idx)
	return nil
}

// rebuiltIndex reads every quad from cayley into a fresh index: from the
// log on bolt, else by walking the quads once for their node references
// (free on the kv backends, where a quad is four node IDs) and resolving
// the distinct nodes in large batches, instead of resolving four values per
// quad one lookup at a time.
func (s *Store) rebuiltIndex(ctx context.Context) (*index.Index, error) {
	idx := index.New()
	if s.direct != nil {
		err := s.direct.Each(func(q quad.Quad) { idx.Apply(factOf(q), +1) })
		if err == nil {
			return idx, nil
		}
		if !errors.Is(err, boltkv.ErrNoLog) {
			return nil, err
		}
	}
	quads, err := s.scanQuads(ctx)
	if err != nil {
		return nil, err
	}
	for _, q := range quads {
		idx.Apply(factOf(q), +1)
	}
	return idx, nil
}

// setIndex makes idx, just built, the store's index, and gives the memory
// of the build back.
func (s *Store) setIndex(idx *index.Index) {
	if idx.Counts().Quads > 100000 {
		debug.FreeOSMemory()
	}
	s.swapIndex(idx)
}

// swapIndex makes idx the store's index; the claims cached from the
// previous one are dropped with it.
func (s *Store) swapIndex(idx *index.Index) {
	s.mu.Lock()
	s.idx = idx
	s.claims.Purge()
	s.epoch++
	s.mu.Unlock()
}

// scanQuads returns every quad in the store.
func (s *Store) scanQuads(ctx context.Context) ([]quad.Quad, error) {
	if s.direct != nil {
		var quads []quad.Quad
		err := s.direct.Each(func(q quad.Quad) { quads = append(quads, q) })
		if !errors.Is(err, boltkv.ErrNoLog) {
			return quads, err
		}
	}
	it := s.qs.QuadsAllIterator().Iterate()
	var refs []cgraph.Ref
	for it.Next(ctx) {
		refs = append(refs, it.Result())
	}
	err := it.Err()
	it.Close()
	if err != nil {
		return nil, err
	}
	out := make([]quad.Quad, 0, len(refs))
	for start := 0; start < len(refs); start += resolveBatch {
		quads, err := s.resolveQuads(ctx, refs[start:min(start+resolveBatch, len(refs))])
		if err != nil {
			return nil, err
		}
		out = append(out, quads...)
	}
	return out, ctx.Err()
}

// engineErr maps the engine's errors to the store's codes.
func engineErr(err error) error {
	if err == nil {
		return nil
	}
	var missing *index.MissingError
	switch {
	case errors.As(err, &missing):
		return Errorf(ENOTFOUND, "no entity %q", clip(missing.ID))
	case errors.Is(err, index.ErrTooLarge):
		return Errorf(EINVALID, "the path search visits more than %d entities: lower maxDepth or filter by predicate", index.MaxVisited)
	}
	return err
}

// toEntity converts an engine entity.
func toEntity(e index.Entity) Entity {
	out := Entity{ID: e.ID, Name: e.Name, Type: e.Type, Aliases: e.Aliases, Description: e.Description, Roles: e.Roles}
	if len(e.Refs) > 0 {
		out.ExternalRefs = make([]ExternalRef, len(e.Refs))
		for i, ref := range e.Refs {
			// "source|id|url"; missing parts are empty
			src, rest, _ := strings.Cut(ref, "|")
			id, url, _ := strings.Cut(rest, "|")
			out.ExternalRefs[i] = ExternalRef{Source: src, ExternalID: id, URL: url}
		}
	}
	return out
}

func toEntities(es []index.Entity) []Entity {
	out := make([]Entity, len(es))
	for i, e := range es {
		out[i] = toEntity(e)
	}
	return out
}

// fromTable converts an engine table: the entities, and the relations with
// their ends pointing into them.
func fromTable(t index.Table) ([]Entity, []Relation) {
	ents := make([]Entity, len(t.Nodes))
	for i, n := range t.Nodes {
		ents[i] = toEntity(n.Entity())
	}
	if len(t.Relations) == 0 {
		return ents, nil
	}
	rels := make([]Relation, len(t.Relations))
	for i, r := range t.Relations {
		s, o := &ents[r.Subject], &ents[r.Object]
		first, last := t.Seen(i)
		rels[i] = Relation{ID: RelationID(s.ID, r.Pred, o.ID), Subject: s.ID, Predicate: r.Pred, Object: o.ID,
			Sources: r.Sources, FirstSeen: first, LastSeen: last, SubjectEntity: s, ObjectEntity: o}
	}
	return ents, rels
}

// toDocument converts an engine source to a document's metadata.
func toDocument(src index.Source) Document {
	return Document{ID: src.ID, Title: src.Title, URL: src.URL, Source: src.File, SourceID: src.Ident,
		Published: src.Date, Extractor: src.Extractor, Bytes: src.Bytes}
}

// dateOf reads a date literal, typed or not.
func dateOf(v quad.Value) time.Time {
	if t, ok := v.(quad.Time); ok {
		return time.Time(t).UTC()
	}
	if ts, ok := v.(quad.TypedString); ok {
		return parseDate(string(ts.Value))
	}
	return parseDate(quad.ToString(v))
}

func parseDate(s string) time.Time {
	for _, layout := range []string{time.RFC3339, "2006-01-02", "2006-01-02T15:04:05"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC()
		}
	}
	return time.Time{}
}
