package extract

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/newsgraph/newsgraph/ontology"
)

// ment is a mention inside one sentence, by token indices [s, e).
type ment struct {
	s, e      int
	key       string
	typ       ontology.EntityType
	method    Method
	alias     string
	conf      float64
	weak      bool   // kept only if it takes part in a relation
	dem       bool   // a demonym used as an adjective ("Chinese")
	name      string // canonical name for entities not in the gazetteer
	aliasText string // extra alias to record (a described actor's phrase)
	affil     string // key a described actor is affiliated with
	affilPred ontology.Predicate
	role      string
	org       string // key of the organization named with a person's title
	template  bool   // a described actor named "X-affiliated ..." from an affiliation phrase
	nat       string // a described group of people's country
	loc       string // where the mention's entity is based ("Moscow-based")
	loose     bool   // "affiliates of X"
	// re, when set, ends the text recorded for the mention before e: a
	// mention that also covers its parenthesized acronym
	re int
}

// sent is a sentence being analysed.
type sent struct {
	*sentence
	doc    *doc
	text   string
	lw     []string // lower-case tokens
	ms     []ment   // sorted by s, not overlapping
	stated []stated
	// natAppos are ", a … national" appositions: the comma token and the head token
	natAppos [][2]int
	// inner are mentions inside another mention ("Microsoft Exchange" in "the
	// hack of Microsoft Exchange"): recorded, but not relation arguments
	inner []ment
	// joined: subjects given to a gerund phrase by "X joins A and B in
	// condemning", by the gerund's token
	joined map[int][]int
	// compl is the token range of a complement whose actors are complSubs:
	// "accused X [of carrying out attacks against Y]"
	compl     [2]int
	complSubs []int
	at        []int // token → index in ms, or -1
}

func (ss *sent) word(i int) string { return ss.toks[i].text(ss.text) }

func (ss *sent) free(s, e int) bool {
	if s < 0 || e > len(ss.toks) || s >= e {
		return false
	}
	for i := s; i < e; i++ {
		if ss.at[i] >= 0 {
			return false
		}
	}
	return true
}

// add inserts m if its tokens are free and reports whether it did.
func (ss *sent) add(m ment) bool {
	if !ss.free(m.s, m.e) {
		return false
	}
	k := 0
	for k < len(ss.ms) && ss.ms[k].s < m.s {
		k++
	}
	ss.ms = append(ss.ms, ment{})
	copy(ss.ms[k+1:], ss.ms[k:])
	ss.ms[k] = m
	ss.reindex()
	return true
}

func (ss *sent) remove(k int) {
	ss.ms = append(ss.ms[:k], ss.ms[k+1:]...)
	ss.reindex()
}

func (ss *sent) reindex() {
	for i := range ss.at {
		ss.at[i] = -1
	}
	for k, m := range ss.ms {
		for i := m.s; i < m.e; i++ {
			ss.at[i] = k
		}
	}
}

// mentAt returns the mention covering token i, or nil.
func (ss *sent) mentAt(i int) *ment {
	if i < 0 || i >= len(ss.at) || ss.at[i] < 0 {
		return nil
	}
	return &ss.ms[ss.at[i]]
}

func (ss *sent) span(s, e int) string {
	return ss.text[ss.toks[s].start:ss.toks[e-1].end]
}

var (
	reCVE      = regexp.MustCompile(`^(?i:cve)-\d{4}-\d{4,7}$`)
	reGroupID  = regexp.MustCompile(`^(APT\d{1,3}|UNC\d{2,5}|TA\d{3}|FIN\d{1,2}|DEV-\d{4}|Storm-\d{4}|TEMP\.[A-Z][A-Za-z]+|G\d{4})$`)
	groupNouns = map[string]bool{"Panda": true, "Bear": true, "Kitten": true, "Chollima": true, "Spider": true,
		"Typhoon": true, "Blizzard": true, "Sandstorm": true, "Sleet": true, "Tempest": true, "Tiger": true}
	orgSuffix = map[string]ontology.EntityType{
		"Inc.": ontology.Organization, "Corp.": ontology.Organization, "Corporation": ontology.Organization,
		"Company": ontology.Organization, "Co.": ontology.Organization, "Ltd.": ontology.Organization, "LLC": ontology.Organization,
		"University": ontology.Organization, "Institute": ontology.Organization, "Foundation": ontology.Organization,
		"Association": ontology.Organization, "Technologies": ontology.Organization, "Technology": ontology.Organization,
		"Systems": ontology.Organization, "Networks": ontology.Organization, "Labs": ontology.Organization,
		"Lab": ontology.Organization, "Security": ontology.Organization, "Group": ontology.Organization,
		"News": ontology.Organization, "Times": ontology.Organization, "Post": ontology.Organization,
		"Party": ontology.Organization, "Bank": ontology.Organization, "Airlines": ontology.Organization,
		"Health": ontology.Organization, "Healthcare": ontology.Organization, "Logistics": ontology.Organization,
		"Energy": ontology.Organization, "Pipeline": ontology.Organization, "Capital": ontology.Organization,
		"Partners": ontology.Organization, "Holdings": ontology.Organization, "Industries": ontology.Organization,
		"Solutions": ontology.Organization, "Software": ontology.Organization, "Media": ontology.Organization,
		"Motors": ontology.Organization, "Pharmaceuticals": ontology.Organization, "Insurance": ontology.Organization,
		"Hospital": ontology.Organization, "Medical": ontology.Organization, "Financial": ontology.Organization,
		"Services": ontology.Organization, "Resources": ontology.Organization, "Electric": ontology.Organization,
		"Telecom": ontology.Organization, "Communications": ontology.Organization, "Entertainment": ontology.Organization,
		"Express": ontology.Organization, "Shipping": ontology.Organization, "Studios": ontology.Organization,
		"Chemicals": ontology.Organization, "Petroleum": ontology.Organization, "Airways": ontology.Organization,
		"Division": ontology.Agency, "Section": ontology.Agency, "Branch": ontology.Agency, "Sheriff's Office": ontology.Agency,
		"Ministry": ontology.Agency, "Department": ontology.Agency, "Bureau": ontology.Agency, "Agency": ontology.Agency,
		"Office": ontology.Agency, "Directorate": ontology.Agency, "Command": ontology.Agency, "Commission": ontology.Agency,
		"Council": ontology.Agency, "Committee": ontology.Agency, "Administration": ontology.Agency, "Service": ontology.Agency,
		"Centre": ontology.Agency, "Center": ontology.Agency, "Court": ontology.Agency, "Police": ontology.Agency,
		"Army": ontology.Agency, "Navy": ontology.Agency, "Force": ontology.Agency, "Guard": ontology.Agency,
		"Corps": ontology.Agency, "Parliament": ontology.Agency, "Affairs": ontology.Agency, "Prosecutor": ontology.Agency,
		"Investigation": ontology.Agency, "Enforcement": ontology.Agency, "Gendarmerie": ontology.Agency,
		"Games": ontology.Event, "Olympics": ontology.Event, "Summit": ontology.Event, "Election": ontology.Event, "Dept.": ontology.Agency, "Ministry.": ontology.Agency,
	}
	// function words that never start or end a name
	stopCaps = map[string]bool{
		"the": true, "a": true, "an": true, "and": true, "or": true, "but": true, "of": true, "in": true, "on": true,
		"for": true, "to": true, "with": true, "by": true, "at": true, "from": true, "as": true, "it": true,
		"its": true, "this": true, "that": true, "these": true, "those": true, "he": true, "she": true, "they": true,
		"we": true, "i": true, "you": true, "our": true, "their": true, "his": true, "her": true, "there": true,
		"if": true, "when": true, "while": true, "after": true, "before": true, "since": true, "although": true,
		"meanwhile": true, "however": true, "also": true, "still": true, "yet": true, "so": true, "no": true,
		"not": true, "all": true, "some": true, "many": true, "most": true, "one": true, "two": true, "three": true,
		"monday": true, "tuesday": true, "wednesday": true, "thursday": true, "friday": true, "saturday": true,
		"sunday": true, "january": true, "february": true, "march": true, "april": true, "may": true, "june": true,
		"july": true, "august": true, "september": true, "october": true, "november": true, "december": true,
		"jan.": true, "feb.": true, "aug.": true, "sept.": true, "oct.": true, "nov.": true, "dec.": true,
		"mr.": true, "ms.": true, "mrs.": true, "dr.": true, "what": true, "who": true, "how": true, "why": true,
		"where": true, "which": true, "today": true, "yesterday": true, "read": true, "more": true, "click": true,
		"here": true, "share": true, "advertisement": true, "said": true, "says": true, "according": true,
		"in a": true, "other": true, "such": true, "both": true, "each": true, "every": true, "any": true,
		"my": true, "your": true, "will": true, "would": true, "can": true, "could": true, "should": true,
		"did": true, "do": true, "does": true, "is": true, "are": true, "was": true, "were": true, "be": true,
		"has": true, "have": true, "had": true, "then": true, "now": true, "last": true, "next": true,
		"member": true, "states": true,
	}
	numberWords = map[string]bool{"two": true, "three": true, "four": true, "five": true, "six": true,
		"seven": true, "eight": true, "nine": true, "ten": true, "eleven": true, "twelve": true, "a dozen": true,
		"dozens": true, "several": true, "multiple": true, "some": true, "one": true}
	// state-sponsorship cues: a described actor with one of these and a
	// country is affiliated_with it, not just of its nationality
	stateCues = map[string]bool{"state-sponsored": true, "state-backed": true, "state-linked": true,
		"state-affiliated": true, "government-backed": true, "government-linked": true,
		"government-sponsored": true, "government-affiliated": true, "state": true, "military": true,
		"intelligence": true, "government": true, "state-run": true, "state-supported": true,
		"nation-state": true, "regime-backed": true, "army": true}
	affilSuffix = []string{"-affiliated", "-backed", "-linked", "-sponsored", "-aligned", "-connected",
		"-directed", "-controlled", "-tied", "-allied"}
	detWords = map[string]bool{"the": true, "a": true, "an": true, "these": true, "those": true, "this": true,
		"that": true, "its": true, "their": true, "his": true, "her": true, "other": true, "such": true}
)

// mentions finds the mentions of one sentence.
func (d *doc) mentions(ss *sent, caps bool) {
	d.gazetteerPass(ss)
	if caps {
		return
	}
	d.patternPass(ss)
	d.acronymPass(ss)
	d.corefPass(ss)
	d.demonymPass(ss)
	d.titlePass(ss)
	d.describedPass(ss)
	d.orgGroupPass(ss)
	d.eventPass(ss)
	d.corefPass(ss)
	d.casingPass(ss)
	d.promotePersons(ss)
	d.malwareNames(ss)
	d.legalSuffixes(ss)
	d.appositionTypes(ss)
	d.softwareLists(ss)
	d.flawedProducts(ss)
	d.parenAliases(ss)
	d.namedIncidents(ss)
	d.districtOffices(ss)
	d.appositionRoles(ss)
	d.basedPass(ss)
	for _, na := range ss.natAppos {
		// the country of "a Ukrainian national" after a named person
		pm := ss.mentAt(na[0] - 1)
		if pm == nil || pm.typ != ontology.Person {
			continue
		}
		for j := na[0] + 1; j < na[1]; j++ {
			if cm := ss.mentAt(j); cm != nil && (cm.dem || cm.typ == ontology.Country) {
				pm.nat = cm.key
				break
			}
			if cm := ss.mentAt(j); cm != nil && (cm.typ == ontology.Agency || cm.typ == ontology.ThreatGroup) && memberHeads[ss.lw[na[1]]] && pm.org == "" {
				pm.org = cm.key // "Dmitry Badin, a GRU officer"
			}
		}
	}
}

