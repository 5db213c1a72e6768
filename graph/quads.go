package graph

import (
	"context"
	"sort"

	"github.com/cayleygraph/quad"

	"github.com/newsgraph/newsgraph/ontology"
)

// BatchSize is how many quads one bulk transaction carries. On bolt a
// commit rewrites most pages of cayley's per-hash node buckets and of the
// randomly keyed quad indexes whatever its size, so fewer, larger commits
// load faster. Measured with the direct writer (internal/boltkv; `go test
// ./bench -bench LoadStore`, 1.06M quads of the 100k-entity graph): 100k
// quads per commit load 76–80k quads/s, 250k 95–107k, 500k 108–123k (the
// benchmark's peak RSS, all documents held in memory, 1.50 GB at 250k and
// 1.78 GB at 500k). A transaction keeps its quads and bolt's dirty pages
// in memory until it commits; readers are not blocked meanwhile, only
// while its quads enter the index (a change that also removes quads holds
// them off for its commits too; see applyLocked).
const BatchSize = 500000

// MaxBatchSize bounds the transactions of a bulk load into a large store
// (BulkBatch).
const MaxBatchSize = 2000000

// BulkBatch is how many quads the next transaction of a bulk load
// (WriteDocuments, AddQuads) carries, so that a loader can group its
// documents to match: BatchSize while the store is small, then half the
// quads already stored, up to MaxBatchSize. Once a store is large, each
// commit rewrites about the same pages whatever its size (every one of
// cayley's 131k per-hash node buckets takes a new node), so the load rate
// follows the number of commits: at 1M entities (10.65M quads) 500k-quad
// commits load 52k quads/s, slowing from 91k to 42k by tenths over 22
// commits, and 2M-quad ones 73k, 77k to 59k over 6, for 1.5 GB more at
// the load's peak. A small store keeps small transactions and their
// memory. The rule is bolt's: elsewhere a bulk load keeps BatchSize.
func (s *Store) BulkBatch() int {
	if s.direct == nil {
		return BatchSize
	}
	s.mu.RLock()
	stored := s.idx.Counts().Quads
	s.mu.RUnlock()
	return bulkBatchFor(stored)
}

// bulkBatchFor is BulkBatch for a bolt store of stored quads.
func bulkBatchFor(stored int64) int {
	return int(min(max(stored/2, BatchSize), MaxBatchSize))
}

// EachQuad calls fn for every quad in the store, in N-Quads order (sorted
// by their N-Quads text), so that exports are deterministic.
func (s *Store) EachQuad(ctx context.Context, fn func(quad.Quad) error) error {
	s.mu.RLock()
	quads, err := s.allQuads(ctx)
	s.mu.RUnlock()
	if err != nil {
		return err
	}
	keys := make([]string, len(quads))
	for i, q := range quads {
		keys[i] = q.NQuad()
	}
	order := make([]int, len(quads))
	for i := range order {
		order[i] = i
	}
	sort.Slice(order, func(a, b int) bool { return keys[order[a]] < keys[order[b]] })
	for _, i := range order {
		if err := fn(quads[i]); err != nil {
			return err
		}
	}
	return nil
}

func (s *Store) allQuads(ctx context.Context) ([]quad.Quad, error) { return s.scanQuads(ctx) }

// AddQuads adds raw quads (an N-Quads import) in transactions of BulkBatch
// quads. Quads already stored are skipped, so importing the same file twice
// changes nothing. It returns how many quads were new.
func (s *Store) AddQuads(ctx context.Context, quads []quad.Quad) (int, error) {
	if err := s.writable(); err != nil {
		return 0, err
	}
	for _, q := range quads {
		if !q.IsValid() {
			return 0, Errorf(EINVALID, "invalid quad %s", clip(q.String()))
		}
	}
	s.wmu.Lock()
	defer s.wmu.Unlock()
	if s.direct != nil && s.pg == nil {
		return s.addNewLocked(ctx, quads)
	}
	have, err := s.storedOf(ctx, quads)
	if err != nil {
		return 0, err
	}
	var add []quad.Quad
	for _, q := range quads {
		k := q.NQuad()
		if have[k] {
			continue
		}
		have[k] = true
		add = append(add, q)
	}
	n := 0
	for start, end := 0, 0; start < len(add); start = end {
		end = min(start+s.BulkBatch(), len(add))
		c, err := s.applyLocked(ctx, add[start:end], nil)
		n += c
		if err != nil {
			return n, err
		}
	}
	return n, nil
}

