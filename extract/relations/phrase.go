package relations

import (
	"strings"

	"github.com/newsgraph/newsgraph/extract/mentions"
	"github.com/newsgraph/newsgraph/extract/syntax"
	"github.com/newsgraph/newsgraph/ontology"
)

// phrases finds what noun phrases state by their form: appositions
// ("Zhu Hua, a member of APT10"), modifiers ("two Chinese nationals",
// "MSS-affiliated hackers", "US-based Recorded Future", "FBI agents"),
// possessors ("China's Ministry of State Security", "Russia's Kaspersky
// Lab"), "of"/"in"/"from" phrases ("the Chinese Embassy in India", "Lu, 61,
// of the Bronx") and places named together ("Salisbury, Wiltshire").
func (u *run) phrases() {
	syn := u.syn
	for _, a := range syn.Appositions {
		if g := syn.GroupOf(a.Appos); g != nil && len(g.NPs) > 1 {
			u.memberList(a.NP, g.NPs)
			continue
		}
		name, desc := a.NP, a.Appos
		if !u.isName(name) && u.isName(desc) {
			name, desc = desc, name
		}
		r, ok := u.s.Ref(name)
		if !ok || u.isName(desc) {
			continue
		}
		u.hostNoun(desc, []mentions.Ref{r}, mood{hedge: u.npHedged(desc)}, 0.9)
		if r.Type == ontology.Organization || r.Type == ontology.Agency {
			// "Chengdu 404, a company in Chengdu": where the description places it
			for _, p := range u.ppsAfter(desc) {
				if p.prep == "in" || p.prep == "based in" {
					for _, o := range u.refs(p.nps) {
						if o.Type == ontology.Location || o.Type == ontology.Country {
							u.emit(Claim{Subject: r.Key, Object: o.Key, Pred: ontology.LocatedIn, Conf: 0.8, Verb: "in", Rule: "place"})
						}
					}
				}
				break
			}
		}
	}
	for k, c := range syn.Chunks {
		if c.Kind != syntax.NP {
			continue
		}
		r, ok := u.s.Ref(k)
		if !ok {
			continue
		}
		if !u.hostDone[k] {
			u.describe(k, []mentions.Ref{r}, mood{}, 0.9)
		}
		u.possessor(k, r)
		u.placePhrase(k, r)
		u.stateEvent(k, r)
	}
	for k, c := range syn.Chunks {
		if w := syn.Tokens[c.Start].Lower; c.Kind == syntax.NP && (w == "both" || w == "all") && k > 1 && syn.Chunks[k-1].Kind == syntax.Comma {
			u.bothNationals(k)
		}
	}
}

// bothNationals gives the people before ", both U.S. citizens" the
// nationality it names: "A, 61, of Queens, and B, 59, of Brooklyn, both
// U.S. citizens", "two men, both Chinese nationals".
func (u *run) bothNationals(k int) {
	syn := u.syn
	if v, _ := u.r.lx.Class("person").Value(syn.Tokens[syn.Chunks[k].Head].Lower); v != string(ontology.Person) {
		return
	}
	var countries []mentions.Ref
	for _, m := range u.s.Mods(k) {
		if m.Type == ontology.Country {
			countries = append(countries, m)
		}
	}
	if len(countries) != 1 {
		return
	}
	var people []mentions.Ref
	for j := k - 2; j >= 0; j-- {
		c := syn.Chunks[j]
		switch c.Kind {
		case syntax.Comma, syntax.Prep, syntax.Conj:
			continue // ", 61, of Queens, and"
		case syntax.NP:
			if r, ok := u.s.Ref(j); ok && (r.Type == ontology.Person || r.Type == ontology.ThreatGroup && len(people) == 0) {
				people = append(people, r)
				if r.Type == ontology.Person {
					continue
				}
				break // "two men, both …": the group, and no more
			}
			if r, ok := u.s.Ref(j); ok && (r.Type == ontology.Location || r.Type == ontology.Country) || syn.Tokens[c.Head].Tag == syntax.CD {
				continue // the age and the home between the names
			}
		}
		break
	}
	for _, p := range people {
		u.emit(Claim{Subject: p.Key, Object: countries[0].Key, Pred: ontology.Nationality, Conf: 0.8, Verb: "both", Rule: "place"})
	}
}

