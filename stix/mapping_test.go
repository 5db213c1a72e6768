package stix

import (
	"testing"

	"github.com/newsgraph/newsgraph/ontology"
)

func fptr(f float64) *float64 { return &f }

func TestEntityType(t *testing.T) {
	for _, tc := range []struct {
		name string
		o    Object
		want ontology.EntityType // "" means not an entity
	}{
		{"intrusion set", Object{Type: "intrusion-set"}, ontology.ThreatGroup},
		{"threat actor", Object{Type: "threat-actor"}, ontology.ThreatGroup},
		{"malware", Object{Type: "malware"}, ontology.Malware},
		{"tool", Object{Type: "tool"}, ontology.Tool},
		{"attack pattern", Object{Type: "attack-pattern"}, ontology.AttackPattern},
		{"campaign", Object{Type: "campaign"}, ontology.Event},
		{"incident", Object{Type: "incident"}, ontology.Event},
		{"vulnerability", Object{Type: "vulnerability"}, ontology.Vulnerability},
		{"software", Object{Type: "software"}, ontology.Product},
		{"individual", Object{Type: "identity", IdentityClass: "individual", Sectors: []string{"government-national"}}, ontology.Person},
		{"company", Object{Type: "identity", Name: "FireEye, Inc.", IdentityClass: "organization", Sectors: []string{"technology"}}, ontology.Organization},
		{"government sector", Object{Type: "identity", Name: "X", IdentityClass: "organization", Sectors: []string{"government-national"}}, ontology.Agency},
		{"ministry by name", Object{Type: "identity", Name: "Ministry of State Security", IdentityClass: "organization"}, ontology.Agency},
		{"department of", Object{Type: "identity", Name: "U.S. Department of Justice", IdentityClass: "organization"}, ontology.Agency},
		{"class", Object{Type: "identity", Name: "Hospitals", IdentityClass: "class"}, ontology.Sector},
		{"unknown named after its sector", Object{Type: "identity", Name: "Healthcare", Sectors: []string{"healthcare"}}, ontology.Sector},
		{"group", Object{Type: "identity", Name: "Some Group", IdentityClass: "group"}, ontology.Organization},
		{"system", Object{Type: "identity", Name: "SIEM", IdentityClass: "system"}, ontology.Product},
		{"country", Object{Type: "location", Country: "CN"}, ontology.Country},
		{"city", Object{Type: "location", Country: "CN", City: "Haikou"}, ontology.Location},
		{"region", Object{Type: "location", Region: "eastern-asia"}, ontology.Location},
		{"coordinates", Object{Type: "location", Country: "US", Latitude: fptr(1), Longitude: fptr(2)}, ontology.Location},
		{"own type wins", Object{Type: "location", Country: "CN", XNewsgraphType: "LOCATION"}, ontology.Location},
		{"own type must be valid", Object{Type: "tool", XNewsgraphType: "WIDGET"}, ontology.Tool},
		{"indicator", Object{Type: "indicator"}, ""},
		{"course of action", Object{Type: "course-of-action"}, ""},
		{"relationship", Object{Type: "relationship"}, ""},
		{"report", Object{Type: "report"}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := entityType(&tc.o)
			if ok != (tc.want != "") || got != tc.want {
				t.Errorf("entityType = %q %v, want %q", got, ok, tc.want)
			}
		})
	}
}

func TestEntityName(t *testing.T) {
	for _, tc := range []struct {
		o       Object
		name    string
		aliases []string
	}{
		{Object{Type: "location", Country: "cn"}, "China", nil},
		{Object{Type: "location", Country: "US", Name: "United States of America"}, "United States", []string{"United States of America"}},
		{Object{Type: "location", Country: "ZZ", Name: "Zedland"}, "Zedland", nil},
		{Object{Type: "location", Country: "ZZ"}, "ZZ", nil},
		{Object{Type: "location", City: "Haikou", Country: "CN"}, "Haikou", nil},
		{Object{Type: "location", Region: "northern-europe"}, "northern-europe", nil},
		{Object{Type: "tool", Name: "  Mimikatz "}, "Mimikatz", nil},
	} {
		typ, _ := entityType(&tc.o)
		name, aliases := entityName(&tc.o, typ)
		if name != tc.name || len(aliases) != len(tc.aliases) || (len(aliases) > 0 && aliases[0] != tc.aliases[0]) {
			t.Errorf("entityName(%+v) = %q %v, want %q %v", tc.o, name, aliases, tc.name, tc.aliases)
		}
	}
}

