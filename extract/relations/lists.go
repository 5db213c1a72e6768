package relations

// Lists that name the members of a counted or described phrase elsewhere in
// the sentence: after a colon ("sanctioning four firms …: A, B, C and D"),
// or after "including", "such as", "among them" past the phrase's own
// prepositional phrases ("targeted firms in Peru for years, including A").

import (
	"github.com/newsgraph/newsgraph/extract/mentions"
	"github.com/newsgraph/newsgraph/extract/syntax"
	"github.com/newsgraph/newsgraph/ontology"
)

// counted reports a plural noun phrase with a number before its head:
// "four firms", "12 entities and individuals", "three Russian agencies".
func (u *run) counted(k int) bool {
	syn := u.syn
	c := syn.Chunks[k]
	return c.Kind == syntax.NP && syn.Tokens[c.Head].Tag == syntax.NNS && u.doc.Counted(syn, k)
}

// colonItems returns the noun phrases listed after the colon (or dash)
// that closes counted phrase k's sentence part: "The Treasury is sanctioning four
// firms in Elbonia's defense sector that support its army: Acme, Borv,
// Celt and Dunn." The list belongs to the last counted phrase before the
// colon; appositions of the items ("Acme, a shipping firm;") are skipped.
func (u *run) colonItems(k int) []int {
	syn := u.syn
	if !u.counted(k) {
		return nil
	}
	colon := -1
	for j := k + 1; j < len(syn.Chunks); j++ {
		c := syn.Chunks[j]
		if c.Kind == syntax.NP && u.counted(j) {
			return nil // a later counted phrase owns the list
		}
		if c.Kind == syntax.Colon || c.Kind == syntax.Dash {
			if c.Kind == syntax.Colon && syn.Tokens[c.Start].Lower != ":" {
				return nil
			}
			colon = j
			break
		}
	}
	if colon < 0 {
		return nil
	}
	var out []int
	for j := colon + 1; j < len(syn.Chunks); j++ {
		c := syn.Chunks[j]
		switch c.Kind {
		case syntax.NP:
			if _, of := syn.Appos(j); of >= 0 {
				continue
			}
			if c.Possessor {
				continue
			}
			out = append(out, j)
		case syntax.Comma, syntax.Conj, syntax.Colon:
		case syntax.Prep:
			// "A of Moscow", "B, based in Kyiv": the item's own phrase
			if j+1 < len(syn.Chunks) && syn.Chunks[j+1].Kind == syntax.NP {
				j++
			}
		default:
			return out
		}
	}
	return out
}

// listMembers returns the referents of the items listed after a colon for
// the counted phrases among nps.
func (u *run) listMembers(nps []int, victims bool) []mentions.Ref {
	var out []mentions.Ref
	for _, k := range nps {
		items := u.colonItems(k)
		if len(items) == 0 {
			continue
		}
		if victims {
			out = append(out, u.listedVictims(items)...)
		} else {
			out = append(out, u.refs(items)...)
		}
	}
	return out
}

// exampleVictims returns the victims listed after "including", "such as"
// or "among them" past the prepositional phrases of victim phrase k:
// "targeted parliaments in Europe, including A and B", "had targeted Peruvian
// firms for several years, including banks and ports". Lists right after
// the phrase are the referents' own (see including).
func (u *run) exampleVictims(k int) []mentions.Ref {
	if items := u.exampleItems(k); len(items) > 0 {
		return u.listedVictims(items)
	}
	return nil
}

// exampleItems returns the noun phrases listed after "including", "such
// as" or "among them" past the prepositional phrases and the relative
// clause that follow noun phrase k: "exploited old flaws in Acme products
// that were patched in 2020, among them CVE-2020-0001".
func (u *run) exampleItems(k int) []int {
	syn := u.syn
	j := syn.GroupOf(k).End
	hops := 0
	for hops < 4 && j+1 < len(syn.Chunks) {
		c := syn.Chunks[j]
		if c.Kind == syntax.Prep && syn.Chunks[j+1].Kind == syntax.NP {
			if w := c.Word; w == "including" || w == "such as" || w == "among" {
				break
			}
			j = syn.GroupOf(j + 1).End
			hops++
			continue
		}
		if c.Kind == syntax.Rel && hops > 0 {
			// the relative clause on the last phrase, with its coordinates
			e := j
			for ci := range syn.Clauses {
				if cl := &syn.Clauses[ci]; cl.Verb > j && cl.Verb < j+3 {
					e = max(e, cl.End)
					for g := ci + 1; g < len(syn.Clauses); g++ {
						if syn.Clauses[g].Head == ci || syn.Clauses[g].SubjBy == syntax.SubjShared && syn.Clauses[g].Verb <= e+1 {
							e = max(e, syn.Clauses[g].End)
						}
					}
					break
				}
			}
			if e == j {
				break
			}
			j = e
			hops++
			continue
		}
		break
	}
	if j+2 < len(syn.Chunks) && syn.Chunks[j].Kind == syntax.Open && syn.Chunks[j+1].Kind == syntax.NP {
		// "a flaw in Acme Gateway (CVE-2023-0001)": the flaw's identifier
		var out []int
		for _, n := range syn.GroupOf(j + 1).NPs {
			if r, ok := u.s.Ref(n); ok && r.Type == ontology.Vulnerability {
				out = append(out, n)
			}
		}
		return out
	}
	if hops == 0 {
		return nil
	}
	if j < len(syn.Chunks) && syn.Chunks[j].Kind == syntax.Comma {
		j++
	}
	if j+1 >= len(syn.Chunks) || syn.Chunks[j].Kind != syntax.Prep || syn.Chunks[j+1].Kind != syntax.NP {
		return nil
	}
	switch syn.Chunks[j].Word {
	case "including", "such as":
		return syn.GroupOf(j + 1).NPs
	case "among":
		if syn.Tokens[syn.Chunks[j+1].Head].Lower != "them" || j+2 >= len(syn.Chunks) {
			return nil
		}
		j += 2
		if syn.Chunks[j].Kind == syntax.Comma {
			j++
		}
		if j < len(syn.Chunks) && syn.Chunks[j].Kind == syntax.NP {
			return syn.GroupOf(j).NPs
		}
	}
	return nil
}

