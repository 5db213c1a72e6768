// Package server is newsgraph's HTTP face: the GraphQL endpoint, the
// embedded GraphiQL playground and graph explorer, health and metrics.
package server

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/hex"
	"log/slog"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler"
	"github.com/99designs/gqlgen/graphql/handler/extension"
	"github.com/99designs/gqlgen/graphql/handler/lru"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/newsgraph/newsgraph/export"
	"github.com/newsgraph/newsgraph/graph"
	"github.com/newsgraph/newsgraph/resolvers"
	"github.com/newsgraph/newsgraph/resolvers/generated"
	"github.com/newsgraph/newsgraph/server/web"
	"github.com/newsgraph/newsgraph/taxii"
)

// Config wires the server.
type Config struct {
	Store *graph.Store
	// API is what the resolvers read; nil means Store. Tests wrap the store
	// here to count reads.
	API    resolvers.Store
	Ingest resolvers.Ingester // nil refuses ingestDocument
	// Feeds are the feeds the server polls (a *watch.Poller); nil refuses
	// addFeed and removeFeed, and feeds is empty.
	Feeds resolvers.Feeds
	// Token, when set, is required as "Authorization: Bearer <token>" for
	// every mutation (the scheme's name in any case, as RFC 7235 says).
	Token string
	// ReadOnly refuses every mutation.
	ReadOnly bool
	// TAXIIWrite lets TAXII clients add objects (taxii.Config.Write).
	TAXIIWrite bool
	// AllowOrigins lists the origins allowed to call /graphql from a browser
	// page of another origin (CORS); empty allows none.
	AllowOrigins []string
	// NoIntrospection turns GraphQL introspection off.
	NoIntrospection bool
	// Timeout bounds each request (default 30s); the store work stops with it.
	Timeout time.Duration
	// MaxBodyBytes bounds a request body (default 8 MiB: an ingestDocument
	// of the largest document ingest takes, 5 MiB, JSON-escaped). The query
	// text has a limit of its own, Limits.MaxQueryBytes.
	MaxBodyBytes int64
	// Limits bound each GraphQL request; zero fields take DefaultLimits'.
	Limits Limits
	// NoFastPath makes gqlgen execute every query (see
	// resolvers.FastPath); tests compare the two.
	NoFastPath bool
	Logger     *slog.Logger
	Metrics    *Metrics
}

// New returns the HTTP handler.
func New(cfg Config) http.Handler {
	if cfg.Timeout <= 0 {
		cfg.Timeout = 30 * time.Second
	}
	if cfg.MaxBodyBytes <= 0 {
		cfg.MaxBodyBytes = 8 << 20
	}
	cfg.Limits = cfg.Limits.withDefaults()
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.Metrics == nil {
		cfg.Metrics = NewMetrics(cfg.Store)
	}
	mux := http.NewServeMux()
	gql := GraphQLHandler(cfg)
	mux.Handle("/graphql", cfg.cors(resolvers.Middleware(cfg.api(), gql)))
	// the pages carry their own security headers (web.ContentSecurityPolicy)
	playground, explorer := web.Playground(), web.Explorer()
	mux.Handle("GET /playground", playground)
	mux.Handle("GET /playground/", playground)
	mux.Handle("GET /{$}", explorer)
	mux.Handle("GET /explorer/", explorer)
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		if err := cfg.Store.Ping(r.Context()); err != nil {
			cfg.Logger.ErrorContext(r.Context(), "healthz", "err", err)
			http.Error(w, "store unavailable", http.StatusServiceUnavailable)
			return
		}
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Write([]byte("ok\n"))
	})
	mux.Handle("GET /metrics", cfg.Metrics.Handler())
	mux.HandleFunc("GET /admin/backup", cfg.backup)
	mux.Handle(taxii.Root, taxii.New(taxii.Config{Store: cfg.Store, Token: cfg.Token, Write: cfg.TAXIIWrite, Logger: cfg.Logger}))
	return requestID(cfg.Metrics.instrument(logRequests(cfg.Logger, withTimeout(cfg.Timeout, limitBody(cfg.MaxBodyBytes, mux)))))
}

