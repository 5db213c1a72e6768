package index

import (
	"slices"
	"sort"
	"time"

	"github.com/newsgraph/newsgraph/ontology"
)

// Entity is an entity as the index knows it: the most-stated name, type and
// description, the other names as aliases.
type Entity struct {
	ID          string
	Name        string
	Type        ontology.EntityType
	Aliases     []string // sorted
	Description string
	Roles       []string
	// Refs are the external references as stored, "source|id|url".
	Refs []string
}

// Relation is a direct relation with the sources that state it. Its ends
// are positions in the entity list of the Table it belongs to.
type Relation struct {
	Subject, Object int32
	Pred            ontology.Predicate
	// Sources is the number of distinct sources that state it.
	Sources int
	labels  []int32 // the sources, read by Table.Seen
}

// Table is entities and relations among them: each entity once, each
// relation's ends given as positions in Nodes. A table is read under the
// same read lock as the query that returned it: its nodes point into the
// index.
type Table struct {
	Nodes     []Node
	Relations []Relation
	x         *Index // read by Seen
}

// Seen returns the earliest and latest publication dates of the sources of
// relation i, zero when unknown. They are read when asked for: an answer
// written out with only its relations' ends skips them.
func (t *Table) Seen(i int) (first, last time.Time) {
	for _, l := range t.Relations[i].labels {
		d := t.x.srcs[l].date
		if d.IsZero() {
			continue
		}
		if first.IsZero() || d.Before(first) {
			first = d
		}
		if d.After(last) {
			last = d
		}
	}
	return first, last
}

// Node is an entity of a Table, built when asked for: answers that convert
// entities to another type then build each one once.
type Node struct{ r *entRec }

// Entity builds the node's entity.
func (n Node) Entity() Entity { return n.r.entity() }

// ID is the node's entity ID.
func (n Node) ID() string { return n.r.id }

// Brief builds the node's entity with its ID, name and type only.
func (n Node) Brief() Entity { return n.r.brief() }

// Named returns what Brief does, without building an Entity: a large
// answer written out at once (the GraphQL fast path) reads only these.
func (n Node) Named() (id, name string, t ontology.EntityType) { return n.r.named() }

// brief builds the ID, name and type of a record's Entity.
func (r *entRec) brief() Entity {
	id, name, t := r.named()
	return Entity{ID: id, Name: name, Type: t}
}

// named is a record's ID, most-stated name (its ID when it has none) and
// type (empty when none is valid).
func (r *entRec) named() (id, name string, t ontology.EntityType) {
	name = first(r.names())
	if name == "" {
		name = r.id
	}
	if pt, ok := ontology.ParseEntityType(first(r.types())); ok {
		t = pt
	}
	return r.id, name, t
}

// entity builds the Entity of a record.
func (r *entRec) entity() Entity {
	e := r.brief()
	e.Description = first(r.descs())
	for _, a := range r.aliases() {
		if a.s != e.Name {
			e.Aliases = append(e.Aliases, a.s)
		}
	}
	for _, n := range r.names() {
		if n.s != e.Name && !slices.Contains(e.Aliases, n.s) {
			e.Aliases = append(e.Aliases, n.s)
		}
	}
	sort.Strings(e.Aliases)
	if roles := r.roles(); len(roles) > 0 {
		e.Roles = make([]string, len(roles))
		for i, ro := range roles {
			e.Roles[i] = ro.s
		}
	}
	if refs := r.refs(); len(refs) > 0 {
		e.Refs = make([]string, len(refs))
		for i, ref := range refs {
			e.Refs[i] = ref.s
		}
	}
	return e
}

// tableBuilder fills a Table, converting each record once, so that the
// relations of one answer share their ends.
type tableBuilder struct {
	x   *Index
	t   Table
	pos map[*entRec]int32
}

func (x *Index) newTable() *tableBuilder {
	return &tableBuilder{x: x, t: Table{x: x}, pos: map[*entRec]int32{}}
}

// add returns the position of r's entity, adding it if it is new.
func (b *tableBuilder) add(r *entRec) int32 {
	if p, ok := b.pos[r]; ok {
		return p
	}
	p := int32(len(b.t.Nodes))
	b.t.Nodes = append(b.t.Nodes, Node{r})
	b.pos[r] = p
	return p
}

// relation adds the relation of an out-edge of subj, and its ends.
func (b *tableBuilder) relation(subj *entRec, e edge) {
	s, o := b.add(subj), b.add(b.x.ents[e.other])
	b.t.Relations = append(b.t.Relations, b.x.relation(s, o, e))
}

