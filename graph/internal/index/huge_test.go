package index

import "testing"

// TestHugeMake checks that hugeMake is make: the length asked for, zeroed,
// below and above the size from which it advises huge pages.
func TestHugeMake(t *testing.T) {
	for _, n := range []int{0, 1, 1000, 3 << 20} {
		s := hugeMake[uint64](n)
		if len(s) != n || cap(s) != n {
			t.Fatalf("n=%d: len %d cap %d", n, len(s), cap(s))
		}
		for i, v := range s {
			if v != 0 {
				t.Fatalf("n=%d: element %d is %d", n, i, v)
			}
		}
		if n > 0 {
			s[n-1] = 1
		}
	}
}
