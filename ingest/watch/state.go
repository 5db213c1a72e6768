package watch

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/newsgraph/newsgraph/ingest/fetch"
	"github.com/newsgraph/newsgraph/ingest/normalize"
)

// FeedStatus is the health of one feed.
type FeedStatus struct {
	URL string
	// Title is the feed's title, once read.
	Title string
	// Added is when the feed was added.
	Added time.Time
	// LastPolled is when the last poll ended; zero before the first.
	LastPolled time.Time
	// NextPoll is when the feed is due again.
	NextPoll time.Time
	// LastStatus is the HTTP status of the last feed fetch (304 when the
	// feed was unchanged), 0 when no answer came.
	LastStatus int
	// LastError is the last poll's feed error, empty when it succeeded.
	LastError string
	// Errors counts the polls that failed in a row.
	Errors int
	// Documents counts the items stored from the feed: new documents and
	// copies of stored stories. Copies counts the latter.
	Documents, Copies int
	// Queued counts the items waiting for their first try.
	Queued int
	// Dropped counts the items dropped because too many were queued.
	Dropped int
	// Failures are the items that failed and wait to be tried again.
	Failures []ItemFailure
}

// ItemFailure is a feed item whose article could not be stored yet.
type ItemFailure struct {
	// URL is the item's link (or its id when it has none).
	URL string
	// Error is the last error.
	Error string
	// Attempts counts the tries.
	Attempts int
	// NextTry is when it is tried again.
	NextTry time.Time
}

// RoundSummary says what one round did.
type RoundSummary struct {
	Feeds       int     // feeds polled
	NotModified int     // feeds that answered 304
	Items       int     // items tried
	Documents   int     // items stored (new documents and copies)
	Created     int     // documents new to the store
	Copies      int     // items that were copies of stored stories
	Failures    int     // feeds that failed plus items that failed
	Errors      []error // the errors behind Failures

	storeErr error // the first error saving state, which ends the round
}

func (s *RoundSummary) add(r RoundSummary) {
	s.Feeds += r.Feeds
	s.NotModified += r.NotModified
	s.Items += r.Items
	s.Documents += r.Documents
	s.Created += r.Created
	s.Copies += r.Copies
	s.Failures += r.Failures
	s.Errors = append(s.Errors, r.Errors...)
	if s.storeErr == nil {
		s.storeErr = r.storeErr
	}
}

// EventKind says what an Event reports.
type EventKind int

// Events.
const (
	FeedFetched EventKind = iota // a feed was fetched (or failed)
	PageFetched                  // an item's page was fetched (or failed)
	ItemStored                   // an item was stored (New or Copy) or failed for now
)

// Event is one step of a round, for metrics and progress.
type Event struct {
	Kind EventKind
	// Feed is the feed's URL; URL the page's or item's.
	Feed, URL string
	// Status is the HTTP status (0 when no answer came).
	Status int
	// Err is the failure, nil on success.
	Err error
	// Duration is how long the fetch took.
	Duration time.Duration
	// New and Copy say what an ItemStored was.
	New, Copy bool
}

// record is a feed's state as stored (JSON, in a graph record).
type record struct {
	URL          string    `json:"url"`
	Title        string    `json:"title,omitempty"`
	Added        time.Time `json:"added"`
	ETag         string    `json:"etag,omitempty"`
	LastModified string    `json:"lastModified,omitempty"`
	LastPolled   time.Time `json:"lastPolled,omitzero"`
	NextPoll     time.Time `json:"nextPoll,omitzero"`
	LastStatus   int       `json:"lastStatus,omitempty"`
	LastError    string    `json:"lastError,omitempty"`
	Errors       int       `json:"errors,omitempty"`
	Documents    int       `json:"documents,omitempty"`
	Copies       int       `json:"copies,omitempty"`
	Dropped      int       `json:"dropped,omitempty"`
	// Queue holds the items not stored yet: new ones and failed ones.
	Queue []queued `json:"queue,omitempty"`
	// Seen holds the keys of stored items that have no link (the store
	// finds linked ones by URL), the latest maxSeen.
	Seen []string `json:"seen,omitempty"`
	// Sitemaps are the validators of the sitemaps a sitemap index lists.
	Sitemaps map[string]fetch.Validators `json:"sitemaps,omitempty"`
}

// queued is an item waiting to be stored.
type queued struct {
	Key       string    `json:"key"`
	URL       string    `json:"url,omitempty"`
	ID        string    `json:"id,omitempty"`
	Title     string    `json:"title,omitempty"`
	Site      string    `json:"site,omitempty"`
	Published time.Time `json:"published,omitzero"`
	// Text is the item's own content (the fallback when its page fails),
	// at most maxQueuedText bytes.
	Text     string    `json:"text,omitempty"`
	Error    string    `json:"error,omitempty"`
	Attempts int       `json:"attempts,omitempty"`
	NextTry  time.Time `json:"nextTry,omitzero"`
}

