// Package watch polls news feeds and ingests the articles they link to.
//
// A Poller keeps a set of feeds. In each round every feed that is due is
// fetched conditionally (its ETag and Last-Modified are kept, so an
// unchanged feed costs a 304), its items are read with ingest/normalize,
// and every item not stored before is queued. Then each queued item's page
// is fetched, normalized (URL set to the final URL after redirects; the
// item's date is used when the page has none) and ingested as a story
// (ingest.Pipeline.IngestStory): a copy of a story already stored, exact or
// near-duplicate, adds a source to it instead of a document. When the page
// cannot be fetched or has no text, the item's own content from the feed
// is ingested instead if it has more than a title; otherwise the item
// stays queued with its error, visible in Feeds, and is tried again later
// with a growing wait. Nothing is dropped silently.
//
// # State that survives
//
// Each feed's state (validators, status, counters, queued and failed
// items, next poll) is a record in the store (graph.Store.PutRecord),
// written when a feed's new items are queued (before any page is fetched)
// and after each item. An item counts as done when the store holds a
// document read from its URL. So a restart, or a SIGKILL during a round,
// refetches nothing that was stored (an unchanged feed answers 304; a
// queued item whose page was stored before the kill is found by its URL)
// and loses nothing that was fetched (an item is queued in the store
// before its page is fetched, and leaves the queue only once stored).
//
// # Timing
//
// A feed is polled every Config.Every. A feed that fails waits Every, then
// twice that, and so on up to Config.MaxBackoff (or longer when the server
// asks with Retry-After); an item that fails waits the same way, counted
// by its attempts. Feeds are polled in parallel by a few workers; the
// fetcher serializes the requests to one host and spaces them.
package watch

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/newsgraph/newsgraph/graph"
	"github.com/newsgraph/newsgraph/ingest"
	"github.com/newsgraph/newsgraph/ingest/feed"
	"github.com/newsgraph/newsgraph/ingest/fetch"
	"github.com/newsgraph/newsgraph/ingest/normalize"
)

// Fetcher fetches a URL conditionally; *fetch.Fetcher is one.
type Fetcher interface {
	Fetch(ctx context.Context, url string, v fetch.Validators) (fetch.Response, error)
}

// Ingester stores one page as a story; *ingest.Pipeline with
// Options.Stories is one.
type Ingester interface {
	IngestStory(ctx context.Context, d normalize.Doc, r ingest.Read) (ingest.Result, error)
}

// Store keeps the feeds' state and says which URLs are stored;
// *graph.Store is one.
type Store interface {
	Records(ctx context.Context, kind string) (map[string][]byte, error)
	PutRecord(ctx context.Context, kind, key string, value []byte) error
	DeleteRecord(ctx context.Context, kind, key string) error
	DocumentWithURL(ctx context.Context, url string) (string, error)
}

// Config configures a Poller.
type Config struct {
	// Fetcher fetches feeds and pages, Ingester stores the articles and
	// Store keeps the state (all required).
	Fetcher  Fetcher
	Ingester Ingester
	Store    Store
	// Workers is how many feeds are polled at once; default 4.
	Workers int
	// Limits bound what is read of a feed (zero fields: feed's defaults,
	// 20 MB and 10,000 items).
	Limits feed.Limits
	// Every is the time between two polls of a feed; default 15m.
	Every time.Duration
	// MaxBackoff caps the wait before a failing feed or item is tried
	// again; default 24h.
	MaxBackoff time.Duration
	// MaxQueued caps the items queued per feed; past it the oldest are
	// dropped, counted in FeedStatus.Dropped and logged. Default 1000.
	MaxQueued int
	// Now reads the time; default time.Now.
	Now func() time.Time
	// Logger records each fetch; default discards.
	Logger *slog.Logger
	// OnEvent, when set, is called after each fetch and each stored item,
	// from the polling goroutines (metrics, progress).
	OnEvent func(Event)
}

// recordKind is the kind of the feed records in the store.
const recordKind = "feed"

// Poller polls feeds in rounds. It is safe for concurrent use; rounds run
// one at a time.
type Poller struct {
	cfg   Config
	round sync.Mutex // one round at a time

	mu    sync.Mutex // guards feeds and every feedState
	feeds map[string]*feedState
	// wake asks Run for a round now (a feed was added).
	wake chan struct{}
}

// Open returns a Poller with the feeds stored in cfg.Store.
func Open(ctx context.Context, cfg Config) (*Poller, error) {
	if cfg.Fetcher == nil || cfg.Ingester == nil || cfg.Store == nil {
		return nil, errors.New("watch: a fetcher, an ingester and a store are required")
	}
	if cfg.Workers <= 0 {
		cfg.Workers = 4
	}
	if cfg.Every <= 0 {
		cfg.Every = 15 * time.Minute
	}
	if cfg.MaxBackoff <= 0 {
		cfg.MaxBackoff = 24 * time.Hour
	}
	if cfg.MaxQueued <= 0 {
		cfg.MaxQueued = 1000
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	p := &Poller{cfg: cfg, feeds: map[string]*feedState{}, wake: make(chan struct{}, 1)}
	recs, err := cfg.Store.Records(ctx, recordKind)
	if err != nil {
		return nil, fmt.Errorf("watch: read the feeds: %w", err)
	}
	for key, b := range recs {
		rec, err := decodeRecord(b)
		if err != nil {
			return nil, fmt.Errorf("watch: feed %s: %w", key, err)
		}
		p.feeds[rec.URL] = newFeedState(rec)
	}
	return p, nil
}

// CheckURL returns a feed URL in its canonical form, or an EINVALID error
// saying why it is not one.
func CheckURL(raw string) (string, error) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "", graph.Errorf(graph.EINVALID, "a feed URL must be an absolute http or https URL, not %q", clip(raw))
	}
	u.Fragment = ""
	return u.String(), nil
}

