package index

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/newsgraph/newsgraph/ontology"
)

// Bounds of the path search.
const (
	// MaxVisited is how many nodes a path search may visit before it is
	// refused (ErrTooLarge).
	MaxVisited       = 2000000
	maxPathExpansion = 200000 // DFS steps spent on paths longer than the shortest
)

// Filter restricts which edges a traversal follows.
type Filter struct {
	Predicates []ontology.Predicate
	// Types keeps only neighbors of these types (seeds are always kept).
	Types []ontology.EntityType
	// From and To keep edges stated by at least one source published in the
	// range (zero bounds are open). Sources without a date pass.
	From, To time.Time
	Dir      Dir
}

// MissingError reports an entity a traversal starts from or goes to that
// the index does not have (or that has no facts left).
type MissingError struct {
	ID string
}

// Error says which entity is missing.
func (e *MissingError) Error() string { return fmt.Sprintf("index: no entity %q", e.ID) }

// ErrTooLarge refuses a path search that would visit more than MaxVisited
// entities; giving up silently would answer "no path" where one exists.
var ErrTooLarge = errors.New("index: the path search visits too many entities")

type edgeFilter struct {
	pred  func(uint8) bool
	typ   func(string) bool
	all   bool // no predicate, type or date filter: every edge passes
	from  time.Time
	to    time.Time
	dir   Dir
	index *Index
}

func (x *Index) filter(f Filter) edgeFilter {
	ef := edgeFilter{from: f.From, to: f.To, dir: f.Dir, index: x,
		all: len(f.Predicates) == 0 && len(f.Types) == 0 && f.From.IsZero() && f.To.IsZero()}
	if !ef.all {
		ef.pred, ef.typ = predicateSet(f.Predicates), typeSet(f.Types)
	}
	return ef
}
func (f edgeFilter) ok(e edge) bool {
	if f.all {
		return true
	}
	if !f.pred(e.pred) {
		return false
	}
	if f.from.IsZero() && f.to.IsZero() {
		return true
	}
	for _, l := range e.labels {
		d := f.index.srcs[l].date
		if d.IsZero() || ((f.from.IsZero() || !d.Before(f.from)) && (f.to.IsZero() || !d.After(f.to))) {
			return true
		}
	}
	return false
}

// neighbors calls fn for each edge of n that passes the filter; out tells
// the edge's direction. It stops when fn returns false.
func (f edgeFilter) neighbors(n int32, fn func(e edge, out bool) bool) {
	r := f.index.ents[n]
	if f.all {
		if f.dir != In {
			for _, e := range r.out {
				if !fn(e, true) {
					return
				}
			}
		}
		if f.dir != Out {
			for _, e := range r.in {
				if !fn(e, false) {
					return
				}
			}
		}
		return
	}
	if f.dir != In {
		for _, e := range r.out {
			if f.ok(e) && f.typ(first(f.index.ents[e.other].types())) && !fn(e, true) {
				return
			}
		}
	}
	if f.dir != Out {
		for _, e := range r.in {
			if f.ok(e) && f.typ(first(f.index.ents[e.other].types())) && !fn(e, false) {
				return
			}
		}
	}
}

// NeighborhoodQuery asks for the entities within Depth hops of IDs, at most
// Limit in all and Fanout per expanded node; the caller checks the bounds.
type NeighborhoodQuery struct {
	IDs                  []string
	Depth, Limit, Fanout int
	// EdgesPerNode bounds the subgraph's edges: at most EdgesPerNode per
	// node taken (the edges that reached the nodes always stay).
	EdgesPerNode int
	Filter
	// gather makes the walk gather and select every node's candidates
	// even where ranked rows would do (for tests that compare the two)
	gather bool
}

// Subgraph is a bounded part of the graph around some entities: the
// nodes taken are Nodes, in the order they were taken.
type Subgraph struct {
	Table
	// Truncated is true when caps left out nodes or edges.
	Truncated bool
	// Omitted counts what the caps left out, per entity ID that had more
	// neighbors than were taken.
	Omitted map[string]int
	// scratch is the walk's memory, Table's slices included (see Release).
	scratch *walkScratch
}

