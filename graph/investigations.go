package graph

import (
	"context"
	"encoding/json"
	"math"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/cayleygraph/quad"

	"github.com/newsgraph/newsgraph/ontology"
)

// An investigation is an analyst's saved workspace: the entities in view
// with their positions and pins, the filters, the time window and the
// hidden elements. It is stored as one record (records.go) of kind
// "investigation" whose value is its JSON: a workspace is read and saved
// whole, never queried by its parts, so one value replaced in one
// transaction fits it better than quads per node, and it is backed up,
// replicated and exported with the store like every record. Its notes are
// notes (notes.go) whose target is its ID.

// recordInvestigation is the record kind of investigations.
const recordInvestigation = "investigation"

// investigationPrefix starts every investigation's ID.
const investigationPrefix = "investigation:"

// Bounds of an investigation.
const (
	MaxInvestigationName   = 200  // characters
	MaxInvestigationNodes  = 1000 // entities in view (what one request's variables can carry)
	MaxInvestigationHidden = 1000 // hidden elements
	MaxInvestigationFilter = 100  // predicates or types in a filter
)

// Investigation is a saved workspace.
type Investigation struct {
	ID      string              `json:"id"`
	Name    string              `json:"name"`
	Nodes   []InvestigationNode `json:"nodes"`
	Filters InvestigationFilter `json:"filters"`
	// From and To are the time window; zero is open.
	From    time.Time `json:"from,omitzero"`
	To      time.Time `json:"to,omitzero"`
	Hidden  []string  `json:"hidden"`
	Created time.Time `json:"created"`
	Updated time.Time `json:"updated"`
}

// InvestigationNode is an entity in view, where it is drawn and whether it
// is pinned there.
type InvestigationNode struct {
	ID     string  `json:"id"`
	X      float64 `json:"x"`
	Y      float64 `json:"y"`
	Pinned bool    `json:"pinned,omitempty"`
}

// InvestigationFilter is what the workspace shows of the graph.
type InvestigationFilter struct {
	Predicates    []ontology.Predicate  `json:"predicates,omitempty"`
	Types         []ontology.EntityType `json:"types,omitempty"`
	MinConfidence float64               `json:"minConfidence,omitempty"`
}

// IsInvestigationID reports whether id has the form of an investigation's
// ID.
func IsInvestigationID(id string) bool {
	return strings.HasPrefix(id, investigationPrefix) && len(id) > len(investigationPrefix)
}

// CreateInvestigation stores a new, empty investigation named name. A zero
// now is the current time.
func (s *Store) CreateInvestigation(ctx context.Context, name string, now time.Time) (Investigation, error) {
	if now.IsZero() {
		now = time.Now()
	}
	now = now.UTC()
	inv := Investigation{Name: strings.TrimSpace(name), Nodes: []InvestigationNode{}, Hidden: []string{}, Created: now, Updated: now}
	inv.ID = investigationPrefix + hashID(inv.Name, now.Format(time.RFC3339Nano))
	if err := inv.check(); err != nil {
		return Investigation{}, err
	}
	return inv, s.putInvestigation(ctx, inv)
}

// SaveInvestigation replaces what the investigation id holds with inv (its
// ID and creation time stay; Updated becomes now, or the current time when
// now is zero). It reports ENOTFOUND if there is no such investigation.
func (s *Store) SaveInvestigation(ctx context.Context, id string, inv Investigation, now time.Time) (Investigation, error) {
	old, err := s.Investigation(ctx, id)
	if err != nil {
		return Investigation{}, err
	}
	if now.IsZero() {
		now = time.Now()
	}
	inv.ID, inv.Created, inv.Updated = old.ID, old.Created, now.UTC()
	inv.Name = strings.TrimSpace(inv.Name)
	if inv.Name == "" {
		inv.Name = old.Name
	}
	if inv.Nodes == nil {
		inv.Nodes = []InvestigationNode{}
	}
	if inv.Hidden == nil {
		inv.Hidden = []string{}
	}
	if err := inv.check(); err != nil {
		return Investigation{}, err
	}
	return inv, s.putInvestigation(ctx, inv)
}

func (s *Store) putInvestigation(ctx context.Context, inv Investigation) error {
	b, err := json.Marshal(inv)
	if err != nil {
		return Errorf(EINTERNAL, "encode investigation %s: %v", inv.ID, err)
	}
	return s.PutRecord(ctx, recordInvestigation, inv.ID, b)
}

