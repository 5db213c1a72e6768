package graph

import (
	"math"
	"runtime/debug"
	"sync"
)

// Decoding a snapshot allocates a few large slabs and maps that all stay
// live: collecting meanwhile only scans them again (a quarter of the
// time), and so does a collection forced by a memory limit (serve
// --memory-limit), which cannot free what is live either. pauseGC turns
// the collector and the memory limit off until the returned function is
// called. Pauses nest and may overlap (stores opening in parallel in one
// process): the settings are saved by the first and put back by the last,
// where a plain save and restore around each would leave them off when
// two overlap.
func pauseGC() (resume func()) {
	gcPause.Lock()
	if gcPause.n == 0 {
		gcPause.percent = debug.SetGCPercent(-1)
		gcPause.limit = debug.SetMemoryLimit(math.MaxInt64)
	}
	gcPause.n++
	gcPause.Unlock()
	return sync.OnceFunc(func() {
		gcPause.Lock()
		defer gcPause.Unlock()
		if gcPause.n--; gcPause.n == 0 {
			debug.SetGCPercent(gcPause.percent)
			debug.SetMemoryLimit(gcPause.limit)
		}
	})
}

var gcPause struct {
	sync.Mutex
	n       int
	percent int
	limit   int64
}
