package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/newsgraph/newsgraph/graph"
)

// TestAdminCommands: check, reextract and backup on a bolt store, and a
// backup taken while a server holds the store.
func TestAdminCommands(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "a.db")
	if out, errs, code := run(t, "ingest", "--db", db, "../../data/corpus"); code != 0 {
		t.Fatalf("ingest: %d %s %s", code, out, errs)
	}
	out, errs, code := run(t, "check", "--db", db)
	if code != 0 || !strings.HasPrefix(out, "ok:") || !strings.Contains(out, "index snapshot: snapshot read back") {
		t.Fatalf("check: %d %s %s", code, out, errs)
	}
	out, _, code = run(t, "reextract", "--db", db)
	if code != 0 || !strings.Contains(out, "changed: 0") {
		t.Errorf("reextract with the same extractor changed something: %s", out)
	}
	stats := func(path string) graph.Stats {
		s, err := graph.Open(context.Background(), graph.Config{Path: path})
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		st, _ := s.Stats(context.Background())
		return st
	}
	want := stats(db)
	bk := filepath.Join(dir, "copy.db")
	if out, errs, code := run(t, "backup", "--db", db, bk); code != 0 {
		t.Fatalf("backup: %d %s %s", code, out, errs)
	}
	if got := stats(bk); got != want {
		t.Errorf("backup stats %+v, want %+v", got, want)
	}

	// a second process gets a clear error at once, and backup goes through
	// the running server
	m := &Main{Config: ServeConfig{Store: graph.Config{Path: db}, Addr: "127.0.0.1:0", Token: "tk"}}
	if err := m.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	_, errs, code = run(t, "check", "--db", db)
	if code != 1 || !strings.Contains(errs, "locked by another newsgraph process") || !strings.Contains(errs, "newsgraph backup --db") {
		t.Errorf("check on a served store: %d %q, want the lock and the way round it", code, errs)
	}
	os.Setenv("NEWSGRAPH_TOKEN", "")
	var outb, errb strings.Builder
	live := filepath.Join(dir, "live.db")
	code = Run(context.Background(), []string{"backup", "--db", db, live}, strings.NewReader(""), &outb, &errb, func(k string) string {
		if k == "NEWSGRAPH_TOKEN" {
			return "tk"
		}
		return ""
	})
	if code != 0 {
		t.Fatalf("live backup: %d %s", code, errb.String())
	}
	if got := stats(live); got != want {
		t.Errorf("live backup stats %+v, want %+v", got, want)
	}
	// the way to check a served store: check the copy
	if out, errs, code := run(t, "check", "--db", live); code != 0 || !strings.HasPrefix(out, "ok:") {
		t.Errorf("check of the live copy: %d %s %s", code, out, errs)
	}
	_, errs, code = run(t, "backup", "--db", db, filepath.Join(dir, "refused.db"))
	if code != 1 || !strings.Contains(errs, "401") {
		t.Errorf("live backup without the token: %d %q", code, errs)
	}
}
