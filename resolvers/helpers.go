package resolvers

import (
	"context"
	"strings"
	"time"

	"github.com/newsgraph/newsgraph/graph"
)

// entity loads one entity through the request's loader.
func (r *Resolver) entity(ctx context.Context, id string) (*graph.Entity, error) {
	e, err := r.loaders(ctx).Entity.Load(ctx, id)
	if err != nil {
		return nil, err
	}
	return &e, nil
}

// document loads one document's metadata through the request's loader.
func (r *Resolver) document(ctx context.Context, id string) (*graph.Document, error) {
	d, err := r.loaders(ctx).Document.Load(ctx, id)
	if err != nil {
		return nil, err
	}
	return &d, nil
}

// claims loads the claims behind a relation through the request's loader.
func (r *Resolver) claims(ctx context.Context, relationID string) ([]graph.Claim, error) {
	return r.loaders(ctx).Claims.Load(ctx, relationID)
}

// primeEntities seeds the entity loader with entities a traversal already
// returned, so their relations' subjects and objects cost no read.
func (r *Resolver) primeEntities(ctx context.Context, ents []graph.Entity) {
	l := r.loaders(ctx).Entity
	for _, e := range ents {
		l.Prime(e.ID, e)
	}
}

// seen returns the earliest and latest dates of an entity's relations.
func (r *Resolver) seen(ctx context.Context, id string) (first, last *time.Time, err error) {
	page, err := r.Store.Relations(ctx, id, graph.RelationFilter{}, graph.Page{First: graph.MaxPage})
	if err != nil {
		return nil, nil, err
	}
	var f, l time.Time
	for _, rel := range page.Relations {
		if !rel.FirstSeen.IsZero() && (f.IsZero() || rel.FirstSeen.Before(f)) {
			f = rel.FirstSeen
		}
		if rel.LastSeen.After(l) {
			l = rel.LastSeen
		}
	}
	return optTime(f), optTime(l), nil
}

// node fetches any object by its global ID.
func (r *Resolver) node(ctx context.Context, id string) (graph.Node, error) {
	var (
		n   graph.Node
		err error
	)
	switch {
	case strings.HasPrefix(id, "doc:"):
		n, err = r.Store.Document(ctx, id, false)
	case strings.HasPrefix(id, "rel:"):
		n, err = r.Store.Relation(ctx, id)
	case strings.HasPrefix(id, "claim:"):
		n, err = r.Store.Claim(ctx, id)
	default:
		n, err = r.Store.Entity(ctx, id)
	}
	if graph.IsNotFound(err) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return n, nil
}
