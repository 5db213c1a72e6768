package graph

import (
	"context"
	"time"

	"github.com/newsgraph/newsgraph/graph/internal/index"
	"github.com/newsgraph/newsgraph/ontology"
)

// Traversal bounds. Every traversal is capped; callers may ask for less.
const (
	MaxDepth      = 3    // neighborhood depth
	MaxPathDepth  = 6    // path length in hops
	MaxNodes      = 2000 // neighborhood size
	MaxPaths      = 20   // paths per request
	DefaultFanout = 50   // neighbors taken per expanded node
	EdgesPerNode  = 2    // a neighborhood's edges per node (the edges that reached the nodes come first)
	MaxFanout     = 1000 // largest fan-out a caller may ask for
)

// TraversalFilter restricts which edges a traversal follows.
type TraversalFilter struct {
	Predicates []ontology.Predicate
	// Types keeps only neighbors of these types (seeds are always kept).
	Types []ontology.EntityType
	// From and To keep edges stated by at least one source published in the
	// range (zero bounds are open). Sources without a date pass.
	From, To  time.Time
	Direction Direction
	// MinConfidence drops relations whose best claim is less confident. It
	// is applied to the relations found (claims are read from the store), so
	// it narrows a result rather than steering the walk.
	MinConfidence float64
}

// NeighborhoodQuery asks for the entities within Depth hops of IDs.
type NeighborhoodQuery struct {
	IDs    []string
	Depth  int
	Limit  int // total nodes, seeds included
	Fanout int // neighbors taken per expanded node
	TraversalFilter
}

// filter converts a traversal filter for the engine.
func (f TraversalFilter) filter() index.Filter {
	return index.Filter{Predicates: f.Predicates, Types: f.Types, From: f.From, To: f.To, Dir: index.Dir(f.Direction)}
}

// checkNeighborhood checks a neighborhood query's bounds and fills its
// defaults.
func checkNeighborhood(q NeighborhoodQuery) (NeighborhoodQuery, error) {
	switch {
	case len(q.IDs) == 0:
		return q, Errorf(EINVALID, "neighborhood needs at least one entity ID")
	case len(q.IDs) > 100:
		return q, Errorf(EINVALID, "neighborhood takes at most 100 entity IDs")
	case q.Depth < 0 || q.Depth > MaxDepth:
		return q, Errorf(EINVALID, "depth must be between 0 and %d", MaxDepth)
	case q.Limit < 0 || q.Limit > MaxNodes:
		return q, Errorf(EINVALID, "limit must be between 1 and %d", MaxNodes)
	case q.Fanout < 0 || q.Fanout > MaxFanout:
		return q, Errorf(EINVALID, "fanout must be between 1 and %d", MaxFanout)
	case q.MinConfidence < 0 || q.MinConfidence > 1:
		return q, Errorf(EINVALID, "minConfidence must be between 0 and 1")
	}
	if q.Limit == 0 {
		q.Limit = 200
	}
	if q.Fanout == 0 {
		q.Fanout = DefaultFanout
	}
	return q, nil
}

// engine converts a neighborhood query for the engine.
func (q NeighborhoodQuery) engine() index.NeighborhoodQuery {
	return index.NeighborhoodQuery{IDs: q.IDs, Depth: q.Depth, Limit: q.Limit, Fanout: q.Fanout,
		EdgesPerNode: EdgesPerNode, Filter: q.filter()}
}