// stateEvent attributes an event described as a state's to the states it
// is placed in: "state-affiliated disinformation operations in Russia,
// Armenia and Iran".
func (u *run) stateEvent(k int, r mentions.Ref) {
	if r.Type != ontology.Event || !u.stateCue(k) && !u.stateWord(k) {
		return
	}
	for _, p := range u.ppsAfter(k) {
		if p.prep != "in" && p.prep != "from" && p.prep != "by" {
			continue
		}
		for _, o := range u.refs(p.nps) {
			if o.Type == ontology.Country {
				u.emit(Claim{Subject: r.Key, Object: o.Key, Pred: ontology.AttributedTo, Conf: 0.6, Verb: u.lower(k), Rule: "modifier"})
			}
		}
	}
}

// stateWord reports a word of state affiliation inside noun phrase k:
// "state-affiliated", "state-backed".
func (u *run) stateWord(k int) bool {
	c := u.syn.Chunks[k]
	for i := c.Start; i < c.Head; i++ {
		w := u.syn.Tokens[i].Lower
		if j := strings.IndexByte(w, '-'); j > 0 && w[:j] == "state" {
			return true
		}
	}
	return false
}

// memberList states that the countries listed after "the Five Eyes
// countries -" or "NATO members:" are members of the body named in the
// phrase, and gives the people or companies listed after "two Russian
// men," or "two Iranian companies," the phrase's description.
func (u *run) memberList(k int, items []int) {
	head := u.syn.Tokens[u.syn.Chunks[k].Head].Lower
	hw := nounLemma(head)
	if u.r.lx.Is("polity", hw) || hw == "member" {
		for _, m := range u.s.Mods(k) {
			if m.Type != ontology.Organization && m.Type != ontology.Agency {
				continue
			}
			for _, it := range u.refs(items) {
				u.emit(Claim{Subject: it.Key, Object: m.Key, Pred: ontology.MemberOf, Conf: 0.8, Verb: u.lower(k), Rule: "list"})
			}
		}
		return
	}
	if _, group := u.s.Ref(k); !group && (u.r.lx.Is("person", head) || u.r.lx.Is("orghead", head)) {
		// "two Russian men, A and B", "two Iranian companies, A and B":
		// the people or companies named, each described as the phrase
		// says (no group of their own)
		if refs := u.refs(items); len(refs) == len(items) {
			u.describe(k, refs, mood{hedge: u.npHedged(k)}, 0.9)
		}
	}
}

// isName reports whether noun phrase k is headed by a name.
func (u *run) isName(k int) bool {
	_, ok := u.s.NameAt(u.syn.Chunks[k].Head)
	return ok
}

