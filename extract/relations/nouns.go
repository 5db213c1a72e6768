package relations

import (
	"strings"

	"github.com/newsgraph/newsgraph/extract/lexicon"
	"github.com/newsgraph/newsgraph/extract/mentions"
	"github.com/newsgraph/newsgraph/extract/syntax"
	"github.com/newsgraph/newsgraph/ontology"
)

// nounLemma returns the singular of a lower-case noun ("sanctions" →
// "sanction", "charges" → "charge", "agencies" → "agency").
func nounLemma(w string) string {
	switch {
	case strings.HasSuffix(w, "ies") && len(w) > 4:
		return w[:len(w)-3] + "y"
	case strings.HasSuffix(w, "sses") || strings.HasSuffix(w, "ches") || strings.HasSuffix(w, "shes") || strings.HasSuffix(w, "xes"):
		return w[:len(w)-2]
	case strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss") && !strings.HasSuffix(w, "us") && len(w) > 3:
		return w[:len(w)-1]
	}
	return w
}

// ppChain is a prepositional phrase after a noun phrase.
type ppChain struct {
	prep string
	at   int   // chunk of the preposition
	nps  []int // object conjuncts
}

// ppsAfter returns up to three prepositional phrases right after noun
// phrase k ("attacks on X by Y", "sanctions against A and B").
func (u *run) ppsAfter(k int) []ppChain {
	syn := u.syn
	var out []ppChain
	j := k + 1
	if j+1 < len(syn.Chunks) && syn.Chunks[j].Kind == syntax.Adj && u.r.lx.Is("postadj", syn.Tokens[syn.Chunks[j].Head].Lower) {
		j++ // "the minister responsible for the GCSB": the noun's own phrase
	}
	for len(out) < 3 && j+1 < len(syn.Chunks) && syn.Chunks[j].Kind == syntax.Prep && syn.Chunks[j+1].Kind == syntax.NP {
		obj := j + 1
		for obj+1 < len(syn.Chunks) && syn.Chunks[obj].Possessor && syn.Chunks[obj+1].Kind == syntax.NP {
			obj++
		}
		g := syn.GroupOf(obj)
		nps := []int{obj}
		end := obj + 1
		if g != nil {
			nps, end = g.NPs, g.End
		}
		out = append(out, ppChain{prep: syn.Chunks[j].Word, at: j, nps: nps})
		j = end
		// "sanctions on A, and on B": the preposition repeated after a
		// conjunction adds to its list
		for {
			x := j
			last := out[len(out)-1].nps
			if a, _ := syn.Appos(last[len(last)-1]); a == x+1 && x < len(syn.Chunks) && syn.Chunks[x].Kind == syntax.Comma {
				x = syn.GroupOf(a).End // "on Igor Kostyukov, the chief of the GRU, and on …"
			}
			if x < len(syn.Chunks) && syn.Chunks[x].Kind == syntax.Comma {
				x++
			}
			if x+2 >= len(syn.Chunks) || syn.Chunks[x].Kind != syntax.Conj || syn.Chunks[x+1].Kind != syntax.Prep ||
				syn.Chunks[x+1].Word != out[len(out)-1].prep || syn.Chunks[x+2].Kind != syntax.NP {
				break
			}
			obj := x + 2
			for obj+1 < len(syn.Chunks) && syn.Chunks[obj].Possessor && syn.Chunks[obj+1].Kind == syntax.NP {
				obj++
			}
			more, e := []int{obj}, obj+1
			if g := syn.GroupOf(obj); g != nil {
				more, e = g.NPs, g.End
			}
			pc := &out[len(out)-1]
			pc.nps = append(append([]int(nil), pc.nps...), more...)
			j = e
		}
	}
	return out
}

