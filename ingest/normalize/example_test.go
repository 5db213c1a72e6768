package normalize_test

import (
	"fmt"
	"strings"

	"github.com/newsgraph/newsgraph/ingest/normalize"
)

func ExampleText() {
	raw := "Menu\r\n\r\nCity council hit by ransomware - Example Times\r\n\r\n" +
		"The council said its payment systems were down.\r\n\r\n" +
		"CLICK HERE TO GET THE EXAMPLE TIMES APP\r\n\r\n" +
		"Officials expect a fix this week.\r\n\r\nShare\r\nTweet\r\n\r\n" +
		"March 14, 2023 at 10:05AM\r\nhttps://ift.tt/AbCdEf1\r\n"
	d := normalize.Text(raw)
	fmt.Printf("title: %s\nsite: %s\npublished: %s\n---\n%s\n", d.Title, d.Site, d.Published.Format("2006-01-02 15:04"), d.Text)
	// Output:
	// title: City council hit by ransomware
	// site: Example Times
	// published: 2023-03-14 10:05
	// ---
	// City council hit by ransomware
	//
	// The council said its payment systems were down.
	//
	// Officials expect a fix this week.
}

func ExampleRead() {
	jsonl := `{"id":"a1","title":"Grid operator stops intrusion","text":"<p>The operator said no supply was affected.</p>"}
{"id":"a2","text":
{"id":"a3","text":"Port systems restored.\n\nSearch"}
`
	docs, errs := normalize.Read("news.jsonl", strings.NewReader(jsonl), normalize.Limits{})
	for _, d := range docs {
		fmt.Printf("%s %s %q\n", d.Source, normalize.ID(d.Text)[:8], d.Text)
	}
	for _, err := range errs {
		fmt.Println(err)
	}
	// Output:
	// news.jsonl#1 47fa09d9 "Grid operator stops intrusion\n\nThe operator said no supply was affected."
	// news.jsonl#3 c03db7e3 "Port systems restored."
	// normalize: news.jsonl line 2: invalid JSON: unexpected end of JSON input
}
