package normalize

import (
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Link lists inside the content ("More on this story", "Read next",
// related topics, tag lists) are left out by their link density, as
// Readability does: a block whose text is mostly link text and has little
// text of its own is navigation, whatever its class names say.

const (
	// maxOwnLinkBlockText is the most text outside links a link block
	// may have (a heading such as "More on this story"), in bytes.
	maxOwnLinkBlockText = 100
	// minLinkShare is the smallest share of link text, in percent.
	minLinkShare = 60
)

// linkBlockTags are the containers judged by link density; paragraphs,
// headings and inline elements never are.
var linkBlockTags = map[atom.Atom]bool{
	atom.Div: true, atom.Section: true, atom.Ul: true, atom.Ol: true, atom.Dl: true, atom.Table: true,
}

// linkBlocks returns the blocks under root (root excluded) that are link
// lists: at least minLinkShare percent of their text inside <a>, and at most
// maxOwnLinkBlockText bytes outside. skip leaves subtrees out of the count.
func linkBlocks(root *html.Node, skip func(*html.Node) bool) map[*html.Node]bool {
	type counts struct{ text, link int }
	c := map[*html.Node]counts{}
	inLink := 0
	walk(root, func(n *html.Node) bool {
		if n != root && skip(n) {
			return false
		}
		switch n.Type {
		case html.ElementNode:
			if n.DataAtom == atom.A {
				inLink++
			}
		case html.TextNode:
			if l := len(collapsedText(n.Data)); l > 0 && n.Parent != nil {
				pc := c[n.Parent]
				pc.text += l
				if inLink > 0 {
					pc.link += l
				}
				c[n.Parent] = pc
			}
		}
		return true
	}, func(n *html.Node) {
		if n.Type != html.ElementNode {
			return
		}
		if n.DataAtom == atom.A {
			inLink--
		}
		if n != root && n.Parent != nil {
			nc, pc := c[n], c[n.Parent]
			pc.text += nc.text
			pc.link += nc.link
			c[n.Parent] = pc
		}
	})
	out := map[*html.Node]bool{}
	for n, nc := range c {
		if n != root && linkBlockTags[n.DataAtom] && nc.link > 0 &&
			nc.link*100 >= nc.text*minLinkShare && nc.text-nc.link <= maxOwnLinkBlockText {
			out[n] = true
		}
	}
	return out
}

// collapsedText is s without HTML whitespace, for counting.
func collapsedText(s string) string {
	start, end := 0, len(s)
	for start < end && isHTMLSpace(s[start]) {
		start++
	}
	for end > start && isHTMLSpace(s[end-1]) {
		end--
	}
	return s[start:end]
}

func isHTMLSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' }
