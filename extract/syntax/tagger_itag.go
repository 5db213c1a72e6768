package syntax

import "math"

// Internal tags. The data's tag set merges classes whose words are
// followed by very different tags: PRP is both "it" (followed by verbs)
// and "its" (followed by nouns), VBZ both "has" (followed by participles)
// and "attacks". The tagger splits them into internal tags with
// transitions of their own, derived from the data's: a possessive pronoun
// goes on like a determiner, "do" as an auxiliary like a modal, and a
// verb that is not a form of "be" or "have" is rarely followed by a past
// participle. Tag writes the public tag of each (base).
const (
	iPRPS  = numTags + iota // possessive pronoun: its, their, his
	iVBa                    // be, have
	iVBDa                   // was, were, had
	iVBGa                   // being, having
	iVBNa                   // been
	iVBPa                   // are, am, have, 're, 've
	iVBZa                   // is, has, 's
	iVBDdo                  // did (do-support)
	iVBPdo                  // do
	iVBZdo                  // does
	iDTsg                   // a, this, each: a determiner of singular nouns
	iDTpl                   // these, those: a determiner of plural nouns
	numITags
)

// ni is the size of the tables indexed by internal tags.
const ni = int(numITags)

// itagBase maps an internal tag to the public one.
var itagBase = func() (b [ni]Tag) {
	for t := Tag(0); t < numTags; t++ {
		b[t] = t
	}
	b[iPRPS] = PRP
	b[iVBa], b[iVBDa], b[iVBGa], b[iVBNa], b[iVBPa], b[iVBZa] = VB, VBD, VBG, VBN, VBP, VBZ
	b[iVBDdo], b[iVBPdo], b[iVBZdo] = VBD, VBP, VBZ
	b[iDTsg], b[iDTpl] = DT, DT
	return b
}()

func base(t Tag) Tag { return itagBase[t] }

// possessives are the words whose PRP is a possessive pronoun ("her" is
// both).
var possessives = map[string]bool{"my": true, "your": true, "his": true, "her": true, "its": true,
	"our": true, "their": true, "one's": true, "thy": true}

// auxiliaries are the forms of "be" and "have", whose verb tags become the
// auxiliary internal tags.
var auxiliaries = map[string]bool{"be": true, "being": true, "been": true, "am": true, "are": true,
	"is": true, "was": true, "were": true, "'m": true, "'re": true, "'s": true, "have": true, "has": true,
	"had": true, "having": true, "'ve": true, "'d": true}

// doForms are the forms of "do", which are both main verbs and
// auxiliaries.
var doForms = map[string]bool{"do": true, "does": true, "did": true}

// singularDets and pluralDets are the determiners that agree in number
// with their noun.
var (
	singularDets = map[string]bool{"a": true, "an": true, "this": true, "that": true, "each": true,
		"every": true, "another": true, "either": true, "neither": true}
	pluralDets = map[string]bool{"these": true, "those": true}
)

// variants returns the internal tags of a word's tag.
func variants(word string, tag Tag) []Tag {
	switch {
	case tag == DT && singularDets[word]:
		return []Tag{iDTsg}
	case tag == DT && pluralDets[word]:
		return []Tag{iDTpl}
	case tag == PRP && possessives[word]:
		if word == "her" {
			return []Tag{PRP, iPRPS}
		}
		return []Tag{iPRPS}
	case auxiliaries[word]:
		switch tag {
		case VB:
			return []Tag{iVBa}
		case VBD:
			return []Tag{iVBDa}
		case VBG:
			return []Tag{iVBGa}
		case VBN:
			return []Tag{iVBNa}
		case VBP:
			return []Tag{iVBPa}
		case VBZ:
			return []Tag{iVBZa}
		}
	case doForms[word]:
		switch tag {
		case VBD:
			return []Tag{VBD, iVBDdo}
		case VBP:
			return []Tag{VBP, iVBPdo}
		case VBZ:
			return []Tag{VBZ, iVBZdo}
		}
	}
	return []Tag{tag}
}

// numberMismatch is the rate of a plural noun after "a" or "this", and of
// a singular noun after "these", as a share of the data's rate after DT.
const numberMismatch = 0.05

// lexicalVBNCut is the rate of a past participle after a verb other than
// "be" and "have", as a share of the data's rate after any verb.
const lexicalVBNCut = 0.15

// setInternalTransitions fills t.trans for the internal tags from p, the
// interpolated P(t3 | t1 t2) over the public tags at (t1·nt + t2)·nt + t3.
func (t *Tagger) setInternalTransitions(p []float64) {
	t.trans = make([]float32, ni*ni*ni)
	for i := range t.trans {
		t.trans[i] = float32(math.Inf(-1))
	}
	q := make([]float64, nt)
	for a := 1; a < ni; a++ {
		A := int(base(Tag(a)))
		for b := 1; b < ni; b++ {
			B := int(base(Tag(b)))
			row := func(b2 int) []float64 { return p[(A*nt+b2)*nt : (A*nt+b2)*nt+nt] }
			switch bt := Tag(b); {
			case bt == iPRPS:
				copy(q, row(int(DT)))
			case bt == PRP:
				// the data's PRP after A mixes personal pronouns with a share s
				// of possessives going on like DT; s is what makes the nouns
				// and adjectives after PRP, which personal pronouns hardly
				// have, the share s of those after DT
				prp, dt := row(int(PRP)), row(int(DT))
				s := (prp[NN] + prp[NNS] + prp[JJ]) / (dt[NN] + dt[NNS] + dt[JJ])
				s = min(max(s, 0.05), 0.95)
				for c := range q {
					q[c] = math.Max(prp[c]-s*dt[c], 0.02*prp[c])
				}
			case bt == iVBDdo || bt == iVBPdo || bt == iVBZdo:
				copy(q, row(int(MD)))
			case bt == iDTsg:
				copy(q, row(int(DT)))
				q[NNS] *= numberMismatch
				q[NNPS] *= numberMismatch
			case bt == iDTpl:
				copy(q, row(int(DT)))
				q[NN] *= numberMismatch
			case bt.IsVerb():
				copy(q, row(B))
				q[VBN] *= lexicalVBNCut
			default:
				copy(q, row(B))
			}
			sum := 0.0
			for c := 1; c < nt; c++ {
				sum += q[c]
			}
			for c := 1; c < ni; c++ {
				t.trans[(a*ni+b)*ni+c] = float32(math.Log(q[base(Tag(c))] / sum))
			}
		}
	}
}
