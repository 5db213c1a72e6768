package graph

import (
	"context"
	"strings"

	"github.com/cayleygraph/quad"
)

// Analysts' retractions are nodes of their own (not claims: they add no
// support and no direct edge), labelled by their analyst source, naming
// the relation's ends as claims do, so merges carry them along.
var cRetraction = quad.IRI(NS + "Retraction")

// RetractionNS is the namespace of analysts' retraction nodes.
const RetractionNS = "https://newsgraph.dev/retraction/"

// retractionPrefix starts the claim ID a retraction is shown with.
const retractionPrefix = "retraction-"

func retractionSourceID(relationID, analyst string) string {
	return "analyst:dispute-" + hashID(relationID, analyst)
}

// retractionQuads are the quads of an analyst's retraction of rel, stored
// by source src.
func retractionQuads(src string, rel Relation, r Retraction) []quad.Quad {
	n := quad.IRI(RetractionNS + hashID(src))
	label := SourceIRI(src)
	return []quad.Quad{
		{Subject: n, Predicate: pType, Object: cRetraction, Label: label},
		{Subject: n, Predicate: pSubject, Object: EntityIRI(rel.Subject), Label: label},
		{Subject: n, Predicate: pPredicate, Object: predicateIRI(rel.Predicate), Label: label},
		{Subject: n, Predicate: pObject, Object: EntityIRI(rel.Object), Label: label},
		{Subject: n, Predicate: pDocument, Object: label, Label: label},
		{Subject: n, Predicate: pSentence, Object: quad.String(r.Note), Label: label},
		{Subject: n, Predicate: pConfidence, Object: quad.Float(1), Label: label},
		{Subject: n, Predicate: pExtractor, Object: quad.String("analyst"), Label: label},
		{Subject: n, Predicate: pVerb, Object: quad.String(r.Analyst), Label: label},
	}
}

// retractionsLocked reads every analyst retraction, as claims by relation
// ID (the claim ID is "retraction-" and the node's hash).
func (s *Store) retractionsLocked(ctx context.Context) (map[string][]Claim, error) {
	typed, err := s.quadsWith(ctx, quad.Object, cRetraction)
	if err != nil {
		return nil, err
	}
	out := map[string][]Claim{}
	for _, q := range typed {
		if q.Predicate != pType {
			continue
		}
		c, err := s.readRetraction(ctx, q.Subject)
		if err != nil {
			return nil, err
		}
		if c.Subject == "" || c.Object == "" {
			continue
		}
		rid := RelationID(c.Subject, c.Predicate, c.Object)
		out[rid] = append(out[rid], c)
	}
	for _, cs := range out {
		sortClaims(cs)
	}
	return out, nil
}

// readRetraction reads one retraction node as a claim.
func (s *Store) readRetraction(ctx context.Context, node quad.Value) (Claim, error) {
	c, err := s.readClaimNode(ctx, node)
	if err != nil {
		return Claim{}, err
	}
	id, _ := idOf(node, RetractionNS)
	c.ID = retractionPrefix + id
	return canonicalClaim(c), nil
}

// retractionClaim reads the retraction shown as claim ID id
// ("retraction-…"); ok is false when there is none. The caller holds s.mu.
func (s *Store) retractionClaim(ctx context.Context, id string) (Claim, bool, error) {
	hash, ok := strings.CutPrefix(id, retractionPrefix)
	if !ok {
		return Claim{}, false, nil
	}
	node := quad.IRI(RetractionNS + hash)
	qs, err := s.quadsWith(ctx, quad.Subject, node)
	if err != nil || len(qs) == 0 {
		return Claim{}, false, err
	}
	c, err := s.readRetraction(ctx, node)
	return c, err == nil, err
}
