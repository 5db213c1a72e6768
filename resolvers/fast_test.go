package resolvers

import (
	"bytes"
	"testing"
	"time"

	"github.com/99designs/gqlgen/graphql"
)

// FuzzAppendQuoted: the fast path quotes strings exactly as gqlgen does,
// for any bytes (control characters, quotes, backslashes, invalid UTF-8,
// and lengths around the eight-byte steps).
func FuzzAppendQuoted(f *testing.F) {
	for _, s := range []string{"", "a", "APT40", `say "hi"`, `back\slash`, "tab\there", "line\nbreak\r", "\x00\x01\x1f\x7f",
		"ünïcödé — ok", "\xff\xfe invalid", "12345678", "1234567\"", "12345678\n", "Ministry of State Security (MSS)\u2028"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var want bytes.Buffer
		graphql.MarshalString(s).MarshalGQL(&want)
		if got := appendQuoted(nil, s); !bytes.Equal(got, want.Bytes()) {
			t.Fatalf("appendQuoted(%q) = %s, gqlgen writes %s", s, got, want.Bytes())
		}
	})
}

func TestAppendTime(t *testing.T) {
	for _, tm := range []time.Time{{}, time.Date(2021, 7, 19, 0, 0, 0, 0, time.UTC), time.Date(2024, 2, 29, 13, 4, 5, 123456789, time.FixedZone("x", 3600))} {
		var want bytes.Buffer
		graphql.MarshalTime(tm).MarshalGQL(&want)
		if got := appendTime(nil, tm); !bytes.Equal(got, want.Bytes()) {
			t.Errorf("appendTime(%v) = %s, gqlgen writes %s", tm, got, want.Bytes())
		}
	}
}
