package normalize

import (
	"fmt"
	"html"
	"strings"
	"time"
)

// The page templates of the extraction evaluation (readability_eval_test.go).
// Each wraps an article's paragraphs in the chrome a kind of news site
// really serves, with the class and id names such sites use: site header
// and menus, breadcrumbs, byline and date, share buttons, figures, "read
// more" and related-story blocks and ads between paragraphs, newsletter and
// cookie banners, comments, sidebars and footers with link columns. Every
// piece of chrome text here is written for this test.

// evalArticle is one article to wrap in a page.
type evalArticle struct {
	stem     string
	url      string
	headline string
	date     time.Time
	paras    []string
}

// evalTemplate renders an article as one kind of site would.
type evalTemplate struct {
	name    string
	render  func(a evalArticle) string
	heldOut bool // not used to tune the rules (evalheldout_test.go)
}

var evalTemplates = []evalTemplate{
	{"wire", wirePage, false},
	{"newspaper", newspaperPage, false},
	{"government", governmentPage, false},
	{"wordpress", wordpressPage, false},
	{"portal", portalPage, false},
	{"broadcaster", broadcasterPage, true},
	{"newsletter", newsletterPage, true},
}

var esc = html.EscapeString

// relatedHeadlines are invented teasers on topics close to the articles',
// so that words alone do not tell them from the story.
var relatedHeadlines = []string{
	"Cyber agency warns of surge in ransomware attacks on regional hospitals",
	"Lawmakers press regulators over sale of location data by brokers",
	"Central bank holds rates steady as inflation cools for a third month",
	"Port operator restores systems after weekend network outage",
	"Election officials test new ballot-counting software ahead of vote",
	"Telecom firms told to replace equipment from foreign suppliers by 2027",
	"Former intelligence chief to testify before Senate committee next week",
	"Police break up online fraud ring that targeted pensioners",
	"Diplomats meet in Geneva for talks on rules for state behaviour online",
	"Chipmaker shares slide after export curbs are widened",
	"Energy ministry says pipeline control systems were probed by intruders",
	"How one small town rebuilt its council network after an attack",
}

// evalComments are invented reader comments: prose that is not the article.
var evalComments = [][2]string{
	{"Margaret K.", "I have been saying this for years and nobody in government wanted to listen. The real question is why it took so long for anyone to act, and whether the people responsible will ever face a court. My guess is that nothing will change until the next big breach."},
	{"dtomlinson", "Good reporting, but I would have liked more detail on how the investigators actually traced the activity. Attribution is hard and readers deserve to see the evidence rather than take officials at their word every single time."},
	{"Pat from Ohio", "Every country does this kind of thing, let's be honest. The difference is who gets caught and who gets to write the press release afterwards. I am not defending anyone, just pointing out that there is plenty of hypocrisy to go around here."},
	{"R. Alvarez", "My company was hit by something similar two years ago and the insurance barely covered a third of the cost. Small businesses simply cannot afford the kind of security teams that big banks have, and the government offers almost no practical help."},
}

func linkList(class string, items []string) string {
	var b strings.Builder
	fmt.Fprintf(&b, `<ul class="%s">`, class)
	for i, it := range items {
		fmt.Fprintf(&b, `<li class="%s__item"><a href="/%s/%d" class="%s__link">%s</a></li>`,
			class, strings.ToLower(strings.ReplaceAll(it, " ", "-")), i, class, esc(it))
	}
	b.WriteString("</ul>\n")
	return b.String()
}

var sections = []string{"World", "U.S.", "Politics", "Business", "Markets", "Technology", "Cybersecurity",
	"Science", "Health", "Climate", "Sports", "Entertainment", "Opinion", "Lifestyle", "Travel", "Video",
	"Podcasts", "Newsletters", "Live"}

func footerColumns(class string) string {
	cols := [][]string{
		{"About Us", "Careers", "Our Standards", "Advertise With Us", "Contact Us", "Corrections"},
		{"Apps", "Newsletters", "Podcasts", "RSS Feeds", "E-Paper", "Archive"},
		{"Terms of Use", "Privacy Policy", "Cookie Settings", "Accessibility", "Do Not Sell My Personal Information", "Sitemap"},
		{"Facebook", "X", "Instagram", "YouTube", "LinkedIn", "WhatsApp"},
	}
	var b strings.Builder
	for i, c := range cols {
		fmt.Fprintf(&b, `<div class="%s__column"><h4 class="%s__heading">%s</h4>%s</div>`, class, class,
			[]string{"Company", "Products", "Legal", "Follow Us"}[i], linkList(class+"-list", c))
	}
	return b.String()
}

