package bench

import (
	"slices"
	"strings"

	"github.com/cayleygraph/quad"

	"github.com/newsgraph/newsgraph/graph"
	"github.com/newsgraph/newsgraph/ontology"
)

// Adjacency is the physical limit the store is measured against: plain
// in-memory adjacency lists with integer node IDs in compressed sparse row
// form, one array for out-edges and one for in-edges, built from the same
// quads. It knows only the direct entity-to-entity edges. It is not safe for
// concurrent use (queries share a scratch array).
type Adjacency struct {
	ids   []string
	index map[string]int32
	preds map[quad.IRI]uint8

	staged []adjEdge // edges seen while loading, before Build

	outOff, inOff   []int32
	outTo, inTo     []int32
	outPred, inPred []uint8

	stamp []uint32 // visit marks, valid when equal to gen
	gen   uint32
	// dmarks and bmarks hold the distances of Distance and CountShortest,
	// and of ball; count the numbers of shortest paths of CountShortest
	dmarks, bmarks marks
	count          []int64
}

type adjEdge struct {
	s, o int32
	p    uint8
}

// NewAdjacency returns an empty adjacency builder.
func NewAdjacency() *Adjacency {
	a := &Adjacency{index: map[string]int32{}, preds: map[quad.IRI]uint8{}}
	for i, p := range ontology.Predicates {
		a.preds[graph.PredicateIRI(string(p.Name))] = uint8(i)
	}
	return a
}

func (a *Adjacency) intern(id string) int32 {
	if n, ok := a.index[id]; ok {
		return n
	}
	n := int32(len(a.ids))
	a.ids = append(a.ids, id)
	a.index[id] = n
	return n
}

// Add takes one quad; only direct edges (entity —predicate→ entity) matter.
func (a *Adjacency) Add(q quad.Quad) {
	p, ok := q.Predicate.(quad.IRI)
	if !ok {
		return
	}
	pi, ok := a.preds[p]
	if !ok {
		return
	}
	s, ok1 := q.Subject.(quad.IRI)
	o, ok2 := q.Object.(quad.IRI)
	if !ok1 || !ok2 || !strings.HasPrefix(string(s), graph.EntityNS) || !strings.HasPrefix(string(o), graph.EntityNS) {
		return
	}
	a.staged = append(a.staged, adjEdge{
		s: a.intern(string(s[len(graph.EntityNS):])),
		o: a.intern(string(o[len(graph.EntityNS):])),
		p: pi,
	})
}

// Build deduplicates the edges (one per subject, predicate, object, however
// many sources state it) and lays them out in arrays.
func (a *Adjacency) Build() {
	e := a.staged
	slices.SortFunc(e, func(x, y adjEdge) int {
		if x.s != y.s {
			return int(x.s - y.s)
		}
		if x.p != y.p {
			return int(x.p) - int(y.p)
		}
		return int(x.o - y.o)
	})
	e = slices.Compact(e)
	n := len(a.ids)
	a.outOff = make([]int32, n+1)
	a.inOff = make([]int32, n+1)
	for _, x := range e {
		a.outOff[x.s+1]++
		a.inOff[x.o+1]++
	}
	for i := 0; i < n; i++ {
		a.outOff[i+1] += a.outOff[i]
		a.inOff[i+1] += a.inOff[i]
	}
	a.outTo, a.outPred = make([]int32, len(e)), make([]uint8, len(e))
	a.inTo, a.inPred = make([]int32, len(e)), make([]uint8, len(e))
	outPos := slices.Clone(a.outOff[:n])
	inPos := slices.Clone(a.inOff[:n])
	for _, x := range e {
		a.outTo[outPos[x.s]], a.outPred[outPos[x.s]] = x.o, x.p
		outPos[x.s]++
		a.inTo[inPos[x.o]], a.inPred[inPos[x.o]] = x.s, x.p
		inPos[x.o]++
	}
	a.staged = nil
	a.stamp = make([]uint32, n)
	a.dmarks, a.bmarks = newMarks(n), newMarks(n)
	a.count = make([]int64, n)
}

// Nodes returns the number of entities that have at least one edge.
func (a *Adjacency) Nodes() int { return len(a.ids) }

