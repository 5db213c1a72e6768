package main

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"time"

	"github.com/newsgraph/newsgraph/extract"
	"github.com/newsgraph/newsgraph/ingest/fetch"
	"github.com/newsgraph/newsgraph/ingest/watch"
)

// runWatch polls feeds in the foreground: one round with --once, else
// rounds until the context ends (SIGINT, SIGTERM). The feeds given are
// added to the store's feeds; without any, every stored feed is polled.
func runWatch(ctx context.Context, env *Env, args []string) error {
	fs := newFlagSet(env, "watch", "watch [--db PATH] [--every 15m] [--once] [-v] [URL...]")
	var sf storeFlags
	sf.register(fs)
	every := fs.Duration("every", 15*time.Minute, "time between two polls of a feed")
	once := fs.Bool("once", false, "poll every feed once, print the summary and exit")
	workers := fs.Int("workers", 4, "feeds polled at once")
	interval := fs.Duration("min-interval", time.Second, "minimum time between two requests to one host")
	verbose := fs.Bool("v", false, "log each fetch with its feed and status (to stderr)")
	feeds, err := parse(fs, args)
	if err != nil {
		return err
	}
	if *every <= 0 {
		return usagef("--every must be positive, not %s", *every)
	}
	for _, f := range feeds {
		if _, err := watch.CheckURL(f); err != nil {
			return usagef("%v", err)
		}
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
	pipe, err := storyPipeline(store, ext, nil)
	if err != nil {
		return err
	}
	progress := watch.NewProgress(env.Stdout, isTerminal(env.Stdout))
	poller, err := openPoller(ctx, store, pipe, watch.Config{
		Fetcher: fetch.New(fetch.Config{MinInterval: *interval}),
		Workers: *workers,
		Every:   *every,
		Logger:  watchLogger(env, *verbose),
		OnEvent: progress.Event,
	}, feeds)
	if err != nil {
		return err
	}
	if len(poller.Feeds()) == 0 {
		return usagef("give at least one feed URL (the store has none yet)")
	}
	for n := 1; ; n++ {
		start := time.Now()
		sum, err := poller.Round(ctx, *once || n == 1, feeds...)
		for _, e := range sum.Errors {
			fmt.Fprintf(env.Stderr, "newsgraph watch: %s\n", oneLine(e))
		}
		progress.Summary(n, sum, time.Since(start))
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
		wait := *every
		if next := poller.Next(); !next.IsZero() {
			wait = min(wait, max(time.Until(next), time.Second))
		}
		select {
		case <-ctx.Done():
			return nil
		case <-time.After(wait):
		}
	}
}

// watchLogger logs warnings to stderr, and each fetch with -v.
func watchLogger(env *Env, verbose bool) *slog.Logger {
	level := slog.LevelWarn
	if verbose {
		level = slog.LevelInfo
	}
	return slog.New(slog.NewTextHandler(env.Stderr, &slog.HandlerOptions{Level: level}))
}

// isTerminal reports whether w is a terminal.
func isTerminal(w any) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}
