package boltkv

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"hash/maphash"
	"math"
	"slices"
	"sync"

	"github.com/cayleygraph/quad"
)

// Gather holds quads for a build compactly: each distinct value once, as
// bytes in an arena, and each quad as the places of its four values, so
// that a load of millions of quads leaves the collector almost nothing to
// scan (holding the values themselves, with a map of them, cost a large
// load a fifth of its time in collection). The values are kept in two
// shards by a hash of their bytes, filled by two goroutines in a large Add.
type Gather struct {
	shards [2]shard
	slots  [][4]int32 // a value's shard in the low bit, its place there above; -1: none
	seed   maphash.Seed
}

// shard is one half of the values, interned in an open-addressing table.
type shard struct {
	arena  []byte   // the values' keys (valueKey), one after the other
	ends   []uint32 // where each value's key ends in arena
	hashes []uint64 // each value's hash, for growing the table
	first  []int64  // where each first occurs: 4×quad+direction, the order of Add's distinctNodes
	others map[int32]quad.Value
	table  []int32 // place+1 of a value; 0: empty
	last   [4]lastValue
	key    []byte
}

// lastValue is the last value met in a direction and its place:
// consecutive quads often share one (a document's label, an entity's
// quads), which is then compared without hashing.
type lastValue struct {
	v     quad.Value
	place int32
}

// gatherAside is the size of an Add from which the shards are filled on
// two goroutines (a variable for the tests).
var gatherAside = 4096

// Add gathers quads. A quad without a subject, predicate or object is
// refused, and then none of quads is gathered.
func (g *Gather) Add(quads []quad.Quad) error {
	for i, q := range quads {
		if q.Subject == nil || q.Predicate == nil || q.Object == nil {
			return fmt.Errorf("boltkv: quad %d has no subject, predicate or object", i)
		}
	}
	if g.shards[0].table == nil {
		g.seed = maphash.MakeSeed()
		for k := range g.shards {
			g.shards[k].table = make([]int32, 1<<10)
		}
	}
	base := len(g.slots)
	g.slots = slices.Grow(g.slots, len(quads))[:base+len(quads)]
	fill := func(k int) {
		sh := &g.shards[k]
		for i, q := range quads {
			sl := &g.slots[base+i]
			for d, v := range [4]quad.Value{q.Subject, q.Predicate, q.Object, q.Label} {
				if v == nil {
					sl[d] = -1
					continue
				}
				if l := &sh.last[d]; l.v != nil && plainValue(v) && l.v == v {
					sl[d] = l.place<<1 | int32(k)
					continue
				}
				sh.key = valueKey(sh.key[:0], v)
				h := maphash.Bytes(g.seed, sh.key)
				if int(h&1) != k {
					continue
				}
				place := sh.intern(sh.key, h, v, int64(base+i)*4+int64(d))
				sh.last[d] = lastValue{v, place}
				sl[d] = place<<1 | int32(k)
			}
		}
	}
	if len(quads) < gatherAside {
		fill(0)
		fill(1)
		return nil
	}
	var other sync.WaitGroup
	other.Go(func() { fill(1) })
	fill(0)
	other.Wait()
	return nil
}

// plainValue says whether == may compare v (its type is one cayley's
// values of which are comparable).
func plainValue(v quad.Value) bool {
	switch v.(type) {
	case quad.IRI, quad.String, quad.TypedString, quad.LangString, quad.BNode, quad.Int, quad.Float, quad.Bool:
		return true
	}
	return false
}

// Value kinds in a valueKey.
const (
	kindIRI byte = iota + 1
	kindString
	kindBNode
	kindTyped
	kindLang
	kindInt
	kindFloat
	kindBool
	kindOther // any other value, by its text (as distinctNodes keys it)
)

