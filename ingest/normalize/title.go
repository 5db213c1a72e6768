package normalize

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// maxTitleRunes is the longest line taken as a title.
const maxTitleRunes = 200

// siteSeps separate a headline from a trailing site name.
var siteSeps = []string{" - ", " – ", " — ", " | ", " :: ", " · ", " • ", " // "}

var (
	domainRE = regexp.MustCompile(`(?i)^(?:www\.)?(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,24}$`)
	// siteWordRE is a capitalized word of a site name: "Fox", "NPR", "U.S.",
	// "Al-Monitor", "9News", "Yahoo!".
	siteWordRE = regexp.MustCompile(`^[\p{Lu}\p{N}][\p{L}\p{N}'’&.!-]*$`)
)

// siteConnectors may appear lower-case inside a site name.
var siteConnectors = set(`of the and & de del la le el des di da on for y et und`)

// notSite are first words of suffixes that label a part of a story rather
// than name a site ("Part 2", "Day 3").
var notSite = set(`part chapter episode day week vol volume no round season update updates live`)

// splitSite splits "Headline - Site Name" into its headline and site when
// the suffix looks like a site name (a domain, or one to five capitalized
// words, or the hint given by the page's og:site_name) and at least three
// headline words stay.
func splitSite(title, hint string) (head, site string, ok bool) {
	at, sepLen := -1, 0
	for _, sep := range siteSeps {
		if i := strings.LastIndex(title, sep); i > at {
			at, sepLen = i, len(sep)
		}
	}
	if at < 0 {
		return title, "", false
	}
	head, site = strings.TrimSpace(title[:at]), strings.TrimSpace(title[at+sepLen:])
	if len(strings.Fields(head)) < 3 || site == "" {
		return title, "", false
	}
	if hint != "" && strings.EqualFold(site, hint) || isSiteName(site) {
		return head, site, true
	}
	return title, "", false
}

// isSiteName reports a domain or a short capitalized name.
func isSiteName(s string) bool {
	if utf8.RuneCountInString(s) > 40 {
		return false
	}
	if domainRE.MatchString(s) {
		return true
	}
	fs := strings.Fields(s)
	if len(fs) == 0 || len(fs) > 5 || notSite[strings.ToLower(fs[0])] {
		return false
	}
	for i, f := range fs {
		if siteConnectors[f] && i > 0 && i < len(fs)-1 {
			continue
		}
		if !siteWordRE.MatchString(f) {
			return false
		}
	}
	return true
}

// titleKey is the form in which lines are compared with the title.
func titleKey(s string) string {
	return strings.ToLower(s)
}

// qualifiesAsTitle reports whether a line can be a title: at most
// maxTitleRunes long, not ending with a full stop (an abbreviation such as
// "U.S." or an ellipsis may end it), with a letter, not a fence or a
// "Key: value" header line.
func qualifiesAsTitle(s string) bool {
	if s == "" || utf8.RuneCountInString(s) > maxTitleRunes || isFence(s) || headerKeyRE.MatchString(s) {
		return false
	}
	if !strings.ContainsFunc(s, unicode.IsLetter) {
		return false
	}
	t := strings.TrimRight(s, `"'”’)]»`)
	if strings.HasSuffix(t, ".") && !strings.HasSuffix(t, "...") && !endsWithAbbrev(t) {
		return false
	}
	return true
}

var abbrevEndRE = regexp.MustCompile(`(?:^|\s)(?:\p{L}\.){2,}$|(?:^|\s)(?:Inc|Co|Corp|Ltd|Jr|Sr|St|Dr|Mr|Mrs|Ms|Gen|Gov|Sen|Rep|No|vs)\.$`)

func endsWithAbbrev(s string) bool { return abbrevEndRE.MatchString(s) }

// headerKeyRE matches "Key: value" header lines, which are metadata.
var headerKeyRE = regexp.MustCompile(`(?i)^(?:title|headline|subject|author|by|byline|date|published|updated|posted|url|link|source|tags|category|categories|description|summary|language|lang)\s*:\s*\S`)

// titleLineRE matches a "Title: …" header line.
var titleLineRE = regexp.MustCompile(`(?i)^(?:title|headline|subject)\s*:\s*(.+)$`)
