package extract

import (
	"strings"

	"github.com/newsgraph/newsgraph/ontology"
)

// trig is a lexicon phrase found in a sentence.
type trig struct {
	s, e    int // tokens of the phrase, slots included
	p       *trigPattern
	slotO   [2]int // token span filling {o}, or zero
	slotA   [2]int // token span filling {a}, or zero
	passive bool
}

var (
	relativizers = map[string]bool{"who": true, "which": true, "that": true, "whom": true}
	beForms      = map[string]bool{"is": true, "are": true, "was": true, "were": true, "be": true, "been": true,
		"being": true, "got": true, "get": true, "gets": true}
	skipLeft = map[string]bool{"also": true, "on": true, "monday": true, "tuesday": true, "wednesday": true,
		"thursday": true, "friday": true, "saturday": true, "sunday": true, "has": true, "have": true, "had": true,
		"will": true, "would": true, "did": true, "does": true, "do": true, "previously": true, "first": true,
		"now": true, "today": true, "yesterday": true, "jointly": true, "formally": true, "publicly": true,
		"officially": true, "repeatedly": true, "once": true, "again": true, "recently": true, "last": true,
		"week": true, "earlier": true, "later": true, "then": true, "already": true, "further": true,
		"is": true, "are": true, "was": true, "were": true, "been": true, "be": true, "being": true, "all": true,
		"both": true, "together": true, "subsequently": true, "had been": true, "separately": true,
		"directly": true, "openly": true, "explicitly": true, "specifically": true, "in": true, "late": true,
		"this": true, "month": true, "year": true, "often": true, "still": true, "continue": true, "long": true,
		"since": true, "allegedly": true, "reportedly": true, "almost": true, "certainly": true, "likely": true,
		"continued": true, "continues": true, "to": true}
	determinerish = map[string]bool{"the": true, "a": true, "an": true, "this": true, "that": true, "its": true,
		"their": true, "his": true, "her": true, "these": true, "those": true, "'s": true, "our": true, "new": true}
	stopRight = map[string]bool{".": true, ";": true, ":": true, "!": true, "?": true, "but": true, "while": true,
		"although": true, "because": true, "after": true, "before": true, "when": true, "though": true,
		"whereas": true, "(": true}
	lightVerbs = map[string]bool{"announced": true, "announce": true, "announces": true, "filed": true,
		"file": true, "unsealed": true, "imposed": true, "impose": true, "issued": true, "issue": true,
		"brought": true, "made": true, "make": true, "levied": true, "leveled": true, "levelled": true,
		"slapped": true, "unveiled": true, "launched": true, "opened": true, "open": true, "expanded": true,
		"formalized": true, "made public": true, "released": true, "published": true, "voiced": true,
		"expressed": true, "joined": true, "established": true, "establish": true, "drew": true, "draw": true,
		"identified": true, "found": true, "uncovered": true, "added": true, "renewed": true, "escalated": true, "condemned": true,
		"its": true, "their": true}
	aboutPreps = map[string]bool{"for": true, "over": true, "behind": true, "in": true, "regarding": true,
		"about": true, "with": true}
)

// findTriggers finds lexicon phrases on free tokens, leftmost longest.
func (d *doc) findTriggers(ss *sent) []trig {
	var out []trig
	for i := 0; i < len(ss.toks); i++ {
		if ss.at[i] >= 0 || ss.toks[i].kind != tkWord {
			continue
		}
		for _, p := range d.g.lex.triggers[ss.lw[i]] {
			t, ok := ss.matchTrig(p, i)
			if !ok {
				continue
			}
			if p.e.Kind == kindVerb && p.form != formGerund && i > 0 && determinerish[ss.lw[i-1]] && ss.at[i-1] < 0 && !ss.relativeThat(d, i-1) {
				continue // "the attack", "its use": a noun here
			}
			if p.e.Kind == kindVerb && (p.form == formBase || p.form == form3sg) && i > 0 && ss.at[i-1] >= 0 && ss.mentAt(i-1).dem {
				continue // "Chinese hack"
			}
			if p.form == formGerund && len(p.rest) == 0 && i+1 < len(ss.toks) && gerundModified[ss.lw[i+1]] {
				continue // "the hacking group", "a hacking campaign"
			}
			if p.e.Kind == kindVerb && (p.form == formPast || p.form == formPart) {
				t.passive = ss.isPassive(i)
			}
			out = append(out, t)
			i = t.e - 1
			break
		}
	}
	return out
}

// gerundModified nouns follow a gerund used as a modifier: "hacking group".
var gerundModified = map[string]bool{"group": true, "groups": true, "campaign": true, "campaigns": true,
	"operation": true, "operations": true, "team": true, "tools": true, "tool": true, "unit": true, "crew": true,
	"spree": true, "activity": true, "activities": true, "attempts": true, "attempt": true, "incident": true,
	"scheme": true, "infrastructure": true, "techniques": true, "capabilities": true, "charges": true}

// relativeThat reports whether "that" at k opens a relative clause ("six
// companies that support") rather than being a determiner ("that attack").
func (ss *sent) relativeThat(d *doc, k int) bool {
	if ss.lw[k] != "that" || k == 0 {
		return false
	}
	if ss.at[k-1] >= 0 {
		return !ss.mentAt(k - 1).dem
	}
	w := ss.lw[k-1]
	return ss.toks[k-1].kind == tkWord && !d.isVerbish(w) && !d.g.lex.is("speech", w) && !stopCaps[w] && !objectPreps[w] && w != "of" && !strings.HasSuffix(w, "ed")
}

func (ss *sent) matchTrig(p *trigPattern, i int) (trig, bool) {
	t := trig{s: i, p: p}
	j := i + 1
	for k := 0; k < len(p.rest); k++ {
		w := p.rest[k]
		if w == "{o}" || w == "{a}" {
			// the slot runs to the next literal word (within 10 tokens), or
			// covers one noun phrase if it is last
			if k+1 >= len(p.rest) {
				return t, false
			}
			next := p.rest[k+1]
			end := -1
			for x := j + 1; x < len(ss.toks) && x <= j+10; x++ {
				if ss.lw[x] == next && ss.at[x] < 0 {
					end = x
					break
				}
				if stopRight[ss.lw[x]] {
					break
				}
			}
			if end < 0 {
				return t, false
			}
			hasMent := false
			for x := j; x < end; x++ {
				if ss.at[x] >= 0 {
					hasMent = true
				}
			}
			if !hasMent && w == "{o}" {
				return t, false
			}
			if w == "{o}" {
				t.slotO = [2]int{j, end}
			} else {
				t.slotA = [2]int{j, end}
			}
			j = end
			continue
		}
		if j >= len(ss.toks) || ss.lw[j] != w || ss.at[j] >= 0 {
			return t, false
		}
		j++
	}
	t.e = j
	return t, true
}

// isPassive reports whether the participle at i follows a form of "be"
// (adverbs and negation allowed between), or is followed by "by".
func (ss *sent) isPassive(i int) bool {
	for k := i - 1; k >= 0 && k >= i-4; k-- {
		w := ss.lw[k]
		if beForms[w] {
			return true
		}
		if strings.HasSuffix(w, "ly") || w == "not" || w == "n't" || w == "also" || w == "first" || w == "never" || w == "reportedly" {
			continue
		}
		break
	}
	if i+1 < len(ss.toks) && ss.lw[i+1] == "by" {
		return true
	}
	// reduced relative: "four nationals accused of hacking", "hackers charged with"
	return i > 0 && ss.at[i-1] >= 0 && i+1 < len(ss.toks) && ss.at[i+1] < 0 &&
		(ss.lw[i+1] == "of" || ss.lw[i+1] == "with" || ss.lw[i+1] == "in")
}

// stated is a relation found in a sentence, with where its phrase stood,
// for the reporting and joint-statement rules.
type stated struct {
	at       int // token of the phrase
	subj     ment
	pred     ontology.Predicate
	obj      ment
	subjList []int // the coordinated subject mentions
}

// relations extracts the claims of one sentence.
func (d *doc) relations(ss *sent) {
	if len(ss.ms) == 0 {
		return
	}
	ss.stated = ss.stated[:0]
	trigs := d.findTriggers(ss)
	for _, t := range trigs {
		d.relate(ss, t)
	}
	d.reported(ss)
	d.joint(ss)
}

// reported turns "X said (that) Y hacked Z" into X accuses Y when X speaks
// officially: a government, agency, company or official attributing an
// attack.
func (d *doc) reported(ss *sent) {
	for k := 0; k < len(ss.toks); k++ {
		if ss.at[k] >= 0 {
			continue
		}
		publish := d.publishFrame(ss, k)
		if !publish && !d.g.lex.is("speech", ss.lw[k]) && !(ss.lw[k] == "according" && k+1 < len(ss.toks) && ss.lw[k+1] == "to") {
			continue
		}
		if !publish && clauseOnly[ss.lw[k]] && !(k+1 < len(ss.toks) && ss.lw[k+1] == "that") {
			continue // "announced charges against": no reported clause
		}
		var speakers []int
		from, to := k+1, len(ss.toks) // the reported clause
		if ss.lw[k] == "according" {
			if j := k + 2; j < len(ss.toks) {
				for j < len(ss.toks) && determinerish[ss.lw[j]] && ss.at[j] < 0 {
					j++
				}
				if j < len(ss.toks) && ss.at[j] >= 0 {
					speakers = d.coordRight(ss, ss.at[j], false)
				}
			}
			from, to = 0, len(ss.toks)
		} else if publish && k+1 < len(ss.toks) && ss.lw[k+1] == "by" {
			if a := ss.byAgent(k + 1); a >= 0 {
				speakers = d.coordRight(ss, a, true)
			}
		} else if subs := d.subject(ss, k); len(subs) > 0 {
			speakers = subs
		} else if (ss.lw[k] == "saying" || ss.lw[k] == "says") && k > 0 && ss.at[k-1] < 0 {
			// "released a joint advisory saying …": who released it
			if subs := d.clauseSubject(ss, k); len(subs) > 0 {
				speakers = subs
			}
		} else if k+1 < len(ss.toks) && ss.at[k+1] >= 0 {
			// "..., the NCSC said" inverted: "said the NCSC"
			speakers = d.coordRight(ss, ss.at[k+1], false)
			from, to = 0, k
		} else if k > 0 && ss.at[k-1] >= 0 {
			speakers = d.coordinated(ss, ss.at[k-1])
			from, to = 0, ss.ms[speakers[0]].s
		}
		if len(speakers) == 0 {
			continue
		}
		if ss.lw[k] != "according" && to == len(ss.toks) {
			// speaker first: the clause after the verb
			from = k + 1
			sp := ss.ms[speakers[0]]
			p := sp.s - 1
			for p > 0 && p >= sp.s-6 && ss.at[p] < 0 && ss.toks[p].kind == tkWord && (isCap(ss.word(p)) || determinerish[ss.lw[p]] || lowerTitles[ss.lw[p]]) {
				p-- // "…," Foreign Minister Jan Novak said: past the title
			}
			if sp.s >= 2 && p >= 1 && (ss.lw[p] == "," || ss.lw[p] == "\"" && ss.lw[p-1] == ",") {
				if k+2 >= len(ss.toks) || stopRight[ss.lw[k+1]] || ss.lw[k+1] == "in" || ss.lw[k+1] == "on" {
					from, to = 0, p // "…, the Norwegian government said."
				}
			}
		}
		var actors []ment // who the reported clause says did harm
		for _, st := range ss.stated {
			if st.at < from || st.at >= to {
				continue
			}
			var actor ment
			switch st.pred {
			case ontology.Targets, ontology.Exploits, ontology.Uses, ontology.AffiliatedWith:
				actor = st.subj
			case ontology.AttributedTo:
				actor = st.obj
			case ontology.MemberOf:
				if st.obj.typ != ontology.ThreatGroup {
					continue
				}
				actor = st.obj // "said the defendants were members of APT40"
			default:
				continue
			}
			switch actor.typ {
			case ontology.ThreatGroup, ontology.Country, ontology.Agency, ontology.Person, ontology.Malware:
			case ontology.Organization:
				if st.pred != ontology.AffiliatedWith || st.obj.typ != ontology.ThreatGroup {
					continue // "an exchange that it said had helped ransomware gangs"
				}
			default:
				continue
			}
			if actor.typ == ontology.Malware && st.pred != ontology.AttributedTo {
				continue
			}
			actor.s = st.at
			actors = append(actors, actor)
		}
		if publish {
			actors = append(actors, d.agentPhrases(ss, from, to)...)
		}
		for _, actor := range actors {
			condemn := false
			for x := k; !publish && x < actor.s && x < len(ss.toks); x++ {
				if d.g.lex.is("condemn", ss.lw[x]) && ss.at[x] < 0 {
					condemn = true
				}
			}
			verb := ss.lw[k]
			if publish {
				verb = "published"
			}
			for _, sp := range speakers {
				sm := ss.ms[sp]
				if sm.typ == ontology.Person && sm.method == MethodDescribed {
					continue
				}
				if p, ok := coerce(ontology.Accuses, sm.typ, actor.typ); ok && sm.key != actor.key && !condemn {
					d.emit(ss, sm, p, actor, "", 0.6*(sm.conf+actor.conf)/2, verb)
				}
				if condemn {
					if p, ok := coerce(ontology.Condemns, sm.typ, actor.typ); ok && sm.key != actor.key {
						d.emit(ss, sm, p, actor, "", 0.55*(sm.conf+actor.conf)/2, verb)
					}
				}
			}
		}
	}
}

// publishFrame reports whether token k is a verb of publishing whose object
// is an advisory or statement ("released a joint advisory on", "an alert
// published by"): its authors speak like the subject of "said".
func (d *doc) publishFrame(ss *sent, k int) bool {
	if !publishVerbs[ss.lw[k]] {
		return false
	}
	if k+1 < len(ss.toks) && ss.lw[k+1] == "by" {
		for j := k - 1; j >= 0 && j >= k-4; j-- {
			if advisoryNouns[ss.lw[j]] {
				return true
			}
		}
		return false
	}
	for j := k + 1; j < len(ss.toks) && j <= k+5; j++ {
		if advisoryNouns[ss.lw[j]] {
			return true
		}
		if ss.at[j] >= 0 || ss.toks[j].kind == tkPunct {
			return false
		}
	}
	return false
}

// agentPhrases finds actors named as the agents of harmful activity in
// tokens [from,to): "a campaign by Iranian government-sponsored actors",
// "malicious activity by China's MSS".
func (d *doc) agentPhrases(ss *sent, from, to int) []ment {
	var out []ment
	for k := from; k+2 < to && k+2 < len(ss.toks); k++ {
		if ss.lw[k+1] != "by" || ss.at[k] >= 0 || ss.at[k+1] >= 0 {
			continue
		}
		if !d.g.lex.is("activity", ss.lw[k]) && d.g.lex.matchCue("attack", ss.lw, k) != 1 && ss.lw[k] != "campaign" {
			continue
		}
		j := k + 2
		for j < len(ss.toks) && determinerish[ss.lw[j]] && ss.at[j] < 0 {
			j++
		}
		m := ss.mentAt(j)
		if m == nil || m.dem {
			continue
		}
		if m.e+1 < len(ss.toks) && ss.lw[m.e] == "'s" {
			if m2 := ss.mentAt(m.e + 1); m2 != nil && !m2.dem {
				m = m2
			}
		}
		switch m.typ {
		case ontology.ThreatGroup, ontology.Agency, ontology.Country:
			mm := *m
			mm.s = k
			out = append(out, mm)
		}
	}
	return out
}

