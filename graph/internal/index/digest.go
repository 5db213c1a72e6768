package index

import (
	"bufio"
	"crypto/sha256"
	"encoding/binary"
	"slices"
	"strings"
)

// Digest returns a hash of what the index holds, independent of how it was
// built: two indexes of the same facts have the same digest whether one
// was built from scratch, kept up to date write by write, or read from a
// snapshot. Positions are replaced by the IDs they stand for and every
// list is taken in ID order; records left with no facts, the gram index (a
// superset of the current keys by design) and change counters are left
// out. It is what `newsgraph check` and the snapshot tests compare.
func (x *Index) Digest() [32]byte {
	h := sha256.New()
	w := bufio.NewWriterSize(h, 1<<16)
	put := func(s string) {
		w.Write(binary.AppendUvarint(w.AvailableBuffer(), uint64(len(s))))
		w.WriteString(s)
	}
	num := func(v int64) { w.Write(binary.AppendVarint(w.AvailableBuffer(), v)) }
	counts := func(l []strCount) {
		num(int64(len(l)))
		for _, c := range l {
			put(c.s)
			num(int64(c.n))
		}
	}
	for _, v := range []int64{int64(x.edges), int64(x.docs), int64(x.claims), x.quads, int64(x.live)} {
		num(v)
	}
	srcs := make([]*srcRec, 0, len(x.srcs))
	for _, r := range x.srcs {
		if r.exist != 0 || len(r.dates)+len(r.title)+len(r.url)+len(r.file)+len(r.extractor)+len(r.ident) > 0 {
			srcs = append(srcs, r)
		}
	}
	slices.SortFunc(srcs, func(a, b *srcRec) int { return strings.Compare(a.id, b.id) })
	for _, r := range srcs {
		put(r.id)
		num(int64(b2u(r.isDoc && r.exist > 0)))
		num(int64(r.exist))
		num(int64(r.bytes))
		for _, l := range [][]strCount{r.dates, r.title, r.url, r.file, r.extractor, r.ident} {
			counts(l)
		}
	}
	ents := make([]*entRec, 0, len(x.ents))
	for _, r := range x.ents {
		if r.structured != 0 || len(r.sources) > 0 || len(r.vals)+len(r.out)+len(r.in) > 0 {
			ents = append(ents, r)
		}
	}
	slices.SortFunc(ents, func(a, b *entRec) int { return strings.Compare(a.id, b.id) })
	var ids []string
	for _, r := range ents {
		put(r.id)
		for k := range numKinds {
			counts(r.list(k))
		}
		num(int64(r.structured))
		type src struct {
			id string
			n  int32
		}
		ss := make([]src, len(r.sources))
		for i, c := range r.sources {
			ss[i] = src{x.srcs[c.id].id, c.n}
		}
		slices.SortFunc(ss, func(a, b src) int { return strings.Compare(a.id, b.id) })
		num(int64(len(ss)))
		for _, s := range ss {
			put(s.id)
			num(int64(s.n))
		}
		for _, l := range [][]edge{r.out, r.in} {
			es := slices.Clone(l)
			slices.SortFunc(es, func(a, b edge) int {
				if a.pred != b.pred {
					return int(a.pred) - int(b.pred)
				}
				return strings.Compare(x.ids[a.other], x.ids[b.other])
			})
			num(int64(len(es)))
			for _, e := range es {
				put(string(predName(e.pred)))
				put(x.ids[e.other])
				ids = ids[:0]
				for _, li := range e.labels {
					ids = append(ids, x.srcs[li].id)
				}
				slices.Sort(ids)
				num(int64(len(ids)))
				for _, id := range ids {
					put(id)
				}
			}
		}
	}
	num(int64(len(x.sameAs)))
	for _, k := range sortedKeys(x.sameAs) {
		put(k)
		put(x.sameAs[k].s)
		num(int64(x.sameAs[k].n))
	}
	num(int64(x.relClaims.len()))
	var rels []relList
	x.relClaims.each(func(rid string, l []string) { rels = append(rels, relList{rid, l}) })
	slices.SortFunc(rels, func(a, b relList) int { return strings.Compare(a.rid, b.rid) })
	for _, r := range rels {
		put(r.rid)
		num(int64(len(r.claims)))
		for _, c := range r.claims {
			put(c)
		}
	}
	w.Flush()
	var out [32]byte
	h.Sum(out[:0])
	return out
}

// sortedKeys returns a map's keys in order.
func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
