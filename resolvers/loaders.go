package resolvers

import (
	"context"
	"net/http"
	"time"

	"github.com/vikstrous/dataloadgen"

	"github.com/newsgraph/newsgraph/graph"
)

// Loaders batch the store reads of one request: a page of 100 relations
// asking for their subjects, objects and evidence documents costs one read of
// each kind, not 100.
type Loaders struct {
	Entity   *dataloadgen.Loader[string, graph.Entity]
	Claims   *dataloadgen.Loader[string, []graph.Claim]
	Document *dataloadgen.Loader[string, graph.Document]
}

// loaderWait is how long a loader collects keys before one batched read. The
// resolvers of a list run concurrently, so a short wait is enough.
const loaderWait = 200 * time.Microsecond

// NewLoaders returns fresh loaders over store.
func NewLoaders(store Loader) *Loaders {
	opts := []dataloadgen.Option{dataloadgen.WithWait(loaderWait), dataloadgen.WithBatchCapacity(1000)}
	l := &Loaders{}
	*l = Loaders{
		Entity: dataloadgen.NewLoader(func(ctx context.Context, ids []string) ([]graph.Entity, []error) {
			ents, err := store.Entities(ctx, ids)
			return fill(ents, ids, err, func(e graph.Entity) bool { return e.ID != "" }, "entity")
		}, opts...),
		Claims: dataloadgen.NewLoader(func(ctx context.Context, ids []string) ([][]graph.Claim, []error) {
			m, err := store.Claims(ctx, ids)
			out := make([][]graph.Claim, len(ids))
			if err != nil {
				return out, repeat(err, len(ids))
			}
			// the evidence of these claims names their documents: read
			// those in one batch too
			var docs []string
			for i, id := range ids {
				out[i] = m[id]
				for _, c := range m[id] {
					if graph.IsDocumentID(c.Document) {
						docs = append(docs, c.Document)
					}
				}
			}
			if len(docs) > 0 {
				l.Document.LoadAllThunk(ctx, docs)
			}
			return out, nil
		}, opts...),
		Document: dataloadgen.NewLoader(func(ctx context.Context, ids []string) ([]graph.Document, []error) {
			docs, err := store.DocumentsByID(ctx, ids)
			return fill(docs, ids, err, func(d graph.Document) bool { return d.ID != "" }, "document")
		}, opts...),
	}
	return l
}

// fill turns a batched answer into per-key errors: not found where ok is false.
func fill[T any](vals []T, ids []string, err error, ok func(T) bool, kind string) ([]T, []error) {
	if err != nil {
		return make([]T, len(ids)), repeat(err, len(ids))
	}
	var errs []error
	for i, v := range vals {
		if !ok(v) {
			if errs == nil {
				errs = make([]error, len(ids))
			}
			errs[i] = graph.Errorf(graph.ENOTFOUND, "no %s %q", kind, ids[i])
		}
	}
	return vals, errs
}

func repeat(err error, n int) []error {
	errs := make([]error, n)
	for i := range errs {
		errs[i] = err
	}
	return errs
}

type loadersKey struct{}

// WithLoaders returns ctx carrying fresh loaders.
func WithLoaders(ctx context.Context, store Loader) context.Context {
	return context.WithValue(ctx, loadersKey{}, NewLoaders(store))
}

// Middleware gives every HTTP request its own loaders.
func Middleware(store Loader, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		next.ServeHTTP(w, r.WithContext(WithLoaders(r.Context(), store)))
	})
}

// loaders returns the request's loaders, or fresh ones when the caller did
// not install any (a query run outside HTTP).
func (r *Resolver) loaders(ctx context.Context) *Loaders {
	if l, ok := ctx.Value(loadersKey{}).(*Loaders); ok {
		return l
	}
	return NewLoaders(r.Store)
}