const cookieBanner = `<div id="onetrust-consent-sdk"><div id="onetrust-banner-sdk" class="otFlat" role="region" aria-label="Cookie banner">
<div class="ot-sdk-container"><p id="onetrust-policy-text">We and our partners use cookies and similar technologies to
store and access information on your device, to personalise content and ads and to measure how our services are used.
You can change your choices at any time by selecting Cookie Settings at the bottom of any page.</p>
<button id="onetrust-accept-btn-handler">Accept All Cookies</button><button id="onetrust-pc-btn-handler">Cookie Settings</button>
</div></div></div>
`

func isoDate(t time.Time) string  { return t.Format("2006-01-02") + "T14:05:00Z" }
func longDate(t time.Time) string { return t.Format("January 2, 2006") }

func jsonLD(a evalArticle, kind, publisher string) string {
	return fmt.Sprintf(`<script type="application/ld+json">{"@context":"https://schema.org","@type":"%s",`+
		`"headline":%q,"datePublished":"%s","author":[{"@type":"Person","name":"Staff Writer"}],`+
		`"publisher":{"@type":"Organization","name":%q}}</script>`, kind, a.headline, isoDate(a.date), publisher)
}

// wirePage is a wire service's React site: hashed CSS-module class names,
// data-testid attributes, paragraph divs, an ad slot and a newsletter
// prompt between paragraphs, a "Read Next" list, related story cards with
// summaries, and a footer.
func wirePage(a evalArticle) string {
	var b strings.Builder
	fmt.Fprintf(&b, `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>%s | Globe Wire</title>
<meta property="og:title" content="%s"><meta property="og:site_name" content="Globe Wire">
<meta name="article:published_time" content="%s"><link rel="canonical" href="%s">%s
<script>window.Fusion=window.Fusion||{};Fusion.globalContent={"type":"story","id":"ABCD1234"};</script>
<style>.text__text__1FZLe{font-size:1rem}</style></head><body>
<div id="fusion-app"><div class="regular-article-layout__container__2nGde">
<a class="skip-link__skip__3qvCU" href="#main-content">Skip to main content</a>
<div class="site-header__header__1rDUl"><div class="site-header__logo__2Z3bD"><a href="/">Globe Wire</a></div>
<div class="site-header__nav__3vZnR" data-testid="NavBar">%s</div>
<div class="site-header__actions__2D1FR"><a href="/account/sign-in">Sign In</a><a href="/account/register" class="button__link">Register</a></div></div>
<main id="main-content" class="regular-article-layout__main__1tvN_"><article class="article__container__2ST7h">
<div class="article-header__container__3tbWC"><div class="article-header__tags__2oM8o" data-testid="Tags"><a href="/world/">World</a><a href="/world/asia-pacific/">Asia Pacific</a></div>
<h1 data-testid="Heading" class="text__text__1FZLe text__dark-grey__3Ml43 heading_5_5">%s</h1>
<div class="article-header__author-date__1_Ugu"><div class="info-content__author__3vBsF">By <a href="/authors/jane-holloway/" rel="author">Jane Holloway</a> and <a href="/authors/tom-baker/">Tom Baker</a></div>
<time datetime="%s" class="info-content__date__2kV4s"><span>%s</span><span>4:05 PM UTC</span><span>Updated ago</span></time></div>
<div class="article-header__share__3K7vE" data-testid="ShareTools"><button aria-label="Share on X">X</button><button aria-label="Share on Facebook">Facebook</button><button aria-label="Share on LinkedIn">LinkedIn</button><button>Copy link</button></div></div>
<div class="article-body__container__3ypuX"><div class="article-body__content__17Yit">
<figure class="article-body__figure__2vyyt"><img src="/resizer/abc.jpg" alt="A flag outside a government building"><figcaption><span>A flag flutters outside a government building in the capital, in this file photo taken last year. Globe Wire/Staff/File Photo</span><a href="/licensing">Purchase Licensing Rights, opens new tab</a></figcaption></figure>
`, esc(a.headline), esc(a.headline), isoDate(a.date), esc(a.url), jsonLD(a, "NewsArticle", "Globe Wire"),
		linkList("nav-menu", sections), esc(a.headline), isoDate(a.date), longDate(a.date))
	for i, p := range a.paras {
		fmt.Fprintf(&b, `<div data-testid="paragraph-%d" class="text__text__1FZLe text__dark-grey__3Ml43 article-body__paragraph__2-BtD">%s</div>`+"\n", i, esc(p))
		switch i {
		case 1:
			b.WriteString(`<div class="signup-promo__container__1mFsq" data-testid="SignupPromo"><p class="signup-promo__title">Get the Morning Bulletin in your inbox. Our editors pick the stories you need to start the day.</p><a href="/newsletters/">Sign up here.</a></div>` + "\n")
		case 2:
			b.WriteString(`<div class="article-body__row__dFOPA" data-testid="ResponsiveAdSlot"><div id="ad-slot-mid-1" class="ad-slot__container"><span class="ad-slot__label">Advertisement · Scroll to continue</span></div></div>` + "\n")
		case 4:
			fmt.Fprintf(&b, `<div class="read-next__container__2bSZ1" data-testid="ReadNext"><h2 class="read-next__title">Read Next</h2>%s</div>`+"\n",
				linkList("read-next-list", relatedHeadlines[0:3]))
		}
	}
	b.WriteString(`<p class="sign-off__text__1r6Y7">Reporting by Jane Holloway; Editing by Mark Potter</p>
<div class="article-body__trust__2pLcm"><a href="/principles/">Our Standards: The Globe Wire Trust Principles.</a></div></div></div>
<div class="related-coverage__container__3xHa2" data-testid="RelatedCoverage"><h2>More from Globe Wire</h2>`)
	for i, h := range relatedHeadlines[3:9] {
		fmt.Fprintf(&b, `<div class="story-card__container__2wVwP"><a href="/world/story-%d/" data-testid="Heading">%s</a><p class="story-card__description">The move follows months of pressure from allies and industry groups who said existing rules left gaps that were being exploited.</p><time>%d hours ago</time></div>`, i, esc(h), i+2)
	}
	fmt.Fprintf(&b, `</div></article></main>
<div class="site-footer__footer__1Ubvx">%s<p class="site-footer__disclaimer">All quotes delayed a minimum of 15 minutes. See here for a complete list of exchanges and delays.</p><p>© 2025 Globe Wire. All rights reserved</p></div>
</div></div>%s</body></html>`, footerColumns("site-footer"), cookieBanner)
	return b.String()
}

