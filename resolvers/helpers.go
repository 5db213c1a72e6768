package resolvers

import (
	"context"
	"strings"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"

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

// selected returns the names of the fields selected at path below the
// current field (fragments included), e.g. selected(ctx, "edges", "node").
func selected(ctx context.Context, path ...string) map[string]bool {
	fc := graphql.GetFieldContext(ctx)
	op := graphql.GetOperationContext(ctx)
	if fc == nil || op == nil || fc.Field.Field == nil {
		return nil
	}
	sets := []ast.SelectionSet{fc.Field.Selections}
	for _, name := range path {
		var next []ast.SelectionSet
		for _, set := range sets {
			for _, f := range graphql.CollectFields(op, set, nil) {
				if f.Name == name {
					next = append(next, f.Selections)
				}
			}
		}
		sets = next
	}
	out := map[string]bool{}
	for _, set := range sets {
		for _, f := range graphql.CollectFields(op, set, nil) {
			out[f.Name] = true
		}
	}
	return out
}

// prefetchRelations starts one batched read of the entities and claims that
// the selection on a list of relations will ask for, so that resolving each
// relation's fields in its own goroutine does not split the batch.
func (r *Resolver) prefetchRelations(ctx context.Context, rels []graph.Relation, fields map[string]bool) {
	if len(rels) == 0 || len(fields) == 0 {
		return
	}
	l := r.loaders(ctx)
	if fields["subject"] || fields["object"] {
		ids := make([]string, 0, 2*len(rels))
		for _, rel := range rels {
			ids = append(ids, rel.Subject, rel.Object)
		}
		l.Entity.LoadAllThunk(ctx, ids)
	}
	if fields["claims"] || fields["evidence"] || fields["confidence"] || fields["about"] {
		ids := make([]string, len(rels))
		for i, rel := range rels {
			ids[i] = rel.ID
		}
		l.Claims.LoadAllThunk(ctx, ids)
	}
}

func (r *Resolver) export(ctx context.Context, format string, ents []graph.Entity, rels []graph.Relation) (string, error) {
	if r.Export == nil {
		return "", graph.Errorf(graph.EINVALID, "this server does not export")
	}
	return r.Export(ctx, format, ents, rels)
}

// entitiesOf loads the entities that n parents name (id(i); "" for none) in
// one batch of the request's entity loader: a whole list of relations costs
// one read, and entities a traversal already returned cost none.
func (r *Resolver) entitiesOf(ctx context.Context, n int, id func(int) string) ([]*graph.Entity, error) {
	ids := make([]string, 0, n)
	for i := 0; i < n; i++ {
		if x := id(i); x != "" {
			ids = append(ids, x)
		}
	}
	ents, err := r.loaders(ctx).Entity.LoadAll(ctx, ids)
	if err != nil {
		return nil, err
	}
	out := make([]*graph.Entity, n)
	k := 0
	for i := 0; i < n; i++ {
		if id(i) != "" {
			out[i] = &ents[k]
			k++
		}
	}
	return out, nil
}

// documentsOf loads the documents that n parents name; structured sources
// (a STIX bundle) are not documents and give nil.
func (r *Resolver) documentsOf(ctx context.Context, n int, id func(int) string) ([]*graph.Document, error) {
	ids := make([]string, 0, n)
	for i := 0; i < n; i++ {
		if x := id(i); graph.IsDocumentID(x) {
			ids = append(ids, x)
		}
	}
	docs, err := r.loaders(ctx).Document.LoadAll(ctx, ids)
	if err != nil {
		return nil, err
	}
	out := make([]*graph.Document, n)
	k := 0
	for i := 0; i < n; i++ {
		if graph.IsDocumentID(id(i)) {
			out[i] = &docs[k]
			k++
		}
	}
	return out, nil
}

// claimsOf loads the claims behind each relation in one batch.
func (r *Resolver) claimsOf(ctx context.Context, rels []*graph.Relation) ([][]graph.Claim, error) {
	ids := make([]string, len(rels))
	for i, rel := range rels {
		ids[i] = rel.ID
	}
	return r.loaders(ctx).Claims.LoadAll(ctx, ids)
}
