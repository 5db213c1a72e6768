// Package boltkvtest decodes cayley's kv layout in a bolt file into its
// logical content, without IDs, so that tests can compare two files written
// in different ways (cayley's writer and newsgraph's) and check that a file
// holds together. It reads the layout on its own, independently of the
// writer in boltkv, so that a misreading there does not hide a miswriting.
package boltkvtest

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/cayleygraph/cayley/graph/kv"
	cproto "github.com/cayleygraph/cayley/graph/proto"
	"github.com/cayleygraph/quad"
	"github.com/cayleygraph/quad/pquads"
	bolt "go.etcd.io/bbolt"
	"google.golang.org/protobuf/proto"
)

// Graph is a file's content without its IDs.
type Graph struct {
	Nodes   map[string]uint64              // node (N-Quads text) → reference count
	Quads   map[string]bool                // live quads
	Indexes map[string]map[string][]string // index → key (nodes' text) → its live quads
	Deleted map[string]int                 // quad → how many deleted copies the log keeps
}

// Canonical reads the cayley layout of db and checks that it holds
// together: every node hash bucket entry has both halves and names a node
// of the log with that hash; every node of the log is indexed; counts are
// those of the live quads; no two live quads are the same; index lists are
// increasing, list every live quad under its key and name only quads of
// the log; size counts the live quads; horizon is past every ID.
func Canonical(tb testing.TB, db *bolt.DB) Graph {
	tb.Helper()
	var g Graph
	err := db.View(func(tx *bolt.Tx) error {
		var err error
		g, err = decode(tx)
		return err
	})
	if err != nil {
		tb.Fatal(err)
	}
	return g
}

// log is the decoded primitive log of a file.
type log struct {
	prims map[uint64]*cproto.Primitive
	maxID uint64
	text  map[uint64]string // node ID → N-Quads text
}

func decode(tx *bolt.Tx) (Graph, error) {
	g := Graph{Nodes: map[string]uint64{}, Quads: map[string]bool{},
		Indexes: map[string]map[string][]string{}, Deleted: map[string]int{}}
	meta := tx.Bucket([]byte("meta"))
	if meta == nil {
		return g, fmt.Errorf("no meta bucket")
	}
	indexes, err := readIndexes(meta)
	if err != nil {
		return g, err
	}
	horizon, err := metaInt(meta, "horizon")
	if err != nil {
		return g, err
	}
	size, err := metaInt(meta, "size")
	if err != nil {
		return g, err
	}
	l, err := readLog(tx)
	if err != nil {
		return g, err
	}
	ids, counts, err := readNodes(tx, l)
	if err != nil {
		return g, err
	}
	// live quads
	refs := map[uint64]uint64{}
	links := map[[4]uint64]bool{}
	for _, p := range l.prims {
		if p.IsNode() {
			if _, ok := l.text[p.ID]; !ok {
				return g, fmt.Errorf("node %d of the log is not indexed", p.ID)
			}
			continue
		}
		link := [4]uint64{p.Subject, p.Predicate, p.Object, p.Label}
		if p.Deleted {
			g.Deleted[l.quadText(link)]++
			continue
		}
		if links[link] {
			return g, fmt.Errorf("quad %v stored twice", link)
		}
		links[link] = true
		for d, id := range link {
			if id == 0 && d == 3 {
				continue
			}
			if _, ok := l.text[id]; !ok {
				return g, fmt.Errorf("quad %d names node %d, which is not there", p.ID, id)
			}
			refs[id]++
		}
		g.Quads[l.quadText(link)] = true
	}
	if uint64(len(g.Quads)) != size {
		return g, fmt.Errorf("size %d, %d live quads", size, len(g.Quads))
	}
	if horizon < l.maxID {
		return g, fmt.Errorf("horizon %d, IDs up to %d", horizon, l.maxID)
	}
	for h, id := range ids {
		if counts[h] != refs[id] {
			return g, fmt.Errorf("node %s counts %d quads, %d use it", l.text[id], counts[h], refs[id])
		}
		g.Nodes[l.text[id]] = counts[h]
	}
	for _, ind := range indexes {
		keys, err := l.readIndex(tx, ind)
		if err != nil {
			return g, err
		}
		g.Indexes[bucketName(ind)] = keys
	}
	return g, nil
}

