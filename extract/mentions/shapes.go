package mentions

import (
	"strings"

	"github.com/newsgraph/newsgraph/extract/syntax"
	"github.com/newsgraph/newsgraph/ontology"
)

// titles finds persons named after a title ("Deputy Attorney General Rod
// Rosenstein", "Kremlin spokesman Dmitry Peskov", "Director of the CISA Jen
// Easterly"). The title is the person's role; a body named before the
// title or after its "of" makes the person member_of it; a country or
// demonym before it gives the person's nationality.
func (ns *nameScan) titles() {
	words := ns.words
	for i := 0; i < len(ns.toks); i++ {
		if ns.at[i] >= 0 {
			continue
		}
		m := ns.d.lx.Titles().Match(words, i)
		if m == 0 {
			continue
		}
		start := i
		// capitalized words before the title that are no name belong to it
		// ("Union Power Minister", "First Assistant U.S. Attorney"), over
		// the country or body the title names
		for x := i - 1; x >= 0; x-- {
			if ns.at[x] >= 0 {
				r := ns.refs[ns.at[x]]
				if r.Type != ontology.Country && r.Type != ontology.Agency || x == 0 || !ns.capWord(r.Start-1) || ns.at[r.Start-1] >= 0 {
					break
				}
				x = r.Start
				start = r.Start
				continue
			}
			if ns.toks[x].Lower == "and" && x > 0 && ns.capWord(x-1) && ns.at[x-1] < 0 && start == x+1 {
				continue // "Border Security and Customs Deputy Commissioner"
			}
			if !ns.capWord(x) || ns.opener(x) && ns.at[x] < 0 && x > 0 || ns.toks[x].Tag.IsVerb() {
				break
			}
			start = x
		}
		for x := start; x < i; x++ {
			if ns.at[x] < 0 {
				ns.used[x] = true
			}
		}
		orgs, j := ns.titleDomain(words, i+m)
		pk := ns.personAt(j)
		if pk < 0 {
			if i+m < len(ns.toks) && words[i+m] == "for" {
				// "the Assistant Attorney General for National Security, …":
				// the domain is part of the title, no organization
				for x := i + m; x < j; x++ {
					if ns.at[x] < 0 {
						ns.used[x] = true
					}
				}
			}
			continue
		}
		p := ns.refs[pk]
		ns.roles[pk] = ns.span(start, i+m)
		for x := start; x < i+m; x++ {
			ns.used[x] = true
		}
		// a body or country right before the title (or before its
		// possessive, or inside it): "FBI Director", "Treasury's", "U.S.
		// Commerce Secretary", "First Assistant U.S. Attorney"
		b := start - 1
		if b >= 0 && ns.toks[b].Lower == "'s" {
			b--
		}
		for x := start; x < i; x++ {
			if ns.at[x] >= 0 {
				b = x
			}
		}
		if b >= 0 && ns.at[b] >= 0 {
			r := ns.refs[ns.at[b]]
			switch r.Type {
			case ontology.Country:
				if !r.Seat { // "Kremlin spokesman": a title naming a seat adds nothing
					ns.facts = append(ns.facts, Fact{Subject: p.Key, Pred: ontology.Nationality, Object: r.Key, Conf: 0.8})
				}
			case ontology.Agency, ontology.Organization:
				orgs = append(orgs, r.Key)
			}
		}
		if office := ns.localOffice(start, i, m); office != "" {
			orgs = append(orgs, office)
		}
		if len(orgs) == 0 {
			// "Commerce Secretary Gina Raimondo": the title's own body
			if body, _ := ns.d.lx.Titles().Value(strings.Join(words[i:i+m], " ")); body != "" {
				country := ""
				if b >= 0 && ns.at[b] >= 0 && ns.refs[ns.at[b]].Type == ontology.Country {
					country = ns.refs[ns.at[b]].Key
				}
				if key, ok := ns.d.titleBody(country, body); ok {
					orgs = append(orgs, key)
				}
			}
		}
		for _, o := range orgs {
			ns.facts = append(ns.facts, Fact{Subject: p.Key, Pred: ontology.MemberOf, Object: o, Conf: 0.85})
			ns.d.titleOrg[p.Key] = append(ns.d.titleOrg[p.Key], o)
		}
		i = p.End - 1
	}
}

