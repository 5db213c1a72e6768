package graph

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/newsgraph/newsgraph/graph/internal/index"
	"github.com/newsgraph/newsgraph/ontology"
)

// snapDoc is a small document whose entities and claims depend on n.
func snapDoc(n int) *Batch {
	a := Entity{ID: fmt.Sprintf("country:c%d", n%7), Name: fmt.Sprintf("Land %d", n%7), Type: ontology.Country}
	b := Entity{ID: fmt.Sprintf("organization:o%d", n%11), Name: fmt.Sprintf("Agency %d", n%11), Type: ontology.Organization,
		Aliases: []string{fmt.Sprintf("AG%d", n%11)}}
	id := fmt.Sprintf("doc:%d", n)
	return &Batch{Document: &Document{ID: id, Text: id + " text", Published: time.Date(2024, 5, 1+n%28, 0, 0, 0, 0, time.UTC)},
		Entities: []Entity{a, b},
		Mentions: []Mention{{Entity: a.ID, Text: a.Name, Method: "gazetteer", Offsets: [][2]int{{0, 1}}}},
		Claims:   []Claim{{Subject: b.ID, Predicate: ontology.Condemns, Object: a.ID, Sentence: "It condemns.", End: 1, Confidence: 0.75}}}
}

// logBuffer is a logger whose lines a test reads.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.Write(p)
}

func (l *logBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.String()
}

func openLogged(t *testing.T, p string, noSnap bool) (*Store, *logBuffer) {
	t.Helper()
	lb := &logBuffer{}
	s, err := Open(context.Background(), Config{Path: p, NoSnapshot: noSnap, Logger: slog.New(slog.NewTextHandler(lb, nil))})
	if err != nil {
		t.Fatal(err)
	}
	return s, lb
}

// rebuiltDigest is the digest of the index rebuilt from the store's quads.
func rebuiltDigest(t *testing.T, p string) [32]byte {
	t.Helper()
	s, _ := openLogged(t, p, true)
	defer s.Close()
	return s.idx.Digest()
}

func writeDocs(t *testing.T, s *Store, from, to int) {
	t.Helper()
	var batches []*Batch
	for n := from; n < to; n++ {
		batches = append(batches, snapDoc(n))
	}
	if _, err := s.WriteDocuments(context.Background(), batches); err != nil {
		t.Fatal(err)
	}
}

// TestSnapshotOpen: a store reopens from its snapshot, replaying what was
// added since; every snapshot that cannot describe the store is rebuilt
// from cayley with a log line that says why, and rewritten at close.
func TestSnapshotOpen(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name string
		// after writes docs 0-19 and saves a snapshot on close; it may
		// change the store (without a snapshot) and the snapshot file
		after  func(t *testing.T, p string)
		want   string // in the log of the next open
		replay bool   // the open replays quads added after the snapshot
	}{
		{"current", func(*testing.T, string) {}, "index snapshot opened", false},
		{"documents added since", func(t *testing.T, p string) {
			s, _ := openLogged(t, p, true)
			writeDocs(t, s, 20, 30)
			s.Close()
		}, "index snapshot opened", true},
		{"source removed since", func(t *testing.T, p string) {
			s, _ := openLogged(t, p, true)
			if _, err := s.DeleteSource(ctx, "doc:3"); err != nil {
				t.Fatal(err)
			}
			s.Close()
		}, "stale: quads were removed", false},
		{"missing", func(t *testing.T, p string) { os.Remove(SnapshotPath(p)) }, "no such file", false},
		{"corrupt", func(t *testing.T, p string) { patch(t, SnapshotPath(p), -40, 0x55) }, "checksum mismatch", false},
		{"truncated", func(t *testing.T, p string) {
			if err := os.Truncate(SnapshotPath(p), 100); err != nil {
				t.Fatal(err)
			}
		}, "no end mark", false},
		{"empty", func(t *testing.T, p string) { os.WriteFile(SnapshotPath(p), nil, 0o644) }, "not a newsgraph index snapshot", false},
		{"other format version", func(t *testing.T, p string) { patch(t, SnapshotPath(p), 8, index.SnapshotVersion+1) }, "format version", false},
		{"another store's", func(t *testing.T, p string) {
			other := filepath.Join(t.TempDir(), "other.db")
			s, _ := openLogged(t, other, false)
			writeDocs(t, s, 0, 20)
			s.Close()
			copyFile(t, SnapshotPath(other), SnapshotPath(p))
		}, "belongs to another store", false},
		{"ahead of the store", func(t *testing.T, p string) {
			old := filepath.Join(t.TempDir(), "old.db")
			copyFile(t, p, old)
			s, _ := openLogged(t, p, false)
			writeDocs(t, s, 20, 25)
			s.Close()
			copyFile(t, old, p) // the store goes back; its snapshot does not
		}, "ahead of the store", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := filepath.Join(t.TempDir(), "s.db")
			s, _ := openLogged(t, p, false)
			writeDocs(t, s, 0, 20)
			if err := s.Close(); err != nil {
				t.Fatal(err)
			}
			if _, err := os.Stat(SnapshotPath(p)); err != nil {
				t.Fatalf("no snapshot after close: %v", err)
			}
			tt.after(t, p)
			want := rebuiltDigest(t, p)
			s, lb := openLogged(t, p, false)
			log := lb.String()
			if !strings.Contains(log, tt.want) {
				t.Fatalf("open logged:\n%s\nwant it to say %q", log, tt.want)
			}
			if got := strings.Contains(log, "replayed=0"); got == tt.replay && strings.Contains(log, "snapshot opened") {
				t.Errorf("open logged:\n%s\nreplay wanted: %v", log, tt.replay)
			}
			if s.idx.Digest() != want {
				t.Error("the index differs from the one rebuilt from the store")
			}
			probs, note, err := s.CheckSnapshot(ctx)
			if err != nil || len(probs) > 0 {
				t.Errorf("CheckSnapshot = %v, %v (%s)", probs, err, note)
			}
			writeDocs(t, s, 40, 45)
			want2 := s.idx.Digest()
			if err := s.Close(); err != nil {
				t.Fatal(err)
			}
			// the close wrote a current snapshot, whatever the last one was
			s, lb = openLogged(t, p, false)
			if log := lb.String(); !strings.Contains(log, "index snapshot opened") || !strings.Contains(log, "replayed=0") {
				t.Errorf("reopen logged:\n%s\nwant the snapshot saved at close, with nothing to replay", log)
			}
			got := s.idx.Digest()
			s.Close()
			if got != want2 || rebuiltDigest(t, p) != want2 {
				t.Error("the reopened index differs")
			}
		})
	}
}

