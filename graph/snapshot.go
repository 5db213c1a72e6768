package graph

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"time"

	"github.com/cayleygraph/quad"

	"github.com/newsgraph/newsgraph/graph/internal/boltkv"
	"github.com/newsgraph/newsgraph/graph/internal/index"
)

// A bolt store keeps its index in a snapshot file beside it (SnapshotPath),
// so that opening a large store maps the file and reads the index back
// instead of rebuilding it from every quad in cayley's log.
//
// The snapshot records the store position it reflects (boltkv.Position:
// the file's store ID, cayley's last given ID and the count of removals).
// Opening checks the file's frame and checksum, that it belongs to this
// store, that no removal happened since and that it is not ahead of the
// store; then it decodes the index and applies the quads added since (the
// log's tail). A missing, unreadable, corrupt, foreign, stale or
// other-version snapshot is logged with its reason and the index is rebuilt
// from cayley; the snapshot is then written again when the store closes.
//
// A snapshot is written to a temporary file, synced, and renamed over the
// old one, then the directory is synced: a crash at any point leaves the
// old snapshot or the new one, never a mix (TestSnapshotCrash). Writing
// holds the store's writers back (wmu) and reads the index under the shared
// lock, so the index and the position it records agree; readers go on.

// SnapshotPath is the index snapshot of the bolt store at path.
func SnapshotPath(path string) string { return path + ".index" }

// snapState is what the store knows of its snapshot.
type snapState struct {
	off   bool            // Config.NoSnapshot, or not a bolt store
	saved boltkv.Position // the position of the snapshot on disk (zero: none usable)
	log   *slog.Logger
}

// openSnapshot makes the index from the store's snapshot, read by pre
// while the bolt file opened, and the quads added since. It reports false,
// having logged why, when the index must be rebuilt instead.
func (s *Store) openSnapshot(ctx context.Context, pre *snapshotRead) bool {
	path := SnapshotPath(s.direct.Path())
	os.Remove(path + ".tmp") // a save a crash interrupted
	if pre == nil {
		pre = startSnapshotRead(path)
	}
	idx, replayed, now, data, err := s.finishSnapshot(pre)
	if err != nil {
		level := slog.LevelWarn
		if errors.Is(err, os.ErrNotExist) {
			level = slog.LevelInfo
		}
		s.snap.log.Log(ctx, level, "newsgraph: rebuilding the index from the store", "snapshot", path, "reason", err.Error())
		return false
	}
	if replayed == 0 {
		s.snap.saved = now
	}
	releaseMapped(data)
	c := idx.Counts()
	s.snap.log.Info("newsgraph: index snapshot opened", "snapshot", path, "entities", c.Entities,
		"quads", c.Quads, "replayed", replayed, "took", time.Since(pre.start).Round(time.Millisecond))
	s.swapIndex(idx)
	return true
}

// snapshotRead is a snapshot being mapped, checked and decoded in the
// background. Opening a store starts it before the bolt file opens: the
// two are independent until the snapshot's position is compared with the
// store's (finishSnapshot), which happens only once the file is locked,
// so a snapshot another process rewrote meanwhile is judged like any
// other.
type snapshotRead struct {
	start time.Time
	done  chan struct{}
	idx   *index.Index
	meta  []byte
	data  []byte // the mapping, which the index's strings point into
	err   error
}

// startSnapshotRead starts reading the snapshot at path.
func startSnapshotRead(path string) *snapshotRead {
	r := &snapshotRead{start: time.Now(), done: make(chan struct{})}
	go func() {
		defer close(r.done)
		defer pauseGC()()
		if r.data, r.err = mapFile(path); r.err != nil {
			return
		}
		if r.idx, r.meta, r.err = index.ReadSnapshot(r.data); r.err != nil {
			unmapFile(r.data)
			r.data = nil
		}
	}()
	return r
}

// discard waits for a read that will not be used and releases it.
func (r *snapshotRead) discard() {
	<-r.done
	if r.data != nil {
		unmapFile(r.data)
	}
}

// readSnapshot reads the snapshot at path and brings it up to the store's
// position, now (see finishSnapshot).
func (s *Store) readSnapshot(path string) (idx *index.Index, replayed int, now boltkv.Position, data []byte, err error) {
	return s.finishSnapshot(startSnapshotRead(path))
}

// finishSnapshot waits for a snapshot's read, checks that it can describe
// the store and applies the quads added since, reaching the store's
// position, now. It returns the mapping of the file, which the index's
// strings point into: a store never releases it, since values taken from
// the index may outlive the store. The caller holds wmu or is opening.
func (s *Store) finishSnapshot(r *snapshotRead) (idx *index.Index, replayed int, now boltkv.Position, data []byte, err error) {
	<-r.done
	if r.err != nil {
		return nil, 0, now, nil, r.err
	}
	defer func() {
		if err != nil {
			unmapFile(r.data)
			data = nil
		}
	}()
	var meta boltkv.Position
	if err := json.Unmarshal(r.meta, &meta); err != nil {
		return nil, 0, now, nil, fmt.Errorf("%w: metadata: %v", index.ErrSnapshot, err)
	}
	pos, err := s.direct.Position()
	if err != nil {
		return nil, 0, now, nil, err
	}
	if err := usable(meta, pos); err != nil {
		return nil, 0, now, nil, err
	}
	defer pauseGC()()
	now, err = s.direct.EachAfter(meta.Horizon, func(q quad.Quad) {
		r.idx.Apply(factOf(q), +1)
		replayed++
	})
	if err != nil {
		return nil, 0, now, nil, err
	}
	if now.Removals != meta.Removals {
		return nil, 0, now, nil, fmt.Errorf("quads were removed while the snapshot was read")
	}
	return r.idx, replayed, now, r.data, nil
}

