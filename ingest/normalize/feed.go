package normalize

import (
	"encoding/xml"
	"errors"
	"fmt"
	"html"
	"io"
	"regexp"
	"strconv"
	"strings"

	xhtml "golang.org/x/net/html"
)

// Namespaces of the feed formats read here.
const (
	nsAtom    = "http://www.w3.org/2005/Atom"
	nsAtom03  = "http://purl.org/atom/ns#"
	nsRSS10   = "http://purl.org/rss/1.0/"
	nsRSS09   = "http://my.netscape.com/rdf/simple/0.9/"
	nsContent = "http://purl.org/rss/1.0/modules/content/"
	nsDC      = "http://purl.org/dc/elements/1.1/"
	nsDCTerms = "http://purl.org/dc/terms/"
)

// coreNS reports the namespaces of RSS and Atom's own elements (RSS 2.0 has
// none), so that media:title or media:content are not mistaken for them.
func coreNS(space string) bool {
	switch space {
	case "", nsAtom, nsAtom03, nsRSS10, nsRSS09:
		return true
	}
	return false
}

// feedText is a text construct: RSS character data, or Atom text with a
// type of "text", "html" or "xhtml".
type feedText struct {
	Type  string `xml:"type,attr"`
	Mode  string `xml:"mode,attr"` // Atom 0.3: "escaped", "xml"
	Inner string `xml:",innerxml"`
	Text  string `xml:",chardata"`
}

func (t feedText) empty() bool {
	return strings.TrimSpace(t.Text) == "" && strings.TrimSpace(t.Inner) == ""
}

// markup returns the construct's content and whether it is HTML.
func (t feedText) markup() (string, bool) {
	typ := strings.ToLower(t.Type)
	switch {
	case typ == "xhtml" || strings.HasSuffix(typ, "xhtml+xml") || strings.EqualFold(t.Mode, "xml"):
		return t.Inner, true
	case typ == "html" || typ == "text/html":
		return t.Text, true
	case typ == "text" || typ == "text/plain":
		return t.Text, false
	}
	return t.Text, looksLikeHTML(t.Text)
}

// feedItem is what one RSS item or Atom entry gives.
type feedItem struct {
	title, link, id, site string
	dates                 map[string]string
	encoded               string
	content, description  feedText
	hasContent, hasDesc   bool
}

var entityRE = regexp.MustCompile(`&(?:#[0-9]+|#x[0-9a-fA-F]+|[a-zA-Z][a-zA-Z0-9]*);`)

// readFeed streams an RSS 0.9x/1.0/2.0 or Atom 0.3/1.0 feed.
func readFeed(name string, r io.Reader, max int) ([]Doc, []error) {
	d := xml.NewDecoder(r)
	d.Strict = false
	d.Entity = xml.HTMLEntity
	d.CharsetReader = charsetReader
	var docs []Doc
	var errs []error
	item, rootSeen := 0, false
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			line, _ := d.InputPos()
			errs = append(errs, &RecordError{File: name, Line: line, Err: fmt.Errorf("invalid XML: %w", err)})
			break
		}
		se, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		if !rootSeen {
			rootSeen = true
			switch strings.ToLower(se.Name.Local) {
			case "rss", "feed", "rdf", "channel":
			default:
				errs = append(errs, &RecordError{File: name, Err: fmt.Errorf("%w: root element <%s> is not an RSS or Atom feed", ErrUnsupported, se.Name.Local)})
				return docs, errs
			}
			continue
		}
		if (se.Name.Local != "item" && se.Name.Local != "entry") || !coreNS(se.Name.Space) {
			continue
		}
		item++
		line, _ := d.InputPos()
		start := d.InputOffset()
		it, err := readItem(d, se)
		if err != nil {
			errs = append(errs, &RecordError{File: name, Item: item, Line: line, Err: fmt.Errorf("invalid XML: %w", err)})
			break
		}
		if size := d.InputOffset() - start; size > int64(max) {
			errs = append(errs, &RecordError{File: name, Item: item, Line: line, Err: fmt.Errorf("%w: more than %d bytes", ErrTooLarge, max)})
			continue
		}
		doc := it.doc()
		if doc.Text == "" {
			errs = append(errs, &RecordError{File: name, Item: item, Line: line, Err: fmt.Errorf("%w: the item has no title, content or description", ErrNoText)})
			continue
		}
		doc.Source = name + "#" + strconv.Itoa(item)
		docs = append(docs, doc)
	}
	if !rootSeen && len(errs) == 0 {
		errs = append(errs, &RecordError{File: name, Err: fmt.Errorf("%w: no XML element", ErrUnsupported)})
	}
	return docs, errs
}

