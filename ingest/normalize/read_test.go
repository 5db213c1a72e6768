package normalize

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/newsgraph/newsgraph/ingest/feed"
)

// TestSameArticle reads one article written as text with clutter, markdown,
// an HTML page, JSONL records (plain, page and fragment) and RSS and Atom
// items: all must normalize to the same text, hence the same ID.
func TestSameArticle(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "same", "article.*"))
	if err != nil || len(files) < 6 {
		t.Fatalf("fixtures: %v %v", files, err)
	}
	var first Doc
	n := 0
	for _, f := range files {
		in, err := os.Open(f)
		if err != nil {
			t.Fatal(err)
		}
		docs, errs := Read(filepath.Base(f), in, Limits{})
		in.Close()
		if len(errs) > 0 || len(docs) == 0 {
			t.Fatalf("%s: %d docs, errors %v", f, len(docs), errs)
		}
		for _, d := range docs {
			n++
			if first.Text == "" {
				first = d
				continue
			}
			if d.Text != first.Text {
				t.Errorf("%s differs from %s\n--- %s ---\n%s\n--- %s ---\n%s", d.Source, first.Source, d.Source, d.Text, first.Source, first.Text)
			}
			if d.Title != first.Title {
				t.Errorf("%s: title %q, %s: %q", d.Source, d.Title, first.Source, first.Title)
			}
		}
	}
	if n < 10 {
		t.Errorf("read %d documents, want at least 10", n)
	}
	if paras := strings.Count(first.Text, "\n\n") + 1; paras != 4 {
		t.Errorf("%d paragraphs, want title and 3 body paragraphs:\n%s", paras, first.Text)
	}
}

func TestReadErrors(t *testing.T) {
	tests := []struct {
		name    string
		file    string
		input   string
		limits  Limits
		docs    int
		wantErr []error  // errors.Is targets, in order
		inMsg   []string // substrings of the error messages, in order
	}{
		{
			name: "unknown extension", file: "notes.pdf", input: "%PDF",
			wantErr: []error{ErrUnsupported}, inMsg: []string{"notes.pdf", `".pdf"`},
		},
		{
			name: "text too large", file: "big.txt", input: strings.Repeat("word ", 100), limits: Limits{MaxDocBytes: 50},
			wantErr: []error{ErrTooLarge}, inMsg: []string{"big.txt", "50 bytes"},
		},
		{
			name: "html too large", file: "big.html", input: "<p>" + strings.Repeat("word ", 100) + "</p>", limits: Limits{MaxDocBytes: 50},
			wantErr: []error{ErrTooLarge}, inMsg: []string{"big.html"},
		},
		{
			name: "text with nothing left", file: "chrome.txt", input: "Search\n\nMenu\n\nShare\n",
			wantErr: []error{ErrNoText}, inMsg: []string{"chrome.txt"},
		},
		{
			name: "jsonl keeps going after bad lines", file: "a.jsonl",
			input: "{\"text\":\"First good record here.\"}\n\n{bad\n{\"title\":\"no text\"}\n" +
				"{\"text\":\"" + strings.Repeat("x", 200) + "\"}\n{\"text\":\"Last good record.\"}",
			limits: Limits{MaxDocBytes: 100}, docs: 2,
			wantErr: []error{nil, ErrNoText, ErrTooLarge},
			inMsg:   []string{"a.jsonl line 3", "a.jsonl line 4", "a.jsonl line 5"},
		},
		{
			name: "jsonl CRLF and no final newline", file: "b.jsonl",
			input: "{\"text\":\"One.\"}\r\n{\"text\":\"Two.\"}", docs: 2,
		},
		{
			name: "jsonl wrong field type", file: "c.jsonl", input: `{"text": 42}`,
			wantErr: []error{nil}, inMsg: []string{"c.jsonl line 1: invalid JSON"},
		},
		{
			name: "feed that is not a feed", file: "page.xml", input: "<html><body>x</body></html>",
			wantErr: []error{ErrUnsupported}, inMsg: []string{"page.xml"},
		},
		{
			name: "feed broken half way", file: "cut.rss",
			input: `<rss><channel><item><title>First item is fine</title><description>Body one.</description></item><item><title>Second`,
			docs:  1, wantErr: []error{nil}, inMsg: []string{"cut.rss item 2"},
		},
		{
			name: "empty feed item", file: "e.xml",
			input: `<feed xmlns="http://www.w3.org/2005/Atom"><entry><id>x</id></entry><entry><title>Kept entry title</title></entry></feed>`,
			docs:  1, wantErr: []error{ErrNoText}, inMsg: []string{"e.xml item 1"},
		},
		{
			name: "latin-1 feed", file: "l.xml",
			input: "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><rss><channel><item><title>Caf\xe9 chain hacked</title><description>The caf\xe9 chain said card data was taken.</description></item></channel></rss>",
			docs:  1,
		},
		{
			name: "unknown charset", file: "k.xml",
			input:   "<?xml version=\"1.0\" encoding=\"X-MARTIAN-7\"?><rss><channel><item><title>x</title></item></channel></rss>",
			wantErr: []error{nil}, inMsg: []string{"k.xml", "X-MARTIAN-7"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			docs, errs := Read(tc.file, strings.NewReader(tc.input), tc.limits)
			if len(docs) != tc.docs {
				t.Errorf("%d docs, want %d: %+v", len(docs), tc.docs, docs)
			}
			if len(errs) != len(tc.wantErr) {
				t.Fatalf("errors %v, want %d", errs, len(tc.wantErr))
			}
			for i, err := range errs {
				var re *RecordError
				if !errors.As(err, &re) {
					t.Errorf("error %v is not a *RecordError", err)
				}
				if tc.wantErr[i] != nil && !errors.Is(err, tc.wantErr[i]) {
					t.Errorf("error %v is not %v", err, tc.wantErr[i])
				}
				if i < len(tc.inMsg) && !strings.Contains(err.Error(), tc.inMsg[i]) {
					t.Errorf("error %q does not contain %q", err, tc.inMsg[i])
				}
			}
			for _, d := range docs {
				assertCanonical(t, d)
				if !strings.HasPrefix(d.Source, tc.file) {
					t.Errorf("source %q does not name %s", d.Source, tc.file)
				}
			}
		})
	}
}

