package normalize

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/newsgraph/newsgraph/ingest/feed"
)

// Read reads the documents of one file, choosing the reader by the file
// name's extension:
//
//	.txt .text .md .markdown   one document (Text)
//	.html .htm .xhtml          one document (HTML)
//	.jsonl .ndjson             one document per line (see below)
//	.xml .rss .atom .json      one document per feed item (see below)
//
// A JSONL line is an object {"id","url","title","published","text"}; text
// is required and may be HTML (it is then read like a page or, without
// <html>/<body>, as a fragment that is all content); published is a date
// string or Unix seconds. Blank lines are skipped. Feeds (RSS, Atom or JSON
// Feed, told by content: see feed.Parse) are read as a stream, with no limit
// on their size or item count; an item becomes a Doc as FeedItem makes it.
// A sitemap holds links but no documents and is refused (ErrUnsupported).
//
// A bad record (invalid JSON, no text, binary text, larger than
// limits.MaxDocBytes) gives a *RecordError naming the file and the line or
// item, and reading goes on with the next one; the documents read are
// returned with every error. An unknown extension gives an error wrapping
// ErrUnsupported, and a file that is not text (SniffBinary) one wrapping
// ErrBinary.
func Read(name string, r io.Reader, limits Limits) ([]Doc, []error) {
	max := limits.maxDoc()
	var read func(r io.Reader) ([]Doc, []error)
	switch strings.ToLower(filepath.Ext(name)) {
	case ".txt", ".text", ".md", ".markdown", ".mdown":
		read = func(r io.Reader) ([]Doc, []error) {
			b, err := readLimited(r, max)
			if err != nil {
				return nil, []error{&RecordError{File: name, Err: err}}
			}
			return single(name, Text(string(b)))
		}
	case ".html", ".htm", ".xhtml":
		read = func(r io.Reader) ([]Doc, []error) {
			b, err := readLimited(r, max)
			if err != nil {
				return nil, []error{&RecordError{File: name, Err: err}}
			}
			return single(name, htmlDoc(decodeHTMLBytes(b, ""), false, hints{}))
		}
	case ".jsonl", ".ndjson":
		read = func(r io.Reader) ([]Doc, []error) { return readJSONL(name, r, max) }
	case ".xml", ".rss", ".atom", ".json":
		read = func(r io.Reader) ([]Doc, []error) { return readFeed(name, r, max) }
	default:
		return nil, []error{&RecordError{File: name, Err: fmt.Errorf("%w: extension %q", ErrUnsupported, filepath.Ext(name))}}
	}
	// a binary file is refused as a whole, whatever its name says
	br := bufio.NewReaderSize(r, SniffLen)
	head, _ := br.Peek(SniffLen) // less at the end of the input; a read error comes again below
	if err := SniffBinary(string(head)); err != nil {
		return nil, []error{&RecordError{File: name, Err: err}}
	}
	return read(br)
}

func single(name string, d Doc) ([]Doc, []error) {
	if d.Text == "" {
		return nil, []error{&RecordError{File: name, Err: fmt.Errorf("%w after normalization", ErrNoText)}}
	}
	d.Source = name
	return []Doc{d}, nil
}

// readLimited reads all of r, failing with ErrTooLarge past max bytes.
func readLimited(r io.Reader, max int) ([]byte, error) {
	b, err := io.ReadAll(io.LimitReader(r, int64(max)+1))
	if err != nil {
		return nil, fmt.Errorf("read: %w", err)
	}
	if len(b) > max {
		return nil, fmt.Errorf("%w: more than %d bytes", ErrTooLarge, max)
	}
	return b, nil
}

// readFeed reads a feed with feed.Parse, without limits on its size or item
// count (a file is read as a whole, like every file), and turns its items
// into documents. An item larger than max, or with no text, gives an error
// and the next one is read; a malformed feed gives the documents of the
// items before the problem and an error naming it.
func readFeed(name string, r io.Reader, max int) ([]Doc, []error) {
	f, err := feed.Parse(r, feed.Limits{MaxBytes: -1, MaxItems: -1})
	if f.Format == feed.Sitemap || f.Format == feed.SitemapIndex {
		return nil, []error{&RecordError{File: name, Err: fmt.Errorf("%w: a %s lists pages to fetch but holds no documents", ErrUnsupported, f.Format)}}
	}
	var docs []Doc
	var errs []error
	for i, it := range f.Items {
		n := i + 1
		if it.Size > int64(max) {
			errs = append(errs, &RecordError{File: name, Item: n, Line: it.Line, Err: fmt.Errorf("%w: more than %d bytes", ErrTooLarge, max)})
			continue
		}
		d := FeedItem(it)
		if d.Text == "" {
			errs = append(errs, &RecordError{File: name, Item: n, Line: it.Line, Err: fmt.Errorf("%w: the item has no title, content or description", ErrNoText)})
			continue
		}
		d.Source = name + "#" + strconv.Itoa(n)
		docs = append(docs, d)
	}
	if err != nil {
		errs = append(errs, feedError(name, err))
	}
	return docs, errs
}

