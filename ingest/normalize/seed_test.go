package normalize

import (
	"encoding/json"
	"errors"
	"html"
	"io/fs"
	"os"
	"strings"
	"testing"
	"unicode"
)

// seedPath is the founding article, a blog repost with its clutter. It is a
// test input only: its sentences are never copied into the repository, so
// the test checks structure (which lines go, which stay) rather than text.
const seedPath = "../../../shared/seed/000_f2867c3bb5572737.txt"

func readSeed(t testing.TB) string {
	t.Helper()
	b, err := os.ReadFile(seedPath)
	if errors.Is(err, fs.ErrNotExist) {
		t.Skipf("seed article not present: %v", err)
	}
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// isSentenceLine reports a line of running text: six words or more, some
// lower case, ending like a sentence. Every such line of the seed is a real
// sentence of the article; no clutter line is.
func isSentenceLine(s string) bool {
	if len(strings.Fields(s)) < 6 || !strings.ContainsFunc(s, unicode.IsLower) {
		return false
	}
	s = strings.TrimRight(s, `"'”’)`)
	return strings.HasSuffix(s, ".") || strings.HasSuffix(s, "?") || strings.HasSuffix(s, "!")
}

func TestSeedArticle(t *testing.T) {
	raw := readSeed(t)
	d := Text(raw)
	paras := strings.Split(d.Text, "\n\n")

	// The raw lines, normalized the way any line is, classified.
	var sentences, others []string
	for _, l := range strings.Split(raw, "\n") {
		l = oneLine(l)
		switch {
		case l == "":
		case isSentenceLine(l):
			sentences = append(sentences, l)
		default:
			others = append(others, l)
		}
	}
	if len(sentences) < 15 || len(others) < 10 {
		t.Fatalf("seed has %d sentence lines and %d others; has it changed?", len(sentences), len(others))
	}

	t.Run("title is the headline without its site", func(t *testing.T) {
		if paras[0] != d.Title || d.Title == "" {
			t.Fatalf("first paragraph %q is not the title %q", paras[0], d.Title)
		}
		if d.Site == "" || len(strings.Fields(d.Site)) > 3 {
			t.Errorf("site %q: want the short publisher name", d.Site)
		}
		if n := countEqual(others, d.Title+" - "+d.Site); n < 2 {
			t.Errorf("the headline line %q appears %d times in the seed, want at least 2 (headline and repeat)", d.Title+" - "+d.Site, n)
		}
		if len(strings.Fields(d.Title)) < 8 {
			t.Errorf("title %q lost headline words", d.Title)
		}
		if strings.Count(d.Text, d.Title) != 1 {
			t.Errorf("title appears %d times in the text, want 1", strings.Count(d.Text, d.Title))
		}
	})

	t.Run("every sentence line is kept, in order", func(t *testing.T) {
		body := paras[1:]
		if len(body) != len(sentences) {
			t.Errorf("%d body paragraphs, want the %d sentence lines", len(body), len(sentences))
		}
		for i, s := range sentences {
			if i >= len(body) || body[i] != s {
				t.Errorf("sentence line %d (%.40q…) is missing or out of order", i+1, s)
			}
		}
	})

	t.Run("clutter is gone", func(t *testing.T) {
		for _, p := range paras[1:] {
			if !isSentenceLine(p) {
				t.Errorf("non-sentence paragraph kept: %q", p)
			}
		}
		caps := 0
		for _, l := range others {
			if isAllCaps(l) {
				caps++
			}
		}
		if caps < 2 {
			t.Errorf("seed has %d all-caps lines; want the teasers and the app line", caps)
		}
		for _, chrome := range []string{"Search", "Adblock test (Why?)", "Bagikan Berita Ini", "Post a Comment",
			"Powered by Blogger.", "World - Latest - Google News"} {
			if countEqual(others, chrome) == 0 {
				t.Errorf("seed lacks the chrome line %q named in its README", chrome)
			}
			if countEqual(strings.Split(d.Text, "\n"), chrome) > 0 {
				t.Errorf("chrome %q kept", chrome)
			}
		}
		if strings.Contains(d.Text, "http") || strings.Contains(d.Text, ".blogspot.") {
			t.Error("a URL or domain line is kept")
		}
	})

	t.Run("timestamp line gives the date", func(t *testing.T) {
		if y, m, day := d.Published.Date(); y != 2021 || m != 7 || day != 19 {
			t.Errorf("published %v, want the feed timestamp of July 19, 2021", d.Published)
		}
	})

	t.Run("canonical and idempotent", func(t *testing.T) {
		assertCanonical(t, d)
		if ID(Text(d.Text).Text) != ID(d.Text) {
			t.Error("ID changed on re-normalization")
		}
	})

	t.Run("same text through JSONL and HTML", func(t *testing.T) {
		rec, _ := json.Marshal(map[string]string{"id": "seed", "text": raw})
		docs, errs := Read("seed.jsonl", strings.NewReader(string(rec)+"\n"), Limits{})
		if len(errs) > 0 || len(docs) != 1 || docs[0].Text != d.Text {
			t.Errorf("JSONL: %d docs, errors %v; text equal: %v", len(docs), errs, len(docs) == 1 && docs[0].Text == d.Text)
		}
		var page strings.Builder
		page.WriteString("<html><body><div class=\"post-body\">")
		for _, l := range strings.Split(raw, "\n") {
			if strings.TrimSpace(l) != "" {
				page.WriteString("<p>" + html.EscapeString(l) + "</p>\n")
			}
		}
		page.WriteString("</div></body></html>")
		h, err := HTML(strings.NewReader(page.String()))
		if err != nil || h.Text != d.Text {
			t.Errorf("HTML: err %v; text differs:\n%s", err, h.Text)
		}
	})
}

func countEqual(lines []string, s string) int {
	n := 0
	for _, l := range lines {
		if l == s {
			n++
		}
	}
	return n
}
