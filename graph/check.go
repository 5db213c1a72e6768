package graph

import (
	"context"
	"fmt"
	"io"
	"sort"

	"github.com/cayleygraph/quad"
	bolt "go.etcd.io/bbolt"

	"github.com/newsgraph/newsgraph/graph/internal/index"
)

// Problem is one broken invariant, with the ID of what is wrong.
type Problem struct {
	Kind string // e.g. "claim-incomplete", "edge-without-claim"
	ID   string
	Msg  string
}

func (p Problem) String() string { return p.Kind + " " + p.ID + ": " + p.Msg }

// Check verifies the store's invariants:
//   - every claim has exactly one subject, object, predicate and document,
//     and its quads carry the label of its document or source;
//   - every direct edge has a claim behind it with the same label;
//   - every quad about a document carries the document's label;
//   - every entity a document brought is mentioned or claimed in it (no
//     orphan entities from text);
//   - the traversal index equals one rebuilt from cayley.
func (s *Store) Check(ctx context.Context) ([]Problem, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	quads, err := s.allQuads(ctx)
	if err != nil {
		return nil, err
	}
	var probs []Problem
	add := func(kind, id, format string, args ...any) {
		probs = append(probs, Problem{Kind: kind, ID: id, Msg: fmt.Sprintf(format, args...)})
	}
	type claimInfo struct {
		subj, obj, pred, doc []string
		labels               map[string]bool
		rel                  string
	}
	claims := map[string]*claimInfo{}
	edges := map[string][]string{}             // relation ID → labels
	claimRel := map[string]map[string]bool{}   // relation ID → labels of claims
	entityDocs := map[string]map[string]bool{} // entity → documents that state its type
	referenced := map[string]map[string]bool{} // entity → labels that mention or claim it
	ref := func(e quad.Value, label string) {
		if id, ok := idOf(e, EntityNS); ok {
			if referenced[id] == nil {
				referenced[id] = map[string]bool{}
			}
			referenced[id][label] = true
		}
	}
	for _, q := range quads {
		label := labelID(q.Label)
		if cid, ok := idOf(q.Subject, ClaimNS); ok {
			c := claims[cid]
			if c == nil {
				c = &claimInfo{labels: map[string]bool{}}
				claims[cid] = c
			}
			c.labels[label] = true
			switch q.Predicate {
			case pSubject:
				c.subj = append(c.subj, q.Object.String())
				ref(q.Object, label)
			case pObject:
				c.obj = append(c.obj, q.Object.String())
				ref(q.Object, label)
			case pAbout:
				ref(q.Object, label)
			case pPredicate:
				c.pred = append(c.pred, q.Object.String())
			case pDocument:
				c.doc = append(c.doc, labelID(q.Object))
			case pRelation:
				c.rel = quad.ToString(q.Object)
			}
			continue
		}
		if _, ok := idOf(q.Subject, MentionNS); ok && q.Predicate == pEntity {
			ref(q.Object, label)
			continue
		}
		if did, ok := idOf(q.Subject, DocNS); ok {
			if label != "doc:"+did {
				add("document-label", "doc:"+did, "quad %s carries label %q", clip(q.Predicate.String()), label)
			}
			continue
		}
		if sid, ok := idOf(q.Subject, EntityNS); ok {
			if p, ok := predicateOf(q.Predicate); ok {
				oid, _ := idOf(q.Object, EntityNS)
				rid := RelationID(sid, p, oid)
				edges[rid] = append(edges[rid], label)
			} else if q.Predicate == pType && IsDocumentID(label) {
				if entityDocs[sid] == nil {
					entityDocs[sid] = map[string]bool{}
				}
				entityDocs[sid][label] = true
			}
		}
	}
	for cid, c := range claims {
		if len(c.subj) != 1 || len(c.obj) != 1 || len(c.pred) != 1 || len(c.doc) != 1 {
			add("claim-incomplete", "claim:"+cid, "%d subjects, %d objects, %d predicates, %d documents; want 1 each", len(c.subj), len(c.obj), len(c.pred), len(c.doc))
			continue
		}
		if len(c.labels) != 1 || !c.labels[c.doc[0]] {
			add("claim-label", "claim:"+cid, "quads labelled %v, document is %s", keys(c.labels), c.doc[0])
		}
		if claimRel[c.rel] == nil {
			claimRel[c.rel] = map[string]bool{}
		}
		claimRel[c.rel][c.doc[0]] = true
	}
	for rid, labels := range edges {
		for _, l := range labels {
			if !claimRel[rid][l] {
				add("edge-without-claim", rid, "direct edge in %s has no claim from that source", l)
			}
		}
	}
	for eid, docs := range entityDocs {
		for d := range docs {
			if !referenced[eid][d] {
				add("orphan-entity", eid, "%s states the entity but neither mentions nor claims it", d)
			}
		}
	}
	if p, ok := s.checkIndex(quads); !ok {
		probs = append(probs, p)
	}
	sort.Slice(probs, func(i, j int) bool {
		if probs[i].Kind != probs[j].Kind {
			return probs[i].Kind < probs[j].Kind
		}
		return probs[i].ID < probs[j].ID
	})
	return probs, nil
}

// checkIndex compares the index's totals with those of an index rebuilt
// from quads.
func (s *Store) checkIndex(quads []quad.Quad) (Problem, bool) {
	fresh := index.New()
	for _, q := range quads {
		fresh.Apply(factOf(q), +1)
	}
	got, want := s.idx.Counts(), fresh.Counts()
	if got == want {
		if s.idx.Digest() != fresh.Digest() {
			return Problem{Kind: "index", ID: "index", Msg: "the index has the totals of one rebuilt from cayley but not the same content"}, false
		}
		return Problem{}, true
	}
	return Problem{Kind: "index", ID: "index", Msg: fmt.Sprintf("index has %d quads %d edges %d documents %d claims %d entities; cayley has %d %d %d %d %d",
		got.Quads, got.Relations, got.Documents, got.Claims, got.Entities,
		want.Quads, want.Relations, want.Documents, want.Claims, want.Entities)}, false
}

func keys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// Backup writes a consistent copy of a bolt store to w from one read
// transaction: safe while the store serves and writes. Restoring is opening
// the copy.
func (s *Store) Backup(ctx context.Context, w io.Writer) (int64, error) {
	if s.bolt == nil {
		return 0, Errorf(EINVALID, "backup copies bolt stores; the %s backend has its own tools (pg_dump for PostgreSQL)", s.backend)
	}
	var n int64
	err := s.bolt.DB().View(func(tx *bolt.Tx) error {
		var err error
		n, err = tx.WriteTo(w)
		return err
	})
	if err != nil {
		return n, fmt.Errorf("graph: backup: %w", err)
	}
	return n, ctx.Err()
}