// subBody finds a unit named after a body's possessive, before a person's
// name: "'s Cyber Division" in "the FBI's Cyber Division Karen Hale". It
// returns the unit's key and the end of its name, or "".
func (ns *nameScan) subBody(j int) (string, int) {
	n := len(ns.toks)
	if j+2 >= n || ns.toks[j].Lower != "'s" || !ns.capWord(j+1) || ns.at[j+1] >= 0 {
		return "", j
	}
	cut := -1
	for x := j + 1; x < n && ns.capWord(x) && ns.at[x] < 0; x++ {
		if t, ok := ns.namehead(ns.toks[x].Lower); ok && t == ontology.Agency {
			cut = x + 1
		}
	}
	if cut < 0 {
		return "", j
	}
	name := ns.span(j+1, cut)
	key := ontology.Key(ontology.Agency, name)
	if ns.add(Ref{Key: key, Type: ontology.Agency, Start: j + 1, End: cut, Method: MethodNER, Conf: 0.8}) < 0 {
		return "", j
	}
	return key, cut
}

// titleDomain reads what follows a title that ends at token j: "of" or
// "at" a body ("Director of the FBI's Cyber Division", "head of Free
// Voice Radio") or "for" a domain ("Assistant Secretary for Cyber and
// Emerging Threats"). It returns the bodies named and where the person's name
// may start.
func (ns *nameScan) titleDomain(words []string, j int) ([]string, int) {
	var orgs []string
	// "… for Terrorism and Financial Intelligence": a title's domain
	if j < len(ns.toks) && (words[j] == "of" || words[j] == "for" || words[j] == "at") {
		k := j + 1
		if k < len(ns.toks) && words[k] == "the" {
			k++
		}
		if end := ns.demonymBody(k); end > 0 {
			return orgs, end
		}
		switch {
		case k < len(ns.toks) && ns.at[k] >= 0 && ns.refs[ns.at[k]].Type != ontology.Person:
			r := ns.refs[ns.at[k]]
			orgs = append(orgs, r.Key)
			j = r.End
			if sub, end := ns.subBody(j); sub != "" {
				// "Director of the FBI's Cyber Division Karen Hale"
				ns.facts = append(ns.facts, Fact{Subject: sub, Pred: ontology.PartOf, Object: r.Key, Conf: 0.85})
				orgs[len(orgs)-1] = sub
				j = end
			}
		case ns.capWord(k):
			e := k
			for e < len(ns.toks) && ns.at[e] < 0 && (ns.capWord(e) || words[e] == "and" && ns.capWord(e+1)) {
				e++
			}
			// the run holds a body and the person's name: cut after the
			// body's head word ("Free Voice Radio Leila Amini")
			cut := -1
			for x := k; x < e && words[j] != "for"; x++ {
				if _, ok := ns.d.lx.Class("namehead").Value(words[x]); ok {
					cut = x + 1
				}
			}
			if cut < 0 && words[j] == "for" {
				// "Assistant Secretary for Cyber and Emerging Threats Ana
				// Ruiz": the person's name ends the domain
				for x := k + 1; x < e-1; x++ {
					if ns.d.lx.GivenName(ns.word(x)) {
						e = x
						break
					}
				}
				if e-k >= 4 && !ns.d.lx.GivenName(ns.word(e-2)) && e == len(ns.toks) || e-k >= 5 {
					e -= 2
				}
			}
			if cut > k && cut < e {
				t, _ := ns.d.lx.Class("namehead").Value(words[cut-1])
				typ := ontology.EntityType(t)
				r := Ref{Key: ontology.Key(typ, ns.span(k, cut)), Type: typ, Start: k, End: cut, Method: MethodNER, Conf: 0.8}
				if ns.add(r) >= 0 {
					orgs = append(orgs, r.Key)
				}
				j = cut
			} else if words[j] == "for" {
				j = e // a domain: part of the title
			}
		}
	}
	return orgs, j
}

