package stix

import (
	"context"
	"sort"
	"strings"

	"github.com/newsgraph/newsgraph/graph"
	"github.com/newsgraph/newsgraph/ontology"
)

// resolver maps STIX objects to entity IDs: the entity that already carries
// the object's STIX id, else an entity of the same type named like the
// object (so ATT&CK's Leviathan joins an article's "APT40"), else a new key
// "<type-slug>:<slug of the name>".
type resolver struct {
	store *graph.Store
	// refs maps a STIX id to the stored entities that carry it, sorted.
	refs map[string][]string
	// owners maps an entity ID to the objects of the bundle being imported
	// that became it when the bundle was imported before.
	owners map[string]map[string]bool
	cache  map[string]graph.Entity
}

func newResolver(store *graph.Store) *resolver {
	return &resolver{store: store, refs: map[string][]string{}, owners: map[string]map[string]bool{}, cache: map[string]graph.Entity{}}
}

// load reads the STIX ids of the stored structured entities; mine maps
// the objects that the bundle being imported brought before to their
// entities.
func (r *resolver) load(ctx context.Context, mine map[string]string) error {
	for stixID, ent := range mine {
		if r.owners[ent] == nil {
			r.owners[ent] = map[string]bool{}
		}
		r.owners[ent][stixID] = true
	}
	ents, err := r.store.StructuredEntities(ctx)
	if err != nil {
		return err
	}
	for _, e := range ents {
		for _, ref := range e.ExternalRefs {
			if ref.Source != "stix" || ref.ExternalID == "" {
				continue
			}
			r.refs[ref.ExternalID] = append(r.refs[ref.ExternalID], e.ID)
		}
		r.cache[e.ID] = graph.Entity{ID: e.ID, Name: e.Name, Type: e.Type}
	}
	for id := range r.refs {
		sort.Strings(r.refs[id])
	}
	return nil
}

// stored returns the stored entity that carries a STIX id.
func (r *resolver) stored(stixID string) (string, ontology.EntityType, bool) {
	ids := r.refs[stixID]
	if len(ids) == 0 {
		return "", "", false
	}
	e := r.cache[ids[0]]
	return e.ID, e.Type, true
}

// entity returns a stored entity's ID, name and type.
func (r *resolver) entity(ctx context.Context, id string) (graph.Entity, error) {
	if e, ok := r.cache[id]; ok {
		return e, nil
	}
	e, err := r.store.Entity(ctx, id)
	if err != nil {
		return graph.Entity{}, err
	}
	e = graph.Entity{ID: e.ID, Name: e.Name, Type: e.Type}
	r.cache[id] = e
	return e, nil
}

// resolve sets the entity of every object, in passes so that the result
// does not depend on the order of the objects: first the entities that
// already carry an object's STIX id, then same-type entities named like an
// object, then entities one of its aliases names, then new keys. An entity
// that another object of the same bundle became, now or when the bundle was
// imported before, is not taken: one producer's two objects stay two
// entities (ATT&CK's Thrip, and Lotus Blossom with its alias Thrip), while
// two producers' objects of one name and type become one.
func (r *resolver) resolve(ctx context.Context, ents []*entObj) error {
	claimed := map[string]string{} // entity ID → the object that took it
	free := func(eid, stixID string) bool {
		if c, ok := claimed[eid]; ok && c != stixID {
			return false
		}
		if owners := r.owners[eid]; len(owners) > 0 && !owners[stixID] {
			return false
		}
		return true
	}
	take := func(e *entObj, eid string) {
		e.entity = eid
		if _, ok := claimed[eid]; !ok {
			claimed[eid] = e.id
		}
	}
	// 1. entities that carry the object's STIX id
	for _, e := range ents {
		if ids := r.refs[e.id]; len(ids) > 0 {
			take(e, ids[0])
		}
	}
	// 2. by key, then by name
	for _, e := range ents {
		if e.entity != "" {
			continue
		}
		key := r.preferredKey(e)
		if se, err := r.entity(ctx, key); err == nil && se.Type == e.typ && free(key, e.id) {
			take(e, key)
			continue
		} else if err != nil && !graph.IsNotFound(err) {
			return err
		}
		if eid, err := r.byName(ctx, e.name, e); err != nil {
			return err
		} else if eid != "" && free(eid, e.id) {
			take(e, eid)
		}
	}
	// 3. by alias
	for _, e := range ents {
		if e.entity != "" {
			continue
		}
		for _, a := range e.aliases {
			eid, err := r.byName(ctx, a, e)
			if err != nil {
				return err
			}
			if eid != "" && free(eid, e.id) {
				take(e, eid)
				break
			}
		}
	}
	// 4. new keys; a key another object took gets the ATT&CK ID or a piece
	// of the STIX id
	for _, e := range ents {
		if e.entity != "" {
			continue
		}
		base := r.preferredKey(e)
		key := base
		for i := 1; ; i++ {
			_, stored := r.cache[key]
			if !stored {
				if _, err := r.store.Entity(ctx, key); err == nil {
					stored = true
				} else if !graph.IsNotFound(err) {
					return err
				}
			}
			if _, taken := claimed[key]; !taken && !stored {
				break
			}
			switch {
			case i == 1 && e.mitreID != "":
				key = base + "-" + ontology.Slug(e.mitreID)
			case i <= 2:
				_, uuid, _ := strings.Cut(e.id, "--")
				key = base + "-" + ontology.Slug(uuid[:min(8, len(uuid))])
			default:
				key = base + "-" + ontology.Slug(e.id)
			}
		}
		take(e, key)
	}
	return nil
}

// byName returns the stored entity of e's type whose name or alias is name.
func (r *resolver) byName(ctx context.Context, name string, e *entObj) (string, error) {
	found, err := r.store.EntityByName(ctx, name)
	if graph.IsNotFound(err) {
		return "", nil
	}
	if err != nil {
		return "", err
	}
	if found.Type != e.typ {
		return "", nil
	}
	return found.ID, nil
}

// preferredKey is the key a new entity for e gets: the ID newsgraph
// exported it with (x_newsgraph_id) when that has e's type, else
// "<type-slug>:<slug of the name>".
func (r *resolver) preferredKey(e *entObj) string {
	prefix := e.typ.Slug() + ":"
	if strings.HasPrefix(e.xid, prefix) && len(e.xid) > len(prefix) && !strings.ContainsAny(e.xid, " |<>\"{}\\^`\n\t") {
		return e.xid
	}
	s := ontology.Slug(e.name)
	if s == "" {
		_, uuid, _ := strings.Cut(e.id, "--")
		s = ontology.Slug(uuid)
		if s == "" {
			s = hashHex(e.id)[:12]
		}
	}
	return prefix + s
}
