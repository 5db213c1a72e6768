package index

import (
	"context"
	"sort"
	"strconv"
	"strings"

	"github.com/newsgraph/newsgraph/ontology"
)

// Match ranks of a search candidate, best first.
const (
	RankName      = iota // the query is the entity's name
	RankAlias            // the query is one of its aliases
	RankPrefix           // a name or alias starts with the query
	RankWord             // a word of a name or alias starts with the query
	RankSubstring        // a name or alias contains the query
	RankFuzzy            // a name or alias is within a small edit distance
)

// SearchQuery asks for entities by name.
type SearchQuery struct {
	// Text is the normalized query (see ontology.Normalize), trimmed; empty
	// lists every live entity.
	Text  string
	Types []ontology.EntityType
	// NoGrams tests every key instead of the gram index's candidates (tests
	// compare the two).
	NoGrams bool
}

// Candidate is one search result before its entity is built.
type Candidate struct {
	// Rank is one of the Rank constants.
	Rank int
	key  string // the key that matched
	e    int32
	deg  int32  // the entity's degree, at most maxOrderDegree
	id   string // the entity's ID
}

// maxOrderDegree is the largest degree an Order tells apart.
const maxOrderDegree = 999999999

// Order sorts the candidates (rank, then degree, then ID) and makes each
// one's cursor: comparing two Orders compares the candidates as
// CompareCandidates does.
func (c Candidate) Order() string { return string(c.appendOrder(make([]byte, 0, 12+len(c.id)))) }

// appendOrder appends c.Order() to b: "rank|inverted degree in nine
// digits|ID".
func (c Candidate) appendOrder(b []byte) []byte {
	b = strconv.AppendInt(b, int64(c.Rank), 10)
	b = append(b, '|')
	inv := strconv.AppendInt(make([]byte, 0, 9), int64(maxOrderDegree-c.deg), 10)
	for range 9 - len(inv) {
		b = append(b, '0')
	}
	b = append(b, inv...)
	b = append(b, '|')
	return append(b, c.id...)
}

// CompareCandidates orders candidates by rank, then degree (higher first),
// then ID, the order of their Orders.
func CompareCandidates(a, b Candidate) int {
	switch {
	case a.Rank != b.Rank:
		return a.Rank - b.Rank
	case a.deg != b.deg:
		return int(b.deg) - int(a.deg)
	}
	return strings.Compare(a.id, b.id)
}

// newCandidate is entity e (record r) found at rank by key.
func newCandidate(e int32, r *entRec, rank int, key string) Candidate {
	return Candidate{e: e, Rank: rank, key: key, deg: int32(min(r.degree(), maxOrderDegree)), id: r.id}
}

// Search ranks live entities by how well a name or alias matches q.Text:
// exact name, then alias, prefix, word prefix, substring and finally a small
// edit distance; ties go to the better-connected entity, then to the ID. The
// candidates come in no particular order: SearchPage picks a page of them.
func (x *Index) Search(ctx context.Context, q SearchQuery) ([]Candidate, error) {
	v := x.view()
	typeOK := typeSet(q.Types)
	anyType := len(q.Types) == 0
	var cands []Candidate
	// each entity is a candidate once, with its best rank and, among the
	// keys of that rank, the first in key order, whatever the order keys
	// are considered in
	at := getMarks(len(x.ents)) // entity → its position in cands
	defer putMarks(at)
	add := func(e int32, r *entRec, rank int, key string) {
		c := newCandidate(e, r, rank, key)
		if i, ok := at.getAt(e); !ok {
			at.setAt(e, int32(len(cands)))
			cands = append(cands, c)
		} else if o := &cands[i]; rank < o.Rank || rank == o.Rank && key < o.key {
			*o = c
		}
	}
	consider := func(key string, rank int) {
		for _, e := range x.keyEntities(key) {
			r := x.ents[e]
			if !r.live() || !anyType && !typeOK(first(r.types())) {
				continue
			}
			if rank == RankAlias && ontology.Normalize(first(r.names())) == key {
				add(e, r, RankName, key) // for this entity only: the key may be another's alias
				continue
			}
			add(e, r, rank, key)
		}
	}
	if q.Text == "" {
		cands = make([]Candidate, 0, len(v.ents))
		for _, e := range v.ents {
			if r := x.ents[e]; anyType || typeOK(first(r.types())) {
				cands = append(cands, newCandidate(e, r, RankName, ""))
			}
		}
		return cands, nil
	}
	prefixed, found, err := x.matches(ctx, v, q)
	if err != nil {
		return nil, err
	}
	cands = make([]Candidate, 0, 1+len(prefixed)+len(found)) // most keys have one entity
	consider(q.Text, RankAlias)
	for _, key := range prefixed {
		consider(key, RankPrefix)
	}
	for _, f := range found {
		consider(f.key, f.rank)
	}
	return cands, nil
}

// SearchPage returns in order the first n of cands whose Order follows
// after ("" for the start), and how many of cands come before them. It
// reorders cands and sorts only the page, so a page of a long list costs a
// linear pass, not a sort.
func SearchPage(cands []Candidate, after string, n int) (page []Candidate, before int) {
	if after != "" {
		var buf []byte
		for i, c := range cands {
			if buf = c.appendOrder(buf[:0]); string(buf) <= after {
				cands[before], cands[i] = cands[i], cands[before]
				before++
			}
		}
	}
	rest := cands[before:]
	n = min(n, len(rest))
	topK(rest, n, CompareCandidates)
	return rest[:n], before
}

// Hit returns a candidate's entity and its stored name or alias that
// matched (its name when the query was empty).
func (x *Index) Hit(c Candidate) (e Entity, matched string) {
	r := x.ents[c.e]
	e = r.entity()
	if c.key == "" {
		return e, e.Name
	}
	for _, l := range [][]strCount{r.names(), r.aliases()} {
		for _, v := range l {
			if ontology.Normalize(v.s) == c.key {
				return e, v.s
			}
		}
	}
	return e, first(r.names())
}

// searchStrings returns the position of the first of the sorted a that is
// not less than s.
func searchStrings(a []string, s string) int {
	return sort.Search(len(a), func(i int) bool { return a[i] >= s })
}
