package index

// The sorted view is saved with the snapshot: the order of every entity by
// ID, the lookup keys in order (as positions in the gram index) and the
// documents newest first. Sorting them again is the first reader's cost
// after an open (four seconds for 1M entities); reading them back is a
// linear pass.

// encodeView writes the current sorted view, building it if a write came
// since the last one.
func (x *Index) encodeView(e *snapEncoder) {
	v := x.view()
	e.uint(uint64(len(v.all)))
	for _, p := range v.all {
		e.uint(uint64(p))
	}
	e.uint(uint64(len(v.keys)))
	for _, k := range v.keys {
		p, _ := x.grams.id.find(k, x.grams.keyAt)
		e.uint(uint64(p))
	}
	e.uint(uint64(len(v.docs)))
	for _, p := range v.docs {
		e.uint(uint64(p))
	}
}

// decodeView reads what encodeView wrote into a view of the decoded index
// (entities and grams decoded before it); the derived parts (live
// entities, ranks, key signatures) are filled in from them.
func (x *Index) decodeView(d *snapDecoder) *sortedView {
	v := &sortedView{rowsFrom: x.ents}
	n := int32(len(x.ents))
	if d.count(1) != len(x.ents) {
		d.fail("a sorted view of another number of entities")
		return nil
	}
	v.all = hugeMake[int32](int(n))
	for i := range v.all {
		v.all[i] = d.index(n)
	}
	keys := d.count(1)
	v.keys = hugeMake[string](keys)
	for i := range v.keys {
		v.keys[i] = x.grams.keys[d.index(int32(len(x.grams.keys)))]
	}
	v.docs = make([]int32, d.count(1))
	for i := range v.docs {
		v.docs[i] = d.index(int32(len(x.srcs)))
	}
	if d.err != nil {
		return nil
	}
	v.rankLive(x.ents)
	v.keySigs = x.grams.signatures()
	return v
}
