package extract

import (
	"strings"

	"github.com/newsgraph/newsgraph/ontology"
)

// appositionHeads type a name by the noun of the apposition after it:
// "Chatex, a cryptocurrency exchange", "TeamViewer, a remote access program".
var appositionHeads = map[string]ontology.EntityType{
	"company": ontology.Organization, "firm": ontology.Organization, "exchange": ontology.Organization,
	"provider": ontology.Organization, "vendor": ontology.Organization, "maker": ontology.Organization,
	"manufacturer": ontology.Organization, "developer": ontology.Organization, "startup": ontology.Organization,
	"bank": ontology.Organization, "university": ontology.Organization, "contractor": ontology.Organization,
	"subsidiary": ontology.Organization, "business": ontology.Organization, "newspaper": ontology.Organization,
	"organization": ontology.Organization, "organisation": ontology.Organization, "operator": ontology.Organization,
	"retailer": ontology.Organization, "insurer": ontology.Organization, "utility": ontology.Organization,
	"hospital": ontology.Organization, "charity": ontology.Organization, "nonprofit": ontology.Organization,
	"service": ontology.Organization, "outlet": ontology.Organization, "broadcaster": ontology.Organization,
	"program": ontology.Tool, "tool": ontology.Tool, "utility program": ontology.Tool,
	"software": ontology.Product, "app": ontology.Product, "application": ontology.Product,
	"product": ontology.Product, "appliance": ontology.Product, "platform": ontology.Product,
	"malware": ontology.Malware, "ransomware": ontology.Malware, "trojan": ontology.Malware,
	"backdoor": ontology.Malware, "strain": ontology.Malware, "variant": ontology.Malware, "wiper": ontology.Malware,
	"agency": ontology.Agency, "ministry": ontology.Agency, "department": ontology.Agency, "regulator": ontology.Agency,
	"gang": ontology.ThreatGroup, "syndicate": ontology.ThreatGroup,
	"national": ontology.Person, "citizen": ontology.Person, "resident": ontology.Person, "official": ontology.Person,
	"executive": ontology.Person, "researcher": ontology.Person, "spokesman": ontology.Person,
	"spokeswoman": ontology.Person, "hacker": ontology.Person, "programmer": ontology.Person,
}

// groupModifiers make "group" a hacking group: "a ransomware group".
var groupModifiers = map[string]bool{"hacking": true, "hacker": true, "cyber": true, "cybercrime": true,
	"criminal": true, "ransomware": true, "espionage": true, "threat": true, "apt": true, "extortion": true,
	"state-sponsored": true, "state-backed": true, "cyberespionage": true}

// appositionTypes retypes a name found by its form (casing) by the
// apposition after it, and confirms it: a name described as "a cryptocurrency
// exchange" is an organization, not a weak guess.
func (d *doc) appositionTypes(ss *sent) {
	for k := range ss.ms {
		m := ss.ms[k]
		if m.method != MethodNER || m.typ != ontology.Organization && m.typ != ontology.Person || m.e+2 >= len(ss.toks) || ss.lw[m.e] != "," {
			continue
		}
		j := m.e + 1
		if ss.lw[j] != "a" && ss.lw[j] != "an" && ss.lw[j] != "the" {
			continue
		}
		typ := ontology.EntityType("")
		for x := j + 1; x < len(ss.toks) && x < j+7; x++ {
			w := ss.lw[x]
			if ss.toks[x].kind == tkPunct || relativizers[w] || objectPreps[w] || w == "of" || ss.at[x] >= 0 && !ss.mentAt(x).dem && ss.mentAt(x).typ != ontology.Sector && ss.mentAt(x).typ != ontology.Location {
				break
			}
			if t, ok := appositionHeads[w]; ok {
				typ = t
				// a head is the last noun: "a software company" is a company
				if x+1 < len(ss.toks) {
					if _, more := appositionHeads[ss.lw[x+1]]; more {
						continue
					}
				}
				break
			}
			if w == "group" && groupModifiers[ss.lw[x-1]] {
				typ = ontology.ThreatGroup
				break
			}
		}
		if typ == "" || typ == ontology.Person && m.typ != ontology.Person {
			continue
		}
		name := m.name
		if name == "" {
			name = ss.span(m.s, m.e)
		}
		d.retype(m.key, MakeKey(typ, name), name)
		ss.ms[k].typ = typ
		ss.ms[k].key = MakeKey(typ, name)
		ss.ms[k].name = name
		ss.ms[k].weak = false
		ss.ms[k].conf = 0.75
		ss.ms[k].alias = "named with an apposition"
	}
}

// listKinds are nouns that introduce a list of named software:
// "tools such as Mimikatz, WinPEAS and BitLocker".
var listKinds = map[string]ontology.EntityType{"tools": ontology.Tool, "utilities": ontology.Tool,
	"programs": ontology.Tool, "malware": ontology.Malware, "ransomware": ontology.Malware,
	"backdoors": ontology.Malware, "implants": ontology.Malware, "families": ontology.Malware,
	"products": ontology.Product, "applications": ontology.Product}

