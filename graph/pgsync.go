package graph

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"log/slog"
	"time"

	_ "github.com/lib/pq" // database/sql driver "postgres"
)

// Several newsgraph servers may share one PostgreSQL database. Each keeps
// its own in-memory index, so each must learn about the others' writes.
//
// The scheme is a change counter per writer, polled: after every commit a
// store bumps its own row in newsgraph_writers; every PollInterval each store
// sums the other writers' counters, and when the sum moved it rebuilds its
// index from the database (holding its own writers back meanwhile, never its
// readers, who keep the previous index until the new one is swapped in). A
// write by one server is therefore visible to another within PollInterval
// plus the time to rebuild its index. Counters only grow, so commits that
// finish in any order are all seen; the sum is read before the rebuild
// scans, so a write during a rebuild triggers the next one.

// DefaultPollInterval is how often a store on a shared database looks for
// other servers' writes.
const DefaultPollInterval = time.Second

type pgSync struct {
	db       *sql.DB
	writer   string
	interval time.Duration
	seen     int64 // others' counter sum the index reflects
	stop     context.CancelFunc
	done     chan struct{}
	log      *slog.Logger
}

func openPGSync(ctx context.Context, url string, interval time.Duration, log *slog.Logger) (*pgSync, error) {
	db, err := sql.Open("postgres", url)
	if err != nil {
		return nil, fmt.Errorf("graph: open change counters: %w", err)
	}
	db.SetMaxOpenConns(2)
	if _, err := db.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS newsgraph_writers (writer TEXT PRIMARY KEY, version BIGINT NOT NULL)`); err != nil {
		db.Close()
		return nil, fmt.Errorf("graph: create change counters: %w", err)
	}
	var b [8]byte
	rand.Read(b[:])
	if interval <= 0 {
		interval = DefaultPollInterval
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	p := &pgSync{db: db, writer: hex.EncodeToString(b[:]), interval: interval, log: log}
	if p.seen, err = p.others(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return p, nil
}

// others sums the change counters of the other writers.
func (p *pgSync) others(ctx context.Context) (int64, error) {
	var n int64
	err := p.db.QueryRowContext(ctx, `SELECT COALESCE(SUM(version), 0) FROM newsgraph_writers WHERE writer <> $1`, p.writer).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("graph: read change counters: %w", err)
	}
	return n, nil
}

// committed bumps this writer's counter after a commit.
func (p *pgSync) committed(ctx context.Context) error {
	_, err := p.db.ExecContext(ctx, `INSERT INTO newsgraph_writers (writer, version) VALUES ($1, 1)
		ON CONFLICT (writer) DO UPDATE SET version = newsgraph_writers.version + 1`, p.writer)
	if err != nil {
		return fmt.Errorf("graph: bump change counter: %w", err)
	}
	return nil
}

// start polls until Close.
func (p *pgSync) start(s *Store) {
	ctx, cancel := context.WithCancel(context.Background())
	p.stop, p.done = cancel, make(chan struct{})
	go func() {
		defer close(p.done)
		t := time.NewTicker(p.interval)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
				if err := s.catchUp(ctx); err != nil && ctx.Err() == nil {
					p.log.Warn("newsgraph: catching up with other servers", "err", err)
				}
			}
		}
	}()
}

func (p *pgSync) close() {
	if p.stop != nil {
		p.stop()
		<-p.done
	}
	p.db.Close()
}

// catchUp rebuilds the index if another server wrote since the last look.
func (s *Store) catchUp(ctx context.Context) error {
	p := s.pg
	n, err := p.others(ctx)
	if err != nil || n == p.seen {
		return err
	}
	s.wmu.Lock()
	defer s.wmu.Unlock()
	if err := s.buildIndex(ctx); err != nil {
		return err
	}
	p.seen = n
	s.changed()
	return nil
}

// CatchUp makes the index reflect writes other servers made to a shared
// database now, instead of at the next poll. It does nothing on a store of
// its own (bolt, memory).
func (s *Store) CatchUp(ctx context.Context) error {
	if s.pg == nil {
		return nil
	}
	return s.catchUp(ctx)
}
