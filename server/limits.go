package server

import (
	"context"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/newsgraph/newsgraph/graph"
	"github.com/newsgraph/newsgraph/ontology"
	"github.com/newsgraph/newsgraph/resolvers/generated"
	"github.com/newsgraph/newsgraph/resolvers/model"
)

// Limits bound what one GraphQL request may ask for. The size limits
// (MaxQueryBytes to MaxInputDepth) are checked before the query is parsed
// or validated, each in time linear in the request, so that no request can
// make the validator do quadratic work (see precheck.go); MaxComplexity and
// MaxDepth are checked after validation, before any resolver runs. A zero
// field takes its value from DefaultLimits.
type Limits struct {
	// MaxComplexity bounds the operation's cost (see setComplexity).
	MaxComplexity int
	// MaxDepth bounds how deeply selections nest.
	MaxDepth int
	// MaxQueryBytes bounds the query text (variables are not counted: they
	// carry the text of ingestDocument and are bounded by the body limit).
	MaxQueryBytes int
	// MaxTokens bounds the query's lexical tokens.
	MaxTokens int
	// MaxFragments bounds the fragment definitions of a document.
	MaxFragments int
	// MaxSelections bounds the fields, fragment spreads and inline fragments
	// the validator walks: those of every operation and every fragment
	// definition, with each fragment spread counted as the selections of its
	// fragment as often as it is spread.
	MaxSelections int
	// MaxMerged bounds how many fields answer one response key (fields of one
	// selection set, with its fragments and inline fragments, that share a
	// response name, and the fields below them): the validator compares them
	// in pairs.
	MaxMerged int
	// MaxDirectives, MaxAliases and MaxVariables bound the directives, the
	// aliased fields and the variable definitions of a document.
	MaxDirectives int
	MaxAliases    int
	MaxVariables  int
	// MaxInputValues bounds the JSON values (object keys included) of a
	// request's variables and extensions; MaxInputDepth bounds how deeply
	// lists and objects nest in them.
	MaxInputValues int
	MaxInputDepth  int
	// MaxErrors bounds the validation errors returned for one document.
	MaxErrors int
}

// DefaultLimits are generous for the explorer and the playground, tight for
// abuse: a 2-hop neighborhood of 200 nodes with their relations and evidence
// passes; a 10-level nesting of relations does not. The explorer's largest
// query (one aliased neighborhood per expanded node, four variables each)
// fits about 70 expansions; GraphiQL's introspection query uses 3 fragments
// and about 200 selections. At these limits the slowest document measured
// validates in a few milliseconds.
var DefaultLimits = Limits{
	MaxComplexity:  50000,
	MaxDepth:       12,
	MaxQueryBytes:  64 << 10,
	MaxTokens:      15000,
	MaxFragments:   50,
	MaxSelections:  2000,
	MaxMerged:      20,
	MaxDirectives:  50,
	MaxAliases:     200,
	MaxVariables:   300,
	MaxInputValues: 10000,
	MaxInputDepth:  32,
	MaxErrors:      20,
}

// withDefaults fills the zero fields of l from DefaultLimits.
func (l Limits) withDefaults() Limits {
	d := DefaultLimits
	for _, f := range []struct{ v, def *int }{
		{&l.MaxComplexity, &d.MaxComplexity}, {&l.MaxDepth, &d.MaxDepth},
		{&l.MaxQueryBytes, &d.MaxQueryBytes}, {&l.MaxTokens, &d.MaxTokens},
		{&l.MaxFragments, &d.MaxFragments}, {&l.MaxSelections, &d.MaxSelections},
		{&l.MaxMerged, &d.MaxMerged}, {&l.MaxDirectives, &d.MaxDirectives},
		{&l.MaxAliases, &d.MaxAliases}, {&l.MaxVariables, &d.MaxVariables},
		{&l.MaxInputValues, &d.MaxInputValues}, {&l.MaxInputDepth, &d.MaxInputDepth},
		{&l.MaxErrors, &d.MaxErrors},
	} {
		if *f.v <= 0 {
			*f.v = *f.def
		}
	}
	return l
}

// queryLimits is the gqlgen extension that enforces Limits. Before gqlgen
// parses a query it checks the document's size limits, parses and validates
// it itself (stopping when the request's context ends) and hands the
// validated document to gqlgen through the query cache; after validation it
// checks depth and complexity.
type queryLimits struct {
	limits Limits
	cache  docCache
	costs  *costs // of validated operations
	es     graphql.ExecutableSchema
}

