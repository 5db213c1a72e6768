package ingest

import (
	"context"
	"fmt"
	"time"

	"github.com/newsgraph/newsgraph/extract"
	"github.com/newsgraph/newsgraph/graph"
)

// ReextractSummary says what Reextract did.
type ReextractSummary struct {
	Documents int
	Changed   int // documents whose quads changed
	Added     int // quads
	Removed   int
	Duration  time.Duration
	Errors    []error
}

// Reextract rebuilds the text-derived graph of every stored document with
// the current extractor: each document's quads are replaced by those of a
// fresh extraction of its stored text. Structured imports and analyst work
// are other sources and stay as they are; a document that extracts the same
// as before is left untouched.
func (p *Pipeline) Reextract(ctx context.Context, progress func(Progress)) (ReextractSummary, error) {
	start := time.Now()
	var sum ReextractSummary
	var ids []string
	after := ""
	for {
		page, err := p.store.Documents(ctx, graph.DocumentFilter{}, graph.Page{First: graph.MaxPage, After: after})
		if err != nil {
			return sum, err
		}
		for _, d := range page.Documents {
			ids = append(ids, d.ID)
		}
		if !page.HasNext {
			break
		}
		after = page.EndCursor
	}
	for i, id := range ids {
		if err := ctx.Err(); err != nil {
			return sum, err
		}
		sum.Documents++
		res, err := p.reextractOne(ctx, id)
		if err != nil {
			sum.Errors = append(sum.Errors, fmt.Errorf("%s: %w", id, err))
		} else if res.Added+res.Removed > 0 {
			sum.Changed++
			sum.Added += res.Added
			sum.Removed += res.Removed
		}
		if progress != nil {
			progress(Progress{Done: i + 1, Total: len(ids), Source: id})
		}
	}
	sum.Duration = time.Since(start)
	return sum, nil
}

func (p *Pipeline) reextractOne(ctx context.Context, id string) (graph.WriteResult, error) {
	doc, err := p.store.Document(ctx, id, true)
	if err != nil {
		return graph.WriteResult{}, err
	}
	doc.Extractor = extract.Version
	b, err := p.extractBatch(ctx, doc)
	if err != nil {
		return graph.WriteResult{}, err
	}
	return p.store.ReplaceSource(ctx, b)
}
