package index

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"unsafe"
)

// A snapshot is the index written to a file, so that opening a large store
// reads it back instead of rebuilding it from every stored quad.
//
// The file is a header, a body and a trailer:
//
//	header  "NGIDXSNP", format version (uint32), flags (uint32, 0)
//	body    the caller's metadata (what store position the index reflects),
//	        the totals, the sources, the entities with their counted values
//	        and edges, merges, the claims behind each relation and the gram
//	        index, as uvarints, varints and length-prefixed strings
//	trailer body length (uint64), CRC-32C of header and body (uint32), "NGOK"
//
// all little-endian. ReadSnapshot checks the magic, the version, the length
// and the checksum before it decodes anything, and every decode step checks
// its bounds, so a truncated, corrupt or foreign file is an error wrapping
// ErrSnapshot, never a wrong index or a panic.
//
// The decoded index does not copy its strings: they point into the data
// ReadSnapshot was given (a read-only mapping of the file), which must stay
// valid and unchanged for as long as the index or any string taken from it
// is in use. Everything else is decoded into a few large allocations (one
// per kind of record) rather than one per value.

// SnapshotVersion is the format version this package writes and reads.
// Any change to the encoding below changes it.
const SnapshotVersion = 3

// ErrSnapshot means a snapshot cannot be read: not a snapshot, another
// format version, truncated or corrupt. Errors that wrap it say which.
var ErrSnapshot = errors.New("unreadable index snapshot")

const (
	snapMagic   = "NGIDXSNP"
	snapEnd     = "NGOK"
	snapHeader  = 16
	snapTrailer = 16
)

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// WriteSnapshot writes the index and meta (the caller's description of what
// the index reflects, returned as is by ReadSnapshot) to w. The caller must
// keep writers out meanwhile (the store holds its lock shared).
func (x *Index) WriteSnapshot(w io.Writer, meta []byte) error {
	crc := crc32.New(castagnoli)
	bw := bufio.NewWriterSize(io.MultiWriter(w, crc), 1<<20)
	e := &snapEncoder{w: bw}
	var head [snapHeader]byte
	copy(head[:], snapMagic)
	binary.LittleEndian.PutUint32(head[8:], SnapshotVersion)
	e.raw(head[:])
	e.body = 0
	e.bytes(meta)
	e.uint(uint64(len(predNames)))
	for _, p := range predNames {
		e.str(p)
	}
	x.encode(e)
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("index: write snapshot: %w", err)
	}
	var tail [snapTrailer]byte
	binary.LittleEndian.PutUint64(tail[0:], uint64(e.body))
	binary.LittleEndian.PutUint32(tail[8:], crc.Sum32())
	copy(tail[12:], snapEnd)
	if _, err := w.Write(tail[:]); err != nil {
		return fmt.Errorf("index: write snapshot: %w", err)
	}
	return e.err
}

// SnapshotMeta returns the metadata of a snapshot after checking its
// header, length and checksum, without decoding the index.
func SnapshotMeta(data []byte) ([]byte, error) {
	body, err := snapshotBody(data)
	if err != nil {
		return nil, err
	}
	d := &snapDecoder{b: body}
	meta := d.bytes()
	return meta, d.err
}

// ReadSnapshot decodes a snapshot that WriteSnapshot wrote and returns the
// index and the metadata written with it. The index's strings point into
// data (see the package's snapshot notes). The file is checked once: its
// checksum is computed while it is decoded (every decode step checks its
// bounds, so a corrupt body cannot make it panic), and nothing decoded is
// returned unless the checksum holds. A corrupt file's error is the
// checksum's, whatever else went wrong.
func ReadSnapshot(data []byte) (*Index, []byte, error) {
	body, checksum, err := snapshotFrame(data)
	if err != nil {
		return nil, nil, err
	}
	sum := make(chan error, 1)
	go func() { sum <- checksum() }()
	x, meta, err := readBody(body)
	if serr := <-sum; serr != nil {
		return nil, nil, serr
	}
	if err != nil {
		return nil, nil, err
	}
	return x, meta, nil
}

