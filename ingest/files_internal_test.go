package ingest

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sync/atomic"
	"testing"
	"testing/fstest"

	"github.com/newsgraph/newsgraph/extract"
	"github.com/newsgraph/newsgraph/graph"
)

// countingFS counts the files opened.
type countingFS struct {
	fstest.MapFS
	opened atomic.Int64
}

func (c *countingFS) Open(name string) (fs.File, error) {
	f, err := c.MapFS.Open(name)
	if err == nil {
		if st, _ := f.Stat(); st != nil && !st.IsDir() {
			c.opened.Add(1)
		}
	}
	return f, err
}

func newTestPipeline(t *testing.T, workers int) (*graph.Store, *Pipeline) {
	t.Helper()
	s, err := graph.Open(context.Background(), graph.Config{Backend: graph.BackendMemory})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	ext, err := extract.Default()
	if err != nil {
		t.Fatal(err)
	}
	return s, New(s, ext, Options{Workers: workers})
}

// TestIngestStreams: files are read as extraction goes, so the reader is
// never more than a few documents ahead of the writer (the channels, the
// workers and one write group), whatever the number of files.
func TestIngestStreams(t *testing.T) {
	const files = 300
	fsys := &countingFS{MapFS: fstest.MapFS{}}
	for i := range files {
		fsys.MapFS[fmt.Sprintf("in/%03d.txt", i)] = &fstest.MapFile{Data: fmt.Appendf(nil, "NATO condemned Russia for attack number %d.\n", i)}
	}
	for _, workers := range []int{1, 2, 4} {
		t.Run(fmt.Sprintf("workers=%d", workers), func(t *testing.T) {
			fsys.opened.Store(0)
			_, p := newTestPipeline(t, workers)
			ahead := maxWriteGroup + 2*workers + 2 // written group, results, workers, reader
			worst := 0
			sum, err := p.IngestFiles(context.Background(), FilesFS(fsys, "in"), func(pr Progress) {
				worst = max(worst, int(fsys.opened.Load())-pr.Done)
				if pr.Total > files || pr.Done > pr.Total {
					t.Errorf("progress %+v with %d files", pr, files)
				}
			})
			if err != nil || sum.Created != files || sum.Files != files || sum.Documents != files || sum.Failed != 0 {
				t.Fatalf("summary %+v, %v", sum, err)
			}
			if worst > ahead {
				t.Errorf("the reader was %d files ahead of the writer; want at most %d", worst, ahead)
			}
		})
	}
}

// TestFilesSameForPathsAndFS: a folder on disk and the same tree as an
// fs.FS give the same files, named by their path, in the same order; hidden
// folders, README.md and other extensions are left out, a file given by
// name is taken whatever its extension, and a missing path is an error.
func TestFilesSameForPathsAndFS(t *testing.T) {
	tree := map[string]string{
		"a.txt": "x", "b/c.md": "x", "b/d.jsonl": "x", "b/README.md": "x", "b/e.go": "x",
		".hidden/f.txt": "x", "g/.h.txt": "x", "z.HTML": "x",
	}
	dir := t.TempDir()
	mfs := fstest.MapFS{}
	for name, body := range tree {
		p := filepath.Join(dir, "root", filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		mfs["root/"+name] = &fstest.MapFile{Data: []byte(body)}
	}
	collect := func(files func(yield func(File, error) bool)) (names []string, errs []error) {
		for f, err := range files {
			if err != nil {
				errs = append(errs, err)
				continue
			}
			names = append(names, f.Name)
		}
		return names, errs
	}
	want := []string{"root/a.txt", "root/b/c.md", "root/b/d.jsonl", "root/g/.h.txt", "root/z.HTML"}
	got, errs := collect(FilesFS(mfs, "root"))
	if !slices.Equal(got, want) || len(errs) != 0 {
		t.Errorf("fs.FS: %q %v, want %q", got, errs, want)
	}
	onDisk, errs := collect(Files([]string{filepath.Join(dir, "root")}))
	for i := range onDisk {
		onDisk[i], _ = filepath.Rel(dir, onDisk[i])
	}
	if !slices.Equal(onDisk, want) || len(errs) != 0 {
		t.Errorf("paths: %q %v, want %q", onDisk, errs, want)
	}
	named := filepath.Join(dir, "root", "b", "e.go")
	missing := filepath.Join(dir, "missing.txt")
	got, errs = collect(Files([]string{named, missing}))
	if !slices.Equal(got, []string{named}) || len(errs) != 1 || !errors.Is(errs[0], fs.ErrNotExist) {
		t.Errorf("named and missing: %q %v", got, errs)
	}
	if _, errs = collect(FilesFS(mfs, "nope")); len(errs) != 1 || !errors.Is(errs[0], fs.ErrNotExist) {
		t.Errorf("missing fs.FS root: %v", errs)
	}
}
