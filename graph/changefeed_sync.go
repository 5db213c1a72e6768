package graph

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"sync"
	"time"

	"github.com/cayleygraph/quad"
	"github.com/lib/pq"
)

// This file is the readers' side of the change feed (changefeed.go): the
// background loop that LISTENs and polls, catching up, and rebuilding.

// readBatch is how many change-log rows one query reads.
const readBatch = 64

// listenWait bounds how long opening a store waits for its LISTEN to take
// effect.
const listenWait = 2 * time.Second

// change is one row of the change log.
type change struct {
	seq            int64
	writer, state  string
	added, removed []byte
}

// querier is a database or a transaction.
type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// readChanges returns up to readBatch rows after seq after and up to seq
// upto, in order, read through q.
func (f *changeFeed) readChanges(ctx context.Context, q querier, after, upto int64) ([]change, error) {
	rows, err := q.QueryContext(ctx, `SELECT seq, writer, state, added, removed FROM newsgraph_changes
		WHERE seq > $1 AND seq <= $2 ORDER BY seq LIMIT $3`, after, upto, readBatch)
	if err != nil {
		return nil, fmt.Errorf("graph: change feed: read after %d: %w", after, err)
	}
	defer rows.Close()
	var out []change
	for rows.Next() {
		var c change
		if err := rows.Scan(&c.seq, &c.writer, &c.state, &c.added, &c.removed); err != nil {
			return nil, fmt.Errorf("graph: change feed: read after %d: %w", after, err)
		}
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("graph: change feed: read after %d: %w", after, err)
	}
	return out, nil
}

// replay applies the done rows that follow the store's position without a
// gap, in order, stopping at the first pending row. It returns why the
// index must be rebuilt instead (a row gone from the log, or lost), and
// whether it stopped at a pending row. The caller holds s.wmu.
func (s *Store) replay(rows []change) (applied int, rebuild string, pending bool, err error) {
	f := s.pg
	for _, c := range rows {
		switch {
		case c.seq != f.pos+1:
			return applied, fmt.Sprintf("fell behind the change log: at change %d, the oldest kept is %d (the writers keep about graph.Config.ChangeLogQuads quads of changes)", f.pos, c.seq), false, nil
		case c.state == stateLost:
			return applied, fmt.Sprintf("change %d was lost: its server died while writing it", c.seq), false, nil
		case c.state == statePending:
			return applied, "", true, nil
		}
		if c.writer != f.writer {
			if err := s.applyChange(c); err != nil {
				return applied, "", false, err
			}
			applied++
		}
		f.pos = c.seq
	}
	return applied, "", false, nil
}

// applyChange applies another server's change to the index with the path
// of a local write: additions, then removals, under s.mu, so readers see
// all of it or none.
func (s *Store) applyChange(c change) error {
	add, err := decodeQuads(c.added)
	if err != nil {
		return fmt.Errorf("graph: change %d: %w", c.seq, err)
	}
	del, err := decodeQuads(c.removed)
	if err != nil {
		return fmt.Errorf("graph: change %d: %w", c.seq, err)
	}
	s.mu.Lock()
	s.applyAll(add, +1)
	s.applyAll(del, -1)
	s.mu.Unlock()
	s.changed()
	return nil
}

// syncLocked brings the index to the feed's last change, the caller
// holding s.wmu and the writers' lock in tx (so every row up to last is
// done or lost, and cayley does not change meanwhile). It reads through tx,
// which sees the rows lock marked lost. It reports whether the index
// changed.
func (s *Store) syncLocked(ctx context.Context, tx *sql.Tx, last int64) (bool, error) {
	f := s.pg
	changed := false
	for f.pos < last {
		rows, err := f.readChanges(ctx, tx, f.pos, last)
		if err != nil {
			return changed, err
		}
		if len(rows) == 0 {
			return true, s.rebuildLocked(ctx, last, fmt.Sprintf("fell behind the change log: at change %d, none kept up to %d", f.pos, last))
		}
		applied, reason, pending, err := s.replay(rows)
		changed = changed || applied > 0
		if err != nil {
			return changed, err
		}
		if reason != "" || pending {
			if pending {
				reason = "a change below the feed's last is still pending"
			}
			return true, s.rebuildLocked(ctx, last, reason)
		}
	}
	return changed, nil
}

// rebuildLocked rebuilds the index from the database at change last, the
// caller holding s.wmu and the writers' lock, and says why.
func (s *Store) rebuildLocked(ctx context.Context, last int64, reason string) error {
	f := s.pg
	start := time.Now()
	f.log.Warn("newsgraph: rebuilding the index from the shared database", "reason", reason, "position", f.pos, "last", last)
	snap, err := f.snapshot(ctx)
	if err != nil {
		return err
	}
	defer snap.Rollback()
	idx, err := scanIndex(ctx, snap)
	if err != nil {
		return fmt.Errorf("graph: change feed: rebuild: %w", err)
	}
	s.setIndex(idx)
	f.pos = last
	s.changed()
	f.log.Info("newsgraph: index rebuilt", "position", last, "took", time.Since(start).Round(time.Millisecond))
	return nil
}

