package normalize

import (
	"regexp"
	"slices"
	"strings"
	"time"
)

// Text normalizes a plain-text or markdown document.
//
// Characters: invalid UTF-8 becomes U+FFFD; line endings become "\n"; BOMs,
// zero-width and control characters go; tabs and exotic spaces become
// spaces, runs of spaces collapse, lines are trimmed; a blank line (or
// several) is a paragraph break. Curly quotes and apostrophes stay.
//
// Markdown: heading, quote and bullet marks, emphasis markers, images and
// link syntax go ([text](url) keeps its text); fenced code blocks are kept
// as they are.
//
// Clutter (line by line, generic): navigation and widget lines ("Search",
// "Menu", "Share", "Sign in", "Newer Post Older Post Home", "Post a Comment",
// "0 Response to …", "Powered by Blogger."), app and ad prompts ("CLICK HERE
// TO GET THE … APP", "Advertisement", "Adblock test (Why?)", "Skip to
// content", newsletter and cookie prompts), teaser links ("Read more: …",
// "Baca juga …"), feed footers ("World - Latest - Google News",
// breadcrumbs), lines that are only a URL or a domain, timestamp lines
// ("July 19, 2021 at 08:59PM"), copyright lines, short share/read/comment
// lines in other languages ("Bagikan Berita Ini"), lines without letters or
// digits, ALL-CAPS lines of four words or more after the first line
// ("related story" teasers), repeats of the title, and a line repeating the
// one before it.
//
// Metadata: "Published:", "Date:" (and similar) lines with a date, and
// timestamp lines, give Published (the first one wins) and are removed; a
// "URL:"/"Source:" line with a URL, or a bare URL that is not a short link,
// gives URL; a first line "Title: …" gives the title.
//
// Title: the first line when it is a paragraph of its own, at most 200
// characters long and does not end with a full stop. A recognizable
// " - Site Name" suffix is moved from it to Doc.Site. The title is the first
// paragraph of Text.
func Text(raw string) Doc {
	return normalizeText(raw, hints{})
}

// hints are metadata a container format (HTML, JSONL, feed) knows about a
// document. Only title affects the text: it is put before the body as its
// first line and goes through the same rules as any first line.
type hints struct {
	title     string
	site      string
	url       string
	published time.Time
	id        string
}

// line is one non-blank line of a document.
type line struct {
	s    string
	para bool // first line of a paragraph
	code bool // part of a fenced code block: kept as is
}

// normalizeText is the one normalization every format goes through.
func normalizeText(raw string, h hints) Doc {
	doc := Doc{ID: h.id, URL: h.url, Published: h.published}
	explicit := ""
	if h.title != "" {
		explicit = oneLine(h.title)
		if explicit != "" && !isFence(explicit) {
			raw = explicit + "\n\n" + raw
		}
	}
	lines := splitLines(cleanChars(raw))
	lines = frontMatter(lines, &doc)
	lines, info := dropClutter(lines)
	if doc.Published.IsZero() {
		doc.Published = info.published
	}
	if doc.URL == "" {
		doc.URL = info.url
	}
	lines = titleLine(lines)
	title := findTitle(lines, &doc, h, explicit)
	lines = dropRepeats(lines, title, doc.Site, h.site)

	var b strings.Builder
	for i, l := range lines {
		if i > 0 {
			if l.para {
				b.WriteString("\n\n")
			} else {
				b.WriteByte('\n')
			}
		}
		b.WriteString(l.s)
	}
	doc.Text = b.String()
	return doc
}

