package relations

import (
	"slices"
	"strings"

	"github.com/newsgraph/newsgraph/extract/lexicon"
	"github.com/newsgraph/newsgraph/extract/mentions"
	"github.com/newsgraph/newsgraph/extract/syntax"
	"github.com/newsgraph/newsgraph/ontology"
)

// binding is a frame's arguments found in a sentence.
type binding struct {
	S, O, A []mentions.Ref
	// act holds the noun phrases and clauses of the X slot: acts ascribed
	// to the object ("of hacking …", "for the attack on …").
	actNPs     []int
	actClauses []int
	verb       string
	score      int
	// ownAgent marks a noun's agent found in its own phrase (possessor,
	// modifier, "by"), not given by a clause
	ownAgent bool
}

// clauses applies the verb frames to every clause, and the frames of
// copula predicates and prepositions.
func (u *run) clauses() {
	syn := u.syn
	for ci := range syn.Clauses {
		cl := &syn.Clauses[ci]
		vg := syn.VG(cl)
		u.cur = ci
		m := u.clauseMood(ci)
		u.listedUnder(ci, m)
		u.amongVictims(ci, m)
		if vg.Copula {
			u.copula(ci, m)
		} else {
			u.verbFrames(ci, m)
			u.ascribe(ci, m)
			u.serveAs(ci, m)
			u.trackedAs(ci, m)
			u.cooperation(ci, m)
			u.victims(ci, m)
			u.eventList(ci, m)
			u.publish(ci, m)
			u.evaluate(ci, m)
			u.instrument(ci, m)
		}
		u.instances(ci, m)
		u.prepFrames(ci, m)
	}
	u.cur = -1
}

// verbFrames applies the best frame of each predicate of clause ci's verb.
func (u *run) verbFrames(ci int, m mood) {
	syn := u.syn
	vg := syn.VG(&syn.Clauses[ci])
	// the best binding of each predicate, in the lexicon's order of the
	// predicates (the output order must not depend on map iteration)
	type choice struct {
		f *lexicon.Frame
		b *binding
	}
	var best []choice
	for _, f := range u.r.lx.Frames(lexicon.Verb, vg.Lemma) {
		if f.Denial {
			continue // see denials
		}
		b, ok := u.bindVerb(ci, f)
		if !ok || !u.typesFit(f, b) {
			continue
		}
		i := 0
		for i < len(best) && best[i].f.Pred != f.Pred {
			i++
		}
		switch {
		case i == len(best):
			best = append(best, choice{f, b})
		case b.score > best[i].b.score:
			best[i] = choice{f, b}
		}
	}
	for _, c := range best {
		u.apply(c.f, c.b, m, "verb", u.clauseConf(ci))
	}
}

// typesFit reports whether some subject and object of binding b have the
// types frame f asks for, so that of two frames of one verb the one whose
// types fit is chosen: "Unit 26165 is identified with APT28" (an agency
// identified with a group) reads the group as the affiliated one.
func (u *run) typesFit(f *lexicon.Frame, b *binding) bool {
	if len(f.SType) == 0 && len(f.OType) == 0 {
		return true
	}
	for _, s := range b.S {
		for _, o := range b.O {
			se, oe := u.doc.Entity(s.Key), u.doc.Entity(o.Key)
			if se != nil && oe != nil && f.TypeOK(se.Type, oe.Type) {
				return true
			}
		}
	}
	return false
}

// passive reports whether clause ci's subject is the logical object: a
// passive verb group or a past participle ("officials accused of …").
func (u *run) passive(ci int) bool {
	cl := &u.syn.Clauses[ci]
	vg := u.syn.VG(cl)
	if u.syn.Headline && vg.Tense == syntax.Past && len(cl.Obj) == 0 && !vg.Perfect && !vg.Copula &&
		strings.HasSuffix(u.syn.Tokens[vg.Main].Lower, "ed") {
		return true // "Four Chinese Nationals Charged Over …"
	}
	return vg.Passive || vg.Participle
}