func TestReadSources(t *testing.T) {
	docs, errs := Read("x.jsonl", strings.NewReader("\n{\"text\":\"A.\"}\n\n{\"text\":\"B.\"}\n"), Limits{})
	if len(errs) > 0 || len(docs) != 2 {
		t.Fatalf("docs %v errs %v", docs, errs)
	}
	if docs[0].Source != "x.jsonl#2" || docs[1].Source != "x.jsonl#4" {
		t.Errorf("sources %q %q, want line numbers 2 and 4", docs[0].Source, docs[1].Source)
	}
	docs, _ = Read("one.txt", strings.NewReader("Some text."), Limits{})
	if len(docs) != 1 || docs[0].Source != "one.txt" {
		t.Errorf("single document source: %+v", docs)
	}
}

func TestParseDate(t *testing.T) {
	utc := func(y int, m time.Month, d, h, min int) time.Time { return time.Date(y, m, d, h, min, 0, 0, time.UTC) }
	tests := []struct {
		in   string
		want time.Time
		ok   bool
	}{
		{"Mon, 19 Jul 2021 20:59:00 +0000", utc(2021, 7, 19, 20, 59), true},
		{"Mon, 19 Jul 2021 20:59:00 GMT", utc(2021, 7, 19, 20, 59), true},
		{"Mon, 19 Jul 2021 16:59:00 EDT", utc(2021, 7, 19, 20, 59), true},
		{"Mon, 9 Jul 2021 16:59 EDT", utc(2021, 7, 9, 20, 59), true},
		{"19 Jul 2021 20:59:00 +0000", utc(2021, 7, 19, 20, 59), true},
		{"2021-07-19T20:59:00Z", utc(2021, 7, 19, 20, 59), true},
		{"2021-07-19T22:59:00+02:00", utc(2021, 7, 19, 20, 59), true},
		{"2021-07-19T20:59:00.123Z", time.Date(2021, 7, 19, 20, 59, 0, 123e6, time.UTC), true},
		{"2021-07-19 20:59:00", utc(2021, 7, 19, 20, 59), true},
		{"2021-07-19", utc(2021, 7, 19, 0, 0), true},
		{"July 19, 2021 at 08:59PM", utc(2021, 7, 19, 20, 59), true},
		{"Monday, July 19, 2021 8:59 pm ET", utc(2021, 7, 20, 0, 59), true},
		{"Updated 3:04 PM ET, Mon January 4, 2021", utc(2021, 1, 4, 20, 4), true},
		{"19th July 2021", utc(2021, 7, 19, 0, 0), true},
		{"Published: 19/07/2021", utc(2021, 7, 19, 0, 0), true},
		{"Jul. 19, 2021, 9 a.m.", utc(2021, 7, 19, 9, 0), true},
		{"February 30, 2021", time.Time{}, false},
		{"July 2021", time.Time{}, false},
		{"The hack happened on July 19, 2021.", time.Time{}, false},
		{"19", time.Time{}, false},
		{"", time.Time{}, false},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			got, ok := parseDate(tc.in)
			if ok != tc.ok || ok && !got.Equal(tc.want) {
				t.Errorf("parseDate(%q) = %v, %v; want %v, %v", tc.in, got, ok, tc.want, tc.ok)
			}
		})
	}
}

