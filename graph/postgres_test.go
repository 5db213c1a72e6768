package graph_test

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	_ "github.com/lib/pq" // database/sql driver "postgres"

	"github.com/newsgraph/newsgraph/graph"
	"github.com/newsgraph/newsgraph/graph/graphtest"
	"github.com/newsgraph/newsgraph/ontology"
)

// TestPostgres runs the conformance suite on cayley's PostgreSQL backend.
// It needs a server: set NEWSGRAPH_TEST_POSTGRES to a connection URL (see
// scripts/postgres.sh and `make test-postgres`). Every store gets a fresh
// database, dropped when its test ends.
func TestPostgres(t *testing.T) {
	freshDB := postgresDatabases(t)
	var (
		mu    sync.Mutex
		paths = map[*graph.Store]string{}
	)
	open := func(t testing.TB, dsn string) *graph.Store {
		s, err := graph.Open(context.Background(), graph.Config{Backend: graph.BackendPostgres, Path: dsn})
		if err != nil {
			t.Fatal(err)
		}
		mu.Lock()
		paths[s] = dsn
		mu.Unlock()
		t.Cleanup(func() { s.Close() })
		return s
	}
	t.Run("SharedDatabase", func(t *testing.T) {
		// two servers on one database: each sees the other's writes
		// through the change feed
		dsn := freshDB(t)
		cfg := graph.Config{Backend: graph.BackendPostgres, Path: dsn, PollInterval: 100 * time.Millisecond}
		a, err := graph.Open(context.Background(), cfg)
		if err != nil {
			t.Fatal(err)
		}
		defer a.Close()
		b, err := graph.Open(context.Background(), cfg)
		if err != nil {
			t.Fatal(err)
		}
		defer b.Close()
		waitFor := func(s *graph.Store, docs int) time.Duration {
			start := time.Now()
			for time.Since(start) < 10*time.Second {
				if st, _ := s.Stats(context.Background()); st.Documents == docs {
					return time.Since(start)
				}
				time.Sleep(20 * time.Millisecond)
			}
			t.Fatalf("the other server did not see %d documents within 10s", docs)
			return 0
		}
		if _, err := a.WriteDocument(context.Background(), sharedDoc("doc:shared1", "Alpha", "Beta")); err != nil {
			t.Fatal(err)
		}
		t.Logf("b sees a's document after %v", waitFor(b, 1))
		if _, err := b.WriteDocument(context.Background(), sharedDoc("doc:shared2", "Gamma", "Beta")); err != nil {
			t.Fatal(err)
		}
		t.Logf("a sees b's document after %v", waitFor(a, 2))
		if _, err := a.DeleteSource(context.Background(), "doc:shared1"); err != nil {
			t.Fatal(err)
		}
		t.Logf("b sees a's deletion after %v", waitFor(b, 1))
		if e, err := b.EntityByName(context.Background(), "gamma"); err != nil || e.Name != "Gamma" {
			t.Errorf("b lost its own entity: %+v %v", e, err)
		}
	})
	graphtest.RunAll(t, graphtest.Backend{
		Open: func(t testing.TB) *graph.Store { return open(t, freshDB(t)) },
		Reopen: func(t testing.TB, s *graph.Store) *graph.Store {
			mu.Lock()
			dsn := paths[s]
			mu.Unlock()
			if err := s.Close(); err != nil {
				t.Fatal(err)
			}
			return open(t, dsn)
		},
	})
}

// postgresDatabases skips the test unless NEWSGRAPH_TEST_POSTGRES names a
// server, and returns a function that creates a fresh database there for
// a test (dropped when it ends) and returns its connection URL.
func postgresDatabases(t *testing.T) func(testing.TB) string {
	base := os.Getenv("NEWSGRAPH_TEST_POSTGRES")
	if base == "" {
		t.Skip("NEWSGRAPH_TEST_POSTGRES is not set (run `make test-postgres`)")
	}
	admin, err := sql.Open("postgres", base)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { admin.Close() })
	if err := admin.PingContext(context.Background()); err != nil {
		t.Fatalf("postgres at %s: %v", base, err)
	}
	var seq atomic.Int64
	prefix := fmt.Sprintf("ng_test_%d_%d", os.Getpid(), time.Now().UnixNano()%1e9)
	return func(t testing.TB) string {
		name := fmt.Sprintf("%s_%d", prefix, seq.Add(1))
		if _, err := admin.Exec(`CREATE DATABASE ` + name); err != nil {
			t.Fatalf("create database %s: %v", name, err)
		}
		t.Cleanup(func() {
			if _, err := admin.Exec(`DROP DATABASE IF EXISTS ` + name + ` WITH (FORCE)`); err != nil {
				t.Errorf("drop database %s: %v", name, err)
			}
		})
		u, err := url.Parse(base)
		if err != nil {
			t.Fatal(err)
		}
		u.Path = "/" + name
		return u.String()
	}
}

func sharedDoc(id, subject, object string) *graph.Batch {
	s := graph.Entity{ID: "country:" + strings.ToLower(subject), Name: subject, Type: ontology.Country}
	o := graph.Entity{ID: "country:" + strings.ToLower(object), Name: object, Type: ontology.Country}
	return &graph.Batch{
		Document: &graph.Document{ID: id, Text: id},
		Entities: []graph.Entity{s, o},
		Claims:   []graph.Claim{{Subject: s.ID, Predicate: ontology.Condemns, Object: o.ID, Confidence: 1}},
	}
}
