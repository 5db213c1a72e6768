package graph

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"time"

	cgraph "github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/cayley/graph/kv"
	_ "github.com/cayleygraph/cayley/graph/memstore" // the "memory" backend
	hbolt "github.com/hidal-go/hidalgo/kv/bbolt"
	"github.com/newsgraph/newsgraph/graph/internal/boltkv"
	bbolt "go.etcd.io/bbolt"

	"github.com/newsgraph/newsgraph/graph/internal/index"
)

// Backends that Open accepts.
const (
	BackendBolt     = "bolt"
	BackendMemory   = "memory"
	BackendPostgres = "postgres"
	// BackendCockroach is cayley's CockroachDB backend (the PostgreSQL wire
	// protocol, distributed): for deployments beyond one machine.
	BackendCockroach = "cockroach"
)

// Config says which store to open.
type Config struct {
	// Backend is BackendBolt (default), BackendMemory or BackendPostgres.
	Backend string
	// Path is the bolt file, or the PostgreSQL connection URL.
	Path string
	// ReadOnly refuses every write.
	ReadOnly bool
	// NoSync skips fsync on bolt commits: faster bulk loads, but a power loss
	// may lose the last commits (a process crash loses nothing).
	NoSync bool
	// LockTimeout is how long to wait for another process to release a bolt
	// file; zero means fail at once (after a short grace period).
	LockTimeout time.Duration
	// PollInterval is how often a store on a shared PostgreSQL database
	// reads the change log for other servers' writes when no notification
	// woke it (default DefaultPollInterval).
	PollInterval time.Duration
	// ChangeLogQuads is about how many quads of changes a shared database's
	// change log keeps for servers that fall behind (default
	// DefaultChangeLogQuads); a server further behind rebuilds its index.
	ChangeLogQuads int
	// NoListen makes a store on a shared database poll the change log only,
	// without LISTEN, as it must where LISTEN/NOTIFY is missing (CockroachDB,
	// a pooler in transaction mode).
	NoListen bool
	// Logger receives background problems (default: discarded).
	Logger *slog.Logger
	// NoSnapshot makes a bolt store neither read nor write its index
	// snapshot (the file beside the store that opening maps instead of
	// rebuilding the index from cayley): every open rebuilds.
	NoSnapshot bool
	// SnapshotEvery is how often a bolt store looks whether its index
	// snapshot is behind the store, and saves it if so (default
	// DefaultSnapshotEvery; a save is also never started sooner than ten
	// times the last one took). Close saves it too.
	SnapshotEvery time.Duration
}

// Store is the newsgraph graph: cayley as the system of record plus an
// in-memory index for traversals. It is safe for concurrent use.
type Store struct {
	qs cgraph.QuadStore
	// closeOnce and closeErr make Close idempotent
	closeOnce sync.Once
	closeErr  error
	bolt      *hbolt.DB // nil unless the backend is bolt
	// direct writes additions to and scans the bolt file in cayley's
	// layout; nil unless the backend is bolt
	direct   *boltkv.DB
	backend  string
	readOnly bool

	// wmu makes writers go one at a time. mu guards the index: a write holds
	// it exclusively while it applies a committed change to the index (and,
	// when the change removes quads, while it commits; see applyLocked), so
	// that no reader sees half a change; readers hold it shared.
	wmu sync.Mutex
	// storyMu makes story and feed records' read-modify-writes go one at
	// a time (each is then one replace under wmu).
	storyMu sync.Mutex
	// ratings caches Reliabilities as of the store's write count
	// ratingsAt, stories the stories read for support as of storiesAt;
	// ratingsMu guards both.
	ratingsMu sync.Mutex
	ratings   map[string]Reliability
	ratingsAt uint64
	stories   map[string]Story
	storiesAt uint64
	mu        sync.RWMutex
	idx       *index.Index
	epoch     uint64 // how many times the index was built
	// claims caches claim reads; applyAll evicts what changes
	claims *claimCache
	// disputes caches the disputes as of one write count (disputes.go)
	disputes disputeCache
	// arrived keeps when sources were written until the arrival ledger
	// records it (arrivals.go)
	arrived arrivalClock

	writes atomic.Uint64

	pg *changeFeed // the change feed shared with other servers; nil unless postgres

	snap      snapState     // the index snapshot of a bolt store
	saverStop chan struct{} // closed by Close to stop the snapshot saver
	saverDone chan struct{}
}

