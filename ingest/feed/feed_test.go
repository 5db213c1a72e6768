package feed

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

func utc(y int, m time.Month, d, h, min int) time.Time {
	return time.Date(y, m, d, h, min, 0, 0, time.UTC)
}

// TestParseFormats reads one fixture of each format and compares all that
// Parse gives but the items' positions, which are checked apart.
func TestParseFormats(t *testing.T) {
	tests := []struct {
		file string
		want Feed
	}{
		{"rss2.xml", Feed{Format: RSS, Title: "Harbor Town Gazette", Site: "https://gazette.example.org/", Items: []Item{
			{ID: "gz-1", URL: "https://gazette.example.org/ferry", Title: "Ferry timetable changes & new route",
				Published: utc(2024, 4, 2, 13, 30), Dates: []string{"Tue, 02 Apr 2024 09:30:00 EDT"},
				Content: "<p>The harbor authority published a new ferry timetable.</p>", ContentHTML: true},
			{URL: "https://wire.example.net/budget", Title: "Council votes on budget", Site: "Example Wire",
				Published: utc(2024, 4, 3, 16, 0), Dates: []string{"Wed, 3 Apr 2024 18:00:00 +0200"},
				Content: "The council approved the budget on Wednesday."},
		}}},
		{"rss1.rdf", Feed{Format: RSS, Title: "Lab Notes", Site: "https://lab.example.edu/", Items: []Item{
			{URL: "https://lab.example.edu/n/7", Title: "Sensor array calibrated", Published: utc(2023, 11, 5, 13, 0),
				Dates: []string{"2023-11-05T14:00:00+01:00"}, Content: "The team calibrated the new sensor array."},
		}}},
		{"rss090.rdf", Feed{Format: RSS, Title: "Old Portal", Site: "http://portal.example.com/", Items: []Item{
			{URL: "http://portal.example.com/relaunch", Title: "Portal relaunches"},
		}}},
		{"atom10.xml", Feed{Format: Atom, Title: "Field Reports", Site: "https://reports.example.com/", Items: []Item{
			{ID: "tag:reports.example.com,2024:bridge", URL: "https://reports.example.com/bridge", Title: "Bridge reopens after repairs",
				Published: utc(2024, 5, 1, 12, 0), Updated: utc(2024, 5, 1, 14, 0),
				Dates:   []string{"2024-05-01T08:00:00-04:00", "2024-05-01T10:00:00-04:00"},
				Content: `<div xmlns="http://www.w3.org/1999/xhtml"><p>The bridge reopened to traffic on Wednesday.</p></div>`, ContentHTML: true},
			{ID: "tag:reports.example.com,2024:plain", Title: "Plain entry", Published: utc(2024, 5, 2, 0, 0), Updated: utc(2024, 5, 2, 0, 0),
				Dates: []string{"2024-05-02T00:00:00Z"}, Content: "Text with a <b> that is not markup."},
		}}},
		{"atom03.xml", Feed{Format: Atom, Title: "Legacy Blog", Site: "https://legacy.example.com/", Items: []Item{
			{ID: "legacy-1", URL: "https://legacy.example.com/1", Title: "First post",
				Published: utc(2004, 3, 1, 10, 0), Updated: utc(2004, 3, 2, 10, 0),
				Dates:   []string{"2004-03-01T10:00:00Z", "2004-03-02T10:00:00Z"},
				Content: "<p>Hello from 2004.</p>", ContentHTML: true},
		}}},
		{"feed11.json", Feed{Format: JSONFeed, Title: "Night Desk", Site: "https://night.example.com/", Items: []Item{
			{ID: "nd-1", URL: "https://night.example.com/storm", Title: "Storm closes port",
				Published: utc(2024, 6, 10, 21, 15), Updated: utc(2024, 6, 10, 23, 0),
				Dates:   []string{"2024-06-10T23:15:00+02:00", "2024-06-11T01:00:00+02:00"},
				Content: "<p>A storm closed the port overnight.</p>", ContentHTML: true},
			{ID: "nd-2", URL: "https://other.example.org/rail", Title: "Rail strike called off", Content: "Unions called off the strike."},
			{ID: "nd-3", URL: "https://night.example.com/brief", Content: "Only a summary."},
		}}},
		{"feed10.json", Feed{Format: JSONFeed, Title: "Old JSON", Site: "https://oldjson.example.com/", Items: []Item{
			{ID: "42", URL: "https://oldjson.example.com/42", Published: time.Date(2019, 1, 2, 3, 4, 5, 0, time.UTC),
				Dates: []string{"2019-01-02T03:04:05Z"}, Content: "Item forty-two."},
		}}},
		{"news-sitemap.xml", Feed{Format: Sitemap, Items: []Item{
			{URL: "https://daily.example.com/2024/07/01/flood-warning", Title: "Flood warning issued for river towns",
				Site: "The Daily Example", Published: utc(2024, 7, 1, 5, 45), Dates: []string{"2024-07-01T06:45:00+01:00"}},
			{URL: "https://daily.example.com/2024/07/01/markets", Published: utc(2024, 7, 1, 0, 0), Updated: utc(2024, 7, 1, 0, 0),
				Dates: []string{"2024-07-01"}},
		}}},
		{"sitemap.xml", Feed{Format: Sitemap, Items: []Item{
			{URL: "https://shop.example.com/", Published: utc(2024, 1, 15, 10, 0), Updated: utc(2024, 1, 15, 10, 0),
				Dates: []string{"2024-01-15T10:00:00+00:00"}},
			{URL: "https://shop.example.com/about"},
		}}},
		{"sitemapindex.xml", Feed{Format: SitemapIndex, Items: []Item{
			{URL: "https://daily.example.com/sitemap-news.xml", Published: utc(2024, 7, 1, 7, 0), Updated: utc(2024, 7, 1, 7, 0),
				Dates: []string{"2024-07-01T07:00:00Z"}, Sitemap: true},
			{URL: "https://daily.example.com/sitemap-2024-06.xml", Sitemap: true},
		}}},
		{"latin1.xml", Feed{Format: RSS, Title: "Café Nouvelles", Site: "https://cafe.example.fr/", Items: []Item{
			{URL: "https://cafe.example.fr/1", Title: "Le café rouvre à Paris", Content: "Le café de la gare a rouvert lundi."},
		}}},
		{"undeclared.xml", Feed{Format: RSS, Title: "Undeclared", Items: []Item{
			{Title: "Naïve café “quotes”", Content: "Crème brûlée and € in UTF-8."},
		}}},
	}
	for _, tc := range tests {
		t.Run(tc.file, func(t *testing.T) {
			in, err := os.Open(filepath.Join("testdata", tc.file))
			if err != nil {
				t.Fatal(err)
			}
			defer in.Close()
			f, err := Parse(in, Limits{})
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			xmlFormat := f.Format != JSONFeed
			for i, it := range f.Items {
				if it.Size <= 0 || xmlFormat && it.Line <= 0 || !xmlFormat && it.Line != 0 {
					t.Errorf("item %d: line %d size %d", i+1, it.Line, it.Size)
				}
				f.Items[i].Line, f.Items[i].Size = 0, 0
			}
			if !reflect.DeepEqual(*f, tc.want) {
				t.Errorf("got  %+v\nwant %+v", *f, tc.want)
			}
		})
	}
}

