package relations

import (
	"strings"

	"github.com/newsgraph/newsgraph/extract/lexicon"
	"github.com/newsgraph/newsgraph/extract/mentions"
	"github.com/newsgraph/newsgraph/extract/syntax"
	"github.com/newsgraph/newsgraph/ontology"
)

// verbBinder binds one frame to one clause: which words of the trigger the
// clause holds, and the referents of each slot.
type verbBinder struct {
	u    *run
	ci   int
	cl   *syntax.Clause
	f    *lexicon.Frame
	pass bool
	// used marks the prepositional phrases the trigger consumed; objFromPP
	// is the one that holds the object ("gain access to X"), objFixed a
	// trigger that names its object's place ("hold {o} responsible").
	used      map[int]bool
	objFromPP int
	objFixed  bool
}

// bindVerb binds frame f to clause ci; ok is false when the trigger's
// words do not match or the subject or object is missing.
func (u *run) bindVerb(ci int, f *lexicon.Frame) (*binding, bool) {
	syn := u.syn
	cl := &syn.Clauses[ci]
	vb := &verbBinder{u: u, ci: ci, cl: cl, f: f, pass: u.passive(ci), used: map[int]bool{}, objFromPP: -1}
	if !vb.matchTrigger() || f.Pred == ontology.CooperatesWith && vb.figurative() || f.Pred == ontology.MemberOf && u.joinsIn(cl) {
		return nil, false
	}
	if !vb.needsMet() {
		return nil, false // before any act is recorded
	}
	vg := syn.VG(cl)
	b := &binding{verb: syn.Word(vg.Main)}
	if vg.Particle != "" {
		b.verb += " " + vg.Particle
	}
	for _, sl := range f.S {
		if b.S = vb.slot(sl); len(b.S) > 0 {
			break
		}
	}
	if len(b.S) == 0 && f.Speech && cl.Head >= 0 && cl.Link == syntax.LinkComplement {
		// "“The indictment alleges that …,” said X": the speaker alleges
		if h := &syn.Clauses[cl.Head]; u.r.lx.Is("speech", syn.VG(h).Lemma) {
			b.S = u.subjects(cl.Head)
		}
	}
	for _, sl := range f.O {
		rs := vb.slot(sl)
		if len(rs) == 0 {
			continue
		}
		b.O = append(b.O, rs...)
		if sl.Kind == lexicon.PP {
			b.score += 2
		} else {
			b.score++
		}
		if !f.Every {
			break
		}
	}
	for _, sl := range f.A {
		if rs := vb.slot(sl); len(rs) > 0 {
			b.A = rs
			b.score++
			break
		}
	}
	vb.extraObjects(b)
	vb.acts(b)
	if len(b.S) == 0 || len(b.O) == 0 {
		if f.Speech {
			return b, len(b.S) > 0
		}
		return nil, false
	}
	if inst := vb.instrumentPP(); f.Needs("instrument") && !inst || f.Pred == ontology.Targets && inst {
		// "hit Russia with new sanctions": a measure, not an attack
		return nil, false
	}
	return b, true
}

// matchTrigger reports whether the clause holds the words of the trigger
// after its lemma: a particle, a fixed object, a predicate, an adjective or
// a preposition (which it then consumes).
func (vb *verbBinder) matchTrigger() bool {
	u, cl := vb.u, vb.cl
	vg := u.syn.VG(cl)
	for _, w := range vb.f.Trigger[1:] {
		switch {
		case w == "{o}":
			vb.objFixed = true
		case vg.Particle == w:
		case len(cl.Obj) > 0 && !vb.objFixed && u.headIs(cl.Obj[0], w):
		case len(cl.Pred) > 0 && u.lower(cl.Pred[0]) == w:
		case u.adjAfter(cl, w):
		default:
			k := -1
			for i, p := range cl.PPs {
				if p.Prep == w && !vb.used[p.At] {
					k = i
					break
				}
			}
			if k < 0 {
				// "added four organizations linked to …, including NSO
				// Group, to its entity list": the preposition after what
				// interrupted the clause
				if vb.laterPrep(w) {
					continue
				}
				return false
			}
			vb.used[cl.PPs[k].At] = true
			if !vb.objFixed && vb.objFromPP < 0 {
				vb.objFromPP = k
			}
		}
	}
	return true
}

