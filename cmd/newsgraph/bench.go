package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/newsgraph/newsgraph/bench"
	"github.com/newsgraph/newsgraph/graph"
)

func runBench(ctx context.Context, env *Env, args []string) error {
	fs := newFlagSet(env, "bench", "bench [--scale 10k|100k|1m] [--json] [--db DIR]")
	scale := fs.String("scale", "100k", "graph size: 10k, 100k or 1m entities (or any count such as 2k)")
	asJSON := fs.Bool("json", false, "print the JSON object of CONTRACT.md after the table")
	db := fs.String("db", "", "directory for the bolt files (kept there); default a temporary directory, removed")
	backend := fs.String("backend", graph.BackendBolt, "store backend: bench measures bolt only")
	seed := fs.Uint64("seed", 1, "seed of the graph generator and of the query picks")
	queries := fs.Int("queries", 500, "queries of each kind for the store and the adjacency lists")
	gqlQueries := fs.Int("graphql-queries", 300, "queries of each kind over GraphQL")
	cayleyQueries := fs.Int("cayley-queries", 0, "queries of each kind for raw cayley (default 50, 20 at 1m)")
	cayleyBudget := fs.Duration("cayley-budget", time.Minute, "time limit for each kind of raw cayley query")
	cayleyTimeout := fs.Duration("cayley-timeout", 10*time.Second, "time limit for one raw cayley query (cut queries count as samples of that time)")
	sync := fs.Bool("sync", false, "fsync every load commit (default: bulk load without fsync, graph.Config.NoSync)")
	quiet := fs.Bool("q", false, "no progress lines on stderr")
	var memLimit memoryLimitFlag
	fs.Var(&memLimit, "memory-limit", "soft memory limit for the Go runtime while serving, as serve --memory-limit (GOMEMLIMIT's syntax, e.g. 400MiB, or off)")
	cayleyLoad := fs.Bool("cayley-load", true, "also load raw cayley's own bolt file to measure its load rate (false halves the load phase)")
	profile := fs.String("profile", "", "write CPU profiles of each phase and a heap profile after open into this directory")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("bench takes no arguments")
	}
	if *backend != graph.BackendBolt {
		return usagef("bench measures the bolt backend; --backend %s is not supported", *backend)
	}
	sc, err := bench.ParseScale(*scale)
	if err != nil {
		return usageError{err}
	}
	var progress io.Writer = env.Stderr
	if *quiet {
		progress = io.Discard
	}
	if memLimit.set && memLimit.bytes == 0 {
		return usagef("--memory-limit 0 would keep the collector running all the time: give a positive size or off")
	}
	rep, err := bench.Run(ctx, bench.Options{
		Scale: sc, Seed: *seed, Dir: *db, Queries: *queries, GraphQLQueries: *gqlQueries,
		CayleyQueries: *cayleyQueries, CayleyBudget: *cayleyBudget, CayleyTimeout: *cayleyTimeout, Sync: *sync, Log: progress,
		ProfileDir: *profile, NoCayleyLoad: !*cayleyLoad, MemoryLimit: memLimit.bytes,
	})
	if rep != nil {
		rep.WriteTable(env.Stdout)
		if *asJSON {
			out, jerr := json.Marshal(rep.JSON())
			if jerr != nil {
				return fmt.Errorf("bench: %w", jerr)
			}
			fmt.Fprintf(env.Stdout, "%s\n", out)
		}
	}
	if errors.Is(err, bench.ErrMismatch) {
		return fmt.Errorf("the peers' answers disagree (see BAD lines): %w", err)
	}
	return err
}
