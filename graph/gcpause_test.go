package graph

import (
	"math"
	"runtime/debug"
	"testing"
)

// TestPauseGC overlaps two pauses the way two stores opening at once do
// (the first to start is not the last to end) and requires the collector's
// setting back after both.
func TestPauseGC(t *testing.T) {
	old := debug.SetGCPercent(150)
	defer debug.SetGCPercent(old)
	oldLimit := debug.SetMemoryLimit(1 << 30)
	defer debug.SetMemoryLimit(oldLimit)
	a := pauseGC()
	b := pauseGC()
	a()
	a() // a second call changes nothing
	if p, l := debug.SetGCPercent(-1), debug.SetMemoryLimit(-1); p != -1 || l != math.MaxInt64 {
		t.Fatalf("collector at %d, memory limit %d while a pause is on, want both off", p, l)
	}
	b()
	if p, l := debug.SetGCPercent(150), debug.SetMemoryLimit(-1); p != 150 || l != 1<<30 {
		t.Fatalf("collector at %d, memory limit %d after both pauses, want 150 and 1 GiB", p, l)
	}
}
