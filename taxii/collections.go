package taxii

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/newsgraph/newsgraph/graph"
	"github.com/newsgraph/newsgraph/stix"
)

// namespace is the UUIDv5 namespace of collection ids (UUIDv5 of the URL
// "https://newsgraph.dev/taxii2/"), so that a collection keeps its id
// across restarts.
var namespace = stix.UUID5("6ba7b811-9dad-11d1-80b4-00c04fd430c8", "https://newsgraph.dev/taxii2/")

// unit is what objects are made from, in the order of the collection: an
// entity, relation, document or note of the store, or an investigation's
// report.
type unit struct {
	graph.Arrival
	// inv is set for an investigation's report.
	inv *graph.Investigation
}

// collection is one TAXII collection: which units it holds and which of
// their objects.
type collection struct {
	ID, Title, Description string
	// units picks the collection's units from the whole graph's, in order.
	units func(all []unit) []unit
	// keep says whether an object of a picked unit belongs; nil keeps all.
	keep func(o map[string]any) bool
	// writable collections take objects
	writable bool
}

// info is the collection resource (section 5.2).
func (c collection) info() map[string]any {
	return map[string]any{"id": c.ID, "title": c.Title, "description": c.Description,
		"can_read": true, "can_write": c.writable, "media_types": []string{STIXMediaType}}
}

// collectionsOf lists the collections: the whole graph, the
// analyst-confirmed relationships, and one per investigation.
func (h *Handler) collectionsOf(ctx context.Context) ([]collection, error) {
	cols := []collection{
		{ID: stix.UUID5(namespace, "graph"), Title: "newsgraph",
			Description: "The whole graph: entities, relationships with their evidence and confidence, documents as reports, analysts' notes.",
			units:       func(all []unit) []unit { return all }, writable: h.cfg.Write},
		{ID: stix.UUID5(namespace, "analyst-confirmed"), Title: "analyst-confirmed",
			Description: fmt.Sprintf("Relationships an analyst asserted, or with a confidence of at least %g.", h.cfg.Threshold),
			units: func(all []unit) []unit {
				return filterUnits(all, func(u unit) bool { return u.Kind == graph.ArrivedRelation })
			},
			keep: h.confirmed},
	}
	invs, err := h.cfg.Store.Investigations(ctx)
	if err != nil {
		return nil, fmt.Errorf("taxii: read investigations: %w", err)
	}
	for _, inv := range invs {
		cols = append(cols, investigation(inv))
	}
	return cols, nil
}

// confirmed reports whether a relationship has an analyst's evidence or
// a confidence of at least the threshold.
func (h *Handler) confirmed(o map[string]any) bool {
	if c, ok := o["confidence"].(int); ok && float64(c) >= h.cfg.Threshold*100-1e-9 {
		return true
	}
	ev, _ := o["x_newsgraph_evidence"].([]map[string]any)
	for _, e := range ev {
		if e["extractor"] == "analyst" {
			return true
		}
	}
	return false
}

// investigation is the collection of one investigation: its report, the
// entities in its view, the relations among them, and the notes on any
// of these.
func investigation(inv graph.Investigation) collection {
	in := make(map[string]bool, len(inv.Nodes)+1)
	for _, n := range inv.Nodes {
		in[n.ID] = true
	}
	report := unit{Arrival: graph.Arrival{ID: inv.ID, First: inv.Created.UTC().Truncate(time.Millisecond),
		Last: inv.Updated.UTC().Truncate(time.Millisecond)}, inv: &inv}
	if report.Last.Before(report.First) {
		report.Last = report.First
	}
	relIn := func(id string) bool {
		s, _, o, err := graph.ParseRelationID(id)
		return err == nil && in[s] && in[o]
	}
	return collection{ID: stix.UUID5(namespace, inv.ID), Title: inv.Name,
		Description: "The investigation " + inv.Name + ": its report, entities, the relationships among them and the notes on them.",
		units: func(all []unit) []unit {
			out := filterUnits(all, func(u unit) bool {
				switch u.Kind {
				case graph.ArrivedEntity:
					return in[u.ID]
				case graph.ArrivedRelation:
					return relIn(u.ID)
				}
				return u.Kind == graph.ArrivedNote
			})
			i, _ := slices.BinarySearchFunc(out, report, compareUnits)
			return slices.Insert(out, i, report)
		},
		keep: func(o map[string]any) bool {
			if o["type"] != "note" {
				return true
			}
			target, _ := o["x_newsgraph_target"].(string)
			return target == inv.ID || in[target] || relIn(target)
		},
	}
}

func filterUnits(all []unit, ok func(unit) bool) []unit {
	var out []unit
	for _, u := range all {
		if ok(u) {
			out = append(out, u)
		}
	}
	return out
}

// compareUnits orders units by date added, then ID.
func compareUnits(a, b unit) int {
	if c := a.Last.Compare(b.Last); c != 0 {
		return c
	}
	return strings.Compare(a.ID, b.ID)
}

// allUnits returns the whole graph's units, stamping what is new first;
// they are rebuilt only after the store was written.
func (h *Handler) allUnits(ctx context.Context) ([]unit, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.unitsSet && h.unitsAt == h.cfg.Store.Writes() {
		return h.units, nil
	}
	as, err := h.cfg.Store.Arrivals(ctx, h.cfg.Now())
	if err != nil {
		return nil, fmt.Errorf("taxii: arrivals: %w", err)
	}
	units := make([]unit, len(as))
	for i, a := range as {
		units[i] = unit{Arrival: a}
	}
	h.units, h.unitsAt, h.unitsSet = units, h.cfg.Store.Writes(), true
	return units, nil
}

// findCollection returns the collection the request's path names.
func (h *Handler) findCollection(r *http.Request) (collection, bool, error) {
	cols, err := h.collectionsOf(r.Context())
	if err != nil {
		return collection{}, false, err
	}
	id := r.PathValue("id")
	for _, c := range cols {
		if c.ID == id {
			return c, true, nil
		}
	}
	return collection{}, false, nil
}

func (h *Handler) collections(w http.ResponseWriter, r *http.Request) {
	cols, err := h.collectionsOf(r.Context())
	if err != nil {
		h.internal(w, r, err)
		return
	}
	infos := make([]map[string]any, len(cols))
	for i, c := range cols {
		infos[i] = c.info()
	}
	writeJSON(w, http.StatusOK, map[string]any{"collections": infos})
}

func (h *Handler) collection(w http.ResponseWriter, r *http.Request) {
	c, ok := h.lookup(w, r)
	if ok {
		writeJSON(w, http.StatusOK, c.info())
	}
}

// lookup finds the request's collection, answering 404 (or 500) when it
// cannot.
func (h *Handler) lookup(w http.ResponseWriter, r *http.Request) (collection, bool) {
	c, ok, err := h.findCollection(r)
	switch {
	case err != nil:
		h.internal(w, r, err)
	case !ok:
		writeError(w, http.StatusNotFound, "unknown collection", "no collection "+r.PathValue("id")+" in this API root")
	}
	return c, ok && err == nil
}
