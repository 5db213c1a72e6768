package index

import "slices"

// grams indexes the lookup keys for search: which keys contain a trigram
// (three bytes) and which keys have a given length. Search takes its word,
// substring and fuzzy candidates from it instead of testing every key. It
// only grows: a key that leaves the index keeps its entries and is skipped
// by search (its byKey list is empty), and comes back without new ones.
type grams struct {
	id    posTable           // key → position in keys
	keys  []string           // every key ever indexed
	tri   map[uint32][]int32 // trigram → keys containing it, each once, ascending
	byLen [][]int32          // byte length (the last bucket: that length or more) → keys
	// sigs is derived from keys (not saved): the signature of each key,
	// extended to every key by signatures
	sigs []keySig
}

// maxLenBucket is the last length bucket of grams.byLen.
const maxLenBucket = 64

func newGrams() *grams {
	return &grams{tri: make(map[uint32][]int32), byLen: make([][]int32, maxLenBucket+1)}
}

func trigram(s string, i int) uint32 {
	return uint32(s[i])<<16 | uint32(s[i+1])<<8 | uint32(s[i+2])
}

// keyAt is the key at a position: what g.id finds keys by.
func (g *grams) keyAt(i int32) string { return g.keys[i] }

// add indexes a key that is not indexed yet and returns its position.
func (g *grams) add(key string) int32 {
	k := int32(len(g.keys))
	g.id.add(key, k)
	g.keys = append(g.keys, key)
	for i := 0; i+3 <= len(key); i++ {
		t := trigram(key, i)
		if l := g.tri[t]; len(l) == 0 || l[len(l)-1] != k {
			g.tri[t] = append(l, k)
		}
	}
	b := min(len(key), maxLenBucket)
	g.byLen[b] = append(g.byLen[b], k)
	return k
}

// signatures extends g.sigs to every key and returns it. The caller
// excludes writers and other callers (views are built under the index's
// cache lock).
func (g *grams) signatures() []keySig {
	g.sigs = slices.Grow(g.sigs, len(g.keys)-len(g.sigs))
	for _, k := range g.keys[len(g.sigs):] {
		g.sigs = append(g.sigs, signature(k))
	}
	return g.sigs
}

// containing returns, ascending, the keys that hold every trigram of s
// (at least three bytes long), or a superset of them: all the keys that
// contain s, and a few that only hold its trigrams apart. The lists are
// intersected rarest first, so the cost follows the rarest one, not the
// number of keys, and only while they narrow the result. The result may
// be one of the index's own lists: callers do not modify it.
func (g *grams) containing(s string) []int32 {
	lists := g.lists(s)
	if len(lists) == 0 {
		return nil
	}
	slices.SortFunc(lists, func(a, b []int32) int { return len(a) - len(b) })
	out := lists[0]
	for i, l := range lists[1:] {
		var dst []int32
		if i > 0 { // out is ours from the second intersection on
			dst = out[:0]
		}
		n := len(out)
		if out = intersect(dst, out, l); len(out) > n-n/8 {
			break // the lists go together (the trigrams of a common word): the next ones would not narrow much
		}
	}
	return out
}

// lists returns the lists of the distinct trigrams of s.
func (g *grams) lists(s string) [][]int32 {
	var out [][]int32
	for i := 0; i+3 <= len(s); i++ {
		t := trigram(s, i)
		dup := false
		for j := 0; j < i && !dup; j++ {
			dup = trigram(s, j) == t
		}
		if !dup {
			out = append(out, g.tri[t])
		}
	}
	return out
}

// intersect appends to dst[:0] the elements of the ascending a that are in
// the ascending b, galloping through b, so that a short a costs
// O(len(a)·log(len(b)/len(a))). dst may share a's array.
func intersect(dst, a, b []int32) []int32 {
	dst = dst[:0]
	j := 0
	for _, v := range a {
		if j == len(b) {
			break
		}
		if b[j] < v { // find the first b ≥ v: double the step, then bisect
			lo, step := j, 1
			for lo+step < len(b) && b[lo+step] < v {
				lo += step
				step *= 2
			}
			hi := min(lo+step, len(b))
			i, _ := slices.BinarySearch(b[lo+1:hi], v)
			if j = lo + 1 + i; j == len(b) {
				break
			}
		}
		if b[j] == v {
			dst = append(dst, v)
			j++
		}
	}
	return dst
}