// subjects returns the logical subject of clause ci: the grammatical
// subject, with its co-subjects ("X, together with A and B, condemned").
func (u *run) subjects(ci int) []mentions.Ref {
	cl := &u.syn.Clauses[ci]
	if a, ok := u.agentsOfClause[ci]; ok {
		return a
	}
	if cl.SubjBy == syntax.SubjNoun && len(cl.Subj) > 0 {
		// "charged X with conspiracy to murder Y": the act is X's;
		// "over its attempts to undermine Ukraine": the owner's
		k := cl.Subj[0]
		if a, ok := u.agents[k]; ok {
			return a
		}
		if o, ok := u.s.Owner(k); ok {
			return []mentions.Ref{o}
		}
		if u.r.lx.Is("activity", u.syn.Tokens[u.syn.Chunks[k].Head].Lower) {
			return u.standFor(k, 0) // "the U.S. decision to ban …": the country's
		}
		if cl.Head >= 0 && u.instrumentNoun(k) {
			// "exploited flaws in Acme software to compromise …": a
			// purpose of the governing clause's subject
			return u.subjects(cl.Head)
		}
		return nil
	}
	if u.reportedAttempt(ci) || cl.SubjBy == syntax.SubjControl && cl.Head >= 0 && cl.Head < ci && u.reportedAttempt(cl.Head) {
		return nil // also the means of that attempt: "… by hacking their computers"
	}
	if len(cl.Subj) > 0 && u.speaks(cl.Subj[0]) {
		// "the indictment alleges", "we were able to link": the speaker;
		// "an advisory saying …": who published it
		if sp := u.publisher(cl.Subj[0]); len(sp) > 0 {
			return sp
		}
		if sp := u.speakerOf(ci); len(sp) > 0 {
			return sp
		}
	}
	if cl.SubjBy == syntax.SubjRelative && len(cl.Subj) == 1 {
		// "Nobelium is the same actor that was behind E": the relative on
		// a copula's predicate is about the copula's subject
		if p := u.copulaOfPred(cl.Subj[0]); p >= 0 && p != ci {
			if out := u.subjects(p); len(out) > 0 {
				return out
			}
		}
		if out := u.partOfUnnamed(cl.Subj[0]); len(out) > 0 {
			return out
		}
		if out := u.ascribedHost(cl.Subj[0]); len(out) > 0 {
			// "X is described as an affiliate who used Y": X used Y
			return out
		}
	}
	out := u.refs(cl.Subj)
	out = append(out, u.coSubjects(ci)...)
	if len(cl.Subj) == 1 {
		// "The two Malaysians, Wong Ong Hua and Ling Yang Ching, are …"
		if a, _ := u.syn.Appos(cl.Subj[0]); a >= 0 {
			if g := u.syn.GroupOf(a); g != nil && len(g.NPs) > 1 {
				out = append(out, u.refs(g.NPs)...)
			}
		}
	}
	return out
}

// reportedAttempt reports whether clause ci is an infinitive that
// complements an object noun of intent whose agent the governing verb does
// not name: in "the report describes attempts to steal from banks" or "the
// police foiled a plot to kill Ivo Lind" the describer and the police are
// not the ones who steal or kill; in "the group made attempts to steal …"
// (a light verb) and "the group's attempts to …" (an owner) they are.
func (u *run) reportedAttempt(ci int) bool {
	syn := u.syn
	cl := &syn.Clauses[ci]
	if cl.SubjBy != syntax.SubjControl || cl.Head < 0 || cl.Link != syntax.LinkComplement || cl.Verb < 1 {
		return false
	}
	vg := syn.Chunks[cl.Verb].Verb
	k := cl.Verb - 1
	if !vg.Infinitive || syn.Chunks[k].Kind != syntax.NP || !u.r.lx.Is("intentnoun", syn.Tokens[syn.Chunks[k].Head].Lower) {
		return false
	}
	h := &syn.Clauses[cl.Head]
	if slices.Contains(h.Obj, k) && u.r.lx.Is("support", syn.VG(h).Lemma) {
		return false
	}
	// past the objects too: "listing six men for their roles in A, B and
	// a foiled attempt to hack C"
	_, owned := u.s.Owner(k)
	return !owned
}

// copulaOfPred returns the copula clause whose predicate is noun phrase k,
// or -1.
func (u *run) copulaOfPred(k int) int {
	for ci := range u.syn.Clauses {
		if slices.Contains(u.syn.Clauses[ci].Pred, k) {
			return ci
		}
	}
	return -1
}