// readBody decodes a snapshot's body (see ReadSnapshot).
func readBody(body []byte) (*Index, []byte, error) {
	d := &snapDecoder{b: body}
	meta := d.bytes()
	if n := d.count(1); n != len(predNames) {
		d.fail("%d predicates, this newsgraph has %d (the ontology changed)", n, len(predNames))
	}
	for i := 0; d.err == nil && i < len(predNames); i++ {
		if p := d.str(); p != predNames[i] {
			d.fail("predicate %d is %q, this newsgraph's is %q (the ontology changed)", i, p, predNames[i])
		}
	}
	x := New()
	x.decode(d)
	if d.err == nil && d.off != len(d.b) {
		d.fail("%d bytes left after the index", len(d.b)-d.off)
	}
	if d.err != nil {
		return nil, nil, d.err
	}
	return x, meta, nil
}

// snapshotBody checks a snapshot's frame and checksum and returns its body.
func snapshotBody(data []byte) ([]byte, error) {
	body, checksum, err := snapshotFrame(data)
	if err == nil {
		err = checksum()
	}
	if err != nil {
		return nil, err
	}
	return body, nil
}

// snapshotFrame checks a snapshot's header and trailer and returns its body
// and the check of its checksum, left to the caller to run.
func snapshotFrame(data []byte) (body []byte, checksum func() error, err error) {
	if len(data) < snapHeader+snapTrailer || string(data[:8]) != snapMagic {
		return nil, nil, fmt.Errorf("%w: not a newsgraph index snapshot", ErrSnapshot)
	}
	if v := binary.LittleEndian.Uint32(data[8:]); v != SnapshotVersion {
		return nil, nil, fmt.Errorf("%w: format version %d, this newsgraph reads %d", ErrSnapshot, v, SnapshotVersion)
	}
	tail := data[len(data)-snapTrailer:]
	if string(tail[12:]) != snapEnd {
		return nil, nil, fmt.Errorf("%w: no end mark (truncated)", ErrSnapshot)
	}
	n := binary.LittleEndian.Uint64(tail)
	if n != uint64(len(data)-snapHeader-snapTrailer) {
		return nil, nil, fmt.Errorf("%w: body of %d bytes, the file holds %d", ErrSnapshot, n, len(data)-snapHeader-snapTrailer)
	}
	checksum = func() error {
		if sum := crc32.Checksum(data[:len(data)-snapTrailer], castagnoli); sum != binary.LittleEndian.Uint32(tail[8:]) {
			return fmt.Errorf("%w: checksum mismatch (corrupt)", ErrSnapshot)
		}
		return nil
	}
	return data[snapHeader : len(data)-snapTrailer], checksum, nil
}

// encode writes the index's state. Derived state (byID, srcByID, byKey,
// ids, the sorted view) is not written; decode rebuilds it.
func (x *Index) encode(e *snapEncoder) {
	for _, v := range []int64{int64(x.edges), int64(x.docs), int64(x.claims), x.quads, int64(x.live),
		int64(x.structVersion), int64(x.version)} {
		e.varint(v)
	}
	e.uint(uint64(len(x.srcs)))
	var nSrcCounts int
	for _, r := range x.srcs {
		nSrcCounts += len(r.dates) + len(r.title) + len(r.url) + len(r.file) + len(r.extractor) + len(r.ident)
	}
	e.uint(uint64(nSrcCounts))
	for _, r := range x.srcs {
		e.str(r.id)
		e.uint(b2u(r.isDoc))
		e.varint(int64(r.exist))
		e.varint(int64(r.bytes))
		for _, l := range [][]strCount{r.dates, r.title, r.url, r.file, r.extractor, r.ident} {
			e.counts(l)
		}
	}
	e.uint(uint64(len(x.ents)))
	e.uint(uint64(x.liveKeys))
	e.uint(uint64((len(x.ents) + entityBlock - 1) / entityBlock))
	var buf bytes.Buffer
	for start := 0; start < len(x.ents); start += entityBlock {
		block := x.ents[start:min(start+entityBlock, len(x.ents))]
		buf.Reset()
		be := &snapEncoder{w: bufio.NewWriter(&buf)}
		var t blockTotals
		for _, r := range block {
			t.add(r)
			be.entity(r)
		}
		be.w.Flush()
		e.uint(uint64(len(block)))
		for _, v := range []int{t.counts, t.ids, t.edges, t.labels, buf.Len()} {
			e.uint(uint64(v))
		}
		e.raw(buf.Bytes())
	}
	e.uint(uint64(len(x.sameAs)))
	for k, c := range x.sameAs {
		e.str(k)
		e.str(c.s)
		e.varint(int64(c.n))
	}
	var nClaims int
	x.relClaims.each(func(_ string, l []string) { nClaims += len(l) })
	e.uint(uint64(x.relClaims.len()))
	e.uint(uint64(nClaims))
	x.relClaims.each(func(rid string, l []string) {
		e.str(rid)
		e.uint(uint64(len(l)))
		for _, c := range l {
			e.str(c)
		}
	})
	x.grams.encode(e)
	x.encodeView(e)
}

