package graph_test

import (
	"database/sql"
	"errors"
	"fmt"
	"math/rand/v2"
	"reflect"
	"testing"
	"time"

	cgraph "github.com/cayleygraph/cayley/graph"
	_ "github.com/cayleygraph/cayley/graph/sql/postgres" // cayley's "postgres" backend
	"github.com/cayleygraph/quad"

	"github.com/newsgraph/newsgraph/graph/internal/pgwrite"
)

// TestPostgresWriterDifferential writes the same random history (new
// quads, duplicates within and across commits, removals, re-additions,
// values of every type cayley stores in its own columns) through cayley's
// postgres writer and through pgwrite's, into two fresh databases, and
// compares their nodes and quads tables row by row. A second round checks
// that without IgnoreDup a duplicate is cayley's ErrQuadExists from both.
func TestPostgresWriterDifferential(t *testing.T) {
	freshDB := postgresDatabases(t)
	for seed := range uint64(3) {
		t.Run(fmt.Sprint(seed), func(t *testing.T) {
			r := rand.New(rand.NewPCG(seed, 41))
			theirs, ours := openFlavor(t, "postgres", freshDB(t)), openFlavor(t, pgwrite.Flavor, freshDB(t))
			// live holds the quads stored; removals take distinct stored
			// quads of earlier commits, as newsgraph's do (cayley's SQL
			// writer miscounts its nodes' references otherwise)
			live := map[string]quad.Quad{}
			var keys []string
			for commit := range 8 {
				var deltas []cgraph.Delta
				removed := map[string]bool{}
				for range 1 + r.IntN(1500) {
					if len(keys) > 0 && r.IntN(6) == 0 {
						k := keys[r.IntN(len(keys))]
						if q, ok := live[k]; ok && !removed[k] {
							removed[k] = true
							deltas = append(deltas, cgraph.Delta{Quad: q, Action: cgraph.Delete})
						}
						continue
					}
					q := randomQuad(r)
					if k := q.String(); removed[k] {
						continue
					} else if _, ok := live[k]; !ok {
						live[k] = q
						keys = append(keys, k)
					}
					deltas = append(deltas, cgraph.Delta{Quad: q, Action: cgraph.Add})
				}
				for k := range removed {
					delete(live, k)
				}
				opts := cgraph.IgnoreOpts{IgnoreDup: true, IgnoreMissing: true}
				for _, qs := range []cgraph.QuadStore{theirs.qs, ours.qs} {
					if err := qs.ApplyDeltas(deltas, opts); err != nil {
						t.Fatalf("commit %d: %v", commit, err)
					}
				}
				if got, want := ours.rows(t), theirs.rows(t); !reflect.DeepEqual(got, want) {
					t.Fatalf("commit %d: tables differ\nours   %d nodes %d quads\ncayley %d nodes %d quads\n%s",
						commit, len(got.nodes), len(got.quads), len(want.nodes), len(want.quads), firstDiff(got, want))
				}
			}
			var dup []cgraph.Delta
			for _, q := range live {
				dup = []cgraph.Delta{{Quad: q, Action: cgraph.Add}}
				break
			}
			errTheirs := theirs.qs.ApplyDeltas(dup, cgraph.IgnoreOpts{})
			errOurs := ours.qs.ApplyDeltas(dup, cgraph.IgnoreOpts{})
			if !errors.Is(errTheirs, cgraph.ErrQuadExists) || !errors.Is(errOurs, cgraph.ErrQuadExists) {
				t.Fatalf("a duplicate without IgnoreDup: cayley %v, ours %v; want ErrQuadExists from both", errTheirs, errOurs)
			}
		})
	}
}

// randomQuad draws a quad from a small vocabulary, so that nodes are shared
// and quads repeat, with objects of every value type.
func randomQuad(r *rand.Rand) quad.Quad {
	iri := func(kind string, n int) quad.Value { return quad.IRI(fmt.Sprintf("ng:%s/%d", kind, r.IntN(n))) }
	var o quad.Value
	switch r.IntN(10) {
	case 0:
		o = quad.String(fmt.Sprintf("name %d with a \x00 byte", r.IntN(50)))
	case 1:
		o = quad.String(fmt.Sprintf("name %d", r.IntN(300)))
	case 2:
		o = quad.TypedString{Value: quad.String(fmt.Sprint(r.IntN(100))), Type: "xsd:custom"}
	case 3:
		o = quad.LangString{Value: quad.String(fmt.Sprintf("nom %d", r.IntN(40))), Lang: "fr"}
	case 4:
		o = quad.Int(r.IntN(1000))
	case 5:
		o = quad.Float(float64(r.IntN(1000)) / 8)
	case 6:
		o = quad.Bool(r.IntN(2) == 0)
	case 7:
		o = quad.Time(time.Date(2020+r.IntN(5), 1, 1+r.IntN(28), 0, 0, 0, 0, time.UTC))
	case 8:
		o = quad.BNode(fmt.Sprintf("b%d", r.IntN(30)))
	default:
		o = iri("entity", 400)
	}
	q := quad.Quad{Subject: iri("entity", 400), Predicate: iri("pred", 12), Object: o}
	if r.IntN(4) > 0 {
		q.Label = iri("doc", 60)
	}
	return q
}

// flavorStore is a cayley store of one SQL flavor and its database.
type flavorStore struct {
	qs cgraph.QuadStore
	db *sql.DB
}

func openFlavor(t *testing.T, flavor, dsn string) flavorStore {
	t.Helper()
	if err := cgraph.InitQuadStore(flavor, dsn, nil); err != nil {
		t.Fatal(err)
	}
	qs, err := cgraph.NewQuadStore(flavor, dsn, nil)
	if err != nil {
		t.Fatal(err)
	}
	db, err := sql.Open("postgres", dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { qs.Close(); db.Close() })
	return flavorStore{qs, db}
}

// tables are a store's rows as text, in a fixed order; a quad row leaves
// out its id and time, which differ between any two writes.
type tables struct{ nodes, quads []string }

func (f flavorStore) rows(t *testing.T) tables {
	t.Helper()
	read := func(q string) []string {
		rows, err := f.db.Query(q)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		var out []string
		for rows.Next() {
			var s string
			if err := rows.Scan(&s); err != nil {
				t.Fatal(err)
			}
			out = append(out, s)
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
		return out
	}
	return tables{
		nodes: read(`SELECT n::text FROM nodes n ORDER BY hash`),
		quads: read(`SELECT concat_ws(' ', encode(subject_hash, 'hex'), encode(predicate_hash, 'hex'), encode(object_hash, 'hex'), coalesce(encode(label_hash, 'hex'), '-'))
			FROM quads ORDER BY subject_hash, predicate_hash, object_hash, label_hash NULLS FIRST`),
	}
}

// firstDiff describes the first row where two stores' tables differ.
func firstDiff(got, want tables) string {
	for _, tb := range []struct {
		name      string
		got, want []string
	}{{"nodes", got.nodes, want.nodes}, {"quads", got.quads, want.quads}} {
		for i := range max(len(tb.got), len(tb.want)) {
			var g, w string
			if i < len(tb.got) {
				g = tb.got[i]
			}
			if i < len(tb.want) {
				w = tb.want[i]
			}
			if g != w {
				return fmt.Sprintf("%s row %d:\nours   %s\ncayley %s", tb.name, i, g, w)
			}
		}
	}
	return "no row differs"
}
