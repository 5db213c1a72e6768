// Package eval scores extraction output against gold annotations with the
// matching rules of CONTRACT.md, and converts extraction results to the
// `extract --format json` document format.
package eval

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/newsgraph/newsgraph/extract"
	"github.com/newsgraph/newsgraph/ontology"
)

// Gold is one hand-annotated document in the gold format of CONTRACT.md.
type Gold struct {
	Doc       string         `json:"doc"`
	Entities  []GoldEntity   `json:"entities"`
	Relations []GoldRelation `json:"relations"`
}

// GoldEntity is an annotated entity.
type GoldEntity struct {
	Name    string   `json:"name"`
	Type    string   `json:"type"`
	Aliases []string `json:"aliases"`
}

// GoldRelation is an annotated relation; Evidence is the sentence (or part
// of it) that states it.
type GoldRelation struct {
	Subject   string `json:"subject"`
	Predicate string `json:"predicate"`
	Object    string `json:"object"`
	About     string `json:"about,omitempty"`
	Evidence  string `json:"evidence,omitempty"`
}

// LoadGold reads every *.gold.json file in dir, sorted by name. A gold file
// without "doc" is named after the file.
func LoadGold(dir string) ([]Gold, error) {
	names, err := filepath.Glob(filepath.Join(dir, "*.gold.json"))
	if err != nil {
		return nil, fmt.Errorf("eval: list gold %s: %w", dir, err)
	}
	if len(names) == 0 {
		// a folder of gold files only (../shared/realtext/gold): *.json
		names, _ = filepath.Glob(filepath.Join(dir, "*.json"))
	}
	sort.Strings(names)
	var out []Gold
	for _, n := range names {
		b, err := os.ReadFile(n)
		if err != nil {
			return nil, fmt.Errorf("eval: read gold %s: %w", n, err)
		}
		var g Gold
		if err := json.Unmarshal(b, &g); err != nil {
			return nil, fmt.Errorf("eval: parse gold %s: %w", n, err)
		}
		if g.Doc == "" {
			g.Doc = DocName(n)
		}
		out = append(out, g)
	}
	return out, nil
}

// DocName is the document name of a text or gold file: its base name
// without ".gold.json" or the text extension.
func DocName(path string) string {
	b := filepath.Base(path)
	if strings.HasSuffix(b, ".gold.json") {
		return strings.TrimSuffix(b, ".gold.json")
	}
	return strings.TrimSuffix(b, filepath.Ext(b))
}

// Doc is the `extract --format json` object of one document.
type Doc struct {
	Doc       string        `json:"doc"`
	Entities  []DocEntity   `json:"entities"`
	Relations []DocRelation `json:"relations"`
}

// DocEntity is an entity in the JSON output.
type DocEntity struct {
	Name    string   `json:"name"`
	Type    string   `json:"type"`
	Aliases []string `json:"aliases"`
}

// DocRelation is a relation in the JSON output; Subject, Object and About
// are canonical entity names.
type DocRelation struct {
	Subject    string   `json:"subject"`
	Predicate  string   `json:"predicate"`
	Object     string   `json:"object"`
	About      string   `json:"about,omitempty"`
	Confidence float64  `json:"confidence"`
	Evidence   Evidence `json:"evidence"`
}

// Evidence is the sentence that states a relation, with its byte offsets.
type Evidence struct {
	Sentence string `json:"sentence"`
	Start    int    `json:"start"`
	End      int    `json:"end"`
}

// FromResult converts an extraction result to the JSON document format.
func FromResult(name string, r *extract.Result) Doc {
	out := Doc{Doc: name, Entities: []DocEntity{}, Relations: []DocRelation{}}
	names := map[string]string{}
	for _, e := range r.Entities {
		names[e.Key] = e.Name
		aliases := e.Aliases
		if aliases == nil {
			aliases = []string{}
		}
		out.Entities = append(out.Entities, DocEntity{Name: e.Name, Type: string(e.Type), Aliases: aliases})
	}
	for _, rel := range r.Relations {
		out.Relations = append(out.Relations, DocRelation{
			Subject: names[rel.Subject], Predicate: string(rel.Predicate), Object: names[rel.Object],
			About: names[rel.About], Confidence: rel.Confidence,
			Evidence: Evidence{Sentence: rel.Sentence, Start: rel.Start, End: rel.End},
		})
	}
	return out
}