// slot returns the referents of one slot of the frame in the clause.
func (vb *verbBinder) slot(sl lexicon.Slot) []mentions.Ref {
	u, cl, f := vb.u, vb.cl, vb.f
	switch sl.Kind {
	case lexicon.Subj:
		if vb.pass {
			return vb.agent()
		}
		if f.Pred == ontology.Targets || f.Pred == ontology.Uses || f.Pred == ontology.Exploits {
			return vb.eventActor(u.subjects(vb.ci))
		}
		return u.subjects(vb.ci)
	case lexicon.Obj:
		if vb.objFromPP >= 0 {
			return u.argRefs(f, cl.PPs[vb.objFromPP].NPs)
		}
		if vb.pass {
			if rs := u.subjects(vb.ci); len(rs) > 0 || f.Pred != ontology.Targets || cl.SubjBy != syntax.SubjExplicit {
				return rs
			}
			// "organisations in India were targeted by X": victims placed
			return u.argRefs(f, cl.Subj)
		}
		if len(cl.Obj) > 0 {
			if len(f.Trigger) > 1 && !vb.objFixed && u.headIs(cl.Obj[0], f.Trigger[1]) {
				return nil // "point the finger": the object is part of the trigger
			}
			if rs := u.argRefs(f, cl.Obj); len(rs) > 0 {
				return rs
			}
			return u.namedBy(cl.Obj[len(cl.Obj)-1])
		}
		return u.argRefs(f, vb.gap())
	case lexicon.PP:
		if f.Pred == ontology.Targets || f.Pred == ontology.Condemns {
			// victims with their sectors; what a protest is against
			for _, p := range cl.PPs {
				if p.Prep == sl.Prep && !vb.used[p.At] {
					return u.argRefs(f, p.NPs)
				}
			}
			if f.Pred == ontology.Targets {
				return nil
			}
		}
		return u.ppRefs(cl, sl.Prep, vb.used)
	case lexicon.Comp:
		for g := range u.syn.Clauses {
			if gc := &u.syn.Clauses[g]; gc.Head == vb.ci && gc.Link == syntax.LinkComplement {
				return u.subjects(g)
			}
		}
	case lexicon.ObjRel:
		return vb.objectRelative()
	}
	return nil
}

// gap returns the object gap of the clause, also one that a relative
// clause of saying leaves for the clause it reports: "apps that the
// agencies said the group has used" (the apps are what was used).
func (vb *verbBinder) gap() []int {
	syn := vb.u.syn
	cl := vb.cl
	if len(cl.Gap) > 0 || cl.Head < 0 || cl.Link != syntax.LinkComplement || !syn.VG(cl).Finite {
		return cl.Gap
	}
	h := &syn.Clauses[cl.Head]
	if h.Link != syntax.LinkRelative || len(h.Obj) > 0 || !vb.u.r.lx.Is("speech", syn.VG(h).Lemma) {
		return cl.Gap
	}
	for g := range syn.Clauses {
		if g != vb.ci && syn.Clauses[g].Head == cl.Head && syn.Clauses[g].Link == syntax.LinkComplement {
			return cl.Gap // not the only clause it reports
		}
	}
	if len(h.Gap) == 1 {
		// "Borgstealer, a malware strain that …": the name the
		// description stands beside
		if k := h.Gap[0]; len(vb.u.refs(h.Gap)) == 0 && k > 1 && syn.Chunks[k-1].Kind == syntax.Comma && syn.Chunks[k-2].Kind == syntax.NP {
			if r, ok := vb.u.s.Ref(k - 2); ok && r.Type != ontology.Event {
				return []int{k - 2}
			}
		}
	}
	return h.Gap
}

// agent returns the logical subject of a passive clause: its "by" phrase,
// a "by" phrase after what follows the verb, or, for an accusation
// reported without its author ("X stands accused of …, the prosecutor
// said"), the speaker.
func (vb *verbBinder) agent() []mentions.Ref {
	u := vb.u
	if by := u.ppRefs(vb.cl, "by", vb.used); len(by) > 0 {
		return by
	}
	if late := u.lateAgent(vb.ci); len(late) > 0 {
		return late
	}
	switch vb.f.Pred {
	case ontology.Accuses, ontology.Charges, ontology.Sanctions, ontology.Condemns, ontology.Investigates:
		return u.speakerOf(vb.ci)
	}
	return nil
}

// objectRelative returns the subject of a relative clause on the object:
// "exposed tactics that X used" → X.
func (vb *verbBinder) objectRelative() []mentions.Ref {
	u, cl := vb.u, vb.cl
	if len(cl.Obj) == 0 {
		return nil
	}
	for g := range u.syn.Clauses {
		gc := &u.syn.Clauses[g]
		if gc.Link != syntax.LinkRelative || len(gc.Gap) == 0 || gc.Verb < cl.Verb {
			continue
		}
		for _, o := range cl.Obj {
			if gc.Gap[0] == o {
				return u.refs(gc.Subj)
			}
		}
	}
	return nil
}

