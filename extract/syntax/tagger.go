package syntax

import (
	"io/fs"
	"sync"
)

// Tagger assigns part-of-speech tags. Safe for concurrent use.
//
// It is a second-order hidden Markov model: the tag sequence of a sentence
// is the one that maximizes the product of P(tag | two tags before) and
// P(word | tag), found by Viterbi search over each token's candidate tags.
// The probabilities come from the festlex-poslex data (Wall Street Journal
// text, see data/lexicon/pos/README.md) with our additions in extra.tsv;
// words missing from both get a distribution from their final letters and
// their shape (capitals, digits, hyphens).
type Tagger struct {
	trans    []float32   // log P(t3 | t1 t2) over internal tags, at (t1·ni + t2)·ni + t3
	tagCount [nt]float64 // tag counts of the data
	logPrior [nt]float32 // log P(tag)
	lex      map[string][]cand
	sufPlain suffixModel // suffixes of words without hyphens
	sufHyph  suffixModel // suffixes of hyphenated words
	pool     sync.Pool   // *scratch
}

// The context before the first token of a sentence: the data is running
// text, where a sentence follows the final punctuation of the one before.
const (
	startTag2 = NN
	startTag1 = Punc
)

// Limits of the search: candidates scoring this far below the best of a
// token are dropped, and at most maxCands are kept.
const (
	pruneGap = 9.0
	maxCands = 12
)

// LoadTagger reads the tagger's data from fsys (data.FS), files under
// "lexicon/pos/": lexicon.tsv.gz, trigrams.tsv.gz and extra.tsv.
func LoadTagger(fsys fs.FS) (*Tagger, error) {
	t := &Tagger{}
	counts, err := readTrigrams(fsys)
	if err != nil {
		return nil, err
	}
	t.setTransitions(counts)
	lex, err := t.readLexicon(fsys)
	if err != nil {
		return nil, err
	}
	t.buildSuffixes(lex)
	completeMorphology(lex)
	t.smoothRare(lex)
	if err := t.readExtra(fsys, lex); err != nil {
		return nil, err
	}
	t.setLexicon(lex)
	t.pool.New = func() any { return new(scratch) }
	return t, nil
}

// scratch is the working memory of one Tag call, reused through a pool.
// Position p of the lattice is token p-2; positions 0 and 1 stand for the
// context before the sentence.
type scratch struct {
	cands []cand    // candidates of all positions
	off   []int32   // off[p]: first candidate of position p; off[len-1] = len(cands)
	dOff  []int32   // dOff[p]: first score of position p
	delta []float32 // best score of a path ending in (candidate a at p-1, b at p): dOff[p] + a·k(p) + b
	back  []uint8   // the candidate at p-2 on that path
}

func (s *scratch) k(p int) int { return int(s.off[p+1] - s.off[p]) }

// Tag sets toks[i].Tag for every token of one sentence; text is the
// document text the offsets refer to.
func (t *Tagger) Tag(text string, toks []Token) {
	if len(toks) == 0 {
		return
	}
	s := t.pool.Get().(*scratch)
	s.cands = append(s.cands[:0], cand{startTag2, 0}, cand{startTag1, 0})
	s.off = append(s.off[:0], 0, 1)
	mode := sentenceMode(text, toks)
	for i := range toks {
		s.off = append(s.off, int32(len(s.cands)))
		start := len(s.cands)
		s.cands = t.candidates(s.cands, text, toks, i, mode)
		s.cands = prune(s.cands, start)
	}
	s.off = append(s.off, int32(len(s.cands)))
	t.viterbi(s, toks)
	t.pool.Put(s)
}

// prune drops the candidates from start on that score far below the best
// one, and keeps the maxCands best.
func prune(c []cand, start int) []cand {
	best := c[start].lp
	for _, x := range c[start+1:] {
		best = max(best, x.lp)
	}
	j := start
	for _, x := range c[start:] {
		if x.lp >= best-pruneGap {
			c[j] = x
			j++
		}
	}
	c = c[:j]
	if j-start > maxCands {
		// insertion sort, best first: the lists are short
		for a := start + 1; a < j; a++ {
			for b := a; b > start && c[b].lp > c[b-1].lp; b-- {
				c[b], c[b-1] = c[b-1], c[b]
			}
		}
		c = c[:start+maxCands]
	}
	return c
}

// viterbi finds the best tag sequence over the candidates in s and writes
// it to toks.
func (t *Tagger) viterbi(s *scratch, toks []Token) {
	np := len(s.off) - 1 // positions, the two of the context included
	s.dOff = s.dOff[:0]
	total := 0
	for p := 0; p < np; p++ {
		s.dOff = append(s.dOff, int32(total))
		if p == 0 {
			total++
		} else {
			total += s.k(p-1) * s.k(p)
		}
	}
	if cap(s.delta) < total {
		s.delta = make([]float32, total+total/2)
		s.back = make([]uint8, total+total/2)
	}
	delta, back, cands, trans := s.delta[:total], s.back[:total], s.cands, t.trans
	delta[s.dOff[1]] = 0
	for p := 2; p < np; p++ {
		k2, k1, k0 := s.k(p-2), s.k(p-1), s.k(p)
		o2, o1, o0 := int(s.off[p-2]), int(s.off[p-1]), int(s.off[p])
		prev, cur := delta[s.dOff[p-1]:], delta[s.dOff[p]:]
		for a := 0; a < k1; a++ {
			ta := int(cands[o1+a].tag)
			for b := 0; b < k0; b++ {
				cb := cands[o0+b]
				best, arg := float32(-1e30), 0
				for c := 0; c < k2; c++ {
					v := prev[c*k1+a] + trans[(int(cands[o2+c].tag)*ni+ta)*ni+int(cb.tag)]
					if v > best {
						best, arg = v, c
					}
				}
				cur[a*k0+b] = best + cb.lp
				back[int(s.dOff[p])+a*k0+b] = uint8(arg)
			}
		}
	}
	// the best last pair; a sentence without final punctuation (a
	// headline) is scored as if one followed
	last := np - 1
	k1, k0 := s.k(last-1), s.k(last)
	o1, o0 := int(s.off[last-1]), int(s.off[last])
	closed := toks[len(toks)-1].Kind == Punct
	bestA, bestB, best := 0, 0, float32(-1e30)
	for a := 0; a < k1; a++ {
		for b := 0; b < k0; b++ {
			v := delta[int(s.dOff[last])+a*k0+b]
			if !closed {
				v += trans[(int(cands[o1+a].tag)*ni+int(cands[o0+b].tag))*ni+int(Punc)]
			}
			if v > best {
				bestA, bestB, best = a, b, v
			}
		}
	}
	a, b := bestA, bestB
	for p := last; p >= 2; p-- {
		toks[p-2].Tag = base(cands[int(s.off[p])+b].tag)
		c := int(back[int(s.dOff[p])+a*s.k(p)+b])
		a, b = c, a
	}
}

// KnownVerb reports whether the lexicon knows w (lower case) as the base
// form of a verb (VB or VBP).
func (t *Tagger) KnownVerb(w string) bool {
	for _, c := range t.lex[w] {
		if b := base(c.tag); b == VB || b == VBP {
			return true
		}
	}
	return false
}

// Known reports whether w (lower case) is in the tagger's lexicon.
func (t *Tagger) Known(w string) bool {
	_, ok := t.lex[w]
	return ok
}
