package graph

import (
	"context"
	"strings"
	"time"

	"github.com/newsgraph/newsgraph/ontology"
)

// Analyst work is stored like any other source: each action is a structured
// source "analyst:<hash>" whose quads are exactly what the analyst stated, so
// it can be listed, exported and undone like a document.

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
