package relations

// Joint investigation: partners in an inquiry investigate what it is
// about.

import (
	"github.com/newsgraph/newsgraph/extract/lexicon"
	"github.com/newsgraph/newsgraph/extract/mentions"
	"github.com/newsgraph/newsgraph/extract/syntax"
	"github.com/newsgraph/newsgraph/ontology"
)

// investigationPartners states who investigates in a clause of joint
// work on an inquiry: "The FBI and the Secret Service are assisting the
// county police in the investigation of the breach" (all three
// investigate it), "The bureau is working with the company on the
// investigation" (the bureau investigates), and "The FBI is investigating
// the breach with Europol" (Europol investigates it too, and cooperates
// with the FBI). A bare "the investigation" is of the last event the
// document named.
func (u *run) investigationPartners(ci int, m mood) {
	syn := u.syn
	cl := &syn.Clauses[ci]
	if !m.asserted() || u.passive(ci) {
		return
	}
	lemma := syn.VG(cl).Lemma
	conf := 0.7 * u.clauseConf(ci)
	if u.frameOf(lemma, ontology.CooperatesWith) {
		k := u.inquiryPhrase(ci)
		if k < 0 {
			return
		}
		var investigators []mentions.Ref
		for _, r := range append(u.subjects(ci), u.refs(cl.Obj)...) { // "assisting the police in …"
			if r.Type == ontology.Agency || r.Type == ontology.Country {
				investigators = append(investigators, r) // not a company that helps the police
			}
		}
		u.investigators(investigators, u.inquiryObject(k), conf, lemma)
		return
	}
	if k := u.inquiryObj(cl); k >= 0 {
		u.investigators(u.subjects(ci), u.inquiryFindings(ci, k), 0.85*conf, lemma)
	}
	if u.r.lx.Is("publishverb", lemma) && len(cl.Obj) > 0 && u.inquiryReport(cl.Obj[0]) {
		// "released an investigation report on X"
		for _, p := range cl.PPs {
			if p.Prep == "on" || p.Prep == "into" || p.Prep == "about" {
				u.investigators(u.subjects(ci), u.refs(p.NPs), conf, lemma)
			}
		}
	}
	if !u.frameOf(lemma, ontology.Investigates) || len(cl.Obj) == 0 {
		return
	}
	objs := u.refs(cl.Obj)
	if len(objs) == 0 && u.r.lx.Is("casenoun", u.syn.Tokens[syn.Chunks[cl.Obj[0]].Head].Lower) {
		objs = u.lastEvent(cl.Obj[0]) // "investigated the case"
		u.investigators(u.subjects(ci), objs, conf, lemma)
	}
	partners := u.ppRefs(cl, "with", nil)
	for _, s := range u.subjects(ci) {
		for _, p := range partners {
			u.emit(Claim{Subject: s.Key, Object: p.Key, Pred: ontology.CooperatesWith, Conf: conf, Verb: lemma + " with", Rule: "joint"})
		}
	}
	u.investigators(partners, objs, conf, lemma)
}

// inquiryObj returns the object of clause cl that is an inquiry with no
// "of" or "into" phrase ("conducted a joint investigation"), or -1.
func (u *run) inquiryObj(cl *syntax.Clause) int {
	for _, k := range cl.Obj {
		if !u.inquiry(k) {
			continue
		}
		if ps := u.ppsAfter(k); len(ps) > 0 && (ps[0].prep == "of" || ps[0].prep == "into") {
			return -1
		}
		return k
	}
	return -1
}

// inquiryFindings returns the actors an inquiry's findings name: "ran a
// joint inquiry, and the review showed that X …" (the threat
// groups that a later unnamed finder's "that" clause is about).
func (u *run) inquiryFindings(ci, k int) []mentions.Ref {
	syn := u.syn
	var out []mentions.Ref
	for g := ci + 1; g < len(syn.Clauses); g++ {
		f := &syn.Clauses[g]
		if !u.r.lx.Is("speech", syn.VG(f).Lemma) || len(f.Subj) == 0 {
			continue
		}
		if _, named := u.s.Ref(f.Subj[0]); named && f.Subj[0] != k {
			continue // a named speaker's finding is the speaker's
		}
		for h := g + 1; h < len(syn.Clauses); h++ {
			if c := &syn.Clauses[h]; c.Head == g && c.Link == syntax.LinkComplement && !u.clauseMood(h).hedge {
				for _, r := range u.refs(c.Subj) {
					if r.Type == ontology.ThreatGroup {
						out = append(out, r)
					}
				}
			}
		}
	}
	return out
}

