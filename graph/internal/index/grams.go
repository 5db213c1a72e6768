package index

// grams indexes the lookup keys for search: which keys contain a trigram
// (three bytes) and which keys have a given length. Search takes its word,
// substring and fuzzy candidates from it instead of testing every key. It
// only grows: a key that leaves the index keeps its entries and is skipped
// by search (its byKey list is empty), and comes back without new ones.
type grams struct {
	id    map[string]int32   // key → position in keys
	keys  []string           // every key ever indexed
	tri   map[uint32][]int32 // trigram → keys containing it, each once, ascending
	byLen [][]int32          // byte length (the last bucket: that length or more) → keys
}

// maxLenBucket is the last length bucket of grams.byLen.
const maxLenBucket = 64

func newGrams() *grams {
	return &grams{id: make(map[string]int32), tri: make(map[uint32][]int32), byLen: make([][]int32, maxLenBucket+1)}
}

func trigram(s string, i int) uint32 {
	return uint32(s[i])<<16 | uint32(s[i+1])<<8 | uint32(s[i+2])
}

// add indexes key if it is new.
func (g *grams) add(key string) {
	if _, ok := g.id[key]; ok {
		return
	}
	k := int32(len(g.keys))
	g.id[key] = k
	g.keys = append(g.keys, key)
	for i := 0; i+3 <= len(key); i++ {
		t := trigram(key, i)
		if l := g.tri[t]; len(l) == 0 || l[len(l)-1] != k {
			g.tri[t] = append(l, k)
		}
	}
	b := min(len(key), maxLenBucket)
	g.byLen[b] = append(g.byLen[b], k)
}

// mark marks in m, by key position, the keys that may contain " "+text or
// text (level 1: the trigrams of text, or " "+text for two-byte texts) and,
// when maxEdits > 0, those whose length is within maxEdits of text's (level
// 2 unless already 1). It returns false when the index cannot narrow the
// search (texts shorter than two bytes) and every key must be tested.
func (g *grams) mark(m *marks, text string, maxEdits int) bool {
	if len(text) < 2 {
		return false
	}
	var sub []int32
	if len(text) == 2 {
		sub = g.tri[trigram(" "+text, 0)]
	} else {
		// a key that contains text contains each of its trigrams: the
		// rarest one's list holds them all
		for i := 0; i+3 <= len(text); i++ {
			l := g.tri[trigram(text, i)]
			if i == 0 || len(l) < len(sub) {
				sub = l
			}
			if len(sub) == 0 {
				break
			}
		}
	}
	if maxEdits > 0 {
		lo, hi := max(0, len(text)-maxEdits), min(len(text)+maxEdits, maxLenBucket)
		for n := lo; n <= hi; n++ {
			for _, k := range g.byLen[n] {
				m.set(k, 2)
			}
		}
	}
	for _, k := range sub {
		m.set(k, 1)
	}
	return true
}
