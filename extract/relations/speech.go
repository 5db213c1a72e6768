package relations

import (
	"slices"
	"strings"

	"github.com/newsgraph/newsgraph/extract/lexicon"
	"github.com/newsgraph/newsgraph/extract/mentions"
	"github.com/newsgraph/newsgraph/extract/syntax"
	"github.com/newsgraph/newsgraph/ontology"
)

// speech is a reported-speech frame: who says the clauses that hang on a
// clause ("X said …", "“…,” X said", "according to X").
type speech struct {
	clause   int
	speakers []mentions.Ref
}

// note is a claim that a clause states without asserting it: denied or
// negated. Denials use them ("denied that it was behind the attack").
type note struct {
	pred   ontology.Predicate
	s, o   []mentions.Ref
	about  string
	neg    bool
	clause int
}

// hostile reports the predicates that charge their subject with an act,
// so that a speaker who reports them accuses the actor.
func hostile(p ontology.Predicate) bool {
	switch p {
	case ontology.Targets, ontology.AttributedTo, ontology.Exploits, ontology.Uses:
		return true
	}
	return false
}

// speakers returns, for each clause, who reports it: the nearest speaker
// ("“…,” the minister told a radio station, a news agency reported" is the
// minister's), the sources of "according to" and the authors of a
// published document; and the officials farther up ("He said the GCSB had
// found that …"), who accuse too.
func (u *run) speakers() (speakers, outer map[int][]mentions.Ref) {
	syn := u.syn
	speakers, outer = map[int][]mentions.Ref{}, map[int][]mentions.Ref{}
	speakerDepth := map[int]int{}
	for ci := range syn.Clauses {
		cl := &syn.Clauses[ci]
		vg := syn.VG(cl)
		if u.r.lx.Is("speech", vg.Lemma) && !vg.Negated && !u.passive(ci) {
			if sp := u.subjects(ci); len(sp) > 0 {
				for _, g := range u.reported(ci) {
					// the nearest speaker: "“…,” the minister told a radio
					// station, a news agency reported" is the minister's
					cur, ok := speakerDepth[g]
					switch d := u.depthTo(g, ci); {
					case !ok || d < cur:
						if ok {
							outer[g] = append(outer[g], officials(speakers[g])...)
						}
						speakers[g] = sp
						speakerDepth[g] = d
					default:
						outer[g] = append(outer[g], officials(sp)...)
					}
				}
			}
		}
		for _, p := range cl.PPs {
			if p.Prep == "according to" {
				speakers[ci] = append(speakers[ci], u.sources(p.NPs)...)
			}
		}
		// "published a joint advisory cataloguing methods that hackers
		// have employed": the authors report what follows
		if len(cl.Obj) > 0 && u.r.lx.Is("publishverb", vg.Lemma) && u.r.lx.Is("document", syn.Tokens[syn.Chunks[cl.Obj[0]].Head].Lower) {
			if authors := u.subjects(ci); len(authors) > 0 {
				for g := ci + 1; g < len(syn.Clauses); g++ {
					speakers[g] = append(speakers[g], authors...)
				}
			}
		}
	}
	return speakers, outer
}

