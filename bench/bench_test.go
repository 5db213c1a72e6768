package bench

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/newsgraph/newsgraph/graph"
	"github.com/newsgraph/newsgraph/server"
)

// fixture is the 10k-entity graph loaded once into a bolt store (without
// fsync) and into adjacency lists, with a query set, for the Go benchmarks.
type fixture struct {
	store *graph.Store
	adj   *Adjacency
	qs    querySet
	srv   *httptest.Server
}

var loadFixture = sync.OnceValues(func() (*fixture, error) {
	ctx := context.Background()
	dir, err := mkTemp()
	if err != nil {
		return nil, err
	}
	gen := NewGenerator(GenConfig{Entities: 10_000, Seed: 1})
	s, err := graph.Open(ctx, graph.Config{Backend: graph.BackendBolt, Path: filepath.Join(dir, "bench.db"), NoSync: true})
	if err != nil {
		return nil, err
	}
	adj := NewAdjacency()
	for i := 0; i < gen.Documents(); i++ {
		b := gen.Document(i)
		if _, err := s.WriteDocument(ctx, b); err != nil {
			return nil, err
		}
		qs, err := b.Quads()
		if err != nil {
			return nil, err
		}
		for _, q := range qs {
			adj.Add(q)
		}
	}
	adj.Build()
	name := func(r *rand.Rand) string { return gen.Entity(r.IntN(gen.Entities())).Name }
	f := &fixture{store: s, adj: adj, qs: drawQueries(name, adj, Options{Seed: 1, Queries: 200})}
	f.srv = httptest.NewServer(server.New(server.Config{Store: s, ReadOnly: true}))
	return f, nil
})

// mkTemp makes a directory for the fixture's bolt file; it lives as long as
// the test binary (the OS cleans the temporary directory).
func mkTemp() (string, error) {
	return os.MkdirTemp("", "newsgraph-gobench-")
}

func getFixture(b *testing.B) *fixture {
	b.Helper()
	f, err := loadFixture()
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	return f
}

func BenchmarkStoreHop1(b *testing.B) {
	f := getFixture(b)
	ctx := context.Background()
	for i := 0; b.Loop(); i++ {
		if _, err := f.store.Diagnostics().NeighborIDs(ctx, f.qs.starts[i%len(f.qs.starts)], 1, graph.Out); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkStoreHop2(b *testing.B) {
	f := getFixture(b)
	ctx := context.Background()
	for i := 0; b.Loop(); i++ {
		if _, err := f.store.Diagnostics().NeighborIDs(ctx, f.qs.starts[i%len(f.qs.starts)], 2, graph.Both); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkStoreNeighborhood is the store call behind GraphQL's
// neighborhood(depth: 2, limit: 200).
func BenchmarkStoreNeighborhood(b *testing.B) {
	f := getFixture(b)
	ctx := context.Background()
	for i := 0; b.Loop(); i++ {
		q := graph.NeighborhoodQuery{IDs: []string{f.qs.starts[i%len(f.qs.starts)]}, Depth: 2, Limit: 200}
		if _, err := f.store.Neighborhood(ctx, q); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkStorePaths(b *testing.B) {
	f := getFixture(b)
	ctx := context.Background()
	for i := 0; b.Loop(); i++ {
		p := f.qs.pairs[i%len(f.qs.pairs)]
		if _, err := f.store.Paths(ctx, graph.PathQuery{From: p[0], To: p[1], MaxDepth: 4, First: 3}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkStoreSearch(b *testing.B) {
	f := getFixture(b)
	ctx := context.Background()
	for i := 0; b.Loop(); i++ {
		q := graph.SearchQuery{Text: f.qs.texts[i%len(f.qs.texts)], Page: graph.Page{First: 10}}
		if _, err := f.store.Search(ctx, q); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkAdjacencyHop2(b *testing.B) {
	f := getFixture(b)
	var buf []int32
	for i := 0; b.Loop(); i++ {
		n, _ := f.adj.Node(f.qs.starts[i%len(f.qs.starts)])
		buf = f.adj.Hop2(n, buf)
	}
}

func BenchmarkAdjacencyPaths(b *testing.B) {
	f := getFixture(b)
	for i := 0; b.Loop(); i++ {
		p := f.qs.pairs[i%len(f.qs.pairs)]
		x, _ := f.adj.Node(p[0])
		y, _ := f.adj.Node(p[1])
		f.adj.Paths(x, y, 4, 3)
	}
}

func BenchmarkCayleyHop2(b *testing.B) {
	f := getFixture(b)
	c, err := storeCayley(f.store)
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	for i := 0; b.Loop(); i++ {
		if _, err := c.Hop2(ctx, f.qs.starts[i%len(f.qs.starts)]); err != nil {
			b.Fatal(err)
		}
	}
}

// graphqlBench posts one query per iteration to the real HTTP handler on a
// 127.0.0.1 listener and checks the answer has no errors.
func graphqlBench(b *testing.B, query string, vars func(i int) map[string]any) {
	f := getFixture(b)
	client := f.srv.Client()
	for i := 0; b.Loop(); i++ {
		body, _ := json.Marshal(map[string]any{"query": query, "variables": vars(i)})
		resp, err := client.Post(f.srv.URL+"/graphql", "application/json", bytes.NewReader(body))
		if err != nil {
			b.Fatal(err)
		}
		data, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil || resp.StatusCode != http.StatusOK || bytes.Contains(data, []byte(`"errors"`)) {
			b.Fatalf("status %d, err %v: %s", resp.StatusCode, err, data)
		}
	}
}

func BenchmarkGraphQLNeighborhood(b *testing.B) {
	f := getFixture(b)
	graphqlBench(b, gqlHop2, func(i int) map[string]any { return map[string]any{"id": f.qs.starts[i%len(f.qs.starts)]} })
}

func BenchmarkGraphQLPaths(b *testing.B) {
	f := getFixture(b)
	graphqlBench(b, gqlPaths, func(i int) map[string]any {
		p := f.qs.pairs[i%len(f.qs.pairs)]
		return map[string]any{"a": p[0], "b": p[1]}
	})
}

func BenchmarkGraphQLSearch(b *testing.B) {
	f := getFixture(b)
	graphqlBench(b, gqlSearch, func(i int) map[string]any { return map[string]any{"q": f.qs.texts[i%len(f.qs.texts)]} })
}

// BenchmarkGraphQLNeighborhoodParallel asks from several clients at once.
func BenchmarkGraphQLNeighborhoodParallel(b *testing.B) {
	f := getFixture(b)
	client := f.srv.Client()
	b.RunParallel(func(pb *testing.PB) {
		r := rand.New(rand.NewPCG(1, 2))
		for pb.Next() {
			body, _ := json.Marshal(map[string]any{"query": gqlHop2, "variables": map[string]any{"id": f.qs.starts[r.IntN(len(f.qs.starts))]}})
			resp, err := client.Post(f.srv.URL+"/graphql", "application/json", bytes.NewReader(body))
			if err != nil {
				panic(fmt.Sprint(err))
			}
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
		}
	})
}
