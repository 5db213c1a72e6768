package watch

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/newsgraph/newsgraph/ingest"
	"github.com/newsgraph/newsgraph/ingest/feed"
	"github.com/newsgraph/newsgraph/ingest/fetch"
	"github.com/newsgraph/newsgraph/ingest/normalize"
)

// poll fetches one feed, queues its new items in the stored state, then
// tries every queued item that is due (all of them with all set).
func (p *Poller) poll(ctx context.Context, fs *feedState, all bool) RoundSummary {
	sum := RoundSummary{Feeds: 1}
	p.mu.Lock()
	u, v := fs.rec.URL, fs.validators()
	p.mu.Unlock()
	start := time.Now()
	resp, err := p.cfg.Fetcher.Fetch(ctx, u, v)
	status := resp.Status
	var fe *fetch.Error
	if errors.As(err, &fe) {
		status = fe.Status
	}
	p.cfg.Logger.Info("watch: fetch feed", "feed", u, "status", status, "error", err)
	p.event(Event{Kind: FeedFetched, Feed: u, URL: u, Status: status, Err: err, Duration: time.Since(start)})
	var items []normalize.Doc
	var title string
	var feedErr error
	var warn bool // feedErr is a limit the feed went past, not a failure
	switch {
	case err != nil:
		feedErr = fmt.Errorf("watch: feed %s: %w", u, err)
	case resp.NotModified:
		sum.NotModified++
	default:
		items, title, feedErr, warn = p.readFeed(ctx, fs, u, resp.Body)
	}
	fresh := p.fresh(ctx, fs, items)
	now := p.cfg.Now().UTC()
	p.mu.Lock()
	r := &fs.rec
	r.LastStatus, r.LastError = status, ""
	if title != "" {
		r.Title = title
	}
	if err == nil && (feedErr == nil || len(items) > 0) {
		// validators are kept only once the items they stand for are
		// queued: a feed that did not parse is fetched whole again
		r.ETag, r.LastModified = resp.Validators.ETag, resp.Validators.LastModified
	}
	if feedErr != nil && warn {
		r.LastError = feedErr.Error()
		r.Errors = 0
		r.NextPoll = now.Add(p.cfg.Every)
		p.cfg.Logger.Warn("watch: feed over a limit: its first items are read", "feed", u, "error", feedErr)
	} else if feedErr != nil {
		r.LastError = feedErr.Error()
		r.Errors++
		sum.Failures++
		sum.Errors = append(sum.Errors, feedErr)
		r.NextPoll = now.Add(p.backoff(r.Errors, fe))
	} else {
		r.Errors = 0
		r.NextPoll = now.Add(p.cfg.Every)
	}
	p.enqueue(fs, fresh)
	p.mu.Unlock()
	if err := p.save(ctx, fs); err != nil {
		sum.storeErr = err
		return sum
	}
	checked := make(map[string]bool, len(fresh))
	for _, q := range fresh {
		checked[q.Key] = true
	}
	p.items(ctx, fs, all, checked, &sum)
	p.mu.Lock()
	fs.rec.LastPolled = p.cfg.Now().UTC()
	p.mu.Unlock()
	if err := p.save(ctx, fs); err != nil && sum.storeErr == nil {
		sum.storeErr = err
	}
	return sum
}

// readFeed reads a feed body (RSS, Atom, JSON Feed, a sitemap) into its
// items and title; a sitemap index's sitemaps are fetched, conditionally,
// and read in turn. A feed that yields no item and errors is a failure;
// errors beside items are reported too. warn is set when the only problem
// is a limit the feed went past (its first items are kept): the feed is
// not failing, it is too long.
func (p *Poller) readFeed(ctx context.Context, fs *feedState, u string, body []byte) (docs []normalize.Doc, title string, err error, warn bool) {
	f, err := feed.Parse(bytes.NewReader(body), p.cfg.Limits)
	if f.Format == feed.SitemapIndex {
		var errs []error
		if err != nil {
			errs = append(errs, err)
		}
		var items []feed.Item
		items, errs = p.sitemaps(ctx, fs, u, f.Items, errs)
		f.Items, err = items, errors.Join(errs...)
	}
	for _, it := range f.Items {
		if it.Sitemap {
			continue
		}
		d := normalize.FeedItem(it)
		d.Source = u
		docs = append(docs, d)
	}
	if err != nil {
		warn = errors.Is(err, feed.ErrTooManyItems) && len(docs) > 0
		err = fmt.Errorf("watch: feed %s: %w", u, err)
	}
	return docs, f.Title, err, warn
}

// maxSitemaps bounds the sitemaps of an index read in one poll.
const maxSitemaps = 50

