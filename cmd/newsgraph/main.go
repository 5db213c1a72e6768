// Command newsgraph turns news and threat-intelligence text into a graph of
// who did what to whom, according to whom, and when, and serves it over
// GraphQL. Run "newsgraph help" for the commands.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/newsgraph/newsgraph/graph"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	os.Exit(Run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr, os.Getenv))
}

const usage = `newsgraph: a knowledge graph of who did what to whom, according to whom, and when.

Usage: newsgraph <command> [flags] [args]

Commands:
  serve       run the HTTP server (GraphQL, playground, explorer)
  ingest      ingest articles (.txt .md .html .jsonl, RSS/Atom .xml, JSON Feed .json) from files and folders
  watch       poll feeds (RSS, Atom, JSON Feed, sitemaps) and ingest each story once (--once: one round)
  import      import STIX 2.0/2.1 bundles (.json .json.gz) and N-Quads (.nq .nq.gz) from files and folders
  export      export the graph: --format nquads|stix|graphml|cytoscape [--out FILE]
  extract     run extraction only and print JSON, one object per document
  query       run one GraphQL query against the store and print JSON
  eval        score extraction against gold annotations
  bench       the performance benchmark on a synthetic graph (--scale 10k|100k|1m, --json)
  reextract   rebuild the text-derived graph with the current extractor
  check       verify the store's invariants (exit 1 and a list of problems if any fails)
  backup      write a consistent copy of a bolt store, also while a server runs
  loadtest    drive a server with concurrent clients while it ingests; print latencies
  help        show this help

Every command takes --db PATH (default ./newsgraph.db) and --backend bolt|memory|postgres.
Run "newsgraph <command> -h" for a command's flags.
`

// command is one subcommand.
type command struct {
	run func(ctx context.Context, env *Env, args []string) error
}

var commands = map[string]command{
	"serve":     {runServe},
	"ingest":    {runIngest},
	"watch":     {runWatch},
	"import":    {runImport},
	"export":    {runExport},
	"extract":   {runExtract},
	"query":     {runQuery},
	"eval":      {runEval},
	"check":     {runCheck},
	"reextract": {runReextract},
	"backup":    {runBackup},
	"loadtest":  {runLoadtest},
	"bench":     {runBench},
	// bench-open is bench's own: it opens a store in a new process
	// (bench.Options.OpenProcess) and is not listed in the usage
	"bench-open": {runBenchOpen},
}

// Env is what a command may touch of the outside world.
type Env struct {
	Stdin          io.Reader
	Stdout, Stderr io.Writer
	Getenv         func(string) string
}

// Run runs the command line args and returns the exit status.
func Run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer, getenv func(string) string) int {
	env := &Env{Stdin: stdin, Stdout: stdout, Stderr: stderr, Getenv: getenv}
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		fmt.Fprint(stdout, usage)
		return 0
	}
	cmd, ok := commands[args[0]]
	if !ok {
		fmt.Fprintf(stderr, "newsgraph: unknown command %q (run \"newsgraph help\")\n", args[0])
		return 2
	}
	if err := cmd.run(ctx, env, args[1:]); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		var ue usageError
		if errors.As(err, &ue) {
			fmt.Fprintf(stderr, "newsgraph %s: %v\n", args[0], ue.err)
			return 2
		}
		fmt.Fprintf(stderr, "newsgraph %s: %s\n", args[0], oneLine(err))
		return 1
	}
	return 0
}

// usageError is a mistake in the command line.
type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }

func usagef(format string, args ...any) error { return usageError{fmt.Errorf(format, args...)} }

func oneLine(err error) string {
	msg := err.Error()
	if ge := (*graph.Error)(nil); errors.As(err, &ge) && ge.Code != graph.EINTERNAL {
		msg = ge.Message
	}
	return strings.ReplaceAll(msg, "\n", "; ")
}

// storeFlags are the flags every command shares.
type storeFlags struct {
	db      string
	backend string
	// log receives the store's warnings (an index snapshot rebuilt, and
	// why) on the command's standard error
	log *slog.Logger
}

func (s *storeFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&s.db, "db", "./newsgraph.db", "the store: a bolt file, or a PostgreSQL URL with --backend postgres")
	fs.StringVar(&s.backend, "backend", graph.BackendBolt, "store backend: bolt, memory or postgres")
	s.log = slog.New(slog.NewTextHandler(fs.Output(), &slog.HandlerOptions{Level: slog.LevelWarn}))
}

func (s *storeFlags) open(ctx context.Context, readOnly bool) (*graph.Store, error) {
	return graph.Open(ctx, graph.Config{Backend: s.backend, Path: s.db, ReadOnly: readOnly, Logger: s.log})
}

// newFlagSet returns a flag set that reports errors instead of exiting.
func newFlagSet(env *Env, name, synopsis string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	fs.Usage = func() {
		fmt.Fprintf(env.Stderr, "Usage: newsgraph %s\n\nFlags:\n", synopsis)
		fs.PrintDefaults()
	}
	return fs
}

// parse parses flags allowing them after positional arguments too.
func parse(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, err
			}
			return nil, usageError{err}
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}