// argRefs returns the referents of a frame's object: victims for a
// targeting frame (sectors included), referents otherwise.
func (u *run) argRefs(f *lexicon.Frame, nps []int) []mentions.Ref {
	var more []int
	if len(nps) > 0 {
		more = append(u.asWellAs(nps[len(nps)-1]), u.namedMembers(nps)...)
	}
	if f.Pred == ontology.Targets {
		return append(append(u.victimRefs(nps), u.listMembers(nps, true)...), u.victimRefs(more)...)
	}
	out := append(append(u.refs(nps), u.listMembers(nps, false)...), u.refs(more)...)
	if len(out) == 0 && f.Pred == ontology.Condemns {
		// "protested against the US' use of force": whose act it is
		for _, k := range nps {
			if o, ok := u.s.Owner(k); ok && o.Type != ontology.Person {
				out = append(out, o)
			}
		}
	}
	if len(out) == 0 && (f.Pred == ontology.Exploits || f.Pred == ontology.Uses) {
		// "a Fortigate appliance", "Fortinet vulnerabilities": the software named
		for _, k := range nps {
			for _, m := range u.s.Mods(k) {
				switch m.Type {
				case ontology.Product, ontology.Malware, ontology.Tool, ontology.Vulnerability:
					out = append(out, m)
				}
			}
		}
	}
	return out
}

// lateAgent returns the "by" agent of passive clause ci that stands after
// the infinitives and participles that follow it ("were charged with
// fraud, theft and conspiracy to steal trade secrets by the Justice
// Department").
func (u *run) lateAgent(ci int) []mentions.Ref {
	syn := u.syn
	for k := syn.Clauses[ci].End; k+1 < len(syn.Chunks); k++ {
		c := syn.Chunks[k]
		if c.Kind == syntax.VG && c.Verb.Finite || c.Kind == syntax.Sub || c.Kind == syntax.Rel {
			return nil
		}
		if c.Kind == syntax.Prep && c.Word == "by" && syn.Chunks[k+1].Kind == syntax.NP {
			rs := u.refs(syn.GroupOf(k + 1).NPs)
			var out []mentions.Ref
			for _, r := range rs {
				if official(r.Type) {
					out = append(out, r)
				}
			}
			return out
		}
	}
	return nil
}

// headIs reports whether noun phrase k's head word (or lemma) is w.
func (u *run) headIs(k int, w string) bool {
	h := u.syn.Tokens[u.syn.Chunks[k].Head].Lower
	return h == w || nounLemma(h) == w
}

// adjAfter reports an adjective w right after the clause's object: "hold
// {o} responsible".
func (u *run) adjAfter(cl *syntax.Clause, w string) bool {
	if len(cl.Obj) == 0 {
		return false
	}
	g := u.syn.GroupOf(cl.Obj[0])
	if g == nil || g.End >= len(u.syn.Chunks) {
		return false
	}
	c := u.syn.Chunks[g.End]
	return (c.Kind == syntax.Adj || c.Kind == syntax.NP) && u.syn.Tokens[c.Start].Lower == w
}

// ppAt returns the index in cl.PPs of the first phrase with preposition
// p, or -1.
func (u *run) ppAt(cl *syntax.Clause, p string) int {
	for i, pp := range cl.PPs {
		if pp.Prep == p {
			return i
		}
	}
	return -1
}

// ppRefs returns the referents of the first prepositional phrase of clause
// cl with preposition p that the trigger did not use.
func (u *run) ppRefs(cl *syntax.Clause, p string, used map[int]bool) []mentions.Ref {
	for _, pp := range cl.PPs {
		if pp.Prep == p && !used[pp.At] && !u.nounOwnsPP(cl, pp) {
			return u.refs(pp.NPs)
		}
	}
	return nil
}

// nounOwnsPP reports a prepositional phrase right after the object of
// another preposition of clause cl, a noun whose own frame takes it: in
// "blamed for the WannaCry attack on countries including …" the "on"
// phrase is the attack's, not the verb's ("blame X on Y"). After the
// direct object it stays the verb's ("blamed the hack on X").
func (u *run) nounOwnsPP(cl *syntax.Clause, pp syntax.PP) bool {
	k := pp.At - 1
	if k < 0 || u.syn.Chunks[k].Kind != syntax.NP {
		return false
	}
	inPP := false
	for _, q := range cl.PPs {
		inPP = inPP || q.At < pp.At && slices.Contains(q.NPs, k)
	}
	if !inPP {
		return false
	}
	hw := nounLemma(u.syn.Tokens[u.syn.Chunks[k].Head].Lower)
	for _, f := range u.r.lx.Frames(lexicon.Noun, hw) {
		for _, slots := range [][]lexicon.Slot{f.S, f.O, f.A} {
			for _, sl := range slots {
				if sl.Kind == lexicon.PP && sl.Prep == pp.Prep {
					return true
				}
			}
		}
	}
	return false
}