// extraObjects adds the objects a frame's slots do not name: the places of
// a targeting verb's victims, the product a flaw was exploited in.
func (vb *verbBinder) extraObjects(b *binding) {
	u, cl, f := vb.u, vb.cl, vb.f
	if f.Pred == ontology.Targets && !vb.pass {
		b.O = append(b.O, u.clausePlaces(vb.ci)...)
	}
	if f.Pred == ontology.Exploits || f.Pred == ontology.Uses {
		// "exploited CVE-2018-13379 in Fortinet FortiOS": the product too
		for _, p := range cl.PPs {
			if p.Prep == "in" && p.AfterObj {
				for _, r := range u.refs(p.NPs) {
					if r.Type == ontology.Product || r.Type == ontology.Vulnerability {
						b.O = append(b.O, r)
					}
				}
				b.O = append(b.O, u.namedProducts(p.NPs)...)
			}
		}
		// "exploited a flaw in Acme Gateway (CVE-2023-0001)", "… flaws in
		// Acme products, including CVE-2021-0001": the flaws named after
		for _, o := range cl.Obj {
			for _, n := range u.exampleItems(o) {
				if r, ok := u.s.Ref(n); ok && r.Type == ontology.Vulnerability {
					b.O = append(b.O, r)
				}
			}
		}
	}
}

// needsMet checks the frame's conditions on the clause: the passive, a
// prepositional argument, the object's head noun.
func (vb *verbBinder) needsMet() bool {
	f, u := vb.f, vb.u
	if f.Needs("pass") && !vb.pass {
		return false
	}
	for _, n := range f.Need {
		if strings.HasPrefix(n, "pp:") && u.ppAt(vb.cl, strings.TrimPrefix(n, "pp:")) < 0 {
			return false
		}
	}
	if nouns := f.NeedValue("noun"); nouns != nil && !vb.objectNoun(nouns) {
		return false
	}
	return true
}

// acts records the acts a frame ascribes: the "of", "with" or "for" act of
// "accused X of …" is X's even without an accuser ("it was blamed for the
// attack on Sony"), and an attack whose victims name nothing is still its
// subject's, for a speaker who reports it.
func (vb *verbBinder) acts(b *binding) {
	u, cl, f := vb.u, vb.cl, vb.f
	for _, sl := range f.X {
		if sl.Kind != lexicon.PP {
			continue
		}
		for _, p := range cl.PPs {
			if p.Prep == sl.Prep && !vb.used[p.At] {
				if p.Clause >= 0 {
					b.actClauses = append(b.actClauses, p.Clause)
				}
				b.actNPs = append(b.actNPs, p.NPs...)
			}
		}
	}
	if len(b.S) == 0 && len(b.O) > 0 && (len(b.actNPs) > 0 || len(b.actClauses) > 0) {
		for _, k := range b.actNPs {
			u.agents[k] = b.O
		}
		for _, c := range b.actClauses {
			u.agentsOfClause[c] = b.O
		}
	}
	if len(b.S) > 0 && len(b.O) == 0 && f.Pred == ontology.Targets && !vb.pass && !f.Speech && u.victimStated(cl, f) {
		u.acts = append(u.acts, act{clause: vb.ci, agents: b.S})
	}
	if len(b.S) > 0 && len(b.O) == 0 && f.Pred == ontology.Exploits && (!vb.pass && len(cl.Obj) > 0 || vb.pass && len(cl.Subj) > 0) {
		// "exploited vulnerabilities in Microsoft Exchange software": an
		// act even when the flaws name nothing
		u.acts = append(u.acts, act{clause: vb.ci, agents: b.S})
	}
	if len(b.S) == 0 && len(b.O) > 0 && f.Pred == ontology.AffiliatedWith && len(cl.Subj) > 0 {
		// "activity associated with a Russian state actor known as APT29":
		// what is reported of an actor's activity
		var groups []mentions.Ref
		for _, o := range b.O {
			if o.Type == ontology.ThreatGroup {
				groups = append(groups, o)
			}
		}
		if len(groups) > 0 {
			u.acts = append(u.acts, act{clause: vb.ci, agents: groups})
		}
	}
	if len(b.S) == 0 && len(b.O) > 0 && f.Pred == ontology.AttributedTo && (len(cl.Subj) > 0 || len(cl.Obj) > 0) &&
		(len(cl.Obj) == 0 || vb.pass || u.r.lx.Is("attack", u.syn.Tokens[u.syn.Chunks[cl.Obj[0]].Head].Lower)) {
		// "this attack has been carried out by the Americans": an event
		// without a name of its own is still the agents' act
		u.acts = append(u.acts, act{clause: vb.ci, agents: b.O})
	}
	if len(b.S) == 0 && len(b.O) > 0 && f.Pred == ontology.AttributedTo {
		// "the attack, which researchers attributed to APT28, disrupted
		// …": what the attack does, its agents do
		var actors []mentions.Ref
		for _, o := range b.O {
			if o.Type != ontology.Event {
				actors = append(actors, o)
			}
		}
		for _, k := range append(append(append([]int(nil), cl.Gap...), cl.Obj...), cl.Subj...) {
			_, given := u.agents[k]
			_, named := u.s.Ref(k)
			if !given && !named && len(actors) > 0 && u.r.lx.Is("attack", u.syn.Tokens[u.syn.Chunks[k].Head].Lower) {
				u.agents[k] = actors
			}
		}
	}
}