// Edges returns the number of distinct edges.
func (a *Adjacency) Edges() int { return len(a.outTo) }

// ID returns the entity ID of node n.
func (a *Adjacency) ID(n int32) string { return a.ids[n] }

// Node returns the node of an entity ID.
func (a *Adjacency) Node(id string) (int32, bool) {
	n, ok := a.index[id]
	return n, ok
}

// EdgeEnd returns one end of edge e (0 ≤ e < Edges()): its subject, or its
// object if object is true. Drawing e uniformly draws nodes in proportion to
// their degree.
func (a *Adjacency) EdgeEnd(e int, object bool) int32 {
	if object {
		return a.outTo[e]
	}
	// the subject is the node whose range of out-edges holds e
	n, _ := slices.BinarySearch(a.outOff, int32(e)+1)
	return int32(n - 1)
}

// Degree returns the number of edges of n, both ways.
func (a *Adjacency) Degree(n int32) int {
	return int(a.outOff[n+1] - a.outOff[n] + a.inOff[n+1] - a.inOff[n])
}

func (a *Adjacency) newGen() uint32 {
	a.gen++
	if a.gen == 0 {
		clear(a.stamp)
		a.gen = 1
	}
	return a.gen
}

// Hop1 appends the distinct out-neighbors of n to buf.
func (a *Adjacency) Hop1(n int32, buf []int32) []int32 {
	g := a.newGen()
	for _, m := range a.outTo[a.outOff[n]:a.outOff[n+1]] {
		if a.stamp[m] != g {
			a.stamp[m] = g
			buf = append(buf, m)
		}
	}
	return buf
}

// Hop2 appends the nodes within two hops of n, edges followed both ways, n
// itself left out.
func (a *Adjacency) Hop2(n int32, buf []int32) []int32 {
	g := a.newGen()
	a.stamp[n] = g
	buf = buf[:0]
	visit := func(m int32) {
		if a.stamp[m] != g {
			a.stamp[m] = g
			buf = append(buf, m)
		}
	}
	for _, m := range a.outTo[a.outOff[n]:a.outOff[n+1]] {
		visit(m)
	}
	for _, m := range a.inTo[a.inOff[n]:a.inOff[n+1]] {
		visit(m)
	}
	first := len(buf)
	for i := 0; i < first; i++ {
		u := buf[i]
		for _, m := range a.outTo[a.outOff[u]:a.outOff[u+1]] {
			visit(m)
		}
		for _, m := range a.inTo[a.inOff[u]:a.inOff[u+1]] {
			visit(m)
		}
	}
	return buf
}

// each calls fn for every edge of n, out-edges first (other end, predicate).
func (a *Adjacency) each(n int32, fn func(m int32, p uint8, out bool)) {
	for i := a.outOff[n]; i < a.outOff[n+1]; i++ {
		fn(a.outTo[i], a.outPred[i], true)
	}
	for i := a.inOff[n]; i < a.inOff[n+1]; i++ {
		fn(a.inTo[i], a.inPred[i], false)
	}
}

// marks are per-node small integers valid for one search: a node's value
// counts only when its stamp is the current generation, so starting a new
// search costs nothing. The lists are sized by Build.
type marks struct {
	stamp []uint32
	val   []int8
	gen   uint32
}

func newMarks(n int) marks { return marks{stamp: make([]uint32, n), val: make([]int8, n)} }

// reset forgets every mark.
func (m *marks) reset() {
	m.gen++
	if m.gen == 0 {
		clear(m.stamp)
		m.gen = 1
	}
}

func (m *marks) get(n int32) (int8, bool) {
	if m.stamp[n] != m.gen {
		return 0, false
	}
	return m.val[n], true
}

func (m *marks) set(n int32, v int8) { m.stamp[n], m.val[n] = m.gen, v }