// speech applies reported speech: a speaker who reports that an actor
// attacked, exploited or carried out something accuses that actor ("The
// DOJ said the hackers targeted …", "“…,” Wray said", "according to the
// NPA, …"). It also resolves denials.
func (u *run) speech() {
	syn := u.syn
	speakers, outer := u.speakers()
	// a fronted "According to X, …" outside every clause, or one set off
	// inside ("Petrov, according to the EU, was …") that no clause took
	for k, c := range syn.Chunks {
		if c.Kind == syntax.Prep && c.Word == "according to" && (u.clauseOf[k] < 0 || !u.ppOfClause(u.clauseOf[k], k)) && k+1 < len(syn.Chunks) {
			sp := u.sources(syn.GroupOf(k + 1).NPs)
			for ci := range syn.Clauses {
				if syn.Clauses[ci].Head < 0 && syn.Clauses[ci].Verb > k {
					speakers[ci] = append(speakers[ci], sp...)
				}
			}
		}
	}
	// "claims by the U.S. government that it has used hackers …": the
	// claim's author reports its "that" clause
	claimed := map[int][]mentions.Ref{} // clauses of claims with an author, who still accuses when they are denied
	for g := range syn.Clauses {
		if authors := u.claimAuthors(g); len(authors) > 0 {
			speakers[g] = append(speakers[g], authors...)
			claimed[g] = append(claimed[g], authors...)
			for _, r := range u.reported(g) {
				speakers[r] = append(speakers[r], authors...)
				claimed[r] = append(claimed[r], authors...)
			}
		}
	}
	u.deniedClaims(claimed)
	u.evidenceActs()
	for _, a := range u.acts {
		if !u.clauseMood(a.clause).asserted() {
			continue // "rejected any suggestion that Russia was involved"
		}
		for _, sp := range speakers[a.clause] {
			for _, ag := range a.agents {
				pred := ontology.Accuses
				if u.condemnedThat(a.clause) {
					pred = ontology.Condemns
				}
				u.emit(Claim{Subject: sp.Key, Object: ag.Key, Pred: pred, Conf: 0.6 * u.clauseConf(a.clause) * refConf(ag),
					Verb: "said", Rule: "speech", clause: a.clause})
			}
		}
	}
	n := len(u.out)
	for i := 0; i < n; i++ {
		c := u.out[i]
		if c.clause < 0 {
			continue
		}
		agent := c.Subject
		switch {
		case c.Pred == ontology.AttributedTo:
			agent = c.Object
		case c.Pred == ontology.Accuses:
			// "the minister said the bureau had linked APT40 to the
			// attacks": the speaker makes the accusation too
			agent = c.Object
		case c.Pred == ontology.MemberOf || c.Pred == ontology.AffiliatedWith:
			// "said the defendants were members of APT40": the group
			if e := u.doc.Entity(c.Object); e == nil || e.Type != ontology.ThreatGroup {
				continue
			}
			agent = c.Object
		case !hostile(c.Pred):
			continue
		}
		pred := ontology.Accuses
		if u.condemnedThat(c.clause) {
			pred = ontology.Condemns // "said it was unacceptable that X targeted Y"
		}
		for _, sp := range speakers[c.clause] {
			u.emit(Claim{Subject: sp.Key, Object: agent, Pred: pred, About: c.About,
				Conf: c.Conf * 0.9, Verb: "said", Rule: "speech", clause: c.clause})
		}
		for _, sp := range outer[c.clause] {
			u.emit(Claim{Subject: sp.Key, Object: agent, Pred: ontology.Accuses, About: c.About,
				Conf: c.Conf * 0.8, Verb: "said", Rule: "speech", clause: c.clause})
		}
	}
	u.denials()
	u.nounDenials()
}

// ppOfClause reports whether the preposition at chunk k is one of clause
// ci's prepositional phrases.
func (u *run) ppOfClause(ci, k int) bool {
	for _, p := range u.syn.Clauses[ci].PPs {
		if p.At == k {
			return true
		}
	}
	return false
}

// sources returns who speaks through the noun phrases after "according
// to": the speakers named, or the authors of a document ("according to a
// statement from the Treasury Department", "according to the FBI's
// complaint").
func (u *run) sources(nps []int) []mentions.Ref {
	var out []mentions.Ref
	for _, k := range nps {
		if rs := u.refs([]int{k}); len(rs) > 0 {
			out = append(out, rs...)
			continue
		}
		if !u.r.lx.Is("document", u.syn.Tokens[u.syn.Chunks[k].Head].Lower) {
			continue
		}
		if o, ok := u.s.Owner(k); ok {
			out = append(out, o)
			continue
		}
		for _, p := range u.ppsAfter(k) {
			if p.prep == "from" || p.prep == "by" || p.prep == "of" {
				out = append(out, u.refs(p.nps)...)
			}
			break
		}
	}
	return out
}

