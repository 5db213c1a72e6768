// Command posgen converts the part-of-speech lexicon and tag trigrams of
// Debian's festlex-poslex package (University of Edinburgh, derived from the
// Penn Treebank's Wall Street Journal text) into the data files of the
// tagger in extract/syntax:
//
//	data/lexicon/pos/lexicon.tsv.gz   word <TAB> TAG:logp TAG:logp …
//	data/lexicon/pos/trigrams.tsv.gz  T1 <TAB> T2 <TAB> T3 <TAB> count
//
// Run it from the module's root, with festlex-poslex installed
// (apt-get install festlex-poslex):
//
//	go run ./extract/syntax/internal/posgen
//
// Flags -lex, -ngram and -out name other inputs and another output folder.
// The output is deterministic: the same input gives the same bytes.
//
// The conversion drops the data's tags "1" (a tag of a few dozen words
// with an ambiguous tagging in the treebank) and "2" (never seen in the
// trigrams), words that are left without a tag, and trigrams at the
// smoothed count of an unseen trigram (the file's first line gives it).
// Tag names are upper-cased ("nn" → "NN", "punc" → "PUNC"); log
// probabilities keep the data's three decimals.
package main

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"errors"
	"flag"
	"fmt"
	"log"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
)

func main() {
	lex := flag.String("lex", "/usr/share/festival/dicts/wsj.wp39.poslexR", "festival POS lexicon")
	ngram := flag.String("ngram", "/usr/share/festival/dicts/wsj.wp39.tri.ngrambin", "festival POS trigram file")
	out := flag.String("out", "data/lexicon/pos", "output folder")
	flag.Parse()
	if err := run(*lex, *ngram, *out); err != nil {
		log.Fatal(err)
	}
}

func run(lexPath, ngramPath, out string) error {
	lexText, err := os.ReadFile(lexPath)
	if err != nil {
		return err
	}
	lexOut, nWords, err := convertLexicon(lexText)
	if err != nil {
		return fmt.Errorf("%s: %w", lexPath, err)
	}
	ngramBin, err := os.ReadFile(ngramPath)
	if err != nil {
		return err
	}
	triOut, nTri, err := convertTrigrams(ngramBin)
	if err != nil {
		return fmt.Errorf("%s: %w", ngramPath, err)
	}
	if err := writeGzip(filepath.Join(out, "lexicon.tsv.gz"), lexOut); err != nil {
		return err
	}
	if err := writeGzip(filepath.Join(out, "trigrams.tsv.gz"), triOut); err != nil {
		return err
	}
	log.Printf("%d words, %d trigrams written to %s", nWords, nTri, out)
	return nil
}

// dropped are the data's tags that the tagger does not use.
var dropped = map[string]bool{"1": true, "2": true}

var (
	entryRe = regexp.MustCompile(`^\("([^"]+)" \(((?:\([a-z0-9$]+ -?[0-9.]+\) )+)\) \(\) \)$`)
	tagRe   = regexp.MustCompile(`\(([a-z0-9$]+) (-?[0-9.]+)\)`)
)

// convertLexicon turns the festival lexicon ("MNCL" header, then one
// s-expression a word) into TSV lines sorted as in the input (which is
// sorted by word).
func convertLexicon(src []byte) ([]byte, int, error) {
	var buf bytes.Buffer
	buf.WriteString("# word\tTAG:log P(word|TAG) … — converted from festlex-poslex wsj.wp39.poslexR, see README.md\n")
	sc := bufio.NewScanner(bytes.NewReader(src))
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	n := 0
	for line := 0; sc.Scan(); line++ {
		s := sc.Text()
		if line == 0 && s == "MNCL" || s == "" {
			continue
		}
		m := entryRe.FindStringSubmatch(s)
		if m == nil {
			return nil, 0, fmt.Errorf("line %d: unexpected entry %q", line+1, s)
		}
		word := m[1]
		if strings.ContainsAny(word, "\t\n ") {
			return nil, 0, fmt.Errorf("line %d: word with a space %q", line+1, word)
		}
		var tags []string
		for _, tm := range tagRe.FindAllStringSubmatch(m[2], -1) {
			if dropped[tm[1]] {
				continue
			}
			lp, err := strconv.ParseFloat(tm[2], 64)
			if err != nil {
				return nil, 0, fmt.Errorf("line %d: %w", line+1, err)
			}
			if lp == 0 {
				lp = 0 // "-0.000" → "0.000"
			}
			tags = append(tags, strings.ToUpper(tm[1])+":"+strconv.FormatFloat(lp, 'f', 3, 64))
		}
		if len(tags) == 0 {
			continue
		}
		buf.WriteString(word)
		buf.WriteByte('\t')
		buf.WriteString(strings.Join(tags, " "))
		buf.WriteByte('\n')
		n++
	}
	return buf.Bytes(), n, sc.Err()
}