// openIndex builds the index at open. It takes the writers' lock, which
// waits out a writer between its cayley commit and its log row, opens a
// snapshot, and lets the writers go before scanning: the snapshot then
// holds every change up to the position read under the lock and no part of
// a later one, so the changes replayed afterwards are exactly those the
// index lacks (none twice, none missed), and other servers' writers wait
// only for the snapshot to begin, not for the scan.
func (f *changeFeed) openIndex(ctx context.Context, s *Store) error {
	lock, last, err := f.lock(ctx, false)
	if err != nil {
		return err
	}
	defer lock.Rollback()
	snap, err := f.snapshot(ctx)
	if err != nil {
		return err
	}
	defer snap.Rollback()
	if err := f.commit(lock); err != nil {
		return err
	}
	idx, err := scanIndex(ctx, snap)
	if err != nil {
		return err
	}
	s.setIndex(idx)
	f.pos = last
	return nil
}

// catchUp applies the changes other servers committed since the last
// look, rebuilding when it cannot replay them.
func (s *Store) catchUp(ctx context.Context) error {
	s.wmu.Lock()
	defer s.wmu.Unlock()
	f := s.pg
	for {
		rows, err := f.readChanges(ctx, f.db, f.pos, math.MaxInt64)
		if err != nil {
			return err
		}
		_, reason, pending, err := s.replay(rows)
		if err != nil {
			return err
		}
		if reason == "" && !pending && len(rows) == readBatch {
			continue
		}
		if reason == "" && !pending {
			return nil
		}
		// a rebuild waits for the lock; a pending row is another
		// server's write in progress unless the lock is free (it died)
		tx, last, err := f.lock(ctx, reason == "")
		if err != nil || tx == nil {
			return err
		}
		defer tx.Rollback()
		if _, err := s.syncLocked(ctx, tx, last); err != nil {
			return err
		}
		return f.commit(tx)
	}
}

// exactChange drops from a change computed on a stale index what the
// database already agrees with: additions stored and removals gone. The
// caller holds the writers' lock, so the database cannot change meanwhile.
func (s *Store) exactChange(ctx context.Context, add, del []quad.Quad) ([]quad.Quad, []quad.Quad, error) {
	have, err := s.storedOf(ctx, append(append([]quad.Quad(nil), add...), del...))
	if err != nil {
		return nil, nil, err
	}
	keep := func(quads []quad.Quad, stored bool) []quad.Quad {
		var out []quad.Quad
		for _, q := range quads {
			if have[q.NQuad()] == stored {
				out = append(out, q)
			}
		}
		return out
	}
	return keep(add, false), keep(del, true), nil
}

// start runs the feed's reader until close: woken by notifications when
// the database sends them, and every poll interval in any case.
func (f *changeFeed) start(s *Store) {
	ctx, cancel := context.WithCancel(context.Background())
	f.stop, f.done = cancel, make(chan struct{})
	wake := make(chan struct{}, 1)
	var wg sync.WaitGroup
	if f.listens {
		ready := make(chan struct{})
		wg.Add(1)
		go func() {
			defer wg.Done()
			f.listen(ctx, wake, ready)
		}()
		// a notification sent before LISTEN took effect is lost: wait
		// for it a little (the catch-up that follows it covers the gap)
		select {
		case <-ready:
		case <-time.After(listenWait):
		}
	}
	go func() {
		defer close(f.done)
		defer wg.Wait()
		t := time.NewTicker(f.interval)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
			case <-wake:
			}
			if err := s.catchUp(ctx); err != nil && ctx.Err() == nil {
				f.log.Warn("newsgraph: catching up with other servers", "err", err)
			}
		}
	}()
}

// listen sends on wake once LISTEN took effect (changes committed before
// it were not notified), whenever a change is notified, and after a
// reconnection, which may have lost notifications, until ctx is done. It
// closes ready when LISTEN took effect or failed.
func (f *changeFeed) listen(ctx context.Context, wake chan<- struct{}, ready chan<- struct{}) {
	l := pq.NewListener(f.url, 10*time.Millisecond, time.Second, nil)
	stop := context.AfterFunc(ctx, func() { l.Close() })
	defer stop()
	err := l.Listen(feedChannel)
	close(ready)
	if err != nil {
		if ctx.Err() == nil {
			f.log.Info("newsgraph: no LISTEN on the shared database; polling the change log", "every", f.interval, "err", err)
			l.Close()
		}
		return
	}
	select {
	case wake <- struct{}{}:
	default:
	}
	for {
		select {
		case <-ctx.Done():
			return
		case _, ok := <-l.Notify:
			if !ok {
				return
			}
			select {
			case wake <- struct{}{}:
			default:
			}
		}
	}
}

// CatchUp makes the index reflect writes other servers made to a shared
// database now, instead of at the next notification or poll. It does
// nothing on a store of its own (bolt, memory).
func (s *Store) CatchUp(ctx context.Context) error {
	if s.pg == nil {
		return nil
	}
	return s.catchUp(ctx)
}
