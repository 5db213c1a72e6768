package syntax

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Capitalization cues. The lexicon is lower-cased, so its counts for a
// word like "state" mix the common noun with "State" in names; the case
// of the word in the text tells them apart. Scores are natural logs.
const (
	capPenalty     = 5.0 // a capitalized word inside a sentence is rarely a common word
	capAdjPenalty  = 1.0 // …but nationalities ("Chinese") are capitalized adjectives
	capNewProper   = 1.0 // a capitalized known word that the data never saw as a name: NNP this far below its best tag
	lowerPenalty   = 6.0 // a lower-case word inside a sentence is rarely a name
	acronymPenalty = 4.0 // "US", "WHO" in capitals are names
)

// sentMode says how far capitals can be trusted in a sentence.
type sentMode uint8

const (
	modeNormal  sentMode = iota
	modeTitle            // a headline in title case: capitals say little
	modeAllCaps          // all in capitals: capitals say nothing
)

// sentenceMode detects headlines in title case or in capitals: when most
// words of four letters or more after the first are capitalized (80%, or
// 60% when the sentence has no final punctuation).
func sentenceMode(text string, toks []Token) sentMode {
	content, caps, upper, lower := 0, 0, 0, 0
	first := true
	for i := range toks {
		tok := &toks[i]
		if tok.Kind != Word {
			continue
		}
		s := surface(text, tok)
		for _, r := range s {
			if unicode.IsUpper(r) {
				upper++
			} else if unicode.IsLower(r) {
				lower++
			}
		}
		if first {
			first = false
			continue
		}
		if utf8.RuneCountInString(s) >= 4 && IsLetter(firstRune(s)) {
			content++
			if IsCap(s) {
				caps++
			}
		}
	}
	if lower == 0 && upper >= 6 {
		return modeAllCaps
	}
	final := finalPunct(toks)
	if content >= 3 && caps*5 >= content*4 || !final && content >= 2 && caps*5 >= content*3 {
		return modeTitle
	}
	return modeNormal
}

// runningText reports whether a sentence reads as running text, which has
// a finite verb: four words or more and final punctuation.
func runningText(toks []Token) bool {
	words := 0
	for i := range toks {
		if toks[i].Kind == Word {
			words++
		}
	}
	return words >= 4 && finalPunct(toks)
}

// finalPunct reports whether a sentence ends in ".", "!" or "?", perhaps
// before closing quotes and brackets.
func finalPunct(toks []Token) bool {
	k := len(toks) - 1
	for k > 0 && closers[toks[k].Lower] {
		k--
	}
	last := toks[k]
	return last.Kind == Punct && (last.Lower == "." || last.Lower == "!" || last.Lower == "?")
}

func firstRune(s string) rune {
	r, _ := utf8.DecodeRuneInString(s)
	return r
}

// surface returns the token as written, or its lower-cased form when the
// offsets do not fit the text.
func surface(text string, tok *Token) string {
	if tok.Start < 0 || tok.End > len(text) || tok.Start > tok.End {
		return tok.Lower
	}
	return text[tok.Start:tok.End]
}

// openers are the punctuation marks after which a capital may open a
// sentence or a quotation.
var openers = map[string]bool{"\"": true, "'": true, "(": true, "[": true, ":": true, "-": true,
	"*": true, "•": true, ">": true, "|": true, ".": true, "!": true, "?": true, "…": true, "·": true}

// atStart reports whether token i opens the sentence or a quotation, where
// a capital says nothing.
func atStart(toks []Token, i int) bool {
	for j := i - 1; j >= 0; j-- {
		if toks[j].Kind != Punct {
			return false
		}
		if openers[toks[j].Lower] {
			return true
		}
	}
	return true
}

// closedClass are the tags of function words, on which capitals are no cue.
var closedClass = [nt]bool{DT: true, IN: true, CC: true, PRP: true, MD: true, WDT: true, WP: true,
	WRB: true, EX: true, TO: true, OF: true, PDT: true, POS: true, RP: true, UH: true}

