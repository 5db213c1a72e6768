package graph

import (
	"context"

	"github.com/cayleygraph/quad"
)

// Reliability is an Admiralty-style rating of a source's reliability,
// A (completely reliable) to F (cannot be judged).
type Reliability string

// Ratings.
const (
	ReliabilityA Reliability = "A" // completely reliable
	ReliabilityB Reliability = "B" // usually reliable
	ReliabilityC Reliability = "C" // fairly reliable
	ReliabilityD Reliability = "D" // not usually reliable
	ReliabilityE Reliability = "E" // unreliable
	ReliabilityF Reliability = "F" // reliability cannot be judged
)

// Valid reports whether r is one of A to F.
func (r Reliability) Valid() bool { return len(r) == 1 && r[0] >= 'A' && r[0] <= 'F' }

// Weight is how much a rating lets a source's claims count toward a
// relation's confidence: A 1.0, B 0.9, C 0.75, D 0.5, E 0.25. F ("cannot be
// judged") and no rating weigh 1.0: an unrated source is taken at its
// claims' own confidence, as before any rating existed.
func (r Reliability) Weight() float64 {
	switch r {
	case ReliabilityB:
		return 0.9
	case ReliabilityC:
		return 0.75
	case ReliabilityD:
		return 0.5
	case ReliabilityE:
		return 0.25
	}
	return 1
}

var (
	pReliability = quad.IRI(NS + "reliability")
	pRates       = quad.IRI(NS + "rates")
)

// RatingNS is the namespace of the nodes that hold analysts' ratings.
const RatingNS = "https://newsgraph.dev/rating/"

func ratingSourceID(entityID string) string { return "analyst:reliability-" + hashID(entityID) }

// SetReliability records an analyst's rating of a source (a publisher, an
// agency): an analyst source of its own, replaced by the next rating. An
// empty rating removes it. The entity must exist.
func (s *Store) SetReliability(ctx context.Context, entityID string, r Reliability, analyst string) (Entity, error) {
	if r != "" && !r.Valid() {
		return Entity{}, Errorf(EINVALID, "reliability %q is not one of A to F", clip(string(r)))
	}
	e, err := s.Entity(ctx, entityID)
	if err != nil {
		return Entity{}, err
	}
	id := ratingSourceID(e.ID)
	if r == "" {
		if _, err := s.DeleteSource(ctx, id); err != nil && !IsNotFound(err) {
			return Entity{}, err
		}
		return e, nil
	}
	n := quad.IRI(RatingNS + e.ID)
	b := &Batch{
		Source:   &Source{ID: id, Name: "reliability set by " + orAnalyst(analyst), Kind: "analyst"},
		Entities: bareEntities([]Entity{e}),
	}
	extra := []quad.Quad{
		{Subject: n, Predicate: pRates, Object: EntityIRI(e.ID)},
		{Subject: n, Predicate: pReliability, Object: quad.String(string(r))},
	}
	if _, err := s.ReplaceSourceWith(ctx, b, extra); err != nil {
		return Entity{}, err
	}
	return e, nil
}

// Reliabilities returns every rated entity's rating, by canonical entity
// ID. Where merged entities were rated differently, the better rating
// counts.
//
// The map is shared until the next write: callers must not change it.
func (s *Store) Reliabilities(ctx context.Context) (map[string]Reliability, error) {
	v := s.Writes()
	s.ratingsMu.Lock()
	defer s.ratingsMu.Unlock()
	if s.ratings != nil && s.ratingsAt == v {
		return s.ratings, nil
	}
	qs, err := s.QuadsWith(ctx, quad.Predicate, pReliability)
	if err != nil {
		return nil, err
	}
	out := make(map[string]Reliability, len(qs))
	for _, q := range qs {
		id, ok := idOf(q.Subject, RatingNS)
		r := Reliability(quad.ToString(q.Object))
		if !ok || !r.Valid() {
			continue
		}
		id = s.Canonical(id)
		if old, ok := out[id]; !ok || r < old {
			out[id] = r
		}
	}
	s.ratings, s.ratingsAt = out, v
	return out, nil
}

