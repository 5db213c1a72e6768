package index

import (
	"context"
	"errors"
	"fmt"
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
			if f.ok(e) && f.typ(first(f.index.ents[e.other].types)) && !fn(e, true) {
				return
			}
		}
	}
	if f.dir != Out {
		for _, e := range r.in {
			if f.ok(e) && f.typ(first(f.index.ents[e.other].types)) && !fn(e, false) {
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
}

// treeEdge is the edge that reached a node of a neighborhood.
type treeEdge struct {
	from int32
	e    edge
	out  bool
}

// Neighborhood returns the entities within q.Depth hops of q.IDs and the
// relations among them. Neighbors stated by more sources are taken first,
// then by ID. A seed that is not live is a *MissingError.
func (x *Index) Neighborhood(ctx context.Context, q NeighborhoodQuery) (Subgraph, error) {
	f := x.filter(q.Filter)
	in := getMarks(len(x.ents))
	defer putMarks(in)
	var order []int32
	for _, id := range q.IDs {
		i, r := x.liveEntity(id)
		if r == nil {
			return Subgraph{}, &MissingError{ID: id}
		}
		if !in.has(i) {
			in.add(i)
			order = append(order, i)
		}
	}
	sg := Subgraph{Omitted: map[string]int{}}
	order, tree, err := x.expand(ctx, f, q, in, order, &sg)
	if err != nil {
		return Subgraph{}, err
	}
	b := x.newTable()
	b.t.Nodes = make([]Node, 0, len(order))
	b.t.Relations = make([]Relation, 0, max(q.EdgesPerNode*len(order), len(tree)))
	for _, n := range order {
		b.add(x.ents[n])
	}
	x.neighborhoodEdges(b, f, q.EdgesPerNode, in, order, tree, &sg)
	sg.Table = b.t
	if len(sg.Omitted) == 0 {
		sg.Omitted = nil
	}
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
	frontier := append([]int32(nil), order...)
	type cand struct {
		n, sources, rank int32
		e                edge // the edge that reaches n
		out              bool // from the expanded node to n
	}
	var cands []cand
	// tree holds, for each node taken, the edge that reached it: the
	// subgraph keeps these first, so it stays connected when the edge cap
	// leaves out edges between nodes already connected
	var tree []treeEdge
	for depth := 0; depth < q.Depth && len(frontier) > 0; depth++ {
		var next []int32
		for _, n := range frontier {
			if err := ctx.Err(); err != nil {
				return nil, nil, err
			}
			if useRanked {
				var left int
				order, next, tree, left = x.expandRanked(v, n, min(q.Fanout, max(0, q.Limit-len(order))), in, seen, order, next, tree)
				if left > 0 {
					sg.Omitted[x.ents[n].id] += left
					sg.Truncated = true
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
				sg.Omitted[x.ents[n].id] += left
				sg.Truncated = true
			}
		}
		frontier = next
	}
	return order, tree, nil
}

// neighborhoodEdges adds to b the edges that reached each node, then the
// other edges among the nodes, up to perNode per node taken.
func (x *Index) neighborhoodEdges(b *tableBuilder, f edgeFilter, perNode int, in *marks, order []int32, tree []treeEdge, sg *Subgraph) {
	maxEdges := max(perNode*len(order), len(tree))
	type edgeKey struct {
		s, o int32
		p    uint8
	}
	taken := make(map[edgeKey]bool, len(tree))
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
