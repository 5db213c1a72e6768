package extract

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/newsgraph/newsgraph/extract/syntax"
)

// samples are short documents written for these tests, each with a few of
// the constructions extraction handles, and some text that is hard to
// read (no punctuation, other scripts, invalid UTF-8).
var samples = []struct{ name, text string }{
	{"accusation", "The FBI on Monday accused APT40 of hacking universities in Germany. China's Foreign Ministry denied the accusations."},
	{"joint", "Britain, joined by Australia and Canada, condemned the GRU. The three countries also sanctioned Unit 26165."},
	{"charges", "WASHINGTON (Wire) - The Justice Department charged four Chinese nationals who worked for the Ministry of State Security " +
		"with hacking Brightwater Utilities, a water company in Kansas.\n\nFBI Director Christopher Wray said the bureau would pursue them."},
	{"speech", "“APT28 broke into the email servers of the Bundestag,” the German government said. According to Berlin, the attack began in May."},
	{"victims", "Sandworm targeted hospitals, universities and power companies in Ukraine, including Kyivoblenergo and Ukrenergo."},
	{"headline", "Canada blames Russia for vaccine research hacking\n\nOttawa said APT29 targeted Canadian vaccine developers."},
	{"unicode", "Le ministère a accusé APT31. 中国外交部否认了这些指控。 The NCSC said APT31 targeted the Eduskunta — again."},
	{"no punctuation", strings.Repeat("China Russia the FBI blamed hackers affiliated with the MSS and Canada ", 40)},
	{"broken utf-8", "The NSA \xff\xfe warned that APT28 \xc3 hacked the \x80 Storting."},
	{"empty", ""},
}

func extractAll(t *testing.T, ex *Extractor) map[string]*Result {
	t.Helper()
	out := map[string]*Result{}
	for _, s := range samples {
		r, err := ex.Extract(context.Background(), Input{Name: s.name, Text: s.text})
		if err != nil {
			t.Fatalf("%s: %v", s.name, err)
		}
		checkResult(t, s.text, r)
		out[s.name] = r
	}
	return out
}

// TestDeterministic: the same text gives the same result every time (the
// same entities, mentions and relations, in the same order), from the
// same extractor or a new one, whatever was extracted before: the samples
// and the golden inputs, each extracted ten times.
func TestDeterministic(t *testing.T) {
	texts := append([]struct{ name, text string }(nil), samples...)
	files, _ := filepath.Glob("testdata/golden/*.txt")
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		texts = append(texts, struct{ name, text string }{"golden/" + strings.TrimSuffix(filepath.Base(f), ".txt"), string(b)})
	}
	fresh, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range texts {
		t.Run(s.name, func(t *testing.T) {
			var first *Result
			for i := range 11 {
				ex := testExtractor(t)
				if i == 10 {
					ex = fresh
				}
				r, err := ex.Extract(context.Background(), Input{Name: s.name, Text: s.text})
				if err != nil {
					t.Fatal(err)
				}
				if first == nil {
					first = r
				} else if !reflect.DeepEqual(r, first) {
					got, want := toGolden(s.text, r), toGolden(s.text, first)
					t.Fatalf("run %d differs from the first:\n%q\n%q\nfirst:\n%q\n%q", i+1, got.Entities, got.Relations, want.Entities, want.Relations)
				}
			}
		})
	}
}

// TestCancel: extraction stops soon after its context ends, with the
// context's error, whether it ended before the call or during it. "Soon"
// is measured against what splitting the text into sentences takes on
// this machine: Extract splits the whole text before it first checks the
// context (about 1 s for 10 MB without punctuation), and a check after
// every few sentences after that.
func TestCancel(t *testing.T) {
	big := strings.Repeat(samples[0].text+" "+samples[2].text+"\n\n", 10<<20/(len(samples[0].text)+len(samples[2].text)))
	noPunct := strings.Repeat(samples[7].text, 10<<20/len(samples[7].text))
	canceled, cancel := context.WithCancel(context.Background())
	cancel()
	before := func() (context.Context, context.CancelFunc) { return canceled, func() {} }
	deadline := func() (context.Context, context.CancelFunc) {
		return context.WithTimeout(context.Background(), 100*time.Millisecond)
	}
	during := func() (context.Context, context.CancelFunc) {
		ctx, cancel := context.WithCancel(context.Background())
		time.AfterFunc(100*time.Millisecond, cancel)
		return ctx, cancel
	}
	tests := []struct {
		name string
		ctx  func() (context.Context, context.CancelFunc)
		text string
		want error
	}{
		{"canceled before", before, big, context.Canceled},
		{"canceled before, short text", before, samples[0].text, context.Canceled},
		{"deadline during", deadline, big, context.DeadlineExceeded},
		{"deadline during, no punctuation", deadline, noPunct, context.DeadlineExceeded},
		{"canceled during", during, big, context.Canceled},
	}
	ex := testExtractor(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			start := time.Now()
			syntax.Split(tt.text)
			limit := 2*time.Since(start) + 500*time.Millisecond
			ctx, cancel := tt.ctx()
			defer cancel()
			start = time.Now()
			r, err := ex.Extract(ctx, Input{Name: "big", Text: tt.text})
			el := time.Since(start)
			if !errors.Is(err, tt.want) || r != nil {
				t.Fatalf("got %v and a result %v, want %v and none", err, r != nil, tt.want)
			}
			if el > limit {
				t.Errorf("returned after %v, want under %v (twice the time Split takes, and 0.5 s)", el, limit)
			}
		})
	}
}