// Neighborhood returns the entities within q.Depth hops of q.IDs (both
// directions unless filtered) and the relations among them, capped by
// q.Limit nodes in all and q.Fanout neighbors per expanded node. Neighbors
// stated by more sources are taken first.
func (s *Store) Neighborhood(ctx context.Context, q NeighborhoodQuery) (Subgraph, error) {
	q, err := checkNeighborhood(q)
	if err != nil {
		return Subgraph{}, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	got, err := s.idx.Neighborhood(ctx, q.engine())
	if err != nil {
		return Subgraph{}, engineErr(err)
	}
	sg := Subgraph{Truncated: got.Truncated, Omitted: got.Omitted}
	sg.Nodes, sg.Edges = fromTable(got.Table)
	got.Release()
	if q.MinConfidence > 0 {
		if err := s.dropUnconfident(ctx, &sg, q.IDs, q.MinConfidence); err != nil {
			return Subgraph{}, err
		}
	}
	return sg, nil
}

// SubgraphView is a neighborhood read in place, for a caller that writes
// it out at once (the GraphQL API's fast path): the index's answer with
// no Entity or Relation values built, so a large answer costs the
// traversal and what the caller writes, not a copy of every entity and
// relation in between. A view is valid only inside the function given to
// ViewNeighborhood, which holds the store's read lock meanwhile.
type SubgraphView struct {
	t   index.Table
	sg  *Subgraph      // the answer, when it had to be built (MinConfidence)
	pos map[string]int // sg's nodes by ID
	// Truncated and Omitted are Subgraph's.
	Truncated bool
	Omitted   map[string]int
}

// NodeCount is the number of entities.
func (v *SubgraphView) NodeCount() int {
	if v.sg != nil {
		return len(v.sg.Nodes)
	}
	return len(v.t.Nodes)
}

// NodeID returns the ID of entity i.
func (v *SubgraphView) NodeID(i int) string {
	if v.sg != nil {
		return v.sg.Nodes[i].ID
	}
	return v.t.Nodes[i].ID()
}

// Named returns the ID, Name and Type of entity i, as Node does, without
// building an Entity.
func (v *SubgraphView) Named(i int) (id, name string, t ontology.EntityType) {
	if v.sg != nil {
		e := &v.sg.Nodes[i]
		return e.ID, e.Name, e.Type
	}
	return v.t.Nodes[i].Named()
}

// Node returns entity i with its ID, Name and Type; a view builds no more
// of an entity (sorted aliases, parsed references), which would cost more
// than the traversal in a large answer.
func (v *SubgraphView) Node(i int) Entity {
	if v.sg != nil {
		e := v.sg.Nodes[i]
		return Entity{ID: e.ID, Name: e.Name, Type: e.Type}
	}
	return toEntity(v.t.Nodes[i].Brief())
}

// EdgeCount is the number of relations.
func (v *SubgraphView) EdgeCount() int {
	if v.sg != nil {
		return len(v.sg.Edges)
	}
	return len(v.t.Relations)
}

// Edge returns relation i with its ID empty (AppendRelationID writes it),
// its entity pointers nil and its dates zero (Seen reads them), and the
// positions of its subject and object among the nodes.
func (v *SubgraphView) Edge(i int) (r Relation, subject, object int) {
	if v.sg != nil {
		r = v.sg.Edges[i]
		r.ID, r.SubjectEntity, r.ObjectEntity = "", nil, nil
		r.FirstSeen, r.LastSeen = time.Time{}, time.Time{}
		return r, v.position(r.Subject), v.position(r.Object)
	}
	e := v.t.Relations[i]
	s, o := v.t.Nodes[e.Subject].ID(), v.t.Nodes[e.Object].ID()
	return Relation{Subject: s, Predicate: e.Pred, Object: o, Sources: e.Sources}, int(e.Subject), int(e.Object)
}

// Seen returns relation i's FirstSeen and LastSeen, read only when asked
// for: most answers select none.
func (v *SubgraphView) Seen(i int) (first, last time.Time) {
	if v.sg != nil {
		return v.sg.Edges[i].FirstSeen, v.sg.Edges[i].LastSeen
	}
	return v.t.Seen(i)
}

// position returns the position of an entity among a built answer's
// nodes, -1 if it is not one.
func (v *SubgraphView) position(id string) int {
	if v.pos == nil {
		v.pos = make(map[string]int, len(v.sg.Nodes))
		for i := range v.sg.Nodes {
			v.pos[v.sg.Nodes[i].ID] = i
		}
	}
	if i, ok := v.pos[id]; ok {
		return i
	}
	return -1
}

// ViewNeighborhood answers q as Neighborhood does, handing the answer to fn
// as a view instead of building it.
func (s *Store) ViewNeighborhood(ctx context.Context, q NeighborhoodQuery, fn func(*SubgraphView) error) error {
	if q.MinConfidence > 0 { // the filter reads claims, after building the answer
		sg, err := s.Neighborhood(ctx, q)
		if err != nil {
			return err
		}
		return fn(&SubgraphView{sg: &sg, Truncated: sg.Truncated, Omitted: sg.Omitted})
	}
	q, err := checkNeighborhood(q)
	if err != nil {
		return err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	got, err := s.idx.Neighborhood(ctx, q.engine())
	if err != nil {
		return engineErr(err)
	}
	defer got.Release()
	return fn(&SubgraphView{t: got.Table, Truncated: got.Truncated, Omitted: got.Omitted})
}

// dropUnconfident removes the edges whose best claim is below min, then the
// nodes (other than the seeds) left without edges. The caller holds s.mu.
func (s *Store) dropUnconfident(ctx context.Context, sg *Subgraph, seeds []string, min float64) error {
	ids := make([]string, len(sg.Edges))
	for i, e := range sg.Edges {
		ids[i] = e.ID
	}
	claims, err := s.claimsLocked(ctx, ids)
	if err != nil {
		return err
	}
	keep := map[string]bool{}
	for _, id := range seeds {
		keep[id] = true
	}
	// new slices: the edges point into sg.Nodes, which must not move
	var edges []Relation
	for _, e := range sg.Edges {
		best := 0.0
		for _, c := range claims[e.ID] {
			best = max(best, c.Confidence)
		}
		if best >= min {
			e.Confidence = best
			edges = append(edges, e)
			keep[e.Subject], keep[e.Object] = true, true
		}
	}
	sg.Edges = edges
	var nodes []Entity
	for _, n := range sg.Nodes {
		if keep[n.ID] {
			nodes = append(nodes, n)
		}
	}
	sg.Nodes = nodes
	return nil
}

// PathQuery asks for the shortest paths between two entities.
type PathQuery struct {
	From, To string
	MaxDepth int // hops, at most MaxPathDepth
	First    int // number of paths, at most MaxPaths
	TraversalFilter
}

// Paths returns up to q.First shortest paths (edges followed in either
// direction unless filtered) from q.From to q.To, shortest first. It finds
// the distance with a bidirectional breadth-first search, then enumerates the
// simple paths of that length, and of one more hop if fewer than q.First
// were found, in a bounded search. Paths are ordered by length, then by the
// IDs along them.
func (s *Store) Paths(ctx context.Context, q PathQuery) ([]Path, error) {
	switch {
	case q.MaxDepth < 0 || q.MaxDepth > MaxPathDepth:
		return nil, Errorf(EINVALID, "maxDepth must be between 1 and %d", MaxPathDepth)
	case q.First < 0 || q.First > MaxPaths:
		return nil, Errorf(EINVALID, "first must be between 1 and %d", MaxPaths)
	}
	if q.MaxDepth == 0 {
		q.MaxDepth = 4
	}
	if q.First == 0 {
		q.First = 3
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	found, err := s.idx.Paths(ctx, index.PathQuery{From: q.From, To: q.To, MaxDepth: q.MaxDepth, First: q.First, Filter: q.filter()})
	if err != nil {
		return nil, engineErr(err)
	}
	out := make([]Path, len(found))
	for i, t := range found {
		out[i].Nodes, out[i].Edges = fromTable(t)
	}
	return out, nil
}