// malwareNames types unknown names as malware by their context: "CLOP
// ransomware", "a web shell named DEWMODE", "malware known as WellMail".
func (d *doc) malwareNames(ss *sent) {
	for k := 0; k < len(ss.ms); k++ {
		m := ss.ms[k]
		if m.method != MethodNER || m.typ != ontology.Organization && m.typ != ontology.Person {
			continue
		}
		// "CLOP ransomware": the name and the kind together
		if m.e < len(ss.toks) && ss.at[m.e] < 0 && malwareNouns[ss.lw[m.e]] {
			name := ss.span(m.s, m.e+1)
			nm := ment{s: m.s, e: m.e + 1, key: MakeKey(ontology.Malware, name), typ: ontology.Malware, method: MethodNER,
				alias: "name before a malware noun", conf: 0.7, name: name, aliasText: ss.span(m.s, m.e)}
			ss.remove(k)
			ss.add(nm)
			continue
		}
		// "a web shell named DEWMODE", "ransomware called Sodinokibi"
		j := m.s - 1
		if j >= 2 && (ss.lw[j] == "call" || ss.lw[j] == "calls") && ss.at[j-1] < 0 && (ss.lw[j-1] == "it" || ss.lw[j-1] == "they" || ss.lw[j-1] == "researchers" || ss.lw[j-1] == "analysts") {
			j -= 1 // "a loader researchers call NativeZone"
			if malwareNouns[ss.lw[j-1]] {
				name := ss.span(m.s, m.e)
				d.retype(m.key, MakeKey(ontology.Malware, name), name)
				ss.ms[k].key, ss.ms[k].typ, ss.ms[k].name, ss.ms[k].alias, ss.ms[k].weak = MakeKey(ontology.Malware, name), ontology.Malware, name, "named malware", false
				continue
			}
		}
		if j >= 1 && (ss.lw[j] == "named" || ss.lw[j] == "called" || ss.lw[j] == "dubbed" || ss.lw[j] == "as" && ss.lw[j-1] == "known") {
			if ss.lw[j] == "as" {
				j--
			}
			if j >= 1 && malwareNouns[ss.lw[j-1]] {
				name := ss.span(m.s, m.e)
				ss.ms[k].key, ss.ms[k].typ, ss.ms[k].name, ss.ms[k].alias, ss.ms[k].weak = MakeKey(ontology.Malware, name), ontology.Malware, name, "named malware", false
			}
		}
	}
}

var malwareNouns = map[string]bool{"ransomware": true, "malware": true, "backdoor": true, "trojan": true,
	"wiper": true, "shell": true, "webshell": true, "implant": true, "spyware": true, "loader": true, "rootkit": true,
	"worm": true, "botnet": true, "virus": true, "shells": true, "backdoors": true}

// legalSuffixes extends a company's name over ", S.R.O." or ", Inc.".
func (d *doc) legalSuffixes(ss *sent) {
	for k := 0; k < len(ss.ms); k++ {
		m := ss.ms[k]
		if m.typ != ontology.Organization || m.e+1 >= len(ss.toks) || ss.lw[m.e] != "," || !legalForms[ss.lw[m.e+1]] {
			continue
		}
		if om := ss.mentAt(m.e + 1); om != nil {
			if om.typ != ontology.Organization {
				continue
			}
			ss.remove(ss.at[m.e+1]) // a later index: k stays valid
		}
		m.e += 2
		if m.method != MethodGazetteer {
			m.name = ss.span(m.s, m.e)
			m.key = MakeKey(ontology.Organization, m.name)
		}
		ss.ms[k] = m
		ss.reindex()
	}
}

// parenAliases makes a short form in parentheses after a name found by its
// form an alias of it: "SUEX OTC, S.R.O. (SUEX)", "Hainan Xiandun (Xiandun)".
func (d *doc) parenAliases(ss *sent) {
	for k := 0; k < len(ss.ms); k++ {
		m := ss.ms[k]
		i := m.e
		if m.dem || m.re > 0 || i+2 >= len(ss.toks) || ss.lw[i] != "(" || ss.lw[i+2] != ")" || ss.toks[i+1].kind != tkWord {
			continue
		}
		switch m.typ {
		case ontology.Organization, ontology.Agency, ontology.ThreatGroup, ontology.Malware, ontology.Tool, ontology.Product:
		default:
			continue
		}
		short := ss.word(i + 1)
		if !isCap(short) {
			continue
		}
		fits := false
		for x := m.s; x < m.e; x++ {
			if strings.EqualFold(strings.Trim(ss.word(x), ",."), short) {
				fits = true
			}
		}
		if !fits && !(isAcronym(short) && initialsFit(ss, m.s, m.e, short)) {
			continue
		}
		if am := ss.mentAt(i + 1); am != nil {
			if am.key != m.key && am.method == MethodGazetteer && am.typ != m.typ {
				continue
			}
			if am.key != m.key {
				ss.remove(ss.at[i+1])
			}
		}
		k2 := ss.at[m.s]
		ss.inner = append(ss.inner, ment{s: i + 1, e: i + 2, key: m.key, typ: m.typ, method: MethodAcronym, alias: short, conf: m.conf, name: m.name})
		ss.ms[k2].re = m.e
		ss.ms[k2].e = i + 3
		ss.reindex()
		d.addLocal(short, m.key, caseExact)
	}
}

// placeSuffix ends the name of a place below the state: "Pinellas County".
var placeSuffix = map[string]bool{"County": true, "Province": true, "Oblast": true, "Prefecture": true,
	"Parish": true, "Borough": true, "Township": true, "Krai": true}

var legalForms = map[string]bool{"s.r.o.": true, "inc.": true, "ltd.": true, "llc": true, "llc.": true, "gmbh": true,
	"s.a.": true, "corp.": true, "co.": true, "plc": true, "ooo": true, "a.s.": true, "ag": true, "b.v.": true, "limited": true}

// districtOffices makes "the U.S. Attorney's Office for the Northern
// District of California" one body, part of the office named first.
func (d *doc) districtOffices(ss *sent) {
	for k := 0; k < len(ss.ms); k++ {
		m := ss.ms[k]
		if m.typ != ontology.Agency || m.e+2 >= len(ss.toks) || ss.lw[m.e] != "for" {
			continue
		}
		j := m.e + 1
		if ss.lw[j] == "the" {
			j++
		}
		lm := ss.mentAt(j)
		if lm == nil || lm.typ != ontology.Location || lm.s != j {
			continue
		}
		name := ss.span(m.s, lm.e)
		if strings.HasPrefix(strings.ToLower(name), "the ") {
			name = name[4:]
		}
		nm := ment{s: m.s, e: lm.e, key: MakeKey(ontology.Agency, name), typ: ontology.Agency, method: MethodNER,
			alias: "office for a district", conf: 0.8, name: name}
		ss.inner = append(ss.inner, m, *lm)
		ss.remove(ss.at[lm.s])
		ss.remove(k)
		ss.add(nm)
		k = -1
	}
}

// basedPass reads "Moscow-based Suex" and "a Haikou-based company" as the
// place of the named thing after it.
func (d *doc) basedPass(ss *sent) {
	for i := 0; i+1 < len(ss.toks); i++ {
		w := ss.word(i)
		if ss.at[i] >= 0 || !strings.HasSuffix(strings.ToLower(w), "-based") {
			continue
		}
		place := w[:len(w)-len("-based")]
		var pk string
		for _, p := range d.g.index[lowerNorm(place)] {
			if len(p.toks) == 1 && !p.dem {
				if ge := d.g.lookup(p.key); ge != nil && (ge.Type == ontology.Country || ge.Type == ontology.Location) {
					pk = p.key
					break
				}
			}
		}
		if pk == "" {
			continue
		}
		m := ss.mentAt(i + 1)
		if m == nil && i >= 3 && (ss.lw[i-1] == "a" || ss.lw[i-1] == "an" || ss.lw[i-1] == "the") && ss.lw[i-2] == "," {
			m = ss.mentAt(i - 3) // "Kaseya, a Miami-based firm"
		}
		if m != nil && m.typ == ontology.Event {
			// "the attack on Kaseya, a Miami-based firm": the victim inside
			for x := range ss.inner {
				if in := &ss.inner[x]; in.e == m.e && in.s > m.s && (in.typ == ontology.Organization || in.typ == ontology.Agency) {
					in.loc = pk
				}
			}
			continue
		}
		if m == nil || m.typ == ontology.Country || m.typ == ontology.Location {
			continue
		}
		m.loc = pk
	}
}

// promotePersons confirms capitalized name pairs that stand in a list with
// known people or in apposition to described people ("Two of the Chinese
// defendants, Zhang Haoran and Tan Dailin, were named").
func (d *doc) promotePersons(ss *sent) {
	for changed := true; changed; {
		changed = false
		for k := range ss.ms {
			m := &ss.ms[k]
			if m.typ != ontology.Person || !m.weak {
				continue
			}
			for _, nb := range []int{ss.neighbor(k, -1), ss.neighbor(k, 1)} {
				if nb >= 0 && ss.ms[nb].typ == ontology.Person && !ss.ms[nb].weak {
					m.weak = false
					m.conf = 0.7
					changed = true
					break
				}
			}
		}
	}
}

// neighbor returns the mention linked to mention k by a comma or "and" on
// the given side (ages such as ", 34," skipped), or -1.
func (ss *sent) neighbor(k, dir int) int {
	m := ss.ms[k]
	j := m.e
	if dir < 0 {
		j = m.s - 1
	}
	steps := 0
	for j >= 0 && j < len(ss.toks) && steps < 5 {
		w := ss.lw[j]
		if ss.at[j] >= 0 {
			if steps == 0 {
				return -1
			}
			return ss.at[j]
		}
		if !(w == "," || w == "and" || w == "or" || ss.toks[j].kind == tkNumber || w == "the" || w == "of") {
			return -1
		}
		j += dir
		steps++
	}
	return -1
}

// matchPattern reports whether p matches the tokens at i.
func (ss *sent) matchPattern(p *pattern, i int) bool {
	if i+len(p.toks) > len(ss.toks) {
		return false
	}
	for k, w := range p.toks {
		if ss.lw[i+k] != w {
			return false
		}
	}
	switch p.mode {
	case caseExact:
		for k, w := range p.orig {
			if strings.ReplaceAll(ss.word(i+k), "’", "'") != strings.ReplaceAll(w, "’", "'") {
				return false
			}
		}
	case caseFirst:
		if !isCap(ss.word(i)) {
			return false
		}
	}
	return true
}

