package syntax

// Tense is the time of a verb group.
type Tense uint8

// The tenses.
const (
	Present Tense = iota
	Past
	Future
)

// VerbGroup is the analysis of a verb group: its main verb with lemma, and
// what the auxiliaries, modals and adverbs inside say about it.
type VerbGroup struct {
	// Main is the token index of the main verb (for a copula, the form of
	// "be").
	Main int
	// Lemma is the main verb's base form ("charge" for "has been charged").
	Lemma string
	// Particle is a verb particle after the main verb ("out" in "carried
	// out"), or "".
	Particle string
	// Modal is the modal verb, lower-cased ("may", "will"), or "".
	Modal string
	Tense Tense
	// Passive: a form of "be" or "get" before a past participle.
	Passive bool
	// Perfect: "has charged", "had been charged".
	Perfect bool
	// Progressive: "is investigating".
	Progressive bool
	// Negated: "not", "n't", "never" inside the group.
	Negated bool
	// Finite: the group has a tensed verb or a modal; false for
	// infinitives and participles.
	Finite bool
	// Infinitive: "to" + base form ("to hack").
	Infinitive bool
	// Participle: a past participle with no auxiliary ("hackers accused of
	// …", "software made by …"); Gerund: an -ing form with no auxiliary.
	Participle, Gerund bool
	// Copula: the main verb is "be" (or "become", "remain") with a
	// predicate after it.
	Copula bool
}

// auxLemma gives the lemma of the auxiliaries be, have, do and get.
var auxLemma = map[string]string{
	"be": "be", "am": "be", "is": "be", "are": "be", "was": "be", "were": "be", "been": "be", "being": "be",
	"'s": "be", "'re": "be", "'m": "be",
	"have": "have", "has": "have", "had": "have", "having": "have", "'ve": "have", "'d": "have",
	"do": "do", "does": "do", "did": "do",
	"get": "get", "gets": "get", "got": "get", "gotten": "get", "getting": "get",
}

// negations inside a verb group.
var negations = map[string]bool{"not": true, "n't": true, "never": true}

// particles after a main verb ("carried out", "shot down").
var particles = map[string]bool{"out": true, "up": true, "down": true, "off": true, "back": true, "away": true}

func isVerbTag(t Tag) bool { return t.IsVerb() || t == MD }

// verbGroup emits the verb group that starts at i.
func (c *chunker) verbGroup(i int) {
	start := i
	vg := &VerbGroup{Main: -1}
	var verbs []int // verb tokens, in order
	j := i
	if c.toks[j].Tag == TO {
		vg.Infinitive = true
		j++
	}
	for j < len(c.toks) && c.atomAt[j] < 0 {
		t := c.toks[j]
		switch {
		case t.Tag == MD:
			if len(verbs) > 0 {
				goto done
			}
			vg.Modal = t.Lower
			vg.Finite = true
			j++
		case t.Tag.IsAdv():
			// adverbs inside the group ("has not yet been", "also announced")
			if len(verbs) > 0 && !isAux(c.toks[verbs[len(verbs)-1]]) || !isVerbTag(c.tag(c.skipAdv(j))) {
				goto done
			}
			if negations[t.Lower] {
				vg.Negated = true
			}
			j++
		case t.Tag.IsVerb():
			if len(verbs) > 0 {
				prev := c.toks[verbs[len(verbs)-1]]
				if !isAux(prev) {
					goto done // "helped establish": a second group
				}
				// "is attack…": an aux before a non-participle noun-like verb ends
				if auxLemma[prev.Lower] == "be" && t.Tag != VBN && t.Tag != VBG {
					goto done
				}
				if auxLemma[prev.Lower] == "have" && t.Tag != VBN && prev.Lower != "had" {
					goto done
				}
			}
			verbs = append(verbs, j)
			j++
		case t.Lower == "'s" || t.Lower == "'re" || t.Lower == "'ve" || t.Lower == "'d":
			verbs = append(verbs, j)
			j++
		default:
			goto done
		}
	}
done:
	if len(verbs) == 0 {
		if vg.Modal != "" {
			// a lone modal ("it will")
			vg.Main = j - 1
			vg.Lemma = c.toks[j-1].Lower
			c.emitVG(start, j, vg)
			return
		}
		c.emit(Other, start, start+1, start, c.toks[start].Lower)
		return
	}
	c.analyzeVerbs(vg, verbs)
	// a particle right after the main verb
	if j < len(c.toks) && c.atomAt[j] < 0 && particles[c.toks[j].Lower] && (c.toks[j].Tag == RP || c.toks[j].Tag == RB || c.toks[j].Tag == IN) {
		if !(c.toks[j].Tag == IN && c.lower(j+1) == "of") {
			vg.Particle = c.toks[j].Lower
			j++
		}
	}
	c.emitVG(start, j, vg)
}

