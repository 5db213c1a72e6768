package extract

import (
	"strings"
	"unicode"

	"github.com/newsgraph/newsgraph/ontology"
)

// MakeKey returns the stable key of an entity: its type slug and a slug of
// its canonical name, e.g. MakeKey(ontology.Agency, "Ministry of State
// Security") == "agency:ministry-of-state-security".
func MakeKey(t ontology.EntityType, name string) string {
	return t.Slug() + ":" + Slug(name)
}

// Slug lower-cases s and joins its letters and digits with single dashes.
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
