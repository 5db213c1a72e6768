package feed

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
	"testing/iotest"
	"time"

	"golang.org/x/text/transform"
)

func TestParseErrors(t *testing.T) {
	rssItem := `<item><title>Fine</title><description>Body.</description></item>`
	tests := []struct {
		name   string
		input  string
		limits Limits
		items  int    // items returned beside the error
		is     error  // errors.Is target, nil for none
		item   int    // Error.Item
		inMsg  string // part of the message
	}{
		{name: "empty", input: "", is: ErrFormat, inMsg: "feed: unknown format: no XML element"},
		{name: "only spaces", input: " \n\t", is: ErrFormat},
		{name: "HTML page", input: "<html><body>x</body></html>", is: ErrFormat, inMsg: "root element <html>"},
		{name: "plain text", input: "just words", is: ErrFormat},
		{name: "JSON that is not a feed", input: `{"name":"x","items":[]}`, is: ErrFormat, inMsg: "JSON Feed version"},
		{name: "JSON array", input: `[1,2]`, is: ErrFormat, inMsg: "JSON that is not an object"},
		{name: "JSON cut in an item", input: `{"version":"https://jsonfeed.org/version/1","items":[{"title":"a"},{"title":`,
			items: 1, item: 2, inMsg: "feed: item 2: invalid JSON"},
		{name: "JSON item not an object", input: `{"version":"https://jsonfeed.org/version/1","items":["x"]}`, item: 1, inMsg: "invalid JSON"},
		{name: "XML cut in the second item", input: "<rss><channel>" + rssItem + "<item><title>Sec",
			items: 1, item: 2, inMsg: "feed: item 2 (line 1): invalid XML"},
		{name: "XML broken between items", input: "<rss><channel>" + rssItem + "\n<<>" + rssItem,
			items: 1, inMsg: "feed: line 2: invalid XML"},
		{name: "unknown charset", input: `<?xml version="1.0" encoding="X-MARTIAN-7"?><rss><channel>` + rssItem + `</channel></rss>`,
			inMsg: "X-MARTIAN-7"},
		{name: "too large", input: "<rss><channel>" + strings.Repeat(rssItem, 10) + "</channel></rss>", limits: Limits{MaxBytes: 200},
			items: 2, is: ErrTooLarge, inMsg: "feed: larger than 200 bytes"},
		{name: "too large JSON", input: `{"version":"https://jsonfeed.org/version/1","items":[` + strings.Repeat(`{"title":"x"},`, 50) + `{}]}`,
			limits: Limits{MaxBytes: 100}, items: 3, is: ErrTooLarge, inMsg: "feed: larger than 100 bytes"},
		{name: "exactly the byte limit", input: "<rss>" + rssItem + "</rss>", limits: Limits{MaxBytes: int64(len("<rss>" + rssItem + "</rss>"))}, items: 1},
		{name: "too many items", input: "<rss><channel>" + strings.Repeat(rssItem, 4) + "</channel></rss>", limits: Limits{MaxItems: 3},
			items: 3, is: ErrTooManyItems, inMsg: "feed: more than 3 items: kept the first 3"},
		{name: "too many sitemap URLs", input: "<urlset>" + strings.Repeat("<url><loc>x</loc></url>", 3) + "</urlset>", limits: Limits{MaxItems: 2},
			items: 2, is: ErrTooManyItems},
		{name: "no limits", input: "<rss><channel>" + strings.Repeat(rssItem, 20) + "</channel></rss>", limits: Limits{MaxBytes: -1, MaxItems: -1}, items: 20},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f, err := Parse(strings.NewReader(tc.input), tc.limits)
			if f == nil {
				t.Fatal("nil feed")
			}
			if len(f.Items) != tc.items {
				t.Errorf("%d items, want %d", len(f.Items), tc.items)
			}
			if tc.inMsg == "" && tc.is == nil {
				if err != nil {
					t.Errorf("error %v, want none", err)
				}
				return
			}
			var fe *Error
			if !errors.As(err, &fe) {
				t.Fatalf("error %v (%T) is not a *feed.Error", err, err)
			}
			if tc.is != nil && !errors.Is(err, tc.is) {
				t.Errorf("error %v is not %v", err, tc.is)
			}
			if fe.Item != tc.item {
				t.Errorf("error %v: item %d, want %d", err, fe.Item, tc.item)
			}
			if !strings.Contains(err.Error(), tc.inMsg) {
				t.Errorf("error %q does not contain %q", err, tc.inMsg)
			}
		})
	}
}