// newspaperPage is a newspaper's server-rendered page with a Bootstrap
// grid: top bar, masthead, mega menu, breaking-news ticker, breadcrumb,
// share tools, lead image, in-article related links and ads, a paywall
// prompt, author bio, comments and a "most read" sidebar.
func newspaperPage(a evalArticle) string {
	var b strings.Builder
	fmt.Fprintf(&b, `<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8">
<title>%s - The Daily Ledger</title><meta name="description" content="Latest news, comment and analysis">
<meta property="og:type" content="article"><meta property="og:site_name" content="The Daily Ledger">
<meta property="article:published_time" content="%s"></head>
<body class="article-page single-article"><div class="top-bar"><span class="top-bar__date">%s</span><span class="weather">London 12°C</span><a href="/subscribe" class="btn-subscribe">Subscribe</a><a href="/login">Log in</a></div>
<header id="masthead" class="site-header"><div class="logo"><a href="/">The Daily Ledger</a></div>
<nav id="main-nav" class="navbar navbar-expand-lg">%s<div class="dropdown-menu">%s</div></nav></header>
<div class="breaking-news-ticker"><span class="label">Breaking</span><a href="/news/ticker">%s</a></div>
<div class="container"><div class="row"><div class="col-md-8 col-main">
<ol class="breadcrumb"><li class="breadcrumb-item"><a href="/">Home</a></li><li class="breadcrumb-item"><a href="/news">News</a></li><li class="breadcrumb-item active">World</li></ol>
<div class="article-header"><span class="kicker">Security</span><h1 class="headline">%s</h1>
<div class="byline">By <a href="/profile/sarah-lin">Sarah Lin</a>, Security Correspondent</div>
<div class="dateline">Published: %s, 16:05 GMT</div>
<ul class="share-tools"><li><a href="#">Facebook</a></li><li><a href="#">Twitter</a></li><li><a href="#">Email</a></li><li><a href="#">Copy link</a></li><li><span class="comment-count">42 comments</span></li></ul></div>
<figure class="lead-image"><img src="/img/lead.jpg" alt=""><figcaption class="caption">Officials at a news conference earlier this year. Photograph: Agency Pictures</figcaption></figure>
<div class="article-text" itemprop="articleBody">
`, esc(a.headline), isoDate(a.date), a.date.Format("Monday 2 January 2006"), linkList("nav-list", sections[:10]),
		linkList("dropdown-list", sections[10:]), esc(relatedHeadlines[9]), esc(a.headline), a.date.Format("2 January 2006"))
	for i, p := range a.paras {
		fmt.Fprintf(&b, "<p>%s</p>\n", esc(p))
		switch i {
		case 1:
			fmt.Fprintf(&b, `<div class="inline-related"><strong>RELATED:</strong> <a href="/news/related-1">%s</a></div>`+"\n", esc(relatedHeadlines[1]))
		case 3:
			b.WriteString(`<div class="ad ad-mpu" id="ad-inarticle-1"><span class="ad-label">Advertisement</span><div id="div-gpt-ad-1556131236-0"></div></div>` + "\n")
		case 5:
			b.WriteString(`<div class="paywall-prompt"><h3>You have read 3 of 5 free articles this month</h3><p>Subscribe today for unlimited access to award-winning journalism, the daily puzzles and our digital edition.</p><a href="/subscribe" class="btn">Subscribe now</a></div>` + "\n")
		}
	}
	fmt.Fprintf(&b, `</div>
<div class="article-tags">Topics: <a href="/topic/cyber">Cybersecurity</a> <a href="/topic/diplomacy">Diplomacy</a> <a href="/topic/crime">Crime</a></div>
<div class="author-bio"><img src="/img/sarah.jpg" alt=""><p>Sarah Lin is the Ledger's security correspondent. She has covered intelligence, policing and cybercrime since 2009 and previously reported from Brussels and Hong Kong.</p></div>
<section id="comments" class="comments"><h3>42 Comments</h3>%s<a href="/comments/all">View all comments</a></section>
</div><aside class="col-md-4 sidebar"><div class="widget most-read"><h3>Most Read</h3>%s</div>
<div class="widget newsletter-signup"><h3>The Ledger Daily</h3><p>Our best journalism, delivered to your inbox every morning. Free for all readers.</p><form><input type="email" placeholder="Your email"><button>Sign up</button></form></div>
<div class="ad ad-sidebar"><span>Advertisement</span></div></aside></div></div>
<footer class="site-footer">%s<address>The Daily Ledger, 1 Fleet Lane, London</address><p>© 2025 Ledger Media Group. All rights reserved.</p></footer>%s</body></html>`,
		commentsDiv(), linkList("most-read-list", relatedHeadlines[2:8]), footerColumns("footer"), cookieBanner)
	return b.String()
}

