package eval_test

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/newsgraph/newsgraph/extract"
	"github.com/newsgraph/newsgraph/extract/eval"
	"github.com/newsgraph/newsgraph/ingest/normalize"
)

// devSets are the development sets: the seed article, the corpus gold
// files, the held-out set, the second dev set and ../shared/realtext.
// TestScores holds the seed and the corpus to their minimum F1 (entities,
// relations); the others are only measured.
var devSets = []struct {
	name, gold, text string
	entMin, relMin   float64
}{
	{"seed", "../../../shared/seed", "../../../shared/seed", 0.90, 0.70},
	{"corpus", "../../data/gold", "../../data/corpus", 0.90, 0.70},
	{"heldout", "../testdata/heldout", "../testdata/heldout", 0, 0},
	{"dev2", "../testdata/dev2", "../testdata/dev2", 0, 0},
	{"realtext", "../../../shared/realtext/gold", "../../../shared/realtext/texts", 0, 0},
}

// scoreDir extracts every gold document of goldDir from its text in
// textDir and scores it. It returns false when there is nothing to score.
func scoreDir(t *testing.T, ex *extract.Extractor, goldDir, textDir string) (eval.Report, bool) {
	t.Helper()
	golds, outs := extractDir(t, ex, goldDir, textDir)
	if len(golds) == 0 {
		return eval.Report{}, false
	}
	return eval.ScoreAll(golds, outs), true
}

// extractDir extracts every gold document of goldDir from its text in
// textDir; it returns the golds that have a text and the outputs.
func extractDir(t *testing.T, ex *extract.Extractor, goldDir, textDir string) ([]eval.Gold, []eval.Doc) {
	t.Helper()
	golds, err := eval.LoadGold(goldDir)
	if err != nil {
		if os.IsNotExist(err) {
			return nil, nil
		}
		t.Fatal(err)
	}
	var outs []eval.Doc
	var kept []eval.Gold
	for _, g := range golds {
		name := g.Doc
		path := ""
		for _, ext := range []string{".txt", ".md"} {
			// gold files may name the doc differently from the file: try both
			for _, base := range []string{name, goldFileBase(goldDir, g)} {
				p := filepath.Join(textDir, base+ext)
				if _, err := os.Stat(p); err == nil {
					path = p
				}
			}
		}
		if path == "" {
			t.Logf("no text for gold %s in %s", name, textDir)
			continue
		}
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		text := string(b)
		if strings.HasPrefix(text, "http") {
			text = realText(t, name, text)
		} else {
			// the text `newsgraph extract` reads from the file
			docs, errs := normalize.Read(path, strings.NewReader(text), normalize.Limits{})
			if len(errs) > 0 || len(docs) != 1 {
				t.Fatalf("%s: %v", path, errs)
			}
			text = docs[0].Text
		}
		r, err := ex.Extract(context.Background(), extract.Input{Name: name, Text: text})
		if err != nil {
			t.Fatal(err)
		}
		outs = append(outs, eval.FromResult(name, r))
		kept = append(kept, g)
	}
	return kept, outs
}

// realText turns a ../shared/realtext text (URL, date, blank line, text)
// into the document `newsgraph extract` sees for the JSONL record of
// ../shared/tools/texts2jsonl.py: the same normalization, so that the
// scores equal the reference scorer's.
func realText(t *testing.T, name, raw string) string {
	t.Helper()
	lines := strings.Split(raw, "\n")
	if len(lines) < 4 {
		t.Fatalf("%s: want URL, date, blank line and text", name)
	}
	rec, err := json.Marshal(map[string]string{"id": name, "url": lines[0], "published": lines[1],
		"text": strings.Join(lines[3:], "\n")})
	if err != nil {
		t.Fatal(err)
	}
	docs, errs := normalize.Read(name+".jsonl", strings.NewReader(string(rec)+"\n"), normalize.Limits{})
	if len(errs) > 0 || len(docs) != 1 {
		t.Fatalf("%s: %v", name, errs)
	}
	return docs[0].Text
}

// goldFileBase finds the file base name of a gold document.
func goldFileBase(dir string, g eval.Gold) string {
	names, _ := filepath.Glob(filepath.Join(dir, "*.gold.json"))
	for _, n := range names {
		b, err := os.ReadFile(n)
		if err == nil && strings.Contains(string(b), `"`+g.Doc+`"`) {
			return eval.DocName(n)
		}
	}
	return g.Doc
}

// TestScores prints the score table of every set of devSets and holds
// each to its minimum F1.
func TestScores(t *testing.T) {
	ex, err := extract.Default()
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range devSets {
		t.Run(s.name, func(t *testing.T) {
			rep, ok := scoreDir(t, ex, s.gold, s.text)
			if !ok {
				t.Skipf("no gold documents in %s", s.gold)
			}
			var b strings.Builder
			rep.WriteTable(&b, testing.Verbose())
			t.Logf("%s:\n%s", s.name, b.String())
			if rep.Entities.F1 < s.entMin {
				t.Errorf("%s entity F1 %.3f < %.2f", s.name, rep.Entities.F1, s.entMin)
			}
			if rep.Relations.F1 < s.relMin {
				t.Errorf("%s relation F1 %.3f < %.2f", s.name, rep.Relations.F1, s.relMin)
			}
		})
	}
}

// TestFromResult checks the JSON document: names, not keys, and evidence
// offsets that slice the text.
func TestFromResult(t *testing.T) {
	ex, err := extract.Default()
	if err != nil {
		t.Fatal(err)
	}
	text := "Headline\n\nWashington formally blamed China on Friday for the SolarWinds hack."
	r, err := ex.Extract(context.Background(), extract.Input{Name: "x", Text: text})
	if err != nil {
		t.Fatal(err)
	}
	doc := eval.FromResult("x", r)
	if doc.Doc != "x" || len(doc.Relations) == 0 {
		t.Fatalf("doc: %+v", doc)
	}
	rel := doc.Relations[0]
	if rel.Subject != "United States" || rel.Predicate != "accuses" || rel.Object != "China" || rel.About != "SolarWinds compromise" {
		t.Errorf("relation %+v", rel)
	}
	if text[rel.Evidence.Start:rel.Evidence.End] != rel.Evidence.Sentence {
		t.Errorf("evidence offsets do not slice the text")
	}
	b, err := json.Marshal(doc)
	if err != nil || !strings.Contains(string(b), `"aliases":[`) {
		t.Errorf("json %s %v", b, err)
	}
}
