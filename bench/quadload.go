package bench

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/cayleygraph/quad"

	"github.com/newsgraph/newsgraph/graph"
)

// quadSource is a graph given as quads rather than as documents: the dense
// profile or a user's N-Quads file. Every pass reads the same quads in the
// same order.
type quadSource interface {
	// pass reads the quads once, calling fn with consecutive chunks of at
	// most graph.NQuadsChunk quads and the time reading each took.
	pass(ctx context.Context, fn func(chunk []quad.Quad, read time.Duration) error) error
	// readIsLoad says whether reading counts as loading: parsing a file
	// does (`newsgraph import` parses), generating the dense graph does not.
	readIsLoad() bool
}

// pass generates the dense graph, source after source.
func (d *Dense) pass(ctx context.Context, fn func([]quad.Quad, time.Duration) error) error {
	var chunk []quad.Quad
	var read time.Duration
	for k := 0; k < d.Sources(); k++ {
		if err := ctx.Err(); err != nil {
			return err
		}
		t := time.Now()
		qs, err := d.Source(k)
		read += time.Since(t)
		if err != nil {
			return err
		}
		for len(qs) > 0 {
			n := min(len(qs), graph.NQuadsChunk-len(chunk))
			chunk = append(chunk, qs[:n]...)
			qs = qs[n:]
			if len(chunk) == graph.NQuadsChunk {
				if err := fn(chunk, read); err != nil {
					return err
				}
				chunk, read = nil, 0
			}
		}
	}
	if len(chunk) > 0 {
		return fn(chunk, read)
	}
	return nil
}

func (d *Dense) readIsLoad() bool { return false }

// nquadsFile is a user's N-Quads file (gzipped or not), read with the
// store's N-Quads reader.
type nquadsFile struct{ path string }

func (f nquadsFile) readIsLoad() bool { return true }

func (f nquadsFile) pass(ctx context.Context, fn func([]quad.Quad, time.Duration) error) error {
	fh, err := os.Open(f.path)
	if err != nil {
		return fmt.Errorf("bench: %w", err)
	}
	defer fh.Close()
	r, err := graph.Decompress(fh)
	if err != nil {
		return fmt.Errorf("bench: %s: %w", f.path, err)
	}
	nr := graph.NewNQuadsReader(r)
	chunk := make([]quad.Quad, 0, graph.NQuadsChunk)
	t := time.Now()
	for {
		q, err := nr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return fmt.Errorf("bench: %s: %w", f.path, err)
		}
		chunk = append(chunk, q)
		if len(chunk) == graph.NQuadsChunk {
			if err := ctx.Err(); err != nil {
				return err
			}
			if err := fn(chunk, time.Since(t)); err != nil {
				return err
			}
			chunk = make([]quad.Quad, 0, graph.NQuadsChunk)
			t = time.Now()
		}
	}
	if len(chunk) > 0 {
		return fn(chunk, time.Since(t))
	}
	return nil
}

// loadedQuads is what loading a quad source learnt besides the adjacency
// lists: the entities' names, for search texts, and what the store cannot
// be compared on.
type loadedQuads struct {
	names      []string // one name per named entity, in the order first seen
	quads      int64
	sameAs     int // owl:sameAs quads between entities: merges the store follows and the adjacency lists do not
	unlabelled int // quads without a graph label (the store checks each against what it holds)
}

// sameAsIRI is the predicate of a merge.
const sameAsIRI = quad.IRI("http://www.w3.org/2002/07/owl#sameAs")

// nameIRI is an entity's name; keyIRI one of its lookup keys (a name or an
// alias normalized), what the store's search matches.
var (
	nameIRI = quad.IRI(graph.SchemaNS + "name")
	keyIRI  = quad.IRI(graph.NS + "key")
)

