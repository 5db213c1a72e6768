package index

import (
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/newsgraph/newsgraph/ontology"
)

// Index is the in-memory traversal index: interned entity and source IDs,
// entity names, types, aliases and lookup keys, and adjacency by predicate and
// direction. Apply keeps it in step with the store.
type Index struct {
	ents []*entRec
	ids  []string // ents[i].id, contiguous for walks that only name nodes
	byID posTable // positions in ids
	// byKey lists, by a lookup key's position in the gram index, the
	// entities whose normalized names or aliases are that key, sorted;
	// liveKeys counts the non-empty lists
	byKey    [][]int32
	liveKeys int
	srcs     []*srcRec
	srcByID  posTable // positions in srcs
	edges    int      // distinct subject —predicate→ object triples
	docs     int      // sources that are documents and exist
	claims   int
	quads    int64
	// relClaims lists the claim IDs behind each relation ID, sorted
	relClaims claimLists
	// sameAs maps merged-away entity IDs to the entity they were merged into
	sameAs map[string]strCount
	// structVersion changes whenever an entity from a structured source
	// appears or disappears.
	structVersion uint64
	version       uint64

	// caches rebuilt lazily after a write
	sorted   *sortedView
	cacheVer uint64
	// keysChanged lists the lookup keys that appeared in or left byKey since
	// the last sorted view, so the next one merges them into the previous
	// one's keys instead of sorting all keys again; keysOverflow means too
	// many changed and the next view sorts from scratch
	keysChanged  []string
	keysOverflow bool
	// grams indexes the lookup keys for search
	grams *grams
	// live counts entities with quads behind them
	live    int
	cacheMu sync.Mutex // readers share the store's lock, so refresh needs its own
}

// entRec is one entity's index record.
type entRec struct {
	id string
	// vals holds the entity's counted values kind after kind (see
	// valueKind), each kind's sorted by value; ends[k] is where the values
	// of kind k end. One list instead of seven: a record is 144 bytes instead of
	// 264, and a 1M-entity index 120 MB smaller.
	vals []strCount
	ends [numKinds]uint32
	// structured counts the entity's type facts from structured sources
	// (STIX bundles, N-Quads, analysts): such entities are "known" to the
	// extractor.
	structured int32
	// sources lists the documents and sources that state the entity's type,
	// with the number of such facts each: who mentions it.
	sources []idCount
	out, in []edge // sorted by (pred, other)
}

// idCount is an interned ID with a count, in lists sorted by ID.
type idCount struct {
	id, n int32
}

func idCountAdd(list *[]idCount, id, delta int32) {
	l := *list
	i := sort.Search(len(l), func(i int) bool { return l[i].id >= id })
	if i < len(l) && l[i].id == id {
		l[i].n += delta
		if l[i].n <= 0 {
			l = slices.Delete(l, i, i+1)
		}
		*list = l
		return
	}
	if delta > 0 {
		*list = slices.Insert(l, i, idCount{id, delta})
	}
}

// strCount is a value with the number of facts (sources) that state it.
type strCount struct {
	s string
	n int32
}

// edge is one direct relation from the owner to other, with the sources that
// state it.
type edge struct {
	other  int32
	pred   uint8
	labels []int32 // sources, sorted, each at most once
}

// srcRec is one source of facts: a document or a structured source.
type srcRec struct {
	id    string
	isDoc bool
	exist int32 // count of its type facts
	date  time.Time
	dates []strCount
	// document metadata, so listing documents reads no text
	title, url, file, extractor, ident []strCount
	bytes                              int
}

// predicate numbering: position in ontology.Predicates.
var predIndex = func() map[ontology.Predicate]uint8 {
	m := make(map[ontology.Predicate]uint8, len(ontology.Predicates))
	for i, p := range ontology.Predicates {
		m[p.Name] = uint8(i)
	}
	return m
}()

func predName(i uint8) ontology.Predicate { return ontology.Predicates[i].Name }

// New returns an empty index.
func New() *Index {
	return &Index{
		sameAs: make(map[string]strCount),
		grams:  newGrams(),
	}
}

func (x *Index) entity(id string, create bool) (int32, *entRec) {
	if i, ok := x.byID.find(id, x.idAt); ok {
		return i, x.ents[i]
	}
	if !create {
		return -1, nil
	}
	i := int32(len(x.ents))
	r := &entRec{id: id}
	x.ents = append(x.ents, r)
	x.ids = append(x.ids, id)
	x.byID.add(id, i)
	return i, r
}

// keyEntities returns the entities of a lookup key, sorted; the caller
// must not change the list.
func (x *Index) keyEntities(key string) []int32 {
	if p, ok := x.grams.id.find(key, x.grams.keyAt); ok && int(p) < len(x.byKey) {
		return x.byKey[p]
	}
	return nil
}

// idAt and srcIDAt are the keys of byID and srcByID.
func (x *Index) idAt(i int32) string    { return x.ids[i] }
func (x *Index) srcIDAt(i int32) string { return x.srcs[i].id }

