// Package ontology is newsgraph's shared vocabulary: the entity types and the
// predicates of ONTOLOGY.md, with their CAMEO and STIX 2.1 mappings.
//
// It has no dependencies so that both the extractor (which knows nothing of
// storage) and the store can speak the same names.
package ontology

import "strings"

// EntityType is the kind of a real-world thing in the graph. Its string form
// is the UPPER_SNAKE GraphQL enum name, e.g. "AGENCY".
type EntityType string

// The entity types of ONTOLOGY.md.
const (
	Person        EntityType = "PERSON"
	Agency        EntityType = "AGENCY"
	Country       EntityType = "COUNTRY"
	Organization  EntityType = "ORGANIZATION"
	ThreatGroup   EntityType = "THREAT_GROUP"
	Event         EntityType = "EVENT"
	Malware       EntityType = "MALWARE"
	Tool          EntityType = "TOOL"
	Vulnerability EntityType = "VULNERABILITY"
	AttackPattern EntityType = "ATTACK_PATTERN"
	Sector        EntityType = "SECTOR"
	Product       EntityType = "PRODUCT"
	Location      EntityType = "LOCATION"
)

// EntityTypes lists every entity type in a stable order.
var EntityTypes = []EntityType{
	Person, Agency, Country, Organization, ThreatGroup, Event, Malware, Tool,
	Vulnerability, AttackPattern, Sector, Product, Location,
}

// Valid reports whether t is one of EntityTypes.
func (t EntityType) Valid() bool {
	for _, x := range EntityTypes {
		if x == t {
			return true
		}
	}
	return false
}

// Slug is the lower-case, dash-separated form used in identifiers ("threat-group").
func (t EntityType) Slug() string {
	return strings.ReplaceAll(strings.ToLower(string(t)), "_", "-")
}

// ParseEntityType accepts "THREAT_GROUP", "threat_group" or "threat-group".
func ParseEntityType(s string) (EntityType, bool) {
	if t := EntityType(s); t.Valid() { // stored types are already in form
		return t, true
	}
	t := EntityType(strings.ReplaceAll(strings.ToUpper(strings.TrimSpace(s)), "-", "_"))
	return t, t.Valid()
}

// Predicate is a relation name in snake_case as used in JSON and N-Quads, e.g.
// "attributed_to". Its GraphQL enum form is the upper-case variant.
type Predicate string

// The predicates of ONTOLOGY.md.
const (
	Accuses        Predicate = "accuses"
	Charges        Predicate = "charges"
	Condemns       Predicate = "condemns"
	Sanctions      Predicate = "sanctions"
	Denies         Predicate = "denies"
	Investigates   Predicate = "investigates"
	Targets        Predicate = "targets"
	AttributedTo   Predicate = "attributed_to"
	AffiliatedWith Predicate = "affiliated_with"
	Uses           Predicate = "uses"
	Exploits       Predicate = "exploits"
	CooperatesWith Predicate = "cooperates_with"
	MemberOf       Predicate = "member_of"
	PartOf         Predicate = "part_of"
	Nationality    Predicate = "nationality"
	LocatedIn      Predicate = "located_in"
	// RelatedTo holds structured relationships (STIX SROs) whose type has no
	// ontology predicate; the original type is kept on the claim.
	RelatedTo Predicate = "related_to"
)

// PredicateInfo describes a predicate: its CAMEO code and STIX relationship
// type where one exists, and whether it is symmetric.
type PredicateInfo struct {
	Name      Predicate
	CAMEO     string
	STIX      string
	Symmetric bool
	// Description says in a few words what subject and object are.
	Description string
}

// Predicates lists every predicate with its mappings, in a stable order.
var Predicates = []PredicateInfo{
	{Accuses, "112", "", false, "accuser → accused"},
	{Charges, "173", "", false, "prosecutor → charged"},
	{Condemns, "111", "", false, "critic → criticized"},
	{Sanctions, "163", "", false, "sanctioner → sanctioned"},
	{Denies, "125", "", false, "denier → accusation's author or topic"},
	{Investigates, "091", "", false, "investigator → investigated"},
	{Targets, "", "targets", false, "attacker → victim or sector"},
	{AttributedTo, "", "attributed-to", false, "event, campaign or group → responsible actor"},
	{AffiliatedWith, "", "attributed-to", false, "actor → actor it acts for or with"},
	{Uses, "", "uses", false, "actor → tool, malware, technique, contractors"},
	{Exploits, "", "targets", false, "actor or malware → vulnerability or product"},
	{CooperatesWith, "03", "", true, "actor ↔ actor"},
	{MemberOf, "", "", false, "member → organization or agency it belongs to"},
	{PartOf, "", "", false, "agency or unit → the agency or country it belongs to"},
	{Nationality, "", "", false, "person or group → country"},
	{LocatedIn, "", "located-at", false, "entity → country or place"},
	{RelatedTo, "", "related-to", false, "structured relationship of another type"},
}

// Info returns the description of p, and false if p is unknown.
func (p Predicate) Info() (PredicateInfo, bool) {
	for _, x := range Predicates {
		if x.Name == p {
			return x, true
		}
	}
	return PredicateInfo{}, false
}

// Valid reports whether p is one of Predicates.
func (p Predicate) Valid() bool { _, ok := p.Info(); return ok }

// Enum is the GraphQL enum form ("ATTRIBUTED_TO").
func (p Predicate) Enum() string { return strings.ToUpper(string(p)) }

// ParsePredicate accepts "attributed_to", "ATTRIBUTED_TO" or "attributed-to".
func ParsePredicate(s string) (Predicate, bool) {
	p := Predicate(strings.ReplaceAll(strings.ToLower(strings.TrimSpace(s)), "-", "_"))
	return p, p.Valid()
}