func TestPredicateFor(t *testing.T) {
	for _, tc := range []struct {
		rel, xpred string
		src, dst   ontology.EntityType
		want       ontology.Predicate
		orig       string
	}{
		{"uses", "", ontology.ThreatGroup, ontology.Malware, ontology.Uses, ""},
		{"targets", "", ontology.ThreatGroup, ontology.Sector, ontology.Targets, ""},
		{"targets", "", ontology.Malware, ontology.Vulnerability, ontology.Exploits, ""},
		{"exploits", "", ontology.Malware, ontology.Vulnerability, ontology.Exploits, "exploits"},
		{"attributed-to", "", ontology.Event, ontology.ThreatGroup, ontology.AttributedTo, ""},
		{"located-at", "", ontology.ThreatGroup, ontology.Location, ontology.LocatedIn, ""},
		{"originates-from", "", ontology.ThreatGroup, ontology.Country, ontology.Nationality, "originates-from"},
		{"originates-from", "", ontology.Malware, ontology.Country, ontology.RelatedTo, "originates-from"},
		{"mitigates", "", "", "", ontology.RelatedTo, "mitigates"},
		{"subtechnique-of", "", "", "", ontology.RelatedTo, "subtechnique-of"},
		{"revoked-by", "", "", "", ontology.RelatedTo, "revoked-by"},
		{"indicates", "", "", "", ontology.RelatedTo, "indicates"},
		{"related-to", "", "", "", ontology.RelatedTo, "related-to"},
		{"Uses", "", "", "", ontology.Uses, ""},
		{"accuses", "", ontology.Country, ontology.ThreatGroup, ontology.Accuses, ""},
		{"cooperates-with", "", ontology.Country, ontology.Country, ontology.CooperatesWith, ""},
		{"x-newsgraph-charges", "", ontology.Agency, ontology.Person, ontology.Charges, ""},
		// "exploits" and "attributed_to" have STIX types of their own: the
		// bare predicate name is not one of them
		{"affiliated-with", "", "", "", ontology.RelatedTo, "affiliated-with"},
		{"attributed-to", "affiliated_with", ontology.ThreatGroup, ontology.Country, ontology.AffiliatedWith, ""},
		{"targets", "exploits", ontology.ThreatGroup, ontology.Product, ontology.Exploits, ""},
		{"mitigates", "related_to", "", "", ontology.RelatedTo, "mitigates"},
		{"uses", "bogus", "", "", ontology.Uses, ""},
	} {
		p, orig := predicateFor(tc.rel, tc.xpred, tc.src, tc.dst)
		if p != tc.want || orig != tc.orig {
			t.Errorf("predicateFor(%q, %q, %s, %s) = %s %q, want %s %q", tc.rel, tc.xpred, tc.src, tc.dst, p, orig, tc.want, tc.orig)
		}
	}
	// every predicate's STIX form maps back to it
	for _, info := range ontology.Predicates {
		rel := stixRelType(info.Name)
		p, _ := predicateFor(rel, string(info.Name), "", "")
		if p != info.Name {
			t.Errorf("%s → %q → %s", info.Name, rel, p)
		}
		// newsgraph's own predicates map back without x_newsgraph_predicate
		if p, _ := predicateFor(rel, "", "", ""); info.STIX == "" && p != info.Name {
			t.Errorf("%s → %q → %s without x_newsgraph_predicate", info.Name, rel, p)
		}
	}
}

func TestCleanDescription(t *testing.T) {
	for in, want := range map[string]string{
		"[Leviathan](https://attack.mitre.org/groups/G0065) is a group.(Citation: CISA 2021)(Citation: FireEye 2018) It targets ships.": "Leviathan is a group. It targets ships.",
		"Uses [T1190](https://attack.mitre.org/techniques/T1190) and (Citation: x) more.":                                               "Uses T1190 and more.",
		"A [bracket] stays (and parentheses).": "A [bracket] stays (and parentheses).",
		"  spaced  ":                           "spaced",
	} {
		if got := cleanDescription(in); got != want {
			t.Errorf("cleanDescription(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestCountryCodes(t *testing.T) {
	for code, name := range map[string]string{"CN": "China", "us": "United States", "GB": "United Kingdom", "RU": "Russia", "KP": "North Korea", "IR": "Iran"} {
		if got, ok := countryByCode(code); !ok || got != name {
			t.Errorf("countryByCode(%q) = %q", code, got)
		}
	}
	if code, ok := countryCode("Vietnam", nil); !ok || code != "VN" {
		t.Errorf("countryCode(Vietnam) = %q", code)
	}
	if code, ok := countryCode("PRC", []string{"People's Republic", "China"}); !ok || code != "CN" {
		t.Errorf("countryCode by alias = %q", code)
	}
	if _, ok := countryCode("Atlantis", nil); ok {
		t.Error("Atlantis has a code")
	}
}