// softwareLists types the names in "tools such as A, B and C" (or
// "including") as tools, malware or products.
func (d *doc) softwareLists(ss *sent) {
	for i := 0; i+2 < len(ss.toks); i++ {
		typ, ok := listKinds[ss.lw[i]]
		if !ok || ss.at[i] >= 0 {
			continue
		}
		j := i + 1
		switch {
		case ss.lw[j] == "such" && ss.lw[j+1] == "as":
			j += 2
		case ss.lw[j] == "including" || ss.lw[j] == "like":
			j++
		default:
			continue
		}
		for x := j; x < len(ss.toks) && x < j+30; x++ {
			w := ss.lw[x]
			if w == ";" || w == "." || w == ":" {
				break
			}
			m := ss.mentAt(x)
			if m == nil || m.s != x {
				continue
			}
			if m.method == MethodNER && (m.typ == ontology.Organization || m.typ == ontology.Person) {
				k := ss.at[x]
				name := ss.span(m.s, m.e)
				d.retype(m.key, MakeKey(typ, name), name)
				ss.ms[k].typ, ss.ms[k].key, ss.ms[k].name, ss.ms[k].weak, ss.ms[k].conf = typ, MakeKey(typ, name), name, false, 0.7
				ss.ms[k].alias = "named in a list of " + ss.lw[i]
			}
			x = m.e - 1
			// the list goes on only after a comma or "and"
			if m.e < len(ss.toks) && !(ss.lw[m.e] == "," || ss.lw[m.e] == "and" || ss.lw[m.e] == "for" || ss.lw[m.e] == "to") {
				break
			}
		}
	}
}

// namedIncidents makes "the attack on Acme Logistics" an event of its own
// when the victim is a named organization no gazetteer event knows: kept
// only when a claim is about it.
func (d *doc) namedIncidents(ss *sent) {
	for i := 1; i+2 < len(ss.toks); i++ {
		if ss.at[i] >= 0 || !(ss.lw[i-1] == "the" || ss.lw[i-1] == "'s" || ss.toks[i-1].kind == tkNumber) {
			continue
		}
		n := d.g.lex.matchCue("attack", ss.lw, i)
		if n == 0 || strings.HasSuffix(ss.lw[i+n-1], "s") || i+n+1 >= len(ss.toks) || !ss.free(i, i+n+1) {
			continue
		}
		if p := ss.lw[i+n]; p != "on" && p != "against" && p != "of" {
			continue
		}
		m := ss.mentAt(i + n + 1)
		if m == nil || m.s != i+n+1 || m.dem || m.typ != ontology.Organization && m.typ != ontology.Agency {
			continue
		}
		if m.e < len(ss.toks) && (ss.lw[m.e] == "'s" || ss.at[m.e] < 0 && ss.toks[m.e].kind == tkWord && !isCap(ss.word(m.e)) && !stopCaps[ss.lw[m.e]] && ss.lw[m.e] != "and") {
			continue // "the hack of Acme's networks", "the attack on Acme servers": not the incident's name
		}
		inner := *m
		name := ss.span(i, m.e)
		ss.remove(ss.at[m.s])
		inner.weak = false
		ss.inner = append(ss.inner, inner)
		ss.add(ment{s: i, e: inner.e, key: MakeKey(ontology.Event, name), typ: ontology.Event, method: MethodDescribed,
			alias: "attack noun and named victim", conf: 0.7, name: name, weak: true})
		i = inner.e - 1
	}
}

// retype records that a name guessed from its form (oldKey) is known to be
// newKey: later mentions of the name resolve to newKey, and earlier ones
// are merged into it when the document is done.
func (d *doc) retype(oldKey, newKey, name string) {
	if oldKey == newKey {
		return
	}
	d.retyped[oldKey] = newKey
	d.addLocal(name, newKey, caseFirst)
}

// flawNouns name a weakness in a product: "flaws in Acme Gateway".
var flawNouns = map[string]bool{"vulnerability": true, "vulnerabilities": true, "flaw": true, "flaws": true,
	"bug": true, "bugs": true, "zero-day": true, "zero-days": true, "weakness": true, "weaknesses": true,
	"exploit": true, "exploits": true, "hole": true, "holes": true, "loophole": true}

// flawedProducts types the names after "a vulnerability in" or "flaws
// affecting" as products: "flaws in Acme Gateway and Zyxel NAS devices".
func (d *doc) flawedProducts(ss *sent) {
	for i := 1; i+1 < len(ss.toks); i++ {
		w := ss.lw[i]
		if w != "in" && w != "affecting" && w != "impacting" || ss.at[i] >= 0 {
			continue
		}
		near := false
		for x := i - 1; x >= 0 && x >= i-3; x-- {
			if flawNouns[ss.lw[x]] {
				near = true
				break
			}
			if ss.at[x] >= 0 && ss.mentAt(x).typ != ontology.Vulnerability || ss.toks[x].kind == tkPunct {
				break
			}
		}
		if !near {
			continue
		}
		for x := i + 1; x < len(ss.toks) && x < i+12; x++ {
			if determinerish[ss.lw[x]] && ss.at[x] < 0 {
				continue
			}
			m := ss.mentAt(x)
			if m == nil || m.s != x {
				break
			}
			if m.method == MethodNER && m.weak && (m.typ == ontology.Organization || m.typ == ontology.Person) {
				k := ss.at[x]
				name := ss.span(m.s, m.e)
				d.retype(m.key, MakeKey(ontology.Product, name), name)
				ss.ms[k].typ, ss.ms[k].key, ss.ms[k].name, ss.ms[k].weak, ss.ms[k].conf = ontology.Product, MakeKey(ontology.Product, name), name, false, 0.65
				ss.ms[k].alias = "named as a flawed product"
			}
			y := m.e
			for y < len(ss.toks) && ss.at[y] < 0 && productNouns[ss.lw[y]] {
				y++ // "Zyxel NAS devices"
			}
			if y < len(ss.toks) && (ss.lw[y] == "and" || ss.lw[y] == "," || ss.lw[y] == "or") {
				x = y
				continue
			}
			break
		}
	}
}
