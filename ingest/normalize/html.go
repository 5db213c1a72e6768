package normalize

import (
	"encoding/json"
	"fmt"
	"io"
	"regexp"
	"strings"
	"time"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// HTML reads an HTML page and returns its main text.
//
// The page is parsed with golang.org/x/net/html. The main content is the
// <article>, <main>, role="main" or itemprop="articleBody" element holding
// most paragraph text, or else the element with the densest paragraph text.
// Scripts, styles, navigation, headers, footers, asides, forms, figures,
// comments, hidden elements and elements whose class or id names a widget
// (share, comments, related, newsletter, ads, sidebar …) are left out, and
// so are link lists inside the content: blocks whose text is mostly link
// text with at most a heading of their own ("More on this story", tags).
// Block elements become paragraph breaks and <br> a line break; entities
// are decoded. The result then goes through the rules of Text.
//
// The title comes from og:title, a JSON-LD headline, twitter:title, <title>
// (from the first <h1> on, when the <title> puts a section or office name
// before it) or the first <h1>, in that order; the date from article:published_time,
// JSON-LD datePublished, other date meta tags or a <time datetime>; the URL
// from <link rel="canonical"> or og:url. The error is the reader's, one
// wrapping ErrTooLarge for a page larger than MaxPageBytes, or one wrapping
// ErrBinary when the input is not text (SniffBinary): a fetched "page" that
// is an image or an archive.
func HTML(r io.Reader) (Doc, error) { return Page(r, "") }

// Page is HTML for a page fetched over HTTP: contentType is the
// Content-Type header it came with, whose charset wins over the page's
// <meta> charset when the page is not UTF-8.
//
// A page larger than MaxPageBytes is refused with an error wrapping
// ErrTooLarge, read no further than that; a page with more than
// maxTreeTags tags, or nested deeper than the parser allows, is read by a
// flat pass over its tokens, in time and memory linear in its size.
func Page(r io.Reader, contentType string) (Doc, error) {
	b, err := io.ReadAll(io.LimitReader(r, MaxPageBytes+1))
	if err != nil {
		return Doc{}, fmt.Errorf("normalize: read html: %w", err)
	}
	if len(b) > MaxPageBytes {
		return Doc{}, fmt.Errorf("normalize: html: page larger than %d bytes: %w", MaxPageBytes, ErrTooLarge)
	}
	if err := SniffBinary(string(b[:min(len(b), SniffLen)])); err != nil {
		return Doc{}, fmt.Errorf("normalize: html: %w", err)
	}
	return htmlDoc(decodeHTMLBytes(b, contentType), false, hints{}), nil
}

// MaxPageBytes is the largest page Page and HTML read: 16 MiB, above the
// fetcher's default body cap and far above any article page.
const MaxPageBytes = 16 << 20

// maxTreeTags bounds the tags (counted as '<' bytes) of a page parsed into
// a tree. A tree costs a few hundred bytes a node, and the content search
// keeps measures for each: a page of millions of tiny elements would take
// gigabytes. Real article pages have a few thousand tags.
const maxTreeTags = 200_000

// htmlDoc normalizes an HTML page (fragment false) or an HTML fragment such
// as a feed item's content (fragment true: the whole fragment is the
// content). Hints from the container win over what the markup says.
func htmlDoc(src string, fragment bool, h hints) Doc {
	if strings.Count(src, "<") > maxTreeTags {
		return flatDoc(src, h)
	}
	root, err := html.Parse(strings.NewReader(src))
	if err != nil { // nested deeper than the parser allows
		return flatDoc(src, h)
	}
	m := readMeta(root)
	body := findBody(root)
	main := body
	if !fragment {
		main = mainContent(body)
	}
	text := extractText(main, body)
	if h.title == "" {
		h.title = firstNonEmpty(m.ogTitle, m.ldHeadline, m.twTitle, m.pageTitle(), m.h1)
	}
	if h.site == "" {
		h.site = m.site
	}
	if h.url == "" {
		h.url = firstNonEmpty(absURL(m.canonical), absURL(m.ogURL))
	}
	if h.published.IsZero() {
		h.published = m.published()
	}
	return normalizeText(text, h)
}

// pageTitle is the <title>, from the <h1> on when the title puts
// something before the headline ("Office of Public Affairs | Headline |
// Agency"): what follows the headline is left for splitSite.
func (m pageMeta) pageTitle() string {
	h1 := strings.TrimSpace(m.h1)
	if len(strings.Fields(h1)) < 3 {
		return m.title
	}
	if i := strings.Index(m.title, h1); i > 0 {
		return m.title[i:]
	}
	return m.title
}

// flatDoc normalizes a page that is not parsed into a tree (tokenText).
func flatDoc(src string, h hints) Doc {
	text, title := tokenText(src)
	if h.title == "" {
		h.title = title
	}
	return normalizeText(text, h)
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s = strings.TrimSpace(s); s != "" {
			return s
		}
	}
	return ""
}