// Distance returns the length of a shortest path (edges either way) from s
// to t of at most max hops, or -1, by bidirectional breadth-first search.
func (a *Adjacency) Distance(s, t int32, max int) int {
	if s == t {
		return 0
	}
	dist := &a.dmarks // > 0 from s (depth+1), < 0 from t (-(depth+1))
	dist.reset()
	dist.set(s, 1)
	dist.set(t, -1)
	fs, ft := []int32{s}, []int32{t}
	ls, lt := 0, 0
	for ls+lt < max && len(fs) > 0 && len(ft) > 0 {
		best := -1
		var next []int32
		if len(fs) <= len(ft) {
			ls++
			for _, u := range fs {
				a.each(u, func(m int32, _ uint8, _ bool) {
					d, seen := dist.get(m)
					if !seen {
						dist.set(m, int8(ls+1))
						next = append(next, m)
					} else if d < 0 && (best < 0 || ls+int(-d)-1 < best) {
						best = ls + int(-d) - 1
					}
				})
			}
			fs = next
		} else {
			lt++
			for _, u := range ft {
				a.each(u, func(m int32, _ uint8, _ bool) {
					d, seen := dist.get(m)
					if !seen {
						dist.set(m, int8(-(lt + 1)))
						next = append(next, m)
					} else if d > 0 && (best < 0 || lt+int(d)-1 < best) {
						best = lt + int(d) - 1
					}
				})
			}
			ft = next
		}
		if best >= 0 && best <= max {
			return best
		}
	}
	return -1
}

// ball marks in a.bmarks the distance to t of every node within r hops of
// t.
func (a *Adjacency) ball(t int32, r int) {
	dist := &a.bmarks
	dist.reset()
	dist.set(t, 0)
	frontier := []int32{t}
	for level := 1; level <= r && len(frontier) > 0; level++ {
		var next []int32
		for _, u := range frontier {
			a.each(u, func(m int32, _ uint8, _ bool) {
				if _, ok := dist.get(m); !ok {
					dist.set(m, int8(level))
					next = append(next, m)
				}
			})
		}
		frontier = next
	}
}

// Paths returns up to first simple paths from s to t, shortest first: those
// of the shortest length d ≤ max, then of length d+1 (≤ max) if fewer were
// found; each path is its node sequence. It does the work the store's Paths
// does, on integer IDs.
func (a *Adjacency) Paths(s, t int32, max, first int) [][]int32 {
	d := a.Distance(s, t, max)
	if d < 0 {
		return nil
	}
	if d == 0 {
		return [][]int32{{s}}
	}
	maxLen := min(d+1, max)
	a.ball(t, maxLen-1)
	toT := &a.bmarks
	var out [][]int32
	for length := d; length <= maxLen && len(out) < first; length++ {
		path := []int32{s}
		onPath := map[int32]bool{s: true}
		var walk func(u int32)
		walk = func(u int32) {
			left := length - (len(path) - 1)
			if u == t {
				if left == 0 {
					out = append(out, slices.Clone(path))
				}
				return
			}
			if left == 0 {
				return
			}
			a.each(u, func(m int32, _ uint8, _ bool) {
				if len(out) >= first || onPath[m] {
					return
				}
				if dm, ok := toT.get(m); !ok || int(dm) > left-1 {
					return
				}
				onPath[m] = true
				path = append(path, m)
				walk(m)
				path = path[:len(path)-1]
				delete(onPath, m)
			})
		}
		walk(s)
	}
	return out
}

// CountShortest returns the shortest distance from s to t (at most max hops,
// else -1) and the number of shortest paths, parallel edges counted apart,
// by a plain breadth-first search. It checks the other peers' answers.
func (a *Adjacency) CountShortest(s, t int32, max int) (int, int64) {
	if s == t {
		return 0, 1
	}
	dist := &a.dmarks
	dist.reset()
	dist.set(s, 0)
	a.count[s] = 1
	frontier := []int32{s}
	for level := 1; level <= max && len(frontier) > 0; level++ {
		var next []int32
		for _, u := range frontier {
			a.each(u, func(m int32, _ uint8, _ bool) {
				d, ok := dist.get(m)
				if !ok {
					dist.set(m, int8(level))
					a.count[m] = 0
					next = append(next, m)
					d = int8(level)
				}
				if int(d) == level {
					a.count[m] += a.count[u]
				}
			})
		}
		if _, ok := dist.get(t); ok {
			return level, a.count[t]
		}
		frontier = next
	}
	return -1, 0
}
