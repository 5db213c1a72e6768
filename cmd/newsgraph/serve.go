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
	"github.com/newsgraph/newsgraph/ingest/fetch"
	"github.com/newsgraph/newsgraph/ingest/watch"
	"github.com/newsgraph/newsgraph/resolvers"
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
	// TAXIIWrite lets TAXII clients add objects to the whole graph.
	TAXIIWrite bool
	Logger     *slog.Logger
	// Feeds are polled besides those the store keeps (added before with
	// addFeed, watch or an earlier --feed); FeedEvery is the time between
	// two polls of a feed (default 15m); Fetch configures the fetcher
	// (zero fields take fetch's defaults).
	Feeds     []string
	FeedEvery time.Duration
	Fetch     fetch.Config
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
	// Poller polls the feeds; nil on a read-only server.
	Poller     *watch.Poller
	stopPoll   context.CancelFunc
	pollerDone chan struct{}
}

// Run opens the store, loads the demo corpus if asked, and starts serving.
// It returns once the server listens.
func (m *Main) Run(ctx context.Context) error {
	log := m.Config.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	cfg := m.Config.Store
	if cfg.Logger == nil {
		cfg.Logger = log
	}
	store, err := graph.Open(ctx, cfg)
	if err != nil {
		return err
	}
	m.store = store
	ext, err := extract.Default()
	if err != nil {
		return fmt.Errorf("load extractor: %w", err)
	}
	// one pipeline for ingestDocument and the feeds (which count each story once)
	pipe, err := storyPipeline(store, ext, log)
	if err != nil {
		return err
	}
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
	metrics := server.NewMetrics(store)
	var feeds resolvers.Feeds
	if !m.Config.ReadOnly {
		if err := m.startPolling(ctx, store, pipe, metrics, log); err != nil {
			return err
		}
		feeds = m.Poller
	}
	handler := server.New(server.Config{
		Store: store, Ingest: pipe, Feeds: feeds, Token: m.Config.Token, ReadOnly: m.Config.ReadOnly, TAXIIWrite: m.Config.TAXIIWrite,
		AllowOrigins: m.Config.AllowOrigins, NoIntrospection: m.Config.NoIntrospection, Logger: log, Metrics: metrics,
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

// startPolling opens the poller on the store's feeds, adds the configured
// ones and polls them in the background until Close.
func (m *Main) startPolling(ctx context.Context, store *graph.Store, pipe *ingest.Pipeline, metrics *server.Metrics, log *slog.Logger) error {
	p, err := openPoller(ctx, store, pipe, watch.Config{
		Fetcher: fetch.New(m.Config.Fetch), Every: m.Config.FeedEvery, Logger: log, OnEvent: metrics.FeedEvent,
	}, m.Config.Feeds)
	if err != nil {
		return err
	}
	m.Poller = p
	pctx, cancel := context.WithCancel(context.Background())
	m.stopPoll, m.pollerDone = cancel, make(chan struct{})
	go func() {
		defer close(m.pollerDone)
		p.Run(pctx, func(sum watch.RoundSummary, err error) {
			log.Info("feeds polled", "feeds", sum.Feeds, "unchanged", sum.NotModified, "items", sum.Items,
				"created", sum.Created, "copies", sum.Copies, "failures", sum.Failures, "err", err)
		})
	}()
	return nil
}

// Close stops polling, stops the server gracefully and closes the store.
func (m *Main) Close() error {
	if m.stopPoll != nil {
		m.stopPoll()
		<-m.pollerDone
	}
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
	fs := newFlagSet(env, "serve", "serve [--addr 127.0.0.1:8080] [--demo] [--token T] [--read-only] [--feed URL]... [--feeds FILE] [--every 15m] [--taxii-write]")
	var sf storeFlags
	sf.register(fs)
	addr := fs.String("addr", "127.0.0.1:8080", "address to listen on (127.0.0.1 keeps it to this machine)")
	demo := fs.Bool("demo", false, "load the bundled sample corpus first (idempotent)")
	token := fs.String("token", "", "require this bearer token for mutations (default $NEWSGRAPH_TOKEN)")
	readOnly := fs.Bool("read-only", false, "refuse all mutations")
	origins := fs.String("allow-origin", "", "comma-separated origins allowed to call /graphql cross-origin (CORS)")
	noIntro := fs.Bool("no-introspection", false, "turn GraphQL introspection off")
	taxiiWrite := fs.Bool("taxii-write", false, "let TAXII clients add STIX objects to the whole graph (imported like newsgraph import)")
	verbose := fs.Bool("v", false, "log every request")
	var feedURLs listFlag
	fs.Var(&feedURLs, "feed", "poll this feed (RSS, Atom, JSON Feed, news sitemap); repeatable")
	feedsFile := fs.String("feeds", "", "poll the feeds listed in this file, one URL a line (# comments)")
	every := fs.Duration("every", 15*time.Minute, "time between two polls of a feed")
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
	if *feedsFile != "" {
		urls, err := readFeedList(*feedsFile)
		if err != nil {
			return err
		}
		feedURLs = append(feedURLs, urls...)
	}
	for _, f := range feedURLs {
		if _, err := watch.CheckURL(f); err != nil {
			return usagef("--feed: %v", err)
		}
	}
	if len(feedURLs) > 0 && *readOnly {
		return usagef("a read-only server polls no feeds")
	}
	if *every <= 0 {
		return usagef("--every must be positive, not %s", *every)
	}
	if *taxiiWrite && *readOnly {
		return usagef("a read-only server takes no TAXII objects")
	}
	m := &Main{Config: ServeConfig{
		Store: graph.Config{Backend: sf.backend, Path: sf.db, ReadOnly: *readOnly},
		Addr:  *addr, Demo: *demo, Token: *token, ReadOnly: *readOnly,
		NoIntrospection: *noIntro, TAXIIWrite: *taxiiWrite, Logger: log, Feeds: feedURLs, FeedEvery: *every,
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

// listFlag is a repeatable string flag.
type listFlag []string

func (l *listFlag) String() string { return strings.Join(*l, ",") }

func (l *listFlag) Set(s string) error {
	*l = append(*l, s)
	return nil
}

// readFeedList reads a feeds file: one URL a line; blank lines and lines
// starting with # are skipped.
func readFeedList(path string) ([]string, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read the feeds file: %w", err)
	}
	var out []string
	for i, line := range strings.Split(string(b), "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if _, err := watch.CheckURL(line); err != nil {
			return nil, usagef("%s:%d: %v", path, i+1, err)
		}
		out = append(out, line)
	}
	return out, nil
}
