package graph

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/cayleygraph/quad"

	"github.com/newsgraph/newsgraph/ontology"
)

// Analyst work is stored like any other source: each action is a structured
// source "analyst:<hash>" whose quads are exactly what the analyst stated, so
// it can be listed, exported and undone like a document.

var pSameAs = quad.IRI("http://www.w3.org/2002/07/owl#sameAs")

// Assertion is a relation an analyst states.
type Assertion struct {
	Subject, Object string
	Predicate       ontology.Predicate
	About           string
	// Note is the analyst's reason or evidence, kept as the claim's sentence.
	Note       string
	Confidence float64
	Analyst    string // who, for provenance ("" allowed)
}

// AssertRelation records an analyst's claim subject —predicate→ object.
// Asserting the same thing twice changes nothing.
func (s *Store) AssertRelation(ctx context.Context, a Assertion) (Relation, error) {
	if !a.Predicate.Valid() {
		return Relation{}, Errorf(EINVALID, "unknown predicate %q", a.Predicate)
	}
	if a.Confidence == 0 {
		a.Confidence = 1
	}
	if a.Confidence < 0 || a.Confidence > 1 {
		return Relation{}, Errorf(EINVALID, "confidence must be in [0,1]")
	}
	ids := []string{a.Subject, a.Object}
	if a.About != "" {
		ids = append(ids, a.About)
	}
	ents, err := s.Entities(ctx, ids)
	if err != nil {
		return Relation{}, err
	}
	for i, e := range ents {
		if e.ID == "" {
			return Relation{}, Errorf(ENOTFOUND, "no entity %q", clip(ids[i]))
		}
	}
	if a.Subject == a.Object {
		return Relation{}, Errorf(EINVALID, "an entity cannot be related to itself")
	}
	c := canonicalClaim(Claim{Subject: a.Subject, Predicate: a.Predicate, Object: a.Object, About: a.About,
		Sentence: a.Note, Confidence: a.Confidence, Extractor: "analyst", Verb: a.Analyst})
	src := "analyst:assert-" + hashID(c.Subject, string(c.Predicate), c.Object, c.About)
	b := &Batch{
		Source:   &Source{ID: src, Name: "asserted by " + orAnalyst(a.Analyst), Kind: "analyst"},
		Entities: bareEntities(ents),
		Claims:   []Claim{c},
	}
	if _, err := s.ReplaceSource(ctx, b); err != nil {
		return Relation{}, err
	}
	return s.Relation(ctx, RelationID(c.Subject, c.Predicate, c.Object))
}

// RetractRelation removes the analyst assertions behind a relation. Claims
// that documents or structured sources make stay: delete or re-extract the
// document to change those. It reports how many assertions it removed and
// ENOTFOUND if there were none.
func (s *Store) RetractRelation(ctx context.Context, relationID string) (int, error) {
	subj, pred, obj, err := ParseRelationID(relationID)
	if err != nil {
		return 0, err
	}
	claims, err := s.Claims(ctx, []string{relationID})
	if err != nil {
		return 0, err
	}
	n := 0
	for _, c := range claims[relationID] {
		if c.Extractor != "analyst" || !strings.HasPrefix(c.Document, "analyst:") {
			continue
		}
		if _, err := s.DeleteSource(ctx, c.Document); err != nil && !IsNotFound(err) {
			return n, err
		}
		n++
	}
	if n == 0 {
		return 0, Errorf(ENOTFOUND, "no analyst assertion behind %s %s %s", clip(subj), pred, clip(obj))
	}
	return n, nil
}

// Retraction is an analyst's dispute of a relation the sources state.
type Retraction struct {
	Relation string // relation ID
	// Note is the analyst's reason, kept as the counter-claim's sentence.
	Note    string
	Analyst string    // who, for provenance ("" allowed)
	At      time.Time // when; zero when unknown
}

// DisputeRelation records an analyst's retraction of a relation: a
// counter-claim stored as an analyst source of its own (one per relation and
// analyst; disputing again replaces the note). The relation and its claims
// stay; Disputes lists it as a RETRACTION until UndisputeRelation.
func (s *Store) DisputeRelation(ctx context.Context, r Retraction) (Relation, error) {
	rel, err := s.Relation(ctx, r.Relation)
	if err != nil {
		return Relation{}, err
	}
	if len(r.Note) > 2000 {
		return Relation{}, Errorf(EINVALID, "a note must have at most 2000 characters")
	}
	ents, err := s.Entities(ctx, []string{rel.Subject, rel.Object})
	if err != nil {
		return Relation{}, err
	}
	src := retractionSourceID(rel.ID, r.Analyst)
	b := &Batch{
		Source:   &Source{ID: src, Name: "disputed by " + orAnalyst(r.Analyst), Kind: "analyst", Published: r.At},
		Entities: bareEntities(ents),
	}
	if _, err := s.ReplaceSourceWith(ctx, b, retractionQuads(src, rel, r)); err != nil {
		return Relation{}, err
	}
	return rel, nil
}