// demonymBody returns the end of a body's name that a demonym or country
// starts at token k ("Spokesperson of Chinese Embassy in Freedonia",
// "spokesperson of US Defense Ministry": the words after "of" name a body,
// not a person), or 0. The name itself is found later, by shape or as the
// country's generic body.
func (ns *nameScan) demonymBody(k int) int {
	if k >= len(ns.toks) || ns.at[k] < 0 || ns.refs[ns.at[k]].Type != ontology.Country {
		return 0
	}
	cut := 0
	for e := ns.refs[ns.at[k]].End; e < len(ns.toks) && ns.at[e] < 0 && ns.capWord(e); e++ {
		if _, ok := ns.d.lx.Class("namehead").Value(ns.words[e]); ok {
			cut = e + 1
		}
	}
	return cut
}

// titleBody resolves the body a title belongs to ("commerce department"
// for "Commerce Secretary"): a gazetteer name, else the body of that
// generic name of the person's country.
func (d *Doc) titleBody(country, body string) (string, bool) {
	if key, ok := d.LookupName(body); ok {
		if e := d.g.lookup(key); e != nil && (country == "" || e.Country == "" || e.Country == country) {
			d.ensure(key, len(d.text))
			return key, true
		}
	}
	if country == "" {
		return "", false
	}
	for _, key := range d.g.byCtry[country] {
		e := d.g.entries[key]
		for _, g := range e.Generic {
			if strings.EqualFold(g, body) {
				d.ensure(key, len(d.text))
				return key, true
			}
		}
	}
	return "", false
}

// personAt finds a person's name at token i: a gazetteer person, or one to
// four capitalized words (initials, "bin", "al-", "de" inside). It returns
// the ref's index or -1.
func (ns *nameScan) personAt(i int) int {
	if i >= len(ns.toks) {
		return -1
	}
	if k := ns.at[i]; k >= 0 {
		if ns.refs[k].Type == ontology.Person {
			return k
		}
		return -1
	}
	if !ns.capWord(i) {
		return -1
	}
	e := i
	for e < len(ns.toks) && e < i+5 && ns.at[e] < 0 {
		w := ns.toks[e].Lower
		switch {
		case ns.capWord(e) && ns.toks[e].Kind == syntax.Word:
			if _, ok := ns.d.lx.Class("namehead").Value(w); ok && e > i {
				return ns.addPerson(i, e)
			}
			e++
			continue
		case e > i && (w == "bin" || w == "al" || w == "de" || w == "van" || w == "von" || w == "der" || w == "da") && ns.capWord(e+1):
			e++
			continue
		}
		break
	}
	return ns.addPerson(i, e)
}

func (ns *nameScan) addPerson(s, e int) int {
	if e <= s {
		return -1
	}
	// "Harry" in quotes before the name: skip a trailing possessive
	name := ns.span(s, e)
	return ns.add(Ref{Key: ontology.Key(ontology.Person, name), Type: ontology.Person, Start: s, End: e, Method: MethodTitle, Conf: 0.9})
}

