package relations

import (
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
		if vg.Copula {
			u.copula(ci, m)
		} else {
			u.verbFrames(ci, m)
			u.ascribe(ci, m)
			u.serveAs(ci, m)
			u.joint(ci, m)
			u.alliesWith(ci, m)
			u.victims(ci, m)
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
		if !ok {
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
		return nil
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

// bindVerb binds frame f to clause ci; ok is false when the trigger's
// words do not match or the subject or object is missing.
func (u *run) bindVerb(ci int, f *lexicon.Frame) (*binding, bool) {
	syn := u.syn
	cl := &syn.Clauses[ci]
	vg := syn.VG(cl)
	pass := u.passive(ci)
	used := map[int]bool{} // PP chunks consumed by the trigger
	objFromPP := -1
	objFixed := false
	for _, w := range f.Trigger[1:] {
		switch {
		case w == "{o}":
			objFixed = true
		case vg.Particle == w:
		case len(cl.Obj) > 0 && !objFixed && u.headIs(cl.Obj[0], w):
		case len(cl.Pred) > 0 && u.lower(cl.Pred[0]) == w:
		case u.adjAfter(cl, w):
		default:
			k := -1
			for i, p := range cl.PPs {
				if p.Prep == w && !used[p.At] {
					k = i
					break
				}
			}
			if k < 0 {
				return nil, false
			}
			used[cl.PPs[k].At] = true
			if !objFixed && objFromPP < 0 {
				objFromPP = k
			}
		}
	}
	b := &binding{verb: syn.Word(vg.Main)}
	if vg.Particle != "" {
		b.verb += " " + vg.Particle
	}
	slot := func(sl lexicon.Slot) []mentions.Ref {
		switch sl.Kind {
		case lexicon.Subj:
			if pass {
				if by := u.ppRefs(cl, "by", used); len(by) > 0 {
					return by
				}
				if late := u.lateAgent(ci); len(late) > 0 {
					return late
				}
				switch f.Pred {
				case ontology.Accuses, ontology.Charges, ontology.Sanctions, ontology.Condemns, ontology.Investigates:
					// "X stands accused of …, the prosecutor said": who
					// reports an accusation without its author makes it
					return u.speakerOf(ci)
				}
				return nil
			}
			return u.subjects(ci)
		case lexicon.Obj:
			if objFromPP >= 0 {
				return u.argRefs(f, cl.PPs[objFromPP].NPs)
			}
			if pass {
				return u.subjects(ci)
			}
			if len(cl.Obj) > 0 {
				if len(f.Trigger) > 1 && !objFixed && u.headIs(cl.Obj[0], f.Trigger[1]) {
					return nil // "point the finger": the object is part of the trigger
				}
				return u.argRefs(f, cl.Obj)
			}
			return u.argRefs(f, cl.Gap)
		case lexicon.PP:
			if f.Pred == ontology.Targets {
				for _, p := range cl.PPs {
					if p.Prep == sl.Prep && !used[p.At] {
						return u.victimRefs(p.NPs)
					}
				}
				return nil
			}
			if f.Pred == ontology.Condemns {
				for _, p := range cl.PPs {
					if p.Prep == sl.Prep && !used[p.At] {
						return u.argRefs(f, p.NPs)
					}
				}
			}
			return u.ppRefs(cl, sl.Prep, used)
		case lexicon.Comp:
			for g := range syn.Clauses {
				if gc := &syn.Clauses[g]; gc.Head == ci && gc.Link == syntax.LinkComplement {
					return u.subjects(g)
				}
			}
		case lexicon.ObjRel:
			if len(cl.Obj) == 0 {
				return nil
			}
			for g := range syn.Clauses {
				gc := &syn.Clauses[g]
				if gc.Link != syntax.LinkRelative || len(gc.Gap) == 0 || gc.Verb < cl.Verb {
					continue
				}
				for _, o := range cl.Obj {
					if gc.Gap[0] == o {
						return u.refs(gc.Subj)
					}
				}
			}
		}
		return nil
	}
	for _, sl := range f.S {
		if b.S = slot(sl); len(b.S) > 0 {
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
		rs := slot(sl)
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
		if rs := slot(sl); len(rs) > 0 {
			b.A = rs
			b.score++
			break
		}
	}
	if f.Pred == ontology.Targets && !pass {
		b.O = append(b.O, u.clausePlaces(cl)...)
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
			}
		}
	}
	for _, sl := range f.X {
		if sl.Kind != lexicon.PP {
			continue
		}
		for _, p := range cl.PPs {
			if p.Prep == sl.Prep && !used[p.At] {
				if p.Clause >= 0 {
					b.actClauses = append(b.actClauses, p.Clause)
				}
				b.actNPs = append(b.actNPs, p.NPs...)
			}
		}
	}
	if len(b.S) == 0 && len(b.O) > 0 && (len(b.actNPs) > 0 || len(b.actClauses) > 0) {
		// "it was blamed for the attack on Sony": no accuser, but the act
		// is still the object's
		for _, k := range b.actNPs {
			u.agents[k] = b.O
		}
		for _, c := range b.actClauses {
			u.agentsOfClause[c] = b.O
		}
	}
	if len(b.S) > 0 && len(b.O) == 0 && f.Pred == ontology.Targets && !pass && !f.Speech && u.victimStated(cl, f) {
		// "said it has used hackers to break into computer networks": an
		// attack on victims that name nothing is still the subject's act
		u.acts = append(u.acts, act{clause: ci, agents: b.S})
	}
	if len(b.S) == 0 || len(b.O) == 0 {
		if f.Speech {
			return b, len(b.S) > 0
		}
		return nil, false
	}
	if f.Needs("pass") && !pass {
		return nil, false
	}
	for _, n := range f.Need {
		if strings.HasPrefix(n, "pp:") && u.ppAt(cl, strings.TrimPrefix(n, "pp:")) < 0 {
			return nil, false
		}
	}
	return b, true
}

// clausePlaces returns the countries a targeting clause's victims are in:
// "targeted government agencies, companies and universities in a dozen
// countries, among them the United States, Austria, …".
func (u *run) clausePlaces(cl *syntax.Clause) []mentions.Ref {
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

// argRefs returns the referents of a frame's object: victims for a
// targeting frame (sectors included), referents otherwise.
func (u *run) argRefs(f *lexicon.Frame, nps []int) []mentions.Ref {
	if f.Pred == ontology.Targets {
		return u.victimRefs(nps)
	}
	out := u.refs(nps)
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
// the infinitives and participles that follow it ("have been indicted on
// charges of conspiracy to commit …, and aggravated identity theft by the
// Department of Justice").
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
		if pp.Prep == p && !used[pp.At] {
			return u.refs(pp.NPs)
		}
	}
	return nil
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
		// "E was carried out by X": the event's agent, for a speaker's accusation
		for _, o := range b.O {
			u.agentsSeen = append(u.agentsSeen, o.Key)
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

// copula applies the frames of a copula's predicate: "X is a member of Y"
// (noun), "X was responsible for E" (adjective), "X was behind E"
// (preposition), "Guo is a German national".
func (u *run) copula(ci int, m mood) {
	cl := &u.syn.Clauses[ci]
	host := u.subjects(ci)
	if len(host) == 0 {
		return
	}
	for _, p := range cl.Pred {
		c := u.syn.Chunks[p]
		if c.Kind == syntax.Adj {
			for _, f := range u.r.lx.Frames(lexicon.Adj, u.syn.Tokens[c.Head].Lower) {
				u.adjFrame(ci, f, host, m)
			}
			continue
		}
		u.hostNoun(p, host, m, u.clauseConf(ci))
	}
}

// adjFrame applies an adjective frame to a copula clause.
func (u *run) adjFrame(ci int, f *lexicon.Frame, host []mentions.Ref, m mood) {
	cl := &u.syn.Clauses[ci]
	b := &binding{verb: u.syn.ChunkText(cl.Pred[0])}
	pick := func(slots []lexicon.Slot) []mentions.Ref {
		for _, sl := range slots {
			switch sl.Kind {
			case lexicon.Subj, lexicon.Host:
				return host
			case lexicon.PP:
				if rs := u.ppRefs(cl, sl.Prep, nil); len(rs) > 0 {
					return rs
				}
			}
		}
		return nil
	}
	b.S, b.O = pick(f.S), pick(f.O)
	if len(b.S) > 0 && len(b.O) > 0 {
		u.apply(f, b, m, "adj", u.clauseConf(ci))
	}
}

// prepFrames applies preposition frames to the prepositional phrases of
// clause ci: "on behalf of X" (the clause's subject acts for X), "together
// with X" (cooperation), "behind X" after a copula.
func (u *run) prepFrames(ci int, m mood) {
	cl := &u.syn.Clauses[ci]
	vg := u.syn.VG(cl)
	for _, p := range cl.PPs {
		for _, f := range u.r.lx.Frames(lexicon.Prep, firstWord(p.Prep)) {
			if strings.Join(f.Trigger, " ") != p.Prep {
				continue
			}
			if f.Needs("cop") && !vg.Copula {
				continue
			}
			if hn := f.NeedValue("hostnoun"); hn != nil {
				continue // attached to noun phrases only (see nouns)
			}
			host := u.subjects(ci)
			if u.passive(ci) && len(host) > 0 && f.Pred != ontology.AttributedTo {
				// "attacks carried out on behalf of X": the agent acts for X
				if by := u.ppRefs(cl, "by", nil); len(by) > 0 {
					host = by
				}
			}
			b := &binding{verb: p.Prep}
			pp := u.refs(p.NPs)
			b.S, b.O = pickHost(f.S, host, pp), pickHost(f.O, host, pp)
			if len(b.S) > 0 && len(b.O) > 0 {
				u.apply(f, b, m, "prep", u.clauseConf(ci)*0.95)
			}
		}
	}
}

// publish states that the authors of an advisory, alert or report on an
// actor's campaign accuse the actor: "the FBI and CISA released a joint
// advisory on an ongoing campaign by Iranian government-sponsored APT
// actors", "issued an alert about APT40".
func (u *run) publish(ci int, m mood) {
	syn := u.syn
	cl := &syn.Clauses[ci]
	vg := syn.VG(cl)
	if !m.asserted() || len(cl.Obj) == 0 || !u.r.lx.Is("publishverb", vg.Lemma) {
		return
	}
	if !u.r.lx.Is("document", syn.Tokens[syn.Chunks[cl.Obj[0]].Head].Lower) {
		return
	}
	authors := u.subjects(ci)
	if u.passive(ci) {
		authors = u.ppRefs(cl, "by", nil)
	}
	var accused []mentions.Ref
	for _, p := range cl.PPs {
		if p.Prep != "on" && p.Prep != "about" && p.Prep != "regarding" && p.Prep != "detailing" && p.Prep != "into" {
			continue
		}
		for _, k := range p.NPs {
			if r, ok := u.s.Ref(k); ok && r.Type == ontology.ThreatGroup {
				accused = append(accused, r)
				continue
			}
			// "a campaign by X", "X's campaign", "the exploitation of … by X"
			if r, ok := u.s.Owner(k); ok && r.Type == ontology.ThreatGroup {
				accused = append(accused, r)
			}
			for _, q := range u.ppsAfter(k) {
				if q.prep == "by" {
					for _, r := range u.refs(q.nps) {
						if r.Type == ontology.ThreatGroup {
							accused = append(accused, r)
						}
					}
				}
			}
		}
	}
	for _, a := range authors {
		for _, x := range accused {
			u.emit(Claim{Subject: a.Key, Object: x.Key, Pred: ontology.Accuses, Conf: 0.75 * u.clauseConf(ci), Verb: vg.Lemma + " " + u.lower(cl.Obj[0]), Rule: "publish"})
		}
	}
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
	if !u.r.lx.Is("victimnoun", nounLemma(syn.Tokens[syn.Chunks[k].Head].Lower)) {
		return
	}
	var agents []mentions.Ref
	if r, ok := u.s.Owner(k); ok {
		agents = append(agents, r)
	}
	if len(agents) == 0 && u.mem.lastAgent != "" {
		if e := u.doc.Entity(u.mem.lastAgent); e != nil {
			agents = append(agents, mentions.Ref{Key: u.mem.lastAgent, Type: e.Type, Method: mentions.MethodCoref, Conf: 0.6})
		}
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

// alliesWith states cooperation with the partners listed after "with
// (a group of) allies and partners, including A, B and C".
func (u *run) alliesWith(ci int, m mood) {
	syn := u.syn
	cl := &syn.Clauses[ci]
	if !m.asserted() {
		return
	}
	for _, p := range cl.PPs {
		if p.Prep != "with" && p.Prep != "alongside" && p.Prep != "together with" {
			continue
		}
		allies := false
		last := -1
		for _, np := range p.NPs {
			for k := np; k < syn.GroupOf(np).End && k < len(syn.Chunks); k++ {
				if syn.Chunks[k].Kind == syntax.NP {
					if u.r.lx.Is("allies", syn.Tokens[syn.Chunks[k].Head].Lower) {
						allies = true
					}
					last = k
				}
			}
		}
		if !allies || last < 0 {
			continue
		}
		var partners []mentions.Ref
		for k := last; k < len(syn.Chunks) && k < last+3; k++ {
			if syn.Chunks[k].Kind == syntax.NP {
				partners = append(partners, u.including(k)...)
			}
		}
		for _, s := range u.subjects(ci) {
			for _, o := range partners {
				u.emit(Claim{Subject: s.Key, Object: o.Key, Pred: ontology.CooperatesWith, Conf: 0.8 * u.clauseConf(ci), Verb: "with allies", Rule: "allies"})
			}
		}
	}
}

// pickHost resolves a preposition frame's slots: "host" is what the phrase
// is attached to, "pp" its object.
func pickHost(slots []lexicon.Slot, host, pp []mentions.Ref) []mentions.Ref {
	for _, sl := range slots {
		switch sl.Kind {
		case lexicon.Host, lexicon.Subj:
			return host
		case lexicon.PP:
			return pp
		}
	}
	return nil
}

func firstWord(s string) string {
	if i := strings.IndexByte(s, ' '); i >= 0 {
		return s[:i]
	}
	return s
}

// speaks reports a subject that stands for whoever reports the clause: a
// document ("the complaint charges") or "we" and "I" in a quotation.
func (u *run) speaks(k int) bool {
	c := u.syn.Chunks[k]
	hw := u.syn.Tokens[c.Head].Lower
	if _, ok := u.s.Ref(k); ok {
		return false
	}
	return u.r.lx.Is("document", hw) || hw == "we" || hw == "i"
}

// publisher returns the subjects of the clause whose object is the
// document noun phrase k ("the NSA released a joint advisory saying …").
func (u *run) publisher(k int) []mentions.Ref {
	for ci := range u.syn.Clauses {
		cl := &u.syn.Clauses[ci]
		for _, o := range cl.Obj {
			if o == k {
				return u.refs(cl.Subj)
			}
		}
	}
	return nil
}

// speakerOf returns the subject of the speech clause that reports clause
// ci ("“…,” Wilkison said"), or nil.
func (u *run) speakerOf(ci int) []mentions.Ref {
	syn := u.syn
	for depth, c := 0, ci; c >= 0 && depth < 6; depth++ {
		cl := &syn.Clauses[c]
		if cl.Head < 0 {
			return nil
		}
		h := &syn.Clauses[cl.Head]
		if u.r.lx.Is("speech", syn.VG(h).Lemma) && (cl.Link == syntax.LinkComplement) && len(h.Subj) > 0 && !u.speaks(h.Subj[0]) {
			return u.refs(h.Subj)
		}
		c = cl.Head
	}
	return nil
}

// ascribe applies what a verb of description says of its object: "which
// prosecutors described as a front for the North Korean government",
// "prosecutors describe him as a member of a hacking team".
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
	for _, p := range cl.PPs {
		if p.Prep == "as" {
			for _, np := range p.NPs {
				u.hostNoun(np, host, m, u.clauseConf(ci)*0.95)
			}
		}
	}
}

// serveAs applies what an "as" phrase says of a subject that serves or acts
// as it: "who also serves as a commander in the IRGC-Qods Force".
func (u *run) serveAs(ci int, m mood) {
	cl := &u.syn.Clauses[ci]
	if !u.r.lx.Is("serveas", u.syn.VG(cl).Lemma) {
		return
	}
	host := u.subjects(ci)
	if len(host) == 0 {
		return
	}
	for _, p := range cl.PPs {
		if p.Prep == "as" {
			for _, np := range p.NPs {
				u.hostNoun(np, host, m, u.clauseConf(ci)*0.95)
			}
		}
	}
}

// joint states cooperation among the subjects of a joint action: "A, B
// and C issued a joint advisory", "conducted a joint investigation",
// "jointly announced".
func (u *run) joint(ci int, m mood) {
	if !m.asserted() {
		return
	}
	syn := u.syn
	cl := &syn.Clauses[ci]
	found := false
	from := cl.Verb
	if cl.Head < 0 {
		from = 0 // "In a joint advisory, A, B and C said …"
	}
	vg := syn.VG(cl)
	if len(cl.Obj) == 1 && len(cl.Subj) > 1 && u.r.lx.Is("publishverb", vg.Lemma) && u.r.lx.Is("document", u.syn.Tokens[u.syn.Chunks[cl.Obj[0]].Head].Lower) &&
		u.syn.Tokens[u.syn.Chunks[cl.Obj[0]].Head].Tag == syntax.NN {
		found = true // "the NSA, CISA and the FBI published an advisory"
	}
	for k := from; k < cl.End && k < len(syn.Chunks); k++ {
		c := syn.Chunks[k]
		for i := c.Start; i < c.End; i++ {
			if u.r.lx.Is("joint", syn.Tokens[i].Lower) {
				found = true
			}
		}
	}
	if !found {
		return
	}
	subj := u.refs(cl.Subj) // partners "joined by" the subject cooperate with it only
	if u.passive(ci) {
		subj = u.ppRefs(cl, "by", nil)
	}
	for i := range subj {
		for j := i + 1; j < len(subj); j++ {
			u.emit(Claim{Subject: subj[i].Key, Object: subj[j].Key, Pred: ontology.CooperatesWith, Conf: 0.8 * u.clauseConf(ci),
				Verb: "joint", Rule: "joint"})
		}
	}
}

// instances applies a clause's description of its subject to the list
// after it: "Several other senior officials within the IRGC-CEC were
// sanctioned, including Mahdi Lashgarian, Hamid Homayunfal, …" makes each
// of them an official within the IRGC-CEC.
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

// coSubjects returns the partners a clause's subject acts with: "X,
// together with A and B, condemned" and "X, joined by A and B, …" make A
// and B subjects too.
func (u *run) coSubjects(ci int) []mentions.Ref {
	syn := u.syn
	cl := &syn.Clauses[ci]
	if len(cl.Subj) == 0 || cl.SubjBy != syntax.SubjExplicit {
		return nil
	}
	var out []mentions.Ref
	last := cl.Subj[len(cl.Subj)-1]
	for k := last + 1; k < cl.Verb; k++ {
		c := syn.Chunks[k]
		switch {
		case c.Kind == syntax.Prep && u.coopPrep(c.Word) && k+1 < len(syn.Chunks) && syn.Chunks[k+1].Kind == syntax.NP:
			if g := syn.GroupOf(k + 1); g != nil {
				out = append(out, u.refs(g.NPs)...)
			}
		case c.Kind == syntax.VG && c.Verb.Participle && c.Verb.Lemma == "join":
			if sub := syn.ClauseOf(k); sub != nil {
				out = append(out, u.ppRefs(sub, "by", nil)...)
			}
		}
	}
	return out
}

// coopPrep reports a preposition that a cooperation frame lists.
func (u *run) coopPrep(p string) bool {
	for _, f := range u.r.lx.Frames(lexicon.Prep, firstWord(p)) {
		if f.Pred == ontology.CooperatesWith && strings.Join(f.Trigger, " ") == p {
			return true
		}
	}
	return false
}