func readLog(tx *bolt.Tx) (*log, error) {
	l := &log{prims: map[uint64]*cproto.Primitive{}, text: map[uint64]string{}}
	b := tx.Bucket([]byte("log"))
	if b == nil {
		return nil, fmt.Errorf("no log bucket")
	}
	err := b.ForEach(func(k, v []byte) error {
		p := new(cproto.Primitive)
		if err := proto.Unmarshal(v, p); err != nil {
			return err
		}
		if id := binary.BigEndian.Uint64(k); id != p.ID {
			return fmt.Errorf("log key %d holds primitive %d", id, p.ID)
		}
		l.prims[p.ID] = p
		l.maxID = max(l.maxID, p.ID)
		return nil
	})
	return l, err
}

// readNodes reads the node hash buckets: node IDs and reference counts by
// hash. It fills l.text with the nodes the ID buckets name.
func readNodes(tx *bolt.Tx, l *log) (ids, counts map[string]uint64, err error) {
	ids, counts = map[string]uint64{}, map[string]uint64{}
	err = tx.ForEach(func(name []byte, b *bolt.Bucket) error {
		if len(name) != 3 || (name[0] != 'v' && name[0] != 'n') {
			return nil
		}
		return b.ForEach(func(k, v []byte) error {
			if len(k) != quad.HashSize || k[0] != name[1] || k[1] != name[2] {
				return fmt.Errorf("key %x in bucket %q", k, name)
			}
			x, n := binary.Uvarint(v)
			if n != len(v) || x == 0 {
				return fmt.Errorf("value %x in bucket %q", v, name)
			}
			if name[0] == 'v' {
				ids[string(k)] = x
			} else {
				counts[string(k)] = x
			}
			return nil
		})
	})
	if err != nil {
		return nil, nil, err
	}
	for h, id := range ids {
		p := l.prims[id]
		if p == nil || !p.IsNode() {
			return nil, nil, fmt.Errorf("node %d of hash %x is not in the log", id, h)
		}
		v, err := pquads.UnmarshalValue(p.Value)
		if err != nil {
			return nil, nil, err
		}
		if got := quad.HashOf(v); string(got) != h {
			return nil, nil, fmt.Errorf("node %d (%v) is filed under hash %x", id, v, h)
		}
		if _, ok := counts[h]; !ok {
			return nil, nil, fmt.Errorf("node %d (%v) has no count", id, v)
		}
		l.text[id] = v.String()
	}
	for h := range counts {
		if _, ok := ids[h]; !ok {
			return nil, nil, fmt.Errorf("count without a node for hash %x", h)
		}
	}
	return ids, counts, nil
}

