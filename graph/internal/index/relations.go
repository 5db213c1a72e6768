package index

import (
	"context"
	"fmt"
	"sort"

	"github.com/newsgraph/newsgraph/ontology"
)

// Dir selects which edges of an entity to follow. Its values are the
// store's Direction's.
type Dir int

// Directions.
const (
	Both Dir = iota
	Out      // the entity is the subject
	In       // the entity is the object
)

// RelationItem is one relation of a list, with the key that orders the list.
type RelationItem struct {
	// Key orders the list and makes each item's cursor.
	Key  string
	subj *entRec
	e    edge // an out-edge of subj
}

// Resolve converts items to a table whose relations are in the items' order.
func (x *Index) Resolve(items []RelationItem) Table {
	b := x.newTable()
	for _, it := range items {
		b.relation(it.subj, it.e)
	}
	return b.t
}

// Relations returns an entity's relations in direction dir whose predicate
// is one of preds and whose other end has one of types (empty lists: any),
// ordered by direction (outgoing first), predicate, then the other entity's
// ID; ok is false if the entity is not live.
func (x *Index) Relations(id string, dir Dir, preds []ontology.Predicate, types []ontology.EntityType) (items []RelationItem, ok bool) {
	self, r := x.liveEntity(id)
	if r == nil {
		return nil, false
	}
	predOK, typeOK := predicateSet(preds), typeSet(types)
	collect := func(list []edge, in int) {
		for _, e := range list {
			other := x.ents[e.other]
			if !predOK(e.pred) || !typeOK(first(other.types())) {
				continue
			}
			it := RelationItem{Key: fmt.Sprintf("%d|%03d|%s", in, e.pred, other.id), subj: r, e: e}
			if in == 1 {
				it.subj, it.e = other, edge{other: self, pred: e.pred, labels: e.labels}
			}
			items = append(items, it)
		}
	}
	if dir != In {
		collect(r.out, 0)
	}
	if dir != Out {
		collect(r.in, 1)
	}
	sort.Slice(items, func(i, j int) bool { return items[i].Key < items[j].Key })
	return items, true
}

// AllRelations returns every relation whose predicate is one of preds
// (empty: any), ordered by subject ID, predicate and object ID.
func (x *Index) AllRelations(ctx context.Context, preds []ontology.Predicate) ([]RelationItem, error) {
	view := x.view()
	ok := predicateSet(preds)
	var items []RelationItem
	for _, ei := range view.ents {
		r := x.ents[ei]
		for _, e := range r.out {
			if ok(e.pred) {
				items = append(items, RelationItem{r.id + "|" + string(predName(e.pred)) + "|" + x.ents[e.other].id, r, e})
			}
		}
		if err := ctx.Err(); err != nil {
			return nil, err
		}
	}
	sort.Slice(items, func(i, j int) bool { return items[i].Key < items[j].Key })
	return items, nil
}

// Snapshot returns every live entity, by ID, and every relation (the
// relations in no particular order).
func (x *Index) Snapshot(ctx context.Context) (Table, error) {
	v := x.view()
	b := x.newTable()
	b.t.Nodes = make([]Node, 0, len(v.ents))
	for _, i := range v.ents {
		b.add(x.ents[i])
	}
	for _, i := range v.ents {
		r := x.ents[i]
		for _, e := range r.out {
			b.relation(r, e)
		}
		if err := ctx.Err(); err != nil {
			return Table{}, err
		}
	}
	return b.t, nil
}

// predicateSet returns the ontology predicates as a set for filtering;
// an empty list means all.
func predicateSet(ps []ontology.Predicate) func(uint8) bool {
	if len(ps) == 0 {
		return func(uint8) bool { return true }
	}
	var mask [256]bool
	for _, p := range ps {
		if i, ok := predIndex[p]; ok {
			mask[i] = true
		}
	}
	return func(i uint8) bool { return mask[i] }
}

// typeSet returns the entity types as a set for filtering; an empty list
// means all.
func typeSet(ts []ontology.EntityType) func(string) bool {
	if len(ts) == 0 {
		return func(string) bool { return true }
	}
	return func(t string) bool {
		for _, x := range ts {
			if string(x) == t {
				return true
			}
		}
		return false
	}
}