// Normalize folds a name for matching by CONTRACT.md's rule; see
// ontology.Normalize.
func Normalize(s string) string { return ontology.Normalize(s) }

// Score is precision, recall and F1 over true positives, false positives and
// false negatives.
type Score struct {
	TP, FP, FN int
	Precision  float64
	Recall     float64
	F1         float64
}

func (s *Score) finish() {
	if s.TP+s.FP > 0 {
		s.Precision = float64(s.TP) / float64(s.TP+s.FP)
	}
	if s.TP+s.FN > 0 {
		s.Recall = float64(s.TP) / float64(s.TP+s.FN)
	}
	if s.Precision+s.Recall > 0 {
		s.F1 = 2 * s.Precision * s.Recall / (s.Precision + s.Recall)
	}
}

func (s *Score) add(o Score) { s.TP += o.TP; s.FP += o.FP; s.FN += o.FN }

// DocScore is the score of one document with what was missed and what was
// wrongly found.
type DocScore struct {
	Doc             string
	Entities        Score
	Relations       Score
	MissedEntities  []string
	FalseEntities   []string
	MissedRelations []string
	FalseRelations  []string
}

// Report is the score of a set of documents: per document and overall
// (micro-averaged over all matches).
type Report struct {
	Docs      []DocScore
	Entities  Score
	Relations Score
}

// ScoreDoc scores one document's output against its gold annotation, by
// the rules of CONTRACT.md as ../shared/tools/score.py applies them:
//
//   - an output entity matches the first gold entity that shares a name or
//     alias with it (after Normalize); a second output entity for an
//     already matched gold entity counts neither way; an unmatched one is
//     a false positive;
//   - where the gold file annotates no SECTOR, output sectors and the
//     relations that involve one are left out (neither right nor wrong);
//   - a relation matches when subject, predicate and object match
//     (cooperates_with in either direction); the same output triple counts
//     once.
func ScoreDoc(g Gold, out Doc) DocScore {
	ds := DocScore{Doc: g.Doc}
	goldNames := make([]nameList, len(g.Entities))
	index := map[string]int{}
	for i, e := range g.Entities {
		goldNames[i] = names(e.Name, e.Aliases)
		for _, n := range goldNames[i] {
			if _, ok := index[n]; !ok {
				index[n] = i
			}
		}
	}
	find := func(ns nameList) int {
		for _, n := range ns {
			if i, ok := index[n]; ok {
				return i
			}
		}
		return -1
	}
	goldSectors := false
	for _, e := range g.Entities {
		if e.Type == string(ontology.Sector) {
			goldSectors = true
		}
	}
	unscored := map[string]bool{}
	byName := map[string]nameList{}
	matched := make([]bool, len(g.Entities))
	for _, e := range out.Entities {
		ns := names(e.Name, e.Aliases)
		if !goldSectors && e.Type == string(ontology.Sector) {
			for _, n := range ns {
				unscored[n] = true
			}
			continue
		}
		for _, n := range ns {
			byName[n] = ns
		}
		switch gi := find(ns); {
		case gi < 0:
			ds.Entities.FP++
			ds.FalseEntities = append(ds.FalseEntities, e.Name+" ("+e.Type+")")
		case !matched[gi]:
			matched[gi] = true
			ds.Entities.TP++
		}
	}
	for i, e := range g.Entities {
		if !matched[i] {
			ds.Entities.FN++
			ds.MissedEntities = append(ds.MissedEntities, e.Name+" ("+e.Type+")")
		}
	}
	ds.Entities.finish()

	type triple struct {
		s int
		p string
		o int
	}
	key := func(s int, p string, o int) triple {
		if p == string(ontology.CooperatesWith) && o < s {
			s, o = o, s
		}
		return triple{s, p, o}
	}
	canon := func(p string) string {
		if pp, ok := ontology.ParsePredicate(p); ok {
			return string(pp)
		}
		return p
	}
	gold := map[triple]GoldRelation{}
	for _, r := range g.Relations {
		s, o := find(names(r.Subject, nil)), find(names(r.Object, nil))
		gold[key(s, canon(r.Predicate), o)] = r
	}
	resolve := func(n string) int {
		if ns, ok := byName[Normalize(n)]; ok {
			return find(ns)
		}
		return find(names(n, nil))
	}
	seen := map[triple]bool{}
	seenFalse := map[string]bool{}
	for _, r := range out.Relations {
		if unscored[Normalize(r.Subject)] || unscored[Normalize(r.Object)] {
			continue
		}
		s, o := resolve(r.Subject), resolve(r.Object)
		k := key(s, canon(r.Predicate), o)
		if _, ok := gold[k]; ok && s >= 0 && o >= 0 {
			if !seen[k] {
				seen[k] = true
				ds.Relations.TP++
			}
			continue
		}
		id := r.Subject + " —" + r.Predicate + "→ " + r.Object
		if s >= 0 && o >= 0 {
			id = fmt.Sprint(k)
		}
		if !seenFalse[id] {
			seenFalse[id] = true
			ds.Relations.FP++
			ds.FalseRelations = append(ds.FalseRelations, r.Subject+" —"+r.Predicate+"→ "+r.Object)
		}
	}
	for k, r := range gold {
		if !seen[k] {
			ds.Relations.FN++
			ds.MissedRelations = append(ds.MissedRelations, r.Subject+" —"+r.Predicate+"→ "+r.Object)
		}
	}
	sort.Strings(ds.MissedRelations)
	ds.Relations.finish()
	return ds
}