// depthTo returns how many governing links lead from clause g up to clause
// h (a large number when h does not govern g).
func (u *run) depthTo(g, h int) int {
	for d := 0; g >= 0 && d < 12; d++ {
		if g == h {
			return d
		}
		g = u.syn.Clauses[g].Head
	}
	return 99
}

// reported returns the clauses that clause ci reports: its complements,
// their complements and the clauses coordinated with them.
func (u *run) reported(ci int) []int {
	var out []int
	var walk func(h int, depth int)
	walk = func(h int, depth int) {
		if depth > 4 {
			return
		}
		for g := range u.syn.Clauses {
			gc := &u.syn.Clauses[g]
			if gc.Head == h && (gc.Link == syntax.LinkComplement || gc.Link == syntax.LinkCoordinate && h != ci) {
				out = append(out, g)
				walk(g, depth+1)
			}
		}
	}
	walk(ci, 0)
	// relative clauses inside what is reported are reported too ("claiming
	// that they had found activity associated with APT29")
	for _, r := range append([]int(nil), out...) {
		rc := &u.syn.Clauses[r]
		for g := range u.syn.Clauses {
			gc := &u.syn.Clauses[g]
			if gc.Link == syntax.LinkRelative && (gc.Head < 0 || gc.Head == r) && gc.Verb > rc.Verb && gc.Verb < rc.End+8 && !slices.Contains(out, g) && g != ci {
				out = append(out, g)
			}
		}
	}
	return out
}

// denials finds who denies what: "China denied the accusations" (the
// accusations' author), "rejected the US allegations", "dismissed claims by
// the U.S. government", "denied involvement in these crimes" (the event),
// "denied that it was behind the attack" (the event of the denied claim).
func (u *run) denials() {
	syn := u.syn
	for ci := range syn.Clauses {
		cl := &syn.Clauses[ci]
		vg := syn.VG(cl)
		var f *lexicon.Frame
		for _, x := range u.r.lx.Frames(lexicon.Verb, vg.Lemma) {
			if x.Denial {
				f = x
			}
		}
		if f == nil && !vg.Negated && len(cl.Obj) > 0 && u.noPart(cl.Obj[0]) {
			// "Moscow said it had no role in the attack": a denial of the event
			if ds := u.subjects(ci); len(ds) > 0 {
				for _, o := range u.deniedObject(cl.Obj[0]) {
					for _, d := range ds {
						u.emit(Claim{Subject: d.Key, Object: o.Key, Pred: ontology.Denies, Conf: 0.7 * u.clauseConf(ci) * refConf(o),
							Verb: syn.Word(vg.Main), Rule: "denial", clause: ci})
					}
				}
			}
			continue
		}
		if f == nil || vg.Negated {
			continue
		}
		deniers := u.subjects(ci)
		if u.passive(ci) {
			deniers = u.ppRefs(cl, "by", nil)
		}
		if len(deniers) == 0 {
			deniers = u.unnamedDenier(cl)
		}
		if len(deniers) == 0 {
			continue
		}
		deniers = append(deniers, u.spokespeople(ci)...)
		var objs []mentions.Ref
		for _, k := range cl.Obj {
			objs = append(objs, u.deniedObject(k)...)
		}
		if len(cl.Obj) == 0 && len(cl.Subj) > 0 && u.claimBeforeName(cl.Subj[0]) {
			// "…, an accusation Moscow rejected": the accusers of the
			// sentence, or the last ones
			objs = append(objs, u.sentenceAccusers()...)
		}
		for _, p := range cl.PPs {
			if p.Prep == "against" && f.Pred == ontology.Denies {
				for _, k := range p.NPs {
					objs = append(objs, u.deniedObject(k)...)
				}
			}
		}
		// a denied complement: its event, else its author
		objs = append(objs, u.notedEvents(func(c int) bool { return syn.Clauses[c].Head == ci })...)
		if len(objs) == 0 && u.involvedBelow(ci) {
			// "rejected any suggestion that Russia was involved": the event
			// at issue
			objs = append(objs, u.eventAtIssue(cl.Verb)...)
		}
		conf := f.Conf * u.clauseConf(ci)
		for _, d := range deniers {
			for _, o := range objs {
				u.emit(Claim{Subject: d.Key, Object: o.Key, Pred: ontology.Denies, Conf: conf * refConf(o),
					Verb: syn.Word(vg.Main), Rule: "denial", clause: ci})
			}
		}
	}
}