// loadQuadSource loads a quad source into a new store with graph.Loader
// (the quads gathered, the file and index written at once, as `newsgraph
// import` of N-Quads into a new store does) and into the adjacency lists;
// then, in a second pass, into a fresh raw cayley bolt file (ApplyDeltas of
// graph.BatchSize quads) unless NoCayleyLoad. (The way `newsgraph import`
// adds to an existing store is measured after serving: loadQuadsTx.)
func loadQuadSource(ctx context.Context, src quadSource, storePath, rawPath string, opts Options, rep *Report, logf func(string, ...any)) (*Adjacency, *loadedQuads, error) {
	loader, err := graph.NewLoader(graph.Config{Backend: graph.BackendBolt, Path: storePath, NoSync: !opts.Sync})
	if err != nil {
		return nil, nil, fmt.Errorf("bench: new store: %w", err)
	}
	adj := NewAdjacency()
	lq := &loadedQuads{}
	named := map[string]bool{}
	var tStore, tAdj time.Duration
	cpu0, start := cpuTime(), time.Now()
	err = src.pass(ctx, func(chunk []quad.Quad, read time.Duration) error {
		t := time.Now()
		for _, q := range chunk {
			adj.Add(q)
			lq.note(q, named)
		}
		tAdj += time.Since(t)
		t = time.Now()
		err := loader.AddQuads(chunk)
		tStore += time.Since(t)
		if src.readIsLoad() {
			tStore += read
		}
		lq.quads += int64(len(chunk))
		if err != nil {
			return fmt.Errorf("bench: add quads: %w", err)
		}
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	if lq.quads == 0 {
		return nil, nil, fmt.Errorf("bench: the graph has no quads")
	}
	t := time.Now()
	store, err := loader.Open(ctx)
	tStore += time.Since(t)
	if err != nil {
		return nil, nil, fmt.Errorf("bench: write the new store: %w", err)
	}
	logf("store: %d quads written in one pass (%v)", lq.quads, tStore.Round(time.Millisecond))
	t = time.Now()
	adj.Build()
	tAdj += time.Since(t)
	if err := store.Close(); err != nil {
		return nil, nil, err
	}
	var tRaw time.Duration
	if !opts.NoCayleyLoad {
		if tRaw, err = loadRawQuads(ctx, src, rawPath, opts); err != nil {
			return nil, nil, err
		}
	}
	rep.Store.LoadCPU, rep.Store.LoadWall = cpuTime()-cpu0, time.Since(start)
	rep.setLoad(lq.quads, tStore, tRaw, tAdj, opts.NoCayleyLoad)
	logf("load: %d quads; store %.0f quads/s (%v), raw cayley %.0f quads/s (%v), adjacency %.0f quads/s (%v)",
		lq.quads, rep.Store.LoadQPS, tStore.Round(time.Millisecond), rep.Cayley.LoadQPS, tRaw.Round(time.Millisecond),
		rep.Adjacency.LoadQPS, tAdj.Round(time.Millisecond))
	return adj, lq, nil
}

// loadQuadsTx adds the source's quads to a new store at path with
// Store.AddQuads, a chunk a call, and returns the time spent (with reading,
// when it counts) and its curve; the store is removed after.
func loadQuadsTx(ctx context.Context, src quadSource, path string, opts Options) (time.Duration, loadCurve, error) {
	var curve loadCurve
	store, done, err := openTxStore(ctx, path, opts)
	if err != nil {
		return 0, curve, err
	}
	defer done()
	var spent time.Duration
	err = src.pass(ctx, func(chunk []quad.Quad, read time.Duration) error {
		t := time.Now()
		_, err := store.AddQuads(ctx, chunk)
		d := time.Since(t)
		if src.readIsLoad() {
			d += read
		}
		spent += d
		curve.add(int64(len(chunk)), d)
		if err != nil {
			return fmt.Errorf("bench: add quads: %w", err)
		}
		return nil
	})
	if err != nil {
		return 0, curve, err
	}
	return spent, curve, store.Close()
}

// note records what a quad tells beyond the adjacency lists.
func (lq *loadedQuads) note(q quad.Quad, named map[string]bool) {
	if q.Label == nil {
		lq.unlabelled++
	}
	s, ok := q.Subject.(quad.IRI)
	if !ok || !strings.HasPrefix(string(s), graph.EntityNS) {
		return
	}
	switch q.Predicate {
	case keyIRI:
		id := string(s[len(graph.EntityNS):])
		if name := strings.TrimSpace(quad.ToString(q.Object)); name != "" && !named[id] {
			named[id] = true
			lq.names = append(lq.names, name)
		}
	case sameAsIRI:
		lq.sameAs++
	}
}

// loadRawQuads writes the source's quads into a fresh cayley bolt file
// with ApplyDeltas, graph.BatchSize quads a call, and returns the time
// spent in those calls (plus reading, when reading counts as loading).
func loadRawQuads(ctx context.Context, src quadSource, rawPath string, opts Options) (time.Duration, error) {
	l, err := newRawLoader(rawPath, opts.Sync)
	if err != nil {
		return 0, err
	}
	defer l.abort()
	var read time.Duration
	err = src.pass(ctx, func(chunk []quad.Quad, took time.Duration) error {
		if src.readIsLoad() {
			read += took
		}
		return l.add(chunk)
	})
	if err != nil {
		return 0, err
	}
	spent, err := l.finish()
	return spent + read, err
}
