package mentions

import (
	"strings"

	"github.com/newsgraph/newsgraph/extract/syntax"
	"github.com/newsgraph/newsgraph/ontology"
)

// descPreps join a described actor's noun phrase to the phrase that is part
// of its description: "two members of the ransomware team", "three hacker
// groups from North Korea", "officers with China's national police".
var descPreps = map[string]bool{"of": true, "from": true, "with": true, "within": true}

// eventPreps join an event noun to its victim or place: "the attack on
// Acme Bank", "the theft of $20 million from a Manila bank".
var eventPreps = map[string]bool{"on": true, "against": true, "of": true, "from": true, "at": true, "into": true, "in": true, "targeting": true}

// ppAfter returns the preposition chunk and the object noun phrase right
// after chunk k, or -1s.
func ppAfter(syn *syntax.Sentence, k int) (prep, obj int) {
	j := k + 1
	if j+1 < len(syn.Chunks) && syn.Chunks[j].Kind == syntax.Prep && syn.Chunks[j+1].Kind == syntax.NP {
		obj = j + 1
		// past a possessor: "with Iran's intelligence ministry"
		for obj+1 < len(syn.Chunks) && syn.Chunks[obj].Possessor && syn.Chunks[obj+1].Kind == syntax.NP {
			obj++
		}
		return j, obj
	}
	return -1, -1
}