// Open opens (creating if needed) the store that cfg names and builds its
// index.
func Open(ctx context.Context, cfg Config) (*Store, error) {
	return open(ctx, cfg, nil)
}

// open is Open; a bolt store whose index was just built from what its file
// holds (a Loader's) takes prebuilt as its index instead of reading the
// snapshot or the file.
func open(ctx context.Context, cfg Config, prebuilt *index.Index) (*Store, error) {
	s := &Store{backend: cfg.Backend, readOnly: cfg.ReadOnly, claims: newClaimCache()}
	if s.backend == "" {
		s.backend = BackendBolt
	}
	var (
		err error
		pre *snapshotRead // a bolt store's snapshot, read while the file opens
	)
	switch s.backend {
	case BackendMemory:
		s.qs, err = cgraph.NewQuadStore("memstore", "", nil)
	case BackendBolt:
		if !cfg.NoSnapshot && cfg.Path != "" && prebuilt == nil {
			pre = startSnapshotRead(SnapshotPath(cfg.Path))
		}
		err = s.openBolt(cfg)
	case BackendPostgres, BackendCockroach:
		s.qs, err = openSQL(s.backend, cfg.Path)
		if err == nil {
			if s.pg, err = openChangeFeed(ctx, cfg.Path, cfg); err != nil {
				s.qs.Close()
			}
		}
	default:
		return nil, Errorf(EINVALID, "unknown backend %q (want bolt, memory, postgres or cockroach)", cfg.Backend)
	}
	if err != nil {
		if pre != nil {
			pre.discard()
		}
		return nil, err
	}
	s.snap.log = cfg.Logger
	if s.snap.log == nil {
		s.snap.log = slog.New(slog.DiscardHandler)
	}
	s.snap.off = cfg.NoSnapshot || s.direct == nil
	if s.snap.off && pre != nil {
		pre.discard()
	}
	if s.pg != nil {
		// position and index read together (changefeed_scan.go)
		if err := s.pg.openIndex(ctx, s); err != nil {
			s.Close()
			return nil, fmt.Errorf("graph: build index: %w", err)
		}
	} else if prebuilt != nil {
		s.setIndex(prebuilt)
	} else if s.snap.off || !s.openSnapshot(ctx, pre) {
		start := time.Now()
		if err := s.buildIndex(ctx); err != nil {
			s.Close()
			return nil, fmt.Errorf("graph: build index: %w", err)
		}
		c := s.idx.Counts()
		s.snap.log.Info("newsgraph: index built from the store", "entities", c.Entities, "quads", c.Quads,
			"took", time.Since(start).Round(time.Millisecond))
	}
	if s.direct != nil {
		s.direct.ReleasePages()
	}
	if !s.snap.off {
		s.startSaver(cfg.SnapshotEvery)
	}
	if s.pg != nil {
		s.pg.start(s)
	}
	return s, nil
}

