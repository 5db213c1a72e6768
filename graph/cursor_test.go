package graph

import (
	"testing"
)

func TestCursorRoundTrip(t *testing.T) {
	for _, key := range []string{"", "a", "0|003|agency:x", "ü|\x00|…"} {
		c := encodeCursor("rel", key)
		got, err := decodeCursor("rel", c)
		if err != nil || got != key {
			t.Errorf("round trip of %q = %q, %v", key, got, err)
		}
		if _, err := decodeCursor("doc", c); ErrorCode(err) != EINVALID {
			t.Errorf("a rel cursor was accepted for doc: %v", err)
		}
	}
}

// FuzzDecodeCursor: any client string is either a cursor of this API or an
// EINVALID error; never a panic.
func FuzzDecodeCursor(f *testing.F) {
	f.Add("")
	f.Add(encodeCursor("rel", "0|003|x"))
	f.Add("bmcxfHJlbHx4")
	f.Add("!!!")
	f.Add(string(make([]byte, 2000)))
	f.Fuzz(func(t *testing.T, c string) {
		key, err := decodeCursor("rel", c)
		if err != nil {
			if ErrorCode(err) != EINVALID {
				t.Fatalf("error %v has code %s", err, ErrorCode(err))
			}
			return
		}
		if c != "" && encodeCursor("rel", key) != c {
			// different encodings of the same key may exist (padding bits);
			// they must decode to the same key
			if k2, _ := decodeCursor("rel", encodeCursor("rel", key)); k2 != key {
				t.Fatalf("key %q does not round-trip", key)
			}
		}
	})
}

func FuzzParseRelationID(f *testing.F) {
	f.Add(RelationID("a:b", "accuses", "c:d"))
	f.Add("rel:")
	f.Add("rel:!!")
	f.Fuzz(func(t *testing.T, id string) {
		s, p, o, err := ParseRelationID(id)
		if err != nil {
			if ErrorCode(err) != EINVALID {
				t.Fatalf("code %s", ErrorCode(err))
			}
			return
		}
		if s == "" || o == "" || !p.Valid() {
			t.Fatalf("accepted %q as %q %q %q", id, s, p, o)
		}
	})
}
