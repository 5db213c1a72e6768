package graph

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/newsgraph/newsgraph/ontology"
)

// Match classes of a search hit, best first.
const (
	MatchName      = "NAME"      // the query is the entity's name
	MatchAlias     = "ALIAS"     // the query is one of its aliases
	MatchPrefix    = "PREFIX"    // a name or alias starts with the query
	MatchWord      = "WORD"      // a word of a name or alias starts with the query
	MatchSubstring = "SUBSTRING" // a name or alias contains the query
	MatchFuzzy     = "FUZZY"     // a name or alias is within a small edit distance
)

var matchRank = map[string]int{MatchName: 0, MatchAlias: 1, MatchPrefix: 2, MatchWord: 3, MatchSubstring: 4, MatchFuzzy: 5}

// SearchQuery asks for entities by name.
type SearchQuery struct {
	// Text is matched against names and aliases; empty lists all entities.
	Text  string
	Types []ontology.EntityType
	Page  Page
}

// Hit is one search result.
type Hit struct {
	Entity Entity
	// Matched is the name or alias that matched, as stored.
	Matched string
	Match   string // one of the Match constants
}

// SearchPage is one page of search results, best first.
type SearchPage struct {
	Hits    []Hit
	Cursors []string
	PageInfo
}

// MaxQueryLen bounds search queries.
const MaxQueryLen = 200

// Search ranks entities by how well a name or alias matches: exact name, then
// alias, prefix, word prefix, substring and finally a small edit distance;
// ties go to the better-connected entity, then to the ID.
func (s *Store) Search(ctx context.Context, q SearchQuery) (SearchPage, error) {
	if len(q.Text) > MaxQueryLen {
		return SearchPage{}, Errorf(EINVALID, "search text is longer than %d bytes", MaxQueryLen)
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	x := s.idx
	v := x.view()
	typeOK := typeSet(q.Types)
	text := normalizeQuery(q.Text)

	type cand struct {
		e     int32
		rank  int
		key   string
		order string
	}
	best := make(map[int32]*cand)
	consider := func(key string, rank int) {
		for _, e := range x.byKey[key] {
			r := x.ents[e]
			if !r.live() || !typeOK(first(r.types)) {
				continue
			}
			if rank == 1 && NormalizeKey(first(r.names)) == key {
				rank = 0
			}
			if c, ok := best[e]; !ok || rank < c.rank {
				best[e] = &cand{e: e, rank: rank, key: key}
			}
		}
	}
	if text == "" {
		for _, e := range v.ents {
			if typeOK(first(x.ents[e].types)) {
				best[e] = &cand{e: e, rank: 0}
			}
		}
	} else {
		consider(text, 1)
		// prefixes: a contiguous range of the sorted keys
		for i := searchStrings(v.keys, text); i < len(v.keys) && strings.HasPrefix(v.keys[i], text); i++ {
			if v.keys[i] != text {
				consider(v.keys[i], 2)
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
		// the gram index marks the keys worth testing: level 1 may hold
		// text, level 2 only has a length within maxEdits of it
		m := getMarks(len(x.grams.keys))
		defer putMarks(m)
		narrowed := !s.noGrams && x.grams.mark(m, text, maxEdits)
		for i, key := range v.keys {
			if i%4096 == 0 {
				if err := ctx.Err(); err != nil {
					return SearchPage{}, err
				}
			}
			if narrowed {
				level, ok := m.get(v.keyGram[i])
				if !ok {
					continue
				}
				if level == 2 {
					if !strings.HasPrefix(key, text) && withinEdits(text, key, maxEdits) {
						consider(key, 5)
					}
					continue
				}
			}
			switch {
			case strings.HasPrefix(key, text):
			case strings.Contains(key, word):
				consider(key, 3)
			case len(text) >= 3 && strings.Contains(key, text):
				consider(key, 4)
			case maxEdits > 0 && withinEdits(text, key, maxEdits):
				consider(key, 5)
			}
		}
	}
	cands := make([]*cand, 0, len(best))
	for _, c := range best {
		r := x.ents[c.e]
		deg := len(r.out) + len(r.in)
		c.order = fmt.Sprintf("%d|%09d|%s", c.rank, 999999999-min(deg, 999999999), r.id)
		cands = append(cands, c)
	}
	sort.Slice(cands, func(i, j int) bool { return cands[i].order < cands[j].order })
	keys := make([]string, len(cands))
	for i, c := range cands {
		keys[i] = c.order
	}
	lo, hi, info, err := paginate("search:"+text, keys, q.Page)
	if err != nil {
		return SearchPage{}, err
	}
	page := SearchPage{PageInfo: info}
	names := []string{MatchName, MatchAlias, MatchPrefix, MatchWord, MatchSubstring, MatchFuzzy}
	for _, c := range cands[lo:hi] {
		r := x.ents[c.e]
		e := x.toEntity(r)
		h := Hit{Entity: e, Match: names[c.rank], Matched: e.Name}
		if text != "" {
			h.Matched = matchedName(r, c.key)
		}
		page.Hits = append(page.Hits, h)
		page.Cursors = append(page.Cursors, encodeCursor("search:"+text, c.order))
	}
	return page, nil
}

// matchedName returns the stored name or alias of r whose key is key.
func matchedName(r *entRec, key string) string {
	for _, l := range [][]strCount{r.names, r.aliases} {
		for _, v := range l {
			if NormalizeKey(v.s) == key {
				return v.s
			}
		}
	}
	return first(r.names)
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
