package normalize

import (
	"strings"
	"testing"
	"time"
)

// textRules are the cases of TestTextRules: one rule of Text each.
var textRules = []struct {
	name      string
	in        string
	want      string
	title     string // "" = no title expected
	site      string
	published string // RFC 3339, "" = zero
	url       string
}{
	{
		name: "line endings, BOM, zero-width, spaces",
		in:   "\ufeffHeadline here\r\n\r\nFirst\u200b line\twith   tabs\u00a0and spaces.\rSecond line.\r\n\r\n\r\n\r\nNew paragraph.",
		want: "Headline here\n\nFirst line with tabs and spaces.\nSecond line.\n\nNew paragraph.", title: "Headline here",
	},
	{
		name: "invalid UTF-8 and controls",
		in:   "Bad \xff\xfe bytes\x00 and \x07bells.",
		want: "Bad \ufffd\ufffd bytes and bells.",
	},
	{
		name: "curly quotes and apostrophes stay",
		in:   "It’s “quoted” text.",
		want: "It’s “quoted” text.",
	},
	{
		name: "navigation lines go, sentences with the same words stay",
		in: "Search\n\nMenu\n\nHome\n\nSign in\n\nSubscribe\n\nShare\nTweet\nPrint\n\nNewer Post Older Post Home\n\n" +
			"Investors share concerns about the deal.\n\nHome Office officials said the review would take a month.",
		want: "Investors share concerns about the deal.\n\nHome Office officials said the review would take a month.",
	},
	{
		name: "widgets and prompts",
		in: "Skip to content\n\nThe body says something.\n\nAdvertisement\n\nCLICK HERE TO GET THE EXAMPLE NEWS APP\n\n" +
			"Adblock test (Why?)\n\nSign up for our daily newsletter\n\n0 Response to \"Something\"\n\n3 comments\n\n" +
			"Post a Comment\n\nLeave a comment\n\nPowered by Blogger.\n\nSubscribe to: Post Comments (Atom)\n\n" +
			"© 2021 Example Media. All rights reserved.\n\nCopyright infringement claims rose last year.",
		want: "The body says something.\n\nCopyright infringement claims rose last year.",
	},
	{
		name: "feed footer, short links, domains, timestamps",
		in: "Some headline about a court ruling\n\nexample.blogspot.com\n\nThe court ruled on Monday.\n\n" +
			"World - Latest - Google News\nJuly 19, 2021 at 08:59PM\nhttps://ift.tt/3xTdnqq\n\n" +
			"Some headline about a court ruling\nhttps://www.example.com/news/court-ruling\n",
		want:  "Some headline about a court ruling\n\nThe court ruled on Monday.",
		title: "Some headline about a court ruling", published: "2021-07-19T20:59:00Z",
		url: "https://www.example.com/news/court-ruling",
	},
	{
		name: "bylines and wire sign-offs go, sentences that start alike stay",
		in: "By Jane Doe and John Roe\n\nThe body sentence.\n\nBy Sarah Lin, Security Correspondent\n\n" +
			"By Monday morning, everyone had left.\n\nBy Air Mail\n\nReporting by Jane Doe in Paris; Editing by Mark Roe\n\n" +
			"Writing by Ann Lee\n\nReporting by the agency showed a rise in cases last year.",
		want: "The body sentence.\n\nBy Monday morning, everyone had left.\n\n" +
			"Reporting by the agency showed a rise in cases last year.",
	},
	{
		name: "dotted abbreviations are not domains",
		in:   "First paragraph.\n\nU.S.\n\na.m.",
		want: "First paragraph.\n\nU.S.\n\na.m.",
	},
	{
		name:  "all-caps teasers go, an all-caps first line stays",
		in:    "MINISTERS AGREE ON NEW CYBER RULES\n\nMinisters agreed on Monday.\n\nCHINA EXPANDS INFLUENCE AS IT WARNS OF RISKS\n\nFBI SAYS YES\n\nThey will meet again.",
		want:  "MINISTERS AGREE ON NEW CYBER RULES\n\nMinisters agreed on Monday.\n\nFBI SAYS YES\n\nThey will meet again.",
		title: "MINISTERS AGREE ON NEW CYBER RULES",
	},
	{
		name:  "a story written in capitals keeps its lines",
		in:    "WIRE HEADLINE IN CAPITALS\n\nTHE MINISTER SAID ON MONDAY THAT TALKS WOULD GO ON.\n\nOFFICIALS WILL MEET AGAIN NEXT WEEK IN GENEVA.\n\nA note in lower case.",
		want:  "WIRE HEADLINE IN CAPITALS\n\nTHE MINISTER SAID ON MONDAY THAT TALKS WOULD GO ON.\n\nOFFICIALS WILL MEET AGAIN NEXT WEEK IN GENEVA.\n\nA note in lower case.",
		title: "WIRE HEADLINE IN CAPITALS",
	},
	{
		name: "scripts without case are never all-caps",
		in:   "First line.\n\n中国 外交部 发言人 表示 反对\n\nSecond line.",
		want: "First line.\n\n中国 外交部 发言人 表示 反对\n\nSecond line.",
	},
	{
		name: "foreign chrome goes, English short lines stay",
		in:   "The story.\n\nBagikan Berita Ini\n\nCompartir esta noticia\n\nLire aussi\n\nRead the report\n\nBerita Satu said it was hacked.",
		want: "The story.\n\nRead the report\n\nBerita Satu said it was hacked.",
	},
	{
		name: "teaser links",
		in:   "The story.\n\nRead more: Another story entirely\n\nBaca juga: Berita lain\n\nMore-or-less everyone agreed.",
		want: "The story.\n\nMore-or-less everyone agreed.",
	},
	{
		name: "breadcrumbs",
		in:   "Home » World » Asia\n\nThe story.",
		want: "The story.",
	},
	{
		name:  "header lines give metadata",
		in:    "Title: Port reopens after attack\nDate: 19 July 2021\nURL: https://news.example.com/port\n\nThe port reopened.",
		want:  "Port reopens after attack\n\nThe port reopened.",
		title: "Port reopens after attack", published: "2021-07-19T00:00:00Z", url: "https://news.example.com/port",
	},
	{
		name:  "published header",
		in:    "Port reopens after attack\n\nPublished: 2021-07-19\n\nThe port reopened.",
		want:  "Port reopens after attack\n\nThe port reopened.",
		title: "Port reopens after attack", published: "2021-07-19T00:00:00Z",
	},
	{
		name:  "site suffix is stripped and the repeat goes",
		in:    "US blames hackers for pipeline attack - Example News\n\nThe body.\n\nUS blames hackers for pipeline attack - Example News\n\nUS blames hackers for pipeline attack",
		want:  "US blames hackers for pipeline attack\n\nThe body.",
		title: "US blames hackers for pipeline attack", site: "Example News",
	},
	{
		name:  "domain suffix is a site",
		in:    "Bank fined over data breach | example.co.uk\n\nThe body.",
		want:  "Bank fined over data breach\n\nThe body.",
		title: "Bank fined over data breach", site: "example.co.uk",
	},
	{
		name:  "a lower-case suffix is headline words",
		in:    "Pipeline hack - what we know so far\n\nThe body.",
		want:  "Pipeline hack - what we know so far\n\nThe body.",
		title: "Pipeline hack - what we know so far",
	},
	{
		name:  "a label suffix is headline words",
		in:    "Inside the ransomware economy - Part 2\n\nThe body.",
		want:  "Inside the ransomware economy - Part 2\n\nThe body.",
		title: "Inside the ransomware economy - Part 2",
	},
	{
		name:  "too few headline words to strip",
		in:    "Cyber Week - Example News\n\nThe body.",
		want:  "Cyber Week - Example News\n\nThe body.",
		title: "Cyber Week - Example News",
	},
	{
		name: "first line ending with a full stop is not a title",
		in:   "The minister resigned.\n\nThe body.",
		want: "The minister resigned.\n\nThe body.",
	},
	{
		name:  "an abbreviation may end a title",
		in:    "China hits back at U.S.\n\nThe body.",
		want:  "China hits back at U.S.\n\nThe body.",
		title: "China hits back at U.S.",
	},
	{
		name: "first line of a wrapped paragraph is not a title",
		in:   "The operator of the port said on Monday\nthat it had restored its systems.",
		want: "The operator of the port said on Monday\nthat it had restored its systems.",
	},
	{
		name: "a long first line is not a title",
		in:   strings.Repeat("word ", 60) + "\n\nThe body.",
		want: strings.TrimSpace(strings.Repeat("word ", 60)) + "\n\nThe body.",
	},
	{
		name: "repeated lines collapse",
		in:   "One.\n\nTwo.\n\nTwo.\n\nThree.",
		want: "One.\n\nTwo.\n\nThree.",
	},
	{
		name:  "markdown",
		in:    "# A *bold* move by the [council](https://x.example/c)\n\n![chart](c.png)\n\n> Quoted **text** with __under__ and a [nested [link](a)](b).\n\n- item one\n* item two\n\n---\n\nsnake_case and 2*3*4 stay.",
		want:  "A bold move by the council\n\nQuoted text with under and a nested link.\n\nitem one\nitem two\n\nsnake_case and 2*3*4 stay.",
		title: "A bold move by the council",
	},
	{
		name:  "front matter",
		in:    "---\ntitle: \"Court fines telecom over outage\"\ndate: 2023-02-01\ntags:\n- courts\nlayout: post\n---\n\nThe court said on Wednesday.",
		want:  "Court fines telecom over outage\n\nThe court said on Wednesday.",
		title: "Court fines telecom over outage", published: "2023-02-01T00:00:00Z",
	},
	{
		name: "a rule and a paragraph are not front matter",
		in:   "---\nSome paragraph.\n---\nAnother line.",
		want: "Some paragraph.\nAnother line.",
	},
	{
		name: "code fences are kept",
		in:   "Intro.\n\n```\n# not a heading\n*not emphasis*\nSearch\n```\n\nAfter.",
		want: "Intro.\n\n```\n# not a heading\n*not emphasis*\nSearch\n```\n\nAfter.",
	},
	{
		name: "empty",
		in:   " \n\t\n ",
		want: "",
	},
}

