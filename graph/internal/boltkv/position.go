package boltkv

import (
	"crypto/rand"
	"encoding/binary"
	"encoding/hex"
	"fmt"

	cproto "github.com/cayleygraph/cayley/graph/proto"
	"github.com/cayleygraph/quad"
	"github.com/cayleygraph/quad/pquads"
	bolt "go.etcd.io/bbolt"
	"google.golang.org/protobuf/proto"
)

// Position says how far a file's history has gone, so that something
// derived from the file (newsgraph's index snapshot) can tell whether it
// still describes it, and what was added since.
//
// Additions only ever append to cayley's log: every new node and quad gets
// the next ID, so the quads added after a position are those with IDs above
// its Horizon. Removals flag old log entries in place, so no ID tells them:
// newsgraph counts them instead (Removals, bumped by NoteRemoval in its own
// transaction before each removal commits), and anything derived from the
// file before a removal is stale. A crash between the bump and the removal
// makes it stale too, which is safe.
type Position struct {
	// Store identifies the file: a random ID written once (MarkStore), so
	// that a snapshot beside a different store file is not taken for its
	// own. Empty until marked.
	Store string `json:"store"`
	// Horizon is cayley's last given ID ("meta" "horizon").
	Horizon uint64 `json:"horizon"`
	// Removals counts the removal commits newsgraph announced.
	Removals uint64 `json:"removals"`
}

// newsgraph's own bucket in the file; cayley ignores buckets it does not
// know.
var (
	ownBucket   = []byte("newsgraph")
	keyStoreID  = []byte("store-id")
	keyRemovals = []byte("removals")
)

// Position reads the file's position.
func (d *DB) Position() (Position, error) {
	var p Position
	err := d.db.View(func(tx *bolt.Tx) error {
		var err error
		p, err = readPosition(tx)
		return err
	})
	if err != nil {
		return Position{}, fmt.Errorf("boltkv: read position of %s: %w", d.db.Path(), err)
	}
	return p, nil
}

func readPosition(tx *bolt.Tx) (Position, error) {
	var p Position
	meta := tx.Bucket(metaBucket)
	if meta == nil {
		return p, fmt.Errorf("%w: no meta bucket", ErrUnknownFormat)
	}
	var err error
	if p.Horizon, err = metaInt(meta, keyHorizon); err != nil {
		return p, err
	}
	if own := tx.Bucket(ownBucket); own != nil {
		p.Store = string(own.Get(keyStoreID))
		if p.Removals, err = metaInt(own, keyRemovals); err != nil {
			return p, err
		}
	}
	return p, nil
}

// MarkStore gives the file its store ID if it has none, and returns the
// file's position.
func (d *DB) MarkStore() (Position, error) {
	var p Position
	err := d.db.Update(func(tx *bolt.Tx) error {
		own, err := tx.CreateBucketIfNotExists(ownBucket)
		if err != nil {
			return err
		}
		if own.Get(keyStoreID) == nil {
			var b [16]byte
			rand.Read(b[:])
			if err := own.Put(keyStoreID, []byte(hex.EncodeToString(b[:]))); err != nil {
				return err
			}
		}
		p, err = readPosition(tx)
		return err
	})
	if err != nil {
		return Position{}, fmt.Errorf("boltkv: mark store %s: %w", d.db.Path(), err)
	}
	return p, nil
}

// NoteRemoval counts a removal about to be committed; call it, and let it
// commit, before the removal's own transaction.
func (d *DB) NoteRemoval() error {
	err := d.db.Update(func(tx *bolt.Tx) error {
		own, err := tx.CreateBucketIfNotExists(ownBucket)
		if err != nil {
			return err
		}
		n, err := metaInt(own, keyRemovals)
		if err != nil {
			return err
		}
		return own.Put(keyRemovals, binary.LittleEndian.AppendUint64(nil, n+1))
	})
	if err != nil {
		return fmt.Errorf("boltkv: note removal in %s: %w", d.db.Path(), err)
	}
	return nil
}

// EachAfter calls fn with every live quad whose ID is above horizon, in ID
// order, and returns the position it read up to: what was added since a
// position with that horizon. It reads only the log's tail in one
// sequential pass (nodes carry a value, quads the IDs of their four nodes
// and a flag when deleted), and the older nodes those quads use one by
// one. It returns an error wrapping ErrNoLog when there is no log.
func (d *DB) EachAfter(horizon uint64, fn func(quad.Quad)) (Position, error) {
	var pos Position
	err := d.db.View(func(tx *bolt.Tx) error {
		b := tx.Bucket(logBucket)
		if b == nil {
			return ErrNoLog
		}
		var err error
		if pos, err = readPosition(tx); err != nil {
			return err
		}
		values := make(map[uint64]quad.Value)
		var links [][4]uint64
		var p cproto.Primitive
		c := b.Cursor()
		var start [8]byte
		binary.BigEndian.PutUint64(start[:], horizon+1)
		// the pages read so far are released every 32 MiB, so that reading
		// a large file does not hold all of it in the resident set at once
		read := 0
		for k, v := c.Seek(start[:]); k != nil; k, v = c.Next() {
			if read += len(k) + len(v); read >= 32<<20 {
				d.releaseMapped(tx.Size())
				read = 0
			}
			p.Reset()
			if err := proto.Unmarshal(v, &p); err != nil {
				return fmt.Errorf("read primitive: %w", err)
			}
			switch {
			case p.IsNode():
				if values[p.ID], err = pquads.UnmarshalValue(p.Value); err != nil {
					return fmt.Errorf("read node %d: %w", p.ID, err)
				}
			case !p.Deleted:
				links = append(links, [4]uint64{p.Subject, p.Predicate, p.Object, p.Label})
			}
		}
		node := func(id uint64) (quad.Value, error) {
			if v, ok := values[id]; ok {
				return v, nil
			}
			var key [8]byte
			binary.BigEndian.PutUint64(key[:], id)
			raw := b.Get(key[:])
			p.Reset()
			if raw == nil || proto.Unmarshal(raw, &p) != nil || !p.IsNode() {
				return nil, fmt.Errorf("quad refers to a missing node %d", id)
			}
			v, err := pquads.UnmarshalValue(p.Value)
			if err != nil {
				return nil, fmt.Errorf("read node %d: %w", id, err)
			}
			values[id] = v
			return v, nil
		}
		for _, l := range links {
			var vals [4]quad.Value
			for i, id := range l {
				if id == 0 && i == 3 {
					break
				}
				if vals[i], err = node(id); err != nil {
					return err
				}
			}
			fn(quad.Quad{Subject: vals[0], Predicate: vals[1], Object: vals[2], Label: vals[3]})
		}
		return nil
	})
	if err != nil {
		return Position{}, fmt.Errorf("boltkv: scan %s after %d: %w", d.db.Path(), horizon, err)
	}
	return pos, nil
}