// UndisputeRelation removes the analysts' retractions of a relation. It
// reports how many it removed and ENOTFOUND if there were none.
func (s *Store) UndisputeRelation(ctx context.Context, relationID string) (int, error) {
	subj, pred, obj, err := ParseRelationID(relationID)
	if err != nil {
		return 0, err
	}
	v := s.Writes()
	s.disputes.mu.Lock()
	s.mu.RLock()
	st, err := s.disputeStateLocked(ctx, v)
	var rs []Claim
	if err == nil {
		rs = st.retractions[relationID]
	}
	s.mu.RUnlock()
	s.disputes.mu.Unlock()
	if err != nil {
		return 0, err
	}
	n := 0
	for _, c := range rs {
		if _, err := s.DeleteSource(ctx, c.Document); err != nil && !IsNotFound(err) {
			return n, err
		}
		n++
	}
	if n == 0 {
		return 0, Errorf(ENOTFOUND, "no analyst dispute of %s %s %s", clip(subj), pred, clip(obj))
	}
	return n, nil
}

// AddAlias records that an entity is also known as alias.
func (s *Store) AddAlias(ctx context.Context, id, alias, analyst string) (Entity, error) {
	alias = strings.TrimSpace(alias)
	if alias == "" || len(alias) > 200 {
		return Entity{}, Errorf(EINVALID, "an alias must have 1 to 200 characters")
	}
	e, err := s.Entity(ctx, id)
	if err != nil {
		return Entity{}, err
	}
	bare := bareEntities([]Entity{e})[0]
	bare.Aliases = []string{alias}
	b := &Batch{
		Source:   &Source{ID: "analyst:alias-" + hashID(id, alias), Name: "alias added by " + orAnalyst(analyst), Kind: "analyst"},
		Entities: []Entity{bare},
	}
	if _, err := s.ReplaceSource(ctx, b); err != nil {
		return Entity{}, err
	}
	return s.Entity(ctx, id)
}

func orAnalyst(a string) string {
	if a == "" {
		return "an analyst"
	}
	return a
}

// bareEntities keeps what an analyst source restates about entities it
// refers to: their identity (type and name), so the source is self-contained.
func bareEntities(ents []Entity) []Entity {
	out := make([]Entity, len(ents))
	for i, e := range ents {
		out[i] = Entity{ID: e.ID, Name: e.Name, Type: e.Type}
	}
	return out
}

// MergeEntities merges from into into: every quad that names from (in any
// document or source) is rewritten to name into, from's names become into's
// aliases, and a sameAs link from → into is recorded as an analyst source.
// Nothing is lost: relations, claims, mentions and aliases move. The rewrite
// is one transaction unless it exceeds BatchSize quads.
func (s *Store) MergeEntities(ctx context.Context, into, from string) (Entity, error) {
	if err := s.writable(); err != nil {
		return Entity{}, err
	}
	if into == from {
		return Entity{}, Errorf(EINVALID, "cannot merge an entity into itself")
	}
	target, err := s.Entity(ctx, into)
	if err != nil {
		return Entity{}, err
	}
	if _, err := s.Entity(ctx, from); err != nil {
		return Entity{}, err
	}
	s.wmu.Lock()
	err = s.mergeLocked(ctx, target, from)
	s.wmu.Unlock()
	if err != nil {
		return Entity{}, fmt.Errorf("graph: merge %s into %s: %w", from, into, err)
	}
	rec := &Batch{
		Source:   &Source{ID: "analyst:merge-" + hashID(from, into), Name: "merged " + from + " into " + into, Kind: "analyst"},
		Entities: []Entity{{ID: into, Name: target.Name, Type: target.Type}},
	}
	if _, err := s.ReplaceSource(ctx, rec); err != nil {
		return Entity{}, err
	}
	s.wmu.Lock()
	_, err = s.applyLocked(ctx, []quad.Quad{{Subject: EntityIRI(from), Predicate: pSameAs, Object: EntityIRI(into), Label: SourceIRI(rec.Source.ID)}}, nil)
	s.wmu.Unlock()
	if err != nil {
		return Entity{}, err
	}
	return s.Entity(ctx, into)
}