// nameList is an entity's normalized names, its canonical name first.
type nameList []string

func names(name string, aliases []string) nameList {
	var out nameList
	seen := map[string]bool{}
	for _, n := range append([]string{name}, aliases...) {
		if k := Normalize(n); k != "" && !seen[k] {
			seen[k] = true
			out = append(out, k)
		}
	}
	return out
}

func samePredicate(a, b string) bool {
	pa, _ := ontology.ParsePredicate(a)
	pb, _ := ontology.ParsePredicate(b)
	return pa == pb
}

// ScoreAll scores outputs against golds, pairing them by document name. A
// gold document without output counts all its items as missed.
func ScoreAll(golds []Gold, outs []Doc) Report {
	byDoc := byName(outs)
	var r Report
	for _, g := range golds {
		ds := ScoreDoc(g, byDoc[g.Doc])
		r.Docs = append(r.Docs, ds)
		r.Entities.add(ds.Entities)
		r.Relations.add(ds.Relations)
	}
	r.Entities.finish()
	r.Relations.finish()
	return r
}

// byName indexes outputs by document name.
func byName(outs []Doc) map[string]Doc {
	m := make(map[string]Doc, len(outs))
	for _, o := range outs {
		m[o.Doc] = o
	}
	return m
}

// WriteTable prints the report as a table: one line per document and the
// overall scores; with details, the misses and false positives too.
func (r Report) WriteTable(w io.Writer, details bool) {
	fmt.Fprintf(w, "%-40s %6s %6s %6s   %6s %6s %6s\n", "document", "ent P", "ent R", "ent F1", "rel P", "rel R", "rel F1")
	for _, d := range r.Docs {
		fmt.Fprintf(w, "%-40s %6.2f %6.2f %6.2f   %6.2f %6.2f %6.2f\n", trunc(d.Doc, 40),
			d.Entities.Precision, d.Entities.Recall, d.Entities.F1, d.Relations.Precision, d.Relations.Recall, d.Relations.F1)
	}
	fmt.Fprintf(w, "%-40s %6.2f %6.2f %6.2f   %6.2f %6.2f %6.2f\n", "overall",
		r.Entities.Precision, r.Entities.Recall, r.Entities.F1, r.Relations.Precision, r.Relations.Recall, r.Relations.F1)
	if !details {
		return
	}
	for _, d := range r.Docs {
		fmt.Fprintf(w, "\n== %s\n", d.Doc)
		for _, x := range d.MissedEntities {
			fmt.Fprintf(w, "  missed entity:  %s\n", x)
		}
		for _, x := range d.FalseEntities {
			fmt.Fprintf(w, "  false entity:   %s\n", x)
		}
		for _, x := range d.MissedRelations {
			fmt.Fprintf(w, "  missed rel:     %s\n", x)
		}
		for _, x := range d.FalseRelations {
			fmt.Fprintf(w, "  false rel:      %s\n", x)
		}
	}
}

func trunc(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n-1] + "…"
}
