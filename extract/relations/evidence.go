package relations

// Evidence of involvement: "there was hard evidence of Russian
// involvement", "found signs of Iran's role in the attack" — whoever
// reports it accuses the one involved.

import (
	"github.com/newsgraph/newsgraph/extract/mentions"
	"github.com/newsgraph/newsgraph/extract/syntax"
	"github.com/newsgraph/newsgraph/ontology"
)

// evidenceActs records as an act of its clause the involvement that a noun
// of evidence names ("evidence of Russian involvement", "proof of Iran's
// role"): the involved country or actor, named by a possessive or a
// demonym. A negated phrase ("no evidence of …") records nothing.
func (u *run) evidenceActs() {
	syn := u.syn
	for k, c := range syn.Chunks {
		ci := u.clauseOf[k]
		if c.Kind != syntax.NP || ci < 0 || !u.r.lx.Is("evidencenoun", syn.Tokens[c.Head].Lower) ||
			u.r.lx.Is("negation", syn.Tokens[c.Start].Lower) {
			continue
		}
		ps := u.ppsAfter(k)
		if len(ps) == 0 || ps[0].prep != "of" || len(ps[0].nps) == 0 || !u.involvement(ps[0].nps[0]) {
			continue
		}
		if agents := u.involved(ps[0].nps[0]); len(agents) > 0 {
			u.acts = append(u.acts, act{clause: ci, agents: agents})
		}
	}
}

// involved returns who noun phrase k ("Russian involvement", "Iran's
// role") says is involved: its possessor, else the countries and actors
// named before its head.
func (u *run) involved(k int) []mentions.Ref {
	if o, ok := u.s.Owner(k); ok && actor(o.Type) {
		return []mentions.Ref{o}
	}
	var out []mentions.Ref
	for _, m := range u.s.Mods(k) {
		if m.Type == ontology.Country || m.Type == ontology.ThreatGroup || m.Type == ontology.Agency {
			out = append(out, m)
		}
	}
	return out
}