var publishVerbs = map[string]bool{"released": true, "releasing": true, "release": true, "releases": true,
	"published": true, "publishing": true, "publish": true, "publishes": true, "issued": true, "issuing": true,
	"issue": true, "issues": true, "put": true, "posted": true, "co-authored": true, "co-signed": true}

var advisoryNouns = map[string]bool{"advisory": true, "advisories": true, "alert": true, "alerts": true,
	"statement": true, "statements": true, "bulletin": true, "warning": true, "report": true, "analysis": true,
	"guidance": true, "notice": true}

// joint makes the coordinated authors of a joint statement or advisory
// cooperate with one another: "the NSA, CISA and the FBI released a joint
// advisory".
func (d *doc) joint(ss *sent) {
	hasJoint, hasDoc := false, false
	for _, w := range ss.lw {
		switch w {
		case "joint", "jointly", "together", "co-authored", "co-signed":
			hasJoint = true
		case "advisory", "alert", "statement":
			hasDoc = true
		}
	}
	if !hasJoint && !hasDoc {
		return
	}
	for k := 0; k < len(ss.toks); k++ {
		if ss.at[k] >= 0 || !(d.g.lex.is("speech", ss.lw[k]) || jointVerbs[ss.lw[k]] || publishVerbs[ss.lw[k]]) {
			continue
		}
		if !hasJoint && !d.publishFrame(ss, k) && !d.g.lex.is("speech", ss.lw[k]) {
			continue // "… came the day that A, B and C blamed China": not one statement
		}
		var subs []int
		if publishVerbs[ss.lw[k]] && k+1 < len(ss.toks) && ss.lw[k+1] == "by" {
			// "an advisory published by the NSA, CISA and the FBI"
			if a := ss.byAgent(k + 1); a >= 0 {
				subs = d.coordRight(ss, a, true)
			}
		} else {
			subs = d.subject(ss, k)
		}
		if len(subs) < 2 {
			continue
		}
		for a := 0; a < len(subs); a++ {
			for b := a + 1; b < len(subs); b++ {
				sa, sb := ss.ms[subs[a]], ss.ms[subs[b]]
				if p, ok := coerce(ontology.CooperatesWith, sa.typ, sb.typ); ok {
					d.emit(ss, sa, p, sb, "", 0.7*(sa.conf+sb.conf)/2, "joint "+ss.lw[k])
				}
			}
		}
		return
	}
}

var jointVerbs = map[string]bool{"released": true, "issued": true, "published": true, "released a": true,
	"put": true, "signed": true, "co-authored": true, "co-signed": true, "attributed": true, "blamed": true,
	"announced": true, "urged": true, "exposed": true, "named": true, "called": true, "detailed": true}

// relate turns one trigger into relations.
func (d *doc) relate(ss *sent, t trig) {
	e := t.p.e
	var subs, objs []int // mention indices
	about := -1
	subjEnd := -1
	switch {
	case e.Kind == kindRel && e.Pred == ontology.CooperatesWith:
		subs = d.clauseActor(ss, t.s)
		objs = d.objects(ss, t.e, e.List)
		if len(subs) == 0 && len(objs) > 0 && t.s <= 1 {
			// "In partnership with the EU and Canada, the Treasury is
			// sanctioning": the subject after the fronted phrase
			k := ss.ms[objs[len(objs)-1]].e
			if k < len(ss.toks) && ss.lw[k] == "," {
				j := k + 1
				for j < len(ss.toks) && determinerish[ss.lw[j]] && ss.at[j] < 0 {
					j++
				}
				if m := ss.mentAt(j); m != nil && !m.dem {
					subs = d.coordRight(ss, ss.at[j], false)
				}
			}
		}
	case e.Kind == kindRel:
		subs = d.relSubject(ss, t.s)
		objs = d.objects(ss, t.e, e.List)
		if len(subs) == 0 && len(objs) > 0 {
			// "four of the people are officers of the GRU: Alexey Minin, …"
			for k := ss.ms[objs[len(objs)-1]].e; k < len(ss.toks) && k < ss.ms[objs[len(objs)-1]].e+6; k++ {
				if ss.lw[k] == ":" && k+1 < len(ss.toks) && ss.at[k+1] >= 0 {
					subs = d.coordRight(ss, ss.at[k+1], true)
					break
				}
			}
		}
	case e.Kind == kindNoun:
		subs = d.nounAgent(ss, t.s)
		refs := make([]ment, len(subs))
		for x, si := range subs {
			refs[x] = ss.ms[si]
		}
		if e.Pred == ontology.Targets {
			objs = d.victims(ss, t.e)
			if len(objs) == 0 && e.List {
				objs = d.objects(ss, t.e, true)
			}
		} else if e.Pred == ontology.Exploits || e.Pred == ontology.Uses {
			objs = d.listObjects(ss, t.e)
		} else {
			objs = d.objects(ss, t.e, e.List)
		}
		subs = ss.refind(refs) // finding the objects may have added mentions before the agent
		// "exploitation of Pulse Secure devices by a group it tracks as UNC2630"
		if len(objs) > 0 {
			if k := ss.byAgent(ss.ms[objs[len(objs)-1]].e); k >= 0 {
				subs = d.coordRight(ss, k, false)
			}
		}
	case t.passive && t.slotA[1] > t.slotA[0] && ss.lw[t.slotA[0]] == "by" && (e.Pred == ontology.Accuses):
		// "APT40 has been linked by the United States to China's MSS": the
		// agent inside the phrase accuses the object; the group before is
		// linked to it
		if a := ss.byAgent(t.slotA[0]); a >= 0 {
			subs = d.coordRight(ss, a, false)
		}
		objs = d.objects(ss, t.e, e.List)
		group := d.subject(ss, t.s)
		linkVerb := strings.HasPrefix(e.Text, "link") || strings.HasPrefix(e.Text, "tie") || strings.HasPrefix(e.Text, "connect") || strings.HasPrefix(e.Text, "associate")
		for _, gi := range group {
			for _, oi := range objs {
				p := ontology.AttributedTo
				if linkVerb {
					p = ontology.AffiliatedWith
				}
				if p2, ok := coerce(p, ss.ms[gi].typ, ss.ms[oi].typ); ok {
					d.emit(ss, ss.ms[gi], p2, ss.ms[oi], "", e.Conf*(ss.ms[gi].conf+ss.ms[oi].conf)/2, ss.span(t.s, t.e))
				}
			}
		}
		t.slotA = [2]int{}
	case t.passive:
		// "X was charged by Y": object on the left, agent after "by"
		objs = d.subject(ss, t.s)
		if k := ss.byAgent(t.e); k >= 0 {
			subs = d.coordRight(ss, k, true)
		} else if e.Pred == ontology.Charges || e.Pred == ontology.Sanctions {
			subs = d.impliedAgent(ss, t, e.Pred)
		}
	case e.Pred == ontology.Denies && t.e < len(ss.toks) && ss.lw[t.e] == "that":
		subs = d.subject(ss, t.s)
		for k := t.e + 1; k < len(ss.toks) && k < t.e+14; k++ {
			if stopRight[ss.lw[k]] && ss.lw[k] != "." {
				break
			}
			if m := ss.mentAt(k); m != nil && m.typ == ontology.Event {
				objs = d.coordRight(ss, ss.at[k], false)
				break
			}
		}
	case e.Pred == ontology.Accuses && e.Kind == kindVerb && t.e < len(ss.toks) && ss.lw[t.e] == "of":
		// "Chatex, a virtual currency exchange it accused of helping …": the accused came before
		if t.s >= 1 && (ss.lw[t.s-1] == "it" || ss.lw[t.s-1] == "they") {
			for j := t.s - 2; j >= 1 && j >= t.s-8; j-- {
				if ss.lw[j] == "," {
					if m := ss.mentAt(j - 1); m != nil && !m.dem {
						objs = []int{ss.at[j-1]}
						if key := d.pronounExcept(ss, t.s-1, ss.mentAt(j-1).key); key != "" {
							if de := d.ents[key]; de != nil {
								ss.add(ment{s: t.s - 1, e: t.s, key: key, typ: de.Type, method: MethodCoref, alias: ss.lw[t.s-1], conf: 0.6})
								subs = []int{ss.at[t.s-1]}
								objs = []int{ss.at[j-1]}
							}
						}
					}
					break
				}
				if ss.at[j] >= 0 {
					break
				}
			}
		}
		if len(subs) == 0 {
			return
		}
	default:
		subs = d.subject(ss, t.s)
		if len(subs) == 0 && t.p.form == formGerund && t.s > 0 && ss.at[t.s-1] < 0 {
			// "the pair spent ten years breaking into": the clause's subject
			subs = d.clauseSubject(ss, t.s)
		}
		if t.slotO[1] > 0 {
			objs = d.objects(ss, t.slotO[0], false)
		} else if e.Pred == ontology.Targets {
			objs = d.victims(ss, t.e)
		} else if e.Pred == ontology.Exploits || e.Pred == ontology.Uses {
			objs = d.listObjects(ss, t.e)
		} else if len(e.Obj) > 0 {
			objs = d.objects(ss, t.e, true) // "published an advisory on flaws that SVR hackers exploited"
		} else {
			objs = d.objects(ss, t.e, e.List)
		}
	}
	if len(objs) == 0 && !t.passive && e.Pred == ontology.Targets && e.Kind == kindVerb {
		// "hackers broke into its email system": the body the possessive means
		if k := t.e; k+1 < len(ss.toks) && (ss.lw[k] == "its" || ss.lw[k] == "their") && ss.at[k] < 0 && ss.toks[k+1].kind == tkWord {
			not := map[string]bool{}
			for _, si := range subs {
				not[ss.ms[si].key] = true
			}
			for j := t.s - 1; j >= 0; j-- {
				m := ss.mentAt(j)
				if m == nil || m.dem || not[m.key] || m.weak {
					continue
				}
				if m.typ == ontology.Organization || m.typ == ontology.Agency {
					refs := subRefs(ss, subs)
					ss.add(ment{s: k, e: k + 1, key: m.key, typ: m.typ, method: MethodCoref, alias: ss.lw[k], conf: 0.6})
					objs = []int{ss.at[k]}
					subs = ss.refind(refs)
				}
				break
			}
		}
	}
	if e.Pred == ontology.Investigates && !t.passive && t.e < len(ss.toks) && (ss.lw[t.e] == "whether" || ss.lw[t.e] == "if" || ss.lw[t.e] == "how" || ss.lw[t.e] == "who") {
		// "investigating whether North Korea was behind the attack": the event
		objs = nil
		for k := t.e + 1; k < len(ss.toks) && k < t.e+16 && !stopRight[ss.lw[k]]; k++ {
			if m := ss.mentAt(k); m != nil && m.typ == ontology.Event {
				objs = []int{ss.at[k]}
				break
			}
		}
	}
	if !t.passive && (e.Pred == ontology.Sanctions || e.Pred == ontology.Charges || e.Pred == ontology.Accuses || e.Pred == ontology.Condemns) {
		objs = append(objs, d.colonList(ss, t, objs)...)
	}
	if (e.Pred == ontology.Uses || e.Pred == ontology.Exploits) && !t.passive && len(objs) > 0 && len(subs) > 0 {
		// "deploying REvil ransomware against Kaseya": the tool, then the victims
		var tools []int
		for _, oi := range objs {
			om := ss.ms[oi]
			if k := om.s - 1; om.e > 0 && k >= 0 && (ss.lw[k] == "against" || ss.lw[k] == "targeting") {
				continue
			}
			tools = append(tools, oi)
		}
		for k := t.e; k < len(ss.toks) && k < t.e+12; k++ {
			if stopRight[ss.lw[k]] || ss.lw[k] == ";" {
				break
			}
			if (ss.lw[k] == "against" || ss.lw[k] == "targeting") && ss.at[k] < 0 {
				for _, vi := range d.victims(ss, k+1) {
					for _, si := range subs {
						if p2, ok := coerce(ontology.Targets, ss.ms[si].typ, ss.ms[vi].typ); ok {
							d.emit(ss, ss.ms[si], p2, ss.ms[vi], "", e.Conf*0.9*(ss.ms[si].conf+ss.ms[vi].conf)/2, ss.span(t.s, t.e))
						}
					}
				}
				break
			}
		}
		objs = tools
	}
	if e.Pred == ontology.CooperatesWith && e.Kind == kindVerb && strings.HasPrefix(e.Text, "join") && len(objs) > 0 {
		// "joins the United States, Japan and NATO in condemning China":
		// the partners condemn too
		k := ss.ms[objs[len(objs)-1]].e
		for k < len(ss.toks) && k < ss.ms[objs[len(objs)-1]].e+5 && ss.lw[k] != "in" && ss.at[k] < 0 && (ss.lw[k] == "," || ss.lw[k] == "and" || ss.lw[k] == "other" || ss.lw[k] == "others" || ss.lw[k] == "partners" || ss.lw[k] == "allies") {
			k++
		}
		if k+1 < len(ss.toks) && ss.lw[k] == "in" && strings.HasSuffix(ss.lw[k+1], "ing") {
			if ss.joined == nil {
				ss.joined = map[int][]int{}
			}
			ss.joined[k+1] = append(append([]int(nil), subs...), objs...)
		}
	}
	if extra := ss.joined[t.s]; len(extra) > 0 && !e.Inverse {
		for _, x := range extra {
			dup := false
			for _, y := range subs {
				dup = dup || ss.ms[y].key == ss.ms[x].key
			}
			if !dup {
				subs = append(subs, x)
			}
		}
	}
	if e.Pred == ontology.Denies && len(objs) == 0 && !t.passive && d.lastAccuser != "" {
		// "rejected the accusation as groundless": the accusation's author
		for k := t.e; k < len(ss.toks) && k < t.e+5; k++ {
			if d.g.lex.is("claim", ss.lw[k]) && ss.at[k] < 0 && k > t.e && (ss.lw[k-1] == "the" || ss.lw[k-1] == "these" || ss.lw[k-1] == "those" || ss.lw[k-1] == "this" || ss.lw[k-1] == "that") {
				if de := d.ents[d.lastAccuser]; de != nil {
					ss.ms = append(ss.ms, ment{key: de.Key, typ: de.Type, conf: 0.6}) // synthetic: no tokens
					objs = []int{len(ss.ms) - 1}
				}
				break
			}
			if ss.at[k] >= 0 || stopRight[ss.lw[k]] {
				break
			}
		}
	}
	if (e.Pred == ontology.Accuses || e.Pred == ontology.Charges) && e.Kind == kindVerb && !t.passive && len(objs) > 0 {
		// "accused X of carrying out attacks against Y", "charged X with
		// ransomware attacks on Y": X does what follows
		d.complement(ss, ss.ms[objs[len(objs)-1]].e, objs)
	}
	if len(subs) == 0 && !e.Inverse && ss.compl[1] > 0 && t.s >= ss.compl[0] && t.s < ss.compl[1] {
		subs = append(subs, ss.complSubs...)
	}
	if e.Inverse {
		subs, objs = objs, subs
	}
	if t.slotA[1] > 0 {
		for k := t.slotA[0]; k < t.slotA[1]; k++ {
			if m := ss.mentAt(k); m != nil && (m.typ == ontology.Event || m.typ == ontology.ThreatGroup || m.typ == ontology.Malware) {
				about = ss.at[k]
				break
			}
		}
		if about < 0 && d.last[ontology.Event] != "" && t.slotA[1]-t.slotA[0] <= 3 && ss.free(t.slotA[0], t.slotA[1]) {
			// "attributed the attacks to HAFNIUM": the incident under discussion
			for k := t.slotA[0]; k < t.slotA[1]; k++ {
				if d.g.lex.matchCue("attack", ss.lw, k) > 0 && k > t.slotA[0] && (ss.lw[k-1] == "the" || ss.lw[k-1] == "these" || ss.lw[k-1] == "those") {
					if de := d.ents[d.last[ontology.Event]]; de != nil {
						refs := subRefs(ss, subs)
						orefs := subRefs(ss, objs)
						ss.add(ment{s: k, e: k + 1, key: de.Key, typ: ontology.Event, method: MethodCoref, alias: ss.span(k-1, k+1), conf: 0.6})
						about = ss.at[k]
						subs, objs = ss.refind(refs), ss.refind(orefs)
					}
					break
				}
			}
		}
	}
	if len(subs) > 0 {
		subjEnd = ss.ms[subs[len(subs)-1]].e
	}
	if e.Inverse && len(objs) > 0 && ss.ms[objs[len(objs)-1]].e <= t.s && ss.ms[objs[len(objs)-1]].e > 0 {
		subjEnd = ss.ms[objs[len(objs)-1]].e // "it was behind": the actor stands before the phrase
	}
	neg, hedge, report := d.modality(ss, t, subjEnd)
	if hedge && !neg && (e.Pred == ontology.AffiliatedWith || e.Pred == ontology.PartOf || e.Pred == ontology.MemberOf) {
		// "APT29 almost certainly operates as part of the Russian
		// intelligence services": no claim, but the group is known to be
		// linked to the body (for merging descriptions of it)
		for _, si := range subs {
			for _, oi := range objs {
				d.link(ss.ms[si].key, ss.ms[oi].key)
			}
		}
	}
	if neg || hedge {
		return
	}
	if len(subs) == 0 && e.Pred == ontology.AttributedTo {
		// "said the attack was carried out by APT31": the actor is still blamed
		for _, oi := range objs {
			ss.stated = append(ss.stated, stated{at: t.s, pred: ontology.AttributedTo, obj: ss.ms[oi]})
		}
	}
	if len(objs) == 0 && (e.Pred == ontology.Targets || e.Pred == ontology.Exploits) {
		// "flaws that the SVR has exploited": an actor doing harm, with no
		// named object; a reporting clause still blames it
		for _, si := range subs {
			if !ss.ms[si].weak {
				ss.stated = append(ss.stated, stated{at: t.s, subj: ss.ms[si], pred: e.Pred})
			}
		}
	}
	if about < 0 && (e.Kind != kindRel || e.Pred == ontology.AttributedTo) {
		about = d.aboutEvent(ss, t, objs)
	}
	if e.Pred == ontology.Accuses && e.Kind == kindVerb && !t.passive && len(objs) > 0 {
		// "accuses the officers of the Olympic Destroyer attack"
		if k := ss.ms[objs[len(objs)-1]].e; k+1 < len(ss.toks) && ss.lw[k] == "of" {
			j := k + 1
			for j < len(ss.toks) && determinerish[ss.lw[j]] && ss.at[j] < 0 {
				j++
			}
			if m := ss.mentAt(j); m != nil && m.typ == ontology.Event {
				about = ss.at[j]
				for _, oi := range objs {
					if p2, ok := coerce(ontology.AttributedTo, ontology.Event, ss.ms[oi].typ); ok {
						d.emit(ss, *m, p2, ss.ms[oi], "", e.Conf*0.85, ss.span(t.s, t.e))
					}
				}
			}
		}
	}
	// an attribution without an explicit event is about the event under discussion
	implicitEvent := ""
	if e.Pred == ontology.Accuses && e.Kind == kindNoun && about < 0 {
		implicitEvent = d.last[ontology.Event]
	}
	conf := e.Conf
	if report {
		conf *= 0.85
	}
	if t.passive {
		conf *= 0.95
	}
	for _, si := range subs {
		for _, oi := range objs {
			sm, om := ss.ms[si], ss.ms[oi]
			aboutKey := ""
			slotGroup := ""
			if about >= 0 && ss.ms[about].typ != ontology.Event {
				// "blamed APT31 on China": the group is attributed to China;
				// "linked APT31 to China": it is affiliated with China
				slotGroup = ss.ms[about].key
				p := ontology.AttributedTo
				linkVerb := strings.HasPrefix(e.Text, "link") || strings.HasPrefix(e.Text, "tie")
				if linkVerb {
					p = ontology.AffiliatedWith
				}
				if p2, ok := coerce(p, ss.ms[about].typ, om.typ); ok {
					d.emit(ss, ss.ms[about], p2, om, "", conf*(ss.ms[about].conf+om.conf)/2, ss.span(t.s, t.e))
				}
				if linkVerb {
					continue
				}
			} else if about >= 0 {
				aboutKey = ss.ms[about].key
			} else if implicitEvent != "" {
				aboutKey = implicitEvent
			}
			_ = slotGroup
			pred, ok := coerce(e.Pred, sm.typ, om.typ)
			if e.Pred == ontology.AffiliatedWith && strings.HasPrefix(e.Text, "work") && official(sm.typ) && sm.typ != ontology.Person &&
				(om.typ == ontology.Agency || om.typ == ontology.Country) {
				pred, ok = ontology.CooperatesWith, true // "Microsoft, working with the Justice Department"
			}
			if ok && len(e.Obj) > 0 {
				ok = false
				for _, t := range e.Obj {
					if t == om.typ {
						ok = true
					}
				}
			}
			if e.Pred == ontology.Uses && (om.typ == ontology.Person) && (sm.typ == ontology.Organization || sm.typ == ontology.Agency) {
				// "a company that employed the two men": they are its staff
				if p2, ok := coerce(ontology.MemberOf, om.typ, sm.typ); ok {
					d.emit(ss, om, p2, sm, "", conf*(sm.conf+om.conf)/2, ss.span(t.s, t.e))
				}
				continue
			}
			if !ok {
				// "blame the hack on X" with the event as object: accuses about the event
				continue
			}
			c := conf * (sm.conf + om.conf) / 2
			d.emit(ss, sm, pred, om, aboutKey, c, ss.span(t.s, t.e))
			ss.stated = append(ss.stated, stated{at: t.s, subj: sm, pred: pred, obj: om})
			if pred == ontology.Uses && om.typ == ontology.AttackPattern && om.e > 0 && om.e < len(ss.toks) && ss.lw[om.e] == "to" {
				// "sent spear-phishing emails to employees of the Defense Department"
				for _, vi := range d.victims(ss, om.e+1) {
					if p2, ok := coerce(ontology.Targets, sm.typ, ss.ms[vi].typ); ok {
						d.emit(ss, sm, p2, ss.ms[vi], "", c*0.9, ss.span(t.s, t.e))
						ss.stated = append(ss.stated, stated{at: t.s, subj: sm, pred: p2, obj: ss.ms[vi]})
					}
				}
			}
			if e.Kind == kindVerb && !t.passive {
				d.lastSubject = sm.key
			}
			if e.Pred == ontology.Accuses && aboutKey != "" && (t.slotA[1] > 0 || e.Kind == kindNoun) && (aboutKey != implicitEvent || strings.HasPrefix(e.Text, "attribution")) {
				// the accused is then responsible for the event
				ev := ment{key: aboutKey, typ: ontology.Event, conf: 0.8}
				if p2, ok := coerce(ontology.AttributedTo, ontology.Event, om.typ); ok {
					d.emit(ss, ev, p2, om, "", c*0.85, ss.span(t.s, t.e))
				}
			}
		}
	}
	// an event attributed to an actor: its known victim is the actor's target
	if e.Pred == ontology.AttributedTo {
		evs, actors := subs, objs
		if e.Inverse {
			evs, actors = objs, subs
		}
		_ = evs
		for _, ei := range subs {
			_ = ei
		}
		for _, evi := range evs {
			ge := d.g.lookup(ss.ms[evi].key)
			if ge == nil || ss.ms[evi].typ != ontology.Event || ge.Target == "" {
				continue
			}
			inSentence := false
			for _, mm := range append(ss.ms, ss.inner...) {
				if mm.key == ge.Target {
					inSentence = true
				}
			}
			if !inSentence {
				continue
			}
			tm, _ := d.mentFor(ss, ge.Target)
			for _, ai := range actors {
				if p2, ok := coerce(ontology.Targets, ss.ms[ai].typ, tm.typ); ok {
					d.emit(ss, ss.ms[ai], p2, tm, "", conf*0.75, ss.span(t.s, t.e))
				}
			}
		}
	}
	// "the attacks on Norway's parliament were carried out by APT31": the
	// victims of the attack phrase are targets of the responsible actor
	if e.Pred == ontology.AttributedTo {
		side := t.s
		if e.Inverse {
			side = t.e
		}
		for _, v := range d.attackVictims(ss, side, e.Inverse) {
			for _, ai := range objs {
				if p2, ok := coerce(ontology.Targets, ss.ms[ai].typ, ss.ms[v].typ); ok {
					d.emit(ss, ss.ms[ai], p2, ss.ms[v], "", conf*0.8*(ss.ms[ai].conf+ss.ms[v].conf)/2, ss.span(t.s, t.e))
					ss.stated = append(ss.stated, stated{at: t.s, subj: ss.ms[ai], pred: p2, obj: ss.ms[v]})
				}
			}
		}
	}
	// a passive attribution with a "by" agent: "was attributed to X by Y"
	if e.Pred == ontology.AttributedTo && e.Kind == kindRel && len(objs) > 0 {
		last := ss.ms[objs[len(objs)-1]].e
		if k := ss.byAgent(last); k >= 0 {
			for _, ai := range d.coordinated(ss, k) {
				for _, oi := range objs {
					var ab string
					for _, si := range subs {
						if ss.ms[si].typ == ontology.Event {
							ab = ss.ms[si].key
						}
					}
					if p2, ok := coerce(ontology.Accuses, ss.ms[ai].typ, ss.ms[oi].typ); ok {
						d.emit(ss, ss.ms[ai], p2, ss.ms[oi], ab, conf*0.8, ss.span(t.s, t.e))
					}
				}
			}
		}
	}
}

