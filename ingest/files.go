package ingest

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/newsgraph/newsgraph/graph"
	"github.com/newsgraph/newsgraph/ingest/normalize"
)

// Extensions that IngestPaths reads.
var Extensions = []string{".txt", ".md", ".markdown", ".html", ".htm", ".jsonl", ".xml", ".rss", ".atom"}

// maxWriteGroup bounds how many extracted documents are written together.
const maxWriteGroup = 64

// Summary says what ingesting a set of files did.
type Summary struct {
	Files     int
	Documents int // documents read
	Created   int // documents newly stored
	Skipped   int // documents already stored
	Failed    int // documents or files that could not be ingested
	// Entities and Relations are the store's growth.
	Entities  int
	Relations int
	Bytes     int64
	Duration  time.Duration
	Errors    []error
}

// Progress is reported after each document.
type Progress struct {
	Done, Total int
	Source      string
}

// IngestPaths ingests files and folders (recursively, by extension). A bad
// file or record is reported in Summary.Errors by name and the rest still go
// in. Extraction runs on Options.Workers goroutines; writes are serialized,
// one transaction per document.
func (p *Pipeline) IngestPaths(ctx context.Context, paths []string, progress func(Progress)) (Summary, error) {
	start := time.Now()
	var sum Summary
	before, err := p.store.Stats(ctx)
	if err != nil {
		return sum, err
	}
	files, errs := ExpandPaths(paths)
	sum.Errors = append(sum.Errors, errs...)
	sum.Failed += len(errs)
	sum.Files = len(files)

	var docs []normalize.Doc
	for _, f := range files {
		ds, errs := ReadFile(f, p.opts.MaxDocBytes)
		docs = append(docs, ds...)
		sum.Errors = append(sum.Errors, errs...)
		sum.Failed += len(errs)
	}
	sum.Documents = len(docs)
	for _, d := range docs {
		sum.Bytes += int64(len(d.Text))
	}

	type job struct {
		i int
		d normalize.Doc
	}
	type done struct {
		i   int
		b   *graph.Batch
		res Result
		err error
	}
	jobs := make(chan job)
	results := make(chan done, p.opts.Workers)
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var wg sync.WaitGroup
	for w := 0; w < p.opts.Workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				b, res, err := p.prepare(ctx, j.d)
				results <- done{j.i, b, res, err}
			}
		}()
	}
	go func() {
		defer close(jobs)
		for i, d := range docs {
			select {
			case jobs <- job{i, d}:
			case <-ctx.Done():
				return
			}
		}
	}()
	go func() { wg.Wait(); close(results) }()

	// Documents extracted meanwhile are written together: several to a
	// transaction (graph.Store.WriteDocuments), each still all or nothing.
	n := 0
	var ready []done
	flush := func() {
		if len(ready) == 0 {
			return
		}
		batches := make([]*graph.Batch, len(ready))
		for i, r := range ready {
			batches[i] = r.b
		}
		res, err := p.store.WriteDocuments(ctx, batches)
		for i, r := range ready {
			switch {
			case i < len(res) && res[i].Created:
				sum.Created++
			case err != nil:
				sum.Failed++
				sum.Errors = append(sum.Errors, fmt.Errorf("ingest: write %s: %w", docs[r.i].Source, err))
			default:
				sum.Skipped++
			}
			n++
			if progress != nil {
				progress(Progress{Done: n, Total: len(docs), Source: docs[r.i].Source})
			}
		}
		ready = ready[:0]
	}
	take := func(r done) {
		switch {
		case r.err != nil:
			sum.Failed++
			sum.Errors = append(sum.Errors, fmt.Errorf("%s: %w", docs[r.i].Source, r.err))
		case r.b == nil:
			sum.Skipped++
		default:
			ready = append(ready, r)
			return
		}
		n++
		if progress != nil {
			progress(Progress{Done: n, Total: len(docs), Source: docs[r.i].Source})
		}
	}
	for r := range results {
		take(r)
	drain:
		for len(ready) < maxWriteGroup {
			select {
			case r, ok := <-results:
				if !ok {
					break drain
				}
				take(r)
			default:
				break drain
			}
		}
		flush()
	}
	flush()
	if err := ctx.Err(); err != nil {
		return sum, err
	}
	after, err := p.store.Stats(context.WithoutCancel(ctx))
	if err != nil {
		return sum, err
	}
	sum.Entities = after.Entities - before.Entities
	sum.Relations = after.Relations - before.Relations
	sum.Duration = time.Since(start)
	return sum, nil
}

// ExpandPaths lists the ingestible files under paths: files as given,
// folders walked recursively for files with one of Extensions. Paths that do
// not exist are reported.
func ExpandPaths(paths []string) ([]string, []error) {
	var files []string
	var errs []error
	for _, p := range paths {
		st, err := os.Stat(p)
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", p, err))
			continue
		}
		if !st.IsDir() {
			files = append(files, p)
			continue
		}
		err = filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				errs = append(errs, fmt.Errorf("%s: %w", path, err))
				return nil
			}
			if d.IsDir() {
				if path != p && strings.HasPrefix(d.Name(), ".") {
					return filepath.SkipDir
				}
				return nil
			}
			if hasExt(path) && !strings.EqualFold(d.Name(), "README.md") {
				files = append(files, path)
			}
			return nil
		})
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", p, err))
		}
	}
	sort.Strings(files)
	return files, errs
}

func hasExt(path string) bool {
	ext := strings.ToLower(filepath.Ext(path))
	for _, e := range Extensions {
		if e == ext {
			return true
		}
	}
	return false
}

// ReadFile reads one file into normalized documents (no store involved).
func ReadFile(path string, maxBytes int) ([]normalize.Doc, []error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, []error{fmt.Errorf("%s: %w", path, err)}
	}
	defer f.Close()
	return normalize.Read(path, f, normalize.Limits{MaxDocBytes: maxBytes})
}

// IngestFS ingests every ingestible file under root in fsys (the embedded
// demo corpus), like IngestPaths.
func (p *Pipeline) IngestFS(ctx context.Context, fsys fs.FS, root string) (Summary, error) {
	start := time.Now()
	var sum Summary
	before, err := p.store.Stats(ctx)
	if err != nil {
		return sum, err
	}
	err = fs.WalkDir(fsys, root, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !hasExt(path) || strings.EqualFold(filepath.Base(path), "README.md") {
			return err
		}
		sum.Files++
		f, err := fsys.Open(path)
		if err != nil {
			return fmt.Errorf("ingest: open %s: %w", path, err)
		}
		docs, errs := normalize.Read(path, f, normalize.Limits{MaxDocBytes: p.opts.MaxDocBytes})
		f.Close()
		sum.Errors = append(sum.Errors, errs...)
		sum.Failed += len(errs)
		for _, d := range docs {
			sum.Documents++
			sum.Bytes += int64(len(d.Text))
			res, err := p.Ingest(ctx, d)
			switch {
			case err != nil:
				sum.Failed++
				sum.Errors = append(sum.Errors, err)
			case res.Created:
				sum.Created++
			default:
				sum.Skipped++
			}
		}
		return nil
	})
	if err != nil {
		return sum, err
	}
	after, err := p.store.Stats(ctx)
	if err != nil {
		return sum, err
	}
	sum.Entities = after.Entities - before.Entities
	sum.Relations = after.Relations - before.Relations
	sum.Duration = time.Since(start)
	return sum, nil
}
