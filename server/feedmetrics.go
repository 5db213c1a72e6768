package server

import (
	"context"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/newsgraph/newsgraph/ingest/watch"
	"github.com/newsgraph/newsgraph/resolvers"
)

// feedMetrics count each polled feed's work. The feed label is the feed's
// URL: feeds are added only by the operator (flags) or with the token
// (addFeed), so the label set stays as small as the feed list, and a
// removed feed's series are deleted (ForgetFeed).
type feedMetrics struct {
	polls, errors *prometheus.CounterVec
	documents     *prometheus.CounterVec
	latency       *prometheus.HistogramVec
}

func newFeedMetrics() *feedMetrics {
	return &feedMetrics{
		polls: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "newsgraph_feed_polls_total",
			Help: "Feed fetches by feed (a 304 counts)."}, []string{"feed"}),
		errors: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "newsgraph_feed_errors_total",
			Help: "Failures by feed and what failed: the feed itself, or an item's page or storage."}, []string{"feed", "target"}),
		documents: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "newsgraph_feed_documents_total",
			Help: "Items stored by feed: new documents, and copies of stored stories (a source added)."}, []string{"feed", "kind"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "newsgraph_feed_fetch_seconds",
			Help:    "Fetch latency by feed and target (feed or page), retries and waits for the host included.",
			Buckets: prometheus.ExponentialBuckets(0.01, 2.5, 10)}, []string{"feed", "target"}),
	}
}

func (f *feedMetrics) collectors() []prometheus.Collector {
	return []prometheus.Collector{f.polls, f.errors, f.documents, f.latency}
}

// FeedEvent records one step of a poll; it is a watch.Config.OnEvent.
func (m *Metrics) FeedEvent(e watch.Event) {
	f := m.feeds
	switch e.Kind {
	case watch.FeedFetched:
		f.polls.WithLabelValues(e.Feed).Inc()
		f.latency.WithLabelValues(e.Feed, "feed").Observe(e.Duration.Seconds())
		if e.Err != nil {
			f.errors.WithLabelValues(e.Feed, "feed").Inc()
		}
	case watch.PageFetched:
		f.latency.WithLabelValues(e.Feed, "page").Observe(e.Duration.Seconds())
	case watch.ItemStored:
		switch {
		case e.Err != nil:
			f.errors.WithLabelValues(e.Feed, "item").Inc()
		case e.Copy:
			f.documents.WithLabelValues(e.Feed, "copy").Inc()
		case e.New:
			f.documents.WithLabelValues(e.Feed, "new").Inc()
		}
	}
}

// ForgetFeed deletes a removed feed's series.
func (m *Metrics) ForgetFeed(url string) {
	l := prometheus.Labels{"feed": url}
	m.feeds.polls.DeletePartialMatch(l)
	m.feeds.errors.DeletePartialMatch(l)
	m.feeds.documents.DeletePartialMatch(l)
	m.feeds.latency.DeletePartialMatch(l)
}

// meteredFeeds deletes a removed feed's series.
type meteredFeeds struct {
	feeds resolvers.Feeds
	m     *Metrics
}

func (f meteredFeeds) Add(ctx context.Context, url string) (watch.FeedStatus, error) {
	return f.feeds.Add(ctx, url)
}

func (f meteredFeeds) Feeds() []watch.FeedStatus { return f.feeds.Feeds() }

func (f meteredFeeds) Remove(ctx context.Context, url string) error {
	if err := f.feeds.Remove(ctx, url); err != nil {
		return err
	}
	if u, err := watch.CheckURL(url); err == nil && f.m != nil {
		f.m.ForgetFeed(u)
	}
	return nil
}
