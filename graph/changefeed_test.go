package graph_test

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/newsgraph/newsgraph/graph"
)

// maxStaleness is how soon a write on one server must be visible on the
// others (issue 19).
const maxStaleness = time.Second

// TestPostgresChangeFeed runs servers that share one PostgreSQL database
// (NEWSGRAPH_TEST_POSTGRES, `make test-postgres`): each applies the others'
// changes from the change feed, in order, and its index stays equal to
// one rebuilt from the database.
func TestPostgresChangeFeed(t *testing.T) {
	freshDB := postgresDatabases(t)
	ctx := context.Background()
	for _, mode := range []struct {
		name     string
		noListen bool
		poll     time.Duration
	}{
		// notifications alone: the poll does not fire during the test
		{"Listen", false, time.Hour},
		// polling alone, as on CockroachDB (no LISTEN/NOTIFY)
		{"PollOnly", true, 200 * time.Millisecond},
	} {
		t.Run("TwoServers/"+mode.name, func(t *testing.T) {
			cfg := graph.Config{Path: freshDB(t), PollInterval: mode.poll, NoListen: mode.noListen}
			a, b := openShared(t, cfg), openShared(t, cfg)
			steps := []struct {
				name  string
				write func() error
				on    *graph.Store
			}{
				{"a writes", func() error { _, err := a.WriteDocument(ctx, sharedDoc("doc:feed1", "Alpha", "Beta")); return err }, a},
				{"b writes", func() error { _, err := b.WriteDocument(ctx, sharedDoc("doc:feed2", "Gamma", "Beta")); return err }, b},
				{"a replaces", func() error { _, err := a.ReplaceSource(ctx, sharedDoc("doc:feed1", "Alpha", "Delta")); return err }, a},
				{"b writes a batch", func() error {
					_, err := b.WriteDocuments(ctx, []*graph.Batch{sharedDoc("doc:feed3", "Eps", "Beta"), sharedDoc("doc:feed4", "Zeta", "Alpha")})
					return err
				}, b},
				{"a deletes b's", func() error { _, err := a.DeleteSource(ctx, "doc:feed2"); return err }, a},
				{"b deletes a's", func() error { _, err := b.DeleteSource(ctx, "doc:feed1"); return err }, b},
			}
			for _, st := range steps {
				if err := st.write(); err != nil {
					t.Fatalf("%s: %v", st.name, err)
				}
				other := b
				if st.on == b {
					other = a
				}
				waitSame(t, other, st.on)
				took := staleness(t, cfg.Path)
				t.Logf("%s: visible on the other server after %v", st.name, took)
				if took > maxStaleness {
					t.Errorf("%s: visible after %v, want < %v", st.name, took, maxStaleness)
				}
			}
			assertRebuilt(t, cfg, a, b)
		})
	}
	t.Run("SameDocumentAtOnce", func(t *testing.T) { testFeedSameDocumentAtOnce(t, freshDB) })
	t.Run("OpenWhileWriting", func(t *testing.T) { testFeedOpenWhileWriting(t, freshDB) })
	t.Run("FallBehind", func(t *testing.T) { testFeedFallBehind(t, freshDB) })
	t.Run("LostChange", func(t *testing.T) { testFeedLostChange(t, freshDB) })
}

// testFeedSameDocumentAtOnce is TestPostgresChangeFeed's SameDocumentAtOnce case.
func testFeedSameDocumentAtOnce(t *testing.T, freshDB func(testing.TB) string) {
	ctx := context.Background()
	// both servers write the same documents at the same moment: the
	// second writer's change is checked against the database, so no
	// index counts a fact twice
	cfg := graph.Config{Path: freshDB(t)}
	a, b := openShared(t, cfg), openShared(t, cfg)
	for i := range 5 {
		doc := sharedDoc(fmt.Sprintf("doc:race%d", i), "Alpha", fmt.Sprintf("Beta%d", i))
		var wg sync.WaitGroup
		for _, s := range []*graph.Store{a, b} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if _, err := s.WriteDocument(ctx, doc); err != nil {
					t.Error(err)
				}
			}()
		}
		wg.Wait()
	}
	waitSame(t, b, a)
	if st, _ := a.Stats(ctx); st.Documents != 5 {
		t.Errorf("%d documents, want 5", st.Documents)
	}
	assertRebuilt(t, cfg, a, b)
}

