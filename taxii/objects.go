package taxii

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/newsgraph/newsgraph/graph"
	"github.com/newsgraph/newsgraph/stix"
)

// object is one STIX object of a page with what TAXII says of it.
type object struct {
	ID, Type string
	// Added is its date_added, Version its modified (or created, or
	// date_added for an observable that has neither).
	Added   time.Time
	Version string
	JSON    []byte
	m       map[string]any
}

// stamp formats a STIX and TAXII timestamp, UTC with milliseconds.
func stamp(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000Z") }

// batch gathers what the stix writer needs to write some units' objects.
type batch struct {
	ents    map[string]bool
	rels    map[string]bool
	docs    []string
	notes   []graph.Note
	reports []stix.Report
}

func (b *batch) entity(id string) { b.ents[id] = true }
func (b *batch) relation(id string) {
	b.rels[id] = true
}

// build returns the objects of each unit, each unit's sorted by id: the
// same objects the STIX export writes (stix.Objects), with created and
// modified the times the unit's sources reached the store.
func (h *Handler) build(ctx context.Context, units []unit) ([][]object, error) {
	s := h.cfg.Store
	b := &batch{ents: map[string]bool{}, rels: map[string]bool{}}
	mentions := map[string][]graph.Mention{}
	for _, u := range units {
		switch {
		case u.inv != nil:
			b.reports = append(b.reports, stix.InvestigationReport(*u.inv))
			for _, n := range u.inv.Nodes {
				b.entity(n.ID)
			}
		case u.Kind == graph.ArrivedEntity:
			b.entity(u.ID)
		case u.Kind == graph.ArrivedRelation:
			b.relation(u.ID)
		case u.Kind == graph.ArrivedDocument:
			if err := h.addDocument(ctx, b, u.ID, mentions); err != nil {
				return nil, err
			}
		case u.Kind == graph.ArrivedNote:
			if err := h.addNote(ctx, b, u.ID); err != nil {
				return nil, err
			}
		}
	}
	var rels []graph.Relation
	relIDs := make([]string, 0, len(b.rels))
	for id := range b.rels {
		r, err := s.Relation(ctx, id)
		if graph.IsNotFound(err) {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("taxii: read relation %s: %w", id, err)
		}
		rels = append(rels, r)
		relIDs = append(relIDs, id)
		b.entity(r.Subject)
		b.entity(r.Object)
	}
	slices.SortFunc(rels, func(a, c graph.Relation) int { return strings.Compare(a.ID, c.ID) })
	claims, err := s.ScanClaims(ctx, relIDs)
	if err != nil {
		return nil, fmt.Errorf("taxii: read claims: %w", err)
	}
	for _, cs := range claims {
		for _, c := range cs {
			if c.About != "" { // the evidence refers to it (about_ref)
				b.entity(c.About)
			}
		}
	}
	docs, err := h.documents(ctx, b.docs, claims)
	if err != nil {
		return nil, err
	}
	ents, err := h.entities(ctx, b.ents)
	if err != nil {
		return nil, err
	}
	objs := stix.Objects(ents, rels, stix.WriteOptions{Claims: claims, Documents: docs, Mentions: mentions,
		Notes: b.notes, Reports: b.reports, Timestamp: time.Unix(0, 0)})
	byKey := map[string][]map[string]any{}
	for _, o := range objs {
		k := keyOf(o)
		byKey[k] = append(byKey[k], o)
	}
	out := make([][]object, len(units))
	for i, u := range units {
		for _, o := range byKey[unitKey(u)] {
			obj, err := finish(u, o)
			if err != nil {
				return nil, err
			}
			out[i] = append(out[i], obj)
		}
		slices.SortFunc(out[i], func(a, c object) int { return strings.Compare(a.ID, c.ID) })
	}
	return out, nil
}

// keyOf is the unit key of a STIX object: its kind and newsgraph ID.
func keyOf(o map[string]any) string {
	id, _ := o["x_newsgraph_id"].(string)
	switch o["type"] {
	case "relationship":
		return "r|" + id
	case "report":
		return "d|" + id // documents' and investigations' IDs differ
	case "note":
		return "n|" + id
	}
	return "e|" + id
}

func unitKey(u unit) string {
	switch {
	case u.inv != nil, u.Kind == graph.ArrivedDocument:
		return "d|" + u.ID
	case u.Kind == graph.ArrivedRelation:
		return "r|" + u.ID
	case u.Kind == graph.ArrivedNote:
		return "n|" + u.ID
	}
	return "e|" + u.ID
}

// addDocument adds what a document's report refers to: the entities it
// mentions and the relations its claims state.
func (h *Handler) addDocument(ctx context.Context, b *batch, id string, mentions map[string][]graph.Mention) error {
	ms, err := h.cfg.Store.Mentions(ctx, id)
	if err != nil {
		return fmt.Errorf("taxii: read mentions of %s: %w", id, err)
	}
	cs, err := h.cfg.Store.DocumentClaims(ctx, id)
	if err != nil {
		return fmt.Errorf("taxii: read claims of %s: %w", id, err)
	}
	mentions[id] = ms
	b.docs = append(b.docs, id)
	for _, m := range ms {
		b.entity(m.Entity)
	}
	for _, c := range cs {
		b.relation(graph.RelationID(c.Subject, c.Predicate, c.Object))
	}
	return nil
}

// addNote adds a note and what it refers to.
func (h *Handler) addNote(ctx context.Context, b *batch, id string) error {
	s := h.cfg.Store
	n, err := s.Note(ctx, id)
	if graph.IsNotFound(err) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("taxii: read note %s: %w", id, err)
	}
	b.notes = append(b.notes, n)
	switch t := n.Target; {
	case strings.HasPrefix(t, "rel:"):
		b.relation(t)
	case strings.HasPrefix(t, "claim:"):
		c, err := s.Claim(ctx, t)
		if err != nil && !graph.IsNotFound(err) {
			return fmt.Errorf("taxii: read claim %s: %w", t, err)
		}
		if err == nil {
			b.relation(graph.RelationID(c.Subject, c.Predicate, c.Object))
		}
	case graph.IsInvestigationID(t):
		inv, err := s.Investigation(ctx, t)
		if err != nil && !graph.IsNotFound(err) {
			return fmt.Errorf("taxii: read investigation %s: %w", t, err)
		}
		if err == nil {
			b.reports = append(b.reports, stix.InvestigationReport(inv))
			for _, n := range inv.Nodes {
				b.entity(n.ID)
			}
		}
	default:
		b.entity(t)
	}
	return nil
}