// clauseConf is the syntactic confidence of a clause's arguments: an
// explicit subject is surest; a shared, controlled or relative one less.
func (u *run) clauseConf(ci int) float64 {
	switch u.syn.Clauses[ci].SubjBy {
	case syntax.SubjExplicit, syntax.SubjInverted:
		return 1
	case syntax.SubjRelative, syntax.SubjReduced:
		return 0.95
	case syntax.SubjShared:
		return 0.9
	default:
		return 0.85
	}
}

// apply emits the claims of a bound frame: every subject with every
// object, the event the claim is about, and the acts ascribed to the
// object.
func (u *run) apply(f *lexicon.Frame, b *binding, m mood, rule string, conf float64) {
	about := ""
	for _, a := range b.A {
		if a.Type == ontology.Event {
			about = a.Key
		}
	}
	for _, k := range b.actNPs {
		if r, ok := u.s.Ref(k); ok && r.Type == ontology.Event && about == "" {
			about = r.Key
		}
		// "blamed X for the attack on Y": X did the attack
		u.agents[k] = b.O
	}
	for _, c := range b.actClauses {
		u.agentsOfClause[c] = b.O
	}
	if !m.asserted() {
		if m.denied || m.neg {
			u.noted = append(u.noted, note{pred: f.Pred, s: b.S, o: b.O, about: about, neg: true, clause: u.cur})
		}
		return
	}
	if f.Pred == ontology.Accuses && m.asserted() {
		// an accused event stands for its actors, known by the end of the
		// sentence ("linked the networks to state-affiliated operations
		// attributed to Russia")
		for _, s := range b.S {
			for _, o := range b.O {
				if o.Type == ontology.Event {
					u.eventAcc = append(u.eventAcc, Claim{Subject: s.Key, Object: o.Key, Pred: ontology.Accuses, About: o.Key,
						Conf: f.Conf * conf * refConf(s) * 0.9, Verb: b.verb, Rule: rule, clause: u.cur})
				}
			}
		}
	}
	for _, s := range b.S {
		for _, o := range b.O {
			if s.Key == o.Key {
				continue
			}
			se, oe := u.doc.Entity(s.Key), u.doc.Entity(o.Key)
			if se == nil || oe == nil || !f.TypeOK(se.Type, oe.Type) {
				continue
			}
			u.emit(Claim{Subject: s.Key, Object: o.Key, Pred: f.Pred, About: about,
				Conf: f.Conf * conf * refConf(s) * refConf(o), Verb: b.verb, Rule: rule})
		}
	}
	if f.Pred == ontology.AttributedTo {
		// "E was carried out by X": the event's agent, for a speaker's
		// accusation, and for the event's own frame ("X was responsible
		// for the compromise of Y": X targets Y)
		for _, o := range b.O {
			u.agentsSeen = append(u.agentsSeen, o.Key)
		}
		for _, s := range b.S {
			for k, c := range u.syn.Chunks {
				if r, ok := u.s.Ref(k); ok && c.Kind == syntax.NP && r.Key == s.Key && r.Type == ontology.Event {
					if _, seen := u.agents[k]; !seen {
						u.agents[k] = b.O
					}
				}
			}
		}
	}
}

// accusedEvents states the accusations whose object was an event: the
// accuser accuses the actors the event is attributed to, in this sentence
// or before.
func (u *run) accusedEvents() {
	for _, c := range u.eventAcc {
		var actors []string
		for _, o := range u.out {
			if o.Pred == ontology.AttributedTo && o.Subject == c.Object {
				actors = append(actors, o.Object)
			}
		}
		actors = append(actors, u.mem.eventAgents[c.Object]...)
		for _, a := range actors {
			d := c
			d.Object = a
			u.emit(d)
		}
	}
}

// refConf is how much a referent is trusted: names fully, described actors
// and coreference less.
func refConf(r mentions.Ref) float64 {
	switch r.Method {
	case mentions.MethodCoref:
		return 0.85
	case mentions.MethodDescribed:
		return 0.95
	}
	if r.Conf > 0 && r.Conf < 0.8 {
		return 0.9
	}
	return 1
}
