package index

import "slices"

// topK reorders s so that its first k elements are the k smallest by cmp,
// in order; the rest are left in no particular order. cmp must be a total
// order (no two elements equal), so the result is what sorting all of s
// would put first. A hub's neighborhood takes its fanout best of
// thousands of candidates: selecting them is linear where sorting every
// candidate is not.
func topK[T any](s []T, k int, cmp func(a, b T) int) {
	if k <= 0 {
		return
	}
	if k >= len(s) || len(s) <= 64 || k*8 >= len(s) {
		slices.SortFunc(s, cmp)
		return
	}
	lo, hi := 0, len(s)-1
	for lo < hi {
		p := partition(s, lo, hi, cmp)
		switch {
		case p == k-1 || p == k:
			lo = hi // the first k are in place up to order
		case p < k:
			lo = p + 1
		default:
			hi = p - 1
		}
	}
	slices.SortFunc(s[:k], cmp)
}

// partition arranges s[lo..hi] around a median-of-three pivot and returns
// the pivot's final index: smaller elements before it, larger after.
func partition[T any](s []T, lo, hi int, cmp func(a, b T) int) int {
	mid := lo + (hi-lo)/2
	if cmp(s[mid], s[lo]) < 0 {
		s[mid], s[lo] = s[lo], s[mid]
	}
	if cmp(s[hi], s[lo]) < 0 {
		s[hi], s[lo] = s[lo], s[hi]
	}
	if cmp(s[hi], s[mid]) < 0 {
		s[hi], s[mid] = s[mid], s[hi]
	}
	s[mid], s[hi] = s[hi], s[mid] // the median as pivot, at hi
	pivot := s[hi]
	i := lo
	for j := lo; j < hi; j++ {
		if cmp(s[j], pivot) < 0 {
			s[i], s[j] = s[j], s[i]
			i++
		}
	}
	s[i], s[hi] = s[hi], s[i]
	return i
}
