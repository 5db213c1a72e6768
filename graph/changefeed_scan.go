package graph

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	csql "github.com/cayleygraph/cayley/graph/sql"
	"github.com/cayleygraph/quad"
	"github.com/cayleygraph/quad/pquads"

	"github.com/newsgraph/newsgraph/graph/internal/index"
)

// A shared database's index is built by reading cayley's two SQL tables
// straight, in one REPEATABLE READ transaction: every node, then every quad
// by its node hashes. cayley's own iterator reads the quads, then asks for
// every node's value in a query of its own (one round trip a node: a 213k
// quad graph took a minute to open), and it cannot read in a snapshot of
// our choosing. The snapshot is what lets a server build its index without
// holding the other servers' writers off for the whole scan (openIndex).
//
// The columns and their decoding are those of cayley's SQL backend
// (graph/sql: NodeValues writes them, QuadStore.NameOf reads them back);
// TestPostgresScan compares this scan with cayley's, quad for quad, so a
// change of cayley's layout fails the tests.

// snapshot begins a read-only transaction whose reads all see the database
// as of its return.
func (f *changeFeed) snapshot(ctx context.Context) (*sql.Tx, error) {
	tx, err := f.db.BeginTx(ctx, &sql.TxOptions{Isolation: sql.LevelRepeatableRead, ReadOnly: true})
	if err != nil {
		return nil, fmt.Errorf("graph: change feed: snapshot: %w", err)
	}
	// the snapshot is taken by the first statement, not by BEGIN
	if _, err := tx.ExecContext(ctx, `SELECT 1`); err != nil {
		tx.Rollback()
		return nil, fmt.Errorf("graph: change feed: snapshot: %w", err)
	}
	return tx, nil
}

// scanIndex builds an index from the quads in the snapshot tx.
func scanIndex(ctx context.Context, tx *sql.Tx) (*index.Index, error) {
	idx := index.New()
	err := scanQuads(ctx, tx, func(q quad.Quad) { idx.Apply(factOf(q), +1) })
	if err != nil {
		return nil, err
	}
	return idx, nil
}

// scanQuads calls fn with every quad of cayley's SQL tables, read through
// tx.
func scanQuads(ctx context.Context, tx *sql.Tx, fn func(quad.Quad)) error {
	nodes, err := scanNodes(ctx, tx)
	if err != nil {
		return err
	}
	rows, err := tx.QueryContext(ctx, `SELECT subject_hash, predicate_hash, object_hash, label_hash FROM quads`)
	if err != nil {
		return fmt.Errorf("graph: scan quads: %w", err)
	}
	defer rows.Close()
	var h [4][]byte
	for rows.Next() {
		if err := rows.Scan(&h[0], &h[1], &h[2], &h[3]); err != nil {
			return fmt.Errorf("graph: scan quads: %w", err)
		}
		var q quad.Quad
		for i, dir := range quad.Directions {
			if h[i] == nil {
				continue
			}
			v, ok := nodes[string(h[i])]
			if !ok {
				return fmt.Errorf("graph: scan quads: no node %x (%s)", h[i], dir)
			}
			q.Set(dir, v)
		}
		fn(q)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("graph: scan quads: %w", err)
	}
	return ctx.Err()
}

// scanNodes returns every node's value by its hash.
func scanNodes(ctx context.Context, tx *sql.Tx) (map[string]quad.Value, error) {
	rows, err := tx.QueryContext(ctx, `SELECT hash, value, value_string, datatype, language, iri, bnode,
		value_int, value_bool, value_float, value_time FROM nodes`)
	if err != nil {
		return nil, fmt.Errorf("graph: scan nodes: %w", err)
	}
	defer rows.Close()
	nodes := map[string]quad.Value{}
	for rows.Next() {
		var (
			hash, data     []byte
			str, typ, lang sql.NullString
			iri, bnode, vb sql.NullBool
			vint           sql.NullInt64
			vfloat         sql.NullFloat64
			vtime          csql.NullTime
		)
		if err := rows.Scan(&hash, &data, &str, &typ, &lang, &iri, &bnode, &vint, &vb, &vfloat, &vtime); err != nil {
			return nil, fmt.Errorf("graph: scan nodes: %w", err)
		}
		v, err := nodeValue(data, str, typ, lang, iri, bnode, vint, vb, vfloat, vtime)
		if err != nil {
			return nil, fmt.Errorf("graph: scan node %x: %w", hash, err)
		}
		nodes[string(hash)] = v
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("graph: scan nodes: %w", err)
	}
	return nodes, nil
}

// nodeValue decodes a row of cayley's nodes table as QuadStore.NameOf does.
func nodeValue(data []byte, str, typ, lang sql.NullString, iri, bnode sql.NullBool, vint sql.NullInt64,
	vb sql.NullBool, vfloat sql.NullFloat64, vtime csql.NullTime) (quad.Value, error) {
	switch {
	case str.Valid && iri.Bool:
		return quad.IRI(str.String), nil
	case str.Valid && bnode.Bool:
		return quad.BNode(str.String), nil
	case str.Valid && lang.Valid:
		return quad.LangString{Value: quad.String(unescapeNul(str.String)), Lang: lang.String}, nil
	case str.Valid && typ.Valid:
		return quad.TypedString{Value: quad.String(unescapeNul(str.String)), Type: quad.IRI(typ.String)}, nil
	case str.Valid:
		return quad.String(unescapeNul(str.String)), nil
	case vint.Valid:
		return quad.Int(vint.Int64), nil
	case vb.Valid:
		return quad.Bool(vb.Bool), nil
	case vfloat.Valid:
		return quad.Float(vfloat.Float64), nil
	case vtime.Valid:
		return quad.Time(vtime.Time.UTC()), nil
	}
	return pquads.UnmarshalValue(data)
}

// unescapeNul undoes cayley's escaping of NUL bytes in strings.
func unescapeNul(s string) string { return strings.ReplaceAll(s, `\x00`, "\u0000") }
