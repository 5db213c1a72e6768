package graph

import (
	"runtime/debug"
	"testing"
)

// TestPauseGC overlaps two pauses the way two stores opening at once do
// (the first to start is not the last to end) and requires the collector's
// setting back after both.
func TestPauseGC(t *testing.T) {
	old := debug.SetGCPercent(150)
	defer debug.SetGCPercent(old)
	a := pauseGC()
	b := pauseGC()
	a()
	a() // a second call changes nothing
	if p := debug.SetGCPercent(-1); p != -1 {
		t.Fatalf("collector at %d while a pause is on, want off", p)
	}
	b()
	if p := debug.SetGCPercent(150); p != 150 {
		t.Fatalf("collector at %d after both pauses, want 150", p)
	}
}
