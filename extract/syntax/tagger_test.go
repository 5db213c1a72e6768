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

// TestTagCases checks the tags of chosen words in sentences of our own:
// noun/verb ambiguities, passives, relative and complement "that",
// possessives and contractions, capitals, headlines, numbers and
// punctuation. Each want is "word/TAG" pairs, in the order the words occur.
func TestTagCases(t *testing.T) {
	cases := []struct{ text, want string }{
		// noun or verb
		{"The attack began in May.", "attack/NN began/VBD"},
		{"They plan to attack banks in Europe.", "plan/VBP attack/VB banks/NNS"},
		{"He faces charges of wire fraud.", "faces/VBZ charges/NNS"},
		{"The indictment charges him with fraud.", "indictment/NN charges/VBZ him/PRP"},
		{"The group targets banks in Asia.", "targets/VBZ banks/NNS"},
		{"The targets included two banks.", "targets/NNS included/VBD"},
		{"The hack of Sony was costly.", "hack/NN was/VBD"},
		{"The suspects tried to hack the network.", "tried/VBD hack/VB network/NN"},
		{"A report by Mandiant named the group.", "report/NN named/VBD"},
		{"Companies must report breaches within 72 hours.", "must/MD report/VB breaches/NNS"},
		{"The group claims responsibility for the attack.", "claims/VBZ responsibility/NN"},
		{"The claims were false.", "claims/NNS were/VBD"},
		{"State media said the state would retaliate.", "State/NN media/NNS state/NN would/MD retaliate/VB"},
		{"The sanctions took effect on Friday.", "sanctions/NNS took/VBD"},
		{"The United States sanctions three firms.", "sanctions/VBZ firms/NNS"},
		{"Treasury sanctioned two companies that helped the group.", "Treasury/NNP sanctioned/VBD companies/NNS that/WDT helped/VBD"},
		{"The attack was serious, the report states.", "report/NN states/VBZ"},
		{"This shows that the group is active.", "This/DT shows/VBZ that/IN"},
		{"He was convicted of conspiracy to murder the defector.", "murder/VB defector/NN"},
		// passives, auxiliaries and participles
		{"He was charged by prosecutors in Virginia.", "was/VBD charged/VBN by/IN"},
		{"Russia has been accused of interfering in the vote.", "has/VBZ been/VBN accused/VBN of/OF interfering/VBG"},
		{"The attack was carried out by a group known as APT40.", "carried/VBN out/RP known/VBN APT40/NNP"},
		{"The police arrested and charged the man on Saturday.", "arrested/VBD and/CC charged/VBD"},
		{"Officers arrested two suspects and seized servers.", "arrested/VBD seized/VBD servers/NNS"},
		{"It said that it sponsors no hacking.", "said/VBD that/IN it/PRP sponsors/VBZ"},
		{"Its sponsors denied it.", "Its/PRP sponsors/NNS denied/VBD"},
		{"China's foreign ministry rejected the accusations as groundless.", "China/NNP 's/POS foreign/JJ ministry/NN rejected/VBD groundless/JJ"},
		{"It's not clear who did it.", "It/PRP 's/VBZ not/RB who/WP did/VBD"},
		{"The ministry didn't comment.", "did/VBD n't/RB comment/VB"},
		{"China’s embassy said they’re wrong.", "China/NNP ’s/POS they’re/PRP"},
		// capitals
		{"The Justice Department on Monday charged four Chinese nationals with hacking into dozens of companies.",
			"Justice/NNP Department/NNP Monday/NNP charged/VBD four/CD Chinese/JJ nationals/NNS hacking/VBG"},
		{"Kaspersky researchers found the malware.", "Kaspersky/NNP researchers/NNS found/VBD"},
		{"Volt Typhoon has pre-positioned itself in U.S. networks.", "Volt/NNP Typhoon/NNP has/VBZ pre-positioned/VBN U.S./NNP"},
		{"The hackers worked for the Ministry of State Security.", "hackers/NNS worked/VBD Ministry/NNP of/OF State/NNP Security/NNP"},
		{"Hackers stole data from the agency.", "Hackers/NNS stole/VBD"},
		{"He said US officials were briefed.", "US/NNP officials/NNS"},
		{"The group, which researchers dubbed Sandworm, attacked the grid.", "which/WDT dubbed/VBD Sandworm/NNP attacked/VBD"},
		{"The U.S.-based firm and a state-sponsored group were named.", "U.S.-based/JJ firm/NN state-sponsored/JJ"},
		// headlines
		{"U.S. Indicts Iranian Nationals On Ransomware Charges", "U.S./NNP Indicts/VBZ Iranian/JJ Nationals/NNS Charges/NNS"},
		{"Hackers Breach Water Utility In Florida, Officials Say", "Hackers/NNS Breach/VBP Officials/NNS Say/VBP"},
		{"Microsoft Says Russian Hackers Stole Emails", "Microsoft/NNP Says/VBZ Hackers/NNS Stole/VBD Emails/NNS"},
		// numbers and punctuation
		{"In the 1990s, 12 firms paid $10 million (about 5%) in 2021.", "1990s/NNS 12/CD $/PUNC 10/CD million/CD (/PUNC 5/CD )/PUNC 2021/CD"},
		{"The 10-year-old flaw, CVE-2021-44228, was exploited.", "10-year-old/JJ CVE-2021-44228/NNP exploited/VBN"},
		{"Prices rose 5% and AT&T fell; R&D spending grew.", "5/CD %/NN AT&T/NNP fell/VBD ;/PUNC R&D/NNP"},
		{"\"We will respond,\" the minister said — firmly.", "\"/PUNC respond/VB ,/PUNC said/VBD —/PUNC firmly/RB"},
	}
	tg := loadTestTagger(t)
	for _, c := range cases {
		toks := Tokenize(c.text)
		tg.Tag(c.text, toks)
		got := formatTagged(c.text, toks)
		k := 0
		for _, w := range strings.Fields(c.want) {
			slash := strings.LastIndexByte(w, '/')
			word, tag := w[:slash], w[slash+1:]
			for k < len(toks) && toks[k].Text(c.text) != word {
				k++
			}
			if k == len(toks) {
				t.Errorf("%q: no token %q after the previous ones\n  tagged: %s", c.text, word, got)
				break
			}
			if toks[k].Tag.String() != tag {
				t.Errorf("%q: %s is %s, want %s\n  tagged: %s", c.text, word, toks[k].Tag, tag, got)
			}
			k++
		}
	}
}