// complement records that the gerund or noun phrase after "of" or "with"
// at i has subjects subs: "accused X of carrying out attacks", "charged X
// with ransomware attacks on Y".
func (d *doc) complement(ss *sent, i int, subs []int) {
	// past the object's own phrases ("six officers of Russia's GRU, the
	// GRU,", "Polyanin, a 28-year-old Russian national,") to the preposition
	// that introduces an act
	for p := i; p < len(ss.toks) && p < i+20; p++ {
		w := ss.lw[p]
		if stopRight[w] && w != "(" || ss.at[p] < 0 && (d.isVerbish(w) && !strings.HasSuffix(w, "ing") || d.g.lex.is("speech", w)) {
			return
		}
		if ss.at[p] >= 0 || !complPreps[w] {
			continue
		}
		act := false
		for x := p + 1; x < len(ss.toks) && x <= p+4 && ss.at[x] < 0; x++ {
			w := ss.lw[x]
			if strings.HasSuffix(w, "ing") || d.g.lex.matchCue("attack", ss.lw, x) > 0 || d.g.lex.is("activity", w) {
				act = true
				break
			}
			if ss.toks[x].kind != tkWord || stopCaps[w] && !determinerish[w] {
				break
			}
		}
		if !act {
			continue
		}
		end := p + 1
		for end < len(ss.toks) && !stopRight[ss.lw[end]] && ss.lw[end] != ";" && !(ss.lw[end] == "," && end+1 < len(ss.toks) && (ss.lw[end+1] == "and" || relativizers[ss.lw[end+1]])) {
			end++
		}
		ss.compl = [2]int{p + 1, end}
		ss.complSubs = append([]int(nil), subs...)
		return
	}
}

// complPreps introduce what someone is accused or charged of.
var complPreps = map[string]bool{"of": true, "with": true, "over": true, "for": true}

// colonList returns the items of a list that follows a colon after a
// relation's object: "sanctioned six companies that support the SVR: ERA
// Technopark, Neobit and SVA".
func (d *doc) colonList(ss *sent, t trig, objs []int) []int {
	k := t.e
	if len(objs) > 0 {
		k = ss.ms[objs[len(objs)-1]].e
	}
	for ; k+1 < len(ss.toks) && k < t.e+24; k++ {
		w := ss.lw[k]
		if w == ":" {
			if ss.at[k+1] >= 0 && !ss.mentAt(k+1).dem {
				return d.coordRight(ss, ss.at[k+1], true)
			}
			return nil
		}
		if w == "." || w == ";" || w == "\"" || ss.at[k] < 0 && d.g.lex.is("speech", w) {
			return nil
		}
	}
	return nil
}

// emit records one relation, keeping the most confident of duplicates.
func (d *doc) emit(ss *sent, sm ment, p ontology.Predicate, om ment, about string, conf float64, verb string) {
	if sm.key == om.key || sm.key == "" || om.key == "" || about == sm.key || about == om.key {
		if sm.key == om.key || sm.key == "" || om.key == "" {
			return
		}
		about = ""
	}
	if info, _ := p.Info(); info.Symmetric && sm.key > om.key {
		sm, om = om, sm
	}
	if conf > 1 {
		conf = 1
	}
	if conf < 0.05 {
		conf = 0.05
	}
	conf = float64(int(conf*100+0.5)) / 100
	d.ensure(sm)
	d.ensure(om)
	if about != "" {
		if _, ok := d.ents[about]; !ok {
			return
		}
		d.ents[about].strong = true
	}
	id := sm.key + "|" + string(p) + "|" + om.key + "|" + about + "|" + itoa(ss.start)
	if k, ok := d.relSeen[id]; ok {
		if d.rels[k].Confidence < conf {
			d.rels[k].Confidence = conf
		}
		return
	}
	if p == ontology.AffiliatedWith || p == ontology.PartOf || p == ontology.MemberOf {
		d.link(sm.key, om.key)
	}
	if p == ontology.Accuses && (sm.typ == ontology.Country || sm.typ == ontology.Agency) {
		d.lastAccuser = sm.key
	}
	d.relSeen[id] = len(d.rels)
	d.rels = append(d.rels, Relation{Subject: sm.key, Predicate: p, Object: om.key, About: about,
		Confidence: conf, Sentence: d.text[ss.start:ss.end], Start: ss.start, End: ss.end, Verb: verb})
}

