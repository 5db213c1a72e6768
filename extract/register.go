package extract

import (
	"strings"

	"github.com/newsgraph/newsgraph/ontology"
)

func (d *doc) newSent(s *sentence) *sent {
	ss := &sent{sentence: s, doc: d, text: d.text, lw: make([]string, len(s.toks)), at: make([]int, len(s.toks))}
	for i, t := range s.toks {
		ss.lw[i] = t.lower
		ss.at[i] = -1
	}
	return ss
}

// sentence analyses one ordinary sentence.
func (d *doc) sentence(s *sentence) {
	if len(s.toks) == 0 {
		return
	}
	ss := d.newSent(s)
	d.mentions(ss, false)
	d.register(ss, false)
	d.implicit(ss)
	d.relations(ss)
	d.remember(ss)
}

// capsSentence records mentions in an all-caps line of entities that the
// rest of the text names; it creates nothing new and no relations.
func (d *doc) capsSentence(s *sentence) {
	if len(s.toks) == 0 {
		return
	}
	ss := d.newSent(s)
	d.mentions(ss, true)
	d.register(ss, true)
}

// register creates the entities of a sentence's mentions and records the
// mentions.
func (d *doc) register(ss *sent, caps bool) {
	for _, m := range append(ss.ms, ss.inner...) {
		if m.s < len(ss.toks) && len(ss.ms) > 0 && ss.at[m.s] >= 0 && ss.ms[ss.at[m.s]].key != m.key && m.typ != ontology.Product &&
			!(m.s > 0 && (ss.lw[m.s-1] == "on" || ss.lw[m.s-1] == "of" || ss.lw[m.s-1] == "against") && ss.ms[ss.at[m.s]].typ == ontology.Event) {
			m.weak = true // a modifier inside another mention ("the Microsoft incident")
		}
		if caps {
			if de, ok := d.ents[m.key]; !ok || !de.strong {
				continue
			}
		}
		d.registerOne(ss, m, caps)
	}
}

// registerOne creates the entity of one mention and records the mention.
func (d *doc) registerOne(ss *sent, m ment, caps bool) {
	{
		e := m.e
		if m.re > 0 {
			e = m.re
		}
		start, end := ss.toks[m.s].start, ss.toks[e-1].end
		name := m.name
		if name == "" {
			name = d.text[start:end]
		}
		de := d.entity(m.key, name, m.typ, start)
		if !ss.title {
			de.inBody = true
		}
		if !m.weak {
			de.strong = true
		}
		text := d.text[start:end]
		if !m.dem && m.method != MethodCoref {
			de.addAlias(text)
		}
		if m.method == MethodCoref && strings.HasPrefix(strings.ToLower(text), "the ") {
			de.addAlias(text)
		}
		if m.aliasText != "" {
			de.addAlias(m.aliasText)
		}
		// "Finland's Security and Intelligence Service": the possessive form is a name too
		if (m.typ == ontology.Agency || m.typ == ontology.Organization) && m.s >= 2 && ss.lw[m.s-1] == "'s" {
			if pm := ss.mentAt(m.s - 2); pm != nil && pm.typ == ontology.Country {
				de.addAlias(d.text[ss.toks[pm.s].start:end])
				if cg := d.g.lookup(pm.key); cg != nil && len(cg.Demonyms) > 0 && m.method != MethodGazetteer {
					de.addAlias(cg.Demonyms[0] + " " + text)
				}
			} else if pm != nil && pm.typ == ontology.Location && m.method != MethodGazetteer {
				// "Florida's Department of Law Enforcement" is the Florida Department of …
				place := d.text[ss.toks[pm.s].start:ss.toks[pm.e-1].end]
				de.addAlias(d.text[ss.toks[pm.s].start:end])
				de.addAlias(place + " " + text)
			}
		}
		if m.typ == ontology.Person && m.method != MethodCoref && m.method != MethodDescribed && strings.Contains(text, " ") {
			d.addPersonAliases(text, m.key)
		}
		if m.method == MethodDescribed && m.affil != "" && m.typ == ontology.ThreatGroup {
			de.affil = m.affil
			de.template = m.template
			de.loose = m.loose
		}
		if m.method == MethodDescribed {
			if de.nat == "" {
				de.nat = m.nat
				if m.affilPred == ontology.Nationality {
					de.nat = m.affil
				}
			}
			de.described = true
			if de.affil == "" {
				de.affil = m.affil
			}
		}
		if m.role != "" && de.Role == "" {
			de.Role = m.role
		}
		alias := m.alias
		if alias == "" {
			alias = text
		}
		d.ments = append(d.ments, Mention{Entity: m.key, Text: text, Start: start, End: end, Method: m.method, Alias: alias})
	}
}