// TestTagEdgeCases tags what a tokenizer may hand over: nothing, one
// token, offsets outside the text, a sentence longer than the limit.
func TestTagEdgeCases(t *testing.T) {
	tg := loadTestTagger(t)
	tg.Tag("", nil)
	one := Tokenize("Hello")
	tg.Tag("Hello", one)
	if one[0].Tag == None {
		t.Error("a lone word is not tagged")
	}
	bad := []Token{{Start: 5, End: 50, Lower: "attack", Kind: Word}, {Start: -1, End: 2, Lower: ".", Kind: Punct}}
	tg.Tag("short", bad)
	for _, tok := range bad {
		if tok.Tag == None {
			t.Errorf("%q not tagged", tok.Lower)
		}
	}
	long := strings.Repeat("The hackers attacked the network of the ministry and stole data, ", 40)
	toks := Tokenize(long)
	tg.Tag(long, toks)
	for i, tok := range toks {
		if tok.Tag == None {
			t.Fatalf("token %d %q not tagged", i, tok.Lower)
		}
	}
}

// TestTagConcurrent tags from several goroutines at once (run with -race).
func TestTagConcurrent(t *testing.T) {
	tg := loadTestTagger(t)
	text := "The Justice Department said the hackers, who worked for the ministry, stole data."
	want := formatTagged(text, tagCopy(tg, text))
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 200; i++ {
				if got := formatTagged(text, tagCopy(tg, text)); got != want {
					t.Errorf("concurrent tagging differs:\n%s\n%s", got, want)
					return
				}
			}
		}()
	}
	wg.Wait()
}

func tagCopy(tg *Tagger, text string) []Token {
	toks := Tokenize(text)
	tg.Tag(text, toks)
	return toks
}

// BenchmarkLoadTagger reads the tagger's data.
func BenchmarkLoadTagger(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := LoadTagger(data.FS); err != nil {
			b.Fatal(err)
		}
	}
}

// TestTagAllocs checks that tagging a sentence allocates nothing once the
// tagger's working memory is warm.
func TestTagAllocs(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector makes sync.Pool drop its items")
	}
	tg := loadTestTagger(t)
	text := "\"The attack was serious,\" the report states, but China's ministry denies that its hackers stole 5% of the U.S.-based firm's data in the 1990s."
	toks := Tokenize(text)
	tg.Tag(text, toks)
	if n := testing.AllocsPerRun(100, func() { tg.Tag(text, toks) }); n > 0 {
		t.Errorf("%.1f allocations per sentence, want 0", n)
	}
}

// FuzzTag tags whatever the tokenizer makes of arbitrary text: every
// token gets a tag, and nothing panics.
func FuzzTag(f *testing.F) {
	f.Add("On Monday the Justice Department charged three Iranian nationals.")
	f.Add("U.S. Indicts Iranian Nationals On Ransomware Charges")
	f.Add("“They’re wrong,” she said — 5% of $10m, APT40's CVE-2021-44228 in the 1990s.")
	f.Add("HACKERS STOLE DATA")
	tg := loadTestTagger(f)
	f.Fuzz(func(t *testing.T, text string) {
		for _, sp := range Split(text) {
			tg.Tag(text, sp.Tokens)
			for _, tok := range sp.Tokens {
				if tok.Tag == None || tok.Tag >= numTags {
					t.Fatalf("%q: token %q has tag %d", text, tok.Lower, tok.Tag)
				}
			}
		}
	})
}
