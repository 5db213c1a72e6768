package feed

import (
	"html"
	"regexp"
	"strings"
	"time"

	xhtml "golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// LooksLikeHTML reports text with HTML markup: a tag HTML knows. Feed
// content and ingested text are told apart by it.
func LooksLikeHTML(s string) bool {
	for _, m := range htmlTagRE.FindAllStringSubmatch(s, 20) {
		if a := atom.Lookup([]byte(strings.ToLower(m[1]))); a != 0 {
			return true
		}
	}
	return false
}

var htmlTagRE = regexp.MustCompile(`</?([a-zA-Z][a-zA-Z0-9]{0,10})(?:\s[^<>]*)?/?>`)

var entityRE = regexp.MustCompile(`&(?:#[0-9]+|#x[0-9a-fA-F]+|[a-zA-Z][a-zA-Z0-9]*);`)

// unescapeEntities decodes the HTML entities left in a text (a title
// escaped twice, "&amp;amp;", reads "&").
func unescapeEntities(s string) string {
	if entityRE.MatchString(s) {
		return html.UnescapeString(s)
	}
	return s
}

// htmlText is the text of a bit of HTML on one line: the text of each node
// followed by a space, script and style left out, whitespace collapsed.
func htmlText(s string) string {
	z := xhtml.NewTokenizer(strings.NewReader(s))
	var b strings.Builder
	skip := false
	for {
		switch z.Next() {
		case xhtml.ErrorToken:
			return strings.Join(strings.Fields(b.String()), " ")
		case xhtml.TextToken:
			if !skip {
				b.Write(z.Text())
				b.WriteByte(' ')
			}
		case xhtml.StartTagToken:
			name, _ := z.TagName()
			a := atom.Lookup(name)
			skip = a == atom.Script || a == atom.Style
		case xhtml.EndTagToken:
			skip = false
		}
	}
}

// isoLayouts are the date forms of Atom, JSON Feed and sitemaps (RFC 3339,
// W3C date and time), and rfcLayouts those of RSS (RFC 822/1123 and their
// common variants). A date is tried against the list its shape fits, since
// every failed layout costs an allocation.
var isoLayouts = []string{
	time.RFC3339Nano,
	"2006-01-02T15:04:05Z0700",
	"2006-01-02T15:04Z07:00",
	"2006-01-02T15:04:05",
	"2006-01-02 15:04:05Z07:00",
	"2006-01-02 15:04:05",
	"2006-01-02",
}

var rfcLayouts = []string{
	time.RFC1123Z,
	time.RFC1123,
	"Mon, 2 Jan 2006 15:04:05 -0700",
	"Mon, 2 Jan 2006 15:04:05 MST",
	"Mon, 2 Jan 2006 15:04 -0700",
	"Mon, 2 Jan 2006 15:04 MST",
	"Mon, 2 January 2006 15:04:05 MST",
	"2 Jan 2006 15:04:05 -0700",
	"2 Jan 2006 15:04:05 MST",
	"2 Jan 2006 15:04 MST",
	time.RFC850,
	time.ANSIC,
}

// zoneOffsets are the offsets of the zone names feeds print, which Go's
// time.Parse knows only by name (it gives them a zero offset).
var zoneOffsets = map[string]int{
	"UT": 0, "UTC": 0, "GMT": 0, "Z": 0,
	"EST": -5, "EDT": -4, "CST": -6, "CDT": -5, "MST": -7, "MDT": -6, "PST": -8, "PDT": -7,
	"BST": 1, "CET": 1, "CEST": 2, "EET": 2, "EEST": 3, "MSK": 3, "JST": 9, "KST": 9,
	"AEST": 10, "AEDT": 11,
}

// parseDate parses a feed date into UTC.
func parseDate(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	if s == "" || len(s) > 64 {
		return time.Time{}, false
	}
	layouts := rfcLayouts
	if len(s) >= 10 && s[4] == '-' && s[0] >= '0' && s[0] <= '9' {
		layouts = isoLayouts
	}
	for _, layout := range layouts {
		t, err := time.Parse(layout, s)
		if err != nil {
			continue
		}
		if name, off := t.Zone(); off == 0 {
			if h, ok := zoneOffsets[strings.ToUpper(name)]; ok && h != 0 {
				t = t.Add(-time.Duration(h) * time.Hour)
			}
		}
		if y := t.Year(); y < 1800 || y > 2200 {
			return time.Time{}, false
		}
		return t.UTC(), true
	}
	return time.Time{}, false
}

// firstDate is the first of dates that parses; zero if none does.
func firstDate(dates []string) time.Time {
	for _, s := range dates {
		if t, ok := parseDate(s); ok {
			return t
		}
	}
	return time.Time{}
}