// describe applies the modifiers of noun phrase p to the entities it
// describes: a country (nationality of people and groups, part_of for
// bodies, affiliated_with when a sponsor word says so), a body before a
// word for people ("GRU officers": member_of), a sponsor ("MSS-affiliated"),
// a base ("US-based"), "from" a country.
func (u *run) describe(p int, host []mentions.Ref, m mood, conf float64) {
	syn := u.syn
	c := syn.Chunks[p]
	hw := syn.Tokens[c.Head].Lower
	if u.r.lx.Is("allies", hw) || u.r.lx.Is("allies", nounLemma(hw)) {
		return // "the FBI's partner": no part of the FBI
	}
	people := u.r.lx.Is("person", hw) || u.r.lx.Is("actor", hw)
	sponsor, hasSponsor := u.doc.Sponsor(u.s, p)
	state := u.stateCue(p)
	hedged := m.hedge || u.npHedged(p)
	for _, h := range host {
		he := u.doc.Entity(h.Key)
		if he == nil {
			continue
		}
		// calibrated on the development sets: what a description's
		// modifiers say of an unnamed group ("U.S. investigators", "ten
		// Russian diplomats") or of a titled person ("U.S. Attorney Damian
		// Williams") is right less often than what they say of a name
		conf := conf
		if he.Described || he.Type == ontology.Person && he.Role != "" {
			conf *= 0.85
		}
		for _, mod := range u.s.Mods(p) {
			if mod.Seat && he.Type == ontology.Person {
				continue // "Kremlin spokesman Dmitry Peskov": the seat names his office, not his nationality
			}
			if mod.Key == h.Key {
				continue
			}
			me := u.doc.Entity(mod.Key)
			if me == nil {
				continue
			}
			switch mod.Type {
			case ontology.Country:
				switch he.Type {
				case ontology.Person, ontology.ThreatGroup:
					if (state || hasSponsor && sponsor == mod.Key) && !hedged {
						u.emit(Claim{Subject: h.Key, Object: mod.Key, Pred: ontology.AffiliatedWith, Conf: 0.85 * conf, Verb: u.lower(p), Rule: "modifier"})
					}
					switch {
					case state || hasSponsor && sponsor == mod.Key:
					case u.r.lx.Is("dweller", hw):
						// "an Australian permanent resident": where, not whose
						u.emit(Claim{Subject: h.Key, Object: mod.Key, Pred: ontology.LocatedIn, Conf: 0.8 * conf, Verb: u.lower(p), Rule: "modifier"})
					default:
						u.emit(Claim{Subject: h.Key, Object: mod.Key, Pred: ontology.Nationality, Conf: 0.9 * conf, Verb: u.lower(p), Rule: "modifier"})
					}
				case ontology.Agency:
					u.emit(Claim{Subject: h.Key, Object: mod.Key, Pred: ontology.PartOf, Conf: 0.9 * conf, Verb: u.lower(p), Rule: "modifier"})
				case ontology.Organization:
					switch {
					case !mod.Demonym:
					case u.r.lx.Is("orghead", hw):
						// "six Russian technology companies": where the companies
						// are (a named company keeps its nationality: "the
						// Israeli company Unitronics")
						u.emit(Claim{Subject: h.Key, Object: mod.Key, Pred: ontology.LocatedIn, Conf: 0.8 * conf, Verb: u.lower(p), Rule: "modifier"})
					default:
						// "the Israeli group Candiru"
						u.emit(Claim{Subject: h.Key, Object: mod.Key, Pred: ontology.Nationality, Conf: 0.8 * conf, Verb: u.lower(p), Rule: "modifier"})
					}
				}
			case ontology.Location:
				if he.Type == ontology.Organization && !people {
					// "Ivanti, the Utah company that owns …"
					u.emit(Claim{Subject: h.Key, Object: mod.Key, Pred: ontology.LocatedIn, Conf: 0.8 * conf, Verb: u.lower(p), Rule: "modifier"})
				}
			case ontology.Agency, ontology.Organization, ontology.ThreatGroup:
				switch {
				case !people || !(he.Type == ontology.Person || he.Type == ontology.ThreatGroup && he.Described):
				case mod.Type == ontology.Organization && u.r.lx.Is("hostile", hw):
					// "the SolarWinds hackers": named after their victim
				case he.Described && u.r.lx.Is("actor", hw) && !u.r.lx.Is("person", hw):
					// "two suspected REvil affiliates", "SVR actors": people who
					// act for the group, not its members by rank
					u.emit(Claim{Subject: h.Key, Object: mod.Key, Pred: ontology.AffiliatedWith, Conf: 0.8 * conf, Verb: u.lower(p), Rule: "modifier"})
				default:
					// "GRU officers", "senior GRU officials"
					u.emit(Claim{Subject: h.Key, Object: mod.Key, Pred: ontology.MemberOf, Conf: 0.85 * conf, Verb: u.lower(p), Rule: "modifier"})
				}
			}
		}
		if c.Poss >= 0 && p != c.Poss {
			if pr, ok := u.s.Ref(c.Poss); ok && pr.Key != h.Key && he.Type == ontology.Agency && (pr.Type == ontology.Country || pr.Type == ontology.Agency) && u.hostDone[p] {
				u.emit(Claim{Subject: h.Key, Object: pr.Key, Pred: ontology.PartOf, Conf: 0.85 * conf, Verb: u.lower(p), Rule: "modifier"})
			}
		}
		if hasSponsor && sponsor != h.Key && !hedged {
			u.emit(Claim{Subject: h.Key, Object: sponsor, Pred: ontology.AffiliatedWith, Conf: 0.85 * conf, Verb: u.lower(p), Rule: "modifier"})
		}
		if place, ok := u.based(p); ok && place != h.Key {
			u.emit(Claim{Subject: h.Key, Object: place, Pred: ontology.LocatedIn, Conf: 0.9 * conf, Verb: u.lower(p), Rule: "modifier"})
		}
		if he.Type == ontology.Person {
			for _, country := range u.hyphenDemonyms(p) {
				u.emit(Claim{Subject: h.Key, Object: country, Pred: ontology.Nationality, Conf: 0.85 * conf, Verb: u.lower(p), Rule: "modifier"})
			}
		}
	}
}

