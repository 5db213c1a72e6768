package extract

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/newsgraph/newsgraph/data"
)

// corpusText joins the bundled corpus articles.
func corpusText(tb testing.TB) string {
	tb.Helper()
	names, err := fs.Glob(data.FS, "corpus/*.txt")
	if err != nil || len(names) == 0 {
		tb.Skip("no corpus")
	}
	var b strings.Builder
	for _, n := range names {
		t, err := fs.ReadFile(data.FS, n)
		if err != nil {
			tb.Fatal(err)
		}
		b.Write(t)
		b.WriteString("\n\n")
	}
	return b.String()
}

// realTexts reads the texts of ../shared/realtext (third-party articles,
// read from there and never copied into the repository), without their
// URL and date lines.
func realTexts(tb testing.TB) []string {
	tb.Helper()
	names, _ := filepath.Glob("../../shared/realtext/texts/*.txt")
	if len(names) == 0 {
		tb.Skip("no ../shared/realtext")
	}
	var out []string
	for _, n := range names {
		b, err := os.ReadFile(n)
		if err != nil {
			tb.Fatal(err)
		}
		if _, text, ok := strings.Cut(string(b), "\n\n"); ok {
			out = append(out, text)
		}
	}
	return out
}

// BenchmarkExtract measures the whole pipeline one article at a time, on
// the bundled corpus and on ../shared/realtext; MB/s is article text per
// second (run with -cpu 1 for one core; the target is 0.2 MB/s).
func BenchmarkExtract(b *testing.B) {
	ex, err := Default()
	if err != nil {
		b.Fatal(err)
	}
	sets := []struct {
		name string
		docs func(testing.TB) []string
	}{
		{"corpus", func(tb testing.TB) []string { return strings.Split(corpusText(tb), "\n\n\n") }},
		{"realtext", realTexts},
	}
	for _, set := range sets {
		b.Run(set.name, func(b *testing.B) {
			docs := set.docs(b)
			total := 0
			for _, d := range docs {
				total += len(d)
			}
			b.SetBytes(int64(total))
			for b.Loop() {
				for _, d := range docs {
					if _, err := ex.Extract(context.Background(), Input{Text: d}); err != nil {
						b.Fatal(err)
					}
				}
			}
		})
	}
}

// BenchmarkLoadGazetteer measures loading the bundled data.
func BenchmarkLoadGazetteer(b *testing.B) {
	for i := 0; i < b.N; i++ {
		if _, err := LoadGazetteer(data.FS); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkLoadDefault measures what an extractor's start-up costs: the
// gazetteer, the lexicon, the lemmatizer's tables and the tagger.
func BenchmarkLoadDefault(b *testing.B) {
	for i := 0; i < b.N; i++ {
		if _, err := Default(); err != nil {
			b.Fatal(err)
		}
	}
}