// usable says why a snapshot at position snap cannot describe a store at
// position store, or nil when it can (after replaying the tail).
func usable(snap, store boltkv.Position) error {
	switch {
	case snap.Store == "" || snap.Store != store.Store:
		return fmt.Errorf("the snapshot belongs to another store (store id %q, this store's is %q)", snap.Store, store.Store)
	case snap.Removals != store.Removals:
		return fmt.Errorf("stale: quads were removed from the store after the snapshot (removals %d, now %d)", snap.Removals, store.Removals)
	case snap.Horizon > store.Horizon:
		return fmt.Errorf("the snapshot is ahead of the store (log position %d, the store's is %d): was the store restored from an older copy?", snap.Horizon, store.Horizon)
	}
	return nil
}

// SaveSnapshot writes the index snapshot of a bolt store now, unless the
// one on disk already reflects the store. It does nothing for other
// backends or with Config.NoSnapshot. A read-only store writes one only
// if the store file already has its ID (marking it would write to it).
func (s *Store) SaveSnapshot(ctx context.Context) error {
	if s.snap.off || s.direct == nil {
		return nil
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	s.wmu.Lock()
	defer s.wmu.Unlock()
	pos, err := s.direct.Position()
	if err != nil {
		return err
	}
	if pos == s.snap.saved && pos.Store != "" {
		return nil
	}
	if pos.Store == "" {
		if s.readOnly {
			return nil
		}
		if pos, err = s.direct.MarkStore(); err != nil {
			return err
		}
	}
	meta, _ := json.Marshal(pos)
	start := time.Now()
	s.mu.RLock()
	err = writeFileAtomic(SnapshotPath(s.direct.Path()), func(w io.Writer) error {
		return s.idx.WriteSnapshot(w, meta) // which buffers its writes
	})
	s.mu.RUnlock()
	if err != nil {
		return fmt.Errorf("graph: save index snapshot: %w", err)
	}
	s.snap.saved = pos
	s.snap.log.Info("newsgraph: index snapshot saved", "snapshot", SnapshotPath(s.direct.Path()),
		"took", time.Since(start).Round(time.Millisecond))
	return nil
}

// writeFileAtomic writes path through a temporary file beside it, synced
// and renamed over path, then syncs the directory. write gets the file
// itself: it buffers what it writes.
func writeFileAtomic(path string, write func(io.Writer) error) error {
	tmp := path + ".tmp"
	f, err := os.OpenFile(tmp, os.O_CREATE|os.O_TRUNC|os.O_WRONLY, 0o644)
	if err != nil {
		return err
	}
	err = write(f)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		os.Remove(tmp)
		return err
	}
	syncDir(filepath.Dir(path))
	return nil
}

// CheckSnapshot compares the index a bolt store's snapshot gives (read back
// and brought up to the store's position, as opening does) with the index
// rebuilt from cayley. It returns nil when there is no usable snapshot
// (opening would rebuild), with the reason in note.
func (s *Store) CheckSnapshot(ctx context.Context) (probs []Problem, note string, err error) {
	if s.direct == nil {
		return nil, "not a bolt store", nil
	}
	s.wmu.Lock()
	defer s.wmu.Unlock()
	idx, replayed, _, data, err := s.readSnapshot(SnapshotPath(s.direct.Path()))
	if err != nil {
		return nil, "no usable snapshot: " + err.Error(), nil
	}
	defer unmapFile(data) // nothing of idx outlives this call
	fresh, err := s.rebuiltIndex(ctx)
	if err != nil {
		return nil, "", fmt.Errorf("graph: check snapshot: %w", err)
	}
	note = fmt.Sprintf("snapshot read back with %d quads replayed", replayed)
	if idx.Digest() != fresh.Digest() {
		probs = append(probs, Problem{Kind: "snapshot", ID: SnapshotPath(s.direct.Path()),
			Msg: "the index read from the snapshot differs from the index rebuilt from the store"})
	}
	return probs, note, nil
}

// DefaultSnapshotEvery is how often a bolt store checks that its index
// snapshot is current.
const DefaultSnapshotEvery = 30 * time.Second

// snapshotMaxAge bounds how long a busy store goes without saving its
// snapshot (what a crash then costs the next open is a replay of the quads
// added since, or a rebuild after a removal).
const snapshotMaxAge = 10 * time.Minute

// startSaver saves the snapshot in the background when the store has moved
// past it: once writes pause for a whole interval, or when the last save is
// snapshotMaxAge old. A bulk load is not held up every interval by saves
// it would soon make stale (writers wait while a snapshot is written: a
// second or more for a large index); Close saves at the end anyway. The
// interval is never less than ten times the last save took.
func (s *Store) startSaver(every time.Duration) {
	if every <= 0 {
		every = DefaultSnapshotEvery
	}
	s.saverStop, s.saverDone = make(chan struct{}), make(chan struct{})
	go func() {
		defer close(s.saverDone)
		wait, last, writes := every, time.Now(), s.Writes()
		for {
			select {
			case <-s.saverStop:
				return
			case <-time.After(wait):
			}
			now := s.Writes()
			busy := now != writes
			writes = now
			if busy && time.Since(last) < snapshotMaxAge {
				continue
			}
			start := time.Now()
			if err := s.SaveSnapshot(context.Background()); err != nil {
				s.snap.log.Warn("newsgraph: saving the index snapshot", "err", err)
			}
			last = time.Now()
			wait = max(every, 10*last.Sub(start))
		}
	}()
}
