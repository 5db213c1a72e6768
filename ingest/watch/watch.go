// Package watch polls news feeds and ingests the articles they link to.
//
// A Poller runs rounds. In each round every feed is fetched conditionally
// (its ETag and Last-Modified are kept between rounds, so an unchanged feed
// costs a 304), its items are read with ingest/normalize, and for every item
// whose link the Poller has not handled before the linked page is fetched,
// normalized (URL set to the final URL after redirects; the item's date is
// used when the page has none) and ingested. When the page cannot be fetched
// or has no text, the item's own content from the feed is ingested instead
// if it has more than a title; otherwise the item is kept as a failure, with
// its error, visible in Feeds and tried again in every later round until it
// succeeds. Nothing is dropped silently.
//
// Feeds are polled in parallel by a few workers; the fetcher serializes the
// requests to one host and spaces them, so feeds and pages of one site are
// fetched one at a time.
//
// This is the first slice of feed watching. Its state (seen links,
// validators, failures, per-feed status) lives in memory only: a restart
// fetches everything again (the store skips texts it already holds).
// Persisting the state in the store, JSON Feed and sitemaps, and merging
// near-duplicate stories are later steps.
package watch

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/newsgraph/newsgraph/ingest"
	"github.com/newsgraph/newsgraph/ingest/fetch"
	"github.com/newsgraph/newsgraph/ingest/normalize"
)

// Fetcher fetches a URL conditionally; *fetch.Fetcher is one.
type Fetcher interface {
	Fetch(ctx context.Context, url string, v fetch.Validators) (fetch.Response, error)
}

// Ingester stores one normalized document; *ingest.Pipeline is one.
type Ingester interface {
	Ingest(ctx context.Context, d normalize.Doc) (ingest.Result, error)
}

// Config configures a Poller.
type Config struct {
	// Fetcher fetches feeds and pages (required).
	Fetcher Fetcher
	// Ingester stores the documents (required).
	Ingester Ingester
	// Workers is how many feeds are polled at once; default 4.
	Workers int
	// Limits bound the documents read from feeds.
	Limits normalize.Limits
	// Now reads the time for LastPolled; default time.Now.
	Now func() time.Time
	// Logger records each fetch; default discards.
	Logger *slog.Logger
}

// FeedStatus is the health of one feed.
type FeedStatus struct {
	URL string
	// Title is the feed's title; empty until the feed reader exposes it.
	Title string
	// LastPolled is when the last poll ended; zero before the first.
	LastPolled time.Time
	// LastStatus is the HTTP status of the last feed fetch (304 when the
	// feed was unchanged), 0 when no answer came.
	LastStatus int
	// LastError is the last poll's feed error, empty when it succeeded.
	LastError string
	// Documents counts the documents ingested from the feed's items.
	Documents int
	// Failures are the items waiting to be tried again.
	Failures []ItemFailure
}

// ItemFailure is a feed item whose article could not be ingested yet.
type ItemFailure struct {
	// URL is the item's link (or its id when it has none).
	URL string
	// Error is the last error.
	Error string
	// Attempts counts the rounds that tried it.
	Attempts int
}

// RoundSummary says what one round did.
type RoundSummary struct {
	Feeds       int     // feeds polled
	NotModified int     // feeds that answered 304
	Items       int     // items handled for the first time or retried
	Documents   int     // documents ingested (new to the store or not)
	Created     int     // documents new to the store
	Failures    int     // feeds that failed plus items kept for retry
	Errors      []error // the errors behind Failures
}

// Poller polls feeds in rounds. It is safe for concurrent use; rounds run
// one at a time.
type Poller struct {
	cfg   Config
	round sync.Mutex // one round at a time

	mu    sync.Mutex // guards feeds, order and every feedState
	feeds map[string]*feedState
	order []string
}

// feedState is what the Poller remembers of one feed.
type feedState struct {
	status     FeedStatus
	validators fetch.Validators
	seen       map[string]bool  // item keys handled for good
	pending    map[string]*item // item keys to try again
	pendOrder  []string
}

// item is one feed item to ingest.
type item struct {
	key      string
	doc      normalize.Doc // the item as the feed gives it
	err      string
	attempts int
}

