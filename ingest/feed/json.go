package feed

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
)

// parseJSON reads a JSON Feed (https://www.jsonfeed.org/version/1.1/) as a
// stream: the top-level object key by key, the items one at a time.
func parseJSON(r io.Reader, lim Limits) (*Feed, error) {
	f := &Feed{Format: JSONFeed}
	dec := json.NewDecoder(r)
	dec.UseNumber()
	tok, err := dec.Token()
	if err != nil {
		return f, jsonError(0, err)
	}
	if d, ok := tok.(json.Delim); !ok || d != '{' {
		return f, &Error{Err: fmt.Errorf("%w: JSON that is not an object", ErrFormat)}
	}
	var version string
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return f, jsonError(0, err)
		}
		key, _ := tok.(string) // object keys are strings
		if key == "items" {
			if err := readJSONItems(dec, f, lim.maxItems()); err != nil {
				return f, err
			}
			continue
		}
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return f, jsonError(0, err)
		}
		switch key {
		case "version":
			version = jsonString(raw)
		case "title":
			f.Title = strings.TrimSpace(jsonString(raw))
		case "home_page_url":
			f.Site = strings.TrimSpace(jsonString(raw))
		}
	}
	if err := expectDelim(dec, '}'); err != nil {
		return f, err
	}
	if !strings.Contains(version, "jsonfeed.org/version/1") {
		return f, &Error{Err: fmt.Errorf("%w: JSON without a JSON Feed version (version %q)", ErrFormat, version)}
	}
	return f, nil
}

func expectDelim(dec *json.Decoder, want json.Delim) error {
	tok, err := dec.Token()
	if err != nil {
		return jsonError(0, err)
	}
	if d, ok := tok.(json.Delim); !ok || d != want {
		return jsonError(0, fmt.Errorf("found %v where %q was expected", tok, want))
	}
	return nil
}

func jsonError(item int, err error) error {
	if errors.Is(err, io.EOF) {
		err = io.ErrUnexpectedEOF
	}
	return &Error{Item: item, Err: fmt.Errorf("invalid JSON: %w", err)}
}

// readJSONItems reads the items array, keeping at most max items (all when
// max < 0).
func readJSONItems(dec *json.Decoder, f *Feed, max int) error {
	if err := expectDelim(dec, '['); err != nil {
		return err
	}
	for dec.More() {
		n := len(f.Items) + 1
		if max >= 0 && n > max {
			msg := fmt.Sprintf("more than %d items: kept the first %d", max, max)
			return &Error{Err: &limitError{msg, ErrTooManyItems}}
		}
		start := dec.InputOffset()
		var fields map[string]json.RawMessage
		if err := dec.Decode(&fields); err != nil {
			return jsonError(n, err)
		}
		it := jsonItem(fields)
		it.Size = dec.InputOffset() - start
		f.Items = append(f.Items, it)
	}
	return expectDelim(dec, ']')
}

// jsonItem reads one item's fields; a field of the wrong type counts as
// absent.
func jsonItem(fields map[string]json.RawMessage) Item {
	s := func(k string) string { return strings.TrimSpace(jsonString(fields[k])) }
	it := Item{ID: s("id"), URL: firstNonEmpty(s("url"), s("external_url")), Title: s("title")}
	for _, k := range []string{"date_published", "date_modified"} {
		if v := s(k); v != "" {
			it.Dates = append(it.Dates, v)
		}
	}
	it.Published = firstDate(it.Dates)
	it.Updated, _ = parseDate(s("date_modified"))
	switch {
	case s("content_html") != "":
		it.Content, it.ContentHTML = jsonString(fields["content_html"]), true
	case s("content_text") != "":
		it.Content = jsonString(fields["content_text"])
	default:
		it.Content = jsonString(fields["summary"])
	}
	return it
}

// jsonString is a JSON string's value, a number's text (JSON Feed 1.0 ids
// are sometimes numbers), or "" for anything else.
func jsonString(raw json.RawMessage) string {
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
