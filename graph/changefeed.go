package graph

import (
	"bytes"
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"time"

	"github.com/cayleygraph/quad"
	"github.com/cayleygraph/quad/pquads"
	_ "github.com/lib/pq" // database/sql driver "postgres"
)

// Several newsgraph servers may share one PostgreSQL database. Each keeps
// its own in-memory index, and learns about the others' writes from an
// ordered change feed: a log table of the changes every server committed,
// numbered by a sequence, that each server applies to its index in order
// with the code path of its own writes.
//
// Tables (created if missing):
//
//	newsgraph_feed    (id = 1, seq): the last sequence number given out;
//	                  its one row is also the writers' lock
//	newsgraph_changes (seq, writer, state, quads, added, removed, created,
//	                  committed): one row per commit, its additions and
//	                  removals in cayley's binary quad encoding (pquads),
//	                  when its intent was written and when it was marked
//	                  done (just before its transaction commits)
//
// A write (changeFeed.write) goes:
//
//  1. lock: a transaction T takes the feed row FOR UPDATE. Writers of all
//     servers therefore go one at a time, and seq = last + 1 is given out
//     in the order the changes reach cayley, so sequence numbers become
//     visible in order: a reader never sees seq n+1 while n may still
//     appear;
//  2. catch up: the writer applies every change up to last it has not
//     applied yet. When it applied any, the change it is about to write was
//     computed on a stale view (another server wrote the same document
//     meanwhile), so it is checked against the database, which cannot change
//     while T holds the lock: additions already stored and removals already
//     gone are dropped. The change logged is then exactly what cayley did,
//     and the index, which counts facts, never counts one twice;
//  3. intent: the row is inserted as "pending", committed at once on
//     another connection, before cayley is touched;
//  4. cayley commit, then the writer's own index (applyLocked's path);
//  5. T marks the row "done" (with what actually landed if a cayley
//     commit failed half-way), sets last = seq, sends pg_notify on the
//     channel newsgraph_changes, trims the log, and commits, which releases
//     the lock.
//
// A crash between 3 and 5 (process killed, connection lost) leaves a
// pending row above last, and cayley holding all, part or none of the
// change. Readers stop at a pending row. Whoever next takes the lock (a
// writer, or a reader that finds the lock free with SKIP LOCKED) marks such
// rows "lost" and moves last past them, and every server that reaches a
// lost row rebuilds its index from the database, which holds whatever
// landed: no change is ever silently missed.
//
// Readers wake on LISTEN newsgraph_changes and also poll every
// PollInterval (the only path where LISTEN is missing, as on CockroachDB).
// They read the rows after their position in order, apply the done rows of
// other writers (their own are in their index already) and advance. A
// change is therefore visible on the other servers a few milliseconds after
// its commit with LISTEN, within PollInterval without, whatever the size of
// the graph: applying a change costs what the change holds.
//
// A server's position at open is read under the lock, and its index is
// scanned from a REPEATABLE READ snapshot begun before the lock is let go
// (openIndex, changefeed_scan.go): no writer is between its cayley commit
// and its log row at that moment, so the snapshot holds exactly the changes
// up to the position, and replaying the rows after it applies none twice
// and misses none. Writers on other servers wait only for the snapshot to
// begin, not for the scan.
//
// The log keeps about ChangeLogQuads quads (the newest row always stays).
// A server whose position fell below the oldest row kept (it was stopped or
// cut off while the others wrote more than that) cannot replay: it rebuilds
// its index from the database under the lock, and logs a warning saying so.
// The old per-server change counters (table newsgraph_writers) are no
// longer read or written.

// Defaults of the change feed.
const (
	// DefaultPollInterval is how often a store on a shared database reads
	// the change log without being woken by a notification.
	DefaultPollInterval = 500 * time.Millisecond
	// DefaultChangeLogQuads is about how many quads of changes the change log
	// keeps for servers that fall behind.
	DefaultChangeLogQuads = 2_000_000
)

// feedChannel is the LISTEN/NOTIFY channel of the change feed.
const feedChannel = "newsgraph_changes"

// States of a change-log row.
const (
	statePending = "pending"
	stateDone    = "done"
	stateLost    = "lost"
)

// trimEvery is how often (in sequence numbers) a writer trims the log; a
// large change trims it at once.
const (
	trimEvery      = 16
	trimLargeQuads = 10000
)

// changeFeed is a store's end of the change feed. pos is guarded by the
// store's wmu.
type changeFeed struct {
	db       *sql.DB
	url      string
	writer   string
	interval time.Duration
	keep     int64
	notify   bool // pg_notify exists (not on CockroachDB)
	listens  bool // the reader LISTENs (notify, and not Config.NoListen)
	pos      int64
	log      *slog.Logger
	stop     context.CancelFunc
	done     chan struct{}
}