// described resolves a described actor: a noun phrase headed by a word for
// people, hackers or a government body, with a number, a country, a
// sponsor or a describing prepositional phrase ("four Chinese nationals",
// "MSS-affiliated hackers", "two members of the ransomware team", "US
// prosecutors", "a Chinese national"). A phrase with none of these ("the
// hackers") is left to coreference.
func (d *Doc) described(s *Sentence, k int, country string, hasCountry bool) (Ref, bool) {
	syn := s.Syn
	c := syn.Chunks[k]
	ht := syn.Tokens[c.Head]
	hw := ht.Lower
	_, actor := d.lx.Class("actor").Value(hw)
	_, person := d.lx.Class("person").Value(hw)
	_, agency := d.lx.Class("agencyhead").Value(hw)
	if n, ok := s.NameAt(c.Head); ok && n.Demonym && d.Counted(syn, k) && strings.HasSuffix(hw, "s") {
		// "four Iranians", "two Russians": people of that country
		actor, hasCountry, country = true, true, n.Key
	}
	org := d.lx.Is("orghead", hw)
	if !actor && !person && !agency && !org || glued(s, k) {
		return Ref{}, false
	}
	plural := ht.Tag == syntax.NNS || ht.Tag == syntax.NNPS || strings.HasSuffix(hw, "s") && !strings.HasSuffix(hw, "ss")
	if plural && (person && !actor || org) && d.Counted(syn, k) && s.namedMembers(k) || plural && d.lx.Is("bystander", hw) ||
		d.companyStaff(s, k, hw) {
		// "two men, Olek Varga and Piet Roos": those named; "ten Russian diplomats":
		// bystanders; "Google's threat intelligence team": the company's people
		return Ref{}, false
	}
	counted := d.Counted(syn, k)
	sponsor := d.sponsored(s, k)
	prep, obj := ppAfter(syn, k)
	if d.owned(s, k, hw, prep, obj, plural, hasCountry) {
		return Ref{}, false
	}
	withPP, ok := d.describingPP(s, k, prep, obj, counted, hasCountry, actor)
	if !ok {
		return Ref{}, false
	}
	if prep >= 0 && syn.Chunks[prep].Word == "for" && d.lx.Is("role", hw) && s.named(obj) {
		withPP = true // "a spokesperson for NSO Group"
	}
	vague := d.vaguelyCounted(syn, k)
	if agency && plural && (!counted || vague) && s.bodiesOf(k) {
		return Ref{}, false // "U.S. government agencies": a country's bodies at large, victims more often than actors
	}
	if withPP && person && !actor && plural && (!counted || vague) && !hasCountry {
		// "members of APT10" are a described group; "members of the
		// Eduskunta", "employees of the Defense Department" are people of
		// a body (victims, sectors), not an actor of the story; "numerous
		// members of parliament" are no group either
		if r, ok := s.NameAt(syn.Chunks[obj].Head); !ok || r.Type != ontology.ThreatGroup {
			if vague {
				return Ref{}, false
			}
			withPP = false
		}
	}
	affil := d.affiliationAfter(syn, k)
	coord := d.coordinatedNoun(s, k)
	if org && !hasCountry && prep >= 0 && syn.Chunks[prep].Word == "in" {
		// "six companies in Freedonia's technology sector": a country's
		// industry; "companies in Freedonia" are more often its victims
		if obj-1 > prep && syn.Chunks[obj-1].Possessor {
			if r, ok := s.NameAt(syn.Chunks[obj-1].Head); ok && r.Type == ontology.Country && !r.Seat {
				hasCountry, country = true, r.Key
			}
		}
	}
	if org && !(counted && (hasCountry || withPP || affil || coord >= 0)) {
		return Ref{}, false // "companies in the energy sector": victims, a sector
	}
	modified := d.lx.Is("hostile", hw) && d.modified(syn, k)
	foreign := agency && plural && d.foreignMod(syn, k)
	if !counted && !hasCountry && !sponsor && !withPP && !affil && !modified && !foreign {
		return Ref{}, false
	}
	_, role := d.lx.Class("role").Value(hw)
	bare := agency && hasCountry && !counted && detEnd(syn, c) == c.Start // "U.S. law enforcement"
	if !plural && !counted && !d.demonymMod(s, k) && !(hasCountry && person && syn.Tokens[detEnd(syn, c)].Tag.IsAdj()) && !sponsor && !(role && withPP) && !(agency && withPP) && !bare {
		return Ref{}, false // "a member of a hacking team", "an administration official": a description
	}
	if plural && !counted && syn.Tokens[c.Start].Lower == "the" {
		if r, ok := d.groupBefore(c); ok {
			return r, true
		}
	}
	if plural && person && !actor && !counted && !sponsor && !withPP && !agency {
		return Ref{}, false // "Chinese opposition figures", "Iranian people": not an actor of the story
	}
	if agency && !actor && !person && !hasCountry && !withPP && !foreign {
		return Ref{}, false
	}
	t := describedType(org, agency, counted, actor, plural, person)
	if r, ok := s.describedBefore(k); ok && t == ontology.Person && !plural {
		return r, true
	}
	name, t := d.describedName(s, k, t, coord, withPP, obj, affil, hasCountry)
	key := ontology.Key(t, name)
	if counted && !hasCountry && t == ontology.ThreatGroup && syn.Tokens[c.Start].Lower == "the" {
		// "two Russian men" … "the two men": the group counted before
		if best := d.countedBefore(firstNumber(syn, k), t); best != "" {
			return Ref{Key: best, Type: t, Start: c.Start, End: c.End, Method: MethodCoref, Conf: 0.8}, true
		}
	}
	if counted && hasCountry && t == ontology.ThreatGroup {
		// "two Russian nationals" … "the two Russian suspects": one group
		sig := "counted|" + firstNumber(syn, k) + "|" + country
		if prev, ok := d.sigs[sig]; ok && d.ents[prev] != nil {
			key = prev
		} else {
			d.sigs[sig] = key
		}
	}
	if r, ok := d.namedSince(key, c); ok {
		return r, true
	}
	e := d.entity(key, name, t, syn.Tokens[c.Start].Start)
	e.Described = true
	e.Confirmed = e.Confirmed || counted && (hasCountry || withPP || affil) || sponsor || foreign || modified && plural && d.crimeKind(syn, k)
	e.plural = plural
	if hasCountry && e.Country == "" {
		e.Country = country
	}
	return Ref{Key: key, Type: t, Start: c.Start, End: c.End, Method: MethodDescribed, Conf: 0.8}, true
}

// describedType is the type of a described actor by its head noun: a
// counted group of companies is an ORGANIZATION, a body without number an
// AGENCY, people in the plural and hostile actors a THREAT_GROUP, one
// person a PERSON.
func describedType(org, agency, counted, actor, plural, person bool) ontology.EntityType {
	switch {
	case org:
		return ontology.Organization
	case agency && !counted && !actor:
		return ontology.Agency
	case plural || actor && !person:
		return ontology.ThreatGroup
	}
	return ontology.Person
}

