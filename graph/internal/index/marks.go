package index

import "sync"

// marks is a set of entity positions that is cleared in O(1): a position is
// in the set when its stamp equals the current generation. Traversals take
// one from a pool instead of allocating maps.
type marks struct {
	gen   uint32
	stamp []uint32
	level []uint8 // a small value per marked position (a BFS level)
	at    []int32 // a position per marked entity (in a list of search candidates)
}

var marksPool = sync.Pool{New: func() any { return &marks{} }}

// getMarks returns an empty set for an index of n entities.
func getMarks(n int) *marks {
	m := marksPool.Get().(*marks)
	if len(m.stamp) < n {
		m.stamp = make([]uint32, n+n/4)
		m.level, m.at = nil, nil
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

// set marks i with a level.
func (m *marks) set(i int32, level uint8) {
	if m.level == nil {
		m.level = make([]uint8, len(m.stamp))
	}
	m.stamp[i] = m.gen
	m.level[i] = level
}

// get returns i's level and whether i is marked.
func (m *marks) get(i int32) (uint8, bool) {
	if m.stamp[i] != m.gen || m.level == nil {
		return 0, false
	}
	return m.level[i], true
}

// setAt marks i with a position.
func (m *marks) setAt(i, pos int32) {
	if m.at == nil {
		m.at = make([]int32, len(m.stamp))
	}
	m.stamp[i] = m.gen
	m.at[i] = pos
}

// getAt returns the position i was marked with and whether it was marked
// by setAt.
func (m *marks) getAt(i int32) (int32, bool) {
	if m.stamp[i] != m.gen || m.at == nil {
		return 0, false
	}
	return m.at[i], true
}
