// Package boltfile writes a new bolt (go.etcd.io/bbolt, file format
// version 2) database file page by page, from keys given in order, without
// bolt's writer: no in-memory node tree, no per-key cursor seek, no spill.
// It is for bulk loads into a new file; bbolt opens, reads and goes on
// writing the result as its own.
//
// The file holds two meta pages (0 and 1), the pages of each top-level
// bucket (leaves filled to the bucket's fill fraction, then the branch
// levels above them), the root bucket's pages (the top-level buckets by
// name, as bolt keeps them) and an empty freelist: every page written is
// in use. Buckets small enough are stored inline in their parent, as bolt
// does (a quarter of a page). Integers are in the machine's byte order, as
// bolt writes them.
//
// Why our own: a bulk load through bolt's Put costs about a microsecond and
// a half a key (a seek from the root, an insert into an in-memory node) and
// its commit then splits those nodes into pages; written in key order the
// pages can be cut as they fill, which is several times cheaper.
package boltfile

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/fnv"
	"os"
	"slices"
)

// The bolt file format (bbolt's internal/common).
const (
	pageHeaderSize   = 16 // id u64, flags u16, count u16, overflow u32
	leafElemSize     = 16 // flags, pos, ksize, vsize: u32 each
	branchElemSize   = 16 // pos u32, ksize u32, pgid u64
	bucketHeaderSize = 16 // root pgid u64, sequence u64

	branchPageFlag   = 0x01
	leafPageFlag     = 0x02
	metaPageFlag     = 0x04
	freelistPageFlag = 0x10
	bucketLeafFlag   = 0x01

	magic   = 0xED0CDAED
	version = 2

	maxCount = 0xFFFF // a page's element count is a uint16
)

// native is the byte order bolt writes its integers in: the machine's.
var native = binary.NativeEndian

// Writer writes one new bolt file. Buckets are written one at a time, each
// closed before the next is started, in any order of names.
type Writer struct {
	f        *os.File
	bw       *asyncWriter
	pageSize int
	next     uint64  // the ID of the next page written
	top      []entry // the top-level buckets written so far: name, value
	open     bool    // a bucket is being written
	buf      []byte  // the page being assembled
	err      error
}

// entry is a top-level bucket: its name and its value in the root bucket.
type entry struct{ key, val []byte }

// Create creates a new file at path (it must not exist) for a bolt
// database of pageSize pages.
func Create(path string, pageSize int) (*Writer, error) {
	if pageSize < 1024 || pageSize&(pageSize-1) != 0 {
		return nil, fmt.Errorf("boltfile: page size %d is not a power of two of at least 1024", pageSize)
	}
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return nil, fmt.Errorf("boltfile: create: %w", err)
	}
	w := &Writer{f: f, bw: newAsyncWriter(f, 4<<20), pageSize: pageSize}
	// pages 0 and 1 are the meta pages, written last
	if _, err := w.bw.Write(make([]byte, 2*pageSize)); err != nil {
		w.Abort()
		return nil, fmt.Errorf("boltfile: create: %w", err)
	}
	w.next = 2
	return w, nil
}

// Bucket starts a top-level bucket. Its leaf pages are filled to fill (a
// fraction of a page, as bolt's Bucket.FillPercent: 0.5 leaves room for
// later inserts, 1 suits keys only ever appended).
func (w *Writer) Bucket(name []byte, fill float64) *Bucket {
	if w.open && w.err == nil {
		w.err = errors.New("boltfile: a bucket started before the last one was closed")
	}
	w.open = true
	return &Bucket{w: w, name: slices.Clone(name), limit: fillLimit(w.pageSize, fill)}
}

// fillLimit is the size at which a page of pageSize filled to fill is
// full.
func fillLimit(pageSize int, fill float64) int {
	fill = min(max(fill, 0.1), 1)
	return int(fill * float64(pageSize))
}

// Bucket is a top-level bucket being written.
type Bucket struct {
	w     *Writer
	name  []byte
	limit int
	tree  tree
	last  []byte
	err   error
}

