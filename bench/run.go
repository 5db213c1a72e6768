package bench

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"slices"
	"strings"
	"time"

	"github.com/newsgraph/newsgraph/graph"
)

// Options configure a benchmark run. Zero values give the defaults.
type Options struct {
	// Scale is the number of entities of the synthetic graph; ignored with
	// NQuads.
	Scale Scale
	// Profile is the shape of the synthetic graph: ProfileNews (the
	// default) or ProfileDense.
	Profile string
	// NQuads, when set, is an N-Quads file (gzipped or not) to run the
	// workload on instead of a synthetic graph. It is loaded as `newsgraph
	// import` loads it; the adjacency lists take its direct relations
	// (entity —ontology predicate→ entity quads), as the store sees them.
	NQuads string
	Seed   uint64 // generator and query seed (default 1)
	// Dir holds the bolt files; empty means a temporary directory removed at
	// the end. The store file (bench-<scale>.db, bench-dense-<scale>.db or
	// bench-nquads.db) is kept when Dir is set.
	Dir string
	// Queries is the number of queries of each kind asked of the store and
	// the adjacency lists (default 500), GraphQLQueries over HTTP (default
	// 300), CayleyQueries of raw cayley (default 50, 20 from 1M entities up).
	Queries, GraphQLQueries, CayleyQueries int
	// CayleyBudget bounds the time spent on each kind of raw cayley query
	// (default 60s); fewer queries are timed when it runs out. CayleyTimeout
	// bounds one raw cayley query (default 10s): a query cut by either is
	// counted as a sample of the time it ran, a lower bound.
	CayleyBudget, CayleyTimeout time.Duration
	// Sync makes every load commit fsync. By default the peers load with
	// graph.Config.NoSync (a bulk load; a process crash loses nothing, a
	// power loss may lose the last commits).
	Sync bool
	// NoCayleyLoad skips loading raw cayley's own bolt file (its load rate
	// is then not measured; its queries still run on the store's file). It
	// halves the load phase at 1M entities. See DefaultNoCayleyLoad.
	NoCayleyLoad bool
	// MemoryLimit, when positive, is the Go runtime's soft memory limit from
	// reopening the store on (as `serve --memory-limit`), so that the
	// serving phase is measured as a server so configured runs.
	MemoryLimit int64
	// OpenProcess, when set, opens the store at path in a new process and
	// reports that open (MeasureOpen there): what a restarted server pays.
	// The bench's own process has just loaded the graph and rebuilt its
	// index, and memory it used and gave back is slower to fill again (at
	// 1M entities its opens take 1.2–1.5 s where a new process takes
	// 0.8–1.0). Without it, opens are measured in this process.
	OpenProcess func(ctx context.Context, path string) (OpenSample, error)
	// PprofDir, when set, receives a CPU profile of each phase (load,
	// open, store, graphql, cayley) and a heap profile after opening.
	PprofDir string
	// Log receives progress lines; nil discards them.
	Log io.Writer
}

// DefaultNoCayleyLoad is the default of Options.NoCayleyLoad for a scale:
// from 1M entities up raw cayley's own load is skipped (it takes longer than
// the store's and the whole run must stay under 30 minutes on two cores).
func DefaultNoCayleyLoad(s Scale) bool { return s.Entities >= 1_000_000 }

// ParseProfile checks a profile name; empty means ProfileNews.
func ParseProfile(s string) (string, error) {
	switch p := strings.ToLower(strings.TrimSpace(s)); p {
	case "", ProfileNews:
		return ProfileNews, nil
	case ProfileDense:
		return p, nil
	}
	return "", fmt.Errorf("bench: profile %q: want %s", s, strings.Join(Profiles, " or "))
}

// PeerResult is what one peer measured.
type PeerResult struct {
	LoadQPS           float64
	Load              time.Duration
	Hop1, Hop2, Paths Stat
	// Cut counts queries stopped by a time budget (raw cayley only); each
	// is a sample of the time it had run.
	Cut int
}

