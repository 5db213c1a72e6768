package graph

import (
	"context"

	cgraph "github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/quad"

	"github.com/newsgraph/newsgraph/graph/internal/index"
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

// NeighborIDs returns the IDs of every entity within depth hops of id
// following edges in direction dir, with no caps, the entity itself left out,
// in breadth-first order. It walks the traversal index the way Neighborhood
// does (pooled marks; the compressed rows of the sorted view, as unfiltered
// walks use), without building entities or relations: it measures the index
// itself.
func (s *Store) NeighborIDs(ctx context.Context, id string, depth int, dir Direction) ([]string, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	ids, err := s.idx.NeighborIDs(ctx, id, depth, index.Dir(dir))
	return ids, engineErr(err)
}
