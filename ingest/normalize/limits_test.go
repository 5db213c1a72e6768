package normalize

import (
	"errors"
	"fmt"
	"io"
	"runtime"
	"strings"
	"testing"
	"time"
)

// endless is a reader of a page that never ends; it counts what was read.
type endless struct {
	chunk string
	read  int
}

func (e *endless) Read(p []byte) (int, error) {
	n := 0
	for n < len(p) {
		n += copy(p[n:], e.chunk[(e.read+n)%len(e.chunk):])
	}
	e.read += n
	return n, nil
}

// TestPageLimits checks that page extraction does bounded work: a page
// over MaxPageBytes (20 MB, or one that never ends) is refused with a clear
// error after reading no more than the limit; a page nested 100,000 deep
// and one of millions of tiny elements come out in bounded time and memory.
func TestPageLimits(t *testing.T) {
	if testing.Short() {
		t.Skip("large pages")
	}
	const deadline = 30 * time.Second // "not a hang": these take a second or less
	tooLarge := []struct {
		name string
		r    *endless
		max  int // bytes the reader may give; 0 = any, it ends on its own
	}{
		{"20 MB page", &endless{chunk: "<p>The minister said the plan would go ahead.</p>\n"}, 0},
		{"page that never ends", &endless{chunk: "<div>word "}, MaxPageBytes + 1},
	}
	for _, tc := range tooLarge {
		t.Run(tc.name, func(t *testing.T) {
			var r io.Reader = tc.r
			if tc.max == 0 {
				r = io.LimitReader(tc.r, 20<<20)
			}
			start := time.Now()
			_, err := Page(r, "text/html; charset=utf-8")
			if !errors.Is(err, ErrTooLarge) {
				t.Fatalf("err = %v, want one wrapping ErrTooLarge", err)
			}
			if want := fmt.Sprintf("page larger than %d bytes", MaxPageBytes); !strings.Contains(err.Error(), want) {
				t.Errorf("error %q does not say %q", err, want)
			}
			if tc.r.read > MaxPageBytes+1+len(tc.r.chunk) {
				t.Errorf("read %d bytes, the limit is %d", tc.r.read, MaxPageBytes)
			}
			if d := time.Since(start); d > deadline {
				t.Errorf("took %v", d)
			}
		})
	}
	bounded := []struct {
		name, page, want string
	}{
		{"100,000 nested divs", strings.Repeat("<div>", 100000) + "<p>Deep text.</p>" + strings.Repeat("</div>", 100000), "Deep text."},
		{"millions of tiny elements", fillPage("<html><body>", "<p><b>x", "<p>Last words.</p>"), "Last words."},
		{"many paragraphs", fillPage("<article>", "<p>The minister said the plan would go ahead.</p>", ""), "The minister said"},
	}
	for _, tc := range bounded {
		t.Run(tc.name, func(t *testing.T) {
			var m0, m1 runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&m0)
			start := time.Now()
			d, err := Page(strings.NewReader(tc.page), "text/html")
			took := time.Since(start)
			runtime.ReadMemStats(&m1)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(d.Text, tc.want) {
				t.Errorf("text lacks %q", tc.want)
			}
			if !isCanonical(d.Text) {
				t.Error("text not canonical")
			}
			if took > deadline {
				t.Errorf("took %v", took)
			}
			// a tree of millions of nodes with per-node measures took
			// over 200 bytes of allocation a byte of input
			if alloc := m1.TotalAlloc - m0.TotalAlloc; alloc > 48*uint64(len(tc.page)) {
				t.Errorf("allocated %d MB for a %d MB page", alloc>>20, len(tc.page)>>20)
			}
		})
	}
}

// fillPage repeats chunk between head and tail up to MaxPageBytes.
func fillPage(head, chunk, tail string) string {
	return head + strings.Repeat(chunk, (MaxPageBytes-len(head)-len(tail))/len(chunk)) + tail
}