// link records that group a is said (or thought) to belong to or act for
// body b.
func (d *doc) link(a, b string) {
	if d.links[a] == nil {
		d.links[a] = map[string]bool{}
	}
	d.links[a][b] = true
}

// ensure makes a mention's entity part of the result.
func (d *doc) ensure(m ment) {
	if de, ok := d.ents[m.key]; ok {
		de.strong = true
		de.capsOnly = false
	}
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b [20]byte
	i := len(b)
	for n > 0 {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
	}
	return string(b[i:])
}

// coerce checks a predicate against the types of its arguments and adapts
// it where the types say so; ok is false when the pair makes no sense.
func coerce(p ontology.Predicate, s, o ontology.EntityType) (ontology.Predicate, bool) {
	actor := func(t ontology.EntityType) bool {
		switch t {
		case ontology.Country, ontology.Agency, ontology.Organization, ontology.Person, ontology.ThreatGroup:
			return true
		}
		return false
	}
	official := func(t ontology.EntityType) bool {
		switch t {
		case ontology.Country, ontology.Agency, ontology.Organization, ontology.Person:
			return true
		}
		return false
	}
	switch p {
	case ontology.Accuses, ontology.Condemns, ontology.Sanctions:
		return p, official(s) && (actor(o) || p == ontology.Accuses && o == ontology.Malware)
	case ontology.Charges:
		return p, (s == ontology.Agency || s == ontology.Country || s == ontology.Person) &&
			(o == ontology.Person || o == ontology.ThreatGroup || o == ontology.Organization || o == ontology.Agency)
	case ontology.Denies:
		return p, actor(s) && o != ontology.Sector && o != ontology.Location
	case ontology.Investigates:
		return p, official(s) && o != ontology.Sector && o != ontology.Location
	case ontology.Targets:
		if o == ontology.Vulnerability {
			return ontology.Exploits, actor(s) || s == ontology.Malware
		}
		if s == ontology.Event || s == ontology.Sector || s == ontology.Product || s == ontology.Location {
			return p, false
		}
		switch o {
		case ontology.Country, ontology.Organization, ontology.Sector, ontology.Agency, ontology.Product,
			ontology.Location, ontology.Person:
			return p, actor(s) || s == ontology.Malware || s == ontology.Tool
		}
		return p, false
	case ontology.Exploits:
		return p, (actor(s) || s == ontology.Malware || s == ontology.Tool) && (o == ontology.Vulnerability || o == ontology.Product)
	case ontology.Uses:
		if o == ontology.Vulnerability {
			return ontology.Exploits, actor(s)
		}
		switch o {
		case ontology.Malware, ontology.Tool, ontology.AttackPattern, ontology.ThreatGroup, ontology.Person, ontology.Organization:
			return p, actor(s) && s != o || s == ontology.ThreatGroup
		}
		return p, false
	case ontology.AttributedTo:
		return p, (s == ontology.Event || s == ontology.ThreatGroup || s == ontology.Malware) && (actor(o) || o == ontology.Malware && s == ontology.Event)
	case ontology.AffiliatedWith:
		if s == ontology.Agency && (o == ontology.Country || o == ontology.Agency) {
			return ontology.PartOf, true
		}
		if s == ontology.Event {
			return ontology.AttributedTo, actor(o)
		}
		return p, (s == ontology.ThreatGroup || s == ontology.Person || s == ontology.Organization) &&
			(o == ontology.Agency || o == ontology.Country || o == ontology.ThreatGroup || o == ontology.Organization)
	case ontology.CooperatesWith:
		return p, official(s) && s != ontology.Person && official(o) && o != ontology.Person
	case ontology.MemberOf:
		if s == ontology.Agency && (o == ontology.Country || o == ontology.Agency) {
			return ontology.PartOf, true
		}
		return p, (s == ontology.Person || s == ontology.Country || s == ontology.Agency) &&
			(o == ontology.Organization || o == ontology.Agency || o == ontology.ThreatGroup && s == ontology.Person)
	case ontology.PartOf:
		if s == ontology.ThreatGroup || s == ontology.Person {
			return ontology.AffiliatedWith, o == ontology.Agency || o == ontology.Country || o == ontology.ThreatGroup
		}
		return p, (s == ontology.Agency || s == ontology.Organization) && (o == ontology.Agency || o == ontology.Country || o == ontology.Organization)
	case ontology.Nationality:
		return p, (s == ontology.Person || s == ontology.ThreatGroup) && o == ontology.Country
	case ontology.LocatedIn:
		return p, s != ontology.Location && s != ontology.Country && (o == ontology.Country || o == ontology.Location)
	}
	return p, true
}

// modality looks at the words before a trigger, back to its subject, for
// negation ("did not blame"), hedging ("may have been") and reporting
// hedges ("allegedly").
func (d *doc) modality(ss *sent, t trig, subjEnd int) (neg, hedge, report bool) {
	from := t.s - 6
	if t.p.e.Kind == kindRel {
		from = t.s - 3
	}
	if subjEnd >= 0 && subjEnd < t.s && subjEnd > from-6 {
		from = subjEnd
	}
	if from < 0 {
		from = 0
	}
	self := strings.Join(ss.lw[t.s:t.e], " ")
	for k := t.s - 1; k >= from; k-- {
		w := ss.lw[k]
		if w == ";" || w == "." || w == "," || ss.at[k] >= 0 && k < t.s-1 && subjEnd < 0 {
			break
		}
		if n := d.g.lex.matchCue("negation", ss.lw, k); n > 0 && k+n <= t.s && !strings.HasPrefix(self, strings.Join(ss.lw[k:k+n], " ")) {
			neg = true
		}
		if n := d.g.lex.matchCue("hedge", ss.lw, k); n > 0 && k+n <= t.s {
			hedge = true
		}
		if d.g.lex.matchCue("report", ss.lw, k) > 0 {
			report = true
		}
	}
	// a negated or hedged governing clause: "no evidence that X was involved",
	// "denied that it was behind", "could not confirm whether"
	if subjEnd >= 0 || t.p.e.Kind == kindRel {
		start := from
		for k := start - 1; k >= 0 && k >= start-10; k-- {
			w := ss.lw[k]
			if w == ";" || w == "." {
				break
			}
			if w != "that" && w != "whether" && w != "if" {
				continue
			}
			for j := k - 1; j >= 0 && j >= k-5; j-- {
				if d.g.lex.matchCue("negation", ss.lw, j) > 0 || d.g.lex.matchCue("hedge", ss.lw, j) > 0 {
					neg = true
				}
			}
			if w != "that" {
				hedge = true
			}
			break
		}
	}
	return neg, hedge, report
}

// subject finds the subject of a verb at token i: the nearest mention to the
// left past adverbs and auxiliaries, across relative clauses and reporting
// clauses, with its coordinated siblings.
func (d *doc) subject(ss *sent, i int) []int {
	k := i - 1
	infinitive := false
	reduced := false
	for k >= 0 {
		w := ss.lw[k]
		if m := ss.mentAt(k); m != nil {
			if m.dem {
				return nil
			}
			c := d.coordinated(ss, ss.at[k])
			if reduced {
				return c
			}
			p := ss.ms[c[0]].s - 1
			for p >= 0 && ss.at[p] < 0 && (ss.lw[p] == "the" || ss.lw[p] == "its") {
				p--
			}
			if p >= 1 && ss.at[p] < 0 && subjPreps[ss.lw[p]] && affilParticiples[ss.lw[p-1]] {
				// "Hackers linked to China exploited": the described actor before the phrase
				x := p - 2
				if x >= 1 && ss.lw[x] == "on" {
					x--
				}
				if x >= 0 && ss.at[x] >= 0 && !ss.mentAt(x).dem {
					return d.coordinated(ss, ss.at[x])
				}
			}
			if p >= 0 && ss.at[p] < 0 && subjPreps[ss.lw[p]] {
				// "Iran's mission to the United Nations rejected": the noun before the preposition
				if p > 0 && ss.at[p-1] < 0 && ss.toks[p-1].kind == tkWord && !d.isVerbish(ss.lw[p-1]) {
					return d.npHead(ss, p-1)
				}
				return nil
			}
			return c
		}
		switch {
		case skipLeft[w] || strings.HasSuffix(w, "ly") && len(w) > 4 || w == "not" || w == "n't" || w == "never" ||
			d.g.lex.is("negation", w) || d.g.lex.is("hedge", w) || d.g.lex.is("report", w) || ss.toks[k].kind == tkNumber:
			if w == "to" {
				// "continues to use": skip the control verb once
				if !infinitive && k > 0 && !d.g.lex.is("control", ss.lw[k-1]) && !determinerish[ss.lw[k-1]] {
					// a purpose clause: "exploited flaws in Accellion FTA to steal data"
					for v := k - 1; v >= 0 && v >= k-12; v-- {
						if ss.at[v] < 0 && d.isParticipleOrPast(ss.lw[v]) {
							return d.subject(ss, v)
						}
						if ss.lw[v] == "," || ss.lw[v] == ";" {
							break
						}
					}
					return nil
				}
				if infinitive || k == 0 || ss.at[k-1] >= 0 || !d.g.lex.is("control", ss.lw[k-1]) {
					return nil
				}
				infinitive = true
				k -= 2
				continue
			}
			k--
		case w == ",":
			if k > 0 && ss.at[k-1] >= 0 {
				// "That company, Hainan Xiandun Technology Development Co., was set up"
				if m := ss.mentAt(k - 1); m.s >= 2 && ss.lw[m.s-1] == "," && ss.at[m.s-2] < 0 && ss.toks[m.s-2].kind == tkWord && !m.dem {
					return []int{ss.at[k-1]}
				}
			}
			// "the NSA, CISA and the FBI, will expose": a list before the verb group
			if k > 0 && ss.at[k-1] >= 0 {
				if c := d.coordinated(ss, ss.at[k-1]); len(c) > 1 {
					p := ss.ms[c[0]].s - 1
					for p >= 0 && ss.at[p] < 0 && (ss.lw[p] == "the" || ss.lw[p] == "its") {
						p--
					}
					if p >= 0 && ss.at[p] < 0 && subjPreps[ss.lw[p]] {
						// "…, together with the authorities of A, B and C, released": not the subject
						return d.parentheticalSubject(ss, k)
					}
					return c
				}
			}
			if r := d.parentheticalSubject(ss, k); r != nil {
				return r
			}
			if k > 0 && ss.at[k-1] >= 0 && !ss.mentAt(k-1).dem && k-1 == ss.mentAt(k-1).e-1 && ss.mentAt(k-1).s == 0 {
				return []int{ss.at[k-1]}
			}
			return nil
		case relativizers[w]:
			return d.antecedent(ss, k)
		case d.g.lex.is("speech", w):
			// "nationals who prosecutors said were working": a reporting clause inside a relative clause
			j := k - 1
			for j >= 0 && j >= k-4 && ss.at[j] < 0 && !relativizers[ss.lw[j]] && ss.toks[j].kind == tkWord {
				j--
			}
			if j >= 0 && ss.at[j] >= 0 {
				j = ss.ms[ss.at[j]].s - 1
			}
			if j >= 0 && relativizers[ss.lw[j]] {
				return d.antecedent(ss, j)
			}
			return nil
		case w == "they" && k == 0:
			for j := len(d.recent) - 1; j >= 0 && j >= len(d.recent)-12; j-- {
				if de := d.ents[d.recent[j]]; de != nil && (de.Type == ontology.ThreatGroup || de.Type == ontology.Person && de.described) {
					ss.add(ment{s: k, e: k + 1, key: de.Key, typ: de.Type, method: MethodCoref, alias: w, conf: 0.6})
					return []int{ss.at[k]}
				}
			}
			return nil
		case (w == "he" || w == "she") && k+1 < len(ss.toks):
			// "… said, and he condemned": the person named last
			if key := d.personPronoun(ss, k); key != "" {
				ss.add(ment{s: k, e: k + 1, key: key, typ: ontology.Person, method: MethodCoref, alias: w, conf: 0.6})
				return []int{ss.at[k]}
			}
			return nil
		case w == "it":
			if key := d.pronoun(ss, k); key != "" {
				ss.add(ment{s: k, e: k + 1, key: key, typ: d.ents[key].Type, method: MethodCoref, alias: w, conf: 0.6})
				return []int{ss.at[k]}
			}
			return nil
		case (w == "of" || w == "with") && k > 0 && d.isParticiple(ss.lw[k-1]):
			// "nationals accused of hacking on behalf of": back to the noun phrase
			k -= 2
			reduced = true
		case w == "and" && !infinitive:
			// coordinated verb phrases: "was identified in January and was attributed to"
			return d.clauseSubject(ss, k)
		default:
			if (w == "allies" || w == "partners" || w == "countries" || w == "nations" || w == "governments") && k >= 3 && ss.lw[k-1] == "other" && (ss.lw[k-2] == "and" || ss.lw[k-2] == ",") && ss.at[k-3] >= 0 && !ss.mentAt(k-3).dem {
				// "the United States, the EU and other allies formally blamed"
				return d.coordinatedFrom(ss, ss.at[k-3], true)
			}
			if ss.toks[k].kind == tkWord && !d.isVerbish(w) {
				if r := d.npHead(ss, k); r != nil {
					return r
				}
				// "the Biden administration and its allies": the named conjunct
				for j := k - 1; j >= 0 && j >= k-3; j-- {
					if ss.at[j] >= 0 || ss.toks[j].kind == tkPunct && ss.lw[j] != "," {
						break
					}
					if ss.lw[j] == "and" && j > 0 && j+1 < k && (ss.lw[j+1] == "its" || ss.lw[j+1] == "their" || ss.lw[j+1] == "his" || ss.lw[j+1] == "her") && ss.at[j-1] >= 0 && !ss.mentAt(j-1).dem {
						return d.coordinated(ss, ss.at[j-1])
					}
				}
				return nil
			}
			return nil
		}
	}
	return nil
}

// isParticipleOrPast reports a finite lexicon verb in the past or present
// tense ("exploited", "targets").
func (d *doc) isParticipleOrPast(w string) bool {
	for _, p := range d.g.lex.triggers[w] {
		if p.e.Kind == kindVerb && (p.form == formPast || p.form == formPart || p.form == form3sg) {
			return true
		}
	}
	return false
}

// isParticiple reports whether w is the past form of a lexicon verb.
func (d *doc) isParticiple(w string) bool {
	for _, p := range d.g.lex.triggers[w] {
		if p.e.Kind == kindVerb && (p.form == formPast || p.form == formPart) {
			return true
		}
	}
	return false
}