// omit counts n neighbors of an entity left out.
func (sg *Subgraph) omit(id string, n int) {
	if sg.Omitted == nil {
		sg.Omitted = map[string]int{}
	}
	sg.Omitted[id] += n
	sg.Truncated = true
}

// Release hands the subgraph's memory back for the next walk; its Table
// must not be read after. A subgraph not released is garbage as usual.
func (sg *Subgraph) Release() {
	if sg.scratch != nil {
		sg.scratch.put()
	}
	sg.scratch, sg.Table = nil, Table{}
}

// treeEdge is the edge that reached a node of a neighborhood.
type treeEdge struct {
	from int32
	e    edge
	out  bool
}

// edgeKey names a relation within a walk.
type edgeKey struct {
	s, o int32
	p    uint8
}

// walkScratch is a neighborhood walk's memory, reused through walkPool: a
// 2-hop answer's table, tree and lookups are as large as the answer, and
// garbage made per request is paid for again by the collector (every
// cycle marks the whole index).
type walkScratch struct {
	order, frontier, next []int32
	tree                  []treeEdge
	nodes                 []Node
	rels                  []Relation
	pos                   map[*entRec]int32
	taken                 map[edgeKey]bool
}

var walkPool = sync.Pool{New: func() any {
	return &walkScratch{pos: map[*entRec]int32{}, taken: map[edgeKey]bool{}}
}}

// walkKeep is the largest walk whose memory is kept for the next one.
const walkKeep = 4096

func getWalk() *walkScratch { return walkPool.Get().(*walkScratch) }

// put empties w and returns it to the pool, unless it grew past walkKeep.
func (w *walkScratch) put() {
	if cap(w.nodes) > walkKeep || cap(w.rels) > 2*walkKeep || cap(w.tree) > walkKeep {
		return
	}
	clear(w.pos)
	clear(w.taken)
	clear(w.nodes[:cap(w.nodes)]) // no entity records kept alive by the pool
	w.order, w.frontier, w.next = w.order[:0], w.frontier[:0], w.next[:0]
	w.tree, w.nodes, w.rels = w.tree[:0], w.nodes[:0], w.rels[:0]
	walkPool.Put(w)
}

// Neighborhood returns the entities within q.Depth hops of q.IDs and the
// relations among them. Neighbors stated by more sources are taken first,
// then by ID. A seed that is not live is a *MissingError. The caller may
// Release the answer once it has read it.
func (x *Index) Neighborhood(ctx context.Context, q NeighborhoodQuery) (Subgraph, error) {
	f := x.filter(q.Filter)
	in := getMarks(len(x.ents))
	defer putMarks(in)
	w := getWalk()
	order := w.order
	for _, id := range q.IDs {
		i, r := x.liveEntity(id)
		if r == nil {
			w.put()
			return Subgraph{}, &MissingError{ID: id}
		}
		if !in.has(i) {
			in.add(i)
			order = append(order, i)
		}
	}
	sg := Subgraph{scratch: w}
	order, tree, err := x.expand(ctx, f, q, in, order, &sg)
	w.order, w.tree = order, tree
	if err != nil {
		w.put()
		return Subgraph{}, err
	}
	b := &tableBuilder{x: x, t: Table{x: x}, pos: w.pos}
	b.t.Nodes = slices.Grow(w.nodes, len(order))
	b.t.Relations = slices.Grow(w.rels, max(q.EdgesPerNode*len(order), len(tree)))
	for _, n := range order {
		b.add(x.ents[n])
	}
	x.neighborhoodEdges(b, f, q.EdgesPerNode, in, order, tree, &sg)
	sg.Table = b.t
	w.nodes, w.rels = b.t.Nodes, b.t.Relations
	return sg, nil
}

