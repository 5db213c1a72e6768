package bench

import (
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"slices"
	"strings"
	"time"

	cgraph "github.com/cayleygraph/cayley/graph"

	"github.com/newsgraph/newsgraph/graph"
)

// Options configure a benchmark run. Zero values give the defaults.
type Options struct {
	Scale Scale
	Seed  uint64 // generator and query seed (default 1)
	// Dir holds the bolt files; empty means a temporary directory removed at
	// the end. The store file (bench-<scale>.db) is kept when Dir is set.
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
	// halves the load phase at 1M entities.
	NoCayleyLoad bool
	// MemoryLimit, when positive, is the Go runtime's soft memory limit from
	// reopening the store on (as `serve --memory-limit`), so that the
	// serving phase is measured as a server so configured runs.
	MemoryLimit int64
	// ProfileDir, when set, receives a CPU profile of each phase (load,
	// open, store, graphql, cayley) and a heap profile after opening.
	ProfileDir string
	// Log receives progress lines; nil discards them.
	Log io.Writer
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
	Scale     Scale
	Seed      uint64
	Sync      bool // the load fsynced every commit
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
		Open time.Duration
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

// Run generates the graph, loads it into every peer, asks the queries and
// checks the answers. The report is returned even when answers disagree;
// the error then wraps ErrMismatch.
func Run(ctx context.Context, opts Options) (*Report, error) {
	opts.defaults()
	if opts.Scale.Entities == 0 {
		return nil, fmt.Errorf("bench: no scale given")
	}
	dir := opts.Dir
	if dir == "" {
		tmp, err := os.MkdirTemp("", "newsgraph-bench-")
		if err != nil {
			return nil, fmt.Errorf("bench: %w", err)
		}
		defer os.RemoveAll(tmp)
		dir = tmp
	} else if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("bench: %w", err)
	}
	storePath := filepath.Join(dir, "bench-"+opts.Scale.Name+".db")
	rawPath := filepath.Join(dir, "bench-"+opts.Scale.Name+"-cayley.db")
	for _, p := range []string{storePath, rawPath} {
		if err := os.Remove(p); err != nil && !errors.Is(err, os.ErrNotExist) {
			return nil, fmt.Errorf("bench: remove old %s: %w", p, err)
		}
	}
	defer os.Remove(rawPath)

	rep := &Report{Scale: opts.Scale, Seed: opts.Seed, Sync: opts.Sync}
	rep.Clock = clockCost()
	logf := func(format string, args ...any) { fmt.Fprintf(opts.Log, "bench: "+format+"\n", args...) }
	prof := &profiler{dir: opts.ProfileDir}
	defer prof.stop()
	if opts.ProfileDir != "" {
		if err := os.MkdirAll(opts.ProfileDir, 0o755); err != nil {
			return nil, fmt.Errorf("bench: %w", err)
		}
	}
	phase := func(name string) {
		if err := prof.start(name); err != nil {
			logf("%v", err)
		}
	}

	// 1. load: the same documents into the store, raw cayley and adjacency
	gen := NewGenerator(GenConfig{Entities: opts.Scale.Entities, Seed: opts.Seed})
	rep.Entities, rep.Documents = gen.Entities(), gen.Documents()
	phase("load")
	adj, err := load(ctx, gen, storePath, rawPath, opts, rep, logf)
	if err != nil {
		return nil, err
	}
	rep.Store.LoadPeakMB = procStatusMB("VmHWM")
	if st, err := os.Stat(storePath); err == nil {
		rep.BoltMB = float64(st.Size()) / (1 << 20)
	}

	// 2. the query set and the adjacency lists' answers
	prof.stop()
	qs := drawQueries(gen, adj, opts)
	want := adjacencyPeer(adj, qs, rep, logf)
	rep.Linked, rep.Relations = adj.Nodes(), adj.Edges()
	adj, gen = nil, nil

	// 3. reopen the store (the index is built from bolt) and serve
	runtime.GC()
	debug.FreeOSMemory()
	if opts.MemoryLimit > 0 {
		defer debug.SetMemoryLimit(debug.SetMemoryLimit(opts.MemoryLimit))
	}
	rep.Store.RSSReset = resetPeakRSS()
	phase("open")
	t0, c0 := time.Now(), cpuTime()
	store, err := graph.Open(ctx, graph.Config{Backend: graph.BackendBolt, Path: storePath})
	if err != nil {
		return nil, fmt.Errorf("bench: reopen store: %w", err)
	}
	defer store.Close()
	rep.Store.Open, rep.Store.OpenCPU = time.Since(t0), cpuTime()-c0
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
	logf("reopened the store in %v, CPU %v (index built): heap %.0f MB, RSS %.0f MB", rep.Store.Open.Round(time.Millisecond), rep.Store.OpenCPU.Round(time.Millisecond), rep.Store.HeapMB, rep.Store.OpenRSSMB)
	if st, err := store.Stats(ctx); err == nil {
		rep.Quads = st.Quads
		if st.Entities != rep.Entities {
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
	if len(rep.Mismatches) > 0 {
		return rep, fmt.Errorf("%w: %s", ErrMismatch, strings.Join(rep.Mismatches[:min(5, len(rep.Mismatches))], "; "))
	}
	return rep, nil
}

func (r *Report) mismatch(format string, args ...any) {
	r.Mismatches = append(r.Mismatches, fmt.Sprintf(format, args...))
}

func (r *Report) check(format string, args ...any) {
	r.Checks = append(r.Checks, fmt.Sprintf(format, args...))
}

// load generates the documents and loads them into newsgraph's store (as
// an ingest does: whole documents, several to a transaction) and into the
// adjacency lists, then, in a second pass over the same deterministic
// documents, the same quads into a fresh cayley bolt file in ApplyDeltas
// calls of graph.BatchSize quads. The two bolt peers load one after the
// other, so neither pays for the other's garbage; only the time spent in
// each peer's writes counts toward its rate.
func load(ctx context.Context, gen *Generator, storePath, rawPath string, opts Options, rep *Report, logf func(string, ...any)) (*Adjacency, error) {
	store, err := graph.Open(ctx, graph.Config{Backend: graph.BackendBolt, Path: storePath, NoSync: !opts.Sync})
	if err != nil {
		return nil, fmt.Errorf("bench: open store: %w", err)
	}
	defer store.Close()
	adj := NewAdjacency()
	var tStore, tRaw, tAdj time.Duration
	cpu0 := cpuTime()
	var quads int64
	// the store takes documents as an ingest does: several to a transaction
	var group []*graph.Batch
	groupQuads := 0
	flushStore := func() error {
		if len(group) == 0 {
			return nil
		}
		t := time.Now()
		_, err := store.WriteDocuments(ctx, group)
		tStore += time.Since(t)
		group, groupQuads = group[:0], 0
		if err != nil {
			return fmt.Errorf("bench: write documents: %w", err)
		}
		return nil
	}
	start := time.Now()
	progress := func(pass string, i int) {
		if (i+1)%(max(gen.Documents()/10, 1)) == 0 {
			logf("%s: loaded %d/%d documents (%v)", pass, i+1, gen.Documents(), time.Since(start).Round(time.Second))
		}
	}
	for i := 0; i < gen.Documents(); i++ {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		b := gen.Document(i)
		qs, err := b.Quads()
		if err != nil {
			return nil, fmt.Errorf("bench: document %d: %w", i, err)
		}
		quads += int64(len(qs))

		t := time.Now()
		for _, q := range qs {
			adj.Add(q)
		}
		tAdj += time.Since(t)

		group = append(group, b)
		groupQuads += len(qs)
		if groupQuads >= graph.BatchSize {
			if err := flushStore(); err != nil {
				return nil, err
			}
		}
		progress("store", i)
	}
	if err := flushStore(); err != nil {
		return nil, err
	}
	t := time.Now()
	adj.Build()
	tAdj += time.Since(t)
	if err := store.Close(); err != nil {
		return nil, err
	}

	if !opts.NoCayleyLoad {
		if tRaw, err = loadRaw(ctx, gen, rawPath, opts, progress); err != nil {
			return nil, err
		}
	}

	rep.Store.LoadCPU, rep.Store.LoadWall = cpuTime()-cpu0, time.Since(start)
	rate := func(d time.Duration) float64 { return float64(quads) / max(d.Seconds(), 1e-9) }
	rep.Store.Load, rep.Store.LoadQPS = tStore, rate(tStore)
	if !opts.NoCayleyLoad {
		rep.Cayley.Load, rep.Cayley.LoadQPS = tRaw, rate(tRaw)
	}
	rep.Adjacency.Load, rep.Adjacency.LoadQPS = tAdj, rate(tAdj)
	logf("load: %d quads; store %.0f quads/s (%v), raw cayley %.0f quads/s (%v), adjacency %.0f quads/s (%v)",
		quads, rep.Store.LoadQPS, tStore.Round(time.Millisecond), rep.Cayley.LoadQPS, tRaw.Round(time.Millisecond),
		rep.Adjacency.LoadQPS, tAdj.Round(time.Millisecond))
	return adj, nil
}

// loadRaw writes the generator's quads into a fresh cayley bolt file with
// cayley's own ApplyDeltas, graph.BatchSize quads a call, and returns the
// time spent in those calls.
func loadRaw(ctx context.Context, gen *Generator, rawPath string, opts Options, progress func(string, int)) (time.Duration, error) {
	rawQS, err := openRawCayley(rawPath, opts.Sync)
	if err != nil {
		return 0, err
	}
	closed := false
	defer func() {
		if !closed {
			rawQS.Close()
		}
	}()
	var spent time.Duration
	pending := make([]cgraph.Delta, 0, graph.BatchSize)
	flush := func() error {
		if len(pending) == 0 {
			return nil
		}
		t := time.Now()
		err := rawQS.ApplyDeltas(pending, cgraph.IgnoreOpts{IgnoreDup: true})
		spent += time.Since(t)
		pending = pending[:0]
		if err != nil {
			return fmt.Errorf("bench: raw cayley load: %w", err)
		}
		return nil
	}
	for i := 0; i < gen.Documents(); i++ {
		if err := ctx.Err(); err != nil {
			return 0, err
		}
		qs, err := gen.Document(i).Quads()
		if err != nil {
			return 0, fmt.Errorf("bench: document %d: %w", i, err)
		}
		for _, q := range qs {
			pending = append(pending, cgraph.Delta{Quad: q, Action: cgraph.Add})
			if len(pending) == graph.BatchSize {
				if err := flush(); err != nil {
					return 0, err
				}
			}
		}
		progress("raw cayley", i)
	}
	if err := flush(); err != nil {
		return 0, err
	}
	closed = true
	if err := rawQS.Close(); err != nil {
		return 0, fmt.Errorf("bench: close raw cayley file: %w", err)
	}
	return spent, nil
}

// drawQueries picks the query set with its own seeded generator. Start
// entities and path ends are ends of relations drawn uniformly, so an entity
// is picked in proportion to its degree, the way analysts look at the
// entities that matter in a story rather than at random names. Search texts
// come from entity names: whole names, and four-letter prefixes of their
// first word.
func drawQueries(gen *Generator, adj *Adjacency, opts Options) querySet {
	r := rand.New(rand.NewPCG(opts.Seed, 0x9e3779b97f4a7c15))
	n := opts.Queries
	var qs querySet
	pick := func() int32 { return adj.EdgeEnd(r.IntN(adj.Edges()), r.IntN(2) == 0) }
	for i := 0; i < n; i++ {
		qs.starts = append(qs.starts, adj.ID(pick()))
		a, b := pick(), pick()
		for b == a {
			b = pick()
		}
		qs.pairs = append(qs.pairs, [2]string{adj.ID(a), adj.ID(b)})
		e := gen.Entity(r.IntN(gen.Entities()))
		text := e.Name
		if i%2 == 1 {
			w := strings.Fields(e.Name)[0]
			text = strings.ToLower(w[:min(4, len(w))])
		}
		qs.texts = append(qs.texts, text)
	}
	return qs
}

// warm runs the first few queries once so that timings do not include
// first-touch costs.
func warm(n int, fn func(i int)) {
	for i := 0; i < min(n, 20); i++ {
		fn(i)
	}
}

func hashIDs(ids []string) (int, uint64) {
	s := slices.Clone(ids)
	slices.Sort(s)
	h := fnv.New64a()
	for _, id := range s {
		h.Write([]byte(id))
		h.Write([]byte{0})
	}
	return len(s), h.Sum64()
}

func sortedIDs(adj *Adjacency, nodes []int32) []string {
	out := make([]string, len(nodes))
	for i, n := range nodes {
		out[i] = adj.ID(n)
	}
	slices.Sort(out)
	return out
}

// adjacencyPeer times the adjacency lists and records their answers as the
// reference.
func adjacencyPeer(adj *Adjacency, qs querySet, rep *Report, logf func(string, ...any)) answers {
	n := len(qs.starts)
	want := answers{hop1: make([][]string, n), hop2N: make([]int, n), hop2Hash: make([]uint64, n),
		dist: make([]int, n), count: make([]int64, n)}
	node := func(id string) int32 { x, _ := adj.Node(id); return x }
	for i := 0; i < adj.Nodes(); i++ {
		rep.MaxDegree = max(rep.MaxDegree, adj.Degree(int32(i)))
	}
	// Every peer answers the same query: an entity ID in, entity IDs out.
	// The adjacency lists' times include looking the ID up and naming the
	// neighbors, as the store's do.
	var buf []int32
	var lat latencies
	named := func(buf []int32) []string {
		out := make([]string, len(buf))
		for i, x := range buf {
			out[i] = adj.ID(x)
		}
		return out
	}
	warm(n, func(i int) { buf = adj.Hop1(node(qs.starts[i]), buf[:0]); named(buf) })
	for i, id := range qs.starts {
		t := time.Now()
		buf = adj.Hop1(node(id), buf[:0])
		ids := named(buf)
		lat = append(lat, time.Since(t))
		slices.Sort(ids)
		want.hop1[i] = ids
	}
	rep.Adjacency.Hop1 = lat.net(rep.Clock).stat()

	lat = nil
	total := 0
	warm(n, func(i int) { buf = adj.Hop2(node(qs.starts[i]), buf); named(buf) })
	for i, id := range qs.starts {
		t := time.Now()
		buf = adj.Hop2(node(id), buf)
		named(buf)
		lat = append(lat, time.Since(t))
		want.hop2N[i], want.hop2Hash[i] = hashIDs(sortedIDs(adj, buf))
		total += len(buf)
	}
	rep.Adjacency.Hop2 = lat.net(rep.Clock).stat()
	rep.Hop2Mean = float64(total) / float64(max(n, 1))

	lat = nil
	warm(n, func(i int) { adj.Paths(node(qs.pairs[i][0]), node(qs.pairs[i][1]), 4, 3) })
	for i, p := range qs.pairs {
		t := time.Now()
		a, b := node(p[0]), node(p[1])
		paths := adj.Paths(a, b, 4, 3)
		for _, path := range paths {
			named(path)
		}
		lat = append(lat, time.Since(t))
		want.dist[i], want.count[i] = adj.CountShortest(a, b, 4)
		if want.dist[i] >= 0 {
			rep.PathsHit++
		}
		if got := len(paths); (want.dist[i] < 0) != (got == 0) || (got > 0 && len(paths[0])-1 != want.dist[i]) {
			rep.mismatch("adjacency paths %s→%s: bidirectional search and BFS disagree", p[0], p[1])
		}
	}
	rep.Adjacency.Paths = lat.net(rep.Clock).stat()
	logf("adjacency lists: %d linked entities, %d relations, mean 2-hop set %.0f, %d/%d pairs within 4 hops",
		adj.Nodes(), adj.Edges(), rep.Hop2Mean, rep.PathsHit, n)
	return want
}
