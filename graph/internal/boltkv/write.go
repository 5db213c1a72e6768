package boltkv

import (
	"bytes"
	"cmp"
	"encoding/binary"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/cayleygraph/cayley/graph/kv"
	cproto "github.com/cayleygraph/cayley/graph/proto"
	"github.com/cayleygraph/quad"
	"github.com/cayleygraph/quad/pquads"
	bolt "go.etcd.io/bbolt"
	"google.golang.org/protobuf/proto"
)

// This file writes additions in cayley's layout (see the package doc), in
// one bolt read-write transaction, so that cayley reads the file as its own
// and later cayley writes (removals) keep working on it.
//
// Unlike cayley's ApplyDeltas, a quad that is already stored (or repeated in
// the same call) adds nothing to the reference counts of its nodes: cayley
// counts it anyway, and its nodes then outlive their last quad.

// nodeVal is one distinct node value of a write.
type nodeVal struct {
	hash  [quad.HashSize]byte
	val   quad.Value
	id    uint64
	refs  uint64 // live quads of this write that use it
	first int32  // index of its first occurrence, so the first value of a hash wins
	fresh bool   // not in the store before this write
}

// stringKey stands for a value of a type that may not be usable as a map
// key.
type stringKey string

// byteArena hands out byte slices that stay untouched until the transaction
// commits: bolt keeps the values given to Put, not copies of them (and
// older bolts kept the keys too).
type byteArena struct{ buf []byte }

// key is the big-endian bytes of x: a log key.
func (a *byteArena) key(x uint64) []byte {
	k := a.alloc(8)
	binary.BigEndian.PutUint64(k, x)
	return k
}

func (a *byteArena) alloc(n int) []byte {
	if cap(a.buf)-len(a.buf) < n {
		a.buf = make([]byte, 0, max(n, 256<<10))
	}
	l := len(a.buf)
	a.buf = a.buf[:l+n]
	return a.buf[l : l+n : l+n]
}

// Add adds quads to the file in one transaction; quads that are already
// stored, or repeated, are skipped. It refuses (ErrUnknownFormat) a file
// whose layout is not the one Open accepted, and a quad without a subject,
// predicate or object.
func (d *DB) Add(quads []quad.Quad) error {
	_, err := d.AddNew(quads)
	return err
}

// AddNew is Add, and returns the quads it wrote, in their order in quads:
// those neither stored before nor repeated earlier in quads. An import then
// applies exactly those to what it derives from the file, without reading
// what is stored first.
func (d *DB) AddNew(quads []quad.Quad) (added []quad.Quad, err error) {
	for i, q := range quads {
		if q.Subject == nil || q.Predicate == nil || q.Object == nil {
			return nil, fmt.Errorf("boltkv: write: quad %d has no subject, predicate or object", i)
		}
	}
	nodes, slots := distinctNodes(quads)
	var which []int32
	err = d.db.Update(func(tx *bolt.Tx) error {
		var err error
		which, err = writeTx(tx, quads, nodes, slots)
		return err
	})
	if err != nil {
		return nil, err
	}
	added = make([]quad.Quad, len(which)) // which ascends (newLinks)
	for j, i := range which {
		added[j] = quads[i]
	}
	return added, nil
}

// distinctNodes finds the distinct node values of quads, sorted by hash.
// slots[4*i+d] is the index in nodes of direction d of quad i, or -1.
func distinctNodes(quads []quad.Quad) ([]nodeVal, []int32) {
	slots := make([]int32, 4*len(quads))
	seen := make(map[any]int32, len(quads))
	var vals []quad.Value
	for i, q := range quads {
		for d, v := range [4]quad.Value{q.Subject, q.Predicate, q.Object, q.Label} {
			if v == nil {
				slots[4*i+d] = -1
				continue
			}
			var k any
			switch v.(type) {
			case quad.IRI, quad.String, quad.TypedString, quad.LangString, quad.BNode, quad.Int, quad.Float, quad.Bool:
				k = v
			default: // maybe not comparable
				k = stringKey(v.String())
			}
			j, ok := seen[k]
			if !ok {
				j = int32(len(vals))
				seen[k] = j
				vals = append(vals, v)
			}
			slots[4*i+d] = j
		}
	}
	nodes := make([]nodeVal, len(vals))
	hash := func(from, to int) {
		for i := from; i < to; i++ {
			nodes[i].val, nodes[i].first = vals[i], int32(i)
			quad.HashTo(vals[i], nodes[i].hash[:])
		}
	}
	if half := len(vals) / 2; half >= concurrentFrom {
		// a large write hashes on two cores
		var other sync.WaitGroup
		other.Go(func() { hash(half, len(vals)) })
		hash(0, half)
		other.Wait()
	} else {
		hash(0, len(vals))
	}
	slices.SortFunc(nodes, func(a, b nodeVal) int {
		if c := bytes.Compare(a.hash[:], b.hash[:]); c != 0 {
			return c
		}
		return cmp.Compare(a.first, b.first)
	})
	where := make([]int32, len(vals))
	nodes = onePerHash(nodes, where)
	for i, j := range slots {
		if j >= 0 {
			slots[i] = where[j]
		}
	}
	return nodes, slots
}

