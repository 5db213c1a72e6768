package graph

import (
	"context"
	"slices"
	"sort"
	"time"

	"github.com/newsgraph/newsgraph/ontology"
)

// Traversal bounds. Every traversal is capped; callers may ask for less.
const (
	MaxDepth         = 3       // neighborhood depth
	MaxPathDepth     = 6       // path length in hops
	MaxNodes         = 2000    // neighborhood size
	MaxPaths         = 20      // paths per request
	DefaultFanout    = 50      // neighbors taken per expanded node
	EdgesPerNode     = 2       // a neighborhood's edges per node (the edges that reached the nodes come first)
	MaxFanout        = 1000    // largest fan-out a caller may ask for
	maxVisited       = 2000000 // nodes a path search may visit before it is refused
	maxPathExpansion = 200000  // DFS steps spent on paths longer than the shortest
)

// TraversalFilter restricts which edges a traversal follows.
type TraversalFilter struct {
	Predicates []ontology.Predicate
	// Types keeps only neighbors of these types (seeds are always kept).
	Types []ontology.EntityType
	// From and To keep edges stated by at least one source published in the
	// range (zero bounds are open). Sources without a date pass.
	From, To  time.Time
	Direction Direction
	// MinConfidence drops relations whose best claim is less confident. It
	// is applied to the relations found (claims are read from the store), so
	// it narrows a result rather than steering the walk.
	MinConfidence float64
}

// NeighborhoodQuery asks for the entities within Depth hops of IDs.
type NeighborhoodQuery struct {
	IDs    []string
	Depth  int
	Limit  int // total nodes, seeds included
	Fanout int // neighbors taken per expanded node
	TraversalFilter
}

type edgeFilter struct {
	pred  func(uint8) bool
	typ   func(string) bool
	all   bool // no predicate, type or date filter: every edge passes
	from  time.Time
	to    time.Time
	dir   Direction
	index *index
}