// Report is the outcome of a run.
type Report struct {
	Scale   Scale
	Profile string // ProfileNews, ProfileDense, or "nquads"
	NQuads  string // the N-Quads file, for the profile "nquads"
	Seed    uint64
	Sync    bool // the load fsynced every commit
	// Entities is the number of entities of the graph (the store's count
	// for an N-Quads file); Documents the number of documents, or of
	// structured sources for the dense profile.
	Entities  int
	Documents int
	Quads     int64
	Relations int
	Linked    int     // entities with at least one relation
	Hop2Mean  float64 // mean size of the 2-hop sets asked for
	MaxDegree int
	BoltMB    float64
	PathsHit  int // path queries with a path of at most 4 hops

	Store struct {
		PeerResult
		// Load and LoadQPS (in PeerResult) are the load of a new store in
		// one pass (graph.Loader). TxLoad and TxLoadQPS are the same graph
		// written into another new store in transactions, as an ingest
		// writes (WriteDocuments, or AddQuads for quads); LoadTenths is that
		// load's rate (quads/s) over each tenth of the quads, from
		// LoadCommits commits (a commit spanning tenths is shared among them
		// by its quads).
		TxLoad      time.Duration
		TxLoadQPS   float64
		LoadTenths  []float64
		LoadCommits int
		// Open is the time to open the store for serving, after it was
		// opened and closed once (FirstOpen) and rebuilt (Rebuild): an open
		// that maps the index snapshot when there is one. Rebuild is an open
		// with graph.Config.NoSnapshot, which builds the index from cayley;
		// RebuildCPU its CPU time.
		Open, FirstOpen, Rebuild time.Duration
		RebuildCPU               time.Duration
		// OpenRuns are the three opens with the snapshot (two opened and
		// closed, then the serving one) whose median is Open: one open
		// of a second on a shared machine is noise as much as signal.
		OpenRuns []time.Duration
		// OpenFresh says the OpenRuns ran in new processes
		// (Options.OpenProcess); OpenInProcess is then the serving open,
		// in this process.
		OpenFresh     bool
		OpenInProcess time.Duration
		// OpenCPU and LoadCPU are the process's CPU time in those phases
		// (all goroutines, GC included); far less than the wall time means
		// the machine was busy or the disk slow.
		OpenCPU, LoadCPU time.Duration
		// LoadWall is the whole load phase: generating the documents and
		// loading all three peers.
		LoadWall time.Duration
		// RSSMB is the peak RSS from reopening the store to the end of the
		// GraphQL queries (the serving phase); OpenRSSMB the RSS right after
		// opening; LoadPeakMB the process's peak while loading all peers.
		RSSMB, OpenRSSMB, LoadPeakMB float64
		// OpenAnonMB and OpenFileMB split the RSS after opening into
		// anonymous memory (Go heap and runtime) and file pages (the
		// mmapped bolt file the index build read).
		OpenAnonMB, OpenFileMB float64
		RSSReset               bool // false: RSSMB is the whole run's peak
		HeapMB                 float64
		Search                 Stat
		// Hop2API is Store.Neighborhood(depth 2, limit 200, fanout 50), what
		// GraphQL asks; Hop2Max is the same with the largest caps (2000, 1000).
		Hop2API, Hop2Max Stat
		Hop2MaxTruncated int
	}
	Cayley    PeerResult
	Adjacency PeerResult
	GraphQL   struct{ Hop2, Paths, Search Stat }

	// Checks lists what was compared and agreed; Mismatches what did not.
	Checks     []string
	Mismatches []string

	// Clock is the cost of timing one query (two clock reads), subtracted
	// from every sample.
	Clock time.Duration

	loaded int64 // quads loaded, repeats included: what load rates count
}

// ErrMismatch is returned (wrapped) when peers give different answers.
var ErrMismatch = errors.New("bench: peers disagree")

// query set, drawn once and asked of every peer
type querySet struct {
	starts []string    // hop1, hop2
	pairs  [][2]string // paths
	texts  []string    // search
}

// expected answers, from the adjacency lists
type answers struct {
	hop1     [][]string // sorted
	hop2N    []int
	hop2Hash []uint64
	dist     []int
	count    []int64
}

func (o *Options) defaults() {
	if o.Seed == 0 {
		o.Seed = 1
	}
	if o.Queries <= 0 {
		o.Queries = 500
	}
	if o.GraphQLQueries <= 0 {
		o.GraphQLQueries = 300
	}
	if o.CayleyQueries <= 0 {
		o.CayleyQueries = 50
		if o.Scale.Entities >= 1_000_000 {
			o.CayleyQueries = 20
		}
	}
	if o.CayleyBudget <= 0 {
		o.CayleyBudget = 60 * time.Second
	}
	if o.CayleyTimeout <= 0 {
		o.CayleyTimeout = 10 * time.Second
	}
	if o.Log == nil {
		o.Log = io.Discard
	}
}