// New returns a Poller.
func New(cfg Config) (*Poller, error) {
	if cfg.Fetcher == nil || cfg.Ingester == nil {
		return nil, errors.New("watch: a fetcher and an ingester are required")
	}
	if cfg.Workers <= 0 {
		cfg.Workers = 4
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	return &Poller{cfg: cfg, feeds: map[string]*feedState{}}, nil
}

// Feeds returns the status of every feed polled so far, in the order they
// were first given.
func (p *Poller) Feeds() []FeedStatus {
	p.mu.Lock()
	defer p.mu.Unlock()
	out := make([]FeedStatus, 0, len(p.order))
	for _, u := range p.order {
		fs := p.feeds[u]
		st := fs.status
		st.Failures = nil
		for _, k := range fs.pendOrder {
			it := fs.pending[k]
			st.Failures = append(st.Failures, ItemFailure{URL: it.key, Error: it.err, Attempts: it.attempts})
		}
		out = append(out, st)
	}
	return out
}

// Round polls every feed once, with Config.Workers feeds at a time. Failures
// of feeds and items are counted in the summary and kept in Feeds; the error
// is only the context's, when it ends the round early.
func (p *Poller) Round(ctx context.Context, feeds []string) (RoundSummary, error) {
	p.round.Lock()
	defer p.round.Unlock()
	feeds = unique(feeds)
	jobs := make(chan *feedState)
	results := make(chan RoundSummary)
	var wg sync.WaitGroup
	for range min(p.cfg.Workers, len(feeds)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for fs := range jobs {
				results <- p.poll(ctx, fs)
			}
		}()
	}
	go func() {
		defer close(jobs)
		for _, u := range feeds {
			select {
			case jobs <- p.state(u):
			case <-ctx.Done():
				return
			}
		}
	}()
	go func() { wg.Wait(); close(results) }()
	var sum RoundSummary
	for r := range results {
		sum.Feeds += r.Feeds
		sum.NotModified += r.NotModified
		sum.Items += r.Items
		sum.Documents += r.Documents
		sum.Created += r.Created
		sum.Failures += r.Failures
		sum.Errors = append(sum.Errors, r.Errors...)
	}
	if err := ctx.Err(); err != nil {
		return sum, fmt.Errorf("watch: round: %w", err)
	}
	return sum, nil
}

// state returns the state of the feed at u, creating it.
func (p *Poller) state(u string) *feedState {
	p.mu.Lock()
	defer p.mu.Unlock()
	fs, ok := p.feeds[u]
	if !ok {
		fs = &feedState{status: FeedStatus{URL: u}, seen: map[string]bool{}, pending: map[string]*item{}}
		p.feeds[u] = fs
		p.order = append(p.order, u)
	}
	return fs
}

// poll fetches one feed and ingests its new items and its pending ones.
func (p *Poller) poll(ctx context.Context, fs *feedState) RoundSummary {
	sum := RoundSummary{Feeds: 1}
	p.mu.Lock()
	u, v := fs.status.URL, fs.validators
	p.mu.Unlock()
	resp, err := p.cfg.Fetcher.Fetch(ctx, u, v)
	p.cfg.Logger.Info("watch: fetch feed", "feed", u, "status", resp.Status, "error", err)
	var items []*item
	var feedErr error
	switch {
	case err != nil:
		feedErr = fmt.Errorf("watch: feed %s: %w", u, err)
	case resp.NotModified:
		sum.NotModified++
	default:
		items, feedErr = p.newItems(fs, u, resp.Body)
	}
	p.mu.Lock()
	if err == nil {
		fs.validators = resp.Validators
	}
	status := resp.Status
	var fe *fetch.Error
	if errors.As(err, &fe) {
		status = fe.Status
	}
	fs.status.LastStatus = status
	fs.status.LastError = ""
	if feedErr != nil {
		fs.status.LastError = feedErr.Error()
		sum.Failures++
		sum.Errors = append(sum.Errors, feedErr)
	}
	for _, k := range fs.pendOrder { // earlier failures are tried again
		items = append(items, fs.pending[k])
	}
	p.mu.Unlock()

	for _, it := range items {
		if ctx.Err() != nil {
			break
		}
		sum.Items++
		res, err := p.article(ctx, u, it)
		p.mu.Lock()
		if err != nil {
			it.err, it.attempts = err.Error(), it.attempts+1
			if _, ok := fs.pending[it.key]; !ok {
				fs.pending[it.key] = it
				fs.pendOrder = append(fs.pendOrder, it.key)
			}
			sum.Failures++
			sum.Errors = append(sum.Errors, err)
		} else {
			fs.seen[it.key] = true
			if _, ok := fs.pending[it.key]; ok {
				delete(fs.pending, it.key)
				fs.pendOrder = remove(fs.pendOrder, it.key)
			}
			fs.status.Documents++
			sum.Documents++
			if res.Created {
				sum.Created++
			}
		}
		p.mu.Unlock()
	}
	p.mu.Lock()
	fs.status.LastPolled = p.cfg.Now()
	p.mu.Unlock()
	return sum
}