// TestParseSmall covers variants of the formats with inline documents.
func TestParseSmall(t *testing.T) {
	tests := []struct {
		name   string
		input  string
		format string
		title  string // of the first item
		url    string // of the first item
		html   bool
		body   string
	}{
		{"RSS 0.91", `<rss version="0.91"><channel><title>T</title><item><title>Old item</title><link>http://a.example/1</link><description>Body</description></item></channel></rss>`,
			RSS, "Old item", "http://a.example/1", false, "Body"},
		{"RSS item outside a channel", "<rss><item><description>&lt;p&gt;x&lt;/p&gt;</description></item></rss>",
			RSS, "", "", true, "<p>x</p>"},
		{"HTML title", `<rss><channel><item><title>&lt;b&gt;Bold&lt;/b&gt; move</title></item></channel></rss>`,
			RSS, "Bold move", "", false, ""},
		{"description guessed HTML", `<rss><channel><item><description>a &lt;br&gt; b</description></item></channel></rss>`,
			RSS, "", "", true, "a <br> b"},
		{"Atom link without rel", `<feed xmlns="http://www.w3.org/2005/Atom"><entry><link href=" https://b.example/x "/><title>E</title></entry></feed>`,
			Atom, "E", "https://b.example/x", false, ""},
		{"Atom html content", `<feed xmlns="http://www.w3.org/2005/Atom"><entry><content type="html">&lt;p&gt;Hi&lt;/p&gt;</content></entry></feed>`,
			Atom, "", "", true, "<p>Hi</p>"},
		{"leading space and BOM", "\xef\xbb\xbf \n<rss><channel><item><title>B</title></item></channel></rss>", RSS, "B", "", false, ""},
		{"JSON Feed after spaces", "\n  {\"version\":\"https://jsonfeed.org/version/1.1\",\"items\":[{\"title\":\"J\",\"content_text\":\"<p>kept as text</p>\"}]}",
			JSONFeed, "J", "", false, "<p>kept as text</p>"},
		{"JSON Feed wrong field types", `{"version":"https://jsonfeed.org/version/1.1","items":[{"id":{},"title":7,"url":["x"],"summary":"S"}]}`,
			JSONFeed, "7", "", false, "S"},
		{"UTF-16 feed", "\xff\xfe" + utf16le(`<?xml version="1.0" encoding="UTF-16"?><rss><channel><item><title>Wide</title></item></channel></rss>`),
			RSS, "Wide", "", false, ""},
		{"sitemap with undeclared news prefix", `<urlset><url><loc>https://c.example/</loc><news:news><news:title>N &amp;amp; M</news:title></news:news></url></urlset>`,
			Sitemap, "N & M", "https://c.example/", false, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f, err := Parse(strings.NewReader(tc.input), Limits{})
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			if f.Format != tc.format || len(f.Items) != 1 {
				t.Fatalf("format %q, %d items; want %q and 1", f.Format, len(f.Items), tc.format)
			}
			it := f.Items[0]
			if it.Title != tc.title || it.URL != tc.url || it.ContentHTML != tc.html || it.Content != tc.body {
				t.Errorf("got title %q url %q html %v content %q\nwant title %q url %q html %v content %q",
					it.Title, it.URL, it.ContentHTML, it.Content, tc.title, tc.url, tc.html, tc.body)
			}
		})
	}
}

func utf16le(s string) string {
	var b strings.Builder
	for _, r := range s { // ASCII only
		b.WriteByte(byte(r))
		b.WriteByte(0)
	}
	return b.String()
}
