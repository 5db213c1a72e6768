package resolvers

import (
	"context"
	"encoding/json"
	"errors"
	"reflect"
	"sync/atomic"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/newsgraph/newsgraph/graph"
	"github.com/newsgraph/newsgraph/resolvers/generated"
)

// The fast path executes the traversal queries an explorer and a script send
// most (neighborhood and paths, with the fields of entities and relations
// that their structs already hold) without gqlgen's per-field machinery.
// gqlgen spends some microseconds on every field of every list element (a
// field context, a field set, a marshaler); a 2-hop neighborhood of 200
// entities and 400 relations is thousands of fields, several times the
// traversal itself. The fast path compiles the selection set once per
// request into a plan and writes the JSON straight from the store's answer.
//
// It is a gqlgen extension, an operation interceptor added after every
// other one: parsing, validation, the limits, persisted queries and every
// interceptor around operations (authorization, metrics) run for its
// answers as for gqlgen's. It is an optimization only: the answer is byte
// for byte what gqlgen writes (server/fast_test.go compares them on many
// queries), errors of the store included, and anything outside its reach
// (another root field, a field with a resolver that reads the store, @defer,
// a mutation) makes it decline, and gqlgen executes the operation as usual.
// Its view of the schema (fastSpecs) is checked against the schema and the
// generated resolvers when the handler starts (Validate).

// FastPath is the gqlgen extension of the fast path (see above).
type FastPath struct {
	store    Traverser
	present  graphql.ErrorPresenterFunc
	answered func()
	types    map[string]fastType
	preds    predicateTable
	// size is the length of the last answer, the next buffer's capacity.
	size atomic.Int64
	// buffers are lent to responses whose transport recycles them.
	buffers buffers
}

var (
	_ graphql.HandlerExtension     = (*FastPath)(nil)
	_ graphql.OperationInterceptor = (*FastPath)(nil)
)

// FastPath returns the fast path over the resolver's store. present is the
// handler's error presenter (nil for gqlgen's default), which the fast path
// applies to the store's errors as gqlgen would; answered, if not nil, is
// called for every operation the fast path answers.
func (r *Resolver) FastPath(present graphql.ErrorPresenterFunc, answered func()) *FastPath {
	if present == nil {
		present = graphql.DefaultErrorPresenter
	}
	return &FastPath{store: r.Store, present: present, answered: answered, preds: predicateJSON()}
}

// ExtensionName names the extension.
func (f *FastPath) ExtensionName() string { return "FastPath" }

// Validate checks the fast path's view of the schema against the schema
// gqlgen serves and the resolvers it generated, and plans with it.
func (f *FastPath) Validate(es graphql.ExecutableSchema) error {
	types, err := checkFastTypes(fastSpecs(), es.Schema(), resolverFields(reflect.TypeFor[generated.ResolverRoot]()))
	if err != nil {
		return err
	}
	f.types = types
	return nil
}

// InterceptOperation answers the operation when the fast path can, and
// leaves it to gqlgen (next) otherwise.
func (f *FastPath) InterceptOperation(ctx context.Context, next graphql.OperationHandler) graphql.ResponseHandler {
	resp, ok := f.execute(ctx, graphql.GetOperationContext(ctx))
	if !ok {
		return next(ctx)
	}
	if f.answered != nil {
		f.answered()
	}
	return graphql.OneShot(resp)
}

// rootQuery is a planned root field with its store query.
type rootQuery struct {
	field fastField
	nq    graph.NeighborhoodQuery
	pq    graph.PathQuery
}

