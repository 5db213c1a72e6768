package stix

import (
	"regexp"
	"strings"

	"github.com/newsgraph/newsgraph/ontology"
)

// The STIX object types that become entities, and their entity types.
// identity and location are decided per object (identityType, locationType).
var sdoTypes = map[string]ontology.EntityType{
	"intrusion-set":  ontology.ThreatGroup,
	"threat-actor":   ontology.ThreatGroup,
	"malware":        ontology.Malware,
	"tool":           ontology.Tool,
	"attack-pattern": ontology.AttackPattern,
	"campaign":       ontology.Event,
	"incident":       ontology.Event,
	"vulnerability":  ontology.Vulnerability,
	"software":       ontology.Product,
	"identity":       "", // by identity_class and sectors
	"location":       "", // by its properties
}

// entityType returns the entity type of an object, and false if the object
// is not an entity (relationships, reports, indicators, courses of action…).
// A valid x_newsgraph_type (written by Write) wins, so that exports import
// back to the same types.
func entityType(o *Object) (ontology.EntityType, bool) {
	t, ok := sdoTypes[o.Type]
	if !ok {
		return "", false
	}
	if x, ok := ontology.ParseEntityType(o.XNewsgraphType); ok && o.XNewsgraphType != "" {
		return x, true
	}
	switch o.Type {
	case "identity":
		return identityType(o), true
	case "location":
		return locationType(o), true
	}
	return t, true
}

// identityType maps an identity: an individual is a PERSON; a class of
// entities is a SECTOR (as is an identity of unknown class named after one
// of its sectors); a computer system is a PRODUCT; an organization or group
// is an AGENCY when it is clearly governmental (a government sector, or a
// name such as "Ministry of …"), else an ORGANIZATION.
func identityType(o *Object) ontology.EntityType {
	class := strings.ToLower(strings.TrimSpace(o.IdentityClass))
	switch class {
	case "individual":
		return ontology.Person
	case "class":
		return ontology.Sector
	case "system":
		return ontology.Product
	}
	if class == "" || class == "unknown" {
		for _, s := range o.Sectors {
			if normName(s) == normName(o.Name) {
				return ontology.Sector
			}
		}
	}
	for _, s := range o.Sectors {
		s = strings.ToLower(s)
		if strings.HasPrefix(s, "government") || s == "law-enforcement" || s == "military" {
			return ontology.Agency
		}
	}
	if governmentName.MatchString(o.Name) {
		return ontology.Agency
	}
	return ontology.Organization
}

// governmentName matches names of government bodies.
var governmentName = regexp.MustCompile(`(?i)\b(ministry|ministère|department of|agency|bureau|directorate|police|army|navy|air force|armed forces|intelligence service|security service|government|general staff|state security|gendarmerie|prosecutor|attorney general)\b`)

// locationType maps a location: a country alone (no city, area, street or
// coordinates) is a COUNTRY, anything else a LOCATION.
func locationType(o *Object) ontology.EntityType {
	if strings.TrimSpace(o.Country) != "" && o.City == "" && o.AdministrativeArea == "" &&
		o.StreetAddress == "" && o.Latitude == nil && o.Longitude == nil {
		return ontology.Country
	}
	return ontology.Location
}

// entityName returns the name an object's entity gets, and aliases it adds.
// A country is named as the gazetteer names it ("China" for CN) with the
// STIX name as an alias; a location without a name takes its most precise
// place property.
func entityName(o *Object, t ontology.EntityType) (string, []string) {
	name := strings.TrimSpace(o.Name)
	switch o.Type {
	case "location":
		if t == ontology.Country {
			if n, ok := countryByCode(o.Country); ok {
				if name != "" && name != n {
					return n, []string{name}
				}
				return n, nil
			}
			if name == "" {
				name = strings.TrimSpace(o.Country)
			}
			return name, nil
		}
		for _, s := range []string{o.Name, o.City, o.AdministrativeArea, o.StreetAddress, o.Region} {
			if s = strings.TrimSpace(s); s != "" {
				return s, nil
			}
		}
	}
	return name, nil
}

// predicateFor maps a STIX relationship type between entities of the given
// types to an ontology predicate, with the original type to keep on the
// claim when the predicate does not say it (related_to, or a type mapped by
// analogy such as originates-from → nationality). A valid
// x_newsgraph_predicate (written by Write) wins.
func predicateFor(relType, xPred string, src, dst ontology.EntityType) (ontology.Predicate, string) {
	relType = strings.ToLower(strings.TrimSpace(relType))
	if p, ok := ontology.ParsePredicate(xPred); ok && xPred != "" {
		if p == ontology.RelatedTo && relType != "related-to" {
			return p, relType
		}
		return p, ""
	}
	switch relType {
	case "uses":
		return ontology.Uses, ""
	case "targets":
		if dst == ontology.Vulnerability {
			return ontology.Exploits, ""
		}
		return ontology.Targets, ""
	case "exploits":
		return ontology.Exploits, "exploits"
	case "attributed-to":
		return ontology.AttributedTo, ""
	case "located-at":
		return ontology.LocatedIn, ""
	case "originates-from":
		if dst == ontology.Country && (src == ontology.ThreatGroup || src == ontology.Person) {
			return ontology.Nationality, relType
		}
		return ontology.RelatedTo, relType
	case "related-to":
		return ontology.RelatedTo, relType
	}
	// newsgraph's own predicates, as Write names them ("accuses",
	// "cooperates-with"), with or without an x-newsgraph- prefix
	own := strings.TrimPrefix(relType, "x-newsgraph-")
	if p, ok := ontology.ParsePredicate(own); ok {
		if info, _ := p.Info(); info.STIX == "" {
			return p, ""
		}
	}
	return ontology.RelatedTo, relType
}

// stixRelType returns the STIX relationship type that Write uses for a
// predicate: the STIX mapping of ONTOLOGY.md where one exists, else the
// predicate's own name in STIX form (lower case, hyphens), a custom type
// that matches the STIX 2.1 pattern ^[a-z0-9-]+$.
func stixRelType(p ontology.Predicate) string {
	if info, ok := p.Info(); ok && info.STIX != "" {
		return info.STIX
	}
	return strings.ReplaceAll(string(p), "_", "-")
}

var (
	citation     = regexp.MustCompile(`\s*\(Citation:[^)]*\)`)
	markdownLink = regexp.MustCompile(`\[([^\]]*)\]\((?:https?://|/)[^)\s]*\)`)
	spaceRun     = regexp.MustCompile(`[ \t]{2,}`)
)

// cleanDescription removes ATT&CK's citation markers "(Citation: …)" and
// turns markdown links into their text, so descriptions read as prose.
func cleanDescription(s string) string {
	s = citation.ReplaceAllString(s, "")
	s = markdownLink.ReplaceAllString(s, "$1")
	s = spaceRun.ReplaceAllString(s, " ")
	return strings.TrimSpace(s)
}

// normName folds a name for comparisons: lower case, letters and digits.
func normName(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r > 127 {
			b.WriteRune(r)
		}
	}
	return b.String()
}
