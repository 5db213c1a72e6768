// Package normalize turns the files newsgraph ingests (plain text, markdown,
// HTML pages, JSONL records, RSS, Atom and JSON feeds read by ingest/feed)
// into clean documents ready for extraction.
//
// Normalization is canonical: the extraction offsets refer to the normalized
// text and the document ID is a hash of it, so the same article gives the
// same text however it is read, and normalizing a normalized text again is a
// no-op (Text(d.Text).Text == d.Text for every Doc d this package returns).
//
// The text of a Doc is valid UTF-8 with "\n" line endings, no BOM or
// zero-width characters, single spaces inside lines, no blank-only lines and
// paragraphs separated by exactly one blank line ("\n\n"); a single "\n" is a
// line break inside a paragraph (an HTML <br>). The title, when one is known,
// is the first paragraph. Page clutter (navigation words, share and comment
// widgets, app and ad prompts, feed footers, short links, bare domains,
// timestamp lines, all-caps "related story" teasers, repeats of the title) is
// removed line by line with generic rules; see Text for the list.
//
// A " - Publisher" suffix is stripped from the title when the suffix looks
// like a site name (a domain, or one to five capitalized words such as
// "Fox News" or "The New York Times") and at least three headline words stay;
// the stripped name is kept in Doc.Site. The headline words themselves are
// never changed.
package normalize

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"time"
)

// Doc is one document ready for extraction.
type Doc struct {
	// Source is the file name, plus "#n" (the JSONL line or the feed item
	// number, from 1) for files that hold several documents.
	Source string
	// ID is the id the feed or JSONL record gave, if any. It is
	// informational: the store derives its own ID from Text (see ID).
	ID string
	// Title is the headline, without a recognizable " - Publisher" suffix.
	Title string
	// Site is the publisher's name: the suffix stripped from the title, or
	// else the page's og:site_name or the feed item's <source>.
	Site string
	// URL is the canonical address of the article, if known.
	URL string
	// Published is the publication time in UTC; zero if unknown.
	Published time.Time
	// Text is the normalized text: the title as first paragraph, then the
	// body paragraphs, separated by "\n\n".
	Text string
}

// ID returns the stable document ID of a normalized text: the hex form of
// the first 16 bytes of its SHA-256.
func ID(text string) string {
	sum := sha256.Sum256([]byte(text))
	return hex.EncodeToString(sum[:16])
}

// DefaultMaxDocBytes is the document size limit used when Limits.MaxDocBytes
// is zero or negative.
const DefaultMaxDocBytes = 5 << 20

// Limits bounds what Read accepts.
type Limits struct {
	// MaxDocBytes is the largest single document, in bytes of input: a whole
	// .txt/.md/.html file, one JSONL line or one feed item. Zero or less
	// means DefaultMaxDocBytes.
	MaxDocBytes int
}

func (l Limits) maxDoc() int {
	if l.MaxDocBytes <= 0 {
		return DefaultMaxDocBytes
	}
	return l.MaxDocBytes
}

// Errors that Read wraps; test for them with errors.Is.
var (
	// ErrUnsupported means the file's extension is not one Read knows, or
	// a feed file is not a feed (or is a sitemap, which holds no documents).
	ErrUnsupported = errors.New("unsupported file type")
	// ErrTooLarge means a document is larger than Limits.MaxDocBytes.
	ErrTooLarge = errors.New("document too large")
	// ErrNoText means a document has no text left after normalization, or
	// a record has no text field.
	ErrNoText = errors.New("no text")
)

// RecordError reports a problem with one document of a file. Its message
// names the file and, for multi-document files, the JSONL line or feed item:
// "normalize: news.jsonl line 7: invalid JSON: …".
type RecordError struct {
	// File is the name given to Read.
	File string
	// Line is the 1-based JSONL line, or the input line where a feed item
	// starts; 0 when not applicable.
	Line int
	// Item is the 1-based feed item number; 0 when not applicable.
	Item int
	// Err is the cause.
	Err error
}

// Error implements error.
func (e *RecordError) Error() string {
	switch {
	case e.Item > 0 && e.Line > 0:
		return fmt.Sprintf("normalize: %s item %d (line %d): %v", e.File, e.Item, e.Line, e.Err)
	case e.Item > 0:
		return fmt.Sprintf("normalize: %s item %d: %v", e.File, e.Item, e.Err)
	case e.Line > 0:
		return fmt.Sprintf("normalize: %s line %d: %v", e.File, e.Line, e.Err)
	default:
		return fmt.Sprintf("normalize: %s: %v", e.File, e.Err)
	}
}

// Unwrap returns the cause.
func (e *RecordError) Unwrap() error { return e.Err }
