package mentions

import (
	"strings"

	"github.com/newsgraph/newsgraph/extract/syntax"
	"github.com/newsgraph/newsgraph/ontology"
)

// titleOfThe reports a title and "of the" right before token s: "Deputy
// Secretary of the" before "Treasury".
func (ns *nameScan) titleOfThe(s int) bool {
	if s < 3 || ns.toks[s-1].Lower != "the" || ns.toks[s-2].Lower != "of" {
		return false
	}
	for x := max(0, s-6); x < s-2; x++ {
		if ns.d.lx.Titles().Match(ns.words, x) == s-2-x {
			return true
		}
	}
	return false
}

// twoWordName reports exactly two capitalized words from token e, then no
// capital: the shape of a person's name after a title's body.
func (ns *nameScan) twoWordName(e int) bool {
	return e+1 < len(ns.toks) && ns.capWord(e) && ns.capWord(e+1) && ns.at[e] < 0 &&
		(e+2 == len(ns.toks) || !ns.capWord(e+2))
}

// localBodies names a body of a state, region or city after its place, as
// such bodies are named: "Ohio's Department of Parks" is the "Ohio
// Department of Parks", with the possessive form as an alias. A country's
// body keeps its own name ("China's Ministry of State Security"); only a
// body the gazetteer does not know is renamed.
func (ns *nameScan) localBodies() {
	for k := range ns.refs {
		r := ns.refs[k]
		if r.Key == "" || r.Type != ontology.Agency || r.Method != MethodNER || r.Start < 2 || ns.at[r.Start] != k ||
			ns.toks[r.Start-1].Lower != "'s" || ns.at[r.Start-2] < 0 || ns.d.g.lookup(r.Key) != nil {
			continue
		}
		p := ns.refs[ns.at[r.Start-2]]
		ge := ns.d.g.lookup(p.Key)
		if ge == nil || ge.Type != ontology.Location || ge.Country == "" || p.End != r.Start-1 {
			continue
		}
		name := ge.Name + " " + ns.span(r.Start, r.End)
		key := ontology.Key(ontology.Agency, name)
		e := ns.d.entity(key, name, ontology.Agency, ns.toks[p.Start].Start)
		e.AddAlias(ns.span(p.Start, r.End))
		for i := range ns.facts {
			if ns.facts[i].Subject == r.Key {
				ns.facts[i].Subject = key
			}
		}
		ns.refs[k].Key = key
	}
}

// afterArticle reports a run of capitalized words from "a" or "an" to token
// s: names do not take the indefinite article, so in a title-case line
// "a Virtual Currency Exchange" is a common noun phrase.
func (ns *nameScan) afterArticle(s int) bool {
	x := s - 1
	for ; x >= 0 && s-x <= 4 && ns.capWord(x) && ns.at[x] < 0; x-- {
	}
	return x >= 0 && (ns.toks[x].Lower == "a" || ns.toks[x].Lower == "an")
}

// listedOrg reports a word that closes a list of organizations' names
// after a colon: "sanctioned four firms: Alpha Tech, Norvik and SVX".
func (ns *nameScan) listedOrg(s int) bool {
	if s < 2 || ns.toks[s-1].Lower != "and" && ns.toks[s-1].Lower != "," || s+1 < len(ns.toks) && ns.capWord(s+1) {
		return false
	}
	k := ns.at[s-2]
	if k < 0 || ns.refs[k].Type != ontology.Organization {
		return false
	}
	for x := ns.refs[k].Start - 1; x >= 0; x-- {
		if ns.toks[x].Lower == ":" {
			return true
		}
		if ns.toks[x].Lower != "," && ns.toks[x].Lower != "and" && ns.at[x] < 0 {
			return false
		}
	}
	return false
}