// groupBefore resolves "the members of the IRGC-CEC", "the officials" to
// the group described before.
func (d *Doc) groupBefore(c syntax.Chunk) (Ref, bool) {
	for i := len(d.recent) - 1; i >= 0 && len(d.recent)-i <= 24; i-- {
		r := d.recent[i]
		if e := d.ents[r.Key]; e != nil && e.Described && e.plural && r.Type == ontology.ThreatGroup {
			return Ref{Key: r.Key, Type: r.Type, Start: c.Start, End: c.End, Method: MethodCoref, Conf: 0.7}, true
		}
	}
	return Ref{}, false
}

// describedName is the name of the actor that noun phrase k describes
// (its type t may change with a coordinated noun): the phrase without its
// determiners, with its describing prepositional phrase ("members of
// APT10"), its coordinated noun ("eight individuals and entities") or its
// participle of affiliation ("hackers affiliated with China's MSS").
func (d *Doc) describedName(s *Sentence, k int, t ontology.EntityType, coord int, withPP bool, obj int, affil, hasCountry bool) (string, ontology.EntityType) {
	syn := s.Syn
	c := syn.Chunks[k]
	end := c.End
	if coord >= 0 && !withPP {
		end = syn.Chunks[coord].End // "eight individuals and entities"
		if t == ontology.Organization && d.lx.Is("person", syn.Tokens[syn.Chunks[coord].Head].Lower) {
			t = ontology.ThreatGroup // "32 entities and individuals"
		}
	}
	if withPP {
		end = syn.Chunks[obj].End
	}
	if affil && !withPP && !hasCountry && syn.Chunks[k+1].Kind == syntax.Prep && k+2 < len(syn.Chunks) && syn.Chunks[k+2].Kind == syntax.NP {
		end = syn.Chunks[syn.GroupOf(k + 2).NPs[len(syn.GroupOf(k+2).NPs)-1]].End // "actors operating out of China"
	} else if affil && !withPP && !hasCountry {
		// "hackers affiliated with China's Ministry of State Security"
		if cl := syn.ClauseOf(k + 1); cl != nil && cl.End > k+1 {
			last := cl.End
			// "people suspected of spying for China": through the gerund
			for g := range syn.Clauses {
				if gc := &syn.Clauses[g]; gc.Head >= 0 && &syn.Clauses[gc.Head] == cl && gc.Link == syntax.LinkComplement && gc.Verb >= last && gc.Verb <= last+1 {
					last = gc.End
				}
			}
			if last-k <= 6 {
				end = syn.Chunks[last-1].End
			}
		}
	}
	st := c.Start
	for st < c.Head && (syn.Tokens[st].Tag == syntax.DT || syn.Tokens[st].Tag == syntax.PDT ||
		syn.Tokens[st].Tag == syntax.PRP || syn.Tokens[st].Tag == syntax.IN || syn.Tokens[st].Tag == syntax.RB && syn.Tokens[st+1].Tag == syntax.CD) {
		st++
	}
	name := d.text[syn.Tokens[st].Start:syn.Tokens[end-1].End]
	return name, t
}

// countedBefore returns the latest group of type t counted with number
// word n ("two") before, or "" (the map's order must not matter).
func (d *Doc) countedBefore(n string, t ontology.EntityType) string {
	prefix := "counted|" + n + "|"
	best := ""
	for sig, prev := range d.sigs {
		e := d.ents[prev]
		if strings.HasPrefix(sig, prefix) && e != nil && e.Type == t && (best == "" || e.First > d.ents[best].First) {
			best = prev
		}
	}
	return best
}

