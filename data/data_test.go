package data_test

import (
	"encoding/json"
	"io/fs"
	"path"
	"strings"
	"testing"

	"github.com/newsgraph/newsgraph/data"
	"github.com/newsgraph/newsgraph/ontology"
)

type gold struct {
	Doc      string `json:"doc"`
	Entities []struct {
		Name    string   `json:"name"`
		Type    string   `json:"type"`
		Aliases []string `json:"aliases"`
	} `json:"entities"`
	Relations []struct {
		Subject   string `json:"subject"`
		Predicate string `json:"predicate"`
		Object    string `json:"object"`
		Evidence  string `json:"evidence"`
	} `json:"relations"`
}

// TestGoldFiles checks every gold annotation against its article: known
// types and predicates, relations between listed entities, evidence copied
// verbatim from the text.
func TestGoldFiles(t *testing.T) {
	golds, err := fs.Glob(data.FS, "gold/*.gold.json")
	if err != nil || len(golds) < 10 {
		t.Fatalf("want at least 10 gold files, got %d (%v)", len(golds), err)
	}
	for _, g := range golds {
		t.Run(path.Base(g), func(t *testing.T) {
			raw, err := fs.ReadFile(data.FS, g)
			if err != nil {
				t.Fatal(err)
			}
			var gd gold
			if err := json.Unmarshal(raw, &gd); err != nil {
				t.Fatalf("not valid JSON: %v", err)
			}
			text, err := fs.ReadFile(data.FS, "corpus/"+gd.Doc+".txt")
			if err != nil {
				t.Fatalf("no article for doc %q: %v", gd.Doc, err)
			}
			names := map[string]bool{}
			for _, e := range gd.Entities {
				if _, ok := ontology.ParseEntityType(e.Type); !ok {
					t.Errorf("entity %q: unknown type %q", e.Name, e.Type)
				}
				names[e.Name] = true
			}
			for _, r := range gd.Relations {
				if _, ok := ontology.ParsePredicate(r.Predicate); !ok {
					t.Errorf("unknown predicate %q", r.Predicate)
				}
				if !names[r.Subject] || !names[r.Object] {
					t.Errorf("relation %s %s %s names an entity not listed", r.Subject, r.Predicate, r.Object)
				}
				if r.Evidence != "" && !strings.Contains(string(text), r.Evidence) {
					t.Errorf("evidence not in the article: %q", r.Evidence)
				}
			}
		})
	}
}

// TestCorpus checks the demo corpus is there: at least 10 articles with a
// headline and a publication date line.
func TestCorpus(t *testing.T) {
	arts, _ := fs.Glob(data.FS, "corpus/*.txt")
	if len(arts) < 10 {
		t.Fatalf("%d articles, want at least 10", len(arts))
	}
	for _, a := range arts {
		raw, _ := fs.ReadFile(data.FS, a)
		if !strings.Contains(string(raw), "\nPublished: 20") {
			t.Errorf("%s has no Published: line", a)
		}
	}
}