// testFeedOpenWhileWriting is TestPostgresChangeFeed's OpenWhileWriting case.
func testFeedOpenWhileWriting(t *testing.T, freshDB func(testing.TB) string) {
	ctx := context.Background()
	// servers open (position read, index scanned) while another writes,
	// replaces and deletes: each then replays exactly what its scan
	// lacked
	cfg := graph.Config{Path: freshDB(t)}
	a := openShared(t, cfg)
	done := make(chan struct{})
	go func() {
		defer close(done)
		for i := range 30 {
			id := fmt.Sprintf("doc:busy%d", i)
			if _, err := a.WriteDocument(ctx, sharedDoc(id, "Alpha", fmt.Sprintf("Beta%d", i))); err != nil {
				t.Error(err)
				return
			}
			if i%3 == 0 {
				if _, err := a.ReplaceSource(ctx, sharedDoc(id, "Gamma", fmt.Sprintf("Beta%d", i))); err != nil {
					t.Error(err)
					return
				}
			}
			if i%5 == 0 {
				if _, err := a.DeleteSource(ctx, id); err != nil {
					t.Error(err)
					return
				}
			}
		}
	}()
	var opened []*graph.Store
	for range 4 {
		opened = append(opened, openShared(t, cfg))
	}
	<-done
	for _, s := range opened {
		waitSame(t, s, a)
	}
	assertRebuilt(t, cfg, append(opened, a)...)
}

// testFeedFallBehind is TestPostgresChangeFeed's FallBehind case.
func testFeedFallBehind(t *testing.T, freshDB func(testing.TB) string) {
	ctx := context.Background()
	// b reads the log only when asked; a keeps about 100 quads of it
	dsn := freshDB(t)
	a := openShared(t, graph.Config{Path: dsn, ChangeLogQuads: 100})
	var log bytes.Buffer
	b := openShared(t, graph.Config{Path: dsn, NoListen: true, PollInterval: time.Hour, Logger: slog.New(slog.NewTextHandler(&log, nil))})
	if _, err := a.WriteDocument(ctx, sharedDoc("doc:behind0", "Alpha", "Beta")); err != nil {
		t.Fatal(err)
	}
	if err := b.CatchUp(ctx); err != nil {
		t.Fatal(err)
	}
	if sameStore(t, a, b) != "" || strings.Contains(log.String(), "rebuilding") {
		t.Fatalf("b did not replay one change: %s", log.String())
	}
	for i := range 40 {
		if _, err := a.WriteDocument(ctx, sharedDoc(fmt.Sprintf("doc:behind%d", i+1), "Alpha", fmt.Sprintf("Beta%d", i))); err != nil {
			t.Fatal(err)
		}
	}
	if err := b.CatchUp(ctx); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(log.String(), "rebuilding the index") || !strings.Contains(log.String(), "fell behind the change log") {
		t.Errorf("no rebuild logged:\n%s", log.String())
	}
	t.Logf("b's log: %s", log.String())
	if d := sameStore(t, a, b); d != "" {
		t.Errorf("b after its rebuild differs from a: %s", d)
	}
	assertRebuilt(t, graph.Config{Path: dsn}, a, b)
}

