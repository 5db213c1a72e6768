// Package extract turns article text into entities, mentions and typed
// relations (claims) with evidence.
//
// The pipeline is rule-based and linear in the size of the text: sentences
// and tokens with byte offsets, gazetteer matching (longest match, with the
// case rules of data/gazetteer/README.md), casing cues, acronym definitions,
// titles, possessives, described actors and light coreference, then verb
// phrases between mentions mapped to ONTOLOGY.md's predicates through the
// lexicon in data/lexicon.
package extract

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/newsgraph/newsgraph/data"
	"github.com/newsgraph/newsgraph/ontology"
)

// Extractor extracts entities and claims from text. It is safe for
// concurrent use.
type Extractor struct {
	g *Gazetteer
}

// New returns an extractor over the gazetteer g.
func New(g *Gazetteer) *Extractor { return &Extractor{g: g} }

// Default returns an extractor over the bundled gazetteer and lexicon.
func Default() (*Extractor, error) {
	g, err := LoadGazetteer(data.FS)
	if err != nil {
		return nil, err
	}
	return New(g), nil
}

// Gazetteer returns the extractor's gazetteer.
func (e *Extractor) Gazetteer() *Gazetteer { return e.g }

// Extract finds the entities, mentions and relations of one document. The
// output order is deterministic: entities by first mention, mentions and
// relations by position.
func (e *Extractor) Extract(ctx context.Context, in Input) (*Result, error) {
	d := newDoc(e.g, in.Text)
	sents := splitSentences(in.Text)
	for i := range sents {
		if i%64 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, fmt.Errorf("extract %s: %w", in.Name, err)
			}
		}
		classify(in.Text, &sents[i])
	}
	// normal sentences first, in order; all-caps lines only confirm
	// entities found elsewhere
	for i := range sents {
		if !sents[i].caps {
			d.sentence(&sents[i])
		}
	}
	for i := range sents {
		if sents[i].caps {
			d.capsSentence(&sents[i])
		}
	}
	return d.result(), nil
}

// classify marks all-caps lines and title-like lines, and cuts a trailing
// " - Source" from a headline.
func classify(text string, s *sentence) {
	letters, upper, words := 0, 0, 0
	for _, t := range s.toks {
		if t.kind != tkWord {
			continue
		}
		words++
		for _, r := range t.text(text) {
			if isLetterRune(r) {
				letters++
				if r >= 'A' && r <= 'Z' || r > 127 && strings.ToUpper(string(r)) == string(r) {
					upper++
				}
			}
		}
	}
	s.caps = words >= 2 && letters >= 6 && upper*10 >= letters*9
	last := s.toks[len(s.toks)-1].lower
	s.title = !(last == "." || last == "!" || last == "?" || last == "\"" || last == "'" || last == ")")
	if s.title {
		// "Headline - Source": drop the source when it is a short capitalized tail
		for i := len(s.toks) - 1; i > 0 && i >= len(s.toks)-6; i-- {
			t := s.toks[i]
			if t.kind == tkPunct && (t.lower == "-" || t.lower == "|") && i+1 < len(s.toks) {
				ok := true
				for _, u := range s.toks[i+1:] {
					if u.kind == tkWord && !isCap(u.text(text)) && !isDigitStart(u.lower) {
						ok = false
					}
				}
				if ok && i >= 3 {
					s.toks = s.toks[:i]
					s.end = s.toks[i-1].end
				}
				break
			}
		}
	}
}

func isLetterRune(r rune) bool { return isLetter(r) }

func isDigitStart(s string) bool { return s != "" && s[0] >= '0' && s[0] <= '9' }

// doc is the state of one extraction.
type doc struct {
	g     *Gazetteer
	text  string
	ents  map[string]*docEntity
	order []string
	local map[string][]*pattern // doc-local aliases (acronyms, surnames) by first token
	ments []Mention
	rels  []Relation
	// coreference memory: the last entity key of each type, and recent keys
	last    map[ontology.EntityType]string
	recent  []string // keys in order of mention, most recent last
	relSeen map[string]int
}

