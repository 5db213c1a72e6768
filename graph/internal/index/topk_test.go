package index

import (
	"cmp"
	"math/rand/v2"
	"slices"
	"testing"
)

// TestTopK: the first k after topK are the first k of a full sort, for
// sizes around the switch to selection and every k.
func TestTopK(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for _, n := range []int{0, 1, 5, 63, 64, 65, 200, 1000, 5000} {
		for _, k := range []int{0, 1, 2, 7, 8, 25, 100, n / 2, n - 1, n, n + 3} {
			if k < 0 {
				continue
			}
			s := r.Perm(n) // distinct: a total order
			want := slices.Clone(s)
			slices.Sort(want)
			topK(s, k, cmp.Compare[int])
			m := min(k, n)
			if !slices.Equal(s[:m], want[:m]) {
				t.Fatalf("n=%d k=%d: first %d = %v, want %v", n, k, m, s[:m], want[:m])
			}
			rest := slices.Clone(s[m:])
			slices.Sort(rest)
			if !slices.Equal(rest, want[m:]) {
				t.Fatalf("n=%d k=%d: the rest is not the other elements", n, k)
			}
		}
	}
}

func BenchmarkTopK(b *testing.B) {
	r := rand.New(rand.NewPCG(3, 4))
	base := r.Perm(20000)
	s := make([]int, len(base))
	for _, k := range []int{25, 20000} {
		b.Run(map[int]string{25: "select25of20k", 20000: "sortAll20k"}[k], func(b *testing.B) {
			for b.Loop() {
				copy(s, base)
				topK(s, k, cmp.Compare[int])
			}
		})
	}
}
