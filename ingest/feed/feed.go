// Package feed reads the documents a news watcher polls: RSS 2.0, RSS
// 0.9x/1.0 (RDF), Atom 1.0 and 0.3, JSON Feed 1.0 and 1.1, plain and Google
// News sitemaps, and sitemap indexes. Parse detects the format by content
// (a JSON object, or the XML root element), decodes the declared charset
// (and Windows-1252 bytes in a feed that declares none), and stops at the
// size and item limits with errors a caller can report.
//
// This is our own reader rather than github.com/mmcdole/gofeed: the module
// proxy serves gofeed only from an earlier copy that is not an approved
// release, and the other feed module it serves (gorilla/feeds) writes feeds
// but does not read them. The reader is small (encoding/xml, encoding/json
// and golang.org/x/net/html/charset) and fuzzed.
package feed

import (
	"errors"
	"fmt"
	"time"
)

// Formats that Parse recognizes, the values of Feed.Format.
const (
	RSS          = "rss"          // RSS 0.9x, 1.0 (RDF) and 2.0
	Atom         = "atom"         // Atom 0.3 and 1.0
	JSONFeed     = "jsonfeed"     // JSON Feed 1.0 and 1.1
	Sitemap      = "sitemap"      // <urlset>, with or without Google News tags
	SitemapIndex = "sitemapindex" // <sitemapindex>: its items are sitemaps
)

// Feed is what one feed document holds.
type Feed struct {
	// Format is one of RSS, Atom, JSONFeed, Sitemap and SitemapIndex; empty
	// when Parse could not tell.
	Format string
	// Title is the feed's title as plain text (empty for sitemaps).
	Title string
	// Site is the feed's home page: the RSS channel link, the Atom
	// alternate link or the JSON Feed home_page_url.
	Site string
	// Items are the items, entries or sitemap URLs in document order.
	Items []Item
}

// Item is one RSS item, Atom entry, JSON Feed item or sitemap URL.
type Item struct {
	// ID is the item's guid or id as written; empty in sitemaps, whose URL
	// is the identity.
	ID string
	// URL is the article's address (for a JSON Feed item its url, else its
	// external_url; for a sitemap entry its loc).
	URL string
	// Title is the headline as plain text: HTML titles are reduced to their
	// text and entities are decoded.
	Title string
	// Published is the first of Dates that parses, in UTC; zero if none.
	Published time.Time
	// Updated is the last modification date (Atom updated, JSON Feed
	// date_modified, sitemap lastmod) in UTC; zero if unknown.
	Updated time.Time
	// Dates are the item's date texts as written, most trusted first:
	// publication dates before modification dates. Callers with a more
	// lenient date parser may read them again.
	Dates []string
	// Site is the publisher's name when the feed names one apart from its
	// own title: RSS <source>, or news:publication/news:name in a news
	// sitemap. JSON Feed authors are people, not publishers, and are not
	// used.
	Site string
	// Content is the item's body: RSS content:encoded, Atom content or JSON
	// Feed content_html/content_text, else the description or summary.
	Content string
	// ContentHTML reports that Content is HTML (by its declared type, or by
	// its markup when no type is declared).
	ContentHTML bool
	// Sitemap marks an entry of a sitemap index: URL is another sitemap to
	// read, not an article.
	Sitemap bool
	// Line is the input line where the item starts (XML formats; 0 for JSON
	// Feed), and Size the bytes of input it takes, so that callers can name
	// an item and apply a per-item limit.
	Line int
	Size int64
}

// Defaults used for the zero fields of Limits.
const (
	DefaultMaxBytes = 20 << 20
	DefaultMaxItems = 10_000
)

// Limits bound what Parse reads.
type Limits struct {
	// MaxBytes is the largest input read: past it Parse stops with an
	// error wrapping ErrTooLarge. Zero means DefaultMaxBytes, a negative
	// value no limit.
	MaxBytes int64
	// MaxItems is the most items kept: past it Parse keeps the first
	// MaxItems and returns an error wrapping ErrTooManyItems. Zero means
	// DefaultMaxItems, a negative value no limit.
	MaxItems int
}

func (l Limits) maxBytes() int64 {
	switch {
	case l.MaxBytes == 0:
		return DefaultMaxBytes
	case l.MaxBytes < 0:
		return -1
	}
	return l.MaxBytes
}

func (l Limits) maxItems() int {
	switch {
	case l.MaxItems == 0:
		return DefaultMaxItems
	case l.MaxItems < 0:
		return -1
	}
	return l.MaxItems
}

// Errors that Parse's errors wrap; test for them with errors.Is.
var (
	// ErrFormat means the input is not a feed or sitemap Parse knows.
	ErrFormat = errors.New("unknown format")
	// ErrTooLarge means the input is larger than Limits.MaxBytes.
	ErrTooLarge = errors.New("feed too large")
	// ErrTooManyItems means the feed has more than Limits.MaxItems items;
	// the first MaxItems were kept.
	ErrTooManyItems = errors.New("too many feed items")
)

// Error is the type of every error Parse returns. Its message names the
// item and line when the problem is inside one: "feed: item 2 (line 14):
// invalid XML: …".
type Error struct {
	// Item is the 1-based item number; 0 when the problem is not in an item.
	Item int
	// Line is the input line of the item's start, or of the problem; 0 when
	// not known.
	Line int
	// Err is the cause, without the "feed: " prefix.
	Err error
}

// Error implements error.
func (e *Error) Error() string {
	switch {
	case e.Item > 0 && e.Line > 0:
		return fmt.Sprintf("feed: item %d (line %d): %v", e.Item, e.Line, e.Err)
	case e.Item > 0:
		return fmt.Sprintf("feed: item %d: %v", e.Item, e.Err)
	case e.Line > 0:
		return fmt.Sprintf("feed: line %d: %v", e.Line, e.Err)
	}
	return "feed: " + e.Err.Error()
}

// Unwrap returns the cause.
func (e *Error) Unwrap() error { return e.Err }

// limitError is a limit's message that errors.Is matches to its sentinel.
type limitError struct {
	msg  string
	kind error
}

func (e *limitError) Error() string        { return e.msg }
func (e *limitError) Is(target error) bool { return target == e.kind }
