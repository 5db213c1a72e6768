package index

import (
	"math/bits"
	"slices"
)

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
	// sigs is derived from keys (not saved): the signature of each key,
	// extended to every key by signatures
	sigs []uint64
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

// signatures extends g.sigs to every key and returns it. The caller
// excludes writers and other callers (views are built under the index's
// cache lock).
func (g *grams) signatures() []uint64 {
	for _, k := range g.keys[len(g.sigs):] {
		g.sigs = append(g.sigs, signature(k))
	}
	return g.sigs
}

// A signature sums up a key for the fuzzy search: its byte length (at most
// maxSigLen) in the top byte and, below, the set of its bytes' classes
// (see byteClass). A key within k edits of a text has a length within k of
// the text's, and at most k classes that the text has not (an edit brings
// in one rune, whose bytes share one class), and the other way round, so
// comparing signatures rules out most candidates without reading their
// keys.
func signature(s string) uint64 {
	var set uint64
	for i := 0; i < len(s); i++ {
		set |= 1 << byteClass(s[i])
	}
	return uint64(min(len(s), maxSigLen))<<56 | set
}

// maxSigLen is the largest length a signature tells apart.
const maxSigLen = 255

// byteClass sorts bytes into 56 classes: letters, digits, space and hyphen
// have one each, the other ASCII bytes share 18, and every byte of a
// multi-byte rune is in the last.
func byteClass(b byte) uint {
	switch {
	case b >= 'a' && b <= 'z':
		return uint(b - 'a')
	case b >= '0' && b <= '9':
		return 26 + uint(b-'0')
	case b == ' ':
		return 36
	case b == '-':
		return 37
	case b >= 0x80:
		return 55
	}
	return 38 + uint(b)%17
}

// mayBeNear reports whether a key with signature sig may be within k edits
// of a text with signature text.
func mayBeNear(sig, text uint64, k int) bool {
	n, tn := int(sig>>56), int(text>>56)
	if n < maxSigLen && tn < maxSigLen && (n < tn-k || n > tn+k) {
		return false
	}
	const set = 1<<56 - 1
	return bits.OnesCount64(sig&^text&set) <= k && bits.OnesCount64(text&^sig&set) <= k
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
//     pieceLists): an edit touches at most one piece, so a key within k
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
	if l, c := g.pieceLists(text, k+1); l != nil && c < cost {
		best, cost = l, c
	}
	if l := g.lists(text); len(l) >= 3*k+1 {
		slices.SortFunc(l, func(a, b []int32) int { return len(a) - len(b) })
		if c := total(l[:3*k+1]); c < cost {
			best = l[:3*k+1]
		}
	}
	return best
}

// pieceLists cuts text into n pieces of at least three bytes and returns,
// for each, the keys holding all its trigrams (see containing), or nil when
// text is shorter than 3n bytes. The cuts are chosen so that the rarest
// trigram lists of the pieces are the shortest in total; that total bounds
// the candidates, returned as estimate.
func (g *grams) pieceLists(text string, n int) (lists [][]int32, estimate int) {
	m := len(text)
	if m < 3*n {
		return nil, 0
	}
	size := make([]int, m-2)
	for i := range size {
		size[i] = len(g.tri[trigram(text, i)])
	}
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
			rarest := inf
			for j := i + 3; j <= m; j++ {
				rarest = min(rarest, size[j-3])
				if f[p-1][j] < inf && rarest+f[p-1][j] < f[p][i] {
					f[p][i], cut[p][i] = rarest+f[p-1][j], j
				}
			}
		}
	}
	lists = make([][]int32, 0, n)
	for p, i := n, 0; p > 0; p-- {
		j := cut[p][i]
		lists = append(lists, g.containing(text[i:j]))
		i = j
	}
	return lists, f[n][0]
}

// total is the summed length of lists.
func total(lists [][]int32) int {
	n := 0
	for _, l := range lists {
		n += len(l)
	}
	return n
}
