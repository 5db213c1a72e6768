package graph

import (
	"errors"
	"fmt"

	cgraph "github.com/cayleygraph/cayley/graph"
	_ "github.com/cayleygraph/cayley/graph/sql/cockroach" // the "cockroach" backend
	_ "github.com/cayleygraph/cayley/graph/sql/postgres"  // the "postgres" backend

	"github.com/newsgraph/newsgraph/graph/internal/pgwrite"
)

// openSQL opens (initializing if needed) a cayley SQL store. PostgreSQL's
// is cayley's backend with newsgraph's writer (internal/pgwrite), which
// sends a commit's rows in multi-row statements instead of one a row.
func openSQL(kind, url string) (cgraph.QuadStore, error) {
	if url == "" {
		return nil, Errorf(EINVALID, "%s backend needs a connection URL in --db", kind)
	}
	if kind == BackendPostgres {
		kind = pgwrite.Flavor
	}
	if err := cgraph.InitQuadStore(kind, url, nil); err != nil && !errors.Is(err, cgraph.ErrDatabaseExists) {
		return nil, fmt.Errorf("graph: init %s store: %w", kind, err)
	}
	qs, err := cgraph.NewQuadStore(kind, url, nil)
	if err != nil {
		return nil, fmt.Errorf("graph: open %s store: %w", kind, err)
	}
	return qs, nil
}
