package relations

import (
	"strings"

	"github.com/newsgraph/newsgraph/extract/lexicon"
	"github.com/newsgraph/newsgraph/extract/syntax"
)

// mood is what keeps a clause's claims from being asserted.
type mood struct {
	neg    bool // negated: "did not blame", "is not sponsored by any state"
	hedge  bool // hedged: "may have", "is believed to", "likely", "suspected of"
	denied bool // governed by a denial: "denied that it was behind …"
}

func (m mood) asserted() bool { return !m.neg && !m.hedge && !m.denied }

// clauseMood returns the mood of clause ci: its own verb group and
// adverbs, and the clauses that govern it (a hedge verb, a denial, a
// negation).
func (u *run) clauseMood(ci int) mood {
	var m mood
	syn := u.syn
	for depth, c := 0, ci; c >= 0 && depth < 6; depth++ {
		cl := &syn.Clauses[c]
		vg := syn.VG(cl)
		if u.denialNounOf(c) >= 0 {
			m.denied = true // "a flat denial from Iran that it had any part in …"
		}
		if u.noEvidence(c) {
			m.neg = true // "found no evidence that the Russian government was involved"
		}
		if c == ci {
			m.hedge = m.hedge || u.question(ci)
			m.neg = m.neg || vg.Negated
			m.hedge = m.hedge || u.r.lx.Is("hedge", vg.Modal) || u.hedgeWords(ci)
			if u.r.lx.Is("hedgeverb", vg.Lemma) && (vg.Passive || vg.Participle) {
				m.hedge = true // "was believed to", "suspected of"
			}
		} else {
			if u.r.lx.Is("hedgeverb", vg.Lemma) {
				m.hedge = true
			}
			if u.isDenial(vg.Lemma) {
				m.denied = true
			}
			if vg.Negated && (cl.Link != syntax.LinkParenthetical) {
				m.neg = true
			}
			if u.r.lx.Is("hedge", vg.Modal) {
				m.hedge = true
			}
		}
		cur := &syn.Clauses[c]
		if cur.Link != syntax.LinkComplement && cur.Link != syntax.LinkCoordinate || cur.Head < 0 {
			break
		}
		if cur.Link == syntax.LinkCoordinate {
			// "… and sanctioned Y": the coordinated clause has its own mood
			break
		}
		c = cur.Head
	}
	return m
}

// question reports a clause opened by "whether" or "if": an indirect
// question ("investigating whether X was behind E") asserts nothing.
func (u *run) question(ci int) bool {
	cl := &u.syn.Clauses[ci]
	start := cl.Verb
	if len(cl.Subj) > 0 && cl.Subj[0] < start && cl.SubjBy == syntax.SubjExplicit {
		start = cl.Subj[0]
	}
	if start < 1 {
		return false
	}
	p := u.syn.Chunks[start-1]
	return (p.Kind == syntax.Sub || p.Kind == syntax.Prep) && u.r.lx.Is("question", strings.ToLower(p.Word))
}

// noEvidence reports a clause that is the "that" complement of a noun
// phrase with "no": "no evidence that …", "no indication that …".
func (u *run) noEvidence(ci int) bool {
	cl := &u.syn.Clauses[ci]
	start := cl.Verb
	if len(cl.Subj) > 0 && cl.Subj[0] < start {
		start = cl.Subj[0]
	}
	if start < 2 || u.syn.Chunks[start-1].Kind != syntax.Sub || u.syn.Chunks[start-1].Word != "that" {
		return false
	}
	np := u.syn.Chunks[start-2]
	return np.Kind == syntax.NP && u.syn.Tokens[np.Start].Lower == "no"
}

// hedgeWords reports a hedging adverb or adjective between the start of
// clause ci's subject and its end ("likely", "possibly", "reportedly").
func (u *run) hedgeWords(ci int) bool {
	syn := u.syn
	cl := &syn.Clauses[ci]
	from := cl.Verb
	if len(cl.Subj) > 0 && cl.Subj[0] < from && cl.SubjBy == syntax.SubjExplicit {
		from = cl.Subj[0]
	}
	to := cl.End
	for k := from; k < to && k < len(syn.Chunks); k++ {
		ch := syn.Chunks[k]
		if ch.Kind != syntax.Adv && ch.Kind != syntax.VG && ch.Kind != syntax.Adj {
			continue
		}
		for i := ch.Start; i < ch.End; i++ {
			t := syn.Tokens[i]
			if (t.Tag.IsAdv() || t.Tag.IsAdj()) && u.r.lx.Is("hedge", t.Lower) {
				return true
			}
		}
	}
	return false
}

// isDenial reports a verb whose complement is denied ("denied that …").
func (u *run) isDenial(lemma string) bool {
	for _, f := range u.r.lx.Frames(lexicon.Verb, lemma) {
		if f.Denial {
			return true
		}
	}
	return false
}

// npHedged reports a hedging word inside noun phrase k ("suspected
// hackers", "possible links").
func (u *run) npHedged(k int) bool {
	c := u.syn.Chunks[k]
	for i := c.Start; i < c.End; i++ {
		t := u.syn.Tokens[i]
		if (t.Tag.IsAdj() || t.Tag == syntax.VBN || t.Tag.IsAdv()) && u.r.lx.Is("hedge", t.Lower) {
			return true
		}
	}
	return false
}

// chunkClauses maps each chunk to the innermost clause whose span covers
// it (-1 outside every clause).
func chunkClauses(syn *syntax.Sentence) []int {
	out := make([]int, len(syn.Chunks))
	for i := range out {
		out[i] = -1
	}
	width := make([]int, len(syn.Chunks))
	for ci := range syn.Clauses {
		cl := &syn.Clauses[ci]
		from := cl.Verb
		if len(cl.Subj) > 0 && cl.SubjBy == syntax.SubjExplicit && cl.Subj[0] < from {
			from = cl.Subj[0]
		}
		for k := from; k < cl.End && k < len(out); k++ {
			w := cl.End - from
			if out[k] < 0 || w < width[k] {
				out[k], width[k] = ci, w
			}
		}
	}
	return out
}

// denialNounOf returns the noun phrase of a denial whose "that" clause is
// clause g ("a flat denial from Iran that it had any part in …"), or -1.
func (u *run) denialNounOf(g int) int {
	k := u.thatNoun(g)
	if k < 0 || !u.r.lx.Is("denialnoun", u.syn.Tokens[u.syn.Chunks[k].Head].Lower) {
		return -1
	}
	return k
}

// thatNoun returns the noun phrase that clause g complements as its "that"
// clause ("claims by the U.S. government that …", "a denial from Iran that
// …"), or -1.
func (u *run) thatNoun(g int) int {
	syn := u.syn
	cl := &syn.Clauses[g]
	first := cl.Verb
	if len(cl.Subj) > 0 && cl.Subj[0] < first {
		first = cl.Subj[0]
	}
	j := first - 1
	if j < 1 || syn.Chunks[j].Kind != syntax.Sub || syn.Chunks[j].Word != "that" || syn.Chunks[j-1].Kind != syntax.NP {
		return -1
	}
	return syn.ClaimHead(j - 1)
}