// readIndex reads one quad index: key (nodes' text) → its live quads.
func (l *log) readIndex(tx *bolt.Tx, ind kv.QuadIndex) (map[string][]string, error) {
	name := bucketName(ind)
	listed := map[uint64]bool{}
	keys := map[string][]string{}
	// cayley makes an index's bucket with its first quad; a bucket missing
	// after that shows below as a live quad not listed
	b := tx.Bucket([]byte(name))
	if b == nil {
		return keys, l.allListed(name, listed)
	}
	err := b.ForEach(func(k, v []byte) error {
		var prev uint64
		var live []string
		for len(v) > 0 {
			id, n := binary.Uvarint(v)
			if n <= 0 || id <= prev {
				return fmt.Errorf("index %s key %x: list not increasing", name, k)
			}
			prev, v = id, v[n:]
			p := l.prims[id]
			if p == nil || p.IsNode() {
				return fmt.Errorf("index %s lists %d, not a quad of the log", name, id)
			}
			if p.Deleted {
				continue
			}
			link := [4]uint64{p.Subject, p.Predicate, p.Object, p.Label}
			if !bytes.Equal(keyOf(ind, link), k) {
				return fmt.Errorf("index %s lists quad %d under key %x", name, id, k)
			}
			listed[id] = true
			live = append(live, l.quadText(link))
		}
		if len(live) > 0 {
			var kt []string
			for i := 0; i < len(k); i += 8 {
				kt = append(kt, l.text[binary.BigEndian.Uint64(k[i:])])
			}
			sort.Strings(live)
			keys[strings.Join(kt, " ")] = live
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return keys, l.allListed(name, listed)
}

// allListed checks that an index lists every live quad of the log.
func (l *log) allListed(name string, listed map[uint64]bool) error {
	for _, p := range l.prims {
		if !p.IsNode() && !p.Deleted && !listed[p.ID] {
			return fmt.Errorf("index %s does not list quad %d", name, p.ID)
		}
	}
	return nil
}

func (l *log) quadText(link [4]uint64) string {
	s := l.text[link[0]] + " " + l.text[link[1]] + " " + l.text[link[2]]
	if link[3] != 0 {
		s += " " + l.text[link[3]]
	}
	return s
}

// readIndexes reads meta "indexes" the way cayley does.
func readIndexes(meta *bolt.Bucket) ([]kv.QuadIndex, error) {
	legacy := []kv.QuadIndex{{Dirs: []quad.Direction{quad.Subject}}, {Dirs: []quad.Direction{quad.Object}}}
	data := meta.Get([]byte("indexes"))
	if data == nil {
		return legacy, nil
	}
	var out []kv.QuadIndex
	if err := json.Unmarshal(data, &out); err != nil {
		return nil, fmt.Errorf("read indexes: %w", err)
	}
	if len(out) == 0 {
		return legacy, nil
	}
	return out, nil
}

func metaInt(meta *bolt.Bucket, key string) (uint64, error) {
	v := meta.Get([]byte(key))
	switch len(v) {
	case 0:
		return 0, nil
	case 8:
		return binary.LittleEndian.Uint64(v), nil
	}
	return 0, fmt.Errorf("meta %s has %d bytes", key, len(v))
}

// keyOf is the key of a quad's link (its node IDs) in index ind.
func keyOf(ind kv.QuadIndex, link [4]uint64) []byte {
	var k []byte
	for _, d := range ind.Dirs {
		k = binary.BigEndian.AppendUint64(k, link[d-quad.Subject])
	}
	return k
}

// bucketName is the bucket of an index: its directions' prefixes.
func bucketName(ind kv.QuadIndex) string {
	b := make([]byte, len(ind.Dirs))
	for i, d := range ind.Dirs {
		b[i] = d.Prefix()
	}
	return string(b)
}

// IndexNames are the sorted bucket names of indexes (nil: cayley's default
// ones).
func IndexNames(indexes []kv.QuadIndex) []string {
	if indexes == nil {
		indexes = kv.DefaultQuadIndexes
	}
	var out []string
	for _, ind := range indexes {
		out = append(out, bucketName(ind))
	}
	sort.Strings(out)
	return out
}

// Diff describes how two graphs differ in their nodes, reference counts,
// live quads, deleted quads and index lists, or returns "".
func Diff(want, have Graph) string {
	var b strings.Builder
	for k, n := range want.Deleted {
		if have.Deleted[k] != n {
			fmt.Fprintf(&b, "deleted %s: %d copies → %d\n", k, n, have.Deleted[k])
		}
	}
	for k, n := range have.Deleted {
		if _, ok := want.Deleted[k]; !ok {
			fmt.Fprintf(&b, "deleted %s: extra %d copies\n", k, n)
		}
	}
	for k, n := range want.Nodes {
		if m, ok := have.Nodes[k]; !ok || m != n {
			fmt.Fprintf(&b, "node %s: count %d → %d (present %v)\n", k, n, m, ok)
		}
	}
	for k := range have.Nodes {
		if _, ok := want.Nodes[k]; !ok {
			fmt.Fprintf(&b, "node %s: extra\n", k)
		}
	}
	b.WriteString(SetDiff(want.Quads, have.Quads))
	if !reflect.DeepEqual(want.Indexes, have.Indexes) {
		for name, keys := range want.Indexes {
			for k, l := range keys {
				if !reflect.DeepEqual(l, have.Indexes[name][k]) {
					fmt.Fprintf(&b, "index %s key %s: %q → %q\n", name, k, l, have.Indexes[name][k])
				}
			}
			for k, l := range have.Indexes[name] {
				if _, ok := keys[k]; !ok {
					fmt.Fprintf(&b, "index %s key %s: extra %q\n", name, k, l)
				}
			}
		}
		for name := range have.Indexes {
			if _, ok := want.Indexes[name]; !ok {
				fmt.Fprintf(&b, "index %s: extra\n", name)
			}
		}
	}
	return b.String()
}

// SetDiff lists the members missing from have and the extra ones.
func SetDiff(want, have map[string]bool) string {
	var b strings.Builder
	for k := range want {
		if !have[k] {
			fmt.Fprintf(&b, "missing %s\n", k)
		}
	}
	for k := range have {
		if !want[k] {
			fmt.Fprintf(&b, "extra %s\n", k)
		}
	}
	return b.String()
}

// Raw is every key and value of a bolt file, by bucket.
func Raw(tb testing.TB, db *bolt.DB) map[string]map[string]string {
	tb.Helper()
	out := map[string]map[string]string{}
	err := db.View(func(tx *bolt.Tx) error {
		return tx.ForEach(func(name []byte, b *bolt.Bucket) error {
			m := map[string]string{}
			out[string(name)] = m
			return b.ForEach(func(k, v []byte) error {
				m[string(k)] = string(v)
				return nil
			})
		})
	})
	if err != nil {
		tb.Fatal(err)
	}
	return out
}