// clauseActor finds the actor of the clause a prepositional phrase belongs
// to ("The administration made the announcement with allies"): the nearest
// mention on the left, not crossing a speech verb or the clause's start.
func (d *doc) clauseActor(ss *sent, i int) []int {
	for k := i - 1; k >= 0 && k >= i-24; k-- {
		w := ss.lw[k]
		if w == "," && k > 0 {
			// "Bitdefender, which released tools for REvil victims, took part
			// alongside": past the relative clause to what it describes
			for x := k - 1; x > 0 && x >= k-16; x-- {
				if ss.lw[x] == "," {
					break
				}
				if relativizers[ss.lw[x]] && ss.lw[x-1] == "," && ss.at[x] < 0 {
					k = x - 1
					break
				}
			}
			continue
		}
		if w == ";" || w == ":" || d.g.lex.is("speech", w) && ss.at[k] < 0 || relativizers[w] {
			return nil
		}
		if m := ss.mentAt(k); m != nil {
			if m.dem || m.typ == ontology.Event || m.typ == ontology.Sector {
				k = m.s
				continue
			}
			return d.coordinated(ss, ss.at[k])
		}
	}
	return nil
}

// impliedAgent finds who charged or sanctioned in a passive sentence without
// "by": the body announcing it (", the Justice Department announced").
func (d *doc) impliedAgent(ss *sent, t trig, p ontology.Predicate) []int {
	for k := t.e; k < len(ss.toks); k++ {
		if ss.lw[k] == "," && k+1 < len(ss.toks) {
			j := k + 1
			for j < len(ss.toks) && determinerish[ss.lw[j]] && ss.at[j] < 0 {
				j++
			}
			if m := ss.mentAt(j); m != nil && (m.typ == ontology.Agency || m.typ == ontology.Country) && m.e < len(ss.toks) && d.g.lex.is("speech", ss.lw[m.e]) {
				return []int{ss.at[j]}
			}
		}
	}
	// "were charged a year later" with no prosecutor in the sentence names
	// nobody: no claim (data/gold/README.md)
	return nil
}

// parentheticalSubject looks past a parenthetical that ends at the comma k
// ("Ratcliffe, appearing with FBI Director Wray, accused") for the subject
// before it; a name given inside it ("activities, designated as
// Ghostwriter, targeting") is the subject when the noun before is not named.
func (d *doc) parentheticalSubject(ss *sent, k int) []int {
	for j := k - 1; j >= 0 && j >= k-24; j-- {
		if ss.lw[j] == "," {
			x := j - 1
			if x >= 2 && ss.lw[x] == ")" && ss.lw[x-2] == "(" {
				x -= 3
			}
			if x >= 0 && ss.toks[x].kind == tkNumber && x >= 1 && ss.lw[x-1] == "," {
				j = x // an age: "Mason Sheppard, 19, of Bognor Regis,"
				continue
			}
			if x >= 0 && ss.at[x] >= 0 && !ss.mentAt(x).dem {
				m := ss.mentAt(x)
				if p := m.s - 1; p >= 0 && (ss.lw[p] == "of" || ss.lw[p] == "in" || ss.lw[p] == "from" || ss.lw[p] == "the" && p >= 1 && (ss.lw[p-1] == "in" || ss.lw[p-1] == "of")) {
					j = m.s // "…, of Bognor Regis, in the United Kingdom,": a place, look further back
					continue
				}
				return d.coordinated(ss, ss.at[x])
			}
			// "activities, designated as Ghostwriter,"
			for y := j + 1; y < k; y++ {
				if (ss.lw[y] == "as" || ss.lw[y] == "dubbed" || ss.lw[y] == "called" || ss.lw[y] == "named") && y+1 < k {
					if m := ss.mentAt(y + 1); m != nil && (m.typ == ontology.ThreatGroup || m.typ == ontology.Malware) {
						return []int{ss.at[y+1]}
					}
				}
			}
			return nil
		}
		if ss.lw[j] == "." || ss.lw[j] == ";" || ss.lw[j] == "\"" {
			break
		}
	}
	return nil
}

// npHead handles a subject noun phrase ending at k that is not a mention:
// "China's hacking campaigns" stands for China; anything else has no
// entity subject.
func (d *doc) npHead(ss *sent, k int) []int {
	head := ss.lw[k]
	if !d.g.lex.is("activity", head) && !d.g.lex.is("agent", head) {
		return nil
	}
	if d.g.lex.is("activity", head) && k > 0 && ss.at[k-1] < 0 {
		// "These activities target …": the group last named
		j := k - 1
		for j > 0 && ss.at[j] < 0 && !determinerish[ss.lw[j]] && ss.toks[j].kind == tkWord && !d.isVerbish(ss.lw[j]) && k-j < 4 {
			j--
		}
		if w := ss.lw[j]; (w == "these" || w == "this" || w == "such" || w == "those") && ss.at[j] < 0 {
			if g := d.last[ontology.ThreatGroup]; g != "" {
				ss.add(ment{s: k, e: k + 1, key: g, typ: ontology.ThreatGroup, method: MethodCoref, alias: ss.span(j, k+1), conf: 0.55})
				return []int{ss.at[k]}
			}
		}
	}
	for j := k - 1; j >= 0 && j >= k-4; j-- {
		if ss.lw[j] == "'s" && j > 0 && ss.at[j-1] >= 0 {
			m := ss.ms[ss.at[j-1]]
			if m.typ == ontology.Country || m.typ == ontology.Agency || m.typ == ontology.ThreatGroup {
				return []int{ss.at[j-1]}
			}
			return nil
		}
		if ss.at[j] >= 0 || ss.toks[j].kind == tkPunct || d.isVerbish(ss.lw[j]) {
			return nil
		}
	}
	return nil
}

// clauseSubject returns the subject of the clause that a coordinated verb
// phrase continues: the first mention of the sentence when the sentence
// starts with it.
func (d *doc) clauseSubject(ss *sent, k int) []int {
	for j := k - 1; j >= 0 && j >= k-15; j-- {
		if ss.at[j] >= 0 {
			m := ss.mentAt(j)
			p := m.s - 1
			for p >= 0 && ss.at[p] < 0 && determinerish[ss.lw[p]] {
				p--
			}
			if !m.dem && m.e < k && ss.at[m.e] < 0 && ss.toks[m.e].kind == tkWord && !objectPreps[ss.lw[m.e]] && ss.lw[m.e] != "and" && ss.lw[m.e] != "of" &&
				(p < 0 || ss.at[p] < 0 && (d.g.lex.is("speech", ss.lw[p]) || ss.lw[p] == "that")) {
				// "Prosecutors said the pair spent ten years breaking into": the
				// reported clause's subject
				return d.coordinated(ss, ss.at[j])
			}
			j = m.s // an object of the earlier verb phrase
			continue
		}
		if ss.lw[j] == "," && j+1 < k && ss.lw[j+1] != "and" {
			break
		}
		if d.isVerbish(ss.lw[j]) && !auxWords[ss.lw[j]] || strings.HasSuffix(ss.lw[j], "ed") && len(ss.lw[j]) > 4 || relVerbs[ss.lw[j]] {
			if r := d.subject(ss, j); r != nil {
				return r
			}
			break
		}
	}
	for j := 0; j < k && j < 4; j++ {
		if ss.at[j] >= 0 {
			return d.coordinated(ss, ss.at[j])
		}
		if !determinerish[ss.lw[j]] && !quantWords[ss.lw[j]] {
			return nil
		}
	}
	return nil
}

// appositionSubject: "APT40, a group linked to the MSS": the mention before
// the comma that opens the noun phrase.
func (d *doc) appositionSubject(ss *sent, comma int) []int {
	if comma > 0 && ss.at[comma-1] >= 0 {
		return []int{ss.at[comma-1]}
	}
	return nil
}

// antecedent returns the mention a relative pronoun at k refers to.
func (d *doc) antecedent(ss *sent, k int) []int {
	j := k - 1
	if j >= 0 && ss.lw[j] == "," {
		j--
	}
	if j >= 0 && ss.at[j] >= 0 {
		return d.coordinated(ss, ss.at[j])
	}
	// "six companies in Russia's technology sector that": the head before a
	// prepositional phrase; "Chatex, a cryptocurrency exchange that": the
	// name the apposition describes
	for x := j; x >= 0 && x >= j-9; x-- {
		w := ss.lw[x]
		if m := ss.mentAt(x); m != nil {
			p := m.s - 1
			for p >= 0 && ss.at[p] < 0 && determinerish[ss.lw[p]] {
				p--
			}
			if p >= 0 && ss.at[p] < 0 && (w == "'s" || antecedentPreps[ss.lw[p]]) {
				x = p
				continue // inside a prepositional phrase: look further left
			}
			if m.dem || m.e < len(ss.toks) && ss.lw[m.e] == "'s" || m.e <= j && ss.toks[m.e].kind == tkWord && !isCap(ss.word(m.e)) && ss.lw[m.e] != "and" && ss.lw[m.e] != "or" && !antecedentPreps[ss.lw[m.e]] && !objectPreps[ss.lw[m.e]] && !relativizers[ss.lw[m.e]] {
				x = m.s // a possessor or a modifier ("a cryptocurrency exchange")
				continue
			}
			return d.coordinated(ss, ss.at[x])
		}
		if w == "," {
			if x > 0 && ss.at[x-1] >= 0 && !ss.mentAt(x-1).dem && x+1 <= j && (ss.lw[x+1] == "a" || ss.lw[x+1] == "an" || ss.lw[x+1] == "the") {
				return []int{ss.at[x-1]}
			}
			return nil
		}
		if beForms[w] && x > 0 && ss.at[x-1] >= 0 && !ss.mentAt(x-1).dem && x < j {
			// "Nobelium is the same Russian actor that was behind": the
			// predicate noun names the subject
			return []int{ss.at[x-1]}
		}
		if ss.toks[x].kind == tkPunct || relativizers[w] || d.isVerbish(w) || d.g.lex.is("speech", w) || objectPreps[w] && !antecedentPreps[w] {
			return nil
		}
	}
	return nil
}

// antecedentPreps open a prepositional phrase inside a noun phrase.
var antecedentPreps = map[string]bool{"in": true, "of": true, "from": true, "at": true, "across": true, "inside": true}

// personPronoun resolves "he"/"she" to the last person named in the
// sentence before k, else in the document.
func (d *doc) personPronoun(ss *sent, k int) string {
	for j := k - 1; j >= 0; j-- {
		if m := ss.mentAt(j); m != nil && m.typ == ontology.Person && m.method != MethodDescribed {
			return m.key
		}
	}
	if p := d.last[ontology.Person]; p != "" {
		if de := d.ents[p]; de != nil && !de.described {
			return p
		}
	}
	return ""
}

// pronoun resolves "it"/"they" to the most recent actor named before.
func (d *doc) pronoun(ss *sent, k int) string { return d.pronounExcept(ss, k, "") }

// pronounExcept resolves "it" at k to an actor other than not.
func (d *doc) pronounExcept(ss *sent, k int, not string) string {
	if k > 0 && relativizers[ss.lw[k-1]] && ss.at[k-1] < 0 {
		// "Chatex, an exchange that it said …": "it" is not the exchange
		if a := d.antecedent(ss, k-1); len(a) == 1 {
			not = ss.ms[a[0]].key
		}
	}
	if k > 0 && d.g.lex.is("speech", ss.lw[k-1]) && ss.at[k-1] < 0 {
		// "CISA said it was working with …": the speaker
		if subs := d.subject(ss, k-1); len(subs) == 1 {
			return ss.ms[subs[0]].key
		}
	}
	if k == 0 && d.lastSubject != "" {
		if de := d.ents[d.lastSubject]; de != nil && de.Type != ontology.Person {
			return d.lastSubject
		}
	}
	for j := k - 1; j >= 0; j-- {
		if m := ss.mentAt(j); m != nil && !m.dem && !m.weak && m.key != not {
			switch m.typ {
			case ontology.Country, ontology.Agency, ontology.Organization, ontology.ThreatGroup:
				return m.key
			}
		}
	}
	for j := len(d.recent) - 1; j >= 0 && j >= len(d.recent)-6; j-- {
		if de := d.ents[d.recent[j]]; de != nil {
			switch de.Type {
			case ontology.Country, ontology.Agency, ontology.Organization, ontology.ThreatGroup:
				return de.Key
			}
		}
	}
	return ""
}

// coordinated returns mention k with the mentions coordinated with it on
// the left: "the NSA, CISA and the FBI".
func (d *doc) coordinated(ss *sent, k int) []int { return d.coordinatedFrom(ss, k, false) }

// coordinatedFrom is coordinated for a mention that may already stand
// before the list's "and" ("A, B and other allies": B).
func (d *doc) coordinatedFrom(ss *sent, k int, sawAnd bool) []int {
	out := []int{k}
	s := ss.ms[k].s
	for {
		j := s - 1
		// "Canada's Communications Security Establishment": the possessor belongs to the phrase
		if j >= 1 && ss.lw[j] == "'s" && ss.at[j-1] >= 0 {
			j = ss.ms[ss.at[j-1]].s - 1
		}
		for j >= 0 && (ss.lw[j] == "the" || ss.lw[j] == "its") && ss.at[j] < 0 {
			j--
		}
		if j < 1 || !(ss.lw[j] == "and" || ss.lw[j] == "," || ss.lw[j] == "or") || ss.at[j] >= 0 {
			break
		}
		if ss.lw[j] == "," && j >= 2 && ss.toks[j-1].kind == tkNumber && ss.lw[j-2] == "," {
			j -= 2 // ages: "Kazemi, 24, and Kashian"
		}
		if ss.lw[j] == "," && !sawAnd {
			break
		}
		if ss.lw[j] == "and" || ss.lw[j] == "or" {
			sawAnd = true
		}
		if ss.lw[j] == "and" && ss.lw[j-1] == "," {
			j--
		}
		j--
		for j >= 0 && (ss.lw[j] == "the" || ss.lw[j] == "its") && ss.at[j] < 0 {
			j--
		}
		if j >= 2 && ss.lw[j] == ")" && ss.lw[j-2] == "(" && ss.at[j-1] >= 0 {
			j-- // "(UNC2717) and APT5"
		}
		if j < 0 || ss.at[j] < 0 || ss.ms[ss.at[j]].dem {
			break
		}
		out = append([]int{ss.at[j]}, out...)
		s = ss.ms[ss.at[j]].s
	}
	return out
}

