package watch

import (
	"fmt"
	"io"
	"sync"
	"time"
)

// Progress shows a round as it goes on a terminal: one line, rewritten
// after each event, with the feeds fetched, the items stored (new and
// copies) and the failures; Summary ends the line with the round's totals.
// When the output is not a terminal, only the summaries are written.
type Progress struct {
	w        io.Writer
	terminal bool

	mu                               sync.Mutex
	feeds, pages, fresh, copies, bad int
	last                             time.Time
}

// NewProgress returns a Progress writing to w; terminal says whether w is
// a terminal (then the line is redrawn, at most ten times a second).
func NewProgress(w io.Writer, terminal bool) *Progress {
	return &Progress{w: w, terminal: terminal}
}

// Event counts one event; it is a Config.OnEvent.
func (pr *Progress) Event(e Event) {
	pr.mu.Lock()
	defer pr.mu.Unlock()
	switch e.Kind {
	case FeedFetched:
		pr.feeds++
	case PageFetched:
		pr.pages++
	case ItemStored:
		switch {
		case e.Err != nil:
			pr.bad++
		case e.Copy:
			pr.copies++
		case e.New:
			pr.fresh++
		}
	}
	if e.Kind == FeedFetched && e.Err != nil {
		pr.bad++
	}
	if pr.terminal && time.Since(pr.last) >= 100*time.Millisecond {
		pr.last = time.Now()
		fmt.Fprintf(pr.w, "\r\033[K%d feeds fetched, %d pages, %d new documents, %d copies, %d failures",
			pr.feeds, pr.pages, pr.fresh, pr.copies, pr.bad)
	}
}

// Summary writes the summary of round n and starts the counts again.
func (pr *Progress) Summary(n int, sum RoundSummary, took time.Duration) {
	pr.mu.Lock()
	defer pr.mu.Unlock()
	if pr.terminal {
		fmt.Fprint(pr.w, "\r\033[K")
	}
	fmt.Fprintf(pr.w, "round %d: %d feeds polled (%d unchanged), %d items, %d new documents, %d copies of stored stories, %d failures, %.1fs\n",
		n, sum.Feeds, sum.NotModified, sum.Items, sum.Created, sum.Copies, sum.Failures, took.Seconds())
	pr.feeds, pr.pages, pr.fresh, pr.copies, pr.bad = 0, 0, 0, 0, 0
}
