package main

import (
	"context"
	"os"
	"testing"
)

// TestMain lets the test binary stand for newsgraph where a command runs
// newsgraph again: bench opens its store in new processes with
// `bench-open` (bench.Options.OpenProcess execs os.Executable).
func TestMain(m *testing.M) {
	if len(os.Args) > 1 && os.Args[1] == "bench-open" {
		os.Exit(Run(context.Background(), os.Args[1:], os.Stdin, os.Stdout, os.Stderr, os.Getenv))
	}
	os.Exit(m.Run())
}

// TestBenchOpen opens a missing store: an error, and no store created.
func TestBenchOpen(t *testing.T) {
	path := t.TempDir() + "/missing/b.db"
	_, errOut, code := run(t, "bench-open", path)
	if code != 1 || errOut == "" {
		t.Fatalf("exit %d, stderr %q; want 1 and an error", code, errOut)
	}
	if _, err := os.Stat(path); err == nil {
		t.Fatalf("bench-open created %s", path)
	}
	if _, _, code := run(t, "bench-open"); code != 2 {
		t.Fatalf("bench-open without a path: exit %d, want 2", code)
	}
}