// describingPP reports whether the prepositional phrase after noun phrase
// k (preposition chunk prep, object obj, or -1) is part of the description
// of a described actor: "two members of the ransomware team", "three
// hacker groups from North Korea", "agents with Iran's intelligence
// ministry", "police from eight countries". ok is false when the phrase
// makes k no actor at all ("the agencies of the Nordic countries - Norway,
// Sweden, …" stand for the countries listed).
func (d *Doc) describingPP(s *Sentence, k, prep, obj int, counted, hasCountry, actor bool) (withPP, ok bool) {
	syn := s.Syn
	if prep < 0 {
		return false, true
	}
	if a, _ := syn.Appos(obj); a >= 0 && len(syn.GroupOf(a).NPs) > 1 {
		return false, false
	}
	if !descPreps[syn.Chunks[prep].Word] {
		return false, true
	}
	w := syn.Chunks[prep].Word
	oh := syn.Tokens[syn.Chunks[obj].Head].Lower
	switch {
	case s.named(obj) || d.lx.Is("actor", oh):
		return true, true
	case obj > prep+1 && syn.Chunks[obj-1].Possessor && s.named(obj-1):
		return true, true // "agents with Iran's intelligence ministry"
	case w == "with" && counted && d.demonymMod(s, obj):
		return true, true // "two networks with Russian links"
	case w == "of" && (counted || hasCountry):
		return true, true // "two members of the ransomware team"
	case w == "of" && actor && d.lx.Is("government", oh) && len(s.Mods(obj)) > 0:
		return true, true // "affiliates of Chinese government"
	case (w == "from" || w == "of") && d.Counted(syn, obj) && d.lx.Is("polity", nounLemmaM(oh)):
		return true, true // "authorities from 10 different countries"
	}
	return false, true
}

// plural reports a plural common noun.
func plural(t syntax.Token) bool {
	return t.Tag == syntax.NNS || t.Tag == syntax.NNPS
}

// namedMembers reports a coordination of two or more names in apposition
// to noun phrase k: "two other men, Olek Varga and Piet Roos".
func (s *Sentence) namedMembers(k int) bool {
	a, _ := s.Syn.Appos(k)
	g := s.Syn.GroupOf(a)
	if a < 0 || g == nil || len(g.NPs) < 2 {
		return false
	}
	for _, np := range g.NPs {
		if !s.named(np) {
			return false
		}
	}
	return true
}

// possessorName returns the name of noun phrase k's possessor
// ("Colonial Pipeline's networks"), which may stand after phrases not yet
// resolved.
func (s *Sentence) possessorName(k int) (Ref, bool) {
	if p := s.Syn.Chunks[k].Poss; p >= 0 {
		if r, ok := s.NameAt(s.Syn.Chunks[p].Head); ok && !r.Demonym {
			return r, true
		}
	}
	return Ref{}, false
}

// named reports a noun phrase headed by a name that is not a demonym.
func (s *Sentence) named(k int) bool {
	r, ok := s.NameAt(s.Syn.Chunks[k].Head)
	return ok && !r.Demonym
}

// nounLemmaM returns the singular of a lower-case plural noun.
func nounLemmaM(w string) string {
	switch {
	case strings.HasSuffix(w, "ies") && len(w) > 4:
		return w[:len(w)-3] + "y"
	case strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss") && len(w) > 3:
		return w[:len(w)-1]
	}
	return w
}

// affiliationAfter reports a participle of affiliation right after noun
// phrase k: "hackers affiliated with …", "actors working for …", "groups
// linked to …".
func (d *Doc) affiliationAfter(syn *syntax.Sentence, k int) bool {
	j := k + 1
	if j < len(syn.Chunks) && syn.Chunks[j].Kind == syntax.Prep {
		// "actors operating out of China": a participle inside a
		// preposition of several words
		if w, _, _ := strings.Cut(syn.Chunks[j].Word, " "); strings.HasSuffix(w, "ing") && len(w) > 5 {
			stem := w[:len(w)-3]
			return d.lx.Is("affilverb", stem) || d.lx.Is("affilverb", stem+"e")
		}
		return false
	}
	if j >= len(syn.Chunks) || syn.Chunks[j].Kind != syntax.VG {
		return false
	}
	vg := syn.Chunks[j].Verb
	if !vg.Participle && !vg.Gerund {
		return false
	}
	return d.lx.Is("affilverb", vg.Lemma)
}

// modified reports a modifier before the head of noun phrase k ("criminal
// contract hackers", "malicious cyber actors"), not just a determiner.
func (d *Doc) modified(syn *syntax.Sentence, k int) bool {
	c := syn.Chunks[k]
	for i := c.Start; i < c.Head; i++ {
		switch syn.Tokens[i].Lower {
		case "other", "such", "many", "several", "some", "certain", "various", "more", "most", "same", "all", "these", "those":
			continue
		}
		if t := syn.Tokens[i].Tag; t.IsAdj() || t.IsNoun() {
			return true
		}
	}
	return false
}

