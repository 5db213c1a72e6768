package syntax

import "strings"

// The coordination pass. A trigram model sees "and" but not the verb
// before it, so in "arrested two suspects and seized servers" it may read
// "seized" as a participle. After the search, a verb form that may be
// either past tense or participle (or base form or present) and follows a
// conjunction takes the form of the verb it is coordinated with.

// How far back the coordinated verb is looked for: a past tense, and a
// participle after "have" or "be" (whose auxiliary the second verb shares
// only in short conjunctions: "has verified the situation and
// communicated").
const (
	maxCoordDistance = 12
	maxAuxDistance   = 4
)

// coordinate applies the coordination pass to tagged tokens; s holds their
// candidates (token i at lattice position i+2).
func coordinate(s *scratch, toks []Token) {
	for i := 2; i < len(toks); i++ {
		tag := toks[i].Tag
		if tag != VBD && tag != VBN && tag != VB && tag != VBP {
			continue
		}
		cc := i - 1
		for cc > 0 && toks[cc].Tag == RB {
			cc-- // "and then moved"
		}
		if toks[cc].Tag != CC || !coordinators[toks[cc].Lower] {
			continue
		}
		j := cc - 1
		for j >= 0 && cc-j <= maxCoordDistance && !toks[j].Tag.IsVerb() && !clauseEnd[toks[j].Lower] {
			j--
		}
		if j < 0 || cc-j > maxCoordDistance || !toks[j].Tag.IsVerb() {
			continue
		}
		want := None
		switch prev := toks[j].Tag; {
		case tag == VB || tag == VBP:
			if prev == VB || prev == VBP {
				want = prev // "freeze … and bar", "to divert … and postpone"
			}
		case prev == VBD:
			want = VBD // "arrested … and seized"
		case prev == VBN:
			if cc-j > maxAuxDistance {
				break
			}
			switch auxBefore(toks, j) {
			case "have":
				want = VBN // "has verified … and communicated"
			case "be":
				if !objectAfter(toks, i) {
					want = VBN // "were arrested and charged in …"
				}
			}
		}
		if want != None && want != tag && s.hasCand(i+2, want) {
			toks[i].Tag = want
		}
	}
}

// perfect retags a past tense (or an "-ed" adjective) right after a form
// of "have" (adverbs aside) as the participle it must be: in "Microsoft has said the group
// was …" the trigram model, seeing the finite verb ahead, may read "said"
// as a second past tense.
func perfect(s *scratch, toks []Token) {
	for i := 1; i+1 < len(toks); i++ {
		// "APT29 had targeted organisations involved in …": an "-ed"
		// adjective right after "have" before its object is the
		// participle of a perfect
		if toks[i].Tag == JJ && strings.HasSuffix(toks[i].Lower, "ed") && auxBefore(toks, i) == "have" && toks[i-1].Tag != RB &&
			toks[i-1].Lower != "'d" && s.hasCand(i+2, VBN) && (toks[i+1].Tag == NNS || toks[i+1].Tag == NNP || toks[i+1].Tag == DT) {
			toks[i].Tag = VBN
		}
	}
	for i := 1; i < len(toks); i++ {
		// also an "-ed" adjective: "APT29 had targeted organisations …"
		adj := toks[i].Tag == JJ && strings.HasSuffix(toks[i].Lower, "ed")
		if (toks[i].Tag == VBD || adj) && auxBefore(toks, i) == "have" && toks[i-1].Lower != "'d" && s.hasCand(i+2, VBN) {
			for k := i - 1; k >= 0; k-- {
				if toks[k].Tag != RB {
					if toks[k].Tag.IsVerb() {
						toks[i].Tag = VBN
					}
					break
				}
			}
		}
	}
}

// participleNoun retags a past participle between "the" and a finite
// verb as the noun it is used as: "the accused repeatedly passed on …",
// "the injured were taken to …".
func participleNoun(toks []Token) {
	for i := 1; i+1 < len(toks); i++ {
		if t := toks[i].Tag; t != VBN && t != VBD || toks[i-1].Lower != "the" {
			continue
		}
		j := i + 1
		for j < len(toks) && toks[j].Tag == RB {
			j++
		}
		switch {
		case j >= len(toks):
		case toks[j].Tag.IsFinite() || toks[j].Tag == MD:
			toks[i].Tag = NN
		case toks[j].Tag == VBN && j+1 < len(toks) && (toks[j+1].Tag == IN || toks[j+1].Tag == RP || toks[j+1].Tag == DT):
			// "the accused repeatedly passed on …": two past forms in a
			// row, the second with its complement: the first is the noun
			toks[i].Tag, toks[j].Tag = NN, VBD
		}
	}
}