// feedError is a feed.Parse error as a *RecordError naming the file.
func feedError(name string, err error) error {
	var fe *feed.Error
	if !errors.As(err, &fe) {
		return &RecordError{File: name, Err: err}
	}
	cause := fe.Err
	if errors.Is(cause, feed.ErrFormat) {
		cause = fmt.Errorf("%w: %w", ErrUnsupported, cause)
	}
	return &RecordError{File: name, Item: fe.Item, Line: fe.Line, Err: cause}
}

// FeedItem turns one feed item into a document, as Read does with each item
// of a feed file: HTML content is read as a fragment (or as a page when it
// is a whole page), other content as text, and the item's title, URL, id,
// publisher and date are kept. The date is the first of it.Dates that this
// package's date parser reads (it knows more forms than feed's), else
// it.Published. Source is left empty for the caller to name. A Doc whose
// Text is empty means the item has nothing to read.
func FeedItem(it feed.Item) Doc {
	h := hints{title: it.Title, url: it.URL, id: it.ID, site: it.Site, published: it.Published}
	for _, s := range it.Dates {
		if t, ok := parseDate(s); ok {
			h.published = t
			break
		}
	}
	if it.ContentHTML {
		return htmlDoc(it.Content, !isFullPage(it.Content), h)
	}
	return normalizeText(it.Content, h)
}

// jsonlRecord is one JSONL line.
type jsonlRecord struct {
	ID        json.RawMessage `json:"id"`
	URL       string          `json:"url"`
	Title     string          `json:"title"`
	Published json.RawMessage `json:"published"`
	Text      *string         `json:"text"`
}

func readJSONL(name string, r io.Reader, max int) ([]Doc, []error) {
	var docs []Doc
	var errs []error
	br := bufio.NewReaderSize(r, 64<<10)
	for n := 1; ; n++ {
		b, tooBig, err := readLine(br, max)
		if err != nil && !errors.Is(err, io.EOF) {
			errs = append(errs, &RecordError{File: name, Line: n, Err: fmt.Errorf("read: %w", err)})
			return docs, errs
		}
		eof := err != nil
		if eof && len(b) == 0 && !tooBig {
			return docs, errs
		}
		switch {
		case tooBig:
			errs = append(errs, &RecordError{File: name, Line: n, Err: fmt.Errorf("%w: more than %d bytes", ErrTooLarge, max)})
		case len(bytes.TrimSpace(b)) > 0:
			d, err := jsonlDoc(b)
			if err != nil {
				errs = append(errs, &RecordError{File: name, Line: n, Err: err})
			} else {
				d.Source = name + "#" + strconv.Itoa(n)
				docs = append(docs, d)
			}
		}
		if eof {
			return docs, errs
		}
	}
}

// readLine reads one line without its end; a line longer than max is
// consumed but not kept, and reported as tooBig.
func readLine(br *bufio.Reader, max int) (b []byte, tooBig bool, err error) {
	for {
		frag, err := br.ReadSlice('\n')
		if !tooBig {
			if len(b)+len(frag) > max+2 { // +2: the line end
				tooBig, b = true, nil
			} else {
				b = append(b, frag...)
			}
		}
		switch {
		case err == nil:
			b = bytes.TrimRight(b, "\r\n")
			tooBig = tooBig || len(b) > max
			return b, tooBig, nil
		case errors.Is(err, bufio.ErrBufferFull):
			continue
		default:
			tooBig = tooBig || len(b) > max
			return b, tooBig, err
		}
	}
}

func jsonlDoc(b []byte) (Doc, error) {
	var rec jsonlRecord
	if err := json.Unmarshal(b, &rec); err != nil {
		return Doc{}, fmt.Errorf("invalid JSON: %w", err)
	}
	if rec.Text == nil || strings.TrimSpace(*rec.Text) == "" {
		return Doc{}, fmt.Errorf("%w: the record has no \"text\"", ErrNoText)
	}
	if err := SniffBinary(*rec.Text); err != nil {
		return Doc{}, fmt.Errorf("the record's text: %w", err)
	}
	h := hints{title: rec.Title, url: strings.TrimSpace(rec.URL), id: rawID(rec.ID)}
	h.published, _ = rawDate(rec.Published)
	text := *rec.Text
	var d Doc
	if feed.LooksLikeHTML(text) {
		d = htmlDoc(text, !isFullPage(text), h)
	} else {
		d = normalizeText(text, h)
	}
	if d.Text == "" {
		return Doc{}, fmt.Errorf("%w after normalization", ErrNoText)
	}
	return d, nil
}

// rawID turns a JSON string or number id into a string.
func rawID(raw json.RawMessage) string {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	var n json.Number
	if json.Unmarshal(raw, &n) == nil {
		return n.String()
	}
	return ""
}

// rawDate reads a JSON date string, or Unix seconds (or milliseconds).
func rawDate(raw json.RawMessage) (time.Time, bool) {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return parseDate(s)
	}
	var f float64
	if json.Unmarshal(raw, &f) == nil && f > 0 {
		if f > 1e11 {
			f /= 1000
		}
		return time.Unix(int64(f), 0).UTC(), true
	}
	return time.Time{}, false
}
