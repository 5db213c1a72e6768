package index

import (
	"context"
	"fmt"
	"sort"
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
	// Order sorts the candidates (rank, then degree, then ID) and makes
	// each one's cursor.
	Order string
	// Rank is one of the Rank constants.
	Rank int
	key  string // the key that matched
	e    int32
}

// Search ranks live entities by how well a name or alias matches q.Text:
// exact name, then alias, prefix, word prefix, substring and finally a small
// edit distance; ties go to the better-connected entity, then to the ID. The
// candidates come sorted by Order.
func (x *Index) Search(ctx context.Context, q SearchQuery) ([]Candidate, error) {
	v := x.view()
	typeOK := typeSet(q.Types)
	text := q.Text
	var cands []Candidate
	best := make(map[int32]int32) // entity → position in cands
	consider := func(key string, rank int) {
		for _, e := range x.byKey[key] {
			r := x.ents[e]
			if !r.live() || !typeOK(first(r.types)) {
				continue
			}
			if rank == RankAlias && ontology.Normalize(first(r.names)) == key {
				rank = RankName
			}
			if i, ok := best[e]; !ok {
				best[e] = int32(len(cands))
				cands = append(cands, Candidate{e: e, Rank: rank, key: key})
			} else if rank < cands[i].Rank {
				cands[i] = Candidate{e: e, Rank: rank, key: key}
			}
		}
	}
	if text == "" {
		cands = make([]Candidate, 0, len(v.ents))
		for _, e := range v.ents {
			if typeOK(first(x.ents[e].types)) {
				cands = append(cands, Candidate{e: e, Rank: RankName})
			}
		}
	} else if err := x.scanKeys(ctx, v, q, consider); err != nil {
		return nil, err
	}
	for i := range cands {
		c := &cands[i]
		r := x.ents[c.e]
		c.Order = fmt.Sprintf("%d|%09d|%s", c.Rank, 999999999-min(r.degree(), 999999999), r.id)
	}
	sort.Slice(cands, func(i, j int) bool { return cands[i].Order < cands[j].Order })
	return cands, nil
}

// scanKeys considers every key that matches q.Text with its rank: the
// exact key, the prefixes (a range of the sorted keys), then the word,
// substring and fuzzy matches among the keys the gram index marks.
func (x *Index) scanKeys(ctx context.Context, v *sortedView, q SearchQuery, consider func(key string, rank int)) error {
	text := q.Text
	consider(text, RankAlias)
	for i := searchStrings(v.keys, text); i < len(v.keys) && strings.HasPrefix(v.keys[i], text); i++ {
		if v.keys[i] != text {
			consider(v.keys[i], RankPrefix)
		}
	}
	maxEdits := 0
	if len(text) >= 4 {
		maxEdits = 1
	}
	if len(text) >= 8 {
		maxEdits = 2
	}
	word := " " + text
	// the gram index marks the keys worth testing: level 1 may hold text,
	// level 2 only has a length within maxEdits of it
	m := getMarks(len(x.grams.keys))
	defer putMarks(m)
	narrowed := !q.NoGrams && x.grams.mark(m, text, maxEdits)
	for i, key := range v.keys {
		if i%4096 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		if narrowed {
			level, ok := m.get(v.keyGram[i])
			if !ok {
				continue
			}
			if level == 2 {
				if !strings.HasPrefix(key, text) && withinEdits(text, key, maxEdits) {
					consider(key, RankFuzzy)
				}
				continue
			}
		}
		switch {
		case strings.HasPrefix(key, text):
		case strings.Contains(key, word):
			consider(key, RankWord)
		case len(text) >= 3 && strings.Contains(key, text):
			consider(key, RankSubstring)
		case maxEdits > 0 && withinEdits(text, key, maxEdits):
			consider(key, RankFuzzy)
		}
	}
	return nil
}

// Hit returns a candidate's entity and its stored name or alias that
// matched (its name when the query was empty).
func (x *Index) Hit(c Candidate) (e Entity, matched string) {
	r := x.ents[c.e]
	e = r.entity()
	if c.key == "" {
		return e, e.Name
	}
	for _, l := range [][]strCount{r.names, r.aliases} {
		for _, v := range l {
			if ontology.Normalize(v.s) == c.key {
				return e, v.s
			}
		}
	}
	return e, first(r.names)
}

// searchStrings returns the position of the first of the sorted a that is
// not less than s.
func searchStrings(a []string, s string) int {
	return sort.Search(len(a), func(i int) bool { return a[i] >= s })
}

// withinEdits reports whether the Levenshtein distance between a and b is at
// most k, in O(k·len) time.
func withinEdits(a, b string, k int) bool {
	if d := len(a) - len(b); d > k || -d > k {
		return false
	}
	if len(b) < 128 && ascii(a) && ascii(b) {
		return withinEditsBytes(a, b, k)
	}
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		rowMin := cur[0]
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			rowMin = min(rowMin, cur[j])
		}
		if rowMin > k {
			return false
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)] <= k
}

// ascii reports whether s is plain ASCII (its bytes are its runes).
func ascii(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// withinEditsBytes is withinEdits for ASCII strings shorter than 128 bytes:
// the rows live on the stack and only the cells within k of the diagonal
// are computed (the others exceed k anyway).
func withinEditsBytes(a, b string, k int) bool {
	const inf = 1 << 20
	var prevRow, curRow [129]int32
	prev, cur := prevRow[:len(b)+1], curRow[:len(b)+1]
	for j := range prev {
		prev[j] = int32(j)
	}
	for i := 1; i <= len(a); i++ {
		lo, hi := max(1, i-k), min(len(b), i+k)
		cur[0] = int32(i)
		if lo > 1 {
			cur[lo-1] = inf
		}
		rowMin := int32(inf)
		if lo == 1 {
			rowMin = cur[0]
		}
		for j := lo; j <= hi; j++ {
			cost := int32(1)
			if a[i-1] == b[j-1] {
				cost = 0
			}
			v := min(prev[j-1]+cost, cur[j-1]+1)
			if j <= i-1+k { // prev[j] is inside the previous row's band
				v = min(v, prev[j]+1)
			}
			cur[j] = v
			rowMin = min(rowMin, v)
		}
		if hi < len(b) {
			cur[hi+1] = inf
		}
		if rowMin > int32(k) {
			return false
		}
		prev, cur = cur, prev
	}
	return prev[len(b)] <= int32(k)
}
