package boltkv

import (
	"encoding/binary"
	"errors"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/cayleygraph/quad"
	bolt "go.etcd.io/bbolt"

	"github.com/newsgraph/newsgraph/graph/internal/boltkv/boltkvtest"
)

// TestFormatVersion: Open accepts the layout it knows (the version cayley
// writes, with cayley's default, legacy or other plain indexes) and refuses
// with ErrUnknownFormat a file whose meta version or quad indexes it does
// not know; Add refuses the same when the file changed after Open, and
// leaves it untouched.
func TestFormatVersion(t *testing.T) {
	put := func(key string, val []byte) func(*bolt.Bucket) error {
		return func(meta *bolt.Bucket) error { return meta.Put([]byte(key), val) }
	}
	version := func(v uint64) func(*bolt.Bucket) error {
		return put("version", binary.LittleEndian.AppendUint64(nil, v))
	}
	cases := []struct {
		name   string
		change func(meta *bolt.Bucket) error // nil: the file as cayley made it
		ok     bool
	}{
		{name: "as cayley made it", ok: true},
		{name: "known version", change: version(Version), ok: true},
		{name: "no indexes key (cayley < 0.7.6)", change: func(m *bolt.Bucket) error { return m.Delete([]byte("indexes")) }, ok: true},
		{name: "other indexes", change: put("indexes", []byte(`[{"dirs":[4,2,1,3]},{"dirs":[3]}]`)), ok: true},
		{name: "next version", change: version(Version + 1)},
		{name: "older version", change: version(Version - 1)},
		{name: "version zero", change: version(0)},
		{name: "no version", change: func(m *bolt.Bucket) error { return m.Delete([]byte("version")) }},
		{name: "short version", change: put("version", []byte{Version})},
		{name: "unique index", change: put("indexes", []byte(`[{"dirs":[1,2,3,4],"unique":true}]`))},
		{name: "unknown direction", change: put("indexes", []byte(`[{"dirs":[1,5]}]`))},
		{name: "direction twice", change: put("indexes", []byte(`[{"dirs":[1,1]}]`))},
		{name: "index over nothing", change: put("indexes", []byte(`[{"dirs":[]}]`))},
		{name: "undecodable indexes", change: put("indexes", []byte(`{"sp"`))},
	}
	q := []quad.Quad{{Subject: quad.IRI("a"), Predicate: quad.IRI("p"), Object: quad.String("o")}}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			hdb := initFile(t, filepath.Join(t.TempDir(), "s.db"), nil)
			defer hdb.Close()
			db := hdb.DB()
			// a handle opened before the change, to see Add refuse it too
			early, err := Open(db)
			if err != nil {
				t.Fatalf("a new cayley file: %v", err)
			}
			if tc.change != nil {
				err := db.Update(func(tx *bolt.Tx) error { return tc.change(tx.Bucket(metaBucket)) })
				if err != nil {
					t.Fatal(err)
				}
			}
			_, err = Open(db)
			if tc.ok != (err == nil) || (err != nil && !errors.Is(err, ErrUnknownFormat)) {
				t.Fatalf("Open: %v, want ok %v or ErrUnknownFormat", err, tc.ok)
			}
			before := boltkvtest.Raw(t, db)
			err = early.Add(q)
			if tc.ok {
				if err != nil {
					t.Fatalf("Add: %v", err)
				}
				if g := boltkvtest.Canonical(t, db); len(g.Quads) != 1 {
					t.Fatalf("Add wrote %d quads, want 1", len(g.Quads))
				}
				return
			}
			if !errors.Is(err, ErrUnknownFormat) {
				t.Fatalf("Add: %v, want ErrUnknownFormat", err)
			}
			if after := boltkvtest.Raw(t, db); !reflect.DeepEqual(before, after) {
				t.Fatal("a refused Add changed the file")
			}
		})
	}
}