// expand walks q.Depth levels from the seeds in order (marked in in),
// taking at most q.Fanout neighbors per node and q.Limit nodes in all. It
// returns the nodes taken and, for each node past the seeds, the edge that
// reached it.
func (x *Index) expand(ctx context.Context, f edgeFilter, q NeighborhoodQuery, in *marks, order []int32, sg *Subgraph) ([]int32, []treeEdge, error) {
	v := x.view()
	rank := v.rank
	// an unfiltered walk in both directions reads ranked rows
	useRanked := f.all && f.dir == Both && !q.gather
	seen := getMarks(len(x.ents))
	defer putMarks(seen)
	w := sg.scratch
	frontier := append(w.frontier, order...)
	type cand struct {
		n, sources, rank int32
		e                edge // the edge that reaches n
		out              bool // from the expanded node to n
	}
	var cands []cand
	// tree holds, for each node taken, the edge that reached it: the
	// subgraph keeps these first, so it stays connected when the edge cap
	// leaves out edges between nodes already connected
	tree := w.tree
	next := w.next
	for depth := 0; depth < q.Depth && len(frontier) > 0; depth++ {
		next = next[:0]
		for _, n := range frontier {
			if err := ctx.Err(); err != nil {
				return nil, nil, err
			}
			if useRanked {
				var left int
				order, next, tree, left = x.expandRanked(v, n, min(q.Fanout, max(0, q.Limit-len(order))), in, seen, order, next, tree)
				if left > 0 {
					sg.omit(x.ents[n].id, left)
				}
				continue
			}
			// sized once for the node's degree, not grown by doubling
			if r := x.ents[n]; cap(cands) < len(r.out)+len(r.in) {
				cands = make([]cand, 0, len(r.out)+len(r.in))
			}
			cands = cands[:0]
			seen.clear()
			f.neighbors(n, func(e edge, out bool) bool {
				if !in.has(e.other) && !seen.has(e.other) {
					seen.add(e.other)
					cands = append(cands, cand{e.other, int32(len(e.labels)), rank[e.other], e, out})
				}
				return true
			})
			// neighbors stated by more sources first, then by ID; only
			// as many as can be taken need their order
			topK(cands, min(q.Fanout, max(0, q.Limit-len(order))), func(a, b cand) int {
				if a.sources != b.sources {
					return int(b.sources - a.sources)
				}
				return int(a.rank - b.rank)
			})
			taken := 0
			for _, c := range cands {
				if taken >= q.Fanout || len(order) >= q.Limit {
					break
				}
				in.add(c.n)
				order = append(order, c.n)
				next = append(next, c.n)
				tree = append(tree, treeEdge{n, c.e, c.out})
				taken++
			}
			if left := len(cands) - taken; left > 0 {
				sg.omit(x.ents[n].id, left)
			}
		}
		frontier, next = next, frontier
	}
	w.frontier, w.next = frontier[:0], next[:0]
	return order, tree, nil
}

// neighborhoodEdges adds to b the edges that reached each node, then the
// other edges among the nodes, up to perNode per node taken.
func (x *Index) neighborhoodEdges(b *tableBuilder, f edgeFilter, perNode int, in *marks, order []int32, tree []treeEdge, sg *Subgraph) {
	maxEdges := max(perNode*len(order), len(tree))
	taken := sg.scratch.taken
	for _, t := range tree {
		subj, e := t.from, t.e
		if !t.out {
			subj, e = t.e.other, edge{other: t.from, pred: t.e.pred, labels: t.e.labels}
		}
		taken[edgeKey{subj, e.other, e.pred}] = true
		b.relation(x.ents[subj], e)
	}
	for _, n := range order {
		r := x.ents[n]
		for _, e := range r.out {
			if !in.has(e.other) || !f.ok(e) || taken[edgeKey{n, e.other, e.pred}] {
				continue
			}
			if len(b.t.Relations) >= maxEdges {
				sg.Truncated = true
				return
			}
			b.relation(r, e)
		}
	}
}