// verbBeforeThat retags a plural noun that may be a verb, right before
// "that" and after a noun phrase, in a sentence with no finite verb before
// it: "The Government of Finland judges that APT31 …" reads "judges" as
// VBZ.
func verbBeforeThat(s *scratch, toks []Token) {
	for i := 1; i+1 < len(toks); i++ {
		if toks[i].Tag != NNS || toks[i+1].Lower != "that" || !s.hasCand(i+2, VBZ) {
			continue
		}
		if p := toks[i-1].Tag; !p.IsNoun() && toks[i-1].Lower != "," {
			continue
		}
		finite := false
		inRel := false // ", which is part of GCHQ, judges that": a relative set off by commas
		for j := 0; j < i; j++ {
			switch {
			case toks[j].Lower == "," && j+1 < i && (toks[j+1].Tag == WDT || toks[j+1].Tag == WP):
				inRel = true
			case toks[j].Lower == ",":
				inRel = false
			case !inRel && (toks[j].Tag.IsFinite() || toks[j].Tag == MD):
				finite = true
			}
			if finite {
				break
			}
		}
		if !finite {
			toks[i].Tag = VBZ
		}
		return
	}
}

var coordinators = map[string]bool{"and": true, "or": true, "but": true}

// clauseEnd are tokens that no coordination reaches across.
var clauseEnd = map[string]bool{".": true, ";": true, ":": true, "?": true, "!": true}

// auxBefore returns "have" or "be" when a form of that verb stands right
// before token j (adverbs aside), else "".
func auxBefore(toks []Token, j int) string {
	for k := j - 1; k >= 0 && k >= j-4; k-- {
		w := toks[k].Lower
		switch {
		case w == "have" || w == "has" || w == "had" || w == "having" || w == "'ve" || w == "'d":
			return "have"
		case beForms[w] || w == "been" || w == "being":
			return "be"
		case toks[k].Tag != RB:
			return ""
		}
	}
	return ""
}

// objectAfter reports whether token i is followed by what starts a noun
// phrase: a past tense with an object rather than a passive participle.
func objectAfter(toks []Token, i int) bool {
	if i+1 >= len(toks) {
		return false
	}
	switch toks[i+1].Tag {
	case DT, PRP, CD, JJ, NN, NNS, NNP, NNPS, PDT:
		return true
	}
	return false
}

// hasCand reports whether lattice position p has a candidate with public
// tag want.
func (s *scratch) hasCand(p int, want Tag) bool {
	for _, c := range s.cands[s.off[p]:s.off[p+1]] {
		if base(c.tag) == want {
			return true
		}
	}
	return false
}

// reportingClause retags the verb of a short clause that closes a
// sentence after a comma or a quote: "…, the report states." A noun
// phrase followed by a verb of saying that may also be a noun, then the
// final period, reads as subject and verb: "states" is VBZ (VBP after a
// plural subject: "…, officials state.").
func reportingClause(s *scratch, toks []Token) {
	end := len(toks) - 1
	for end > 0 && closers[toks[end].Lower] {
		end--
	}
	if end < 3 || toks[end].Lower != "." {
		return
	}
	v := end - 1
	if vt := toks[v].Tag; vt != NNS && vt != NN || !isReportingVerb(toks[v].Lower) {
		return
	}
	j := v - 1
	for j >= 0 && v-j <= 5 && npInner(toks[j].Tag) {
		j--
	}
	head := toks[v-1].Tag
	if j < 0 || j == v-1 || v-j > 5 || !head.IsNoun() || toks[j].Tag != Punc || !reportOpeners[toks[j].Lower] {
		return
	}
	want := VBZ
	if head == NNS || head == NNPS {
		want = VBP
	}
	if s.hasCand(v+2, want) {
		toks[v].Tag = want
	}
}

// npInner are the tags inside a short noun phrase.
func npInner(t Tag) bool {
	return t.IsNoun() || t == DT || t == JJ || t == POS || t == PRP || t == CD
}

// reportOpeners are the marks before a closing reporting clause.
var reportOpeners = map[string]bool{",": true, "\"": true, "'": true}

// reportingVerbs are verbs of saying and thinking whose forms may be
// nouns too ("reports", "claims", "states").
var reportingVerbs = map[string]bool{"say": true, "report": true, "state": true, "claim": true,
	"note": true, "add": true, "write": true, "argue": true, "explain": true, "warn": true, "insist": true,
	"allege": true, "conclude": true, "believe": true, "think": true, "recall": true, "estimate": true,
	"suggest": true, "contend": true, "maintain": true, "assert": true, "acknowledge": true,
	"confirm": true, "deny": true, "announce": true, "reply": true, "respond": true, "observe": true,
	"comment": true, "remark": true, "answer": true, "charge": true, "counter": true, "complain": true}

// isReportingVerb reports whether w is the base or -s form of one of
// reportingVerbs ("says", "denies", "reports"), without allocating.
func isReportingVerb(w string) bool {
	if reportingVerbs[w] {
		return true
	}
	n := len(w)
	switch {
	case n < 4 || w[n-1] != 's':
		return false
	case reportingVerbs[w[:n-1]]:
		return true
	case strings.HasSuffix(w, "es") && reportingVerbs[w[:n-2]]:
		return true
	}
	if strings.HasSuffix(w, "ies") {
		var buf [32]byte
		if n-3+1 <= len(buf) {
			b := append(buf[:0], w[:n-3]...)
			b = append(b, 'y')
			return reportingVerbs[string(b)] // the compiler does not allocate for this lookup
		}
	}
	return false
}