// testFeedLostChange is TestPostgresChangeFeed's LostChange case.
func testFeedLostChange(t *testing.T, freshDB func(testing.TB) string) {
	ctx := context.Background()
	// a commits to cayley and dies before marking its change done: the
	// row stays pending above the feed's last
	dsn := freshDB(t)
	a := openShared(t, graph.Config{Path: dsn})
	var log bytes.Buffer
	b := openShared(t, graph.Config{Path: dsn, NoListen: true, PollInterval: time.Hour, Logger: slog.New(slog.NewTextHandler(&log, nil))})
	if _, err := a.WriteDocument(ctx, sharedDoc("doc:lost1", "Alpha", "Beta")); err != nil {
		t.Fatal(err)
	}
	db, err := sql.Open("postgres", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, q := range []string{
		`UPDATE newsgraph_changes SET state = 'pending' WHERE seq = (SELECT seq FROM newsgraph_feed)`,
		`UPDATE newsgraph_feed SET seq = seq - 1`,
	} {
		if _, err := db.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	if err := b.CatchUp(ctx); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(log.String(), "was lost") {
		t.Errorf("no rebuild for the lost change logged:\n%s", log.String())
	}
	if d := sameStore(t, a, b); d != "" {
		t.Errorf("b differs from a: %s", d)
	}
	// the feed goes on past the lost change
	if _, err := a.WriteDocument(ctx, sharedDoc("doc:lost2", "Gamma", "Beta")); err != nil {
		t.Fatal(err)
	}
	if err := b.CatchUp(ctx); err != nil {
		t.Fatal(err)
	}
	if d := sameStore(t, a, b); d != "" {
		t.Errorf("b differs from a after the next change: %s", d)
	}
	assertRebuilt(t, graph.Config{Path: dsn}, a, b)
}

// openShared opens a store on the shared database of cfg.Path.
func openShared(t testing.TB, cfg graph.Config) *graph.Store {
	t.Helper()
	cfg.Backend = graph.BackendPostgres
	s, err := graph.Open(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// waitSame waits until s reads like want.
func waitSame(t *testing.T, s, want *graph.Store) {
	t.Helper()
	start := time.Now()
	for {
		d := sameStore(t, s, want)
		if d == "" {
			return
		}
		if time.Since(start) > 10*time.Second {
			t.Fatalf("no catching up within 10s: %s", d)
		}
		time.Sleep(2 * time.Millisecond)
	}
}

// staleness returns how long ago the last change of the shared database
// at dsn committed (its row's committed time, taken just before its
// transaction commits): called as soon as another server sees the change,
// an upper bound of the time the change took to reach it. The database
// runs on this machine, so both times come from one clock.
func staleness(t *testing.T, dsn string) time.Duration {
	t.Helper()
	seen := time.Now()
	db, err := sql.Open("postgres", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var committed time.Time
	if err := db.QueryRow(`SELECT committed FROM newsgraph_changes ORDER BY seq DESC LIMIT 1`).Scan(&committed); err != nil {
		t.Fatal(err)
	}
	return seen.Sub(committed)
}

// assertRebuilt checks that every store reads like one opened afresh (its
// index built from the database) and that its index agrees with cayley.
func assertRebuilt(t *testing.T, cfg graph.Config, stores ...*graph.Store) {
	t.Helper()
	fresh := openShared(t, graph.Config{Path: cfg.Path, NoListen: true, PollInterval: time.Hour})
	for i, s := range stores {
		if d := sameStore(t, s, fresh); d != "" {
			t.Errorf("store %d differs from a fresh rebuild: %s", i, d)
		}
		probs, err := s.Check(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range probs {
			if p.Kind == "index" {
				t.Errorf("store %d: %s", i, p)
			}
		}
	}
}

// sameStore describes the first difference between what two stores read
// (their counts, entities and relations), or returns "".
func sameStore(t *testing.T, s, want *graph.Store) string {
	t.Helper()
	got, exp := storeDigest(t, s), storeDigest(t, want)
	if got == exp {
		return ""
	}
	gl, el := strings.Split(got, "\n"), strings.Split(exp, "\n")
	for i := range min(len(gl), len(el)) {
		if gl[i] != el[i] {
			return fmt.Sprintf("line %d: %q, want %q", i, gl[i], el[i])
		}
	}
	return fmt.Sprintf("%d lines, want %d", len(gl), len(el))
}

// storeDigest writes out a store's counts, entities and relations, sorted.
func storeDigest(t *testing.T, s *graph.Store) string {
	t.Helper()
	ctx := context.Background()
	st, err := s.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	ents, rels, err := s.Snapshot(ctx)
	if err != nil {
		t.Fatal(err)
	}
	lines := []string{fmt.Sprintf("%+v", st)}
	for _, e := range ents {
		lines = append(lines, fmt.Sprintf("%+v", e))
	}
	for _, r := range rels {
		r.SubjectEntity, r.ObjectEntity = nil, nil
		lines = append(lines, fmt.Sprintf("%+v", r))
	}
	slices.Sort(lines[1:])
	return strings.Join(lines, "\n")
}
