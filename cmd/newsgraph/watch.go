package main

import (
	"context"
	"fmt"
	"time"

	"github.com/newsgraph/newsgraph/extract"
	"github.com/newsgraph/newsgraph/ingest"
	"github.com/newsgraph/newsgraph/ingest/fetch"
	"github.com/newsgraph/newsgraph/ingest/watch"
)

// runWatch polls feeds in the foreground: one round with --once, else a
// round every --every until the context ends (SIGINT, SIGTERM).
func runWatch(ctx context.Context, env *Env, args []string) error {
	fs := newFlagSet(env, "watch", "watch [--db PATH] [--every 15m] [--once] URL...")
	var sf storeFlags
	sf.register(fs)
	every := fs.Duration("every", 15*time.Minute, "time between the starts of two rounds")
	once := fs.Bool("once", false, "poll every feed once, print the summary and exit")
	workers := fs.Int("workers", 4, "feeds polled at once")
	interval := fs.Duration("min-interval", time.Second, "minimum time between two requests to one host")
	feeds, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(feeds) == 0 {
		return usagef("give at least one feed URL")
	}
	if *every <= 0 {
		return usagef("--every must be positive, not %s", *every)
	}
	store, err := sf.open(ctx, false)
	if err != nil {
		return fmt.Errorf("open the store: %w", err)
	}
	defer store.Close()
	ext, err := extract.Default()
	if err != nil {
		return fmt.Errorf("load the extractor: %w", err)
	}
	poller, err := watch.New(watch.Config{
		Fetcher:  fetch.New(fetch.Config{MinInterval: *interval}),
		Ingester: ingest.New(store, ext, ingest.Options{}),
		Workers:  *workers,
	})
	if err != nil {
		return err
	}
	for n := 1; ; n++ {
		start := time.Now()
		sum, err := poller.Round(ctx, feeds)
		for _, e := range sum.Errors {
			fmt.Fprintf(env.Stderr, "newsgraph watch: %s\n", oneLine(e))
		}
		fmt.Fprintf(env.Stdout, "round %d: %d feeds polled (%d unchanged), %d new documents, %d failures, %.1fs\n",
			n, sum.Feeds, sum.NotModified, sum.Created, sum.Failures, time.Since(start).Seconds())
		if err != nil {
			if ctx.Err() != nil && !*once {
				return nil // stopped by a signal between or during rounds
			}
			return err
		}
		if *once {
			if sum.Failures > 0 {
				return fmt.Errorf("%d feeds or articles failed", sum.Failures)
			}
			return nil
		}
		select {
		case <-ctx.Done():
			return nil
		case <-time.After(time.Until(start.Add(*every))):
		}
	}
}
