// Package boltkv reads and writes cayley's kv layout in a bolt file
// directly, without going through cayley: additions in one bolt transaction
// (Add), several times faster than cayley's ApplyDeltas, and the live quads
// in one sequential pass over the log (Each). It knows one version of the
// layout, Version, and refuses a file of any other (Open), so that a cayley
// upgrade that changes the layout cannot be written over by an outdated
// writer.
//
// The layout (cayley's graph/kv/indexing.go and quadstore.go, on hidalgo's
// bbolt mapping of a kv.Key{bucket, key} onto a top-level bolt bucket and a
// key in it):
//   - "log": big-endian primitive ID → protobuf cproto.Primitive. A node is
//     {ID, Timestamp, Value}; a quad is {ID, Subject, Predicate, Object,
//     Label, Timestamp} with the IDs of its nodes (Label 0 when it has none),
//     later flagged Deleted by cayley when removed.
//   - "v"+h[0]+h[1]: node value hash h (sha1 of the value's N-Quads text) →
//     uvarint node ID; "n"+h[0]+h[1]: h → uvarint count of the live quads
//     that use the node (each quad counts once per direction it uses it in).
//   - one bucket per quad index (meta "indexes", by default "sp" and "ops";
//     without that key, cayley < 0.7.6's "s" and "o"): the big-endian IDs of
//     the index's directions → uvarint quad IDs, in increasing order,
//     deleted quads included.
//   - "meta": "version" is the layout's version, "horizon" the last ID given
//     out and "size" the number of live quads, all little-endian uint64;
//     "indexes" is the JSON of the quad indexes.
//
// cayley must be opened with kv.OptNoBloom: then the only state it keeps in
// memory is a cache of node IDs by IRI, which stays true because existing
// nodes never change ID here.
package boltkv

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/cayleygraph/cayley/graph/kv"
	"github.com/cayleygraph/quad"
	bolt "go.etcd.io/bbolt"
)

// Version is the cayley kv data version ("meta" "version") whose layout
// this package reads and writes: cayley's latestDataVersion at the pinned
// cayley.
const Version = 2

// ErrUnknownFormat means the file is not in the layout this package knows:
// another data version, or quad indexes it cannot maintain. Errors that
// wrap it say what differs.
var ErrUnknownFormat = errors.New("unknown cayley kv layout")

// ErrNoLog means the file has no cayley log to scan.
var ErrNoLog = errors.New("no cayley log bucket")

var (
	logBucket  = []byte("log")
	metaBucket = []byte("meta")
	keyVersion = []byte("version")
	keyHorizon = []byte("horizon")
	keySize    = []byte("size")
	keyIndexes = []byte("indexes")
)

// legacyIndexes are the indexes of a cayley file without an "indexes" meta
// key (cayley < 0.7.6), as cayley itself assumes.
var legacyIndexes = []kv.QuadIndex{
	{Dirs: []quad.Direction{quad.Subject}},
	{Dirs: []quad.Direction{quad.Object}},
}

// DB is direct access to the cayley kv layout of one bolt file. Writes must
// not run concurrently with cayley's (the caller serializes writers); reads
// may run at any time.
type DB struct {
	db *bolt.DB
}

// Open checks that db holds the cayley kv layout of Version, with quad
// indexes the writer can maintain, and returns direct access to it. A file
// in another layout is refused with an error wrapping ErrUnknownFormat. The
// file must already be initialized by cayley (kv.Init).
func Open(db *bolt.DB) (*DB, error) {
	err := db.View(func(tx *bolt.Tx) error {
		_, err := readLayout(tx)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("boltkv: open %s: %w", db.Path(), err)
	}
	return &DB{db: db}, nil
}

// readLayout checks the version of the file's layout and returns its quad
// indexes.
func readLayout(tx *bolt.Tx) ([]kv.QuadIndex, error) {
	meta := tx.Bucket(metaBucket)
	if meta == nil {
		return nil, fmt.Errorf("%w: no meta bucket", ErrUnknownFormat)
	}
	v := meta.Get(keyVersion)
	if len(v) != 8 {
		return nil, fmt.Errorf("%w: meta version has %d bytes, want 8", ErrUnknownFormat, len(v))
	}
	if ver := binary.LittleEndian.Uint64(v); ver != Version {
		return nil, fmt.Errorf("%w: data version %d, this writer knows %d", ErrUnknownFormat, ver, Version)
	}
	return readIndexes(meta)
}

// readIndexes reads the quad indexes cayley keeps, as cayley does, and
// refuses those the writer cannot maintain: unique ones (cayley then trusts
// an index entry without reading the quad), and any over no direction, an
// unknown one or one direction twice.
func readIndexes(meta *bolt.Bucket) ([]kv.QuadIndex, error) {
	data := meta.Get(keyIndexes)
	if data == nil {
		return legacyIndexes, nil
	}
	var out []kv.QuadIndex
	if err := json.Unmarshal(data, &out); err != nil {
		return nil, fmt.Errorf("%w: read indexes: %v", ErrUnknownFormat, err)
	}
	if len(out) == 0 {
		return legacyIndexes, nil
	}
	for _, ind := range out {
		if ind.Unique {
			return nil, fmt.Errorf("%w: unique index %s", ErrUnknownFormat, indexBucket(ind))
		}
		if len(ind.Dirs) == 0 || len(ind.Dirs) > 4 {
			return nil, fmt.Errorf("%w: index over %d directions", ErrUnknownFormat, len(ind.Dirs))
		}
		var seen [5]bool
		for _, d := range ind.Dirs {
			if d < quad.Subject || d > quad.Label || seen[d] {
				return nil, fmt.Errorf("%w: index over directions %v", ErrUnknownFormat, ind.Dirs)
			}
			seen[d] = true
		}
	}
	return out, nil
}

// metaInt reads a counter of the meta bucket (0 when absent).
func metaInt(meta interface{ Get([]byte) []byte }, key []byte) (uint64, error) {
	v := meta.Get(key)
	switch len(v) {
	case 0:
		return 0, nil
	case 8:
		return binary.LittleEndian.Uint64(v), nil
	}
	return 0, fmt.Errorf("boltkv: meta %s has %d bytes", key, len(v))
}

// indexBucket is the bucket name of an index: its directions' prefixes.
func indexBucket(ind kv.QuadIndex) []byte {
	b := make([]byte, len(ind.Dirs))
	for i, d := range ind.Dirs {
		b[i] = d.Prefix()
	}
	return b
}

// Path is the file's path.
func (d *DB) Path() string { return d.db.Path() }