// eventActor replaces an event that is the subject of an act by the actors
// it is attributed to ("The Government judges that APT31 was responsible
// for the breach. This attack targeted …"): what an attack targets, its
// attacker targets.
func (vb *verbBinder) eventActor(subj []mentions.Ref) []mentions.Ref {
	u := vb.u
	cl := vb.cl
	if len(subj) == 0 && len(cl.Subj) == 1 {
		k := cl.Subj[0]
		if a, ok := u.agents[k]; ok && !u.namesTool(k) {
			return a
		}
		w := u.syn.Tokens[u.syn.Chunks[k].Start].Lower
		if u.r.lx.Is("attack", u.syn.Tokens[u.syn.Chunks[k].Head].Lower) && (w == "this" || w == "that" || w == "the") && u.mem.lastAgent != "" {
			return u.keyRefs(0.6, u.mem.lastAgent)
		}
		return nil
	}
	return u.eventAgents(subj)
}

// figurative reports a clause that joins its object in a figure of speech:
// "China had joined Russia, Iran and North Korea in a shameful club of
// nations" is no cooperation.
func (vb *verbBinder) figurative() bool {
	for _, p := range vb.cl.PPs {
		if p.Prep != "in" && p.Prep != "into" && p.Prep != "among" {
			continue // "working with the company" is no figure
		}
		for _, k := range p.NPs {
			if vb.u.r.lx.Is("figurative", vb.u.syn.Tokens[vb.u.syn.Chunks[k].Head].Lower) {
				return true
			}
		}
	}
	return false
}

// laterPrep reports preposition w after the end of the clause, past
// participles and lists that interrupt it but before any finite verb.
func (vb *verbBinder) laterPrep(w string) bool {
	syn := vb.u.syn
	for k := vb.cl.End; k+1 < len(syn.Chunks) && k < vb.cl.End+16; k++ {
		c := syn.Chunks[k]
		if c.Kind == syntax.VG && c.Verb.Finite || c.Kind == syntax.Sub {
			return false
		}
		if c.Kind == syntax.Prep && c.Word == w && syn.Chunks[k+1].Kind == syntax.NP {
			return true
		}
	}
	return false
}

// objectNoun reports whether the clause's object has one of the head nouns
// a frame needs ("sent phishing emails to X": need=noun:email).
func (vb *verbBinder) objectNoun(nouns []string) bool {
	if len(vb.cl.Obj) == 0 {
		return false
	}
	for _, w := range nouns {
		if vb.u.headIs(vb.cl.Obj[0], w) {
			return true
		}
	}
	return false
}

// instrumentPP reports a "with" phrase that names a measure ("hit X with
// sanctions", "targeted X with penalties"): the clause sanctions.
func (vb *verbBinder) instrumentPP() bool {
	u := vb.u
	for _, p := range vb.cl.PPs {
		if p.Prep != "with" {
			continue
		}
		for _, k := range p.NPs {
			if u.r.lx.Is("instrument", nounLemma(u.syn.Tokens[u.syn.Chunks[k].Head].Lower)) {
				return true
			}
		}
	}
	return false
}

// namesTool reports an event noun phrase that names the malware or tool
// it was done with ("the WannaCry ransomware outbreak"): the tool is the
// subject of what the event does, not its attributed actor.
func (u *run) namesTool(k int) bool {
	for _, m := range u.s.Mods(k) {
		if m.Type == ontology.Malware || m.Type == ontology.Tool {
			return true
		}
	}
	return false
}
