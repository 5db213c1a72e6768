package main

import (
	"context"
	"fmt"
	"log/slog"

	"github.com/newsgraph/newsgraph/extract"
	"github.com/newsgraph/newsgraph/graph"
	"github.com/newsgraph/newsgraph/ingest"
	"github.com/newsgraph/newsgraph/ingest/watch"
)

// storyPipeline is the ingest pipeline of a process that reads the web: it
// also counts each story once (IngestStory).
func storyPipeline(store *graph.Store, ext *extract.Extractor, log *slog.Logger) (*ingest.Pipeline, error) {
	stories, err := ingest.NewStories(0)
	if err != nil {
		return nil, err
	}
	return ingest.New(store, ext, ingest.Options{Logger: log, Stories: stories}), nil
}

// openPoller opens a poller on the feeds the store keeps, storing through
// pipe, and adds the given feeds.
func openPoller(ctx context.Context, store *graph.Store, pipe *ingest.Pipeline, cfg watch.Config, feeds []string) (*watch.Poller, error) {
	cfg.Ingester, cfg.Store = pipe, store
	p, err := watch.Open(ctx, cfg)
	if err != nil {
		return nil, err
	}
	for _, f := range feeds {
		if _, err := p.Add(ctx, f); err != nil {
			return nil, fmt.Errorf("feed %s: %w", f, err)
		}
	}
	return p, nil
}