// newItems reads a feed body and returns the items not handled before. A
// feed that yields no item and errors is a failure; errors beside items
// are reported together.
func (p *Poller) newItems(fs *feedState, u string, body []byte) ([]*item, error) {
	docs, errs := normalize.Read("feed.xml", bytes.NewReader(body), p.cfg.Limits)
	var err error
	if len(errs) > 0 {
		err = fmt.Errorf("watch: feed %s: %w", u, errors.Join(errs...))
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	var out []*item
	for i, d := range docs {
		d.Source = u + "#" + strconv.Itoa(i+1)
		key := itemKey(d)
		if fs.seen[key] || fs.pending[key] != nil {
			continue
		}
		out = append(out, &item{key: key, doc: d})
	}
	return out, err
}

// itemKey names an item: its link, else its id, else its text.
func itemKey(d normalize.Doc) string {
	switch {
	case d.URL != "":
		return d.URL
	case d.ID != "":
		return d.ID
	default:
		return "text:" + normalize.ID(d.Text)
	}
}

// article ingests the page an item links to, or the item's own content when
// the page fails and the item has more than a title.
func (p *Poller) article(ctx context.Context, feed string, it *item) (ingest.Result, error) {
	d := it.doc
	var pageErr error
	if d.URL != "" {
		page, err := p.page(ctx, feed, d)
		if err == nil {
			return p.ingest(ctx, page)
		}
		pageErr = err
	}
	if hasBody(d) {
		return p.ingest(ctx, d)
	}
	if pageErr == nil {
		pageErr = fmt.Errorf("watch: feed %s: item %s has no link and no text", feed, it.key)
	}
	return ingest.Result{}, pageErr
}

func (p *Poller) ingest(ctx context.Context, d normalize.Doc) (ingest.Result, error) {
	res, err := p.cfg.Ingester.Ingest(ctx, d)
	if err != nil {
		return res, fmt.Errorf("watch: ingest %s: %w", d.URL, err)
	}
	return res, nil
}

// page fetches and normalizes the page an item links to.
func (p *Poller) page(ctx context.Context, feed string, item normalize.Doc) (normalize.Doc, error) {
	resp, err := p.cfg.Fetcher.Fetch(ctx, item.URL, fetch.Validators{})
	p.cfg.Logger.Info("watch: fetch page", "feed", feed, "url", item.URL, "status", resp.Status, "error", err)
	if err != nil {
		return normalize.Doc{}, fmt.Errorf("watch: page %s: %w", item.URL, err)
	}
	d, err := normalize.Page(bytes.NewReader(resp.Body), resp.ContentType)
	if err != nil {
		return normalize.Doc{}, fmt.Errorf("watch: page %s: %w", resp.URL, err)
	}
	if strings.TrimSpace(d.Text) == "" {
		return normalize.Doc{}, fmt.Errorf("watch: page %s: %w", resp.URL, normalize.ErrNoText)
	}
	d.URL, d.Source, d.ID = resp.URL, resp.URL, item.ID
	if d.Published.IsZero() {
		d.Published = item.Published
	}
	if d.Site == "" {
		d.Site = item.Site
	}
	return d, nil
}

// hasBody reports whether a feed item's text holds more than its title.
func hasBody(d normalize.Doc) bool {
	return strings.TrimSpace(strings.TrimPrefix(d.Text, d.Title)) != ""
}

func remove(ss []string, s string) []string {
	for i, x := range ss {
		if x == s {
			return append(ss[:i], ss[i+1:]...)
		}
	}
	return ss
}

// unique returns ss without repeats, in order.
func unique(ss []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, s := range ss {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}