// check reports EINVALID unless inv is within the bounds.
func (inv *Investigation) check() error {
	n := utf8.RuneCountInString(inv.Name)
	switch {
	case n == 0 || n > MaxInvestigationName:
		return Errorf(EINVALID, "an investigation's name has 1 to %d characters", MaxInvestigationName)
	case len(inv.Nodes) > MaxInvestigationNodes:
		return Errorf(EINVALID, "an investigation holds at most %d nodes, not %d", MaxInvestigationNodes, len(inv.Nodes))
	case len(inv.Hidden) > MaxInvestigationHidden:
		return Errorf(EINVALID, "an investigation hides at most %d elements, not %d", MaxInvestigationHidden, len(inv.Hidden))
	case len(inv.Filters.Predicates) > MaxInvestigationFilter || len(inv.Filters.Types) > MaxInvestigationFilter:
		return Errorf(EINVALID, "a filter names at most %d predicates and %d types", MaxInvestigationFilter, MaxInvestigationFilter)
	case inv.Filters.MinConfidence < 0 || inv.Filters.MinConfidence > 1 || math.IsNaN(inv.Filters.MinConfidence):
		return Errorf(EINVALID, "minConfidence must be in [0,1]")
	case !inv.From.IsZero() && !inv.To.IsZero() && inv.To.Before(inv.From):
		return Errorf(EINVALID, "the time window ends before it starts")
	}
	seen := make(map[string]bool, len(inv.Nodes))
	for _, nd := range inv.Nodes {
		switch {
		case nd.ID == "" || len(nd.ID) > 1000:
			return Errorf(EINVALID, "a node needs an entity ID of 1 to 1000 bytes")
		case seen[nd.ID]:
			return Errorf(EINVALID, "the node %q is in view twice", clip(nd.ID))
		case math.IsNaN(nd.X) || math.IsInf(nd.X, 0) || math.IsNaN(nd.Y) || math.IsInf(nd.Y, 0):
			return Errorf(EINVALID, "the node %q has no finite position", clip(nd.ID))
		}
		seen[nd.ID] = true
	}
	for _, h := range inv.Hidden {
		if h == "" || len(h) > 1000 {
			return Errorf(EINVALID, "a hidden element needs an ID of 1 to 1000 bytes")
		}
	}
	for _, p := range inv.Filters.Predicates {
		if !p.Valid() {
			return Errorf(EINVALID, "unknown predicate %q", clip(string(p)))
		}
	}
	return nil
}

// Investigation returns one investigation, or ENOTFOUND.
func (s *Store) Investigation(ctx context.Context, id string) (Investigation, error) {
	if !IsInvestigationID(id) {
		return Investigation{}, Errorf(ENOTFOUND, "no investigation %q", clip(id))
	}
	qs, err := s.QuadsWith(ctx, quad.Subject, SourceIRI(recordID(recordInvestigation, id)))
	if err != nil {
		return Investigation{}, err
	}
	for _, q := range qs {
		if q.Predicate == pRecordValue {
			return decodeInvestigation(id, []byte(quad.ToString(q.Object)))
		}
	}
	return Investigation{}, Errorf(ENOTFOUND, "no investigation %q", clip(id))
}

// Investigations returns every investigation, the latest updated first.
func (s *Store) Investigations(ctx context.Context) ([]Investigation, error) {
	recs, err := s.Records(ctx, recordInvestigation)
	if err != nil {
		return nil, err
	}
	out := make([]Investigation, 0, len(recs))
	for id, v := range recs {
		inv, err := decodeInvestigation(id, v)
		if err != nil {
			return nil, err
		}
		out = append(out, inv)
	}
	sort.Slice(out, func(i, j int) bool {
		if !out[i].Updated.Equal(out[j].Updated) {
			return out[i].Updated.After(out[j].Updated)
		}
		return out[i].ID < out[j].ID
	})
	return out, nil
}

func decodeInvestigation(id string, b []byte) (Investigation, error) {
	var inv Investigation
	if err := json.Unmarshal(b, &inv); err != nil {
		return Investigation{}, Errorf(EINTERNAL, "decode investigation %s: %v", clip(id), err)
	}
	if inv.Nodes == nil {
		inv.Nodes = []InvestigationNode{}
	}
	if inv.Hidden == nil {
		inv.Hidden = []string{}
	}
	return inv, nil
}

// DeleteInvestigation removes an investigation and the notes on it. It
// reports ENOTFOUND if there is none with that ID.
func (s *Store) DeleteInvestigation(ctx context.Context, id string) error {
	if _, err := s.Investigation(ctx, id); err != nil {
		return err
	}
	notes, err := s.Notes(ctx, []string{id})
	if err != nil {
		return err
	}
	for _, n := range notes[id] {
		if err := s.DeleteNote(ctx, n.ID); err != nil && !IsNotFound(err) {
			return err
		}
	}
	return s.DeleteRecord(ctx, recordInvestigation, id)
}