// gazetteerPass finds gazetteer and document-local aliases, leftmost longest.
func (d *doc) gazetteerPass(ss *sent) {
	for i := 0; i < len(ss.toks); {
		if ss.toks[i].kind == tkPunct {
			i++
			continue
		}
		var best *pattern
		for _, p := range d.local[ss.lw[i]] {
			if ss.matchPattern(p, i) {
				best = p
				break
			}
		}
		for _, p := range d.g.index[ss.lw[i]] {
			if best != nil && len(p.toks) <= len(best.toks) {
				break
			}
			if ss.matchPattern(p, i) {
				best = p
				break
			}
		}
		if best == nil {
			i++
			continue
		}
		// a capitalized alias inside a longer capitalized name is not a match:
		// "Turla" yes, but "Georgia Tech" no. Only single-word aliases are checked.
		e := i + len(best.toks)
		m := ment{s: i, e: e, key: best.key, method: MethodGazetteer, alias: best.alias, conf: 1, dem: best.dem}
		if ge := d.g.lookup(best.key); ge != nil {
			m.typ = ge.Type
			if ge.Type == ontology.Sector {
				m.weak = true // a sector is kept when it is a victim in a relation
				m.conf = 0.8
			}
		} else if de := d.ents[best.key]; de != nil {
			m.typ = de.Type
			m.method = MethodAcronym
			if de.Type == ontology.Person || !isAcronym(best.alias) {
				m.method = MethodNER // a surname, a town or a name known from earlier in the text
			}
		}
		if m.typ == "" {
			i++
			continue
		}
		if best.mode != caseExact && !best.dem && (len(best.toks) == 1 && ss.embeddedInName(i, e) || len(best.toks) > 1 && ss.capBefore(i)) {
			i = e
			continue
		}
		if best.mode == caseInsensitive && !ss.title && isCap(ss.word(i)) && (ss.capBefore(i) || e < len(ss.toks) && ss.at[e] < 0 && ss.toks[e].kind == tkWord && isCap(ss.word(e)) && !stopCaps[ss.lw[e]]) {
			i = e // a common noun written as part of a name: "Orion Shipping Co."
			continue
		}
		if m.dem {
			m.method = MethodGazetteer
		}
		if m.typ == ontology.Agency && i > 0 && ss.at[i-1] >= 0 && ss.mentAt(i-1).dem {
			if ge := d.g.lookup(m.key); ge != nil && ge.Country != "" && ge.Country != ss.mentAt(i-1).key {
				i = e // "Finnish Security Service" is not Britain's Security Service
				continue
			}
		}
		ss.add(m)
		i = e
	}
}

// embeddedInName reports whether tokens [s,e) sit inside a longer run of
// capitalized words (not at a sentence start), so that a one-word alias is
// probably part of another name.
func (ss *sent) embeddedInName(s, e int) bool {
	if ss.title {
		return false
	}
	capWord := func(i int) bool {
		if i < 0 || i >= len(ss.toks) || ss.toks[i].kind != tkWord {
			return false
		}
		w := ss.word(i)
		return isCap(w) && !stopCaps[ss.lw[i]] && !isAllCaps(w) && ss.at[i] < 0
	}
	if e < len(ss.toks) && capWord(e) && ss.lw[e] != "'s" {
		if d := ss.doc; d != nil && d.matchTitle(ss, e) > 0 {
			return false // "Colonial Chief Executive Joseph Blount"
		}
		if _, ok := orgSuffix[ss.word(e)]; ok {
			return false // "Microsoft Corporation" is handled by the alias list; suffix names stay
		}
		return s > 0 || capWord(e) && e+1 < len(ss.toks) && capWord(e+1)
	}
	return s > 0 && capWord(s-1) && !isSentenceOpener(ss, s-1)
}

// capBefore reports a capitalized name word right before token i, so that a
// match at i is the tail of a longer name ("Police Security Service").
func (ss *sent) capBefore(i int) bool {
	if i == 0 || ss.title || ss.at[i-1] >= 0 || ss.toks[i-1].kind != tkWord || isSentenceOpener(ss, i-1) {
		return false
	}
	w := ss.word(i - 1)
	return isCap(w) && !isAllCaps(w) && !stopCaps[ss.lw[i-1]] && !strings.HasSuffix(w, ".")
}

func isSentenceOpener(ss *sent, i int) bool {
	return i == 0 || ss.toks[i-1].kind == tkPunct && (ss.lw[i-1] == "\"" || ss.lw[i-1] == ":")
}

// patternPass finds CVE identifiers and threat group names by form.
func (d *doc) patternPass(ss *sent) {
	for i := range ss.toks {
		if ss.at[i] >= 0 || ss.toks[i].kind == tkPunct {
			continue
		}
		w := ss.word(i)
		switch {
		case reCVE.MatchString(w):
			name := strings.ToUpper(w)
			ss.add(ment{s: i, e: i + 1, key: MakeKey(ontology.Vulnerability, name), typ: ontology.Vulnerability,
				method: MethodNER, alias: "CVE pattern", conf: 0.95, name: name})
		case reGroupID.MatchString(w):
			ss.add(ment{s: i, e: i + 1, key: MakeKey(ontology.ThreatGroup, w), typ: ontology.ThreatGroup,
				method: MethodNER, alias: "group identifier pattern", conf: 0.9, name: w})
		case w == "Advanced" && i+3 < len(ss.toks) && ss.lw[i+1] == "persistent" && ss.lw[i+2] == "threat" && ss.toks[i+3].kind == tkNumber && ss.free(i, i+4):
			// "Advanced Persistent Threat 40" is APT40
			name := "APT" + ss.word(i+3)
			key := MakeKey(ontology.ThreatGroup, name)
			for _, p := range d.g.index[strings.ToLower(name)] {
				if len(p.toks) == 1 {
					key = p.key
				}
			}
			ss.add(ment{s: i, e: i + 4, key: key, typ: ontology.ThreatGroup, method: MethodNER,
				alias: "group identifier pattern", conf: 0.9, name: name})
		case w == "APT" && i+1 < len(ss.toks) && ss.toks[i+1].kind == tkNumber && ss.at[i+1] < 0:
			name := "APT" + ss.word(i+1)
			ss.add(ment{s: i, e: i + 2, key: MakeKey(ontology.ThreatGroup, name), typ: ontology.ThreatGroup,
				method: MethodNER, alias: "group identifier pattern", conf: 0.9, name: name})
		case groupNouns[w] && i > 0 && ss.at[i-1] < 0 && isCap(ss.word(i-1)) && !stopCaps[ss.lw[i-1]] && !ss.title:
			s := i - 1
			if s > 0 && ss.at[s-1] < 0 && isCap(ss.word(s-1)) && !stopCaps[ss.lw[s-1]] && s-1 > 0 {
				s--
			}
			name := ss.span(s, i+1)
			ss.add(ment{s: s, e: i + 1, key: MakeKey(ontology.ThreatGroup, name), typ: ontology.ThreatGroup,
				method: MethodNER, alias: "vendor naming pattern", conf: 0.8, name: name})
		}
	}
}

// acronymPass handles "Long Name (LN)": the acronym becomes an alias of the
// long name's entity for the rest of the document.
func (d *doc) acronymPass(ss *sent) {
	for i := 1; i+2 < len(ss.toks); i++ {
		if ss.lw[i] != "(" || ss.lw[i+2] != ")" {
			continue
		}
		acr := ss.word(i + 1)
		if !isAcronym(acr) {
			continue
		}
		prev := ss.mentAt(i - 1)
		if prev != nil && !prev.dem {
			key := prev.key
			am := ss.mentAt(i + 1)
			if am != nil && am.key != key {
				ss.remove(ss.at[i+1])
				am = nil
			}
			if am == nil {
				d.addLocal(acr, key, caseExact)
			}
			// the long name and its acronym are one mention for the relations
			acrMent := ment{s: i + 1, e: i + 2, key: key, typ: prev.typ, method: MethodAcronym, alias: acr,
				conf: prev.conf, name: prev.name}
			if am != nil {
				acrMent = *am
				ss.remove(ss.at[i+1])
			}
			ss.inner = append(ss.inner, acrMent)
			k := ss.at[i-1]
			ss.ms[k].re = ss.ms[k].e
			ss.ms[k].e = i + 3
			ss.reindex()
			continue
		}
		if ss.at[i+1] >= 0 && ss.mentAt(i+1).method == MethodGazetteer {
			continue
		}
		// a capitalized run before the parenthesis whose initials fit
		s := i
		for s > 0 && ss.at[s-1] < 0 && ss.toks[s-1].kind == tkWord &&
			(isCap(ss.word(s-1)) || (ss.lw[s-1] == "of" || ss.lw[s-1] == "and" || ss.lw[s-1] == "for" || ss.lw[s-1] == "on") && s-1 > 0 && isCap(ss.word(s-2))) {
			s--
		}
		for s < i && (stopCaps[ss.lw[s]] || !strings.HasPrefix(strings.ToUpper(ss.word(s)), acr[:1])) {
			s++
		}
		if s == i || !initialsFit(ss, s, i, acr) {
			continue
		}
		name := ss.span(s, i)
		t := suffixType(ss.word(i - 1))
		if t == "" {
			t = ontology.Organization
		}
		key := MakeKey(t, name)
		if ss.at[i+1] >= 0 {
			ss.remove(ss.at[i+1])
		}
		ss.add(ment{s: s, e: i + 3, re: i, key: key, typ: t, method: MethodNER, alias: "capitalized name", conf: 0.85, name: name})
		ss.inner = append(ss.inner, ment{s: i + 1, e: i + 2, key: key, typ: t, method: MethodAcronym, alias: acr, conf: 0.85, name: name})
		d.addLocal(acr, key, caseExact)
	}
}

func isAcronym(w string) bool {
	n := utf8.RuneCountInString(w)
	if n < 2 || n > 10 || !isAllCaps(w) {
		return false
	}
	for _, r := range w {
		if !(unicode.IsUpper(r) || unicode.IsDigit(r) || r == '&' || r == '-' || r == '.') {
			return false
		}
	}
	return true
}

func initialsFit(ss *sent, s, e int, acr string) bool {
	var b strings.Builder
	for i := s; i < e; i++ {
		w := ss.word(i)
		if isCap(w) {
			r, _ := utf8.DecodeRuneInString(w)
			b.WriteRune(r)
		}
	}
	in := b.String()
	a := strings.ReplaceAll(strings.ReplaceAll(acr, ".", ""), "-", "")
	return len(in) > 0 && in[0] == a[0] && (strings.HasPrefix(in, a[:1]) && len(in) >= len(a)-1)
}

func suffixType(w string) ontology.EntityType {
	return orgSuffix[w]
}

