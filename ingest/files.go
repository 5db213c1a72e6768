package ingest

import (
	"context"
	"fmt"
	"io/fs"
	"iter"
	"os"
	"path"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/newsgraph/newsgraph/graph"
	"github.com/newsgraph/newsgraph/ingest/normalize"
)

// Extensions that a walk of a folder picks up.
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
	// Done counts the documents ingested (or skipped, or failed) so far;
	// Total those read so far, which grows while files are still being
	// read.
	Done, Total int
	Source      string
}

// File is one ingestible file, found by Files or FilesFS.
type File struct {
	// Name names the file in errors and is its documents' source: the
	// path on disk as given or found by the walk, or the path in the fs.FS.
	Name string
	fsys fs.FS
	path string // in fsys
}

// Read reads the file into normalized documents (no store involved); bad
// records and a file that cannot be read are reported by name.
func (f File) Read(maxBytes int) ([]normalize.Doc, []error) {
	r, err := f.fsys.Open(f.path)
	if err != nil {
		return nil, []error{fmt.Errorf("%s: %w", f.Name, err)}
	}
	defer r.Close()
	return normalize.Read(f.Name, r, normalize.Limits{MaxDocBytes: maxBytes})
}

// Files yields the ingestible files under paths as it walks them: files as
// given, folders recursively for files with one of Extensions (hidden
// folders and README.md files left out), each folder in lexical order. A
// path that does not exist or a folder that cannot be read is yielded as an
// error naming it, and the walk goes on.
func Files(paths []string) iter.Seq2[File, error] {
	return func(yield func(File, error) bool) {
		for _, p := range paths {
			st, err := os.Stat(p)
			switch {
			case err != nil:
				if !yield(File{}, fmt.Errorf("%s: %w", p, err)) {
					return
				}
			case !st.IsDir():
				if !yield(File{Name: p, fsys: os.DirFS(filepath.Dir(p)), path: filepath.Base(p)}, nil) {
					return
				}
			default:
				name := func(rel string) string { return filepath.Join(p, filepath.FromSlash(rel)) }
				if !walk(os.DirFS(p), ".", name, yield) {
					return
				}
			}
		}
	}
}

// FilesFS yields the ingestible files under root in fsys (the embedded demo
// corpus), like Files does for a folder.
func FilesFS(fsys fs.FS, root string) iter.Seq2[File, error] {
	return func(yield func(File, error) bool) {
		walk(fsys, root, func(p string) string { return p }, yield)
	}
}

// walk yields the ingestible files under root in fsys, named by name; it
// reports whether the caller still wants more.
func walk(fsys fs.FS, root string, name func(string) string, yield func(File, error) bool) bool {
	more := true
	fs.WalkDir(fsys, root, func(p string, d fs.DirEntry, err error) error {
		switch {
		case err != nil:
			more = yield(File{}, fmt.Errorf("%s: %w", name(p), err))
		case d.IsDir():
			if p != root && strings.HasPrefix(d.Name(), ".") {
				return fs.SkipDir
			}
			return nil
		case hasExt(p) && !strings.EqualFold(d.Name(), "README.md"):
			more = yield(File{Name: name(p), fsys: fsys, path: p}, nil)
		}
		if !more {
			return fs.SkipAll
		}
		return nil
	})
	return more
}

func hasExt(name string) bool {
	ext := strings.ToLower(path.Ext(name))
	for _, e := range Extensions {
		if e == ext {
			return true
		}
	}
	return false
}

// IngestPaths ingests files and folders (recursively, by extension; see
// Files). A bad file or record is reported in Summary.Errors by name and
// the rest still go in. Files are read as extraction goes, one at a time,
// so memory holds a few documents and not the whole input; extraction runs
// on Options.Workers goroutines; writes are serialized, several documents
// to a transaction (graph.Store.WriteDocuments), each still all or nothing.
func (p *Pipeline) IngestPaths(ctx context.Context, paths []string, progress func(Progress)) (Summary, error) {
	return p.IngestFiles(ctx, Files(paths), progress)
}

// IngestFS ingests every ingestible file under root in fsys (the embedded
// demo corpus), like IngestPaths.
func (p *Pipeline) IngestFS(ctx context.Context, fsys fs.FS, root string) (Summary, error) {
	return p.IngestFiles(ctx, FilesFS(fsys, root), nil)
}