// sitemaps fetches the sitemaps an index lists, each with the validators
// of its last answer, and returns the items of those that changed.
func (p *Poller) sitemaps(ctx context.Context, fs *feedState, index string, entries []feed.Item, errs []error) ([]feed.Item, []error) {
	var out []feed.Item
	n := 0
	for _, e := range entries {
		if !e.Sitemap {
			continue
		}
		if n++; n > maxSitemaps {
			errs = append(errs, fmt.Errorf("sitemap index lists more than %d sitemaps: the rest are not read", maxSitemaps))
			break
		}
		p.mu.Lock()
		v := fs.rec.Sitemaps[e.URL]
		p.mu.Unlock()
		start := time.Now()
		resp, err := p.cfg.Fetcher.Fetch(ctx, e.URL, v)
		p.cfg.Logger.Info("watch: fetch sitemap", "feed", index, "url", e.URL, "status", resp.Status, "error", err)
		p.event(Event{Kind: FeedFetched, Feed: index, URL: e.URL, Status: resp.Status, Err: err, Duration: time.Since(start)})
		if err != nil {
			errs = append(errs, fmt.Errorf("sitemap %s: %w", e.URL, err))
			continue
		}
		if resp.NotModified {
			continue
		}
		f, err := feed.Parse(bytes.NewReader(resp.Body), p.cfg.Limits)
		if err != nil {
			errs = append(errs, fmt.Errorf("sitemap %s: %w", e.URL, err))
		}
		if err == nil || len(f.Items) > 0 {
			p.mu.Lock()
			if fs.rec.Sitemaps == nil {
				fs.rec.Sitemaps = map[string]fetch.Validators{}
			}
			fs.rec.Sitemaps[e.URL] = resp.Validators
			p.mu.Unlock()
		}
		out = append(out, f.Items...)
	}
	return out, errs
}

// fresh returns the items that are neither queued nor stored. Whether a
// linked item is stored is asked of the store (once per item and process).
func (p *Poller) fresh(ctx context.Context, fs *feedState, items []normalize.Doc) []queued {
	var out []queued
	seen := map[string]bool{}
	for _, d := range items {
		q := toQueued(d)
		p.mu.Lock()
		known := fs.seen[q.Key] || fs.queued(q.Key) != nil
		p.mu.Unlock()
		if known || seen[q.Key] {
			continue
		}
		seen[q.Key] = true
		if q.URL != "" && p.stored(ctx, q.URL) {
			p.mu.Lock()
			fs.seen[q.Key] = true
			p.mu.Unlock()
			continue
		}
		out = append(out, q)
	}
	return out
}

// stored reports whether the store holds a document read from url; when
// the store cannot say, the item is treated as new (ingesting it again
// changes nothing).
func (p *Poller) stored(ctx context.Context, url string) bool {
	_, err := p.cfg.Store.DocumentWithURL(ctx, url)
	return err == nil
}

// enqueue appends new items to a feed's queue, dropping the oldest waiting
// ones past MaxQueued. The caller holds p.mu.
func (p *Poller) enqueue(fs *feedState, items []queued) {
	fs.rec.Queue = append(fs.rec.Queue, items...)
	if n := len(fs.rec.Queue) - p.cfg.MaxQueued; n > 0 {
		p.cfg.Logger.Warn("watch: too many items queued; the oldest are dropped", "feed", fs.rec.URL, "dropped", n)
		fs.rec.Dropped += n
		fs.rec.Queue = fs.rec.Queue[n:]
	}
}

// items tries the queued items that are due, saving the state after each.
// The store was asked about the items in checked (queued by this poll)
// already; the others may have been stored since they were queued.
func (p *Poller) items(ctx context.Context, fs *feedState, all bool, checked map[string]bool, sum *RoundSummary) {
	now := p.cfg.Now()
	p.mu.Lock()
	var due []queued
	for _, q := range fs.rec.Queue {
		if all || !q.NextTry.After(now) {
			due = append(due, q)
		}
	}
	feed := fs.rec.URL
	p.mu.Unlock()
	for _, q := range due {
		if ctx.Err() != nil {
			return
		}
		sum.Items++
		var res ingest.Result
		var err error
		// an item stored before a crash, or by another feed since, is done
		if q.URL == "" || checked[q.Key] || !p.stored(ctx, q.URL) {
			res, err = p.article(ctx, feed, q)
		}
		p.mu.Lock()
		if cur := fs.queued(q.Key); err != nil && cur != nil {
			cur.Attempts++
			cur.Error = err.Error()
			cur.NextTry = p.cfg.Now().UTC().Add(p.backoff(cur.Attempts, asFetchError(err)))
			sum.Failures++
			sum.Errors = append(sum.Errors, err)
		} else if err == nil {
			fs.dequeue(q.Key)
			fs.markSeen(q)
			fs.rec.Documents++
			sum.Documents++
			switch {
			case res.Copy:
				fs.rec.Copies++
				sum.Copies++
			case res.Created:
				sum.Created++
			}
		}
		p.mu.Unlock()
		p.event(Event{Kind: ItemStored, Feed: feed, URL: q.URL, Err: err, New: err == nil && res.Created, Copy: res.Copy})
		if err := p.save(ctx, fs); err != nil {
			sum.storeErr = err
			return
		}
	}
}

