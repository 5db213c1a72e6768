package feed

import (
	"encoding/xml"
	"errors"
	"io"
	"strings"
)

// xmlItem is what one RSS item or Atom entry gives.
type xmlItem struct {
	title, link, id, site string
	dates                 map[string]string
	encoded               string
	content, description  textConstruct
	hasContent, hasDesc   bool
}

// readItem reads the children of an RSS item or Atom entry up to its end.
func (p *xmlParser) readItem(start xml.StartElement) (Item, error) {
	it := xmlItem{dates: map[string]string{}}
	err := readChildren(p.d, start, it.readChild)
	return it.item(), err
}

// readChildren calls child for each element under start, up to start's end.
// child must read the element to its end.
func readChildren(d *xml.Decoder, start xml.StartElement, child func(*xml.Decoder, xml.StartElement) error) error {
	for {
		tok, err := d.Token()
		if err != nil {
			if errors.Is(err, io.EOF) {
				err = io.ErrUnexpectedEOF
			}
			return err
		}
		switch t := tok.(type) {
		case xml.EndElement:
			if t.Name.Local == start.Name.Local {
				return nil
			}
		case xml.StartElement:
			if err := child(d, t); err != nil {
				return err
			}
		}
	}
}

func (it *xmlItem) readChild(d *xml.Decoder, se xml.StartElement) error {
	local, space := se.Name.Local, se.Name.Space
	var t textConstruct
	switch {
	case local == "encoded" && (space == nsContent || space == ""),
		coreNS(space) && (local == "title" || local == "link" || local == "guid" || local == "id" ||
			local == "source" || local == "content" || local == "description" || local == "summary"),
		isDate(space, local):
		if err := d.DecodeElement(&t, &se); err != nil {
			return err
		}
	default:
		return d.Skip()
	}
	switch {
	case local == "encoded":
		if it.encoded == "" {
			it.encoded = t.Text
		}
	case local == "title":
		if it.title == "" {
			it.title = t.plain()
		}
	case local == "link":
		href, rel := attrValue(se, "href"), attrValue(se, "rel")
		switch {
		case href != "" && (rel == "" || rel == "alternate") && it.link == "":
			it.link = strings.TrimSpace(href)
		case href == "" && it.link == "":
			it.link = strings.TrimSpace(t.Text)
		}
	case local == "guid" || local == "id":
		if it.id == "" {
			it.id = strings.TrimSpace(t.Text)
		}
	case local == "source":
		if s := strings.TrimSpace(t.Text); s != "" && !strings.Contains(t.Inner, "<") {
			it.site = s
		}
	case local == "content" && !it.hasContent:
		it.content, it.hasContent = t, !t.empty()
	case (local == "description" || local == "summary") && !it.hasDesc:
		it.description, it.hasDesc = t, !t.empty()
	case isDate(space, local):
		if _, ok := it.dates[local]; !ok {
			it.dates[local] = strings.TrimSpace(t.Text)
		}
	}
	return nil
}

// isDate reports the date elements of RSS, Atom and Dublin Core.
func isDate(space, local string) bool {
	if !coreNS(space) && space != nsDC && space != nsDCTerms {
		return false
	}
	switch local {
	case "pubDate", "published", "date", "issued", "updated", "modified", "created":
		return true
	}
	return false
}

// dateOrder is the order in which item dates are trusted.
var dateOrder = []string{"pubDate", "published", "issued", "date", "created", "updated", "modified"}

// item is the Item the feed item gives: its text is content:encoded, else
// the content, else the description or summary.
func (it xmlItem) item() Item {
	out := Item{ID: it.id, URL: it.link, Title: it.title, Site: it.site}
	for _, k := range dateOrder {
		if v, ok := it.dates[k]; ok && v != "" {
			out.Dates = append(out.Dates, v)
		}
	}
	out.Published = firstDate(out.Dates)
	out.Updated, _ = parseDate(firstNonEmpty(it.dates["updated"], it.dates["modified"]))
	switch {
	case strings.TrimSpace(it.encoded) != "":
		out.Content, out.ContentHTML = it.encoded, LooksLikeHTML(it.encoded)
	case it.hasContent:
		out.Content, out.ContentHTML = it.content.markup()
	case it.hasDesc:
		out.Content, out.ContentHTML = it.description.markup()
	}
	return out
}

// Sitemap namespaces are matched loosely: the sitemaps.org one and its
// Google predecessors for <loc> and <lastmod>, Google News's for news:*
// (or a bare "news" prefix that the document forgot to declare).
func sitemapNS(space string) bool {
	return space == "" || strings.Contains(space, "sitemap") && !strings.Contains(space, "sitemap-")
}

func newsNS(space string) bool {
	return space == "news" || strings.Contains(space, "sitemap-news")
}

// readEntry reads a sitemap <url> or a sitemap index's <sitemap>.
func (p *xmlParser) readEntry(start xml.StartElement) (Item, error) {
	var it Item
	var pubDate, lastmod string
	var child func(d *xml.Decoder, se xml.StartElement) error
	child = func(d *xml.Decoder, se xml.StartElement) error {
		local, space := se.Name.Local, se.Name.Space
		var dst *string
		switch {
		case local == "loc" && sitemapNS(space):
			dst = &it.URL
		case local == "lastmod" && sitemapNS(space):
			dst = &lastmod
		case newsNS(space) && (local == "news" || local == "publication"):
			return readChildren(d, se, child)
		case newsNS(space) && local == "name":
			dst = &it.Site
		case newsNS(space) && local == "publication_date":
			dst = &pubDate
		case newsNS(space) && local == "title":
			dst = &it.Title
		default:
			return d.Skip()
		}
		s, err := elementText(d, se)
		if *dst == "" {
			*dst = s
		}
		return err
	}
	err := readChildren(p.d, start, child)
	it.Title = strings.TrimSpace(unescapeEntities(it.Title))
	for _, s := range []string{pubDate, lastmod} {
		if s != "" {
			it.Dates = append(it.Dates, s)
		}
	}
	it.Published = firstDate(it.Dates)
	it.Updated, _ = parseDate(lastmod)
	it.Sitemap = p.f.Format == SitemapIndex
	return it, err
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}