// onePerHash keeps the first of each run of nodes with one hash (nodes
// sorted by hash, then by occurrence): values with the same text
// (quad.Int(1) and its typed string) are one node. where[n.first] is set to
// the place of node n's kept node.
func onePerHash(nodes []nodeVal, where []int32) []nodeVal {
	n := 0
	for i := range nodes {
		if n > 0 && nodes[n-1].hash == nodes[i].hash {
			where[nodes[i].first] = int32(n - 1)
			continue
		}
		nodes[n] = nodes[i]
		where[nodes[i].first] = int32(n)
		n++
	}
	return nodes[:n]
}

// writeTx is the transaction of Add. It returns the positions in quads of
// the quads it wrote.
func writeTx(tx *bolt.Tx, quads []quad.Quad, nodes []nodeVal, slots []int32) ([]int32, error) {
	indexes, err := readLayout(tx)
	if err != nil {
		return nil, fmt.Errorf("boltkv: write: %w", err)
	}
	meta := tx.Bucket(metaBucket)
	logb, err := tx.CreateBucketIfNotExists(logBucket)
	if err != nil {
		return nil, fmt.Errorf("boltkv: write: log bucket: %w", err)
	}
	horizon, err := metaInt(meta, keyHorizon)
	if err != nil {
		return nil, err
	}
	freshFrom := horizon + 1
	horizon = resolveIDs(tx, nodes, horizon)
	links, which, err := newLinks(tx, logb, indexes, quads, nodes, slots)
	if err != nil {
		return nil, err
	}
	if len(links) == 0 {
		return nil, nil // nothing new; a node only comes with a new quad
	}
	firstQuad := horizon + 1
	horizon += uint64(len(links))

	// a large write sorts each index's entries on the other core while the
	// log and the nodes are written: the sorts take about a tenth of its
	// transaction, and bolt's puts cannot share it
	entries := make([][]indexEntry, len(indexes))
	var sorting sync.WaitGroup
	for i, ind := range indexes {
		if len(links) < concurrentFrom {
			entries[i] = indexEntries(ind, links, freshFrom)
		} else {
			sorting.Go(func() { entries[i] = indexEntries(ind, links, freshFrom) })
		}
	}
	var arena byteArena
	err = writeLog(logb, nodes, links, firstQuad, &arena)
	if err == nil {
		err = writeNodes(tx, nodes, &arena)
	}
	sorting.Wait() // even after an error: no goroutine is left behind
	for i, ind := range indexes {
		if err == nil {
			err = writeIndex(tx, ind, entries[i], firstQuad, &arena)
		}
	}
	if err != nil {
		return nil, err
	}
	if err := putMetaInt(meta, keyHorizon, horizon, &arena); err != nil {
		return nil, err
	}
	size, err := metaInt(meta, keySize)
	if err != nil {
		return nil, err
	}
	return which, putMetaInt(meta, keySize, size+uint64(len(links)), &arena)
}

// resolveIDs finds the IDs of stored nodes and gives the others new ones
// after horizon, in hash order: each bucket is visited once. It returns
// the new horizon.
func resolveIDs(tx *bolt.Tx, nodes []nodeVal, horizon uint64) uint64 {
	var name [3]byte
	var vb *bolt.Bucket
	for i := range nodes {
		n := &nodes[i]
		if vb == nil || name[1] != n.hash[0] || name[2] != n.hash[1] {
			name = [3]byte{'v', n.hash[0], n.hash[1]}
			vb = tx.Bucket(name[:])
		}
		if vb != nil {
			if b := vb.Get(n.hash[:]); len(b) > 0 {
				n.id, _ = binary.Uvarint(b)
			}
		}
		if n.id == 0 {
			horizon++
			n.id, n.fresh = horizon, true
		}
	}
	return horizon
}

