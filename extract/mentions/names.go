package mentions

import (
	"regexp"
	"slices"
	"strings"

	"github.com/newsgraph/newsgraph/extract/syntax"
	"github.com/newsgraph/newsgraph/ontology"
)

// Fact is a relation that a name states by its form: a title names the
// person's body ("FBI Director Christopher Wray": member_of the FBI), a
// country before a body's name makes it part of it ("U.S. Attorney's
// Office"), a demonym before a person gives a nationality.
type Fact struct {
	Subject, Object string // entity keys
	Pred            ontology.Predicate
	Conf            float64
}

// nameScan is the state of the first pass over one sentence.
type nameScan struct {
	d     *Doc
	toks  []syntax.Token
	words []string // the tokens' lower-case forms, for phrase matching
	title bool     // a headline or title-case line: name shapes are not trusted
	caps  bool     // an all-caps line: only names seen elsewhere
	at    []int
	used  []bool // title words: not names
	refs  []Ref
	facts []Fact
	roles map[int]string // ref index → a person's title
}

var (
	reCVE     = regexp.MustCompile(`^(?i:cve)-\d{4}-\d{4,7}$`)
	reGroupID = regexp.MustCompile(`^(APT\d{1,3}|UNC\d{2,5}|TA\d{3}|FIN\d{1,2}|DEV-\d{4}|Storm-\d{4}|TEMP\.[A-Z][A-Za-z]+|G\d{4})$`)
)

// Names finds the names of one tagged sentence (gazetteer names, names the
// document defined, CVEs and group identifiers, persons after titles,
// names by shape, acronym definitions) and returns them sorted and not
// overlapping, with the facts their form states. title marks a headline or
// a title-case line, caps an all-caps line.
func (d *Doc) Names(toks []syntax.Token, title, caps bool) ([]Ref, []Fact) {
	ns := &nameScan{d: d, toks: toks, title: title, caps: caps, at: make([]int, len(toks)), used: make([]bool, len(toks)), roles: map[int]string{}}
	for i := range ns.at {
		ns.at[i] = -1
	}
	ns.words = make([]string, len(toks))
	for i, t := range toks {
		ns.words[i] = t.Lower
	}
	ns.gazetteer()
	ns.compoundDemonyms()
	if !caps {
		ns.initials()
		ns.patterns()
		ns.titles()
		if !title {
			ns.shapes()
			ns.offices()
			ns.localBodies()
		} else {
			ns.titlePersons()
		}
		ns.acronyms()
	}
	ns.affixedPlaces()
	refs := ns.sorted()
	ns.register(refs)
	for _, f := range ns.facts {
		d.ensure(f.Subject, toks[0].Start)
		d.ensure(f.Object, toks[0].Start)
	}
	return refs, ns.facts
}

// Ensure creates the entity of gazetteer key that the text names inside
// another word ("St. Petersburg-based"), if the document has none yet;
// text[start:end] is the word or phrase that names it, recorded as its
// mention. The text names it, so it is kept in the output.
func (d *Doc) Ensure(key string, start, end int) {
	d.ensure(key, start)
	if e := d.ents[key]; e != nil {
		e.Confirmed = true
		for i := len(d.ments) - 1; i >= 0 && i >= len(d.ments)-16; i-- {
			if d.ments[i].Key == key && d.ments[i].Start <= start && d.ments[i].End >= end {
				return // named there already ("Denver-based", seen by the names and by a modifier)
			}
		}
		d.ments = append(d.ments, Mention{Key: key, Start: start, End: end, Method: MethodGazetteer, Alias: d.text[start:end]})
		if start < e.First {
			e.First = start
		}
	}
}

// ensure creates the entity of a gazetteer key that a fact names without a
// mention of its own ("Russia" inside the alias "Russia's military
// intelligence").
func (d *Doc) ensure(key string, at int) {
	if _, ok := d.ents[key]; ok {
		return
	}
	if ge := d.g.lookup(key); ge != nil {
		d.entity(key, ge.Name, ge.Type, at).Confirmed = false // kept if a relation names it
	}
}

