package mentions

import (
	"strings"

	"github.com/newsgraph/newsgraph/extract/syntax"
	"github.com/newsgraph/newsgraph/ontology"
)

// Sentence is a parsed sentence with the referent of each noun phrase.
type Sentence struct {
	Syn    *syntax.Sentence
	Names  []Ref // the names of the sentence, sorted
	np     []Ref // chunk index → referent (Key "" when none)
	nameAt []int // token → index in Names, -1
	// Facts are relations that names state by their form.
	Facts []Fact
}

// Ref returns the referent of noun-phrase chunk k.
func (s *Sentence) Ref(k int) (Ref, bool) {
	if k < 0 || k >= len(s.np) || s.np[k].Key == "" {
		return Ref{}, false
	}
	return s.np[k], true
}

// NameAt returns the name that covers token i.
func (s *Sentence) NameAt(i int) (Ref, bool) {
	if i < 0 || i >= len(s.nameAt) || s.nameAt[i] < 0 {
		return Ref{}, false
	}
	return s.Names[s.nameAt[i]], true
}

// Mods returns the names inside noun-phrase chunk k before its head: the
// modifiers ("Chinese" and "MSS" in "Chinese MSS-affiliated hackers", "FBI"
// in "FBI agents").
func (s *Sentence) Mods(k int) []Ref {
	c := s.Syn.Chunks[k]
	var out []Ref
	for _, r := range s.Names {
		if r.Start >= c.Start && r.End <= c.End && !(r.Start <= c.Head && c.Head < r.End) {
			out = append(out, r)
		}
	}
	return out
}

// Atoms returns the names as syntax atoms, for parsing.
func Atoms(names []Ref) []syntax.Atom {
	out := make([]syntax.Atom, len(names))
	for i, r := range names {
		out[i] = syntax.Atom{Start: r.Start, End: r.End}
	}
	return out
}

// Phrases gives every noun phrase of the parsed sentence its referent: the
// name that heads it, a country for "the Chinese government", a country's
// body for "China's Foreign Ministry", a described actor or event, or the
// entity a pronoun or definite description refers to.
func (d *Doc) Phrases(syn *syntax.Sentence, names []Ref, facts []Fact) *Sentence {
	s := &Sentence{Syn: syn, Names: names, np: make([]Ref, len(syn.Chunks)), nameAt: make([]int, len(syn.Tokens)), Facts: facts}
	for i := range s.nameAt {
		s.nameAt[i] = -1
	}
	for k, r := range names {
		for i := r.Start; i < r.End; i++ {
			s.nameAt[i] = k
		}
	}
	for k, c := range syn.Chunks {
		if c.Kind != syntax.NP {
			continue
		}
		if r, ok := d.phrase(s, k); ok {
			s.np[k] = r
			if r.Method != MethodGazetteer && r.Method != MethodNER && r.Method != MethodAcronym && r.Method != MethodTitle {
				d.record(syn.Tokens, r, "", false)
			}
		}
	}
	// coreference memory in text order
	for k := range syn.Chunks {
		if r := s.np[k]; r.Key != "" && r.Method != MethodCoref {
			d.remember(r)
		}
		for _, m := range s.Mods(k) {
			if !m.Demonym {
				d.remember(m)
			}
		}
	}
	return s
}

// phrase finds the referent of noun-phrase chunk k.
func (d *Doc) phrase(s *Sentence, k int) (Ref, bool) {
	syn := s.Syn
	c := syn.Chunks[k]
	head := c.Head
	hw := syn.Tokens[head].Lower
	if n, ok := s.NameAt(head); ok {
		if n.Demonym && head == c.End-1 && head == c.Start+detLen(syn, c) {
			return n, true // "the Chinese": the country
		}
		if !n.Demonym {
			return n, true
		}
	}
	if syn.Tokens[head].Tag == syntax.PRP {
		return d.pronoun(s, k)
	}
	country, hasCountry := s.countryOf(k)
	text := d.npText(syn, k)
	if hasCountry && d.lx.Is("government", hw) && !d.counted(syn, k) {
		// "the Chinese government", "the US side", "Iranian authorities"
		return Ref{Key: country, Type: ontology.Country, Start: c.Start, End: c.End, Method: MethodCoref, Conf: 0.9}, true
	}
	if r, ok := d.genericBody(s, k, country, hasCountry); ok {
		return r, true
	}
	if r, ok := d.described(s, k, country, hasCountry); ok {
		return r, true
	}
	if r, ok := d.event(s, k); ok {
		return r, true
	}
	if r, ok := d.definite(s, k, text); ok {
		return r, true
	}
	return Ref{}, false
}

