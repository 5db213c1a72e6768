package normalize

import (
	"net/url"
	"regexp"
	"strings"
	"time"
	"unicode"
)

// The clutter rules look at one line at a time and never at its neighbours,
// so they give the same answer however often a text is normalized. They are
// generic (they describe kinds of page chrome, not one site's) and most only
// fire on short lines, so a real sentence is not dropped for containing a
// word like "share" or "comment".

// lineInfo is what the rules learned from a dropped line.
type lineInfo struct {
	published time.Time // a timestamp or "Published:" line
	url       string    // a bare URL or "URL:" line
}

// maxClutterWords bounds the lines most rules look at.
const maxClutterWords = 30

// clutter reports whether a (whitespace- and markdown-normalized) line is
// page clutter, and what it tells about the document.
func clutter(s string) (bool, lineInfo) {
	var info lineInfo
	if s == "" {
		return true, info
	}
	if !hasAlnum(s) {
		return true, info // rules, separators, lone punctuation or emoji
	}
	if len(s) > 400 {
		return false, info
	}
	space := strings.IndexByte(s, ' ') >= 0
	if !space {
		if u, ok := bareURL(s); ok {
			info.url = u
			return true, info
		}
		if strings.IndexByte(s, '.') > 0 && bareDomainRE.MatchString(s) && !isAbbrevDots(s) {
			return true, info
		}
	}
	ws := words(s)
	if len(ws) == 0 {
		return true, info
	}
	if metaWords[ws[0]] {
		if m := metaLineRE.FindStringSubmatch(s); m != nil {
			if t, ok := parseDate(m[2]); ok {
				info.published = t
				return true, info
			}
		}
	}
	if strings.Contains(s, "http") {
		if m := urlLineRE.FindStringSubmatch(s); m != nil {
			if u, ok := bareURL(m[1]); ok {
				info.url = u
			}
			return true, info
		}
	}
	if t, ok := parseDate(s); ok {
		info.published = t
		return true, info
	}
	if len(ws) > maxClutterWords {
		return false, info
	}
	if isNavLine(ws) || isBreadcrumb(s) || isForeignChrome(ws) || isByline(s) {
		return true, info
	}
	lower := strings.ToLower(s)
	for _, rules := range [2][]*clutterRule{rulesByFirst[ws[0]], rulesAnyFirst} {
		for _, r := range rules {
			if r.maxWords > 0 && len(ws) > r.maxWords {
				continue
			}
			if r.needles != nil && (len(lower) < r.minLen || !containsAny(lower, r.needles)) {
				continue
			}
			if r.re.MatchString(lower) {
				return true, info
			}
		}
	}
	return false, info
}

func containsAny(s string, needles []string) bool {
	for _, n := range needles {
		if strings.Contains(s, n) {
			return true
		}
	}
	return false
}

func hasAlnum(s string) bool {
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return true
		}
	}
	return false
}

var (
	bareDomainRE = regexp.MustCompile(`(?i)^(?:www\.)?(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,24}\.?(?:/\S*)?$`)
	// metaLineRE matches "Published: 2021-07-19" style header lines.
	metaLineRE = regexp.MustCompile(`(?i)^(published|date|dated|updated|posted|last updated|pubdate|publication date|date published|first published)\s*(?::|-|–)\s*(.+)$`)
	urlLineRE  = regexp.MustCompile(`(?i)^(?:url|link|source|canonical|permalink|original(?:ly)? (?:posted|published) at|read (?:it|more) at)\s*:?\s*(<?https?://\S+>?)$`)
)

// isAbbrevDots reports dotted abbreviations ("U.S.", "a.m.") that look like
// domains to bareDomainRE.
func isAbbrevDots(s string) bool {
	for _, label := range strings.Split(strings.TrimSuffix(s, "."), ".") {
		if len(label) > 1 {
			return false
		}
	}
	return true
}

// shorteners are link-shortening hosts: their URLs are never canonical.
var shorteners = map[string]bool{
	"ift.tt": true, "bit.ly": true, "t.co": true, "goo.gl": true, "ow.ly": true, "buff.ly": true,
	"dlvr.it": true, "trib.al": true, "tinyurl.com": true, "is.gd": true, "fb.me": true,
	"lnkd.in": true, "rebrand.ly": true, "shorturl.at": true, "cutt.ly": true, "news.google.com": true,
}