// deniedClaims keeps the accusation of a claim's author when the claim is
// denied: in "Beijing denied claims by Australia that it breaks into
// networks …" Australia accuses China, though China denies it.
func (u *run) deniedClaims(claimed map[int][]mentions.Ref) {
	if len(claimed) == 0 {
		return
	}
	for _, a := range u.acts {
		if m := u.clauseMood(a.clause); m.neg || m.asserted() {
			continue // asserted acts are reported by the speech rule
		}
		for _, sp := range claimed[a.clause] {
			for _, ag := range a.agents {
				u.emit(Claim{Subject: sp.Key, Object: ag.Key, Pred: ontology.Accuses, Conf: 0.6 * refConf(ag),
					Verb: "claims", Rule: "claim", clause: a.clause})
			}
		}
	}
	for _, n := range u.noted {
		if !hostile(n.pred) || u.clauseMood(n.clause).neg {
			continue
		}
		agents := n.s
		if n.pred == ontology.AttributedTo {
			agents = n.o
		}
		for _, sp := range claimed[n.clause] {
			for _, ag := range agents {
				u.emit(Claim{Subject: sp.Key, Object: ag.Key, Pred: ontology.Accuses, About: n.about, Conf: 0.6 * refConf(ag),
					Verb: "claims", Rule: "claim", clause: n.clause})
			}
		}
	}
}

// claimBeforeName reports a noun phrase "an accusation Moscow": a claim
// noun and, after it, the name that is the subject of a relative clause
// without "that".
func (u *run) claimBeforeName(k int) bool {
	c := u.syn.Chunks[k]
	r, ok := u.s.Ref(k)
	if !ok || c.Atom < 0 {
		return false
	}
	at := u.syn.Atoms[c.Atom]
	for i := c.Start; i < at.Start; i++ {
		if w := u.syn.Tokens[i].Lower; u.r.lx.Is("claim", w) || u.r.lx.Is("claim", nounLemma(w)) {
			return r.Type == ontology.Country || r.Type == ontology.Agency || r.Type == ontology.Person || r.Type == ontology.Organization
		}
	}
	return false
}

// sentenceAccusers returns who accuses in the sentence so far, else the
// authors of the last accusation.
func (u *run) sentenceAccusers() []mentions.Ref {
	var keys []string
	for _, c := range u.out {
		if c.Pred == ontology.Accuses && !slices.Contains(keys, c.Subject) {
			keys = append(keys, c.Subject)
		}
	}
	if out := u.keyRefs(0.8, keys...); len(out) > 0 {
		return out
	}
	return u.keyRefs(0.7, u.mem.accusers...)
}

// officials keeps the speakers who speak for a state: people, states and
// their bodies, not the media that report them ("…, a news agency
// reported").
func officials(sp []mentions.Ref) []mentions.Ref {
	var out []mentions.Ref
	for _, r := range sp {
		if r.Type == ontology.Person || r.Type == ontology.Country || r.Type == ontology.Agency {
			out = append(out, r)
		}
	}
	return out
}

// spokespeople returns the spokespeople who report clause ci: "Kremlin
// spokesman Dmitry Peskov told reporters that Moscow … rejected any
// suggestion …" is Peskov's denial too.
func (u *run) spokespeople(ci int) []mentions.Ref {
	var out []mentions.Ref
	for _, r := range u.speakerOf(ci) {
		e := u.doc.Entity(r.Key)
		if e == nil || e.Type != ontology.Person {
			continue
		}
		for _, w := range strings.Fields(strings.ToLower(e.Role)) {
			if u.r.lx.Is("role", w) {
				out = append(out, r)
				break
			}
		}
	}
	return out
}