// demonymMod reports a demonym among the modifiers of noun phrase k ("a
// Chinese national", not "a Biden administration official").
func (d *Doc) demonymMod(s *Sentence, k int) bool {
	for _, m := range s.Mods(k) {
		if m.Demonym {
			return true
		}
	}
	return false
}

// glued reports a noun phrase that is two phrases run together, as a
// headline's verb read as a plural noun makes them: "Commerce Department
// blacklists four groups" has a name and a plural noun before its number,
// "U.S. Orders Agencies" a name and two plural nouns.
func glued(s *Sentence, k int) bool {
	syn := s.Syn
	c := syn.Chunks[k]
	name := false
	for i := c.Start; i < c.Head; i++ {
		t := syn.Tokens[i]
		if _, ok := s.NameAt(i); ok {
			name = true
			continue
		}
		if t.Tag == syntax.NNS && name && i+1 < c.Head && syn.Tokens[i+1].Tag == syntax.CD {
			return true
		}
		if t.Tag == syntax.NNS && name && i+1 == c.Head && plural(syn.Tokens[c.Head]) && !strings.HasSuffix(t.Lower, "ss") {
			return true // "U.S. Orders Agencies to …": a headline's verb between the name and the head
		}
	}
	return false
}

// coordinatedNoun returns the chunk of a bare plural noun coordinated with
// noun phrase k that describes the same counted group ("eight individuals
// and entities", "32 entities and individuals"), or -1.
func (d *Doc) coordinatedNoun(s *Sentence, k int) int {
	syn := s.Syn
	c := syn.Chunks[k]
	if c.End+1 >= len(syn.Tokens) || syn.Tokens[c.End].Lower != "and" {
		return -1
	}
	for j := k + 1; j < len(syn.Chunks) && syn.Chunks[j].Start <= c.End+1; j++ {
		cj := syn.Chunks[j]
		if cj.Start != c.End+1 || cj.Head != cj.Start || cj.End != cj.Head+1 {
			continue
		}
		w := syn.Tokens[cj.Head].Lower
		if syn.Tokens[cj.Head].Tag == syntax.NNS && (d.lx.Is("person", w) || d.lx.Is("orghead", w)) {
			if _, named := s.NameAt(cj.Head); !named {
				return j
			}
		}
	}
	return -1
}

// bodiesOf reports a plural phrase that names a country's bodies at large,
// with nothing but the country or "government" before the head: "U.S.
// agencies", "several U.S. government agencies" (not "Russian intelligence
// agencies").
func (s *Sentence) bodiesOf(k int) bool {
	syn := s.Syn
	c := syn.Chunks[k]
	if syn.Tokens[c.Head].Lower != "agencies" || c.Head == c.Start {
		return false
	}
	prev := c.Head - 1
	if syn.Tokens[prev].Lower == "government" || syn.Tokens[prev].Lower == "federal" {
		prev--
	}
	if prev < c.Start {
		return false
	}
	r, ok := s.NameAt(prev)
	return ok && r.Type == ontology.Country
}

// describedBefore resolves a bare description of one person that is
// coordinated with another description ending in the person's name: "the
// killing of Canadian citizen and activist Ana Ruiz" describes Ana Ruiz
// twice, it names no second person.
func (s *Sentence) describedBefore(k int) (Ref, bool) {
	syn := s.Syn
	c := syn.Chunks[k]
	if detEnd(syn, c) != c.Start || c.End+1 >= len(syn.Tokens) || syn.Tokens[c.End].Lower != "and" {
		return Ref{}, false
	}
	for j := k + 1; j < len(syn.Chunks) && syn.Chunks[j].Start <= c.End+1; j++ {
		if syn.Chunks[j].Start != c.End+1 {
			continue
		}
		if r, ok := s.NameAt(syn.Chunks[j].Head); ok && r.Type == ontology.Person && r.End == syn.Chunks[j].End {
			return Ref{Key: r.Key, Type: r.Type, Start: c.Start, End: c.End, Method: MethodCoref, Conf: 0.7}, true
		}
	}
	return Ref{}, false
}

// vaguelyCounted reports a noun phrase counted by a vague quantity word
// only ("numerous members", "several other officials").
func (d *Doc) vaguelyCounted(syn *syntax.Sentence, k int) bool {
	c := syn.Chunks[k]
	for i := c.Start; i < c.Head; i++ {
		if w := syn.Tokens[i].Lower; d.lx.Is("vague", w) {
			return true
		} else if syn.Tokens[i].Tag == syntax.CD || d.lx.Is("number", w) {
			return false
		}
	}
	return false
}