// sectorSegments splits the modifiers [st, head) of a plural "sectors" or
// "industries" at its conjunctions ("energy and finance" → "energy",
// "finance"); each part must end in a noun ("key European industries"
// names no sector "key European"). It returns nil when the head is not
// plural or a part does not end in a noun.
func (d *Doc) sectorSegments(syn *syntax.Sentence, st, head int) [][2]int {
	if h := syn.Tokens[head].Lower; h != "sectors" && h != "industries" || st >= head {
		return nil
	}
	var out [][2]int
	from := st
	for i := st; i <= head; i++ {
		if i < head && syn.Tokens[i].Tag != syntax.CC {
			continue
		}
		if p := syn.Tokens[i-1]; from >= i || p.Tag != syntax.NN && p.Tag != syntax.NNS || syntax.IsCap(d.text[p.Start:p.End]) {
			return nil
		}
		out = append(out, [2]int{from, i})
		from = i + 1
	}
	return out
}

// techniqueAttack resolves an indefinite attack named by its technique, "a
// phone spear-phishing attack": a kind of attack, not an event, so the
// phrase names the technique ("phone spear-phishing"). The technique must
// end right before the head.
func (d *Doc) techniqueAttack(s *Sentence, k int) (Ref, bool) {
	syn := s.Syn
	c := syn.Chunks[k]
	if a := syn.Tokens[c.Start].Lower; a != "a" && a != "an" || syn.Tokens[c.Head].Lower != "attack" {
		return Ref{}, false
	}
	for _, m := range s.Mods(k) {
		if m.Type != ontology.AttackPattern || m.End != c.Head {
			continue
		}
		st := detEnd(syn, c)
		if st == m.Start {
			return Ref{Key: m.Key, Type: m.Type, Start: c.Start, End: c.End, Method: MethodDescribed, Conf: 0.8}, true
		}
		for x := st; x < m.Start; x++ {
			if t := syn.Tokens[x]; t.Tag != syntax.NN || s.nameAt[x] >= 0 {
				return Ref{}, false // "a Russian spear-phishing attack": whose, not which technique
			}
		}
		name := d.text[syn.Tokens[st].Start:syn.Tokens[c.Head-1].End]
		key := ontology.Key(ontology.AttackPattern, name)
		d.entity(key, name, ontology.AttackPattern, syn.Tokens[c.Start].Start).Confirmed = true
		return Ref{Key: key, Type: ontology.AttackPattern, Start: c.Start, End: c.End, Method: MethodDescribed, Conf: 0.75}, true
	}
	return Ref{}, false
}

// localOffice returns the key of the office that a county's officer heads,
// named by the county before the title: "Dade County Sheriff" heads the
// "Dade County Sheriff's Office" (words.tsv class localoffice). start is
// where the words before the title begin, i the title, m its length; it
// returns "" when the title is no such office or no county precedes it.
func (ns *nameScan) localOffice(start, i, m int) string {
	if !ns.d.lx.Is("localoffice", strings.Join(ns.words[i:i+m], " ")) || i-start < 2 || ns.words[i-1] != "county" {
		return ""
	}
	for x := start; x < i; x++ {
		if ns.at[x] >= 0 {
			return ""
		}
	}
	name := ns.span(start, i+m) + "'s Office"
	key := ontology.Key(ontology.Agency, name)
	ns.d.entity(key, name, ontology.Agency, ns.toks[start].Start).Confirmed = true
	return key
}

// officeBack resolves "the sheriff's office" to the county office named
// before ("Dade County Sheriff's Office", from "Dade County Sheriff Ana
// Ruiz"): the latest agency whose name ends in the title's office.
func (d *Doc) officeBack(s *Sentence, k int) (Ref, bool) {
	syn := s.Syn
	c := syn.Chunks[k]
	if syn.Tokens[c.Head].Lower != "office" || c.Poss < 0 {
		return Ref{}, false
	}
	title := syn.Tokens[syn.Chunks[c.Poss].Head].Lower
	if !d.lx.Is("localoffice", title) {
		return Ref{}, false
	}
	suffix := " " + title + "'s office"
	for i := len(d.order) - 1; i >= 0; i-- {
		if e := d.ents[d.order[i]]; e != nil && e.Type == ontology.Agency && strings.HasSuffix(strings.ToLower(e.Name), suffix) {
			return Ref{Key: e.Key, Type: ontology.Agency, Start: c.Start, End: c.End, Method: MethodCoref, Conf: 0.8}, true
		}
	}
	return Ref{}, false
}
