package bench

import (
	"hash/fnv"
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"github.com/newsgraph/newsgraph/graph"
)

// drawQueries picks the query set with its own seeded generator. Start
// entities and path ends are ends of relations drawn uniformly, so an entity
// is picked in proportion to its degree, the way analysts look at the
// entities that matter in a story rather than at random names. Search texts
// come from entity names: whole names, and four-letter prefixes of their
// first word.
//
// name draws the name of an entity with r; nil when the graph names none
// (no search queries then).
func drawQueries(name func(r *rand.Rand) string, adj *Adjacency, opts Options) querySet {
	r := rand.New(rand.NewPCG(opts.Seed, 0x9e3779b97f4a7c15))
	n := opts.Queries
	var qs querySet
	pick := func() int32 { return adj.EdgeEnd(r.IntN(adj.Edges()), r.IntN(2) == 0) }
	for i := 0; i < n; i++ {
		qs.starts = append(qs.starts, adj.ID(pick()))
		a, b := pick(), pick()
		for tries := 0; b == a && tries < 100; tries++ {
			b = pick()
		}
		qs.pairs = append(qs.pairs, [2]string{adj.ID(a), adj.ID(b)})
		if name == nil {
			continue
		}
		text := name(r)
		if w := strings.Fields(text); i%2 == 1 && len(w) > 0 {
			rs := []rune(w[0])
			text = strings.ToLower(string(rs[:min(4, len(rs))]))
		}
		if graph.NormalizeKey(text) != "" {
			qs.texts = append(qs.texts, text)
		}
	}
	return qs
}

// warm runs the first few queries once so that timings do not include
// first-touch costs.
func warm(n int, fn func(i int)) {
	for i := 0; i < min(n, 20); i++ {
		fn(i)
	}
}

func hashIDs(ids []string) (int, uint64) {
	s := slices.Clone(ids)
	slices.Sort(s)
	h := fnv.New64a()
	for _, id := range s {
		h.Write([]byte(id))
		h.Write([]byte{0})
	}
	return len(s), h.Sum64()
}

func sortedIDs(adj *Adjacency, nodes []int32) []string {
	out := make([]string, len(nodes))
	for i, n := range nodes {
		out[i] = adj.ID(n)
	}
	slices.Sort(out)
	return out
}

// adjacencyPeer times the adjacency lists and records their answers as the
// reference.
func adjacencyPeer(adj *Adjacency, qs querySet, rep *Report, logf func(string, ...any)) answers {
	n := len(qs.starts)
	want := answers{hop1: make([][]string, n), hop2N: make([]int, n), hop2Hash: make([]uint64, n),
		dist: make([]int, n), count: make([]int64, n)}
	node := func(id string) int32 { x, _ := adj.Node(id); return x }
	for i := 0; i < adj.Nodes(); i++ {
		rep.MaxDegree = max(rep.MaxDegree, adj.Degree(int32(i)))
	}
	// Every peer answers the same query: an entity ID in, entity IDs out.
	// The adjacency lists' times include looking the ID up and naming the
	// neighbors, as the store's do.
	var buf []int32
	var lat latencies
	named := func(buf []int32) []string {
		out := make([]string, len(buf))
		for i, x := range buf {
			out[i] = adj.ID(x)
		}
		return out
	}
	warm(n, func(i int) { buf = adj.Hop1(node(qs.starts[i]), buf[:0]); named(buf) })
	for i, id := range qs.starts {
		t := time.Now()
		buf = adj.Hop1(node(id), buf[:0])
		ids := named(buf)
		lat = append(lat, time.Since(t))
		slices.Sort(ids)
		want.hop1[i] = ids
	}
	rep.Adjacency.Hop1 = lat.net(rep.Clock).stat()

	lat = nil
	total := 0
	warm(n, func(i int) { buf = adj.Hop2(node(qs.starts[i]), buf); named(buf) })
	for i, id := range qs.starts {
		t := time.Now()
		buf = adj.Hop2(node(id), buf)
		named(buf)
		lat = append(lat, time.Since(t))
		want.hop2N[i], want.hop2Hash[i] = hashIDs(sortedIDs(adj, buf))
		total += len(buf)
	}
	rep.Adjacency.Hop2 = lat.net(rep.Clock).stat()
	rep.Hop2Mean = float64(total) / float64(max(n, 1))

	lat = nil
	warm(n, func(i int) { adj.Paths(node(qs.pairs[i][0]), node(qs.pairs[i][1]), 4, 3) })
	for i, p := range qs.pairs {
		t := time.Now()
		a, b := node(p[0]), node(p[1])
		paths := adj.Paths(a, b, 4, 3)
		for _, path := range paths {
			named(path)
		}
		lat = append(lat, time.Since(t))
		want.dist[i], want.count[i] = adj.CountShortest(a, b, 4)
		if want.dist[i] >= 0 {
			rep.PathsHit++
		}
		if got := len(paths); (want.dist[i] < 0) != (got == 0) || (got > 0 && len(paths[0])-1 != want.dist[i]) {
			rep.mismatch("adjacency paths %s→%s: bidirectional search and BFS disagree", p[0], p[1])
		}
	}
	rep.Adjacency.Paths = lat.net(rep.Clock).stat()
	logf("adjacency lists: %d linked entities, %d relations, mean 2-hop set %.0f, %d/%d pairs within 4 hops",
		adj.Nodes(), adj.Edges(), rep.Hop2Mean, rep.PathsHit, n)
	return want
}
