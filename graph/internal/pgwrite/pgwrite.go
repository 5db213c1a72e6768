// Package pgwrite registers Flavor, cayley's PostgreSQL backend with a
// writer that sends each commit's rows in multi-row statements.
//
// cayley's own writer (graph/sql/postgres.RunTx) executes one INSERT per
// node and one per quad, each a round trip to the server: about 2k quads/s
// here, ten minutes for a graph of a million quads. Flavor writes the same
// rows with the same statements' semantics, up to batchRows rows a
// statement: the nodes of one value type in one statement (their reference
// counts added on conflict, as cayley does), the quads in another (a
// duplicate skipped, or an error, as cayley's options say). Everything else
// (the schema, reading, removals) is cayley's postgres backend unchanged, so
// a database written by either is read by both (the PostgreSQL suite's
// TestPostgresWriterDifferential, in package graph, compares the tables).
package pgwrite

import (
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"

	cgraph "github.com/cayleygraph/cayley/graph"
	graphlog "github.com/cayleygraph/cayley/graph/log"
	csql "github.com/cayleygraph/cayley/graph/sql"
	"github.com/cayleygraph/cayley/graph/sql/postgres"
	"github.com/lib/pq"
)

// Flavor is the name of the backend to open with cayley's
// graph.NewQuadStore and graph.InitQuadStore.
const Flavor = "newsgraph-postgres"

// batchRows is the most rows a statement carries: PostgreSQL takes at most
// 65,535 parameters a statement, and a node row has at most five.
const batchRows = 2000

func init() {
	csql.Register(Flavor, csql.Registration{
		Driver:             "postgres",
		HashType:           `BYTEA`,
		BytesType:          `BYTEA`,
		HorizonType:        `BIGSERIAL`,
		TimeType:           `timestamp with time zone`,
		QueryDialect:       postgres.QueryDialect,
		ConditionalIndexes: true,
		FillFactor:         true,
		Error:              postgres.ConvError,
		Estimated: func(table string) string {
			return "SELECT reltuples::BIGINT AS estimate FROM pg_class WHERE relname='" + table + "';"
		},
		RunTx: runTx,
	})
}

// runTx writes a commit's node reference increments and added quads, as
// cayley's postgres.RunTx does, in multi-row statements.
func runTx(tx *sql.Tx, nodes []graphlog.NodeUpdate, quads []graphlog.QuadUpdate, opts cgraph.IgnoreOpts) error {
	if err := writeNodes(tx, nodes); err != nil {
		return err
	}
	return writeQuads(tx, quads, opts)
}

// writeNodes inserts the nodes, or adds to their reference counts, grouped
// by value type (each type fills its own columns). SplitDeltas gives each
// node once, so no statement touches a row twice.
func writeNodes(tx *sql.Tx, nodes []graphlog.NodeUpdate) error {
	type group struct {
		cols []string
		rows [][]any
	}
	groups := map[csql.ValueType]*group{}
	var order []csql.ValueType // first seen first, so statements run in a stable order
	for _, n := range nodes {
		if n.RefInc < 0 {
			return fmt.Errorf("pgwrite: node %x has a negative reference increment", n.Hash[:4])
		}
		typ, values, err := csql.NodeValues(csql.NodeHash{ValueHash: n.Hash}, n.Val)
		if err != nil {
			return fmt.Errorf("pgwrite: node value: %w", err)
		}
		g := groups[typ]
		if g == nil {
			g = &group{cols: append([]string{"refs", "hash"}, typ.Columns()...)}
			groups[typ] = g
			order = append(order, typ)
		}
		g.rows = append(g.rows, append([]any{n.RefInc}, values...))
	}
	for _, typ := range order {
		g := groups[typ]
		for lo := 0; lo < len(g.rows); lo += batchRows {
			rows := g.rows[lo:min(lo+batchRows, len(g.rows))]
			q, args := insert("nodes", g.cols, rows, "", "")
			q += ` ON CONFLICT (hash) DO UPDATE SET refs = nodes.refs + EXCLUDED.refs`
			if _, err := tx.Exec(q, args...); err != nil {
				return fmt.Errorf("pgwrite: insert %d nodes: %w", len(rows), insertError(err))
			}
		}
	}
	return nil
}

// quadCols are the columns a quad row fills; ts is now(), as cayley's.
var quadCols = []string{"subject_hash", "predicate_hash", "object_hash", "label_hash"}

// writeQuads inserts the added quads; with opts.IgnoreDup a quad already
// stored is skipped, else it is cayley's graph.ErrQuadExists.
func writeQuads(tx *sql.Tx, quads []graphlog.QuadUpdate, opts cgraph.IgnoreOpts) error {
	rows := make([][]any, 0, min(len(quads), batchRows))
	flush := func() error {
		if len(rows) == 0 {
			return nil
		}
		q, args := insert("quads", quadCols, rows, "ts", "now()")
		if opts.IgnoreDup {
			q += ` ON CONFLICT DO NOTHING`
		}
		if _, err := tx.Exec(q, args...); err != nil {
			return fmt.Errorf("pgwrite: insert %d quads: %w", len(rows), insertError(err))
		}
		rows = rows[:0]
		return nil
	}
	for _, d := range quads {
		if d.Del {
			return errors.New("pgwrite: a removal among the additions")
		}
		row := make([]any, 0, len(quadCols))
		for _, h := range d.Quad.Dirs() {
			row = append(row, csql.NodeHash{ValueHash: h}.SQLValue())
		}
		rows = append(rows, row)
		if len(rows) == batchRows {
			if err := flush(); err != nil {
				return err
			}
		}
	}
	return flush()
}

// insert builds a multi-row INSERT of rows into cols, each row followed by
// the SQL expression extra of column extraCol when extraCol is set.
func insert(table string, cols []string, rows [][]any, extraCol, extra string) (string, []any) {
	var b strings.Builder
	b.WriteString("INSERT INTO ")
	b.WriteString(table)
	b.WriteByte('(')
	b.WriteString(strings.Join(cols, ", "))
	if extraCol != "" {
		b.WriteString(", ")
		b.WriteString(extraCol)
	}
	b.WriteString(") VALUES ")
	args := make([]any, 0, len(rows)*len(cols))
	for i, row := range rows {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteByte('(')
		for j, v := range row {
			if j > 0 {
				b.WriteByte(',')
			}
			args = append(args, v)
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(len(args)))
		}
		if extraCol != "" {
			b.WriteByte(',')
			b.WriteString(extra)
		}
		b.WriteByte(')')
	}
	return b.String(), args
}

// insertError converts a unique violation to cayley's graph.ErrQuadExists,
// as its writer does.
func insertError(err error) error {
	if pe, ok := errors.AsType[*pq.Error](err); ok && pe.Code == "23505" {
		return &cgraph.DeltaError{Err: cgraph.ErrQuadExists}
	}
	return err
}