// relSubject finds the noun phrase a relational phrase attaches to.
func (d *doc) relSubject(ss *sent, i int) []int {
	k := i - 1
	if k > 0 && ss.at[k] < 0 && (ss.lw[k] == "a" || ss.lw[k] == "an") && ss.lw[k-1] == "as" {
		k-- // "served as a front for"
	}
	for k >= 0 && (skipLeft[ss.lw[k]] || beForms[ss.lw[k]] || strings.HasSuffix(ss.lw[k], "ly") && len(ss.lw[k]) > 4 || relativizers[ss.lw[k]]) && ss.at[k] < 0 {
		if relativizers[ss.lw[k]] {
			return d.antecedent(ss, k)
		}
		k--
	}
	if k < 0 {
		return nil
	}
	if ss.lw[k] == "as" && k > 0 && ss.at[k-1] < 0 && ss.toks[k-1].kind == tkWord {
		// "APT29 operates as part of", "served as a front for"
		return d.subject(ss, k-1)
	}
	if relVerbs[ss.lw[k]] && ss.at[k] < 0 {
		// "UNC2630 operates on behalf of"
		return d.subject(ss, k)
	}
	if ss.lw[k] == "and" && ss.at[k] < 0 {
		if a := ss.describedAs(k); a >= 0 {
			return []int{a}
		}
		// "… and has ties to APT5": the subject of the first verb phrase
		return d.clauseSubject(ss, k)
	}
	if ss.at[k] >= 0 {
		m := ss.mentAt(k)
		if m.dem {
			return nil
		}
		if (m.typ == ontology.Country || m.typ == ontology.Location) && m.s > 0 && (ss.lw[m.s-1] == "in" || ss.lw[m.s-1] == "of" || ss.lw[m.s-1] == "from" || ss.lw[m.s-1] == "across") {
			// "the compromise of Exchange servers in New Zealand earlier this
			// year was conducted by": the place modifies the event
			if a := d.antecedent(ss, m.s); len(a) == 1 && ss.ms[a[0]].typ == ontology.Event {
				return a
			}
		}
		return d.coordinated(ss, ss.at[k])
	}
	if ss.lw[k] == "it" {
		if key := d.pronoun(ss, k); key != "" {
			ss.add(ment{s: k, e: k + 1, key: key, typ: d.ents[key].Type, method: MethodCoref, alias: "it", conf: 0.6})
			return []int{ss.at[k]}
		}
		return nil
	}
	if ss.lw[k] == "," && k >= 2 && ss.toks[k-1].kind == tkNumber && ss.lw[k-2] == "," && k >= 3 && ss.at[k-3] >= 0 {
		return d.coordinated(ss, ss.at[k-3]) // "Sajjad Kashian, 27, worked for"
	}
	if ss.lw[k] == "," {
		if k > 0 && ss.at[k-1] >= 0 {
			return d.subject(ss, i)
		}
		if k+1 < len(ss.toks) && strings.HasSuffix(ss.lw[k+1], "ing") {
			// ", working with the Justice Department": the clause's subject
			return d.clauseSubject(ss, k)
		}
		return nil
	}
	// "APT40, a group linked to": apposition
	for j := k; j >= 0 && j >= k-5; j-- {
		if m := ss.mentAt(j); m != nil && (m.dem || m.typ == ontology.Sector) && m.e <= k && ss.toks[m.e].kind == tkWord {
			j = m.s // a modifier: "a cryptocurrency exchange"
			continue
		}
		if ss.at[j] >= 0 || d.isVerbish(ss.lw[j]) {
			break
		}
		if ss.lw[j] == "," && j > 0 && j+1 < len(ss.toks) && (ss.lw[j+1] == "a" || ss.lw[j+1] == "an" || ss.lw[j+1] == "the" || roleNouns[ss.lw[j+1]] || lowerTitles[ss.lw[j+1]] || ss.lw[j+1] == "acting" || ss.lw[j+1] == "assistant" || ss.lw[j+1] == "senior" || ss.lw[j+1] == "former") {
			x := j - 1
			if ss.lw[x] == ")" && x >= 2 && ss.lw[x-2] == "(" {
				x -= 2
			}
			if x > 0 && ss.lw[x] == "(" {
				x--
			}
			if ss.at[x] >= 0 {
				return []int{ss.at[x]}
			}
		}
	}
	// "were working with", "hacking on behalf of": the clause subject
	if d.isVerbish(ss.lw[k]) || d.g.lex.is("speech", ss.lw[k]) {
		if ps := d.g.lex.triggers[ss.lw[k]]; len(ps) > 0 && ps[0].form == formGerund {
			return d.subject(ss, k)
		}
		return d.subject(ss, k+1)
	}
	// "the compromise of Exchange servers in New Zealand earlier this year
	// was conducted by": the event before its modifiers
	if ss.toks[k].kind == tkWord && k+1 < len(ss.toks) {
		if a := d.antecedent(ss, k+1); len(a) == 1 && ss.ms[a[0]].typ == ontology.Event {
			return a
		}
	}
	return nil
}

// nounAgent finds the agent of a nominalization: a possessive ("the
// government's attribution to"), a mention right before it ("the U.S.
// attribution"), or the subject of a light verb ("announced charges
// against").
func (d *doc) nounAgent(ss *sent, i int) []int {
	k := i - 1
	if k >= 0 && (ss.lw[k] == "its" || ss.lw[k] == "their" || ss.lw[k] == "the" && ss.lw[i] != "attribution") && ss.at[k] < 0 && d.g.lex.triggers[ss.lw[i]] != nil && strings.HasPrefix(ss.lw[i], "targets") || k >= 0 && (ss.lw[k] == "its" || ss.lw[k] == "their") && ss.at[k] < 0 {
		// "Its targets included …", "their victims included": the actor last named
		for j := len(d.recent) - 1; j >= 0 && j >= len(d.recent)-16; j-- {
			if de := d.ents[d.recent[j]]; de != nil && (de.Type == ontology.ThreatGroup || de.Type == ontology.Person && de.described) {
				ss.add(ment{s: k, e: k + 1, key: de.Key, typ: de.Type, method: MethodCoref, alias: ss.lw[k], conf: 0.6})
				return []int{ss.at[k]}
			}
		}
		return nil
	}
	if k < 0 && (ss.lw[i] == "victims" || ss.lw[i] == "targets") {
		// "Victims include …" opening a sentence: the actor last named
		for j := len(d.recent) - 1; j >= 0 && j >= len(d.recent)-16; j-- {
			if de := d.ents[d.recent[j]]; de != nil && (de.Type == ontology.ThreatGroup || de.Type == ontology.Person && de.described) {
				ss.ms = append(ss.ms, ment{key: de.Key, typ: de.Type, method: MethodCoref, conf: 0.6}) // synthetic: no tokens
				return []int{len(ss.ms) - 1}
			}
		}
		return nil
	}
	for n := 0; k >= 0 && n < 4 && ss.at[k] < 0; n++ {
		w := ss.lw[k]
		if w == "'s" {
			if k > 0 && ss.at[k-1] >= 0 {
				return []int{ss.at[k-1]}
			}
			return nil
		}
		if lightVerbs[w] || d.isVerbish(w) || d.g.lex.is("speech", w) {
			return d.subject(ss, k)
		}
		if ss.toks[k].kind == tkPunct || w == "of" || w == "for" || w == "in" || w == "on" || w == "by" || w == "amid" || w == "over" {
			return nil
		}
		k--
	}
	if k >= 0 && ss.at[k] >= 0 && !ss.mentAt(k).dem {
		return []int{ss.at[k]}
	}
	if k >= 0 && ss.at[k] >= 0 && ss.mentAt(k).dem {
		return []int{ss.at[k]}
	}
	return nil
}

// objects finds the object mentions after token i: the first mention within
// the clause, its possessive head, and the mentions coordinated with it.
func (d *doc) objects(ss *sent, i int, list bool) []int {
	if i < len(ss.toks) && (ss.lw[i] == "him" || ss.lw[i] == "her") && ss.at[i] < 0 {
		// "indicted him": the person last named
		if p := d.last[ontology.Person]; p != "" {
			if de := d.ents[p]; de != nil {
				ss.add(ment{s: i, e: i + 1, key: p, typ: ontology.Person, method: MethodCoref, alias: ss.lw[i], conf: 0.6})
				return d.coordRight(ss, ss.at[i], list)
			}
		}
	}
	limit := i + 12
	if list {
		limit = i + 16
	}
	for k := i; k < len(ss.toks) && k < limit; k++ {
		w := ss.lw[k]
		if stopRight[w] || d.g.lex.is("speech", w) && ss.at[k] < 0 {
			return nil
		}
		if k > i && ss.at[k] < 0 && d.startsTrigger(ss, k) && !strings.HasSuffix(w, "ing") {
			return nil
		}
		if (w == "known" || w == "tracked" || w == "designated") && k+1 < len(ss.toks) && ss.lw[k+1] == "as" && ss.at[k] < 0 {
			k++ // "the hacker groups known as APT40 and APT31"
			continue
		}
		if w == "by" && k > i && ss.at[k] < 0 && (d.g.lex.is("activity", ss.lw[k-1]) || k > i+1 && d.g.lex.is("activity", ss.lw[k-2])) {
			continue // "condemn the activities undertaken by Ghostwriter": the actor
		}
		if !list && ss.at[k] < 0 && objectPreps[w] && !(victimNouns[ss.lw[k-1]] && (w == "in" || w == "across" || w == "at" || w == "around" || w == "throughout")) &&
			!(k > i && roleNounsIn[ss.lw[k-1]] && (w == "in" || w == "for" || w == "with" || w == "to")) {
			return nil
		}
		m := ss.mentAt(k)
		if m == nil && w == "and" && !list && k+1 < len(ss.toks) && ss.at[k+1] < 0 && ss.toks[k+1].kind == tkWord &&
			!determinerish[ss.lw[k+1]] && !isCap(ss.word(k+1)) && !quantWords[ss.lw[k+1]] {
			if r := d.activityObject(ss, i, k); r != nil {
				return r // "denounce these activities and urge …"
			}
		}
		if m == nil {
			if w == "," && !list && k > i && k+1 < len(ss.toks) && (ss.lw[k+1] == "who" || ss.lw[k+1] == "which" || ss.lw[k+1] == "and" || ss.lw[k+1] == "but") {
				return nil
			}
			continue
		}
		// "Treasury Sanctions Tehran Firm": a place naming the real object
		if (m.typ == ontology.Country || m.typ == ontology.Location) && m.e < len(ss.toks) && ss.at[m.e] < 0 &&
			(d.g.lex.is("orghead", ss.lw[m.e]) || ss.lw[m.e] == "firm" || ss.lw[m.e] == "company" || d.g.lex.is("actor", ss.lw[m.e])) {
			k = m.e - 1
			continue
		}
		idx := ss.at[k]
		if m.e < len(ss.toks) && ss.at[m.e] < 0 && clientNouns[ss.lw[m.e]] {
			k = m.e // "decryption tools for REvil victims": not REvil
			continue
		}
		if m.dem {
			// "Chinese aggression": the country, when an activity follows
			if m.e < len(ss.toks) && (d.g.lex.is("activity", ss.lw[m.e]) || d.g.lex.is("government", ss.lw[m.e]) || d.g.lex.is("claim", ss.lw[m.e])) {
				return []int{idx}
			}
			// "the American and British allegations"
			if m.e+1 < len(ss.toks) && (ss.lw[m.e] == "and" || ss.lw[m.e] == "or") {
				if m2 := ss.mentAt(m.e + 1); m2 != nil && m2.dem && m2.e < len(ss.toks) && d.g.lex.is("claim", ss.lw[m2.e]) {
					return []int{idx, ss.at[m.e+1]}
				}
			}
			k = m.e - 1
			continue
		}
		// possessive: "China's Ministry of State Security" → the ministry
		if m.e+1 < len(ss.toks) && ss.lw[m.e] == "'s" {
			for x := m.e + 1; x < len(ss.toks) && x <= m.e+3; x++ {
				if ss.at[x] >= 0 {
					if !ss.mentAt(x).dem {
						idx = ss.at[x]
					}
					break
				}
				if stopRight[ss.lw[x]] || ss.lw[x] == "," || objectPreps[ss.lw[x]] || ss.lw[x] == "of" || d.g.lex.is("activity", ss.lw[x]) || d.g.lex.is("agent", ss.lw[x]) {
					break
				}
			}
		}
		return d.coordRight(ss, idx, list)
	}
	return nil
}

// activityObject: an object clause ending at k with no named entity, whose
// head is "these activities" or "such attacks", stands for the group last
// named.
func (d *doc) activityObject(ss *sent, i, k int) []int {
	for j := i; j < k; j++ {
		if ss.at[j] < 0 && (ss.lw[j] == "these" || ss.lw[j] == "such" || ss.lw[j] == "those") {
			for h := j + 1; h < k && h < j+5; h++ {
				if d.g.lex.is("activity", ss.lw[h]) || d.g.lex.is("attack", ss.lw[h]) {
					if g := d.last[ontology.ThreatGroup]; g != "" && ss.at[h] < 0 {
						ss.add(ment{s: h, e: h + 1, key: g, typ: ontology.ThreatGroup, method: MethodCoref, alias: ss.span(j, h+1), conf: 0.55})
						return []int{ss.at[h]}
					}
				}
			}
		}
	}
	return nil
}

// coordRight returns mention k and those coordinated after it.
func (d *doc) coordRight(ss *sent, k int, list bool) []int {
	out := []int{k}
	e := ss.ms[k].e
	sawAnd, sawComma := false, false
	defer func() {}()
	for e < len(ss.toks) {
		j := e
		if ss.lw[j] == "'s" {
			break
		}
		if !(ss.lw[j] == "," || ss.lw[j] == "and" || ss.lw[j] == "or" || ss.lw[j] == "as" && j+2 < len(ss.toks) && ss.lw[j+1] == "well" && ss.lw[j+2] == "as") || ss.at[j] >= 0 {
			break
		}
		if ss.lw[j] == "as" {
			j += 2
			sawAnd = true
		}
		if ss.lw[j] == "," && j+3 < len(ss.toks) && ss.lw[j+1] == "as" && ss.lw[j+2] == "well" && ss.lw[j+3] == "as" {
			j += 3 // ", as well as Chatex"
			sawAnd = true
		}
		if ss.lw[j] == "," && j+2 < len(ss.toks) && ss.lw[j+2] == "with" && (ss.lw[j+1] == "along" || ss.lw[j+1] == "together") {
			j += 2 // ", along with Eurojust"
			sawAnd = true
		}
		// ", 34, and Dong Jiazhi, 33": ages after names
		if ss.lw[j] == "," && j+2 < len(ss.toks) && ss.toks[j+1].kind == tkNumber && ss.lw[j+2] == "," {
			j += 2
		}
		if ss.lw[j] == "," && sawAnd && list && j+1 < len(ss.toks) && ss.lw[j+1] != "including" && ss.lw[j+1] != "among" && ss.lw[j+1] != "as" && ss.lw[j+1] != "along" {
			break // "with A, B and C, the Treasury …": the list ended at "and"
		}
		if ss.lw[j] == "," && j+1 < len(ss.toks) && (ss.lw[j+1] == "including" || ss.lw[j+1] == "among" && j+2 < len(ss.toks) && ss.lw[j+2] == "them") {
			// "six companies, among them Positive Technologies"
			j++
			if ss.lw[j] == "among" {
				j++
			}
			sawAnd = true
		} else if ss.lw[j] == "," {
			sawComma = true
		} else {
			sawAnd = true
		}
		j++
		if j < len(ss.toks) && (ss.lw[j] == "and" || ss.lw[j] == "or") {
			sawAnd = true
			j++
		}
		if j < len(ss.toks) && ss.at[j] < 0 && (ss.lw[j] == "on" || ss.lw[j] == "against" || ss.lw[j] == "to") && sawAnd {
			j++ // "on X, and on Dmitry Badin"
		}
		for j < len(ss.toks) && (ss.lw[j] == "the" || ss.lw[j] == "its" || ss.lw[j] == "other") && ss.at[j] < 0 {
			j++
		}
		if j >= len(ss.toks) || ss.at[j] < 0 {
			break
		}
		m := ss.ms[ss.at[j]]
		if m.dem {
			break
		}
		if m.e+1 < len(ss.toks) && ss.lw[m.e] == "'s" && ss.at[m.e+1] >= 0 && !ss.mentAt(m.e+1).dem {
			// "the UK's NCSC": the body, not its country
			j = m.e + 1
			m = ss.ms[ss.at[j]]
		} else if m.typ == ontology.Country && m.e < len(ss.toks) && ss.at[m.e] >= 0 {
			// "the US National Security Agency": the body
			if bm := ss.mentAt(m.e); (bm.typ == ontology.Agency || bm.typ == ontology.Organization) && !bm.dem {
				j = m.e
				m = ss.ms[ss.at[j]]
			}
		}
		out = append(out, ss.at[j])
		e = m.e
	}
	if sawComma && !sawAnd && !list {
		return out[:1]
	}
	// "on Emennet Pasargad and on six people, including Kazemi and Kashian"
	for j := e; j < len(ss.toks) && j < e+8; j++ {
		if ss.at[j] >= 0 || stopRight[ss.lw[j]] {
			break
		}
		if ss.lw[j] == "including" && j+1 < len(ss.toks) && ss.at[j+1] >= 0 && !ss.mentAt(j+1).dem {
			out = append(out, d.coordRight(ss, ss.at[j+1], list)...)
			break
		}
	}
	return out
}

