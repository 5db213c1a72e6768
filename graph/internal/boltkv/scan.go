package boltkv

import (
	"fmt"

	cproto "github.com/cayleygraph/cayley/graph/proto"
	"github.com/cayleygraph/quad"
	"github.com/cayleygraph/quad/pquads"
	bolt "go.etcd.io/bbolt"
	"google.golang.org/protobuf/proto"
)

// Each calls fn with every live quad of the file, read in one sequential
// pass over cayley's primitive log (nodes carry a value, quads carry the
// IDs of their four nodes and are flagged when deleted), without keeping
// them. That is what opening a store costs: one read of the file instead
// of a B-tree search per node of every quad. It returns an error wrapping
// ErrNoLog when there is no log to read.
func (d *DB) Each(fn func(quad.Quad)) error {
	return d.db.View(func(tx *bolt.Tx) error {
		b := tx.Bucket(logBucket)
		if b == nil {
			return fmt.Errorf("boltkv: scan %s: %w", d.db.Path(), ErrNoLog)
		}
		values := make(map[uint64]quad.Value)
		var links [][4]uint64
		var p cproto.Primitive
		c := b.Cursor()
		// the pages read so far are released every 32 MiB, so that reading
		// a large file does not hold all of it in the resident set at once
		read := 0
		for k, v := c.First(); k != nil; k, v = c.Next() {
			if read += len(k) + len(v); read >= 32<<20 {
				d.releaseMapped(tx.Size())
				read = 0
			}
			p.Reset()
			if err := proto.Unmarshal(v, &p); err != nil {
				return fmt.Errorf("boltkv: read primitive: %w", err)
			}
			switch {
			case p.IsNode():
				val, err := pquads.UnmarshalValue(p.Value)
				if err != nil {
					return fmt.Errorf("boltkv: read node %d: %w", p.ID, err)
				}
				values[p.ID] = val
			case !p.Deleted:
				links = append(links, [4]uint64{p.Subject, p.Predicate, p.Object, p.Label})
			}
		}
		for _, l := range links {
			q := quad.Quad{Subject: values[l[0]], Predicate: values[l[1]], Object: values[l[2]]}
			if l[3] != 0 {
				q.Label = values[l[3]]
			}
			if q.Subject == nil || q.Predicate == nil || q.Object == nil || (l[3] != 0 && q.Label == nil) {
				return fmt.Errorf("boltkv: quad refers to a missing node (%d %d %d %d)", l[0], l[1], l[2], l[3])
			}
			fn(q)
		}
		return nil
	})
}
