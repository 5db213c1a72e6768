package ontology

import (
	"strings"
	"unicode"
)

// curlyQuotes turns typographic apostrophes into plain ones (a Replacer is
// safe for concurrent use and costly to build).
var curlyQuotes = strings.NewReplacer("’", "'", "‘", "'")

// Normalize folds a name for matching, by CONTRACT.md's rule: lower case,
// punctuation dropped (words split at spaces, dashes, slashes and
// underscores), a leading "the" and a trailing "'s" removed. "U.S." and "US",
// "China's" and "China", "the FBI" and "FBI" normalize alike.
func Normalize(s string) string {
	s = strings.TrimSpace(strings.ToLower(s))
	s = curlyQuotes.Replace(s)
	s = strings.TrimSuffix(s, "'s")
	var b strings.Builder
	space := false
	for _, r := range s {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteRune(r)
		case unicode.IsSpace(r) || r == '-' || r == '/' || r == '_' || r == ',' || r == '(' || r == ')':
			space = true
		}
	}
	return strings.TrimPrefix(b.String(), "the ")
}

// Slug lower-cases s and joins its letters and digits with single dashes,
// dropping apostrophes: "China's Ministry" → "chinas-ministry".
func Slug(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(r)
			continue
		}
		if r == '\'' || r == '’' {
			continue
		}
		dash = true
	}
	return b.String()
}

// Key returns the stable ID of an entity: its type slug and the slug of its
// canonical name, e.g. Key(Agency, "Ministry of State Security") ==
// "agency:ministry-of-state-security". Extraction, imports and the store all
// name entities this way, so the same thing gets the same ID from any source.
func Key(t EntityType, name string) string { return t.Slug() + ":" + Slug(name) }
