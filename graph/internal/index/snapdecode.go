package index

import (
	"runtime"
	"sync"

	"github.com/newsgraph/newsgraph/graph/internal/parallel"
)

// Decoding a snapshot (ReadSnapshot): the records into a few large
// allocations, and the lookups built from them, as a pipeline on every
// core.

// decode reads what encode wrote into a new index.
func (x *Index) decode(d *snapDecoder) {
	var totals [7]int64
	for i := range totals {
		totals[i] = d.varint()
	}
	x.edges, x.docs, x.claims, x.quads, x.live = int(totals[0]), int(totals[1]), int(totals[2]), totals[3], int(totals[4])
	x.structVersion, x.version = uint64(totals[5]), uint64(totals[6])
	x.decodeSources(d)
	// Decoding is a small pipeline on every core: the entities' blocks
	// decode on their own while the rest is read, and each lookup table
	// is built as soon as what it indexes is read. Whatever happens,
	// decode returns only when all of it is done.
	var wg sync.WaitGroup
	entities := sync.OnceValue(x.decodeEntities(d))
	defer func() {
		wg.Wait()
		if err := entities(); err != nil && d.err == nil {
			d.err = err
		}
	}()
	wg.Go(func() {
		if entities() == nil {
			x.buildIDs()
		}
	})
	n := d.count(3)
	x.sameAs = make(map[string]strCount, n)
	for range n {
		k, v := d.str(), d.str()
		x.sameAs[k] = strCount{v, int32(d.varint())}
	}
	rels := x.decodeClaims(d)
	wg.Go(func() { x.relClaims.build(rels) })
	g := x.grams
	g.decodeKeys(d)
	gramIDs := make(chan struct{})
	wg.Go(func() {
		defer close(gramIDs)
		g.id = newPosTable(len(g.keys))
		for i, k := range g.keys {
			g.id.add(k, int32(i))
		}
	})
	g.decodeLists(d)
	if d.err != nil || entities() != nil {
		return
	}
	wg.Go(func() {
		<-gramIDs
		x.buildKeyLists()
	})
	v := x.decodeView(d)
	wg.Wait()
	x.sorted, x.cacheVer = v, x.version
}

// decodeClaims reads the claims behind each relation, for claimLists.build.
func (x *Index) decodeClaims(d *snapDecoder) []relList {
	n := d.count(2)
	claims := hugeMake[string](d.count(1))
	rels := make([]relList, 0, n)
	for range n {
		rid := d.str()
		k := d.count(1)
		if k > len(claims) {
			d.fail("relation %q has more claims than the snapshot", rid)
			return nil
		}
		l := claims[:k:k]
		claims = claims[k:]
		for i := range l {
			l[i] = d.str()
		}
		rels = append(rels, relList{rid, l})
	}
	return rels
}

// relList is one relation's claims, read before the map is built.
type relList struct {
	rid    string
	claims []string
}

// buildIDs fills the lookups of entity and source IDs.
func (x *Index) buildIDs() {
	x.byID = newPosTable(len(x.ids))
	for i, id := range x.ids {
		x.byID.add(id, int32(i))
	}
	x.srcByID = newPosTable(len(x.srcs))
	for i, r := range x.srcs {
		x.srcByID.add(r.id, int32(i))
	}
}

// buildKeyLists fills byKey from the entities' keys, after the gram
// index's positions: each key's entities in position order, exactly what
// setKey keeps, in one allocation (each list's capacity its length, so
// that setKey's insertions reallocate). It counts the live keys again; a
// key of an entity that the gram index lacks is left out, as a decode
// error would be.
func (x *Index) buildKeyLists() {
	g := x.grams
	at := make([]int32, 0, len(x.ents))
	sizes := make([]int32, len(g.keys))
	for _, r := range x.ents {
		for _, k := range r.keys() {
			p, ok := g.id.find(k.s, g.keyAt)
			if !ok {
				p = -1
			} else {
				sizes[p]++
			}
			at = append(at, p)
		}
	}
	slab := hugeMake[int32](len(at))
	x.byKey = hugeMake[[]int32](len(g.keys))
	x.liveKeys = 0
	off := 0
	for p, n := range sizes {
		if n > 0 {
			x.byKey[p] = slab[off : off : off+int(n)]
			off += int(n)
			x.liveKeys++
		}
	}
	i := 0
	for e, r := range x.ents {
		for range r.keys() {
			if p := at[i]; p >= 0 {
				x.byKey[p] = append(x.byKey[p], int32(e))
			}
			i++
		}
	}
}

func (x *Index) decodeSources(d *snapDecoder) {
	n := d.count(4)
	slab := newCountSlab(d)
	recs := make([]srcRec, n)
	x.srcs = make([]*srcRec, n)
	for i := range recs {
		r := &recs[i]
		r.id = d.str()
		r.isDoc = d.uint() != 0
		r.exist = int32(d.varint())
		r.bytes = int(d.varint())
		for _, l := range []*[]strCount{&r.dates, &r.title, &r.url, &r.file, &r.extractor, &r.ident} {
			*l = slab.take(d)
		}
		if len(r.dates) > 0 {
			r.date = parseDate(r.dates[0].s)
		}
		x.srcs[i] = r
	}
}

