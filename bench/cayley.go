package bench

import (
	"context"
	"fmt"
	"strings"

	cgraph "github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/cayley/query/path"
	"github.com/cayleygraph/quad"

	"github.com/newsgraph/newsgraph/graph"
	"github.com/newsgraph/newsgraph/ontology"
)

// Cayley answers the benchmark's questions with cayley's query/path API
// straight on a quad store, the way an application without newsgraph's
// index would. It avoids the pitfalls in NOTES.md: recursion is written out
// as an Or of Out and In per step (never FollowRecursive with Both), sets
// are made with Unique, and nothing relies on Limit().Count().
type Cayley struct {
	qs    cgraph.QuadStore
	preds []any // the IRIs of the direct-edge predicates
}

// NewCayley wraps a quad store.
func NewCayley(qs cgraph.QuadStore) *Cayley {
	c := &Cayley{qs: qs}
	for _, p := range ontology.Predicates {
		c.preds = append(c.preds, graph.PredicateIRI(string(p.Name)))
	}
	return c
}

// both is one step either way along direct edges.
func (c *Cayley) both(p *path.Path) *path.Path {
	return p.Clone().Out(c.preds...).Or(p.Clone().In(c.preds...))
}

// ids runs p and returns the entity IDs it yields.
func (c *Cayley) ids(ctx context.Context, p *path.Path) ([]string, error) {
	var out []string
	err := p.Iterate(ctx).EachValue(c.qs, func(v quad.Value) error {
		iri, ok := v.(quad.IRI)
		if !ok || !strings.HasPrefix(string(iri), graph.EntityNS) {
			return fmt.Errorf("bench: cayley yielded %v, not an entity", v)
		}
		out = append(out, string(iri[len(graph.EntityNS):]))
		return nil
	})
	return out, err
}

// Hop1 returns the distinct out-neighbors of an entity.
func (c *Cayley) Hop1(ctx context.Context, id string) ([]string, error) {
	return c.ids(ctx, path.StartPath(c.qs, graph.EntityIRI(id)).Out(c.preds...).Unique())
}

// Hop2 returns the entities within two hops of id, edges followed both
// ways, id itself left out.
func (c *Cayley) Hop2(ctx context.Context, id string) ([]string, error) {
	start := path.StartPath(c.qs, graph.EntityIRI(id))
	one := c.both(start)
	two := c.both(one)
	return c.ids(ctx, one.Or(two).Unique().Except(path.StartPath(c.qs, graph.EntityIRI(id))))
}

// Distance returns the length of a shortest path (edges either way) between
// two entities of at most max hops, or -1. It is a bidirectional
// breadth-first search whose every level is one path query over the whole
// frontier; the visited sets live in Go.
func (c *Cayley) Distance(ctx context.Context, a, b string, max int) (int, error) {
	if a == b {
		return 0, nil
	}
	da := map[string]int{a: 0}
	db := map[string]int{b: 0}
	fa, fb := []string{a}, []string{b}
	la, lb := 0, 0
	for la+lb < max && len(fa) > 0 && len(fb) > 0 {
		expandA := len(fa) <= len(fb)
		frontier, mine, other := fa, da, db
		level := la + 1
		if !expandA {
			frontier, mine, other, level = fb, db, da, lb+1
		}
		vals := make([]quad.Value, len(frontier))
		for i, id := range frontier {
			vals[i] = graph.EntityIRI(id)
		}
		found, err := c.ids(ctx, c.both(path.StartPath(c.qs, vals...)).Unique())
		if err != nil {
			return -1, err
		}
		best := -1
		var next []string
		for _, id := range found {
			if _, ok := mine[id]; !ok {
				mine[id] = level
				next = append(next, id)
			}
			if k, ok := other[id]; ok && (best < 0 || level+k < best) {
				best = level + k
			}
		}
		if expandA {
			fa, la = next, level
		} else {
			fb, lb = next, level
		}
		if best >= 0 && best <= max {
			return best, nil
		}
	}
	return -1, nil
}