func commentsDiv() string {
	var b strings.Builder
	for i, c := range evalComments {
		fmt.Fprintf(&b, `<div class="comment" id="comment-%d"><div class="comment-author">%s</div><div class="comment-time">%d hours ago</div><div class="comment-body"><p>%s</p></div><div class="comment-actions"><a href="#">Reply</a> <a href="#">Report</a> <span>%d likes</span></div></div>`,
			i, esc(c[0]), i+1, esc(c[1]), 3*i+1)
	}
	return b.String()
}

// governmentPage is a government press release on a USWDS/Drupal site:
// the "official website" banner, a mega menu, breadcrumbs, a title that
// puts the office before the headline, dates as <time> only, the body in
// Drupal's field classes, topic and component fields, related press
// releases with teasers and a large footer.
func governmentPage(a evalArticle) string {
	var b strings.Builder
	fmt.Fprintf(&b, `<!DOCTYPE html><html lang="en" dir="ltr"><head><meta charset="utf-8">
<title>Office of Public Affairs | %s | Department of Public Safety</title>
<meta name="description" content="Press release from the Office of Public Affairs"><link rel="canonical" href="%s"></head>
<body class="path-node page-node-type-press-release"><a href="#main-content" class="usa-skipnav">Skip to main content</a>
<section class="usa-banner" aria-label="Official website of the United States government"><div class="usa-banner__header"><p class="usa-banner__header-text">An official website of the United States government</p><button class="usa-banner__button">Here’s how you know</button></div>
<div class="usa-banner__content"><p><strong>Official websites use .gov</strong> A .gov website belongs to an official government organization in the United States.</p><p><strong>Secure .gov websites use HTTPS</strong> A lock or https:// means you’ve safely connected to the .gov website. Share sensitive information only on official, secure websites.</p></div></section>
<header class="usa-header usa-header--extended"><div class="usa-logo"><a href="/">Department of Public Safety</a></div><button class="usa-menu-btn">Menu</button>
<nav class="usa-nav" aria-label="Primary navigation">%s%s</nav><form class="usa-search" role="search"><label for="search">Search</label><input id="search"><button>Search</button></form></header>
<main id="main-content" class="main-content"><div class="grid-container">
<nav class="usa-breadcrumb" aria-label="Breadcrumbs"><ol class="usa-breadcrumb__list"><li class="usa-breadcrumb__list-item"><a href="/">Home</a></li><li class="usa-breadcrumb__list-item"><a href="/opa">Office of Public Affairs</a></li><li class="usa-breadcrumb__list-item"><a href="/opa/news">News</a></li><li class="usa-breadcrumb__list-item">Press Releases</li></ol></nav>
<div class="node-press-release"><div class="field_press_release_type">Press Release</div>
<h1 class="page-title"><span class="field-formatter--string">%s</span></h1>
<div class="node-date"><span>For Immediate Release</span> <time datetime="%s">%s</time></div><div class="node-organization">Office of Public Affairs</div>
<div class="clearfix text-formatted field field--name-body field--type-text-with-summary field--label-hidden field__item">
`, esc(a.headline), esc(a.url), linkList("usa-nav__primary", []string{"About", "Our Agency", "Topics", "News", "Resources", "Careers", "Contact"}),
		linkList("usa-nav__submenu", []string{"Press Releases", "Speeches", "Photo Galleries", "Videos", "Blogs", "Podcasts", "Testimony", "Reports"}),
		esc(a.headline), isoDate(a.date), a.date.Format("Monday, January 2, 2006"))
	for i, p := range a.paras {
		fmt.Fprintf(&b, "<p>%s</p>\n", esc(p))
		if i == len(a.paras)/2 {
			b.WriteString(`<p><em>Victims or witnesses may report information to the tip line at 1-800-555-0199 or online.</em></p>` + "\n")
		}
	}
	fmt.Fprintf(&b, `</div>
<div class="node-topics"><div class="field__label">Topics</div><div class="field__item">Cybercrime</div><div class="field__item">National Security</div></div>
<div class="node-component"><div class="field__label">Component(s)</div><a href="/criminal">Criminal Division</a> <a href="/nsd">National Security Division</a></div>
<div class="node-press-release-number"><div class="field__label">Press Release Number:</div><div class="field__item">%s-1685</div></div>
<div class="node-updated">Updated %s</div></div>
<div class="related-content"><h2>Related Content</h2>`, a.date.Format("06"), longDate(a.date))
	for i, h := range relatedHeadlines[4:7] {
		fmt.Fprintf(&b, `<div class="views-row"><div class="views-field-title"><a href="/opa/pr/related-%d">%s</a></div><time datetime="2024-03-0%dT12:00:00Z">March %d, 2024</time><div class="views-field-body"><p>The department announced today that it had completed a review of the matter and would publish its findings in the coming weeks, officials said.</p></div></div>`, i, esc(h), i+1, i+1)
	}
	fmt.Fprintf(&b, `</div></div></main>
<footer class="usa-footer usa-footer--big"><div class="usa-footer__return-to-top"><a href="#">Return to top</a></div>
<nav class="usa-footer__nav" aria-label="Footer navigation">%s</nav>
<div class="usa-footer__contact"><h3>Contact the Office of Public Affairs</h3><p>Press inquiries: 202-555-0100</p><form class="usa-form"><label>Sign up for email updates</label><input type="email"><button>Subscribe</button></form></div>
<div class="usa-identifier"><p>An official website of the Department of Public Safety</p><p>Looking for U.S. government information and services? Visit USA.gov</p></div></footer></body></html>`,
		linkList("usa-footer__primary", []string{"Archive", "Accessibility", "Information Quality", "FOIA", "No FEAR Act", "Office of the Inspector General", "Legal Policies & Disclaimers", "Privacy Policy", "Budget & Performance", "For Employees", "Vote.gov", "USA.gov", "Español"}))
	return b.String()
}