// mergeLocked rewrites every quad that names from to name target instead.
// The caller holds s.wmu.
func (s *Store) mergeLocked(ctx context.Context, target Entity, from string) error {
	oldIRI, newIRI := EntityIRI(from), EntityIRI(target.ID)
	naming, err := s.quadsWith(ctx, quad.Subject, oldIRI)
	if err == nil {
		var asObject []quad.Quad
		asObject, err = s.quadsWith(ctx, quad.Object, oldIRI)
		naming = append(naming, asObject...)
	}
	if err != nil {
		return err
	}
	swap := func(v quad.Value) quad.Value {
		if v == oldIRI {
			return newIRI
		}
		return v
	}
	var del, add []quad.Quad
	seen := map[string]bool{}
	push := func(q quad.Quad) {
		if k := q.NQuad(); !seen[k] {
			seen[k] = true
			add = append(add, q)
		}
	}
	for _, q := range naming {
		del = append(del, q)
		nq := quad.Quad{Subject: swap(q.Subject), Predicate: q.Predicate, Object: swap(q.Object), Label: q.Label}
		switch {
		case q.Subject == oldIRI && q.Predicate == pName:
			nq.Predicate = pAltName // from's name is now an alias
		case q.Subject == oldIRI && q.Predicate == pType:
			nq.Object = typeIRI(target.Type) // into's type wins
		}
		if p, ok := predicateOf(nq.Predicate); ok {
			if info, _ := p.Info(); info.Symmetric && nq.Object.String() < nq.Subject.String() {
				nq.Subject, nq.Object = nq.Object, nq.Subject
			}
		}
		push(nq)
	}
	relDel, relAdd, err := s.mergedRelationKeys(ctx, naming, swap)
	if err != nil {
		return err
	}
	del = append(del, relDel...)
	for _, q := range relAdd {
		push(q)
	}
	adds, dels, err := s.netChange(ctx, newIRI, add, del)
	if err != nil {
		return err
	}
	if len(dels)+len(adds) <= BatchSize {
		_, err = s.applyLocked(ctx, adds, dels)
		return err
	}
	if _, err = s.applyLocked(ctx, nil, dels); err != nil {
		return err
	}
	for i := 0; i < len(adds) && err == nil; i += BatchSize {
		_, err = s.applyLocked(ctx, adds[i:min(i+BatchSize, len(adds))], nil)
	}
	return err
}

// mergedRelationKeys returns the relation-key quads to remove and add for
// the claims among naming whose subject or object is merged (swap renames
// it).
func (s *Store) mergedRelationKeys(ctx context.Context, naming []quad.Quad, swap func(quad.Value) quad.Value) (del, add []quad.Quad, err error) {
	claimNodes := map[string]quad.Value{}
	for _, q := range naming {
		if _, ok := idOf(q.Subject, ClaimNS); ok && (q.Predicate == pSubject || q.Predicate == pObject) {
			claimNodes[q.Subject.String()] = q.Subject
		}
	}
	for _, node := range claimNodes {
		qs, err := s.quadsWith(ctx, quad.Subject, node)
		if err != nil {
			return nil, nil, err
		}
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
	return del, add, nil
}

// netChange drops the quads that are deleted and re-added unchanged, and
// the additions that already exist for the entity node.
func (s *Store) netChange(ctx context.Context, node quad.IRI, add, del []quad.Quad) (adds, dels []quad.Quad, err error) {
	delSet := map[string]bool{}
	var unique []quad.Quad
	for _, q := range del {
		if k := q.NQuad(); !delSet[k] {
			delSet[k] = true
			unique = append(unique, q)
		}
	}
	for _, q := range add {
		if delSet[q.NQuad()] {
			delete(delSet, q.NQuad())
			continue
		}
		adds = append(adds, q)
	}
	for _, q := range unique {
		if delSet[q.NQuad()] {
			dels = append(dels, q)
		}
	}
	// quads that already exist for the node (same label) must not be added
	// twice
	existing, err := s.quadsWith(ctx, quad.Subject, node)
	if err != nil {
		return nil, nil, err
	}
	have := map[string]bool{}
	for _, q := range existing {
		have[q.NQuad()] = true
	}
	filtered := adds[:0]
	for _, q := range adds {
		if !have[q.NQuad()] {
			filtered = append(filtered, q)
		}
	}
	return filtered, dels, nil
}