// nameRun returns the end of a run of 1..max name-like capitalized words
// starting at i (initials and particles allowed inside), or i if none.
func (ss *sent) nameRun(i, max int) int {
	e := i
	for e < len(ss.toks) && e-i < max && ss.at[e] < 0 && ss.toks[e].kind == tkWord {
		w := ss.word(e)
		if isCap(w) && !stopCaps[ss.lw[e]] && (!isAllCaps(w) || e > i && isInitial(strings.TrimSuffix(w, "."))) || e > i && (ss.lw[e] == "von" || ss.lw[e] == "der" || ss.lw[e] == "de" || ss.lw[e] == "bin") {
			e++
			continue
		}
		break
	}
	for e > i && !isCap(ss.word(e-1)) {
		e--
	}
	return e
}

// matchTitle returns the length of the longest title at i, or 0.
func (d *doc) matchTitle(ss *sent, i int) int {
	for _, t := range d.g.lex.titles[ss.lw[i]] {
		if i+len(t) > len(ss.toks) {
			continue
		}
		ok := true
		for k, w := range t {
			if ss.lw[i+k] != w || ss.at[i+k] >= 0 {
				ok = false
				break
			}
		}
		if ok {
			return len(t)
		}
	}
	return 0
}

// titlePass finds people named with a title: "FBI Deputy Director Paul
// Abbate", "Chinese Foreign Ministry spokesman Zhao Lijian".
func (d *doc) titlePass(ss *sent) {
	for i := 0; i < len(ss.toks); i++ {
		if ss.at[i] >= 0 {
			continue
		}
		n := d.matchTitle(ss, i)
		if n == 0 {
			continue
		}
		// a lower-case title word must not be a plain noun in mid-phrase
		if !isCap(ss.word(i)) && !lowerTitles[ss.lw[i]] && !(i > 0 && ss.at[i-1] >= 0 && !ss.mentAt(i-1).dem) && !(i > 0 && (ss.lw[i-1] == "its" || ss.lw[i-1] == "their" || ss.lw[i-1] == "'s")) {
			continue
		}
		role := ss.span(i, i+n)
		ts := i
		var org string
		if pm := ss.mentAt(i - 1); pm != nil && (pm.typ == ontology.Agency || pm.typ == ontology.Organization) && !pm.dem {
			org = pm.key
			ts = pm.s
		} else if i >= 2 && ss.lw[i-1] == "'s" {
			if pm := ss.mentAt(i - 2); pm != nil && (pm.typ == ontology.Agency || pm.typ == ontology.Organization) {
				org = pm.key
				ts = pm.s
			}
		}
		if org == "" && i > 0 && (ss.lw[i-1] == "its" || ss.lw[i-1] == "their") {
			// "issued by its foreign policy chief Josep Borrell"
			for x := i - 2; x >= 0; x-- {
				if pm := ss.mentAt(x); pm != nil && (pm.typ == ontology.Organization || pm.typ == ontology.Agency) && !pm.dem {
					org = pm.key
					break
				}
			}
		}
		nat := ""
		if dm := ss.mentAt(i - 1); dm != nil && dm.dem {
			nat = dm.key // "Russian President Vladimir Putin"
		}
		j := i + n
		if pm := ss.mentAt(j); pm != nil && pm.typ == ontology.Person {
			pm.role = role
			pm.org = org
			if pm.nat == "" {
				pm.nat = nat
			}
			pm.aliasText = ss.span(ts, pm.e)
			i = pm.e - 1
			continue
		}
		e := ss.nameRun(j, 4)
		if e-j < 2 && !(e-j == 1 && (strings.HasSuffix(role, ".") || ss.lw[i] == "president" || ss.lw[i] == "secretary")) {
			continue
		}
		name := ss.span(j, e)
		if org == "" && e+1 < len(ss.toks) && (ss.lw[e] == "of" || ss.lw[e] == "at") {
			// "Detective Superintendent Tero Muurman of the NBI"
			x := e + 1
			for x < len(ss.toks) && determinerish[ss.lw[x]] && ss.at[x] < 0 {
				x++
			}
			if om := ss.mentAt(x); om != nil && !om.dem && (om.typ == ontology.Agency || om.typ == ontology.Organization) {
				org = om.key
				if om.e+1 < len(ss.toks) && ss.lw[om.e] == "'s" {
					if om2 := ss.mentAt(om.e + 1); om2 != nil && (om2.typ == ontology.Agency || om2.typ == ontology.Organization) {
						org = om2.key
					}
				}
			}
		}
		key := MakeKey(ontology.Person, name)
		m := ment{s: j, e: e, key: key, typ: ontology.Person, method: MethodTitle, alias: role, conf: 0.9,
			name: name, role: strings.TrimSuffix(role, "."), org: org}
		if honorifics[ss.lw[i]] {
			m.role = ""
		}
		m.nat = nat
		if ts < i || !strings.HasSuffix(role, ".") {
			m.aliasText = ss.span(ts, e)
		}
		if ss.add(m) {
			d.addPersonAliases(name, key)
		}
		i = e - 1
	}
}

// affilParticiples link a described actor to what it works for.
var affilParticiples = map[string]bool{"linked": true, "tied": true, "affiliated": true, "working": true,
	"backed": true, "sponsored": true, "connected": true, "associated": true, "acting": true, "behalf": true}

// appositionRoles gives a person the title in an apposition after the name:
// "Anne Neuberger, the deputy national security adviser for cyber".
func (d *doc) appositionRoles(ss *sent) {
	for k := range ss.ms {
		m := &ss.ms[k]
		if m.typ != ontology.Person || m.role != "" || m.e+2 >= len(ss.toks) || ss.lw[m.e] != "," {
			continue
		}
		j := m.e + 1
		if ss.lw[j] == "the" || ss.lw[j] == "a" || ss.lw[j] == "an" {
			j++
		}
		e := j
		for e < len(ss.toks) && e < j+12 && ss.at[e] < 0 && ss.lw[e] != "," && ss.lw[e] != "." && ss.toks[e].kind == tkWord && !d.isVerbish(ss.lw[e]) {
			e++
		}
		// "Paul Chichester, the NCSC's director of operations"
		if om := ss.mentAt(j); om != nil && (om.typ == ontology.Agency || om.typ == ontology.Organization) && om.e+1 < len(ss.toks) && ss.lw[om.e] == "'s" {
			org := om.key
			x := om.e + 1
			e2 := x
			for e2 < len(ss.toks) && e2 < x+8 && ss.at[e2] < 0 && ss.lw[e2] != "," && ss.lw[e2] != "." && ss.toks[e2].kind == tkWord && !d.isVerbish(ss.lw[e2]) {
				e2++
			}
			hasRole := false
			for y := x; y < e2; y++ {
				if roleNouns[ss.lw[y]] {
					hasRole = true
				}
			}
			if e2 > x && (d.matchTitle(ss, x) > 0 || lowerTitles[ss.lw[x]] || hasRole) {
				m.role = ss.span(x, e2)
				m.org = org
			}
			continue
		}
		for x := j; x < e; x++ {
			if n := d.matchTitle(ss, x); n > 0 && (x == j || x <= j+2) {
				m.role = ss.span(j, e)
				break
			}
		}
	}
}

// addPersonAliases lets the surname alone name the person later on.
func (d *doc) addPersonAliases(name, key string) {
	toks := tokenize(name)
	if len(toks) >= 2 {
		// the surname alone names the person later; East Asian names put it first
		for _, t := range []token{toks[len(toks)-1], toks[0]} {
			w := t.text(name)
			if utf8.RuneCountInString(w) >= 2 && !strings.HasSuffix(w, ".") && !stopCaps[strings.ToLower(w)] {
				if _, taken := d.local[strings.ToLower(w)]; !taken {
					d.addLocal(w, key, caseFirst)
				}
			}
		}
	}
	d.addLocal(name, key, caseFirst)
}

// demonymPass turns "Chinese government", "Russian officials" into country
// mentions, and "Chinese Foreign Ministry" into the ministry of that country.
func (d *doc) demonymPass(ss *sent) {
	for k := 0; k < len(ss.ms); k++ {
		m := ss.ms[k]
		if !m.dem && m.typ != ontology.Country {
			continue
		}
		e := m.e
		// "Chinese government", "U.S. officials": the country as a whole
		if e < len(ss.toks) && ss.at[e] < 0 && d.g.lex.is("government", ss.lw[e]) {
			ss.ms[k].e = e + 1
			ss.ms[k].dem = false
			ss.reindex()
			continue
		}
		// "Russian intelligence", "Chinese security services": the country's intelligence services
		if m.dem && e < len(ss.toks) {
			if n := d.g.lex.matchCue("lawbody", ss.lw, e); n > 0 && ss.free(e, e+n) && !(e+n < len(ss.toks) && modifiedNouns[ss.lw[e+n]]) {
				name := ss.span(m.s, m.e) + " " + strings.ToLower(ss.span(e, e+n))
				key := MakeKey(ontology.Agency, name)
				ss.remove(k)
				ss.add(ment{s: m.s, e: e + n, key: key, typ: ontology.Agency, method: MethodDescribed,
					alias: "demonym and law-enforcement noun", conf: 0.75, name: name, affil: m.key, affilPred: ontology.PartOf})
				k = -1
				continue
			}
			if n := d.g.lex.matchCue("intel", ss.lw, e); n > 0 && ss.free(e, e+n) && !(e+n < len(ss.toks) && ss.at[e+n] < 0 && (ss.lw[e+n] == "officers" || ss.lw[e+n] == "officer" || ss.lw[e+n] == "agents" || ss.lw[e+n] == "hackers")) {
				adj := ss.span(m.s, m.e)
				name := adj + " intelligence services"
				if strings.Contains(ss.lw[e+n-1], "security") {
					name = adj + " security services"
				}
				key := MakeKey(ontology.Agency, name)
				ss.remove(k)
				ss.add(ment{s: m.s, e: e + n, key: key, typ: ontology.Agency, method: MethodDescribed,
					alias: "demonym and intelligence noun", conf: 0.8, name: name, affil: m.key, affilPred: ontology.PartOf})
				k = -1
				continue
			}
		}
		// generic names of bodies with the country in context
		if n, key := d.genericAt(ss, e, m.key); n > 0 {
			t := d.g.lookup(key).Type
			s := m.s
			if !m.dem {
				// "China's Foreign Ministry": keep the country mention for part_of
				s = e
				if e < len(ss.toks) && ss.lw[e] == "'s" {
					s = e + 1
				}
				if n2, key2 := d.genericAt(ss, s, m.key); n2 > 0 {
					n, key = n2, key2
				} else {
					continue
				}
				ss.add(ment{s: s, e: s + n, key: key, typ: t, method: MethodPossessive, alias: ss.span(s, s+n), conf: 0.9})
				continue
			}
			ss.remove(k)
			ss.add(ment{s: s, e: e + n, key: key, typ: t, method: MethodGazetteer, alias: ss.span(s, e+n), conf: 0.95,
				affil: m.key, affilPred: ontology.PartOf})
			k = -1 // indices changed: rescan
		}
	}
	// possessive generic: "China's Foreign Ministry"
	for i := 0; i+2 < len(ss.toks); i++ {
		if ss.lw[i+1] != "'s" {
			continue
		}
		m := ss.mentAt(i)
		if m == nil || m.typ != ontology.Country || m.e != i+1 {
			continue
		}
		if n, key := d.genericAt(ss, i+2, m.key); n > 0 {
			ss.add(ment{s: i + 2, e: i + 2 + n, key: key, typ: d.g.lookup(key).Type, method: MethodPossessive,
				alias: ss.span(i+2, i+2+n), conf: 0.9})
		}
	}
	// "the Foreign Ministry" alone: the last country named
	for i := 0; i < len(ss.toks); i++ {
		if ss.at[i] >= 0 || !isCap(ss.word(i)) {
			continue
		}
		country := d.last[ontology.Country]
		for k := ss.at[i]; k < 0 && i > 0; k = 0 {
			for j := i - 1; j >= 0; j-- {
				if m := ss.mentAt(j); m != nil && m.typ == ontology.Country {
					country = m.key
					break
				} else if m != nil && m.typ == ontology.Agency {
					if ge := d.g.lookup(m.key); ge != nil && ge.Country != "" {
						country = ge.Country // "Finnish Security Service Says APT31 Hacked Parliament"
						break
					}
				}
			}
		}
		if country == "" {
			continue
		}
		if n, key := d.genericAt(ss, i, country); n > 0 {
			m := ment{s: i, e: i + n, key: key, typ: d.g.lookup(key).Type, method: MethodCoref,
				alias: ss.span(i, i+n), conf: 0.7}
			if i > 0 && (ss.lw[i-1] == "its" || ss.lw[i-1] == "their") {
				// "China ... its Foreign Ministry"
				m.affil, m.affilPred = country, ontology.PartOf
			}
			ss.add(m)
		}
	}
}