const (
	recordVersion = 1
	maxQueuedText = 64 << 10
	maxSeen       = 2000
)

// stored is the JSON envelope of a record, versioned.
type stored struct {
	Version int    `json:"version"`
	Feed    record `json:"feed"`
}

func decodeRecord(b []byte) (record, error) {
	var s stored
	if err := json.Unmarshal(b, &s); err != nil {
		return record{}, fmt.Errorf("decode the stored state: %w", err)
	}
	if s.Version != recordVersion {
		return record{}, fmt.Errorf("stored state has version %d; this build reads %d", s.Version, recordVersion)
	}
	if s.Feed.URL == "" {
		return record{}, errors.New("stored state has no URL")
	}
	return s.Feed, nil
}

// feedState is what the Poller holds of one feed.
type feedState struct {
	rec     record
	seen    map[string]bool // item keys known to be stored
	removed bool            // removed during a poll: its state is not saved again
}

func newFeedState(rec record) *feedState {
	fs := &feedState{rec: rec, seen: map[string]bool{}}
	for _, k := range rec.Seen {
		fs.seen[k] = true
	}
	return fs
}

// due is when the feed or one of its items is due. The caller holds p.mu.
func (fs *feedState) due() time.Time {
	t := fs.rec.NextPoll
	for _, q := range fs.rec.Queue {
		if q.NextTry.Before(t) {
			t = q.NextTry
		}
	}
	return t
}

// status is the feed's health. The caller holds p.mu.
func (fs *feedState) status() FeedStatus {
	r := fs.rec
	st := FeedStatus{URL: r.URL, Title: r.Title, Added: r.Added, LastPolled: r.LastPolled, NextPoll: r.NextPoll,
		LastStatus: r.LastStatus, LastError: r.LastError, Errors: r.Errors, Documents: r.Documents, Copies: r.Copies,
		Dropped: r.Dropped}
	for _, q := range r.Queue {
		if q.Attempts == 0 {
			st.Queued++
			continue
		}
		key := q.URL
		if key == "" {
			key = q.Key
		}
		st.Failures = append(st.Failures, ItemFailure{URL: key, Error: q.Error, Attempts: q.Attempts, NextTry: q.NextTry})
	}
	return st
}

func (fs *feedState) validators() fetch.Validators {
	return fetch.Validators{ETag: fs.rec.ETag, LastModified: fs.rec.LastModified}
}

// queued returns the queue entry of key, or nil.
func (fs *feedState) queued(key string) *queued {
	for i := range fs.rec.Queue {
		if fs.rec.Queue[i].Key == key {
			return &fs.rec.Queue[i]
		}
	}
	return nil
}

// dequeue removes key from the queue.
func (fs *feedState) dequeue(key string) {
	for i := range fs.rec.Queue {
		if fs.rec.Queue[i].Key == key {
			fs.rec.Queue = append(fs.rec.Queue[:i], fs.rec.Queue[i+1:]...)
			return
		}
	}
}

// markSeen notes a stored item; a linkless one is kept in the record.
func (fs *feedState) markSeen(q queued) {
	fs.seen[q.Key] = true
	if q.URL == "" {
		fs.rec.Seen = append(fs.rec.Seen, q.Key)
		if n := len(fs.rec.Seen) - maxSeen; n > 0 {
			fs.rec.Seen = fs.rec.Seen[n:]
		}
	}
}

// save stores a feed's state.
func (p *Poller) save(ctx context.Context, fs *feedState) error {
	p.mu.Lock()
	if fs.removed {
		p.mu.Unlock()
		return nil
	}
	b, err := json.Marshal(stored{Version: recordVersion, Feed: fs.rec})
	p.mu.Unlock()
	if err != nil {
		return fmt.Errorf("watch: encode the state of %s: %w", fs.rec.URL, err)
	}
	if err := p.cfg.Store.PutRecord(ctx, recordKind, fs.rec.URL, b); err != nil {
		return fmt.Errorf("watch: save the state of %s: %w", fs.rec.URL, err)
	}
	return nil
}

// toQueued turns a feed item into a queue entry.
func toQueued(d normalize.Doc) queued {
	q := queued{Key: itemKey(d), URL: d.URL, ID: d.ID, Title: d.Title, Site: d.Site, Published: d.Published}
	if hasBody(d) {
		q.Text = d.Text
		if len(q.Text) > maxQueuedText {
			q.Text = truncateUTF8(q.Text, maxQueuedText)
		}
	}
	return q
}

// doc is the feed item a queue entry holds.
func (q queued) doc(feed string) normalize.Doc {
	text := q.Text
	if text == "" {
		text = q.Title
	}
	return normalize.Doc{ID: q.ID, URL: q.URL, Title: q.Title, Site: q.Site, Published: q.Published, Text: text, Source: feed}
}

func truncateUTF8(s string, n int) string {
	for n > 0 && n < len(s) && s[n]&0xC0 == 0x80 {
		n--
	}
	return s[:n]
}