// wordpressPage is a WordPress blog with a default theme and Jetpack:
// site branding and menu, entry header with posted-on and byline, an image
// block, an "Ad Inserter" AdSense block and a "Read more" paragraph inside
// the entry content, sharing and likes, related posts, post navigation,
// comments with a reply form and a widget sidebar.
func wordpressPage(a evalArticle) string {
	var b strings.Builder
	fmt.Fprintf(&b, `<!DOCTYPE html><html lang="en-US"><head><meta charset="UTF-8">
<title>%s &#8211; Threat Notes</title><meta property="og:type" content="article"><meta property="og:title" content="%s">
<meta property="og:site_name" content="Threat Notes"><meta property="article:published_time" content="%s">
<link rel='stylesheet' id='wp-block-library-css' href='/wp-includes/css/dist/block-library/style.min.css' media='all' /></head>
<body class="post-template-default single single-post postid-1234 single-format-standard"><div id="page" class="site">
<a class="skip-link screen-reader-text" href="#content">Skip to content</a>
<header id="masthead" class="site-header"><div class="site-branding"><p class="site-title"><a href="/" rel="home">Threat Notes</a></p><p class="site-description">Independent analysis of state hacking and influence operations</p></div>
<nav id="site-navigation" class="main-navigation"><button class="menu-toggle" aria-controls="primary-menu">Menu</button>%s</nav></header>
<div id="content" class="site-content"><div id="primary" class="content-area"><main id="main" class="site-main">
<article id="post-1234" class="post-1234 post type-post status-publish format-standard has-post-thumbnail hentry category-analysis tag-apt">
<header class="entry-header"><h1 class="entry-title">%s</h1><div class="entry-meta"><span class="posted-on">Posted on <a href="%s" rel="bookmark"><time class="entry-date published" datetime="%s">%s</time></a></span><span class="byline"> by <span class="author vcard"><a class="url fn n" href="/author/admin/">admin</a></span></span></div></header>
<div class="post-thumbnail"><img width="1200" height="675" src="/wp-content/uploads/header.jpg" class="attachment-post-thumbnail wp-post-image" alt=""></div>
<div class="entry-content">
`, esc(a.headline), esc(a.headline), isoDate(a.date), linkList("menu", []string{"Home", "Analysis", "Groups", "Malware", "Sanctions", "Indictments", "About", "Contact"}),
		esc(a.headline), esc(a.url), isoDate(a.date), longDate(a.date))
	for i, p := range a.paras {
		fmt.Fprintf(&b, "<p>%s</p>\n", esc(p))
		switch i {
		case 0:
			b.WriteString(`<div class="code-block code-block-2" style="margin: 8px auto; text-align: center; display: block; clear: both;"><ins class="adsbygoogle" style="display:block" data-ad-client="ca-pub-0000" data-ad-slot="1111"></ins><script>(adsbygoogle = window.adsbygoogle || []).push({});</script></div>` + "\n")
		case 2:
			b.WriteString(`<figure class="wp-block-image size-large"><img src="/wp-content/uploads/chart.png" alt=""><figcaption class="wp-element-caption">Timeline of the activity described in public reporting (image: Threat Notes)</figcaption></figure>` + "\n")
		case 3:
			fmt.Fprintf(&b, `<p><strong>Read more:</strong> <a href="/2023/05/notes/">%s</a></p>`+"\n", esc(relatedHeadlines[10]))
		}
	}
	fmt.Fprintf(&b, `<div class="sharedaddy sd-sharing-enabled"><div class="robots-nocontent sd-block sd-social sd-social-icon-text sd-sharing"><h3 class="sd-title">Share this:</h3><div class="sd-content"><ul><li class="share-twitter"><a class="share-twitter sd-button" href="#"><span>Twitter</span></a></li><li class="share-facebook"><a href="#"><span>Facebook</span></a></li><li class="share-linkedin"><a href="#"><span>LinkedIn</span></a></li><li class="share-email"><a href="#"><span>Email</span></a></li><li class="share-print"><a href="#"><span>Print</span></a></li></ul></div></div></div>
<div class="sharedaddy sd-block sd-like jetpack-likes-widget-wrapper"><h3 class="sd-title">Like this:</h3><span class="sd-text-color"></span><span>Like Loading...</span></div>
<div id='jp-relatedposts' class='jp-relatedposts'><h3 class="jp-relatedposts-headline"><em>Related</em></h3>%s</div>
</div><footer class="entry-footer"><span class="cat-links">Posted in <a href="/category/analysis/" rel="category tag">Analysis</a></span><span class="tags-links">Tagged <a href="/tag/apt/" rel="tag">APT</a>, <a href="/tag/sanctions/" rel="tag">sanctions</a></span></footer></article>
<nav class="navigation post-navigation" aria-label="Posts"><h2 class="screen-reader-text">Post navigation</h2><div class="nav-links"><div class="nav-previous"><a href="/prev/" rel="prev"><span class="meta-nav">Previous Post</span> %s</a></div><div class="nav-next"><a href="/next/" rel="next"><span class="meta-nav">Next Post</span> %s</a></div></div></nav>
<div id="comments" class="comments-area"><h2 class="comments-title">%d thoughts on &ldquo;%s&rdquo;</h2><ol class="comment-list">`,
		linkList("jp-relatedposts-items", relatedHeadlines[5:8]), esc(relatedHeadlines[8]), esc(relatedHeadlines[11]), len(evalComments), esc(a.headline))
	for i, c := range evalComments {
		fmt.Fprintf(&b, `<li id="comment-%d" class="comment even thread-even depth-1"><article id="div-comment-%d" class="comment-body"><footer class="comment-meta"><div class="comment-author vcard"><b class="fn">%s</b> <span class="says">says:</span></div><div class="comment-metadata"><a href="#comment-%d"><time datetime="2024-01-0%dT15:12:00+00:00">January %d, 2024 at 3:12 pm</time></a></div></footer><div class="comment-content"><p>%s</p></div><div class="reply"><a rel="nofollow" class="comment-reply-link" href="#">Reply</a></div></article></li>`,
			i, i, esc(c[0]), i, i+1, i+1, esc(c[1]))
	}
	fmt.Fprintf(&b, `</ol><div id="respond" class="comment-respond"><h3 id="reply-title" class="comment-reply-title">Leave a Reply <small><a rel="nofollow" href="#respond">Cancel reply</a></small></h3>
<form id="commentform" class="comment-form"><p class="comment-notes">Your email address will not be published. Required fields are marked *</p><p class="comment-form-comment"><label for="comment">Comment *</label><textarea id="comment"></textarea></p><p class="form-submit"><input type="submit" value="Post Comment"></p></form></div></div>
</main></div>
<aside id="secondary" class="widget-area"><section id="search-2" class="widget widget_search"><form role="search" class="search-form"><label>Search for:</label><input type="search"></form></section>
<section id="recent-posts-2" class="widget widget_recent_entries"><h2 class="widget-title">Recent Posts</h2>%s</section>
<section id="archives-2" class="widget widget_archive"><h2 class="widget-title">Archives</h2>%s</section>
<section id="text-3" class="widget widget_text"><div class="textwidget"><p>Threat Notes is written by a former analyst who spent a decade reading indictments and advisories. Opinions are my own and not those of any employer, past or present.</p></div></section></aside></div>
<footer id="colophon" class="site-footer"><div class="site-info"><a href="https://wordpress.org/">Proudly powered by WordPress</a><span class="sep"> | </span>Theme: Twenty Nineteen</div></footer></div></body></html>`,
		linkList("recent-posts", relatedHeadlines[6:11]), linkList("archives", []string{"March 2024", "February 2024", "January 2024", "December 2023", "November 2023"}))
	return b.String()
}