func absURL(s string) string {
	s = strings.TrimSpace(s)
	low := strings.ToLower(s)
	if strings.HasPrefix(low, "http://") || strings.HasPrefix(low, "https://") {
		return s
	}
	return ""
}

// walk visits the tree under root in document order without recursion (a
// page can nest deeper than a goroutine stack should). enter returns false
// to skip a node's children; exit is called for every node entered.
func walk(root *html.Node, enter func(*html.Node) bool, exit func(*html.Node)) {
	n := root
	for {
		entered := enter(n)
		if entered && n.FirstChild != nil {
			n = n.FirstChild
			continue
		}
		if entered && exit != nil {
			exit(n)
		}
		for {
			if n == root {
				return
			}
			if n.NextSibling != nil {
				n = n.NextSibling
				break
			}
			n = n.Parent
			if exit != nil {
				exit(n)
			}
		}
	}
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func hasAttr(n *html.Node, key string) bool {
	for _, a := range n.Attr {
		if a.Key == key {
			return true
		}
	}
	return false
}

// textOf returns the text under n with whitespace collapsed.
func textOf(n *html.Node) string {
	var b strings.Builder
	walk(n, func(c *html.Node) bool {
		if c.Type == html.TextNode {
			b.WriteString(c.Data)
			b.WriteByte(' ')
		}
		return c.Type == html.ElementNode && c.DataAtom != atom.Script && c.DataAtom != atom.Style || c == n
	}, nil)
	return strings.Join(strings.Fields(b.String()), " ")
}

// pageMeta is what the markup says about the document.
type pageMeta struct {
	title, ogTitle, ldHeadline, twTitle, h1 string
	site, canonical, ogURL                  string
	dates                                   map[string]string // by source, see published
}

// dateSources in order of trust.
var dateSources = []string{
	"article:published_time", "og:published_time", "ld:datepublished", "itemprop:datepublished",
	"datepublished", "publishdate", "publish-date", "pubdate", "date", "dc.date", "dc.date.issued",
	"dcterms.created", "dcterms.date", "sailthru.date", "parsely-pub-date", "citation_publication_date",
	"time:pubdate", "time",
}

func (m pageMeta) published() time.Time {
	for _, k := range dateSources {
		if v, ok := m.dates[k]; ok {
			if t, ok := parseDate(v); ok {
				return t
			}
		}
	}
	return time.Time{}
}

func (m *pageMeta) setDate(k, v string) {
	v = strings.TrimSpace(v)
	if v == "" {
		return
	}
	if _, ok := m.dates[k]; !ok {
		m.dates[k] = v
	}
}

// readMeta collects title, site, URL and date candidates from the page.
func readMeta(root *html.Node) pageMeta {
	m := pageMeta{dates: map[string]string{}}
	walk(root, func(n *html.Node) bool {
		if n.Type != html.ElementNode && n.Type != html.DocumentNode {
			return false
		}
		switch n.DataAtom {
		case atom.Title:
			if m.title == "" && n.Namespace == "" {
				m.title = textOf(n)
			}
			return false
		case atom.Meta:
			key := strings.ToLower(firstNonEmpty(attr(n, "property"), attr(n, "name"), attr(n, "itemprop")))
			val := attr(n, "content")
			switch key {
			case "og:title":
				if m.ogTitle == "" {
					m.ogTitle = val
				}
			case "twitter:title":
				if m.twTitle == "" {
					m.twTitle = val
				}
			case "og:site_name", "application-name":
				if m.site == "" {
					m.site = strings.TrimSpace(val)
				}
			case "og:url":
				if m.ogURL == "" {
					m.ogURL = val
				}
			default:
				if strings.ToLower(attr(n, "itemprop")) == "datepublished" {
					m.setDate("itemprop:datepublished", val)
				} else {
					m.setDate(key, val)
				}
			}
			return false
		case atom.Link:
			if m.canonical == "" && strings.Contains(strings.ToLower(attr(n, "rel")), "canonical") {
				m.canonical = attr(n, "href")
			}
			return false
		case atom.Script:
			if strings.Contains(strings.ToLower(attr(n, "type")), "ld+json") {
				m.readJSONLD(textOf(n))
			}
			return false
		case atom.Style:
			return false
		case atom.H1:
			if m.h1 == "" {
				m.h1 = textOf(n)
			}
			return false
		case atom.Time:
			if v := attr(n, "datetime"); v != "" {
				if hasAttr(n, "pubdate") || strings.EqualFold(attr(n, "itemprop"), "datepublished") {
					m.setDate("time:pubdate", v)
				}
				m.setDate("time", v)
			}
		}
		if strings.EqualFold(attr(n, "itemprop"), "datepublished") {
			m.setDate("itemprop:datepublished", firstNonEmpty(attr(n, "content"), attr(n, "datetime")))
		}
		return true
	}, nil)
	return m
}

// readJSONLD takes the headline and datePublished of the first JSON-LD
// object that has them (the page's Article/NewsArticle, often inside an
// @graph list).
func (m *pageMeta) readJSONLD(src string) {
	var v any
	if json.Unmarshal([]byte(src), &v) != nil {
		return
	}
	var visit func(v any, depth int)
	visit = func(v any, depth int) {
		if depth > 32 {
			return
		}
		switch x := v.(type) {
		case map[string]any:
			if s, ok := x["headline"].(string); ok && m.ldHeadline == "" {
				m.ldHeadline = s
			}
			if s, ok := x["datePublished"].(string); ok {
				m.setDate("ld:datepublished", s)
			}
			for _, k := range []string{"@graph", "mainEntity", "itemListElement"} {
				if c, ok := x[k]; ok {
					visit(c, depth+1)
				}
			}
		case []any:
			for _, c := range x {
				visit(c, depth+1)
			}
		}
	}
	visit(v, 0)
}

func findBody(root *html.Node) *html.Node {
	var body *html.Node
	walk(root, func(n *html.Node) bool {
		if body != nil {
			return false
		}
		if n.Type == html.ElementNode && n.DataAtom == atom.Body {
			body = n
			return false
		}
		return n.Type == html.DocumentNode || n.Type == html.ElementNode && n.DataAtom == atom.Html
	}, nil)
	if body == nil {
		return root
	}
	return body
}

// skipTags never hold article text.
var skipTags = map[atom.Atom]bool{
	atom.Script: true, atom.Style: true, atom.Noscript: true, atom.Template: true, atom.Nav: true,
	atom.Header: true, atom.Footer: true, atom.Aside: true, atom.Form: true, atom.Button: true,
	atom.Input: true, atom.Select: true, atom.Textarea: true, atom.Option: true, atom.Iframe: true,
	atom.Object: true, atom.Embed: true, atom.Svg: true, atom.Math: true, atom.Canvas: true,
	atom.Figure: true, atom.Figcaption: true, atom.Picture: true, atom.Video: true, atom.Audio: true,
	atom.Map: true, atom.Dialog: true, atom.Menu: true, atom.Head: true, atom.Title: true,
	atom.Meta: true, atom.Link: true, atom.Label: true,
}

// skipRoles are ARIA landmarks that are page chrome.
var skipRoles = set(`navigation banner contentinfo complementary search dialog alertdialog menu menubar toolbar
	tablist alert`)

// widgetWords in a class or id mark page chrome ("share-bar", "comments",
// "related_posts", "ad-slot", "sidebar").
var widgetWords = set(`share sharing sharebar social comment comments disqus related newsletter advert
	advertisement advertising ads ad promo promoted sponsor sponsored subscribe subscription cookie cookies
	consent gdpr breadcrumb breadcrumbs sidebar widget widgets popup modal nav navbar navigation menu footer
	masthead banner outbrain taboola recirc recirculation recommended trending signup toolbar skip jump
	tags relatedposts sharedaddy paywall`)

// widgetPairs are two consecutive class or id words that mark page chrome
// though neither does alone ("read-next", "more-from", "most-read").
var widgetPairs = set(`read next,read more,also read,more from,most read,most popular,you may`, ",")

var splitClassRE = regexp.MustCompile(`[\s_-]+`)

// hardSkip reports elements that never hold article text, whatever their
// size: by tag, hidden, or ARIA role.
func hardSkip(n *html.Node) bool {
	switch n.Type {
	case html.ElementNode:
	case html.TextNode, html.DocumentNode:
		return false
	default:
		return true // comments, doctype, raw nodes
	}
	if skipTags[n.DataAtom] || hasAttr(n, "hidden") || strings.EqualFold(attr(n, "aria-hidden"), "true") {
		return true
	}
	if n.DataAtom == atom.Html || n.DataAtom == atom.Body {
		return false
	}
	style := strings.ReplaceAll(strings.ToLower(attr(n, "style")), " ", "")
	if strings.Contains(style, "display:none") || strings.Contains(style, "visibility:hidden") {
		return true
	}
	return skipRoles[strings.ToLower(attr(n, "role"))]
}

// widgetClass reports elements whose class or id names page chrome.
func widgetClass(n *html.Node) bool {
	if n.Type != html.ElementNode {
		return false
	}
	switch n.DataAtom {
	case atom.Html, atom.Body, atom.Main, atom.Article, atom.P:
		return false
	}
	for _, key := range []string{"class", "id"} {
		v := strings.ToLower(attr(n, key))
		if v == "" {
			continue
		}
		for _, tok := range strings.Fields(v) {
			parts := splitClassRE.Split(tok, -1)
			for i, w := range parts {
				if i > 0 && widgetPairs[parts[i-1]+" "+w] {
					return true
				}
				if !widgetWords[w] {
					continue
				}
				// "ad"/"ads" only as the first part: "ad-slot", not "no-ads"/"load".
				if (w == "ad" || w == "ads") && i > 0 {
					continue
				}
				return true
			}
		}
	}
	return false
}

// blockTags break paragraphs.
var blockTags = map[atom.Atom]bool{
	atom.Address: true, atom.Article: true, atom.Aside: true, atom.Blockquote: true, atom.Dd: true,
	atom.Details: true, atom.Div: true, atom.Dl: true, atom.Dt: true, atom.Fieldset: true,
	atom.Figcaption: true, atom.Figure: true, atom.Footer: true, atom.Form: true, atom.H1: true,
	atom.H2: true, atom.H3: true, atom.H4: true, atom.H5: true, atom.H6: true, atom.Header: true,
	atom.Hr: true, atom.Li: true, atom.Main: true, atom.Nav: true, atom.Ol: true, atom.P: true,
	atom.Pre: true, atom.Section: true, atom.Table: true, atom.Tbody: true, atom.Thead: true,
	atom.Tfoot: true, atom.Tr: true, atom.Ul: true, atom.Center: true, atom.Summary: true,
	atom.Caption: true, atom.Body: true, atom.Html: true,
}

// textStats are paragraph-text measures of the elements of a page.
type textStats struct {
	text  map[*html.Node]int // prose characters under each element
	score map[*html.Node]int // density score: prose credited to its block's parent and grandparent
}

// measure counts prose under body: text inside <p>, and long text nodes
// (blogs often write paragraphs as text separated by <br>). skip leaves
// subtrees out.
func measure(body *html.Node, skip func(*html.Node) bool) textStats {
	st := textStats{text: map[*html.Node]int{}, score: map[*html.Node]int{}}
	var blocks []*html.Node // open block elements
	inP := 0
	walk(body, func(n *html.Node) bool {
		if n != body && skip(n) {
			return false
		}
		switch n.Type {
		case html.ElementNode:
			if n.DataAtom == atom.P {
				inP++
			}
			if blockTags[n.DataAtom] {
				blocks = append(blocks, n)
			}
		case html.TextNode:
			l := len(strings.TrimSpace(n.Data))
			if l == 0 || inP == 0 && l < 100 || n.Parent == nil {
				return true
			}
			st.text[n.Parent] += l
			if len(blocks) > 0 {
				target := blocks[len(blocks)-1]
				if target.DataAtom == atom.P && target.Parent != nil {
					target = target.Parent
				}
				st.score[target] += l
				if target.Parent != nil {
					st.score[target.Parent] += l / 2
				}
			}
		}
		return true
	}, func(n *html.Node) {
		if n.Type != html.ElementNode {
			return
		}
		if n.DataAtom == atom.P {
			inP--
		}
		if blockTags[n.DataAtom] && len(blocks) > 0 {
			blocks = blocks[:len(blocks)-1]
		}
		if n != body && n.Parent != nil {
			st.text[n.Parent] += st.text[n]
		}
	})
	return st
}

// contentHint matches class and id values of article bodies.
var contentHintRE = regexp.MustCompile(`(?i)\b(?:article[-_]?body|article[-_]?content|story[-_]?body|story[-_]?content|post[-_]?body|post[-_]?content|entry[-_]?content|content[-_]?body|main[-_]?content|field-?-name-body)\b`)

// mainContent picks the element holding the article.
func mainContent(body *html.Node) *html.Node {
	st := measure(body, func(n *html.Node) bool { return hardSkip(n) || widgetClass(n) })
	total := st.text[body]
	if total == 0 {
		return body
	}
	var cands []*html.Node
	walk(body, func(n *html.Node) bool {
		if n != body && (hardSkip(n) || widgetClass(n)) {
			return false
		}
		if n.Type != html.ElementNode {
			return false
		}
		if n.DataAtom == atom.Article || n.DataAtom == atom.Main || strings.EqualFold(attr(n, "role"), "main") ||
			strings.EqualFold(attr(n, "itemprop"), "articleBody") ||
			contentHintRE.MatchString(attr(n, "class")) || contentHintRE.MatchString(attr(n, "id")) {
			cands = append(cands, n)
		}
		return true
	}, nil)
	var best *html.Node
	for _, c := range cands {
		if best == nil || st.text[c] > st.text[best] {
			best = c
		}
	}
	if best != nil && st.text[best]*10 >= total*3 {
		// The most specific candidate that still holds most of the text.
		for _, c := range cands { // document order: descendants come later
			if c != best && isAncestor(best, c) && st.text[c]*5 >= st.text[best]*4 {
				best = c
			}
		}
		return best
	}
	var dense *html.Node
	for n, s := range st.score {
		if dense == nil || s > st.score[dense] || s == st.score[dense] && isAncestor(n, dense) {
			dense = n
		}
	}
	if dense == nil {
		return body
	}
	return dense
}

func isAncestor(a, n *html.Node) bool {
	for p := n.Parent; p != nil; p = p.Parent {
		if p == a {
			return true
		}
	}
	return false
}

// extractText renders the text under root: blocks separated by blank
// lines, <br> as a line break, chrome and link lists (linkBlocks) left out. A widget-classed element
// holding half or more of the page's prose is kept: a class name alone is
// not enough to throw the article away.
func extractText(root, body *html.Node) string {
	hard := measure(body, hardSkip)
	total := hard.text[body]
	chrome := func(n *html.Node) bool {
		if hardSkip(n) {
			return true
		}
		return widgetClass(n) && (total == 0 || hard.text[n]*2 < total)
	}
	links := linkBlocks(root, chrome)
	skip := func(n *html.Node) bool {
		return n != root && (chrome(n) || links[n])
	}
	var b strings.Builder
	pre := 0
	walk(root, func(n *html.Node) bool {
		if skip(n) {
			return false
		}
		switch n.Type {
		case html.TextNode:
			if pre > 0 {
				b.WriteString(n.Data)
			} else {
				writeCollapsed(&b, n.Data)
			}
		case html.ElementNode:
			switch {
			case n.DataAtom == atom.Br:
				b.WriteByte('\n')
			case n.DataAtom == atom.Pre:
				pre++
				b.WriteString("\n\n")
			case blockTags[n.DataAtom]:
				b.WriteString("\n\n")
			}
		}
		return true
	}, func(n *html.Node) {
		if n.Type != html.ElementNode {
			return
		}
		switch {
		case n.DataAtom == atom.Pre:
			pre--
			b.WriteString("\n\n")
		case blockTags[n.DataAtom]:
			b.WriteString("\n\n")
		case n.DataAtom == atom.Td || n.DataAtom == atom.Th:
			b.WriteByte(' ')
		}
	})
	return b.String()
}

// writeCollapsed writes s with each run of HTML whitespace as one space.
func writeCollapsed(b *strings.Builder, s string) {
	space := false
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case ' ', '\t', '\n', '\r', '\f':
			space = true
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteByte(s[i])
	}
	if space {
		b.WriteByte(' ')
	}
}