func (c *chunker) emitVG(s, e int, vg *VerbGroup) {
	c.out = append(c.out, Chunk{Kind: VG, Start: s, End: e, Head: vg.Main, Atom: -1, Poss: -1, Word: vg.Lemma, Verb: vg})
	c.i = e
}

func isAux(t Token) bool {
	_, ok := auxLemma[t.Lower]
	return ok
}

// analyzeVerbs fills vg from the verb tokens of the group: the last one is
// the main verb; the ones before it are auxiliaries.
func (c *chunker) analyzeVerbs(vg *VerbGroup, verbs []int) {
	main := verbs[len(verbs)-1]
	mt := c.toks[main]
	vg.Main = main
	vg.Lemma = c.lz.Lemma(mt.Lower, mt.Tag)
	first := c.toks[verbs[0]]
	if vg.Modal == "" && !vg.Infinitive {
		switch first.Tag {
		case VBD, VBZ, VBP:
			vg.Finite = true
		case VB:
			// "does not", an imperative or a tagging slip: finite unless
			// "to" made it an infinitive
			vg.Finite = true
		}
		if first.Lower == "'s" || first.Lower == "'re" || first.Lower == "'ve" || first.Lower == "'d" {
			vg.Finite = true
		}
	}
	switch {
	case vg.Modal == "will" || vg.Modal == "shall" || vg.Modal == "'ll":
		vg.Tense = Future
	case first.Tag == VBD || first.Lower == "had" || first.Lower == "'d" || first.Lower == "was" || first.Lower == "were" || first.Lower == "did":
		vg.Tense = Past
	}
	for k := 0; k+1 < len(verbs); k++ {
		aux := auxLemma[c.toks[verbs[k]].Lower]
		next := c.toks[verbs[k+1]]
		switch {
		case (aux == "be" || aux == "get") && next.Tag == VBN && k+1 == len(verbs)-1:
			vg.Passive = true
		case aux == "be" && next.Tag == VBG && k+1 == len(verbs)-1:
			vg.Progressive = true
		case aux == "have" && (next.Tag == VBN || next.Tag == VBD):
			vg.Perfect = true
		}
	}
	if len(verbs) == 1 && !vg.Infinitive && vg.Modal == "" {
		switch mt.Tag {
		case VBN:
			vg.Participle, vg.Finite = true, false
		case VBG:
			vg.Gerund, vg.Finite = true, false
		}
	}
	if len(verbs) == 1 && vg.Infinitive && mt.Tag == VBN {
		vg.Participle = true
	}
	if lm := auxLemma[mt.Lower]; lm == "be" {
		vg.Copula = true
		vg.Lemma = "be"
	} else if lm != "" {
		vg.Lemma = lm
	}
	if vg.Lemma == "become" || vg.Lemma == "remain" {
		vg.Copula = true
	}
	if vg.Passive {
		// the main verb is the participle; a passive is never a copula
		vg.Copula = false
	}
}