// genericAt matches a generic body name at token i owned by country, and
// returns its length and key.
func (d *doc) genericAt(ss *sent, i int, country string) (int, string) {
	if i >= len(ss.toks) || !ss.free(i, i+1) {
		return 0, ""
	}
	best, bestKey := 0, ""
	for _, gp := range d.g.genPats[country] {
		toks := gp.toks
		if len(toks) <= best || i+len(toks) > len(ss.toks) || !ss.free(i, i+len(toks)) {
			continue
		}
		ok := true
		for k, w := range toks {
			if ss.lw[i+k] != w {
				ok = false
				break
			}
		}
		if ok && (isCap(ss.word(i)) || i > 0 && (ss.lw[i-1] == "'s" || ss.at[i-1] >= 0 && ss.mentAt(i-1).dem)) {
			best, bestKey = len(toks), gp.key
		}
	}
	return best, bestKey
}

// orgGroupPass finds "six Russian technology companies": a number, a
// demonym and an organization noun make a described group of
// organizations. Without a demonym ("32 entities and individuals", "six
// companies in Russia's technology sector") the group is weak: kept only
// when a relation needs it (a sanctions list, an accusation).
func (d *doc) orgGroupPass(ss *sent) {
	for i := 1; i < len(ss.toks); i++ {
		n := d.g.lex.matchCue("orghead", ss.lw, i)
		if n == 0 {
			continue
		}
		if !ss.free(i, i+n) {
			// "technology companies" is also a sector name: the group wins
			m := ss.mentAt(i)
			if m == nil || m.typ != ontology.Sector || m.s != i || m.e > i+n || !ss.free(m.e, i+n) {
				continue
			}
		}
		if n2 := d.g.lex.matchCue("orghead", ss.lw, i+1); n2 > 0 && i+1+n2 > i+n {
			continue
		}
		country := ""
		s := i
		if dm := ss.mentAt(i - 1); dm != nil && dm.dem && dm.e == i {
			country, s = dm.key, dm.s
		}
		if s == 0 || !(numberWords[ss.lw[s-1]] || ss.toks[s-1].kind == tkNumber) || ss.at[s-1] >= 0 || ss.lw[s-1] == "one" {
			continue
		}
		s--
		e := i + n
		weak := country == ""
		if weak {
			// "six companies in Russia's technology sector": the place
			if e+1 < len(ss.toks) && ss.lw[e] == "in" {
				if cm := ss.mentAt(e + 1); cm != nil && cm.typ == ontology.Country && !cm.dem {
					country = cm.key
				}
			}
		}
		name := ss.lw[s] + ss.text[ss.toks[s].end:ss.toks[e-1].end]
		for k := len(ss.ms) - 1; k >= 0; k-- {
			if ss.ms[k].s >= s && ss.ms[k].e <= e {
				ss.remove(k)
			}
		}
		ss.add(ment{s: s, e: e, key: MakeKey(ontology.Organization, name), typ: ontology.Organization,
			method: MethodDescribed, alias: "described organizations", conf: 0.75, name: name, loc: country, weak: weak})
		i = e - 1
	}
}

// actorHead returns the length of an actor or person head noun at i and
// whether it names people.
func (d *doc) actorHead(ss *sent, i int) (int, bool) {
	if n := d.g.lex.matchCue("person", ss.lw, i); n > 0 {
		return n, true
	}
	if n := d.g.lex.matchCue("actor", ss.lw, i); n > 0 {
		return n, false
	}
	return 0, false
}

// describedPass finds described actors: "hackers affiliated with China's
// MSS", "four Chinese nationals", "criminal contract hackers", "Chinese
// state-sponsored cyber actors", "MSS-affiliated hackers".
func (d *doc) describedPass(ss *sent) {
	for i := 0; i < len(ss.toks); i++ {
		if ss.at[i] >= 0 || ss.toks[i].kind != tkWord {
			continue
		}
		n, person := d.actorHead(ss, i)
		if n == 0 || ss.at[i+n-1] >= 0 || isCap(ss.word(i)) && !ss.mostlyCapitalized() && !isSentenceOpener(ss, i) {
			continue
		}
		he := i + n
		// longest head: "cyber actors" over "actors"
		if n2, _ := d.actorHead(ss, i+1); n2 > 0 && i+1+n2 > he && i+1+n2 <= len(ss.toks) && ss.free(i+1, i+1+n2) {
			continue
		}
		// premodifiers to the left
		s := i
		var country, affilKey string
		state := false
		for s > 0 {
			j := s - 1
			if m := ss.mentAt(j); m != nil {
				if m.dem || m.typ == ontology.Country && m.e == s {
					if m.typ == ontology.Country {
						country = m.key
					}
					s = m.s
					continue
				}
				if m.e == i && m.typ == ontology.ThreatGroup && !person && s == i && !dependentHeads[ss.lw[i]] {
					// "APT5 actors", "Sandworm hackers": the named group itself
					k := ss.at[j]
					ss.ms[k].e = he
					ss.reindex()
					s = -1
					break
				}
				if m.e == i && affilKey == "" && (m.typ == ontology.Agency || m.typ == ontology.ThreatGroup || m.typ == ontology.Organization && (person && memberHeads[ss.lw[i]] || dependentHeads[ss.lw[i]])) && !(person && !memberHeads[ss.lw[i]]) {
					// "GRU officers", "APT41 members"
					affilKey = m.key
					s = m.s
					continue
				}
				break
			}
			w := ss.lw[j]
			if w == ")" && j >= 2 && ss.lw[j-2] == "(" && isAcronym(ss.word(j-1)) && ss.at[j-1] < 0 {
				s = j - 2 // "advanced persistent threat (APT) actors"
				continue
			}
			if ss.toks[j].kind == tkPunct || stopCaps[w] && !numberWords[w] || detWords[w] || d.isVerbish(w) {
				break
			}
			if numberWords[w] || ss.toks[j].kind == tkNumber {
				s = j
				break
			}
			if strings.HasSuffix(w, "ing") && w != "hacking" && w != "spying" || strings.HasSuffix(w, "ed") && !strings.Contains(w, "-") && !edAdjectives[w] {
				break
			}
			if isCap(ss.word(j)) && !isAllCaps(ss.word(j)) && !strings.Contains(w, "-") && !ss.mostlyCapitalized() && !(isSentenceOpener(ss, j) && !d.g.lex.names[ss.word(j)]) {
				break
			}
			if stateCues[w] {
				state = true
			}
			if k := affixEntity(d, ss.word(j)); k != "" {
				affilKey = k
			}
			if strings.HasSuffix(w, "-based") && country == "" {
				for _, p := range d.g.index[strings.TrimSuffix(w, "-based")] {
					if ge := d.g.lookup(p.key); ge != nil && ge.Type == ontology.Country && len(p.toks) == 1 {
						country = p.key
						break
					}
				}
			}
			s = j
		}
		if s < 0 {
			i = he - 1
			continue
		}
		if s == i && !d.hasAffilAfter(ss, he) {
			continue
		}
		if (ss.lw[i] == "groups" || ss.lw[i] == "group") && country == "" && affilKey == "" && !state && !d.hasAffilAfter(ss, he) {
			continue // "private sector groups": not actors
		}
		pre := s - 1
		for pre >= 0 && ss.at[pre] < 0 && (ss.lw[pre] == "all" || ss.lw[pre] == "both" || ss.lw[pre] == "also" || strings.HasSuffix(ss.lw[pre], "ly")) {
			pre--
		}
		if pre >= 0 && (beForms[ss.lw[pre]] || ss.lw[pre] == "as") && ss.at[pre] < 0 && country == "" {
			continue // "who were officers of the HSSD": said of someone else
		}
		if s == i && s > 0 && ss.at[s-1] < 0 && (ss.lw[s-1] == "its" || ss.lw[s-1] == "their") && (ss.lw[i] == "affiliates" || ss.lw[i] == "operators" || ss.lw[i] == "members") {
			// "Its affiliates use the DarkSide ransomware": the last group's affiliates
			if g := d.last[ontology.ThreatGroup]; g != "" {
				gname := d.shortName(g)
				name := gname + " " + ss.lw[i]
				m := ment{s: s, e: he, key: MakeKey(ontology.ThreatGroup, name), typ: ontology.ThreatGroup, method: MethodDescribed,
					alias: "possessive actor", conf: 0.75, name: name, affil: g, affilPred: ontology.AffiliatedWith}
				ss.add(m)
				i = he - 1
				continue
			}
		}
		if s > 0 && ss.at[s-1] < 0 && (ss.lw[s-1] == "the" || ss.lw[s-1] == "these" || ss.lw[s-1] == "those" || ss.lw[s-1] == "'s" || ss.lw[s-1] == "its" || ss.lw[s-1] == "their" || ss.lw[s-1] == "other") && (!numberWords[ss.lw[s]] || ss.lw[s-1] == "the") && !d.hasAffilAfter(ss, he) {
			// "the Chinese defendants", "the Iranian actors": people named
			// before, the last described group of that country
			if country != "" && (ss.lw[s-1] == "the" || ss.lw[s-1] == "these" || ss.lw[s-1] == "those") && ss.free(s, he) {
				for r := len(d.recent) - 1; r >= 0 && r >= len(d.recent)-24; r-- {
					de := d.ents[d.recent[r]]
					if de == nil || !de.described || (de.Type != ontology.ThreatGroup && de.Type != ontology.Person) || de.Type == ontology.Person != person {
						continue
					}
					if de.nat == country || de.affil == country {
						for x := len(ss.ms) - 1; x >= 0; x-- {
							if ss.ms[x].s >= s && ss.ms[x].e <= he {
								ss.remove(x)
							}
						}
						ss.add(ment{s: s, e: he, key: de.Key, typ: de.Type, method: MethodCoref, alias: ss.span(s-1, he), conf: 0.7})
						break
					}
				}
			}
			i = he - 1
			continue
		}
		if person && singularHeads[ss.lw[i]] {
			// "Yaroslav Vasinskyi, a 22-year-old Ukrainian national": said of a named person
			if (country != "" || affilKey != "") && s >= 2 && (ss.lw[s-1] == "a" || ss.lw[s-1] == "an") && ss.lw[s-2] == "," {
				ss.natAppos = append(ss.natAppos, [2]int{s - 2, i})
			}
			continue
		}
		// the premodifier span must hold the country mention whole
		if m := ss.mentAt(s); m != nil && m.s < s {
			continue
		}
		memberName := ""
		if affilKey != "" && person && memberHeads[ss.lw[i]] && d.g.lookup(affilKey) != nil {
			// "six GRU officers", "Six Russian Military Intelligence Officers": one name
			num := ""
			if numberWords[ss.lw[s]] || ss.toks[s].kind == tkNumber {
				num = ss.lw[s] + " "
			}
			memberName = num + d.shortName(affilKey) + " " + strings.ToLower(ss.span(i, he))
		}
		if !ss.free(s, i) && !d.onlyCountryMentions(ss, s, i) && affilKey == "" {
			continue
		}
		phrase := ss.span(s, he)
		name := phrase
		if memberName != "" {
			name = memberName
		}
		alias := ""
		template := false
		looseName := false
		// affiliation after the head: "hackers affiliated with the MSS"
		if affilKey == "" && country == "" {
			if k, end := d.affilAfter(ss, he); k != "" {
				affilKey = k
				head := ss.span(s, he)
				if isSentenceOpener(ss, s) && !isAllCaps(ss.word(s)) {
					head = ss.lw[s] + head[len(ss.word(s)):]
				}
				loose := false
				if ss.lw[i] == "affiliates" || ss.lw[i] == "affiliate" {
					head = "hackers"
					loose = true
				}
				looseName = loose
				name = d.shortName(k) + "-affiliated " + head
				if locPhrase(ss, he) {
					// "actors operating out of China": where they are, not whom they serve
					name = ss.span(s, end)
					if isSentenceOpener(ss, s) && !isAllCaps(ss.word(s)) {
						name = ss.lw[s] + name[len(ss.word(s)):]
					}
				}
				if person && memberHeads[ss.lw[i]] {
					// "six officers of the GRU" → "six GRU officers"
					name = d.shortName(k) + " " + ss.span(i, he)
					if numberWords[ss.lw[s]] || ss.toks[s].kind == tkNumber {
						name = ss.lw[s] + " " + name
					}
				}
				alias = ss.span(s, end)
				template = true
			}
		}
		typ := ontology.ThreatGroup
		if person {
			typ = ontology.Person
			if country == "" && affilKey == "" {
				continue
			}
		}
		if ss.mostlyCapitalized() {
			name = d.sentenceCase(ss, s, he, name)
		} else if numberWords[ss.lw[s]] && name == phrase {
			name = ss.lw[s] + name[len(ss.word(s)):] // "Two Russian officers" opening a sentence
		}
		m := ment{s: s, e: he, typ: typ, method: MethodDescribed, alias: "described actor", conf: 0.85,
			name: name, aliasText: alias, template: template, loose: looseName}
		// strength: a country, an entity in a hyphenated modifier, or an affiliation
		premods := i - s
		switch {
		case affilKey != "" && locPhrase(ss, he):
			m.affil, m.affilPred = affilKey, ontology.LocatedIn
			m.template = false
		case affilKey != "":
			m.affil, m.affilPred = affilKey, ontology.AffiliatedWith
			if person && memberHeads[ss.lw[i]] {
				m.affilPred = ontology.MemberOf
			}
			if person {
				m.nat = country
				if m.nat == "" {
					if gb := d.g.lookup(affilKey); gb != nil {
						m.nat = gb.Country
					}
				}
			}
		case country != "" && person:
			m.affil, m.affilPred = country, ontology.Nationality
		case country != "" && state:
			m.affil, m.affilPred = country, ontology.AffiliatedWith
		case country != "":
			m.affil, m.affilPred = country, ontology.Nationality
			m.weak = premods < 2
		default:
			m.weak = premods < 2
		}
		if numberWords[ss.lw[s]] || ss.toks[s].kind == tkNumber {
			// "four Chinese nationals": the count is part of the name, not of the alias
			if s+1 < he {
				m.aliasText = ss.span(s+1, he)
			}
		}
		m.key = MakeKey(typ, name)
		// remove the country mentions inside and add the described mention
		for k := len(ss.ms) - 1; k >= 0; k-- {
			if ss.ms[k].s >= s && ss.ms[k].e <= he {
				ss.remove(k)
			}
		}
		ss.add(m)
		i = he - 1
	}
}