// Run generates the graph (or reads the N-Quads file), loads it into every
// peer, asks the queries and checks the answers. The report is returned
// even when answers disagree; the error then wraps ErrMismatch.
func Run(ctx context.Context, opts Options) (*Report, error) {
	opts.defaults()
	profile, err := ParseProfile(opts.Profile)
	if err != nil {
		return nil, err
	}
	rep := &Report{Scale: opts.Scale, Profile: profile, Seed: opts.Seed, Sync: opts.Sync}
	base := "bench-" + opts.Scale.Name
	switch {
	case opts.NQuads != "":
		rep.Profile, rep.NQuads, rep.Scale = "nquads", opts.NQuads, Scale{Name: "nquads"}
		base = "bench-nquads"
	case opts.Scale.Entities == 0:
		return nil, fmt.Errorf("bench: no scale given")
	case profile == ProfileDense:
		base = "bench-dense-" + opts.Scale.Name
	}
	storePath, rawPath, cleanup, err := benchFiles(opts.Dir, base)
	if err != nil {
		return nil, err
	}
	defer cleanup()

	rep.Clock = clockCost()
	logf := func(format string, args ...any) { fmt.Fprintf(opts.Log, "bench: "+format+"\n", args...) }
	prof := &profiler{dir: opts.PprofDir}
	defer prof.stop()
	if opts.PprofDir != "" {
		if err := os.MkdirAll(opts.PprofDir, 0o755); err != nil {
			return nil, fmt.Errorf("bench: %w", err)
		}
	}
	phase := func(name string) {
		if err := prof.start(name); err != nil {
			logf("%v", err)
		}
	}

	// 1. load: the same graph into the store, raw cayley and adjacency
	phase("load")
	adj, name, txLoad, err := loadGraph(ctx, storePath, rawPath, opts, rep, logf)
	if err != nil {
		return nil, err
	}
	prof.stop()
	rep.Store.LoadPeakMB = procStatusMB("VmHWM")
	if st, err := os.Stat(storePath); err == nil {
		rep.BoltMB = float64(st.Size()) / (1 << 20)
	}
	if adj.Edges() == 0 {
		return nil, fmt.Errorf("bench: the graph has no direct relations (entity —predicate→ entity quads) to traverse")
	}

	// 2. the query set and the adjacency lists' answers
	qs := drawQueries(name, adj, opts)
	want := adjacencyPeer(adj, qs, rep, logf)
	rep.Linked, rep.Relations = adj.Nodes(), adj.Edges()
	adj, name = nil, nil

	// 3. reopen the store (with and without its index snapshot) and serve
	if opts.MemoryLimit > 0 {
		defer debug.SetMemoryLimit(debug.SetMemoryLimit(opts.MemoryLimit))
	}
	store, err := reopen(ctx, storePath, opts, rep, prof, logf)
	if err != nil {
		return nil, err
	}
	defer store.Close()
	if st, err := store.Stats(ctx); err == nil {
		rep.Quads = st.Quads
		if rep.Profile == "nquads" {
			rep.Entities = st.Entities
		} else if st.Entities != rep.Entities {
			rep.mismatch("store has %d entities, the generator made %d", st.Entities, rep.Entities)
		}
		if st.Relations != rep.Relations {
			rep.mismatch("store has %d relations, the adjacency lists %d", st.Relations, rep.Relations)
		}
	}
	phase("store")
	if err := storePeer(ctx, store, qs, want, rep, logf); err != nil {
		return nil, err
	}
	phase("graphql")
	if err := graphqlPeer(ctx, store, qs, opts, rep, logf); err != nil {
		return nil, err
	}
	prof.stop()
	rep.Store.RSSMB = procStatusMB("VmHWM")
	phase("cayley")

	// 4. raw cayley on the same bolt file
	c, err := storeCayley(store)
	if err != nil {
		return nil, err
	}
	if err := cayleyPeer(ctx, c, qs, want, opts, rep, logf); err != nil {
		return nil, err
	}
	prof.stop()

	// 5. the store's write path in transactions, into another new store:
	// last, so that its file and memory touch no other measurement
	phase("transactions")
	if err := store.Close(); err != nil {
		return nil, err
	}
	if opts.MemoryLimit > 0 {
		debug.SetMemoryLimit(math.MaxInt64) // the serving limit; restored on return
	}
	spent, curve, err := txLoad(ctx, storePath+".tx")
	if err != nil {
		return nil, err
	}
	rep.setTxLoad(spent, curve)
	logf("store in transactions: %.0f quads/s (%v)", rep.Store.TxLoadQPS, spent.Round(time.Millisecond))
	if len(rep.Mismatches) > 0 {
		return rep, fmt.Errorf("%w: %s", ErrMismatch, strings.Join(rep.Mismatches[:min(5, len(rep.Mismatches))], "; "))
	}
	return rep, nil
}