// nearLists returns lists whose union holds every key within k edits of
// text as withinEdits counts them (k > 0), choosing the shortest in total
// of three filters:
//   - the length buckets within k of len(text) (withinEdits needs the byte
//     lengths within k);
//   - for an ASCII text, the keys holding one of k+1 pieces of it (see
//     pieces): an edit touches at most one piece, so a key within k
//     edits holds one of them whole;
//   - for an ASCII text, the lists of 3k+1 distinct trigrams: an edit
//     breaks at most three of the text's trigrams, so a key within k
//     edits holds all but 3k of them.
//
// The trigram filters need a text of at least 3(k+1) bytes.
func (g *grams) nearLists(text string, k int) [][]int32 {
	lo, hi := min(max(0, len(text)-k), maxLenBucket), min(len(text)+k, maxLenBucket)
	best := g.byLen[lo : hi+1]
	cost := total(best)
	if !ascii(text) {
		return best
	}
	// the pieces' lists are intersections: built only if they win
	pieces, c := g.pieces(text, k+1)
	if pieces != nil && c < cost {
		cost = c
	} else {
		pieces = nil
	}
	if l := g.lists(text); len(l) >= 3*k+1 {
		slices.SortFunc(l, func(a, b []int32) int { return len(a) - len(b) })
		if c := total(l[:3*k+1]); c < cost {
			return l[:3*k+1]
		}
	}
	if pieces != nil {
		best = make([][]int32, len(pieces))
		for i, p := range pieces {
			best[i] = g.containing(p)
		}
	}
	return best
}

// pieces cuts text into n pieces of at least three bytes, or returns nil
// when text is shorter than 3n bytes. The cuts are chosen so that the
// lists of keys holding all of a piece's trigrams (see containing) are the
// shortest in total by pieceSizes' estimates, returned as estimate: a piece
// that joins a rare word to a common one ("r breach") is worth far more
// than the common word alone.
func (g *grams) pieces(text string, n int) (pieces []string, estimate int) {
	m := len(text)
	if m < 3*n {
		return nil, 0
	}
	est := g.pieceSizes(text)
	// f[p][i]: the least total for text[i:] in p pieces, the first
	// ending at cut[p][i]
	const inf = 1 << 62
	f, cut := make([][]int, n+1), make([][]int, n+1)
	for p := range f {
		f[p], cut[p] = make([]int, m+1), make([]int, m+1)
		for i := range f[p] {
			f[p][i] = inf
		}
	}
	f[0][m] = 0
	for p := 1; p <= n; p++ {
		for i := 0; i+3 <= m; i++ {
			for j := i + 3; j <= m; j++ {
				c := est[i][min(j-i, len(est[i])+2)-3]
				if f[p-1][j] < inf && c+f[p-1][j] < f[p][i] {
					f[p][i], cut[p][i] = c+f[p-1][j], j
				}
			}
		}
	}
	pieces = make([]string, 0, n)
	for p, i := n, 0; p > 0; p-- {
		j := cut[p][i]
		pieces = append(pieces, text[i:j])
		i = j
	}
	return pieces, f[n][0]
}

// Bounds of pieceSizes' estimates.
const (
	pieceSamples = 48 // keys sampled from a piece's first trigram list
	pieceSpan    = 16 // longer pieces are estimated by their first bytes
)

// pieceSizes estimates how many keys hold every trigram of each piece of
// text: est[i][l-3] is for text[i:i+l], 3 ≤ l ≤ pieceSpan. The keys of the
// piece's first trigram list are sampled and the share of the samples in
// every other list of the piece scales the list's length (the lists of a
// common word go together, those of rare words do not); the piece's rarest
// list bounds the estimate.
func (g *grams) pieceSizes(text string) [][]int {
	m := len(text)
	est := make([][]int, 0, m-2)
	var sample []int32
	for i := 0; i+3 <= m; i++ {
		first := g.tri[trigram(text, i)]
		sample = sample[:0]
		for s := range min(len(first), pieceSamples) {
			sample = append(sample, first[s*len(first)/min(len(first), pieceSamples)])
		}
		drawn := len(sample)
		rarest := len(first)
		row := make([]int, 0, pieceSpan-2)
		for j := i + 3; j <= min(m, i+pieceSpan); j++ {
			if l := g.tri[trigram(text, j-3)]; j > i+3 {
				rarest = min(rarest, len(l))
				kept := sample[:0]
				for _, k := range sample {
					if _, ok := slices.BinarySearch(l, k); ok {
						kept = append(kept, k)
					}
				}
				sample = kept
			}
			e := len(sample) // exact when the whole list was drawn
			if drawn < len(first) {
				e = (2*len(sample) + 1) * len(first) / (2 * drawn)
			}
			row = append(row, min(rarest, e))
		}
		est = append(est, row)
	}
	return est
}

// total is the summed length of lists.
func total(lists [][]int32) int {
	n := 0
	for _, l := range lists {
		n += len(l)
	}
	return n
}