// dependentHeads after a group's name are others who work with it: "REvil
// affiliates" are not REvil.
var dependentHeads = map[string]bool{"affiliates": true, "affiliate": true, "partners": true, "associates": true,
	"operators": true, "contractors": true, "proxies": true, "customers": true}

// edAdjectives end in -ed but modify actors: "advanced persistent threat actors".
var edAdjectives = map[string]bool{"advanced": true, "sophisticated": true, "skilled": true, "organized": true,
	"organised": true, "experienced": true, "unidentified": true, "unnamed": true, "motivated": true, "talented": true,
	"suspected": true, "alleged": true}

func (d *doc) onlyCountryMentions(ss *sent, s, e int) bool {
	for i := s; i < e; i++ {
		if m := ss.mentAt(i); m != nil && !(m.dem || m.typ == ontology.Country) {
			return false
		}
	}
	return true
}

// locPhrase reports a phrase of place at i: "operating out of", "based in".
func locPhrase(ss *sent, i int) bool {
	if i+1 >= len(ss.toks) {
		return false
	}
	return ss.lw[i] == "operating" && (ss.lw[i+1] == "out" || ss.lw[i+1] == "from") || ss.lw[i] == "based" && ss.lw[i+1] == "in"
}

// affixEntity resolves "MSS-affiliated" or "Kremlin-backed" to the entity
// before the hyphen.
func affixEntity(d *doc, w string) string {
	for _, suf := range affilSuffix {
		if strings.HasSuffix(strings.ToLower(w), suf) {
			pre := w[:len(w)-len(suf)]
			for _, p := range d.g.index[lowerNorm(pre)] {
				if len(p.toks) == 1 && (p.mode != caseExact || p.orig[0] == pre) {
					if ge := d.g.lookup(p.key); ge != nil && (ge.Type == ontology.Country || ge.Type == ontology.Agency || ge.Type == ontology.Organization) {
						return p.key
					}
				}
			}
			for _, p := range d.local[lowerNorm(pre)] {
				if len(p.toks) == 1 {
					return p.key
				}
			}
		}
	}
	return ""
}

var affilPhrases = [][]string{
	{"affiliated", "with"}, {"linked", "to"}, {"linked", "with"}, {"tied", "to"}, {"working", "for"},
	{"working", "with"}, {"backed", "by"}, {"sponsored", "by"}, {"on", "behalf", "of"}, {"acting", "on", "behalf", "of"},
	{"associated", "with"}, {"connected", "to"}, {"directed", "by"}, {"employed", "by"}, {"of"}, {"from"},
	{"in", "the", "pay", "of"}, {"operating", "for"}, {"acting", "for"}, {"operating", "out", "of"},
	{"operating", "from"}, {"based", "in"},
}

// affilAfter matches an affiliation phrase at i followed by an actor
// mention, and returns the mention's key (the possessed body in "China's
// MSS") and the end of the phrase.
func (d *doc) affilAfter(ss *sent, i int) (string, int) {
	for _, p := range affilPhrases {
		if i+len(p) >= len(ss.toks) {
			continue
		}
		ok := true
		for k, w := range p {
			if ss.lw[i+k] != w || ss.at[i+k] >= 0 {
				ok = false
				break
			}
		}
		if !ok {
			continue
		}
		j := i + len(p)
		for j < len(ss.toks) && detWords[ss.lw[j]] && ss.at[j] < 0 {
			j++
		}
		m := ss.mentAt(j)
		if m == nil || m.dem {
			return "", 0
		}
		if m.e < len(ss.toks) && ss.lw[m.e] == "'s" {
			if m2 := ss.mentAt(m.e + 1); m2 != nil {
				m = m2
			}
		}
		if (p[0] == "of" || p[0] == "from") && !(ss.lw[i-1] == "affiliates" || ss.lw[i-1] == "officers" || ss.lw[i-1] == "agents" || ss.lw[i-1] == "operatives" || ss.lw[i-1] == "proxies" || ss.lw[i-1] == "members" || ss.lw[i-1] == "hackers" && p[0] == "from") {
			return "", 0
		}
		switch m.typ {
		case ontology.Agency, ontology.Country, ontology.ThreatGroup, ontology.Organization:
			return m.key, m.e
		}
		return "", 0
	}
	return "", 0
}

func (d *doc) hasAffilAfter(ss *sent, i int) bool {
	k, _ := d.affilAfter(ss, i)
	return k != ""
}

// shortName is the name used inside a described actor's name: an acronym
// alias when there is one ("MSS"), else the name.
func (d *doc) shortName(key string) string {
	if ge := d.g.lookup(key); ge != nil {
		best := ""
		for _, a := range ge.Aliases {
			if isAcronym(a) && !strings.Contains(a, ".") && (best == "" || len(a) < len(best)) {
				best = a
			}
		}
		if best != "" {
			return best
		}
		return ge.Name
	}
	if de := d.ents[key]; de != nil {
		return de.Name
	}
	return key
}

