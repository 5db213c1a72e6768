package server

import (
	"context"
	"errors"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler/lru"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
	"github.com/vektah/gqlparser/v2/validator"
	"github.com/vektah/gqlparser/v2/validator/core"
	"github.com/vektah/gqlparser/v2/validator/rules"
)

// stopValidation is what validate's rules panic with to end the walk early:
// err is the request's context error, or nil for the first validation error.
type stopValidation struct{ err error }

// validate runs gqlparser's default rules on doc and reports whether it is
// valid. It stops at the first error (gqlgen lists the errors afterwards, see
// queryLimits) and when ctx ends: the walk checks ctx before every field,
// fragment and value, so a client that goes away or a deadline that passes
// ends it. gqlparser takes no context, so the check is a rule of its own;
// the rule that compares fields in pairs runs once per selection set, and
// the Limits checked before keep each such run short.
func validate(ctx context.Context, schema *ast.Schema, doc *ast.QueryDocument) (valid bool, stop *gqlerror.Error) {
	set := rules.NewRules()
	for name, rule := range rules.NewDefaultRules().GetInner() {
		set.AddRule(name, func(ev *core.Events, _ core.AddErrFunc) {
			rule(ev, func(...core.ErrorOption) { panic(stopValidation{}) })
		})
	}
	check := func() {
		if err := ctx.Err(); err != nil {
			panic(stopValidation{err: err})
		}
	}
	// the name sorts before the other rules', so the check runs first
	set.AddRule("AAContextDone", func(ev *core.Events, _ core.AddErrFunc) {
		ev.OnOperation(func(*core.Walker, *ast.OperationDefinition) { check() })
		ev.OnFragment(func(*core.Walker, *ast.FragmentDefinition) { check() })
		ev.OnField(func(*core.Walker, *ast.Field) { check() })
		ev.OnFragmentSpread(func(*core.Walker, *ast.FragmentSpread) { check() })
		ev.OnInlineFragment(func(*core.Walker, *ast.InlineFragment) { check() })
		ev.OnValue(func(*core.Walker, *ast.Value) { check() })
	})
	defer func() {
		r := recover()
		if r == nil {
			return
		}
		s, ok := r.(stopValidation)
		if !ok {
			panic(r)
		}
		valid = false
		if s.err != nil {
			stop = stopped(ctx, s.err)
		}
	}()
	check()
	validator.ValidateWithRules(schema, doc, set)
	return true, nil
}

// stopped is the error of a request whose context ended (with err) before
// its query was validated.
func stopped(ctx context.Context, err error) *gqlerror.Error {
	if errors.Is(err, context.DeadlineExceeded) {
		return gqlError(ctx, CodeTimeout, "the request took too long and was stopped")
	}
	return gqlError(ctx, CodeTimeout, "the request was cancelled")
}

// cappedRules returns gqlgen's validation rules (gqlparser's defaults) with
// at most max errors per document: the errors after those are dropped, and
// one more says so. (10,000 unknown directives once gave 1.7 MB of errors.)
func cappedRules(max int) func() *rules.Rules {
	return func() *rules.Rules {
		n := 0
		set := rules.NewRules()
		for name, rule := range rules.NewDefaultRules().GetInner() {
			set.AddRule(name, func(ev *core.Events, addError core.AddErrFunc) {
				rule(ev, func(opts ...core.ErrorOption) {
					n++
					switch {
					case n <= max:
						addError(opts...)
					case n == max+1:
						addError(core.Message("more validation errors were found; only the first %d are shown", max))
					}
				})
			})
		}
		return set
	}
}

// docCache is the executor's query cache of validated documents. It also
// hands gqlgen the document queryLimits has just parsed and validated for
// the request being served, so that gqlgen does neither again, even if the
// LRU has evicted it meanwhile.
type docCache struct {
	lru *lru.LRU[*ast.QueryDocument]
}

var _ graphql.Cache[*ast.QueryDocument] = docCache{}

// handOver stores doc, the validated document of query, for the request of
// ctx and for later requests.
func (c docCache) handOver(ctx context.Context, query string, doc *ast.QueryDocument) {
	c.lru.Add(ctx, query, doc)
	if graphql.HasOperationContext(ctx) {
		// gqlgen sets Doc from what Get returns right after the parameter
		// mutators have run
		graphql.GetOperationContext(ctx).Doc = doc
	}
}

// Get returns the document handed over for this request, else the cached one.
func (c docCache) Get(ctx context.Context, query string) (*ast.QueryDocument, bool) {
	if graphql.HasOperationContext(ctx) {
		if op := graphql.GetOperationContext(ctx); op.Doc != nil && op.RawQuery == query {
			return op.Doc, true
		}
	}
	return c.lru.Get(ctx, query)
}

// Add caches a document gqlgen has validated.
func (c docCache) Add(ctx context.Context, query string, doc *ast.QueryDocument) {
	c.lru.Add(ctx, query, doc)
}
