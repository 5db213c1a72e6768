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

type nameSet map[string]bool

func names(name string, aliases []string) nameSet {
	s := nameSet{}
	for _, n := range append([]string{name}, aliases...) {
		if k := Normalize(n); k != "" {
			s[k] = true
		}
	}
	return s
}

func (a nameSet) meets(b nameSet) bool {
	for k := range a {
		if b[k] {
			return true
		}
	}
	return false
}

// ScoreDoc scores one document's output against its gold annotation.
// Entities match one to one when any name or alias of one equals any of the
// other after Normalize. Relations match one to one when subject, predicate
// and object match (cooperates_with in either direction); duplicate
// relations in the output count once.
func ScoreDoc(g Gold, out Doc) DocScore {
	ds := DocScore{Doc: g.Doc}
	goldNames := make([]nameSet, len(g.Entities))
	for i, e := range g.Entities {
		goldNames[i] = names(e.Name, e.Aliases)
	}
	outNames := make([]nameSet, len(out.Entities))
	byName := map[string]nameSet{}
	for i, e := range out.Entities {
		outNames[i] = names(e.Name, e.Aliases)
		byName[e.Name] = outNames[i]
	}
	m := match(len(g.Entities), len(out.Entities), func(i, j int) bool { return goldNames[i].meets(outNames[j]) })
	ds.Entities, ds.MissedEntities, ds.FalseEntities = tally(m, len(out.Entities),
		func(i int) string { return g.Entities[i].Name + " (" + g.Entities[i].Type + ")" },
		func(j int) string { return out.Entities[j].Name + " (" + out.Entities[j].Type + ")" })

	// gold relation arguments resolve through gold entity aliases
	goldArg := func(n string) nameSet {
		key := Normalize(n)
		for _, s := range goldNames {
			if s[key] {
				return s
			}
		}
		return nameSet{key: true}
	}
	outArg := func(n string) nameSet {
		if s, ok := byName[n]; ok {
			return s
		}
		return names(n, nil)
	}
	// deduplicate output triples
	var rels []DocRelation
	seen := map[string]bool{}
	for _, r := range out.Relations {
		k := r.Subject + "\x00" + r.Predicate + "\x00" + r.Object
		if r.Predicate == string(ontology.CooperatesWith) && r.Object < r.Subject {
			k = r.Object + "\x00" + r.Predicate + "\x00" + r.Subject
		}
		if !seen[k] {
			seen[k] = true
			rels = append(rels, r)
		}
	}
	relMatch := func(i, j int) bool {
		gr, or := g.Relations[i], rels[j]
		if !samePredicate(gr.Predicate, or.Predicate) {
			return false
		}
		gs, gob := goldArg(gr.Subject), goldArg(gr.Object)
		os, oo := outArg(or.Subject), outArg(or.Object)
		if gs.meets(os) && gob.meets(oo) {
			return true
		}
		return gr.Predicate == string(ontology.CooperatesWith) && gs.meets(oo) && gob.meets(os)
	}
	rm := match(len(g.Relations), len(rels), relMatch)
	ds.Relations, ds.MissedRelations, ds.FalseRelations = tally(rm, len(rels),
		func(i int) string {
			r := g.Relations[i]
			return r.Subject + " —" + r.Predicate + "→ " + r.Object
		},
		func(j int) string {
			r := rels[j]
			return r.Subject + " —" + r.Predicate + "→ " + r.Object
		})
	return ds
}

func samePredicate(a, b string) bool {
	pa, _ := ontology.ParsePredicate(a)
	pb, _ := ontology.ParsePredicate(b)
	return pa == pb
}

// match computes a maximum one-to-one matching between n gold and m output
// items (Kuhn's augmenting paths); it returns for each gold item its output
// item or -1.
func match(n, m int, ok func(i, j int) bool) []int {
	adj := make([][]int, n)
	for i := 0; i < n; i++ {
		for j := 0; j < m; j++ {
			if ok(i, j) {
				adj[i] = append(adj[i], j)
			}
		}
	}
	owner := make([]int, m)
	for j := range owner {
		owner[j] = -1
	}
	var try func(i int, seen []bool) bool
	try = func(i int, seen []bool) bool {
		for _, j := range adj[i] {
			if seen[j] {
				continue
			}
			seen[j] = true
			if owner[j] < 0 || try(owner[j], seen) {
				owner[j] = i
				return true
			}
		}
		return false
	}
	for i := 0; i < n; i++ {
		try(i, make([]bool, m))
	}
	res := make([]int, n)
	for i := range res {
		res[i] = -1
	}
	for j, i := range owner {
		if i >= 0 {
			res[i] = j
		}
	}
	return res
}

func tally(m []int, nOut int, goldName, outName func(int) string) (Score, []string, []string) {
	var s Score
	used := make([]bool, nOut)
	var missed, false_ []string
	for i, j := range m {
		if j >= 0 {
			s.TP++
			used[j] = true
		} else {
			s.FN++
			missed = append(missed, goldName(i))
		}
	}
	for j := 0; j < nOut; j++ {
		if !used[j] {
			s.FP++
			false_ = append(false_, outName(j))
		}
	}
	s.finish()
	return s, missed, false_
}

// ScoreAll scores outputs against golds, pairing them by document name. A
// gold document without output counts all its items as missed.
func ScoreAll(golds []Gold, outs []Doc) Report {
	byDoc := map[string]Doc{}
	for _, o := range outs {
		byDoc[o.Doc] = o
	}
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