// liveEntity returns the record of a live entity, or nil.
func (x *Index) liveEntity(id string) (int32, *entRec) {
	i, r := x.entity(id, false)
	if r == nil || !r.live() {
		return -1, nil
	}
	return i, r
}

func (x *Index) source(id string, create bool) (int32, *srcRec) {
	if i, ok := x.srcByID.find(id, x.srcIDAt); ok {
		return i, x.srcs[i]
	}
	if !create {
		return -1, nil
	}
	i := int32(len(x.srcs))
	r := &srcRec{id: id}
	x.srcs = append(x.srcs, r)
	x.srcByID.add(id, i)
	return i, r
}

// valueKind is a kind of an entity's counted values.
type valueKind uint8

// The kinds of counted values, in their order in entRec.vals (and in a
// snapshot).
const (
	kindName valueKind = iota
	kindType
	kindAlias
	kindKey
	kindRole
	kindDesc
	kindRef
	numKinds
)

// bounds returns where the values of kind k start and end in vals.
func (r *entRec) bounds(k valueKind) (start, end uint32) {
	if k > 0 {
		start = r.ends[k-1]
	}
	return start, r.ends[k]
}

// list returns the values of kind k; its capacity is its length, so an
// append cannot reach the next kind's.
func (r *entRec) list(k valueKind) []strCount {
	start, end := r.bounds(k)
	return r.vals[start:end:end]
}

func (r *entRec) names() []strCount   { return r.list(kindName) }
func (r *entRec) types() []strCount   { return r.list(kindType) }
func (r *entRec) aliases() []strCount { return r.list(kindAlias) }
func (r *entRec) keys() []strCount    { return r.list(kindKey) }
func (r *entRec) roles() []strCount   { return r.list(kindRole) }
func (r *entRec) descs() []strCount   { return r.list(kindDesc) }
func (r *entRec) refs() []strCount    { return r.list(kindRef) }

// count adds delta to value v of kind k as countAdd does, and returns how
// the kind's length changed: 1 when v appeared, -1 when it left, else 0.
func (r *entRec) count(k valueKind, v string, delta int32) int {
	start, _ := r.bounds(k)
	l := r.list(k)
	i, found := searchCount(l, v)
	at := int(start) + i
	switch {
	case found:
		if l[i].n += delta; l[i].n > 0 {
			return 0
		}
		r.vals = slices.Delete(r.vals, at, at+1)
		for j := k; j < numKinds; j++ {
			r.ends[j]--
		}
		return -1
	case delta > 0:
		r.vals = slices.Insert(r.vals, at, strCount{v, delta})
		for j := k; j < numKinds; j++ {
			r.ends[j]++
		}
		return 1
	}
	return 0
}

// live reports whether an entity record still has any fact behind it.
func (r *entRec) live() bool {
	return len(r.types()) > 0 || len(r.names()) > 0 || len(r.out) > 0 || len(r.in) > 0
}

// degree is the number of an entity's relations, both directions.
func (r *entRec) degree() int { return len(r.out) + len(r.in) }

// countAdd adds delta to the count of v in list, keeping list sorted by
// value and without zero counts.
func countAdd(list *[]strCount, v string, delta int32) {
	l := *list
	i, found := searchCount(l, v)
	if found {
		l[i].n += delta
		if l[i].n <= 0 {
			l = slices.Delete(l, i, i+1)
		}
		*list = l
		return
	}
	if delta > 0 {
		*list = slices.Insert(l, i, strCount{v, delta})
	}
}

// searchCount finds v in a counted list sorted by value: its position, or
// where it would go.
func searchCount(l []strCount, v string) (int, bool) {
	return slices.BinarySearchFunc(l, v, func(c strCount, v string) int { return strings.Compare(c.s, v) })
}

// first returns the most-stated value of a counted list ("" if empty); ties go
// to the smallest value so the answer is deterministic.
func first(l []strCount) string {
	best := -1
	for i, c := range l {
		if best < 0 || c.n > l[best].n {
			best = i
		}
	}
	if best < 0 {
		return ""
	}
	return l[best].s
}

// Counts are the index's totals.
type Counts struct {
	Entities  int // live entities
	Relations int // distinct subject —predicate→ object triples
	Documents int
	Claims    int
	Quads     int64 // facts applied, net
}

// Counts returns the index's totals.
func (x *Index) Counts() Counts {
	return Counts{Entities: x.live, Relations: x.edges, Documents: x.docs, Claims: x.claims, Quads: x.quads}
}

// ClaimsOf returns the IDs of the claims behind a relation, sorted. The
// caller must not change the list.
func (x *Index) ClaimsOf(relationID string) []string { return x.relClaims.get(relationID) }

// StructVersion changes whenever an entity from a structured source appears
// or disappears.
func (x *Index) StructVersion() uint64 { return x.structVersion }

// Canonical follows merges: the ID of the entity that id was merged into (and
// so on, at most 32 times), or id itself.
func (x *Index) Canonical(id string) string {
	for i := 0; i < 32; i++ {
		c, ok := x.sameAs[id]
		if !ok {
			break
		}
		id = c.s
	}
	return id
}