// extracted is a document through extraction: its batch, nil when it was
// already stored or could not be extracted.
type extracted struct {
	source string
	b      *graph.Batch
	err    error
}

// IngestFiles ingests the files that files yields, as IngestPaths
// describes; it is the one ingest loop behind IngestPaths and IngestFS.
func (p *Pipeline) IngestFiles(ctx context.Context, files iter.Seq2[File, error], progress func(Progress)) (Summary, error) {
	start := time.Now()
	var sum Summary
	before, err := p.store.Stats(ctx)
	if err != nil {
		return sum, err
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	// the reader walks and reads the files and hands their documents to
	// the workers; what it counts is read once results is closed
	jobs := make(chan normalize.Doc)
	var read readSummary
	go func() {
		defer close(jobs)
		read.run(ctx, files, p.opts.MaxDocBytes, jobs)
	}()
	results := make(chan extracted, p.opts.Workers)
	var wg sync.WaitGroup
	for w := 0; w < p.opts.Workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for d := range jobs {
				b, _, err := p.prepare(ctx, d)
				results <- extracted{d.Source, b, err}
			}
		}()
	}
	go func() { wg.Wait(); close(results) }()

	w := writer{p: p, sum: &sum, progress: progress, total: &read.docs}
	for r := range results {
		w.take(r)
	drain: // documents extracted meanwhile are written together
		for len(w.ready) < maxWriteGroup {
			select {
			case r, ok := <-results:
				if !ok {
					break drain
				}
				w.take(r)
			default:
				break drain
			}
		}
		w.flush(ctx)
	}
	sum.Files, sum.Documents, sum.Bytes = read.files, int(read.docs.Load()), read.bytes
	sum.Errors = append(read.errs, sum.Errors...)
	sum.Failed += len(read.errs)
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

// readSummary is what the reader of IngestFiles counts. Only docs is read
// while it runs (for progress).
type readSummary struct {
	files int
	docs  atomic.Int64
	bytes int64
	errs  []error
}

// run reads the files one at a time and sends their documents to jobs
// until the files end or ctx is done.
func (r *readSummary) run(ctx context.Context, files iter.Seq2[File, error], maxBytes int, jobs chan<- normalize.Doc) {
	for f, err := range files {
		if err != nil {
			r.errs = append(r.errs, err)
			continue
		}
		r.files++
		docs, errs := f.Read(maxBytes)
		r.errs = append(r.errs, errs...)
		for _, d := range docs {
			r.docs.Add(1)
			r.bytes += int64(len(d.Text))
			select {
			case jobs <- d:
			case <-ctx.Done():
				return
			}
		}
	}
}

// writer counts the extracted documents and writes them in groups.
type writer struct {
	p        *Pipeline
	sum      *Summary
	progress func(Progress)
	total    *atomic.Int64
	done     int
	ready    []extracted
}

// take counts a document that needs no write and keeps the others for the
// next flush.
func (w *writer) take(r extracted) {
	switch {
	case r.err != nil:
		w.sum.Failed++
		w.sum.Errors = append(w.sum.Errors, fmt.Errorf("%s: %w", r.source, r.err))
	case r.b == nil:
		w.sum.Skipped++
	default:
		w.ready = append(w.ready, r)
		return
	}
	w.report(r.source)
}

// flush writes the documents kept by take, several to a transaction.
func (w *writer) flush(ctx context.Context) {
	if len(w.ready) == 0 {
		return
	}
	batches := make([]*graph.Batch, len(w.ready))
	for i, r := range w.ready {
		batches[i] = r.b
	}
	res, err := w.p.store.WriteDocuments(ctx, batches)
	for i, r := range w.ready {
		switch {
		case i < len(res) && res[i].Created:
			w.sum.Created++
		case err != nil:
			w.sum.Failed++
			w.sum.Errors = append(w.sum.Errors, fmt.Errorf("ingest: write %s: %w", r.source, err))
		default:
			w.sum.Skipped++
		}
		w.report(r.source)
	}
	w.ready = w.ready[:0]
}

func (w *writer) report(source string) {
	w.done++
	if w.progress != nil {
		w.progress(Progress{Done: w.done, Total: int(w.total.Load()), Source: source})
	}
}