// detLen counts the determiners at the start of chunk c.
func detLen(syn *syntax.Sentence, c syntax.Chunk) int {
	n := 0
	for i := c.Start; i < c.End && (syn.Tokens[i].Tag == syntax.DT || syn.Tokens[i].Tag == syntax.PDT); i++ {
		n++
	}
	return n
}

// npText returns the chunk's text without leading determiners and
// possessive pronouns.
func (d *Doc) npText(syn *syntax.Sentence, k int) string {
	c := syn.Chunks[k]
	s := c.Start
	for s < c.End-1 && (syn.Tokens[s].Tag == syntax.DT || syn.Tokens[s].Tag == syntax.PDT ||
		syn.Tokens[s].Tag == syntax.PRP && syn.Tokens[s].Lower != "it") {
		s++
	}
	return d.text[syn.Tokens[s].Start:syn.Tokens[c.End-1].End]
}

// countryOf returns the country a noun phrase is marked with: a demonym or
// country name before its head ("Chinese", "US"), or its possessor
// ("China's").
func (s *Sentence) countryOf(k int) (string, bool) {
	for _, m := range s.Mods(k) {
		if m.Type == ontology.Country {
			return m.Key, true
		}
	}
	if p := s.Syn.Chunks[k].Poss; p >= 0 {
		if r, ok := s.NameAt(s.Syn.Chunks[p].Head); ok && r.Type == ontology.Country {
			return r.Key, true
		}
	}
	return "", false
}

// counted reports a number or quantity word in the noun phrase ("six
// Iranian government officials").
func (d *Doc) counted(syn *syntax.Sentence, k int) bool {
	c := syn.Chunks[k]
	for i := c.Start; i < c.Head; i++ {
		if syn.Tokens[i].Tag == syntax.CD || d.lx.Is("number", syn.Tokens[i].Lower) {
			return true
		}
	}
	return false
}

// genericBody resolves a body every country has, named generically:
// "China's Foreign Ministry", "the Chinese Embassy", "the Foreign Ministry"
// (the country is the one last named). A gazetteer entry of that country
// with the generic name wins; else the body is named after its country.
func (d *Doc) genericBody(s *Sentence, k int, country string, hasCountry bool) (Ref, bool) {
	syn := s.Syn
	c := syn.Chunks[k]
	// the generic name: the words after determiners and the country marker
	st := c.Start
	for st < c.End && (syn.Tokens[st].Tag == syntax.DT || s.nameAt[st] >= 0 && s.Names[s.nameAt[st]].Type == ontology.Country) {
		st++
	}
	if st >= c.End {
		return Ref{}, false
	}
	var words []string
	for i := st; i < c.End; i++ {
		words = append(words, syn.Tokens[i].Lower)
	}
	gen := strings.Join(words, " ")
	if !d.lx.Is("generic", gen) {
		return Ref{}, false
	}
	if !hasCountry {
		if !syntax.IsCap(syn.Word(st)) || d.lastCountry == "" {
			return Ref{}, false
		}
		country = d.lastCountry
	}
	for _, key := range d.g.byCtry[country] {
		e := d.g.entries[key]
		for _, g := range e.Generic {
			if strings.EqualFold(g, gen) || strings.EqualFold(g, d.text[syn.Tokens[st].Start:syn.Tokens[c.End-1].End]) {
				return Ref{Key: key, Type: e.Type, Start: c.Start, End: c.End, Method: MethodPossessive, Conf: 0.85, Generic: true}, true
			}
		}
	}
	ce := d.g.entries[country]
	if ce == nil || !syntax.IsCap(syn.Word(st)) {
		return Ref{}, false
	}
	dem := ce.Name
	if len(ce.Demonyms) > 0 {
		dem = ce.Demonyms[0]
	}
	full := c.Start
	if c.Poss >= 0 {
		full = syn.Chunks[c.Poss].Start
	}
	name := dem + " " + d.text[syn.Tokens[st].Start:syn.Tokens[c.End-1].End]
	key := ontology.Key(ontology.Agency, name)
	e := d.entity(key, name, ontology.Agency, syn.Tokens[c.Start].Start)
	e.Country = country
	e.Confirmed = true
	e.AddAlias(d.text[syn.Tokens[st].Start:syn.Tokens[c.End-1].End])
	if hasCountry {
		e.AddAlias(d.text[syn.Tokens[full].Start:syn.Tokens[c.End-1].End])
	}
	s.Facts = append(s.Facts, Fact{Subject: key, Pred: ontology.PartOf, Object: country, Conf: 0.85})
	return Ref{Key: key, Type: ontology.Agency, Start: c.Start, End: c.End, Method: MethodPossessive, Conf: 0.8, Generic: true}, true
}
