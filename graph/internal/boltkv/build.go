package boltkv

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/cayleygraph/cayley/graph/kv"
	"github.com/cayleygraph/quad"
	"github.com/cayleygraph/quad/pquads"
	bolt "go.etcd.io/bbolt"

	"github.com/newsgraph/newsgraph/graph/internal/boltfile"
)

// This file writes a whole new store file at once (Build): what Add of the
// same quads into an empty store would leave, but with the pages written
// in key order by boltfile instead of through bolt's puts and commit, which
// cap a load near 170k quads/s whatever else it does.

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
		if size, err := metaInt(tx.Bucket(metaBucket), keySize); err != nil || size > 0 {
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
var ErrNotEmpty = fmt.Errorf("the store is not empty")

// Build writes a new store file at path (which must not exist) holding
// tmpl's content and quads, in one pass: the buckets, keys and values that
// Add of quads into tmpl's store gives (the log's timestamps aside), its
// pages written by boltfile. It returns the quads it wrote, as AddNew. With
// durable, the file is on disk when Build returns; on an error no file is
// left. A quad without a subject, predicate or object is refused.
func Build(path string, tmpl *Template, quads []quad.Quad, durable bool) ([]quad.Quad, error) {
	for i, q := range quads {
		if q.Subject == nil || q.Predicate == nil || q.Object == nil {
			return nil, fmt.Errorf("boltkv: build: quad %d has no subject, predicate or object", i)
		}
	}
	nodes, slots := distinctNodes(quads)
	horizon, err := metaInt(tmpl.meta(), keyHorizon)
	if err != nil {
		return nil, err
	}
	freshFrom := horizon + 1
	for i := range nodes {
		horizon++
		nodes[i].id, nodes[i].fresh = horizon, true
	}
	links, which, err := distinctLinks(quads, nodes, slots, nil)
	if err != nil {
		return nil, err
	}
	firstQuad := horizon + 1
	horizon += uint64(len(links))
	// the other core sorts the index entries while the log is written
	entries := make([][]indexEntry, len(tmpl.indexes))
	var sorting sync.WaitGroup
	for i, ind := range tmpl.indexes {
		sorting.Go(func() { entries[i] = indexEntries(ind, links, freshFrom) })
	}
	w, err := boltfile.Create(path, tmpl.pageSize)
	if err != nil {
		sorting.Wait()
		return nil, fmt.Errorf("boltkv: build: %w", err)
	}
	b := builder{w: w, written: map[string]bool{}}
	b.log(nodes, links, firstQuad)
	b.nodes(nodes)
	sorting.Wait()
	for i, ind := range tmpl.indexes {
		b.index(ind, entries[i], firstQuad)
	}
	b.template(tmpl, horizon, uint64(len(links)))
	if b.err != nil {
		w.Abort()
		return nil, fmt.Errorf("boltkv: build: %w", b.err)
	}
	if err := w.Close(durable); err != nil {
		return nil, fmt.Errorf("boltkv: build: %w", err)
	}
	added := make([]quad.Quad, len(which))
	for j, i := range which {
		added[j] = quads[i]
	}
	return added, nil
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
		val, err := pquads.MarshalValue(n.val)
		if err != nil {
			b.err = fmt.Errorf("encode %v: %w", n.val, err)
			return
		}
		b.buf = appendPrimitive(b.buf[:0], n.id, [4]uint64{}, ts, val)
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

// index writes one quad index: each key's list of quad IDs (entries in
// key order, indexEntries), as writeIndex into an empty bucket.
func (b *builder) index(ind kv.QuadIndex, entries []indexEntry, firstQuad uint64) {
	bk := b.bucket(indexBucket(ind), indexFill)
	if bk == nil {
		return
	}
	var key []byte
	for i := 0; i < len(entries); {
		e := &entries[i]
		j := i + 1
		for j < len(entries) && entries[j].key == e.key {
			j++
		}
		key = key[:0]
		for x := range ind.Dirs {
			key = binary.BigEndian.AppendUint64(key, e.key[x])
		}
		b.buf = b.buf[:0]
		for _, o := range entries[i:j] {
			b.buf = binary.AppendUvarint(b.buf, firstQuad+uint64(o.k))
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