// newLinks returns the node IDs of the quads to insert: not repeated here,
// not already stored, with their positions in quads. It counts them in
// their nodes' refs.
func newLinks(tx *bolt.Tx, logb *bolt.Bucket, indexes []kv.QuadIndex, quads []quad.Quad, nodes []nodeVal, slots []int32) ([][4]uint64, []int32, error) {
	exist := existIndex(indexes)
	var idxb *bolt.Bucket
	if exist >= 0 {
		idxb = tx.Bucket(indexBucket(indexes[exist]))
	}
	if idxb == nil {
		return distinctLinks(quads, nodes, slots, nil)
	}
	var keyBuf [32]byte
	var prim cproto.Primitive
	return distinctLinks(quads, nodes, slots, func(link [4]uint64) (bool, error) {
		return isStored(logb, idxb, indexes[exist], link, keyBuf[:0], &prim)
	})
}

// distinctLinks returns the node IDs of the quads not repeated in quads
// and, when stored is given, not stored (a quad with a new node never is),
// with their positions in quads, and counts them in their nodes' refs.
func distinctLinks(quads []quad.Quad, nodes []nodeVal, slots []int32, stored func([4]uint64) (bool, error)) ([][4]uint64, []int32, error) {
	links := make([][4]uint64, 0, len(quads))
	which := make([]int32, 0, len(quads))
	seen := make(map[[4]uint64]struct{}, len(quads))
	for i := range quads {
		var link [4]uint64
		fresh := false
		for d := 0; d < 4; d++ {
			if j := slots[4*i+d]; j >= 0 {
				link[d] = nodes[j].id
				fresh = fresh || nodes[j].fresh
			}
		}
		if _, ok := seen[link]; ok {
			continue
		}
		seen[link] = struct{}{}
		if !fresh && stored != nil {
			found, err := stored(link)
			if err != nil {
				return nil, nil, err
			}
			if found {
				continue
			}
		}
		links = append(links, link)
		which = append(which, int32(i))
		for d := 0; d < 4; d++ {
			if j := slots[4*i+d]; j >= 0 {
				nodes[j].refs++
			}
		}
	}
	return links, which, nil
}

// writeLog appends the new nodes (IDs in hash order), then the new quads
// (links[k] has ID firstQuad+k), to the log: all after every existing key,
// so pages can be filled.
func writeLog(logb *bolt.Bucket, nodes []nodeVal, links [][4]uint64, firstQuad uint64, arena *byteArena) error {
	ts := time.Now().UnixNano()
	logb.FillPercent = 1
	for i := range nodes {
		n := &nodes[i]
		if !n.fresh {
			continue
		}
		val, err := pquads.MarshalValue(n.val)
		if err != nil {
			return fmt.Errorf("boltkv: write: encode %v: %w", n.val, err)
		}
		p := appendPrimitive(arena.alloc(primitiveMax + 10 + len(val))[:0], n.id, [4]uint64{}, ts, val)
		if err := logb.Put(arena.key(n.id), p); err != nil {
			return fmt.Errorf("boltkv: write: log node %d: %w", n.id, err)
		}
	}
	for k, link := range links {
		id := firstQuad + uint64(k)
		p := appendPrimitive(arena.alloc(primitiveMax)[:0], id, link, ts, nil)
		if err := logb.Put(arena.key(id), p); err != nil {
			return fmt.Errorf("boltkv: write: log quad %d: %w", id, err)
		}
	}
	return nil
}