// shapes finds names by their shape: runs of capitalized words, with "of",
// "for", "and", "&" and "the" inside organization names ("Office of
// Personnel Management", "Institute of Applied Physics and Technology",
// "U.S. Attorney's Office for the Western District of Texas"). The last word types the name (data/lexicon words.tsv
// "namehead"); persons are recognized by given names, family names,
// initials and context; a country or body right before an organization's
// name is part of it and states part_of.
func (ns *nameScan) shapes() {
	for i := 0; i < len(ns.toks); {
		if ns.at[i] >= 0 || ns.used[i] || !ns.capWord(i) || ns.toks[i].Kind != syntax.Word || ns.affixWord(i) {
			i++
			continue
		}
		if ns.opener(i) && !ns.toks[i].Tag.IsProper() && !ns.capWord(i+1) {
			i++
			continue
		}
		e := ns.runEnd(i)
		if e < len(ns.toks) && ns.affixWord(e) {
			i = e // "St. Petersburg-based": the start of the affixed name
			continue
		}
		s := i
		if ns.opener(s) && !ns.toks[s].Tag.IsProper() && e > s+1 && !ns.nameFirst(s) {
			s++ // "Separately Twitter": a sentence adverb before a name
		}
		if e-s == 1 && (ns.family(s) || ns.sharedSurname(s)) {
			i = e
			continue
		}
		typ, conf := ns.nameType(s, e)
		if typ == "" || ns.titleOnly(s, e) || e-s == 1 && ns.d.lx.Is("government", ns.toks[s].Lower) {
			// "the Russian State", "the Government": the country, not a name
			i = e
			continue
		}
		host := ""
		if e+1 < len(ns.toks) && ns.toks[e].Lower == "in" && embassy[ns.toks[e-1].Lower] && ns.at[e+1] >= 0 {
			// "the Chinese Embassy in India": a mission is named with its host
			if r := ns.refs[ns.at[e+1]]; r.Type == ontology.Country || r.Type == ontology.Location {
				ns.drop(ns.at[e+1])
				host, e = r.Key, r.End
				// the host is named too
				ns.d.entity(host, ns.span(r.Start, r.End), r.Type, ns.toks[r.Start].Start).Confirmed = true
			}
		}
		s = ns.absorbPrefix(s, e, typ)
		name := ns.span(s, e)
		if conf <= 0.6 {
			if t, ok := ns.namedAs(name); ok {
				typ = t // "Borgstealer, a malware strain, …. Borgstealer …": the type a cue gave it before
			}
		}
		key := ontology.Key(typ, name)
		if typ == ontology.Agency && e-s >= 3 {
			// "the Japan Aerospace Exploration Agency": a body named
			// with its country is part of it
			for w := 1; w <= 2 && s+w < e-1; w++ {
				if ck, ok := ns.d.LookupName(ns.span(s, s+w)); ok {
					if ge := ns.d.g.lookup(ck); ge != nil && ge.Type == ontology.Country {
						ns.facts = append(ns.facts, Fact{Subject: key, Pred: ontology.PartOf, Object: ck, Conf: 0.85})
						break
					}
				}
			}
		}
		ns.add(Ref{Key: key, Type: typ, Start: s, End: e, Method: MethodNER, Conf: conf})
		if host != "" {
			ns.facts = append(ns.facts, Fact{Subject: key, Pred: ontology.LocatedIn, Object: host, Conf: 0.85})
		}
		i = e
	}
}

// family resolves a surname in the plural to the person of that surname
// ("the Ruizes", "the Skripals" after "Ana Ruiz"): a mention of that
// person, not an organization's name.
func (ns *nameScan) family(i int) bool {
	w := ns.word(i)
	if !strings.HasSuffix(w, "s") || i == 0 || ns.toks[i-1].Lower != "the" {
		return false
	}
	for _, stem := range []string{w[:len(w)-1], strings.TrimSuffix(w, "es")} {
		key, ok := ns.d.LookupName(stem)
		if e := ns.d.ents[key]; ok && e != nil && e.Type == ontology.Person {
			return ns.add(Ref{Key: key, Type: ontology.Person, Start: i, End: i + 1, Method: MethodCoref, Conf: 0.7}) >= 0
		}
	}
	return false
}

// sharedSurname names a given name coordinated with a full name after the
// surname they share: "Ivan" in "Ivan and Olga Petrov" is Ivan Petrov.
func (ns *nameScan) sharedSurname(i int) bool {
	n := len(ns.toks)
	if i+4 > n || ns.toks[i+1].Lower != "and" || !ns.d.lx.GivenName(ns.word(i)) || !ns.d.lx.GivenName(ns.word(i+2)) ||
		!ns.capWord(i+2) || !ns.capWord(i+3) || ns.at[i+2] >= 0 && ns.refs[ns.at[i+2]].Type != ontology.Person {
		return false
	}
	if i+4 < n && ns.capWord(i+4) {
		return false // "Ivan and Olga Maria Petrova": not sure where the surname starts
	}
	name := ns.word(i) + " " + ns.word(i+3)
	ns.d.entity(ontology.Key(ontology.Person, name), name, ontology.Person, ns.toks[i].Start)
	return ns.add(Ref{Key: ontology.Key(ontology.Person, name), Type: ontology.Person, Start: i, End: i + 1, Method: MethodNER, Conf: 0.7}) >= 0
}