// TestConcurrent: one Extractor used from many goroutines at once gives
// each the result it gives alone (run with -race).
func TestConcurrent(t *testing.T) {
	ex := testExtractor(t)
	want := extractAll(t, ex)
	const workers = 8
	var wg sync.WaitGroup
	errs := make(chan error, workers*len(samples))
	for w := range workers {
		wg.Go(func() {
			for i := range samples {
				s := samples[(i+w)%len(samples)] // each worker in another order
				r, err := ex.Extract(context.Background(), Input{Name: s.name, Text: s.text})
				switch {
				case err != nil:
					errs <- fmt.Errorf("%s: %w", s.name, err)
				case !reflect.DeepEqual(r, want[s.name]):
					errs <- fmt.Errorf("%s: worker %d got another result", s.name, w)
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

// TestLinear: extraction time grows linearly with the size of a document:
// 10 MB take at most about ten times as long as 1 MB (three times that
// for noise), for articles and for text without sentence punctuation.
func TestLinear(t *testing.T) {
	if testing.Short() || raceEnabled {
		t.Skip("10 MB documents: not in -short or under the race detector")
	}
	corpus := corpusText(t)
	units := map[string]string{
		"articles":       corpus,
		"no punctuation": samples[7].text,
	}
	ex := testExtractor(t)
	for name, unit := range units {
		t.Run(name, func(t *testing.T) {
			var per [2]float64 // seconds per MB at 1 MB and at 10 MB
			for i, size := range []int{1 << 20, 10 << 20} {
				text := strings.Repeat(unit, size/len(unit)+1)
				start := time.Now()
				r, err := ex.Extract(context.Background(), Input{Text: text})
				if err != nil {
					t.Fatal(err)
				}
				el := time.Since(start)
				checkResult(t, text, r)
				per[i] = el.Seconds() / (float64(len(text)) / 1e6)
				t.Logf("%d bytes in %v (%.2f MB/s), %d entities, %d relations", len(text), el.Round(time.Millisecond),
					1/per[i], len(r.Entities), len(r.Relations))
			}
			if per[1] > 3*per[0] {
				t.Errorf("10 MB took %.1f times as long per byte as 1 MB", per[1]/per[0])
			}
			if per[1] > 5 { // 200 KB/s
				t.Errorf("%.0f KB/s, want at least 200", 1e3/per[1])
			}
		})
	}
}

// TestEntitiesAreNamed: every entity of the output is named by a mention or
// takes part in a relation (the store's check calls one that is neither an
// orphan), on the corpus and on every golden input.
func TestEntitiesAreNamed(t *testing.T) {
	ex := testExtractor(t)
	var files []string
	for _, g := range []string{"../data/corpus/*.txt", "testdata/golden/*.txt", "testdata/dev2/*.txt", "testdata/heldout/*.txt"} {
		f, err := filepath.Glob(g)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, f...)
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		r, err := ex.Extract(context.Background(), Input{Name: f, Text: string(b)})
		if err != nil {
			t.Fatal(err)
		}
		used := map[string]bool{}
		for _, m := range r.Mentions {
			used[m.Entity] = true
		}
		for _, rel := range r.Relations {
			used[rel.Subject], used[rel.Object], used[rel.About] = true, true, true
		}
		for _, e := range r.Entities {
			if !used[e.Key] {
				t.Errorf("%s: entity %s has no mention and no relation", f, e.Key)
			}
		}
	}
}