// addNewLocked is AddQuads on bolt: the direct writer skips the quads
// already stored or repeated and says which it wrote, and only those enter
// the index, so nothing is read before writing (reading the stored quads
// of every label in the input first cost an import a fifth of its time).
func (s *Store) addNewLocked(ctx context.Context, quads []quad.Quad) (int, error) {
	n := 0
	for start, end := 0, 0; start < len(quads); start = end {
		if err := ctx.Err(); err != nil {
			return n, err
		}
		end = min(start+s.BulkBatch(), len(quads))
		chunk := quads[start:end]
		added, err := s.direct.AddNew(chunk)
		if err := s.directErr(err, len(chunk)); err != nil {
			return n, err
		}
		if len(added) == 0 {
			continue
		}
		s.applyAdded(added)
		s.landed(added)
		n += len(added)
	}
	return n, nil
}

// hasQuad reports whether an unlabelled quad is stored.
func (s *Store) hasQuad(ctx context.Context, q quad.Quad) bool {
	qs, err := s.quadsWith(ctx, quad.Subject, q.Subject)
	if err != nil {
		return false
	}
	k := q.NQuad()
	for _, x := range qs {
		if x.NQuad() == k {
			return true
		}
	}
	return false
}

// Snapshot returns every entity and relation, sorted by ID, for exports.
func (s *Store) Snapshot(ctx context.Context) ([]Entity, []Relation, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	t, err := s.idx.Snapshot(ctx)
	if err != nil {
		return nil, nil, err
	}
	ents, rels := fromTable(t)
	sort.Slice(rels, func(i, j int) bool { return rels[i].ID < rels[j].ID })
	return ents, rels, nil
}

// Sources lists the IDs of every document and structured source.
func (s *Store) Sources(ctx context.Context) ([]Document, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	var out []Document
	for _, src := range s.idx.Sources() {
		out = append(out, toDocument(src))
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out, nil
}

// StructuredVersion changes whenever entities from structured sources
// (STIX, N-Quads, analysts) are added or removed; callers cache
// StructuredEntities against it.
func (s *Store) StructuredVersion() uint64 {
	s.mu.RLock()
	defer s.mu.RUnlock()
	// a rebuilt index counts from zero again: the epoch tells them apart
	return s.epoch<<40 | s.idx.StructVersion()
}

// StructuredEntities returns the entities that structured sources brought
// (an ATT&CK group with its aliases), for the extractor to recognize in text.
func (s *Store) StructuredEntities(ctx context.Context) ([]Entity, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	var out []Entity
	if ents := s.idx.StructuredEntities(); len(ents) > 0 {
		out = toEntities(ents)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out, nil
}

// Canonical follows merges: the ID of the entity that id was merged into (and
// so on), or id itself.
func (s *Store) Canonical(id string) string {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.idx.Canonical(id)
}

// FindStructured returns the ID of an entity of type t from a structured
// source (an ATT&CK group, an analyst's entity) whose name or alias matches
// name, if there is exactly one best match.
func (s *Store) FindStructured(ctx context.Context, name string, t ontology.EntityType) (string, bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.idx.FindStructured(name, t)
}

// storedOf returns which of quads are stored, by their N-Quads text.
func (s *Store) storedOf(ctx context.Context, quads []quad.Quad) (map[string]bool, error) {
	have := map[string]bool{}
	labels := map[string]quad.Value{}
	for _, q := range quads {
		if q.Label == nil {
			if s.hasQuad(ctx, q) {
				have[q.NQuad()] = true
			}
			continue
		}
		labels[q.Label.String()] = q.Label
	}
	for _, l := range labels {
		stored, err := s.quadsWith(ctx, quad.Label, l)
		if err != nil {
			return nil, err
		}
		for _, q := range stored {
			have[q.NQuad()] = true
		}
	}
	return have, nil
}
