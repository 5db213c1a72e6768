package normalize

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// render is the golden form of documents and errors.
func render(docs []Doc, errs []error) string {
	var b strings.Builder
	for i, d := range docs {
		if i > 0 {
			b.WriteString("\n=====\n")
		}
		pub := ""
		if !d.Published.IsZero() {
			pub = d.Published.Format(time.RFC3339)
		}
		fmt.Fprintf(&b, "source: %s\nid: %s\ntitle: %s\nsite: %s\nurl: %s\npublished: %s\ndocid: %s\n---\n%s\n",
			d.Source, d.ID, d.Title, d.Site, d.URL, pub, ID(d.Text), d.Text)
	}
	for _, err := range errs {
		fmt.Fprintf(&b, "\nerror: %v\n", err)
	}
	return b.String()
}

// checkGolden compares got with the golden file, or rewrites it.
func checkGolden(t *testing.T, path, got string) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("output differs from %s (go test -update rewrites it)\n--- got ---\n%s\n--- want ---\n%s", path, got, want)
	}
}

// assertCanonical checks the invariants every normalized text keeps.
func assertCanonical(t *testing.T, d Doc) {
	t.Helper()
	if !isCanonical(d.Text) {
		t.Errorf("text is not in canonical form: %q", d.Text)
	}
	if again := Text(d.Text); again.Text != d.Text {
		t.Errorf("normalizing again changed the text\n--- once ---\n%s\n--- twice ---\n%s", d.Text, again.Text)
	}
}

// TestGolden runs every fixture in testdata/text, testdata/html and
// testdata/read through Read and compares with its .golden file.
func TestGolden(t *testing.T) {
	var files []string
	for _, dir := range []string{"text", "html", "read"} {
		m, err := filepath.Glob(filepath.Join("testdata", dir, "*"))
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range m {
			if !strings.HasSuffix(f, ".golden") {
				files = append(files, f)
			}
		}
	}
	if len(files) == 0 {
		t.Fatal("no fixtures")
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			in, err := os.Open(f)
			if err != nil {
				t.Fatal(err)
			}
			defer in.Close()
			docs, errs := Read(filepath.Base(f), in, Limits{MaxDocBytes: 4096})
			for _, d := range docs {
				assertCanonical(t, d)
			}
			checkGolden(t, f+".golden", render(docs, errs))
		})
	}
}

// isCanonical reports whether text has the form every Doc.Text has: valid
// UTF-8; lines joined by "\n" or, between paragraphs, "\n\n"; no empty,
// untrimmed or double-spaced line; no tab, control, BOM or zero-width
// character.
func isCanonical(text string) bool {
	if text == "" {
		return true
	}
	if !utf8.ValidString(text) || strings.Contains(text, "\n\n\n") {
		return false
	}
	for _, para := range strings.Split(text, "\n\n") {
		for _, l := range strings.Split(para, "\n") {
			if l == "" || l != strings.TrimSpace(l) || strings.Contains(l, "  ") {
				return false
			}
			for _, r := range l {
				if r == '\t' || isInvisible(r) || isSpaceRune(r) || r == '\r' {
					return false
				}
			}
		}
	}
	return true
}