// candidates appends the candidate tags of token i with their scores.
func (t *Tagger) candidates(dst []cand, text string, toks []Token, i int, mode sentMode) []cand {
	tok := &toks[i]
	start := len(dst)
	if tok.Lower == "" {
		return append(dst, cand{Punc, 0}) // not a token the tokenizer makes
	}
	if tok.Kind == Punct {
		if cs, ok := t.lex[tok.Lower]; ok && tok.Lower != "'" {
			return append(dst, cs...)
		}
		return append(dst, cand{Punc, 0})
	}
	s := surface(text, tok)
	sh := shapeOf(s)
	initial := atStart(toks, i)
	cs, ok := t.lookup(tok.Lower)
	if !ok {
		return t.unknownCands(dst, tok.Lower, sh, initial, mode != modeNormal)
	}
	dst = append(dst, cs...)
	own := dst[start:]
	switch {
	case mode == modeAllCaps:
	case sh.allCaps && utf8.RuneCountInString(tok.Lower) >= 2 && isAcronym(s):
		// "US", "WHO": never the function word
		best := bestScore(own)
		dst = dropClosedClass(dst, start)
		penalize(dst[start:], acronymPenalty, acronymPenalty)
		dst = ensureProper(dst, start, best)
	case mode == modeTitle || initial:
	case sh.cap || sh.hyphen && sh.lastCap:
		if hasClosedClass(own) {
			break
		}
		best := bestScore(own)
		penalize(own, capPenalty, capAdjPenalty)
		dst = ensureProper(dst, start, best-capNewProper)
	default:
		if hasProper(own) {
			if allProper(own) {
				return t.unknownCands(dst[:start], tok.Lower, sh, initial, false)
			}
			for k := range own {
				if base(own[k].tag).IsProper() {
					own[k].lp -= lowerPenalty
				}
			}
		}
	}
	return dst
}

// lookup finds a word's candidates in the lexicon, or those of the word
// without a final period ("Dept."), or those of the word after a prefix
// ("pre-positioned", "re-elected"), or those of the word before a clitic
// that the tokenizer left on it ("they're", "I'm", "we've": the pronoun).
func (t *Tagger) lookup(w string) ([]cand, bool) {
	if cs, ok := t.lex[w]; ok {
		return cs, true
	}
	if len(w) > 2 && strings.HasSuffix(w, ".") {
		if cs, ok := t.lex[w[:len(w)-1]]; ok {
			return cs, true
		}
	}
	if k := strings.IndexByte(w, '-'); k > 0 && hyphenPrefixes[w[:k]] && k+1 < len(w) {
		if cs, ok := t.lex[w[k+1:]]; ok {
			return cs, true // "re-elected" as "elected"
		}
	}
	if k := strings.LastIndexByte(w, '\''); k > 0 {
		switch w[k:] {
		case "'re", "'ve", "'ll", "'d", "'m":
			return t.lex[w[:k]], t.lex[w[:k]] != nil
		}
	}
	return nil, false
}

// hyphenPrefixes are prefixes written with a hyphen that leave the word's
// part of speech as it is.
// ("anti-", "non-", "post-" make adjectives: "anti-government").
var hyphenPrefixes = map[string]bool{"pre": true, "re": true, "co": true, "counter": true, "mis": true,
	"inter": true, "semi": true, "sub": true, "super": true, "over": true, "under": true, "cyber": true,
	"de": true, "un": true}

// dropClosedClass removes the function-word candidates from start on,
// unless nothing would be left.
func dropClosedClass(dst []cand, start int) []cand {
	j := start
	for _, c := range dst[start:] {
		if !closedClass[base(c.tag)] {
			dst[j] = c
			j++
		}
	}
	if j == start {
		return dst
	}
	return dst[:j]
}

// isAcronym reports whether a word in capitals reads as an acronym: at
// most five letters, or letters with periods ("U.S.").
func isAcronym(s string) bool {
	return utf8.RuneCountInString(s) <= 5 || strings.Contains(s, ".")
}

// penalize lowers the scores of the non-proper tags, adjectives by adj and
// the others by other.
func penalize(cs []cand, other, adj float32) {
	for k := range cs {
		switch {
		case base(cs[k].tag).IsProper():
		case base(cs[k].tag) == JJ:
			cs[k].lp -= adj
		default:
			cs[k].lp -= other
		}
	}
}

// ensureProper adds NNP at score lp to the candidates from start on when
// they have no proper-noun tag.
func ensureProper(dst []cand, start int, lp float32) []cand {
	if hasProper(dst[start:]) {
		return dst
	}
	return append(dst, cand{NNP, lp})
}

func bestScore(cs []cand) float32 {
	best := float32(-1e30)
	for _, c := range cs {
		best = max(best, c.lp)
	}
	return best
}

func hasProper(cs []cand) bool {
	for _, c := range cs {
		if base(c.tag).IsProper() {
			return true
		}
	}
	return false
}

func allProper(cs []cand) bool {
	for _, c := range cs {
		if !base(c.tag).IsProper() {
			return false
		}
	}
	return true
}

func hasClosedClass(cs []cand) bool {
	for _, c := range cs {
		if closedClass[base(c.tag)] {
			return true
		}
	}
	return false
}
