package graph

import (
	"runtime/debug"
	"sync"
)

// Decoding a snapshot allocates a few large slabs and maps that all stay
// live: collecting meanwhile only scans them again (a quarter of the
// time). pauseGC turns the collector off until the returned function is
// called. Pauses nest and may overlap (stores opening in parallel in one
// process): the collector's setting is saved by the first and put back by
// the last, where a plain save and restore around each would leave it off
// when two overlap.
func pauseGC() (resume func()) {
	gcPause.Lock()
	if gcPause.n == 0 {
		gcPause.saved = debug.SetGCPercent(-1)
	}
	gcPause.n++
	gcPause.Unlock()
	return sync.OnceFunc(func() {
		gcPause.Lock()
		defer gcPause.Unlock()
		if gcPause.n--; gcPause.n == 0 {
			debug.SetGCPercent(gcPause.saved)
		}
	})
}

var gcPause struct {
	sync.Mutex
	n     int
	saved int
}
