package resolvers

import (
	"context"
	"sync"
)

// A fast-path answer is a buffer of tens to hundreds of kilobytes (a 2-hop
// neighborhood on ATT&CK is 115 KB). Allocating one per request doubles the
// request's garbage, and on a busy server the collector's share of the CPU
// with it. The fast path lends the buffer to the response instead: a
// transport that writes the response and is done with it says so by
// WithRecycling, and the buffer returns to the fast path's pool after the
// write. Without it (gqlgen's own transports, tests) each answer has a
// buffer of its own, as any response does.

// recycler collects what to give back once a response is written.
type recycler struct {
	release []func()
	framed  []byte // the fast path's answer in its frame (Framed)
}

// dataFrame is what comes before the data in a response without errors;
// a "}" closes it.
const dataFrame = `{"data":`

// Framed returns the whole body of a response whose data is data and that
// has nothing else ({"data":data}), when the fast path wrote data inside
// that frame under ctx (WithRecycling): the transport then writes the body
// as it is instead of copying data into a frame of its own (115 KB for the
// ATT&CK 2-hop answer).
func Framed(ctx context.Context, data []byte) ([]byte, bool) {
	r, _ := ctx.Value(recyclerKey{}).(*recycler)
	if r == nil || len(data) == 0 || len(r.framed) != len(dataFrame)+len(data)+1 ||
		&r.framed[len(dataFrame)] != &data[0] {
		return nil, false
	}
	return r.framed, true
}

type recyclerKey struct{}

// WithRecycling returns a context under which the fast path lends its
// answer's buffer to the response, and the function that gives the buffers
// back. Call it once the response has been written and is no longer used.
func WithRecycling(ctx context.Context) (context.Context, func()) {
	r := &recycler{}
	return context.WithValue(ctx, recyclerKey{}, r), func() {
		for _, fn := range r.release {
			fn()
		}
		r.release, r.framed = nil, nil
	}
}

// maxPooled is the largest buffer kept for reuse: one huge answer does not
// pin its memory in the pool.
const maxPooled = 1 << 20

// buffers is the fast path's pool of answer buffers.
type buffers struct{ pool sync.Pool }

// take returns a buffer holder of at least size bytes' capacity: from the
// pool when ctx recycles (r is then its recycler), else a new one.
func (b *buffers) take(ctx context.Context, size int) (bp *[]byte, r *recycler) {
	r, _ = ctx.Value(recyclerKey{}).(*recycler)
	if r != nil {
		bp, _ = b.pool.Get().(*[]byte)
	}
	if bp == nil || cap(*bp) < size {
		bp = new([]byte)
		*bp = make([]byte, 0, size)
	}
	return bp, r
}

// lend has bp return to the pool once r's response is written.
func (b *buffers) lend(r *recycler, bp *[]byte) {
	if r != nil {
		r.release = append(r.release, func() { b.give(r, bp) })
	}
}

// give returns bp to the pool now, if it came from there.
func (b *buffers) give(r *recycler, bp *[]byte) {
	if r != nil && cap(*bp) <= maxPooled {
		*bp = (*bp)[:0]
		b.pool.Put(bp)
	}
}
