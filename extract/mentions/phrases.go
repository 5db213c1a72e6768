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
	// plural holds the several referents of a plural description ("these
	// crimes" after three named attacks)
	plural map[int][]Ref
	// owner holds the referent of a possessive determiner ("its" in "its
	// targets")
	owner map[int]Ref
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

// eventModifier reports a name inside a noun phrase headed by an event
// noun, before the head: "Microsoft" in "the Microsoft incident".
func (d *Doc) eventModifier(s *Sentence, n Ref) bool {
	k := s.Syn.ChunkAt(n.Start)
	c := s.Syn.Chunks[k]
	if c.Kind != syntax.NP || n.End > c.Head || c.Head >= c.End {
		return false
	}
	_, ok := d.lx.Class("attack").Value(s.Syn.Tokens[c.Head].Lower)
	return ok
}

// Owner returns the referent of noun phrase k's possessor: its possessor
// phrase ("China's"), or the entity its possessive pronoun stands for
// ("its targets").
func (s *Sentence) Owner(k int) (Ref, bool) {
	if p := s.Syn.Chunks[k].Poss; p >= 0 {
		return s.Ref(p)
	}
	r, ok := s.owner[k]
	return r, ok
}

// Plural returns every referent of noun phrase k: several for a plural
// description that refers back to several entities, else the one of Ref.
func (s *Sentence) Plural(k int) []Ref {
	if rs, ok := s.plural[k]; ok {
		return rs
	}
	if r, ok := s.Ref(k); ok {
		return []Ref{r}
	}
	return nil
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
	s := &Sentence{Syn: syn, Names: names, np: make([]Ref, len(syn.Chunks)), nameAt: make([]int, len(syn.Tokens)), Facts: facts,
		plural: map[int][]Ref{}, owner: map[int]Ref{}}
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
		if t := syn.Tokens[c.Start]; t.Tag == syntax.PRP && c.Head > c.Start {
			switch t.Lower {
			case "its", "their", "his", "her":
				if r, ok := d.pronounRef(s, k, t.Lower); ok {
					s.owner[k] = d.nationalOwner(s, k, r)
				}
			}
		}
		if r, ok := d.phrase(s, k); ok {
			s.np[k] = r
			if r.Method != MethodGazetteer && r.Method != MethodNER && r.Method != MethodAcronym && r.Method != MethodTitle {
				d.record(syn.Tokens, r, "", false)
			}
		}
	}
	d.nameLater(s)
	d.fullName(s)
	d.followRenames(s)
	// names that stand only as the modifier of an event ("the Microsoft
	// incident") are kept only if a relation names them
	for _, n := range names {
		if !d.eventModifier(s, n) {
			d.strong[n.Key] = true
		}
	}
	// the subjects of the main clauses, for a pronoun in the next sentence
	// ("Prosecutors said the pair spent …. Their targets …": the subject
	// of what was said comes first)
	d.lastSubjects = d.lastSubjects[:0]
	for ci := range syn.Clauses {
		cl := &syn.Clauses[ci]
		if cl.Head < 0 || cl.Link != syntax.LinkComplement || !d.lx.Is("speech", syn.VG(&syn.Clauses[cl.Head]).Lemma) || syn.Clauses[cl.Head].Head >= 0 {
			continue
		}
		for _, k := range cl.Subj {
			if r := s.np[k]; r.Key != "" {
				d.lastSubjects = append(d.lastSubjects, r)
			}
		}
	}
	for ci := range syn.Clauses {
		cl := &syn.Clauses[ci]
		if cl.Head >= 0 || len(cl.Subj) == 0 {
			continue
		}
		for _, k := range cl.Subj {
			if r := s.np[k]; r.Key != "" {
				d.lastSubjects = append(d.lastSubjects, r)
			}
		}
	}
	d.personAge++
	for ci := range syn.Clauses {
		for _, k := range syn.Clauses[ci].Subj {
			if r := s.np[k]; r.Type == ontology.Person && d.ents[r.Key] != nil && !d.ents[r.Key].plural {
				d.personSubject, d.personAge = r, 0
			}
		}
	}
	// coreference memory in text order; a definite description brings its
	// referent back to mind, a pronoun does not
	for k := range syn.Chunks {
		if r := s.np[k]; r.Key != "" && (r.Method != MethodCoref || syn.Tokens[syn.Chunks[k].Head].Tag != syntax.PRP) {
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
			if n.Method == MethodNER && d.lx.Is("generic", strings.ToLower(d.text[syn.Tokens[n.Start].Start:syn.Tokens[n.End-1].End])) {
				// "its Foreign Ministry": a body every country has
				if owner, ok := s.owner[k]; ok && owner.Type == ontology.Country {
					if r, ok := d.genericBody(s, k, owner.Key, true); ok {
						return r, true
					}
				}
				if country, ok := s.countryOf(k); ok {
					if r, ok := d.genericBody(s, k, country, true); ok {
						return r, true
					}
				}
			}
			if n.Type == ontology.Sector && d.Counted(syn, k) {
				// "six Russian technology companies": a described group
				country, hasCountry := s.countryOf(k)
				if r, ok := d.described(s, k, country, hasCountry); ok {
					return r, true
				}
			}
			if r, ok := d.shortName(s, k); ok {
				return r, true
			}
			d.prefixedAlias(s, k, n)
			return n, true
		}
	}
	if r, ok := d.shortName(s, k); ok {
		return r, true
	}
	if w := syn.Tokens[c.Start].Lower; (w == "both" || w == "all") && k > 0 && syn.Chunks[k-1].Kind == syntax.Comma {
		return Ref{}, false // ", both U.S. citizens": says what the ones before are
	}
	if r, ok := d.knownAs(s, k); ok {
		return r, true
	}
	if r, ok := d.calledBy(s, k); ok {
		return r, true
	}
	if r, ok := d.apposed(s, k); ok {
		return r, true
	}
	if syn.Tokens[head].Tag == syntax.PRP {
		return d.pronoun(s, k)
	}
	if r, ok := d.officeBack(s, k); ok {
		return r, true
	}
	country, hasCountry := s.countryOf(k)
	text := d.npText(syn, k)
	if d.lx.Is("government", hw) && !hasCountry && !d.Counted(syn, k) {
		// "the Government of Finland": the country
		if prep, obj := ppAfter(syn, k); prep >= 0 && syn.Chunks[prep].Word == "of" {
			if r, ok := s.NameAt(syn.Chunks[obj].Head); ok && r.Type == ontology.Country && !r.Demonym {
				return Ref{Key: r.Key, Type: r.Type, Start: c.Start, End: c.End, Method: MethodCoref, Conf: 0.9}, true
			}
		}
	}
	if hasCountry && d.lx.Is("government", hw) && !d.Counted(syn, k) {
		// "the Chinese government", "the US side", "Iranian authorities"
		return Ref{Key: country, Type: ontology.Country, Start: c.Start, End: c.End, Method: MethodCoref, Conf: 0.9}, true
	}
	if r, ok := d.genericBody(s, k, country, hasCountry); ok {
		return r, true
	}
	if predicate(syn, k) {
		return Ref{}, false // "Guo is a German national": what the subject is, not another actor
	}
	if r, ok := d.ownedGroup(s, k); ok {
		return r, true
	}
	if d.lx.Is("agencyhead", hw) && syn.Tokens[head].Tag == syntax.NN {
		// "Russia's GRU secret service": the agency named inside
		var in []Ref
		for _, m := range s.Mods(k) {
			if m.Type == ontology.Agency {
				in = append(in, m)
			}
		}
		if len(in) == 1 {
			r := in[0]
			return Ref{Key: r.Key, Type: r.Type, Start: c.Start, End: c.End, Method: MethodCoref, Conf: 0.85}, true
		}
	}
	if r, ok := d.described(s, k, country, hasCountry); ok {
		return r, true
	}
	if r, ok := d.event(s, k); ok {
		return r, true
	}
	if rs := d.numberBack(s, k); len(rs) > 0 {
		s.plural[k] = rs
		return rs[0], true
	}
	if r, ok := d.definite(s, k, text); ok {
		return r, true
	}
	if rs := d.pluralBack(s, k); len(rs) > 0 {
		s.plural[k] = rs
		return rs[0], true
	}
	return Ref{}, false
}

