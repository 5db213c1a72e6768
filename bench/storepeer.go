package bench

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/newsgraph/newsgraph/graph"
)

// storePeer times newsgraph's store and checks it against the adjacency
// lists' answers: the index's own walks, the capped public Neighborhood,
// Paths and Search.
func storePeer(ctx context.Context, s *graph.Store, qs querySet, want answers, rep *Report, logf func(string, ...any)) error {
	for _, step := range []func(context.Context, *graph.Store, querySet, answers, *Report) error{
		storeHops, storeNeighborhoods, storePaths, storeSearch,
	} {
		if err := step(ctx, s, qs, want, rep); err != nil {
			return err
		}
	}
	logf("store: hop1 p50 %v, hop2 p50 %v, paths p50 %v, search p50 %v", rep.Store.Hop1.P50, rep.Store.Hop2.P50, rep.Store.Paths.P50, rep.Store.Search.P50)
	return nil
}

// storeHops times the index's uncapped walks: 1 hop out and 2 hops both
// ways, with every neighbor compared.
func storeHops(ctx context.Context, s *graph.Store, qs querySet, want answers, rep *Report) error {
	n := len(qs.starts)
	var lat latencies
	bad := 0
	d := s.Diagnostics()
	warm(n, func(i int) { d.NeighborIDs(ctx, qs.starts[i], 1, graph.Out) })
	for i, id := range qs.starts {
		t := time.Now()
		ids, err := d.NeighborIDs(ctx, id, 1, graph.Out)
		lat = append(lat, time.Since(t))
		if err != nil {
			return fmt.Errorf("bench: store hop1 %s: %w", id, err)
		}
		slices.Sort(ids)
		if !slices.Equal(ids, want.hop1[i]) {
			bad++
			rep.mismatch("hop1 of %s: store has %d out-neighbors, adjacency %d", id, len(ids), len(want.hop1[i]))
		}
	}
	rep.Store.Hop1 = lat.net(rep.Clock).stat()
	rep.check("hop1: store and adjacency agree on %d/%d", n-bad, n)

	lat, bad = nil, 0
	warm(n, func(i int) { d.NeighborIDs(ctx, qs.starts[i], 2, graph.Both) })
	for i, id := range qs.starts {
		t := time.Now()
		ids, err := d.NeighborIDs(ctx, id, 2, graph.Both)
		lat = append(lat, time.Since(t))
		if err != nil {
			return fmt.Errorf("bench: store hop2 %s: %w", id, err)
		}
		if c, h := hashIDs(ids); c != want.hop2N[i] || h != want.hop2Hash[i] {
			bad++
			rep.mismatch("hop2 of %s: store has %d nodes, adjacency %d (or different ones)", id, c, want.hop2N[i])
		}
	}
	rep.Store.Hop2 = lat.net(rep.Clock).stat()
	rep.check("hop2: store and adjacency agree on %d/%d", n-bad, n)
	return nil
}

// storeNeighborhoods times the public API, capped: what GraphQL asks, and
// the largest caps, whose answers are checked (as subsets when truncated).
func storeNeighborhoods(ctx context.Context, s *graph.Store, qs querySet, want answers, rep *Report) error {
	n := len(qs.starts)
	var lat latencies
	warm(n, func(i int) {
		s.Neighborhood(ctx, graph.NeighborhoodQuery{IDs: []string{qs.starts[i]}, Depth: 2, Limit: 200})
	})
	for _, id := range qs.starts {
		t := time.Now()
		_, err := s.Neighborhood(ctx, graph.NeighborhoodQuery{IDs: []string{id}, Depth: 2, Limit: 200})
		lat = append(lat, time.Since(t))
		if err != nil {
			return fmt.Errorf("bench: store neighborhood %s: %w", id, err)
		}
	}
	rep.Store.Hop2API = lat.net(rep.Clock).stat()
	lat = nil
	bad := 0
	for i, id := range qs.starts {
		t := time.Now()
		sg, err := s.Neighborhood(ctx, graph.NeighborhoodQuery{IDs: []string{id}, Depth: 2, Limit: graph.MaxNodes, Fanout: graph.MaxFanout})
		lat = append(lat, time.Since(t))
		if err != nil {
			return fmt.Errorf("bench: store neighborhood %s: %w", id, err)
		}
		var ids []string
		for _, e := range sg.Nodes {
			if e.ID != id {
				ids = append(ids, e.ID)
			}
		}
		if sg.Truncated {
			rep.Store.Hop2MaxTruncated++
			if len(ids) > want.hop2N[i] {
				bad++
				rep.mismatch("neighborhood of %s: %d nodes, more than the %d within 2 hops", id, len(ids), want.hop2N[i])
			}
			continue
		}
		if c, h := hashIDs(ids); c != want.hop2N[i] || h != want.hop2Hash[i] {
			bad++
			rep.mismatch("neighborhood of %s (not truncated): %d nodes, adjacency %d", id, c, want.hop2N[i])
		}
	}
	rep.Store.Hop2Max = lat.net(rep.Clock).stat()
	rep.check("Neighborhood(limit %d, fanout %d): %d/%d agree with adjacency (%d truncated, checked as subsets)",
		graph.MaxNodes, graph.MaxFanout, n-bad, n, rep.Store.Hop2MaxTruncated)
	return nil
}

// storePaths times Paths and checks the distance and the number of shortest
// paths (up to 3) of each pair.
func storePaths(ctx context.Context, s *graph.Store, qs querySet, want answers, rep *Report) error {
	n := len(qs.pairs)
	var lat latencies
	bad := 0
	pq := func(p [2]string) graph.PathQuery { return graph.PathQuery{From: p[0], To: p[1], MaxDepth: 4, First: 3} }
	warm(n, func(i int) { s.Paths(ctx, pq(qs.pairs[i])) })
	for i, p := range qs.pairs {
		t := time.Now()
		paths, err := s.Paths(ctx, pq(p))
		lat = append(lat, time.Since(t))
		if err != nil {
			return fmt.Errorf("bench: store paths %s→%s: %w", p[0], p[1], err)
		}
		d, shortest := -1, 0
		if len(paths) > 0 {
			d = len(paths[0].Edges)
		}
		for _, path := range paths {
			if len(path.Edges) == d {
				shortest++
			}
		}
		if d != want.dist[i] || int64(shortest) != min(3, want.count[i]) {
			bad++
			rep.mismatch("paths %s→%s: store found %d of length %d, adjacency has %d of length %d",
				p[0], p[1], shortest, d, want.count[i], want.dist[i])
		}
	}
	rep.Store.Paths = lat.net(rep.Clock).stat()
	rep.check("paths: store and adjacency agree on the distance and the number of shortest paths (up to 3) for %d/%d pairs", n-bad, n)
	return nil
}

// storeSearch times Search (first page of 10).
func storeSearch(ctx context.Context, s *graph.Store, qs querySet, _ answers, rep *Report) error {
	var lat latencies
	warm(len(qs.texts), func(i int) { s.Search(ctx, graph.SearchQuery{Text: qs.texts[i], Page: graph.Page{First: 10}}) })
	for _, text := range qs.texts {
		t := time.Now()
		_, err := s.Search(ctx, graph.SearchQuery{Text: text, Page: graph.Page{First: 10}})
		lat = append(lat, time.Since(t))
		if err != nil {
			return fmt.Errorf("bench: store search %q: %w", text, err)
		}
	}
	rep.Store.Search = lat.net(rep.Clock).stat()
	return nil
}