// titleOnly reports a run that is a title and nothing more: "the Canadian
// Prime Minister" names no body called "Minister".
func (ns *nameScan) titleOnly(s, e int) bool {
	words := ns.words[:e]
	for i := s; i < e; i++ {
		if m := ns.d.lx.Titles().Match(words, i); m > 0 && i+m == e {
			return true
		}
	}
	return false
}

// embassy words name a mission together with its host country.
var embassy = map[string]bool{"embassy": true, "consulate": true, "mission": true, "high commission": true}

// affixWord reports a hyphenated modifier such as "Kremlin-connected",
// "US-based" or "China-linked": a description, not a name.
func (ns *nameScan) affixWord(i int) bool {
	w := ns.toks[i].Lower
	k := strings.LastIndexByte(w, '-')
	if k <= 0 {
		return false
	}
	suf := w[k+1:]
	return suf == "based" || ns.d.lx.Is("affix", suf)
}

// nameFirst reports a word that types the name it starts: "Operation" in
// "Operation Winter-Gate" (an EVENT), even as the first word of a sentence.
func (ns *nameScan) nameFirst(i int) bool {
	_, ok := ns.d.lx.Class("namefirst").Value(ns.toks[i].Lower)
	return ok && i+1 < len(ns.toks) && ns.capWord(i+1)
}

// namehead returns the type that word w gives a name it ends.
func (ns *nameScan) namehead(w string) (ontology.EntityType, bool) {
	t, ok := ns.d.lx.Class("namehead").Value(w)
	return ontology.EntityType(t), ok
}

// runEnd returns the end of the name that starts at i.
func (ns *nameScan) runEnd(i int) int {
	n := len(ns.toks)
	j := i
	end := i
	head := false
	ofList := false
	for j < n && ns.at[j] < 0 && !ns.used[j] {
		w := ns.toks[j].Lower
		switch {
		case ns.capWord(j) && !ns.affixWord(j):
			if _, ok := ns.namehead(w); ok {
				head = true
			}
			j++
			end = j
			continue

		case w == "'s" && j+1 < n && ns.capWord(j+1) && ns.at[j+1] < 0:
			if _, ok := ns.namehead(ns.toks[j+1].Lower); ok {
				j++ // "U.S. Attorney's Office"
				continue
			}
		case (w == "of" || w == "for" || w == "on" || w == "de") && head:
			k := j + 1
			if k < n && ns.toks[k].Lower == "the" {
				k++
			}
			if ns.capWord(k) && ns.at[k] < 0 {
				ofList = w == "of"
				j = k
				continue
			}
		case w == "and" || w == "&":
			k := j + 1
			if !ns.capWord(k) || ns.at[k] >= 0 {
				break
			}
			// the words after "and" up to the end of the capitals
			r := k
			h2 := false
			for r < n && ns.at[r] < 0 && ns.capWord(r) {
				if _, ok := ns.namehead(ns.toks[r].Lower); ok {
					h2 = true
				}
				r++
			}
			// "Nanjing Kexin Software and Network Services Co.": a company
			// suffix closes one name
			company := r > k+1 && ns.d.lx.Is("legalform", ns.toks[r-1].Lower)
			// "two Iranian companies, Emennet Pasargad and Najee
			// Technology": items of a list in apposition to a plural
			listed := i >= 2 && ns.toks[i-1].Lower == "," && ns.toks[i-2].Tag == syntax.NNS
			if head && !h2 && (ofList || j > i) || head && ofList && r-k == 1 || !head && h2 && !listed && (j-i <= 3 || company) {
				j = k
				continue
			}
		case w == "," && ofList && j+1 < n && ns.capWord(j+1) && ns.at[j+1] < 0:
			// "Bureau of Alcohol, Tobacco, Firearms and Explosives"
			k := j + 2
			for k < n && ns.capWord(k) && ns.at[k] < 0 {
				k++
			}
			if k < n && (ns.toks[k].Lower == "," || ns.toks[k].Lower == "and") {
				j++
				continue
			}
		}
		break
	}
	return end
}