// Put adds a key and value. Keys must be given in strictly increasing
// byte order and be non-empty. The bucket keeps references to neither.
func (b *Bucket) Put(key, value []byte) error {
	if b.err != nil {
		return b.err
	}
	if len(key) == 0 {
		return b.fail(fmt.Errorf("boltfile: bucket %q: empty key", b.name))
	}
	if b.last != nil && bytes.Compare(key, b.last) <= 0 {
		return b.fail(fmt.Errorf("boltfile: bucket %q: key %x after %x, not in order", b.name, key, b.last))
	}
	b.tree.add(b.w, b.limit, key, value, 0)
	b.last = b.tree.lastKey()
	b.err = b.w.err
	return b.err
}

// fail records err as the bucket's and the file's: a file with a bucket
// that refused a key is not written.
func (b *Bucket) fail(err error) error {
	b.err = err
	if b.w.err == nil {
		b.w.err = err
	}
	return err
}

// Close ends the bucket: its last pages are written, or it is kept inline.
func (b *Bucket) Close() error {
	w := b.w
	w.open = false
	if b.err != nil {
		return b.err
	}
	val := b.tree.finish(w, b.limit, true)
	if w.err != nil {
		return w.err
	}
	w.top = append(w.top, entry{key: b.name, val: val})
	return nil
}

// Close writes the root bucket, the freelist and the meta pages, syncs the
// file to disk when sync is set, and closes it. The file is a complete
// bolt database only once Close returns nil.
func (w *Writer) Close(sync bool) error {
	if w.err == nil && w.open {
		w.err = errors.New("boltfile: close with a bucket still open")
	}
	if w.err != nil {
		w.Abort()
		return w.err
	}
	slices.SortFunc(w.top, func(a, b entry) int { return bytes.Compare(a.key, b.key) })
	for i := 1; i < len(w.top); i++ {
		if bytes.Equal(w.top[i-1].key, w.top[i].key) {
			w.Abort()
			return fmt.Errorf("boltfile: bucket %q written twice", w.top[i].key)
		}
	}
	var root tree
	for _, e := range w.top {
		root.add(w, w.pageSize, e.key, e.val, bucketLeafFlag)
	}
	rootPage := root.finishPage(w, w.pageSize)
	freelist := w.writePage(pageHeaderSize, func(buf []byte) { native.PutUint16(buf[8:], freelistPageFlag) })
	if w.err == nil {
		w.err = w.bw.Close()
	}
	if w.err == nil {
		w.err = w.writeMeta(rootPage, freelist)
	}
	if w.err == nil && sync {
		w.err = w.f.Sync()
	}
	if err := w.f.Close(); w.err == nil && err != nil {
		w.err = err
	}
	if w.err != nil {
		_ = os.Remove(w.f.Name())
		return fmt.Errorf("boltfile: write %s: %w", w.f.Name(), w.err)
	}
	return nil
}

// Abort closes and removes the file.
func (w *Writer) Abort() {
	w.bw.Close()
	_ = w.f.Close()
	_ = os.Remove(w.f.Name())
}

// writeMeta writes the two meta pages: the same state, transaction IDs 0
// and 1, as a new bolt file has.
func (w *Writer) writeMeta(root, freelist uint64) error {
	buf := make([]byte, 2*w.pageSize)
	for i := range 2 {
		p := buf[i*w.pageSize:]
		native.PutUint64(p[0:], uint64(i))
		native.PutUint16(p[8:], metaPageFlag)
		m := p[pageHeaderSize:]
		native.PutUint32(m[0:], magic)
		native.PutUint32(m[4:], version)
		native.PutUint32(m[8:], uint32(w.pageSize))
		native.PutUint32(m[12:], 0)         // flags
		native.PutUint64(m[16:], root)      // root bucket: root page
		native.PutUint64(m[24:], 0)         // root bucket: sequence
		native.PutUint64(m[32:], freelist)  // freelist page
		native.PutUint64(m[40:], w.next)    // high water mark
		native.PutUint64(m[48:], uint64(i)) // transaction
		h := fnv.New64a()
		h.Write(m[:56])
		native.PutUint64(m[56:], h.Sum64())
	}
	_, err := w.f.WriteAt(buf, 0)
	return err
}

