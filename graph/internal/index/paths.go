package index

import (
	"context"
	"sort"
)

// PathQuery asks for up to First shortest paths of at most MaxDepth hops
// from From to To; the caller checks the bounds.
type PathQuery struct {
	From, To        string
	MaxDepth, First int
	Filter
}

// Paths returns up to q.First shortest paths from q.From to q.To, shortest
// first, each as a table whose nodes are its entities in order and whose
// relations are its hops in order. It finds the distance with a
// bidirectional breadth-first search, then enumerates the simple paths of
// that length, and of one more hop if fewer than q.First were found, in a
// bounded search. Paths of one length are ordered by the IDs along them. An
// end that is not live is a *MissingError; a search that would visit more
// than MaxVisited entities is ErrTooLarge.
func (x *Index) Paths(ctx context.Context, q PathQuery) ([]Table, error) {
	src, sr := x.liveEntity(q.From)
	if sr == nil {
		return nil, &MissingError{ID: q.From}
	}
	dst, dr := x.liveEntity(q.To)
	if dr == nil {
		return nil, &MissingError{ID: q.To}
	}
	if src == dst {
		return []Table{{Nodes: []Node{{sr}}}}, nil
	}
	f := x.filter(q.Filter)
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
	out := make([]Table, 0, len(paths))
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

func (x *Index) toPath(src int32, steps []step) Table {
	b := x.newTable()
	b.t.Nodes = make([]Node, 0, len(steps)+1)
	b.add(x.ents[src])
	prev := src
	for _, st := range steps {
		if st.out {
			b.relation(x.ents[prev], st.e)
		} else {
			b.relation(x.ents[st.to], edge{other: prev, pred: st.e.pred, labels: st.e.labels})
		}
		prev = st.to
	}
	return b.t
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
		if visited > MaxVisited {
			return -1, ErrTooLarge
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
			if visited > MaxVisited {
				putMarks(dist)
				return nil, ErrTooLarge
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
