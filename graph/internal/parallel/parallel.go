// Package parallel runs indexed work on several cores: the store's bulk
// conversions of documents to quads and the index snapshot's entity blocks.
package parallel

import (
	"sync"
	"sync/atomic"
)

// Start calls fn(i) for every i in [0, n) on up to workers goroutines, each
// taking chunk indexes at a time, and returns a function that waits for
// them and returns the error of the smallest i that failed (nil if none).
// With one worker or fewer it runs fn in the caller, stops at the first
// error, and the function it returns only reports it.
func Start(n, workers, chunk int, fn func(i int) error) (wait func() error) {
	chunk = max(chunk, 1)
	if workers <= 1 {
		for i := range n {
			if err := fn(i); err != nil {
				return func() error { return err }
			}
		}
		return func() error { return nil }
	}
	errs := make([]error, n)
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for {
				start := int(next.Add(int64(chunk))) - chunk
				if start >= n {
					return
				}
				for i := start; i < min(start+chunk, n); i++ {
					errs[i] = fn(i)
				}
			}
		})
	}
	return func() error {
		wg.Wait()
		for _, err := range errs {
			if err != nil {
				return err
			}
		}
		return nil
	}
}
