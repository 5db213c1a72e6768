package graph

import (
	"context"
	"sync"

	cgraph "github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/quad"
)

// This file exposes what benchmarks and diagnostics need to compare the
// store with raw cayley and with plain adjacency lists. Nothing here writes.

// QuadStore returns the cayley quad store under s, so that raw cayley queries
// (the query/path API) can run on the same data. Writing through it would
// bypass the index: only read.
func (s *Store) QuadStore() cgraph.QuadStore { return s.qs }

// BatchQuads returns the quads that writing b commits, deduplicated, in the
// order the store writes them.
func BatchQuads(b *Batch) ([]quad.Quad, error) { return b.quads() }

// PredicateIRI returns the IRI of the direct edges of an ontology predicate
// (subject —predicate→ object, labelled by the source).
func PredicateIRI(p string) quad.IRI { return quad.IRI(NS + p) }

// walkBuffers recycles the level-order node lists of NeighborIDs.
var walkBuffers = sync.Pool{New: func() any { return new([]int32) }}

// NeighborIDs returns the IDs of every entity within depth hops of id
// following edges in direction dir, with no caps, the entity itself left out,
// in breadth-first order. It walks the traversal index the way Neighborhood
// does (pooled marks; the compressed rows of the sorted view, as unfiltered
// walks use), without building entities or relations: it measures the index
// itself.
func (s *Store) NeighborIDs(ctx context.Context, id string, depth int, dir Direction) ([]string, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	x := s.idx
	start, r := x.entity(id, false)
	if r == nil || !r.live() {
		return nil, Errorf(ENOTFOUND, "no entity %q", clip(id))
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
