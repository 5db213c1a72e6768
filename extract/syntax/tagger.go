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
// their shape (capitals, digits, hyphens). Capitals weigh for proper nouns
// inside a sentence (less in a headline in title case); a sentence of
// running text prefers a reading with a finite verb; after the search, a
// verb after "and" takes the form of the verb it is coordinated with.
//
// Tagging allocates nothing: the lexicon and the transition table are
// built at load time, and the working memory is pooled.
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
	delta []float32 // best score of a path ending in (finite verb seen f, candidate a at p-1, b at p): dOff[p] + (f·k(p-1) + a)·k(p) + b
	back  []uint8   // the candidate c at p-2 on that path, and f there: c | f<<7
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
		if len(s.cands) == start {
			s.cands = append(s.cands, cand{NN, 0}) // not reached: every token has a candidate
		}
		s.cands = prune(s.cands, start)
	}
	s.off = append(s.off, int32(len(s.cands)))
	t.viterbi(s, toks, mode == modeNormal && runningText(toks))
	coordinate(s, toks)
	perfect(s, toks)
	participleNoun(toks)
	verbBeforeThat(s, toks)
	reportingClause(s, toks)
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
// it to toks. With needFinite, the states also record whether a finite
// verb (VBD, VBP, VBZ, MD) has been seen, and paths without one pay
// noFinitePenalty: a sentence of running text has a finite verb, so
// "The police arrested and charged him." reads "arrested" as VBD.
func (t *Tagger) viterbi(s *scratch, toks []Token, needFinite bool) {
	nf := 1
	if needFinite {
		nf = 2
	}
	np := len(s.off) - 1 // positions, the two of the context included
	s.dOff = s.dOff[:0]
	total := 0
	for p := 0; p < np; p++ {
		s.dOff = append(s.dOff, int32(total))
		if p == 0 {
			total++
		} else {
			total += nf * s.k(p-1) * s.k(p)
		}
	}
	if cap(s.delta) < total {
		s.delta = make([]float32, total+total/2)
		s.back = make([]uint8, total+total/2)
	}
	delta, back := s.delta[:total], s.back[:total]
	delta[s.dOff[1]] = 0
	if nf == 2 {
		delta[s.dOff[1]+1] = minScore // no finite verb yet
	}
	for p := 2; p < np; p++ {
		t.step(s, delta, back, p, nf)
	}
	// the best last state; a sentence without final punctuation (a
	// headline) is scored as if one followed
	last := np - 1
	k1, k0 := s.k(last-1), s.k(last)
	o1, o0 := int(s.off[last-1]), int(s.off[last])
	closed := toks[len(toks)-1].Kind == Punct
	bestF, bestA, bestB, best := 0, 0, 0, float32(minScore)
	for f := 0; f < nf; f++ {
		for a := 0; a < k1; a++ {
			for b := 0; b < k0; b++ {
				v := delta[int(s.dOff[last])+(f*k1+a)*k0+b]
				if !closed {
					v += t.trans[(int(s.cands[o1+a].tag)*ni+int(s.cands[o0+b].tag))*ni+int(Punc)]
				}
				if nf == 2 && f == 0 {
					v -= noFinitePenalty
				}
				if v > best {
					bestF, bestA, bestB, best = f, a, b, v
				}
			}
		}
	}
	f, a, b := bestF, bestA, bestB
	for p := last; p >= 2; p-- {
		toks[p-2].Tag = base(s.cands[int(s.off[p])+b].tag)
		k1 := s.k(p - 1)
		arg := back[int(s.dOff[p])+(f*k1+a)*s.k(p)+b]
		f, a, b = int(arg>>7), int(arg&127), a
	}
}

// minScore stands for an impossible state.
const minScore = -1e30

// noFinitePenalty is the log-probability cost of a sentence of running
// text without a finite verb.
const noFinitePenalty = 4.0

// finite marks the internal tags of finite verbs and modals.
var finite = func() (f [ni]bool) {
	for t := Tag(1); t < numITags; t++ {
		b := base(t)
		f[t] = b == VBD || b == VBP || b == VBZ || b == MD
	}
	return f
}()

// step computes the scores of position p from those of p-1: for each
// state (f, a at p-1, b at p), the best predecessor (f', c at p-2). The
// back pointer keeps c in its low 7 bits and f' in the high bit.
func (t *Tagger) step(s *scratch, delta []float32, back []uint8, p, nf int) {
	k2, k1, k0 := s.k(p-2), s.k(p-1), s.k(p)
	o2, o1, o0 := int(s.off[p-2]), int(s.off[p-1]), int(s.off[p])
	prev, cur := delta[s.dOff[p-1]:], delta[s.dOff[p]:]
	bk := back[s.dOff[p]:]
	cands, trans := s.cands, t.trans
	for a := 0; a < k1; a++ {
		ta := int(cands[o1+a].tag)
		for b := 0; b < k0; b++ {
			cb := cands[o0+b]
			fin := nf == 2 && finite[cb.tag]
			for f := 0; f < nf; f++ {
				best, arg := float32(minScore), 0
				if !fin || f == 1 {
					for fp := 0; fp < nf; fp++ {
						if fp != f && !fin {
							continue
						}
						for c := 0; c < k2; c++ {
							v := prev[(fp*k2+c)*k1+a] + trans[(int(cands[o2+c].tag)*ni+ta)*ni+int(cb.tag)]
							if v > best {
								best, arg = v, c|fp<<7
							}
						}
					}
				}
				cur[(f*k1+a)*k0+b] = best + cb.lp
				bk[(f*k1+a)*k0+b] = uint8(arg)
			}
		}
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

// CommonWord reports whether w (lower case) is a word of the lexicon whose
// most likely reading is not a proper noun: "Internet", "Parliament" or
// "Government" written capitalized is still a common word.
func (t *Tagger) CommonWord(w string) bool {
	best, bestTag := float32(minScore), None
	for _, c := range t.lex[w] {
		b := base(c.tag)
		if v := c.lp + t.logPrior[b]; v > best {
			best, bestTag = v, b
		}
	}
	return bestTag != None && bestTag != NNP && bestTag != NNPS
}