// Support says how a relation is supported.
type Support struct {
	// Claims counts the claims behind it.
	Claims int
	// Documents counts the stories (documents) and structured sources
	// (bundles, analyst actions) that state it; a story's syndicated
	// copies are one document.
	Documents int
	// IndependentSources counts its origins: the stories grouped by their
	// original publisher (the publisher of each story's first source;
	// a story with no known publisher is an origin of its own), plus each
	// structured source. Reprints and a publisher repeating itself add
	// nothing.
	IndependentSources int
	// Publishers counts the distinct publishers that carried its stories,
	// copies included.
	Publishers int
	// Confidence combines the origins: each origin counts with its best
	// claim's confidence times the weight of the best rating among the
	// publishers that carried it (Reliability.Weight; A is best, F and no
	// rating are neutral); the origins are combined as independent
	// evidence, 1 − Π(1 − cᵢ). One unrated origin gives its best claim's
	// confidence.
	Confidence float64
}

// Supports returns the support of relations given their claims (as
// Claims returns them), one per element of claims.
func (s *Store) Supports(ctx context.Context, claims [][]Claim) ([]Support, error) {
	ratings, err := s.Reliabilities(ctx)
	if err != nil {
		return nil, err
	}
	stories := map[string]Story{}
	out := make([]Support, len(claims))
	for i, cs := range claims {
		sup, err := s.support(ctx, cs, ratings, stories)
		if err != nil {
			return nil, err
		}
		out[i] = sup
	}
	return out, nil
}

// origin is one independent source of a relation.
type origin struct {
	best   float64     // best claim confidence
	rating Reliability // best rating among its carriers (A first), "" when none
}

func (s *Store) support(ctx context.Context, cs []Claim, ratings map[string]Reliability, stories map[string]Story) (Support, error) {
	sup := Support{Claims: len(cs)}
	docs := map[string]bool{}
	pubs := map[string]bool{}
	origins := map[string]*origin{}
	var order []string
	for _, c := range cs {
		key := "source " + c.Document
		var carriers []string
		if IsDocumentID(c.Document) {
			st, ok := stories[c.Document]
			if !ok {
				var err error
				st, err = s.cachedStory(ctx, c.Document)
				if err != nil {
					return Support{}, err
				}
				stories[c.Document] = st
			}
			for _, src := range st.Sources {
				if src.Publisher != "" {
					carriers = append(carriers, src.Publisher)
					pubs[src.Publisher] = true
				}
			}
			if len(st.Sources) > 0 && st.Sources[0].Publisher != "" {
				key = "publisher " + st.Sources[0].Publisher
			}
		}
		docs[c.Document] = true
		o := origins[key]
		if o == nil {
			o = &origin{}
			origins[key] = o
			order = append(order, key)
		}
		o.best = max(o.best, c.Confidence)
		for _, p := range carriers {
			if r, ok := ratings[p]; ok && (o.rating == "" || r < o.rating) {
				o.rating = r
			}
		}
	}
	sup.Documents, sup.Publishers, sup.IndependentSources = len(docs), len(pubs), len(origins)
	miss := 1.0
	for _, k := range order {
		o := origins[k]
		miss *= 1 - o.best*o.rating.Weight()
	}
	sup.Confidence = round3(1 - miss)
	return sup, nil
}

// maxCachedStories bounds the story cache; past it, the cache starts over.
const maxCachedStories = 1 << 14

// cachedStory is storedStory through a cache that a write empties: a
// neighborhood's confidences read each document's story once, not once a
// request.
func (s *Store) cachedStory(ctx context.Context, docID string) (Story, error) {
	v := s.Writes()
	s.ratingsMu.Lock()
	if s.storiesAt != v || len(s.stories) >= maxCachedStories {
		s.stories, s.storiesAt = map[string]Story{}, v
	}
	st, ok := s.stories[docID]
	s.ratingsMu.Unlock()
	if ok {
		return st, nil
	}
	st, err := s.storedStory(ctx, docID)
	if err != nil {
		return Story{}, err
	}
	s.ratingsMu.Lock()
	if s.storiesAt == v {
		s.stories[docID] = st
	}
	s.ratingsMu.Unlock()
	return st, nil
}