// exportSubgraph writes a subgraph of the explorer's view in a file format.
func (cfg Config) exportSubgraph(ctx context.Context, format string, ents []graph.Entity, rels []graph.Relation) (string, error) {
	var b strings.Builder
	var err error
	switch format {
	case "cytoscape":
		err = export.WriteCytoscape(&b, ents, rels)
	case "graphml":
		err = export.WriteGraphML(&b, ents, rels)
	case "stix":
		g := &export.Graph{Entities: ents, Relations: rels}
		if err = export.LoadEvidence(ctx, cfg.Store, g); err == nil {
			err = export.WriteSTIX(&b, g)
		}
	default:
		return "", graph.Errorf(graph.EINVALID, "unknown export format %q", format)
	}
	return b.String(), err
}

// exportInvestigation writes an investigation as a STIX 2.1 bundle: a
// report, its entities and their relations, and the notes on them.
func (cfg Config) exportInvestigation(ctx context.Context, inv graph.Investigation) (string, error) {
	g, err := export.Investigation(ctx, cfg.Store, inv)
	if err != nil {
		return "", err
	}
	var b strings.Builder
	err = export.WriteSTIX(&b, g)
	return b.String(), err
}

// backup streams a consistent copy of the bolt store (newsgraph backup uses
// it while the server holds the file). It needs the token when one is set,
// and is refused on a read-only server only if no token protects it.
func (cfg Config) backup(w http.ResponseWriter, r *http.Request) {
	if cfg.Token != "" {
		got, _ := bearerToken(r.Header.Get("Authorization"))
		if subtle.ConstantTimeCompare([]byte(got), []byte(cfg.Token)) != 1 {
			w.Header().Set("WWW-Authenticate", "Bearer")
			refuse(w, http.StatusUnauthorized, CodeUnauthenticated, "backup needs the bearer token (Authorization: Bearer …)")
			return
		}
	}
	w.Header().Set("Content-Type", "application/octet-stream")
	if _, err := cfg.Store.Backup(r.Context(), w); err != nil {
		cfg.Logger.ErrorContext(r.Context(), "backup", "err", err)
		if graph.ErrorCode(err) == graph.EINVALID {
			refuse(w, http.StatusBadRequest, CodeBadUserInput, "%s", graph.ErrorMessage(err))
		}
		return
	}
}

// GraphQLHandler returns the bare GraphQL handler (no loaders middleware).
func GraphQLHandler(cfg Config) http.Handler {
	limits := cfg.Limits.withDefaults()
	resolver := &resolvers.Resolver{Store: cfg.api(), Ingest: cfg.Ingest, Export: cfg.exportSubgraph,
		ExportInvestigation: cfg.exportInvestigation}
	if cfg.Feeds != nil {
		resolver.Feeds = meteredFeeds{cfg.Feeds, cfg.Metrics}
	}
	gcfg := generated.Config{Resolvers: resolver}
	setComplexity(&gcfg.Complexity)
	srv := handler.New(generated.NewExecutableSchema(gcfg))
	srv.AddTransport(postJSON{limits: limits})
	srv.AddTransport(getQuery{limits: limits})
	srv.AddTransport(unsupported{}) // last: it takes every request
	cache := docCache{lru: lru.New[*ast.QueryDocument](1000)}
	srv.SetQueryCache(cache)
	// queryLimits parses and validates before gqlgen does; gqlgen's own
	// parser and validator, which still run on invalid documents, get the
	// same bounds
	srv.SetParserTokenLimit(limits.MaxTokens)
	srv.SetValidationRulesFn(cappedRules(limits.MaxErrors))
	if !cfg.NoIntrospection {
		srv.Use(extension.Introspection{})
	}
	srv.Use(extension.AutomaticPersistedQuery{Cache: lru.New[string](1000)})
	// after automatic persisted queries, which fill in the query
	srv.Use(&queryLimits{limits: limits, cache: cache, costs: newCosts(1000)})
	present := errorPresenter(cfg.Logger)
	srv.SetErrorPresenter(present)
	srv.SetRecoverFunc(recoverFunc(cfg.Logger))
	srv.AroundOperations(func(ctx context.Context, next graphql.OperationHandler) graphql.ResponseHandler {
		op := graphql.GetOperationContext(ctx)
		if op.Operation != nil && op.Operation.Operation == ast.Mutation {
			if err := cfg.allowMutation(ctx); err != nil {
				return graphql.OneShot(&graphql.Response{Errors: []*gqlerror.Error{err}})
			}
		}
		return cfg.Metrics.operation(op, next(ctx))
	})
	if !cfg.NoFastPath {
		// last, so that every interceptor above runs around it
		srv.Use(resolver.FastPath(present, cfg.Metrics.fast.Inc))
	}
	return srv
}

