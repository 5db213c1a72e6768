package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/newsgraph/newsgraph/graph"
	"github.com/newsgraph/newsgraph/stix"
)

// importExtensions are the file name endings import reads in folders.
var importExtensions = []string{".json", ".json.gz", ".nq", ".nq.gz", ".nquads", ".nquads.gz"}

func runImport(ctx context.Context, env *Env, args []string) error {
	fs := newFlagSet(env, "import", "import [--db PATH] PATH...\n\nImports STIX 2.0/2.1 bundles (.json, .json.gz) and N-Quads (.nq, .nq.gz); folders are read recursively.")
	var sf storeFlags
	sf.register(fs)
	paths, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(paths) == 0 {
		return usagef("give at least one STIX bundle, N-Quads file or folder to import")
	}
	files, errs := expandImportPaths(paths)
	for _, e := range errs {
		fmt.Fprintf(env.Stderr, "newsgraph import: %s\n", oneLine(e))
	}
	if sf.backend == graph.BackendBolt && allNQuads(files) {
		if _, err := os.Stat(sf.db); errors.Is(err, os.ErrNotExist) {
			return importNew(ctx, env, sf, files, errs)
		}
	}
	store, err := sf.open(ctx, false)
	if err != nil {
		return err
	}
	defer store.Close()
	failed := len(errs)
	start := time.Now()
	added, removed := 0, 0
	for _, f := range files {
		a, r, err := importOne(ctx, env.Stdout, store, f)
		added += a
		removed += r
		if err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			fmt.Fprintf(env.Stderr, "newsgraph import: %s: %s\n", f, oneLine(err))
			failed++
		}
	}
	if len(files) > 1 {
		fmt.Fprintf(env.Stdout, "total: %d files, %d failed; quads +%d -%d; seconds %.2f\n",
			len(files)+len(errs), failed, added, removed, time.Since(start).Seconds())
	}
	if failed > 0 {
		return fmt.Errorf("%d of %d files failed", failed, len(files)+len(errs))
	}
	return nil
}

// allNQuads says whether every file is N-Quads by its name.
func allNQuads(files []string) bool {
	for _, f := range files {
		name := strings.TrimSuffix(strings.ToLower(f), ".gz")
		if !strings.HasSuffix(name, ".nq") && !strings.HasSuffix(name, ".nquads") {
			return false
		}
	}
	return len(files) > 0
}

// importNew imports N-Quads files into a store that does not exist yet, in
// one pass (graph.Loader): every file is read, then the store is written
// at once, several times faster than commits. A file that does not parse
// is reported and adds nothing; the others still go in.
func importNew(ctx context.Context, env *Env, sf storeFlags, files []string, errs []error) error {
	start := time.Now()
	l, err := graph.NewLoader(graph.Config{Path: sf.db, Logger: sf.log})
	if err != nil {
		return err
	}
	failed := len(errs)
	for _, path := range files {
		t := time.Now()
		read, err := readNQuadsFile(ctx, l, path)
		if err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			fmt.Fprintf(env.Stderr, "newsgraph import: %s: %s\n", path, oneLine(err))
			failed++
			continue
		}
		fmt.Fprintf(env.Stdout, "%s: N-Quads\n  quads:    %d read\n  seconds:  %.2f\n", path, read, time.Since(t).Seconds())
	}
	store, err := l.Open(ctx)
	if err != nil {
		return err
	}
	if err := store.Close(); err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "new store %s: %d quads written in one pass; seconds %.2f\n", sf.db, l.Written(), time.Since(start).Seconds())
	if failed > 0 {
		return fmt.Errorf("%d of %d files failed", failed, len(files)+len(errs))
	}
	return nil
}

// readNQuadsFile gathers one N-Quads file (gzipped or not) into l.
func readNQuadsFile(ctx context.Context, l *graph.Loader, path string) (int, error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	r, err := graph.Decompress(f)
	if err != nil {
		return 0, err
	}
	return l.ReadNQuads(ctx, r)
}