// isFullPage reports HTML that is a whole page rather than a fragment.
func isFullPage(s string) bool {
	head := strings.ToLower(s[:min(len(s), 2048)])
	return strings.Contains(head, "<html") || strings.Contains(head, "<!doctype") || strings.Contains(head, "<body")
}

// tokenText is the fallback for markup the parser rejects (nested deeper
// than 512 elements) or that has too many tags to parse into a tree: a flat
// pass over the tokens that keeps the text outside chrome elements, with
// blocks as paragraph breaks. It also returns the <title>.
func tokenText(src string) (text, title string) {
	z := html.NewTokenizer(strings.NewReader(src))
	var b, t strings.Builder
	skip, inTitle := 0, false
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			return b.String(), strings.Join(strings.Fields(t.String()), " ")
		case html.TextToken:
			switch {
			case inTitle:
				t.Write(z.Text())
			case skip == 0:
				writeCollapsed(&b, string(z.Text()))
			}
		case html.StartTagToken, html.SelfClosingTagToken:
			name, _ := z.TagName()
			a := atom.Lookup(name)
			switch {
			case a == atom.Title:
				inTitle = true
			case a == atom.Br:
				b.WriteByte('\n')
			case skipTags[a] && !voidTags[a]:
				if tt == html.StartTagToken {
					skip++
				}
			case blockTags[a]:
				b.WriteString("\n\n")
			}
		case html.EndTagToken:
			name, _ := z.TagName()
			a := atom.Lookup(name)
			switch {
			case a == atom.Title:
				inTitle = false
			case skipTags[a] && !voidTags[a]:
				if skip > 0 {
					skip--
				}
			case blockTags[a]:
				b.WriteString("\n\n")
			}
		}
	}
}

// voidTags have no end tag.
var voidTags = map[atom.Atom]bool{
	atom.Area: true, atom.Base: true, atom.Br: true, atom.Col: true, atom.Embed: true, atom.Hr: true,
	atom.Img: true, atom.Input: true, atom.Link: true, atom.Meta: true, atom.Source: true,
	atom.Track: true, atom.Wbr: true,
}
