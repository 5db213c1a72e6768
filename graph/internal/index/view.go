package index

import (
	"slices"
	"sort"
	"strings"
	"sync"
)

// sortedView is an immutable sorted view of the index at one version.
// Readers keep using the view they got even if a newer one is built.
type sortedView struct {
	all  []int32  // every entity position, live or not, by ID
	ents []int32  // live entities by ID
	rank []int32  // position of each entity (by index position) in ents; -1 if dead
	keys []string // lookup keys
	// keySigs holds the signature of each key of the gram index, by
	// position: derived from its keys, extended by each new view
	keySigs []keySig
	docs    []int32 // documents, newest first
	// rows holds the adjacency of every entity as compressed rows of
	// neighbor positions (one per edge, predicates left out), built by the
	// first unfiltered walk that wants them (see adjacency): such walks read
	// 4 bytes per edge instead of an edge record
	rows     sync.Once
	out, in  csr
	rowsFrom []*entRec
	// ranked holds the neighbors of expanded nodes in the order an
	// unfiltered neighborhood takes them (ranked.go)
	ranked rankedRows
}

// adjacency returns the compressed rows of the view, building them once.
// The caller holds the store's lock shared, so the entities do not change meanwhile.
func (v *sortedView) adjacency() (out, in *csr) {
	v.rows.Do(func() {
		v.out = buildCSR(v.rowsFrom, func(r *entRec) []edge { return r.out })
		v.in = buildCSR(v.rowsFrom, func(r *entRec) []edge { return r.in })
		v.rowsFrom = nil
	})
	return &v.out, &v.in
}

// csr is compressed sparse rows: the neighbors of entity i are
// to[off[i]:off[i+1]].
type csr struct {
	off []int32
	to  []int32
}

// row returns the neighbors of entity i.
func (c *csr) row(i int32) []int32 { return c.to[c.off[i]:c.off[i+1]] }

// buildCSR lays out one direction of the adjacency.
func buildCSR(ents []*entRec, list func(*entRec) []edge) csr {
	c := csr{off: make([]int32, len(ents)+1)}
	n := 0
	for i, r := range ents {
		n += len(list(r))
		c.off[i+1] = int32(n)
	}
	c.to = make([]int32, 0, n)
	for _, r := range ents {
		for _, e := range list(r) {
			c.to = append(c.to, e.other)
		}
	}
	return c
}

// rankLive fills ents with the live entities of all, in order, and rank
// with each one's place among them (-1 for the others).
func (v *sortedView) rankLive(ents []*entRec) {
	v.rank = make([]int32, len(ents))
	for i := range v.rank {
		v.rank[i] = -1
	}
	for _, e := range v.all {
		if ents[e].live() {
			v.rank[e] = int32(len(v.ents))
			v.ents = append(v.ents, e)
		}
	}
}

// view returns the sorted view of the current version, building it if a
// write happened since the last one. Callers hold the store's lock shared.
//
// A new view starts from the previous one where it can: entity positions
// only grow, so the entities added since are sorted and merged into the
// previous order, and the keys that appeared or left since are merged into
// the previous keys. A write then costs the next reader a linear pass, not a
// sort of every entity and key (TestViewIncremental compares it with a view
// built from scratch).
func (x *Index) view() *sortedView {
	x.cacheMu.Lock()
	defer x.cacheMu.Unlock()
	if x.sorted != nil && x.cacheVer == x.version {
		return x.sorted
	}
	prev := x.sorted
	if x.keysOverflow {
		prev = nil
	}
	v := &sortedView{}
	v.all = x.sortedEntities(prev)
	v.rankLive(x.ents)
	v.keys = x.sortedKeys(prev)
	v.keySigs = x.grams.signatures()
	x.keysChanged, x.keysOverflow = nil, false
	for i, r := range x.srcs {
		if r.isDoc && r.exist > 0 {
			v.docs = append(v.docs, int32(i))
		}
	}
	sort.Slice(v.docs, func(a, b int) bool {
		da, db := x.srcs[v.docs[a]], x.srcs[v.docs[b]]
		if !da.date.Equal(db.date) {
			return da.date.After(db.date)
		}
		return da.id < db.id
	})
	v.rowsFrom = x.ents
	x.sorted, x.cacheVer = v, x.version
	return v
}

// sortedEntities returns every entity position, live or not, in ID order:
// the previous view's order with the positions added since merged in.
func (x *Index) sortedEntities(prev *sortedView) []int32 {
	from := 0
	if prev != nil {
		from = len(prev.all)
	}
	added := make([]int32, 0, len(x.ents)-from)
	for i := from; i < len(x.ents); i++ {
		added = append(added, int32(i))
	}
	byID := func(a, b int32) int { return strings.Compare(x.ids[a], x.ids[b]) }
	slices.SortFunc(added, byID)
	if prev == nil {
		return added
	}
	out := make([]int32, 0, len(prev.all)+len(added))
	i, j := 0, 0
	for i < len(prev.all) && j < len(added) {
		if byID(prev.all[i], added[j]) <= 0 {
			out = append(out, prev.all[i])
			i++
		} else {
			out = append(out, added[j])
			j++
		}
	}
	out = append(out, prev.all[i:]...)
	return append(out, added[j:]...)
}

// sortedKeys returns the live keys (byKey's non-empty lists) in order: the previous view's keys
// with those that appeared or left since merged in or dropped.
func (x *Index) sortedKeys(prev *sortedView) []string {
	if prev == nil {
		keys := make([]string, 0, x.liveKeys)
		for p, l := range x.byKey {
			if len(l) > 0 {
				keys = append(keys, x.grams.keys[p])
			}
		}
		sort.Strings(keys)
		return keys
	}
	changed := slices.Clone(x.keysChanged)
	slices.Sort(changed)
	changed = slices.Compact(changed)
	present := func(k string) bool { return len(x.keyEntities(k)) > 0 }
	out := make([]string, 0, x.liveKeys)
	i, j := 0, 0
	for i < len(prev.keys) || j < len(changed) {
		switch {
		case j == len(changed) || (i < len(prev.keys) && prev.keys[i] < changed[j]):
			out = append(out, prev.keys[i]) // unchanged since the last view
			i++
		case i == len(prev.keys) || changed[j] < prev.keys[i]:
			if present(changed[j]) {
				out = append(out, changed[j])
			}
			j++
		default: // in both: it left, came back, or both
			if present(changed[j]) {
				out = append(out, changed[j])
			}
			i++
			j++
		}
	}
	return out
}
