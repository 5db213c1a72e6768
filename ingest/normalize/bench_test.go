package normalize

import (
	"bytes"
	"fmt"
	"os"
	"strings"
	"testing"
)

// benchArticle is a page-sized text in the shape of a blog repost.
func benchArticle() string {
	b, err := os.ReadFile("testdata/text/blog_mirror.txt")
	if err != nil {
		panic(err)
	}
	return string(b)
}

func BenchmarkText(b *testing.B) {
	in := benchArticle()
	b.SetBytes(int64(len(in)))
	for b.Loop() {
		Text(in)
	}
}

func BenchmarkText10MB(b *testing.B) {
	in := strings.Repeat(benchArticle()+"\n\n", 10<<20/len(benchArticle()))
	b.SetBytes(int64(len(in)))
	for b.Loop() {
		Text(in)
	}
}

func BenchmarkHTML(b *testing.B) {
	in, err := os.ReadFile("testdata/html/article.html")
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(in)))
	for b.Loop() {
		if _, err := HTML(bytes.NewReader(in)); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkReadJSONL(b *testing.B) {
	var in bytes.Buffer
	for i := range 1000 {
		fmt.Fprintf(&in, "{\"id\":%d,\"title\":\"Record number %d\",\"text\":%q}\n", i, i, benchArticle())
	}
	b.SetBytes(int64(in.Len()))
	for b.Loop() {
		if _, errs := Read("bench.jsonl", bytes.NewReader(in.Bytes()), Limits{}); len(errs) > 0 {
			b.Fatal(errs)
		}
	}
}

// TestLargeInputs feeds 10 MB inputs of shapes that make naive code
// quadratic (one huge line, nested brackets, emphasis runs, many tiny lines,
// deep or wide HTML): each must finish with canonical text.
func TestLargeInputs(t *testing.T) {
	if testing.Short() {
		t.Skip("large inputs")
	}
	const size = 10 << 20
	rep := func(s string) string { return strings.Repeat(s, size/len(s)) }
	texts := map[string]string{
		"one line":      rep("word "),
		"tiny lines":    rep("a\n"),
		"nested links":  strings.Repeat("[", size/8) + strings.Repeat("](x)", size/8),
		"emphasis runs": rep("a* *b "),
		"heading marks": rep("# "),
		"dashes":        rep("a - "),
	}
	for name, in := range texts {
		t.Run(name, func(t *testing.T) {
			if d := Text(in); !isCanonical(d.Text) {
				t.Error("not canonical")
			}
		})
	}
	pages := map[string]string{
		"many paragraphs": "<html><body><article>" + rep("<p>The minister said the plan would go ahead.</p>") + "</article></body></html>",
		"many divs":       rep("<div><span>x</span></div>"),
		"too deep":        strings.Repeat("<div>", size/10) + "<p>deep text</p>",
	}
	for name, in := range pages {
		t.Run(name, func(t *testing.T) {
			d, err := HTML(strings.NewReader(in))
			if err != nil {
				t.Fatal(err)
			}
			if !isCanonical(d.Text) {
				t.Error("not canonical")
			}
		})
	}
}

func BenchmarkReadFeed(b *testing.B) {
	var in bytes.Buffer
	in.WriteString(`<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Bench</title>`)
	for i := range 300 {
		fmt.Fprintf(&in, "<item><title>Record number %d</title><link>https://bench.example/%d</link><guid>g%d</guid><pubDate>Wed, 08 Mar 2023 16:20:00 EST</pubDate><description>Teaser.</description><content:encoded><![CDATA[<p>%s</p>]]></content:encoded></item>\n", i, i, i, benchArticle())
	}
	in.WriteString("</channel></rss>")
	b.SetBytes(int64(in.Len()))
	for b.Loop() {
		if docs, errs := Read("bench.xml", bytes.NewReader(in.Bytes()), Limits{}); len(errs) > 0 || len(docs) != 300 {
			b.Fatal(len(docs), errs)
		}
	}
}
