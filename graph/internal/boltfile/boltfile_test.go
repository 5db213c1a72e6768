package boltfile

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"maps"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	bolt "go.etcd.io/bbolt"
)

// model is the content of a bolt file: bucket name → key → value.
type model map[string]map[string]string

// spec describes the buckets of one test file.
type spec struct {
	name  string
	fill  float64
	keys  int
	key   func(i int) string
	value func(i int) string
}

func numKey(i int) string { return string(binary.BigEndian.AppendUint64(nil, uint64(i))) }

func TestWriterFiles(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	randVal := func(max int) func(int) string {
		return func(int) string { return strings.Repeat("x", rng.IntN(max)) }
	}
	cases := []struct {
		name    string
		buckets []spec
	}{
		{name: "no buckets"},
		{name: "one empty bucket", buckets: []spec{{name: "b", fill: 0.5}}},
		{name: "one key, inline", buckets: []spec{{name: "b", fill: 0.5, keys: 1, key: numKey, value: randVal(10)}}},
		{name: "just past inline", buckets: []spec{{name: "b", fill: 1, keys: 30, key: numKey, value: func(int) string { return "0123456789abcdef0123" }}}},
		{name: "appended log, full pages", buckets: []spec{{name: "log", fill: 1, keys: 50000, key: numKey, value: randVal(60)}}},
		{name: "half-filled pages", buckets: []spec{{name: "v", fill: 0.5, keys: 20000, key: func(i int) string { return fmt.Sprintf("%020d", i) }, value: randVal(5)}}},
		{name: "values past a page (overflow)", buckets: []spec{{name: "sp", fill: 0.95, keys: 300, key: numKey, value: randVal(20000)}}},
		{name: "a key of one page", buckets: []spec{{name: "big", fill: 0.5, keys: 3, key: func(i int) string { return strings.Repeat("k", 5000) + fmt.Sprint(i) }, value: randVal(10)}}},
		{name: "many small buckets", buckets: manyBuckets(3000)},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "b.db")
			want := writeSpec(t, path, tc.buckets)
			db, err := bolt.Open(path, 0o600, nil)
			if err != nil {
				t.Fatalf("bolt does not open the file: %v", err)
			}
			defer db.Close()
			checkFile(t, db, want)
			// bolt goes on writing the file as its own
			changeFile(t, db, want, rng)
			checkFile(t, db, want)
		})
	}
}

func manyBuckets(n int) []spec {
	var out []spec
	for i := range n {
		out = append(out, spec{name: fmt.Sprintf("v%05d", i), fill: 0.5, keys: i % 60, key: func(j int) string { return fmt.Sprintf("%020d", j) },
			value: func(j int) string { return fmt.Sprint(j) }})
	}
	return out
}

// writeSpec writes the buckets (in reverse name order, which the writer
// must sort) and returns what the file holds.
func writeSpec(t *testing.T, path string, buckets []spec) model {
	t.Helper()
	w, err := Create(path, 4096)
	if err != nil {
		t.Fatal(err)
	}
	want := model{}
	for _, s := range slices.Backward(buckets) {
		b := w.Bucket([]byte(s.name), s.fill)
		m := map[string]string{}
		for i := range s.keys {
			k, v := s.key(i), s.value(i)
			if err := b.Put([]byte(k), []byte(v)); err != nil {
				t.Fatal(err)
			}
			m[k] = v
		}
		if err := b.Close(); err != nil {
			t.Fatal(err)
		}
		want[s.name] = m
	}
	if err := w.Close(true); err != nil {
		t.Fatal(err)
	}
	return want
}

// checkFile checks the file with bolt's own consistency check and reads it
// whole against want.
func checkFile(t *testing.T, db *bolt.DB, want model) {
	t.Helper()
	got := model{}
	err := db.View(func(tx *bolt.Tx) error {
		for err := range tx.Check() {
			t.Errorf("bolt check: %v", err)
		}
		return tx.ForEach(func(name []byte, b *bolt.Bucket) error {
			m := map[string]string{}
			got[string(name)] = m
			return b.ForEach(func(k, v []byte) error {
				m[string(k)] = string(v)
				return nil
			})
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	if !maps.EqualFunc(got, want, maps.Equal) {
		t.Fatalf("the file holds %d buckets, want %d; or their keys differ", len(got), len(want))
	}
	// a point lookup of every key goes through the branch pages
	err = db.View(func(tx *bolt.Tx) error {
		for name, m := range want {
			b := tx.Bucket([]byte(name))
			for k, v := range m {
				if got := b.Get([]byte(k)); !bytes.Equal(got, []byte(v)) {
					return fmt.Errorf("bucket %s key %x: %d bytes, want %d", name, k, len(got), len(v))
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// changeFile puts, replaces and deletes keys through bolt, and creates a
// bucket, mirroring the changes in want.
func changeFile(t *testing.T, db *bolt.DB, want model, rng *rand.Rand) {
	t.Helper()
	err := db.Update(func(tx *bolt.Tx) error {
		for name, m := range want {
			b := tx.Bucket([]byte(name))
			for k := range m {
				switch rng.IntN(4) {
				case 0:
					if err := b.Delete([]byte(k)); err != nil {
						return err
					}
					delete(m, k)
				case 1:
					v := strings.Repeat("y", rng.IntN(100))
					if err := b.Put([]byte(k), []byte(v)); err != nil {
						return err
					}
					m[k] = v
				}
			}
			for i := range 50 {
				k, v := fmt.Sprintf("new%03d", i), "v"
				if err := b.Put([]byte(k), []byte(v)); err != nil {
					return err
				}
				m[k] = v
			}
		}
		b, err := tx.CreateBucket([]byte("added later"))
		if err != nil {
			return err
		}
		want["added later"] = map[string]string{"k": "v"}
		return b.Put([]byte("k"), []byte("v"))
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestWriterRefuses: keys out of order, a bucket written twice and an
// existing file are errors, and a failed file is removed.
func TestWriterRefuses(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "b.db")
	w, err := Create(path, 4096)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Create(path, 4096); err == nil {
		t.Error("Create over an existing file: no error")
	}
	b := w.Bucket([]byte("b"), 1)
	if err := b.Put([]byte("b"), nil); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"a", "b", ""} {
		if err := b.Put([]byte(k), nil); err == nil {
			t.Errorf("Put(%q) after \"b\": no error", k)
		}
	}
	if err := b.Close(); err == nil {
		t.Error("Close of a bucket that refused a key: no error")
	}
	if err := w.Close(false); err == nil {
		t.Error("Close of a file whose bucket failed: no error")
	}
	twice, err := Create(path, 4096)
	if err != nil {
		t.Fatalf("the failed file was not removed: %v", err)
	}
	for range 2 {
		if err := twice.Bucket([]byte("same"), 1).Close(); err != nil {
			t.Fatal(err)
		}
	}
	if err := twice.Close(false); err == nil || !strings.Contains(err.Error(), "twice") {
		t.Errorf("a bucket written twice: %v", err)
	}
}