// eventPass finds described events: "the hack of Microsoft Exchange",
// "the Microsoft incident", "the attack on Colonial Pipeline".
func (d *doc) eventPass(ss *sent) {
	for i := 0; i < len(ss.toks); i++ {
		if ss.at[i] >= 0 {
			continue
		}
		if (ss.lw[i] == "election" || ss.lw[i] == "elections") && i > 0 {
			// "the 2016 U.S. election", "the 2020 presidential election"
			s := i
			for s > 0 && s > i-4 && (ss.toks[s-1].kind == tkNumber || ss.at[s-1] >= 0 && (ss.mentAt(s-1).typ == ontology.Country) || ss.lw[s-1] == "presidential" || ss.lw[s-1] == "parliamentary" || ss.lw[s-1] == "general" || ss.lw[s-1] == "midterm") {
				if ss.at[s-1] >= 0 {
					s = ss.mentAt(s - 1).s
				} else {
					s--
				}
			}
			if s < i && ss.toks[s].kind == tkNumber {
				name := ss.span(s, i+1)
				for x := len(ss.ms) - 1; x >= 0; x-- {
					if ss.ms[x].s >= s && ss.ms[x].e <= i {
						ss.inner = append(ss.inner, ss.ms[x])
						ss.remove(x)
					}
				}
				ss.add(ment{s: s, e: i + 1, key: MakeKey(ontology.Event, name), typ: ontology.Event, method: MethodDescribed,
					alias: "election", conf: 0.8, name: name})
			}
			continue
		}
		n := d.g.lex.matchCue("attack", ss.lw, i)
		if n == 0 || !ss.free(i, i+n) {
			continue
		}
		// noun + of/on/against + product or organization
		j := i + n
		if j+1 < len(ss.toks) && (ss.lw[j] == "of" || ss.lw[j] == "on" || ss.lw[j] == "against" || ss.lw[j] == "targeting") && ss.at[j] < 0 {
			k := j + 1
			for k < len(ss.toks) && detWords[ss.lw[k]] && ss.at[k] < 0 {
				k++
			}
			if mp := ss.mentAt(k); mp != nil && mp.s == k {
				m := *mp // a copy: removals below shift ss.ms
				if ev := d.eventFor(m.key); ev != "" {
					s := i
					if s > 0 && detWords[ss.lw[s-1]] {
						// keep determiners out of the mention
					}
					for x := len(ss.ms) - 1; x >= 0; x-- {
						if ss.ms[x].s >= i && ss.ms[x].e <= m.e {
							ss.inner = append(ss.inner, ss.ms[x])
							ss.remove(x)
						}
					}
					ss.add(ment{s: s, e: m.e, key: ev, typ: ontology.Event, method: MethodDescribed,
						alias: "attack noun and target", conf: 0.85, aliasText: ss.span(s, m.e)})
					i = m.e - 1
					continue
				}
			}
		}
		// product or organization + noun: "the Microsoft incident"
		if m := ss.mentAt(i - 1); m != nil && m.e == i && !m.dem && !(m.typ == ontology.Malware && ss.lw[i] == "outbreak") {
			ev := d.eventFor(m.key)
			if ev == "" && (m.typ == ontology.Organization || m.typ == ontology.Agency || m.typ == ontology.Product) && i >= 2 && detWords[ss.lw[m.s-1]] && !strings.HasSuffix(ss.lw[i+n-1], "s") {
				// "the Twitter hack": an event of its own, kept if a claim is about it
				name := ss.span(m.s, i+n)
				s := m.s
				ss.inner = append(ss.inner, *m)
				ss.remove(ss.at[i-1])
				ss.add(ment{s: s, e: i + n, key: MakeKey(ontology.Event, name), typ: ontology.Event, method: MethodDescribed,
					alias: "target and attack noun", conf: 0.7, name: name, weak: true})
				i = i + n - 1
				continue
			}
			if ev != "" {
				s := m.s
				ss.inner = append(ss.inner, *m)
				ss.remove(ss.at[i-1])
				ss.add(ment{s: s, e: i + n, key: ev, typ: ontology.Event, method: MethodDescribed,
					alias: "target and attack noun", conf: 0.8, aliasText: ss.span(s, i+n)})
				i = i + n - 1
			}
		}
	}
}

// eventFor returns the event of the gazetteer whose product, target or
// product vendor is key. When several fit, one already named in the
// document wins; otherwise none.
func (d *doc) eventFor(key string) string {
	cands := d.g.events[key]
	if len(cands) == 1 {
		return cands[0]
	}
	for _, c := range cands {
		if _, ok := d.ents[c]; ok {
			return c
		}
	}
	return ""
}

// corefPass resolves definite descriptions: "the administration" → the
// country whose administration was named last, "the bureau" → FBI.
func (d *doc) corefPass(ss *sent) {
	for i := 0; i+1 < len(ss.toks); i++ {
		if ss.lw[i] != "the" && ss.lw[i] != "both" && ss.lw[i] != "that" && ss.lw[i] != "this" || ss.at[i] >= 0 || ss.at[i+1] >= 0 {
			continue
		}
		if (ss.lw[i] == "that" || ss.lw[i] == "this") && !demonstrativeHeads[ss.lw[i+1]] {
			continue
		}
		n := 2
		if i+2 < len(ss.toks) && d.g.lex.coref[ss.lw[i]+" "+ss.lw[i+1]+" "+ss.lw[i+2]] != "" && ss.at[i+2] < 0 {
			n = 3
		}
		phrase := strings.Join(ss.lw[i:i+n], " ")
		if ss.lw[i] == "that" || ss.lw[i] == "this" {
			phrase = "the " + strings.Join(ss.lw[i+1:i+n], " ")
		}
		t, ok := d.g.lex.coref[phrase]
		if !ok {
			continue
		}
		// "the department's" is fine; "the department of X" is not a coreference
		if i+n < len(ss.toks) && (ss.lw[i+n] == "of" || isCap(ss.word(i+n)) && ss.toks[i+n].kind == tkWord) {
			continue
		}
		// "the attack on Sony": a specific incident, not the last one named
		if j := i + n; t == ontology.Event && j+1 < len(ss.toks) && (ss.lw[j] == "on" || ss.lw[j] == "against" || ss.lw[j] == "of") {
			continue
		}
		// "the group it calls Nobelium", "the group known as APT40": named right after
		if j := i + n; j+2 < len(ss.toks) && ((ss.lw[j] == "it" || ss.lw[j] == "they") && (ss.lw[j+1] == "calls" || ss.lw[j+1] == "call" || ss.lw[j+1] == "tracks") ||
			(ss.lw[j] == "known" || ss.lw[j] == "tracked" || ss.lw[j] == "dubbed" || ss.lw[j] == "called" || ss.lw[j] == "named")) {
			continue
		}
		// "the four agencies": a number before its noun
		if i+n < len(ss.toks) && numberWords[ss.lw[i+n-1]] && ss.toks[i+n].kind == tkWord && ss.at[i+n] < 0 &&
			!auxWords[ss.lw[i+n]] && !d.isVerbish(ss.lw[i+n]) && !d.g.lex.is("speech", ss.lw[i+n]) && !stopCaps[ss.lw[i+n]] {
			continue
		}
		head := ss.lw[i+n-1]
		key := d.resolveCoref(ss, i, t, head)
		if key == "" {
			continue
		}
		typ := t
		if de := d.ents[key]; de != nil {
			typ = de.Type
		}
		ss.add(ment{s: i, e: i + n, key: key, typ: typ, method: MethodCoref, alias: ss.span(i, i+n), conf: 0.75})
	}
}

// demonstrativeHeads may follow "that" or "this" as a reference to an
// actor named before: "that group", "this agency".
var demonstrativeHeads = map[string]bool{"group": true, "agency": true, "company": true, "firm": true,
	"gang": true, "actor": true, "unit": true, "ministry": true, "department": true, "bureau": true}

// resolveCoref picks the most recent entity of type t, preferring one whose
// names contain head ("bureau"), looking at this sentence's earlier mentions
// first and then the document's.
func (d *doc) resolveCoref(ss *sent, before int, t ontology.EntityType, head string) string {
	var cands []string
	// "the group", "the defendants" may be a described group of people
	fits := func(typ ontology.EntityType, described bool) bool {
		return typ == t || t == ontology.ThreatGroup && typ == ontology.Person && described
	}
	for k := len(ss.ms) - 1; k >= 0; k-- {
		if ss.ms[k].e <= before && fits(ss.ms[k].typ, ss.ms[k].method == MethodDescribed) && !ss.ms[k].weak {
			cands = append(cands, ss.ms[k].key)
		}
	}
	for k := len(d.recent) - 1; k >= 0 && len(cands) < 12; k-- {
		if de := d.ents[d.recent[k]]; de != nil && fits(de.Type, de.described) {
			cands = append(cands, de.Key)
		}
	}
	for _, c := range cands {
		if d.namesContain(c, head) {
			return c
		}
	}
	if t == ontology.Country || t == ontology.Event || t == ontology.ThreatGroup || t == ontology.Organization {
		if len(cands) > 0 {
			return cands[0]
		}
	}
	return ""
}

func (d *doc) namesContain(key, head string) bool {
	names := []string{}
	if ge := d.g.lookup(key); ge != nil {
		names = append(append(names, ge.Name, ge.Desc), ge.Aliases...)
	} else if de := d.ents[key]; de != nil {
		names = append(append(names, de.Name), de.Aliases...)
	}
	for _, n := range names {
		for _, w := range strings.Fields(strings.ToLower(n)) {
			w = strings.Trim(w, ",.;")
			if w == head || strings.TrimSuffix(head, "s") == w {
				return true
			}
		}
	}
	return false
}