// openChangeFeed connects to the change feed of the database at url,
// creating its tables if needed.
func openChangeFeed(ctx context.Context, url string, cfg Config) (*changeFeed, error) {
	db, err := sql.Open("postgres", url)
	if err != nil {
		return nil, fmt.Errorf("graph: open change feed: %w", err)
	}
	// a write holds one connection (the lock) and uses another (its intent)
	db.SetMaxOpenConns(4)
	f := &changeFeed{db: db, url: url, interval: cfg.PollInterval, keep: int64(cfg.ChangeLogQuads), log: cfg.Logger}
	if f.interval <= 0 {
		f.interval = DefaultPollInterval
	}
	if f.keep <= 0 {
		f.keep = DefaultChangeLogQuads
	}
	if f.log == nil {
		f.log = slog.New(slog.DiscardHandler)
	}
	var b [8]byte
	rand.Read(b[:])
	f.writer = hex.EncodeToString(b[:])
	if err := f.createTables(ctx); err != nil {
		db.Close()
		return nil, err
	}
	_, err = db.ExecContext(ctx, `SELECT pg_notify($1, '')`, feedChannel)
	f.notify = err == nil
	f.listens = f.notify && !cfg.NoListen
	return f, nil
}

// createTables creates the feed's tables; servers starting together may
// race on it, so a failure is retried once.
func (f *changeFeed) createTables(ctx context.Context) error {
	stmts := []string{
		`CREATE TABLE IF NOT EXISTS newsgraph_feed (id INT PRIMARY KEY, seq BIGINT NOT NULL)`,
		`INSERT INTO newsgraph_feed (id, seq) VALUES (1, 0) ON CONFLICT (id) DO NOTHING`,
		`CREATE TABLE IF NOT EXISTS newsgraph_changes (seq BIGINT PRIMARY KEY, writer TEXT NOT NULL,
			state TEXT NOT NULL, quads BIGINT NOT NULL, added BYTEA, removed BYTEA,
			created TIMESTAMPTZ NOT NULL DEFAULT now(), committed TIMESTAMPTZ)`,
	}
	var err error
	for try := 0; try < 2; try++ {
		err = nil
		for _, q := range stmts {
			if _, err = f.db.ExecContext(ctx, q); err != nil {
				break
			}
		}
		if err == nil {
			return nil
		}
		time.Sleep(50 * time.Millisecond)
	}
	return fmt.Errorf("graph: create change feed tables: %w", err)
}

func (f *changeFeed) close() {
	if f.stop != nil {
		f.stop()
		<-f.done
	}
	f.db.Close()
}

// lock begins the transaction that holds the writers' lock and returns
// the last sequence number. Rows above it are the intents of writers that
// died before finishing (the lock is free, so none is writing): they are
// marked lost and last moves past them. With skip, lock returns a nil
// transaction instead of waiting when another server holds the lock.
func (f *changeFeed) lock(ctx context.Context, skip bool) (*sql.Tx, int64, error) {
	// the transaction outlives a cancelled ctx: once cayley has the
	// change, the row must still be finished (only the waits use ctx)
	tx, err := f.db.BeginTx(context.WithoutCancel(ctx), nil)
	if err != nil {
		return nil, 0, fmt.Errorf("graph: change feed: lock: %w", err)
	}
	q := `SELECT seq FROM newsgraph_feed WHERE id = 1 FOR UPDATE`
	if skip {
		q += ` SKIP LOCKED`
	}
	var last int64
	if err := tx.QueryRowContext(ctx, q).Scan(&last); err != nil {
		tx.Rollback()
		if skip && errors.Is(err, sql.ErrNoRows) {
			return nil, 0, nil
		}
		return nil, 0, fmt.Errorf("graph: change feed: lock: %w", err)
	}
	var top sql.NullInt64
	if err := tx.QueryRowContext(ctx, `SELECT MAX(seq) FROM newsgraph_changes WHERE seq > $1`, last).Scan(&top); err != nil {
		tx.Rollback()
		return nil, 0, fmt.Errorf("graph: change feed: read intents: %w", err)
	}
	if top.Valid {
		f.log.Warn("newsgraph: a server died while writing to the shared database; every server rebuilds its index once",
			"changes", fmt.Sprintf("%d-%d", last+1, top.Int64))
		if _, err := tx.ExecContext(ctx, `UPDATE newsgraph_changes SET state = $1 WHERE seq > $2`, stateLost, last); err != nil {
			tx.Rollback()
			return nil, 0, fmt.Errorf("graph: change feed: mark lost changes: %w", err)
		}
		if err := f.setLast(ctx, tx, top.Int64); err != nil {
			tx.Rollback()
			return nil, 0, err
		}
		last = top.Int64
	}
	return tx, last, nil
}

func (f *changeFeed) setLast(ctx context.Context, tx *sql.Tx, seq int64) error {
	if _, err := tx.ExecContext(ctx, `UPDATE newsgraph_feed SET seq = $1 WHERE id = 1`, seq); err != nil {
		return fmt.Errorf("graph: change feed: advance: %w", err)
	}
	return nil
}

