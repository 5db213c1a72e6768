package normalize

import (
	"strings"
	"testing"
)

// TestCharsets: pages and feeds in the encodings they declare (or, for a
// page that declares none and is not UTF-8, Windows-1252) come out as the
// same UTF-8 text.
func TestCharsets(t *testing.T) {
	page := func(meta, body string) string {
		return "<html><head>" + meta + "<title>T</title></head><body><article><p>" + body + " was reported.</p></article></body></html>"
	}
	feed := func(enc, body string) string {
		return "<?xml version=\"1.0\" encoding=\"" + enc + "\"?><rss><channel><item><title>T</title><description>" + body + " was reported.</description></item></channel></rss>"
	}
	long := strings.Repeat("<!-- padding before the meta element -->", 40) // past the 1024 bytes the standard scans
	// a page that is mostly Cyrillic in Windows-1251: most of its bytes are
	// not UTF-8, and it is text all the same
	cyrillic := strings.Repeat("\xcf\xf0\xe0\xe2\xe4\xe0 \xf1\xee\xee\xe1\xf9\xe8\xeb\xe0, ", 80) + "\xcf\xf0\xe0\xe2\xe4\xe0 \xf1\xee\xee\xe1\xf9\xe8\xeb\xe0"
	tests := []struct {
		name, file, in, want string
	}{
		{"Latin-1 page", "a.html", page(`<meta charset="iso-8859-1">`, "Caf\xe9 hack"), "Café hack"},
		{"Windows-1252 page", "a.html", page(`<meta http-equiv="Content-Type" content="text/html; charset=windows-1252">`, "\x93quoted\x94 caf\xe9"), "“quoted” café"},
		{"UTF-8 page labelled Latin-1", "a.html", page(`<meta charset="iso-8859-1">`, "Café “hack”"), "Café “hack”"},
		{"KOI8-R page", "a.html", page(`<meta charset="koi8-r">`, "\xf0\xd2\xc1\xd7\xc4\xc1 \xd3\xcf\xcf\xc2\xdd\xc9\xcc\xc1"), "Правда сообщила"},
		{"Windows-1251 page", "a.html", page(`<meta charset="windows-1251">`, "\xcf\xf0\xe0\xe2\xe4\xe0 \xf1\xee\xee\xe1\xf9\xe8\xeb\xe0"), "Правда сообщила"},
		{"mostly Cyrillic Windows-1251 page", "a.html", page(`<meta charset="windows-1251">`, cyrillic), "Правда сообщила"},
		{"Shift_JIS page", "a.html", page(`<meta charset="shift_jis">`, "\x93\x8c\x8b\x9e\x82\xcc\x8cx\x8e@"), "東京の警察"},
		{"undeclared non-UTF-8 page", "a.html", page("", "Caf\xe9 hack"), "Café hack"},
		{"Latin-1 meta late in the page", "a.html", page(long+`<meta charset="iso-8859-1">`, "Caf\xe9 hack"), "Café hack"},
		{"UTF-8 page with a bad byte", "a.html", page(`<meta charset="utf-8">`, "Caf\xe9 hack"), "Caf\ufffd hack"},
		{"Latin-1 feed", "a.xml", feed("ISO-8859-1", "Caf\xe9 hack"), "Café hack"},
		{"KOI8-R feed", "a.rss", feed("KOI8-R", "\xf0\xd2\xc1\xd7\xc4\xc1 \xd3\xcf\xcf\xc2\xdd\xc9\xcc\xc1"), "Правда сообщила"},
		{"Shift_JIS feed", "a.rss", feed("Shift_JIS", "\x93\x8c\x8b\x9e\x82\xcc\x8cx\x8e@"), "東京の警察"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			docs, errs := Read(tc.file, strings.NewReader(tc.in), Limits{})
			if len(errs) > 0 || len(docs) != 1 {
				t.Fatalf("docs %+v, errors %v", docs, errs)
			}
			if want := tc.want + " was reported."; !strings.Contains(docs[0].Text, want) {
				t.Errorf("text %q, want it to contain %q", docs[0].Text, want)
			}
			checkDoc(t, docs[0])
		})
	}
}
