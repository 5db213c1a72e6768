package extract

import (
	"context"
	"io/fs"
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

// BenchmarkExtract measures the whole pipeline on the corpus, one article at
// a time; MB/s is article text per second on one core.
func BenchmarkExtract(b *testing.B) {
	ex, err := Default()
	if err != nil {
		b.Fatal(err)
	}
	docs := strings.Split(corpusText(b), "\n\n\n")
	total := 0
	for _, d := range docs {
		total += len(d)
	}
	b.SetBytes(int64(total))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, d := range docs {
			if _, err := ex.Extract(context.Background(), Input{Text: d}); err != nil {
				b.Fatal(err)
			}
		}
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
