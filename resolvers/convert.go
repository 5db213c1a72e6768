package resolvers

import (
	"time"

	"github.com/newsgraph/newsgraph/graph"
	"github.com/newsgraph/newsgraph/ontology"
	"github.com/newsgraph/newsgraph/resolvers/model"
)

func toDirection(d *model.Direction) graph.Direction {
	if d == nil {
		return graph.Both
	}
	switch *d {
	case model.DirectionOut:
		return graph.Out
	case model.DirectionIn:
		return graph.In
	}
	return graph.Both
}

func directionEnum(d graph.Direction) model.Direction {
	switch d {
	case graph.Out:
		return model.DirectionOut
	case graph.In:
		return model.DirectionIn
	}
	return model.DirectionBoth
}

func page(first *int, after *string) graph.Page {
	p := graph.Page{}
	if first != nil {
		p.First = *first
		if p.First == 0 {
			p.First = -1 // an explicit 0 is refused, not read as "default"
		}
	}
	if after != nil {
		p.After = *after
	}
	return p
}

func intOr(p *int, def int) int {
	if p == nil {
		return def
	}
	return *p
}

func timeOr(p *time.Time) time.Time {
	if p == nil {
		return time.Time{}
	}
	return *p
}

func optString(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func optTime(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return &t
}

func pageInfo(p graph.PageInfo) *model.PageInfo {
	return &model.PageInfo{
		HasNextPage:     p.HasNext,
		HasPreviousPage: p.HasPrev,
		StartCursor:     optString(p.StartCursor),
		EndCursor:       optString(p.EndCursor),
	}
}

func relationConnection(p graph.RelationPage) *model.RelationConnection {
	c := &model.RelationConnection{PageInfo: pageInfo(p.PageInfo), TotalCount: p.Total, Edges: make([]model.RelationEdge, len(p.Relations))}
	for i := range p.Relations {
		c.Edges[i] = model.RelationEdge{Cursor: p.Cursors[i], Node: &p.Relations[i]}
	}
	return c
}

func subgraph(sg graph.Subgraph) *model.Subgraph {
	out := &model.Subgraph{Nodes: sg.Nodes, Edges: sg.Edges, Truncated: sg.Truncated, Omitted: []model.Omission{}}
	if out.Nodes == nil {
		out.Nodes = []graph.Entity{}
	}
	if out.Edges == nil {
		out.Edges = []graph.Relation{}
	}
	if len(sg.Omitted) > 0 {
		for i := range out.Nodes {
			if c, ok := sg.Omitted[out.Nodes[i].ID]; ok {
				out.Omitted = append(out.Omitted, model.Omission{Entity: &out.Nodes[i], Count: c})
			}
		}
	}
	return out
}

func floatOr(p *float64) float64 {
	if p == nil {
		return 0
	}
	return *p
}

func documentConnection(res graph.DocumentPage) *model.DocumentConnection {
	c := &model.DocumentConnection{PageInfo: pageInfo(res.PageInfo), TotalCount: res.Total, Edges: make([]model.DocumentEdge, len(res.Documents))}
	for i := range res.Documents {
		c.Edges[i] = model.DocumentEdge{Cursor: res.Cursors[i], Node: &res.Documents[i]}
	}
	return c
}

// neighborhoodQuery is the store query of Query.neighborhood's arguments,
// with the schema's defaults (the resolver and the fast path share it).
func neighborhoodQuery(ids []string, depth *int, predicates []ontology.Predicate, types []ontology.EntityType, direction *model.Direction, from, to *time.Time, minConfidence *float64, limit, fanout *int) graph.NeighborhoodQuery {
	return graph.NeighborhoodQuery{
		IDs: ids, Depth: intOr(depth, 1), Limit: intOr(limit, 200), Fanout: intOr(fanout, graph.DefaultFanout),
		TraversalFilter: graph.TraversalFilter{
			Predicates: predicates, Types: types, Direction: toDirection(direction),
			From: timeOr(from), To: timeOr(to), MinConfidence: floatOr(minConfidence),
		},
	}
}

// pathQuery is the store query of Query.paths's arguments.
func pathQuery(from, to string, maxDepth, first *int, predicates []ontology.Predicate, direction *model.Direction) graph.PathQuery {
	return graph.PathQuery{
		From: from, To: to, MaxDepth: intOr(maxDepth, 4), First: intOr(first, 3),
		TraversalFilter: graph.TraversalFilter{Predicates: predicates, Direction: toDirection(direction)},
	}
}

// modelPath is the GraphQL form of a path (edges never null).
func modelPath(p graph.Path) model.Path {
	out := model.Path{Nodes: p.Nodes, Edges: p.Edges, Length: len(p.Edges)}
	if out.Edges == nil {
		out.Edges = []graph.Relation{}
	}
	return out
}
