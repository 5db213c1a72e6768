package index

import (
	"context"
	"sync"
)

// walkBuffers recycles the level-order node lists of NeighborIDs.
var walkBuffers = sync.Pool{New: func() any { return new([]int32) }}

// NeighborIDs returns the IDs of every entity within depth hops of id
// following edges in direction dir, with no caps, the entity itself left out,
// in breadth-first order. It walks the compressed rows of the sorted view
// with pooled marks, as unfiltered walks do, without building entities or
// relations: it measures the index itself. An entity that is not live is a
// *MissingError.
func (x *Index) NeighborIDs(ctx context.Context, id string, depth int, dir Dir) ([]string, error) {
	start, r := x.liveEntity(id)
	if r == nil {
		return nil, &MissingError{ID: id}
	}
	outRows, inRows := x.view().adjacency()
	seen := getMarks(len(x.ents))
	defer putMarks(seen)
	seen.add(start)
	// nodes holds the walk in level order; [lo, hi) is the current level
	bp := walkBuffers.Get().(*[]int32)
	nodes := append((*bp)[:0], start)
	defer func() { *bp = nodes[:0]; walkBuffers.Put(bp) }()
	visit := func(list []int32) {
		for _, m := range list {
			if !seen.has(m) {
				seen.add(m)
				nodes = append(nodes, m)
			}
		}
	}
	for level, lo, hi := 0, 0, 1; level < depth && lo < hi; level++ {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		for _, n := range nodes[lo:hi] {
			if dir != In {
				visit(outRows.row(n))
			}
			if dir != Out {
				visit(inRows.row(n))
			}
		}
		lo, hi = hi, len(nodes)
	}
	out := make([]string, len(nodes)-1)
	for i, n := range nodes[1:] {
		out[i] = x.ids[n]
	}
	return out, nil
}