// foreignMod reports a modifier that marks the bodies of noun phrase k as
// another state's: "foreign spy agencies".
func (d *Doc) foreignMod(syn *syntax.Sentence, k int) bool {
	return d.ModifierIs(syn, k, "foreigncue")
}

// firstNumber returns the first number word of noun phrase k.
func firstNumber(syn *syntax.Sentence, k int) string {
	c := syn.Chunks[k]
	for i := c.Start; i < c.Head; i++ {
		if syn.Tokens[i].Tag == syntax.CD {
			return syn.Tokens[i].Lower
		}
	}
	return ""
}

// sponsored reports a sponsor cue inside noun phrase k: "state-sponsored",
// "MSS-affiliated", "Kremlin-connected", "government-backed".
func (d *Doc) sponsored(s *Sentence, k int) bool {
	_, ok := d.Sponsor(s, k)
	return ok || d.stateCue(s.Syn, k)
}

func (d *Doc) stateCue(syn *syntax.Sentence, k int) bool {
	return d.ModifierIs(syn, k, "statecue")
}

// ModifierIs reports a word of the lexicon's class before the head of
// noun phrase k ("foreign spy agencies", "state-sponsored actors", "a joint
// advisory").
func (d *Doc) ModifierIs(syn *syntax.Sentence, k int, class string) bool {
	c := syn.Chunks[k]
	for i := c.Start; i < c.Head; i++ {
		if d.lx.Is(class, syn.Tokens[i].Lower) {
			return true
		}
	}
	return false
}

// Sponsor returns the entity a hyphenated modifier of noun phrase k names
// as sponsor ("MSS-affiliated hackers" → the MSS, "China-linked group" →
// China, "Kremlin-connected businessman" → Russia).
func (d *Doc) Sponsor(s *Sentence, k int) (string, bool) {
	syn := s.Syn
	c := syn.Chunks[k]
	for i := c.Start; i < c.Head; i++ {
		w := syn.Word(i)
		dash := strings.LastIndexByte(w, '-')
		if dash <= 0 {
			continue
		}
		if !d.lx.Is("affix", strings.ToLower(w[dash+1:])) {
			continue
		}
		if key, ok := d.LookupName(w[:dash]); ok {
			return key, true
		}
		// "Russian government-backed": the country before the affix word
		if cty, ok := s.countryOf(k); ok {
			return cty, true
		}
	}
	return "", false
}

// LookupName resolves a name written on its own (the first part of a
// hyphenated word) through the gazetteer and the document's names.
func (d *Doc) LookupName(name string) (string, bool) {
	toks := syntax.Tokenize(name)
	if len(toks) == 0 {
		return "", false
	}
	words := make([]string, len(toks))
	for i, t := range toks {
		words[i] = syntax.LowerNorm(t.Text(name))
	}
	same := func(p *pattern) bool {
		if len(p.toks) != len(words) {
			return false
		}
		for i, w := range words {
			if p.toks[i] != w {
				return false
			}
		}
		return true
	}
	for _, p := range d.local[words[0]] {
		if same(p) {
			return p.key, true
		}
	}
	for _, p := range d.g.index[words[0]] {
		if same(p) {
			return p.key, true
		}
	}
	return "", false
}

