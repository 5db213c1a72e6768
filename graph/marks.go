package graph

import "sync"

// marks is a set of entity positions that is cleared in O(1): a position is
// in the set when its stamp equals the current generation. Traversals take
// one from a pool instead of allocating maps.
type marks struct {
	gen   uint32
	stamp []uint32
}

var marksPool = sync.Pool{New: func() any { return &marks{} }}

// getMarks returns an empty set for an index of n entities.
func getMarks(n int) *marks {
	m := marksPool.Get().(*marks)
	if len(m.stamp) < n {
		m.stamp = make([]uint32, n+n/4)
		m.gen = 0
	}
	m.clear()
	return m
}

func putMarks(m *marks) { marksPool.Put(m) }

// clear empties the set.
func (m *marks) clear() {
	m.gen++
	if m.gen == 0 { // wrapped: old stamps could collide
		clear(m.stamp)
		m.gen = 1
	}
}

func (m *marks) has(i int32) bool { return m.stamp[i] == m.gen }
func (m *marks) add(i int32)      { m.stamp[i] = m.gen }
