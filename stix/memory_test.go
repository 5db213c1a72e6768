package stix

import (
	"compress/gzip"
	"os"
	"runtime"
	"testing"
)

// TestReadMemory: reading ATT&CK (29 MB of JSON) and mapping its objects
// keeps the heap far below the bundle's size: the bundle is streamed and
// only the mapped objects' compact forms are kept.
func TestReadMemory(t *testing.T) {
	f, err := os.Open("../../shared/data/attack/enterprise-attack-v18.1.json.gz")
	if err != nil {
		t.Skip("../shared/data/attack is absent")
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	base := ms.HeapInuse
	im := &importer{seen: map[string]int{}, gone: map[string]string{}}
	im.sum.Imported = map[string]int{}
	im.sum.Unmapped = map[string]int{}
	var peak uint64
	if _, err := Decode(zr, func(o *Object) error {
		im.add(o)
		if im.sum.Objects%500 == 0 {
			runtime.ReadMemStats(&ms)
			peak = max(peak, ms.HeapInuse-min(base, ms.HeapInuse))
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	t.Logf("%d objects; heap in use while reading: at most %d MB above the start", im.sum.Objects, peak>>20)
	if im.sum.Objects != 22194 || len(im.ents) != 1700 {
		t.Errorf("read %d objects, %d entities", im.sum.Objects, len(im.ents))
	}
	if peak > 60<<20 {
		t.Errorf("reading ATT&CK took %d MB of heap; the bundle is 29 MB", peak>>20)
	}
}
