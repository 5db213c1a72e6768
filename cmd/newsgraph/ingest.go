package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/newsgraph/newsgraph/extract"
	"github.com/newsgraph/newsgraph/extract/eval"
	"github.com/newsgraph/newsgraph/ingest"
	"github.com/newsgraph/newsgraph/ingest/normalize"
)

func runIngest(ctx context.Context, env *Env, args []string) error {
	fs := newFlagSet(env, "ingest", "ingest [--db PATH] PATH...")
	var sf storeFlags
	sf.register(fs)
	workers := fs.Int("workers", 2, "documents extracted at once")
	paths, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(paths) == 0 {
		return usagef("give at least one file or folder to ingest")
	}
	store, err := sf.open(ctx, false)
	if err != nil {
		return err
	}
	defer store.Close()
	ext, err := extract.Default()
	if err != nil {
		return err
	}
	pipe := ingest.New(store, ext, ingest.Options{Workers: *workers})
	progress := progressPrinter(env.Stderr)
	sum, err := pipe.IngestPaths(ctx, paths, progress)
	if progress != nil {
		fmt.Fprintln(env.Stderr)
	}
	for _, e := range sum.Errors {
		fmt.Fprintf(env.Stderr, "newsgraph ingest: %s\n", oneLine(e))
	}
	fmt.Fprintf(env.Stdout, "documents: %d read, %d new, %d already stored, %d failed\nentities: +%d\nrelations: +%d\nseconds: %.2f (%.1f KB/s)\n",
		sum.Documents, sum.Created, sum.Skipped, sum.Failed, sum.Entities, sum.Relations, sum.Duration.Seconds(),
		float64(sum.Bytes)/1024/max(sum.Duration.Seconds(), 1e-9))
	if err != nil {
		return err
	}
	if sum.Failed > 0 {
		return fmt.Errorf("%d of %d documents or files failed", sum.Failed, sum.Documents+len(sum.Errors))
	}
	return nil
}

// progressPrinter returns a progress callback that redraws one line, or nil
// when w is not a terminal.
func progressPrinter(w io.Writer) func(ingest.Progress) {
	f, ok := w.(*os.File)
	if !ok {
		return nil
	}
	st, err := f.Stat()
	if err != nil || st.Mode()&os.ModeCharDevice == 0 {
		return nil
	}
	return func(p ingest.Progress) {
		name := filepath.Base(p.Source)
		if len(name) > 40 {
			name = name[:39] + "…"
		}
		fmt.Fprintf(w, "\r\033[K%d/%d %s", p.Done, p.Total, name)
	}
}

func runExtract(ctx context.Context, env *Env, args []string) error {
	fs := newFlagSet(env, "extract", "extract [--format json] PATH...")
	format := fs.String("format", "json", "output format: json (one object per document per line)")
	paths, err := parse(fs, args)
	if err != nil {
		return err
	}
	if *format != "json" {
		return usagef("unknown format %q (want json)", *format)
	}
	if len(paths) == 0 {
		return usagef("give at least one file or folder")
	}
	ext, err := extract.Default()
	if err != nil {
		return err
	}
	enc := json.NewEncoder(env.Stdout)
	enc.SetEscapeHTML(false)
	failed := 0
	err = eachDoc(paths, env, func(path string, d normalize.Doc, multi bool) error {
		res, err := ext.Extract(ctx, extract.Input{Name: d.Source, Title: d.Title, Text: d.Text, Published: d.Published})
		if err != nil {
			return err
		}
		// CONTRACT.md: a JSONL record's (or feed item's) own id names it;
		// without one, the file name, with "#n" for files of several
		name := eval.DocName(path)
		switch {
		case d.ID != "":
			name = d.ID
		case multi:
			name = d.Source
		}
		return enc.Encode(eval.FromResult(name, res))
	}, &failed)
	if err != nil {
		return err
	}
	if failed > 0 {
		return fmt.Errorf("%d files or documents could not be read", failed)
	}
	return nil
}

// eachDoc reads every document of the files under paths and calls fn; read
// errors are reported on stderr and counted, the rest go on.
func eachDoc(paths []string, env *Env, fn func(path string, d normalize.Doc, multi bool) error, failed *int) error {
	for f, err := range ingest.Files(paths) {
		if err != nil {
			fmt.Fprintf(env.Stderr, "newsgraph: %s\n", oneLine(err))
			*failed++
			continue
		}
		docs, errs := f.Read(ingest.DefaultMaxDocBytes)
		for _, e := range errs {
			fmt.Fprintf(env.Stderr, "newsgraph: %s\n", oneLine(e))
			*failed++
		}
		for _, d := range docs {
			if err := fn(f.Name, d, len(docs) > 1 || strings.Contains(d.Source, "#")); err != nil {
				return err
			}
		}
	}
	return nil
}

func runEval(ctx context.Context, env *Env, args []string) error {
	fs := newFlagSet(env, "eval", "eval --gold DIR [PATH...]")
	goldDir := fs.String("gold", "", "folder of *.gold.json files (required)")
	details := fs.Bool("details", true, "list misses and false positives")
	asJSON := fs.Bool("json", false, "print the report as JSON")
	paths, err := parse(fs, args)
	if err != nil {
		return err
	}
	if *goldDir == "" {
		return usagef("--gold DIR is required")
	}
	golds, err := eval.LoadGold(*goldDir)
	if err != nil {
		return err
	}
	if len(golds) == 0 {
		return usagef("no *.gold.json files in %s", *goldDir)
	}
	if len(paths) == 0 {
		// the articles beside the gold files
		for _, g := range golds {
			for _, ext := range []string{".txt", ".md", ".html", ".htm"} {
				p := filepath.Join(*goldDir, g.Doc+ext)
				if _, err := os.Stat(p); err == nil {
					paths = append(paths, p)
					break
				}
			}
		}
	}
	ext, err := extract.Default()
	if err != nil {
		return err
	}
	var outs []eval.Doc
	failed := 0
	err = eachDoc(paths, env, func(path string, d normalize.Doc, _ bool) error {
		res, err := ext.Extract(ctx, extract.Input{Name: d.Source, Title: d.Title, Text: d.Text, Published: d.Published})
		if err != nil {
			return err
		}
		outs = append(outs, eval.FromResult(eval.DocName(path), res))
		return nil
	}, &failed)
	if err != nil {
		return err
	}
	report := eval.ScoreAll(golds, outs)
	if *asJSON {
		enc := json.NewEncoder(env.Stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(report)
	}
	report.WriteTable(env.Stdout, *details)
	return nil
}
