package server

import (
	"context"
	"time"

	"github.com/99designs/gqlgen/complexity"
	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/newsgraph/newsgraph/graph"
	"github.com/newsgraph/newsgraph/ontology"
	"github.com/newsgraph/newsgraph/resolvers/generated"
	"github.com/newsgraph/newsgraph/resolvers/model"
)

// Limits bound what one GraphQL operation may ask for. They are checked
// before any resolver runs, so a refused query costs no store work.
type Limits struct {
	// MaxComplexity bounds the operation's cost (see setComplexity).
	MaxComplexity int
	// MaxDepth bounds how deeply selections nest.
	MaxDepth int
}

// DefaultLimits are generous for the explorer and the playground, tight for
// abuse: a 2-hop neighborhood of 200 nodes with their relations and evidence
// passes; a 10-level nesting of relations does not.
var DefaultLimits = Limits{MaxComplexity: 50000, MaxDepth: 12}

// queryLimits is the gqlgen extension that enforces Limits.
type queryLimits struct {
	limits Limits
	es     graphql.ExecutableSchema
}

func (q *queryLimits) ExtensionName() string { return "QueryLimits" }

func (q *queryLimits) Validate(es graphql.ExecutableSchema) error {
	q.es = es
	return nil
}

func (q *queryLimits) MutateOperationContext(ctx context.Context, op *graphql.OperationContext) *gqlerror.Error {
	o := op.Doc.Operations.ForName(op.OperationName)
	if o == nil {
		return nil
	}
	if d := depth(o.SelectionSet, op.Doc.Fragments, 0); d > q.limits.MaxDepth {
		return gqlError(ctx, CodeComplexity, "query is %d levels deep, more than the limit of %d", d, q.limits.MaxDepth)
	}
	if c := complexity.Calculate(ctx, q.es, o, op.Variables); c > q.limits.MaxComplexity {
		return gqlError(ctx, CodeComplexity, "query has complexity %d, more than the limit of %d: ask for fewer items (first, limit) or fewer nested fields", c, q.limits.MaxComplexity)
	}
	return nil
}

// depth returns the nesting depth of a selection set, following fragments
// (each fragment at most once per path, so cycles cannot loop).
func depth(set ast.SelectionSet, frags ast.FragmentDefinitionList, seen int) int {
	if seen > 64 {
		return seen
	}
	best := 0
	for _, sel := range set {
		var d int
		switch s := sel.(type) {
		case *ast.Field:
			if s.Name == "__schema" || s.Name == "__type" {
				// introspection (GraphiQL's query is 15 levels deep) is
				// bounded by the schema itself; it can be turned off
				continue
			}
			if len(s.SelectionSet) > 0 {
				d = 1 + depth(s.SelectionSet, frags, seen+1)
			} else {
				d = 1
			}
		case *ast.InlineFragment:
			d = depth(s.SelectionSet, frags, seen+1)
		case *ast.FragmentSpread:
			if f := frags.ForName(s.Name); f != nil {
				d = depth(f.SelectionSet, frags, seen+1)
			}
		}
		best = max(best, d)
	}
	return best
}

// setComplexity gives list fields a cost that reflects the work they do:
// the number of items they may return times the cost of each.
func setComplexity(c *generated.ComplexityRoot) {
	pageSize := func(first *int) int {
		if first == nil || *first <= 0 {
			return 50
		}
		return min(*first, graph.MaxPage)
	}
	c.Query.Entities = func(child int, _ *string, _ []ontology.EntityType, first *int, _ *string) int {
		return 10 + pageSize(first)*child
	}
	c.Query.Relations = func(child int, _ []ontology.Predicate, first *int, _ *string) int {
		return 10 + pageSize(first)*child
	}
	c.Query.Documents = func(child int, _, _ *time.Time, first *int, _ *string) int {
		return 10 + pageSize(first)*child
	}
	c.Entity.Relations = func(child int, _ *model.Direction, _ []ontology.Predicate, _ []ontology.EntityType, first *int, _ *string) int {
		return 5 + pageSize(first)*child
	}
	c.Query.Neighborhood = func(child int, _ []string, _ *int, _ []ontology.Predicate, _ []ontology.EntityType, _ *model.Direction, _, _ *time.Time, _ *float64, limit *int, _ *int) int {
		n := 200
		if limit != nil && *limit > 0 {
			n = *limit
		}
		return 50 + n*child/4
	}
	c.Query.Paths = func(child int, _, _ string, maxDepth *int, first *int, _ []ontology.Predicate, _ *model.Direction) int {
		k, d := 3, 4
		if first != nil && *first > 0 {
			k = *first
		}
		if maxDepth != nil && *maxDepth > 0 {
			d = *maxDepth
		}
		return 50 + k*d*child
	}
	c.Relation.Evidence = func(child int) int { return 2 + 5*child }
	c.Relation.Claims = func(child int) int { return 2 + 5*child }
	c.Document.Mentions = func(child int) int { return 5 + 20*child }
	c.Document.Claims = func(child int) int { return 5 + 20*child }
	c.Document.Entities = func(child int) int { return 5 + 20*child }
	c.Entity.Documents = func(child int, first *int, _ *string) int { return 5 + pageSize(first)*child }
	c.Entity.Timeline = func(child int, first *int) int { return 5 + pageSize(first)*child }
	c.Entity.Neighbors = func(child int, _ *model.Direction, _ []ontology.Predicate, _ []ontology.EntityType, _, _ *time.Time, limit *int) int {
		return 5 + pageSize(limit)*child
	}
	c.Entity.AliasSources = func(child int) int { return 5 + 10*child }
}