// docEntity is an entity with its bookkeeping.
type docEntity struct {
	Entity
	aliasSet map[string]bool
	strong   bool // confirmed: a gazetteer/NER mention or part of a relation
	first    int  // byte offset of the first mention
	capsOnly bool
}

func newDoc(g *Gazetteer, text string) *doc {
	return &doc{g: g, text: text, ents: map[string]*docEntity{}, local: map[string][]*pattern{},
		last: map[ontology.EntityType]string{}, relSeen: map[string]int{}}
}

// entity returns the document entity for key, creating it from the
// gazetteer or from the given name and type.
func (d *doc) entity(key, name string, t ontology.EntityType, at int) *docEntity {
	if de, ok := d.ents[key]; ok {
		return de
	}
	de := &docEntity{aliasSet: map[string]bool{}, first: at}
	if ge := d.g.lookup(key); ge != nil {
		de.Entity = Entity{Key: key, Name: ge.Name, Type: ge.Type, Role: ge.Role, Description: ge.Desc}
		de.aliasSet[ge.Name] = true
		for _, a := range ge.Aliases {
			de.addAlias(a)
		}
		for _, a := range ge.Generic {
			de.addAlias(a)
		}
	} else {
		de.Entity = Entity{Key: key, Name: name, Type: t}
		de.aliasSet[name] = true
	}
	d.ents[key] = de
	d.order = append(d.order, key)
	return de
}

func (de *docEntity) addAlias(a string) {
	a = strings.TrimSpace(a)
	if a == "" || de.aliasSet[a] {
		return
	}
	de.aliasSet[a] = true
	de.Aliases = append(de.Aliases, a)
}

// addLocal makes alias resolve to key for the rest of the document.
func (d *doc) addLocal(alias, key string, mode caseMode) {
	toks := tokenize(alias)
	if len(toks) == 0 {
		return
	}
	p := &pattern{mode: mode, key: key, alias: alias}
	for _, t := range toks {
		p.orig = append(p.orig, t.text(alias))
		p.toks = append(p.toks, t.lower)
	}
	for _, q := range d.local[p.toks[0]] {
		if q.alias == alias {
			q.key = key
			return
		}
	}
	d.local[p.toks[0]] = append(d.local[p.toks[0]], p)
	sort.SliceStable(d.local[p.toks[0]], func(i, j int) bool {
		return len(d.local[p.toks[0]][i].toks) > len(d.local[p.toks[0]][j].toks)
	})
}

// result assembles the Result: strong entities only, in order of first
// mention; mentions of dropped entities removed.
func (d *doc) result() *Result {
	r := &Result{}
	keep := map[string]bool{}
	for _, rel := range d.rels {
		for _, k := range []string{rel.Subject, rel.Object, rel.About} {
			if k != "" {
				keep[k] = true
			}
		}
	}
	var ents []*docEntity
	for _, k := range d.order {
		de := d.ents[k]
		if (de.strong || keep[k]) && !de.capsOnly {
			ents = append(ents, de)
		}
	}
	sort.SliceStable(ents, func(i, j int) bool { return ents[i].first < ents[j].first })
	kept := map[string]bool{}
	for _, de := range ents {
		e := de.Entity
		e.Aliases = append([]string(nil), de.Aliases...)
		r.Entities = append(r.Entities, e)
		kept[e.Key] = true
	}
	for _, m := range d.ments {
		if kept[m.Entity] {
			r.Mentions = append(r.Mentions, m)
		}
	}
	sort.SliceStable(r.Mentions, func(i, j int) bool { return r.Mentions[i].Start < r.Mentions[j].Start })
	r.Relations = d.rels
	sort.SliceStable(r.Relations, func(i, j int) bool { return r.Relations[i].Start < r.Relations[j].Start })
	return r
}
