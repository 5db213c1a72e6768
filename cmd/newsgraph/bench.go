package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"time"

	"github.com/newsgraph/newsgraph/bench"
	"github.com/newsgraph/newsgraph/graph"
)

func runBench(ctx context.Context, env *Env, args []string) error {
	fs := newFlagSet(env, "bench", "bench [--scale 10k|100k|1m] [--profile news|dense] [--nquads FILE] [--json] [--db DIR]")
	scale := fs.String("scale", "100k", "graph size: 10k, 100k or 1m entities (or any count such as 2k)")
	profile := fs.String("profile", bench.ProfileNews, "shape of the synthetic graph: news (documents and claims, few relations) or dense (ten relations per entity, power-law degrees, as structured sources)")
	nquads := fs.String("nquads", "", "run the workload on this N-Quads file (.nq, gzipped or not) instead of a synthetic graph")
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
	cayleyLoad := fs.Bool("cayley-load", true, "also load raw cayley's own bolt file to measure its load rate (false halves the load phase; default false from 1m entities up)")
	pprofDir := fs.String("pprof", "", "write CPU profiles of each phase and a heap profile after open into this directory")
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
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	prof, err := bench.ParseProfile(*profile)
	if err != nil {
		return usageError{err}
	}
	var sc bench.Scale
	if *nquads != "" {
		if set["scale"] || set["profile"] {
			return usagef("--nquads runs on the file's graph: --scale and --profile do not apply")
		}
	} else if sc, err = bench.ParseScale(*scale); err != nil {
		return usageError{err}
	}
	noCayleyLoad := !*cayleyLoad
	if !set["cayley-load"] {
		noCayleyLoad = bench.DefaultNoCayleyLoad(sc)
	}
	var progress io.Writer = env.Stderr
	if *quiet {
		progress = io.Discard
	}
	if memLimit.set && memLimit.bytes == 0 {
		return usagef("--memory-limit 0 would keep the collector running all the time: give a positive size or off")
	}
	rep, err := bench.Run(ctx, bench.Options{
		Scale: sc, Profile: prof, NQuads: *nquads, Seed: *seed, Dir: *db, Queries: *queries, GraphQLQueries: *gqlQueries,
		CayleyQueries: *cayleyQueries, CayleyBudget: *cayleyBudget, CayleyTimeout: *cayleyTimeout, Sync: *sync, Log: progress,
		PprofDir: *pprofDir, NoCayleyLoad: noCayleyLoad, MemoryLimit: memLimit.bytes, OpenProcess: openInNewProcess,
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

// openInNewProcess is bench.Options.OpenProcess: this program, run again
// as `newsgraph bench-open PATH`, opens the store and reports the open as
// JSON.
func openInNewProcess(ctx context.Context, path string) (bench.OpenSample, error) {
	exe, err := os.Executable()
	if err != nil {
		return bench.OpenSample{}, err
	}
	cmd := exec.CommandContext(ctx, exe, "bench-open", path)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return bench.OpenSample{}, fmt.Errorf("%s bench-open: %w: %s", exe, err, bytes.TrimSpace(stderr.Bytes()))
	}
	var o struct{ WallNS, CPUNS int64 }
	if err := json.Unmarshal(out, &o); err != nil {
		return bench.OpenSample{}, fmt.Errorf("%s bench-open: %w", exe, err)
	}
	return bench.OpenSample{Wall: time.Duration(o.WallNS), CPU: time.Duration(o.CPUNS)}, nil
}

// runBenchOpen opens the bolt store named by its one argument as a
// restarted server would (bench.MeasureOpen) and prints the open's wall
// and CPU time as JSON.
func runBenchOpen(ctx context.Context, env *Env, args []string) error {
	if len(args) != 1 {
		return usagef("bench-open takes the path of a bolt store")
	}
	o, err := bench.MeasureOpen(ctx, args[0])
	if err != nil {
		return err
	}
	return json.NewEncoder(env.Stdout).Encode(struct{ WallNS, CPUNS int64 }{o.Wall.Nanoseconds(), o.CPU.Nanoseconds()})
}
