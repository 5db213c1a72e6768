package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"strings"
	"time"

	"github.com/newsgraph/newsgraph/data"
	"github.com/newsgraph/newsgraph/extract"
	"github.com/newsgraph/newsgraph/graph"
	"github.com/newsgraph/newsgraph/ingest"
	"github.com/newsgraph/newsgraph/server"
)

// ServeConfig configures Main.
type ServeConfig struct {
	Store           graph.Config
	Addr            string
	Demo            bool
	Token           string
	ReadOnly        bool
	AllowOrigins    []string
	NoIntrospection bool
	Logger          *slog.Logger
}

// Main is a running newsgraph server; tests start it with Run and stop it
// with Close.
type Main struct {
	Config ServeConfig
	// Addr is the address the server listens on, once Run returned.
	Addr string

	store   *graph.Store
	http    *http.Server
	done    chan error
	serving string // the file noting the address, removed on Close
}

// Run opens the store, loads the demo corpus if asked, and starts serving.
// It returns once the server listens.
func (m *Main) Run(ctx context.Context) error {
	log := m.Config.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	store, err := graph.Open(ctx, m.Config.Store)
	if err != nil {
		return err
	}
	m.store = store
	ext, err := extract.Default()
	if err != nil {
		return fmt.Errorf("load extractor: %w", err)
	}
	pipe := ingest.New(store, ext, ingest.Options{Logger: log})
	if m.Config.Demo {
		sum, err := pipe.IngestFS(ctx, data.FS, "corpus")
		if err != nil {
			return fmt.Errorf("load demo corpus: %w", err)
		}
		log.Info("demo corpus loaded", "documents", sum.Documents, "created", sum.Created, "failed", sum.Failed)
		for _, e := range sum.Errors {
			log.Warn("demo corpus", "err", e)
		}
	}
	handler := server.New(server.Config{
		Store: store, Ingest: pipe, Token: m.Config.Token, ReadOnly: m.Config.ReadOnly,
		AllowOrigins: m.Config.AllowOrigins, NoIntrospection: m.Config.NoIntrospection, Logger: log,
	})
	ln, err := net.Listen("tcp", m.Config.Addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", m.Config.Addr, err)
	}
	m.Addr = ln.Addr().String()
	m.http = &http.Server{Handler: handler, ReadHeaderTimeout: 10 * time.Second, IdleTimeout: 2 * time.Minute}
	m.done = make(chan error, 1)
	go func() { m.done <- m.http.Serve(ln) }()
	if store.Backend() == graph.BackendBolt {
		m.serving = servingFile(m.Config.Store.Path)
		if err := os.WriteFile(m.serving, []byte("http://"+m.Addr+"\n"), 0o600); err != nil {
			log.Warn("cannot note the server address for backups", "err", err)
		}
	}
	log.Info("serving", "addr", "http://"+m.Addr, "backend", store.Backend())
	return nil
}

// Wait blocks until the server stops or ctx is done.
func (m *Main) Wait(ctx context.Context) error {
	select {
	case err := <-m.done:
		if errors.Is(err, http.ErrServerClosed) {
			return nil
		}
		return err
	case <-ctx.Done():
		return nil
	}
}

// Close stops the server gracefully and closes the store.
func (m *Main) Close() error {
	var errs []error
	if m.http != nil {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		errs = append(errs, m.http.Shutdown(ctx))
	}
	if m.serving != "" {
		os.Remove(m.serving)
	}
	if m.store != nil {
		errs = append(errs, m.store.Close())
	}
	return errors.Join(errs...)
}

func runServe(ctx context.Context, env *Env, args []string) error {
	fs := newFlagSet(env, "serve", "serve [--addr 127.0.0.1:8080] [--demo] [--token T] [--read-only]")
	var sf storeFlags
	sf.register(fs)
	addr := fs.String("addr", "127.0.0.1:8080", "address to listen on (127.0.0.1 keeps it to this machine)")
	demo := fs.Bool("demo", false, "load the bundled sample corpus first (idempotent)")
	token := fs.String("token", "", "require this bearer token for mutations (default $NEWSGRAPH_TOKEN)")
	readOnly := fs.Bool("read-only", false, "refuse all mutations")
	origins := fs.String("allow-origin", "", "comma-separated origins allowed to call /graphql cross-origin (CORS)")
	noIntro := fs.Bool("no-introspection", false, "turn GraphQL introspection off")
	verbose := fs.Bool("v", false, "log every request")
	var memLimit memoryLimitFlag
	fs.Var(&memLimit, "memory-limit", "soft memory limit for the Go runtime in GOMEMLIMIT's syntax, e.g. 400MiB, or off (default: $GOMEMLIMIT, else none)")
	if _, err := parse(fs, args); err != nil {
		return err
	}
	memLimit.apply()
	if *token == "" {
		*token = env.Getenv("NEWSGRAPH_TOKEN")
	}
	level := slog.LevelInfo
	if !*verbose {
		level = slog.LevelWarn
	}
	log := slog.New(slog.NewTextHandler(env.Stderr, &slog.HandlerOptions{Level: level}))
	m := &Main{Config: ServeConfig{
		Store: graph.Config{Backend: sf.backend, Path: sf.db, ReadOnly: *readOnly},
		Addr:  *addr, Demo: *demo, Token: *token, ReadOnly: *readOnly,
		NoIntrospection: *noIntro, Logger: log,
	}}
	if *origins != "" {
		m.Config.AllowOrigins = strings.Split(*origins, ",")
	}
	defer m.Close()
	if err := m.Run(ctx); err != nil {
		return err
	}
	fmt.Fprintf(env.Stderr, "newsgraph: serving on http://%s (GraphQL /graphql, playground /playground, explorer /)\n", m.Addr)
	return m.Wait(ctx)
}
