package ingest

import (
	"slices"
	"strings"
	"unicode"

	"github.com/newsgraph/newsgraph/extract"
	"github.com/newsgraph/newsgraph/ontology"
)

// aliasFilter tells which of an extracted entity's other names may become
// aliases in the store. An alias is global: every later article, search
// and entity(name:) lookup resolves it to the entity. So only names
// qualify: the gazetteer's names of the entity and the names the text
// gives it (name shapes, titles, acronyms it defines, possessive forms).
// A description resolved inside one document ("the ministry", "the spy
// service", "police" after "Malaysian") stays a mention of that document.
// The extractor means to put only names in Entity.Aliases; this is the
// store's own guard, applied on ingest and on reextract, so reextract
// repairs stores that earlier extractors filled with descriptions.
type aliasFilter struct {
	g *extract.Gazetteer
	// methods holds, per entity key and mention text, how the text was
	// found
	methods map[[2]string][]extract.Method
	// described holds the entities that the document only describes or
	// refers to: their name is a description ("four Chinese nationals")
	described map[string]bool
}

func newAliasFilter(r *extract.Result, g *extract.Gazetteer) aliasFilter {
	f := aliasFilter{g: g, methods: map[[2]string][]extract.Method{}, described: map[string]bool{}}
	named := map[string]bool{}
	for _, m := range r.Mentions {
		k := [2]string{m.Entity, m.Text}
		if !slices.Contains(f.methods[k], m.Method) {
			f.methods[k] = append(f.methods[k], m.Method)
		}
		if reference(m.Method) {
			f.described[m.Entity] = true
		} else {
			named[m.Entity] = true
		}
	}
	for k := range named {
		delete(f.described, k)
	}
	return f
}

// isName reports whether alias, another name of e in its document, is a
// name:
//   - one of the gazetteer's names of e is;
//   - otherwise a name has a capital letter or a digit, unless e is a
//     sector or an attack pattern, whose names are common nouns ("power
//     grid", "spear-phishing");
//   - the last words of e's own name are its head, a description, not a
//     name ("Police" of "Bosnian Police", "mission" of "Iranian
//     mission"), except for people, whose surname alone is a name;
//   - text that the document only ever used as a reference or a
//     description of e ("The ministry" opening a sentence) is not, nor is
//     the name of an entity the document only describes.
func (f aliasFilter) isName(e extract.Entity, alias string) bool {
	if f.g != nil {
		if en, ok := f.g.Lookup(e.Key); ok && (en.Name == alias || slices.Contains(en.Aliases, alias)) {
			return true
		}
	}
	if e.Type != ontology.Sector && e.Type != ontology.AttackPattern && !nameShaped(alias) {
		return false
	}
	if e.Type != ontology.Person && len(alias) < len(e.Name) &&
		strings.HasSuffix(strings.ToLower(e.Name), " "+strings.ToLower(alias)) {
		return false
	}
	if alias == e.Name && f.described[e.Key] {
		return false
	}
	ms := f.methods[[2]string{e.Key, alias}]
	return len(ms) == 0 || slices.ContainsFunc(ms, func(m extract.Method) bool { return !reference(m) })
}

// reference reports whether a mention found by m refers to or describes
// its entity rather than naming it.
func reference(m extract.Method) bool {
	return m == extract.MethodCoref || m == extract.MethodDescribed
}

// nameShaped reports whether s has a capital letter or a digit.
func nameShaped(s string) bool {
	for _, r := range s {
		if unicode.IsUpper(r) || unicode.IsDigit(r) {
			return true
		}
	}
	return false
}
