package graph

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/cayleygraph/quad"

	"github.com/newsgraph/newsgraph/ontology"
)

// A merge rewrites every quad that names the merged entities (in any
// document or source) to name the entity they are merged into, and records
// what it did in the store, beside the graph, so that Unmerge can put back
// exactly what was there.
//
// The record is the structured source "analyst:merge-<hash>" (the merge's
// ID), written in the same change as the rewrite. Its quads are the
// source's header (name, kind "analyst", date of the merge), the merge's
// ends as plain literals (mergeInto, mergeFrom: literals, so that a later
// merge's rewrite leaves them as they were), the sameAs links that make
// later articles resolve a merged name to the survivor, and the diff
// itself: one mergeRemoved literal for every quad the merge removed and one
// mergeAdded for every quad it added, each the quad's N-Quads line with its
// own label. A source rather than a record (PutRecord) because a record is
// written in a transaction of its own: here the rewrite and the means to
// undo it are committed together, and undoing removes both together, so the
// store after an undo holds exactly the quads it held before the merge.

var (
	pSameAs       = quad.IRI("http://www.w3.org/2002/07/owl#sameAs")
	pMergeInto    = quad.IRI(NS + "mergeInto")
	pMergeFrom    = quad.IRI(NS + "mergeFrom")
	pMergeRemoved = quad.IRI(NS + "mergeRemoved")
	pMergeAdded   = quad.IRI(NS + "mergeAdded")
)

// mergePrefix begins the ID of every recorded merge (its source's ID).
const mergePrefix = "analyst:merge-"

// maxMergeFrom bounds how many entities one merge takes.
const maxMergeFrom = 100

// Merge is a recorded merge of entities into one.
type Merge struct {
	// ID names the merge for Unmerge; it is the ID of the source that
	// records it.
	ID string
	// Into is the entity the others were merged into, by the ID it had then
	// (a later merge may have merged it in turn).
	Into string
	// From are the IDs of the merged entities, sorted, and Names the names
	// they had.
	From, Names []string
	MergedAt    time.Time
	// Removed and Added are the quads the merge removed and added (besides
	// its own record), each once; Merges leaves them empty.
	Removed, Added []quad.Quad
}

// MergeEntities merges from into into, like Merge with one entity, and
// returns the merged entity.
func (s *Store) MergeEntities(ctx context.Context, into, from string) (Entity, error) {
	if _, err := s.Merge(ctx, into, []string{from}); err != nil {
		return Entity{}, err
	}
	return s.Entity(ctx, into)
}

// Merge merges the entities from into into: every quad that names one of
// them (in any document or source) is rewritten to name into, their names
// become into's aliases, into's type wins, and sameAs links make later
// articles that name them resolve to into. Nothing is lost: relations,
// claims, mentions and aliases move. The rewrite and its record (what
// Unmerge needs) are one transaction unless they exceed BatchSize quads.
func (s *Store) Merge(ctx context.Context, into string, from []string) (Merge, error) {
	if err := s.writable(); err != nil {
		return Merge{}, err
	}
	if len(from) == 0 || len(from) > maxMergeFrom {
		return Merge{}, Errorf(EINVALID, "merge 1 to %d entities at a time", maxMergeFrom)
	}
	seen := map[string]bool{}
	for _, f := range from {
		switch {
		case f == into:
			return Merge{}, Errorf(EINVALID, "cannot merge an entity into itself")
		case seen[f]:
			return Merge{}, Errorf(EINVALID, "entity %q is named twice", clip(f))
		}
		seen[f] = true
	}
	// the entities are looked up under the writers' lock, so that no other
	// merge takes one of them away before the rewrite
	s.wmu.Lock()
	defer s.wmu.Unlock()
	target, err := s.Entity(ctx, into)
	if err != nil {
		return Merge{}, err
	}
	ents, err := s.Entities(ctx, from)
	if err != nil {
		return Merge{}, err
	}
	m := Merge{Into: into, MergedAt: time.Now().UTC()}
	for i, e := range ents {
		if e.ID == "" {
			return Merge{}, Errorf(ENOTFOUND, "no entity %q", clip(from[i]))
		}
	}
	// sorted by ID, as the record reads back
	sort.Slice(ents, func(i, j int) bool { return ents[i].ID < ents[j].ID })
	for _, e := range ents {
		m.From, m.Names = append(m.From, e.ID), append(m.Names, e.Name)
	}
	m.ID = mergePrefix + hashID(append([]string{into, m.MergedAt.Format(time.RFC3339Nano)}, from...)...)
	m.MergedAt = m.MergedAt.Truncate(time.Second)
	if m.Removed, m.Added, err = s.planMerge(ctx, target, from); err != nil {
		return Merge{}, fmt.Errorf("graph: merge into %s: %w", into, err)
	}
	// the record first: a change larger than one transaction is written
	// additions first, so the record is stored before anything is removed
	add := append(m.recordQuads(), m.Added...)
	if _, _, err := s.applyChunked(ctx, add, m.Removed); err != nil {
		return Merge{}, fmt.Errorf("graph: merge into %s: %w", into, err)
	}
	return m, nil
}

