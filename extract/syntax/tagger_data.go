package syntax

import (
	"bufio"
	"compress/gzip"
	"fmt"
	"io"
	"io/fs"
	"math"
	"strconv"
	"strings"
)

// The tagger's data files, under the root of the file system given to
// LoadTagger (see data/lexicon/pos/README.md).
const (
	posDir       = "lexicon/pos/"
	lexiconFile  = posDir + "lexicon.tsv.gz"
	trigramsFile = posDir + "trigrams.tsv.gz"
	extraFile    = posDir + "extra.tsv"
)

// nt is the size of the tables indexed by Tag (None included).
const nt = int(numTags)

// cand is one candidate tag of a token with its emission score: log
// P(word|tag) up to a constant of the token. The tag may be an internal
// one (see tagger_itag.go).
type cand struct {
	tag Tag
	lp  float32
}

// readLines calls fn with each line of a file, gunzipped when the name ends
// in ".gz", skipping blank lines and comments: lines that start with "# "
// (the word "#" has an entry of its own).
func readLines(fsys fs.FS, name string, fn func(line string, no int) error) error {
	f, err := fsys.Open(name)
	if err != nil {
		return err
	}
	defer f.Close()
	var r io.Reader = f
	if strings.HasSuffix(name, ".gz") {
		zr, err := gzip.NewReader(f)
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		defer zr.Close()
		r = zr
	}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for no := 1; sc.Scan(); no++ {
		line := strings.TrimRight(sc.Text(), "\r")
		if line == "" || line == "#" || strings.HasPrefix(line, "# ") {
			continue
		}
		if err := fn(line, no); err != nil {
			return fmt.Errorf("%s:%d: %w", name, no, err)
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	return nil
}

// readTrigrams reads the smoothed tag trigram counts, filling the trigrams
// that the file leaves out with its "# unseen" count.
func readTrigrams(fsys fs.FS) ([]float64, error) {
	counts := make([]float64, nt*nt*nt)
	unseen := -1.0
	// the unseen count is on a comment line, which readLines skips
	if err := scanUnseen(fsys, &unseen); err != nil {
		return nil, err
	}
	if unseen <= 0 {
		return nil, fmt.Errorf("%s: no \"# unseen\" line", trigramsFile)
	}
	seen := make([]bool, len(counts))
	err := readLines(fsys, trigramsFile, func(line string, _ int) error {
		f := strings.Split(line, "\t")
		if len(f) != 4 {
			return fmt.Errorf("want 4 fields, got %d", len(f))
		}
		var tg [3]Tag
		for i := range tg {
			t, ok := ParseTag(f[i])
			if !ok {
				return fmt.Errorf("unknown tag %q", f[i])
			}
			tg[i] = t
		}
		c, err := strconv.ParseFloat(f[3], 64)
		if err != nil || c < 0 {
			return fmt.Errorf("bad count %q", f[3])
		}
		k := (int(tg[0])*nt+int(tg[1]))*nt + int(tg[2])
		counts[k] = c
		seen[k] = true
		return nil
	})
	if err != nil {
		return nil, err
	}
	for a := 1; a < nt; a++ {
		for b := 1; b < nt; b++ {
			for c := 1; c < nt; c++ {
				if k := (a*nt+b)*nt + c; !seen[k] {
					counts[k] = unseen
				}
			}
		}
	}
	return counts, nil
}

// scanUnseen finds the "# unseen <TAB> count" line of the trigram file.
func scanUnseen(fsys fs.FS, unseen *float64) error {
	f, err := fsys.Open(trigramsFile)
	if err != nil {
		return err
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return fmt.Errorf("%s: %w", trigramsFile, err)
	}
	defer zr.Close()
	sc := bufio.NewScanner(zr)
	for i := 0; i < 5 && sc.Scan(); i++ {
		if v, ok := strings.CutPrefix(sc.Text(), "# unseen\t"); ok {
			*unseen, err = strconv.ParseFloat(v, 64)
			return err
		}
	}
	return sc.Err()
}

// setTransitions turns trigram counts into the interpolated probabilities
// P(t3 | t1 t2), from which setInternalTransitions fills t.trans, and the
// tag counts (the trigram table's marginals) into t.tagCount and
// t.logPrior.
func (t *Tagger) setTransitions(counts []float64) {
	var uni [nt]float64
	var bi [nt][nt]float64
	var ctx [nt][nt]float64 // Σ over t3 of count(t1 t2 t3)
	total := 0.0
	for a := 1; a < nt; a++ {
		for b := 1; b < nt; b++ {
			for c := 1; c < nt; c++ {
				x := counts[(a*nt+b)*nt+c]
				uni[c] += x
				bi[b][c] += x
				ctx[a][b] += x
				total += x
			}
		}
	}
	var biCtx [nt]float64
	for b := 1; b < nt; b++ {
		for c := 1; c < nt; c++ {
			biCtx[b] += bi[b][c]
		}
	}
	p := make([]float64, nt*nt*nt)
	for a := 1; a < nt; a++ {
		for b := 1; b < nt; b++ {
			for c := 1; c < nt; c++ {
				p[(a*nt+b)*nt+c] = lambda3*counts[(a*nt+b)*nt+c]/ctx[a][b] +
					lambda2*bi[b][c]/biCtx[b] + lambda1*uni[c]/total
			}
		}
	}
	t.setInternalTransitions(p)
	for c := 1; c < nt; c++ {
		t.tagCount[c] = uni[c]
		t.logPrior[c] = float32(math.Log(uni[c] / total))
	}
}

// Interpolation weights of the trigram, bigram and unigram estimates of
// P(t3 | t1 t2). The trigram counts are smoothed already; the lower orders
// help with the contexts that are rare in the data.
const (
	lambda3 = 0.90
	lambda2 = 0.09
	lambda1 = 0.01
)

// lexEntry is a word's counts by tag in the data (count = P(word|tag) ·
// count(tag)), before they become emission scores; 0 for the tags the word
// does not have.
type lexEntry = *[nt]float64

// readLexicon reads lexicon.tsv.gz into word → tag → count.
func (t *Tagger) readLexicon(fsys fs.FS) (map[string]lexEntry, error) {
	lex := make(map[string]lexEntry, 34000)
	err := readLines(fsys, lexiconFile, func(line string, _ int) error {
		word, rest, ok := strings.Cut(line, "\t")
		if !ok {
			return fmt.Errorf("no tab")
		}
		e := new([nt]float64)
		for _, f := range strings.Fields(rest) {
			name, num, ok := strings.Cut(f, ":")
			tag, tok := ParseTag(name)
			lp, err := strconv.ParseFloat(num, 64)
			if !ok || !tok || err != nil {
				return fmt.Errorf("bad tag %q", f)
			}
			e[tag] = math.Exp(lp) * t.tagCount[tag]
		}
		lex[word] = e
		return nil
	})
	return lex, err
}

// readExtra reads extra.tsv: "word <TAB> TAG[:p] TAG[:p] …" with p the
// probability of the tag for the word (the tags without one share what is
// left equally). An entry replaces the word's entry in the lexicon.
func (t *Tagger) readExtra(fsys fs.FS, lex map[string]lexEntry) error {
	return readLines(fsys, extraFile, func(line string, _ int) error {
		word, rest, ok := strings.Cut(line, "\t")
		word = strings.TrimSpace(word)
		if !ok || word == "" {
			return fmt.Errorf("want word <TAB> tags")
		}
		if k := strings.IndexByte(rest, '#'); k >= 0 {
			rest = rest[:k]
		}
		probs := map[Tag]float64{}
		left, free := 1.0, 0
		for _, f := range strings.Fields(rest) {
			name, num, hasP := strings.Cut(f, ":")
			tag, ok := ParseTag(name)
			if !ok || tag == None {
				return fmt.Errorf("unknown tag %q", name)
			}
			p := -1.0
			if hasP {
				v, err := strconv.ParseFloat(num, 64)
				if err != nil || v <= 0 || v > 1 {
					return fmt.Errorf("bad probability %q", f)
				}
				p = v
				left -= v
			} else {
				free++
			}
			probs[tag] = p
		}
		if len(probs) == 0 {
			return fmt.Errorf("no tags for %q", word)
		}
		e := new([nt]float64)
		for tag, p := range probs {
			if p < 0 {
				p = math.Max(left, 0.01) / float64(free)
			}
			// count(word, tag) ∝ P(tag|word) / P(tag) · count(tag) = P(tag|word) · total
			e[tag] = p * 10
		}
		lex[LowerNorm(word)] = e
		return nil
	})
}

// completeMorphology adds tags that the 1989 data missed for regular
// inflections: a past form in -ed seen only as VBD (or VBN) gets the other;
// a base form seen only as VB (or VBP) gets the other (they are the same
// form for every verb but "be"); a plural noun in -s whose stem is a verb
// (or has a regular past form) gets VBZ, and a VBZ whose stem is a noun
// gets NNS. The added counts are a
// fraction of the seen ones.
func completeMorphology(lex map[string]lexEntry) {
	isVerbForm := func(w string, tags ...Tag) bool {
		e := lex[w]
		if e == nil {
			return false
		}
		for _, tg := range tags {
			if e[tg] > 0 {
				return true
			}
		}
		return false
	}
	for w, e := range lex {
		vbd, vbn := e[VBD], e[VBN]
		if strings.HasSuffix(w, "ed") && (vbd > 0) != (vbn > 0) {
			if vbd > 0 {
				e[VBN] = math.Max(0.5, vbd/2)
			} else {
				e[VBD] = math.Max(0.5, vbn/2)
			}
		}
		if e[VB] == 0 && e[VBP] == 0 && e[NN] > 0 && (isVerbForm(pastOf(w), VBD, VBN) || isVerbForm(w+"s", VBZ)) {
			e[VB], e[VBP] = 0.5, 0.5 // "murder": "murdered" is a verb
		}
		vb, vbp := e[VB], e[VBP]
		if (vb > 0) != (vbp > 0) && !beForms[w] {
			if vb > 0 {
				e[VBP] = math.Max(0.5, vb/2)
			} else {
				e[VB] = math.Max(0.5, vbp/2)
			}
		}
		for _, stem := range stems(w) {
			if e[NNS] > 0 && e[VBZ] == 0 && (isVerbForm(stem, VB, VBP) || isVerbForm(pastOf(stem), VBD, VBN)) {
				e[VBZ] = 0.5
			}
			if e[VBZ] > 0 && e[NNS] == 0 && isVerbForm(stem, NN) {
				e[NNS] = 0.5
			}
		}
	}
}

// pastOf returns the regular past form of a verb: "plague" → "plagued",
// "deny" → "denied", "target" → "targeted" ("ban" → "baned" is missed).
func pastOf(w string) string {
	switch {
	case strings.HasSuffix(w, "e"):
		return w + "d"
	case strings.HasSuffix(w, "y") && len(w) > 2 && !strings.ContainsRune("aeiou", rune(w[len(w)-2])):
		return w[:len(w)-1] + "ied"
	}
	return w + "ed"
}

// beForms are the forms of "be", whose VB and VBP differ.
var beForms = map[string]bool{"be": true, "am": true, "are": true, "is": true, "was": true, "were": true,
	"'m": true, "'re": true, "'s": true}

// Words seen at most rareSmooth times get the tags of their suffix too, at
// smoothWeight times P(tag | suffix) added to their counts: a rare word
// seen only as a verb ("bail") may well be a noun.
const (
	rareSmooth   = 10.0
	smoothWeight = 0.5
)

// smoothRare adds the suffix model's tags to the rare words of the lexicon
// (not to names: words seen only as proper nouns).
func (t *Tagger) smoothRare(lex map[string]lexEntry) {
	for w, e := range lex {
		total, proper := 0.0, 0.0
		for tag, c := range e {
			total += c
			if Tag(tag).IsProper() {
				proper += c
			}
		}
		if total > rareSmooth || proper == total || !wordLike(w) {
			continue
		}
		m := &t.sufPlain
		if strings.IndexByte(w, '-') > 0 {
			m = &t.sufHyph
		}
		for _, tp := range m.lookup(w) {
			e[tp.tag] += smoothWeight * float64(tp.p)
		}
	}
}

// stems returns the candidate stems of a word in -s: "targets" → "target",
// "breaches" → "breach", "denies" → "deny".
func stems(w string) []string {
	if len(w) < 4 || !strings.HasSuffix(w, "s") || strings.HasSuffix(w, "ss") {
		return nil
	}
	out := []string{w[:len(w)-1]}
	if strings.HasSuffix(w, "es") {
		out = append(out, w[:len(w)-2])
	}
	if strings.HasSuffix(w, "ies") {
		out = append(out, w[:len(w)-3]+"y")
	}
	return out
}

// setLexicon turns the counts into the emission scores of t.lex: log
// count(word, tag) − log count(tag) = log P(word|tag), under the word's
// internal tags (see variants).
func (t *Tagger) setLexicon(lex map[string]lexEntry) {
	n := 0
	for _, e := range lex {
		n += len(e)
	}
	all := make([]cand, 0, n)
	t.lex = make(map[string][]cand, len(lex))
	for w, e := range lex {
		start := len(all)
		for tag := Tag(1); tag < numTags; tag++ {
			if c := e[tag]; c > 0 {
				vs := variants(w, tag)
				lp := float32(math.Log(c/float64(len(vs))) - math.Log(t.tagCount[tag]))
				for _, v := range vs {
					all = append(all, cand{v, lp})
				}
			}
		}
		t.lex[w] = all[start:len(all):len(all)]
	}
}