// benchFiles returns the paths of the store's and raw cayley's bolt files
// in dir (a temporary directory if empty), with old ones removed, and a
// function that removes what is not kept: raw cayley's file, and the
// temporary directory.
func benchFiles(dir, base string) (storePath, rawPath string, cleanup func(), err error) {
	tmp := ""
	if dir == "" {
		if tmp, err = os.MkdirTemp("", "newsgraph-bench-"); err != nil {
			return "", "", nil, fmt.Errorf("bench: %w", err)
		}
		dir = tmp
	} else if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", "", nil, fmt.Errorf("bench: %w", err)
	}
	storePath = filepath.Join(dir, base+".db")
	rawPath = filepath.Join(dir, base+"-cayley.db")
	cleanup = func() {
		os.Remove(rawPath)
		if tmp != "" {
			os.RemoveAll(tmp)
		}
	}
	for _, p := range []string{storePath, rawPath} {
		if err := os.Remove(p); err != nil && !errors.Is(err, os.ErrNotExist) {
			cleanup()
			return "", "", nil, fmt.Errorf("bench: remove old %s: %w", p, err)
		}
	}
	return storePath, rawPath, cleanup, nil
}

// loadGraph loads the graph of the options into the peers and returns the
// adjacency lists, a way to draw entity names (nil if the graph names
// none) and the pass that writes the same graph into a new store through
// the store's transactions (measured last).
func loadGraph(ctx context.Context, storePath, rawPath string, opts Options, rep *Report, logf func(string, ...any)) (*Adjacency, func(*rand.Rand) string, txPass, error) {
	quadsTx := func(src quadSource) txPass {
		return func(ctx context.Context, path string) (time.Duration, loadCurve, error) {
			return loadQuadsTx(ctx, src, path, opts)
		}
	}
	switch {
	case opts.NQuads != "":
		src := nquadsFile{opts.NQuads}
		adj, lq, err := loadQuadSource(ctx, src, storePath, rawPath, opts, rep, logf)
		if err != nil {
			return nil, nil, nil, err
		}
		if lq.sameAs > 0 {
			rep.check("the file has %d owl:sameAs quads: the store follows merges, the adjacency lists do not, so answers about merged entities may differ", lq.sameAs)
		}
		if lq.unlabelled > 0 {
			rep.check("the file has %d quads without a graph label: the store looks each up before adding it (slow for hubs)", lq.unlabelled)
		}
		if len(lq.names) == 0 {
			rep.check("the file gives no entity a lookup key (%s): no search queries", keyIRI)
			return adj, nil, quadsTx(src), nil
		}
		return adj, func(r *rand.Rand) string { return lq.names[r.IntN(len(lq.names))] }, quadsTx(src), nil
	case rep.Profile == ProfileDense:
		d := NewDense(opts.Scale.Entities, opts.Seed)
		rep.Entities, rep.Documents = d.Entities(), d.Sources()
		adj, _, err := loadQuadSource(ctx, d, storePath, rawPath, opts, rep, logf)
		return adj, func(r *rand.Rand) string { return d.Entity(r.IntN(d.Entities())).Name }, quadsTx(d), err
	}
	gen := NewGenerator(GenConfig{Entities: opts.Scale.Entities, Seed: opts.Seed})
	rep.Entities, rep.Documents = gen.Entities(), gen.Documents()
	adj, err := loadNews(ctx, gen, storePath, rawPath, opts, rep, logf)
	tx := func(ctx context.Context, path string) (time.Duration, loadCurve, error) {
		return loadNewsTx(ctx, gen, path, opts)
	}
	return adj, func(r *rand.Rand) string { return gen.Entity(r.IntN(gen.Entities())).Name }, tx, err
}

// txPass writes the graph into a new store at path through the store's
// transactions and returns the time spent in them and their curve; the
// store is removed after.
type txPass func(ctx context.Context, path string) (time.Duration, loadCurve, error)