func (ns *nameScan) word(i int) string { return ns.toks[i].Text(ns.d.text) }

func (ns *nameScan) span(s, e int) string {
	return ns.d.text[ns.toks[s].Start:ns.toks[e-1].End]
}

func (ns *nameScan) free(s, e int) bool {
	if s < 0 || e > len(ns.toks) || s >= e {
		return false
	}
	for i := s; i < e; i++ {
		if ns.at[i] >= 0 {
			return false
		}
	}
	return true
}

// add records a ref if its span is free; it returns the ref's index or -1.
func (ns *nameScan) add(r Ref) int {
	if !ns.free(r.Start, r.End) {
		return -1
	}
	k := len(ns.refs)
	ns.refs = append(ns.refs, r)
	for i := r.Start; i < r.End; i++ {
		ns.at[i] = k
	}
	return k
}

// drop removes ref k (its span becomes free).
func (ns *nameScan) drop(k int) {
	r := ns.refs[k]
	for i := r.Start; i < r.End; i++ {
		if ns.at[i] == k {
			ns.at[i] = -1
		}
	}
	ns.refs[k].Key = ""
}

func (ns *nameScan) sorted() []Ref {
	var out []Ref
	for i := range ns.toks {
		if k := ns.at[i]; k >= 0 && (i == 0 || ns.at[i-1] != k) && ns.refs[k].Key != "" {
			out = append(out, ns.refs[k])
		}
	}
	return out
}

// capWord reports a capitalized word that can be part of a name.
func (ns *nameScan) capWord(i int) bool {
	if i < 0 || i >= len(ns.toks) || ns.toks[i].Kind == syntax.Punct {
		return false
	}
	w := ns.word(i)
	if !syntax.IsCap(w) && !(ns.toks[i].Kind == syntax.Number && i > 0 && ns.capWord(i-1)) {
		return false
	}
	return !ns.d.lx.Is("stopcap", ns.toks[i].Lower)
}

// opener reports whether token i starts a sentence or a quotation, where
// capitals say nothing.
func (ns *nameScan) opener(i int) bool {
	if i == 0 {
		return true
	}
	p := ns.toks[i-1].Lower
	return ns.toks[i-1].Kind == syntax.Punct && (p == "\"" || p == ":" || p == "(" || p == "-" || p == "'" || p == "[")
}

// register creates the entities of the sentence's names and records their
// mentions.
func (ns *nameScan) register(refs []Ref) {
	d := ns.d
	for _, r := range refs {
		at := ns.toks[r.Start].Start
		e := d.entity(r.Key, ns.span(r.Start, r.End), r.Type, at)
		if r.Method != MethodGazetteer || d.g.lookup(r.Key) == nil {
			e.Confirmed = e.Confirmed || !ns.caps
		}
		for k, role := range ns.roles {
			if ns.refs[k].Key == r.Key && e.Role == "" {
				e.Role = role
			}
		}
		d.record(ns.toks, r, "", !r.Demonym && r.Method != MethodCoref)
		if d.named[r.Key] {
			continue // its short forms are known since its first name
		}
		d.named[r.Key] = true
		if r.Type == ontology.Person {
			d.addSurname(e)
		}
		if r.Type == ontology.Organization {
			d.addShortName(e)
		}
	}
}

// addShortName makes the first word of a company's name resolve to it for
// the rest of the document ("Sony Pictures Entertainment" … "Sony",
// "Kaspersky Lab" … "Kaspersky"), when that word is a name of its own: not
// a common word, a country or a name of the gazetteer.
func (d *Doc) addShortName(e *Entity) {
	parts := strings.Fields(e.Name)
	if len(parts) < 2 {
		return
	}
	first := strings.Trim(parts[0], ",.")
	lw := strings.ToLower(first)
	if len(first) < 3 || !syntax.IsCap(first) || d.lx.Is("stopcap", lw) || d.common != nil && d.common(lw) {
		return
	}
	if _, ok := d.LookupName(first); ok {
		return
	}
	d.addLocal(first, e.Key, caseFirst)
}