// dropClutter turns each line's markdown into text and drops the lines that
// are clutter (navigation, share buttons, bylines, dates), keeping the date
// and URL the first of them carried. A dropped line's paragraph break passes
// to the next line kept.
func dropClutter(lines []line) ([]line, lineInfo) {
	var info lineInfo
	kept := lines[:0]
	carry := false
	for _, l := range lines {
		l.para = l.para || carry
		carry = false
		if !l.code {
			l.s = markdownLine(l.s)
			drop := l.s == "" || isFence(l.s)
			if !drop {
				var li lineInfo
				drop, li = clutter(l.s)
				if info.published.IsZero() {
					info.published = li.published
				}
				if info.url == "" {
					info.url = li.url
				}
			}
			if drop {
				carry = l.para
				continue
			}
		}
		kept = append(kept, l)
	}
	return kept, info
}

// titleLine handles a leading "Title: …" line: the first acceptable one
// becomes the first line, without its label; unacceptable ones are dropped.
func titleLine(lines []line) []line {
	for len(lines) > 0 && !lines[0].code {
		m := titleLineRE.FindStringSubmatch(lines[0].s)
		if m == nil {
			break
		}
		if v := markdownLine(m[1]); acceptableTitle(v) {
			lines[0].s = v
			if len(lines) > 1 {
				lines[1].para = true
			}
			break
		}
		lines = dropLine(lines, 0)
	}
	return lines
}

// findTitle sets doc.Title (and doc.Site) from the first line when it looks
// like a title, moving a " - Site Name" suffix to the site. It returns the
// title found that way, "" when the first line is not one (doc.Title may
// still be the explicit title given in the hints).
func findTitle(lines []line, doc *Doc, h hints, explicit string) string {
	title := ""
	if len(lines) > 0 && !lines[0].code && qualifiesAsTitle(lines[0].s) && (len(lines) == 1 || lines[1].para) {
		title = lines[0].s
		hint := h.site
		for {
			head, site, ok := splitSite(title, hint)
			if !ok || !acceptableTitle(head) {
				break
			}
			if doc.Site == "" {
				doc.Site = site
			}
			title, hint = head, ""
		}
		lines[0].s = title
		doc.Title = title
	} else if explicit != "" && len(lines) > 0 && lines[0].s == markdownLine(explicit) {
		doc.Title = lines[0].s
	}
	if doc.Site == "" {
		doc.Site = h.site
	}
	return title
}

// dropRepeats drops repeats of the title, repeated lines and ALL-CAPS
// teasers. Lines of a first paragraph that is not a title stay, so that what
// makes a title does not change on a second pass.
func dropRepeats(lines []line, title, site, hintSite string) []line {
	from := 1
	if title == "" {
		for from < len(lines) && !lines[from].para {
			from++
		}
	}
	if title != "" {
		tkey := titleKey(title)
		var withSite []string
		for _, s := range []string{site, hintSite} {
			if s != "" {
				withSite = append(withSite, titleKey(title+" "+s))
			}
		}
		lines = filterLines(lines, from, func(l, _ line) bool {
			k := titleKey(l.s)
			if k == tkey || titleKey(stripSites(l.s, hintSite)) == tkey {
				return false
			}
			return !slices.Contains(withSite, k)
		})
	}
	lines = filterLines(lines, from, notRepeat)
	// All-caps lines are teasers only in a text that is mostly not in caps
	// (a wire story written all in capitals keeps its lines).
	caps, other := 0, 0
	for i := from; i < len(lines); i++ {
		switch {
		case lines[i].code:
		case isAllCaps(lines[i].s):
			caps++
		default:
			other++
		}
	}
	if caps > 0 && caps < other {
		lines = filterLines(lines, from, func(l, _ line) bool { return !isAllCaps(l.s) })
		lines = filterLines(lines, from, notRepeat)
	}
	if title != "" && len(lines) > 1 {
		lines[1].para = true
	}
	return lines
}

// splitLines splits cleaned text into non-blank, whitespace-normalized
// lines, marking paragraph starts and fenced code.
func splitLines(text string) []line {
	out := make([]line, 0, strings.Count(text, "\n")/2+1)
	para := true
	fence := ""
	for len(text) > 0 {
		var s string
		if i := strings.IndexByte(text, '\n'); i >= 0 {
			s, text = text[:i], text[i+1:]
		} else {
			s, text = text, ""
		}
		s = collapseSpaces(s)
		if s == "" {
			para = true
			continue
		}
		code := fence != ""
		if isFence(s) {
			code = true
			switch {
			case fence == "":
				fence = s[:3]
			case strings.HasPrefix(s, fence):
				fence = ""
			}
		}
		out = append(out, line{s: s, para: para, code: code})
		para = false
	}
	return out
}