// Add adds a feed, stored so that it is polled after a restart too; adding
// a known feed changes nothing. A running Run polls it at once.
func (p *Poller) Add(ctx context.Context, raw string) (FeedStatus, error) {
	u, err := CheckURL(raw)
	if err != nil {
		return FeedStatus{}, err
	}
	p.mu.Lock()
	fs, ok := p.feeds[u]
	if !ok {
		fs = newFeedState(record{URL: u, Added: p.cfg.Now().UTC()})
		p.feeds[u] = fs
	}
	p.mu.Unlock()
	if !ok {
		if err := p.save(ctx, fs); err != nil {
			p.mu.Lock()
			delete(p.feeds, u)
			p.mu.Unlock()
			return FeedStatus{}, err
		}
		select { // Run polls it now, not after Every
		case p.wake <- struct{}{}:
		default:
		}
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	return fs.status(), nil
}

// Remove stops polling a feed and forgets its state (its documents stay).
// It reports ENOTFOUND for a feed it does not poll.
func (p *Poller) Remove(ctx context.Context, raw string) error {
	u, err := CheckURL(raw)
	if err != nil {
		return err
	}
	p.mu.Lock()
	fs, ok := p.feeds[u]
	if ok {
		delete(p.feeds, u)
		fs.removed = true
	}
	p.mu.Unlock()
	if !ok {
		return graph.Errorf(graph.ENOTFOUND, "no feed %q", clip(u))
	}
	if err := p.cfg.Store.DeleteRecord(ctx, recordKind, u); err != nil {
		return fmt.Errorf("watch: remove %s: %w", u, err)
	}
	return nil
}

// Feeds returns the status of every feed, in the order they were added.
func (p *Poller) Feeds() []FeedStatus {
	p.mu.Lock()
	defer p.mu.Unlock()
	out := make([]FeedStatus, 0, len(p.feeds))
	for _, fs := range p.feeds {
		out = append(out, fs.status())
	}
	slices.SortFunc(out, func(a, b FeedStatus) int {
		if c := a.Added.Compare(b.Added); c != 0 {
			return c
		}
		return strings.Compare(a.URL, b.URL)
	})
	return out
}

// Next returns when the next feed or item is due, zero when no feed is
// known.
func (p *Poller) Next() time.Time {
	p.mu.Lock()
	defer p.mu.Unlock()
	var next time.Time
	for _, fs := range p.feeds {
		if t := fs.due(); next.IsZero() || t.Before(next) {
			next = t
		}
	}
	return next
}

// Round polls, Config.Workers at a time, every feed that is due, with the
// items whose retry is due; with all set, every feed and every queued item
// now. Given URLs, it polls only those of them it knows (see Add). Failures of feeds and items are counted in the summary and kept in
// Feeds; the error is the context's, when it ends the round early, or the
// store's, when state cannot be saved.
func (p *Poller) Round(ctx context.Context, all bool, only ...string) (RoundSummary, error) {
	p.round.Lock()
	defer p.round.Unlock()
	now := p.cfg.Now()
	var want map[string]bool
	for _, raw := range only {
		if u, err := CheckURL(raw); err == nil {
			if want == nil {
				want = map[string]bool{}
			}
			want[u] = true
		}
	}
	var todo []*feedState
	p.mu.Lock()
	for u, fs := range p.feeds {
		if (want == nil || want[u]) && (all || !fs.due().After(now)) {
			todo = append(todo, fs)
		}
	}
	p.mu.Unlock()
	slices.SortFunc(todo, func(a, b *feedState) int { return strings.Compare(a.rec.URL, b.rec.URL) })
	jobs := make(chan *feedState)
	results := make(chan RoundSummary)
	var wg sync.WaitGroup
	for range min(p.cfg.Workers, len(todo)) {
		wg.Go(func() {
			for fs := range jobs {
				results <- p.poll(ctx, fs, all)
			}
		})
	}
	go func() {
		defer close(jobs)
		for _, fs := range todo {
			select {
			case jobs <- fs:
			case <-ctx.Done():
				return
			}
		}
	}()
	go func() { wg.Wait(); close(results) }()
	var sum RoundSummary
	for r := range results {
		sum.add(r)
	}
	if err := ctx.Err(); err != nil {
		return sum, fmt.Errorf("watch: round: %w", err)
	}
	if sum.storeErr != nil {
		return sum, sum.storeErr
	}
	return sum, nil
}

// Run polls in rounds until ctx ends: a round whenever a feed or an item is
// due or a feed is added, at least every Config.Every. Each round's summary
// goes to done.
func (p *Poller) Run(ctx context.Context, done func(RoundSummary, error)) {
	for {
		sum, err := p.Round(ctx, false)
		if ctx.Err() != nil {
			return
		}
		if done != nil && (sum.Feeds > 0 || err != nil) {
			done(sum, err)
		}
		wait := p.cfg.Every
		if next := p.Next(); !next.IsZero() {
			wait = min(wait, max(time.Until(next), time.Second))
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(wait):
		case <-p.wake:
		}
	}
}

func clip(s string) string {
	if len(s) > 200 {
		return s[:200] + "…"
	}
	return s
}
