package bench

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/newsgraph/newsgraph/graph"
)

// BenchmarkLoadStore loads a synthetic graph into a fresh bolt store the
// way an ingest does (WriteDocuments, documents grouped by BatchSize).
func BenchmarkLoadStore(b *testing.B) {
	for _, n := range []int{20_000, 100_000} {
		b.Run(fmt.Sprintf("%dk", n/1000), func(b *testing.B) { benchLoad(b, n) })
	}
}

func benchLoad(b *testing.B, entities int) {
	ctx := context.Background()
	gen := NewGenerator(GenConfig{Entities: entities, Seed: 1})
	var batches []*graph.Batch
	var counts []int // quads of each batch, counted before the clock starts
	quads := 0
	for i := 0; i < gen.Documents(); i++ {
		bt := gen.Document(i)
		q, _ := bt.Quads()
		quads += len(q)
		batches = append(batches, bt)
		counts = append(counts, len(q))
	}
	b.ResetTimer()
	for n := 0; n < b.N; n++ {
		s, err := graph.Open(ctx, graph.Config{Backend: graph.BackendBolt, Path: filepath.Join(b.TempDir(), "l.db"), NoSync: true})
		if err != nil {
			b.Fatal(err)
		}
		var group []*graph.Batch
		gq := 0
		for i, bt := range batches {
			group = append(group, bt)
			gq += counts[i]
			if gq >= graph.BatchSize {
				if _, err := s.WriteDocuments(ctx, group); err != nil {
					b.Fatal(err)
				}
				group, gq = group[:0], 0
			}
		}
		if _, err := s.WriteDocuments(ctx, group); err != nil {
			b.Fatal(err)
		}
		s.Close()
	}
	b.ReportMetric(float64(quads*b.N)/b.Elapsed().Seconds(), "quads/s")
}
