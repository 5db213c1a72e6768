package relations

// Targeting: the victims of an attack frame, lists of targets, places of
// victims.

import (
	"github.com/newsgraph/newsgraph/extract/lexicon"
	"github.com/newsgraph/newsgraph/extract/mentions"
	"github.com/newsgraph/newsgraph/extract/syntax"
	"github.com/newsgraph/newsgraph/ontology"
)

// clausePlaces returns the countries a targeting clause's victims are in:
// "targeted government agencies, companies and universities in a dozen
// countries, among them the United States, Austria, …".
func (u *run) clausePlaces(ci int) []mentions.Ref {
	cl := &u.syn.Clauses[ci]
	victimAt := -1 // "broke into the networks of companies in X": after the victim's phrase
	for _, p := range cl.PPs {
		if victimAt < 0 && (p.Prep == "into" || p.Prep == "against" || p.Prep == "on" || p.Prep == "from") {
			victimAt = p.At
		}
	}
	if len(cl.Obj) == 0 && victimAt < 0 {
		return nil
	}
	var out []mentions.Ref
	for _, p := range cl.PPs {
		if p.Prep != "in" || !p.AfterObj && !(len(cl.Obj) == 0 && p.At > victimAt) {
			continue
		}
		for _, r := range u.refs(p.NPs) {
			if r.Type == ontology.Country || r.Type == ontology.Location {
				out = append(out, r)
			}
		}
	}
	return append(out, u.examplePlaces(ci)...)
}

// examplePlaces returns the countries named by an "including in …" after
// targeting clause ci: "compromised thousands of computers worldwide,
// including in Peru and Chile".
func (u *run) examplePlaces(ci int) []mentions.Ref {
	syn := u.syn
	var out []mentions.Ref
	for g := ci + 1; g < len(syn.Clauses); g++ {
		gc := &syn.Clauses[g]
		vg := syn.VG(gc)
		near := gc.Verb >= syn.Clauses[ci].End && gc.Verb <= syn.Clauses[ci].End+3
		if !near || gc.Head != ci && gc.Head != syn.Clauses[ci].Head || !vg.Gerund || !u.r.lx.Is("exampleverb", vg.Lemma) || len(gc.Obj) > 0 {
			continue
		}
		for _, p := range gc.PPs {
			if p.Prep != "in" {
				continue
			}
			for _, r := range u.refs(p.NPs) {
				if r.Type == ontology.Country || r.Type == ontology.Location || r.Type == ontology.Sector {
					out = append(out, r)
				}
			}
		}
	}
	for i := range out {
		out[i].Conf = min(out[i].Conf, 0.7) // placed, not named: trusted less
	}
	return out
}

// victimStated reports whether clause cl states the victims of targeting
// frame f, named or not: an object or the frame's preposition.
func (u *run) victimStated(cl *syntax.Clause, f *lexicon.Frame) bool {
	for _, sl := range f.O {
		switch sl.Kind {
		case lexicon.Obj:
			if len(cl.Obj) > 0 {
				return true
			}
		case lexicon.PP:
			if u.ppAt(cl, sl.Prep) >= 0 {
				return true
			}
		}
	}
	return false
}

// victims states whom an actor targeted from a list of its targets: "Its
// targets spanned aviation, defense and education", "Targets of the
// attacks included …", "victims include …". The actor is the list's owner,
// else the actor of the passage.
func (u *run) victims(ci int, m mood) {
	syn := u.syn
	cl := &syn.Clauses[ci]
	vg := syn.VG(cl)
	if !m.asserted() || len(cl.Subj) == 0 || !u.r.lx.Is("victimverb", vg.Lemma) {
		return
	}
	k := cl.Subj[0]
	if !u.r.lx.Is("victimnoun", nounLemma(syn.Tokens[syn.Chunks[k].Head].Lower)) && !u.victimsBefore(k) {
		return
	}
	var agents []mentions.Ref
	if r, ok := u.s.Owner(k); ok {
		agents = append(agents, r)
	}
	if len(agents) == 0 {
		agents = u.victimsOf(k)
	}
	if len(agents) == 0 {
		agents = u.keyRefs(0.6, u.mem.lastAgent)
	}
	objs := u.listedVictims(cl.Obj)
	if len(cl.Obj) == 0 {
		for _, p := range cl.PPs {
			if p.Prep == "from" || p.Prep == "to" {
				objs = append(objs, u.listedVictims(p.NPs)...)
			}
		}
	}
	for _, a := range agents {
		for _, o := range objs {
			u.emit(Claim{Subject: a.Key, Object: o.Key, Pred: ontology.Targets, Conf: 0.75 * refConf(a), Verb: "targets " + vg.Lemma, Rule: "victims"})
		}
	}
}