// entityBlock is how many entities one block of the snapshot holds (a
// variable for tests): the blocks are decoded side by side.
var entityBlock = 1 << 15

// blockTotals are the sizes of the lists of a block of entities, so that
// the decoder can give each block its part of the shared allocations
// before decoding any.
type blockTotals struct {
	counts, ids, edges, labels int
}

func (t *blockTotals) add(r *entRec) {
	t.counts += len(r.vals)
	t.ids += len(r.sources)
	t.edges += len(r.out) + len(r.in)
	for _, l := range [][]edge{r.out, r.in} {
		for _, ed := range l {
			t.labels += len(ed.labels)
		}
	}
}

func (e *snapEncoder) entity(r *entRec) {
	e.str(r.id)
	for k := range numKinds {
		e.counts(r.list(k))
	}
	e.varint(int64(r.structured))
	e.uint(uint64(len(r.sources)))
	for _, c := range r.sources {
		e.uint(uint64(c.id))
		e.varint(int64(c.n))
	}
	e.edges(r.out)
	e.edges(r.in)
}

func (g *grams) encode(e *snapEncoder) {
	e.uint(uint64(len(g.keys)))
	for _, k := range g.keys {
		e.str(k)
	}
	var n int
	for _, l := range g.tri {
		n += len(l)
	}
	e.uint(uint64(len(g.tri)))
	e.uint(uint64(n))
	for t, l := range g.tri {
		e.uint(uint64(t))
		e.ascending(l)
	}
	for _, l := range g.byLen {
		e.ascending(l)
	}
}

func b2u(b bool) uint64 {
	if b {
		return 1
	}
	return 0
}

// snapEncoder writes uvarints, varints and strings through a buffered
// writer, counting the body's bytes.
type snapEncoder struct {
	w    *bufio.Writer
	body int
	err  error
}

func (e *snapEncoder) raw(p []byte) {
	n, err := e.w.Write(p)
	e.body += n
	if err != nil && e.err == nil {
		e.err = fmt.Errorf("index: write snapshot: %w", err)
	}
}

func (e *snapEncoder) uint(v uint64) { e.raw(binary.AppendUvarint(e.w.AvailableBuffer(), v)) }
func (e *snapEncoder) varint(v int64) {
	e.raw(binary.AppendVarint(e.w.AvailableBuffer(), v))
}

func (e *snapEncoder) str(s string) {
	e.uint(uint64(len(s)))
	e.raw(unsafe.Slice(unsafe.StringData(s), len(s)))
}

func (e *snapEncoder) bytes(b []byte) {
	e.uint(uint64(len(b)))
	e.raw(b)
}

func (e *snapEncoder) counts(l []strCount) {
	e.uint(uint64(len(l)))
	for _, c := range l {
		e.str(c.s)
		e.varint(int64(c.n))
	}
}

func (e *snapEncoder) edges(l []edge) {
	e.uint(uint64(len(l)))
	for _, ed := range l {
		e.uint(uint64(ed.other))
		e.uint(uint64(ed.pred))
		e.ascending(ed.labels)
	}
}

