package boltkv

import (
	"bytes"
	"cmp"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"slices"
	"sync"
	"time"

	"github.com/cayleygraph/cayley/graph/kv"
	"github.com/cayleygraph/quad"
	"github.com/cayleygraph/quad/pquads"
	bolt "go.etcd.io/bbolt"

	"github.com/newsgraph/newsgraph/graph/internal/boltfile"
)

// This file writes a whole new store file at once (Gather, Prepare,
// Prepared.Write): what Add of the same quads into an empty store would
// leave, but with the pages written in key order by boltfile instead of
// through bolt's puts and commit, which cap a load near 170k quads/s
// whatever else it does.

// Template is what an empty store file holds: the buckets and keys cayley
// wrote when it initialized the file (kv.Init). Build carries them over.
type Template struct {
	buckets  map[string][][2][]byte // name → keys and values in key order
	indexes  []kv.QuadIndex
	pageSize int
}

// ReadTemplate reads the content of db, a store file cayley has
// initialized and nothing has been written to since. A file in another
// layout is refused with ErrUnknownFormat, one with quads with ErrNotEmpty.
func ReadTemplate(db *bolt.DB) (*Template, error) {
	t := &Template{buckets: map[string][][2][]byte{}, pageSize: db.Info().PageSize}
	err := db.View(func(tx *bolt.Tx) error {
		var err error
		if t.indexes, err = readLayout(tx); err != nil {
			return err
		}
		size, err := metaInt(tx.Bucket(metaBucket), keySize)
		if err != nil {
			return err
		}
		if size > 0 {
			return fmt.Errorf("%w: it holds %d quads", ErrNotEmpty, size)
		}
		if l := tx.Bucket(logBucket); l != nil && l.Stats().KeyN > 0 {
			return fmt.Errorf("%w: its log has entries", ErrNotEmpty)
		}
		return tx.ForEach(func(name []byte, b *bolt.Bucket) error {
			var kvs [][2][]byte
			err := b.ForEach(func(k, v []byte) error {
				if v == nil {
					return fmt.Errorf("%w: bucket %q holds a bucket", ErrUnknownFormat, name)
				}
				kvs = append(kvs, [2][]byte{slices.Clone(k), slices.Clone(v)})
				return nil
			})
			t.buckets[string(name)] = kvs
			return err
		})
	})
	if err != nil {
		return nil, fmt.Errorf("boltkv: template %s: %w", db.Path(), err)
	}
	return t, nil
}

// ErrNotEmpty means a file that must be empty holds quads.
var ErrNotEmpty = errors.New("the store is not empty")

// Prepared is a build whose IDs are given out: what it will write is
// decided (Added), and Write writes it.
type Prepared struct {
	tmpl      *Template
	g         *Gather
	vals      [2][]quad.Value // the gathered values, by shard
	nodes     []nodeVal
	links     [][4]uint64
	which     []int32
	firstQuad uint64
	horizon   uint64
}

// Prepare gives IDs to the nodes and quads of g as Add into tmpl's empty
// store would: the nodes in hash order, then the quads not repeated, in
// their order.
func Prepare(tmpl *Template, g *Gather) (*Prepared, error) {
	horizon, err := metaInt(tmpl.meta(), keyHorizon)
	if err != nil {
		return nil, err
	}
	nodes, where, vals := hashNodes(g)
	for i := range nodes {
		horizon++
		nodes[i].id, nodes[i].fresh = horizon, true
	}
	p := &Prepared{tmpl: tmpl, g: g, vals: vals, nodes: nodes, firstQuad: horizon + 1}
	p.links, p.which = uniqueLinks(g.slots, nodes, where)
	p.horizon = horizon + uint64(len(p.links))
	return p, nil
}

// Added returns the positions in the Gather of the quads the build
// writes, in increasing order: each quad once.
func (p *Prepared) Added() []int32 { return p.which }

// Quad returns the i-th quad gathered.
func (p *Prepared) Quad(i int32) quad.Quad { return p.g.quad(int(i), &p.vals) }