// recordQuads returns the quads of the merge's record source.
func (m *Merge) recordQuads() []quad.Quad {
	l := SourceIRI(m.ID)
	qs := []quad.Quad{
		{Subject: l, Predicate: pType, Object: cSource, Label: l},
		{Subject: l, Predicate: pName, Object: quad.String("merged " + strings.Join(m.From, ", ") + " into " + m.Into), Label: l},
		{Subject: l, Predicate: pExtractor, Object: quad.String("analyst"), Label: l},
		{Subject: l, Predicate: pDate, Object: dateValue(m.MergedAt), Label: l},
		{Subject: l, Predicate: pMergeInto, Object: quad.String(m.Into), Label: l},
	}
	for _, f := range m.From {
		qs = append(qs,
			quad.Quad{Subject: l, Predicate: pMergeFrom, Object: quad.String(f), Label: l},
			quad.Quad{Subject: EntityIRI(f), Predicate: pSameAs, Object: EntityIRI(m.Into), Label: l})
	}
	for _, q := range m.Removed {
		qs = append(qs, quad.Quad{Subject: l, Predicate: pMergeRemoved, Object: quad.String(q.NQuad()), Label: l})
	}
	for _, q := range m.Added {
		qs = append(qs, quad.Quad{Subject: l, Predicate: pMergeAdded, Object: quad.String(q.NQuad()), Label: l})
	}
	return qs
}

// planMerge returns what merging from into target changes: the quads to
// remove (every quad that names one of from, and the relation keys of their
// claims) and the quads to add in their place, each once. No quad to add is
// stored already and every quad to remove is, so that the inverse of the
// change restores the store exactly. The caller holds s.wmu.
func (s *Store) planMerge(ctx context.Context, target Entity, from []string) (del, add []quad.Quad, err error) {
	newIRI := EntityIRI(target.ID)
	old := make(map[quad.Value]bool, len(from))
	var naming []quad.Quad
	seen := map[string]bool{}
	for _, f := range from {
		old[EntityIRI(f)] = true
		for _, d := range []quad.Direction{quad.Subject, quad.Object} {
			qs, err := s.quadsWith(ctx, d, EntityIRI(f))
			if err != nil {
				return nil, nil, err
			}
			for _, q := range qs {
				if k := q.NQuad(); !seen[k] { // a quad naming two of them comes twice
					seen[k] = true
					naming = append(naming, q)
				}
			}
		}
	}
	swap := func(v quad.Value) quad.Value {
		if old[v] {
			return newIRI
		}
		return v
	}
	for _, q := range naming {
		del = append(del, q)
		nq := quad.Quad{Subject: swap(q.Subject), Predicate: q.Predicate, Object: swap(q.Object), Label: q.Label}
		switch {
		case old[q.Subject] && q.Predicate == pName:
			nq.Predicate = pAltName // a merged name is now an alias
		case old[q.Subject] && q.Predicate == pType:
			nq.Object = typeIRI(target.Type) // into's type wins
		}
		if p, ok := predicateOf(nq.Predicate); ok {
			if info, _ := p.Info(); info.Symmetric && nq.Object.String() < nq.Subject.String() {
				nq.Subject, nq.Object = nq.Object, nq.Subject
			}
		}
		add = append(add, nq)
	}
	relDel, relAdd, claimQuads, err := s.mergedRelationKeys(ctx, naming, swap)
	if err != nil {
		return nil, nil, err
	}
	del = append(del, relDel...)
	add = append(add, relAdd...)
	add, del, err = s.netChange(ctx, newIRI, add, del, claimQuads)
	return del, add, err
}

