package export

import (
	"context"
	"fmt"

	"github.com/newsgraph/newsgraph/graph"
	"github.com/newsgraph/newsgraph/stix"
)

// loadDesk reads every note and investigation (as a report) into g.
func loadDesk(ctx context.Context, s *graph.Store, g *Graph) error {
	notes, err := s.AllNotes(ctx)
	if err != nil {
		return fmt.Errorf("export: read notes: %w", err)
	}
	invs, err := s.Investigations(ctx)
	if err != nil {
		return fmt.Errorf("export: read investigations: %w", err)
	}
	g.Notes = notes
	for _, inv := range invs {
		g.Reports = append(g.Reports, stix.InvestigationReport(inv))
	}
	return nil
}

// Investigation reads what the STIX export of one investigation holds: the
// entities in its view that are still in the graph, the relations among
// them with their evidence, the investigation as a report, and its notes
// and those on its entities, relations and their claims.
func Investigation(ctx context.Context, s *graph.Store, inv graph.Investigation) (*Graph, error) {
	ids := make([]string, len(inv.Nodes))
	in := make(map[string]bool, len(inv.Nodes))
	for i, n := range inv.Nodes {
		ids[i], in[n.ID] = n.ID, true
	}
	ents, err := s.Entities(ctx, ids)
	if err != nil {
		return nil, fmt.Errorf("export: read the entities of %s: %w", inv.ID, err)
	}
	g := &Graph{Reports: []stix.Report{stix.InvestigationReport(inv)}}
	for _, e := range ents {
		if e.ID != "" {
			g.Entities = append(g.Entities, e)
		}
	}
	for _, e := range g.Entities {
		for after := ""; ; {
			page, err := s.Relations(ctx, e.ID, graph.RelationFilter{Direction: graph.Out}, graph.Page{First: graph.MaxPage, After: after})
			if err != nil {
				return nil, fmt.Errorf("export: read the relations of %s: %w", e.ID, err)
			}
			for _, r := range page.Relations {
				if in[r.Object] {
					g.Relations = append(g.Relations, r)
				}
			}
			if !page.HasNext {
				break
			}
			after = page.EndCursor
		}
	}
	if err := LoadEvidence(ctx, s, g); err != nil {
		return nil, err
	}
	targets := []string{inv.ID}
	for _, e := range g.Entities {
		targets = append(targets, e.ID)
	}
	for _, r := range g.Relations {
		targets = append(targets, r.ID)
		for _, c := range g.Claims[r.ID] {
			targets = append(targets, c.NodeID())
		}
	}
	notes, err := s.Notes(ctx, targets)
	if err != nil {
		return nil, fmt.Errorf("export: read the notes of %s: %w", inv.ID, err)
	}
	for _, t := range targets {
		g.Notes = append(g.Notes, notes[t]...)
		delete(notes, t) // a target named twice gives its notes once
	}
	return g, nil
}
