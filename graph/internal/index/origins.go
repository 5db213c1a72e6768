package index

import "github.com/newsgraph/newsgraph/ontology"

// SourceIDs returns the ID of every source the index has heard of, at its
// position: the positions that EachEntityOrigin and EachRelationOrigin give.
// exists tells which of them still exist.
func (x *Index) SourceIDs() (ids []string, exists []bool) {
	ids = make([]string, len(x.srcs))
	exists = make([]bool, len(x.srcs))
	for i, r := range x.srcs {
		ids[i], exists[i] = r.id, r.exist > 0
	}
	return ids, exists
}

// EachEntityOrigin calls fn for every live entity with its type and the
// positions of the sources that state its type. srcs is reused between
// calls.
func (x *Index) EachEntityOrigin(fn func(id string, t ontology.EntityType, srcs []int32)) {
	var buf []int32
	for _, r := range x.ents {
		if !r.live() {
			continue
		}
		buf = buf[:0]
		for _, s := range r.sources {
			buf = append(buf, s.id)
		}
		t, _ := ontology.ParseEntityType(first(r.types()))
		fn(r.id, t, buf)
	}
}

// EachRelationOrigin calls fn for every relation (each direct edge between
// two live entities) with the positions of the sources that state it.
// labels must not be kept.
func (x *Index) EachRelationOrigin(fn func(subject string, p ontology.Predicate, object string, labels []int32)) {
	for _, r := range x.ents {
		if !r.live() {
			continue
		}
		for _, e := range r.out {
			if o := x.ents[e.other]; o.live() && len(e.labels) > 0 {
				fn(r.id, predName(e.pred), o.id, e.labels)
			}
		}
	}
}
