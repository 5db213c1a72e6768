package extract

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/newsgraph/newsgraph/ontology"
)

var update = flag.Bool("update", false, "rewrite golden files in testdata/golden")

var (
	defaultOnce sync.Once
	defaultEx   *Extractor
	defaultErr  error
)

func testExtractor(tb testing.TB) *Extractor {
	tb.Helper()
	defaultOnce.Do(func() { defaultEx, defaultErr = Default() })
	if defaultErr != nil {
		tb.Fatal(defaultErr)
	}
	return defaultEx
}

func extractText(tb testing.TB, text string) *Result {
	tb.Helper()
	r, err := testExtractor(tb).Extract(context.Background(), Input{Name: "test", Text: text})
	if err != nil {
		tb.Fatal(err)
	}
	checkResult(tb, text, r)
	return r
}

// checkResult asserts the contract of a Result: offsets inside the text,
// on rune boundaries, texts equal to their slices, relation arguments
// among the entities, predicates of the ontology, entities unique.
func checkResult(tb testing.TB, text string, r *Result) {
	tb.Helper()
	// rune boundaries as Go decodes the text (an invalid byte is a rune of its own)
	bound := make([]bool, len(text)+1)
	for i := range text {
		bound[i] = true
	}
	bound[len(text)] = true
	onBoundary := func(i int) bool { return i >= 0 && i <= len(text) && bound[i] }
	keys := map[string]bool{}
	for _, e := range r.Entities {
		if keys[e.Key] {
			tb.Fatalf("entity %s twice", e.Key)
		}
		keys[e.Key] = true
		if !e.Type.Valid() || e.Name == "" {
			tb.Fatalf("bad entity %+v", e)
		}
	}
	for _, m := range r.Mentions {
		if m.Start < 0 || m.End > len(text) || m.Start >= m.End || !onBoundary(m.Start) || !onBoundary(m.End) {
			tb.Fatalf("mention offsets %d..%d outside text of %d bytes", m.Start, m.End, len(text))
		}
		if text[m.Start:m.End] != m.Text {
			tb.Fatalf("mention text %q != %q", m.Text, text[m.Start:m.End])
		}
		if !keys[m.Entity] {
			tb.Fatalf("mention of unknown entity %s", m.Entity)
		}
	}
	for _, rel := range r.Relations {
		if !keys[rel.Subject] || !keys[rel.Object] || rel.About != "" && !keys[rel.About] {
			tb.Fatalf("relation %+v refers to an unknown entity", rel)
		}
		if !rel.Predicate.Valid() || rel.Predicate == ontology.RelatedTo {
			tb.Fatalf("bad predicate %q", rel.Predicate)
		}
		if rel.Start < 0 || rel.End > len(text) || rel.Start >= rel.End || !onBoundary(rel.Start) || !onBoundary(rel.End) {
			tb.Fatalf("evidence offsets %d..%d outside text of %d bytes", rel.Start, rel.End, len(text))
		}
		if text[rel.Start:rel.End] != rel.Sentence {
			tb.Fatalf("evidence %q != text slice", rel.Sentence)
		}
		if rel.Confidence < 0 || rel.Confidence > 1 {
			tb.Fatalf("confidence %v outside [0,1]", rel.Confidence)
		}
		if rel.Subject == rel.Object {
			tb.Fatalf("relation of an entity with itself: %+v", rel)
		}
	}
}

// golden is the compact, reviewable form of a Result kept in testdata.
type golden struct {
	Entities  []string `json:"entities"`
	Mentions  []string `json:"mentions"`
	Relations []string `json:"relations"`
}

func toGolden(r *Result) golden {
	names := map[string]string{}
	g := golden{Entities: []string{}, Mentions: []string{}, Relations: []string{}}
	for _, e := range r.Entities {
		names[e.Key] = e.Name
		s := e.Name + " (" + string(e.Type) + ")"
		if e.Role != "" {
			s += " role=" + e.Role
		}
		g.Entities = append(g.Entities, s)
	}
	for _, m := range r.Mentions {
		g.Mentions = append(g.Mentions, m.Text+" → "+names[m.Entity]+" ["+string(m.Method)+"]")
	}
	for _, rel := range r.Relations {
		s := names[rel.Subject] + " —" + string(rel.Predicate) + "→ " + names[rel.Object]
		if rel.About != "" {
			s += " about " + names[rel.About]
		}
		g.Relations = append(g.Relations, s)
	}
	return g
}

// TestGolden runs every testdata/golden/*.txt (one construction each) and
// compares with its .golden.json; -update rewrites them.
func TestGolden(t *testing.T) {
	files, err := filepath.Glob("testdata/golden/*.txt")
	if err != nil || len(files) == 0 {
		t.Fatal("no golden inputs")
	}
	for _, f := range files {
		name := strings.TrimSuffix(filepath.Base(f), ".txt")
		t.Run(name, func(t *testing.T) {
			text, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			got, err := json.MarshalIndent(toGolden(extractText(t, string(text))), "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, '\n')
			path := strings.TrimSuffix(f, ".txt") + ".golden.json"
			if *update {
				if err := os.WriteFile(path, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run with -update to create)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("output differs from %s (run with -update after checking):\n%s", path, got)
			}
		})
	}
}
