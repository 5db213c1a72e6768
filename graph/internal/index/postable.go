package index

import "hash/maphash"

// posTable finds a string's position in a list that only grows (the
// entity IDs, the source IDs, the gram keys, the relation IDs with claims):
// an open-addressing hash table of positions, which reads the strings
// themselves from the list.
//
// It replaces a map[string]int32 for the index's add-only lookups because
// opening a large snapshot builds them: a Go map of 1M strings
// holds a copy of every string header beside its value and cost about a
// third of a second of CPU to fill (and as long again to clear its new
// memory), where a table of positions is 8 bytes a slot, filled by one
// pass of hashing. A slot holds a key's 32-bit hash over its position + 1
// (0: empty); the hash finds the slot again when the table doubles, and
// it rules out almost every other key without reading its string.
type posTable struct {
	seed  maphash.Seed
	slots []uint64
	n     int
}

// newPosTable returns a table sized for n keys.
func newPosTable(n int) posTable {
	size := 16
	for size < 2*n { // at most half full: probes stay short
		size *= 2
	}
	return posTable{seed: maphash.MakeSeed(), slots: hugeMake[uint64](size)}
}

// hash is key's 32-bit hash.
func (t *posTable) hash(key string) uint32 { return uint32(maphash.String(t.seed, key)) }

// find returns the position of key, where keyAt gives the key at a
// position.
func (t *posTable) find(key string, keyAt func(int32) string) (int32, bool) {
	if len(t.slots) == 0 {
		return -1, false
	}
	h := t.hash(key)
	mask := uint32(len(t.slots) - 1)
	for i := h & mask; ; i = (i + 1) & mask {
		s := t.slots[i]
		if s == 0 {
			return -1, false
		}
		if uint32(s>>32) == h {
			if p := int32(uint32(s) - 1); keyAt(p) == key {
				return p, true
			}
		}
	}
}

// add records that key is at pos; key must not be in the table.
func (t *posTable) add(key string, pos int32) {
	if 2*(t.n+1) > len(t.slots) {
		t.grow()
	}
	t.put(uint64(t.hash(key))<<32 | uint64(uint32(pos)+1))
	t.n++
}

// put stores a slot's value in the first free slot of its probe sequence.
func (t *posTable) put(v uint64) {
	mask := uint32(len(t.slots) - 1)
	i := uint32(v>>32) & mask
	for t.slots[i] != 0 {
		i = (i + 1) & mask
	}
	t.slots[i] = v
}

// grow doubles the table (or makes its first one).
func (t *posTable) grow() {
	old := t.slots
	if old == nil {
		*t = newPosTable(8)
		return
	}
	t.slots = make([]uint64, 2*len(old))
	for _, v := range old {
		if v != 0 {
			t.put(v)
		}
	}
}

// len is the number of keys.
func (t *posTable) len() int { return t.n }