func TestTextRules(t *testing.T) {
	tests := textRules
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d := Text(tc.in)
			if d.Text != tc.want {
				t.Errorf("text\n got: %q\nwant: %q", d.Text, tc.want)
			}
			if d.Title != tc.title {
				t.Errorf("title %q, want %q", d.Title, tc.title)
			}
			if d.Site != tc.site {
				t.Errorf("site %q, want %q", d.Site, tc.site)
			}
			pub := ""
			if !d.Published.IsZero() {
				pub = d.Published.Format(time.RFC3339)
			}
			if pub != tc.published {
				t.Errorf("published %q, want %q", pub, tc.published)
			}
			if d.URL != tc.url {
				t.Errorf("url %q, want %q", d.URL, tc.url)
			}
			assertCanonical(t, d)
		})
	}
}

func TestID(t *testing.T) {
	a, b := ID("some text"), ID("some text")
	if a != b || len(a) != 32 {
		t.Errorf("ID not stable or not 32 hex digits: %q %q", a, b)
	}
	if ID("some text.") == a {
		t.Error("different texts share an ID")
	}
	// Re-ingesting is a no-op: the ID of a normalized text survives a
	// second normalization.
	d := Text("Headline\r\n\r\nBody  text.\r\nShare\r\n")
	if ID(Text(d.Text).Text) != ID(d.Text) {
		t.Error("ID changed on re-normalization")
	}
}

