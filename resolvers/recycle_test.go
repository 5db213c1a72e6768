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

// TestFramed checks when a transport may send the fast path's framed
// answer as the body: only for the very data the fast path wrote, under
// recycling, and not after the buffers were given back.
func TestFramed(t *testing.T) {
	if _, ok := Framed(context.Background(), []byte(`{}`)); ok {
		t.Error("a frame without recycling")
	}
	ctx, written := WithRecycling(context.Background())
	r := ctx.Value(recyclerKey{}).(*recycler)
	r.framed = []byte(dataFrame + `{"a":1}` + "}")
	data := r.framed[len(dataFrame) : len(r.framed)-1]
	body, ok := Framed(ctx, data)
	if !ok || string(body) != `{"data":{"a":1}}` {
		t.Errorf("Framed = %q, %v; want the whole body", body, ok)
	}
	for name, other := range map[string][]byte{
		"a copy":       []byte(`{"a":1}`),
		"a part":       data[:len(data)-1],
		"another data": []byte(`{"b":2}`),
		"empty":        nil,
	} {
		if _, ok := Framed(ctx, other); ok {
			t.Errorf("%s of the data was framed", name)
		}
	}
	written()
	if _, ok := Framed(ctx, data); ok {
		t.Error("framed after the buffers were given back")
	}
}