// addSurname makes a person's last name (and a family name written first)
// resolve to the person for the rest of the document.
func (d *Doc) addSurname(e *Entity) {
	parts := strings.Fields(e.Name)
	if len(parts) < 2 {
		return
	}
	// the whole name too, so that it is found whole again and not as two
	// short names side by side
	d.addLocal(e.Name, e.Key, caseFirst)
	last := strings.Trim(parts[len(parts)-1], ",.")
	if len(last) > 1 && syntax.IsCap(last) && !d.lx.Is("stopcap", strings.ToLower(last)) {
		d.addLocal(last, e.Key, caseFirst)
	}
	if d.lx.FamilyName(parts[0]) && len(parts) <= 3 && !d.lx.GivenName(parts[0]) {
		// "Park Jin Hyok": the family name comes first
		d.addLocal(parts[0], e.Key, caseFirst)
	}
}

// addLocal makes alias resolve to key for the rest of the document.
func (d *Doc) addLocal(alias, key string, mode caseMode) {
	toks := syntax.Tokenize(alias)
	if len(toks) == 0 {
		return
	}
	p := &pattern{mode: mode, key: key, alias: alias}
	for _, t := range toks {
		p.orig = append(p.orig, t.Text(alias))
		p.toks = append(p.toks, t.Lower)
	}
	l := d.local[p.toks[0]]
	for _, q := range l {
		if q.alias == alias {
			q.key = key
			return
		}
	}
	l = append(l, p)
	for i := len(l) - 1; i > 0 && len(l[i].toks) > len(l[i-1].toks); i-- {
		l[i], l[i-1] = l[i-1], l[i]
	}
	d.local[p.toks[0]] = l
}

// matchPattern reports whether p matches the tokens at i.
func (ns *nameScan) matchPattern(p *pattern, i int) bool {
	if i+len(p.toks) > len(ns.toks) {
		return false
	}
	for k, w := range p.toks {
		if ns.toks[i+k].Lower != w {
			return false
		}
	}
	switch p.mode {
	case caseExact:
		for k, w := range p.orig {
			if strings.ReplaceAll(ns.word(i+k), "’", "'") != strings.ReplaceAll(w, "’", "'") {
				return false
			}
		}
	case caseFirst:
		if !syntax.IsCap(ns.word(i)) {
			return false
		}
	}
	return true
}

// gazetteer finds gazetteer names and document-local names, leftmost
// longest.
func (ns *nameScan) gazetteer() {
	d := ns.d
	var skip *pattern // an event alias given up at this position
	for i := 0; i < len(ns.toks); {
		if ns.toks[i].Kind == syntax.Punct {
			i++
			continue
		}
		lw := ns.toks[i].Lower
		var best *pattern
		for _, p := range d.local[lw] {
			if ns.matchPattern(p, i) {
				best = p
				break
			}
		}
		for _, p := range d.g.index[lw] {
			if best != nil && len(p.toks) <= len(best.toks) {
				break
			}
			if p == skip {
				continue
			}
			if ns.matchPattern(p, i) {
				best = p
				break
			}
		}
		skip = nil
		if best == nil {
			i++
			continue
		}
		e := i + len(best.toks)
		r := Ref{Key: best.key, Start: i, End: e, Method: MethodGazetteer, Conf: 1, Demonym: best.dem, Seat: best.seat}
		if ge := d.g.lookup(best.key); ge != nil {
			r.Type = ge.Type
		} else if de := d.ents[best.key]; de != nil {
			r.Type = de.Type
			r.Method = MethodNER
			if isAcronym(best.alias) {
				r.Method = MethodAcronym
			}
		}
		if r.Type == "" || ns.insideName(best, i, e) ||
			r.Type == ontology.Sector && !ns.title && !ns.caps && !ns.opener(i) && syntax.IsCap(ns.word(i)) {
			// a sector's word written with a capital inside a name: "the
			// Institute of Organic Chemistry and Technology"
			i++
			continue
		}
		if r.Type == ontology.Event && len(best.toks) > 1 && d.lx.Is("attack", best.toks[len(best.toks)-1]) && ns.namePrefix(i, e-1) {
			// "the OPM breach": the event is built from its noun phrase, so
			// that the names inside it are mentions too
			skip = best
			continue
		}
		if r.Seat && i > 0 && locative[ns.toks[i-1].Lower] {
			// "in Moscow", "from Tehran": the city, not the state
			name := ns.span(i, e)
			r = Ref{Key: ontology.Key(ontology.Location, name), Type: ontology.Location, Start: i, End: e, Method: MethodGazetteer, Conf: 0.9}
		}
		if ns.add(r) >= 0 {
			ns.countryPrefix(r, best)
			if r.Type == ontology.Event {
				ns.innerNames(i, e, r.Key)
			} else if k := slices.Index(best.toks, "'s"); k > 0 {
				ns.innerNames(i, i+k, r.Key) // the possessor
			}
		}
		i = e
	}
}