// nounFrames returns the noun frames whose trigger ends noun phrase k
// ("sanctions", "asset freezes", "the 2014 attack").
func (u *run) nounFrames(k int) []*lexicon.Frame {
	syn := u.syn
	c := syn.Chunks[k]
	lemma := nounLemma(syn.Tokens[c.Head].Lower)
	var out []*lexicon.Frame
	check := func(first string, n int) {
		for _, f := range u.r.lx.Frames(lexicon.Noun, first) {
			if len(f.Trigger) != n {
				continue
			}
			out = append(out, f)
		}
	}
	check(lemma, 1)
	// two-word triggers: "asset freeze", "travel ban"
	if c.Head > c.Start {
		prev := syn.Tokens[c.Head-1].Lower
		for _, f := range u.r.lx.Frames(lexicon.Noun, prev) {
			if len(f.Trigger) == 2 && f.Trigger[1] == lemma {
				out = append(out, f)
			}
		}
	}
	return out
}

// nouns applies the noun frames to the noun phrases that are not a copula's
// predicate or an apposition (those take their host from the clause or the
// phrase they describe; see hostNoun).
func (u *run) nouns() {
	syn := u.syn
	for k, c := range syn.Chunks {
		if c.Kind != syntax.NP || c.Possessor || u.hostDone[k] {
			continue
		}
		frames := u.nounFrames(k)
		if len(frames) == 0 {
			continue
		}
		host, undergo := u.nounHost(k)
		if r, ok := u.s.Ref(k); ok && len(host) == 0 && r.Method == mentions.MethodDescribed && (r.Type == ontology.Person || r.Type == ontology.ThreatGroup) {
			// "a spokesperson for NSO Group", "two members of the
			// ransomware team": the described people are the host
			host = []mentions.Ref{r}
		}
		ci := u.clauseOf[k]
		u.cur = ci
		m := mood{}
		conf := 0.9
		if ci >= 0 {
			m = u.clauseMood(ci)
			conf *= u.clauseConf(ci)
		}
		if u.npHedged(k) {
			m.hedge = true
		}
		done := map[ontology.Predicate]bool{}
		for _, f := range frames {
			if f.Needs("cop") || done[f.Pred] {
				continue
			}
			if hn := f.NeedValue("hostnoun"); hn != nil {
				continue
			}
			b := u.bindNoun(k, f, host, undergo)
			if b == nil {
				continue
			}
			done[f.Pred] = true
			u.apply(f, b, m, "noun", conf)
			u.eventAgent(k, f, b, m, conf)
		}
	}
	u.cur = -1
}

// nounHost returns what a noun phrase's frame takes as host: the agent an
// accusation gave it ("blamed X for the attack"), the subject of a support
// verb ("the US imposed sanctions on …"); undergo is true when the host is
// the frame's object instead ("X faces charges").
func (u *run) nounHost(k int) (host []mentions.Ref, undergo bool) {
	if a, ok := u.agents[k]; ok {
		return a, false
	}
	syn := u.syn
	if k > 1 && syn.Chunks[k-1].Kind == syntax.Prep && syn.Chunks[k-1].Word == "of" && syn.Chunks[k-2].Kind == syntax.NP &&
		u.r.lx.Is("document", syn.Tokens[syn.Chunks[k-2].Head].Lower) {
		// "issued statements of solidarity with Washington": the
		// statement's host
		return u.nounHost(k - 2)
	}
	for ci := range syn.Clauses {
		cl := &syn.Clauses[ci]
		vg := syn.VG(cl)
		in := false
		for _, o := range cl.Obj {
			if o == k {
				in = true
			}
		}
		if !in && u.passive(ci) {
			for _, s := range cl.Subj {
				if s == k {
					in = true // "sanctions were imposed by …"
				}
			}
			if in {
				if by := u.ppRefs(cl, "by", nil); len(by) > 0 {
					return by, false
				}
				return nil, false
			}
		}
		if !in {
			continue
		}
		switch {
		case u.r.lx.Is("support", vg.Lemma):
			if u.passive(ci) {
				return u.ppRefs(cl, "by", nil), false
			}
			return u.subjects(ci), false
		case u.r.lx.Is("undergo", vg.Lemma):
			return u.subjects(ci), true
		}
	}
	return nil, false
}