// bareURL reports a line that is only a URL; it returns the URL when it can
// serve as the document's address (not a short link).
func bareURL(s string) (string, bool) {
	s = strings.TrimSuffix(strings.TrimPrefix(s, "<"), ">")
	low := strings.ToLower(s)
	if !strings.HasPrefix(low, "http://") && !strings.HasPrefix(low, "https://") || strings.ContainsAny(s, " <>") {
		return "", false
	}
	u, err := url.Parse(s)
	if err != nil || u.Host == "" || shorteners[strings.TrimPrefix(strings.ToLower(u.Host), "www.")] {
		return "", true
	}
	return s, true
}

// words returns the lower-case words of s with surrounding punctuation
// trimmed; pure punctuation tokens are left out.
func words(s string) []string {
	fs := strings.Fields(s)
	out := fs[:0]
	for _, f := range fs {
		f = strings.TrimFunc(f, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
		if f != "" {
			out = append(out, strings.ToLower(f))
		}
	}
	return out
}

// navWords may make up a navigation or widget line; navStrong are the ones
// such a line must contain at least one of.
var navWords = set(`search menu home subscribe subscribed sign in up out log login logout register share shares
	this article story post posts on tweet tweets print email e mail facebook twitter x linkedin whatsapp pinterest
	reddit telegram instagram youtube tiktok copy link links close open skip to content main navigation nav
	advertisement advertisements ad ads sponsored related articles stories read more continue reading full
	comments comment reply replies leave a loading newer older next previous prev back top trending now most
	popular recommended for you follow us like no toggle view show hide the below powered by blogger wordpress
	feed rss atom subscription account my profile settings cookies accept privacy policy terms of use contact
	about sections all news video videos photos gallery listen watch play pause mute unmute save bookmark
	bookmarks favorite favourite permalink embed jump report abuse`)

var navStrong = set(`search menu home subscribe login logout register share shares tweet print email facebook
	twitter linkedin whatsapp pinterest reddit telegram instagram youtube tiktok advertisement advertisements ad
	ads sponsored comments comment reply replies loading newer older navigation nav trending cookies permalink
	bookmark bookmarks embed skip toggle`)

// navPhrases are whole lines that are chrome though made of weak words.
var navPhrases = set(`read|read more|more|next|previous|prev|related|close|back to top|top|continue reading|
	sign in|sign up|log in|log out|copy link|follow us|like this|recommended|most popular|most read|you may also like|
	view all|show more|load more|see more|see all|all news|latest news|top stories|related articles|related posts|
	related stories|related content|listen|watch|play|photo|photos|video|image|gallery|save|about us|contact us|
	privacy policy|terms of use|terms of service|all rights reserved`, "|")

func set(s string, sep ...string) map[string]bool {
	var fs []string
	if len(sep) > 0 {
		fs = strings.Split(s, sep[0])
	} else {
		fs = strings.Fields(s)
	}
	m := make(map[string]bool, len(fs))
	for _, f := range fs {
		if f = strings.Join(strings.Fields(f), " "); f != "" {
			m[f] = true
		}
	}
	return m
}

// isNavLine reports a short line made only of navigation and widget words
// (and counts), such as "Search", "Share 0 Tweet", "Newer Post Older Post
// Home", "Sign in", "Read more".
func isNavLine(ws []string) bool {
	if len(ws) > 10 {
		return false
	}
	if navPhrases[strings.Join(ws, " ")] {
		return true
	}
	strong := false
	for _, w := range ws {
		switch {
		case navWords[w]:
			strong = strong || navStrong[w]
		case isDigits(w):
		default:
			return false
		}
	}
	return strong
}

func isDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}

// clutterRule is a pattern over a lower-cased line, with cheap tests that
// rule it out first: the first word must be in first, or the line must
// contain one of needles, and it must have at most maxWords words.
type clutterRule struct {
	first    map[string]bool
	needles  []string
	maxWords int
	minLen   int // length of the shortest needle
	re       *regexp.Regexp
}

func rule(first, needles string, maxWords int, re string) clutterRule {
	r := clutterRule{maxWords: maxWords, re: regexp.MustCompile(re)}
	if first != "" {
		r.first = set(first)
	}
	if needles != "" {
		r.needles = strings.Split(needles, "|")
		r.minLen = len(needles)
		for _, n := range r.needles {
			r.minLen = min(r.minLen, len(n))
		}
	}
	return r
}

// metaWords start "Published: …" header lines.
var metaWords = set(`published date dated updated posted last pubdate publication first`)

