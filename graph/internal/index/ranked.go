package index

import (
	"slices"
	"sync"
	"sync/atomic"
)

// rankedRows keeps, for the nodes an unfiltered neighborhood has expanded
// in one sorted view, their distinct neighbors in the order a neighborhood
// takes them: stated by more sources first, then by ID. A node's row is
// built the first time it is expanded and kept until the next write makes
// a new view, so expanding it again (a hub reached by every query around
// it) walks only as far as it takes neighbors and counts the rest, instead
// of gathering, marking and selecting among every candidate each time.
type rankedRows struct {
	once sync.Once
	rows []atomic.Pointer[rankedRow]
}

// rankedRow is a node's ranked row. A long one also lists its neighbors by
// position in the index (byNode), for counting what a walk leaves out.
type rankedRow struct {
	nbs    []rankedNb
	byNode []nbPos // sorted by n; nil for a row of at most longRow neighbors
}

// nbPos is a neighbor and its place in a ranked row.
type nbPos struct{ n, at int32 }

// longRow is the length from which a row lists its neighbors by position
// (a variable for the tests, which lower it).
var longRow = 256

// rankedNb is one neighbor in a ranked row: its position and the edge that
// reaches it (ref ≥ 0: the node's out[ref]; otherwise its in[^ref]), the
// first one in out-then-in order, as the walk meets them.
type rankedNb struct {
	n, ref int32
}

// ranked returns node n's ranked row in view v, building it if needed. The
// caller holds the store's lock shared; rows built concurrently for the
// same node are equal, and either may be kept.
func (x *Index) ranked(v *sortedView, n int32, seen *marks) *rankedRow {
	rr := &v.ranked
	rr.once.Do(func() { rr.rows = make([]atomic.Pointer[rankedRow], len(v.rank)) })
	if p := rr.rows[n].Load(); p != nil {
		return p
	}
	r := x.ents[n]
	type cand struct {
		nb            rankedNb
		sources, rank int32
	}
	cands := make([]cand, 0, len(r.out)+len(r.in))
	seen.clear()
	for j, e := range r.out {
		if !seen.has(e.other) {
			seen.add(e.other)
			cands = append(cands, cand{rankedNb{e.other, int32(j)}, int32(len(e.labels)), v.rank[e.other]})
		}
	}
	for j, e := range r.in {
		if !seen.has(e.other) {
			seen.add(e.other)
			cands = append(cands, cand{rankedNb{e.other, ^int32(j)}, int32(len(e.labels)), v.rank[e.other]})
		}
	}
	slices.SortFunc(cands, func(a, b cand) int {
		if a.sources != b.sources {
			return int(b.sources - a.sources)
		}
		return int(a.rank - b.rank)
	})
	row := &rankedRow{nbs: make([]rankedNb, len(cands))}
	for i, c := range cands {
		row.nbs[i] = c.nb
	}
	if len(cands) > longRow {
		row.byNode = make([]nbPos, len(cands))
		for i, c := range cands {
			row.byNode[i] = nbPos{c.nb.n, int32(i)}
		}
		slices.SortFunc(row.byNode, func(a, b nbPos) int { return int(a.n - b.n) })
	}
	rr.rows[n].Store(row)
	return row
}

// countFrom counts the neighbors at position from on of a row that are
// not in the walk (marked in in, listed in order). A long row counts the
// walk's nodes found past from, by search, instead of scanning its tail: a
// hub's row is thousands long and a walk a few hundred nodes.
func (row *rankedRow) countFrom(from int, in *marks, order []int32) int {
	rest := row.nbs[from:]
	if row.byNode == nil || len(rest) <= 4*len(order) {
		left := 0
		for _, nb := range rest {
			if !in.has(nb.n) {
				left++
			}
		}
		return left
	}
	inRest := 0
	by := row.byNode
	for _, m := range order {
		lo, hi := 0, len(by) // the first entry not below m (a plain loop: twice BinarySearchFunc's speed)
		for lo < hi {
			mid := int(uint(lo+hi) >> 1)
			if by[mid].n < m {
				lo = mid + 1
			} else {
				hi = mid
			}
		}
		if lo < len(by) && by[lo].n == m && int(by[lo].at) >= from {
			inRest++
		}
	}
	return len(rest) - inRest
}

// expandRanked is expand's step for one node of an unfiltered walk in both
// directions: it takes up to k neighbors not yet in the neighborhood from
// the node's ranked row, and counts the others it leaves out. It answers
// exactly as gathering and selecting the candidates would (the order is
// the same total order).
func (x *Index) expandRanked(v *sortedView, n int32, k int, in, seen *marks, order, next []int32, tree []treeEdge) ([]int32, []int32, []treeEdge, int) {
	r := x.ents[n]
	row := x.ranked(v, n, seen)
	taken, i := 0, 0
	for ; i < len(row.nbs) && taken < k; i++ {
		nb := row.nbs[i]
		if in.has(nb.n) {
			continue
		}
		in.add(nb.n)
		order = append(order, nb.n)
		next = append(next, nb.n)
		if nb.ref >= 0 {
			tree = append(tree, treeEdge{n, r.out[nb.ref], true})
		} else {
			tree = append(tree, treeEdge{n, r.in[^nb.ref], false})
		}
		taken++
	}
	return order, next, tree, row.countFrom(i, in, order)
}
