package graph_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/newsgraph/newsgraph/graph"
	"github.com/newsgraph/newsgraph/graph/graphtest"
)

func TestMemory(t *testing.T) {
	graphtest.RunAll(t, graphtest.Backend{Open: func(t testing.TB) *graph.Store {
		s, err := graph.Open(context.Background(), graph.Config{Backend: graph.BackendMemory})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		return s
	}})
}

func TestBolt(t *testing.T) {
	paths := map[*graph.Store]string{}
	open := func(t testing.TB, path string) *graph.Store {
		s, err := graph.Open(context.Background(), graph.Config{Backend: graph.BackendBolt, Path: path})
		if err != nil {
			t.Fatal(err)
		}
		paths[s] = path
		t.Cleanup(func() { s.Close() })
		return s
	}
	graphtest.RunAll(t, graphtest.Backend{
		Open: func(t testing.TB) *graph.Store { return open(t, filepath.Join(t.TempDir(), "test.db")) },
		Reopen: func(t testing.TB, s *graph.Store) *graph.Store {
			if err := s.Close(); err != nil {
				t.Fatal(err)
			}
			return open(t, paths[s])
		},
	})
}