// inquiryReport reports a document noun phrase that an inquiry noun
// modifies: "an investigation report", "an investigative report".
func (u *run) inquiryReport(k int) bool {
	syn := u.syn
	c := syn.Chunks[k]
	if !u.r.lx.Is("document", syn.Tokens[c.Head].Lower) {
		return false
	}
	for i := c.Start; i < c.Head; i++ {
		if w := syn.Tokens[i].Lower; u.inquiryWord(w) || u.r.lx.Is("inquirymod", w) {
			return true
		}
	}
	return false
}

// investigators states that each investigator investigates each object.
func (u *run) investigators(who, what []mentions.Ref, conf float64, verb string) {
	for _, s := range who {
		for _, o := range what {
			u.emit(Claim{Subject: s.Key, Object: o.Key, Pred: ontology.Investigates, Conf: conf * refConf(o), Verb: verb, Rule: "joint"})
		}
	}
}

// inquiryPhrase returns the noun phrase of an inquiry that clause ci works
// "on" or "in" ("assisting X in the investigation", "working with Y and
// with Z on the probe"), or -1.
func (u *run) inquiryPhrase(ci int) int {
	syn := u.syn
	cl := &syn.Clauses[ci]
	for _, p := range cl.PPs {
		if p.Prep == "on" || p.Prep == "in" || p.Prep == "into" {
			for _, k := range p.NPs {
				if u.inquiry(k) {
					return k
				}
			}
		}
	}
	for k := cl.End; k+1 < len(syn.Chunks) && k < cl.End+8; k++ {
		c := syn.Chunks[k]
		if c.Kind == syntax.VG || c.Kind == syntax.Sub || c.Kind == syntax.Rel {
			return -1
		}
		if c.Kind == syntax.Prep && (c.Word == "on" || c.Word == "in") && syn.Chunks[k+1].Kind == syntax.NP && u.inquiry(k+1) {
			return k + 1
		}
	}
	return -1
}

// inquiry reports a noun phrase headed by a noun of investigation.
func (u *run) inquiry(k int) bool {
	return u.inquiryWord(u.syn.Tokens[u.syn.Chunks[k].Head].Lower)
}

// inquiryWord reports a noun of investigation ("investigation", "probe").
func (u *run) inquiryWord(h string) bool {
	for _, f := range u.nounFramesOf(h) {
		if f.Pred == ontology.Investigates {
			return true
		}
	}
	return false
}

// nounFramesOf returns the noun frames of word w or of its singular.
func (u *run) nounFramesOf(w string) []*lexicon.Frame {
	if fs := u.r.lx.Frames(lexicon.Noun, w); len(fs) > 0 {
		return fs
	}
	return u.r.lx.Frames(lexicon.Noun, nounLemma(w))
}

// inquiryObject returns what the inquiry at noun phrase k is about: its
// "of" or "into" phrase, or for "the investigation" the document's last
// event.
func (u *run) inquiryObject(k int) []mentions.Ref {
	if ps := u.ppsAfter(k); len(ps) > 0 && (ps[0].prep == "of" || ps[0].prep == "into") {
		return u.refs(ps[0].nps)
	}
	return u.lastEvent(k)
}

// lastEvent returns the document's last event for a definite noun phrase k
// that names none ("the investigation", "the case").
func (u *run) lastEvent(k int) []mentions.Ref {
	syn := u.syn
	if syn.Tokens[syn.Chunks[k].Start].Lower != "the" {
		return nil
	}
	return u.keyRefs(0.6, u.mem.lastEvent)
}