// genFeed writes an RSS feed of n items (endless when n < 0), each with a
// body of pad bytes, as a stream.
func genFeed(n, pad int) io.Reader {
	pr, pw := io.Pipe()
	go func() {
		body := strings.Repeat("x", pad)
		_, err := io.WriteString(pw, `<?xml version="1.0"?><rss version="2.0"><channel><title>Generated</title>`)
		for i := 0; err == nil && (n < 0 || i < n); i++ {
			_, err = fmt.Fprintf(pw, "<item><guid>g%d</guid><title>Item %d</title><description>%s</description></item>\n", i, i, body)
		}
		if err == nil {
			_, err = io.WriteString(pw, "</channel></rss>")
		}
		pw.CloseWithError(err)
	}()
	return pr
}

// TestTenThousandAndOneItems: a feed one item over the default limit gives
// the first 10,000 items and an error saying so, quickly.
func TestTenThousandAndOneItems(t *testing.T) {
	for _, format := range []string{RSS, JSONFeed} {
		t.Run(format, func(t *testing.T) {
			var in io.Reader = genFeed(DefaultMaxItems+1, 20)
			if format == JSONFeed {
				var b strings.Builder
				b.WriteString(`{"version":"https://jsonfeed.org/version/1.1","items":[`)
				for i := range DefaultMaxItems + 1 {
					if i > 0 {
						b.WriteByte(',')
					}
					fmt.Fprintf(&b, `{"id":"g%d","content_text":"item %d"}`, i, i)
				}
				b.WriteString("]}")
				in = strings.NewReader(b.String())
			}
			start := time.Now()
			f, err := Parse(in, Limits{})
			took := time.Since(start)
			if !errors.Is(err, ErrTooManyItems) || !strings.Contains(err.Error(), "more than 10000 items: kept the first 10000") {
				t.Errorf("error %v, want ErrTooManyItems with the counts", err)
			}
			if len(f.Items) != DefaultMaxItems || f.Items[DefaultMaxItems-1].ID != "g9999" {
				t.Errorf("%d items, want the first %d", len(f.Items), DefaultMaxItems)
			}
			if took > 5*time.Second {
				t.Errorf("took %v", took)
			}
			t.Logf("%s: %v", format, took)
		})
	}
}

// countingReader counts the bytes read through it.
type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

// TestLargerThanMaxBytes: an endless feed stops at the default byte limit
// with a clear error, having read little more than the limit.
func TestLargerThanMaxBytes(t *testing.T) {
	in := &countingReader{r: genFeed(-1, 4000)}
	start := time.Now()
	f, err := Parse(in, Limits{})
	if !errors.Is(err, ErrTooLarge) || err.Error() != fmt.Sprintf("feed: larger than %d bytes", DefaultMaxBytes) {
		t.Fatalf("error %v, want feed: larger than %d bytes", err, DefaultMaxBytes)
	}
	if in.n > DefaultMaxBytes+64<<10 {
		t.Errorf("read %d bytes for a limit of %d", in.n, DefaultMaxBytes)
	}
	if len(f.Items) < 5000 {
		t.Errorf("%d items read before the limit", len(f.Items))
	}
	t.Logf("%d items, %v", len(f.Items), time.Since(start))
}

// TestLenientUTF8 decodes Windows-1252 bytes among UTF-8, one byte a read,
// so that multi-byte sequences are split across calls.
func TestLenientUTF8(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain ascii", "plain ascii"},
		{"caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x93\xb0", "café € 📰"},
		{"caf\xe9 \x80 \x93x\x94", "café € “x”"},
		{"cut \xe2\x82", "cut â‚"},
		{"\xe9\xc3\xa9\xe9", "ééé"},
	}
	for _, tc := range tests {
		t.Run(tc.want, func(t *testing.T) {
			b, err := io.ReadAll(transform.NewReader(iotest.OneByteReader(strings.NewReader(tc.in)), lenientUTF8{}))
			if err != nil || string(b) != tc.want {
				t.Errorf("got %q, %v; want %q", b, err, tc.want)
			}
		})
	}
}