// byAgent returns the mention introduced by "by" at or shortly after i.
func (ss *sent) byAgent(i int) int {
	for k := i; k < len(ss.toks) && k < i+8; k++ {
		if stopRight[ss.lw[k]] {
			return -1
		}
		if ss.lw[k] == "by" && ss.at[k] < 0 && k > i && byParticiples[ss.lw[k-1]] {
			return -1 // "actors sponsored by the Chinese state": not an agent of the verb
		}
		if ss.lw[k] == "by" && ss.at[k] < 0 {
			for j := k + 1; j < len(ss.toks) && j <= k+7; j++ {
				if ss.at[j] >= 0 {
					if ss.mentAt(j).dem {
						j = ss.mentAt(j).e - 1
						continue
					}
					return ss.at[j]
				}
				if stopRight[ss.lw[j]] || ss.lw[j] == "," || ss.lw[j] == "and" {
					return -1
				}
			}
			return -1
		}
	}
	return -1
}

// byParticiples take a "by" phrase of their own inside a noun phrase.
var byParticiples = map[string]bool{"sponsored": true, "backed": true, "directed": true, "controlled": true,
	"employed": true, "operated": true, "contracted": true, "run": true, "funded": true, "supported": true,
	"owned": true, "used": true, "tracked": true, "called": true, "named": true, "dubbed": true}

// aboutEvent finds the event a claim is about: "for the hack of ...",
// "over the SolarWinds compromise", or an event named as the object.
func (d *doc) aboutEvent(ss *sent, t trig, objs []int) int {
	start := t.e
	if len(objs) > 0 {
		start = ss.ms[objs[len(objs)-1]].e
	}
	for k := start; k < len(ss.toks) && k < start+14; k++ {
		w := ss.lw[k]
		if stopRight[w] || d.g.lex.is("speech", w) && ss.at[k] < 0 {
			return -1
		}
		if aboutPreps[w] || w == "connection" || w == "responsible" || w == "related" {
			for j := k + 1; j < len(ss.toks) && j <= k+4; j++ {
				if m := ss.mentAt(j); m != nil {
					if m.typ == ontology.Event {
						return ss.at[j]
					}
					if ev := d.eventFor(m.key); ev != "" && (w == "behind" || w == "for" || w == "over") && (m.typ == ontology.Organization || m.typ == ontology.Product) {
						// "the hand behind SolarWinds": the SolarWinds compromise
						ss.inner = append(ss.inner, *m)
						mm := *m
						mm.key, mm.typ, mm.method, mm.alias = ev, ontology.Event, MethodDescribed, "target named as the event"
						ss.ms[ss.at[j]] = mm
						d.entity(ev, "", ontology.Event, ss.toks[mm.s].start).addAlias(ss.span(mm.s, mm.e))
						return ss.at[j]
					}
					break
				}
			}
		}
	}
	return -1
}

// objectPreps end the search for a direct object: "hacking on behalf of X"
// has no object.
var objectPreps = map[string]bool{"on": true, "in": true, "at": true, "for": true, "from": true, "by": true,
	"with": true, "to": true, "during": true, "since": true, "over": true, "behind": true, "through": true,
	"via": true, "into": true, "under": true, "about": true, "after": true, "across": true, "around": true,
	"throughout": true, "as": true, "like": true, "against": true, "amid": true}

// victimNouns may be followed by where the victims are: "companies in the
// United States".
var victimNouns = map[string]bool{"companies": true, "organizations": true, "organisations": true,
	"networks": true, "entities": true, "systems": true, "agencies": true, "targets": true, "victims": true,
	"institutions": true, "firms": true, "businesses": true, "governments": true, "officials": true,
	"universities": true, "computers": true, "servers": true, "infrastructure": true, "groups": true,
	"countries": true, "ministries": true, "parliaments": true, "dozens": true, "hundreds": true, "thousands": true}

// startsTrigger reports whether a lexicon phrase of another relation begins at k.
func (d *doc) startsTrigger(ss *sent, k int) bool {
	for _, p := range d.g.lex.triggers[ss.lw[k]] {
		if p.e.Kind == kindVerb && (p.form == formBase || p.form == formGerund) && k > 0 && determinerish[ss.lw[k-1]] {
			continue
		}
		if t, ok := ss.matchTrig(p, k); ok && (p.e.Kind != kindVerb || p.form != formBase) {
			if p.e.Kind == kindRel && !ss.mentionNear(t.e, 3) {
				continue // "members of parliament": a plain noun phrase
			}
			return true
		}
	}
	return false
}

// mentionNear reports a mention starting within n tokens after i, past
// determiners.
func (ss *sent) mentionNear(i, n int) bool {
	for k := i; k < len(ss.toks) && k < i+n; k++ {
		if ss.at[k] >= 0 {
			return true
		}
		if !determinerish[ss.lw[k]] {
			return false
		}
	}
	return false
}

// official reports governments, bodies, companies and people, who accuse,
// sanction and cooperate.
func official(t ontology.EntityType) bool {
	switch t {
	case ontology.Country, ontology.Agency, ontology.Organization, ontology.Person:
		return true
	}
	return false
}

// subjPreps attach a noun phrase to the noun before it, so that a mention
// after one is not a clause's subject.
var subjPreps = map[string]bool{"to": true, "of": true, "in": true, "at": true, "for": true, "from": true,
	"on": true, "with": true, "under": true, "across": true, "inside": true, "within": true, "near": true,
	"into": true, "against": true, "by": true, "among": true, "between": true}

// attackVictims finds "attack(s) on/against/of X" next to a phrase: before
// it (the subject side) or after it (the object side), and returns the
// victims named.
func (d *doc) attackVictims(ss *sent, at int, after bool) []int {
	lo, hi := at-10, at
	if after {
		lo, hi = at, at+10
	}
	if lo < 0 {
		lo = 0
	}
	if hi > len(ss.toks) {
		hi = len(ss.toks)
	}
	for k := lo; k < hi; k++ {
		if ev := ss.mentAt(k); ev != nil && ev.typ == ontology.Event && ev.s == k && d.g.lex.matchCue("attack", ss.lw, k) > 0 {
			// "the attack on Colonial Pipeline" as one event mention: its
			// victim was recorded inside it
			if v := ss.innerVictims(ev.s, ev.e); len(v) > 0 {
				return v
			}
		}
		if ss.at[k] >= 0 {
			continue
		}
		n := d.g.lex.matchCue("attack", ss.lw, k)
		if n == 0 || k+n >= len(ss.toks) {
			continue
		}
		p := ss.lw[k+n]
		if p != "on" && p != "against" && p != "of" && p != "targeting" {
			continue
		}
		j := k + n + 1
		for j < len(ss.toks) && (determinerish[ss.lw[j]] || ss.lw[j] == "'s") && ss.at[j] < 0 {
			j++
		}
		m := ss.mentAt(j)
		if m == nil || m.dem || m.typ == ontology.Event {
			continue
		}
		// "Norway's parliament": the possessor when the head is not named
		return d.coordRight(ss, ss.at[j], false)
	}
	return nil
}

// describedAs finds the name an apposition describes when a phrase at k
// continues the description: "HAFNIUM, a group it described as
// state-sponsored and operating out of China".
func (ss *sent) describedAs(k int) int {
	for j := k - 1; j >= 3 && j >= k-10; j-- {
		if ss.at[j] >= 0 || ss.toks[j].kind == tkPunct {
			return -1
		}
		if ss.lw[j] != "described" && ss.lw[j] != "describes" && ss.lw[j] != "calls" && ss.lw[j] != "called" {
			continue
		}
		x := j - 1
		if ss.lw[x] == "it" || ss.lw[x] == "they" || ss.lw[x] == "which" || ss.lw[x] == "that" {
			x--
		}
		for x > 0 && ss.at[x] < 0 && ss.toks[x].kind == tkWord && !determinerish[ss.lw[x]] {
			x--
		}
		if x >= 2 && (ss.lw[x] == "a" || ss.lw[x] == "an" || ss.lw[x] == "the") && ss.lw[x-1] == "," && ss.at[x-2] >= 0 && !ss.mentAt(x-2).dem {
			return ss.at[x-2]
		}
		return -1
	}
	return -1
}

// subRefs copies the mentions at indices xs, for refind.
func subRefs(ss *sent, xs []int) []ment {
	out := make([]ment, len(xs))
	for i, x := range xs {
		out[i] = ss.ms[x]
	}
	return out
}

// refind returns the current indices of mentions copied earlier: adding
// mentions shifts the indices of those after them.
func (ss *sent) refind(refs []ment) []int {
	var out []int
	for _, r := range refs {
		for k := range ss.ms {
			if m := ss.ms[k]; m.key == r.key && m.s == r.s && m.e == r.e {
				out = append(out, k)
				break
			}
		}
	}
	return out
}

// namedAs returns the mention that names the thing described by the
// mention at k ("a web shell known as DEWMODE", "the group it calls
// Nobelium"), or -1.
func (ss *sent) namedAs(k int) int {
	m := ss.mentAt(k)
	if m == nil {
		return -1
	}
	j := m.e
	switch {
	case j+2 < len(ss.toks) && (ss.lw[j] == "known" || ss.lw[j] == "tracked" || ss.lw[j] == "designated") && ss.lw[j+1] == "as":
		j += 2
	case j+1 < len(ss.toks) && (ss.lw[j] == "called" || ss.lw[j] == "dubbed" || ss.lw[j] == "named"):
		j++
	case j+2 < len(ss.toks) && (ss.lw[j] == "it" || ss.lw[j] == "they" || ss.lw[j] == "researchers") && (ss.lw[j+1] == "calls" || ss.lw[j+1] == "call" || ss.lw[j+1] == "dubbed" || ss.lw[j+1] == "named"):
		j += 2
	default:
		return -1
	}
	if n := ss.mentAt(j); n != nil && n.s == j && !n.dem && n.typ != ontology.Country && n.typ != ontology.Location {
		return ss.at[j]
	}
	return -1
}

// innerVictims returns, as synthetic mentions (no tokens), the
// organizations, bodies, countries and products recorded inside an event
// mention [s,e) after its preposition ("the attack on Kaseya").
func (ss *sent) innerVictims(s, e int) []int {
	var out []int
	for _, m := range ss.inner {
		if m.s <= s || m.e > e || m.dem {
			continue
		}
		if p := ss.lw[m.s-1]; p != "on" && p != "of" && p != "against" && p != "targeting" && !determinerish[p] {
			continue
		}
		switch m.typ {
		case ontology.Organization, ontology.Agency, ontology.Country, ontology.Product, ontology.Location:
			mm := m
			mm.s, mm.e = 0, 0
			ss.ms = append(ss.ms, mm)
			out = append(out, len(ss.ms)-1)
		}
	}
	return out
}

// listObjects parses the object of "exploited" or "used" as a list of
// named things, through generic nouns, "including" and purpose clauses:
// "exploited publicly known flaws to get a foothold, including CVE-2019-19781
// in Citrix products and CVE-2019-11510 in Pulse Secure VPNs".
func (d *doc) listObjects(ss *sent, i int) []int {
	var out []int
	for k := i; k < len(ss.toks) && k < i+40; k++ {
		w := ss.lw[k]
		if stopRight[w] && w != "(" || ss.at[k] < 0 && (d.g.lex.is("speech", w) || relativizers[w] && k > i && ss.lw[k-1] != "," && w != "that") {
			break
		}
		if k > i && ss.at[k] < 0 && d.startsTrigger(ss, k) && w != "including" {
			break
		}
		if w == "by" && ss.at[k] < 0 {
			break // the agent: "exploitation of X by UNC2630"
		}
		if w == "to" && ss.at[k] < 0 && k+1 < len(ss.toks) && ss.at[k+1] < 0 {
			// purpose clause: "to get a foothold," – skip to the next comma
			for k+1 < len(ss.toks) && ss.lw[k+1] != "," && !stopRight[ss.lw[k+1]] {
				k++
			}
			continue
		}
		if m := ss.mentAt(k); m != nil {
			if n := ss.namedAs(k); n >= 0 {
				// "a web shell known as DEWMODE": the name
				m = &ss.ms[n]
				k = m.s
			}
			inFlaw := k > 0 && ss.lw[k-1] == "in" && len(out) > 0 && ss.ms[out[len(out)-1]].typ == ontology.Vulnerability
			if m.typ == ontology.Organization && m.e < len(ss.toks) && productNouns[ss.lw[m.e]] {
				// "Pulse Secure devices": the vendor's product, when it has one
				if ps := d.g.products[m.key]; len(ps) == 1 && !inFlaw {
					pm := *m
					pm.key, pm.typ, pm.e = ps[0], ontology.Product, m.e+1
					d.registerOne(ss, pm, false)
					out = append(out, len(ss.ms))
					ss.ms = append(ss.ms, pm)
					k = pm.e - 1
					continue
				}
			}
			if !m.dem && !inFlaw && m.typ != ontology.Event && m.typ != ontology.Country && m.typ != ontology.Location && m.typ != ontology.Sector {
				out = append(out, ss.at[k])
			}
			k = m.e - 1
		}
	}
	return out
}