// patch overwrites the byte at off (from the end when negative).
func patch(t *testing.T, path string, off int, b byte) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if off < 0 {
		off += len(data)
	}
	data[off] = b
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	data, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(to, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestSnapshotCrash: a process that writes documents and saves snapshots
// continually is killed (SIGKILL) at random moments; each time the snapshot
// on disk is whole (the old one or the new one), and the store reopens to
// the index rebuilt from cayley.
func TestSnapshotCrash(t *testing.T) {
	if os.Getenv("NEWSGRAPH_SNAPSHOT_CHILD") != "" {
		snapshotChild(os.Getenv("NEWSGRAPH_SNAPSHOT_CHILD"))
		return
	}
	rounds := 8
	if testing.Short() {
		rounds = 4
	}
	p := filepath.Join(t.TempDir(), "s.db")
	r := rand.New(rand.NewPCG(5, 5))
	opened := 0
	for round := range rounds {
		cmd := exec.Command(os.Args[0], "-test.run=^TestSnapshotCrash$")
		cmd.Env = append(os.Environ(), "NEWSGRAPH_SNAPSHOT_CHILD="+p)
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		// wait until the child has saved at least once, then kill it at
		// a random moment
		buf := make([]byte, 64)
		if _, err := io.ReadAtLeast(out, buf, 5); err != nil {
			t.Fatalf("round %d: child: %v", round, err)
		}
		time.Sleep(time.Duration(r.IntN(300)) * time.Millisecond)
		cmd.Process.Signal(syscall.SIGKILL)
		cmd.Wait()

		data, err := os.ReadFile(SnapshotPath(p))
		if err != nil {
			t.Fatalf("round %d: no snapshot: %v", round, err)
		}
		if _, err := index.SnapshotMeta(data); err != nil {
			t.Fatalf("round %d: the snapshot on disk is broken: %v", round, err)
		}
		want := rebuiltDigest(t, p)
		s, lb := openLogged(t, p, false)
		if strings.Contains(lb.String(), "snapshot opened") {
			opened++
		}
		if s.idx.Digest() != want {
			t.Fatalf("round %d: the index differs from the one rebuilt from the store; log:\n%s", round, lb)
		}
		if probs, err := s.Check(context.Background()); err != nil || len(probs) > 0 {
			t.Fatalf("round %d: check: %v %v", round, probs, err)
		}
		// leave no snapshot behind this open: the next child starts from
		// the one the previous child left
		s.snap.off = true
		s.Close()
	}
	if opened == 0 {
		t.Error("no round opened from the snapshot")
	}
}

// snapshotChild writes documents to the store at p and saves the snapshot
// after each batch, printing "saved" after the first save, until killed.
func snapshotChild(p string) {
	s, err := Open(context.Background(), Config{Path: p, SnapshotEvery: time.Hour})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	n := 0
	if c := s.idx.Counts(); c.Documents > 0 {
		n = c.Documents
	}
	for i := 0; ; i++ {
		var batches []*Batch
		for range 20 {
			batches = append(batches, snapDoc(n))
			n++
		}
		if _, err := s.WriteDocuments(context.Background(), batches); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(2)
		}
		if i%5 == 4 {
			s.DeleteSource(context.Background(), "doc:"+strconv.Itoa(n-7))
		}
		if err := s.SaveSnapshot(context.Background()); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(2)
		}
		if i == 0 {
			fmt.Println("saved")
		}
	}
}

// TestSnapshotSaver: a store that stops writing saves its snapshot in the
// background, without waiting for Close.
func TestSnapshotSaver(t *testing.T) {
	p := filepath.Join(t.TempDir(), "s.db")
	lb := &logBuffer{}
	s, err := Open(context.Background(), Config{Path: p, SnapshotEvery: 20 * time.Millisecond,
		Logger: slog.New(slog.NewTextHandler(lb, nil))})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	writeDocs(t, s, 0, 10)
	deadline := time.Now().Add(10 * time.Second)
	for !strings.Contains(lb.String(), "index snapshot saved") {
		if time.Now().After(deadline) {
			t.Fatalf("no background save; log:\n%s", lb)
		}
		time.Sleep(10 * time.Millisecond)
	}
	data, err := os.ReadFile(SnapshotPath(p))
	if err != nil {
		t.Fatal(err)
	}
	x, _, err := index.ReadSnapshot(data)
	if err != nil {
		t.Fatal(err)
	}
	s.mu.RLock()
	want := s.idx.Digest()
	s.mu.RUnlock()
	if x.Digest() != want {
		t.Error("the background snapshot differs from the index")
	}
}
