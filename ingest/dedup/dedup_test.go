package dedup_test

import (
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/newsgraph/newsgraph/ingest/dedup"
)

const story = `Prosecutors charged five men on Wednesday with breaking into more than one hundred
companies, stealing source code and selling access to the networks they had entered. The men
remain at large, and officials said they were unlikely to face trial unless they travelled abroad.
The department also seized hundreds of accounts, servers and domain names used by the group.`

func TestSimilarity(t *testing.T) {
	tests := []struct {
		name     string
		a, b     string
		min, max float64
	}{
		{"identical", story, story, 1, 1},
		{"case, punctuation and spacing", story, strings.ToUpper(strings.NewReplacer(",", " ;", ".", "!", "\n", "   ").Replace(story)), 1, 1},
		{"one word changed", story, strings.Replace(story, "Wednesday", "Thursday", 1), 0.7, 0.99},
		{"unrelated", story, "The recipe calls for two cups of flour, a pinch of salt and three eggs beaten until the mixture turns pale and thick.", 0, 0.05},
		{"both empty", "", "", 1, 1},
		{"only punctuation vs empty", "... !!! --", "", 1, 1},
		{"short texts equal", "Breaking news", "breaking   NEWS!", 1, 1},
		{"short texts differ", "breaking news", "news breaking", 0, 0.05},
		{"short vs long", "prosecutors charged five men", story, 0, 0.05},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, b := dedup.Fingerprint(tt.a), dedup.Fingerprint(tt.b)
			if s := a.Similarity(&b); s < tt.min || s > tt.max {
				t.Errorf("similarity %.3f, want in [%.2f, %.2f]", s, tt.min, tt.max)
			}
			if s, r := a.Similarity(&b), b.Similarity(&a); s != r {
				t.Errorf("not symmetric: %v vs %v", s, r)
			}
		})
	}
}

