package index

import (
	"context"
	"slices"
	"sort"
	"strings"
)

// matches returns the keys that match q.Text (not empty) besides the text
// itself: those that start with it (a range of the sorted keys) and the
// word, substring and fuzzy matches with their ranks. These come from the
// gram index's candidates, so their cost follows the number of candidates,
// not of keys; texts shorter than two bytes (and q.NoGrams) test every key.
func (x *Index) matches(ctx context.Context, v *sortedView, q SearchQuery) (prefixed []string, found []keyRank, err error) {
	text := q.Text
	lo := searchStrings(v.keys, text)
	hi := lo + sort.Search(len(v.keys)-lo, func(i int) bool { return !strings.HasPrefix(v.keys[lo+i], text) })
	if lo < hi && v.keys[lo] == text {
		lo++
	}
	prefixed = v.keys[lo:hi]
	m := newMatcher(text)
	if !q.NoGrams && len(text) >= 2 {
		found, err = x.gramMatches(ctx, v, m)
		return prefixed, found, err
	}
	for i, key := range v.keys {
		if i%4096 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, nil, err
			}
		}
		if rank, ok := m.rank(key); ok {
			found = append(found, keyRank{key, rank})
		}
	}
	return prefixed, found, nil
}

// matcher ranks a key against a query text beyond the exact and prefix
// matches.
type matcher struct {
	text, word string // the text, and the text starting a word
	maxEdits   int    // for a fuzzy match
}

func newMatcher(text string) matcher {
	m := matcher{text: text, word: " " + text}
	if len(text) >= 4 {
		m.maxEdits = 1
	}
	if len(text) >= 8 {
		m.maxEdits = 2
	}
	return m
}

// rank returns key's rank when a word of it starts with the text, it
// contains the text (three bytes or more) or it is within maxEdits of it,
// and false when it does not match or starts with the text (a prefix match,
// considered apart).
func (m matcher) rank(key string) (int, bool) {
	if rank, ok := m.contained(key); ok || strings.HasPrefix(key, m.text) {
		return rank, ok
	}
	if m.maxEdits > 0 && withinEdits(m.text, key, m.maxEdits) {
		return RankFuzzy, true
	}
	return 0, false
}

// contained is rank for the word and substring matches only.
func (m matcher) contained(key string) (int, bool) {
	switch {
	case strings.HasPrefix(key, m.text):
	case strings.Contains(key, m.word):
		return RankWord, true
	case len(m.text) >= 3 && strings.Contains(key, m.text):
		return RankSubstring, true
	}
	return 0, false
}

// near reports whether rank gives key RankFuzzy.
func (m matcher) near(key string) bool {
	return withinEdits(m.text, key, m.maxEdits) && !strings.HasPrefix(key, m.text) && !strings.Contains(key, m.text)
}

// keyRank is a live key that matched, with its rank.
type keyRank struct {
	key  string
	rank int
}

// gramMatches returns the live keys that m ranks (m.text is at
// least two bytes), testing only the gram index's candidates: for the word
// and substring matches, the keys holding " "+text (two-byte texts) or
// every trigram of the text; for the fuzzy ones, the keys of nearLists
// whose signature is near the text's. Each key is tested once: a key that
// contains the text is only in the first set, since it ranks better than
// fuzzy.
func (x *Index) gramMatches(ctx context.Context, v *sortedView, m matcher) ([]keyRank, error) {
	g := x.grams
	var found []keyRank
	keep := func(key string, rank int) {
		if len(x.keyEntities(key)) > 0 { // the key is live
			found = append(found, keyRank{key, rank})
		}
	}
	contain := g.tri[trigram(m.word, 0)]
	if len(m.text) >= 3 {
		contain = g.containing(m.text)
	}
	for i, k := range contain {
		if i%4096 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		key := g.keys[k]
		if rank, ok := m.contained(key); ok {
			keep(key, rank)
		}
	}
	if m.maxEdits > 0 {
		// the signatures rule most candidates out without reading their
		// keys: a tight pass over each list, then the few left are tested
		sig := signature(m.text)
		var near []int32
		for _, l := range g.nearLists(m.text, m.maxEdits) {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
			for _, k := range l {
				if mayBeNear(v.keySigs[k], sig, m.maxEdits) {
					near = append(near, k)
				}
			}
		}
		slices.Sort(near)
		for i, k := range slices.Compact(near) {
			if i%4096 == 0 {
				if err := ctx.Err(); err != nil {
					return nil, err
				}
			}
			if key := g.keys[k]; m.near(key) {
				keep(key, RankFuzzy)
			}
		}
	}
	return found, nil
}
