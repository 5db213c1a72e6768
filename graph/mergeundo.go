package graph

import (
	"context"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/cayleygraph/quad"
)

// Unmerge undoes a recorded merge: the quads it removed come back, the
// quads it added go, and so does its record with its sameAs links, so
// both sides get back exactly the names, aliases, relations, claims and
// mentions they had, and the store holds exactly the quads it held before
// the merge (an N-Quads export is byte for byte the one before). It
// returns the entities restored: into, then the merged ones.
//
// Writes since the merge that add to the graph (new articles, even those
// naming a merged entity, which resolved to the survivor; aliases;
// assertions) stay as they are. A source deleted since the merge stays
// deleted: its part of the undo is skipped. Anything else that changed a
// quad the merge added (a re-extracted document, a re-imported bundle, a
// later merge of either side) makes the undo inexact: it is refused with
// ECONFLICT, naming the sources, and nothing changes. An undone merge
// leaves no trace, so undoing it again reports ENOTFOUND, like an ID that
// was never a merge's.
func (s *Store) Unmerge(ctx context.Context, id string) ([]Entity, error) {
	if err := s.writable(); err != nil {
		return nil, err
	}
	if !strings.HasPrefix(id, mergePrefix) {
		return nil, Errorf(ENOTFOUND, "no merge %q", clip(id))
	}
	s.wmu.Lock()
	m, err := s.unmergeLocked(ctx, id)
	s.wmu.Unlock()
	if err != nil {
		return nil, err
	}
	ids := append([]string{m.Into}, m.From...)
	ents, err := s.Entities(ctx, ids)
	if err != nil {
		return nil, err
	}
	out := ents[:0]
	for _, e := range ents {
		if e.ID != "" { // an entity whose every source went since the merge
			out = append(out, e)
		}
	}
	return out, nil
}

// unmergeLocked applies the inverse of merge id. The caller holds s.wmu.
func (s *Store) unmergeLocked(ctx context.Context, id string) (Merge, error) {
	record, err := s.quadsWith(ctx, quad.Label, SourceIRI(id))
	if err != nil {
		return Merge{}, err
	}
	if len(record) == 0 {
		return Merge{}, Errorf(ENOTFOUND, "no merge %q: it was never made, or it has been undone", clip(id))
	}
	m, err := parseMerge(id, record, true)
	if err != nil {
		return Merge{}, err
	}
	if m.Into == "" {
		return Merge{}, Errorf(ECONFLICT, "merge %q was made before merges were recorded and cannot be undone", clip(id))
	}
	for _, e := range append([]string{m.Into}, m.From...) {
		if later, ok, err := s.mergedBy(ctx, e, id); err != nil {
			return Merge{}, err
		} else if ok {
			return Merge{}, Errorf(ECONFLICT, "%s was merged again since, by merge %s: undo that one first", clip(e), later)
		}
	}
	add, del, err := s.inverse(ctx, m)
	if err != nil {
		return Merge{}, err
	}
	if _, _, err := s.applyChunked(ctx, add, append(del, record...)); err != nil {
		return Merge{}, fmt.Errorf("graph: undo merge %s: %w", id, err)
	}
	return m, nil
}

// mergedBy reports the recorded merge, other than except, that merged
// entity e away (e has a sameAs link of its own).
func (s *Store) mergedBy(ctx context.Context, e, except string) (string, bool, error) {
	qs, err := s.quadsWith(ctx, quad.Subject, EntityIRI(e))
	if err != nil {
		return "", false, err
	}
	for _, q := range qs {
		if l := labelID(q.Label); q.Predicate == pSameAs && l != except {
			return l, true, nil
		}
	}
	return "", false, nil
}

// inverse returns the change that undoes m: its removed quads to add back
// (those not stored) and its added quads to remove, leaving out the part of
// every source deleted since. It refuses with ECONFLICT when a quad m added
// is gone from a source that is still there.
func (s *Store) inverse(ctx context.Context, m Merge) (add, del []quad.Quad, err error) {
	stored, err := s.storedAmong(ctx, "", append(append([]quad.Quad(nil), m.Added...), m.Removed...), nil)
	if err != nil {
		return nil, nil, err
	}
	s.mu.RLock()
	gone := func(l quad.Value) bool {
		id := labelID(l)
		return id != "" && !s.idx.HasSource(id)
	}
	changed := map[string]int{}
	for _, q := range m.Added {
		switch {
		case gone(q.Label):
		case stored[q.NQuad()]:
			del = append(del, q)
		default:
			changed[labelID(q.Label)]++
		}
	}
	for _, q := range m.Removed {
		if !gone(q.Label) && !stored[q.NQuad()] {
			add = append(add, q)
		}
	}
	s.mu.RUnlock()
	if len(changed) > 0 {
		var srcs []string
		n := 0
		for l, c := range changed {
			srcs = append(srcs, l)
			n += c
		}
		sort.Strings(srcs)
		if len(srcs) > 5 {
			srcs = append(srcs[:5], "…")
		}
		return nil, nil, Errorf(ECONFLICT, "merge %s cannot be undone exactly: %d quads it wrote have changed since, in %s",
			m.ID, n, strings.Join(srcs, ", "))
	}
	return add, del, nil
}

