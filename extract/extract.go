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
		if !sents[i].caps && !sents[i].credit {
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
	cutSource(text, s)
	cutDateline(text, s)
	s.credit = isCredit(text, s)
}

// isCredit reports a byline or a credits line of a wire story ("By Jane Doe
// and John Roe", "Reporting by …; Editing by …"): the people named there
// wrote the story, they are not in it.
func isCredit(text string, s *sentence) bool {
	t := s.toks
	if len(t) >= 2 && t[0].lower == "by" && len(t) <= 14 {
		for _, x := range t[1:] {
			switch {
			case x.kind == tkWord && (isCap(x.text(text)) || x.lower == "and"):
			case x.kind == tkPunct && (x.lower == "," || x.lower == "." || x.lower == "|"):
			default:
				return false
			}
		}
		return true
	}
	if len(t) >= 2 && t[0].lower == "our" && t[1].lower == "standards" {
		return true // a wire service's footer
	}
	if len(t) <= 4 && len(t) >= 3 && t[0].lower == "for" && t[1].lower == "immediate" && t[2].lower == "release" {
		return true // a press release's header
	}
	for i := 0; i+1 < len(t); i++ {
		if t[i+1].lower != "by" {
			continue
		}
		switch t[i].lower {
		case "reporting", "editing", "writing", "compiled", "edited", "produced", "photographs", "graphics":
			if i == 0 || t[i-1].lower == ";" || t[i-1].lower == "additional" || t[i-1].lower == "(" {
				return true
			}
		}
	}
	return false
}

// cutDateline drops a wire dateline ("WASHINGTON (Reuters) —", "BRUSSELS —")
// from the start of a sentence: the place is where the story was filed, not
// an actor.
func cutDateline(text string, s *sentence) {
	i := 0
	for i < len(s.toks) && i < 6 && (s.toks[i].kind == tkWord && isAllCaps(s.toks[i].text(text)) || s.toks[i].lower == "," || s.toks[i].lower == ".") {
		i++
	}
	// "WASHINGTON, Oct 19 (Reuters) -": a date after the place
	if i > 0 && i+1 < len(s.toks) && s.toks[i-1].lower == "," && monthWords[strings.TrimSuffix(s.toks[i].lower, ".")] {
		i++
		for i < len(s.toks) && (s.toks[i].kind == tkNumber || s.toks[i].lower == ",") {
			i++
		}
	}
	if i == 0 || i >= len(s.toks) {
		return
	}
	j := i
	if s.toks[j].lower == "(" {
		for j < len(s.toks) && j < i+6 && s.toks[j].lower != ")" {
			j++
		}
		j++
	}
	if j < len(s.toks) && (s.toks[j].lower == "-" || s.toks[j].lower == "—" || s.toks[j].lower == "–" || s.toks[j].lower == ":") && j+1 < len(s.toks) {
		s.toks = s.toks[j+1:]
		s.start = s.toks[0].start
	}
}

// cutSource drops a trailing " - Source" (a headline's publication, 1 to 4
// capitalized words, before the end or a closing quote).
func cutSource(text string, s *sentence) {
	end := len(s.toks)
	for end > 0 && closers[s.toks[end-1].lower] {
		end--
	}
	{
		// "Headline - Source": drop the source when it is a short capitalized tail
		for i := end - 1; i > 0 && i >= end-5; i-- {
			t := s.toks[i]
			if t.kind == tkPunct && (t.lower == "-" || t.lower == "|" || t.lower == "–" || t.lower == "—") && i+1 < end {
				ok := true
				for _, u := range s.toks[i+1 : end] {
					if u.kind == tkWord && !isCap(u.text(text)) && !isDigitStart(u.lower) {
						ok = false
					}
				}
				if ok && i >= 3 {
					s.toks = s.toks[:i]
					s.end = s.toks[i-1].end
					if end < len(s.toks) {
						s.title = true
					}
				}
				break
			}
		}
	}
}

var monthWords = map[string]bool{"jan": true, "feb": true, "mar": true, "apr": true, "may": true, "jun": true,
	"jul": true, "aug": true, "sep": true, "sept": true, "oct": true, "nov": true, "dec": true, "january": true,
	"february": true, "march": true, "april": true, "june": true, "july": true, "august": true,
	"september": true, "october": true, "november": true, "december": true}

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
	// lastSubject is the subject of the last verb relation, for "it"
	lastSubject string
	// lastAccuser is the government or body that made the last accusation
	lastAccuser string
	// links: group key → the bodies the text links it to, hedged or not
	links map[string]map[string]bool
	// retyped: key of a name guessed from its form → key of what an
	// apposition or list says it is
	retyped map[string]string
}

// docEntity is an entity with its bookkeeping.
type docEntity struct {
	Entity
	aliasSet map[string]bool
	strong   bool // confirmed: a gazetteer/NER mention or part of a relation
	first    int  // byte offset of the first mention
	capsOnly bool
	// described actors: the entity they are affiliated with, and whether
	// the name was built from an affiliation phrase
	described bool
	affil     string
	template  bool
	loose     bool   // "affiliates of X": a vague description, open to merging
	nat       string // a described group's country
	inBody    bool   // mentioned outside headlines
}