func TestWords(t *testing.T) {
	tests := []struct {
		in   string
		want string
	}{
		{"", ""},
		{"Hello, World!", "hello world"},
		{"The group's \"APT41\" — in 2020.", "the group s apt41 in 2020"},
		{"Zürich ÉTÉ", "zürich été"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := strings.Join(dedup.Words(tt.in), " "); got != tt.want {
				t.Errorf("Words(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestSignatureEncoding(t *testing.T) {
	sig := dedup.Fingerprint(story)
	b, err := sig.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	if len(b) != dedup.EncodedLen || b[0] != dedup.SignatureVersion {
		t.Fatalf("encoded %d bytes, version %d", len(b), b[0])
	}
	var back dedup.Signature
	if err := back.UnmarshalBinary(b); err != nil {
		t.Fatal(err)
	}
	if back != sig {
		t.Fatal("round trip changed the signature")
	}
	wrongVersion := append([]byte{dedup.SignatureVersion + 1}, b[1:]...)
	tests := []struct {
		name string
		in   []byte
	}{
		{"empty", nil},
		{"version only", []byte{dedup.SignatureVersion}},
		{"short", b[:len(b)-1]},
		{"long", append(append([]byte{}, b...), 0)},
		{"wrong version", wrongVersion},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := sig
			err := got.UnmarshalBinary(tt.in)
			if !errors.Is(err, dedup.ErrEncoding) {
				t.Fatalf("err = %v, want ErrEncoding", err)
			}
			if got != sig {
				t.Error("refused input changed the signature")
			}
		})
	}
}

func TestNewIndexThreshold(t *testing.T) {
	for _, th := range []float64{0, -0.1, 1.5} {
		t.Run(fmt.Sprint(th), func(t *testing.T) {
			if _, err := dedup.NewIndex(th); err == nil {
				t.Errorf("NewIndex(%v) accepted", th)
			}
		})
	}
}

func TestIndex(t *testing.T) {
	ix, err := dedup.NewIndex(dedup.DefaultThreshold)
	if err != nil {
		t.Fatal(err)
	}
	other := "The recipe calls for two cups of flour, a pinch of salt and three eggs beaten until the mixture turns pale and thick, then folded into the batter."
	ix.Add("story", dedup.Fingerprint(story))
	ix.Add("recipe", dedup.Fingerprint(other))
	ix.Add("story-copy", dedup.Fingerprint(story)) // same signature, added later
	tests := []struct {
		name   string
		text   string
		wantID string
		wantOK bool
	}{
		{"exact copy goes to the first added", story, "story", true},
		{"edited copy", "Share this article\n" + strings.Replace(story, "five", "5", 1), "story", true},
		{"other", other, "recipe", true},
		{"unrelated", "Rain is expected across the north on Sunday with strong winds along the coast and cooler temperatures inland.", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			id, s, ok := ix.Match(dedup.Fingerprint(tt.text))
			if id != tt.wantID || ok != tt.wantOK {
				t.Fatalf("Match = %q, %.3f, %v; want %q, %v", id, s, ok, tt.wantID, tt.wantOK)
			}
			if ok && s < ix.Threshold() {
				t.Errorf("similarity %.3f below threshold", s)
			}
		})
	}
	ix.Remove("story")
	ix.Remove("no such id")
	if id, _, _ := ix.Match(dedup.Fingerprint(story)); id != "story-copy" || ix.Len() != 2 {
		t.Errorf("after Remove: match %q, len %d", id, ix.Len())
	}
	ix.Add("story-copy", dedup.Fingerprint(other)) // replace
	if id, _, _ := ix.Match(dedup.Fingerprint(story)); id != "" || ix.Len() != 2 {
		t.Errorf("after replace: match %q, len %d", id, ix.Len())
	}
}

// TestIndexConcurrent adds and matches from several goroutines; run with
// -race.
func TestIndexConcurrent(t *testing.T) {
	ix, err := dedup.NewIndex(dedup.DefaultThreshold)
	if err != nil {
		t.Fatal(err)
	}
	const workers, each = 4, 25
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range each {
				text := fmt.Sprintf("worker %d item %d %s", w, i, story)
				ix.Add(fmt.Sprintf("%d/%d", w, i), dedup.Fingerprint(text))
				if _, _, ok := ix.Match(dedup.Fingerprint(text)); !ok {
					t.Errorf("worker %d item %d: own text not matched", w, i)
				}
				if i%5 == 0 {
					ix.Remove(fmt.Sprintf("%d/%d", w, i))
				}
			}
		}()
	}
	wg.Wait()
	if want := workers * (each - each/5); ix.Len() != want {
		t.Errorf("Len = %d, want %d", ix.Len(), want)
	}
}

func FuzzFingerprint(f *testing.F) {
	for _, s := range []string{"", "a", story, "one two three four five six", "\xff\xfe", "Ünïcödé — ‘quotes’"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		a, b := dedup.Fingerprint(text), dedup.Fingerprint(text)
		if a != b {
			t.Fatal("not deterministic")
		}
		if s := a.Similarity(&b); s != 1 {
			t.Fatalf("self-similarity %v", s)
		}
		enc, err := a.MarshalBinary()
		if err != nil {
			t.Fatal(err)
		}
		var back dedup.Signature
		if err := back.UnmarshalBinary(enc); err != nil || back != a {
			t.Fatalf("round trip: %v", err)
		}
	})
}

func BenchmarkFingerprint(b *testing.B) {
	text := strings.Repeat(story+"\n", 4)
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		dedup.Fingerprint(text)
	}
}

// BenchmarkIndexMatch matches against 10,000 unrelated entries: the LSH
// buckets keep the cost far below 10,000 comparisons.
func BenchmarkIndexMatch(b *testing.B) {
	ix, err := dedup.NewIndex(dedup.DefaultThreshold)
	if err != nil {
		b.Fatal(err)
	}
	for i := range 10000 {
		ix.Add(fmt.Sprint(i), dedup.Fingerprint(fmt.Sprintf("item %d of %d: %d %x %o", i, i*7, i*i, i*31, i*13)))
	}
	sig := dedup.Fingerprint(story)
	for b.Loop() {
		ix.Match(sig)
	}
}
