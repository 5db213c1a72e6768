package main

import (
	"bufio"
	"compress/gzip"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/newsgraph/newsgraph/export"
)

func runExport(ctx context.Context, env *Env, args []string) error {
	fs := newFlagSet(env, "export", "export --format nquads|stix|graphml|cytoscape [--out FILE] [--db PATH]")
	var sf storeFlags
	sf.register(fs)
	format := fs.String("format", "", "nquads (lossless), stix (STIX 2.1 bundle), graphml (Gephi, yEd) or cytoscape (Cytoscape JSON)")
	out := fs.String("out", "", "write to FILE (gzipped if it ends in .gz) instead of standard output")
	rest, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return usagef("unexpected argument %q (the output file goes after --out)", rest[0])
	}
	f, ok := export.ParseFormat(*format)
	if !ok {
		return usagef("--format must be nquads, stix, graphml or cytoscape, not %q", *format)
	}
	store, err := sf.open(ctx, true)
	if err != nil {
		return err
	}
	defer store.Close()
	start := time.Now()
	if *out == "" {
		bw := bufio.NewWriterSize(env.Stdout, 64<<10)
		if err := export.Write(ctx, bw, store, f); err != nil {
			return err
		}
		return bw.Flush()
	}
	n, err := writeFileAtomic(*out, func(w io.Writer) error { return export.Write(ctx, w, store, f) })
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stderr, "newsgraph export: wrote %s (%s, %d bytes) in %.2f s\n", *out, f, n, time.Since(start).Seconds())
	return nil
}

// writeFileAtomic writes a file through a temporary file in the same folder
// renamed at the end, so a failed export leaves no half-written file. A
// name ending in .gz is gzipped. It returns the bytes written.
func writeFileAtomic(path string, write func(io.Writer) error) (int64, error) {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return 0, err
	}
	defer os.Remove(tmp.Name())
	cw := &countWriter{w: tmp}
	bw := bufio.NewWriterSize(cw, 64<<10)
	var w io.Writer = bw
	var zw *gzip.Writer
	if strings.HasSuffix(path, ".gz") {
		zw = gzip.NewWriter(bw)
		w = zw
	}
	err = write(w)
	if err == nil && zw != nil {
		err = zw.Close()
	}
	if err == nil {
		err = bw.Flush()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return 0, err
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return 0, err
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return 0, err
	}
	return cw.n, nil
}

type countWriter struct {
	w io.Writer
	n int64
}

func (c *countWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}