// titlePersons finds persons in a headline or title line, where a run of
// capitals says little: exactly two capitalized words that start with a
// known given name and stand between lower-case words or punctuation
// ("… the Minister for Home Affairs, Karen Andrews, and …"). A title-case
// headline has longer runs and gives none.
func (ns *nameScan) titlePersons() {
	n := len(ns.toks)
	for i := 0; i+1 < n; i++ {
		if ns.at[i] >= 0 || ns.at[i+1] >= 0 || ns.used[i] || !ns.capWord(i) || !ns.capWord(i+1) ||
			ns.toks[i].Kind != syntax.Word || ns.toks[i+1].Kind != syntax.Word || !ns.d.lx.GivenName(ns.word(i)) {
			continue
		}
		if i > 0 && ns.toks[i-1].Kind == syntax.Word && syntax.IsCap(ns.word(i-1)) ||
			i+2 < n && ns.toks[i+2].Kind == syntax.Word && syntax.IsCap(ns.word(i+2)) {
			continue
		}
		name := ns.span(i, i+2)
		ns.add(Ref{Key: ontology.Key(ontology.Person, name), Type: ontology.Person, Start: i, End: i + 2, Method: MethodNER, Conf: 0.8})
		i++
	}
}

// hyphenNames keeps the names joined in a hyphenated word of an event's
// name ("Israel-Hamas"): each part that the gazetteer knows as a country or
// an organization.
func (ns *nameScan) hyphenNames(w string, start, end int) {
	for _, part := range strings.Split(w, "-") {
		key, ok := ns.d.LookupName(part)
		if ge := ns.d.g.lookup(key); ok && ge != nil && (ge.Type == ontology.Country || ge.Type == ontology.Organization) {
			ns.d.Ensure(key, start, end)
		}
	}
}

// affixedPlaces keeps the places named inside a hyphenated modifier as
// entities of the document: "Lisbon-based", "St. Petersburg-based" (the
// word before the hyphenated one may be part of the name).
func (ns *nameScan) affixedPlaces() {
	for i, t := range ns.toks {
		dash := strings.LastIndexByte(t.Lower, '-')
		if dash <= 0 || t.Lower[dash+1:] != "based" {
			continue
		}
		w := ns.word(i)[:dash]
		key, ok, start := "", false, t.Start
		if i > 0 && ns.at[i-1] < 0 {
			key, ok = ns.d.LookupName(ns.word(i-1) + " " + w)
			start = ns.toks[i-1].Start
		}
		if !ok {
			key, ok = ns.d.LookupName(w)
			start = t.Start
		}
		if ge := ns.d.g.lookup(key); ok && ge != nil && (ge.Type == ontology.Location || ge.Type == ontology.Country) {
			ns.d.Ensure(key, start, t.End)
		}
	}
}

