package graph

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync"

	cgraph "github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/cayley/graph/kv"
	"github.com/cayleygraph/quad"
	hbolt "github.com/hidal-go/hidalgo/kv/bbolt"

	"github.com/newsgraph/newsgraph/graph/internal/boltkv"
	"github.com/newsgraph/newsgraph/graph/internal/index"
)

// Loader fills a new bolt store in one pass. Documents and quads are
// gathered in memory; Open then writes the store file at once, its pages in
// key order without bolt's writer (boltkv.Prepare and Write), builds the index from the
// same quads, and opens the store. The file is what writing the same
// documents through Store.WriteDocuments would give, at several times the
// rate: bolt's puts and commits alone cap that path near 170k quads/s.
//
// It is for what a store starts with (a bulk import, a benchmark's graph):
// the store must not exist yet. Nothing is visible until Open returns; a
// load that fails or is abandoned leaves no file.
type Loader struct {
	cfg     Config
	quads   boltkv.Gather
	docs    map[string]bool // documents gathered
	written int             // quads written by Open
}

// NewLoader returns a loader for the bolt store cfg names, which must not
// exist yet (ECONFLICT if it does: write to it through Store).
func NewLoader(cfg Config) (*Loader, error) {
	if cfg.Backend != "" && cfg.Backend != BackendBolt {
		return nil, Errorf(EINVALID, "a loader writes new bolt stores, not %s", cfg.Backend)
	}
	if cfg.Path == "" {
		return nil, Errorf(EINVALID, "bolt backend needs a file path")
	}
	if cfg.ReadOnly {
		return nil, Errorf(EREADONLY, "a loader writes a store; this one is to be opened read-only")
	}
	if _, err := os.Stat(cfg.Path); err == nil {
		return nil, Errorf(ECONFLICT, "store %s exists: a loader only writes a new store", cfg.Path)
	} else if !errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("graph: load %s: %w", cfg.Path, err)
	}
	return &Loader{cfg: cfg, docs: map[string]bool{}}, nil
}

// AddDocuments gathers documents, as WriteDocuments writes them: a document
// gathered before is skipped (Created false in its result).
func (l *Loader) AddDocuments(batches []*Batch) ([]WriteResult, error) {
	results := make([]WriteResult, len(batches))
	quads := make([][]quad.Quad, len(batches))
	for i, b := range batches {
		if b.Document == nil {
			return nil, Errorf(EINVALID, "AddDocuments needs documents")
		}
		results[i].ID = b.Document.ID
	}
	if err := eachBatch(batches, func(i int, qs []quad.Quad) { quads[i] = qs }); err != nil {
		return nil, err
	}
	for i, b := range batches {
		if l.docs[b.Document.ID] {
			continue
		}
		if err := l.quads.Add(quads[i]); err != nil {
			return nil, Errorf(EINVALID, "document %s: %v", b.Document.ID, err)
		}
		l.docs[b.Document.ID] = true
		results[i].Created, results[i].Added = true, len(quads[i])
	}
	return results, nil
}

// AddQuads gathers raw quads (an N-Quads import); repeats are written once.
func (l *Loader) AddQuads(quads []quad.Quad) error {
	for _, q := range quads {
		if !q.IsValid() {
			return Errorf(EINVALID, "invalid quad %s", clip(q.String()))
		}
	}
	return l.quads.Add(quads)
}

// ReadNQuads gathers the quads of an N-Quads document, all or none: a
// document that does not parse adds nothing. It returns how many quads it
// read.
func (l *Loader) ReadNQuads(ctx context.Context, r io.Reader) (int, error) {
	quads, err := readNQuads(ctx, r)
	if err != nil {
		return len(quads), err
	}
	return len(quads), l.AddQuads(quads)
}

// Written is how many quads Open wrote: those gathered, each once.
func (l *Loader) Written() int { return l.written }

// Quads is how many quads have been gathered, repeats included.
func (l *Loader) Quads() int { return l.quads.Len() }

// Open writes the store file and builds its index from what was gathered,
// then opens the store. The file appears at its path whole or not at all:
// it is written beside it and linked into place, which fails (ECONFLICT)
// if a store appeared there meanwhile. A snapshot left at the path's
// snapshot name by an earlier store is removed first.
func (l *Loader) Open(ctx context.Context) (*Store, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	path := l.cfg.Path
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("graph: load: create %s: %w", dir, err)
	}
	tmpl, err := newTemplate(dir)
	if err != nil {
		return nil, err
	}
	tmp, err := tempName(dir, filepath.Base(path)+".load-*")
	if err != nil {
		return nil, err
	}
	prep, err := boltkv.Prepare(tmpl, &l.quads)
	if err != nil {
		return nil, fmt.Errorf("graph: load %s: %w", path, err)
	}
	// the index is built on the other core while the file is written;
	// the arrival ledger needs a quad of each run of one label
	idx := index.New()
	var labelled []quad.Quad
	var indexing sync.WaitGroup
	indexing.Go(func() {
		var last quad.Value
		for _, i := range prep.Added() {
			q := prep.Quad(i)
			idx.Apply(factOf(q), +1)
			if q.Label != last {
				labelled = append(labelled, q)
				last = q.Label
			}
		}
	})
	err = prep.Write(tmp, !l.cfg.NoSync)
	indexing.Wait()
	if err != nil {
		return nil, fmt.Errorf("graph: load %s: %w", path, err)
	}
	defer os.Remove(tmp)
	l.written = len(prep.Added())
	l.quads = boltkv.Gather{} // what was not written is garbage now
	if err := os.Remove(SnapshotPath(path)); err != nil && !errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("graph: load: remove the old snapshot: %w", err)
	}
	if err := os.Link(tmp, path); err != nil {
		if errors.Is(err, os.ErrExist) {
			return nil, &Error{Code: ECONFLICT, Err: err, Message: fmt.Sprintf("store %s appeared while loading; nothing was written to it", path)}
		}
		return nil, fmt.Errorf("graph: load %s: %w", path, err)
	}
	if !l.cfg.NoSync {
		syncDir(dir)
	}
	s, err := open(ctx, l.cfg, idx)
	if err != nil {
		return nil, err
	}
	s.landed(labelled)
	return s, nil
}

// newTemplate is what cayley writes into a new store file: a file is
// initialized in dir and read back, then removed.
func newTemplate(dir string) (*boltkv.Template, error) {
	p, err := tempName(dir, ".newsgraph-template-*")
	if err != nil {
		return nil, err
	}
	defer os.Remove(p)
	db, err := hbolt.Open(p, nil)
	if err != nil {
		return nil, fmt.Errorf("graph: load: template: %w", err)
	}
	defer db.Close()
	db.DB().NoSync = true
	if err := kv.Init(db, cgraph.Options{kv.OptNoBloom: true}); err != nil {
		return nil, fmt.Errorf("graph: load: template: %w", err)
	}
	tmpl, err := boltkv.ReadTemplate(db.DB())
	if err != nil {
		return nil, fmt.Errorf("graph: load: %w", err)
	}
	return tmpl, nil
}

// tempName returns the name of a file in dir, matching pattern, that does
// not exist.
func tempName(dir, pattern string) (string, error) {
	f, err := os.CreateTemp(dir, pattern)
	if err != nil {
		return "", fmt.Errorf("graph: load: %w", err)
	}
	name := f.Name()
	f.Close()
	if err := os.Remove(name); err != nil {
		return "", fmt.Errorf("graph: load: %w", err)
	}
	return name, nil
}

// syncDir makes the entries of dir durable, as after a rename.
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
}
