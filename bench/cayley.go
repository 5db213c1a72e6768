package bench

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	cgraph "github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/cayley/graph/kv"
	"github.com/cayleygraph/cayley/query/path"
	"github.com/cayleygraph/quad"
	hbolt "github.com/hidal-go/hidalgo/kv/bbolt"
	bbolt "go.etcd.io/bbolt"

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

// storeCayley is raw cayley on the store's own data, through the store's
// read-only cayley view.
func storeCayley(s *graph.Store) (*Cayley, error) {
	qs, err := s.Diagnostics().QuadStore()
	if err != nil {
		return nil, fmt.Errorf("bench: cayley view: %w", err)
	}
	return NewCayley(qs), nil
}

// openRawCayley creates the cayley bolt file at path for raw cayley's own
// writer, with the bolt and cayley options the store opens its file with
// (graph's openBolt: no freelist sync, the map freelist, a 1 GiB first
// mapping, no bloom filter), so that the two load rates differ in the
// writer only. The store hands out no writable cayley: a write there
// would bypass its index.
func openRawCayley(path string, sync bool) (cgraph.QuadStore, error) {
	db, err := hbolt.Open(path, &bbolt.Options{Timeout: time.Second, NoFreelistSync: true,
		FreelistType: bbolt.FreelistMapType, InitialMmapSize: 1 << 30})
	if err != nil {
		return nil, fmt.Errorf("bench: open raw cayley file %s: %w", path, err)
	}
	db.DB().NoSync = !sync
	opts := cgraph.Options{kv.OptNoBloom: true}
	if err := kv.Init(db, opts); err != nil && !errors.Is(err, cgraph.ErrDatabaseExists) {
		db.Close()
		return nil, fmt.Errorf("bench: init raw cayley file %s: %w", path, err)
	}
	qs, err := kv.New(db, opts)
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("bench: open raw cayley file %s: %w", path, err)
	}
	return qs, nil
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
// breadth-first search whose every level is answered by path queries over
// the frontier (see level); the visited sets live in Go.
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
		found, err := c.level(ctx, frontier)
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

// levelChunk is how many frontier entities one level query starts from.
// cayley's optimizer turns a path from a large fixed set of nodes into a
// scan of every quad in the store (seconds on 1M quads); small chunks keep
// it on the indexes.
const levelChunk = 32

// level returns the entities one step either way from any of ids, without
// duplicates.
func (c *Cayley) level(ctx context.Context, ids []string) ([]string, error) {
	seen := map[string]bool{}
	var out []string
	for lo := 0; lo < len(ids); lo += levelChunk {
		chunk := ids[lo:min(lo+levelChunk, len(ids))]
		vals := make([]quad.Value, len(chunk))
		for i, id := range chunk {
			vals[i] = graph.EntityIRI(id)
		}
		found, err := c.ids(ctx, c.both(path.StartPath(c.qs, vals...)).Unique())
		if err != nil {
			return nil, err
		}
		for _, id := range found {
			if !seen[id] {
				seen[id] = true
				out = append(out, id)
			}
		}
	}
	return out, nil
}

// ball returns the distance to b of every entity within r steps of b.
func (c *Cayley) ball(ctx context.Context, b string, r int) (map[string]int, error) {
	dist := map[string]int{b: 0}
	frontier := []string{b}
	for l := 1; l <= r && len(frontier) > 0; l++ {
		found, err := c.level(ctx, frontier)
		if err != nil {
			return nil, err
		}
		var next []string
		for _, id := range found {
			if _, ok := dist[id]; !ok {
				dist[id] = l
				next = append(next, id)
			}
		}
		frontier = next
	}
	return dist, nil
}

// cstep is one direct edge of an entity: the other end and the predicate,
// outgoing or incoming.
type cstep struct {
	other string
	pred  quad.Value
	out   bool
}

// edges returns the distinct direct edges of an entity (one per predicate,
// other end and direction, however many sources state it): one Out and one
// In query per predicate. (Tagging the predicate instead, OutWithTags with
// TagValues, makes cayley scan every quad in the store: 78s for one entity
// on the 1M-quad graph, against milliseconds for these queries.)
func (c *Cayley) edges(ctx context.Context, id string) ([]cstep, error) {
	var out []cstep
	start := path.StartPath(c.qs, graph.EntityIRI(id))
	for _, p := range c.preds {
		pred := p.(quad.IRI)
		for _, isOut := range []bool{true, false} {
			q := start.Clone().In(pred)
			if isOut {
				q = start.Clone().Out(pred)
			}
			ids, err := c.ids(ctx, q.Unique())
			if err != nil {
				return nil, err
			}
			for _, other := range ids {
				out = append(out, cstep{other: other, pred: pred, out: isOut})
			}
		}
	}
	return out, nil
}

