package relations

// Membership and description: "described as a member of", "serves as a
// commander in", instances of a described group.

import (
	"strings"

	"github.com/newsgraph/newsgraph/extract/lexicon"
	"github.com/newsgraph/newsgraph/extract/mentions"
	"github.com/newsgraph/newsgraph/extract/syntax"
	"github.com/newsgraph/newsgraph/ontology"
)

// ascribe applies what a verb of description says of its object: "a
// company the ministry described as a cover for Iran's intelligence
// service", "prosecutors describe him as a member of a hacking team".
func (u *run) ascribe(ci int, m mood) {
	cl := &u.syn.Clauses[ci]
	vg := u.syn.VG(cl)
	if !u.r.lx.Is("ascribe", vg.Lemma) {
		return
	}
	obj := cl.Obj
	if len(obj) == 0 {
		obj = cl.Gap
	}
	if u.passive(ci) {
		obj = cl.Subj
	}
	host := u.refs(obj)
	if len(host) == 0 {
		return
	}
	u.asPhrases(ci, host, m)
}

// ascribedHost returns what a verb of description says noun phrase k is
// ("prosecutors described Petrov as a member of APT33", "Petrov is
// described as an affiliate"): Petrov, when k is the "as" phrase; nil
// otherwise.
func (u *run) ascribedHost(k int) []mentions.Ref {
	for ci := range u.syn.Clauses {
		cl := &u.syn.Clauses[ci]
		if !u.r.lx.Is("ascribe", u.syn.VG(cl).Lemma) {
			continue
		}
		for _, p := range cl.PPs {
			if p.Prep != "as" || len(p.NPs) == 0 || p.NPs[0] != k {
				continue
			}
			if u.passive(ci) {
				return u.refs(cl.Subj)
			}
			if len(cl.Obj) > 0 {
				return u.refs(cl.Obj)
			}
			return u.refs(cl.Gap)
		}
	}
	return nil
}

// partOfUnnamed returns the subject of a copula whose predicate makes it
// part of noun phrase k when k names no one: "Petrov was part of the team
// that carried out E" (the relative on the team is Petrov's act too); nil
// otherwise ("a member of APT28, which …" is APT28's).
func (u *run) partOfUnnamed(k int) []mentions.Ref {
	syn := u.syn
	if k < 2 || len(u.refs([]int{k})) > 0 || syn.Chunks[k-1].Kind != syntax.Prep || syn.Chunks[k-1].Word != "of" ||
		syn.Chunks[k-2].Kind != syntax.NP || !u.r.lx.Is("partnoun", syn.Tokens[syn.Chunks[k-2].Head].Lower) {
		return nil
	}
	if p := u.copulaOfPred(k - 2); p >= 0 {
		return u.subjects(p)
	}
	return nil
}

// descriptionPreps applies the predicative preposition frames (those a
// copula takes: "X is behind E", "X is from Hamburg") to the phrase right
// after a description, for the host it describes: "APT10, the group behind
// Operation Cloud Hopper" (attributed_to), "Peter Novak, a German national
// from Hamburg" (located_in).
func (u *run) descriptionPreps(p int, host []mentions.Ref, m mood, conf float64) {
	if _, of := u.syn.Appos(p); of < 0 && u.copulaOfPred(p) < 0 {
		return // not "known as APT40 and activity in New Zealand"
	}
	ps := u.ppsAfter(p)
	if len(ps) == 0 || len(host) == 0 {
		return
	}
	pp := u.refs(ps[0].nps)
	if len(pp) == 0 {
		return
	}
	for _, f := range u.r.lx.Frames(lexicon.Prep, firstWord(ps[0].prep)) {
		if strings.Join(f.Trigger, " ") != ps[0].prep || !f.Needs("cop") || f.NeedValue("hostnoun") != nil {
			continue
		}
		b := &binding{verb: ps[0].prep}
		b.S, b.O = pickHost(f.S, host, pp), pickHost(f.O, host, pp)
		if len(b.S) > 0 && len(b.O) > 0 {
			u.apply(f, b, m, "prep", conf*0.9)
		}
	}
}