// compoundDemonyms keeps the countries of a hyphenated pair of demonyms
// ("a Canadian-American citizen": Canada and the United States) as
// entities of the document; the word is no organization's name.
func (ns *nameScan) compoundDemonyms() {
	for i, t := range ns.toks {
		if ns.at[i] >= 0 || ns.used[i] || !strings.Contains(t.Lower, "-") || !ns.capWord(i) {
			continue
		}
		parts := strings.Split(ns.word(i), "-")
		var keys []string
		for _, p := range parts {
			if key, ok := ns.d.g.demonyms[p]; ok {
				keys = append(keys, key)
			}
		}
		if len(keys) != len(parts) || len(keys) < 2 {
			continue
		}
		for _, key := range keys {
			ns.d.Ensure(key, t.Start, t.End)
		}
		ns.used[i] = true
	}
}

// innerNames keeps the names that a gazetteer event's alias holds as
// entities of the document: "Libya" in "Libya's civil war", "Ukraine" in
// "the invasion of Ukraine", and the names a possessive alias holds ("the
// Internal Revenue Service" in "the Internal Revenue Service's Criminal
// Investigation"). The text names them, even though the span is the
// event's or the unit's. Places and seats stay inside ("Tokyo" in "the Tokyo
// Olympics" names the games, not Japan).
func (ns *nameScan) innerNames(s, e int, self string) {
	d := ns.d
	for j := s; j < e; j++ {
		if w := ns.word(j); strings.Contains(w, "-") && ns.capWord(j) {
			ns.hyphenNames(w, ns.toks[j].Start, ns.toks[j].End) // "Israel-Hamas war"
			continue
		}
		for _, p := range d.g.index[ns.toks[j].Lower] {
			if j+len(p.toks) > e || p.key == self || !ns.matchPattern(p, j) || p.dem || p.seat {
				continue
			}
			if ge := d.g.lookup(p.key); ge != nil && ge.Type != ontology.Event && ge.Type != ontology.Sector && ge.Type != ontology.Location {
				d.Ensure(p.key, ns.toks[j].Start, ns.toks[j+len(p.toks)-1].End)
				if e := d.ents[p.key]; e != nil && ge.Type == ontology.Person {
					d.addSurname(e) // "Skripal" alone, later
				}
				j += len(p.toks) - 1
				break
			}
		}
	}
}

// countryPrefix states part_of for a body named with the country or body it
// belongs to: the gazetteer alias "U.S. Department of Justice", "Chinese
// Ministry of State Security", "Australian Cyber Security Centre" (a
// demonym), "Cyber Security Agency of Singapore", "Council of the EU".
func (ns *nameScan) countryPrefix(r Ref, p *pattern) {
	ge := ns.d.g.lookup(r.Key)
	if ge == nil || r.Type != ontology.Agency || r.End-r.Start < 2 {
		return
	}
	for _, owner := range []string{ge.Country, ge.Parent} {
		if owner == "" {
			continue
		}
		for i := r.Start; i < r.End; i++ {
			for _, q := range ns.d.g.index[ns.toks[i].Lower] {
				if q.key == owner && i+len(q.toks) <= r.End && len(q.toks) < r.End-r.Start && ns.matchPattern(q, i) {
					ns.facts = append(ns.facts, Fact{Subject: r.Key, Pred: ontology.PartOf, Object: owner, Conf: 0.9})
					return
				}
			}
		}
	}
}

// locative prepositions make a capital a place.
var locative = map[string]bool{"in": true, "at": true, "near": true, "outside": true, "downtown": true}

// namePrefix reports whether tokens [s, e) are exactly a gazetteer name.
func (ns *nameScan) namePrefix(s, e int) bool {
	for _, p := range ns.d.g.index[ns.toks[s].Lower] {
		if len(p.toks) == e-s && ns.matchPattern(p, s) {
			return true
		}
	}
	return false
}