// hyphenDemonyms returns the countries of a head noun made of demonyms
// ("a Canadian-American", "a British-Iranian"): each part that names a
// country.
func (u *run) hyphenDemonyms(k int) []string {
	syn := u.syn
	c := syn.Chunks[k]
	w := syn.Word(c.Head)
	if !strings.Contains(w, "-") || !syntax.IsCap(w) {
		return nil
	}
	var out []string
	for _, part := range strings.Split(w, "-") {
		key, ok := u.doc.LookupName(part)
		if !ok {
			return nil
		}
		if ge, known := u.doc.Gazetteer().Lookup(key); !known || ge.Type != ontology.Country {
			return nil
		}
		u.doc.Ensure(key, syn.Tokens[c.Head].Start, syn.Tokens[c.Head].End)
		out = append(out, key)
	}
	return out
}

// stateCue reports a state-sponsorship word in noun phrase k
// ("state-sponsored", "government-backed").
func (u *run) stateCue(k int) bool { return u.doc.ModifierIs(u.syn, k, "statecue") }

// based returns the place of an "X-based" modifier in noun phrase k.
func (u *run) based(k int) (string, bool) {
	syn := u.syn
	c := syn.Chunks[k]
	for i := c.Start; i < c.Head; i++ {
		w := syn.Word(i)
		if !strings.HasSuffix(strings.ToLower(w), "-based") {
			continue
		}
		place := w[:len(w)-len("-based")]
		if key, ok := u.doc.LookupName(place); ok {
			u.doc.Ensure(key, syn.Tokens[i].Start, syn.Tokens[i].End)
			return key, true
		}
		if i > c.Start {
			if key, ok := u.doc.LookupName(syn.Word(i-1) + " " + place); ok {
				u.doc.Ensure(key, syn.Tokens[i-1].Start, syn.Tokens[i].End) // "St. Petersburg-based"
				return key, true
			}
		}
	}
	return "", false
}

// possessor states what a possessive says: "China's Ministry of State
// Security" (part_of), "Russia's Kaspersky Lab" (located_in), "Microsoft's
// Tom Burt" (member_of), "Canada's British Columbia" (located_in).
func (u *run) possessor(k int, r mentions.Ref) {
	c := u.syn.Chunks[k]
	p, ok := u.s.Owner(k) // "China's", "its" (the EU's Member States)
	if !ok || p.Key == r.Key {
		return
	}
	if h := u.syn.Tokens[c.Head].Lower; u.r.lx.Is("allies", h) || u.r.lx.Is("allies", nounLemma(h)) {
		return // "the FBI's partner, Florida's Department of Law Enforcement"
	}
	if e, pe := u.doc.Entity(r.Key), u.doc.Entity(p.Key); r.Type == ontology.Agency && e != nil && e.Country != "" && pe != nil {
		// a body of one country is no part of another's (a possessive
		// pronoun's owner is settled by mentions.nationalOwner)
		if owner := pe.Country; p.Type == ontology.Country && p.Key != e.Country || p.Type == ontology.Agency && owner != "" && owner != e.Country {
			return
		}
	}
	var pred ontology.Predicate
	switch {
	case r.Type == ontology.Agency && (p.Type == ontology.Country || p.Type == ontology.Agency):
		pred = ontology.PartOf
	case r.Type == ontology.Organization && p.Type == ontology.Country:
		pred = ontology.LocatedIn
	case r.Type == ontology.Person && (p.Type == ontology.Organization || p.Type == ontology.Agency):
		pred = ontology.MemberOf
	case r.Type == ontology.Location && (p.Type == ontology.Location || p.Type == ontology.Country):
		pred = ontology.LocatedIn
	case r.Type == ontology.Country && p.Type == ontology.Organization:
		pred = ontology.MemberOf // "the EU and its Member States"
	case r.Type == ontology.ThreatGroup && (p.Type == ontology.ThreatGroup || p.Type == ontology.Malware):
		// "its affiliates", "the group's members"
		pred = ontology.AffiliatedWith
		if u.syn.Tokens[c.Head].Lower == "members" {
			pred = ontology.MemberOf
		}
	default:
		return
	}
	u.emit(Claim{Subject: r.Key, Object: p.Key, Pred: pred, Conf: 0.85, Verb: "'s", Rule: "possessive"})
}

