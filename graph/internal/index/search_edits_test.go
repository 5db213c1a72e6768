package index

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// levenshtein is the textbook full-matrix edit distance on runes, the
// reference withinEdits is checked against.
func levenshtein(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	d := make([][]int, len(ra)+1)
	for i := range d {
		d[i] = make([]int, len(rb)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(ra); i++ {
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
		}
	}
	return d[len(ra)][len(rb)]
}

func TestWithinEdits(t *testing.T) {
	tests := []struct {
		a, b string
		k    int
		want bool
	}{
		{"kremlin", "kremlin", 0, true},
		{"kremlin", "kremiln", 1, false}, // a swap is two edits
		{"kremlin", "kremiln", 2, true},
		{"hafnium", "hafniun", 1, true},
		{"apt", "apt40", 1, false},
		{"apt4", "apt40", 1, true},
		{"", "ab", 2, true},
		{"mss", "", 2, false},
		{"münchen", "munchen", 1, true},
		{"sandworm team", "sandworn team", 1, true},
	}
	for _, tt := range tests {
		if got := withinEdits(tt.a, tt.b, tt.k); got != tt.want {
			t.Errorf("withinEdits(%q, %q, %d) = %v, want %v", tt.a, tt.b, tt.k, got, tt.want)
		}
	}
	// random strings over a small alphabet meet every case of the band
	r := rand.New(rand.NewPCG(1, 2))
	word := func() string {
		b := make([]byte, r.IntN(12))
		for i := range b {
			b[i] = "abc d"[r.IntN(5)]
		}
		return string(b)
	}
	for range 20000 {
		a, b, k := word(), word(), r.IntN(4)
		if got, want := withinEdits(a, b, k), levenshtein(a, b) <= k; got != want {
			t.Fatalf("withinEdits(%q, %q, %d) = %v, distance %d", a, b, k, got, levenshtein(a, b))
		}
	}
}

// TestMayBeNear: a key's signature never rules it out when it is within
// the edits (random strings over small alphabets, ASCII or not, so that
// near pairs are common), and rules out most far ones.
func TestMayBeNear(t *testing.T) {
	r := rand.New(rand.NewPCG(4, 4))
	alphabets := []struct {
		name    string
		letters []string
	}{
		{"ascii", []string{"a", "b", "c", " ", "-", "1", "'"}},
		{"unicode", []string{"a", "b", "ü", "é", " ", "東", "😀"}},
	}
	for _, al := range alphabets {
		t.Run(al.name, func(t *testing.T) {
			word := func() string {
				var b strings.Builder
				for range r.IntN(14) {
					b.WriteString(al.letters[r.IntN(len(al.letters))])
				}
				return b.String()
			}
			near, ruledOut, far := 0, 0, 0
			for range 50000 {
				a, k := word(), 1+r.IntN(3)
				b := edit(r, a, r.IntN(k+2))
				if r.IntN(4) == 0 {
					b = word()
				}
				may := mayBeNear(signature(b), signature(a), k)
				if withinEdits(a, b, k) {
					near++
					if !may {
						t.Fatalf("mayBeNear(%q, %q, %d) = false, but they are within the edits", b, a, k)
					}
				} else if far++; !may {
					ruledOut++
				}
			}
			if near < 1000 || ruledOut == 0 {
				t.Errorf("%d near pairs, %d of %d far ones ruled out", near, ruledOut, far)
			}
		})
	}
}