// insideName reports a match that is only part of a longer capitalized
// name: "Georgia" in "Georgia Tech", "Security Service" in "Finnish Police
// Security Service". Exact-case matches (acronyms) and demonyms are never
// inside.
func (ns *nameScan) insideName(p *pattern, s, e int) bool {
	if ns.title && len(p.toks) == 1 && p.mode != caseExact && !p.dem && !ns.capWord(e) && ns.afterArticle(s) {
		return true // "Treasury Sanctions a Virtual Currency Exchange": a common noun in a title-case line
	}
	if p.mode == caseExact || p.dem || ns.title || ns.caps {
		return false
	}
	after := e < len(ns.toks) && ns.capWord(e) && ns.toks[e].Lower != "'s" && !syntax.IsAllCaps(ns.word(e))
	before := s > 0 && ns.capWord(s-1) && !ns.opener(s-1) && !syntax.IsAllCaps(ns.word(s-1)) && !strings.HasSuffix(ns.word(s-1), ".")
	if p.mode == caseInsensitive {
		// a common phrase written capitalized inside a name
		return syntax.IsCap(ns.word(s)) && (before || after)
	}
	if len(p.toks) == 1 {
		if after && ns.d.lx.GivenName(ns.word(e)) && e+1 < len(ns.toks) && ns.capWord(e+1) {
			return false // "Secretary of the Treasury Ana Ruiz": a person's name follows
		}
		if after && ns.titleOfThe(s) && ns.twoWordName(e) {
			return false // "Deputy Secretary of the Treasury Olek Varga": the title's body, then a name
		}
		if after {
			if _, ok := ns.d.lx.Class("namehead").Value(ns.toks[e].Lower); ok {
				return true // "Kaspersky Lab" is matched whole elsewhere; "Georgia Tech"
			}
			return s > 0 && !ns.opener(s) || e+1 < len(ns.toks) && ns.capWord(e+1)
		}
		return before
	}
	return before
}

func isAcronym(w string) bool {
	if len(w) < 2 || len(w) > 10 {
		return false
	}
	upper := 0
	for _, r := range w {
		switch {
		case r >= 'A' && r <= 'Z':
			upper++
		case r >= 'a' && r <= 'z' || r == '.' || r == '-' || r == '&' || r >= '0' && r <= '9':
		default:
			return false
		}
	}
	return upper >= 2 && w[0] >= 'A' && w[0] <= 'Z'
}

// patterns finds CVE identifiers, group identifiers ("APT40", "APT 10",
// "Advanced Persistent Threat 40") and vendor group names ("Volt
// Typhoon"), and numbered units ("Unit 61398").
func (ns *nameScan) patterns() {
	for i := range ns.toks {
		if ns.at[i] >= 0 || ns.toks[i].Kind == syntax.Punct {
			continue
		}
		w := ns.word(i)
		switch {
		case reCVE.MatchString(w):
			name := strings.ToUpper(w)
			ns.add(Ref{Key: ontology.Key(ontology.Vulnerability, name), Type: ontology.Vulnerability, Start: i, End: i + 1, Method: MethodNER, Conf: 0.95})
		case reGroupID.MatchString(w):
			ns.add(Ref{Key: ns.groupKey(w), Type: ontology.ThreatGroup, Start: i, End: i + 1, Method: MethodNER, Conf: 0.9})
		case w == "APT" && i+1 < len(ns.toks) && ns.toks[i+1].Kind == syntax.Number && ns.at[i+1] < 0:
			ns.add(Ref{Key: ns.groupKey("APT" + ns.word(i+1)), Type: ontology.ThreatGroup, Start: i, End: i + 2, Method: MethodNER, Conf: 0.9})
		case w == "Advanced" && i+3 < len(ns.toks) && ns.toks[i+1].Lower == "persistent" && ns.toks[i+2].Lower == "threat" && ns.toks[i+3].Kind == syntax.Number:
			ns.add(Ref{Key: ns.groupKey("APT" + ns.word(i+3)), Type: ontology.ThreatGroup, Start: i, End: i + 4, Method: MethodNER, Conf: 0.9})
		case w == "Unit" && i+1 < len(ns.toks) && ns.toks[i+1].Kind == syntax.Number && ns.at[i+1] < 0:
			name := "Unit " + ns.word(i+1)
			ns.add(Ref{Key: ontology.Key(ontology.Agency, name), Type: ontology.Agency, Start: i, End: i + 2, Method: MethodNER, Conf: 0.9})
		case ns.d.lx.Is("groupnoun", ns.toks[i].Lower) && syntax.IsCap(w) && i > 0 && ns.at[i-1] < 0 && ns.capWord(i-1) && !ns.title:
			s := i - 1
			name := ns.span(s, i+1)
			ns.add(Ref{Key: ontology.Key(ontology.ThreatGroup, name), Type: ontology.ThreatGroup, Start: s, End: i + 1, Method: MethodNER, Conf: 0.85})
		}
	}
}