// placePhrase states what an "of", "in" or "from" phrase after a name says:
// "Public Security Bureau of China" (part_of), "the Chinese Embassy in
// India" (located_in), "Lu Jianwang, 61, of the Bronx" (located_in), "three
// hacker groups from North Korea" (nationality), and two places side by
// side ("Salisbury, Wiltshire").
func (u *run) placePhrase(k int, r mentions.Ref) {
	syn := u.syn
	pps := u.ppsAfter(k)
	if len(pps) == 0 {
		// "Salisbury, Wiltshire"; "Lu Jianwang, 61, of the Bronx"
		j := k + 1
		if j+1 < len(syn.Chunks) && syn.Chunks[j].Kind == syntax.Comma {
			if syn.Chunks[j+1].Kind == syntax.NP && r.Type == ontology.Agency && u.isName(k) && (j+2 == len(syn.Chunks) || syn.Chunks[j+2].Kind == syntax.Comma) {
				// "the Ministry of External Affairs, India, said": the country it serves
				if p, ok := u.s.Ref(j + 1); ok && p.Type == ontology.Country && !p.Demonym && u.isName(j+1) {
					u.emit(Claim{Subject: r.Key, Object: p.Key, Pred: ontology.PartOf, Conf: 0.8, Verb: ",", Rule: "place"})
				}
			}
			if syn.Chunks[j+1].Kind == syntax.NP && r.Type == ontology.Location {
				if p, ok := u.s.Ref(j + 1); ok && (p.Type == ontology.Location || p.Type == ontology.Country) && u.isName(j+1) {
					u.emit(Claim{Subject: r.Key, Object: p.Key, Pred: ontology.LocatedIn, Conf: 0.8, Verb: ",", Rule: "place"})
				}
			}
			if r.Type == ontology.Person && j+3 < len(syn.Chunks) && syn.Chunks[j+1].Kind == syntax.NP &&
				syn.Tokens[syn.Chunks[j+1].Head].Tag == syntax.CD && syn.Chunks[j+2].Kind == syntax.Comma {
				pps = u.ppsAfter(j + 2)
				if len(pps) > 0 && pps[0].prep != "of" {
					pps = nil
				}
			}
		}
	}
	if len(pps) == 0 {
		return
	}
	p := pps[0]
	for _, o := range u.refs(p.nps) {
		if !u.isName(p.nps[0]) {
			continue
		}
		var pred ontology.Predicate
		switch {
		case p.prep == "of" && r.Type == ontology.Agency && (o.Type == ontology.Country || o.Type == ontology.Agency):
			pred = ontology.PartOf // "Unit 61398 of the People's Liberation Army"
		case p.prep == "in" && (r.Type == ontology.Agency || r.Type == ontology.Location) && (o.Type == ontology.Country || o.Type == ontology.Location) && u.isName(k) && o.Key != r.Key:
			pred = ontology.LocatedIn // "the Chinese Embassy in India", "Bognor Regis in the United Kingdom"
		case p.prep == "of" && r.Type == ontology.Person && o.Type == ontology.Location:
			if e := u.doc.Entity(r.Key); e != nil && e.Role != "" && u.jurisdiction(o.Key) {
				continue // "U.S. Attorney X of the Northern District of California": a jurisdiction, not a home
			}
			pred = ontology.LocatedIn
		case p.prep == "of" && r.Type == ontology.Person && (o.Type == ontology.Agency || o.Type == ontology.Organization && o.Method != mentions.MethodNER) && u.isName(k):
			// "Detective Superintendent Tero Muurman of the NBI"
			pred = ontology.MemberOf
		case p.prep == "from" && (r.Type == ontology.ThreatGroup || r.Type == ontology.Person) && o.Type == ontology.Country:
			pred = ontology.Nationality
		default:
			continue
		}
		u.emit(Claim{Subject: r.Key, Object: o.Key, Pred: pred, Conf: 0.8, Verb: p.prep, Rule: "place"})
	}
}

// jurisdiction reports a place that is a court's or an office's district
// ("the Northern District of California"): an official "of" it serves
// there and need not live there.
func (u *run) jurisdiction(key string) bool {
	e := u.doc.Entity(key)
	if e == nil {
		return false
	}
	for _, w := range strings.Fields(strings.ToLower(e.Name)) {
		if u.r.lx.Is("jurisdiction", w) {
			return true
		}
	}
	return false
}