// relation builds the relation of an edge between two positions.
func (x *Index) relation(s, o int32, e edge) Relation {
	return Relation{Subject: s, Object: o, Pred: predName(e.pred), Sources: len(e.labels), labels: e.labels}
}

// Entity returns a live entity.
func (x *Index) Entity(id string) (Entity, bool) {
	if _, r := x.liveEntity(id); r != nil {
		return r.entity(), true
	}
	return Entity{}, false
}

// Live reports whether an entity has facts behind it.
func (x *Index) Live(id string) bool {
	_, r := x.liveEntity(id)
	return r != nil
}

// EntityByName returns the entity whose name or alias normalizes like name.
// When several match, an exact name beats an alias, then the
// better-connected wins.
func (x *Index) EntityByName(name string) (Entity, bool) {
	key := ontology.Normalize(name)
	var best *entRec
	bestScore := -1
	for _, c := range x.keyEntities(key) {
		r := x.ents[c]
		if !r.live() {
			continue
		}
		score := r.degree()
		if ontology.Normalize(first(r.names())) == key {
			score += 1 << 30
		}
		if score > bestScore {
			best, bestScore = r, score
		}
	}
	if best == nil {
		return Entity{}, false
	}
	return best.entity(), true
}

// FindStructured returns the ID of an entity of type t from a structured
// source whose name or alias normalizes like name, preferring an exact name,
// then the better-connected, then the smaller ID.
func (x *Index) FindStructured(name string, t ontology.EntityType) (string, bool) {
	best, bestScore := "", -1
	key := ontology.Normalize(name)
	for _, c := range x.keyEntities(key) {
		r := x.ents[c]
		if r.structured <= 0 || !r.live() || first(r.types()) != string(t) {
			continue
		}
		score := r.degree()
		if ontology.Normalize(first(r.names())) == key {
			score += 1 << 30
		}
		if score > bestScore || (score == bestScore && r.id < best) {
			best, bestScore = r.id, score
		}
	}
	return best, best != ""
}

// StructuredEntities returns the live entities that structured sources
// brought, in no particular order.
func (x *Index) StructuredEntities() []Entity {
	var out []Entity
	for _, r := range x.ents {
		if r.structured > 0 && r.live() {
			out = append(out, r.entity())
		}
	}
	return out
}

// TypeCount is a number of entities of one type.
type TypeCount struct {
	Type  ontology.EntityType
	Count int
}

// NeighborCounts counts an entity's distinct neighbors by type, in the
// order of ontology.EntityTypes; ok is false if the entity is not live.
func (x *Index) NeighborCounts(id string) (counts []TypeCount, ok bool) {
	_, r := x.liveEntity(id)
	if r == nil {
		return nil, false
	}
	seen := map[int32]bool{}
	byType := map[string]int{}
	for _, list := range [][]edge{r.out, r.in} {
		for _, e := range list {
			if !seen[e.other] {
				seen[e.other] = true
				byType[first(x.ents[e.other].types())]++
			}
		}
	}
	for _, t := range ontology.EntityTypes {
		if c := byType[string(t)]; c > 0 {
			counts = append(counts, TypeCount{Type: t, Count: c})
		}
	}
	return counts, true
}

// RelationCount is the number of an entity's relations with one predicate
// in one direction.
type RelationCount struct {
	Pred  ontology.Predicate
	Out   bool // the entity is the subject
	Count int
}

// RelationCounts counts an entity's relations by predicate, outgoing first;
// ok is false if the entity is not live.
func (x *Index) RelationCounts(id string) (counts []RelationCount, ok bool) {
	_, r := x.liveEntity(id)
	if r == nil {
		return nil, false
	}
	count := func(list []edge, out bool) {
		for i := 0; i < len(list); {
			j := i
			for j < len(list) && list[j].pred == list[i].pred {
				j++
			}
			counts = append(counts, RelationCount{Pred: predName(list[i].pred), Out: out, Count: j - i})
			i = j
		}
	}
	count(r.out, true)
	count(r.in, false)
	return counts, true
}

// Relation returns the relation subj —pred→ obj as a table of its two ends
// and itself.
func (x *Index) Relation(subj string, pred ontology.Predicate, obj string) (Table, bool) {
	_, sr := x.entity(subj, false)
	oi, _ := x.entity(obj, false)
	if sr == nil || oi < 0 {
		return Table{}, false
	}
	pi, ok := predIndex[pred]
	if !ok {
		return Table{}, false
	}
	for _, e := range sr.out {
		if e.pred == pi && e.other == oi {
			b := x.newTable()
			b.relation(sr, e)
			return b.t, true
		}
	}
	return Table{}, false
}