// initials resolves an acronym the text never defines to the entity whose
// name it abbreviates ("the CPS" after "the Crown Prosecution Service").
func (ns *nameScan) initials() {
	for i, t := range ns.toks {
		if ns.at[i] >= 0 || t.Kind != syntax.Word {
			continue
		}
		w := ns.word(i)
		if !isAcronym(w) || len(w) > 6 || strings.ContainsAny(w, ".-&") {
			continue
		}
		var found *Entity
		for _, k := range ns.d.order {
			e := ns.d.ents[k]
			if e == nil || e.Described || e.Type == ontology.Person || e.Type == ontology.Country {
				continue
			}
			if acronymOf(e.Name) == w {
				if found != nil && found != e {
					found = nil
					break
				}
				found = e
			}
		}
		if found != nil {
			ns.d.addLocal(w, found.Key, caseExact)
			ns.add(Ref{Key: found.Key, Type: found.Type, Start: i, End: i + 1, Method: MethodAcronym, Conf: 0.8})
		}
	}
}

// acronymOf returns the initials of a name's capitalized words ("Crown
// Prosecution Service" → "CPS").
func acronymOf(name string) string {
	var b strings.Builder
	for _, f := range strings.Fields(name) {
		if f != "" && f[0] >= 'A' && f[0] <= 'Z' {
			b.WriteByte(f[0])
		}
	}
	return b.String()
}

// groupKey returns the key of a group identifier: the gazetteer's entity
// when it knows the name, else a new key.
func (ns *nameScan) groupKey(name string) string {
	for _, p := range ns.d.g.index[strings.ToLower(name)] {
		if len(p.toks) == 1 {
			return p.key
		}
	}
	return ontology.Key(ontology.ThreatGroup, name)
}

