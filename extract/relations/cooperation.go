package relations

// Coordination: joint action, partners and allies, co-subjects ("X, together
// with A and B, condemned Y").

import (
	"strings"

	"github.com/newsgraph/newsgraph/extract/lexicon"
	"github.com/newsgraph/newsgraph/extract/mentions"
	"github.com/newsgraph/newsgraph/extract/syntax"
	"github.com/newsgraph/newsgraph/ontology"
)

// cooperation applies the rules of joint action to clause ci.
func (u *run) cooperation(ci int, m mood) {
	u.joint(ci, m)
	u.alliesWith(ci, m)
	u.togetherWith(ci, m)
	u.frontedPartners(ci, m)
	u.documentActors(ci, m)
	u.investigationPartners(ci, m)
	u.actPartners(ci, m)
	u.listedMembers(ci)
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
		host, conf := u.subjects(ci), 0.8
		if len(host) == 0 {
			host, conf = u.actAuthors(ci), 0.7 // "The announcement was made with allies including …"
		}
		for _, s := range host {
			for _, o := range partners {
				u.emit(Claim{Subject: s.Key, Object: o.Key, Pred: ontology.CooperatesWith, Conf: conf * u.clauseConf(ci), Verb: "with allies", Rule: "allies"})
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
	if by := u.publishedBy(ci); len(by) > 1 {
		found = true // "That advisory, published by the NSA, CISA and the FBI, …"
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

// publishedBy returns the authors of a document that passive clause ci
// says they published: "an advisory published by A and B", "the report,
// released by A".
func (u *run) publishedBy(ci int) []mentions.Ref {
	syn := u.syn
	cl := &syn.Clauses[ci]
	if !u.passive(ci) || len(cl.Subj) == 0 || !u.r.lx.Is("publishverb", syn.VG(cl).Lemma) {
		return nil
	}
	h := syn.Tokens[syn.Chunks[cl.Subj[0]].Head]
	if !u.r.lx.Is("document", h.Lower) || h.Tag != syntax.NN {
		return nil
	}
	return u.ppRefs(cl, "by", nil)
}

// documentActors states that the authors of a document accuse the actors
// whose acts it describes in a relative clause: "That alert, published by
// A and B, describes flaws that APT40 has exploited" and "A and B published
// an advisory on flaws that APT40 has exploited" make A and B accuse APT40.
func (u *run) documentActors(ci int, m mood) {
	syn := u.syn
	cl := &syn.Clauses[ci]
	if !m.asserted() || len(cl.Subj) == 0 || len(cl.Obj) == 0 {
		return
	}
	var authors []mentions.Ref
	switch {
	case u.speaks(cl.Subj[0]):
		authors = u.publisher(cl.Subj[0])
	case u.r.lx.Is("publishverb", syn.VG(cl).Lemma) && u.r.lx.Is("document", syn.Tokens[syn.Chunks[cl.Obj[0]].Head].Lower) && !u.passive(ci):
		authors = u.subjects(ci) // "published an advisory on flaws that X has exploited"
	}
	if len(authors) == 0 {
		return
	}
	for g := range syn.Clauses {
		sub := &syn.Clauses[g]
		if sub.Link != syntax.LinkRelative || !u.hostileVerb(syn.VG(sub).Lemma) || u.clauseMood(g).hedge || u.clauseMood(g).neg {
			continue
		}
		actors := u.refs(sub.Subj) // "flaws that X has exploited"
		switch {
		case sub.Head == ci && len(sub.Gap) > 0:
		case sub.SubjBy == syntax.SubjReduced && u.passive(g) && u.describedBy(cl, sub.Subj):
			actors = u.ppRefs(sub, "by", nil) // "an advisory on flaws exploited by X"
		default:
			continue
		}
		for _, x := range actors {
			if x.Type != ontology.ThreatGroup {
				continue
			}
			for _, a := range authors {
				u.emit(Claim{Subject: a.Key, Object: x.Key, Pred: ontology.Accuses, Conf: 0.7 * u.clauseConf(g) * refConf(x),
					Verb: syn.VG(cl).Lemma, Rule: "publish"})
			}
		}
	}
}

// describedBy reports whether the noun phrases nps are what clause cl's
// document describes: its object, or the object of its "on" or "about"
// phrase.
func (u *run) describedBy(cl *syntax.Clause, nps []int) bool {
	if len(nps) == 0 {
		return false
	}
	for _, o := range cl.Obj {
		if o == nps[0] {
			return true
		}
	}
	for _, p := range cl.PPs {
		if p.Prep == "on" || p.Prep == "about" {
			for _, k := range p.NPs {
				if k == nps[0] {
					return true
				}
			}
		}
	}
	return false
}

// hostileVerb reports a verb with a frame of a hostile act (targeting,
// exploitation, use, attribution).
func (u *run) hostileVerb(lemma string) bool {
	for _, f := range u.r.lx.Frames(lexicon.Verb, lemma) {
		if hostile(f.Pred) {
			return true
		}
	}
	return false
}

// actAuthors returns the author of an act or a statement that passive
// clause ci names by its noun ("The announcement was made …", "The action
// was taken …"): its possessor, else the document's last sanctioner (for
// measures) or accuser (for statements).
func (u *run) actAuthors(ci int) []mentions.Ref {
	syn := u.syn
	cl := &syn.Clauses[ci]
	if !u.passive(ci) || len(cl.Subj) == 0 {
		return nil
	}
	k := cl.Subj[0]
	if _, ok := u.s.Ref(k); ok {
		return nil
	}
	h := nounLemma(syn.Tokens[syn.Chunks[k].Head].Lower)
	var keys []string
	switch {
	case u.r.lx.Is("actnoun", h) || u.r.lx.Is("instrument", h):
		keys = u.mem.sanctioners
		if len(keys) == 0 {
			keys = u.mem.accusers
		}
	case u.r.lx.Is("document", h):
		keys = u.mem.accusers
	default:
		return nil
	}
	if o, ok := u.s.Owner(k); ok {
		return []mentions.Ref{o} // "the Treasury's action"
	}
	return u.keyRefs(0.7, keys...)
}

// actPartners states the cooperation of the author of an act named by its
// noun with the partners of a cooperation preposition: "The action was
// taken with the assistance of the FBI" after "OFAC designated X".
func (u *run) actPartners(ci int, m mood) {
	if !m.asserted() {
		return
	}
	authors := u.actAuthors(ci)
	if len(authors) == 0 {
		return
	}
	for _, p := range u.syn.Clauses[ci].PPs {
		f := u.coopPrep(p.Prep)
		if f == nil {
			continue
		}
		for _, a := range authors {
			for _, o := range u.refs(p.NPs) {
				u.emit(Claim{Subject: a.Key, Object: o.Key, Pred: ontology.CooperatesWith, Conf: 0.85 * f.Conf * u.clauseConf(ci) * refConf(a),
					Verb: p.Prep, Rule: "prep"})
			}
		}
	}
}

// listedMembers extends the cooperation a clause states of a described
// group to the members a trailing "including" lists: "police from six
// countries worked with the BKA on the case, including authorities in
// France and Spain" makes France and Spain cooperate with the BKA too.
func (u *run) listedMembers(ci int) {
	syn := u.syn
	cl := &syn.Clauses[ci]
	if len(cl.Subj) == 0 {
		return
	}
	group, ok := u.s.Ref(cl.Subj[0])
	if !ok || group.Method != mentions.MethodDescribed {
		return
	}
	j := cl.End
	if j+2 >= len(syn.Chunks) || syn.Chunks[j].Kind != syntax.Comma || syn.Chunks[j+1].Kind != syntax.Prep ||
		syn.Chunks[j+1].Word != "including" || syn.Chunks[j+2].Kind != syntax.NP {
		return
	}
	members := u.refs(syn.GroupOf(j + 2).NPs)
	n := len(u.out)
	for i := 0; i < n; i++ {
		c := u.out[i]
		if c.clause != ci || c.Pred != ontology.CooperatesWith || c.Subject != group.Key && c.Object != group.Key {
			continue
		}
		partner := c.Object
		if partner == group.Key {
			partner = c.Subject
		}
		for _, mb := range members {
			u.emit(Claim{Subject: mb.Key, Object: partner, Pred: ontology.CooperatesWith, Conf: 0.9 * c.Conf, Verb: c.Verb, Rule: c.Rule})
		}
	}
}

// coSubjects returns the partners a clause's subject acts with: "X,
// together with A and B, condemned" and "X, joined by A and B, …" make A
// and B subjects too.
func (u *run) coSubjects(ci int) []mentions.Ref {
	if j := u.joinedIn(ci); j >= 0 {
		// "X joined A and B in condemning Y": X condemns Y too
		return u.subjects(j)
	}
	byPrep, joined := u.coPartners(ci)
	var out []mentions.Ref
	for _, p := range byPrep {
		out = append(out, p.refs...)
	}
	if k := u.fronted(ci); k >= 0 && u.r.lx.Is("withpartner", u.syn.Chunks[k].Word) {
		// "Along with A and B, X accused Y": A and B accuse Y too
		out = append(out, u.refs(u.syn.GroupOf(k+1).NPs)...)
	}
	return append(out, joined...)
}

// joinsIn reports a clause of joining others in an act: "X joined A and B
// in condemning Y", "…, joining A in blaming Y".
func (u *run) joinsIn(cl *syntax.Clause) bool {
	if !u.r.lx.Is("joinin", u.syn.VG(cl).Lemma) {
		return false
	}
	for _, p := range cl.PPs {
		if p.Prep == "in" && p.Clause >= 0 {
			return true
		}
	}
	return false
}

// joinedIn returns the clause that joins others in the act of gerund
// clause ci ("X joined A in condemning Y": the clause of "joined" for that
// of "condemning"), or -1.
func (u *run) joinedIn(ci int) int {
	cl := &u.syn.Clauses[ci]
	if cl.Head < 0 || cl.SubjBy != syntax.SubjControl {
		return -1
	}
	h := &u.syn.Clauses[cl.Head]
	if !u.joinsIn(h) {
		return -1
	}
	for _, p := range h.PPs {
		if p.Prep == "in" && p.Clause == ci {
			return cl.Head
		}
	}
	return -1
}

// partners are the referents of one cooperation preposition and its frame.
type partners struct {
	f    *lexicon.Frame
	refs []mentions.Ref
}

// coPartners returns the partners named between a clause's explicit
// subject and its verb: by a cooperation preposition ("X, together with A
// and B, condemned", "X, alongside A, …") and by "joined by" ("X, joined by
// A and B, …", whose own verb frame states the cooperation).
func (u *run) coPartners(ci int) (byPrep []partners, joined []mentions.Ref) {
	syn := u.syn
	cl := &syn.Clauses[ci]
	if len(cl.Subj) == 0 || cl.SubjBy != syntax.SubjExplicit {
		return nil, nil
	}
	last := cl.Subj[len(cl.Subj)-1]
	for k := last + 1; k < cl.Verb; k++ {
		c := syn.Chunks[k]
		switch {
		case c.Kind == syntax.Prep && k+1 < len(syn.Chunks) && syn.Chunks[k+1].Kind == syntax.NP:
			if f := u.coopPrep(c.Word); f != nil {
				n := k + 1
				for n+1 < len(syn.Chunks) && syn.Chunks[n].Possessor {
					n++ // "together with Canada's CSE": the possessed phrase
				}
				if g := syn.GroupOf(n); g != nil {
					byPrep = append(byPrep, partners{f, u.refs(g.NPs)})
				}
			}
		case c.Kind == syntax.VG && c.Verb.Participle && c.Verb.Lemma == "join":
			if sub := syn.ClauseOf(k); sub != nil {
				joined = append(joined, u.ppRefs(sub, "by", nil)...)
			}
		}
	}
	return byPrep, joined
}

// togetherWith states the cooperation of a clause's subject with the
// partners a preposition names between the subject and the verb: "The
// Council, together with Norway and Iceland, condemned the attacks" makes
// the Council cooperate with Norway and with Iceland (not Norway with
// Iceland: the text pairs each partner with the subject only).
func (u *run) togetherWith(ci int, m mood) {
	if !m.asserted() {
		return
	}
	byPrep, _ := u.coPartners(ci)
	cl := &u.syn.Clauses[ci]
	for _, p := range byPrep {
		for _, s := range u.refs(cl.Subj) {
			for _, o := range p.refs {
				u.emit(Claim{Subject: s.Key, Object: o.Key, Pred: ontology.CooperatesWith, Conf: p.f.Conf * u.clauseConf(ci),
					Verb: strings.Join(p.f.Trigger, " "), Rule: "prep"})
			}
		}
	}
}

// frontedPartners states the cooperation of a main clause's subject with
// the partners of a phrase that opens the sentence: "In partnership with
// Japan and Canada, the Treasury is sanctioning …", "With the support of
// Interpol, the police arrested …", and an operation "supported by" or
// "led by" partners: "In a raid supported by Europol and Eurojust, police
// from four countries seized …" (the police cooperate with each).
func (u *run) frontedPartners(ci int, m mood) {
	syn := u.syn
	cl := &syn.Clauses[ci]
	k := u.fronted(ci)
	if !m.asserted() || k < 0 {
		return
	}
	conf, verb := 0.0, ""
	var partners []mentions.Ref
	if f := u.coopPrep(syn.Chunks[k].Word); f != nil {
		partners, conf, verb = u.refs(syn.GroupOf(k+1).NPs), f.Conf, syn.Chunks[k].Word
	} else if sub, f := u.coopParticiple(syn.GroupOf(k + 1).End); sub != nil {
		partners, conf, verb = u.ppRefs(sub, "by", nil), f.Conf, syn.VG(sub).Lemma
	}
	for _, s := range u.refs(cl.Subj) {
		for _, o := range partners {
			u.emit(Claim{Subject: s.Key, Object: o.Key, Pred: ontology.CooperatesWith, Conf: conf * 0.95 * u.clauseConf(ci),
				Verb: verb, Rule: "prep"})
		}
	}
}

// fronted returns the preposition chunk of a phrase that opens the
// sentence before main clause ci's explicit subject ("In partnership with
// A, the Treasury …", "Today, along with A, the US …"), or -1.
func (u *run) fronted(ci int) int {
	syn := u.syn
	cl := &syn.Clauses[ci]
	if cl.Head >= 0 || cl.SubjBy != syntax.SubjExplicit || len(cl.Subj) == 0 {
		return -1
	}
	k := 0
	if k+1 < len(syn.Chunks) && (syn.Chunks[k].Kind == syntax.NP || syn.Chunks[k].Kind == syntax.Adv) && syn.Chunks[k+1].Kind == syntax.Comma {
		k += 2 // "Today, in partnership with …"
	}
	if k+1 >= cl.Subj[0] || syn.Chunks[k].Kind != syntax.Prep || syn.Chunks[k+1].Kind != syntax.NP {
		return -1
	}
	for j := k; j < cl.Subj[0]; j++ {
		if c := syn.Chunks[j]; c.Kind == syntax.VG && c.Verb.Finite || c.Kind == syntax.Sub || c.Kind == syntax.Rel {
			return -1 // the phrase belongs to another clause
		}
	}
	return k
}

// coopParticiple returns the reduced participle clause at chunk k whose
// verb states cooperation with its "by" agents ("an operation supported by
// A and B"), and that verb's frame.
func (u *run) coopParticiple(k int) (*syntax.Clause, *lexicon.Frame) {
	syn := u.syn
	if k >= len(syn.Chunks) || syn.Chunks[k].Kind != syntax.VG || !syn.Chunks[k].Verb.Participle {
		return nil, nil
	}
	sub := syn.ClauseOf(k)
	if sub == nil || sub.SubjBy != syntax.SubjReduced || u.ppAt(sub, "by") < 0 {
		return nil, nil
	}
	for _, f := range u.r.lx.Frames(lexicon.Verb, syn.VG(sub).Lemma) {
		if f.Pred == ontology.CooperatesWith && len(f.Trigger) == 1 {
			return sub, f
		}
	}
	return nil, nil
}

// objectsAlong reports partners of a preposition after a clause's object
// that are more objects: after a verb of hostile or legal action ("is
// targeting A along with B", "sanctioned A along with B") or of the
// object's kind; "released the advisory together with B" is cooperation.
func (u *run) objectsAlong(cl *syntax.Clause, partners []mentions.Ref) bool {
	vg := u.syn.VG(cl)
	for _, f := range u.r.lx.Frames(lexicon.Verb, vg.Lemma) {
		if len(f.Trigger) > 1 && f.Trigger[1] != vg.Particle || len(f.O) == 0 || f.O[0].Kind != lexicon.Obj {
			continue // "took part alongside": not "take down"; "released the advisory": no object of an accusation
		}
		switch f.Pred {
		case ontology.Sanctions, ontology.Charges, ontology.Accuses, ontology.Condemns, ontology.Targets, ontology.Exploits, ontology.Uses:
			return true // "sanctioned X along with Y": Y is sanctioned too
		}
	}
	for _, o := range u.refs(cl.Obj) {
		for _, p := range partners {
			if p.Type == o.Type {
				return true
			}
		}
	}
	return false
}

// coopPrep returns the cooperation frame of preposition p, or nil.
func (u *run) coopPrep(p string) *lexicon.Frame {
	for _, f := range u.r.lx.Frames(lexicon.Prep, firstWord(p)) {
		if f.Pred == ontology.CooperatesWith && strings.Join(f.Trigger, " ") == p {
			return f
		}
	}
	return nil
}