func (cfg Config) api() resolvers.Store {
	if cfg.API != nil {
		return cfg.API
	}
	return cfg.Store
}

// allowMutation checks the bearer token and the read-only switch.
func (cfg Config) allowMutation(ctx context.Context) *gqlerror.Error {
	if cfg.ReadOnly || cfg.Store.ReadOnly() {
		return gqlError(ctx, CodeForbidden, "this server is read-only: mutations are refused")
	}
	if cfg.Token == "" {
		return nil
	}
	got, _ := ctx.Value(bearerKey{}).(string)
	if subtle.ConstantTimeCompare([]byte(got), []byte(cfg.Token)) != 1 {
		return gqlError(ctx, CodeUnauthenticated, "mutations need a valid bearer token (Authorization: Bearer …)")
	}
	return nil
}

type bearerKey struct{}

// bearerToken returns the token of an Authorization header of the Bearer
// scheme, whose name is case-insensitive (RFC 7235, section 2.1).
func bearerToken(header string) (string, bool) {
	scheme, token, ok := strings.Cut(strings.TrimSpace(header), " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return "", false
	}
	return strings.TrimSpace(token), true
}

// cors answers preflights and sets CORS headers for allowed origins only;
// it also records the bearer token for allowMutation.
func (cfg Config) cors(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if tok, ok := bearerToken(r.Header.Get("Authorization")); ok {
			r = r.WithContext(context.WithValue(r.Context(), bearerKey{}, tok))
		}
		origin := r.Header.Get("Origin")
		if origin != "" && slices.Contains(cfg.AllowOrigins, origin) {
			h := w.Header()
			h.Set("Access-Control-Allow-Origin", origin)
			h.Set("Vary", "Origin")
			h.Set("Access-Control-Allow-Methods", "GET, POST, OPTIONS")
			h.Set("Access-Control-Allow-Headers", "Content-Type, Authorization")
			h.Set("Access-Control-Max-Age", "600")
		}
		if r.Method == http.MethodOptions {
			w.WriteHeader(http.StatusNoContent)
			return
		}
		w.Header().Set("X-Content-Type-Options", "nosniff")
		next.ServeHTTP(w, r)
	})
}

func withTimeout(d time.Duration, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), d)
		defer cancel()
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

// limitBody refuses bodies over n bytes: at once when Content-Length says
// so, else when the reader reaches the limit (postJSON answers that).
func limitBody(n int64, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.ContentLength > n {
			refuse(w, http.StatusRequestEntityTooLarge, CodeRequestTooLarge, "the request body is %d bytes, more than the limit of %d", r.ContentLength, n)
			return
		}
		r.Body = http.MaxBytesReader(w, r.Body, n)
		next.ServeHTTP(w, r)
	})
}

type requestIDKey struct{}

// RequestID returns the ID given to the request being served, or "".
func RequestID(ctx context.Context) string {
	id, _ := ctx.Value(requestIDKey{}).(string)
	return id
}

func requestID(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var b [8]byte
		rand.Read(b[:])
		id := hex.EncodeToString(b[:])
		w.Header().Set("X-Request-ID", id)
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), requestIDKey{}, id)))
	})
}

type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	w.status = code
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

func logRequests(log *slog.Logger, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w, status: http.StatusOK}
		next.ServeHTTP(sw, r)
		log.InfoContext(r.Context(), "http", "method", r.Method, "path", r.URL.Path, "status", sw.status,
			"ms", float64(time.Since(start).Microseconds())/1000, "request_id", RequestID(r.Context()))
	})
}
