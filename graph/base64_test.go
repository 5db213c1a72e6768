package graph

import (
	"encoding/base64"
	"math/rand/v2"
	"testing"
)

// TestBase64URL compares appendBase64URL with the standard encoder on every
// length up to 300, random bytes, and onto a non-empty destination.
func TestBase64URL(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for n := range 301 {
		src := make([]byte, n)
		for i := range src {
			src[i] = byte(r.Uint32())
		}
		for _, prefix := range []string{"", "rel:"} {
			want := prefix + base64.RawURLEncoding.EncodeToString(src)
			if got := string(appendBase64URL([]byte(prefix), src)); got != want {
				t.Fatalf("length %d: got %q, want %q", n, got, want)
			}
		}
	}
}

func FuzzBase64URL(f *testing.F) {
	f.Add([]byte("entity:apt40|USES|malware:scanbox"))
	f.Fuzz(func(t *testing.T, src []byte) {
		if got, want := string(appendBase64URL(nil, src)), base64.RawURLEncoding.EncodeToString(src); got != want {
			t.Fatalf("got %q, want %q", got, want)
		}
	})
}

func BenchmarkAppendRelationID(b *testing.B) {
	buf := make([]byte, 0, 256)
	for b.Loop() {
		buf = AppendRelationID(buf[:0], "intrusion-set:apt40-gadolinium-leviathan", "USES", "malware:scanbox-framework")
	}
}

// BenchmarkBase64URL compares appendBase64URL with the standard encoder.
func BenchmarkBase64URL(b *testing.B) {
	src := []byte("intrusion-set:apt40-gadolinium-leviathan|USES|malware:scanbox-framework")
	buf := make([]byte, 0, 256)
	b.Run("ours", func(b *testing.B) {
		for b.Loop() {
			buf = appendBase64URL(buf[:0], src)
		}
	})
	b.Run("std", func(b *testing.B) {
		for b.Loop() {
			buf = base64.RawURLEncoding.AppendEncode(buf[:0], src)
		}
	})
}