// hashNodes decodes and hashes the distinct values (on two cores, a shard
// each) and returns them as nodes sorted by hash, one per hash (the value
// that occurs first wins, as in distinctNodes), where each value went (the
// node of slot j is where[j&1][j>>1]) and the values by shard.
func hashNodes(g *Gather) ([]nodeVal, [2][]int32, [2][]quad.Value) {
	var vals [2][]quad.Value
	n0 := len(g.shards[0].ends)
	nodes := make([]nodeVal, n0+len(g.shards[1].ends))
	firsts := make([]int64, len(nodes))
	hash := func(k, at int) {
		sh := &g.shards[k]
		vals[k] = sh.values()
		for i, v := range vals[k] {
			n := &nodes[at+i]
			n.val, n.first = v, int32(at+i)
			firsts[at+i] = sh.first[i]
			quad.HashTo(v, n.hash[:])
		}
	}
	var other sync.WaitGroup
	other.Go(func() { hash(1, n0) })
	hash(0, 0)
	other.Wait()
	slices.SortFunc(nodes, func(a, b nodeVal) int {
		if c := bytes.Compare(a.hash[:], b.hash[:]); c != 0 {
			return c
		}
		return cmp.Compare(firsts[a.first], firsts[b.first])
	})
	flat := make([]int32, len(nodes)) // place in nodes of the value at a flat position
	nodes = onePerHash(nodes, flat)
	return nodes, [2][]int32{flat[:n0], flat[n0:]}, vals
}

// uniqueLinks returns the node IDs of the quads not repeated, and their
// positions, counting them in their nodes' refs. Repeats are found with an
// open-addressing table of positions in links: a Go map of ten million
// four-ID keys took seconds longer.
func uniqueLinks(slots [][4]int32, nodes []nodeVal, where [2][]int32) ([][4]uint64, []int32) {
	links := make([][4]uint64, 0, len(slots))
	which := make([]int32, 0, len(slots))
	size := 1
	for size < 2*len(slots) {
		size <<= 1
	}
	table := make([]int32, size) // position in links + 1; 0: empty
	mask := uint64(size - 1)
	for i, sl := range slots {
		var link [4]uint64
		var at [4]int32
		for d, j := range sl {
			at[d] = -1
			if j >= 0 {
				at[d] = where[j&1][j>>1]
				link[d] = nodes[at[d]].id
			}
		}
		h := (link[0]*0x9E3779B97F4A7C15 ^ link[1]*0xC2B2AE3D27D4EB4F ^ link[2]*0x165667B19E3779F9 ^ link[3]*0x27D4EB2F165667C5)
		h ^= h >> 29
		pos := h & mask
		for table[pos] != 0 && links[table[pos]-1] != link {
			pos = (pos + 1) & mask
		}
		if table[pos] != 0 {
			continue // a repeat
		}
		links = append(links, link)
		which = append(which, int32(i))
		table[pos] = int32(len(links))
		for _, n := range at {
			if n >= 0 {
				nodes[n].refs++
			}
		}
	}
	return links, which
}

// Write writes the file at path (which must not exist). With durable, it
// is on disk when Write returns; on an error no file is left.
func (p *Prepared) Write(path string, durable bool) error {
	tmpl := p.tmpl
	// the other core orders the index entries while the log is written
	orders := make([][]int32, len(tmpl.indexes))
	var sorting sync.WaitGroup
	sorting.Go(func() {
		for i, ind := range tmpl.indexes {
			orders[i] = indexOrder(ind, p.links, p.horizon)
		}
	})
	w, err := boltfile.Create(path, tmpl.pageSize)
	if err != nil {
		sorting.Wait()
		return fmt.Errorf("boltkv: build: %w", err)
	}
	b := builder{w: w, written: map[string]bool{}}
	b.log(p.nodes, p.links, p.firstQuad)
	b.nodes(p.nodes)
	sorting.Wait()
	for i, ind := range tmpl.indexes {
		b.index(ind, p.links, orders[i], p.firstQuad)
	}
	b.template(tmpl, p.horizon, uint64(len(p.links)))
	if b.err != nil {
		w.Abort()
		return fmt.Errorf("boltkv: build: %w", b.err)
	}
	if err := w.Close(durable); err != nil {
		return fmt.Errorf("boltkv: build: %w", err)
	}
	return nil
}

