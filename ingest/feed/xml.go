package feed

import (
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"

	"golang.org/x/net/html/charset"
)

// Namespaces of the XML formats read here.
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

// rootFormat is the format a root element names; "" when it names none.
func rootFormat(name xml.Name) string {
	switch strings.ToLower(name.Local) {
	case "rss", "rdf", "channel":
		return RSS
	case "feed":
		return Atom
	case "urlset":
		return Sitemap
	case "sitemapindex":
		return SitemapIndex
	}
	return ""
}

// xmlParser streams one XML feed or sitemap.
type xmlParser struct {
	d        *xml.Decoder
	f        *Feed
	maxItems int
	stack    []string // local names of the open elements above the current one
}

// parseXML reads an RSS, Atom or sitemap document. decoded tells that r is
// already UTF-8 whatever the XML declaration says.
func parseXML(r io.Reader, decoded bool, lim Limits) (*Feed, error) {
	d := xml.NewDecoder(r)
	d.Strict = false
	d.Entity = xml.HTMLEntity
	d.CharsetReader = func(label string, r io.Reader) (io.Reader, error) {
		if decoded {
			return r, nil
		}
		return charset.NewReaderLabel(label, r)
	}
	p := &xmlParser{d: d, f: &Feed{}, maxItems: lim.maxItems()}
	return p.f, p.run()
}

func (p *xmlParser) run() error {
	for {
		tok, err := p.d.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			line, _ := p.d.InputPos()
			return &Error{Line: line, Err: fmt.Errorf("invalid XML: %w", err)}
		}
		switch t := tok.(type) {
		case xml.EndElement:
			if len(p.stack) > 0 {
				p.stack = p.stack[:len(p.stack)-1]
			}
		case xml.StartElement:
			if len(p.stack) == 0 && p.f.Format == "" {
				if p.f.Format = rootFormat(t.Name); p.f.Format == "" {
					return &Error{Err: fmt.Errorf("%w: root element <%s> is not an RSS or Atom feed, nor a sitemap", ErrFormat, t.Name.Local)}
				}
				p.stack = append(p.stack, t.Name.Local)
				continue
			}
			done, err := p.element(t)
			if err != nil {
				return err
			}
			if !done {
				p.stack = append(p.stack, t.Name.Local)
			}
		}
	}
	if p.f.Format == "" {
		return &Error{Err: fmt.Errorf("%w: no XML element", ErrFormat)}
	}
	return nil
}

// element handles a start element below the root: an item, or the feed's
// title or link. done tells that the element was read to its end.
func (p *xmlParser) element(se xml.StartElement) (done bool, err error) {
	local, space := se.Name.Local, se.Name.Space
	sitemap := p.f.Format == Sitemap || p.f.Format == SitemapIndex
	var read func(xml.StartElement) (Item, error)
	switch {
	case sitemap && len(p.stack) == 1 && (local == "url" || local == "sitemap"):
		read = p.readEntry
	case !sitemap && (local == "item" || local == "entry") && coreNS(space):
		read = p.readItem
	case !sitemap && (local == "title" || local == "link") && coreNS(space) && p.feedLevel():
		return true, p.feedField(se)
	default:
		return false, nil
	}
	n := len(p.f.Items) + 1
	if p.maxItems >= 0 && n > p.maxItems {
		msg := fmt.Sprintf("more than %d items: kept the first %d", p.maxItems, p.maxItems)
		return true, &Error{Err: &limitError{msg, ErrTooManyItems}}
	}
	line, _ := p.d.InputPos()
	start := p.d.InputOffset()
	it, err := read(se)
	if err != nil {
		return true, &Error{Item: n, Line: line, Err: fmt.Errorf("invalid XML: %w", err)}
	}
	it.Line, it.Size = line, p.d.InputOffset()-start
	p.f.Items = append(p.f.Items, it)
	return true, nil
}

// feedLevel reports that the current element is a child of the RSS channel
// or the Atom feed.
func (p *xmlParser) feedLevel() bool {
	if len(p.stack) == 0 || len(p.stack) > 2 {
		return false
	}
	parent := strings.ToLower(p.stack[len(p.stack)-1])
	return parent == "channel" || parent == "feed"
}

// feedField reads the feed's title or home link.
func (p *xmlParser) feedField(se xml.StartElement) error {
	var t textConstruct
	if err := p.d.DecodeElement(&t, &se); err != nil {
		line, _ := p.d.InputPos()
		return &Error{Line: line, Err: fmt.Errorf("invalid XML: %w", err)}
	}
	switch se.Name.Local {
	case "title":
		if p.f.Title == "" {
			p.f.Title = t.plain()
		}
	case "link":
		href, rel := attrValue(se, "href"), attrValue(se, "rel")
		switch {
		case href != "" && (rel == "" || rel == "alternate") && p.f.Site == "":
			p.f.Site = strings.TrimSpace(href)
		case href == "" && p.f.Site == "":
			p.f.Site = strings.TrimSpace(t.Text)
		}
	}
	return nil
}

// textConstruct is a text construct: RSS character data, or Atom text with
// a type of "text", "html" or "xhtml".
type textConstruct struct {
	Type  string `xml:"type,attr"`
	Mode  string `xml:"mode,attr"` // Atom 0.3: "escaped", "xml"
	Inner string `xml:",innerxml"`
	Text  string `xml:",chardata"`
}

func (t textConstruct) empty() bool {
	return strings.TrimSpace(t.Text) == "" && strings.TrimSpace(t.Inner) == ""
}

// markup returns the construct's content and whether it is HTML.
func (t textConstruct) markup() (string, bool) {
	typ := strings.ToLower(t.Type)
	switch {
	case typ == "xhtml" || strings.HasSuffix(typ, "xhtml+xml") || strings.EqualFold(t.Mode, "xml"):
		return t.Inner, true
	case typ == "html" || typ == "text/html":
		return t.Text, true
	case typ == "text" || typ == "text/plain":
		return t.Text, false
	}
	return t.Text, LooksLikeHTML(t.Text)
}

// plain is the construct as plain text: HTML reduced to its text, entities
// decoded.
func (t textConstruct) plain() string {
	s, isHTML := t.markup()
	if isHTML {
		return htmlText(s)
	}
	return strings.TrimSpace(unescapeEntities(s))
}

func attrValue(se xml.StartElement, local string) string {
	for _, a := range se.Attr {
		if a.Name.Local == local {
			return a.Value
		}
	}
	return ""
}

// elementText reads the character data of an element up to its end.
func elementText(d *xml.Decoder, se xml.StartElement) (string, error) {
	var t struct {
		Text string `xml:",chardata"`
	}
	err := d.DecodeElement(&t, &se)
	return strings.TrimSpace(t.Text), err
}