// reopen opens the loaded store again and again: once as it was left,
// closed again (FirstOpen: whatever the first open after a load does, such
// as writing an index snapshot), once with graph.Config.NoSnapshot
// (Rebuild: the index built from cayley), closed again, with the snapshot
// three times in new processes when Options.OpenProcess is set (else twice
// here, closed again), and once more here for serving (measured with its
// memory). Open is the median of the three opens with the snapshot: those
// in new processes when there are, what a restarted server pays.
func reopen(ctx context.Context, storePath string, opts Options, rep *Report, prof *profiler, logf func(string, ...any)) (*graph.Store, error) {
	openOnce := func(noSnapshot bool) (OpenSample, error) {
		runtime.GC()
		debug.FreeOSMemory()
		return timedOpen(ctx, graph.Config{Backend: graph.BackendBolt, Path: storePath, NoSnapshot: noSnapshot})
	}
	var (
		err error
		o   OpenSample
	)
	if o, err = openOnce(false); err != nil {
		return nil, err
	}
	rep.Store.FirstOpen = o.Wall
	if o, err = openOnce(true); err != nil {
		return nil, err
	}
	rep.Store.Rebuild, rep.Store.RebuildCPU = o.Wall, o.CPU
	logf("opened the store after the load in %v; rebuilt its index (no snapshot) in %v, CPU %v",
		rep.Store.FirstOpen.Round(time.Millisecond), rep.Store.Rebuild.Round(time.Millisecond), rep.Store.RebuildCPU.Round(time.Millisecond))
	rep.Store.OpenRuns, rep.Store.OpenFresh = nil, opts.OpenProcess != nil
	if rep.Store.OpenFresh {
		for range 3 {
			o, err := opts.OpenProcess(ctx, storePath)
			if err != nil {
				return nil, fmt.Errorf("bench: open in a new process: %w", err)
			}
			rep.Store.OpenRuns = append(rep.Store.OpenRuns, o.Wall)
		}
	} else {
		for range 2 { // the serving open is the third
			o, err := openOnce(false)
			if err != nil {
				return nil, err
			}
			rep.Store.OpenRuns = append(rep.Store.OpenRuns, o.Wall)
		}
	}

	runtime.GC()
	debug.FreeOSMemory()
	rep.Store.RSSReset = resetPeakRSS()
	if err := prof.start("open"); err != nil {
		logf("%v", err)
	}
	t0, c0 := time.Now(), cpuTime()
	store, err := graph.Open(ctx, graph.Config{Backend: graph.BackendBolt, Path: storePath})
	if err != nil {
		return nil, fmt.Errorf("bench: reopen store: %w", err)
	}
	rep.Store.OpenCPU = cpuTime() - c0
	rep.Store.OpenInProcess = time.Since(t0)
	if !rep.Store.OpenFresh {
		rep.Store.OpenRuns = append(rep.Store.OpenRuns, rep.Store.OpenInProcess)
	}
	rep.Store.Open = slices.Sorted(slices.Values(rep.Store.OpenRuns))[len(rep.Store.OpenRuns)/2]
	prof.stop()
	if err := prof.heap("open"); err != nil {
		logf("%v", err)
	}
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	rep.Store.HeapMB = float64(ms.HeapInuse) / (1 << 20)
	rep.Store.OpenRSSMB = procStatusMB("VmRSS")
	rep.Store.OpenAnonMB, rep.Store.OpenFileMB = procStatusMB("RssAnon"), procStatusMB("RssFile")
	logf("reopened the store in %v (median of %v; new processes: %v), here in %v, CPU %v: heap %.0f MB, RSS %.0f MB",
		rep.Store.Open.Round(time.Millisecond), rep.Store.OpenRuns, rep.Store.OpenFresh, rep.Store.OpenInProcess.Round(time.Millisecond),
		rep.Store.OpenCPU.Round(time.Millisecond), rep.Store.HeapMB, rep.Store.OpenRSSMB)
	return store, nil
}

func (r *Report) mismatch(format string, args ...any) {
	r.Mismatches = append(r.Mismatches, fmt.Sprintf(format, args...))
}

func (r *Report) check(format string, args ...any) {
	r.Checks = append(r.Checks, fmt.Sprintf(format, args...))
}

// OpenSample is one open of a store: its wall and CPU time.
type OpenSample struct{ Wall, CPU time.Duration }

// MeasureOpen opens the bolt store at path with its index snapshot,
// read-only, and closes it again: what Options.OpenProcess runs in a new
// process. CPU is the process's, all goroutines (0 where it cannot be
// read).
func MeasureOpen(ctx context.Context, path string) (OpenSample, error) {
	if _, err := os.Stat(path); err != nil { // opening would create a store
		return OpenSample{}, fmt.Errorf("bench: %w", err)
	}
	return timedOpen(ctx, graph.Config{Backend: graph.BackendBolt, Path: path, ReadOnly: true})
}

// timedOpen opens a store, times the open, and closes the store again.
func timedOpen(ctx context.Context, cfg graph.Config) (OpenSample, error) {
	t0, c0 := time.Now(), cpuTime()
	s, err := graph.Open(ctx, cfg)
	if err != nil {
		return OpenSample{}, fmt.Errorf("bench: open %s: %w", cfg.Path, err)
	}
	o := OpenSample{Wall: time.Since(t0), CPU: cpuTime() - c0}
	if err := s.Close(); err != nil {
		return o, fmt.Errorf("bench: close %s: %w", cfg.Path, err)
	}
	return o, nil
}