// indexOrder returns the positions of links in the order of index ind's
// keys, a key's quads in increasing position: a counting sort by the first
// direction's ID (IDs are at most horizon), then a sort of each run of one
// first ID by the others (runs are as long as a node's degree).
func indexOrder(ind kv.QuadIndex, links [][4]uint64, horizon uint64) []int32 {
	first := ind.Dirs[0]
	starts := make([]int32, horizon+2)
	for _, l := range links {
		starts[dirID(l, first)+1]++
	}
	for i := 1; i < len(starts); i++ {
		starts[i] += starts[i-1]
	}
	order := make([]int32, len(links))
	next := slices.Clone(starts)
	for k, l := range links {
		id := dirID(l, first)
		order[next[id]] = int32(k)
		next[id]++
	}
	if len(ind.Dirs) == 1 {
		return order
	}
	rest := ind.Dirs[1:]
	byRest := func(x, y int32) int {
		a, b := &links[x], &links[y]
		for _, d := range rest {
			if c := cmp.Compare(dirID(*a, d), dirID(*b, d)); c != 0 {
				return c
			}
		}
		return cmp.Compare(x, y)
	}
	for id := range len(starts) - 1 {
		if run := order[starts[id]:starts[id+1]]; len(run) > 1 {
			slices.SortFunc(run, byRest)
		}
	}
	return order
}

// meta returns the template's meta bucket as a read-only bolt bucket
// stand-in: only metaInt reads it.
func (t *Template) meta() metaReader {
	return metaReader(t.buckets[string(metaBucket)])
}

// metaReader looks up a key among sorted keys and values.
type metaReader [][2][]byte

// Get returns the value of key, or nil.
func (m metaReader) Get(key []byte) []byte {
	i, ok := slices.BinarySearchFunc(m, key, func(kv [2][]byte, k []byte) int { return bytes.Compare(kv[0], k) })
	if !ok {
		return nil
	}
	return m[i][1]
}

// builder writes the buckets of a new store file, remembering the first
// error.
type builder struct {
	w       *boltfile.Writer
	written map[string]bool
	err     error
	buf     []byte
	val     []byte
}

// bucket starts a bucket, or returns nil after an error.
func (b *builder) bucket(name []byte, fill float64) *boltfile.Bucket {
	if b.err != nil {
		return nil
	}
	b.written[string(name)] = true
	return b.w.Bucket(name, fill)
}

func (b *builder) put(bk *boltfile.Bucket, k, v []byte) {
	if b.err == nil {
		b.err = bk.Put(k, v)
	}
}

func (b *builder) close(bk *boltfile.Bucket) {
	if b.err == nil {
		b.err = bk.Close()
	}
}

// log writes the log: the new nodes in ID order, then the quads (links[k]
// has ID firstQuad+k), as writeLog.
func (b *builder) log(nodes []nodeVal, links [][4]uint64, firstQuad uint64) {
	bk := b.bucket(logBucket, 1)
	if bk == nil {
		return
	}
	ts := time.Now().UnixNano()
	var key [8]byte
	for i := range nodes {
		n := &nodes[i]
		var err error
		if b.val, err = appendValue(b.val[:0], n.val); err != nil {
			b.err = fmt.Errorf("encode %v: %w", n.val, err)
			return
		}
		b.buf = appendPrimitive(b.buf[:0], n.id, [4]uint64{}, ts, b.val)
		binary.BigEndian.PutUint64(key[:], n.id)
		b.put(bk, key[:], b.buf)
	}
	for k, link := range links {
		id := firstQuad + uint64(k)
		b.buf = appendPrimitive(b.buf[:0], id, link, ts, nil)
		binary.BigEndian.PutUint64(key[:], id)
		b.put(bk, key[:], b.buf)
	}
	b.close(bk)
}

// nodes writes the per-hash buckets: the reference counts ("n") and IDs
// ("v") of the nodes, in hash order (nodes is sorted by hash), as
// writeNodes.
func (b *builder) nodes(nodes []nodeVal) {
	for _, prefix := range []byte{'n', 'v'} {
		var bk *boltfile.Bucket
		var name [3]byte
		var vbuf [binary.MaxVarintLen64]byte
		for i := range nodes {
			n := &nodes[i]
			x := n.id
			if prefix == 'n' {
				if x = n.refs; x == 0 {
					continue
				}
			}
			if bk == nil || name[1] != n.hash[0] || name[2] != n.hash[1] {
				if bk != nil {
					b.close(bk)
				}
				name = [3]byte{prefix, n.hash[0], n.hash[1]}
				if bk = b.bucket(name[:], bolt.DefaultFillPercent); bk == nil {
					return
				}
			}
			b.put(bk, n.hash[:], vbuf[:binary.PutUvarint(vbuf[:], x)])
		}
		if bk != nil {
			b.close(bk)
		}
	}
}