// Paths does what the store's Paths does, with cayley as the only source of
// edges: the shortest distance d by Distance, then for length d (and d+1,
// within max, if fewer than first paths were found) the distances to b
// within length-1 steps by level queries and a depth-first enumeration of
// simple paths of that length that asks cayley for the edges of every
// entity it expands (once per call). Parallel edges (other predicates) give other paths. Each path is
// its entity IDs, from a to b.
func (c *Cayley) Paths(ctx context.Context, a, b string, max, first int) ([][]string, error) {
	d, err := c.Distance(ctx, a, b, max)
	if err != nil || d < 0 {
		return nil, err
	}
	if d == 0 {
		return [][]string{{a}}, nil
	}
	maxLen := min(d+1, max)
	cache := map[string][]cstep{}
	var out [][]string
	var walkErr error
	for length := d; length <= maxLen && len(out) < first && walkErr == nil; length++ {
		// the distances to b that this length needs (the store computes
		// the larger ball for d+1 up front; this one only when needed)
		toB, err := c.ball(ctx, b, length-1)
		if err != nil {
			return nil, err
		}
		path := []string{a}
		onPath := map[string]bool{a: true}
		var walk func(u string)
		walk = func(u string) {
			left := length - (len(path) - 1)
			if u == b {
				if left == 0 {
					out = append(out, append([]string(nil), path...))
				}
				return
			}
			if left == 0 || walkErr != nil {
				return
			}
			steps, ok := cache[u]
			if !ok {
				steps, walkErr = c.edges(ctx, u)
				if walkErr != nil {
					return
				}
				cache[u] = steps
			}
			for _, st := range steps {
				if len(out) >= first || onPath[st.other] {
					continue
				}
				if dm, ok := toB[st.other]; !ok || dm > left-1 {
					continue
				}
				onPath[st.other] = true
				path = append(path, st.other)
				walk(st.other)
				path = path[:len(path)-1]
				delete(onPath, st.other)
			}
		}
		walk(a)
	}
	return out, walkErr
}

// cayleyPeer times raw cayley path queries on the first CayleyQueries of
// the query set and checks them against the adjacency lists' answers. Each
// kind of query gets CayleyBudget and each query CayleyTimeout: a query
// still running then is cut, counted as a sample of the time it had taken
// (a lower bound) and not checked.
func cayleyPeer(ctx context.Context, c *Cayley, qs querySet, want answers, opts Options, rep *Report, logf func(string, ...any)) error {
	n := min(opts.CayleyQueries, len(qs.starts))
	run := func(name string, fn func(ctx context.Context, i int) error) (Stat, int, error) {
		var lat latencies
		deadline := time.Now().Add(opts.CayleyBudget)
		done := 0
		for i := 0; i < n && time.Now().Before(deadline); i++ {
			end := time.Now().Add(opts.CayleyTimeout)
			if deadline.Before(end) {
				end = deadline
			}
			qctx, cancel := context.WithDeadline(ctx, end)
			t := time.Now()
			err := fn(qctx, i)
			lat = append(lat, time.Since(t))
			cut := qctx.Err() != nil && ctx.Err() == nil
			cancel()
			// cayley's iterators stop early on a cancelled context
			// without reporting it: an answer given past the deadline is
			// cut, whatever it looks like
			if cut {
				rep.Cayley.Cut++
				continue
			}
			if err != nil {
				return Stat{}, 0, fmt.Errorf("bench: raw cayley %s: %w", name, err)
			}
			done++
		}
		return lat.net(rep.Clock).stat(), done, nil
	}
	if _, err := c.Hop1(ctx, qs.starts[0]); err != nil { // warm up
		return fmt.Errorf("bench: raw cayley: %w", err)
	}

	got := map[int][]string{}
	stat, done, err := run("hop1", func(ctx context.Context, i int) error {
		ids, err := c.Hop1(ctx, qs.starts[i])
		if err == nil && ctx.Err() == nil {
			got[i] = ids
		}
		return err
	})
	if err != nil {
		return err
	}
	rep.Cayley.Hop1 = stat
	bad := 0
	for i, ids := range got {
		slices.Sort(ids)
		if !slices.Equal(ids, want.hop1[i]) {
			bad++
			rep.mismatch("hop1 of %s: raw cayley has %d out-neighbors, adjacency %d", qs.starts[i], len(ids), len(want.hop1[i]))
		}
	}
	rep.check("hop1: raw cayley and adjacency agree on %d/%d", done-bad, done)

	got = map[int][]string{}
	stat, done, err = run("hop2", func(ctx context.Context, i int) error {
		ids, err := c.Hop2(ctx, qs.starts[i])
		if err == nil && ctx.Err() == nil {
			got[i] = ids
		}
		return err
	})
	if err != nil {
		return err
	}
	rep.Cayley.Hop2 = stat
	bad = 0
	for i, ids := range got {
		if c, h := hashIDs(ids); c != want.hop2N[i] || h != want.hop2Hash[i] {
			bad++
			rep.mismatch("hop2 of %s: raw cayley has %d nodes, adjacency %d (or different ones)", qs.starts[i], c, want.hop2N[i])
		}
	}
	rep.check("hop2: raw cayley and adjacency agree on %d/%d", done-bad, done)

	found := map[int][][]string{}
	stat, done, err = run("paths", func(ctx context.Context, i int) error {
		paths, err := c.Paths(ctx, qs.pairs[i][0], qs.pairs[i][1], 4, 3)
		if err == nil && ctx.Err() == nil {
			found[i] = paths
		}
		return err
	})
	if err != nil {
		return err
	}
	rep.Cayley.Paths = stat
	bad = 0
	for i, paths := range found {
		d, shortest := -1, 0
		if len(paths) > 0 {
			d = len(paths[0]) - 1
		}
		for _, p := range paths {
			if len(p)-1 == d {
				shortest++
			}
		}
		if d != want.dist[i] || int64(shortest) != min(3, want.count[i]) {
			bad++
			rep.mismatch("paths %s→%s: raw cayley found %d of length %d, adjacency has %d of length %d",
				qs.pairs[i][0], qs.pairs[i][1], shortest, d, want.count[i], want.dist[i])
		}
	}
	rep.check("paths: raw cayley and adjacency agree on the distance and the number of shortest paths (up to 3) for %d/%d", done-bad, done)
	logf("raw cayley: hop1 p50 %v (%d), hop2 p50 %v (%d), paths p50 %v (%d); %d cut by the time budget",
		rep.Cayley.Hop1.P50, rep.Cayley.Hop1.N, rep.Cayley.Hop2.P50, rep.Cayley.Hop2.N, rep.Cayley.Paths.P50, rep.Cayley.Paths.N, rep.Cayley.Cut)
	return nil
}
