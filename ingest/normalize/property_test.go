package normalize

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// pieces are fragments that exercise the rules' interplay: clutter, titles
// with and without site suffixes, header lines, markdown syntax, fences,
// caps teasers, repeats.
var pieces = []string{
	"Search", "Menu", "Share", "Home", "Read more: x", "Advertisement", "Bagikan Berita Ini", "Powered by Blogger.",
	"World - Latest - Google News", "https://ift.tt/x", "https://example.com/a", "example.blogspot.com",
	"July 19, 2021 at 08:59PM", "Published: 2021-07-19", "Title: ", "Title: Search", "URL: https://e.com/x",
	"US blames hackers for attack - Fox News", "Headline words here - The Site", "Cyber Week - Site",
	"Short headline", "A sentence that ends.", "Another sentence, longer, that ends here.",
	"ALL CAPS TEASER LINE HERE", "CAPS END.", "U.S.", "a.m.", "# ", "## ", "> ", "- ", "* ", "+ ", "• ",
	"*", "**", "_", "__", "[", "]", "(", ")", "](x)", "![", "[a](b)", "![i](u)", "```", "~~~", "---", "***",
	"\n", "\n\n", "\n\n\n", " ", "\t", "\u00a0", "\u200b", "\r", "x", "word", "Fox News", " - ", " | ",
	"0 Response to \"x\"", "Post a Comment", "© 2021 X", "Compartir esta noticia", "中国 外交部 发言人 表示",
	"...", "”", "\"", "'", "&amp;", "<p>", "Date: 19 July 2021", "title: x", "+++",
}

func randomDoc(r *rand.Rand) string {
	var b strings.Builder
	n := 1 + r.IntN(30)
	for range n {
		b.WriteString(pieces[r.IntN(len(pieces))])
		switch r.IntN(4) {
		case 0:
			b.WriteByte('\n')
		case 1:
			b.WriteString("\n\n")
		case 2:
			b.WriteByte(' ')
		}
	}
	return b.String()
}

// TestIdempotentRandomDocs normalizes many documents built from tricky
// pieces, through Text and as a JSONL title and HTML body, and checks that a
// second normalization changes nothing.
func TestIdempotentRandomDocs(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	n := 20000
	if testing.Short() {
		n = 2000
	}
	for i := range n {
		in := randomDoc(r)
		d := Text(in)
		if again := Text(d.Text); again.Text != d.Text || !isCanonical(d.Text) {
			t.Fatalf("doc %d not idempotent or not canonical\n   in: %q\n once: %q\ntwice: %q", i, in, d.Text, again.Text)
		}
		title := randomDoc(r)
		d = normalizeText(in, hints{title: title, site: "Fox News"})
		if again := Text(d.Text); again.Text != d.Text || !isCanonical(d.Text) {
			t.Fatalf("doc %d with title not idempotent\n title: %q\n   in: %q\n once: %q\ntwice: %q", i, title, in, d.Text, again.Text)
		}
		if i%10 == 0 {
			page := "<title>" + title + "</title><p>" + strings.ReplaceAll(in, "\n\n", "</p><p>") + "</p>"
			h, _ := HTML(strings.NewReader(page))
			if again := Text(h.Text); again.Text != h.Text {
				t.Fatalf("page %d not idempotent\n page: %q\n once: %q\ntwice: %q", i, page, h.Text, again.Text)
			}
		}
	}
}