// predicate reports a noun phrase that is a copula's predicate.
func predicate(syn *syntax.Sentence, k int) bool {
	for ci := range syn.Clauses {
		for _, p := range syn.Clauses[ci].Pred {
			if p == k {
				return true
			}
		}
	}
	return false
}

// calledBy resolves a description followed by a relative clause that names
// it: "the group it calls Nobelium", "a cluster Mandiant tracks as UNC2630".
func (d *Doc) calledBy(s *Sentence, k int) (Ref, bool) {
	syn := s.Syn
	for ci := range syn.Clauses {
		cl := &syn.Clauses[ci]
		if cl.Link != syntax.LinkRelative || len(cl.Gap) != 1 || cl.Gap[0] != k || !d.lx.NamingVerb(syn.VG(cl).Lemma) {
			continue
		}
		o := -1
		if len(cl.Obj) == 1 {
			o = cl.Obj[0]
		}
		for _, p := range cl.PPs {
			if p.Prep == "as" && len(p.NPs) > 0 && o < 0 {
				o = p.NPs[0]
			}
		}
		if o < 0 {
			return Ref{}, false
		}
		if r, ok := s.NameAt(syn.Chunks[o].Head); ok && !r.Demonym {
			c := syn.Chunks[k]
			return Ref{Key: r.Key, Type: r.Type, Start: c.Start, End: c.End, Method: MethodCoref, Conf: 0.85}, true
		}
	}
	return Ref{}, false
}