// event resolves a noun phrase that names an event: an event noun with a
// name before it ("the SolarWinds hack", "the OPM breach"), a year ("the
// 2014 attack") or a victim after it ("the attack on Sony Pictures"). The
// event is named with the text's own words; a gazetteer event of the same
// victim or product is the same event.
func (d *Doc) event(s *Sentence, k int) (Ref, bool) {
	syn := s.Syn
	c := syn.Chunks[k]
	hw := syn.Tokens[c.Head].Lower
	if _, ok := d.lx.Class("attack").Value(hw); !ok {
		return Ref{}, false
	}
	if r, ok := d.techniqueAttack(s, k); ok {
		return r, true
	}
	var about []string
	named := false
	for _, m := range s.Mods(k) {
		if m.Type == ontology.Event && m.End == c.Head {
			// "the 2016 U.S. election campaign", "the NotPetya attack
			// wave": an event named before the event noun is that event
			d.strong[m.Key] = true
			return Ref{Key: m.Key, Type: ontology.Event, Start: c.Start, End: c.End, Method: MethodCoref, Conf: 0.8}, true
		}
		if m.Demonym {
			continue
		}
		about = append(about, m.Key)
		// "spear-phishing email attacks can cause damage": a technique
		// before a bare plural names a kind of attack, not an event
		if m.Type != ontology.AttackPattern || syn.Tokens[c.Start].Tag == syntax.DT || syn.Tokens[c.Head].Tag != syntax.NNS {
			named = true
		}
	}
	for i := c.Start; i < c.Head; i++ {
		if t := syn.Tokens[i]; t.Tag == syntax.CD && len(t.Lower) == 4 && (t.Lower[0] == '1' || t.Lower[0] == '2') {
			named = true // a year
		}
		if w := syn.Tokens[i].Lower; d.lx.Is("statecue", w) || strings.HasPrefix(w, "state-") {
			named = true // "state-affiliated disinformation operations"
		}
	}
	end := c.End
	at := k
	victim := [2]int{-1, -1} // a person's name after a description: "of exiled activist Ana Ruiz"
	for n := 0; n < 2; n++ {
		prep, obj := ppAfter(syn, at)
		if prep < 0 || !eventPreps[syn.Chunks[prep].Word] {
			break
		}
		if first := syn.Tokens[detEnd(syn, syn.Chunks[obj])].Lower; d.lx.Is("timenoun", first) || monthLike(first) {
			break // "the attack on Friday": when, not whom
		}
		if r, ok := s.NameAt(syn.Chunks[obj].Head); ok {
			about = append(about, r.Key)
			named = true
			end = syn.Chunks[obj].End
			if r.Type == ontology.Person && n == 0 && r.Start > detEnd(syn, syn.Chunks[obj]) && r.End == end {
				victim = [2]int{syn.Chunks[prep].End, r.Start}
			}
		} else if r, ok := s.possessorName(obj); ok && syn.Chunks[prep].Word == "of" {
			// "the compromise of Colonial Pipeline's networks"
			about = append(about, r.Key)
			named = true
			end = syn.Chunks[obj].End
		} else if d.lx.Is("actor", syn.Tokens[syn.Chunks[obj].Head].Lower) || d.lx.Is("person", syn.Tokens[syn.Chunks[obj].Head].Lower) {
			break // "blames the hack on affiliates of …": the PP is the blame's, not the event's
		} else if syn.Tokens[syn.Chunks[obj].Head].Tag != syntax.PRP && (syn.Chunks[prep].Word != "in" || named) && (!named || syn.Chunks[prep].Word == "of") {
			end = syn.Chunks[obj].End // "attacks on water facilities", "the theft of $81 million from …"
		} else {
			break
		}
		at = obj
	}
	if at != k && end+1 < len(syn.Tokens) && syn.Tokens[end].Lower == "and" {
		// "the poisoning of Ivan and Olga Petrov": the victims named together
		if r, ok := s.NameAt(end + 1); ok && r.Type == ontology.Person && r.Start == end+1 {
			about = append(about, r.Key)
			end = r.End
		}
	}
	if c.Poss >= 0 {
		if r, ok := s.NameAt(syn.Chunks[c.Poss].Head); ok {
			about = append(about, r.Key)
			named = true
		}
	}
	if !named && (end == c.End || bareNP(syn, k) && !headlineLike(syn)) {
		// "cyber-enabled theft of intellectual property", "attacks on
		// banks": a kind of act; a headline drops its articles
		return Ref{}, false
	}
	// a gazetteer event of one of the names
	for _, a := range about {
		if evs := d.g.events[a]; len(evs) == 1 {
			if ge := d.g.entries[evs[0]]; ge != nil {
				e := d.entity(ge.Key, ge.Name, ge.Type, syn.Tokens[c.Start].Start)
				e.AddAlias(d.text[syn.Tokens[detEnd(syn, c)].Start:syn.Tokens[end-1].End])
				return Ref{Key: ge.Key, Type: ontology.Event, Start: c.Start, End: c.End, Method: MethodDescribed, Conf: 0.85}, true
			}
		}
	}
	st := detEnd(syn, c)
	for st < c.Head && syn.Tokens[st].Tag.IsAdj() && !syntax.IsCap(syn.Word(st)) && s.nameAt[st] < 0 &&
		!strings.HasPrefix(syn.Tokens[st].Lower, "state-") && !d.lx.Is("statecue", syn.Tokens[st].Lower) {
		st++ // "the massive OPM breach": evaluative adjectives are not the event's name
	}
	if c.Poss >= 0 && !d.lx.Is("timenoun", syn.Tokens[syn.Chunks[c.Poss].Head].Lower) {
		st = syn.Chunks[c.Poss].Start // "Russia's 2016 hack", not "this month's hack of X"
	}
	for x := st + 1; x+1 < end; x++ {
		if d.lx.Is("timenoun", syn.Tokens[x+1].Lower) && (syn.Tokens[x].Tag == syntax.JJ || syn.Tokens[x].Tag == syntax.DT) && x > c.Head {
			end = x // "the operation against the Finnish parliament last year"
			break
		}
	}
	name := eventName(d.text, syn, st, end, victim)
	key := ontology.Key(ontology.Event, name)
	e := d.entity(key, name, ontology.Event, syn.Tokens[c.Start].Start)
	e.Described = true
	e.Confirmed = e.Confirmed || named && (end > c.End || len(s.Mods(k)) > 0 || c.Poss < 0)
	return Ref{Key: key, Type: ontology.Event, Start: c.Start, End: c.End, Method: MethodDescribed, Conf: 0.8}, true
}