// execute runs a query operation on the fast path; ok is false when the
// fast path declines. A root field the store refuses is an error of the
// response, with data null, as gqlgen answers it (the root fields are not
// nullable).
func (f *FastPath) execute(ctx context.Context, op *graphql.OperationContext) (resp *graphql.Response, ok bool) {
	if f.types == nil || op == nil || op.Operation == nil || op.Operation.Operation != ast.Query {
		return nil, false
	}
	root, ok := plan(f.types, op, op.Operation.SelectionSet, "Query")
	if !ok || len(root) == 0 {
		return nil, false
	}
	// every argument first, so that the fast path declines before it reads
	queries := make([]rootQuery, len(root))
	for i, fl := range root {
		queries[i].field = fl
		switch fl.kind {
		case fNeighborhood:
			queries[i].nq, ok = neighborhoodArgs(fl.field.ArgumentMap(op.Variables))
		case fPaths:
			queries[i].pq, ok = pathArgs(fl.field.ArgumentMap(op.Variables))
		}
		if !ok {
			return nil, false
		}
	}
	bp, rec := f.buffers.take(ctx, int(f.size.Load())+512)
	lent := false
	defer func() {
		if !lent {
			f.buffers.give(rec, bp)
		}
	}()
	// the answer is written after the frame of its response, {"data": …},
	// so that a transport can send both without a copy (Framed)
	buf := append((*bp)[:0], dataFrame...)
	buf = append(buf, '{')
	var errs gqlerror.List
	for i, q := range queries {
		if i > 0 {
			buf = append(buf, ',')
		}
		buf = append(buf, q.field.key...)
		var err error
		switch q.field.kind {
		case fTypename:
			buf = appendQuoted(buf, "Query")
		case fNeighborhood:
			buf, ok, err = f.neighborhood(ctx, buf, q)
		case fPaths:
			buf, ok, err = f.paths(ctx, buf, q)
		default:
			return nil, false
		}
		if !ok {
			return nil, false
		}
		if err != nil {
			errs = append(errs, f.present(ctx, fieldError(err, q.field)))
		}
	}
	if len(errs) > 0 {
		return &graphql.Response{Errors: errs, Data: json.RawMessage("null")}, true
	}
	buf = append(buf, '}', '}')
	f.size.Store(int64(len(buf)))
	*bp, lent = buf, true
	f.buffers.lend(rec, bp)
	if rec != nil {
		rec.framed = buf
	}
	return &graphql.Response{Data: buf[len(dataFrame) : len(buf)-1]}, true
}

// neighborhood writes Query.neighborhood from the store's view of it.
func (f *FastPath) neighborhood(ctx context.Context, buf []byte, q rootQuery) ([]byte, bool, error) {
	ok := true
	err := f.store.ViewNeighborhood(ctx, q.nq, func(v *graph.SubgraphView) error {
		buf, ok = writePart(buf, f.preds, q.field.sub, part{elems: v, truncated: v.Truncated})
		return nil
	})
	return buf, ok, err
}

// paths writes Query.paths.
func (f *FastPath) paths(ctx context.Context, buf []byte, q rootQuery) ([]byte, bool, error) {
	paths, err := f.store.Paths(ctx, q.pq)
	if err != nil {
		return buf, true, err
	}
	buf = append(buf, '[')
	for j, p := range paths {
		if j > 0 {
			buf = append(buf, ',')
		}
		var ok bool
		if buf, ok = writePart(buf, f.preds, q.field.sub, part{elems: sliceElements{p.Nodes, p.Edges}, length: len(p.Edges)}); !ok {
			return buf, false, nil
		}
	}
	return append(buf, ']'), true, nil
}

// fieldError places a resolver's error on its root field, as gqlgen does
// before the error presenter sees it: the field's path and position.
func fieldError(err error, fl fastField) error {
	path := ast.Path{ast.PathName(fl.alias)}
	var loc []gqlerror.Location
	if pos := fl.field.Position; pos != nil && pos.Line != 0 {
		loc = []gqlerror.Location{{Line: pos.Line, Column: pos.Column}}
	}
	if gqlErr, ok := errors.AsType[*gqlerror.Error](err); ok {
		if gqlErr.Locations == nil {
			gqlErr.Locations = loc
		}
		if gqlErr.Path == nil {
			gqlErr.Path = path
		}
		return err
	}
	wrapped := gqlerror.WrapPath(path, err)
	wrapped.Locations = loc
	return wrapped
}
