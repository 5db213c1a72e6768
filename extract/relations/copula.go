package relations

// Copular and prepositional frames: "X is a member of Y", "X was responsible
// for Y", "on behalf of", "together with".

import (
	"strings"

	"github.com/newsgraph/newsgraph/extract/lexicon"
	"github.com/newsgraph/newsgraph/extract/mentions"
	"github.com/newsgraph/newsgraph/extract/syntax"
	"github.com/newsgraph/newsgraph/ontology"
)

// copula applies the frames of a copula's predicate: "X is a member of Y"
// (noun), "X was responsible for E" (adjective), "X was behind E"
// (preposition), "Guo is a German national".
func (u *run) copula(ci int, m mood) {
	cl := &u.syn.Clauses[ci]
	host := u.subjects(ci)
	host = append(host, u.colonList(cl)...)
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
		if m.asserted() && u.r.lx.Is("culprit", u.syn.Tokens[c.Head].Lower) {
			// "X are the most active perpetrators of espionage": X's act,
			// for whoever says so
			u.acts = append(u.acts, act{clause: ci, agents: host})
		}
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
	if f.Pred == ontology.AttributedTo && len(b.S) == 0 && len(b.O) > 0 && m.asserted() {
		// "judges that APT31 was responsible for the breach": an event
		// without a name is still the actor's, for whoever reports it
		for _, sl := range f.S {
			if sl.Kind == lexicon.PP && u.ppAt(cl, sl.Prep) >= 0 {
				u.acts = append(u.acts, act{clause: ci, agents: b.O})
				break
			}
		}
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
			small := false
			if objs := u.refs(cl.Obj); len(objs) > 0 && p.AfterObj && u.r.lx.Is("speech", vg.Lemma) {
				// "FBI Says DarkSide Ransomware Behind Colonial Pipeline
				// Shutdown": a verbless clause after a verb of saying (not
				// "released the advisory together with X")
				host, small = objs, true
			}
			if u.passive(ci) && (len(host) > 0 || f.Pred == ontology.CooperatesWith) && f.Pred != ontology.AttributedTo {
				// "attacks carried out on behalf of X": the agent acts for X;
				// "the takedown was led by X with help from Y"
				if by := u.ppRefs(cl, "by", nil); len(by) > 0 {
					host = by
				}
			}
			if f.Pred == ontology.AttributedTo && !vg.Copula && p.AfterObj && len(cl.Obj) > 0 && u.syn.GroupOf(cl.Obj[0]).End == p.At {
				// "condemn the state behind the incident": the object is behind it
				host = u.refs(cl.Obj)
			}
			b := &binding{verb: p.Prep}
			pp := u.refs(p.NPs)
			if f.Pred == ontology.CooperatesWith && p.AfterObj && u.objectsAlong(cl, pp) {
				continue // "is targeting A along with B": B is another object
			}
			b.S, b.O = pickHost(f.S, host, pp), pickHost(f.O, host, pp)
			if f.Pred == ontology.AttributedTo && len(b.S) == 0 && len(b.O) > 0 && m.asserted() {
				// "were behind the cyberattack that caused …": no event of
				// its own, but the act is theirs
				u.acts = append(u.acts, act{clause: ci, agents: b.O})
			}
			if len(b.S) > 0 && len(b.O) > 0 {
				u.apply(f, b, m, "prep", u.clauseConf(ci)*0.95)
				if small && f.Pred == ontology.AttributedTo && m.asserted() {
					for _, sp := range u.subjects(ci) {
						for _, a := range b.O {
							u.emit(Claim{Subject: sp.Key, Object: a.Key, Pred: ontology.Accuses, Conf: 0.7 * u.clauseConf(ci),
								Verb: vg.Lemma, Rule: "speech"})
						}
					}
				}
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

// colonList returns the names listed after a colon that closes a copula's
// predicate: "Four of the people sanctioned are officers of Russia's
// military intelligence service, the GRU: A, B, C and D" makes each of
// them an officer of the GRU.
func (u *run) colonList(cl *syntax.Clause) []mentions.Ref {
	syn := u.syn
	for k := cl.Verb + 1; k+1 < len(syn.Chunks) && k < cl.End+6; k++ {
		if syn.Chunks[k].Kind != syntax.Colon {
			continue
		}
		if syn.Chunks[k+1].Kind != syntax.NP {
			return nil
		}
		var out []mentions.Ref
		for _, n := range syn.GroupOf(k + 1).NPs {
			if r, ok := u.s.Ref(n); ok && (r.Type == ontology.Person || r.Type == ontology.Organization) && r.Method != mentions.MethodCoref {
				out = append(out, r)
			}
		}
		return out
	}
	return nil
}