// remember updates the coreference memory with a sentence's mentions.
func (d *doc) remember(ss *sent) {
	for _, m := range ss.ms {
		if m.e == 0 {
			continue
		}
		if m.weak {
			// a weak mention that a relation confirmed can be referred to
			if de := d.ents[m.key]; de == nil || !de.strong {
				continue
			}
		}
		d.recent = append(d.recent, m.key)
		d.last[m.typ] = m.key
	}
	if len(d.recent) > 64 {
		d.recent = append(d.recent[:0], d.recent[len(d.recent)-32:]...)
	}
}

// implicit adds the relations that mentions state by their form: titles
// (member_of), possessives and demonyms before bodies (part_of), described
// actors (affiliated_with, nationality).
func (d *doc) implicit(ss *sent) {
	for _, m := range ss.inner {
		if m.loc != "" {
			// "the attack on Kaseya, a Miami-based firm"
			if lm, ok := d.mentFor(ss, m.loc); ok {
				if p, ok := coerce(ontology.LocatedIn, m.typ, lm.typ); ok {
					d.emit(ss, m, p, lm, "", 0.75*m.conf, "based")
				}
			}
		}
	}
	for k, m := range ss.ms {
		if m.typ == ontology.Country && m.s >= 3 && (ss.lw[m.s-1] == "its" || ss.lw[m.s-1] == "their") && ss.lw[m.s-2] == "and" {
			// "the European Union and its Member States"
			if om := ss.mentAt(m.s - 3); om != nil && om.typ == ontology.Organization && !om.dem {
				d.emit(ss, m, ontology.MemberOf, *om, "", 0.8*m.conf, "and its members")
			}
		}
		if m.affil != "" {
			if am, ok := d.mentFor(ss, m.affil); ok {
				if p, ok := coerce(m.affilPred, m.typ, am.typ); ok {
					d.emit(ss, m, p, am, "", 0.85*m.conf, "described")
				}
			}
		}
		if m.loc != "" {
			if lm, ok := d.mentFor(ss, m.loc); ok {
				if p, ok := coerce(ontology.LocatedIn, m.typ, lm.typ); ok {
					d.emit(ss, m, p, lm, "", 0.75*m.conf, "based")
				}
			}
		}
		if m.nat != "" && m.nat != m.affil {
			if am, ok := d.mentFor(ss, m.nat); ok {
				d.emit(ss, m, ontology.Nationality, am, "", 0.8*m.conf, "described")
			}
		}
		if m.org != "" {
			if om, ok := d.mentFor(ss, m.org); ok {
				d.emit(ss, m, ontology.MemberOf, om, "", 0.9*m.conf, "title "+m.role)
			}
		}
		if m.typ == ontology.ThreatGroup && m.s >= 3 {
			// "a China-linked group it tracks as UNC2630", "Russia-backed hackers known as Sandworm"
			for j := m.s - 1; j >= 1 && j >= m.s-6; j-- {
				if ss.at[j] >= 0 {
					break
				}
				if k := affixEntity(d, ss.word(j)); k != "" && (ss.lw[m.s-1] == "as" || ss.lw[m.s-1] == "dubbed" || ss.lw[m.s-1] == "called" || ss.lw[m.s-1] == "named") {
					if am, ok := d.mentFor(ss, k); ok {
						if p, ok := coerce(ontology.AffiliatedWith, m.typ, am.typ); ok {
							d.emit(ss, m, p, am, "", 0.7*m.conf, "named group")
						}
					}
					break
				}
			}
		}
		if m.typ == ontology.Person && m.e+2 < len(ss.toks) && ss.lw[m.e] == "," {
			// "Graham Ivan Clark, 17, of Tampa, Florida", "Ghaleb Alaumary, a Canadian-American from Mississauga"
			j := m.e + 1
			if ss.toks[j].kind == tkNumber && j+2 < len(ss.toks) && ss.lw[j+1] == "," {
				j += 2
			}
			for x := j; x < len(ss.toks) && x < j+6; x++ {
				if (ss.lw[x] == "of" || ss.lw[x] == "from") && x+1 < len(ss.toks) && ss.at[x+1] >= 0 {
					if gm := ss.mentAt(x + 1); gm.method == MethodNER && gm.weak && gm.typ == ontology.Organization {
						ss.remove(ss.at[x+1]) // a guessed name that is a town
					}
				}
				if (ss.lw[x] == "of" || ss.lw[x] == "from") && x+1 < len(ss.toks) && ss.at[x+1] < 0 && isCap(ss.word(x+1)) {
					// "Sheppard, 19, of Bognor Regis in the United Kingdom": an unknown town
					e := ss.nameRun(x+1, 3)
					if e > x+1 && e+1 < len(ss.toks) && (ss.lw[e] == "in" || ss.lw[e] == ",") {
						if rp := ss.mentAt(e + 1 + btoi(ss.lw[e+1] == "the")); rp != nil && !rp.dem && (rp.typ == ontology.Country || rp.typ == ontology.Location) {
							rm := *rp // a copy: adding a mention shifts ss.ms
							name := ss.span(x+1, e)
							lm := ment{s: x + 1, e: e, key: MakeKey(ontology.Location, name), typ: ontology.Location, method: MethodNER, alias: "place of a person", conf: 0.6, name: name}
							if ss.add(lm) {
								d.registerOne(ss, lm, false)
								d.emit(ss, m, ontology.LocatedIn, lm, "", 0.6*m.conf, "of place")
								d.emit(ss, lm, ontology.LocatedIn, rm, "", 0.6, "place in region")
							}
						}
					}
				}
				if ss.lw[x] == "of" || ss.lw[x] == "from" {
					if pm := ss.mentAt(x + 1); pm != nil && !pm.dem && (pm.typ == ontology.Location || pm.typ == ontology.Country) {
						d.emit(ss, m, ontology.LocatedIn, *pm, "", 0.6*m.conf, "of place")
					}
					break
				}
				if parts := strings.Split(ss.word(x), "-"); len(parts) > 1 {
					// "a Canadian-American": both nationalities
					for _, p := range parts {
						if c, ok := d.g.demonyms[p]; ok {
							if cm, ok := d.mentFor(ss, c); ok {
								d.emit(ss, m, ontology.Nationality, cm, "", 0.6*m.conf, "demonym compound")
							}
						}
					}
				}
				if ss.at[x] >= 0 && !ss.mentAt(x).weak || ss.lw[x] == "," {
					break
				}
			}
		}
		if m.typ == ontology.Person && m.e+1 < len(ss.toks) && ss.lw[m.e] == "of" && m.method != MethodDescribed {
			// "Graham Ivan Clark of Tampa"
			if pm := ss.mentAt(m.e + 1); pm != nil && pm.s == m.e+1 && !pm.dem && (pm.typ == ontology.Location || pm.typ == ontology.Country) {
				d.emit(ss, m, ontology.LocatedIn, *pm, "", 0.6*m.conf, "of place")
			}
		}
		if (m.typ == ontology.Organization || m.typ == ontology.ThreatGroup) && m.e+3 < len(ss.toks) && ss.lw[m.e] == "," && (ss.lw[m.e+1] == "the" || ss.lw[m.e+1] == "a") {
			// "Ivanti, the Utah company that owns Pulse Secure"
			if pm := ss.mentAt(m.e + 2); pm != nil && pm.s == m.e+2 && (pm.typ == ontology.Location || pm.typ == ontology.Country) && pm.e < len(ss.toks) {
				if t, ok := appositionHeads[ss.lw[pm.e]]; ok && t == ontology.Organization {
					if cm, ok := d.mentFor(ss, pm.key); ok {
						d.emit(ss, m, ontology.LocatedIn, cm, "", 0.7*m.conf, "place and company noun")
					}
				}
			}
		}
		if (m.typ == ontology.ThreatGroup || m.typ == ontology.Person) && m.e+3 < len(ss.toks) && beForms[ss.lw[m.e]] {
			// "Nobelium is the same Russian actor that …": a predicate noun with a demonym
			x := m.e + 1
			for x < len(ss.toks) && x < m.e+5 && ss.at[x] < 0 && (determinerish[ss.lw[x]] || ss.lw[x] == "same" || stateCues[ss.lw[x]]) {
				x++
			}
			if dm := ss.mentAt(x); dm != nil && dm.dem && dm.e < len(ss.toks) {
				h := dm.e
				for h < len(ss.toks) && h < dm.e+2 && stateCues[ss.lw[h]] {
					h++ // "a North Korean state-sponsored group"
				}
				n := 0
				if h < len(ss.toks) {
					n, _ = d.actorHead(ss, h)
					if n == 0 && (ss.lw[h] == "group" || ss.lw[h] == "actor" || ss.lw[h] == "gang") {
						n = 1
					}
				}
				if n > 0 {
					if cm, ok := d.mentFor(ss, dm.key); ok {
						p := ontology.Nationality
						for y := m.e + 1; y < h+n && y < len(ss.toks); y++ {
							if stateCues[ss.lw[y]] {
								p = ontology.AffiliatedWith
							}
						}
						if p2, ok := coerce(p, m.typ, ontology.Country); ok {
							d.emit(ss, m, p2, cm, "", 0.7*m.conf, "predicate noun")
						}
					}
				}
			}
		}
		if m.dem && m.e+1 < len(ss.toks) {
			// "the Swiss company Compass Security", "Romanian cybersecurity firm Bitdefender",
			// "the Russian group APT28"
			for x := m.e; x < len(ss.toks) && x < m.e+4 && ss.at[x] < 0; x++ {
				if ss.lw[x] == "group" || ss.lw[x] == "gang" {
					if om := ss.mentAt(x + 1); om != nil && om.s == x+1 && om.typ == ontology.ThreatGroup {
						if cm, ok := d.mentFor(ss, m.key); ok {
							p := ontology.Nationality
							for y := m.e; y < x; y++ {
								if stateCues[ss.lw[y]] {
									p = ontology.AffiliatedWith // "the Chinese state-sponsored group APT40"
								}
							}
							d.emit(ss, *om, p, cm, "", 0.7*om.conf, "demonym and group noun")
						}
					}
					break
				}
				if t, ok := appositionHeads[ss.lw[x]]; ok && t == ontology.Organization {
					if om := ss.mentAt(x + 1); om != nil && om.s == x+1 && (om.typ == ontology.Organization || om.typ == ontology.ThreatGroup) {
						if cm, ok := d.mentFor(ss, m.key); ok {
							d.emit(ss, *om, ontology.LocatedIn, cm, "", 0.7*om.conf, "demonym and company noun")
						}
					}
					break
				}
			}
		}
		if m.typ == ontology.Location && m.e+1 < len(ss.toks) && ss.lw[m.e] == "," {
			// "Alpharetta, Georgia": a place in a larger place
			if pm := ss.mentAt(m.e + 1); pm != nil && !pm.dem && (pm.typ == ontology.Location || pm.typ == ontology.Country) &&
				(pm.e == len(ss.toks) || !(ss.lw[pm.e] == "and" || pm.e+1 < len(ss.toks) && ss.lw[pm.e] == "," && ss.at[pm.e+1] >= 0)) {
				d.emit(ss, m, ontology.LocatedIn, *pm, "", 0.7*m.conf, "place, region")
			}
		}
		if (m.typ == ontology.Organization || m.typ == ontology.Agency) && m.e+1 < len(ss.toks) && ss.lw[m.e] == "in" {
			// "Heritage Valley Health System in western Pennsylvania"
			x := m.e + 1
			if x < len(ss.toks) && ss.at[x] < 0 && !isCap(ss.word(x)) && ss.toks[x].kind == tkWord && x+1 < len(ss.toks) {
				x++
			}
			if pm := ss.mentAt(x); pm != nil && !pm.dem && pm.typ == ontology.Location {
				d.emit(ss, m, ontology.LocatedIn, *pm, "", 0.6*m.conf, "in place")
			}
		}
		if m.typ != ontology.Agency {
			continue
		}
		// "Its National Cyber Security Centre": the body's country when the document names it
		if m.s >= 1 && (ss.lw[m.s-1] == "its" || ss.lw[m.s-1] == "their") {
			if ge := d.g.lookup(m.key); ge != nil && ge.Country != "" {
				if _, named := d.ents[ge.Country]; named {
					if cm, ok := d.mentFor(ss, ge.Country); ok {
						d.emit(ss, m, ontology.PartOf, cm, "", 0.75*m.conf, "possessive pronoun")
						continue
					}
				}
			}
		}
		// "the department's new task force"
		if m.s >= 3 && ss.lw[m.s-2] == "'s" && (ss.lw[m.s-1] == "new" || ss.lw[m.s-1] == "own" || ss.lw[m.s-1] == "main") {
			if pm := ss.mentAt(m.s - 3); pm != nil && !pm.dem && (pm.typ == ontology.Agency || pm.typ == ontology.Country) && d.owns(pm.key, m.key) {
				d.emit(ss, m, ontology.PartOf, *pm, "", 0.85*m.conf, "possessive")
				continue
			}
		}
		// "China's Ministry of State Security", "the PRC's MSS"
		if m.s >= 2 && ss.lw[m.s-1] == "'s" {
			if pm := ss.mentAt(m.s - 2); pm != nil && d.owns(pm.key, m.key) && (pm.typ == ontology.Country || pm.typ == ontology.Agency || pm.typ == ontology.Organization) {
				d.emit(ss, m, ontology.PartOf, *pm, "", 0.9*m.conf, "possessive")
				continue
			}
		}
		// "Russian GRU", "U.S. Cyber Command": a country right before
		if m.s >= 1 {
			if pm := ss.mentAt(m.s - 1); pm != nil && pm.typ == ontology.Country && d.owns(pm.key, m.key) {
				d.emit(ss, m, ontology.PartOf, *pm, "", 0.85*m.conf, "country modifier")
				continue
			}
		}
		if ge := d.g.lookup(m.key); ge != nil && ge.Parent != "" && m.method == MethodGazetteer && m.e-m.s > 1 {
			found := false
			for x := m.s; x < m.e && !found; x++ {
				for _, p := range d.g.index[ss.lw[x]] {
					if p.key == ge.Parent && x+len(p.toks) <= m.e && ss.matchPattern(p, x) {
						found = true
						break
					}
				}
			}
			if found {
				if pm, ok := d.mentFor(ss, ge.Parent); ok {
					d.emit(ss, m, ontology.PartOf, pm, "", 0.85*m.conf, "parent in name")
				}
			}
		}
		// an alias that names the country itself: "China's Ministry of State Security",
		// "Chinese Foreign Ministry"
		if ge := d.g.lookup(m.key); ge != nil && ge.Country != "" && m.method == MethodGazetteer {
			if n := d.countryPrefix(ss, m.s, m.e, ge.Country); n > 0 {
				cm := ment{key: ge.Country, typ: ontology.Country, conf: 1, s: m.s, e: m.s + n}
				d.entity(ge.Country, "", ontology.Country, ss.toks[m.s].start).strong = true
				d.emit(ss, m, ontology.PartOf, cm, "", 0.9*m.conf, "country in name")
			}
		}
		_ = k
	}
}