// TestReadFeedFormats: every format feed.Parse reads goes through Read by
// content, whatever the feed file's extension says.
func TestReadFeedFormats(t *testing.T) {
	jsonFeed := `{"version":"https://jsonfeed.org/version/1.1","title":"Desk","items":[` +
		`{"id":"a1","url":"https://desk.example/a1","title":"Port closed by storm","content_html":"<p>A storm closed the port overnight.</p>","date_published":"2024-06-10T23:15:00+02:00"},` +
		`{"id":"a2","title":"Only a title"},{"id":"a3"}]}`
	tests := []struct {
		name, file, input string
		docs              int
		wantErr           []error
		first             Doc // Source, Title, URL, ID, Published and Text of the first document
	}{
		{name: "JSON Feed as .json", file: "f.json", input: jsonFeed, docs: 2, wantErr: []error{ErrNoText},
			first: Doc{Source: "f.json#1", ID: "a1", Title: "Port closed by storm", URL: "https://desk.example/a1",
				Published: time.Date(2024, 6, 10, 21, 15, 0, 0, time.UTC), Text: "Port closed by storm\n\nA storm closed the port overnight."}},
		{name: "JSON Feed named .xml", file: "feed.xml", input: jsonFeed, docs: 2, wantErr: []error{ErrNoText},
			first: Doc{Source: "feed.xml#1", ID: "a1", Title: "Port closed by storm", URL: "https://desk.example/a1",
				Published: time.Date(2024, 6, 10, 21, 15, 0, 0, time.UTC), Text: "Port closed by storm\n\nA storm closed the port overnight."}},
		{name: "undeclared Latin-1", file: "u.rss",
			input: "<rss><channel><item><title>Caf\xe9 chain hacked</title><description>The caf\xe9 chain said card data was taken.</description></item></channel></rss>",
			docs:  1, first: Doc{Source: "u.rss#1", Title: "Café chain hacked", Text: "Café chain hacked\n\nThe café chain said card data was taken."}},
		{name: "sitemap", file: "s.xml", input: `<urlset><url><loc>https://a.example/</loc></url></urlset>`, wantErr: []error{ErrUnsupported}},
		{name: "sitemap index", file: "s.xml", input: `<sitemapindex><sitemap><loc>https://a.example/s.xml</loc></sitemap></sitemapindex>`, wantErr: []error{ErrUnsupported}},
		{name: "JSON that is not a feed", file: "data.json", input: `{"rows":[1,2]}`, wantErr: []error{ErrUnsupported}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			docs, errs := Read(tc.file, strings.NewReader(tc.input), Limits{})
			if len(docs) != tc.docs || len(errs) != len(tc.wantErr) {
				t.Fatalf("%d docs, errors %v; want %d docs and %d errors", len(docs), errs, tc.docs, len(tc.wantErr))
			}
			for i, err := range errs {
				if !errors.Is(err, tc.wantErr[i]) || !strings.Contains(err.Error(), tc.file) {
					t.Errorf("error %v is not %v or does not name %s", err, tc.wantErr[i], tc.file)
				}
			}
			if tc.docs == 0 {
				return
			}
			d := docs[0]
			got := Doc{Source: d.Source, ID: d.ID, Title: d.Title, URL: d.URL, Published: d.Published, Text: d.Text}
			if got != tc.first {
				t.Errorf("first document\n got %+v\nwant %+v", got, tc.first)
			}
		})
	}
}

// TestFeedItem turns single feed items into documents, as the watcher does.
func TestFeedItem(t *testing.T) {
	tests := []struct {
		name string
		item feed.Item
		want Doc
	}{
		{
			name: "HTML fragment",
			item: feed.Item{ID: "x1", URL: "https://n.example/1", Title: "Mayor opens new library", Site: "N Daily",
				Content: "<p>The mayor opened the library.</p><p>It has 40,000 books.</p>", ContentHTML: true},
			want: Doc{ID: "x1", URL: "https://n.example/1", Title: "Mayor opens new library", Site: "N Daily",
				Text: "Mayor opens new library\n\nThe mayor opened the library.\n\nIt has 40,000 books."},
		},
		{
			name: "text with markup-like words stays text",
			item: feed.Item{Title: "Parser bug", Content: "The <b> tag was shown as text."},
			want: Doc{Title: "Parser bug", Text: "Parser bug\n\nThe <b> tag was shown as text."},
		},
		{
			name: "a human date feed cannot read",
			item: feed.Item{Title: "Late news item", Content: "Body text here.", Dates: []string{"July 19, 2021 at 08:59PM"}},
			want: Doc{Title: "Late news item", Published: time.Date(2021, 7, 19, 20, 59, 0, 0, time.UTC), Text: "Late news item\n\nBody text here."},
		},
		{
			name: "Published when no date text is given",
			item: feed.Item{Title: "Dated item title", Published: time.Date(2020, 1, 2, 3, 4, 0, 0, time.UTC)},
			want: Doc{Title: "Dated item title", Published: time.Date(2020, 1, 2, 3, 4, 0, 0, time.UTC), Text: "Dated item title"},
		},
		{name: "nothing to read", item: feed.Item{URL: "https://n.example/empty"}, want: Doc{URL: "https://n.example/empty"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := FeedItem(tc.item)
			if got != tc.want {
				t.Errorf("\n got %+v\nwant %+v", got, tc.want)
			}
			if got.Text != "" {
				assertCanonical(t, got)
			}
		})
	}
}
