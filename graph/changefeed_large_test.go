package graph_test

import (
	"context"
	"testing"
	"time"

	"github.com/newsgraph/newsgraph/bench"
	"github.com/newsgraph/newsgraph/graph"
)

// TestPostgresChangeFeedLarge shows that a change reaches the other server
// in well under a second on a large graph, and that staleness does not grow
// with the graph (the other server applies the change, it does not
// rebuild): the bench's synthetic graph of largeEntities entities (about
// 1.07M quads, the 100k graph of newsgraph bench) is loaded through one
// server, a second opens on it, and the first writes, replaces and deletes
// documents. It loads in about a minute here through pgwrite's writer
// (cayley's, one statement a row, would take about ten).
func TestPostgresChangeFeedLarge(t *testing.T) {
	freshDB := postgresDatabases(t)
	if testing.Short() {
		t.Skip("loads a 1M-quad graph into PostgreSQL")
	}
	const largeEntities = 100_000
	ctx := context.Background()
	dsn := freshDB(t)
	a := openShared(t, graph.Config{Path: dsn})
	gen := bench.NewGenerator(bench.GenConfig{Entities: largeEntities})
	start := time.Now()
	const chunk = 250 // documents a WriteDocuments call, about 53k quads
	for lo := 0; lo < gen.Documents(); lo += chunk {
		var batches []*graph.Batch
		for i := lo; i < min(lo+chunk, gen.Documents()); i++ {
			batches = append(batches, gen.Document(i))
		}
		if _, err := a.WriteDocuments(ctx, batches); err != nil {
			t.Fatal(err)
		}
	}
	loaded, err := a.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	took := time.Since(start)
	t.Logf("loaded %d entities, %d documents, %d quads into PostgreSQL in %v (%.0f quads/s)",
		loaded.Entities, loaded.Documents, loaded.Quads, took.Round(time.Millisecond), float64(loaded.Quads)/took.Seconds())
	if loaded.Quads < 1_000_000 {
		t.Fatalf("%d quads, want the bench's 100k graph of about 1.07M", loaded.Quads)
	}

	start = time.Now()
	b := openShared(t, graph.Config{Path: dsn})
	t.Logf("a second server opened on it in %v (its index built from the database)", time.Since(start).Round(time.Millisecond))

	replaced := gen.Document(5)
	replaced.Claims = replaced.Claims[:len(replaced.Claims)/2]
	steps := []struct {
		name  string
		write func() error
	}{
		{"new document", func() error { _, err := a.WriteDocument(ctx, sharedDoc("doc:large-new1", "Alpha", "Beta")); return err }},
		{"another", func() error { _, err := a.WriteDocument(ctx, sharedDoc("doc:large-new2", "Gamma", "Beta")); return err }},
		{"replacement", func() error { _, err := a.ReplaceSource(ctx, replaced); return err }},
		{"deletion", func() error { _, err := a.DeleteSource(ctx, gen.DocumentID(7)); return err }},
	}
	var worst time.Duration
	for _, st := range steps {
		before, _ := a.Stats(ctx)
		if err := st.write(); err != nil {
			t.Fatalf("%s: %v", st.name, err)
		}
		want, _ := a.Stats(ctx)
		if want == before {
			t.Fatalf("%s changed nothing", st.name)
		}
		waitStats(t, b, want)
		took := staleness(t, dsn)
		worst = max(worst, took)
		t.Logf("%s: visible on the other server after %v", st.name, took)
	}
	if worst >= maxStaleness {
		t.Errorf("staleness up to %v on a %d-quad graph, want < %v", worst, loaded.Quads, maxStaleness)
	}
	if d := sameStore(t, b, a); d != "" {
		t.Errorf("the other server differs: %s", d)
	}
}

// waitStats waits until s counts want.
func waitStats(t *testing.T, s *graph.Store, want graph.Stats) {
	t.Helper()
	start := time.Now()
	for {
		got, err := s.Stats(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if got == want {
			return
		}
		if time.Since(start) > 30*time.Second {
			t.Fatalf("not caught up within 30s: %+v, want %+v", got, want)
		}
		time.Sleep(time.Millisecond)
	}
}