// clutterRules match lower-cased lines of at most maxClutterWords words.
var clutterRules = []clutterRule{
	// app and ad prompts
	rule("click tap", "", 0, `^(?:click|tap) here\b`),
	rule("", "adblock|ad blocker|ad-blocker", 0, `\b(?:adblock|ad blocker|ad-blocker|adblocker)\b`),
	rule("advertisement", "", 0, `^advertisement\b`),
	rule("story article content", "", 0, `^(?:story|article|content) continues (?:below|after)\b`),
	rule("scroll", "", 0, `^scroll (?:down )?to continue\b`),
	rule("skip", "", 0, `^skip to (?:main )?(?:content|navigation|article|main)\b`),
	rule("", "app", 15, `\b(?:get|download|install) (?:the|our) .*\bapps?\b`),
	rule("", "newsletter", 15, `\b(?:sign up|subscribe|register)\b.*\bnewsletters?\b|\bnewsletters?\b.*\b(?:sign up|subscribe)\b`),
	rule("sign", "", 15, `^sign up for\b`),
	rule("", "cookie|javascript|disable your ad", 15, `\b(?:we use cookies|accept (?:all )?cookies|enable javascript|javascript is disabled|disable your ad)`),
	// share and comment widgets
	rule("", "respons|comment|repl|reaction", 0, `^\d+ (?:responses?|comments?|replies|reactions?) (?:to|on)\b`),
	rule("", "respons|comment", 0, `^(?:no|\d+) (?:comments?|responses?)\s*:?$`),
	rule("post leave add write", "", 0, `^(?:post|leave|add|write) (?:a|your) (?:comment|reply|response)\b`),
	rule("subscribe", "", 0, `^subscribe to:? (?:post comments|comments|posts)\b`),
	rule("powered", "", 0, `^powered by \S+(?: \S+){0,2}$`),
	rule("share follow like", "", 0, `^(?:share this|share on|follow us|like this)\b[^.!?]{0,40}$`),
	rule("labels tags tagged filed categories category topics", "", 0, `^(?:labels|tags|tagged|filed under|categories|category|topics)\s*:`),
	// teaser links inside a body
	rule("read also see related more recommended don't don’t must trending watch listen", "", 0,
		`^(?:read more|also read|read also|see also|related|related stories|related story|related articles?|related coverage|more on this|more from \S+|recommended|don't miss|don’t miss|must read|trending|watch|listen|more)(?:\s*[:|»›>]|\s+[–—-]\s)`),
	rule("baca lihat leer lee lire à leia mehr lesen leggi", "", 0,
		`^(?:baca juga|lihat juga|baca selengkapnya|leer más|lee también|lire aussi|à lire aussi|leia também|leia mais|mehr zum thema|lesen sie auch|leggi anche)\b`),
	// feed footers: "World - Latest - Google News"
	rule("", "google news|yahoo news|bing news|msn news|apple news|newsnow|feedly|flipboard", 0,
		`^(?:[^.!?]{0,60}\s[-–|»]\s)?(?:google news|yahoo news|bing news|msn news|apple news|newsnow|feedly|flipboard)$`),
	// wire sign-offs: "Reporting by A in Paris; Editing by B"
	rule("reporting additional writing editing compiled", "", 0,
		`^(?:additional )?(?:reporting|writing|editing|compiled) by [^.!?]*;[^.!?]*$|^(?:additional )?(?:reporting|writing|editing|compiled) by(?: \S+){1,5}$`),
	// legal footers
	rule("", "©|copyright|(c)", 0, `^(?:copyright|©|\(c\))\s*(?:©\s*)?\d{4}\b`),
	rule("", "all rights reserved", 0, `\ball rights reserved\.?$`),
	rule("this", "", 0, `^this (?:material|article|story) (?:may|must) not be (?:published|reproduced)`),
}

// rulesByFirst indexes clutterRules by the first words they allow;
// rulesAnyFirst are the rules that allow any first word.
var rulesByFirst, rulesAnyFirst = indexRules(clutterRules)

func indexRules(rules []clutterRule) (map[string][]*clutterRule, []*clutterRule) {
	byFirst := map[string][]*clutterRule{}
	var anyFirst []*clutterRule
	for i := range rules {
		r := &rules[i]
		if r.first == nil {
			anyFirst = append(anyFirst, r)
			continue
		}
		for w := range r.first {
			byFirst[w] = append(byFirst[w], r)
		}
	}
	return byFirst, anyFirst
}

