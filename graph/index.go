package graph

import (
	"context"
	"errors"
	"runtime/debug"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	cgraph "github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/quad"

	"github.com/newsgraph/newsgraph/ontology"
)

// index is the in-memory traversal index: interned entity and source IDs,
// entity names, types, aliases and lookup keys, and adjacency by predicate and
// direction. It is a pure function of the multiset of quads it was given:
// apply(q, +1) and apply(q, -1) keep it in step with cayley, and building it
// from scratch gives the same index.
//
// The index is not safe for concurrent use; Store.mu guards it.
type index struct {
	ents    []*entRec
	ids     []string // ents[i].id, contiguous for walks that only name nodes
	byID    map[string]int32
	byKey   map[string][]int32 // NormalizeKey(name or alias) → entities, sorted
	srcs    []*srcRec
	srcByID map[string]int32
	edges   int // distinct subject —predicate→ object triples
	docs    int // sources that are documents and exist
	claims  int
	quads   int64
	// relClaims lists the claim nodes behind each relation ID
	relClaims map[string][]string
	// claims caches claim reads; apply evicts what changes
	cache *claimCache
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
	cacheMu sync.Mutex // readers share Store.mu, so refresh needs its own lock
}

// entRec is one entity's index record.
type entRec struct {
	id      string
	names   []strCount
	types   []strCount
	aliases []strCount
	keys    []strCount
	roles   []strCount
	descs   []strCount
	refs    []strCount
	// structured counts the entity's type quads from structured sources
	// (STIX bundles, N-Quads, analysts): such entities are "known" to the
	// extractor.
	structured int32
	// sources lists the documents and sources that state the entity's type,
	// with the number of such quads each: who mentions it.
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

// strCount is a value with the number of quads (sources) that state it.
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

// srcRec is one source of quads: a document or a structured source.
type srcRec struct {
	id    string
	isDoc bool
	exist int32 // count of its rdf:type quads
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

func newIndex() *index {
	return &index{
		byID:    make(map[string]int32),
		byKey:   make(map[string][]int32),
		srcByID: make(map[string]int32),
		sameAs:  make(map[string]strCount),

		relClaims: make(map[string][]string),
		cache:     newClaimCache(),
		grams:     newGrams(),
	}
}

// buildIndex reads every quad from cayley into a fresh index. It walks the
// quads once for their node references (free on the kv backends, where a
// quad is four node IDs) and resolves the distinct nodes in large batches,
// instead of resolving four values per quad one lookup at a time.
func (s *Store) buildIndex(ctx context.Context) error {
	idx := newIndex()
	if s.bolt != nil {
		err := s.eachBoltQuad(func(q quad.Quad) { idx.apply(q, +1) })
		if err != nil && !errors.Is(err, errNoLog) {
			return err
		}
		if err == nil {
			s.setIndex(idx)
			return nil
		}
	}
	quads, err := s.scanQuads(ctx)
	if err != nil {
		return err
	}
	for _, q := range quads {
		idx.apply(q, +1)
	}
	s.setIndex(idx)
	return nil
}

func (s *Store) setIndex(idx *index) {
	// the index is built once: give the memory of the build back
	if idx.quads > 100000 {
		debug.FreeOSMemory()
	}
	s.mu.Lock()
	s.idx = idx
	s.epoch++
	s.mu.Unlock()
}

// scanQuads returns every quad in the store.
func (s *Store) scanQuads(ctx context.Context) ([]quad.Quad, error) {
	if s.bolt != nil {
		quads, err := s.scanBoltLog()
		if !errors.Is(err, errNoLog) {
			return quads, err
		}
	}
	it := s.qs.QuadsAllIterator().Iterate()
	var refs []cgraph.Ref
	for it.Next(ctx) {
		refs = append(refs, it.Result())
	}
	err := it.Err()
	it.Close()
	if err != nil {
		return nil, err
	}
	out := make([]quad.Quad, 0, len(refs))
	for start := 0; start < len(refs); start += resolveBatch {
		quads, err := s.resolveQuads(ctx, refs[start:min(start+resolveBatch, len(refs))])
		if err != nil {
			return nil, err
		}
		out = append(out, quads...)
	}
	return out, ctx.Err()
}

func (x *index) entity(id string, create bool) (int32, *entRec) {
	if i, ok := x.byID[id]; ok {
		return i, x.ents[i]
	}
	if !create {
		return -1, nil
	}
	i := int32(len(x.ents))
	r := &entRec{id: id}
	x.ents = append(x.ents, r)
	x.ids = append(x.ids, id)
	x.byID[id] = i
	return i, r
}

func (x *index) source(id string, create bool) (int32, *srcRec) {
	if i, ok := x.srcByID[id]; ok {
		return i, x.srcs[i]
	}
	if !create {
		return -1, nil
	}
	i := int32(len(x.srcs))
	r := &srcRec{id: id}
	x.srcs = append(x.srcs, r)
	x.srcByID[id] = i
	return i, r
}

// live reports whether an entity record still has any quad behind it.
func (r *entRec) live() bool {
	return len(r.types) > 0 || len(r.names) > 0 || len(r.out) > 0 || len(r.in) > 0
}

// apply adds (delta > 0) or removes (delta < 0) one quad.
func (x *index) apply(q quad.Quad, delta int32) {
	x.version++
	x.quads += int64(delta)
	label := labelID(q.Label)
	if sid, ok := idOf(q.Subject, EntityNS); ok {
		// keep the count of live entities: note the liveness of the ends
		// before and after
		ends := [2]*entRec{}
		if _, r := x.entity(sid, false); r != nil {
			ends[0] = r
		}
		if oid, ok := idOf(q.Object, EntityNS); ok {
			if _, r := x.entity(oid, false); r != nil && r != ends[0] {
				ends[1] = r
			}
		}
		was := [2]bool{ends[0] != nil && ends[0].live(), ends[1] != nil && ends[1].live()}
		defer func() {
			if ends[0] == nil {
				_, ends[0] = x.entity(sid, false)
			}
			if oid, ok := idOf(q.Object, EntityNS); ok && ends[1] == nil {
				if _, r := x.entity(oid, false); r != ends[0] {
					ends[1] = r
				}
			}
			for i, r := range ends {
				if r == nil {
					continue
				}
				if now := r.live(); now != was[i] {
					if now {
						x.live++
					} else {
						x.live--
					}
				}
			}
		}()
		if q.Predicate == pSameAs {
			if into, ok := idOf(q.Object, EntityNS); ok {
				c := x.sameAs[sid]
				c.s, c.n = into, c.n+delta
				if c.n <= 0 {
					delete(x.sameAs, sid)
				} else {
					x.sameAs[sid] = c
				}
			}
			return
		}
		if p, ok := predicateOf(q.Predicate); ok {
			oid, ok := idOf(q.Object, EntityNS)
			if !ok {
				return
			}
			x.applyEdge(sid, p, oid, label, delta)
			return
		}
		x.applyAttr(sid, q, delta)
		if q.Predicate == pType {
			if li, _ := x.source(labelID(q.Label), delta > 0); li >= 0 {
				if _, r := x.entity(sid, false); r != nil {
					idCountAdd(&r.sources, li, delta)
				}
			}
			if _, isDoc := idOf(q.Label, DocNS); !isDoc {
				if _, r := x.entity(sid, false); r != nil {
					r.structured += delta
					x.structVersion++
				}
			}
		}
		return
	}
	if _, ok := idOf(q.Subject, ClaimNS); ok {
		iri := q.Subject.String()
		x.cache.Remove(iri)
		switch q.Predicate {
		case pType:
			x.claims += int(delta)
		case pRelation:
			rid := quad.ToString(q.Object)
			l := x.relClaims[rid]
			i, found := slices.BinarySearch(l, iri)
			switch {
			case delta > 0 && !found:
				x.relClaims[rid] = slices.Insert(l, i, iri)
			case delta < 0 && found:
				if l = slices.Delete(l, i, i+1); len(l) == 0 {
					delete(x.relClaims, rid)
				} else {
					x.relClaims[rid] = l
				}
			}
		}
		return
	}
	if id, ok := idOf(q.Subject, DocNS); ok {
		x.applySource("doc:"+id, true, q, delta)
	} else if id, ok := idOf(q.Subject, SourceNS); ok {
		x.applySource(id, false, q, delta)
	}
}

// applyAll applies every quad of a committed change with the same delta.
func (x *index) applyAll(quads []quad.Quad, delta int32) {
	for _, q := range quads {
		x.apply(q, delta)
	}
}

// structuredNameWeight is how many article mentions a structured source's
// name for an entity counts as when choosing the displayed name.
const structuredNameWeight = 1 << 16

func (x *index) applyAttr(id string, q quad.Quad, delta int32) {
	var list *[]strCount
	val := ""
	_, r := x.entity(id, delta > 0)
	if r == nil {
		return
	}
	switch q.Predicate {
	case pType:
		t, ok := typeOf(q.Object)
		if !ok {
			return
		}
		list, val = &r.types, string(t)
	case pName:
		// a structured source (ATT&CK, an analyst) names an entity with
		// authority: its name wins over the names articles use
		list, val = &r.names, quad.ToString(q.Object)
		if _, isDoc := idOf(q.Label, DocNS); !isDoc {
			delta *= structuredNameWeight
		}
	case pAltName:
		list, val = &r.aliases, quad.ToString(q.Object)
	case pRole:
		list, val = &r.roles, quad.ToString(q.Object)
	case pDescription:
		list, val = &r.descs, quad.ToString(q.Object)
	case pExtRef:
		list, val = &r.refs, quad.ToString(q.Object)
	case pKey:
		key := quad.ToString(q.Object)
		before := len(r.keys)
		countAdd(&r.keys, key, delta)
		if len(r.keys) != before {
			x.setKey(key, x.byID[id], len(r.keys) > before)
		}
		return
	default:
		return
	}
	countAdd(list, val, delta)
}

// keyChanged notes a key that appeared in or left byKey (see keysChanged).
func (x *index) keyChanged(key string) {
	if x.keysOverflow {
		return
	}
	if len(x.keysChanged) >= 1024 && len(x.keysChanged) > len(x.byKey)/4 {
		x.keysChanged, x.keysOverflow = nil, true
		return
	}
	x.keysChanged = append(x.keysChanged, key)
}

func (x *index) setKey(key string, e int32, add bool) {
	l := x.byKey[key]
	i, found := slices.BinarySearch(l, e)
	switch {
	case add && !found:
		if len(l) == 0 {
			x.keyChanged(key)
			x.grams.add(key)
		}
		x.byKey[key] = slices.Insert(l, i, e)
	case !add && found:
		l = slices.Delete(l, i, i+1)
		if len(l) == 0 {
			delete(x.byKey, key)
			x.keyChanged(key)
		} else {
			x.byKey[key] = l
		}
	}
}

func (x *index) applySource(id string, isDoc bool, q quad.Quad, delta int32) {
	_, r := x.source(id, delta > 0)
	if r == nil {
		return
	}
	switch q.Predicate {
	case pType:
		was := r.exist > 0
		r.exist += delta
		r.isDoc = isDoc
		if isDoc && was != (r.exist > 0) {
			if r.exist > 0 {
				x.docs++
			} else {
				x.docs--
			}
		}
	case pHeadline:
		countAdd(&r.title, quad.ToString(q.Object), delta)
	case pURL:
		countAdd(&r.url, quad.ToString(q.Object), delta)
	case pSource:
		countAdd(&r.file, quad.ToString(q.Object), delta)
	case pIdentifier:
		countAdd(&r.ident, quad.ToString(q.Object), delta)
	case pExtractor:
		countAdd(&r.extractor, quad.ToString(q.Object), delta)
	case pBytes:
		if delta > 0 {
			r.bytes = intOf(q.Object)
		}
	case pDate:
		countAdd(&r.dates, dateOf(q.Object).Format(time.RFC3339), delta)
		r.date = time.Time{}
		if len(r.dates) > 0 {
			r.date = parseDate(r.dates[0].s)
		}
	}
}

func (x *index) applyEdge(sid string, p ontology.Predicate, oid, label string, delta int32) {
	pi := predIndex[p]
	si, sr := x.entity(sid, delta > 0)
	oi, or := x.entity(oid, delta > 0)
	if sr == nil || or == nil {
		return
	}
	li, _ := x.source(label, delta > 0)
	if li < 0 {
		return
	}
	created, removed := edgeAdd(&sr.out, pi, oi, li, delta)
	edgeAdd(&or.in, pi, si, li, delta)
	if created {
		x.edges++
	}
	if removed {
		x.edges--
	}
}

// countAdd adds delta to the count of v in list, keeping list sorted by
// value and without zero counts.
func countAdd(list *[]strCount, v string, delta int32) {
	l := *list
	i := sort.Search(len(l), func(i int) bool { return l[i].s >= v })
	if i < len(l) && l[i].s == v {
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

func edgeLess(a edge, pred uint8, other int32) int {
	if a.pred != pred {
		return int(a.pred) - int(pred)
	}
	return int(a.other - other)
}

// edgeAdd adds or removes one label of the edge (pred, other) in list. It
// reports whether the edge appeared or disappeared.
func edgeAdd(list *[]edge, pred uint8, other, label int32, delta int32) (created, removed bool) {
	l := *list
	i, found := slices.BinarySearchFunc(l, struct{}{}, func(e edge, _ struct{}) int { return edgeLess(e, pred, other) })
	if delta > 0 {
		if !found {
			*list = slices.Insert(l, i, edge{other: other, pred: pred, labels: []int32{label}})
			return true, false
		}
		j, has := slices.BinarySearch(l[i].labels, label)
		if !has {
			l[i].labels = slices.Insert(l[i].labels, j, label)
		}
		return false, false
	}
	if !found {
		return false, false
	}
	j, has := slices.BinarySearch(l[i].labels, label)
	if has {
		l[i].labels = slices.Delete(l[i].labels, j, j+1)
	}
	if len(l[i].labels) == 0 {
		*list = slices.Delete(l, i, i+1)
		return false, true
	}
	return false, false
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

// toEntity builds the domain entity of a record.
func (x *index) toEntity(r *entRec) Entity {
	e := Entity{ID: r.id, Name: first(r.names), Description: first(r.descs)}
	if t, ok := ontology.ParseEntityType(first(r.types)); ok {
		e.Type = t
	}
	if e.Name == "" {
		e.Name = r.id
	}
	for _, a := range r.aliases {
		if a.s != e.Name {
			e.Aliases = append(e.Aliases, a.s)
		}
	}
	for _, n := range r.names {
		if n.s != e.Name && !slices.Contains(e.Aliases, n.s) {
			e.Aliases = append(e.Aliases, n.s)
		}
	}
	sort.Strings(e.Aliases)
	for _, ro := range r.roles {
		e.Roles = append(e.Roles, ro.s)
	}
	for _, ref := range r.refs {
		parts := strings.SplitN(ref.s, "|", 3)
		for len(parts) < 3 {
			parts = append(parts, "")
		}
		e.ExternalRefs = append(e.ExternalRefs, ExternalRef{Source: parts[0], ExternalID: parts[1], URL: parts[2]})
	}
	return e
}

// entities converts index records to domain entities once per read, so
// that the relations of one answer share their ends.
type entities struct {
	x    *index
	byID map[*entRec]*Entity
}

func (x *index) entities() *entities { return &entities{x: x, byID: map[*entRec]*Entity{}} }

func (c *entities) get(r *entRec) *Entity {
	if e, ok := c.byID[r]; ok {
		return e
	}
	e := c.x.toEntity(r)
	c.byID[r] = &e
	return &e
}

// put records an entity already converted (a traversal's node).
func (c *entities) put(r *entRec, e *Entity) { c.byID[r] = e }

// relation builds the domain relation of an out-edge of subj.
func (c *entities) relation(subj *entRec, e edge) Relation {
	rel := c.x.relation(subj, e)
	rel.SubjectEntity, rel.ObjectEntity = c.get(subj), c.get(c.x.ents[e.other])
	return rel
}

// relation builds the domain relation of an out-edge of subj, without its
// ends' entities (see entities.relation).
func (x *index) relation(subj *entRec, e edge) Relation {
	obj := x.ents[e.other]
	rel := Relation{
		ID:        RelationID(subj.id, predName(e.pred), obj.id),
		Subject:   subj.id,
		Predicate: predName(e.pred),
		Object:    obj.id,
		Sources:   len(e.labels),
	}
	for _, l := range e.labels {
		d := x.srcs[l].date
		if d.IsZero() {
			continue
		}
		if rel.FirstSeen.IsZero() || d.Before(rel.FirstSeen) {
			rel.FirstSeen = d
		}
		if d.After(rel.LastSeen) {
			rel.LastSeen = d
		}
	}
	return rel
}

// sortedView is an immutable sorted view of the index at one version.
// Readers keep using the view they got even if a newer one is built.
type sortedView struct {
	all  []int32  // every entity position, live or not, by ID
	ents []int32  // live entities by ID
	rank []int32  // position of each entity (by index position) in ents; -1 if dead
	keys []string // lookup keys
	// keyGram holds the position of each of keys in the index's grams
	keyGram []int32
	docs    []int32 // documents, newest first
	// rows holds the adjacency of every entity as compressed rows of
	// neighbor positions (one per edge, predicates left out), built by the
	// first unfiltered walk that wants them (see adjacency): such walks read
	// 4 bytes per edge instead of an edge record
	rows     sync.Once
	out, in  csr
	rowsFrom []*entRec
}

// adjacency returns the compressed rows of the view, building them once.
// The caller holds Store.mu shared, so the entities do not change meanwhile.
func (v *sortedView) adjacency() (out, in *csr) {
	v.rows.Do(func() {
		v.out = buildCSR(v.rowsFrom, func(r *entRec) []edge { return r.out })
		v.in = buildCSR(v.rowsFrom, func(r *entRec) []edge { return r.in })
		v.rowsFrom = nil
	})
	return &v.out, &v.in
}

// csr is compressed sparse rows: the neighbors of entity i are
// to[off[i]:off[i+1]].
type csr struct {
	off []int32
	to  []int32
}

// row returns the neighbors of entity i.
func (c *csr) row(i int32) []int32 { return c.to[c.off[i]:c.off[i+1]] }

// buildCSR lays out one direction of the adjacency.
func buildCSR(ents []*entRec, list func(*entRec) []edge) csr {
	c := csr{off: make([]int32, len(ents)+1)}
	n := 0
	for i, r := range ents {
		n += len(list(r))
		c.off[i+1] = int32(n)
	}
	c.to = make([]int32, 0, n)
	for _, r := range ents {
		for _, e := range list(r) {
			c.to = append(c.to, e.other)
		}
	}
	return c
}

// view returns the sorted view of the current version, building it if a
// write happened since the last one. Callers hold Store.mu shared.
//
// A new view starts from the previous one where it can: entity positions
// only grow, so the entities added since are sorted and merged into the
// previous order, and the keys that appeared or left since are merged into
// the previous keys. A write then costs the next reader a linear pass, not a
// sort of every entity and key (TestViewIncremental compares it with a view
// built from scratch).
func (x *index) view() *sortedView {
	x.cacheMu.Lock()
	defer x.cacheMu.Unlock()
	if x.sorted != nil && x.cacheVer == x.version {
		return x.sorted
	}
	prev := x.sorted
	if x.keysOverflow {
		prev = nil
	}
	v := &sortedView{}
	v.all = x.sortedEntities(prev)
	for _, e := range v.all {
		if x.ents[e].live() {
			v.ents = append(v.ents, e)
		}
	}
	v.rank = make([]int32, len(x.ents))
	for i := range v.rank {
		v.rank[i] = -1
	}
	for r, e := range v.ents {
		v.rank[e] = int32(r)
	}
	v.keys = x.sortedKeys(prev)
	v.keyGram = x.keyGrams(prev, v.keys)
	x.keysChanged, x.keysOverflow = nil, false
	for i, r := range x.srcs {
		if r.isDoc && r.exist > 0 {
			v.docs = append(v.docs, int32(i))
		}
	}
	sort.Slice(v.docs, func(a, b int) bool {
		da, db := x.srcs[v.docs[a]], x.srcs[v.docs[b]]
		if !da.date.Equal(db.date) {
			return da.date.After(db.date)
		}
		return da.id < db.id
	})
	v.rowsFrom = x.ents
	x.sorted, x.cacheVer = v, x.version
	return v
}

// sortedEntities returns every entity position, live or not, in ID order:
// the previous view's order with the positions added since merged in.
func (x *index) sortedEntities(prev *sortedView) []int32 {
	from := 0
	if prev != nil {
		from = len(prev.all)
	}
	added := make([]int32, 0, len(x.ents)-from)
	for i := from; i < len(x.ents); i++ {
		added = append(added, int32(i))
	}
	byID := func(a, b int32) int { return strings.Compare(x.ids[a], x.ids[b]) }
	slices.SortFunc(added, byID)
	if prev == nil {
		return added
	}
	out := make([]int32, 0, len(prev.all)+len(added))
	i, j := 0, 0
	for i < len(prev.all) && j < len(added) {
		if byID(prev.all[i], added[j]) <= 0 {
			out = append(out, prev.all[i])
			i++
		} else {
			out = append(out, added[j])
			j++
		}
	}
	out = append(out, prev.all[i:]...)
	return append(out, added[j:]...)
}

// keyGrams returns the gram positions of keys, taking those of the previous
// view's keys from it (a merge walk) and looking up only the others.
func (x *index) keyGrams(prev *sortedView, keys []string) []int32 {
	out := make([]int32, len(keys))
	i := 0
	for j, k := range keys {
		for prev != nil && i < len(prev.keys) && prev.keys[i] < k {
			i++
		}
		if prev != nil && i < len(prev.keys) && prev.keys[i] == k {
			out[j] = prev.keyGram[i]
			continue
		}
		out[j] = x.grams.id[k]
	}
	return out
}

// sortedKeys returns the keys of byKey in order: the previous view's keys
// with those that appeared or left since merged in or dropped.
func (x *index) sortedKeys(prev *sortedView) []string {
	if prev == nil {
		keys := make([]string, 0, len(x.byKey))
		for k := range x.byKey {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		return keys
	}
	changed := slices.Clone(x.keysChanged)
	slices.Sort(changed)
	changed = slices.Compact(changed)
	present := func(k string) bool { _, ok := x.byKey[k]; return ok }
	out := make([]string, 0, len(x.byKey))
	i, j := 0, 0
	for i < len(prev.keys) || j < len(changed) {
		switch {
		case j == len(changed) || (i < len(prev.keys) && prev.keys[i] < changed[j]):
			out = append(out, prev.keys[i]) // unchanged since the last view
			i++
		case i == len(prev.keys) || changed[j] < prev.keys[i]:
			if present(changed[j]) {
				out = append(out, changed[j])
			}
			j++
		default: // in both: it left, came back, or both
			if present(changed[j]) {
				out = append(out, changed[j])
			}
			i++
			j++
		}
	}
	return out
}

// document returns the metadata of a stored document (no text).
func (r *srcRec) document() Document {
	return Document{ID: r.id, Title: first(r.title), URL: first(r.url), Source: first(r.file), SourceID: first(r.ident),
		Published: r.date, Extractor: first(r.extractor), Bytes: r.bytes}
}

// liveEntities counts entities with quads behind them.
func (x *index) liveEntities() int { return x.live }

// dateOf reads a date literal, typed or not.
func dateOf(v quad.Value) time.Time {
	if t, ok := v.(quad.Time); ok {
		return time.Time(t).UTC()
	}
	if ts, ok := v.(quad.TypedString); ok {
		return parseDate(string(ts.Value))
	}
	return parseDate(quad.ToString(v))
}

func parseDate(s string) time.Time {
	for _, layout := range []string{time.RFC3339, "2006-01-02", "2006-01-02T15:04:05"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC()
		}
	}
	return time.Time{}
}

// lookup returns the entities whose name or alias normalizes to key.
func (x *index) lookup(name string) []int32 {
	return x.byKey[NormalizeKey(name)]
}

// hasPrefixKey reports whether key starts with prefix at a word boundary or
// anywhere (for single-token prefixes).
func hasPrefixKey(key, prefix string) bool { return strings.HasPrefix(key, prefix) }