// eventAtIssue returns the last event named in the sentence before chunk
// at ("had no information about the attack and rejected …"), else the
// last event of the document.
func (u *run) eventAtIssue(at int) []mentions.Ref {
	for k := at - 1; k >= 0; k-- {
		if r, ok := u.s.Ref(k); ok && r.Type == ontology.Event && u.syn.Chunks[k].Kind == syntax.NP {
			return []mentions.Ref{r}
		}
	}
	return u.keyRefs(0.6, u.mem.lastEvent)
}

// involvedBelow reports a clause "X was involved" (with no event named)
// that clause ci governs: "denied that it was involved", "rejected any
// suggestion that Russia was involved".
func (u *run) involvedBelow(ci int) bool {
	for g := range u.syn.Clauses {
		gc := &u.syn.Clauses[g]
		if gc.Head == ci && gc.Link == syntax.LinkComplement && u.syn.VG(gc).Lemma == "involve" && u.syn.VG(gc).Passive {
			return true
		}
	}
	return false
}

// noPart reports a noun phrase that says no part was taken: "no role",
// "no involvement", "no part".
func (u *run) noPart(k int) bool {
	c := u.syn.Chunks[k]
	return u.syn.Tokens[c.Start].Lower == "no" && u.involvement(k)
}

// unnamedDenier returns who denies through a speaker the text does not
// name ("a foreign ministry spokesperson rejected the accusations", "an
// embassy official denied the allegations"): the accused of the last
// accusation, a state or a body, or the state of an accused group.
func (u *run) unnamedDenier(cl *syntax.Clause) []mentions.Ref {
	if len(cl.Subj) == 0 || len(u.mem.accused) == 0 {
		return nil
	}
	hw := u.syn.Tokens[u.syn.Chunks[cl.Subj[0]].Head].Lower
	if !u.r.lx.Is("person", hw) && !u.r.lx.Is("agencyhead", hw) && !u.r.lx.Is("generic", hw) {
		return nil
	}
	var keys []string
	for _, a := range u.mem.accused {
		k := a
		switch e := u.doc.Entity(a); {
		case e == nil:
			continue
		case e.Type == ontology.Country || e.Type == ontology.Agency || e.Type == ontology.Organization:
		case e.Country != "":
			k = e.Country // an accused group stands for its state
		default:
			continue
		}
		if !slices.Contains(keys, k) {
			keys = append(keys, k)
		}
	}
	return u.keyRefs(0.6, keys...)
}

// nounDenials applies denials made by a noun: "a flat denial from Iran
// that it had any part in the attack on Acme Bank" → Iran denies the
// attack.
func (u *run) nounDenials() {
	syn := u.syn
	for g := range syn.Clauses {
		k := u.denialNounOf(g)
		if k < 0 {
			continue
		}
		deniers := u.claimAuthor(k)
		objs := u.notedEvents(func(c int) bool { return c == g })
		for _, d := range deniers {
			for _, o := range objs {
				u.emit(Claim{Subject: d.Key, Object: o.Key, Pred: ontology.Denies, Conf: 0.7, Verb: "denial", Rule: "denial", clause: g})
			}
		}
	}
}

// notedEvents returns the events of the claims noted (stated but not
// asserted) in the clauses for which in is true: what a denial denies.
func (u *run) notedEvents(in func(clause int) bool) []mentions.Ref {
	var out []mentions.Ref
	for _, nt := range u.noted {
		if nt.clause < 0 || !in(nt.clause) {
			continue
		}
		if nt.about != "" {
			out = append(out, mentions.Ref{Key: nt.about, Type: ontology.Event})
		}
		for _, rs := range [][]mentions.Ref{nt.s, nt.o} {
			for _, r := range rs {
				if r.Type == ontology.Event {
					out = append(out, r)
				}
			}
		}
	}
	return out
}