// knownAs resolves a description followed by the name it goes by: "a
// hacking team known as the Lazarus Group", "a group dubbed Salt Typhoon".
func (d *Doc) knownAs(s *Sentence, k int) (Ref, bool) {
	syn := s.Syn
	j := k + 1
	for j < len(syn.Chunks) && j < k+3 && (syn.Chunks[j].Kind == syntax.Comma || syn.Chunks[j].Kind == syntax.Quote) {
		j++
	}
	if j+1 >= len(syn.Chunks) || syn.Chunks[j].Kind != syntax.VG || !syn.Chunks[j].Verb.Participle {
		return Ref{}, false
	}
	if !d.lx.NamingVerb(syn.Chunks[j].Verb.Lemma) {
		return Ref{}, false
	}
	n := j + 1
	if syn.Chunks[n].Kind == syntax.Adv && n+1 < len(syn.Chunks) {
		n++ // "identified only as Jian G."
	}
	if syn.Chunks[n].Kind == syntax.Prep && syn.Chunks[n].Word == "as" && n+1 < len(syn.Chunks) {
		n++
	}
	if syn.Chunks[n].Kind == syntax.Quote && n+1 < len(syn.Chunks) {
		n++
	}
	if syn.Chunks[n].Kind != syntax.NP || syn.Chunks[n].Possessor {
		return Ref{}, false // "known as Putin's chef": a nickname, not Putin
	}
	r, ok := s.NameAt(syn.Chunks[n].Head)
	if !ok || r.Demonym {
		return Ref{}, false
	}
	c := syn.Chunks[k]
	if g := syn.GroupOf(n); g != nil && len(g.NPs) > 1 && syn.Tokens[c.Head].Tag == syntax.NNS {
		// "the hacker groups known as APT40 and APT31": each of them
		var rs []Ref
		for _, np := range g.NPs {
			if x, ok := s.NameAt(syn.Chunks[np].Head); ok && !x.Demonym {
				rs = append(rs, Ref{Key: x.Key, Type: x.Type, Start: c.Start, End: c.End, Method: MethodCoref, Conf: 0.85})
			}
		}
		if len(rs) > 1 {
			s.plural[k] = rs
		}
	}
	return Ref{Key: r.Key, Type: r.Type, Start: c.Start, End: c.End, Method: MethodCoref, Conf: 0.85}, true
}

// apposed resolves a description in apposition to a name to that name:
// "Jennifer Boone, an FBI special agent in charge", "a Kremlin-connected
// businessman, Yevgeny Prigozhin", "the head of IRGC-CEC — Hamid Reza
// Lashgarian —".
func (d *Doc) apposed(s *Sentence, k int) (Ref, bool) {
	appos, of := s.Syn.Appos(k)
	for _, o := range []int{appos, of} {
		if o < 0 || len(s.Syn.GroupOf(o).NPs) > 1 && o == appos {
			continue
		}
		if n, ok := s.NameAt(s.Syn.Chunks[o].Head); ok && !n.Demonym {
			c := s.Syn.Chunks[k]
			return Ref{Key: n.Key, Type: n.Type, Start: c.Start, End: c.End, Method: MethodCoref, Conf: 0.9}, true
		}
	}
	return Ref{}, false
}