func (x *index) filter(f TraversalFilter) edgeFilter {
	ef := edgeFilter{from: f.From, to: f.To, dir: f.Direction, index: x,
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

// Neighborhood returns the entities within q.Depth hops of q.IDs (both
// directions unless filtered) and the relations among them, capped by
// q.Limit nodes in all and q.Fanout neighbors per expanded node. Neighbors
// stated by more sources are taken first.
func (s *Store) Neighborhood(ctx context.Context, q NeighborhoodQuery) (Subgraph, error) {
	switch {
	case len(q.IDs) == 0:
		return Subgraph{}, Errorf(EINVALID, "neighborhood needs at least one entity ID")
	case len(q.IDs) > 100:
		return Subgraph{}, Errorf(EINVALID, "neighborhood takes at most 100 entity IDs")
	case q.Depth < 0 || q.Depth > MaxDepth:
		return Subgraph{}, Errorf(EINVALID, "depth must be between 0 and %d", MaxDepth)
	case q.Limit < 0 || q.Limit > MaxNodes:
		return Subgraph{}, Errorf(EINVALID, "limit must be between 1 and %d", MaxNodes)
	case q.Fanout < 0 || q.Fanout > MaxFanout:
		return Subgraph{}, Errorf(EINVALID, "fanout must be between 1 and %d", MaxFanout)
	case q.MinConfidence < 0 || q.MinConfidence > 1:
		return Subgraph{}, Errorf(EINVALID, "minConfidence must be between 0 and 1")
	}
	if q.Limit == 0 {
		q.Limit = 200
	}
	if q.Fanout == 0 {
		q.Fanout = DefaultFanout
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	x := s.idx
	f := x.filter(q.TraversalFilter)

	rank := x.view().rank
	in, seen := getMarks(len(x.ents)), getMarks(len(x.ents))
	defer putMarks(in)
	defer putMarks(seen)
	var order []int32
	for _, id := range q.IDs {
		i, r := x.entity(id, false)
		if r == nil || !r.live() {
			return Subgraph{}, Errorf(ENOTFOUND, "no entity %q", clip(id))
		}
		if !in.has(i) {
			in.add(i)
			order = append(order, i)
		}
	}
	sg := Subgraph{Omitted: map[string]int{}}
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
	type treeEdge struct {
		from int32
		e    edge
		out  bool
	}
	var tree []treeEdge
	for depth := 0; depth < q.Depth && len(frontier) > 0; depth++ {
		var next []int32
		for _, n := range frontier {
			if err := ctx.Err(); err != nil {
				return Subgraph{}, err
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
			// neighbors stated by more sources first, then by ID
			slices.SortFunc(cands, func(a, b cand) int {
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
	sg.Nodes = make([]Entity, len(order))
	ents := x.entities()
	for i, n := range order {
		sg.Nodes[i] = x.toEntity(x.ents[n])
		ents.put(x.ents[n], &sg.Nodes[i])
	}
	// the edges that reached each node, then the other edges among the
	// nodes, up to EdgesPerNode per node taken
	maxEdges := max(EdgesPerNode*len(order), len(tree))
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
		sg.Edges = append(sg.Edges, ents.relation(x.ents[subj], e))
	}
other:
	for _, n := range order {
		r := x.ents[n]
		for _, e := range r.out {
			if !in.has(e.other) || !f.ok(e) || taken[edgeKey{n, e.other, e.pred}] {
				continue
			}
			if len(sg.Edges) >= maxEdges {
				sg.Truncated = true
				break other
			}
			sg.Edges = append(sg.Edges, ents.relation(r, e))
		}
	}
	if len(sg.Omitted) == 0 {
		sg.Omitted = nil
	}
	if q.MinConfidence > 0 {
		if err := s.dropUnconfident(ctx, &sg, q.IDs, q.MinConfidence); err != nil {
			return Subgraph{}, err
		}
	}
	return sg, nil
}

// dropUnconfident removes the edges whose best claim is below min, then the
// nodes (other than the seeds) left without edges. The caller holds s.mu.
func (s *Store) dropUnconfident(ctx context.Context, sg *Subgraph, seeds []string, min float64) error {
	ids := make([]string, len(sg.Edges))
	for i, e := range sg.Edges {
		ids[i] = e.ID
	}
	claims, err := s.claimsLocked(ctx, ids)
	if err != nil {
		return err
	}
	keep := map[string]bool{}
	for _, id := range seeds {
		keep[id] = true
	}
	// new slices: the edges point into sg.Nodes, which must not move
	var edges []Relation
	for _, e := range sg.Edges {
		best := 0.0
		for _, c := range claims[e.ID] {
			best = max(best, c.Confidence)
		}
		if best >= min {
			e.Confidence = best
			edges = append(edges, e)
			keep[e.Subject], keep[e.Object] = true, true
		}
	}
	sg.Edges = edges
	var nodes []Entity
	for _, n := range sg.Nodes {
		if keep[n.ID] {
			nodes = append(nodes, n)
		}
	}
	sg.Nodes = nodes
	return nil
}

// PathQuery asks for the shortest paths between two entities.
type PathQuery struct {
	From, To string
	MaxDepth int // hops, at most MaxPathDepth
	First    int // number of paths, at most MaxPaths
	TraversalFilter
}

// Paths returns up to q.First shortest paths (edges followed in either
// direction unless filtered) from q.From to q.To, shortest first. It finds
// the distance with a bidirectional breadth-first search, then enumerates the
// simple paths of that length, and of one more hop if fewer than q.First
// were found, in a bounded search. Paths are ordered by length, then by the
// IDs along them.
func (s *Store) Paths(ctx context.Context, q PathQuery) ([]Path, error) {
	switch {
	case q.MaxDepth < 0 || q.MaxDepth > MaxPathDepth:
		return nil, Errorf(EINVALID, "maxDepth must be between 1 and %d", MaxPathDepth)
	case q.First < 0 || q.First > MaxPaths:
		return nil, Errorf(EINVALID, "first must be between 1 and %d", MaxPaths)
	}
	if q.MaxDepth == 0 {
		q.MaxDepth = 4
	}
	if q.First == 0 {
		q.First = 3
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	x := s.idx
	src, sr := x.entity(q.From, false)
	dst, dr := x.entity(q.To, false)
	if sr == nil || !sr.live() {
		return nil, Errorf(ENOTFOUND, "no entity %q", clip(q.From))
	}
	if dr == nil || !dr.live() {
		return nil, Errorf(ENOTFOUND, "no entity %q", clip(q.To))
	}
	if src == dst {
		return []Path{{Nodes: []Entity{x.toEntity(sr)}}}, nil
	}
	f := x.filter(q.TraversalFilter)
	d, err := f.distance(ctx, src, dst, q.MaxDepth)
	if err != nil || d < 0 {
		return nil, err
	}
	// distances to dst, for pruning the enumeration
	maxLen := min(d+1, q.MaxDepth)
	toDst, err := f.reverseBall(ctx, dst, maxLen-1)
	if err != nil {
		return nil, err
	}
	defer putMarks(toDst)
	var paths [][]step
	steps := 0
	for length := d; length <= maxLen && len(paths) < q.First; length++ {
		found := f.enumerate(ctx, src, dst, length, toDst, q.First-len(paths), &steps)
		paths = append(paths, found...)
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	out := make([]Path, 0, len(paths))
	for _, p := range paths {
		out = append(out, x.toPath(src, p))
	}
	return out, nil
}

// step is one hop of a path: the edge taken from the previous node.
type step struct {
	to  int32
	e   edge
	out bool // the previous node is the subject
}

func (x *index) toPath(src int32, steps []step) Path {
	ents := x.entities()
	p := Path{Nodes: []Entity{*ents.get(x.ents[src])}}
	prev := src
	for _, st := range steps {
		if st.out {
			p.Edges = append(p.Edges, ents.relation(x.ents[prev], st.e))
		} else {
			p.Edges = append(p.Edges, ents.relation(x.ents[st.to], edge{other: prev, pred: st.e.pred, labels: st.e.labels}))
		}
		p.Nodes = append(p.Nodes, *ents.get(x.ents[st.to]))
		prev = st.to
	}
	return p
}

// reverse returns the filter for walking edges backwards (from the target).
func (f edgeFilter) reverse() edgeFilter {
	switch f.dir {
	case Out:
		f.dir = In
	case In:
		f.dir = Out
	}
	return f
}

// errTooLarge refuses a path search that would visit too much of the graph;
// giving up silently would answer "no path" where one exists.
var errTooLarge = Errorf(EINVALID, "the path search visits more than %d entities: lower maxDepth or filter by predicate", maxVisited)

// distance returns the length of the shortest path from a to b of at most
// max hops, or -1, by a bidirectional breadth-first search that always
// expands the smaller frontier.
func (f edgeFilter) distance(ctx context.Context, a, b int32, max int) (int, error) {
	n := len(f.index.ents)
	da, db := getMarks(n), getMarks(n)
	defer putMarks(da)
	defer putMarks(db)
	da.set(a, 0)
	db.set(b, 0)
	fa, fb := []int32{a}, []int32{b}
	la, lb := 0, 0
	visited := 2
	rev := f.reverse()
	for la+lb < max && len(fa) > 0 && len(fb) > 0 {
		if err := ctx.Err(); err != nil {
			return -1, err
		}
		if visited > maxVisited {
			return -1, errTooLarge
		}
		expandA := len(fa) <= len(fb)
		var next []int32
		best := -1
		mine, other, level, walk := da, db, &la, f
		if !expandA {
			mine, other, level, walk = db, da, &lb, rev
		}
		*level++
		for _, x := range frontierOf(expandA, fa, fb) {
			walk.neighbors(x, func(e edge, _ bool) bool {
				if _, ok := mine.get(e.other); !ok {
					mine.set(e.other, uint8(*level))
					next = append(next, e.other)
					visited++
				}
				if k, ok := other.get(e.other); ok && (best < 0 || *level+int(k) < best) {
					best = *level + int(k)
				}
				return true
			})
		}
		if expandA {
			fa = next
		} else {
			fb = next
		}
		if best >= 0 && best <= max {
			return best, nil
		}
	}
	return -1, nil
}

func frontierOf(a bool, fa, fb []int32) []int32 {
	if a {
		return fa
	}
	return fb
}

// reverseBall marks the distance to b of every node within r hops of b,
// following edges backwards. The caller puts the marks back.
func (f edgeFilter) reverseBall(ctx context.Context, b int32, r int) (*marks, error) {
	dist := getMarks(len(f.index.ents))
	dist.set(b, 0)
	frontier := []int32{b}
	visited := 1
	rev := f.reverse()
	for level := 1; level <= r && len(frontier) > 0; level++ {
		if err := ctx.Err(); err != nil {
			putMarks(dist)
			return nil, err
		}
		var next []int32
		for _, n := range frontier {
			rev.neighbors(n, func(e edge, _ bool) bool {
				if _, ok := dist.get(e.other); !ok {
					dist.set(e.other, uint8(level))
					next = append(next, e.other)
					visited++
				}
				return true
			})
			if visited > maxVisited {
				putMarks(dist)
				return nil, errTooLarge
			}
		}
		frontier = next
	}
	return dist, nil
}

// enumerate finds up to want simple paths of exactly length hops from a to
// b, pruning with the distances to b. Parallel edges (different predicates)
// between the same nodes give different paths.
func (f edgeFilter) enumerate(ctx context.Context, a, b int32, length int, toB *marks, want int, steps *int) [][]step {
	var out [][]step
	path := make([]step, 0, length)
	onPath := map[int32]bool{a: true}
	var walk func(n int32)
	walk = func(n int32) {
		if len(out) >= want || *steps > maxPathExpansion {
			return
		}
		*steps++
		if *steps%1024 == 0 && ctx.Err() != nil {
			*steps = maxPathExpansion + 1
			return
		}
		left := length - len(path)
		if n == b {
			if left == 0 {
				out = append(out, append([]step(nil), path...))
			}
			return
		}
		if left == 0 {
			return
		}
		var cands []step
		f.neighbors(n, func(e edge, isOut bool) bool {
			if onPath[e.other] {
				return true
			}
			if d, ok := toB.get(e.other); !ok || int(d) > left-1 {
				return true
			}
			cands = append(cands, step{to: e.other, e: e, out: isOut})
			return true
		})
		sort.Slice(cands, func(i, j int) bool {
			ci, cj := f.index.ents[cands[i].to].id, f.index.ents[cands[j].to].id
			if ci != cj {
				return ci < cj
			}
			if cands[i].e.pred != cands[j].e.pred {
				return cands[i].e.pred < cands[j].e.pred
			}
			return cands[i].out && !cands[j].out
		})
		for _, c := range cands {
			onPath[c.to] = true
			path = append(path, c)
			walk(c.to)
			path = path[:len(path)-1]
			delete(onPath, c.to)
			if len(out) >= want {
				return
			}
		}
	}
	walk(a)
	return out
}
