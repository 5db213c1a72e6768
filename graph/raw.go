package graph

import (
	"context"
	"errors"
	"fmt"

	cgraph "github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/cayley/graph/kv"
	"github.com/cayleygraph/cayley/graph/refs"
	"github.com/cayleygraph/quad"
	hkv "github.com/hidal-go/hidalgo/kv"

	"github.com/newsgraph/newsgraph/graph/internal/index"
)

// This file is what benchmarks and diagnostics (`newsgraph bench`, bench/)
// need below the Store's API: raw cayley queries on the same data, and
// walks of the index that build no entities. Nothing here writes.

// Diagnostics is read-only access below the Store's API for benchmarks and
// diagnostics. Get it with Store.Diagnostics.
type Diagnostics struct{ s *Store }

// Diagnostics returns the read-only diagnostics access to s.
func (s *Store) Diagnostics() Diagnostics { return Diagnostics{s: s} }

// errReadOnlyView is the error of a write through Diagnostics.QuadStore.
var errReadOnlyView = &Error{Code: EREADONLY, Message: "the diagnostics view of the quad store is read-only: write through the store",
	Err: errors.New("write through a read-only cayley view")}

// QuadStore returns a read-only view of the cayley quad store under the
// store, so that raw cayley queries (the query/path API) run on the same
// data. Writing through cayley would bypass the index: every write through
// the view (ApplyDeltas, a quad writer's flush) fails with EREADONLY, and
// closing the view leaves the store open.
//
// On bolt the view is cayley's own kv quad store over the store's file
// through a layer that refuses read-write transactions, so that queries
// are planned and run exactly as on the store's cayley. It caches node IDs
// like any cayley kv store: take a new view after the store changed. On
// other backends it is a wrapper whose writers refuse; queries through it
// run without the backend's own query planner.
func (d Diagnostics) QuadStore() (cgraph.QuadStore, error) {
	if d.s.bolt == nil {
		return readOnlyQuads{d.s.qs}, nil
	}
	qs, err := kv.New(readOnlyKV{d.s.bolt}, cgraph.Options{kv.OptNoBloom: true})
	if err != nil {
		return nil, fmt.Errorf("graph: read-only cayley view: %w", err)
	}
	return qs, nil
}

// readOnlyKV is a hidalgo key-value store that refuses read-write
// transactions, and whose Close leaves the underlying store open.
type readOnlyKV struct{ hkv.KV }

// Tx opens a read-only transaction; a read-write one is refused.
func (r readOnlyKV) Tx(ctx context.Context, rw bool) (hkv.Tx, error) {
	if rw {
		return nil, errReadOnlyView
	}
	return r.KV.Tx(ctx, false)
}

// Update refuses.
func (readOnlyKV) Update(context.Context, func(hkv.Tx) error) error { return errReadOnlyView }

// Close does nothing: the store closes its file.
func (readOnlyKV) Close() error { return nil }

// readOnlyQuads is a cayley quad store whose writers refuse. It forwards
// batch lookups (refs.BatchNamer), but not the backend's query planner,
// whose plans may only run on the backend's own type.
type readOnlyQuads struct{ cgraph.QuadStore }

// ApplyDeltas refuses.
func (readOnlyQuads) ApplyDeltas([]cgraph.Delta, cgraph.IgnoreOpts) error { return errReadOnlyView }

// NewQuadWriter refuses.
func (readOnlyQuads) NewQuadWriter() (quad.WriteCloser, error) { return nil, errReadOnlyView }

// Close does nothing: the view does not own the quad store.
func (readOnlyQuads) Close() error { return nil }

// ValuesOf resolves refs in one batch where the backend can.
func (r readOnlyQuads) ValuesOf(ctx context.Context, vals []cgraph.Ref) ([]quad.Value, error) {
	return refs.ValuesOf(ctx, r.QuadStore, vals)
}

// RefsOf resolves values in one batch where the backend can.
func (r readOnlyQuads) RefsOf(ctx context.Context, nodes []quad.Value) ([]cgraph.Ref, error) {
	return refs.RefsOf(ctx, r.QuadStore, nodes)
}

// Quads returns the quads that writing b commits, deduplicated, in the
// order the store writes them.
func (b *Batch) Quads() ([]quad.Quad, error) { return b.quads() }

// NeighborIDs returns the IDs of every entity within depth hops of id
// following edges in direction dir, with no caps, the entity itself left out,
// in breadth-first order. It walks the traversal index the way Neighborhood
// does (pooled marks; the compressed rows of the sorted view, as unfiltered
// walks use), without building entities or relations: it measures the index
// itself.
func (d Diagnostics) NeighborIDs(ctx context.Context, id string, depth int, dir Direction) ([]string, error) {
	s := d.s
	s.mu.RLock()
	defer s.mu.RUnlock()
	ids, err := s.idx.NeighborIDs(ctx, id, depth, index.Dir(dir))
	return ids, engineErr(err)
}