// owns reports whether country-or-body a may own body b: the gazetteer
// agrees, or knows nothing against it.
func (d *doc) owns(a, b string) bool {
	ge := d.g.lookup(b)
	if ge == nil {
		return true
	}
	if ge.Country == a || ge.Parent == a {
		return true
	}
	return ge.Country == "" && ge.Parent == ""
}

// countryPrefix returns how many tokens at the start of [s,e) name country
// (its name, an alias or its demonym, optionally with "'s").
func (d *doc) countryPrefix(ss *sent, s, e int, country string) int {
	for n := e - s - 1; n >= 1; n-- {
		for _, p := range d.g.index[ss.lw[s]] {
			if p.key == country && len(p.toks) == n && ss.matchPattern(p, s) {
				if s+n < e && ss.lw[s+n] == "'s" {
					return n + 1
				}
				return n
			}
		}
	}
	return 0
}

// mentFor returns a mention of key for use as a relation argument: from the
// sentence if there, else a synthetic one for an entity of the document or
// the gazetteer.
func (d *doc) mentFor(ss *sent, key string) (ment, bool) {
	for _, m := range ss.ms {
		if m.key == key {
			return m, true
		}
	}
	if de, ok := d.ents[key]; ok {
		return ment{key: key, typ: de.Type, conf: 0.9}, true
	}
	if ge := d.g.lookup(key); ge != nil {
		d.entity(key, ge.Name, ge.Type, ss.start)
		return ment{key: key, typ: ge.Type, conf: 0.9}, true
	}
	return ment{}, false
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}