// valueKey appends v's key: its kind, then its content. Two values have
// the same key exactly when distinctNodes takes them for one.
func valueKey(dst []byte, v quad.Value) []byte {
	pair := func(kind byte, a, b string) []byte {
		dst = append(dst, kind)
		dst = binary.AppendUvarint(dst, uint64(len(a)))
		return append(append(dst, a...), b...)
	}
	switch v := v.(type) {
	case quad.IRI:
		return append(append(dst, kindIRI), v...)
	case quad.String:
		return append(append(dst, kindString), v...)
	case quad.BNode:
		return append(append(dst, kindBNode), v...)
	case quad.TypedString:
		return pair(kindTyped, string(v.Value), string(v.Type))
	case quad.LangString:
		return pair(kindLang, string(v.Value), v.Lang)
	case quad.Int:
		return binary.LittleEndian.AppendUint64(append(dst, kindInt), uint64(v))
	case quad.Float:
		return binary.LittleEndian.AppendUint64(append(dst, kindFloat), math.Float64bits(float64(v)))
	case quad.Bool:
		if v {
			return append(dst, kindBool, 1)
		}
		return append(dst, kindBool, 0)
	}
	return append(append(dst, kindOther), v.String()...)
}

// decodeValue is the value of a key; other values are kept aside.
func (sh *shard) decodeValue(place int32) quad.Value {
	key := sh.keyAt(place)
	body := key[1:]
	pair := func() (string, string) {
		n, w := binary.Uvarint(body)
		return string(body[w : w+int(n)]), string(body[w+int(n):])
	}
	switch key[0] {
	case kindIRI:
		return quad.IRI(body)
	case kindString:
		return quad.String(body)
	case kindBNode:
		return quad.BNode(body)
	case kindTyped:
		a, b := pair()
		return quad.TypedString{Value: quad.String(a), Type: quad.IRI(b)}
	case kindLang:
		a, b := pair()
		return quad.LangString{Value: quad.String(a), Lang: b}
	case kindInt:
		return quad.Int(binary.LittleEndian.Uint64(body))
	case kindFloat:
		return quad.Float(math.Float64frombits(binary.LittleEndian.Uint64(body)))
	case kindBool:
		return quad.Bool(body[0] == 1)
	}
	return sh.others[place]
}

func (sh *shard) keyAt(place int32) []byte {
	start := uint32(0)
	if place > 0 {
		start = sh.ends[place-1]
	}
	return sh.arena[start:sh.ends[place]]
}

// intern returns the place of the value of key (hash h), adding v if new.
func (sh *shard) intern(key []byte, h uint64, v quad.Value, first int64) int32 {
	mask := uint64(len(sh.table) - 1)
	pos := h & mask
	for {
		p := sh.table[pos]
		if p == 0 {
			break
		}
		if sh.hashes[p-1] == h && bytes.Equal(sh.keyAt(p-1), key) {
			return p - 1
		}
		pos = (pos + 1) & mask
	}
	place := int32(len(sh.ends))
	sh.arena = append(sh.arena, key...)
	sh.ends = append(sh.ends, uint32(len(sh.arena)))
	sh.hashes = append(sh.hashes, h)
	sh.first = append(sh.first, first)
	if key[0] == kindOther {
		if sh.others == nil {
			sh.others = map[int32]quad.Value{}
		}
		sh.others[place] = v
	}
	sh.table[pos] = place + 1
	if 2*len(sh.ends) > len(sh.table) {
		sh.grow()
	}
	return place
}

// grow doubles the table.
func (sh *shard) grow() {
	table := make([]int32, 2*len(sh.table))
	mask := uint64(len(table) - 1)
	for i, h := range sh.hashes {
		pos := h & mask
		for table[pos] != 0 {
			pos = (pos + 1) & mask
		}
		table[pos] = int32(i) + 1
	}
	sh.table = table
}

// values decodes the shard's values, in place order.
func (sh *shard) values() []quad.Value {
	out := make([]quad.Value, len(sh.ends))
	for i := range out {
		out[i] = sh.decodeValue(int32(i))
	}
	return out
}

// Len is the number of quads gathered, repeats included.
func (g *Gather) Len() int { return len(g.slots) }

// quad returns the i-th quad gathered, with the decoded values vals (by
// shard, as Prepare decodes them).
func (g *Gather) quad(i int, vals *[2][]quad.Value) quad.Quad {
	var q quad.Quad
	for d, j := range g.slots[i] {
		if j >= 0 {
			q.Set(quad.Directions[d], vals[j&1][j>>1])
		}
	}
	return q
}