// prefixedAlias records the name with the country before it as another
// name of the entity: "the U.S. Department of the Treasury", "China's
// Ministry of Foreign Affairs".
func (d *Doc) prefixedAlias(s *Sentence, k int, n Ref) {
	syn := s.Syn
	c := syn.Chunks[k]
	e := d.ents[n.Key]
	if e == nil || n.Type == ontology.Country || n.Type == ontology.Person {
		return
	}
	if n.Start > 0 {
		if m, ok := s.NameAt(n.Start - 1); ok && m.Type == ontology.Country && m.Start >= c.Start {
			e.AddAlias(d.text[syn.Tokens[m.Start].Start:syn.Tokens[n.End-1].End])
		}
	}
	if c.Poss >= 0 && n.Start == c.Start+detLen(syn, c) {
		if m, ok := s.NameAt(syn.Chunks[c.Poss].Head); ok && m.Type == ontology.Country {
			e.AddAlias(d.text[syn.Tokens[syn.Chunks[c.Poss].Start+detLen(syn, syn.Chunks[c.Poss])].Start:syn.Tokens[n.End-1].End])
		}
	}
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

// Counted reports a number or quantity word in the noun phrase ("six
// Iranian government officials").
func (d *Doc) Counted(syn *syntax.Sentence, k int) bool {
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
	for st < c.End && (syn.Tokens[st].Tag == syntax.DT || syn.Tokens[st].Tag == syntax.PRP ||
		s.nameAt[st] >= 0 && s.Names[s.nameAt[st]].Type == ontology.Country) {
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
	lexical := d.lx.Is("generic", gen)
	if !lexical && len(d.g.generic[gen]) == 0 {
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
				d.entity(key, e.Name, e.Type, syn.Tokens[c.Start].Start)
				return Ref{Key: key, Type: e.Type, Start: c.Start, End: c.End, Method: MethodPossessive, Conf: 0.85, Generic: true}, true
			}
		}
	}
	ce := d.g.entries[country]
	if ce == nil || !syntax.IsCap(syn.Word(st)) && !hasCountry || !lexical {
		// a generic name only the gazetteer knows ("North Korea's state-run
		// news agency") names no body for other countries
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
	if prep, obj := ppAfter(syn, k); prep >= 0 && syn.Chunks[prep].Word == "to" && embassy[syn.Tokens[c.Head].Lower] && s.named(obj) {
		// "Iran's mission to the United Nations": a mission is named with
		// the body or country it is accredited to
		name += " to " + d.text[syn.Tokens[syn.Chunks[obj].Start].Start:syn.Tokens[syn.Chunks[obj].End-1].End]
	}
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

// Sectors returns the sectors that noun phrase k names as victims, named
// with the text's own words: a plural common noun ("government agencies",
// "computer hardware makers"), the noun compound at the end of a list of
// modifiers ("federal, state and local government bodies" → "government
// bodies"), each modifier of a list of sectors ("the medical, legal and
// energy sectors"), or a gazetteer sector. A phrase with a name of its own,
// a person or a pronoun is no sector.
func (d *Doc) Sectors(s *Sentence, k int) []Ref {
	return d.sectors(s, k, false)
}

// ListedSectors is Sectors for a phrase in a list of victims ("their
// targets included high-tech manufacturing, business and gaming software
// and defense"): there a singular common noun names a sector too.
func (d *Doc) ListedSectors(s *Sentence, k int) []Ref {
	return d.sectors(s, k, true)
}

func (d *Doc) sectors(s *Sentence, k int, listed bool) []Ref {
	syn := s.Syn
	c := syn.Chunks[k]
	if r, ok := s.Ref(k); ok && r.Type != ontology.Sector {
		return nil
	}
	ht := syn.Tokens[c.Head]
	n, named := s.NameAt(c.Head)
	sectorHead := ht.Lower == "sectors" || ht.Lower == "industries" || ht.Lower == "sector" || ht.Lower == "industry"
	if named && n.Type != ontology.Sector || !named && ht.Tag != syntax.NNS && !sectorHead && !(listed && ht.Tag.IsNoun() && !syntax.IsCap(d.text[ht.Start:ht.End])) {
		return nil
	}
	if d.lx.Is("actor", ht.Lower) || d.lx.Is("polity", strings.TrimSuffix(ht.Lower, "s")) && !d.lx.Is("sectorpolity", ht.Lower) || ht.Lower == "countries" ||
		d.lx.Is("number", ht.Lower) || d.lx.Is("attack", ht.Lower) || d.lx.Is("genericvictim", ht.Lower) && c.Head == detEnd(syn, c) {
		return nil
	}
	st := detEnd(syn, c)
	for st < c.Head && (syn.Tokens[st].Tag == syntax.CD || d.lx.Is("number", syn.Tokens[st].Lower) ||
		syn.Tokens[st].Lower == "other" || syn.Tokens[st].Lower == "various" || syn.Tokens[st].Lower == "several") {
		st++
	}
	// a list of modifiers: the last comma or conjunction before the head
	list, commas := -1, 0
	for i := st; i < c.Head; i++ {
		if w := syn.Tokens[i].Lower; w == "," || syn.Tokens[i].Tag == syntax.CC {
			list = i
			if w == "," {
				commas++
			}
		}
	}
	mk := func(from, to int) Ref {
		name := d.text[syn.Tokens[from].Start:syn.Tokens[to-1].End]
		key := ontology.Key(ontology.Sector, name)
		d.entity(key, name, ontology.Sector, syn.Tokens[c.Start].Start)
		return Ref{Key: key, Type: ontology.Sector, Start: c.Start, End: c.End, Method: MethodDescribed, Conf: 0.8}
	}
	if sectorHead && commas > 0 {
		// "the medical, legal, telecommunications, finance and energy sectors"
		var out []Ref
		for i := st; i < c.Head; i++ {
			if t := syn.Tokens[i]; t.Lower != "," && t.Tag != syntax.CC {
				out = append(out, mk(i, i+1))
			}
		}
		return out
	}
	if segs := d.sectorSegments(syn, st, c.Head); sectorHead && commas == 0 && len(segs) > 0 {
		// "the energy and finance sectors", "energy sectors" closing a
		// list: the sectors the modifiers name
		var out []Ref
		for _, sg := range segs {
			out = append(out, mk(sg[0], sg[1]))
		}
		return out
	}
	if list >= 0 && commas > 0 {
		// "federal, state, local and tribal government bodies"
		st = c.Head
		for st > list+1 && syn.Tokens[st-1].Tag.IsNoun() {
			st--
		}
	}
	end := c.End
	if d.lx.Is("person", ht.Lower) {
		// "members of parliament": the "of" phrase names them
		if prep, obj := ppAfter(syn, k); prep >= 0 && syn.Chunks[prep].Word == "of" {
			end = syn.Chunks[obj].End
		}
	}
	if st >= end {
		return nil
	}
	return []Ref{mk(st, end)}
}

// ownedGroup resolves the people of a named group described by their part
// in it: "its affiliates", "the group's operators", "DarkSide's
// affiliates" is a group named "DarkSide affiliates" (the relation to the
// owner is the possessive's).
func (d *Doc) ownedGroup(s *Sentence, k int) (Ref, bool) {
	syn := s.Syn
	c := syn.Chunks[k]
	ht := syn.Tokens[c.Head]
	if ht.Tag != syntax.NNS || !d.lx.Is("hostile", ht.Lower) && ht.Lower != "members" {
		return Ref{}, false
	}
	o, ok := s.Owner(k)
	if !ok || o.Type != ontology.ThreatGroup && o.Type != ontology.Malware {
		return Ref{}, false
	}
	oe := d.ents[o.Key]
	if oe == nil {
		return Ref{}, false
	}
	name := oe.Name + " " + ht.Lower
	key := ontology.Key(ontology.ThreatGroup, name)
	e := d.entity(key, name, ontology.ThreatGroup, syn.Tokens[c.Start].Start)
	e.Described, e.plural = true, true
	return Ref{Key: key, Type: ontology.ThreatGroup, Start: c.Start, End: c.End, Method: MethodDescribed, Conf: 0.75}, true
}

// smallNumbers are the number words a bare number refers back with.
var smallNumbers = map[string]int{"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7}

// numberBack resolves a bare number that refers back to as many people
// named just before ("The indictment names A, B and C. Prosecutors said all
// three are members of …"): each of them.
func (d *Doc) numberBack(s *Sentence, k int) []Ref {
	syn := s.Syn
	c := syn.Chunks[k]
	hw := syn.Tokens[c.Head].Lower
	first := syn.Tokens[c.Start].Lower
	if c.End-c.Start != 2 || c.Head != c.End-1 || first != "all" && first != "the" && first != "both" || !d.lx.Is("number", hw) {
		return nil
	}
	n := smallNumbers[hw]
	if n == 0 {
		return nil
	}
	for sig := range d.sigs {
		if strings.HasPrefix(sig, "counted|"+hw+"|") {
			return nil // "five Chinese nationals" … "the five": the group described
		}
	}
	var out []Ref
	seen := map[string]bool{}
	for i := len(d.recent) - 1; i >= 0 && len(d.recent)-i <= 12 && len(out) < n; i-- {
		r := d.recent[i]
		if r.Type != ontology.Person || seen[r.Key] {
			continue
		}
		seen[r.Key] = true
		out = append(out, Ref{Key: r.Key, Type: r.Type, Start: c.Start, End: c.End, Method: MethodCoref, Conf: 0.7})
	}
	if len(out) != n {
		return nil
	}
	return out
}
