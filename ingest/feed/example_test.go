package feed_test

import (
	"errors"
	"fmt"
	"strings"

	"github.com/newsgraph/newsgraph/ingest/feed"
)

func ExampleParse() {
	const body = `<?xml version="1.0"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <sitemap><loc>https://news.example.com/sitemap-news.xml</loc></sitemap>
</sitemapindex>`
	f, err := feed.Parse(strings.NewReader(body), feed.Limits{})
	if err != nil {
		fmt.Println(err)
	}
	for _, it := range f.Items {
		fmt.Println(f.Format, it.URL, it.Sitemap)
	}

	json := `{"version": "https://jsonfeed.org/version/1.1", "title": "Desk", "items": [
		{"id": "1", "url": "https://desk.example.com/1", "title": "First", "content_text": "One."},
		{"id": "2", "url": "https://desk.example.com/2", "title": "Second", "content_text": "Two."}]}`
	f, err = feed.Parse(strings.NewReader(json), feed.Limits{MaxItems: 1})
	fmt.Println(f.Format, f.Title, len(f.Items), errors.Is(err, feed.ErrTooManyItems))
	fmt.Println(err)
	// Output:
	// sitemapindex https://news.example.com/sitemap-news.xml true
	// jsonfeed Desk 1 true
	// feed: more than 1 items: kept the first 1
}