// dropLine removes lines[i], passing a paragraph start on to the next line.
func dropLine(lines []line, i int) []line {
	if i+1 < len(lines) && lines[i].para {
		lines[i+1].para = true
	}
	return append(lines[:i], lines[i+1:]...)
}

// acceptableTitle reports whether s can stand as the first line for good:
// a second normalization must keep it as it is.
func acceptableTitle(s string) bool {
	if s == "" || isFence(s) || titleLineRE.MatchString(s) || markdownLine(s) != s {
		return false
	}
	drop, _ := clutter(s)
	return !drop
}

// stripSites removes every recognizable site suffix from s.
func stripSites(s, hint string) string {
	for {
		head, _, ok := splitSite(s, hint)
		if !ok {
			return s
		}
		s, hint = head, ""
	}
}

// filterLines keeps lines[:from], code lines and the lines for which keep,
// given the line and the last line kept, returns true. A dropped line's
// paragraph start passes to the next line.
func filterLines(lines []line, from int, keep func(l, prev line) bool) []line {
	out := lines[:0]
	carry := false
	for i, l := range lines {
		l.para = l.para || carry
		carry = false
		if i >= from && !l.code && len(out) > 0 && !keep(l, out[len(out)-1]) {
			carry = l.para
			continue
		}
		out = append(out, l)
	}
	return out
}

// notRepeat is false for a line equal (but for case) to the one before it.
func notRepeat(l, prev line) bool {
	return prev.code || !strings.EqualFold(l.s, prev.s)
}

var frontKeyRE = regexp.MustCompile(`^([A-Za-z_][\w.-]*)\s*[:=]\s*(.*)$`)

// frontMatter removes a YAML ("---") or TOML ("+++") front matter block at
// the start of a markdown file, taking its title, date and URL. The block's
// title becomes the first line. Its fences can never survive normalization
// (they have no letters), so a second pass finds no block.
func frontMatter(lines []line, doc *Doc) []line {
	if len(lines) < 2 || lines[0].code || lines[0].s != "---" && lines[0].s != "+++" {
		return lines
	}
	end := -1
	for i := 1; i < len(lines) && i < 64; i++ {
		if lines[i].s == lines[0].s || lines[0].s == "---" && lines[i].s == "..." {
			end = i
			break
		}
		if !frontKeyRE.MatchString(lines[i].s) && !strings.HasPrefix(lines[i].s, "- ") {
			return lines
		}
	}
	if end < 0 {
		return lines
	}
	title := ""
	for _, l := range lines[1:end] {
		m := frontKeyRE.FindStringSubmatch(l.s)
		if m == nil {
			continue
		}
		v := strings.Trim(strings.TrimSpace(m[2]), `"'`)
		switch strings.ToLower(m[1]) {
		case "title", "headline":
			if title == "" {
				title = v
			}
		case "date", "published", "pubdate", "publishdate", "published_at", "date_published":
			if t, ok := parseDate(v); ok && doc.Published.IsZero() {
				doc.Published = t
			}
		case "url", "link", "permalink", "canonical", "canonical_url", "canonicalurl":
			if u, ok := bareURL(v); ok && u != "" && doc.URL == "" {
				doc.URL = u
			}
		}
	}
	rest := lines[end+1:]
	if len(rest) > 0 {
		rest[0].para = true
	}
	if title = collapseSpaces(title); title != "" && !isFence(title) {
		rest = append([]line{{s: title, para: true}}, rest...)
		if len(rest) > 1 {
			rest[1].para = true
		}
	}
	return rest
}