// documents reads the documents of ids and those the claims cite (their
// titles and URLs go into the evidence).
func (h *Handler) documents(ctx context.Context, ids []string, claims map[string][]graph.Claim) ([]graph.Document, error) {
	seen := map[string]bool{}
	for _, id := range ids {
		seen[id] = true
	}
	for _, cs := range claims {
		for _, c := range cs {
			if graph.IsDocumentID(c.Document) && !seen[c.Document] {
				seen[c.Document] = true
				ids = append(ids, c.Document)
			}
		}
	}
	slices.Sort(ids)
	docs, err := h.cfg.Store.DocumentsByID(ctx, ids)
	if err != nil {
		return nil, fmt.Errorf("taxii: read documents: %w", err)
	}
	return slices.DeleteFunc(docs, func(d graph.Document) bool { return d.ID == "" }), nil
}

// entities reads the entities of ids that are still in the graph, by ID.
func (h *Handler) entities(ctx context.Context, set map[string]bool) ([]graph.Entity, error) {
	ids := make([]string, 0, len(set))
	for id := range set {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	ents, err := h.cfg.Store.Entities(ctx, ids)
	if err != nil {
		return nil, fmt.Errorf("taxii: read entities: %w", err)
	}
	return slices.DeleteFunc(ents, func(e graph.Entity) bool { return e.ID == "" }), nil
}

// finish gives an object of u its times and encodes it: created is when
// u's first source reached the store, modified (and date_added) when its
// newest did. Notes and investigations keep their own created.
func finish(u unit, o map[string]any) (object, error) {
	obj := object{ID: o["id"].(string), Type: o["type"].(string), Added: u.Last, m: o}
	_, hasCreated := o["created"]
	switch {
	case u.inv != nil:
	case obj.Type == "note":
		if c, _ := o["created"].(string); c < stamp(u.Last) {
			o["modified"] = stamp(u.Last)
		}
	case hasCreated:
		o["created"], o["modified"] = stamp(u.First), stamp(u.Last)
		if obj.Type == "report" && o["published"] == stamp(time.Unix(0, 0)) {
			o["published"] = o["created"] // a document with no date
		}
	}
	obj.Version = stamp(u.Last)
	if m, ok := o["modified"].(string); ok {
		obj.Version = m
	}
	b, err := stix.Marshal(o)
	if err != nil {
		return object{}, fmt.Errorf("taxii: encode %s: %w", obj.ID, err)
	}
	obj.JSON = b
	return obj, nil
}