// eventName writes the name of an event from tokens [st, end) of the
// text, without quotation marks ("the \"attempted assassination\" of …")
// and without the description of a victim named after it: "the killing of
// exiled activist Ana Ruiz" is the "killing of Ana Ruiz". victim holds the
// end of the preposition and the start of the person's name, or -1s.
func eventName(text string, syn *syntax.Sentence, st, end int, victim [2]int) string {
	var b strings.Builder
	prev := -1 // the end of the last token written
	for i := st; i < end; i++ {
		if victim[0] >= 0 && i >= victim[0] && i < victim[1] {
			continue
		}
		t := syn.Tokens[i]
		w := text[t.Start:t.End]
		if strings.Trim(w, "\"“”") == "" {
			continue
		}
		if prev >= 0 && t.Start > prev {
			b.WriteByte(' ')
		}
		b.WriteString(w)
		prev = t.End
	}
	return b.String()
}

// detEnd returns the first token of chunk c after its determiners.
func detEnd(syn *syntax.Sentence, c syntax.Chunk) int {
	st := c.Start
	for st < c.Head && (syn.Tokens[st].Tag == syntax.DT || syn.Tokens[st].Tag == syntax.PDT || syn.Tokens[st].Tag == syntax.PRP) {
		st++
	}
	return st
}

// crimeKind reports a modifier of noun phrase k that names the kind of
// crime its hostile actors live from (words.tsv class crimekind):
// "ransomware actors", "criminal ransomware gangs" are a group of the
// story even when no claim names them; a coordination is not.
func (d *Doc) crimeKind(syn *syntax.Sentence, k int) bool {
	c := syn.Chunks[k]
	kind := false
	for i := c.Start; i < c.Head; i++ {
		if syn.Tokens[i].Tag == syntax.CC {
			return false // "ransomware group or other cybercriminals": any of a kind, no group
		}
		kind = kind || d.lx.Is("crimekind", syn.Tokens[i].Lower)
	}
	return kind
}

// bareNP reports a noun phrase without a determiner, possessive or number:
// "attacks on banks" speaks of a kind of act, "the attacks on banks" of
// events of the story.
func bareNP(syn *syntax.Sentence, k int) bool {
	c := syn.Chunks[k]
	if c.Poss >= 0 {
		return false
	}
	switch syn.Tokens[c.Start].Tag {
	case syntax.DT, syntax.PDT, syntax.PRP, syntax.CD:
		return false
	}
	return true
}

// headlineLike reports a sentence without closing punctuation, as headlines
// are written.
func headlineLike(syn *syntax.Sentence) bool {
	n := len(syn.Tokens)
	return n > 0 && syn.Tokens[n-1].Kind != syntax.Punct
}