// claimAuthors returns the authors of the claim whose "that" clause is
// clause g: "allegations by Canada that …", "Washington's claims that …",
// "US accusations that …".
func (u *run) claimAuthors(g int) []mentions.Ref {
	k := u.thatNoun(g)
	if k < 0 {
		return nil
	}
	hw := u.syn.Tokens[u.syn.Chunks[k].Head].Lower
	if !u.r.lx.Is("claim", hw) && !u.r.lx.Is("claim", nounLemma(hw)) {
		return nil
	}
	return u.claimAuthor(k)
}

// claimAuthor returns who made the claim that noun phrase k names: its
// modifiers and possessor ("the US allegations", "Canada's claims") and its
// "by" or "from" phrase.
func (u *run) claimAuthor(k int) []mentions.Ref {
	c := u.syn.Chunks[k]
	var out []mentions.Ref
	out = append(out, u.s.Mods(k)...)
	if c.Poss >= 0 {
		if r, ok := u.s.Ref(c.Poss); ok {
			out = append(out, r)
		}
	}
	for _, p := range u.ppsAfter(k) {
		if p.prep == "by" || p.prep == "from" {
			out = append(out, u.refs(p.nps)...)
		}
	}
	// "the accusations made by the United States", "claims leveled by
	// Washington": the agent of a participle after the claim
	for ci := range u.syn.Clauses {
		cl := &u.syn.Clauses[ci]
		if cl.SubjBy == syntax.SubjReduced && len(cl.Subj) > 0 && cl.Subj[0] == k && u.syn.VG(cl).Participle {
			out = append(out, u.ppRefs(cl, "by", nil)...)
		}
	}
	return out
}

// deniedObject resolves what a denial's object noun phrase stands for: the
// author of an accusation ("the US allegations", "allegations by Canada",
// "a New York Times report", "the accusations" → the last accuser), the
// event of an "involvement in" or "role in", or the phrase's own entity.
func (u *run) deniedObject(k int) []mentions.Ref {
	syn := u.syn
	c := syn.Chunks[k]
	hw := syn.Tokens[c.Head].Lower
	if u.r.lx.Is("claim", hw) || u.r.lx.Is("claim", nounLemma(hw)) {
		// "the media reports of its involvement": the event at issue
		for _, p := range u.ppsAfter(k) {
			if p.prep == "of" && len(p.nps) > 0 && u.involvement(p.nps[0]) {
				if ev := u.keyRefs(0.6, u.mem.lastEvent); len(ev) > 0 {
					return ev
				}
			}
		}
		out := u.claimAuthor(k)
		if len(out) == 0 && syn.Tokens[c.Start].Lower == "the" {
			out = u.keyRefs(0.7, u.mem.accusers...)
		}
		return out
	}
	switch nounLemma(hw) {
	case "involvement", "role", "responsibility", "link", "connection", "tie", "participation", "part":
		for _, p := range u.ppsAfter(k) {
			if p.prep == "in" || p.prep == "for" && nounLemma(hw) == "responsibility" || p.prep == "with" || p.prep == "to" || p.prep == "of" {
				return u.refs(p.nps)
			}
		}
		return nil
	}
	if r, ok := u.s.Ref(k); ok {
		return []mentions.Ref{r}
	}
	return nil
}

// involvement reports a noun phrase about taking part in something ("its
// involvement", "any role").
func (u *run) involvement(k int) bool {
	switch nounLemma(u.syn.Tokens[u.syn.Chunks[k].Head].Lower) {
	case "involvement", "role", "responsibility", "participation", "hand":
		return true
	}
	return false
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
		if by := u.publishedBy(ci); len(by) > 0 && len(cl.Subj) > 0 && cl.Subj[0] == k {
			return by // "That advisory, published by A and B, describes …"
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