// tree assembles one B+tree bottom up: the leaf being filled and the
// references to the leaves written before it.
type tree struct {
	leaf page
	refs []ref // the leaves written, in order
}

// ref is a written page: its first key and its ID.
type ref struct {
	key []byte
	id  uint64
}

// page is a leaf being assembled: its elements' keys and values one after
// the other in data, and its size on a page.
type page struct {
	elems []elem
	data  []byte
	size  int
}

// elem is an element of a page: its key at data[off:off+klen], its value
// right after.
type elem struct {
	off, klen, vlen int
	flags           uint32
}

func (p *page) key(i int) []byte {
	e := p.elems[i]
	return p.data[e.off : e.off+e.klen]
}

func (p *page) val(i int) []byte {
	e := p.elems[i]
	return p.data[e.off+e.klen : e.off+e.klen+e.vlen]
}

func (t *tree) lastKey() []byte {
	if n := len(t.leaf.elems); n > 0 {
		return t.leaf.key(n - 1)
	}
	return nil
}

// add appends a leaf element, first writing the leaf out when the element
// would take it past limit.
func (t *tree) add(w *Writer, limit int, key, val []byte, flags uint32) {
	sz := leafElemSize + len(key) + len(val)
	if len(t.leaf.elems) > 0 && (t.leaf.size+sz > limit || len(t.leaf.elems) == maxCount) {
		t.flushLeaf(w)
	}
	p := &t.leaf
	if p.size == 0 {
		p.size = pageHeaderSize
	}
	p.elems = append(p.elems, elem{off: len(p.data), klen: len(key), vlen: len(val), flags: flags})
	p.data = append(append(p.data, key...), val...)
	p.size += sz
}

// flushLeaf writes the leaf being filled and keeps a reference to it.
func (t *tree) flushLeaf(w *Writer) {
	id := w.writePage(max(t.leaf.size, pageHeaderSize), func(buf []byte) { encodeLeaf(buf, &t.leaf) })
	var first []byte
	if len(t.leaf.elems) > 0 {
		first = slices.Clone(t.leaf.key(0))
	}
	t.refs = append(t.refs, ref{key: first, id: id})
	t.leaf.elems, t.leaf.data, t.leaf.size = t.leaf.elems[:0], t.leaf.data[:0], 0
}

// finish ends the tree and returns its bucket value: the header and the
// inline page when inline allows a small tree, else the header with the
// root page's ID.
func (t *tree) finish(w *Writer, limit int, inline bool) []byte {
	if inline && len(t.refs) == 0 && t.leaf.size <= w.pageSize/4 {
		size := max(t.leaf.size, pageHeaderSize)
		val := make([]byte, bucketHeaderSize+size)
		encodeLeaf(val[bucketHeaderSize:], &t.leaf)
		return val
	}
	root := t.finishPage(w, limit)
	val := make([]byte, bucketHeaderSize)
	native.PutUint64(val, root)
	return val
}

// finishPage writes what remains of the tree, and the branch levels above
// its leaves, and returns the root page's ID.
func (t *tree) finishPage(w *Writer, limit int) uint64 {
	if len(t.leaf.elems) > 0 || len(t.refs) == 0 {
		// an empty tree is one empty leaf
		t.flushLeaf(w)
	}
	refs := t.refs
	for len(refs) > 1 {
		var up []ref
		for start := 0; start < len(refs); {
			// at least two children a page, so that each level is smaller
			// than the one below (a key past the limit makes an overflow
			// page, as bolt's own split does)
			end, size := start, pageHeaderSize
			for end < len(refs) && (end-start < 2 || size+branchElemSize+len(refs[end].key) <= limit) && end-start < maxCount {
				size += branchElemSize + len(refs[end].key)
				end++
			}
			// nor a last page of one child
			if len(refs)-end == 1 {
				if end-start > 2 {
					end--
					size -= branchElemSize + len(refs[end].key)
				} else {
					size += branchElemSize + len(refs[end].key)
					end++
				}
			}
			page := refs[start:end]
			id := w.writePage(size, func(buf []byte) { encodeBranch(buf, page) })
			up = append(up, ref{key: refs[start].key, id: id})
			start = end
		}
		refs = up
	}
	return refs[0].id
}