func (q *queryLimits) ExtensionName() string { return "QueryLimits" }

func (q *queryLimits) Validate(es graphql.ExecutableSchema) error {
	q.es = es
	return nil
}

// MutateOperationParameters runs before gqlgen parses and validates the
// query (and after automatic persisted queries have filled it in). A valid
// document is handed to gqlgen, which then neither parses nor validates it
// again; an invalid one goes on to gqlgen's own validation, cheap within the
// limits, which lists its errors (at most MaxErrors, see cappedRules).
func (q *queryLimits) MutateOperationParameters(ctx context.Context, params *graphql.RawParams) *gqlerror.Error {
	if params.Query == "" {
		return nil // gqlgen answers "no operation provided"
	}
	if len(params.Query) > q.limits.MaxQueryBytes {
		return queryTooLarge(ctx, len(params.Query), q.limits.MaxQueryBytes)
	}
	if _, ok := q.cache.lru.Get(ctx, params.Query); ok {
		return nil // validated before, under the same limits
	}
	doc, err := parseChecked(ctx, params.Query, q.limits)
	if err != nil || doc == nil {
		return err
	}
	valid, err := validate(ctx, q.es.Schema(), doc)
	if err != nil {
		return err
	}
	if valid {
		q.cache.handOver(ctx, params.Query, doc)
	}
	return nil
}

func (q *queryLimits) MutateOperationContext(ctx context.Context, op *graphql.OperationContext) *gqlerror.Error {
	o := op.Doc.Operations.ForName(op.OperationName)
	if o == nil {
		return nil
	}
	c := q.costs.of(ctx, q.es, o, op.Doc.Fragments, op.Variables)
	if c.depth > q.limits.MaxDepth {
		return gqlError(ctx, CodeComplexity, "query is %d levels deep, more than the limit of %d", c.depth, q.limits.MaxDepth)
	}
	if c.complexity > q.limits.MaxComplexity {
		return gqlError(ctx, CodeComplexity, "query has complexity %d, more than the limit of %d: ask for fewer items (first, limit) or fewer nested fields", c.complexity, q.limits.MaxComplexity)
	}
	return nil
}

// depth returns the nesting depth of a selection set, following fragments.
// A fragment's depth is computed once (a fragment spreading another twice,
// in a chain, must not take exponential time); a fragment met again while
// its own depth is being computed (a cycle, which validation refuses) counts
// as 0.
func depth(set ast.SelectionSet, frags ast.FragmentDefinitionList) int {
	memo := make(map[string]int, len(frags))
	var walk func(set ast.SelectionSet, level int) int
	walk = func(set ast.SelectionSet, level int) int {
		if level > 64 {
			return level
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
				d = 1
				if len(s.SelectionSet) > 0 {
					d += walk(s.SelectionSet, level+1)
				}
			case *ast.InlineFragment:
				d = walk(s.SelectionSet, level+1)
			case *ast.FragmentSpread:
				if v, ok := memo[s.Name]; ok {
					d = v
				} else if f := frags.ForName(s.Name); f != nil {
					memo[s.Name] = 0
					d = walk(f.SelectionSet, level+1)
					memo[s.Name] = d
				}
			}
			best = max(best, d)
		}
		return best
	}
	return walk(set, 0)
}

// setComplexity gives list fields a cost that reflects the work they do:
// the number of items they may return times the cost of each. The functions
// read Int arguments only: the cost cache (costs) keys an operation on the
// values of its other variables, IDs and Strings left out.
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
	c.Query.Documents = func(child int, _, _ *time.Time, _ *string, first *int, _ *string) int {
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
	c.Entity.Timeline = func(child int, first *int, _ *string) int { return 5 + pageSize(first)*child }
	c.Entity.Neighbors = func(child int, _ *model.Direction, _ []ontology.Predicate, _ []ontology.EntityType, _, _ *time.Time, limit *int) int {
		return 5 + pageSize(limit)*child
	}
	c.Entity.AliasSources = func(child int) int { return 5 + 10*child }
	// an investigation holds up to 1,000 entities; its STIX export reads
	// their relations, evidence and notes
	c.Investigation.Nodes = func(child int) int { return 5 + 100*child }
	c.Investigation.Stix = func(int) int { return 2000 }
	c.Query.Investigations = func(child int) int { return 10 + 20*child }
}