// readItem reads the children of an item or entry up to its end.
func readItem(d *xml.Decoder, start xml.StartElement) (feedItem, error) {
	it := feedItem{dates: map[string]string{}}
	for {
		tok, err := d.Token()
		if err != nil {
			if errors.Is(err, io.EOF) {
				err = io.ErrUnexpectedEOF
			}
			return it, err
		}
		switch t := tok.(type) {
		case xml.EndElement:
			if t.Name.Local == start.Name.Local {
				return it, nil
			}
		case xml.StartElement:
			if err := it.readChild(d, t); err != nil {
				return it, err
			}
		}
	}
}

func (it *feedItem) readChild(d *xml.Decoder, se xml.StartElement) error {
	local, space := se.Name.Local, se.Name.Space
	var t feedText
	decode := func() error { return d.DecodeElement(&t, &se) }
	switch {
	case local == "encoded" && (space == nsContent || space == ""):
		if err := decode(); err != nil {
			return err
		}
		if it.encoded == "" {
			it.encoded = t.Text
		}
	case coreNS(space) && local == "title":
		if err := decode(); err != nil {
			return err
		}
		if it.title == "" {
			s, isHTML := t.markup()
			if isHTML {
				s = htmlText(s)
			} else if entityRE.MatchString(s) {
				s = html.UnescapeString(s)
			}
			it.title = s
		}
	case coreNS(space) && local == "link":
		if err := decode(); err != nil {
			return err
		}
		href := attrValue(se, "href")
		rel := attrValue(se, "rel")
		switch {
		case href != "" && (rel == "" || rel == "alternate") && it.link == "":
			it.link = strings.TrimSpace(href)
		case href == "" && it.link == "":
			it.link = strings.TrimSpace(t.Text)
		}
	case coreNS(space) && (local == "guid" || local == "id"):
		if err := decode(); err != nil {
			return err
		}
		if it.id == "" {
			it.id = strings.TrimSpace(t.Text)
		}
	case coreNS(space) && local == "source":
		if err := decode(); err != nil {
			return err
		}
		if s := strings.TrimSpace(t.Text); s != "" && !strings.Contains(t.Inner, "<") {
			it.site = s
		}
	case coreNS(space) && (local == "content" || local == "description" || local == "summary"):
		if err := decode(); err != nil {
			return err
		}
		switch {
		case local == "content" && !it.hasContent:
			it.content, it.hasContent = t, !t.empty()
		case local != "content" && !it.hasDesc:
			it.description, it.hasDesc = t, !t.empty()
		}
	case (coreNS(space) || space == nsDC || space == nsDCTerms) &&
		(local == "pubDate" || local == "published" || local == "date" || local == "issued" ||
			local == "updated" || local == "modified" || local == "created"):
		if err := decode(); err != nil {
			return err
		}
		if _, ok := it.dates[local]; !ok {
			it.dates[local] = strings.TrimSpace(t.Text)
		}
	default:
		return d.Skip()
	}
	return nil
}

func attrValue(se xml.StartElement, local string) string {
	for _, a := range se.Attr {
		if a.Name.Local == local {
			return a.Value
		}
	}
	return ""
}

// dateOrder is the order in which item dates are trusted.
var dateOrder = []string{"pubDate", "published", "issued", "date", "created", "updated", "modified"}

// doc normalizes the item.
func (it feedItem) doc() Doc {
	h := hints{title: it.title, url: it.link, id: it.id, site: it.site}
	for _, k := range dateOrder {
		if v, ok := it.dates[k]; ok {
			if t, ok := parseDate(v); ok {
				h.published = t
				break
			}
		}
	}
	var body string
	var isHTML bool
	switch {
	case strings.TrimSpace(it.encoded) != "":
		body, isHTML = it.encoded, looksLikeHTML(it.encoded)
	case it.hasContent:
		body, isHTML = it.content.markup()
	case it.hasDesc:
		body, isHTML = it.description.markup()
	}
	if isHTML {
		return htmlDoc(body, !isFullPage(body), h)
	}
	return normalizeText(body, h)
}

// htmlText is the plain text of a bit of HTML, on one line.
func htmlText(s string) string {
	root, err := xhtml.Parse(strings.NewReader(s))
	if err != nil {
		return s
	}
	return textOf(findBody(root))
}
