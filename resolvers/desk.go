package resolvers

import (
	"context"
	"time"

	"github.com/newsgraph/newsgraph/graph"
	"github.com/newsgraph/newsgraph/ontology"
	"github.com/newsgraph/newsgraph/resolvers/model"
)

// Desk is what the analyst's desk reads and changes: notes and saved
// investigations (schema/desk.graphqls).
type Desk interface {
	AddNote(ctx context.Context, n graph.Note) (graph.Note, error)
	DeleteNote(ctx context.Context, id string) error
	Notes(ctx context.Context, targets []string) (map[string][]graph.Note, error)
	Investigations(ctx context.Context) ([]graph.Investigation, error)
	Investigation(ctx context.Context, id string) (graph.Investigation, error)
	CreateInvestigation(ctx context.Context, name string, now time.Time) (graph.Investigation, error)
	SaveInvestigation(ctx context.Context, id string, inv graph.Investigation, now time.Time) (graph.Investigation, error)
	DeleteInvestigation(ctx context.Context, id string) error
}

// notesOf returns the notes on one target, newest first.
func (r *Resolver) notesOf(ctx context.Context, target string) ([]graph.Note, error) {
	notes, err := r.Store.Notes(ctx, []string{target})
	if err != nil {
		return nil, err
	}
	if notes[target] == nil {
		return []graph.Note{}, nil
	}
	return notes[target], nil
}

// investigationOf converts saveInvestigation's input.
func investigationOf(in model.InvestigationInput) graph.Investigation {
	inv := graph.Investigation{Name: strOr(in.Name, ""), Hidden: in.Hidden, From: timeOr(in.From), To: timeOr(in.To)}
	inv.Nodes = make([]graph.InvestigationNode, len(in.Nodes))
	for i, n := range in.Nodes {
		inv.Nodes[i] = graph.InvestigationNode{ID: n.ID, X: n.X, Y: n.Y, Pinned: n.Pinned != nil && *n.Pinned}
	}
	if f := in.Filters; f != nil {
		inv.Filters = graph.InvestigationFilter{Predicates: f.Predicates, Types: f.Types}
		if f.MinConfidence != nil {
			inv.Filters.MinConfidence = *f.MinConfidence
		}
	}
	return inv
}

// withLists returns inv with empty lists where it has none, as the schema's
// non-null lists want them.
func withLists(inv graph.Investigation) *graph.Investigation {
	if inv.Nodes == nil {
		inv.Nodes = []graph.InvestigationNode{}
	}
	if inv.Hidden == nil {
		inv.Hidden = []string{}
	}
	if inv.Filters.Predicates == nil {
		inv.Filters.Predicates = []ontology.Predicate{}
	}
	if inv.Filters.Types == nil {
		inv.Filters.Types = []ontology.EntityType{}
	}
	return &inv
}

func strOr(p *string, def string) string {
	if p == nil {
		return def
	}
	return *p
}