// write commits a change to cayley and the index through the change feed
// (see the top of this file). The caller holds s.wmu.
func (f *changeFeed) write(ctx context.Context, s *Store, add, del []quad.Quad) (int, error) {
	tx, last, err := f.lock(ctx, false)
	if err != nil {
		return 0, err
	}
	defer tx.Rollback()
	stale, err := s.syncLocked(ctx, tx, last)
	if err != nil {
		return 0, err
	}
	if stale {
		if add, del, err = s.exactChange(ctx, add, del); err != nil {
			return 0, err
		}
	}
	if len(add) == 0 && len(del) == 0 {
		return 0, f.commit(tx)
	}
	seq := last + 1
	addBlob, err := encodeQuads(add)
	if err != nil {
		return 0, err
	}
	delBlob, err := encodeQuads(del)
	if err != nil {
		return 0, err
	}
	if _, err := f.db.ExecContext(ctx, `INSERT INTO newsgraph_changes (seq, writer, state, quads, added, removed) VALUES ($1, $2, $3, $4, $5, $6)`,
		seq, f.writer, statePending, len(add)+len(del), addBlob, delBlob); err != nil {
		return 0, fmt.Errorf("graph: change feed: write intent %d: %w", seq, err)
	}
	addsLanded, cerr := s.commitLocked(add, del)
	// from here on the change is (partly) in cayley and the index: the
	// row must say what landed, or stay pending (and become lost), even if
	// the request is cancelled meanwhile
	wctx := context.WithoutCancel(ctx)
	switch {
	case cerr != nil && addsLanded:
		_, err = tx.ExecContext(wctx, `UPDATE newsgraph_changes SET quads = $1, removed = NULL WHERE seq = $2`, len(add), seq)
	case cerr != nil:
		_, err = tx.ExecContext(wctx, `UPDATE newsgraph_changes SET quads = 0, added = NULL, removed = NULL WHERE seq = $1`, seq)
	}
	if err == nil {
		err = f.finish(wctx, tx, seq, len(add)+len(del))
	}
	if err != nil {
		return len(add), errors.Join(cerr, fmt.Errorf("graph: change feed: log change %d: %w", seq, err))
	}
	f.pos = seq
	return len(add), cerr
}

// finish marks change seq done, advances the feed, notifies the readers,
// trims the log now and then, and commits, releasing the lock.
func (f *changeFeed) finish(ctx context.Context, tx *sql.Tx, seq int64, quads int) error {
	if _, err := tx.ExecContext(ctx, `UPDATE newsgraph_changes SET state = $1, committed = clock_timestamp() WHERE seq = $2`, stateDone, seq); err != nil {
		return err
	}
	if err := f.setLast(ctx, tx, seq); err != nil {
		return err
	}
	if f.notify {
		if _, err := tx.ExecContext(ctx, `SELECT pg_notify($1, $2)`, feedChannel, fmt.Sprint(seq)); err != nil {
			return err
		}
	}
	if seq%trimEvery == 0 || quads >= trimLargeQuads {
		if err := f.trim(ctx, tx); err != nil {
			return err
		}
	}
	return f.commit(tx)
}

// trim deletes the oldest rows while the rows after them hold more than
// f.keep quads; the newest row always stays.
func (f *changeFeed) trim(ctx context.Context, tx *sql.Tx) error {
	_, err := tx.ExecContext(ctx, `DELETE FROM newsgraph_changes WHERE seq < (SELECT MAX(seq) FROM newsgraph_changes)
		AND seq <= (SELECT COALESCE(MAX(seq), 0) FROM (SELECT seq, SUM(quads) OVER (ORDER BY seq DESC) AS kept FROM newsgraph_changes) t WHERE kept > $1)`, f.keep)
	if err != nil {
		return fmt.Errorf("graph: change feed: trim: %w", err)
	}
	return nil
}

func (f *changeFeed) commit(tx *sql.Tx) error {
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("graph: change feed: commit: %w", err)
	}
	return nil
}

// encodeQuads encodes quads in cayley's binary quad format (nil for none).
func encodeQuads(quads []quad.Quad) ([]byte, error) {
	if len(quads) == 0 {
		return nil, nil
	}
	var buf bytes.Buffer
	w := pquads.NewWriter(&buf, &pquads.Options{})
	if _, err := w.WriteQuads(quads); err != nil {
		return nil, fmt.Errorf("graph: change feed: encode: %w", err)
	}
	if err := w.Close(); err != nil {
		return nil, fmt.Errorf("graph: change feed: encode: %w", err)
	}
	return buf.Bytes(), nil
}

// decodeQuads reverses encodeQuads.
func decodeQuads(b []byte) ([]quad.Quad, error) {
	if len(b) == 0 {
		return nil, nil
	}
	r := pquads.NewReader(bytes.NewReader(b), len(b)+1)
	defer r.Close()
	var out []quad.Quad
	for {
		q, err := r.ReadQuad()
		if errors.Is(err, io.EOF) {
			return out, nil
		}
		if err != nil {
			return nil, fmt.Errorf("graph: change feed: decode: %w", err)
		}
		out = append(out, q)
	}
}
