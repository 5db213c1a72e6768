package boltkv

import (
	"github.com/cayleygraph/quad"
)

// Each calls fn with every live quad of the file, read in one sequential
// pass over cayley's primitive log (nodes carry a value, quads carry the
// IDs of their four nodes and are flagged when deleted), without keeping
// them. That is what opening a store costs: one read of the file instead
// of a B-tree search per node of every quad. It returns an error wrapping
// ErrNoLog when there is no log to read.
func (d *DB) Each(fn func(quad.Quad)) error {
	_, err := d.EachAfter(0, fn)
	return err
}