// portalPage is a regional news portal on an older CMS: paragraphs as text
// separated by <br><br> inside one story div, "ALSO READ" links and ad
// units between them, WhatsApp and Google News prompts, a trending strip,
// "web stories", a sponsored recommendation widget and a tag list.
func portalPage(a evalArticle) string {
	var b strings.Builder
	fmt.Fprintf(&b, `<!DOCTYPE html><html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<title>%s | Metro Herald</title><meta name="keywords" content="news, latest news, breaking news">
<meta itemprop="datePublished" content="%s"><meta property="og:title" content="%s"></head>
<body><div class="header-wrapper"><div class="logo"><a href="/"><img src="/logo.png" alt="Metro Herald"></a></div>
<ul class="main-menu">%s</ul><div class="trending-strip"><b>Trending:</b> <a href="/t/1">Budget 2024</a> <a href="/t/2">Monsoon Update</a> <a href="/t/3">Cricket Live Score</a> <a href="/t/4">Gold Rate Today</a> <a href="/t/5">Stock Market Live</a></div></div>
<div class="main-wrapper"><div class="left-col"><div class="story-section">
<div class="story-breadcrumb"><a href="/">Home</a> &raquo; <a href="/world">World</a> &raquo; <span>News</span></div>
<h1 class="story-title">%s</h1>
<div class="story-meta"><span class="author-name">Metro Herald Web Desk</span> | <span class="publish-date">Updated: %s, 06:35 PM IST</span></div>
<div class="social-share-top"><a class="fb" href="#">Share</a> <a class="tw" href="#">Tweet</a> <a class="wa" href="#">WhatsApp</a></div>
<div class="story-img"><img src="/photos/main.jpg" alt=""><div class="img-caption">Representational image | File</div></div>
<div class="story-details" id="storyBody">
`, esc(a.headline), isoDate(a.date), esc(a.headline), linkList("menu-item", sections[:12]), esc(a.headline), a.date.Format("Jan 02, 2006"))
	for i, p := range a.paras {
		if i > 0 {
			b.WriteString("<br><br>\n")
		}
		b.WriteString(esc(p))
		switch i {
		case 0:
			b.WriteString(`<div class="adsbox inarticle-ad"><span>ADVERTISEMENT</span><div id="gpt-inarticle-1"></div></div>`)
		case 2:
			fmt.Fprintf(&b, `<br><br><b>ALSO READ:</b> <a href="/news/also-1"><b>%s</b></a>`, esc(relatedHeadlines[7]))
		case 4:
			b.WriteString(`<div class="whatsapp-promo">Stay updated with the latest news. Join our WhatsApp channel and follow us on Google News for breaking stories.</div>`)
		}
	}
	fmt.Fprintf(&b, `</div>
<div class="story-tags"><span>Tags:</span> <a href="/tags/world">World News</a> <a href="/tags/cyber">Cyber Attack</a> <a href="/tags/diplomacy">Diplomacy</a></div>
<div class="web-stories"><h3>Web Stories</h3><a href="/ws/1">10 foods that help you sleep better</a><a href="/ws/2">Hill stations to visit this summer</a><a href="/ws/3">Celebrities who turned entrepreneurs</a></div>
<div id="taboola-below-article-thumbnails" class="trc_related_container"><div class="trc_header">You May Like <span class="trc_sponsored">Sponsored Links by Taboola</span></div>%s</div>
<div class="fb-comments-box"><h3>Comments</h3><div class="fb-comments" data-href="%s"></div></div>
</div></div><div class="right-col"><div class="widget-latest"><h3>Latest News</h3>%s</div><div class="ad300x250">Advertisement</div></div></div>
<div class="footer-wrapper">%s<p class="copyright">Copyright © 2025 Metro Herald. All Rights Reserved.</p></div></body></html>`,
		linkList("taboola-item", []string{"Doctors stunned: this simple habit helps you lose weight fast", "New scheme lets seniors travel abroad at half price", "The smartest way to pay off your credit card debt"}),
		esc(a.url), linkList("latest-list", relatedHeadlines[:6]), footerColumns("footer-links"))
	return b.String()
}
