package resolvers

import (
	"context"

	"github.com/newsgraph/newsgraph/graph"
)

// Disputer is what the dispute fields read and the dispute mutations change
// (graph.Store implements it).
type Disputer interface {
	RelationDisputes(ctx context.Context, relationIDs []string) (map[string][]graph.Dispute, error)
	Disputes(ctx context.Context, f graph.DisputeFilter, p graph.Page) (graph.DisputePage, error)
	DisputeRelation(ctx context.Context, r graph.Retraction) (graph.Relation, error)
	UndisputeRelation(ctx context.Context, relationID string) (int, error)
}

// disputesOf returns the disputes of each relation, in one store call.
func (r *Resolver) disputesOf(ctx context.Context, rels []*graph.Relation) ([][]graph.Dispute, error) {
	ids := make([]string, len(rels))
	for i, rel := range rels {
		ids[i] = rel.ID
	}
	m, err := r.Store.RelationDisputes(ctx, ids)
	if err != nil {
		return nil, err
	}
	out := make([][]graph.Dispute, len(rels))
	for i, id := range ids {
		out[i] = m[id]
		if out[i] == nil {
			out[i] = []graph.Dispute{}
		}
	}
	return out, nil
}