// victims parses the object of an attack verb as a list: named entities
// and plain noun phrases naming kinds of victims ("software developers,
// think tanks and universities in a dozen countries, among them the United
// States and Austria"). Noun phrases become SECTOR mentions.
func (d *doc) victims(ss *sent, i int) []int {
	var out []int
	end := i
	for end < len(ss.toks) && end < i+80 {
		w := ss.lw[end]
		if stopRight[w] || ss.at[end] < 0 && (d.g.lex.is("speech", w) || relativizers[w] && end > i || w == "to" && end+1 < len(ss.toks) && d.isVerbish(ss.lw[end+1])) {
			break
		}
		if end > i && ss.at[end] < 0 && d.startsTrigger(ss, end) {
			break
		}
		end++
	}
	if end < len(ss.toks) && d.g.lex.is("speech", ss.lw[end]) {
		// "…, the Norwegian government said": the speaker is not a victim
		for x := end - 1; x > i; x-- {
			if ss.lw[x] == "," {
				end = x
				break
			}
		}
	}
	item := -1 // start of the current plain item
	var pendingAdj []int
	sawListAnd := false
	flushAdj := func() {
		for _, a := range pendingAdj {
			d.addSector(ss, a, a+1, &out)
		}
		pendingAdj = nil
	}
	flush := func(e int) {
		if item < 0 {
			return
		}
		s := item
		item = -1
		for s < e && (quantWords[ss.lw[s]] || ss.toks[s].kind == tkNumber || determinerish[ss.lw[s]]) {
			s++
		}
		for e > s && (ss.lw[e-1] == "," || ss.toks[e-1].kind == tkPunct) {
			e--
		}
		if s >= e || e-s > 6 || !ss.free(s, e) {
			return
		}
		for x := s; x < e; x++ {
			if ss.toks[x].kind != tkWord || d.isVerbish(ss.lw[x]) || stopCaps[ss.lw[x]] && ss.lw[x] != "and" && !(ss.lw[x] == "of" && x > s && x+1 < e) || isCap(ss.word(x)) && !isAllCaps(ss.word(x)) {
				return
			}
		}
		if genericVictims[ss.lw[s]] && (e-s == 1 || ss.lw[s+1] != "and" && !(ss.lw[s+1] == "of" && (ss.lw[s] == "members" || ss.lw[s] == "representatives"))) {
			return
		}
		if genericVictims[ss.lw[e-1]] && !victimHeads[ss.lw[e-1]] {
			return // "allied networks": where, not who
		}
		if strings.HasSuffix(ss.lw[s], "ing") && !sectorIng[ss.lw[s]] {
			return // "harvesting credentials"
		}
		if vagueModifiers[ss.lw[s]] && e-s == 2 && victimHeads[ss.lw[e-1]] {
			return // "private companies"
		}
		if e-s == 1 && !genericVictims[ss.lw[s]] && (adjLike(ss.lw[s]) || !strings.HasSuffix(ss.lw[s], "s")) {
			// "legal, medical, …", "federal, state and local …": wait for
			// the noun that ends the list
			pendingAdj = append(pendingAdj, s)
			return
		}
		if pendingAdj != nil && e-s >= 2 && e-s <= 3 {
			if sectorHeads[ss.lw[e-1]] || genericVictims[ss.lw[e-1]] {
				// "the legal, medical and energy sectors": the modifiers name the sectors
				for _, a := range append(pendingAdj, s) {
					d.addSector(ss, a, a+1, &out)
				}
				pendingAdj = nil
				return
			}
			if e-s == 3 {
				// "federal, state and local government bodies": the shared head
				pendingAdj = nil
				d.addSector(ss, s+1, e, &out)
				return
			}
		}
		flushAdj()
		d.addSector(ss, s, e, &out)
	}
	// "hacking on behalf of X", "attacks against": no victim list here
	if i < len(ss.toks) && ss.at[i] < 0 && objectPreps[ss.lw[i]] && !(ss.lw[i] == "into") &&
		!(i+1 < len(ss.toks) && ss.toks[i+1].kind == tkNumber && (ss.lw[i] == "about" || ss.lw[i] == "over" || ss.lw[i] == "around")) {
		return nil // but "about 3,000 accounts" is a quantity
	}
	k := i
	for k < end {
		w := ss.lw[k]
		if mp := ss.mentAt(k); mp != nil && mp.typ == ontology.Sector && item >= 0 && mp.method == MethodGazetteer {
			// "social media companies": the sector word inside a longer phrase
			e := mp.e
			ss.remove(ss.at[k])
			k = e
			continue
		}
		if mp := ss.mentAt(k); mp != nil {
			m := *mp // a copy: removals below shift ss.ms
			flush(k)
			flushAdj()
			idx := ss.at[k]
			if m.dem && m.e < end && ss.at[m.e] < 0 && genericVictims[ss.lw[m.e]] && ss.lw[m.e] != "people" && ss.lw[m.e] != "officials" {
				// "Australian organizations": the country's
				out = append(out, idx)
				k = m.e + 1
				continue
			}
			if m.dem && m.e < end && ss.at[m.e] < 0 && !isCap(ss.word(m.e)) {
				// "Chinese dissidents": a kind of victim
				item = m.s
				ss.remove(idx)
				k = m.e
				continue
			}
			if m.typ == ontology.Sector && m.e < end && ss.at[m.e] < 0 && ss.toks[m.e].kind == tkWord && !isCap(ss.word(m.e)) &&
				!stopCaps[ss.lw[m.e]] && !d.isVerbish(ss.lw[m.e]) && !quantWords[ss.lw[m.e]] && ss.lw[m.e] != "targets" && ss.lw[m.e] != "and" && ss.lw[m.e] != "or" && !sectorHeads[ss.lw[m.e]] {
				// "health care bodies": the longer phrase names the victims
				item = m.s
				ss.remove(idx)
				k = m.e
				continue
			}
			// possessive head: "Colonial Pipeline's networks" → Colonial;
			// but "FTA customers", "Kaseya's clients" are someone else
			x := m.e
			if x < end && ss.lw[x] == "'s" {
				x++
			}
			if m.typ != ontology.Event && !m.dem && !(x < end && ss.at[x] < 0 && clientNouns[ss.lw[x]]) && !(m.weak && m.method == MethodDescribed && m.typ == ontology.Organization) {
				out = append(out, idx)
			}
			k = m.e
			if k < end && ss.lw[k] == "'s" {
				// "Ukraine's power grid": what the victim owns is not another victim
				for k < end && (ss.at[k] < 0 || ss.mentAt(k).typ == ontology.Sector) && ss.lw[k] != "," && ss.lw[k] != "and" && ss.lw[k] != "or" {
					k++
				}
			}
			if m.typ == ontology.Sector && k < end && sectorHeads[ss.lw[k]] && ss.at[k] < 0 {
				// "the transportation sector": a name of the sector too
				if de := d.ents[m.key]; de != nil {
					de.addAlias(ss.span(m.s, k+1))
				}
				k++
			}
			continue
		}
		if w == "as" && k+2 < end && ss.lw[k+1] == "well" && ss.lw[k+2] == "as" {
			flush(k)
			k += 3
			continue
		}
		if w == "as" && !(k+1 < end && ss.lw[k+1] == "such") && !(k > 0 && ss.lw[k-1] == "such") {
			flush(k)
			break
		}
		if w == "since" || w == "after" || w == "before" || w == "during" || w == "when" || w == "while" || w == "until" || w == "because" || w == "which" || w == "along" || w == "plus" ||
			w == "without" || w == "despite" || w == "except" || w == "beyond" || w == "within" {
			flush(k)
			break
		}
		if w == "abroad" || w == "elsewhere" || w == "worldwide" || w == "overseas" || w == "globally" {
			flush(k) // "… and networks worldwide, including in Australia"
			k++
			continue
		}
		if (w == "involved" || w == "engaged") && k+1 < end && (ss.lw[k+1] == "in" || ss.lw[k+1] == "on") || w == "developing" || w == "researching" {
			// "organisations involved in vaccine development": the activity
			// names the sector
			item = -1
			if w == "developing" || w == "researching" {
				k++
			} else {
				k += 2
			}
			continue
		}
		if w == "and" && item >= 0 && pendingAdj == nil && k+1 < end && ss.at[k+1] < 0 && ss.toks[k+1].kind == tkWord && !stopCaps[ss.lw[k+1]] {
			// "business and gaming software," mid-list, or a second "and" inside the
			// last item ("…, and pro-democracy politicians and activists"): one item
			j := k + 1
			for j < end && ss.at[j] < 0 && ss.toks[j].kind == tkWord && !stopCaps[ss.lw[j]] && j < k+4 {
				j++
			}
			if j < end && ss.lw[j] == "," || sawListAnd {
				k++
				continue
			}
		}
		if w == "and" || w == "or" {
			sawListAnd = true
		}
		switch {
		case w == "," || w == "and" || w == "or" || w == "including" || w == "like" || w == "such" || w == "as" ||
			w == "among" || w == "them" || w == "across" || w == "throughout" || w == "around":
			flush(k)
		case w == "in" || w == "at":
			flush(k)
		case w == "of" && item >= 0 && k > item && genericVictims[ss.lw[k-1]] && ss.mentionNear(k+1, 3):
			// "employees of the Defense Department": the body
			item = -1
		case w == "of" && item >= 0 && k == item+1 && (ss.lw[k-1] == "representatives" || ss.lw[k-1] == "employees" || ss.lw[k-1] == "staff" || ss.lw[k-1] == "workers"):
			// "representatives of civil society": the sector
			item = -1
		case w == "on" || w == "to" || w == "against" || w == "behind" || w == "under" || w == "after" || w == "because":
			flush(k)
			k = end
			continue
		case w == "with" || w == "for" || w == "from" || w == "by" || w == "since" || w == "during" || w == "between" || w == "over" || w == "using" || w == "via" || w == "through":
			flush(k)
			k = skipPhrase(ss, k, end)
			continue
		default:
			if item < 0 && !(determinerish[w] && w != "'s") {
				item = k
			}
		}
		k++
	}
	flush(end)
	flushAdj()
	// keep order, drop repeats
	seen := map[int]bool{}
	res := out[:0]
	for _, x := range out {
		if !seen[x] {
			seen[x] = true
			res = append(res, x)
		}
	}
	return res
}

// sectorHeads end a list of modifiers that each name a sector.
var sectorHeads = map[string]bool{"sector": true, "sectors": true, "industry": true, "industries": true}

// vagueModifiers make a generic victim head no sector: "private companies".
var vagueModifiers = map[string]bool{"private": true, "public": true, "other": true, "various": true,
	"major": true, "large": true, "small": true, "big": true, "many": true, "affected": true, "targeted": true,
	"foreign": true, "domestic": true, "international": true, "global": true, "local": true, "unnamed": true}

// clientNouns after a name make the victims someone else: "FTA customers".
var clientNouns = map[string]bool{"customers": true, "customer": true, "clients": true, "client": true,
	"users": true, "subscribers": true, "partners": true, "suppliers": true, "vendors": true, "victims": true}

// addSector adds tokens [s,e) as a victim-sector mention.
func (d *doc) addSector(ss *sent, s, e int, out *[]int) {
	if !ss.free(s, e) {
		return
	}
	name := ss.span(s, e)
	m := ment{s: s, e: e, key: MakeKey(ontology.Sector, name), typ: ontology.Sector, method: MethodDescribed,
		alias: "victim noun phrase", conf: 0.7, name: name, weak: true}
	if ss.add(m) {
		d.registerOne(ss, m, false)
		*out = append(*out, ss.at[s])
	}
}

// adjLike reports adjectives that can stand for a sector in a list.
func adjLike(w string) bool {
	return strings.HasSuffix(w, "al") || strings.HasSuffix(w, "ic") || strings.HasSuffix(w, "ical") ||
		strings.HasSuffix(w, "ary") || strings.HasSuffix(w, "ive") || w == "energy" || w == "finance"
}

// sectorIng are -ing nouns that name sectors.
var sectorIng = map[string]bool{"manufacturing": true, "engineering": true, "banking": true, "shipping": true,
	"gaming": true, "mining": true, "publishing": true, "consulting": true, "accounting": true, "retailing": true}

// skipPhrase skips a prepositional phrase that is not part of a victim list.
func skipPhrase(ss *sent, k, end int) int {
	k++
	for k < end && ss.lw[k] != "," && ss.lw[k] != "and" {
		k++
	}
	return k
}

var quantWords = map[string]bool{"dozens": true, "of": true, "a": true, "dozen": true, "several": true, "other": true,
	"more": true, "than": true, "numerous": true, "many": true, "some": true, "various": true, "at": true,
	"least": true, "hundreds": true, "thousands": true, "tens": true, "multiple": true, "two": true, "three": true,
	"four": true, "five": true, "six": true, "seven": true, "eight": true, "nine": true, "ten": true,
	"also": true, "both": true, "about": true, "nearly": true, "almost": true, "over": true, "such": true}

// victimHeads are generic nouns that still name a kind of victim after a
// modifier ("video game companies", "financial institutions").
var victimHeads = map[string]bool{"companies": true, "organizations": true, "organisations": true,
	"firms": true, "businesses": true, "institutions": true, "entities": true, "industries": true, "officials": true,
	"employees": true, "users": true, "customers": true, "individuals": true, "people": true, "members": true}

// genericVictims are too general to name a sector alone.
var genericVictims = map[string]bool{"companies": true, "organizations": true, "organisations": true,
	"entities": true, "targets": true, "victims": true, "networks": true, "systems": true, "computers": true,
	"countries": true, "people": true, "data": true, "information": true, "others": true, "sectors": true,
	"industries": true, "firms": true, "businesses": true, "institutions": true, "users": true, "accounts": true,
	"servers": true, "employees": true, "customers": true, "individuals": true, "world": true, "them": true,
	"emails": true, "email": true, "staff": true, "officials": true, "members": true, "it": true, "one": true,
	"machines": true, "devices": true, "infrastructure": true, "operations": true, "money": true,
	"operation": true, "men": true, "women": true, "account": true, "network": true, "system": true,
	"mailbox":  true,
	"research": true, "intellectual": true, "property": true, "secrets": true, "credentials": true}

// clauseOnly speech verbs report an attribution only with "that": "announced
// that", not "announced charges".
var clauseOnly = map[string]bool{"announced": true, "announces": true, "disclosed": true, "revealed": true,
	"determined": true, "determines": true, "concluded": true, "concludes": true, "found": true, "finds": true,
	"judged": true, "judges": true,
	"reported": true, "confirmed": true, "declared": true, "noted": true, "notes": true}

// roleNounsIn take the thing denied or claimed after a preposition: "denied
// any role in the intrusions", "involvement in the attack".
var roleNounsIn = map[string]bool{"role": true, "involvement": true, "responsibility": true, "part": true,
	"connection": true, "links": true, "ties": true, "hand": true, "participation": true}

// productNouns after a vendor's name name its product: "Pulse Secure devices".
var productNouns = map[string]bool{"devices": true, "device": true, "appliances": true, "appliance": true,
	"vpns": true, "vpn": true, "servers": true, "server": true, "products": true, "product": true,
	"software": true, "gateways": true, "routers": true, "firewalls": true}

// relVerbs carry a relational phrase for their subject: "operates on behalf
// of", "works for".
var relVerbs = map[string]bool{"operates": true, "operated": true, "operate": true, "acts": true, "acted": true,
	"act": true, "works": true, "worked": true, "serves": true, "served": true, "functions": true, "remains": true}