// writeNodes writes the reference counts of the nodes the new quads use,
// then the IDs of the new nodes, each in hash order: new buckets are
// created in the order of their names, so that bolt appends them to its
// in-memory nodes instead of shifting what it created before.
func writeNodes(tx *bolt.Tx, nodes []nodeVal, arena *byteArena) error {
	var vbuf [binary.MaxVarintLen64]byte
	var name [3]byte
	var cb *bolt.Bucket
	var err error
	for i := range nodes {
		n := &nodes[i]
		if n.refs == 0 {
			continue
		}
		if cb == nil || name[1] != n.hash[0] || name[2] != n.hash[1] {
			name = [3]byte{'n', n.hash[0], n.hash[1]}
			if cb, err = tx.CreateBucketIfNotExists(name[:]); err != nil {
				return fmt.Errorf("boltkv: write: count bucket: %w", err)
			}
		}
		c := n.refs
		if !n.fresh {
			if b := cb.Get(n.hash[:]); len(b) > 0 {
				old, _ := binary.Uvarint(b)
				c += old
			}
		}
		v := arena.alloc(binary.PutUvarint(vbuf[:], c))
		copy(v, vbuf[:])
		if err := cb.Put(n.hash[:], v); err != nil {
			return fmt.Errorf("boltkv: write: node count %d: %w", n.id, err)
		}
	}
	var vb *bolt.Bucket
	for i := range nodes {
		n := &nodes[i]
		if !n.fresh {
			continue
		}
		if vb == nil || name[1] != n.hash[0] || name[2] != n.hash[1] {
			name = [3]byte{'v', n.hash[0], n.hash[1]}
			if vb, err = tx.CreateBucketIfNotExists(name[:]); err != nil {
				return fmt.Errorf("boltkv: write: node bucket: %w", err)
			}
		}
		v := arena.alloc(binary.PutUvarint(vbuf[:], n.id))
		copy(v, vbuf[:])
		if err := vb.Put(n.hash[:], v); err != nil {
			return fmt.Errorf("boltkv: write: node %d: %w", n.id, err)
		}
	}
	return nil
}

// indexEntry is one new quad of an index: its key (the IDs of the index's
// directions, compared as numbers, which is the order of their big-endian
// bytes) and its position among the new quads.
type indexEntry struct {
	key   [4]uint64
	k     int32
	fresh bool // the key has a node new in this write: no list to extend
}

// concurrentFrom is the size of a write (new quads to index, node values
// to hash) from which it shares that work with another goroutine (a
// variable for the tests).
var concurrentFrom = 4096

// indexFill is how full bolt fills the pages it splits in a quad index
// (bolt's default is half). The keys of new nodes come after every stored
// key, so most of a load's index entries land in one growing node that
// bolt cuts into pages at commit: at half fill the index had twice the
// pages it needs, and since the quads of stored nodes extend lists all
// over the index, a commit rewrites most of those pages whatever their
// fill. A page that a later list outgrows splits again.
const indexFill = 0.95

// indexEntries returns the entries of the new quads (links[k] is the k-th)
// in one quad index, in key order, a key's quads in ID order.
func indexEntries(ind kv.QuadIndex, links [][4]uint64, freshFrom uint64) []indexEntry {
	entries := make([]indexEntry, len(links))
	for k, link := range links {
		e := &entries[k]
		e.k = int32(k)
		for i, d := range ind.Dirs {
			id := dirID(link, d)
			e.key[i] = id
			e.fresh = e.fresh || id >= freshFrom
		}
	}
	slices.SortFunc(entries, func(x, y indexEntry) int {
		if c := cmp.Compare(x.key[0], y.key[0]); c != 0 {
			return c
		}
		if c := cmp.Compare(x.key[1], y.key[1]); c != 0 {
			return c
		}
		if c := cmp.Compare(x.key[2], y.key[2]); c != 0 {
			return c
		}
		if c := cmp.Compare(x.key[3], y.key[3]); c != 0 {
			return c
		}
		return cmp.Compare(x.k, y.k)
	})
	return entries
}

// writeIndex appends the new quads (the k-th has ID firstQuad+k) to the
// lists of one quad index, key by key in key order (indexEntries).
func writeIndex(tx *bolt.Tx, ind kv.QuadIndex, entries []indexEntry, firstQuad uint64, arena *byteArena) error {
	b, err := tx.CreateBucketIfNotExists(indexBucket(ind))
	if err != nil {
		return fmt.Errorf("boltkv: write: index bucket: %w", err)
	}
	b.FillPercent = indexFill
	kl := 8 * len(ind.Dirs)
	for i := 0; i < len(entries); {
		e := &entries[i]
		j := i + 1
		for j < len(entries) && entries[j].key == e.key {
			j++
		}
		k := arena.alloc(kl)[:0]
		for x := range ind.Dirs {
			k = binary.BigEndian.AppendUint64(k, e.key[x])
		}
		var old []byte
		if !e.fresh {
			old = b.Get(k)
		}
		v := arena.alloc(len(old) + binary.MaxVarintLen64*(j-i))[:0]
		v = append(v, old...)
		for _, o := range entries[i:j] {
			v = binary.AppendUvarint(v, firstQuad+uint64(o.k))
		}
		if err := b.Put(k, v); err != nil {
			return fmt.Errorf("boltkv: write: index %s: %w", indexBucket(ind), err)
		}
		i = j
	}
	return nil
}