// mergedRelationKeys returns the relation-key quads to remove and add for
// the claims among naming whose subject or object is merged (swap renames
// it), and every quad of those claims' nodes.
func (s *Store) mergedRelationKeys(ctx context.Context, naming []quad.Quad, swap func(quad.Value) quad.Value) (del, add, claimQuads []quad.Quad, err error) {
	claimNodes := map[string]quad.Value{}
	for _, q := range naming {
		if _, ok := idOf(q.Subject, ClaimNS); ok && (q.Predicate == pSubject || q.Predicate == pObject) {
			claimNodes[q.Subject.String()] = q.Subject
		}
	}
	keys := make([]string, 0, len(claimNodes))
	for k := range claimNodes {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		qs, err := s.quadsWith(ctx, quad.Subject, claimNodes[k])
		if err != nil {
			return nil, nil, nil, err
		}
		claimQuads = append(claimQuads, qs...)
		var sub, obj string
		var pred ontology.Predicate
		for _, q := range qs {
			switch q.Predicate {
			case pSubject:
				sub, _ = idOf(swap(q.Object), EntityNS)
			case pObject:
				obj, _ = idOf(swap(q.Object), EntityNS)
			case pPredicate:
				pred, _ = predicateOf(q.Object)
			}
		}
		if info, _ := pred.Info(); info.Symmetric && obj < sub {
			sub, obj = obj, sub
		}
		// a symmetric claim keeps its ends as stated; its relation key is
		// canonical, like its direct edge
		for _, q := range qs {
			if q.Predicate == pRelation {
				del = append(del, q)
				add = append(add, quad.Quad{Subject: q.Subject, Predicate: pRelation, Object: quad.String(RelationID(sub, pred, obj)), Label: q.Label})
			}
		}
	}
	return del, add, claimQuads, nil
}

// netChange makes a change exact: each quad once, none both removed and
// added (such a quad stays as it is), and no addition of a quad that is
// stored already. known holds stored quads read before (the claims'
// nodes); the quads of node, as subject and object, are read here, and
// those of any other subject an addition has.
func (s *Store) netChange(ctx context.Context, node quad.IRI, add, del, known []quad.Quad) (adds, dels []quad.Quad, err error) {
	delSet := map[string]bool{}
	var unique []quad.Quad
	for _, q := range del {
		if k := q.NQuad(); !delSet[k] {
			delSet[k] = true
			unique = append(unique, q)
		}
	}
	kept := map[string]bool{} // removed and added again: unchanged
	addSet := map[string]bool{}
	var cand []quad.Quad
	for _, q := range add {
		k := q.NQuad()
		switch {
		case delSet[k]:
			kept[k] = true
		case !addSet[k]:
			addSet[k] = true
			cand = append(cand, q)
		}
	}
	for _, q := range unique {
		if !kept[q.NQuad()] {
			dels = append(dels, q)
		}
	}
	stored, err := s.storedAmong(ctx, node, cand, known)
	if err != nil {
		return nil, nil, err
	}
	for _, q := range cand {
		if !stored[q.NQuad()] {
			adds = append(adds, q)
		}
	}
	return adds, dels, nil
}

// storedAmong returns the N-Quads keys of the quads among qs that are
// stored. known are stored quads already read; node's quads are read as
// subject and object, and any other subject of qs on its own.
func (s *Store) storedAmong(ctx context.Context, node quad.IRI, qs, known []quad.Quad) (map[string]bool, error) {
	have := map[string]bool{}
	for _, q := range known {
		have[q.NQuad()] = true
	}
	read := map[string]bool{}
	for _, q := range known {
		read[q.Subject.String()] = true
	}
	if node != "" {
		for _, d := range []quad.Direction{quad.Subject, quad.Object} {
			if err := s.eachQuadWith(ctx, d, node, func(q quad.Quad) { have[q.NQuad()] = true }); err != nil {
				return nil, err
			}
		}
		read[node.String()] = true
	}
	out := map[string]bool{}
	for _, q := range qs {
		if q.Subject != node && q.Object != node && !read[q.Subject.String()] {
			read[q.Subject.String()] = true
			if err := s.eachQuadWith(ctx, quad.Subject, q.Subject, func(q quad.Quad) { have[q.NQuad()] = true }); err != nil {
				return nil, err
			}
		}
		if k := q.NQuad(); have[k] {
			out[k] = true
		}
	}
	return out, nil
}