// victimsIn returns the sectors and countries that place victims named by
// a general noun: "organizations in the transport sector and the
// water sector in Chile" → transport, water, Chile.
func (u *run) victimsIn(k int) []mentions.Ref {
	syn := u.syn
	if !u.r.lx.Is("genericvictim", syn.Tokens[syn.Chunks[k].Head].Lower) {
		return nil
	}
	var out []mentions.Ref
	if _, ok := u.s.Ref(k); !ok {
		// "Australian organisations": their country
		for _, m := range u.s.Mods(k) {
			if m.Type == ontology.Country {
				out = append(out, m)
			}
		}
	}
	chains := u.ppsAfter(k)
	for ci := range syn.Clauses {
		// "organisations involved in vaccine research in Peru": the
		// reduced relative's phrases
		if gc := &syn.Clauses[ci]; gc.SubjBy == syntax.SubjReduced && len(gc.Subj) > 0 && gc.Subj[0] == k {
			for _, p := range gc.PPs {
				chains = append(chains, ppChain{prep: p.Prep, at: p.At, nps: p.NPs})
			}
		}
	}
	for _, p := range chains {
		if p.prep != "in" {
			continue
		}
		for _, n := range p.nps {
			if sectorHead(syn.Tokens[syn.Chunks[n].Head].Lower) {
				out = append(out, u.doc.Sectors(u.s, n)...)
				continue
			}
			for _, r := range u.s.Plural(n) {
				if r.Type == ontology.Country || r.Type == ontology.Location || r.Type == ontology.Sector {
					out = append(out, r)
				}
			}
		}
	}
	for i := range out {
		out[i].Conf = min(out[i].Conf, 0.7) // placed, not named: trusted less
	}
	return out
}

// eventList makes the actor of a list of acts the host of each: "They
// include a 2014 attack on Acme, a 2016 theft from Borg Bank" after "X was
// charged in connection with intrusions" (the pronoun stands for the acts,
// whose actor is the one last charged or accused), "Its operations
// included an attack on Acme" (the owner). Each act's frame then gives its
// victims (see nounHost).
func (u *run) eventList(ci int, m mood) {
	syn := u.syn
	cl := &syn.Clauses[ci]
	if !m.asserted() || len(cl.Subj) != 1 || len(cl.Obj) == 0 || !u.r.lx.Is("exampleverb", syn.VG(cl).Lemma) {
		return
	}
	for _, o := range cl.Obj {
		if !u.r.lx.Is("attack", syn.Tokens[syn.Chunks[o].Head].Lower) {
			return
		}
	}
	k := cl.Subj[0]
	head := syn.Tokens[syn.Chunks[k].Head]
	var agents []mentions.Ref
	switch {
	case u.r.lx.Is("attack", head.Lower) || u.r.lx.Is("activity", head.Lower):
		if o, ok := u.s.Owner(k); ok {
			agents = []mentions.Ref{o}
			break
		}
		agents = u.lastAccused()
	case head.Tag == syntax.PRP && (head.Lower == "they" || head.Lower == "these"):
		agents = u.lastAccused()
	}
	if len(agents) == 0 {
		return
	}
	for _, o := range cl.Obj {
		if _, given := u.agents[o]; !given {
			u.agents[o] = agents
		}
	}
}

// lastAccused returns the actors last charged or accused of acts, as
// references of coreference.
func (u *run) lastAccused() []mentions.Ref { return u.keyRefs(0.6, u.mem.accused...) }

// victimsOf returns whose victims noun phrase k names by its "of" phrase:
// "the victims of APT33" → APT33, "targets of the Harbor Bank attack" →
// the actors the attack is attributed to.
func (u *run) victimsOf(k int) []mentions.Ref {
	for _, p := range u.ppsAfter(k) {
		if p.prep != "of" {
			return nil
		}
		var out []mentions.Ref
		for _, r := range u.refs(p.nps) {
			switch r.Type {
			case ontology.ThreatGroup, ontology.Country, ontology.Agency, ontology.Person:
				out = append(out, r)
			case ontology.Event:
				out = append(out, u.eventAgents([]mentions.Ref{r})...)
			}
		}
		return out
	}
	return nil
}