// isStored reports whether a live quad with the nodes of link is stored:
// one of the quads listed under its key in index ind, not deleted.
func isStored(logb, idxb *bolt.Bucket, ind kv.QuadIndex, link [4]uint64, key []byte, p *cproto.Primitive) (bool, error) {
	key = indexKey(key, ind, link)
	list := idxb.Get(key)
	var ids []uint64
	for len(list) > 0 {
		id, n := binary.Uvarint(list)
		if n <= 0 {
			return false, fmt.Errorf("boltkv: write: corrupt index %s entry", indexBucket(ind))
		}
		ids = append(ids, id)
		list = list[n:]
	}
	var kbuf [8]byte
	for i := len(ids) - 1; i >= 0; i-- {
		binary.BigEndian.PutUint64(kbuf[:], ids[i])
		v := logb.Get(kbuf[:])
		if v == nil {
			continue
		}
		p.Reset()
		if err := proto.Unmarshal(v, p); err != nil {
			return false, fmt.Errorf("boltkv: write: read quad %d: %w", ids[i], err)
		}
		if !p.Deleted && p.Subject == link[0] && p.Predicate == link[1] && p.Object == link[2] && p.Label == link[3] {
			return true, nil
		}
	}
	return false, nil
}

// existIndex picks the index whose lists are the shortest to check a quad
// against: the one over the most directions. -1 if there is none.
func existIndex(indexes []kv.QuadIndex) int {
	best := -1
	for i, ind := range indexes {
		if len(ind.Dirs) > 0 && (best < 0 || len(ind.Dirs) > len(indexes[best].Dirs)) {
			best = i
		}
	}
	return best
}

// indexKey appends the key of link in index ind to dst.
func indexKey(dst []byte, ind kv.QuadIndex, link [4]uint64) []byte {
	for _, d := range ind.Dirs {
		dst = binary.BigEndian.AppendUint64(dst, dirID(link, d))
	}
	return dst
}

// dirID is the ID in direction d of a quad's link.
func dirID(link [4]uint64, d quad.Direction) uint64 {
	switch d {
	case quad.Subject:
		return link[0]
	case quad.Predicate:
		return link[1]
	case quad.Object:
		return link[2]
	case quad.Label:
		return link[3]
	}
	return 0
}

func putMetaInt(meta *bolt.Bucket, key []byte, n uint64, arena *byteArena) error {
	v := arena.alloc(8)
	binary.LittleEndian.PutUint64(v, n)
	if err := meta.Put(key, v); err != nil {
		return fmt.Errorf("boltkv: write: meta %s: %w", key, err)
	}
	return nil
}

// primitiveMax bounds the encoding of a primitive without a value: seven
// varint fields of at most 10 bytes and their tags.
const primitiveMax = 7 * 11

// appendPrimitive appends the protobuf encoding of the cproto.Primitive
// {ID: id, Subject…Label: link, Timestamp: ts, Value: value} to dst, byte
// for byte what proto.Marshal writes: fields in number order, zero values
// left out.
func appendPrimitive(dst []byte, id uint64, link [4]uint64, ts int64, value []byte) []byte {
	field := func(tag byte, x uint64) {
		if x != 0 {
			dst = append(dst, tag)
			dst = binary.AppendUvarint(dst, x)
		}
	}
	field(1<<3, id)
	field(2<<3, link[0])
	field(3<<3, link[1])
	field(4<<3, link[2])
	field(5<<3, link[3])
	field(7<<3, uint64(ts))
	if len(value) > 0 {
		dst = append(dst, 8<<3|2)
		dst = binary.AppendUvarint(dst, uint64(len(value)))
		dst = append(dst, value...)
	}
	return dst
}