func TestHTMLMainContent(t *testing.T) {
	tests := []struct {
		name   string
		page   string
		has    []string
		hasNot []string
		title  string
	}{
		{
			name:   "article beats sidebar paragraphs",
			page:   `<body><div class="sidebar"><p>` + strings.Repeat("Sidebar words here. ", 30) + `</p></div><article><p>` + strings.Repeat("Article words here. ", 40) + `</p></article></body>`,
			has:    []string{"Article words here."},
			hasNot: []string{"Sidebar words"},
		},
		{
			name:   "a teaser article does not win",
			page:   `<body><article><p>Teaser text.</p></article><div id="story"><p>` + strings.Repeat("Real story words. ", 40) + `</p><p>` + strings.Repeat("More story words. ", 20) + `</p></div></body>`,
			has:    []string{"Real story words.", "More story words."},
			hasNot: []string{"Teaser text."},
		},
		{
			name:  "title from og:title, h1 repeat dropped",
			page:  `<head><title>Page | Site Name</title><meta property="og:title" content="The real headline of the story"></head><body><article><h1>The real headline of the story</h1><p>Body sentence one.</p></article></body>`,
			has:   []string{"The real headline of the story\n\nBody sentence one."},
			title: "The real headline of the story",
		},
		{
			name:  "title from <title> with the site stripped",
			page:  `<head><title>Ministers meet over grid attack | Site Name</title></head><body><p>Body sentence one.</p></body>`,
			has:   []string{"Ministers meet over grid attack\n\nBody sentence one."},
			title: "Ministers meet over grid attack",
		},
		{
			name:   "widget classes go but a class never drops the article",
			page:   `<body><div class="ad-free article-body share-friendly"><p>` + strings.Repeat("Body words. ", 30) + `</p><div class="social-share">Share on Facebook</div><div class="no-ads">Kept block text.</div></div></body>`,
			has:    []string{"Body words.", "Kept block text."},
			hasNot: []string{"Facebook"},
		},
		{
			name: "read-next, more-from and paywall blocks go",
			page: `<body><article><p>` + strings.Repeat("Body words. ", 30) + `</p><div class="read-next__container__2bSZ1"><a href="/a">Teaser one about another story</a></div>` +
				`<div class="paywall-prompt">You have read 3 of 5 free articles</div><section class="more-from-section"><a href="/b">Teaser two about another story</a></section></article></body>`,
			has:    []string{"Body words."},
			hasNot: []string{"Teaser one", "Teaser two", "free articles"},
		},
		{
			name: "a Drupal body field is the content",
			page: `<body><main><div class="field_press_release_type">Press Release Label</div><div class="clearfix field field--name-body field__item"><p>` +
				strings.Repeat("Body words. ", 30) + `</p></div><div class="node-topics"><div>Topic Label</div></div></main></body>`,
			has:    []string{"Body words."},
			hasNot: []string{"Press Release Label", "Topic Label"},
		},
		{
			name:  "a <title> that puts the office first gives the h1 on",
			page:  `<head><title>Office of Public Affairs | Two men charged over port intrusion | Department of Examples</title></head><body><h1>Two men charged over port intrusion</h1><p>Body sentence one.</p></body>`,
			has:   []string{"Two men charged over port intrusion\n\nBody sentence one."},
			title: "Two men charged over port intrusion",
		},
		{
			name: "pre keeps its lines; br breaks a line; entities decode",
			page: `<body><p>A &amp; B&nbsp;C<br>next line</p><pre>one
two</pre></body>`,
			has:    []string{"A & B C\nnext line", "one\ntwo"},
			hasNot: []string{"&amp;", "&nbsp;"},
		},
		{
			name:   "comments, scripts, hidden",
			page:   `<body><p>Visible text.</p><!-- comment text --><script>var x = "script text";</script><p hidden>hidden text</p><p aria-hidden="true">aria text</p><template><p>template text</p></template></body>`,
			has:    []string{"Visible text."},
			hasNot: []string{"comment text", "script text", "hidden text", "aria text", "template text"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d, err := HTML(strings.NewReader(tc.page))
			if err != nil {
				t.Fatal(err)
			}
			for _, s := range tc.has {
				if !strings.Contains(d.Text, s) {
					t.Errorf("text lacks %q:\n%s", s, d.Text)
				}
			}
			for _, s := range tc.hasNot {
				if strings.Contains(d.Text, s) {
					t.Errorf("text has %q:\n%s", s, d.Text)
				}
			}
			if tc.title != "" && d.Title != tc.title {
				t.Errorf("title %q, want %q", d.Title, tc.title)
			}
			assertCanonical(t, d)
		})
	}
}

func TestHTMLDeepNesting(t *testing.T) {
	page := strings.Repeat("<div>", 100000) + "<p>Deep text.</p>" + strings.Repeat("</div>", 100000)
	d, err := HTML(strings.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(d.Text, "Deep text.") {
		t.Errorf("deep text lost: %q", d.Text)
	}
}
