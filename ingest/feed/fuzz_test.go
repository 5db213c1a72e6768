package feed

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"unicode/utf8"
)

// FuzzParse checks that no input makes Parse panic or hang, that it always
// returns a feed and, on error, a *feed.Error, and that the limits and the
// UTF-8 of what it returns hold.
func FuzzParse(f *testing.F) {
	files, err := filepath.Glob(filepath.Join("testdata", "*.*"))
	if err != nil || len(files) == 0 {
		f.Fatalf("fixtures: %v %v", files, err)
	}
	for _, name := range files {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	for _, s := range []string{
		"", "{", "[", "<", "<rss><channel><item><title>a</title></item></channel></rss>",
		`<feed xmlns="http://www.w3.org/2005/Atom"><entry><content type="xhtml"><div><p>x</p></div></content></entry></feed>`,
		"<rss><item><description>&lt;p&gt;x&lt;/p&gt;</description></item>",
		`{"version":"https://jsonfeed.org/version/1.1","items":[{"id":1,"content_html":"<p>x</p>"}]}`,
		"<urlset><url><loc>a</loc><news:news><news:title>t</news:title></news:news></url></urlset>",
		"<sitemapindex><sitemap><loc>a</loc></sitemap></sitemapindex>",
		"\xff\xfe<\x00r\x00s\x00s\x00>\x00",
	} {
		f.Add([]byte(s))
	}
	const maxItems = 50
	f.Fuzz(func(t *testing.T, b []byte) {
		feed, err := Parse(bytes.NewReader(b), Limits{MaxBytes: 1 << 20, MaxItems: maxItems})
		if feed == nil {
			t.Fatal("nil feed")
		}
		if err != nil {
			var fe *Error
			if !errors.As(err, &fe) || fe.Err == nil {
				t.Fatalf("error %v (%T) is not a *feed.Error with a cause", err, err)
			}
		}
		if len(feed.Items) > maxItems {
			t.Fatalf("%d items, limit %d", len(feed.Items), maxItems)
		}
		for i, it := range feed.Items {
			for _, s := range []string{it.ID, it.URL, it.Title, it.Site, it.Content} {
				if !utf8.ValidString(s) {
					t.Fatalf("item %d: invalid UTF-8 %q", i+1, s)
				}
			}
			if it.Sitemap != (feed.Format == SitemapIndex) {
				t.Fatalf("item %d: Sitemap %v in a %q", i+1, it.Sitemap, feed.Format)
			}
			if !it.Published.IsZero() && len(it.Dates) == 0 {
				t.Fatalf("item %d: a date from nowhere", i+1)
			}
		}
	})
}