// sectorsIn returns the sectors of an "in" phrase after victim phrase k:
// "private companies in the medical, legal and energy sectors" (the
// phrase's list may be split: every item before the one headed by
// "sectors" is one).
func (u *run) sectorsIn(k int) []mentions.Ref {
	syn := u.syn
	for _, p := range u.ppsAfter(k) {
		if p.prep != "in" {
			return nil
		}
		last := p.nps[len(p.nps)-1]
		if !sectorHead(syn.Tokens[syn.Chunks[last].Head].Lower) {
			return nil
		}
		var out []mentions.Ref
		for _, n := range p.nps {
			if r, ok := u.s.Ref(n); ok && r.Type == ontology.Sector {
				out = append(out, r)
				continue
			}
			if sectorHead(syn.Tokens[syn.Chunks[n].Head].Lower) {
				out = append(out, u.doc.Sectors(u.s, n)...)
			}
		}
		return out
	}
	return nil
}

// sectorHead reports the nouns that name a sector by its modifier: "the
// energy sector", "the defense industry".
func sectorHead(w string) bool {
	return w == "sector" || w == "sectors" || w == "industry" || w == "industries"
}

// amongVictims states whom an actor targeted from a list of victims
// placed among those an attack hit: "Acme, Borg and Celt are among the
// firms whose networks were breached by APT33", "… were among those
// hacked" (the actor of the passage). An agent that is an event stands for
// the actors it is attributed to; one that names nobody states nothing.
func (u *run) amongVictims(ci int, m mood) {
	syn := u.syn
	cl := &syn.Clauses[ci]
	if !m.asserted() || !syn.VG(cl).Copula || len(cl.Subj) == 0 {
		return
	}
	at := u.ppAt(cl, "among")
	if at < 0 || len(cl.PPs[at].NPs) == 0 {
		return
	}
	k := cl.PPs[at].NPs[0]
	g := -1
	for q := range syn.Clauses {
		qc := &syn.Clauses[q]
		if qc.Verb > k && qc.Verb <= k+3 && u.passive(q) && u.hasFrame(syn.VG(qc).Lemma, ontology.Targets) {
			g = q
			break
		}
	}
	if g < 0 {
		return
	}
	var agents []mentions.Ref
	if by := u.ppAt(&syn.Clauses[g], "by"); by >= 0 {
		agents = u.eventAgents(u.refs(syn.Clauses[g].PPs[by].NPs))
	} else {
		agents = u.keyRefs(0.6, u.mem.lastAgent)
	}
	for _, a := range agents {
		for _, o := range u.subjects(ci) {
			u.emit(Claim{Subject: a.Key, Object: o.Key, Pred: ontology.Targets, Conf: 0.75 * refConf(a) * refConf(o),
				Verb: syn.VG(&syn.Clauses[g]).Lemma, Rule: "victims"})
		}
	}
}

// hasFrame reports whether verb lemma v has a frame of predicate p.
func (u *run) hasFrame(v string, p ontology.Predicate) bool {
	for _, f := range u.r.lx.Frames(lexicon.Verb, v) {
		if f.Pred == p {
			return true
		}
	}
	return false
}

// victimsBefore reports a plural pronoun subject ("they include …") right
// after sentences that spoke of victims without naming them: the
// pronoun stands for those victims.
func (u *run) victimsBefore(k int) bool {
	h := u.syn.Tokens[u.syn.Chunks[k].Head]
	return h.Tag == syntax.PRP && (h.Lower == "they" || h.Lower == "these") && u.mem.victimsAge >= 1 && u.mem.victimsAge <= 2
}

// unnamedVictims reports a sentence that speaks of victims without names:
// the subject of a passive attack ("210 companies have been attacked") or
// a noun a participle of attack describes ("the entities affected").
func (u *run) unnamedVictims() bool {
	syn := u.syn
	for ci := range syn.Clauses {
		cl := &syn.Clauses[ci]
		vg := syn.VG(cl)
		hit := u.hasFrame(vg.Lemma, ontology.Targets) || vg.Lemma == "affect"
		if !hit || len(cl.Subj) == 0 || !u.passive(ci) && cl.SubjBy != syntax.SubjReduced {
			continue
		}
		named := false
		for _, k := range cl.Subj {
			if r, ok := u.s.Ref(k); ok && r.Type != ontology.Sector {
				named = true
			}
		}
		if !named {
			return true
		}
	}
	return false
}
