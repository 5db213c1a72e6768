package normalize

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// checkDoc asserts what holds for every document: canonical valid UTF-8
// text, a fixed point of Text (so the ID is stable on re-ingestion), and the
// title, when there is one, as the first paragraph.
func checkDoc(t *testing.T, d Doc) {
	t.Helper()
	if !isCanonical(d.Text) {
		t.Fatalf("text not canonical: %q", d.Text)
	}
	again := Text(d.Text)
	if again.Text != d.Text {
		t.Fatalf("not idempotent:\n once: %q\ntwice: %q", d.Text, again.Text)
	}
	if ID(again.Text) != ID(d.Text) {
		t.Fatal("ID changed")
	}
	if d.Title != "" && d.Text != d.Title && !strings.HasPrefix(d.Text, d.Title+"\n\n") {
		t.Fatalf("title %q is not the first paragraph of %q", d.Title, d.Text)
	}
	if !isCanonical(d.Title) || strings.Contains(d.Title, "\n") {
		t.Fatalf("title not one clean line: %q", d.Title)
	}
}

// addFixtures seeds a fuzz corpus with the files of testdata matching pattern.
func addFixtures(f *testing.F, patterns ...string) {
	for _, p := range patterns {
		files, _ := filepath.Glob(filepath.Join("testdata", p))
		for _, file := range files {
			if strings.HasSuffix(file, ".golden") {
				continue
			}
			if b, err := os.ReadFile(file); err == nil {
				f.Add(b)
			}
		}
	}
}

func FuzzText(f *testing.F) {
	addFixtures(f, "text/*", "same/article.txt", "same/article.md")
	for _, s := range []string{
		"", "\ufeff", "a\r\nb\rc\n\n\n\nd", "[[a](b)](c)", "[a][(](x)y)", "*a *b* c*", "***x***", "_a_b_",
		"[a]*(b)*", "> ```\ncode", "# # # x", "- - - x", "![a](b)[c](d)", "Title: Title: x\n\nbody.",
		"Title: Search\nTitle: Real title\n\nBody.", "A - B C - Fox News\n\nx", "HEAD LINE IS ALL CAPS.\nB\n\nC",
		"T\nCAPS LINE FOUR WORDS\n\nTitle: x", "```\n\n# x\n", "x\u2028y\u0085z", "a\xffb\xc0",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		checkDoc(t, Text(string(b)))
	})
}

func FuzzHTML(f *testing.F) {
	addFixtures(f, "html/*", "same/article.html")
	for _, s := range []string{
		"", "<p>a<br>b</p>", "<title>A - B</title><p>x", "<pre>a\n\n\nb</pre>", "<article><p>x</p></article><p>y",
		`<meta property="og:title" content="Search">`, "<p>[a](b)</p><p>*x*</p>", "<td>a</td><td>b</td>",
		strings.Repeat("<div>", 600) + "x",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		d, err := HTML(bytes.NewReader(b))
		if err != nil {
			t.Fatal(err)
		}
		checkDoc(t, d)
	})
}

// FuzzPage runs fetched pages through Page with a Content-Type header:
// the only errors are for input that is not text or too large, and the
// document keeps the invariants of checkDoc.
func FuzzPage(f *testing.F) {
	types := []string{"", "text/html", "text/html; charset=utf-8", "text/html; charset=iso-8859-1",
		"text/html; charset=windows-1251", "application/xhtml+xml; charset=shift_jis", "text/html; charset=bogus"}
	files, _ := filepath.Glob(filepath.Join("testdata", "html", "*.html"))
	for i, file := range files {
		if b, err := os.ReadFile(file); err == nil {
			f.Add(b, types[i%len(types)])
		}
	}
	for i, s := range []string{
		"", "<meta charset=\"koi8-r\"><p>\xf0\xd2\xc9\xd7\xc5\xd4</p>", "<p>caf\xe9</p>", "<html><body><div class=\"read-next\"><a>x</a></div><p>y",
		"<title>Office | Three word headline | Agency</title><h1>Three word headline</h1><p>x",
		"<ul><li><a href=x>a</a></li></ul>By Jane Doe and John Roe<p>Reporting by A; Editing by B",
		strings.Repeat("<p><b>x", 300), strings.Repeat("<div>", 600) + "x",
	} {
		f.Add([]byte(s), types[i%len(types)])
	}
	f.Fuzz(func(t *testing.T, b []byte, contentType string) {
		d, err := Page(bytes.NewReader(b), contentType)
		if errors.Is(err, ErrBinary) {
			return
		}
		if err != nil {
			t.Fatal(err)
		}
		checkDoc(t, d)
	})
}

func FuzzJSONL(f *testing.F) {
	addFixtures(f, "read/*.jsonl", "same/article.jsonl")
	for _, s := range []string{
		"", "\n\n", `{"text":"a"}`, `{"text":"<p>a</p>","title":"T - Site"}`, `{"id":1,"published":1.5e12,"text":"x"}`,
		"{\"text\":\"a\"}\r\n{bad\n{\"text\":\"\"}", `{"text":"<html><title>x</title>"}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		docs, errs := Read("fuzz.jsonl", bytes.NewReader(b), Limits{MaxDocBytes: 1 << 16})
		for _, d := range docs {
			checkDoc(t, d)
			if d.Text == "" {
				t.Fatal("empty document returned")
			}
		}
		for _, err := range errs {
			if !strings.Contains(err.Error(), "fuzz.jsonl line ") {
				t.Fatalf("error does not name the file and line: %v", err)
			}
		}
	})
}

func FuzzRSS(f *testing.F) {
	addFixtures(f, "read/*.xml", "read/*.atom", "same/article.xml", "same/article.atom")
	for _, s := range []string{
		"", "<rss><channel><item><title>a</title></item></channel></rss>",
		`<feed xmlns="http://www.w3.org/2005/Atom"><entry><content type="xhtml"><div><p>x</p></div></content></entry></feed>`,
		"<rss><item><description>&lt;p&gt;x&lt;/p&gt;</description></item>",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		docs, errs := Read("fuzz.xml", bytes.NewReader(b), Limits{MaxDocBytes: 1 << 16})
		for _, d := range docs {
			checkDoc(t, d)
			if d.Text == "" {
				t.Fatal("empty document returned")
			}
		}
		for _, err := range errs {
			if !strings.Contains(err.Error(), "fuzz.xml") {
				t.Fatalf("error does not name the file: %v", err)
			}
		}
	})
}