// writePage writes the next page of the file, of size bytes laid out by
// encode, with the overflow pages it needs, and returns its ID.
func (w *Writer) writePage(size int, encode func([]byte)) uint64 {
	n := (size + w.pageSize - 1) / w.pageSize
	if cap(w.buf) < n*w.pageSize {
		w.buf = make([]byte, n*w.pageSize)
	}
	buf := w.buf[:n*w.pageSize]
	clear(buf)
	id := w.next
	encode(buf)
	native.PutUint64(buf[0:], id)
	native.PutUint32(buf[12:], uint32(n-1))
	if w.err == nil {
		_, w.err = w.bw.Write(buf)
	}
	w.next += uint64(n)
	return id
}

// encodeLeaf lays out a leaf page in buf (zeroed, large enough): its
// header, its elements, then their keys and values. The page ID and
// overflow are left to the caller.
func encodeLeaf(buf []byte, p *page) {
	native.PutUint16(buf[8:], leafPageFlag)
	native.PutUint16(buf[10:], uint16(len(p.elems)))
	off := pageHeaderSize + leafElemSize*len(p.elems)
	for i, e := range p.elems {
		el := pageHeaderSize + leafElemSize*i
		native.PutUint32(buf[el:], e.flags)
		native.PutUint32(buf[el+4:], uint32(off-el))
		native.PutUint32(buf[el+8:], uint32(e.klen))
		native.PutUint32(buf[el+12:], uint32(e.vlen))
		off += copy(buf[off:], p.data[e.off:e.off+e.klen+e.vlen])
	}
}

// encodeBranch lays out a branch page of refs in buf, as encodeLeaf.
func encodeBranch(buf []byte, refs []ref) {
	native.PutUint16(buf[8:], branchPageFlag)
	native.PutUint16(buf[10:], uint16(len(refs)))
	off := pageHeaderSize + branchElemSize*len(refs)
	for i, r := range refs {
		el := pageHeaderSize + branchElemSize*i
		native.PutUint32(buf[el:], uint32(off-el))
		native.PutUint32(buf[el+4:], uint32(len(r.key)))
		native.PutUint64(buf[el+8:], r.id)
		off += copy(buf[off:], r.key)
	}
}

// asyncWriter writes to a file in large buffers on another goroutine, so
// that the copy into the kernel overlaps with the encoding of the next
// pages (a tenth of a large load's time).
type asyncWriter struct {
	f      *os.File
	buf    []byte
	full   chan []byte // buffers to write
	free   chan []byte // buffers written
	done   chan error  // the writer's first error, when it ends
	closed bool
	err    error
}

func newAsyncWriter(f *os.File, size int) *asyncWriter {
	a := &asyncWriter{f: f, buf: make([]byte, 0, size), full: make(chan []byte, 1), free: make(chan []byte, 2), done: make(chan error, 1)}
	a.free <- make([]byte, 0, size)
	go func() {
		var err error
		for b := range a.full {
			if err == nil {
				_, err = f.Write(b)
			}
			a.free <- b[:0]
		}
		a.done <- err
	}()
	return a
}

// Write copies p into the buffer, handing the buffer over when full.
func (a *asyncWriter) Write(p []byte) (int, error) {
	n := len(p)
	for len(p) > 0 {
		if len(a.buf) == cap(a.buf) {
			a.full <- a.buf
			a.buf = <-a.free
		}
		c := copy(a.buf[len(a.buf):cap(a.buf)], p)
		a.buf = a.buf[:len(a.buf)+c]
		p = p[c:]
	}
	return n, nil
}

// Close writes what is buffered, waits for the writes and returns the
// first error. Calling it again returns the same.
func (a *asyncWriter) Close() error {
	if a.closed {
		return a.err
	}
	a.closed = true
	if len(a.buf) > 0 {
		a.full <- a.buf
	}
	close(a.full)
	a.err = <-a.done
	return a.err
}