// bindNoun binds frame f to noun phrase k.
func (u *run) bindNoun(k int, f *lexicon.Frame, host []mentions.Ref, undergo bool) *binding {
	syn := u.syn
	c := syn.Chunks[k]
	pps := u.ppsAfter(k)
	b := &binding{verb: strings.ToLower(syn.ChunkText(k))}
	if len(pps) > 0 {
		b.verb = syn.Tokens[c.Head].Lower + " " + pps[0].prep
	}
	slot := func(sl lexicon.Slot, subject bool) []mentions.Ref {
		switch sl.Kind {
		case lexicon.Poss:
			if r, ok := u.s.Owner(k); ok {
				return []mentions.Ref{r}
			}
		case lexicon.Mod:
			var out []mentions.Ref
			for _, m := range u.s.Mods(k) {
				if !subject && m.Demonym && f.Pred != ontology.Nationality {
					continue
				}
				if f.Event && (subject && !agentType(m.Type) || !subject && !victimType(m.Type)) {
					// "the Russian attack" (agent), "the SolarWinds hack"
					// (victim), "the WannaCry attack" (neither)
					continue
				}
				out = append(out, m)
			}
			if len(out) > 1 && !u.coordinatedMods(k) {
				out = out[len(out)-1:]
			}
			return out
		case lexicon.PP:
			for _, p := range pps {
				if p.prep == sl.Prep || sl.Prep == "" {
					if f.Pred == ontology.Targets && !subject {
						return u.victimRefs(p.nps)
					}
					rs := u.refs(p.nps)
					if len(rs) == 0 && (f.Pred == ontology.MemberOf || f.Pred == ontology.PartOf) {
						// "the head of New York's FBI field office": the body named inside
						for _, np := range p.nps {
							for _, m := range u.s.Mods(np) {
								if !m.Demonym && m.Type != ontology.Country && m.Type != ontology.Location {
									rs = append(rs, m)
								}
							}
						}
					}
					return rs
				}
			}
		case lexicon.Host:
			if !undergo {
				return host
			}
		}
		return nil
	}
	for _, sl := range f.S {
		if b.S = slot(sl, true); len(b.S) > 0 {
			b.ownAgent = sl.Kind != lexicon.Host
			break
		}
	}
	for _, sl := range f.O {
		if b.O = slot(sl, false); len(b.O) > 0 {
			break
		}
	}
	if _, given := u.agents[k]; given && f.Pred == ontology.Targets {
		// "blamed X for the hack of Microsoft Exchange": the act is X's, but
		// a product hacked is the event's description, not a victim
		var keep []mentions.Ref
		for _, o := range b.O {
			if o.Type != ontology.Product {
				keep = append(keep, o)
			}
		}
		b.O = keep
	}
	if f.Pred == ontology.Targets {
		b.O = append(b.O, u.victimPlaces(pps, f)...)
	}
	if undergo && len(b.O) == 0 {
		b.O = host
	}
	for _, sl := range f.A {
		if b.A = slot(sl, false); len(b.A) > 0 {
			break
		}
	}
	for _, sl := range f.X {
		for _, p := range pps {
			if sl.Kind == lexicon.PP && p.prep == sl.Prep {
				b.actNPs = append(b.actNPs, p.nps...)
			}
		}
	}
	if f.Needs("pp") && len(pps) == 0 {
		return nil
	}
	if len(b.S) == 0 && len(b.O) == 0 {
		return nil
	}
	if r, ok := u.s.Ref(k); ok && r.Type == ontology.Event && f.Event {
		b.A = append(b.A, r)
	}
	if len(b.S) == 0 || len(b.O) == 0 {
		if f.Event && len(b.S) > 0 {
			return b // the agent alone still names the event's author (eventAgent)
		}
		return nil
	}
	return b
}

