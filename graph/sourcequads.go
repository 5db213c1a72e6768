package graph

import (
	"context"
	"hash/maphash"
	"sort"
	"strings"

	"github.com/cayleygraph/quad"
)

// This file holds the store-level helpers that structured importers (STIX)
// need besides ReplaceSource: raw bookkeeping quads written in the same diff
// as a batch, quad lookups, and pruning parts of a source when a newer
// version of them arrives in another source.

// QuadsWith returns every stored quad that has v in direction d (the
// subject, predicate, object or label).
func (s *Store) QuadsWith(ctx context.Context, d quad.Direction, v quad.Value) ([]quad.Quad, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.quadsWith(ctx, d, v)
}

// SourceQuads returns the quads labelled with a document or structured
// source, sorted by their N-Quads text.
func (s *Store) SourceQuads(ctx context.Context, id string) ([]quad.Quad, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	qs, err := s.quadsWith(ctx, quad.Label, sourceLabel(id))
	if err != nil {
		return nil, err
	}
	sortQuads(qs)
	return qs, nil
}

// ReplaceSourceWith is ReplaceSource with extra raw quads stored under the
// same label in the same diff: an importer's bookkeeping (which STIX object
// version a bundle brought). Each extra quad is relabelled with the batch's
// source; invalid ones are refused. Like ReplaceSource, a source larger than
// BatchSize quads is written in several transactions, additions first (a
// crash half-way leaves old and new side by side, never a loss).
func (s *Store) ReplaceSourceWith(ctx context.Context, b *Batch, extra []quad.Quad) (WriteResult, error) {
	if err := s.writable(); err != nil {
		return WriteResult{}, err
	}
	label, id, err := b.label()
	if err != nil {
		return WriteResult{}, err
	}
	quads, err := b.quads()
	if err != nil {
		return WriteResult{}, err
	}
	// Quads are compared by a 128-bit hash of their N-Quads text: a large
	// bundle's two quad sets then cost 16 bytes a quad in the maps.
	kf := newQuadKeyer()
	keys := make([]quadKey, 0, len(quads)+len(extra))
	seen := make(map[quadKey]bool, len(quads)+len(extra))
	for _, q := range quads {
		k := kf.key(q)
		keys = append(keys, k)
		seen[k] = true
	}
	for _, q := range extra {
		q.Label = label
		if !q.IsValid() {
			return WriteResult{}, Errorf(EINVALID, "invalid quad %s", clip(q.String()))
		}
		if k := kf.key(q); !seen[k] {
			seen[k] = true
			keys = append(keys, k)
			quads = append(quads, q)
		}
	}
	s.wmu.Lock()
	defer s.wmu.Unlock()
	// the stored quads are streamed: only those to delete are kept
	have := make(map[quadKey]bool, len(quads))
	var del []quad.Quad
	err = s.eachQuadWith(ctx, quad.Label, label, func(q quad.Quad) {
		k := kf.key(q)
		have[k] = true
		if !seen[k] {
			del = append(del, q)
		}
	})
	if err != nil {
		return WriteResult{}, err
	}
	var add []quad.Quad
	for i, q := range quads {
		if !have[keys[i]] {
			add = append(add, q)
		}
	}
	res := WriteResult{ID: id, Created: len(have) == 0}
	res.Added, res.Removed, err = s.applyChunked(ctx, add, del)
	return res, err
}

// Prune names parts of one source to take out of it.
type Prune struct {
	// Nodes: every quad of the source whose subject is one of these goes.
	Nodes []quad.Value
	// Claims (IDs) go with their claim nodes; the direct edge of a claim
	// goes too unless another claim of the source still states it.
	Claims []string
	// Entities (IDs) lose their attributes in the source (names, aliases,
	// description, roles, references). While a remaining claim or mention of
	// the source still names the entity, its type and names stay, as a batch
	// naming it would write them.
	Entities []string
}

