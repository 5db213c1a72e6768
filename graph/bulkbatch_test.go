package graph

import (
	"context"
	"path/filepath"
	"testing"
)

// TestBulkBatch checks the size of a bulk load's transactions as the store
// grows, and that a store other than bolt keeps BatchSize.
func TestBulkBatch(t *testing.T) {
	for _, tt := range []struct {
		stored int64
		want   int
	}{
		{0, BatchSize},
		{999_999, BatchSize},
		{1_000_000, BatchSize},
		{1_500_000, 750_000},
		{4_000_000, MaxBatchSize},
		{10_650_000, MaxBatchSize},
	} {
		if got := bulkBatchFor(tt.stored); got != tt.want {
			t.Errorf("bulkBatchFor(%d) = %d, want %d", tt.stored, got, tt.want)
		}
	}
	ctx := context.Background()
	bolt, err := Open(ctx, Config{Path: filepath.Join(t.TempDir(), "b.db"), NoSnapshot: true})
	if err != nil {
		t.Fatal(err)
	}
	defer bolt.Close()
	mem, err := Open(ctx, Config{Backend: BackendMemory})
	if err != nil {
		t.Fatal(err)
	}
	defer mem.Close()
	if got := bolt.BulkBatch(); got != BatchSize {
		t.Errorf("empty bolt store: BulkBatch %d, want %d", got, BatchSize)
	}
	if got := mem.BulkBatch(); got != BatchSize {
		t.Errorf("memory store: BulkBatch %d, want %d", got, BatchSize)
	}
}
