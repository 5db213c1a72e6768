package bench

import (
	"context"
	"fmt"
	"os"
	"time"

	cgraph "github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/quad"

	"github.com/newsgraph/newsgraph/graph"
)

// loadNews generates the documents and loads them into a new newsgraph
// store with graph.Loader (gathered several to a call, the file and index
// written at once) and into the adjacency lists; then, in a second pass
// over the same deterministic documents, into a fresh cayley bolt file in
// ApplyDeltas calls of graph.BatchSize quads. The peers load one after the
// other, so none pays for another's garbage; only the time spent in each
// peer's writes counts toward its rate. (The store's write path in
// transactions is measured after serving: loadNewsTx.)
func loadNews(ctx context.Context, gen *Generator, storePath, rawPath string, opts Options, rep *Report, logf func(string, ...any)) (*Adjacency, error) {
	cfg := graph.Config{Backend: graph.BackendBolt, Path: storePath, NoSync: !opts.Sync}
	loader, err := graph.NewLoader(cfg)
	if err != nil {
		return nil, fmt.Errorf("bench: new store: %w", err)
	}
	adj := NewAdjacency()
	var tStore, tAdj time.Duration
	cpu0 := cpuTime()
	var quads int64
	var group []*graph.Batch
	groupQuads := 0
	gather := func() error {
		t := time.Now()
		_, err := loader.AddDocuments(group)
		tStore += time.Since(t)
		group, groupQuads = group[:0], 0
		if err != nil {
			return fmt.Errorf("bench: gather documents: %w", err)
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
			if err := gather(); err != nil {
				return nil, err
			}
		}
		progress("store", i)
	}
	if err := gather(); err != nil {
		return nil, err
	}
	t := time.Now()
	store, err := loader.Open(ctx)
	tStore += time.Since(t)
	if err != nil {
		return nil, fmt.Errorf("bench: write the new store: %w", err)
	}
	logf("store: written in one pass (%v)", tStore.Round(time.Millisecond))
	t = time.Now()
	adj.Build()
	tAdj += time.Since(t)
	if err := store.Close(); err != nil {
		return nil, err
	}

	var tRaw time.Duration
	if !opts.NoCayleyLoad {
		if tRaw, err = loadRaw(ctx, gen, rawPath, opts, progress); err != nil {
			return nil, err
		}
	}

	rep.Store.LoadCPU, rep.Store.LoadWall = cpuTime()-cpu0, time.Since(start)
	rep.setLoad(quads, tStore, tRaw, tAdj, opts.NoCayleyLoad)
	logf("load: %d quads; store %.0f quads/s (%v), raw cayley %.0f quads/s (%v), adjacency %.0f quads/s (%v)",
		quads, rep.Store.LoadQPS, tStore.Round(time.Millisecond), rep.Cayley.LoadQPS, tRaw.Round(time.Millisecond),
		rep.Adjacency.LoadQPS, tAdj.Round(time.Millisecond))
	return adj, nil
}

// loadNewsTx writes the documents into a new store at path through
// WriteDocuments, as an ingest does (several to a transaction of the
// store's BulkBatch), and returns the time spent in those calls and its
// curve; the store is removed after.
func loadNewsTx(ctx context.Context, gen *Generator, path string, opts Options) (time.Duration, loadCurve, error) {
	var curve loadCurve
	store, done, err := openTxStore(ctx, path, opts)
	if err != nil {
		return 0, curve, err
	}
	defer done()
	var spent time.Duration
	var group []*graph.Batch
	groupQuads := 0
	flush := func() error {
		if len(group) == 0 {
			return nil
		}
		t := time.Now()
		_, err := store.WriteDocuments(ctx, group)
		d := time.Since(t)
		spent += d
		curve.add(int64(groupQuads), d)
		group, groupQuads = group[:0], 0
		if err != nil {
			return fmt.Errorf("bench: write documents: %w", err)
		}
		return nil
	}
	for i := 0; i < gen.Documents(); i++ {
		if err := ctx.Err(); err != nil {
			return 0, curve, err
		}
		b := gen.Document(i)
		qs, err := b.Quads()
		if err != nil {
			return 0, curve, fmt.Errorf("bench: document %d: %w", i, err)
		}
		group = append(group, b)
		groupQuads += len(qs)
		if groupQuads >= store.BulkBatch() {
			if err := flush(); err != nil {
				return 0, curve, err
			}
		}
	}
	if err := flush(); err != nil {
		return 0, curve, err
	}
	return spent, curve, store.Close()
}