// convertTrigrams decodes the festival binary n-gram file: the header line
// "NgramBin_2 3", two lines listing the tag vocabulary (context and
// predicted, the same 38 tags), then big-endian float64 counts of the
// dense trigram table, index t1·V² + t2·V + t3 for the sequence t1 t2 t3,
// run-length encoded (a value -k says that the value before it occurs k
// times in all).
func convertTrigrams(src []byte) ([]byte, int, error) {
	parts := bytes.SplitN(src, []byte("\n"), 4)
	if len(parts) != 4 || string(parts[0]) != "NgramBin_2 3" {
		return nil, 0, errors.New("not a NgramBin_2 trigram file")
	}
	vocab := strings.Fields(string(parts[1]))
	if strings.Join(vocab, " ") != strings.Join(strings.Fields(string(parts[2])), " ") {
		return nil, 0, errors.New("context and predicted vocabularies differ")
	}
	body := parts[3]
	if len(body)%8 != 0 {
		return nil, 0, fmt.Errorf("body of %d bytes is not a sequence of float64", len(body))
	}
	v := len(vocab)
	want := v * v * v
	vals := make([]float64, 0, want)
	for i := 0; i < len(body); i += 8 {
		x := math.Float64frombits(binary.BigEndian.Uint64(body[i:]))
		if x >= 0 {
			vals = append(vals, x)
			continue
		}
		if len(vals) == 0 {
			return nil, 0, errors.New("run length before any value")
		}
		last := vals[len(vals)-1]
		for k := 1; k < int(-x); k++ {
			vals = append(vals, last)
		}
	}
	if len(vals) != want {
		return nil, 0, fmt.Errorf("decoded %d values, want %d", len(vals), want)
	}
	unseen := minimum(vals)
	var buf bytes.Buffer
	buf.WriteString("# T1\tT2\tT3\tcount of the tag sequence T1 T2 T3 (smoothed) — converted from festlex-poslex wsj.wp39.tri.ngrambin, see README.md\n")
	fmt.Fprintf(&buf, "# unseen\t%s\n", strconv.FormatFloat(unseen, 'f', -1, 64))
	n := 0
	for i, x := range vals {
		a, b, c := vocab[i/(v*v)], vocab[i/v%v], vocab[i%v]
		if x == unseen || dropped[a] || dropped[b] || dropped[c] {
			continue
		}
		fmt.Fprintf(&buf, "%s\t%s\t%s\t%s\n", strings.ToUpper(a), strings.ToUpper(b), strings.ToUpper(c),
			strconv.FormatFloat(x, 'f', -1, 64))
		n++
	}
	return buf.Bytes(), n, nil
}

func minimum(xs []float64) float64 {
	m := math.Inf(1)
	for _, x := range xs {
		m = math.Min(m, x)
	}
	return m
}

func writeGzip(path string, content []byte) error {
	var buf bytes.Buffer
	zw, err := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	if err != nil {
		return err
	}
	if _, err := zw.Write(content); err != nil {
		return err
	}
	if err := zw.Close(); err != nil {
		return err
	}
	return os.WriteFile(path, buf.Bytes(), 0o644)
}