// nameType types the name [s, e) and says how sure the type is; "" drops
// the run.
func (ns *nameScan) nameType(s, e int) (ontology.EntityType, float64) {
	if s > 0 && ns.d.lx.Is("quantdet", ns.toks[s-1].Lower) {
		return "", 0 // "every Member State": a common noun written capitalized
	}
	if e == s+1 && ns.opener(s) && e+1 < len(ns.toks) && (ns.toks[e].Tag == syntax.NN || ns.toks[e].Tag == syntax.NNS) &&
		!syntax.IsCap(ns.word(e)) && ns.capWord(e+1) {
		return "", 0 // "Security firm ESET said": the capital opens the sentence and the name's description
	}
	if t, ok := ns.kindBefore(s); ok {
		return t, 0.85 // "a new backdoor called Kapeka", "the hacking group Velvet Ant"
	}
	if t, ok := ns.kindAfter(e); ok {
		return t, 0.8 // "Velvet Ant, a China-nexus threat actor,"
	}
	last := ns.toks[e-1].Lower
	if t, ok := ns.namehead(last); ok {
		return t, 0.85
	}
	if e-s >= 2 && ns.nameFirst(s) {
		t, _ := ns.d.lx.Class("namefirst").Value(ns.toks[s].Lower)
		return ontology.EntityType(t), 0.85
	}
	for i := s + 1; i < e-1; i++ {
		if w := ns.toks[i].Lower; w == "of" || w == "for" {
			// "Bureau of Alcohol, Tobacco, Firearms and Explosives",
			// "Laboratory for Computer Virus Prevention": the head before
			// the "of" types the name
			if t, ok := ns.namehead(ns.toks[i-1].Lower); ok {
				return t, 0.85
			}
			break
		}
	}
	if ns.d.lx.Is("groupnoun", last) && e-s >= 2 {
		return ontology.ThreatGroup, 0.85
	}
	words := e - s
	first := ns.word(s)
	initial := false
	for i := s; i < e; i++ {
		if w := ns.word(i); len(w) == 2 && w[1] == '.' {
			initial = true
		}
	}
	personNoun := s > 0 && ns.toks[s-1].Kind == syntax.Word && !syntax.IsCap(ns.word(s-1)) && ns.d.lx.Is("person", ns.toks[s-1].Lower)
	switch {
	case words >= 2 && words <= 4 && (ns.d.lx.GivenName(first) || ns.d.lx.FamilyName(first) && words <= 3 || initial || personNoun):
		return ontology.Person, 0.8
	case words >= 2 && words <= 3 && ns.personContext(s, e):
		return ontology.Person, 0.7
	case words == 2 && ns.d.lx.FamilyName(ns.word(e-1)) && !syntax.IsAllCaps(first):
		return ontology.Person, 0.7 // "Jian Guo": an East Asian family name after the given name
	case words == 1 && ns.ageAfter(e) && !syntax.IsAllCaps(first):
		return ontology.Person, 0.7 // "Sheppard, 19, of …": a surname with an age
	case words <= 3 && ns.homeAfterAge(s) && !syntax.IsAllCaps(first):
		return ontology.Location, 0.7 // "Tom Reed, 31, of Bristol": where the person lives
	case words == 1 && s > 0 && (ns.toks[s-1].Lower == "in" || ns.toks[s-1].Lower == "near" || ns.toks[s-1].Lower == "at") && !syntax.IsAllCaps(first):
		return ontology.Location, 0.6
	case words == 1 && len(first) >= 3 && syntax.IsAllCaps(first) && ns.listedOrg(s):
		return ontology.Organization, 0.6 // "…, Pasit and SVA": an acronym listed with companies is one
	case words == 1 && (len(first) <= 2 || syntax.IsAllCaps(first)):
		return "", 0 // an unknown acronym: named only where the text defines it
	case words == 1 && (ns.toks[s].Tag.IsAdj() || lowerPart(first) || ns.d.common(ns.toks[s].Lower)):
		return "", 0 // "European", "Soviet-style", "Parliament": a common word written capitalized
	case ns.toks[e-1].Kind == syntax.Number || ns.d.lx.Is("nonentity", last):
		return "", 0 // "USD 2", "Criminal Code Act 1995": amounts and laws are no entities
	case words == 1 && ns.headAfterArticle(s):
		return "", 0 // "outside a Gurdwara": a common noun written capitalized
	case words == 1 && ns.quotedAfterAs(s) && adjectival(ns.toks[s].Lower):
		return "", 0 // "dismissed the report as \"Russophobic\"": an adjective quoted as a verdict
	case words <= 3 && ns.placeAfter(e):
		return ontology.Location, 0.7 // "Bangor, Mass.", "Dunmore, Pennsylvania": a town and its state
	case ns.toks[s].Tag == syntax.NNP || ns.toks[s].Tag == syntax.NNPS || !ns.opener(s):
		return ontology.Organization, 0.6
	}
	return "", 0
}