// namedBy returns the names that a naming participle gives noun phrase k
// when k names nothing itself: "planted a backdoor, later dubbed Shamoon,"
// and "deployed custom malware the agencies called Shamoon and Mimikatz"
// (an object relative without "that").
func (u *run) namedBy(k int) []mentions.Ref {
	syn := u.syn
	if _, ok := u.s.Ref(k); ok {
		return nil
	}
	for ci := range syn.Clauses {
		cl := &syn.Clauses[ci]
		if len(cl.Subj) != 1 || cl.SubjBy != syntax.SubjReduced || !u.r.lx.Is("naming", syn.VG(cl).Lemma) || len(cl.Obj) == 0 {
			continue
		}
		if cl.Subj[0] == k || cl.Subj[0] == k+1 && cl.Verb == k+2 && syn.Tokens[syn.Chunks[k+1].Start].Lower == "the" {
			return u.refs(cl.Obj)
		}
	}
	return nil
}

// trackedAs states that the groups an "as" phrase names work for the body
// whose people the clause's object is: "researchers track the service's
// hackers as APT29", "know the unit's operators as Sandworm Team"
// (trackverb verbs, active).
func (u *run) trackedAs(ci int, m mood) {
	syn := u.syn
	cl := &syn.Clauses[ci]
	if !m.asserted() || u.passive(ci) || len(cl.Obj) != 1 || !u.r.lx.Is("trackverb", syn.VG(cl).Lemma) {
		return
	}
	k := cl.Obj[0]
	hw := syn.Tokens[syn.Chunks[k].Head].Lower
	if !u.r.lx.Is("actor", hw) && !u.r.lx.Is("hostile", hw) {
		return
	}
	body, ok := u.s.Owner(k)
	if !ok || body.Type != ontology.Agency && body.Type != ontology.Country {
		return
	}
	for _, p := range cl.PPs {
		if p.Prep != "as" {
			continue
		}
		for _, g := range u.refs(p.NPs) {
			if g.Type == ontology.ThreatGroup {
				u.emit(Claim{Subject: g.Key, Object: body.Key, Pred: ontology.AffiliatedWith, Conf: 0.75 * u.clauseConf(ci),
					Verb: syn.VG(cl).Lemma, Rule: "tracked"})
			}
		}
	}
}

// serveAs applies what an "as" phrase says of a subject that serves or acts
// as it: "who also serves as an officer in Russia's GRU".
func (u *run) serveAs(ci int, m mood) {
	cl := &u.syn.Clauses[ci]
	lemma := u.syn.VG(cl).Lemma
	if !u.r.lx.Is("serveas", lemma) && !(u.passive(ci) && !u.r.lx.Is("ascribe", lemma)) {
		// "serves as an officer in the GRU"; "was registered in Minsk as
		// a cover for the KGB"
		return
	}
	host := u.subjects(ci)
	if len(host) == 0 {
		return
	}
	u.asPhrases(ci, host, m)
}

// asPhrases applies what the "as" phrases of clause ci say to host.
func (u *run) asPhrases(ci int, host []mentions.Ref, m mood) {
	for _, p := range u.syn.Clauses[ci].PPs {
		if p.Prep == "as" {
			for _, np := range p.NPs {
				u.hostNoun(np, host, m, u.clauseConf(ci)*0.95)
			}
		}
	}
}

// instances applies a clause's description of its subject to the list
// after it: "Three more officers of the unit were charged, including A,
// B and C" makes each of them an officer of the unit.
func (u *run) instances(ci int, m mood) {
	syn := u.syn
	cl := &syn.Clauses[ci]
	if len(cl.Subj) == 0 || cl.End >= len(syn.Chunks) {
		return
	}
	k := cl.End
	if syn.Chunks[k].Kind == syntax.Comma {
		k++
	}
	if k+1 >= len(syn.Chunks) || syn.Chunks[k].Kind != syntax.Prep || syn.Chunks[k].Word != "including" || syn.Chunks[k+1].Kind != syntax.NP {
		return
	}
	items := u.refs(syn.GroupOf(k + 1).NPs)
	if len(items) == 0 {
		return
	}
	u.hostNoun(cl.Subj[0], items, m, 0.85)
}
