package dedup

import (
	"hash/fnv"
	"strings"
	"testing"
)

// pinnedFirst is the first signature value of the pinned text below.
const pinnedFirst = 0x269780833b57e1d4

// TestShingleHashIsFNV checks the in-place hash against hash/fnv's FNV-1a
// of the space-joined words, and pins one signature value: stored
// signatures must keep their meaning under SignatureVersion 1.
func TestShingleHashIsFNV(t *testing.T) {
	tests := [][]string{nil, {""}, {"a"}, {"alpha", "beta", "gamma"}, {"zürich", "2020", "x", "y", "z"}}
	for _, words := range tests {
		t.Run(strings.Join(words, "_"), func(t *testing.T) {
			h := fnv.New64a()
			h.Write([]byte(strings.Join(words, " ")))
			if got, want := shingleHash(words), h.Sum64(); got != want {
				t.Errorf("shingleHash = %#x, want %#x", got, want)
			}
		})
	}
	sig := Fingerprint("Alpha, beta; gamma delta epsilon zeta.")
	if sig[0] != pinnedFirst {
		t.Errorf("signature[0] = %#x, want %#x: bump SignatureVersion if this change is intended", sig[0], pinnedFirst)
	}
}