// loadRaw writes the generator's quads into a fresh cayley bolt file with
// cayley's own ApplyDeltas, graph.BatchSize quads a call, and returns the
// time spent in those calls.
func loadRaw(ctx context.Context, gen *Generator, rawPath string, opts Options, progress func(string, int)) (time.Duration, error) {
	l, err := newRawLoader(rawPath, opts.Sync)
	if err != nil {
		return 0, err
	}
	defer l.abort()
	for i := 0; i < gen.Documents(); i++ {
		if err := ctx.Err(); err != nil {
			return 0, err
		}
		qs, err := gen.Document(i).Quads()
		if err != nil {
			return 0, fmt.Errorf("bench: document %d: %w", i, err)
		}
		if err := l.add(qs); err != nil {
			return 0, err
		}
		progress("raw cayley", i)
	}
	return l.finish()
}

// rawLoader writes quads into a fresh cayley bolt file with cayley's own
// ApplyDeltas, graph.BatchSize quads a call, timing those calls.
type rawLoader struct {
	qs      cgraph.QuadStore
	pending []cgraph.Delta
	spent   time.Duration
	closed  bool
}

func newRawLoader(path string, sync bool) (*rawLoader, error) {
	qs, err := openRawCayley(path, sync)
	if err != nil {
		return nil, err
	}
	return &rawLoader{qs: qs, pending: make([]cgraph.Delta, 0, graph.BatchSize)}, nil
}

// add queues quads, applying them whenever a batch is full.
func (l *rawLoader) add(quads []quad.Quad) error {
	for _, q := range quads {
		l.pending = append(l.pending, cgraph.Delta{Quad: q, Action: cgraph.Add})
		if len(l.pending) == graph.BatchSize {
			if err := l.flush(); err != nil {
				return err
			}
		}
	}
	return nil
}

func (l *rawLoader) flush() error {
	if len(l.pending) == 0 {
		return nil
	}
	t := time.Now()
	err := l.qs.ApplyDeltas(l.pending, cgraph.IgnoreOpts{IgnoreDup: true})
	l.spent += time.Since(t)
	l.pending = l.pending[:0]
	if err != nil {
		return fmt.Errorf("bench: raw cayley load: %w", err)
	}
	return nil
}

// finish applies what is queued, closes the file and returns the time
// spent applying.
func (l *rawLoader) finish() (time.Duration, error) {
	if err := l.flush(); err != nil {
		return 0, err
	}
	l.closed = true
	if err := l.qs.Close(); err != nil {
		return 0, fmt.Errorf("bench: close raw cayley file: %w", err)
	}
	return l.spent, nil
}

// abort closes the file if finish did not.
func (l *rawLoader) abort() {
	if !l.closed {
		l.qs.Close()
	}
}

// setLoad records the load times of the three peers.
func (r *Report) setLoad(quads int64, tStore, tRaw, tAdj time.Duration, noRaw bool) {
	rate := func(d time.Duration) float64 { return float64(quads) / max(d.Seconds(), 1e-9) }
	r.loaded = quads
	r.Store.Load, r.Store.LoadQPS = tStore, rate(tStore)
	if !noRaw {
		r.Cayley.Load, r.Cayley.LoadQPS = tRaw, rate(tRaw)
	}
	r.Adjacency.Load, r.Adjacency.LoadQPS = tAdj, rate(tAdj)
}

// setTxLoad records the store's load in transactions and its curve.
func (r *Report) setTxLoad(spent time.Duration, curve loadCurve) {
	r.Store.TxLoad, r.Store.TxLoadQPS = spent, float64(r.loaded)/max(spent.Seconds(), 1e-9)
	r.Store.LoadTenths, r.Store.LoadCommits = curve.tenths(), len(curve.quads)
}

// openTxStore opens a new store at path for a load through transactions,
// without an index snapshot; done closes and removes it.
func openTxStore(ctx context.Context, path string, opts Options) (store *graph.Store, done func(), err error) {
	store, err = graph.Open(ctx, graph.Config{Backend: graph.BackendBolt, Path: path, NoSync: !opts.Sync, NoSnapshot: true})
	if err != nil {
		return nil, nil, fmt.Errorf("bench: open store: %w", err)
	}
	return store, func() {
		store.Close()
		os.Remove(path)
	}, nil
}