// headAfterArticle reports a capitalized word after "a" or "an" that heads
// its phrase ("shot outside a Gurdwara."): names do not take the
// indefinite article unless they modify a noun ("a Tesla engineer").
func (ns *nameScan) headAfterArticle(i int) bool {
	if i == 0 || ns.toks[i-1].Lower != "a" && ns.toks[i-1].Lower != "an" {
		return false
	}
	if i+1 >= len(ns.toks) {
		return true
	}
	next := ns.toks[i+1]
	return next.Kind == syntax.Punct || next.Tag == syntax.IN || next.Tag == syntax.OF || next.Tag.IsVerb()
}

// placeAfter reports a comma and a region's name right after token e-1: the
// name before it is a town of that region ("Dunmore, Pennsylvania").
func (ns *nameScan) placeAfter(e int) bool {
	if e+1 >= len(ns.toks) || ns.toks[e].Lower != "," || ns.at[e+1] < 0 {
		return false
	}
	r := ns.refs[ns.at[e+1]]
	return r.Type == ontology.Location && !r.Demonym && (r.End == len(ns.toks) || !ns.capWord(r.End))
}

// lowerPart reports a hyphenated word with a lower-case part ("EU-wide",
// "Hollywood-like").
func lowerPart(w string) bool {
	i := strings.LastIndexByte(w, '-')
	return i > 0 && i+1 < len(w) && w[i+1] >= 'a' && w[i+1] <= 'z'
}

// personContext reports cues that a capitalized pair names a person: an
// age after it (", 61,"), a speech verb next to it, "Mr."/"Ms." before it.
func (ns *nameScan) personContext(s, e int) bool {
	n := len(ns.toks)
	if e+2 < n && ns.toks[e].Lower == "," && ns.toks[e+1].Kind == syntax.Number && len(ns.toks[e+1].Lower) <= 3 {
		return true
	}
	for _, k := range []int{e, s - 1} {
		if k >= 0 && k < n && ns.d.lx.Is("speech", ns.toks[k].Lower) && ns.toks[k].Tag.IsVerb() {
			return true
		}
	}
	if e < n && (ns.toks[e].Lower == "said" || ns.toks[e].Lower == "says" || ns.toks[e].Lower == "told") {
		return true
	}
	if ns.describedAsPerson(e) {
		return true
	}
	return ns.peopleListed(s)
}

// peopleListed reports a name in a list in apposition to a plural noun for
// people: "two other men, Olek Varga and Piet Roos", "three suspects, A, B
// and C".
func (ns *nameScan) peopleListed(s int) bool {
	x := s - 1
	for ; x >= 0 && s-x <= 16 && (ns.toks[x].Lower == "," || ns.toks[x].Lower == "and" || ns.capWord(x)); x-- {
	}
	if x < 0 || x+1 >= s || ns.toks[x+1].Lower != "," || ns.toks[x].Kind != syntax.Word {
		return false
	}
	w := ns.toks[x].Lower
	return ns.d.lx.Is("person", w) && (strings.HasSuffix(w, "s") || w == "men" || w == "women" || w == "people")
}

// absorbPrefix extends an agency or organization name over a country or
// body right before it ("U.S." + "Attorney's Office", "FBI" + "New York
// Field Office", "Chinese" + "Embassy"), recording part_of. It returns the
// new start.
func (ns *nameScan) absorbPrefix(s, e int, typ ontology.EntityType) int {
	if s == 0 || ns.at[s-1] < 0 {
		return s
	}
	k := ns.at[s-1]
	r := ns.refs[k]
	switch {
	case typ == ontology.Agency && (r.Type == ontology.Country || r.Type == ontology.Agency):
	case typ == ontology.Organization && r.Demonym && e-s >= 3 && r.End == s:
		// "the Australian Security Intelligence Organisation": a demonym
		// that begins a long name is part of it
		ns.drop(k)
		return r.Start
	default:
		return s
	}
	ns.drop(k)
	name := ns.span(r.Start, e)
	key := ontology.Key(typ, name)
	ns.facts = append(ns.facts, Fact{Subject: key, Pred: ontology.PartOf, Object: r.Key, Conf: 0.85})
	return r.Start
}