// isBreadcrumb reports lines such as "Home » World » Asia" or "World -
// Latest - Google News": three or more short capitalized segments joined by
// a separator, with no sentence punctuation.
func isBreadcrumb(s string) bool {
	if strings.ContainsAny(s, ".?!\"“”") {
		return false
	}
	var segs []string
	for _, sep := range []string{" » ", " › ", " > ", " | ", " - ", " – ", " / "} {
		if strings.Contains(s, sep) {
			segs = strings.Split(s, sep)
			break
		}
	}
	if len(segs) < 3 {
		return false
	}
	for _, seg := range segs {
		fs := strings.Fields(seg)
		if len(fs) == 0 || len(fs) > 3 {
			return false
		}
		r := []rune(fs[0])[0]
		if !unicode.IsUpper(r) && !unicode.IsDigit(r) {
			return false
		}
	}
	return true
}

// englishStop are common English words: a line with any of them is not
// treated as foreign chrome.
var englishStop = set(`the a an of to and in is on for with by at from this that it as be are was were has have
	had not or but he she they we you i his her their our its said says will would can could may after over
	about into more than who what when where why how new`)

// foreignChrome are share/read/comment/news words of languages news pages
// are often mirrored in (Indonesian/Malay, Spanish, Portuguese, French,
// German, Italian, Dutch); foreignFunction are function words of the same
// languages that such lines are padded with.
var foreignChrome = set(`bagikan berita baca selengkapnya komentar tulis kirim beranda cari masuk daftar artikel
	terkait terbaru populer lihat klik iklan langganan bagikan sebarkan
	compartir comparte noticia noticias leer lee comentarios comentario relacionadas relacionados inicio buscar
	suscríbete suscribirse publicidad anuncio
	compartilhe compartilhar notícia notícias leia comentários início publicidade
	partager partagez lire commentaires accueil rechercher publicité abonnez
	teilen weiterlesen kommentare startseite suche anzeige werbung
	condividi leggi notizie commenti correlati cerca pubblicità
	delen lees reacties zoeken advertentie nieuws`)

var foreignFunction = set(`ini itu juga lainnya dan yang di ke dari untuk dengan kami anda sini disini semua
	esta este estas estos la el los las de y del para con por más mas también
	esta na no da do e para com mais também
	cet cette la le les de des et du sur à aussi suite plus
	diesen dieser diese der das und mit von zu auf mehr zum thema
	questo questa il di e la per con anche
	dit deze het de en van met meer ook`)

// isForeignChrome reports a short line (six words or fewer) made only of
// non-English share/read/comment words, such as Indonesian "Bagikan Berita
// Ini" ("share this news"). English sentences are never this.
func isForeignChrome(ws []string) bool {
	if len(ws) > 6 {
		return false
	}
	chrome := false
	for _, w := range ws {
		switch {
		case englishStop[w]:
			return false
		case foreignChrome[w]:
			chrome = true
		case foreignFunction[w]:
		default:
			return false
		}
	}
	return chrome
}

// isAllCaps reports a line of at least four words in capitals and no
// lower-case letter: in a body such lines are "related story" teasers.
// Scripts without case never count.
func isAllCaps(s string) bool {
	n := 0
	for _, f := range strings.Fields(s) {
		upper, letters := false, false
		for _, r := range f {
			switch {
			case unicode.IsLower(r):
				return false
			case unicode.IsUpper(r):
				upper = true
			case unicode.IsLetter(r):
				letters = true
			}
		}
		if letters && !upper {
			return false
		}
		if upper {
			n++
		}
	}
	return n >= 4
}

// isByline reports a byline: "By" and one to three names of two to four
// capitalized words (or initials) joined by "and" or "&", with an optional
// role of up to six words after a comma and no final full stop ("By Jane
// Doe and John Roe", "By Jane Doe, Security Correspondent").
func isByline(s string) bool {
	fs := strings.Fields(s)
	if len(fs) < 3 || len(fs) > 14 || fs[0] != "By" && fs[0] != "BY" ||
		strings.ContainsAny(s, ":?!\"“”") || strings.HasSuffix(s, ".") {
		return false
	}
	names, inName := 0, 0
	for i, f := range fs[1:] {
		w, comma := strings.CutSuffix(f, ",")
		switch {
		case w == "and" || w == "&":
			if inName < 2 {
				return false
			}
			inName = 0
			continue
		case w == "" || !unicode.IsUpper([]rune(w)[0]):
			return false
		}
		if inName == 0 {
			names++
		}
		inName++
		if inName > 4 || names > 3 {
			return false
		}
		if comma {
			return inName >= 2 && len(fs)-(i+2) <= 6 // the rest is a role
		}
	}
	return inName >= 2
}