// importOne imports one file, printing its summary, and returns the quads
// it added and removed.
func importOne(ctx context.Context, w io.Writer, store *graph.Store, path string) (int, int, error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, 0, err
	}
	defer f.Close()
	r, err := graph.Decompress(f)
	if err != nil {
		return 0, 0, err
	}
	if isNQuads(path, r) {
		start := time.Now()
		read, added, err := store.ImportNQuads(ctx, r)
		if err != nil {
			return added, 0, err
		}
		fmt.Fprintf(w, "%s: N-Quads\n  quads:    %d read, +%d new\n  seconds:  %.2f\n", path, read, added, time.Since(start).Seconds())
		return added, 0, nil
	}
	sum, err := stix.Import(ctx, store, r, filepath.Base(path))
	if err != nil {
		return sum.Added, sum.Removed, err
	}
	version := sum.SpecVersion
	if version == "" {
		version = "2.x"
	}
	fmt.Fprintf(w, "%s: STIX %s %s\n", path, version, strings.TrimPrefix(sum.Source, "stix:"))
	fmt.Fprintf(w, "  objects:  %d read\n", sum.Objects)
	fmt.Fprintf(w, "  imported: %d entities%s, %d relationships, %d reports\n", sum.ImportedTotal(), counts(sum.Imported), sum.Relationships, sum.Reports)
	unmapped := 0
	for _, n := range sum.Unmapped {
		unmapped += n
	}
	fmt.Fprintf(w, "  skipped:  %d revoked, %d deprecated, %d of other types%s, %d relationships with an end not imported, %d invalid\n",
		sum.Revoked, sum.Deprecated, unmapped, counts(sum.Unmapped), sum.Dangling, sum.Invalid)
	if sum.Superseded > 0 || sum.Replaced > 0 {
		fmt.Fprintf(w, "  versions: %d skipped (a newer version is stored), %d older versions replaced\n", sum.Superseded, sum.Replaced)
	}
	if sum.Existed && sum.Added+sum.Removed > 0 {
		fmt.Fprintf(w, "  note:     a bundle with this id was stored before; this file's content replaced it\n")
	}
	fmt.Fprintf(w, "  quads:    +%d -%d\n  seconds:  %.2f\n", sum.Added, sum.Removed, sum.Duration.Seconds())
	return sum.Added, sum.Removed, nil
}

// counts formats per-type counts as " (a 1, b 2)", sorted by type.
func counts(m map[string]int) string {
	if len(m) == 0 {
		return ""
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = fmt.Sprintf("%s %d", k, m[k])
	}
	return " (" + strings.Join(parts, ", ") + ")"
}

// isNQuads decides the format: by extension, else by the first non-blank
// character (a JSON bundle starts with '{' or '[').
func isNQuads(path string, r *bufio.Reader) bool {
	name := strings.TrimSuffix(strings.ToLower(path), ".gz")
	switch {
	case strings.HasSuffix(name, ".nq"), strings.HasSuffix(name, ".nquads"):
		return true
	case strings.HasSuffix(name, ".json"):
		return false
	}
	for n := 1; n <= 4096; n++ {
		b, err := r.Peek(n)
		if err != nil || len(b) < n {
			return false
		}
		switch c := b[n-1]; c {
		case ' ', '\t', '\r', '\n':
			continue
		default:
			return c != '{' && c != '['
		}
	}
	return false
}

// expandImportPaths lists the files to import: files as given, folders
// recursively by importExtensions, sorted.
func expandImportPaths(paths []string) ([]string, []error) {
	var files []string
	var errs []error
	for _, p := range paths {
		st, err := os.Stat(p)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if !st.IsDir() {
			files = append(files, p)
			continue
		}
		var found []string
		err = filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() {
				return nil
			}
			lower := strings.ToLower(path)
			for _, ext := range importExtensions {
				if strings.HasSuffix(lower, ext) {
					found = append(found, path)
					break
				}
			}
			return nil
		})
		if err != nil {
			errs = append(errs, fmt.Errorf("read folder %s: %w", p, err))
		}
		sort.Strings(found)
		files = append(files, found...)
	}
	return files, errs
}
