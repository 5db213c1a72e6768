package fetch

import (
	"context"
	"sync"
	"time"
)

// host is the per-host state: the gate that serializes and spaces requests,
// and the cached robots.txt.
type host struct {
	gate chan struct{} // capacity 1: held during a request
	last time.Time     // end of the last request, guarded by gate

	robotsMu sync.Mutex
	robots   *robots
	robotsAt time.Time
}

// host returns the state of the host name (host:port), creating it.
func (f *Fetcher) host(name string) *host {
	f.mu.Lock()
	defer f.mu.Unlock()
	h, ok := f.hosts[name]
	if !ok {
		h = &host{gate: make(chan struct{}, 1)}
		f.hosts[name] = h
	}
	return h
}

// do runs one request on the host: it waits for the gate (one request at a
// time per host), then for MinInterval since the end of the previous request,
// runs req and records its end.
func (h *host) do(ctx context.Context, cfg Config, req func(context.Context) error) error {
	select {
	case h.gate <- struct{}{}:
	case <-ctx.Done():
		return ctx.Err()
	}
	defer func() { <-h.gate }()
	if !h.last.IsZero() {
		if wait := h.last.Add(cfg.MinInterval).Sub(cfg.Clock.Now()); wait > 0 {
			if err := cfg.Clock.Sleep(ctx, wait); err != nil {
				return err
			}
		}
	}
	defer func() { h.last = cfg.Clock.Now() }()
	return req(ctx)
}