// namedProducts returns the products named before the head of phrases
// that have no referent of their own: "flaws in Acme Gateway software",
// "vulnerabilities in Brightline VPN appliances".
func (u *run) namedProducts(nps []int) []mentions.Ref {
	var out []mentions.Ref
	for _, k := range nps {
		if _, ok := u.s.Ref(k); ok {
			continue
		}
		for _, m := range u.s.Mods(k) {
			if m.Type == ontology.Product {
				out = append(out, m)
			}
		}
	}
	return out
}

// instrumentNoun reports a noun phrase that names software or a flaw, not
// an act: an infinitive after it states the purpose of whoever used it
// ("exploited flaws in Acme software to compromise …"), where after "its
// attempts to …" the noun's own agent acts.
func (u *run) instrumentNoun(k int) bool {
	if r, ok := u.s.Ref(k); ok {
		switch r.Type {
		case ontology.Product, ontology.Malware, ontology.Tool, ontology.Vulnerability:
			return true
		}
		return false
	}
	return len(u.namedProducts([]int{k})) > 0
}

// listItems returns the items of the list that starts at noun phrase k,
// also when each item carries its own purpose: "tools such as Acmekatz
// for credential theft, Borg for privilege escalation and Cryptlock to
// encrypt data" (a prepositional phrase or an infinitive with its object
// after each item).
func (u *run) listItems(k int) []int {
	syn := u.syn
	g := syn.GroupOf(k)
	if g == nil {
		return []int{k}
	}
	items := append([]int(nil), g.NPs...)
	j, n := g.End, len(syn.Chunks)
	for {
		e := u.purposeEnd(j)
		if e == j {
			return items
		}
		if e < n && syn.Chunks[e].Kind == syntax.Comma {
			e++
		}
		if e < n && syn.Chunks[e].Kind == syntax.Conj {
			e++
		}
		if e >= n || e == j || syn.Chunks[e].Kind != syntax.NP || syn.Chunks[e-1].Kind != syntax.Comma && syn.Chunks[e-1].Kind != syntax.Conj {
			return items
		}
		ng := syn.GroupOf(e)
		if ng == nil {
			return append(items, e)
		}
		items = append(items, ng.NPs...)
		j = ng.End
	}
}

// purposeEnd returns the chunk after an item's purpose at j ("for
// credential theft", "to encrypt data"), or j when none is there. The
// purpose's object is one phrase: in "for privilege escalation and
// Cryptlock" the next item follows it.
func (u *run) purposeEnd(j int) int {
	syn := u.syn
	n := len(syn.Chunks)
	switch {
	case j+1 < n && syn.Chunks[j].Kind == syntax.Prep && syn.Chunks[j].Word == "for" && syn.Chunks[j+1].Kind == syntax.NP:
		return j + 2
	case j+1 < n && syn.Chunks[j].Kind == syntax.VG && syn.Chunks[j].Verb.Infinitive && syn.Chunks[j+1].Kind == syntax.NP:
		return j + 2
	}
	return j
}

// asWellAs returns the conjuncts that a list ending at noun phrase k
// adds after ", as well as": "sanctioned Ivan Orlov and Pyotr Lebedev, as
// well as Suex, a cryptocurrency exchange" (a list closed by its own "and"
// does not take them in).
func (u *run) asWellAs(k int) []int {
	syn := u.syn
	g := syn.GroupOf(k)
	if g == nil || g.Conj == "as well as" {
		return nil
	}
	j := g.End
	if r := u.reducedOn(k); r >= 0 {
		// "organisations involved in R in A and B, as well as C"
		j = syn.Clauses[r].End
	} else if len(g.NPs) < 2 {
		return nil
	}
	if j+2 >= len(syn.Chunks) || syn.Chunks[j].Kind != syntax.Comma || syn.Chunks[j+1].Kind != syntax.Conj ||
		syn.Chunks[j+1].Word != "as well as" || syn.Chunks[j+2].Kind != syntax.NP {
		return nil
	}
	return u.listItems(j + 2)
}

// namedMembers returns the names listed in apposition to the last of
// noun phrases nps: "charged two other men, Jan Kos and Ivo Lind, in
// connection with …" (the description and its names are both objects).
func (u *run) namedMembers(nps []int) []int {
	if len(nps) == 0 {
		return nil
	}
	syn := u.syn
	a, _ := syn.Appos(nps[len(nps)-1])
	if a < 0 {
		return nil
	}
	if g := syn.GroupOf(a); g != nil && len(g.NPs) > 1 {
		return g.NPs
	}
	return nil
}

// reducedOn returns the reduced relative clause on noun phrase k
// ("organisations involved in …"), or -1.
func (u *run) reducedOn(k int) int {
	for ci := range u.syn.Clauses {
		if c := &u.syn.Clauses[ci]; c.SubjBy == syntax.SubjReduced && len(c.Subj) > 0 && c.Subj[len(c.Subj)-1] == k && c.Verb == k+1 {
			return ci
		}
	}
	return -1
}