// Merges returns the recorded merges that formed an entity, oldest first:
// those into it and those into entities merged into it since. Merges that
// were undone left no trace and are not listed.
func (s *Store) Merges(ctx context.Context, entityID string) ([]Merge, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	// every sameAs link, one per entity merged away: fewer than the quads
	// that name a well-connected entity
	links, err := s.quadsWith(ctx, quad.Predicate, pSameAs)
	if err != nil {
		return nil, err
	}
	node := EntityIRI(entityID)
	seen := map[string]bool{}
	var out []Merge
	for _, l := range links {
		id := labelID(l.Label)
		if l.Object != node || !strings.HasPrefix(id, mergePrefix) || seen[id] {
			continue
		}
		seen[id] = true
		record, err := s.quadsWith(ctx, quad.Subject, SourceIRI(id))
		if err != nil {
			return nil, err
		}
		m, err := parseMerge(id, record, false)
		if err != nil {
			return nil, err
		}
		if m.Into != "" { // merges from before merges were recorded are not listed
			out = append(out, m)
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if !out[i].MergedAt.Equal(out[j].MergedAt) {
			return out[i].MergedAt.Before(out[j].MergedAt)
		}
		return out[i].ID < out[j].ID
	})
	return out, nil
}

// parseMerge reads a merge's record from the quads of its source node,
// with its diff when full is set (else only the merged names). A merge
// made before merges were recorded has no Into.
func parseMerge(id string, record []quad.Quad, full bool) (Merge, error) {
	m := Merge{ID: id}
	node := SourceIRI(id)
	names := map[string]string{}
	for _, q := range record {
		if q.Subject != node {
			continue
		}
		switch q.Predicate {
		case pMergeInto:
			m.Into = quad.ToString(q.Object)
		case pMergeFrom:
			m.From = append(m.From, quad.ToString(q.Object))
		case pDate:
			m.MergedAt = parseDateValue(q.Object)
		case pMergeRemoved, pMergeAdded:
			line := quad.ToString(q.Object)
			if !full && (q.Predicate == pMergeAdded || !strings.Contains(line, "> "+pName.String()+" ")) {
				continue
			}
			dq, err := parseDiffQuad(line)
			if err != nil {
				return Merge{}, fmt.Errorf("graph: merge %s: %w", id, err)
			}
			if q.Predicate == pMergeAdded {
				m.Added = append(m.Added, dq)
				continue
			}
			if full {
				m.Removed = append(m.Removed, dq)
			}
			if dq.Predicate == pName {
				if e, ok := idOf(dq.Subject, EntityNS); ok {
					names[e] = quad.ToString(dq.Object)
				}
			}
		}
	}
	sort.Strings(m.From)
	for _, f := range m.From {
		m.Names = append(m.Names, names[f])
	}
	sortQuads(m.Removed)
	sortQuads(m.Added)
	return m, nil
}

// parseDiffQuad reads back one quad of a merge's diff. Integers and
// doubles get the Go types the store writes them with; their N-Quads text
// is the same either way.
func parseDiffQuad(line string) (quad.Quad, error) {
	q, ok, err := ParseNQuad(line)
	if err != nil {
		return quad.Quad{}, fmt.Errorf("read %q: %w", clip(line), err)
	}
	if !ok {
		return quad.Quad{}, fmt.Errorf("read %q: no quad", clip(line))
	}
	if ts, isTyped := q.Object.(quad.TypedString); isTyped {
		switch ts.Type {
		case quad.Int(0).TypedString().Type:
			if n, err := strconv.ParseInt(string(ts.Value), 10, 64); err == nil && quad.Int(n).String() == ts.String() {
				q.Object = quad.Int(n)
			}
		case quad.Float(0).TypedString().Type:
			if f, err := strconv.ParseFloat(string(ts.Value), 64); err == nil && quad.Float(f).String() == ts.String() {
				q.Object = quad.Float(f)
			}
		}
	}
	return q, nil
}

// parseDateValue reads an xsd:date or xsd:dateTime literal.
func parseDateValue(v quad.Value) time.Time {
	s := quad.ToString(v)
	if ts, ok := v.(quad.TypedString); ok {
		s = string(ts.Value)
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t.UTC()
	}
	t, _ := time.Parse("2006-01-02", s)
	return t
}