// PruneSource removes the parts p names from the quads labelled with the
// source id: what an importer does when a newer version of an object that
// this source brought arrives in another source. It reports how many quads
// went. Pruning what is not there is not an error.
func (s *Store) PruneSource(ctx context.Context, id string, p Prune) (int, error) {
	if err := s.writable(); err != nil {
		return 0, err
	}
	label := sourceLabel(id)
	s.wmu.Lock()
	defer s.wmu.Unlock()
	old, err := s.quadsWith(ctx, quad.Label, label)
	if err != nil {
		return 0, err
	}
	nodes := make(map[string]bool, len(p.Nodes))
	for _, n := range p.Nodes {
		nodes[n.String()] = true
	}
	claims := make(map[string]bool, len(p.Claims))
	for _, c := range p.Claims {
		claims[string(claimIRI(c))] = true
	}
	ents := make(map[string]bool, len(p.Entities))
	for _, e := range p.Entities {
		ents[e] = true
	}
	// What the claims and mentions that stay still state and name.
	stated := map[string]bool{} // relation IDs
	gone := map[string]bool{}   // relation IDs of removed claims
	named := map[string]bool{}  // entity IDs
	for _, q := range old {
		iri, _ := q.Subject.(quad.IRI)
		removed := claims[string(iri)] || nodes[q.Subject.String()]
		switch q.Predicate {
		case pRelation:
			if removed {
				gone[quad.ToString(q.Object)] = true
			} else {
				stated[quad.ToString(q.Object)] = true
			}
		case pSubject, pObject, pAbout, pEntity:
			if !removed {
				if e, ok := idOf(q.Object, EntityNS); ok {
					named[e] = true
				}
			}
		}
	}
	var del []quad.Quad
	keepKeys := map[string]bool{}
	for _, q := range old {
		if sid, ok := idOf(q.Subject, EntityNS); ok && ents[sid] && named[sid] && q.Predicate == pName {
			keepKeys[sid+"|"+NormalizeKey(quad.ToString(q.Object))] = true
		}
	}
	for _, q := range old {
		iri, _ := q.Subject.(quad.IRI)
		if nodes[q.Subject.String()] || claims[string(iri)] {
			del = append(del, q)
			continue
		}
		sid, ok := idOf(q.Subject, EntityNS)
		if !ok {
			continue
		}
		if pred, isEdge := predicateOf(q.Predicate); isEdge {
			oid, _ := idOf(q.Object, EntityNS)
			rid := RelationID(sid, pred, oid)
			if gone[rid] && !stated[rid] {
				del = append(del, q)
			}
			continue
		}
		if !ents[sid] {
			continue
		}
		if named[sid] {
			switch q.Predicate {
			case pType, pName:
				continue
			case pKey:
				if keepKeys[sid+"|"+quad.ToString(q.Object)] {
					continue
				}
			}
		}
		del = append(del, q)
	}
	_, n, err := s.applyChunked(ctx, nil, del)
	return n, err
}

// applyChunked applies additions then removals in transactions of at most
// BatchSize quads (one transaction when both fit). The caller holds s.mu.
func (s *Store) applyChunked(ctx context.Context, add, del []quad.Quad) (added, removed int, err error) {
	if len(add) == 0 && len(del) == 0 {
		return 0, 0, nil
	}
	if len(add)+len(del) <= BatchSize {
		added, err = s.applyLocked(ctx, add, del)
		if err != nil {
			return added, 0, err
		}
		return added, len(del), nil
	}
	// additions first: a crash half-way leaves old and new side by side,
	// never a loss, and replacing the source again finishes the job
	for start := 0; start < len(add); start += BatchSize {
		end := min(start+BatchSize, len(add))
		n, err := s.applyLocked(ctx, add[start:end], nil)
		added += n
		if err != nil {
			return added, removed, err
		}
	}
	for start := 0; start < len(del); start += BatchSize {
		end := min(start+BatchSize, len(del))
		if _, err := s.applyLocked(ctx, nil, del[start:end]); err != nil {
			return added, removed, err
		}
		removed = end
	}
	return added, removed, nil
}

// quadKey identifies a quad by two 64-bit hashes of its N-Quads text.
type quadKey [2]uint64

type quadKeyer struct {
	s1, s2 maphash.Seed
	b      strings.Builder
}

func newQuadKeyer() *quadKeyer { return &quadKeyer{s1: maphash.MakeSeed(), s2: maphash.MakeSeed()} }

func (k *quadKeyer) key(q quad.Quad) quadKey {
	k.b.Reset()
	for i, v := range [4]quad.Value{q.Subject, q.Predicate, q.Object, q.Label} {
		if i > 0 {
			k.b.WriteByte(' ')
		}
		if v != nil {
			k.b.WriteString(v.String())
		}
	}
	s := k.b.String()
	return quadKey{maphash.String(k.s1, s), maphash.String(k.s2, s)}
}

// sourceLabel returns the quad label of a document or structured source ID.
func sourceLabel(id string) quad.IRI {
	if IsDocumentID(id) {
		return DocIRI(id)
	}
	return SourceIRI(id)
}

func sortQuads(qs []quad.Quad) {
	keys := make([]string, len(qs))
	for i, q := range qs {
		keys[i] = q.NQuad()
	}
	sort.Sort(byKey{qs, keys})
}

type byKey struct {
	qs   []quad.Quad
	keys []string
}

func (b byKey) Len() int           { return len(b.qs) }
func (b byKey) Less(i, j int) bool { return b.keys[i] < b.keys[j] }
func (b byKey) Swap(i, j int) {
	b.qs[i], b.qs[j] = b.qs[j], b.qs[i]
	b.keys[i], b.keys[j] = b.keys[j], b.keys[i]
}