// article stores the page an item links to, or the item's own content when
// the page fails and the item has more than a title.
func (p *Poller) article(ctx context.Context, feed string, q queued) (ingest.Result, error) {
	d := q.doc(feed)
	var pageErr error
	if q.URL != "" {
		page, fetched, err := p.page(ctx, feed, d)
		if err == nil {
			return p.ingest(ctx, page, fetched)
		}
		pageErr = err
	}
	if q.Text != "" {
		return p.ingest(ctx, d, p.cfg.Now())
	}
	if pageErr == nil {
		pageErr = fmt.Errorf("watch: feed %s: item %s has no link and no text", feed, q.Key)
	}
	return ingest.Result{}, pageErr
}

func (p *Poller) ingest(ctx context.Context, d normalize.Doc, fetched time.Time) (ingest.Result, error) {
	res, err := p.cfg.Ingester.IngestStory(ctx, d, ingest.Read{Fetched: fetched})
	if err != nil {
		return res, fmt.Errorf("watch: ingest %s: %w", d.URL, err)
	}
	return res, nil
}

// page fetches and normalizes the page an item links to.
func (p *Poller) page(ctx context.Context, feed string, item normalize.Doc) (normalize.Doc, time.Time, error) {
	start := time.Now()
	resp, err := p.cfg.Fetcher.Fetch(ctx, item.URL, fetch.Validators{})
	status := resp.Status
	if fe := asFetchError(err); fe != nil {
		status = fe.Status
	}
	p.cfg.Logger.Info("watch: fetch page", "feed", feed, "url", item.URL, "status", status, "error", err)
	p.event(Event{Kind: PageFetched, Feed: feed, URL: item.URL, Status: status, Err: err, Duration: time.Since(start)})
	if err != nil {
		return normalize.Doc{}, time.Time{}, fmt.Errorf("watch: page %s: %w", item.URL, err)
	}
	fetched := p.cfg.Now()
	d, err := normalize.Page(bytes.NewReader(resp.Body), resp.ContentType)
	if err != nil {
		return normalize.Doc{}, time.Time{}, fmt.Errorf("watch: page %s: %w", resp.URL, err)
	}
	if strings.TrimSpace(d.Text) == "" {
		return normalize.Doc{}, time.Time{}, fmt.Errorf("watch: page %s: %w", resp.URL, normalize.ErrNoText)
	}
	d.URL, d.Source, d.ID = resp.URL, feed, item.ID
	if d.Published.IsZero() {
		d.Published = item.Published
	}
	if d.Site == "" {
		d.Site = item.Site
	}
	if d.Title == "" {
		d.Title = item.Title
	}
	return d, fetched, nil
}

// backoff is the wait after the n-th failure in a row: Every, doubled for
// each failure before, at most MaxBackoff, and at least what the server
// asked for with Retry-After.
func (p *Poller) backoff(n int, fe *fetch.Error) time.Duration {
	d := p.cfg.Every
	for i := 1; i < n && d < p.cfg.MaxBackoff; i++ {
		d *= 2
	}
	d = min(d, p.cfg.MaxBackoff)
	if fe != nil && fe.RetryAfter > d {
		d = fe.RetryAfter
	}
	return d
}

func asFetchError(err error) *fetch.Error {
	var fe *fetch.Error
	if errors.As(err, &fe) {
		return fe
	}
	return nil
}

func (p *Poller) event(e Event) {
	if p.cfg.OnEvent != nil {
		p.cfg.OnEvent(e)
	}
}

// itemKey names an item: its link, else its id, else its text.
func itemKey(d normalize.Doc) string {
	switch {
	case d.URL != "":
		return d.URL
	case d.ID != "":
		return "id:" + d.ID
	default:
		return "text:" + normalize.ID(d.Text)
	}
}

// hasBody reports whether a feed item's text holds more than its title.
func hasBody(d normalize.Doc) bool {
	return strings.TrimSpace(strings.TrimPrefix(d.Text, d.Title)) != ""
}