func newDoc(g *Gazetteer, text string) *doc {
	return &doc{g: g, text: text, ents: map[string]*docEntity{}, local: map[string][]*pattern{},
		last: map[ontology.EntityType]string{}, relSeen: map[string]int{}, links: map[string]map[string]bool{},
		retyped: map[string]string{}}
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
	for _, k := range d.order {
		if nk, ok := d.retyped[k]; ok && d.ents[k] != nil && d.ents[nk] != nil {
			d.mergeInto(k, nk, "")
		}
	}
	d.mergeCounted()
	d.mergeDescribed()
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
		if de != nil && (de.strong || keep[k]) && !de.capsOnly {
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

// mergeDescribed merges a described actor affiliated with a country ("affiliates
// of the Chinese government") into the one described actor of the document
// affiliated with a body of that country ("hackers affiliated with China's
// MSS"), when both were named from an affiliation phrase: the same actors,
// first named loosely, then precisely.
func (d *doc) mergeDescribed() {
	// index once: template actors by the country of the body they are
	// affiliated with, named groups by their country
	byBodyCountry := map[string][]string{}
	named := map[string][]string{}
	for _, k := range d.order {
		e := d.ents[k]
		if e == nil || e.Type != ontology.ThreatGroup {
			continue
		}
		if e.template {
			if gb := d.g.lookup(e.affil); gb != nil && gb.Type != ontology.Country && gb.Country != "" {
				byBodyCountry[gb.Country] = append(byBodyCountry[gb.Country], k)
			}
		}
		if !e.described && e.strong {
			if gb := d.g.lookup(k); gb != nil && gb.Country != "" {
				named[gb.Country] = append(named[gb.Country], k)
			}
		}
	}
	for _, ka := range d.order {
		a := d.ents[ka]
		if a == nil || !a.template || a.affil == "" || !a.loose {
			continue
		}
		if ca := d.g.lookup(a.affil); ca == nil || ca.Type != ontology.Country {
			continue
		}
		if into := byBodyCountry[a.affil]; len(into) == 1 && into[0] != ka && d.ents[into[0]] != nil {
			d.mergeInto(ka, into[0], a.affil)
		}
	}
	// a described group acting for a body is the one named group that the
	// document links to that body ("hackers working for Russian
	// intelligence" … "APT29 operates as part of the Russian intelligence
	// services"); a group described by its country only stays apart
	for _, ka := range d.order {
		a := d.ents[ka]
		if a == nil || !a.described || a.Type != ontology.ThreatGroup || a.affil == "" {
			continue
		}
		if ge := d.g.lookup(a.affil); ge != nil && ge.Type == ontology.Country {
			// a headline's "Russian Hackers" is the one named group of
			// that country in the story, or the one group the story
			// describes the same way
			if a.inBody {
				continue
			}
			var same []string
			for _, kb := range d.order {
				b := d.ents[kb]
				if b != nil && kb != ka && b.described && b.inBody && b.Type == a.Type && b.affil == a.affil && lastWord(b.Name) == lastWord(a.Name) {
					same = append(same, kb)
				}
			}
			if len(same) == 1 {
				d.mergeInto(ka, same[0], "")
			} else if into := named[a.affil]; len(same) == 0 && len(into) == 1 && d.ents[into[0]] != nil {
				d.mergeInto(ka, into[0], "")
			}
			continue
		}
		var into []string
		for _, kb := range d.order {
			b := d.ents[kb]
			if b != nil && kb != ka && !b.described && b.Type == ontology.ThreatGroup && d.links[kb][a.affil] {
				into = append(into, kb)
			}
		}
		if len(into) == 1 {
			drop := ""
			for _, r := range d.rels {
				if r.Subject == into[0] && r.Object == a.affil {
					drop = a.affil // stated of the named group already
				}
			}
			d.mergeInto(ka, into[0], drop)
		}
	}
}

func lastWord(s string) string {
	f := strings.Fields(strings.ToLower(s))
	if len(f) == 0 {
		return ""
	}
	return f[len(f)-1]
}

// mergeCounted merges described groups of people named with the same count
// and country: "five Chinese nationals" … "the five Chinese defendants",
// "three North Korean hackers" … "three North Korean computer programmers".
func (d *doc) mergeCounted() {
	first := map[string]string{} // count|country → key
	for _, k := range d.order {
		e := d.ents[k]
		if e == nil || !e.described || e.Type != ontology.Person && e.Type != ontology.ThreatGroup {
			continue
		}
		w := strings.ToLower(strings.Fields(e.Name)[0])
		if !numberWords[w] {
			continue
		}
		country := e.nat
		if country == "" {
			country = e.affil
		}
		if country == "" {
			continue
		}
		id := w + "|" + country
		if f, ok := first[id]; ok && d.ents[f] != nil {
			d.mergeInto(k, f, "")
			continue
		}
		first[id] = k
	}
}

// mergeInto merges entity ka into kb: aliases, mentions and relations move;
// a relation of ka to drop (an implied affiliation or nationality) goes.
func (d *doc) mergeInto(ka, kb, drop string) {
	a, b := d.ents[ka], d.ents[kb]
	{
		for _, al := range append([]string{a.Name}, a.Aliases...) {
			b.addAlias(al)
		}
		if a.first < b.first {
			b.first = a.first
		}
		b.strong = b.strong || a.strong
		delete(d.ents, ka)
		for i := range d.ments {
			if d.ments[i].Entity == ka {
				d.ments[i].Entity = b.Key
			}
		}
		rels := d.rels[:0]
		seen := map[string]bool{}
		for _, r := range d.rels {
			if r.Subject == ka {
				r.Subject = b.Key
				if r.Object == drop && (r.Predicate == ontology.AffiliatedWith || r.Predicate == ontology.Nationality) {
					continue // implied by the precise affiliation
				}
			}
			if r.Object == ka {
				r.Object = b.Key
			}
			if r.About == ka {
				r.About = b.Key
			}
			id := r.Subject + "|" + string(r.Predicate) + "|" + r.Object + "|" + r.About + "|" + itoa(r.Start)
			if seen[id] || r.Subject == r.Object {
				continue
			}
			seen[id] = true
			rels = append(rels, r)
		}
		d.rels = rels
	}
}