// acronyms links "Long Name (LN)" and "LN (Long Name)": the acronym names the
// entity of the long name for the rest of the document. Lists after
// "aka" or "also known as" are names of the entity before them.
func (ns *nameScan) acronyms() {
	n := len(ns.toks)
	for i := 1; i+2 < n; i++ {
		if ns.toks[i].Lower != "(" {
			continue
		}
		if ns.toks[i+2].Lower == ")" && isAcronym(ns.word(i+1)) && ns.at[i-1] >= 0 {
			long := ns.refs[ns.at[i-1]]
			if long.Demonym || long.Type == ontology.Person {
				continue
			}
			if k := ns.at[i+1]; k >= 0 {
				if ns.refs[k].Key == long.Key {
					continue
				}
				ns.drop(k)
			}
			acr := ns.word(i + 1)
			ns.d.addLocal(acr, long.Key, caseExact)
			ns.add(Ref{Key: long.Key, Type: long.Type, Start: i + 1, End: i + 2, Method: MethodAcronym, Conf: 0.95})
			continue
		}
		if ns.toks[i+1].Lower == "aka" || ns.toks[i+1].Lower == "a.k.a." {
			owner := i - 1
			if ns.toks[owner].Lower == "," && owner > 0 {
				owner--
			}
			ns.akaList(i+2, owner)
		}
	}
	for i := 1; i+3 < n; i++ {
		// "also known as", "also tracked as", "also called"
		if ns.toks[i].Lower != "also" || !ns.namingParticiple(i+1) {
			continue
		}
		start := i + 2
		if ns.toks[start].Lower == "as" {
			start++
		} else if ns.toks[i+1].Lower == "known" || ns.toks[i+1].Lower == "tracked" {
			continue // "also known to …"
		}
		b := i - 1
		if ns.toks[b].Lower == "," && b > 0 {
			b--
		}
		if start < n {
			ns.akaList(start, b)
		}
	}
}

// akaList adds the names listed from token i as aliases of the entity
// whose name ends at token owner.
func (ns *nameScan) akaList(i, owner int) {
	if owner < 0 || ns.at[owner] < 0 {
		return
	}
	o := ns.refs[ns.at[owner]]
	if o.Demonym {
		return
	}
	n := len(ns.toks)
	for i < n {
		w := ns.toks[i].Lower
		if w == "," || w == "and" || w == "\"" || w == "'" {
			i++
			continue
		}
		if !ns.capWord(i) && ns.at[i] < 0 {
			return
		}
		e := i
		if k := ns.at[i]; k >= 0 {
			e = ns.refs[k].End
			ns.drop(k)
		} else {
			for e < n && ns.at[e] < 0 && ns.capWord(e) {
				e++
			}
		}
		if e <= i {
			return
		}
		alias := ns.span(i, e)
		ns.d.addLocal(alias, o.Key, caseFirst)
		ns.add(Ref{Key: o.Key, Type: o.Type, Start: i, End: e, Method: MethodNER, Conf: 0.9})
		i = e
	}
}

// quotedAfterAs reports a quotation mark between "as" and token s: the
// word after it is quoted as a verdict, not named.
func (ns *nameScan) quotedAfterAs(s int) bool {
	if s < 1 || ns.toks[s-1].Lower != "as" {
		return false
	}
	return strings.ContainsAny(ns.d.text[ns.toks[s-1].End:ns.toks[s].Start], "\"“‘'")
}

// adjectival reports a word with an adjective's ending ("russophobic",
// "baseless", "provocative").
func adjectival(w string) bool {
	for _, suf := range []string{"ic", "ous", "ful", "less", "ive", "able", "ible", "ish", "ical"} {
		if strings.HasSuffix(w, suf) && len(w) > len(suf)+3 {
			return true
		}
	}
	return false
}