// openBolt opens the one-file bolt store at cfg.Path.
func (s *Store) openBolt(cfg Config) error {
	if cfg.Path == "" {
		return Errorf(EINVALID, "bolt backend needs a file path")
	}
	if dir := filepath.Dir(cfg.Path); dir != "" {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return fmt.Errorf("graph: create %s: %w", dir, err)
		}
	}
	if st, err := os.Stat(cfg.Path); err == nil && st.IsDir() {
		return Errorf(EINVALID, "%s is a directory, not a newsgraph bolt file", cfg.Path)
	}
	timeout := cfg.LockTimeout
	if timeout <= 0 {
		timeout = 200 * time.Millisecond
	}
	// The freelist is not written at each commit (bbolt rebuilds it when the
	// file opens), and the map freelist finds free pages in O(1): both cut
	// the cost of a commit on a large file. The first mapping reserves 16 GiB
	// of address space (not memory, and the file does not grow with it), so a
	// growing store is not remapped: a remap blocks readers and, in the middle
	// of a commit, copies every page the commit changed out of the old
	// mapping (bbolt remaps at every GiB past the first).
	db, err := hbolt.Open(cfg.Path, &bbolt.Options{Timeout: timeout, NoFreelistSync: true, FreelistType: bbolt.FreelistMapType, InitialMmapSize: min(1<<34, math.MaxInt)})
	if errors.Is(err, bbolt.ErrTimeout) {
		return &Error{Code: ELOCKED, Message: fmt.Sprintf("store %s is locked by another newsgraph process", cfg.Path), Err: err}
	}
	if err != nil {
		return fmt.Errorf("graph: open bolt %s: %w", cfg.Path, err)
	}
	db.DB().NoSync = cfg.NoSync
	opts := cgraph.Options{kv.OptNoBloom: true}
	if err := kv.Init(db, opts); err != nil && !errors.Is(err, cgraph.ErrDatabaseExists) {
		db.Close()
		return fmt.Errorf("graph: init bolt %s: %w", cfg.Path, err)
	}
	// the layout is checked before cayley opens the file, which would
	// refuse another version too, but less clearly
	direct, err := boltkv.Open(db.DB())
	if err != nil {
		db.Close()
		return layoutError(cfg.Path, err)
	}
	qs, err := kv.New(db, opts)
	if err != nil {
		db.Close()
		return fmt.Errorf("graph: open bolt %s: %w", cfg.Path, err)
	}
	s.qs, s.bolt, s.direct = qs, db, direct
	return nil
}

// layoutError is the error of a bolt file whose cayley layout the direct
// writer does not know (boltkv.ErrUnknownFormat): EINVALID, since the file
// is not one this newsgraph can write. The store then does not open, rather
// than fall back to cayley's slower writer: cayley refuses every data
// version but its own anyway, so the refusal only differs from cayley's
// when cayley is upgraded to a new layout, and that must fail the tests, not
// silently make every write several times slower.
func layoutError(path string, err error) error {
	if !errors.Is(err, boltkv.ErrUnknownFormat) {
		return fmt.Errorf("graph: open bolt %s: %w", path, err)
	}
	return &Error{Code: EINVALID, Err: err, Message: fmt.Sprintf(
		"store %s is in a storage format this newsgraph does not know (it writes cayley kv data version %d); open it with the newsgraph that wrote it",
		path, boltkv.Version)}
}

// Backend returns the name of the backend in use.
func (s *Store) Backend() string { return s.backend }

// ReadOnly reports whether the store refuses writes.
func (s *Store) ReadOnly() bool { return s.readOnly }

// Close releases the store. Calling it again does nothing and returns the
// first call's error, so a deferred Close may follow a checked one.
func (s *Store) Close() error {
	s.closeOnce.Do(func() {
		if s.pg != nil {
			s.pg.close()
		}
		if s.saverStop != nil {
			close(s.saverStop)
			<-s.saverDone
			if err := s.SaveSnapshot(context.Background()); err != nil {
				s.snap.log.Warn("newsgraph: saving the index snapshot", "err", err)
			}
		}
		s.syncFreelist()
		if err := s.qs.Close(); err != nil {
			s.closeErr = fmt.Errorf("graph: close: %w", err)
		}
	})
	return s.closeErr
}

// Ping checks that the backend answers; a context already done is
// reported without asking it.
func (s *Store) Ping(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("graph: ping: %w", err)
	}
	if _, err := s.qs.ValueOf(pType); err != nil {
		return fmt.Errorf("graph: ping: %w", err)
	}
	return nil
}

// syncFreelist writes bolt's freelist in a last, empty commit. Commits skip
// it (NoFreelistSync: its size grows with the file's free pages, and
// writing it every commit slowed loads), so a file closed without it makes
// the next open walk every page of the file to rebuild it: 0.7 s for a
// 400 MB file, seconds for the 1M-entity graph. After a crash the next open
// still rebuilds it, which is safe.
func (s *Store) syncFreelist() {
	if s.bolt == nil {
		return
	}
	db := s.bolt.DB()
	db.NoFreelistSync = false
	if err := db.Update(func(*bbolt.Tx) error { return nil }); err != nil && s.snap.log != nil {
		s.snap.log.Warn("newsgraph: writing the bolt freelist at close", "err", err)
	}
}
