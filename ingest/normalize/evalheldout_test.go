package normalize

import (
	"fmt"
	"strings"
)

// Held-out templates of the extraction evaluation: written after the rules
// of clutter.go and html.go were tuned on the templates of
// evalpages_test.go, and not tuned on, so that their scores say how the
// rules carry over to sites they were not made for.

// broadcasterPage is a broadcaster's news site: text blocks as
// data-component sections, a video promo, "More on this story" links,
// related topics, a "get in touch" box and a "Top Stories" column.
func broadcasterPage(a evalArticle) string {
	var b strings.Builder
	fmt.Fprintf(&b, `<!DOCTYPE html><html lang="en-GB" class="no-js"><head><meta charset="utf-8"><title>%s - Northern Broadcasting News</title>
<meta name="description" content="The latest news from Northern Broadcasting"><meta property="og:title" content="%s">
<meta property="og:site_name" content="Northern Broadcasting News">%s</head>
<body><div id="__next"><div class="ssrcss-1ocoo3l-Wrap"><header role="banner" class="ssrcss-5ai8k5-GlobalNavigation">
<a href="#main-content" class="ssrcss-skiplink">Skip to content</a><nav class="ssrcss-1x7ntf0-NavigationLinks">%s</nav>
<div class="ssrcss-accountlinks"><a href="/signin">Sign in</a></div></header>
<nav aria-label="News" class="ssrcss-sub-navigation">%s</nav>
<div id="main-wrapper"><main id="main-content" role="main"><article class="ssrcss-pv1rh6-ArticleWrapper">
<header class="ssrcss-1eqcsb1-HeadingWrapper"><h1 id="main-heading" class="ssrcss-15xko80-StyledHeading">%s</h1></header>
<div data-component="byline-block" class="ssrcss-byline"><div class="ssrcss-contributor"><span>Amira Hassan</span><span>Home affairs correspondent</span></div></div>
<div data-component="image-block"><figure><img src="/news/img/lead.jpg" alt="Police officers outside a building"><figcaption class="ssrcss-caption">Officers outside the building on Tuesday morning</figcaption></figure></div>
`, esc(a.headline), esc(a.headline), jsonLD(a, "ReportageNewsArticle", "Northern Broadcasting News"),
		linkList("ssrcss-nav", []string{"Home", "News", "Sport", "Weather", "iPlayer", "Sounds", "Bitesize", "CBeebies", "Food", "More"}),
		linkList("ssrcss-subnav", []string{"Home", "Israel-Gaza war", "War in Ukraine", "Climate", "Video", "World", "UK", "Business", "Tech", "Science", "Entertainment & Arts", "Health", "In Pictures", "Reality Check"}),
		esc(a.headline))
	for i, p := range a.paras {
		fmt.Fprintf(&b, `<div data-component="text-block" class="ssrcss-11r1m41-RichTextComponentWrapper"><div class="ssrcss-7uxr49-RichTextContainer"><p class="ssrcss-1q0x1qg-Paragraph">%s</p></div></div>`+"\n", esc(p))
		switch i {
		case 1:
			b.WriteString(`<div data-component="media-block" class="ssrcss-media"><div class="ssrcss-video-placeholder"><button>Play video, "What we know so far", duration 2:14</button><p class="ssrcss-video-caption">Watch: What we know so far about the investigation</p></div></div>` + "\n")
		case 3:
			fmt.Fprintf(&b, `<div data-component="links-block" class="ssrcss-links"><h2>More on this story</h2>%s</div>`+"\n", linkList("ssrcss-story-links", relatedHeadlines[0:2]))
		}
	}
	fmt.Fprintf(&b, `<div data-component="tag-list" class="ssrcss-topics"><h2>Related Topics</h2>%s</div>
<section data-component="get-in-touch" class="ssrcss-git"><h2>Get in touch</h2><p>Have you been affected by the issues raised in this story? You can share your experiences by emailing our newsroom.</p><p>Please include a contact number if you are willing to speak to a journalist.</p></section>
</article><section data-component="top-stories" class="ssrcss-top-stories"><h2>Top Stories</h2>%s</section>
<section data-component="features" class="ssrcss-features"><h2>Features</h2><div><a href="/f/1">The village that voted to turn off its street lights</a><p>Residents say the stars have never looked brighter, but not everyone is happy.</p></div><div><a href="/f/2">Why so many young people are learning to knit again</a><p>Shops report record sales of wool as a new generation picks up the needles.</p></div></section>
</main></div><footer role="contentinfo" class="ssrcss-footer">%s<p>Copyright 2025 Northern Broadcasting. Northern Broadcasting is not responsible for the content of external sites. Read about our approach to external linking.</p></footer></div></div></body></html>`,
		linkList("ssrcss-topic", []string{"Cyber-security", "China", "Espionage"}), linkList("ssrcss-top", relatedHeadlines[8:12]),
		footerColumns("ssrcss-footer"))
	return b.String()
}