// Dateline registers the place and the agency of a wire dateline
// ("MOSCOW, June 21 (Reuters)", "FRANKFURT, Germany (AFP)", "New Delhi"):
// the place is a LOCATION (a capital stays a city here), the agency an
// organization; a country after the place is where the place is.
func (d *Doc) Dateline(toks []syntax.Token) []Fact {
	var facts []Fact
	i := 0
	var place string
	var words []string
	for i < len(toks) && toks[i].Kind == syntax.Word && syntax.IsCap(toks[i].Text(d.text)) {
		words = append(words, titleCase(toks[i].Text(d.text)))
		i++
	}
	if len(words) == 0 {
		return nil
	}
	name := strings.Join(words, " ")
	place = ontology.Key(ontology.Location, name)
	known := false
	if key, ok := d.LookupName(name); ok {
		if ge := d.g.lookup(key); ge != nil && ge.Type == ontology.Location {
			place, name, known = key, ge.Name, true
		}
	}
	if !known && commonWords(d, words) {
		return nil // "Fact Sheet: …", "Joint Cybersecurity Advisory: …": a document's kind, not a place
	}
	pe := d.entity(place, name, ontology.Location, toks[0].Start)
	pe.Confirmed = true
	d.ments = append(d.ments, Mention{Key: place, Start: toks[0].Start, End: toks[i-1].End, Method: MethodNER, Alias: "dateline"})
	for ; i < len(toks); i++ {
		t := toks[i]
		switch {
		case t.Lower == "(" && i+1 < len(toks):
			j := i + 1
			for j < len(toks) && toks[j].Lower != ")" {
				j++
			}
			agency := strings.TrimSpace(d.text[toks[i+1].Start:toks[j-1].End])
			if d.common(strings.ToLower(agency)) {
				i = j
				continue // "(Wire)": a placeholder, not an agency
			}
			if k := strings.LastIndexAny(agency, "-–"); k > 0 && k < len(agency)-1 {
				agency = strings.TrimSpace(agency[:k]) // "MENAFN- UkrinForm": the first is the wire
			}
			key, ok := d.LookupName(agency)
			if !ok {
				key = ontology.Key(ontology.Organization, agency)
			}
			ae := d.entity(key, agency, ontology.Organization, t.Start)
			ae.Confirmed = true
			d.ments = append(d.ments, Mention{Key: key, Start: toks[i+1].Start, End: toks[i+1].Start + len(agency), Method: MethodNER, Alias: "dateline"})
			i = j
		case t.Kind == syntax.Word && syntax.IsCap(t.Text(d.text)) && !monthLike(t.Lower):
			if key, ok := d.LookupName(t.Text(d.text)); ok {
				if ge := d.g.lookup(key); ge != nil && (ge.Type == ontology.Country || ge.Type == ontology.Location) {
					d.entity(key, ge.Name, ge.Type, t.Start)
					facts = append(facts, Fact{Subject: place, Pred: ontology.LocatedIn, Object: key, Conf: 0.8})
				}
			}
		}
	}
	return facts
}

// commonWords reports words that are all common words of the language.
func commonWords(d *Doc, words []string) bool {
	for _, w := range words {
		if !d.common(strings.ToLower(w)) {
			return false
		}
	}
	return true
}

// titleCase writes an all-caps word as a name ("MOSCOW" → "Moscow").
func titleCase(w string) string {
	if !syntax.IsAllCaps(w) || len(w) < 2 {
		return w
	}
	return w[:1] + strings.ToLower(w[1:])
}

func monthLike(w string) bool {
	switch strings.TrimSuffix(w, ".") {
	case "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
		"january", "february", "march", "april", "june", "july", "august", "september", "october", "november", "december":
		return true
	}
	return false
}

// offices extends the name of a body over the district or region it
// serves: "the U.S. Attorney's Office" + "for the Southern District of New
// York" is one office. The facts of the shorter name pass to the longer.
func (ns *nameScan) offices() {
	n := len(ns.toks)
	for k := 0; k < len(ns.refs); k++ {
		r := ns.refs[k]
		if r.Key == "" || r.Type != ontology.Agency || r.Demonym || r.End+1 >= n || ns.toks[r.End].Lower != "for" || ns.at[r.Start] != k {
			continue
		}
		j := r.End + 1
		if ns.toks[j].Lower == "the" {
			j++
		}
		end := -1
		switch {
		case j < n && ns.at[j] >= 0 && ns.refs[ns.at[j]].Type == ontology.Location && ns.refs[ns.at[j]].Start == j:
			end = ns.refs[ns.at[j]].End
			ns.drop(ns.at[j])
		case ns.capWord(j) && ns.at[j] < 0:
			end = ns.runEnd(j)
		}
		if end <= j {
			continue
		}
		ns.drop(k)
		name := ns.span(r.Start, end)
		key := ontology.Key(ontology.Agency, name)
		for i := range ns.facts {
			if ns.facts[i].Subject == r.Key {
				ns.facts[i].Subject = key
			}
		}
		if ge := ns.d.g.lookup(r.Key); ge != nil && ge.Country != "" {
			ns.facts = append(ns.facts, Fact{Subject: key, Pred: ontology.PartOf, Object: ge.Country, Conf: 0.85})
		}
		ns.add(Ref{Key: key, Type: ontology.Agency, Start: r.Start, End: end, Method: MethodNER, Conf: 0.9})
	}
}
