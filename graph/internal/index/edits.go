package index

// withinEdits reports whether the Levenshtein distance between a and b is at
// most k, in O(k·len) time.
func withinEdits(a, b string, k int) bool {
	if d := len(a) - len(b); d > k || -d > k {
		return false
	}
	if len(b) < 128 && ascii(a) && ascii(b) {
		return withinEditsBytes(a, b, k)
	}
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		rowMin := cur[0]
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			rowMin = min(rowMin, cur[j])
		}
		if rowMin > k {
			return false
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)] <= k
}

// ascii reports whether s is plain ASCII (its bytes are its runes).
func ascii(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// withinEditsBytes is withinEdits for ASCII strings shorter than 128 bytes:
// the rows live on the stack and only the cells within k of the diagonal
// are computed (the others exceed k anyway).
func withinEditsBytes(a, b string, k int) bool {
	const inf = 1 << 20
	var prevRow, curRow [129]int32
	prev, cur := prevRow[:len(b)+1], curRow[:len(b)+1]
	for j := range prev {
		prev[j] = int32(j)
	}
	for i := 1; i <= len(a); i++ {
		lo, hi := max(1, i-k), min(len(b), i+k)
		cur[0] = int32(i)
		if lo > 1 {
			cur[lo-1] = inf
		}
		rowMin := int32(inf)
		if lo == 1 {
			rowMin = cur[0]
		}
		for j := lo; j <= hi; j++ {
			cost := int32(1)
			if a[i-1] == b[j-1] {
				cost = 0
			}
			v := min(prev[j-1]+cost, cur[j-1]+1)
			if j <= i-1+k { // prev[j] is inside the previous row's band
				v = min(v, prev[j]+1)
			}
			cur[j] = v
			rowMin = min(rowMin, v)
		}
		if hi < len(b) {
			cur[hi+1] = inf
		}
		if rowMin > int32(k) {
			return false
		}
		prev, cur = cur, prev
	}
	return prev[len(b)] <= int32(k)
}
