package relations

// Joint undertakings: the participants of an operation, an effort or an
// investigation cooperate with each other.

import (
	"github.com/newsgraph/newsgraph/extract/mentions"
	"github.com/newsgraph/newsgraph/extract/syntax"
	"github.com/newsgraph/newsgraph/ontology"
)

// operations states cooperation among the participants that a joint
// undertaking names: "a takedown involving the Dutch police, Europol and
// Eurojust" and "the operation involved Europol, along with Eurojust and
// Interpol" make every pair of them cooperate.
func (u *run) operations() {
	syn := u.syn
	for k, c := range syn.Chunks {
		start, ci := -1, u.clauseOf[k]
		switch {
		case c.Kind == syntax.Prep && u.r.lx.Is("involve", c.Word) && k > 0 && syn.Chunks[k-1].Kind == syntax.NP && u.jointOp(k-1):
			start = k + 1 // "an effort involving A and B"
		case c.Kind == syntax.VG && u.r.lx.Is("involve", c.Verb.Lemma):
			if ci < 0 || syn.Clauses[ci].Verb != k {
				continue
			}
			cl := &syn.Clauses[ci]
			if len(cl.Subj) == 0 || len(cl.Obj) == 0 || u.passive(ci) || !u.jointOp(cl.Subj[0]) {
				continue
			}
			start = cl.Obj[0] // "the operation involved A and B"
		}
		if start < 0 || start >= len(syn.Chunks) || syn.Chunks[start].Kind != syntax.NP {
			continue
		}
		if ci >= 0 && !u.clauseMood(ci).asserted() {
			continue
		}
		var parts []mentions.Ref
		for _, r := range u.participants(start) {
			if r.Method != mentions.MethodDescribed {
				parts = append(parts, r) // "police from nine countries" is left out: measured to be annotated less often
			}
		}
		for i := range parts {
			for j := i + 1; j < len(parts); j++ {
				u.emit(Claim{Subject: parts[i].Key, Object: parts[j].Key, Pred: ontology.CooperatesWith, Conf: 0.7,
					Verb: c.Word, Rule: "joint"})
			}
		}
	}
}

// jointPhrases states the cooperation a joint product or undertaking
// names: "a joint advisory by A and B" and "a joint investigation by A and
// B" (every pair of authors), "as part of a joint operation with Y" (the
// subject of the clause and Y).
func (u *run) jointPhrases() {
	syn := u.syn
	for k, c := range syn.Chunks {
		if c.Kind != syntax.NP || !u.jointWord(k) {
			continue
		}
		ci := u.clauseOf[k]
		if ci >= 0 && !u.clauseMood(ci).asserted() {
			continue
		}
		ps := u.ppsAfter(k)
		if len(ps) == 0 {
			continue
		}
		switch ps[0].prep {
		case "by", "from":
			parts := u.refs(ps[0].nps)
			for i := range parts {
				for j := i + 1; j < len(parts); j++ {
					u.emit(Claim{Subject: parts[i].Key, Object: parts[j].Key, Pred: ontology.CooperatesWith, Conf: 0.75,
						Verb: u.lower(k), Rule: "joint"})
				}
			}
		case "with":
			for _, s := range u.hostOf(k, ci) {
				for _, o := range u.refs(ps[0].nps) {
					u.emit(Claim{Subject: s.Key, Object: o.Key, Pred: ontology.CooperatesWith, Conf: 0.7,
						Verb: u.lower(k) + " with", Rule: "joint"})
				}
			}
		}
	}
}

// jointWord reports a word of joint action before the head of noun
// phrase k ("a joint advisory", "a coordinated operation").
func (u *run) jointWord(k int) bool { return u.doc.ModifierIs(u.syn, k, "joint") }

// hostOf returns who acts in the undertaking at noun phrase k of clause
// ci: the clause's subjects when the phrase is one of its prepositional
// phrases ("seized the domain as part of a joint operation with Y"), or
// the subject of the main clause a fronted phrase opens ("In a joint
// operation with Y, police arrested …").
func (u *run) hostOf(k, ci int) []mentions.Ref {
	syn := u.syn
	if ci < 0 {
		for g := range syn.Clauses {
			if cl := &syn.Clauses[g]; cl.Head < 0 && len(cl.Subj) > 0 && cl.Subj[0] > k && cl.SubjBy == syntax.SubjExplicit {
				return u.refs(cl.Subj)
			}
		}
		return nil
	}
	cl := &syn.Clauses[ci]
	for _, o := range cl.Obj {
		if o == k {
			return nil // "announced a joint operation with Y": see joint
		}
	}
	if len(cl.Subj) > 0 && cl.Subj[0] == k {
		return nil
	}
	return u.refs(cl.Subj)
}

// jointOp reports a noun phrase headed by a noun of a joint undertaking
// ("operation", "effort", "investigation").
func (u *run) jointOp(k int) bool {
	h := u.syn.Tokens[u.syn.Chunks[k].Head].Lower
	return u.r.lx.Is("jointop", h) || u.r.lx.Is("jointop", nounLemma(h))
}

// participants returns the referents of the list at noun phrase k and of
// the partners a comma and "along with" or "as well as" add to it:
// "police from nine countries, along with Europol and Eurojust".
func (u *run) participants(k int) []mentions.Ref {
	syn := u.syn
	g := syn.GroupOf(k)
	if g == nil {
		return nil
	}
	out := u.refs(g.NPs)
	j := g.End
	for j+1 < len(syn.Chunks) && syn.Chunks[j].Kind == syntax.Prep && !u.r.lx.Is("withpartner", syn.Chunks[j].Word) && syn.Chunks[j+1].Kind == syntax.NP {
		j = syn.GroupOf(j + 1).End // "police from nine countries"
	}
	if j < len(syn.Chunks) && syn.Chunks[j].Kind == syntax.Comma {
		j++
	}
	if j+1 < len(syn.Chunks) && (syn.Chunks[j].Kind == syntax.Prep || syn.Chunks[j].Kind == syntax.Conj) &&
		u.r.lx.Is("withpartner", syn.Chunks[j].Word) && syn.Chunks[j+1].Kind == syntax.NP {
		out = append(out, u.refs(syn.GroupOf(j+1).NPs)...)
	}
	return out
}