// casingPass finds capitalized names no list knows: people by speech and
// title cues, organizations and agencies by their last word.
func (d *doc) casingPass(ss *sent) {
	titleCase := ss.title && ss.mostlyCapitalized()
	for i := 0; i < len(ss.toks); i++ {
		if ss.at[i] >= 0 || ss.toks[i].kind != tkWord || !isCap(ss.word(i)) || stopCaps[ss.lw[i]] || modifierCompound(ss.word(i)) {
			continue
		}
		// extend over capitalized words and inner connectors; a run with
		// connectors is kept whole only when it ends in an organization word
		e := i
		firstConn := -1
		for e < len(ss.toks) && ss.at[e] < 0 && ss.toks[e].kind == tkWord {
			w := ss.word(e)
			if e > i && isCap(w) && d.matchTitle(ss, e) > 0 && e+1 < len(ss.toks) && ss.at[e+1] >= 0 && ss.mentAt(e+1).typ == ontology.Person {
				break // "Pinellas County Sheriff Bob Gualtieri": the title is not part of the name
			}
			if isCap(w) && !stopCaps[ss.lw[e]] && !modifierCompound(w) {
				e++
				continue
			}
			if (ss.lw[e] == "of" || ss.lw[e] == "for" || ss.lw[e] == "and" || ss.lw[e] == "&" || ss.lw[e] == "on") && e+1 < len(ss.toks) && ss.at[e+1] < 0 && isCap(ss.word(e+1)) && !stopCaps[ss.lw[e+1]] && e > i &&
				!(ss.lw[e] == "and" && (suffixType(ss.word(e-1)) != "" && e-1 > i || legalForms[ss.lw[e-1]])) {
				if firstConn < 0 {
					firstConn = e
				}
				e++
				continue
			}
			break
		}
		if firstConn > 0 && suffixType(ss.word(e-1)) == "" {
			e = firstConn
		}
		if e == i {
			continue
		}
		if titleCase {
			// a headline in title case: only a known given name is a clue
			if e-i >= 2 && e-i <= 3 && allNameWords(ss, i, e) && d.g.lex.names[ss.word(i)] {
				name := ss.span(i, e)
				key := MakeKey(ontology.Person, name)
				if ss.add(ment{s: i, e: e, key: key, typ: ontology.Person, method: MethodNER, alias: "personal name", conf: 0.7, name: name}) {
					d.addPersonAliases(name, key)
				}
			}
			i = e - 1
			continue
		}
		if n := d.matchTitle(ss, i); n > 0 {
			i += n - 1
			continue
		}
		name := ss.span(i, e)
		last := ss.word(e - 1)
		sentenceStart := isSentenceOpener(ss, i)
		// places by suffix: "Pinellas County", "Hainan Province"
		if placeSuffix[last] && e-i >= 2 && e-i <= 4 {
			key := MakeKey(ontology.Location, name)
			if ss.add(ment{s: i, e: e, key: key, typ: ontology.Location, method: MethodNER, alias: "name ending in " + last, conf: 0.7, name: name}) {
				d.addLocal(name, key, caseFirst)
			}
			i = e - 1
			continue
		}
		// "Oldsmar, Florida": a place named with its state or country
		if e-i <= 3 && e+1 < len(ss.toks) && ss.lw[e] == "," && allNameWords(ss, i, e) && !d.g.lex.names[ss.word(i)] {
			if rm := ss.mentAt(e + 1); rm != nil && rm.s == e+1 && !rm.dem && (rm.typ == ontology.Location || rm.typ == ontology.Country) &&
				(rm.e == len(ss.toks) || ss.lw[rm.e] == "," || ss.lw[rm.e] == "." || ss.lw[rm.e] == "and" || ss.lw[rm.e] == "(" || ss.toks[rm.e].kind == tkPunct) {
				key := MakeKey(ontology.Location, name)
				if ss.add(ment{s: i, e: e, key: key, typ: ontology.Location, method: MethodNER, alias: "place before its region", conf: 0.7, name: name}) {
					d.addLocal(name, key, caseFirst)
				}
				i = e - 1
				continue
			}
		}
		// organizations and agencies by suffix
		if t := suffixType(last); t != "" && e-i >= 2 {
			s := i
			var affil string
			if lm := ss.mentAt(s - 1); t != ontology.Event && lm != nil && lm.typ == ontology.Location && lm.e == s {
				// "Florida Department of Law Enforcement", "San Francisco Field Office"
				s = lm.s
				ss.inner = append(ss.inner, *lm)
				ss.remove(ss.at[lm.s])
				name = ss.span(s, e)
			}
			if t == ontology.Event {
				// "the 2018 PyeongChang Winter Games": the year and place belong to the name
				if lm := ss.mentAt(s - 1); lm != nil && lm.typ == ontology.Location && lm.e == s {
					s = lm.s
					ss.inner = append(ss.inner, *lm)
					ss.remove(ss.at[lm.s])
				}
				if s > 0 && ss.toks[s-1].kind == tkNumber && len(ss.lw[s-1]) == 4 {
					s--
				}
				name = ss.span(s, e)
			}
			if dm := ss.mentAt(i - 1); dm != nil && dm.dem && dm.e == i && t == ontology.Agency {
				// "Norwegian Ministry of Foreign Affairs": the country's body
				s, affil = dm.s, dm.key
				ss.remove(ss.at[i-1])
				name = ss.span(s, e)
			}
			key := MakeKey(t, name)
			m := ment{s: s, e: e, key: key, typ: t, method: MethodNER, alias: "name ending in " + last, conf: 0.7, name: name}
			if affil != "" {
				m.affil, m.affilPred = affil, ontology.PartOf
			}
			ss.add(m)
			i = e - 1
			continue
		}
		// people: two or three name words next to a speech verb, ", who", or "according to"
		if e-i >= 2 && e-i <= 3 && allNameWords(ss, i, e) {
			next := ""
			if e < len(ss.toks) {
				next = ss.lw[e]
			}
			prev := ""
			if i > 0 {
				prev = ss.lw[i-1]
			}
			after := ""
			if e+1 < len(ss.toks) {
				after = ss.lw[e+1]
			}
			if d.g.lex.is("speech", next) || next == "," && (after == "who" || d.g.lex.is("speech", after) || after == "a" || after == "the") ||
				prev == "to" && i >= 2 && ss.lw[i-2] == "according" || d.g.lex.is("speech", prev) && (e == len(ss.toks) || next == "." || next == ",") {
				key := MakeKey(ontology.Person, name)
				if ss.add(ment{s: i, e: e, key: key, typ: ontology.Person, method: MethodNER, alias: "person name by speech cue", conf: 0.7, name: name}) {
					d.addPersonAliases(name, key)
				}
				i = e - 1
				continue
			}
		}
		// a known given name or family name first: a person
		if e-i >= 2 && e-i <= 5 && allNameWords(ss, i, e) && d.g.lex.names[ss.word(i)] {
			key := MakeKey(ontology.Person, name)
			if ss.add(ment{s: i, e: e, key: key, typ: ontology.Person, method: MethodNER, alias: "personal name", conf: 0.75, name: name}) {
				d.addPersonAliases(name, key)
			}
			i = e - 1
			continue
		}
		// two or three name words: probably a person
		if e-i >= 2 && e-i <= 3 && allNameWords(ss, i, e) && !sentenceStart {
			key := MakeKey(ontology.Person, name)
			ss.add(ment{s: i, e: e, key: key, typ: ontology.Person, method: MethodNER, alias: "capitalized name words", conf: 0.55, name: name, weak: true})
			i = e - 1
			continue
		}
		// anything else capitalized, not at a sentence start: a weak organization;
		// at the start only when an apposition or relative clause follows ("Acmex, which")
		if sentenceStart && e-i == 1 && e+1 < len(ss.toks) && ss.lw[e] == "," && (ss.lw[e+1] == "which" || ss.lw[e+1] == "a" || ss.lw[e+1] == "an") {
			sentenceStart = false
		}
		if !sentenceStart || e-i >= 2 {
			if sentenceStart && e-i >= 2 {
				// "Officials Said ..." style; skip the opener word
				if !isCap(ss.word(i + 1)) {
					i = e - 1
					continue
				}
			}
			key := MakeKey(ontology.Organization, name)
			// a camel-case word ("GitHub", "NativeZone") is a name, never a
			// capitalized common word
			ss.add(ment{s: i, e: e, key: key, typ: ontology.Organization, method: MethodNER, alias: "capitalized name", conf: 0.5, name: name, weak: !(e-i == 1 && camelCase(ss.word(i)))})
		}
		i = e - 1
	}
}

// camelCase reports a word with a capital after its first lower-case
// letter: "GitHub", "WellMail".
func camelCase(w string) bool {
	lower := false
	for i, r := range w {
		if i == 0 {
			if !unicode.IsUpper(r) {
				return false
			}
			continue
		}
		if unicode.IsLower(r) {
			lower = true
		} else if unicode.IsUpper(r) && lower {
			return true
		}
	}
	return false
}

// modifierCompound reports words such as "Moscow-based" or "Kremlin-backed":
// a name joined to a lower-case participle, an adjective, not a name.
func modifierCompound(w string) bool {
	k := strings.LastIndexByte(w, '-')
	return k > 0 && k+1 < len(w) && !isCap(w[k+1:])
}

func allNameWords(ss *sent, s, e int) bool {
	for i := s; i < e; i++ {
		w := ss.word(i)
		if isAllCaps(w) && utf8.RuneCountInString(w) > 1 {
			return false
		}
		for _, r := range w {
			if !isLetter(r) && r != '-' && r != '.' && r != '\'' {
				return false
			}
		}
	}
	return true
}

func (ss *sent) mostlyCapitalized() bool {
	words, caps := 0, 0
	for i, t := range ss.toks {
		if t.kind != tkWord || len(ss.lw[i]) < 4 {
			continue
		}
		words++
		if isCap(ss.word(i)) {
			caps++
		}
	}
	return words >= 3 && caps*10 >= words*7
}

// isVerbish reports words that end a premodifier run: verbs of the
// lexicon, speech verbs, auxiliaries.
func (d *doc) isVerbish(w string) bool {
	if d.g.lex.is("speech", w) || auxWords[w] {
		return true
	}
	if ps, ok := d.g.lex.triggers[w]; ok {
		for _, p := range ps {
			if p.e.Kind == kindVerb && p.form != formBase {
				return true
			}
		}
	}
	return false
}

// lowerTitles are role nouns that act as titles in lower case: "GRU officer
// Dmitry Badin", "Foreign Ministry spokesman Zhao Lijian".
// roleNouns head a role in an apposition: "the NCSC's director of operations".
var roleNouns = map[string]bool{"director": true, "head": true, "chief": true, "spokesman": true,
	"spokeswoman": true, "spokesperson": true, "minister": true, "secretary": true, "officer": true,
	"adviser": true, "advisor": true, "deputy": true, "president": true, "chairman": true, "commissioner": true,
	"executive": true, "analyst": true, "researcher": true, "lead": true, "manager": true, "founder": true,
	"ambassador": true, "general": true, "attorney": true, "prosecutor": true, "representative": true}

// singularHeads describe one person, never a group entity of its own.
var singularHeads = map[string]bool{"national": true, "citizen": true, "officer": true, "resident": true,
	"defendant": true, "employee": true, "member": true}

// memberHeads name people who belong to a body: "GRU officers".
var memberHeads = map[string]bool{"officers": true, "officer": true, "members": true, "member": true,
	"employees": true, "employee": true, "agents": true, "operatives": true}

// modifiedNouns follow a noun used as a modifier: "the Finnish police unit".
var modifiedNouns = map[string]bool{"unit": true, "units": true, "officers": true, "officer": true, "officials": true,
	"official": true, "agency": true, "department": true, "force": true, "chief": true, "spokesman": true, "spokeswoman": true}

// honorifics mark a person but are no role.
var honorifics = map[string]bool{"mr.": true, "ms.": true, "mrs.": true, "dr.": true, "prof.": true, "professor": true}

var lowerTitles = map[string]bool{"spokesperson": true, "spokesman": true, "spokeswoman": true,
	"officer": true, "intelligence": true, "hacker": true, "researcher": true, "analyst": true, "prosecutor": true}

var auxWords = map[string]bool{"is": true, "are": true, "was": true, "were": true, "be": true, "been": true,
	"being": true, "has": true, "have": true, "had": true, "will": true, "would": true, "can": true,
	"could": true, "may": true, "might": true, "shall": true, "should": true, "must": true, "do": true,
	"does": true, "did": true, "to": true, "not": true, "n't": true}

// sentenceCase lower-cases the words of a headline-case described name that
// are not names themselves ("Four Chinese Nationals" → "four Chinese nationals").
func (d *doc) sentenceCase(ss *sent, s, e int, name string) string {
	if name != ss.span(s, e) {
		return name
	}
	var b strings.Builder
	prev := ss.toks[s].start
	for i := s; i < e; i++ {
		b.WriteString(ss.text[prev:ss.toks[i].start])
		w := ss.word(i)
		if ss.at[i] < 0 && !isAllCaps(w) {
			w = strings.ToLower(w)
		}
		b.WriteString(w)
		prev = ss.toks[i].end
	}
	return b.String()
}
