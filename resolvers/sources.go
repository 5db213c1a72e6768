package resolvers

import (
	"context"

	"github.com/newsgraph/newsgraph/graph"
	"github.com/newsgraph/newsgraph/ingest/watch"
	"github.com/newsgraph/newsgraph/resolvers/model"
)

// Feeds is the set of feeds a server polls (*watch.Poller is one); nil
// when the server polls none.
type Feeds interface {
	Add(ctx context.Context, url string) (watch.FeedStatus, error)
	Remove(ctx context.Context, url string) error
	Feeds() []watch.FeedStatus
}

var _ Feeds = (*watch.Poller)(nil)

// feedModel converts a feed's status.
func feedModel(st watch.FeedStatus) model.Feed {
	f := model.Feed{URL: st.URL, Title: optString(st.Title), Added: optTime(st.Added), LastPolled: optTime(st.LastPolled),
		NextPoll: optTime(st.NextPoll), LastError: optString(st.LastError), Errors: st.Errors, Documents: st.Documents,
		Copies: st.Copies, Queued: st.Queued, Failures: make([]model.FeedFailure, len(st.Failures))}
	if st.LastStatus != 0 {
		f.LastStatus = &st.LastStatus
	}
	for i, fl := range st.Failures {
		f.Failures[i] = model.FeedFailure{URL: fl.URL, Error: fl.Error, Attempts: fl.Attempts, NextTry: optTime(fl.NextTry)}
	}
	return f
}

// supports returns the support of relations, from their claims.
func (r *Resolver) supports(ctx context.Context, rels []*graph.Relation) ([]graph.Support, error) {
	claims, err := r.claimsOf(ctx, rels)
	if err != nil {
		return nil, err
	}
	return r.Store.Supports(ctx, claims)
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