// newsletterPage is a newsletter platform's post: a publication header,
// a subscribe box in the middle of the post, like/comment/share counts,
// the discussion below the post and a "Ready for more?" footer.
func newsletterPage(a evalArticle) string {
	var b strings.Builder
	fmt.Fprintf(&b, `<!DOCTYPE html><html><head><meta charset="utf-8"><title>%s - by Lena Ortiz</title>
<meta property="og:title" content="%s"><meta name="author" content="Lena Ortiz"><meta property="og:type" content="article">
<meta property="article:published_time" content="%s"></head>
<body><div id="entry"><div class="main-menu"><div class="topbar-content"><a class="navbar-title-link" href="/">Signal &amp; Noise</a><div class="navbar-buttons"><button class="subscribe-btn">Subscribe</button><button>Sign in</button></div></div></div>
<div class="container"><div class="single-post-container"><div class="single-post"><article class="typography newsletter-post post">
<div class="post-header"><h1 class="post-title unpublished">%s</h1><h3 class="subtitle">Notes from this week's reading</h3>
<div class="post-meta"><div class="profile-hover-card-target"><a href="/@lena">Lena Ortiz</a></div><div class="pencraft pc-reset">%s</div></div>
<div class="post-ufi"><div class="like-button-container"><span class="label">214</span></div><a class="post-ufi-comment-button"><span>38</span></a><a class="post-ufi-button share">Share</a></div></div>
<div class="available-content"><div dir="auto" class="body markup">
`, esc(a.headline), esc(a.headline), isoDate(a.date), esc(a.headline), a.date.Format("Jan 2, 2006"))
	for i, p := range a.paras {
		fmt.Fprintf(&b, "<p>%s</p>\n", esc(p))
		if i == 2 {
			b.WriteString(`<div class="subscription-widget-wrap-editor"><div class="subscription-widget show-subscribe"><div class="preamble"><p class="cta-caption">Signal &amp; Noise is a reader-supported publication. To receive new posts and support my work, consider becoming a free or paid subscriber.</p></div><form class="subscription-widget-subscribe"><input type="email" placeholder="Type your email…"><input type="submit" value="Subscribe"></form></div></div>` + "\n")
		}
	}
	fmt.Fprintf(&b, `</div></div>
<div class="post-footer"><div class="post-ufi"><span>214 Likes</span><span>∙</span><span>12 Restacks</span></div></div></article>
<div id="discussion" class="comments-section"><h4>Discussion about this post</h4><div class="comment-list">%s</div></div>
</div></div>
<div class="footer-wrap"><div class="footer-slogan">Ready for more?</div><form><input type="email"><button>Subscribe</button></form><div class="footer-links">© 2025 Lena Ortiz · <a href="/privacy">Privacy</a> ∙ <a href="/tos">Terms</a> ∙ <a href="/ccpa">Collection notice</a></div><div class="footer-start"><a href="/publish">Start Writing</a><a href="/app">Get the app</a></div></div></div></div></body></html>`,
		newsletterComments())
	return b.String()
}

func newsletterComments() string {
	var b strings.Builder
	for i, c := range evalComments[:3] {
		fmt.Fprintf(&b, `<div class="comment"><div class="comment-content"><div class="comment-meta"><a class="commenter-name">%s</a><span class="comment-date">%dh</span></div><div class="comment-body"><p>%s</p></div><div class="comment-actions"><span>Like (%d)</span><span>Reply</span></div></div></div>`,
			esc(c[0]), i+1, esc(c[1]), i+2)
	}
	return b.String()
}
