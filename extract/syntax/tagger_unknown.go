package syntax

import (
	"math"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// The unknown-word model: a word missing from the lexicon gets the tag
// distribution of the longest of its final letters seen among the
// lexicon's rare words (as TnT does), mixed with proper-noun tags as its
// shape says (capitalized, all capitals, digits, hyphens).

const (
	maxSuffix   = 5   // longest suffix looked at
	rareCount   = 8.0 // words seen at most this often train the suffix model
	minSufCount = 2.0 // suffixes seen less often than this are left out
	maxSufTags  = 8   // tags kept for a suffix
	suffixPrior = 3.0 // pseudo-counts of a suffix's shorter suffix
)

// tagProb is a tag with its probability for an unknown word.
type tagProb struct {
	tag Tag
	p   float32
}

// suffixModel maps the final letters of words to P(tag | suffix), for
// words without (plain) and with hyphens.
type suffixModel struct {
	bySuffix map[string][]tagProb
	root     []tagProb
}

// buildSuffixes trains the suffix models on the rare words of the lexicon,
// leaving out the proper-noun tags (the lexicon is lower-cased: the shape
// of a word decides about those).
func (t *Tagger) buildSuffixes(lex map[string]lexEntry) {
	plain := map[string]*[nt]float64{}
	hyph := map[string]*[nt]float64{}
	words := make([]string, 0, len(lex))
	for w := range lex {
		words = append(words, w)
	}
	sort.Strings(words) // the sums do not depend on the map's order
	var tags []Tag
	for _, w := range words {
		e := lex[w]
		total := 0.0
		tags = tags[:0]
		for tag, c := range e {
			total += c
			if c > 0 && !Tag(tag).IsProper() {
				tags = append(tags, Tag(tag))
			}
		}
		if total > rareCount || len(tags) == 0 || !wordLike(w) {
			continue
		}
		m := plain
		if strings.IndexByte(w, '-') > 0 {
			m = hyph
		}
		for L := 0; L <= maxSuffix && L < len(w); L++ {
			s := w[len(w)-L:]
			acc := m[s]
			if acc == nil {
				acc = new([nt]float64)
				m[s] = acc
			}
			for _, tag := range tags {
				acc[tag] += e[tag]
			}
		}
	}
	t.sufPlain = smoothSuffixes(plain)
	t.sufHyph = smoothSuffixes(hyph)
}

// wordLike reports whether w is made of letters, with hyphens, periods or
// apostrophes inside.
func wordLike(w string) bool {
	for i, r := range w {
		if !unicode.IsLetter(r) && !(i > 0 && (r == '-' || r == '.' || r == '\'')) {
			return false
		}
	}
	return w != ""
}

// smoothSuffixes computes P(tag | suffix) by successive abstraction: the
// counts of a suffix plus suffixPrior pseudo-counts spread as the estimate
// for the suffix one letter shorter, normalized. A suffix seen a few times
// stays close to its shorter suffix; one seen often speaks for itself.
func smoothSuffixes(counts map[string]*[nt]float64) suffixModel {
	root := counts[""]
	if root == nil {
		return suffixModel{bySuffix: map[string][]tagProb{}}
	}
	rootP := normalize(root)
	smoothed := map[string][nt]float64{"": rootP}
	keys := make([]string, 0, len(counts))
	for s := range counts {
		keys = append(keys, s)
	}
	sort.Slice(keys, func(i, j int) bool {
		return len(keys[i]) < len(keys[j]) || len(keys[i]) == len(keys[j]) && keys[i] < keys[j]
	})
	out := suffixModel{bySuffix: make(map[string][]tagProb, len(keys)), root: topTags(rootP)}
	for _, s := range keys {
		n := sum(counts[s])
		if s == "" || n < minSufCount {
			continue
		}
		parent, ok := smoothed[s[1:]]
		if !ok {
			continue
		}
		var p [nt]float64
		for tag := 1; tag < nt; tag++ {
			p[tag] = (counts[s][tag] + suffixPrior*parent[tag]) / (n + suffixPrior)
		}
		smoothed[s] = p
		out.bySuffix[s] = topTags(p)
	}
	return out
}

func sum(c *[nt]float64) float64 {
	s := 0.0
	for _, x := range c {
		s += x
	}
	return s
}

func normalize(c *[nt]float64) [nt]float64 {
	var p [nt]float64
	if s := sum(c); s > 0 {
		for i, x := range c {
			p[i] = x / s
		}
	}
	return p
}

// topTags keeps the likeliest tags of a distribution (at most maxSufTags,
// none below 1%), renormalized.
func topTags(p [nt]float64) []tagProb {
	var out []tagProb
	for tag := 1; tag < nt; tag++ {
		if p[tag] >= 0.01 {
			out = append(out, tagProb{Tag(tag), float32(p[tag])})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].p > out[j].p })
	if len(out) > maxSufTags {
		out = out[:maxSufTags]
	}
	s := float32(0)
	for _, tp := range out {
		s += tp.p
	}
	for i := range out {
		out[i].p /= s
	}
	return out
}

// lookup returns P(tag | longest known suffix of w).
func (m *suffixModel) lookup(w string) []tagProb {
	for L := min(maxSuffix, len(w)-1); L > 0; L-- {
		if d, ok := m.bySuffix[w[len(w)-L:]]; ok {
			return d
		}
	}
	return m.root
}

// wordShape is what the tagger reads from a token's spelling.
type wordShape struct {
	cap     bool // first letter upper case
	allCaps bool // two or more letters, all upper case
	digit   bool // has a digit
	hyphen  bool // has a hyphen inside
	lastCap bool // the part after the last hyphen is capitalized
}