// ascending writes a sorted list of positions as its length and gaps.
func (e *snapEncoder) ascending(l []int32) {
	e.uint(uint64(len(l)))
	prev := int32(0)
	for _, v := range l {
		e.uint(uint64(v - prev))
		prev = v
	}
}

// snapDecoder reads what snapEncoder wrote, checking bounds; the first
// problem is kept in err and every later read returns zero values.
type snapDecoder struct {
	b    []byte
	off  int
	err  error
	base int // offset of b in the body, for messages
}

func (d *snapDecoder) fail(format string, args ...any) {
	if d.err == nil {
		d.err = fmt.Errorf("%w: %s at byte %d", ErrSnapshot, fmt.Sprintf(format, args...), d.base+d.off+snapHeader)
	}
	d.off = len(d.b)
}

func (d *snapDecoder) uint() uint64 {
	v, n := binary.Uvarint(d.b[d.off:])
	if n <= 0 {
		d.fail("bad number")
		return 0
	}
	d.off += n
	return v
}

func (d *snapDecoder) varint() int64 {
	v, n := binary.Varint(d.b[d.off:])
	if n <= 0 {
		d.fail("bad number")
		return 0
	}
	d.off += n
	return v
}

// count reads a length whose items take at least minBytes each: a length
// the rest of the data cannot hold is corrupt (and would otherwise make a
// huge allocation).
func (d *snapDecoder) count(minBytes int) int {
	v := d.uint()
	if v > uint64(len(d.b)-d.off)/uint64(max(minBytes, 1)) {
		d.fail("count %d larger than the data left", v)
		return 0
	}
	return int(v)
}

// index reads a position that must be below n.
func (d *snapDecoder) index(n int32) int32 {
	v := d.uint()
	if v >= uint64(n) {
		d.fail("position %d out of range %d", v, n)
		return 0
	}
	return int32(v)
}

// str returns the next string without copying it.
func (d *snapDecoder) str() string {
	n := d.count(1)
	if n == 0 {
		return ""
	}
	s := unsafe.String(&d.b[d.off], n)
	d.off += n
	return s
}

func (d *snapDecoder) bytes() []byte {
	n := d.count(1)
	b := d.b[d.off : d.off+n : d.off+n]
	d.off += n
	return b
}

// ascending reads a list that ascending wrote, taking its storage from the
// front of slab when slab is long enough (a new allocation otherwise), and
// returns the rest of slab. Every value must be below n.
func (d *snapDecoder) ascending(slab []int32, n int32) ([]int32, []int32) {
	k := d.count(1)
	var l []int32
	if k <= len(slab) {
		l, slab = slab[:k:k], slab[k:]
	} else {
		l = make([]int32, k)
	}
	v := int64(0)
	for i := range l {
		v += int64(d.uint())
		if v >= int64(n) {
			d.fail("position %d out of range %d", v, n)
			return nil, slab
		}
		l[i] = int32(v)
	}
	return l, slab
}

// edges reads an edge list into storage taken from the front of the edge
// and label slabs, and returns their rest.
func (d *snapDecoder) edges(slab []edge, labels []int32, nEnts, nSrcs int32) ([]edge, []edge, []int32) {
	k := d.count(3)
	if k == 0 {
		return nil, slab, labels
	}
	if k > len(slab) {
		d.fail("more edges than the snapshot declares")
		return nil, slab, labels
	}
	l := slab[:k:k]
	slab = slab[k:]
	for i := range l {
		l[i].other = d.index(nEnts)
		p := d.uint()
		if p >= uint64(len(predNames)) {
			d.fail("predicate %d out of range", p)
			return nil, slab, labels
		}
		l[i].pred = uint8(p)
		l[i].labels, labels = d.ascending(labels, nSrcs)
	}
	return l, slab, labels
}

// predNames bounds the predicate numbers a snapshot may hold.
var predNames = func() []string {
	out := make([]string, len(predIndex))
	for name, i := range predIndex {
		out[i] = string(name)
	}
	return out
}()