// index writes one quad index: each key's list of quad IDs, the quads in
// the index's key order (indexOrder), as writeIndex into an empty bucket.
func (b *builder) index(ind kv.QuadIndex, links [][4]uint64, order []int32, firstQuad uint64) {
	bk := b.bucket(indexBucket(ind), indexFill)
	if bk == nil {
		return
	}
	var key, next []byte
	for i := 0; i < len(order); {
		key = indexKey(key[:0], ind, links[order[i]])
		b.buf = binary.AppendUvarint(b.buf[:0], firstQuad+uint64(order[i]))
		j := i + 1
		for ; j < len(order); j++ {
			if next = indexKey(next[:0], ind, links[order[j]]); !bytes.Equal(next, key) {
				break
			}
			b.buf = binary.AppendUvarint(b.buf, firstQuad+uint64(order[j]))
		}
		b.put(bk, key, b.buf)
		i = j
	}
	b.close(bk)
}

// template writes the template's buckets that the quads did not (an empty
// bucket cayley created, the meta bucket), with the meta's horizon and
// size those of the new file. A template bucket the quads also wrote must
// have been empty (ReadTemplate).
func (b *builder) template(tmpl *Template, horizon, size uint64) {
	for name, kvs := range tmpl.buckets {
		if b.err != nil {
			return
		}
		if b.written[name] {
			if len(kvs) > 0 {
				b.err = fmt.Errorf("%w: bucket %q", ErrNotEmpty, name)
			}
			continue
		}
		if name == string(metaBucket) && size > 0 { // as Add, which writes nothing when nothing is new
			kvs = withMeta(kvs, keyHorizon, horizon)
			kvs = withMeta(kvs, keySize, size)
		}
		bk := b.bucket([]byte(name), bolt.DefaultFillPercent)
		for _, kv := range kvs {
			b.put(bk, kv[0], kv[1])
		}
		b.close(bk)
	}
	if !b.written[string(metaBucket)] && b.err == nil {
		b.err = fmt.Errorf("%w: no meta bucket", ErrUnknownFormat)
	}
}

// withMeta returns sorted kvs with key set to the little-endian n.
func withMeta(kvs [][2][]byte, key []byte, n uint64) [][2][]byte {
	v := binary.LittleEndian.AppendUint64(nil, n)
	i, ok := slices.BinarySearchFunc(kvs, key, func(kv [2][]byte, k []byte) int { return bytes.Compare(kv[0], k) })
	if ok {
		kvs = slices.Clone(kvs)
		kvs[i][1] = v
		return kvs
	}
	return slices.Insert(slices.Clone(kvs), i, [2][]byte{key, v})
}

// appendValue appends the protobuf encoding of v as cayley stores a node's
// value (pquads.MarshalValue), byte for byte what proto.Marshal writes, for
// the common kinds of value; the others go through pquads. Written out,
// the encoding costs a tenth of proto.Marshal's reflection, which was
// seconds of a large load.
func appendValue(dst []byte, v quad.Value) ([]byte, error) {
	str := func(tag byte, s string) []byte {
		dst = append(dst, tag)
		dst = binary.AppendUvarint(dst, uint64(len(s)))
		return append(dst, s...)
	}
	// pair is a message of two proto3 strings, each left out when empty
	pair := func(tag byte, a, b string) []byte {
		n := 0
		for _, s := range []string{a, b} {
			if s != "" {
				n += 1 + uvarintLen(uint64(len(s))) + len(s)
			}
		}
		dst = append(dst, tag)
		dst = binary.AppendUvarint(dst, uint64(n))
		if a != "" {
			dst = str(1<<3|2, a)
		}
		if b != "" {
			dst = str(2<<3|2, b)
		}
		return dst
	}
	switch v := v.(type) {
	case quad.String:
		return str(2<<3|2, string(v)), nil
	case quad.IRI:
		return str(3<<3|2, string(v)), nil
	case quad.BNode:
		return str(4<<3|2, string(v)), nil
	case quad.TypedString:
		return pair(5<<3|2, string(v.Value), string(v.Type)), nil
	case quad.LangString:
		return pair(6<<3|2, string(v.Value), v.Lang), nil
	case quad.Int:
		return binary.AppendUvarint(append(dst, 7<<3), uint64(v)), nil
	case quad.Float:
		return binary.LittleEndian.AppendUint64(append(dst, 8<<3|1), math.Float64bits(float64(v))), nil
	case quad.Bool:
		b := byte(0)
		if v {
			b = 1
		}
		return append(dst, 9<<3, b), nil
	}
	enc, err := pquads.MarshalValue(v)
	return append(dst, enc...), err
}

// uvarintLen is the length of x as a uvarint.
func uvarintLen(x uint64) int {
	n := 1
	for x >= 0x80 {
		x >>= 7
		n++
	}
	return n
}