// entityBlockRef is one block of entities to decode: where its entities
// and its lists go, and its bytes.
type entityBlockRef struct {
	start, n                   int
	counts, ids, edges, labels int // offsets into the shared slabs
	t                          blockTotals
	data                       []byte
	base                       int // offset of data in the body
}

// decodeEntities reads the directory of the entities' blocks, starts
// decoding the blocks and returns a function that waits for them and
// returns the first error. d moves past the blocks at once.
func (x *Index) decodeEntities(d *snapDecoder) (wait func() error) {
	done := func() error { return nil }
	n := d.count(9)
	d.count(1) // the live keys' count: buildKeyLists counts them again
	blocks := make([]entityBlockRef, d.count(6))
	var sum blockTotals
	start := 0
	for i := range blocks {
		b := &blocks[i]
		b.start, b.n = start, d.count(0)
		b.counts, b.ids, b.edges, b.labels = sum.counts, sum.ids, sum.edges, sum.labels
		b.t = blockTotals{d.count(2), d.count(2), d.count(3), d.count(1)}
		size := d.count(1)
		if d.err != nil {
			return done
		}
		b.data, b.base = d.b[d.off:d.off+size], d.off
		d.off += size
		start += b.n
		sum.counts += b.t.counts
		sum.ids += b.t.ids
		sum.edges += b.t.edges
		sum.labels += b.t.labels
	}
	if start != n {
		d.fail("blocks of %d entities, %d declared", start, n)
		return done
	}
	slabs := entitySlabs{
		counts: hugeMake[strCount](sum.counts), ids: hugeMake[idCount](sum.ids),
		edges: hugeMake[edge](sum.edges), labels: hugeMake[int32](sum.labels),
		recs: hugeMake[entRec](n),
	}
	x.ents = hugeMake[*entRec](n)
	x.ids = hugeMake[string](n)
	// at least two workers: the caller decodes the rest of the snapshot
	// meanwhile
	return parallel.Start(len(blocks), max(min(runtime.GOMAXPROCS(0), len(blocks)), 2), 1, func(i int) error {
		return x.decodeBlock(&blocks[i], &slabs, n)
	})
}

// entitySlabs are the allocations every block's entities share.
type entitySlabs struct {
	counts []strCount
	ids    []idCount
	edges  []edge
	labels []int32
	recs   []entRec
}

// decodeBlock decodes one block of entities into its part of the slabs.
func (x *Index) decodeBlock(b *entityBlockRef, s *entitySlabs, nEnts int) error {
	d := &snapDecoder{b: b.data, base: b.base}
	counts := &countSlab{free: s.counts[b.counts : b.counts+b.t.counts]}
	ids := s.ids[b.ids : b.ids+b.t.ids]
	edges := s.edges[b.edges : b.edges+b.t.edges]
	labels := s.labels[b.labels : b.labels+b.t.labels]
	nsrc := int32(len(x.srcs))
	for i := b.start; i < b.start+b.n && d.err == nil; i++ {
		r := &s.recs[i]
		r.id = d.str()
		// the kinds' lists are taken one after another from the slab:
		// together they are the record's vals
		vals := counts.free
		n := 0
		for k := range numKinds {
			n += len(counts.take(d))
			r.ends[k] = uint32(n)
		}
		r.vals = vals[:n:n]
		r.structured = int32(d.varint())
		k := d.count(2)
		if k > len(ids) {
			d.fail("entity %q has more sources than its block", r.id)
			break
		}
		r.sources, ids = ids[:k:k], ids[k:]
		for j := range r.sources {
			r.sources[j] = idCount{d.index(nsrc), int32(d.varint())}
		}
		r.out, edges, labels = d.edges(edges, labels, int32(nEnts), nsrc)
		r.in, edges, labels = d.edges(edges, labels, int32(nEnts), nsrc)
		x.ents[i], x.ids[i] = r, r.id
	}
	if d.err == nil && d.off != len(d.b) {
		d.fail("%d bytes left after a block of entities", len(d.b)-d.off)
	}
	return d.err
}

// decodeKeys reads the gram index's keys; decodeLists reads the rest.
func (g *grams) decodeKeys(d *snapDecoder) {
	g.keys = hugeMake[string](d.count(1))
	for i := range g.keys {
		g.keys[i] = d.str()
	}
}

func (g *grams) decodeLists(d *snapDecoder) {
	n := len(g.keys)
	nt := d.count(2)
	slab := hugeMake[int32](d.count(1))
	g.tri = make(map[uint32][]int32, nt)
	for range nt {
		t := uint32(d.uint())
		var l []int32
		l, slab = d.ascending(slab, int32(n))
		g.tri[t] = l
	}
	for b := range g.byLen {
		g.byLen[b], _ = d.ascending(nil, int32(n))
	}
}

// countSlab hands out the counted-value lists of one kind of record from
// one allocation; each list's capacity is its length, so that growing it
// later reallocates instead of overwriting its neighbor.
type countSlab struct{ free []strCount }

func newCountSlab(d *snapDecoder) *countSlab {
	return &countSlab{free: make([]strCount, d.count(2))}
}

func (s *countSlab) take(d *snapDecoder) []strCount {
	n := d.count(2)
	if n == 0 {
		return nil
	}
	if n > len(s.free) {
		d.fail("more counted values than the snapshot declares")
		return nil
	}
	l := s.free[:n:n]
	s.free = s.free[n:]
	for i := range l {
		l[i] = strCount{d.str(), int32(d.varint())}
	}
	return l
}
