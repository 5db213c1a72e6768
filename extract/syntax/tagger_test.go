package syntax

import (
	"os"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/newsgraph/newsgraph/data"
)

var (
	testTaggerOnce sync.Once
	testTagger     *Tagger
	testTaggerErr  error
)

// loadTestTagger loads the tagger once for all tests.
func loadTestTagger(t testing.TB) *Tagger {
	t.Helper()
	testTaggerOnce.Do(func() { testTagger, testTaggerErr = LoadTagger(data.FS) })
	if testTaggerErr != nil {
		t.Fatal(testTaggerErr)
	}
	return testTagger
}

// tagText splits text into sentences and tags them.
func tagText(tg *Tagger, text string) []Span {
	spans := Split(text)
	for i := range spans {
		tg.Tag(text, spans[i].Tokens)
	}
	return spans
}

// formatTagged renders tokens as word/TAG.
func formatTagged(text string, toks []Token) string {
	var b strings.Builder
	for i, tok := range toks {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(tok.Text(text))
		b.WriteByte('/')
		b.WriteString(tok.Tag.String())
	}
	return b.String()
}

// TestTagDump tags the files named in $TAGGER_DUMP (colon-separated) and
// prints the sentences, for looking at the tagger's output.
func TestTagDump(t *testing.T) {
	files := os.Getenv("TAGGER_DUMP")
	if files == "" {
		t.Skip("set TAGGER_DUMP to files to tag")
	}
	tg := loadTestTagger(t)
	for _, f := range strings.Split(files, ":") {
		raw, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		text := string(raw)
		for _, sp := range tagText(tg, text) {
			t.Log(formatTagged(text, sp.Tokens))
		}
	}
}

// readGold reads testdata/pos_gold.txt: one sentence a line as word/TAG
// tokens.
func readGold(t *testing.T) [][2][]string {
	t.Helper()
	raw, err := os.ReadFile("testdata/pos_gold.txt")
	if err != nil {
		t.Fatal(err)
	}
	var out [][2][]string
	for _, line := range strings.Split(string(raw), "\n") {
		if line = strings.TrimSpace(line); line == "" || line[0] == '#' {
			continue
		}
		var words, tags []string
		for _, f := range strings.Fields(line) {
			k := strings.LastIndexByte(f, '/')
			if k <= 0 {
				t.Fatalf("bad token %q in %q", f, line)
			}
			words = append(words, f[:k])
			tags = append(tags, f[k+1:])
		}
		out = append(out, [2][]string{words, tags})
	}
	return out
}

// detokenize joins tokens back into text: no space before closing
// punctuation and clitics, none after opening brackets, quotes and "$".
func detokenize(words []string) string {
	var b strings.Builder
	quoteOpen, glue := false, true
	for _, w := range words {
		attach := false
		switch w {
		case ",", ".", ";", ":", "?", "!", ")", "]", "%", "'s", "n't", "'":
			attach = true
		case "\"":
			attach = quoteOpen
			quoteOpen = !quoteOpen
		}
		if !glue && !attach {
			b.WriteByte(' ')
		}
		b.WriteString(w)
		glue = w == "(" || w == "[" || w == "$" || w == "\"" && quoteOpen
	}
	return b.String()
}

// TestAccuracy tags the hand-tagged sentences of testdata/pos_gold.txt and
// requires 95% of the tokens right.
func TestAccuracy(t *testing.T) {
	tg := loadTestTagger(t)
	right, total := 0, 0
	confusions := map[string]int{}
	var wrongSents []string
	for _, g := range readGold(t) {
		words, tags := g[0], g[1]
		text := detokenize(words)
		toks := Tokenize(text)
		if len(toks) != len(words) {
			t.Errorf("%q: %d tokens, gold has %d", text, len(toks), len(words))
			continue
		}
		for i, tok := range toks {
			if tok.Text(text) != words[i] {
				t.Errorf("%q: token %d is %q, gold has %q", text, i, tok.Text(text), words[i])
			}
		}
		tg.Tag(text, toks)
		wrong := false
		for i, tok := range toks {
			want, ok := ParseTag(tags[i])
			if !ok {
				t.Fatalf("unknown gold tag %q", tags[i])
			}
			total++
			if tok.Tag == want {
				right++
				continue
			}
			wrong = true
			confusions[tags[i]+"→"+tok.Tag.String()+" ("+strings.ToLower(words[i])+")"]++
		}
		if wrong {
			wrongSents = append(wrongSents, formatTagged(text, toks))
		}
	}
	acc := float64(right) / float64(total)
	t.Logf("accuracy %.2f%% (%d of %d tokens, %d sentences with an error)", 100*acc, right, total, len(wrongSents))
	if acc < 0.95 || testing.Verbose() {
		keys := make([]string, 0, len(confusions))
		for k := range confusions {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			t.Logf("  gold→tagged %s ×%d", k, confusions[k])
		}
		for _, s := range wrongSents {
			t.Logf("  %s", s)
		}
	}
	if acc < 0.95 {
		t.Errorf("accuracy %.2f%%, want at least 95%%", 100*acc)
	}
}

// BenchmarkTag tags a news text of our own writing (testdata/pos_bench.txt),
// split into sentences beforehand.
func BenchmarkTag(b *testing.B) {
	tg := loadTestTagger(b)
	raw, err := os.ReadFile("testdata/pos_bench.txt")
	if err != nil {
		b.Fatal(err)
	}
	text := string(raw)
	spans := Split(text)
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		for i := range spans {
			tg.Tag(text, spans[i].Tokens)
		}
	}
}

// TestTagDebug prints the candidate tags of each token of the sentence in
// $TAGGER_DEBUG with their emission scores, and the tags chosen.
func TestTagDebug(t *testing.T) {
	text := os.Getenv("TAGGER_DEBUG")
	if text == "" {
		t.Skip("set TAGGER_DEBUG to a sentence")
	}
	tg := loadTestTagger(t)
	toks := Tokenize(text)
	mode := sentenceMode(text, toks)
	tg.Tag(text, toks)
	for i, tok := range toks {
		cs := prune(tg.candidates(nil, text, toks, i, mode), 0)
		var b strings.Builder
		for _, c := range cs {
			name := base(c.tag).String()
			if c.tag >= numTags {
				name += "*"
			}
			b.WriteString(" " + name + ":" + strconv.FormatFloat(float64(c.lp), 'f', 2, 32))
		}
		t.Logf("%-14s %-5s |%s", tok.Text(text), tok.Tag, b.String())
	}
}