// shapeOf reads the shape of a token's text.
func shapeOf(s string) wordShape {
	var sh wordShape
	letters, upper := 0, 0
	segStart := true
	for _, r := range s {
		switch {
		case unicode.IsUpper(r):
			letters++
			upper++
			if letters == 1 {
				sh.cap = true
			}
			if segStart {
				sh.lastCap = true
			}
			segStart = false
		case unicode.IsLetter(r):
			letters++
			if segStart {
				sh.lastCap = false
			}
			segStart = false
		case r >= '0' && r <= '9':
			sh.digit = true
			segStart = false
		case r == '-':
			sh.hyphen = true
			segStart = true
		}
	}
	sh.allCaps = letters >= 2 && upper == letters
	if !sh.hyphen {
		sh.lastCap = sh.cap
	}
	return sh
}

// properWeight is the probability that an unknown word is a proper noun,
// by its shape and place.
func properWeight(sh wordShape, initial, title bool) float32 {
	switch {
	case !sh.cap && !sh.allCaps:
		return 0.03
	case sh.hyphen && !sh.lastCap:
		return 0.1 // "U.S.-based", "Russia-linked"
	case title:
		return 0.5
	case initial:
		return 0.85
	}
	return 0.97
}

// unknownCands appends the candidates of a word missing from the lexicon:
// a mix of the suffix model and proper-noun tags, as emission scores
// log P(tag|word) − log P(tag).
func (t *Tagger) unknownCands(dst []cand, lower string, sh wordShape, initial, title bool) []cand {
	var dist []tagProb
	switch {
	case sh.digit:
		dist = digitDist(lower, sh)
	case sh.hyphen:
		dist = t.sufHyph.lookup(lower)
	default:
		dist = t.sufPlain.lookup(lower)
	}
	pw := properWeight(sh, initial, title)
	if sh.digit {
		pw = 0
	}
	start := len(dst)
	for _, tp := range dist {
		p := tp.p * (1 - pw)
		dst = append(dst, cand{tp.tag, float32(math.Log(float64(p))) - t.logPrior[tp.tag]})
	}
	if pw > 0 {
		nnps := float32(0)
		if strings.HasSuffix(lower, "s") && !strings.HasSuffix(lower, "ss") && !sh.allCaps {
			nnps = 0.2
		}
		dst = addCand(dst, start, NNP, float32(math.Log(float64(pw*(1-nnps))))-t.logPrior[NNP])
		if nnps > 0 {
			dst = addCand(dst, start, NNPS, float32(math.Log(float64(pw*nnps)))-t.logPrior[NNPS])
		}
	}
	return dst
}

// addCand adds a candidate to those of one token (from start on), or raises
// the score of the tag if it is there already.
func addCand(dst []cand, start int, tag Tag, lp float32) []cand {
	for i := start; i < len(dst); i++ {
		if dst[i].tag == tag {
			dst[i].lp = logAdd(dst[i].lp, lp)
			return dst
		}
	}
	return append(dst, cand{tag, lp})
}

func logAdd(a, b float32) float32 {
	if a < b {
		a, b = b, a
	}
	return a + float32(math.Log1p(math.Exp(float64(b-a))))
}

// Distributions of words with digits, by their form.
var (
	distCD      = []tagProb{{CD, 1}}
	distDecades = []tagProb{{NNS, 0.6}, {CD, 0.4}}              // "1990s"
	distOrdinal = []tagProb{{JJ, 0.9}, {NN, 0.1}}               // "21st"
	distNumAdj  = []tagProb{{JJ, 0.8}, {NN, 0.1}, {CD, 0.1}}    // "10-year"
	distNumPl   = []tagProb{{NNS, 0.8}, {JJ, 0.1}, {CD, 0.1}}   // "18-year-olds"
	distCode    = []tagProb{{NNP, 0.9}, {NN, 0.06}, {CD, 0.04}} // "APT40", "COVID-19"
	distAlnum   = []tagProb{{NN, 0.6}, {CD, 0.2}, {JJ, 0.2}}
)

// digitDist returns the distribution of a word with a digit in it.
func digitDist(lower string, sh wordShape) []tagProb {
	letters := false
	for i := 0; i < len(lower); i++ {
		if c := lower[i]; c >= 'a' && c <= 'z' || c >= utf8.RuneSelf {
			letters = true
			break
		}
	}
	startsDigit := lower[0] >= '0' && lower[0] <= '9'
	switch {
	case !letters:
		return distCD
	case sh.cap || sh.allCaps:
		return distCode
	case !startsDigit:
		if sh.hyphen && strings.IndexByte(lower, '-') > 0 && isAlpha(lower[:strings.IndexByte(lower, '-')]) {
			return distCode // "covid-19"
		}
		return distAlnum
	case sh.hyphen:
		if strings.HasSuffix(lower, "s") {
			return distNumPl
		}
		return distNumAdj
	case isDecade(lower):
		return distDecades
	case isOrdinal(lower):
		return distOrdinal
	}
	return distAlnum
}

func isAlpha(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 'a' || c > 'z' {
			return false
		}
	}
	return s != ""
}

// isDecade reports "1990s", "90s", "20s".
func isDecade(w string) bool {
	n := len(w)
	if n < 3 || w[n-1] != 's' {
		return false
	}
	for i := 0; i < n-1; i++ {
		if w[i] < '0' || w[i] > '9' {
			return false
		}
	}
	return true
}

// isOrdinal reports "1st", "22nd", "3rd", "40th".
func isOrdinal(w string) bool {
	n := len(w)
	if n < 3 {
		return false
	}
	switch w[n-2:] {
	case "st", "nd", "rd", "th":
	default:
		return false
	}
	for i := 0; i < n-2; i++ {
		if w[i] < '0' || w[i] > '9' {
			return false
		}
	}
	return true
}