// agentType reports the types a name before an event noun has when it is
// the agent: countries and threat groups ("the Russian attack", "the APT29
// campaign"); companies, products and bodies there are victims ("the
// SolarWinds hack", "the OPM breach").
func agentType(t ontology.EntityType) bool { return t == ontology.Country || t == ontology.ThreatGroup }

// victimType reports the types a name before an event noun has when it is
// the victim.
func victimType(t ontology.EntityType) bool {
	switch t {
	case ontology.Organization, ontology.Agency, ontology.Product, ontology.Sector:
		return true
	}
	return false
}

// eventAgent states who is behind an event noun phrase: "the Russian
// invasion of Ukraine", "cyber attacks by the FSB" → attributed_to.
func (u *run) eventAgent(k int, f *lexicon.Frame, b *binding, m mood, conf float64) {
	if !f.Event || len(b.S) == 0 || !m.asserted() || !b.ownAgent {
		return
	}
	r, ok := u.s.Ref(k)
	if !ok || r.Type != ontology.Event {
		return
	}
	if e := u.doc.Entity(r.Key); e == nil || !e.Confirmed {
		return // "China's hacking campaigns": no event of its own
	}
	for _, s := range b.S {
		u.emit(Claim{Subject: r.Key, Object: s.Key, Pred: ontology.AttributedTo, Conf: f.Conf * conf * refConf(s) * 0.9,
			Verb: b.verb, Rule: "event"})
	}
}

// hostNoun applies the frames of noun phrase p to a host it describes: a
// copula's subject ("X is a member of Y", "Guo is a German national") or
// the phrase it is an apposition of ("Zhu Hua, a member of APT10").
func (u *run) hostNoun(p int, host []mentions.Ref, m mood, conf float64) {
	u.hostDone[p] = true
	if u.npHedged(p) {
		m.hedge = true
	}
	done := map[ontology.Predicate]bool{}
	for _, f := range u.nounFrames(p) {
		if done[f.Pred] || !hasHost(f) {
			continue
		}
		b := u.bindNoun(p, f, host, false)
		if b == nil || len(b.S) == 0 || len(b.O) == 0 {
			continue
		}
		done[f.Pred] = true
		u.apply(f, b, m, "describe", conf)
	}
	// the description's own modifiers: "a German national", "a wealthy
	// Russian", "an FBI special agent", "a Kremlin-connected businessman"
	u.describe(p, host, m, conf)
	u.descriptionPreps(p, host, m, conf)
}

func hasHost(f *lexicon.Frame) bool {
	for _, sl := range append(append([]lexicon.Slot(nil), f.S...), f.O...) {
		if sl.Kind == lexicon.Host {
			return true
		}
	}
	return false
}

// coordinatedMods reports whether the names before noun phrase k's head
// are coordinated ("US and UN sanctions").
func (u *run) coordinatedMods(k int) bool {
	c := u.syn.Chunks[k]
	for i := c.Start; i < c.Head; i++ {
		if u.syn.Tokens[i].Tag == syntax.CC {
			return true
		}
	}
	return false
}

// victimPlaces returns the countries that describe a frame's victims when
// the victims themselves have no referent: "intrusions at utilities in
// countries such as Poland, Chile and Kenya", "attacks on Danish
// ministries and firms".
func (u *run) victimPlaces(pps []ppChain, f *lexicon.Frame) []mentions.Ref {
	var out []mentions.Ref
	for _, sl := range f.O {
		for _, p := range pps {
			if sl.Kind != lexicon.PP || p.prep != sl.Prep {
				continue
			}
			for _, np := range p.nps {
				r, ok := u.s.Ref(np)
				if ok && r.Type != ontology.Sector {
					continue
				}
				for _, m := range u.s.Mods(np) {
					if m.Type == ontology.Country {
						out = append(out, m)
					}
				}
				for _, q := range u.ppsAfter(np) {
					if q.prep == "in" {
						out = append(out, u.refs(q.nps)...)
					}
					break
				}
			}
			return out
		}
	}
	return out
}
