package index

import (
	"fmt"
	"testing"
)

// TestPosTable adds keys one by one (through every doubling) and in one
// sized build, and finds each, and no key that was not added.
func TestPosTable(t *testing.T) {
	for _, n := range []int{0, 1, 7, 8, 9, 100, 5000} {
		keys := make([]string, n)
		for i := range keys {
			keys[i] = fmt.Sprintf("entity:%d", i*7919%10007)
		}
		at := func(i int32) string { return keys[i] }
		var grown posTable
		built := newPosTable(n)
		for i, k := range keys {
			if _, ok := grown.find(k, at); ok {
				t.Fatalf("n=%d: %q found before it was added", n, k)
			}
			grown.add(k, int32(i))
			built.add(k, int32(i))
		}
		for name, tab := range map[string]*posTable{"grown": &grown, "built": &built} {
			if tab.len() != n {
				t.Errorf("%s n=%d: len %d", name, n, tab.len())
			}
			for i, k := range keys {
				if p, ok := tab.find(k, at); !ok || p != int32(i) {
					t.Fatalf("%s n=%d: %q at %d, %v; want %d", name, n, k, p, ok, i)
				}
			}
			for _, k := range []string{"", "entity:", "entity:10008", "x"} {
				if p, ok := tab.find(k, at); ok {
					t.Errorf("%s n=%d: %q found at %d", name, n, k, p)
				}
			}
			if 2*tab.len() > len(tab.slots) && tab.len() > 0 {
				t.Errorf("%s n=%d: %d slots, more than half full", name, n, len(tab.slots))
			}
		}
	}
}

// BenchmarkPosTable compares building and probing a table of 1M IDs with a
// map, as opening a snapshot does.
func BenchmarkPosTable(b *testing.B) {
	keys := make([]string, 1<<20)
	for i := range keys {
		keys[i] = fmt.Sprintf("person:someone-%d", i)
	}
	at := func(i int32) string { return keys[i] }
	b.Run("build/table", func(b *testing.B) {
		for b.Loop() {
			t := newPosTable(len(keys))
			for i, k := range keys {
				t.add(k, int32(i))
			}
		}
	})
	b.Run("build/map", func(b *testing.B) {
		for b.Loop() {
			m := make(map[string]int32, len(keys))
			for i, k := range keys {
				m[k] = int32(i)
			}
		}
	})
	t := newPosTable(len(keys))
	m := make(map[string]int32, len(keys))
	for i, k := range keys {
		t.add(k, int32(i))
		m[k] = int32(i)
	}
	b.Run("find/table", func(b *testing.B) {
		i := 0
		for b.Loop() {
			t.find(keys[i&(1<<20-1)], at)
			i += 7919
		}
	})
	b.Run("find/map", func(b *testing.B) {
		i := 0
		for b.Loop() {
			_ = m[keys[i&(1<<20-1)]]
			i += 7919
		}
	})
}
