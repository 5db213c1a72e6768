package main

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/newsgraph/newsgraph/data"
	"github.com/newsgraph/newsgraph/graph"
	"github.com/newsgraph/newsgraph/loadtest"
)

// loadNames are entities of the demo corpus the load test queries.
var loadNames = []string{"MSS", "China", "FBI", "Justice Department", "NATO", "APT29", "GRU", "Russia",
	"United States", "APT40", "Microsoft", "United Kingdom", "Treasury", "North Korea", "Lazarus Group", "APT41"}

func runLoadtest(ctx context.Context, env *Env, args []string) error {
	fs := newFlagSet(env, "loadtest", "loadtest [--clients 32] [--duration 60s]")
	clients := fs.Int("clients", 32, "concurrent GraphQL clients")
	duration := fs.Duration("duration", 60*time.Second, "how long to run")
	noIngest := fs.Bool("no-ingest", false, "do not ingest documents during the run")
	if _, err := parse(fs, args); err != nil {
		return err
	}
	res, err := runLoad(ctx, *clients, *duration, !*noIngest)
	if err != nil {
		return err
	}
	fmt.Fprint(env.Stdout, res.Table())
	if res.Failures > 0 || res.IngestErr > 0 {
		return fmt.Errorf("%d requests and %d ingests failed", res.Failures, res.IngestErr)
	}
	return nil
}

// runLoad starts a server on a fresh bolt store with the demo corpus and
// drives it over 127.0.0.1 while articles are ingested through the API.
func runLoad(ctx context.Context, clients int, d time.Duration, withIngest bool) (loadtest.Result, error) {
	dir, err := os.MkdirTemp("", "newsgraph-load-")
	if err != nil {
		return loadtest.Result{}, err
	}
	defer os.RemoveAll(dir)
	m := &Main{Config: ServeConfig{Store: graph.Config{Path: filepath.Join(dir, "load.db")}, Addr: "127.0.0.1:0", Demo: true, Token: "load"}}
	if err := m.Run(ctx); err != nil {
		return loadtest.Result{}, err
	}
	defer m.Close()
	var articles []string
	fs.WalkDir(data.FS, "corpus", func(p string, e fs.DirEntry, err error) error {
		if err == nil && strings.HasSuffix(p, ".txt") {
			b, _ := data.FS.ReadFile(p)
			articles = append(articles, string(b))
		}
		return nil
	})
	url := "http://" + m.Addr
	cfg := loadtest.Config{URL: url, Clients: clients, Duration: d, Names: loadNames, Token: "load"}
	if withIngest {
		cfg.Ingest = func(ctx context.Context, i int) error {
			text := articles[i%len(articles)] + fmt.Sprintf("\n\nArchive copy %d.\n", i)
			return postMutation(ctx, url, "load", `mutation($t:String!){ ingestDocument(input:{text:$t, source:"loadtest"}){ created } }`, map[string]any{"t": text})
		}
	}
	return loadtest.Run(ctx, cfg)
}
