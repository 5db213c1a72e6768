package resolvers

import (
	"context"
	"testing"
)

// TestBuffersLentUntilWritten checks the lending rules of the fast path's
// answer buffers: a lent buffer is not handed out again before the
// transport says its response is written, and without recycling nothing is
// pooled at all.
func TestBuffersLentUntilWritten(t *testing.T) {
	var b buffers
	ctx, written := WithRecycling(context.Background())
	lent, r := b.take(ctx, 64)
	if r == nil {
		t.Fatal("no recycler under WithRecycling")
	}
	*lent = append(*lent, "answer"...)
	b.lend(r, lent)
	for range 4 {
		next, r2 := b.take(ctx, 64)
		if next == lent {
			t.Fatal("a lent buffer was handed out again before its response was written")
		}
		b.give(r2, next)
	}
	if string(*lent) != "answer" {
		t.Fatalf("the lent answer changed to %q", *lent)
	}
	written()
	if len(*lent) != 0 {
		t.Errorf("a buffer given back keeps %d bytes", len(*lent))
	}

	plain, r3 := b.take(context.Background(), 64)
	if r3 != nil {
		t.Fatal("a recycler without WithRecycling")
	}
	*plain = append(*plain, "mine"...)
	b.give(r3, plain)
	b.lend(r3, plain)
	if string(*plain) != "mine" {
		t.Errorf("a buffer that was never pooled was reset to %q", *plain)
	}
}
