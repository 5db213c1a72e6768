package stix_test

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/newsgraph/newsgraph/graph"
	"github.com/newsgraph/newsgraph/ontology"
	"github.com/newsgraph/newsgraph/stix"
)

var ctx = context.Background()

func memStore(t testing.TB) *graph.Store {
	t.Helper()
	s, err := graph.Open(ctx, graph.Config{Backend: graph.BackendMemory})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func importFile(t testing.TB, s *graph.Store, path string) stix.Summary {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sum, err := stix.Import(ctx, s, f, filepath.Base(path))
	if err != nil {
		t.Fatalf("import %s: %v", path, err)
	}
	return sum
}

func quadCount(t testing.TB, s *graph.Store) int64 {
	t.Helper()
	st, err := s.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	return st.Quads
}

func entity(t testing.TB, s *graph.Store, name string) graph.Entity {
	t.Helper()
	e, err := s.EntityByName(ctx, name)
	if err != nil {
		t.Fatalf("entity %q: %v", name, err)
	}
	return e
}

// relations returns "predicate object-name" for an entity's outgoing
// relations.
func relations(t testing.TB, s *graph.Store, id string) []string {
	t.Helper()
	page, err := s.Relations(ctx, id, graph.RelationFilter{Direction: graph.Out}, graph.Page{First: 500})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, r := range page.Relations {
		o, err := s.Entity(ctx, r.Object)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, string(r.Predicate)+" "+o.Name)
	}
	return out
}

func claimsOf(t testing.TB, s *graph.Store, subject string, p ontology.Predicate, object string) []graph.Claim {
	t.Helper()
	rid := graph.RelationID(subject, p, object)
	cs, err := s.Claims(ctx, []string{rid})
	if err != nil {
		t.Fatal(err)
	}
	return cs[rid]
}

func hasRef(e graph.Entity, source, id string) bool {
	for _, r := range e.ExternalRefs {
		if r.Source == source && r.ExternalID == id {
			return true
		}
	}
	return false
}

// TestImportSmall imports a hand-written bundle that has one object of each
// mapped kind and checks the entities, claims and the report's document.
func TestImportSmall(t *testing.T) {
	s := memStore(t)
	sum := importFile(t, s, "testdata/small.json")
	if sum.Source != "stix:bundle--c0c21cae-9060-5a18-a12b-d909cb425c97" {
		t.Errorf("source = %q", sum.Source)
	}
	want := stix.Summary{Objects: 36, Relationships: 11, Reports: 1, Revoked: 1, Deprecated: 1, Dangling: 4}
	if sum.Objects != want.Objects || sum.Relationships != want.Relationships || sum.Reports != want.Reports ||
		sum.Revoked != want.Revoked || sum.Deprecated != want.Deprecated || sum.Dangling != want.Dangling {
		t.Errorf("summary = %+v", sum)
	}
	if sum.Unmapped["course-of-action"] != 1 || sum.Unmapped["indicator"] != 1 || sum.ImportedTotal() != 16 {
		t.Errorf("imported %v, unmapped %v", sum.Imported, sum.Unmapped)
	}

	t.Run("entities", func(t *testing.T) { checkSmallEntities(t, s) })
	t.Run("Foo Group", func(t *testing.T) { checkSmallFoo(t, s) })
	t.Run("claims", func(t *testing.T) { checkSmallClaims(t, s, sum.Source) })
	t.Run("report", func(t *testing.T) { checkSmallReport(t, s) })
}

// checkSmallEntities checks the entities small.json brings, and that its
// revoked, deprecated and unmapped objects are not imported.
func checkSmallEntities(t *testing.T, s *graph.Store) {
	entities := []struct {
		name, id string
		typ      ontology.EntityType
		aliases  []string
	}{
		{"Foo Group", "threat-group:foo-group", ontology.ThreatGroup, []string{"Bar Team"}},
		{"EvilRAT", "malware:evilrat", ontology.Malware, []string{"Evil Remote"}},
		{"Mimikatz", "tool:mimikatz", ontology.Tool, nil},
		{"Phishing", "attack-pattern:phishing", ontology.AttackPattern, []string{"T1566"}},
		{"Phishing: Spearphishing Link", "attack-pattern:phishing-spearphishing-link", ontology.AttackPattern, []string{"Spearphishing Link", "T1566.002"}},
		{"Phishing for Information: Spearphishing Link", "attack-pattern:phishing-for-information-spearphishing-link", ontology.AttackPattern, []string{"T1598.003"}},
		{"Jane Doe", "person:jane-doe", ontology.Person, nil},
		{"Ministry of Examples", "agency:ministry-of-examples", ontology.Agency, nil},
		{"Example Cyber Command", "agency:example-cyber-command", ontology.Agency, nil},
		{"Healthcare", "sector:healthcare", ontology.Sector, nil},
		{"Acme Corp", "organization:acme-corp", ontology.Organization, nil},
		{"China", "country:china", ontology.Country, []string{"People's Republic of China"}},
		{"Haikou", "location:haikou", ontology.Location, nil},
		{"CVE-2021-26855", "vulnerability:cve-2021-26855", ontology.Vulnerability, nil},
		{"Operation Test", "event:operation-test", ontology.Event, []string{"Test Operation"}},
	}
	for _, tc := range entities {
		t.Run(tc.name, func(t *testing.T) {
			e := entity(t, s, tc.name)
			if e.ID != tc.id || e.Type != tc.typ || e.Name != tc.name {
				t.Errorf("got %s %s %q, want %s %s", e.ID, e.Type, e.Name, tc.id, tc.typ)
			}
			for _, a := range tc.aliases {
				if !slices.Contains(e.Aliases, a) {
					t.Errorf("aliases %v lack %q", e.Aliases, a)
				}
			}
			if !slices.ContainsFunc(e.ExternalRefs, func(r graph.ExternalRef) bool { return r.Source == "stix" }) {
				t.Errorf("no stix reference: %+v", e.ExternalRefs)
			}
		})
	}
	for _, gone := range []string{"OldRAT", "Deprecated Tool", "Patch things", "bad ip"} {
		if _, err := s.EntityByName(ctx, gone); !graph.IsNotFound(err) {
			t.Errorf("%q was imported: %v", gone, err)
		}
	}
}

// checkSmallFoo checks one entity's attributes and relations in detail.
func checkSmallFoo(t *testing.T, s *graph.Store) {
	foo := entity(t, s, "Foo Group")
	if !hasRef(foo, "mitre-attack", "G9999") || len(foo.ExternalRefs) != 2 {
		t.Errorf("Foo Group references %+v: want the stix id and G9999 only (citations without an ID are left out)", foo.ExternalRefs)
	}
	if foo.Description != "Foo Group is a test group. It is fictional." {
		t.Errorf("description %q", foo.Description)
	}
	if jane := entity(t, s, "Jane Doe"); !slices.Equal(jane.Roles, []string{"spokesperson"}) {
		t.Errorf("roles %v", jane.Roles)
	}

	got := relations(t, s, foo.ID)
	wantRels := []string{"targets Healthcare", "attributed_to Ministry of Examples", "uses EvilRAT", "uses Mimikatz",
		"exploits CVE-2021-26855", "nationality China", "located_in Haikou"}
	for _, w := range wantRels {
		if !slices.Contains(got, w) {
			t.Errorf("Foo Group relations %v lack %q", got, w)
		}
	}
	if len(got) != len(wantRels) {
		t.Errorf("Foo Group has %d relations %v, want %d", len(got), got, len(wantRels))
	}
}

// checkSmallClaims checks the bundle's claims: predicate mapping, original
// type, confidence, and no sentence.
func checkSmallClaims(t *testing.T, s *graph.Store, source string) {
	claims := []struct {
		subj, obj string
		p         ontology.Predicate
		orig      string
		conf      float64
	}{
		{"threat-group:foo-group", "malware:evilrat", ontology.Uses, "", 0.8},
		{"threat-group:foo-group", "tool:mimikatz", ontology.Uses, "", 1},
		{"threat-group:foo-group", "country:china", ontology.Nationality, "originates-from", 1},
		{"malware:evilrat", "tool:mimikatz", ontology.RelatedTo, "variant-of", 1},
		{"attack-pattern:phishing-spearphishing-link", "attack-pattern:phishing", ontology.RelatedTo, "subtechnique-of", 1},
		{"event:operation-test", "threat-group:foo-group", ontology.AttributedTo, "", 1},
	}
	for _, tc := range claims {
		cs := claimsOf(t, s, tc.subj, tc.p, tc.obj)
		var bundle *graph.Claim
		for i := range cs {
			if cs[i].Document == source {
				bundle = &cs[i]
			}
		}
		if bundle == nil {
			t.Errorf("%s %s %s: no claim from the bundle in %+v", tc.subj, tc.p, tc.obj, cs)
			continue
		}
		if bundle.Extractor != "stix" || bundle.OriginalType != tc.orig || bundle.Confidence != tc.conf || bundle.Sentence != "" {
			t.Errorf("%s %s %s: claim %+v", tc.subj, tc.p, tc.obj, *bundle)
		}
	}
}

// checkSmallReport checks that the report is a document mentioning its
// objects, with its relationship as a claim.
func checkSmallReport(t *testing.T, s *graph.Store) {
	// the report is a document mentioning its objects, with its relationship
	docs, err := s.Documents(ctx, graph.DocumentFilter{}, graph.Page{First: 10})
	if err != nil {
		t.Fatal(err)
	}
	if len(docs.Documents) != 1 {
		t.Fatalf("documents %+v", docs.Documents)
	}
	d := docs.Documents[0]
	if d.Title != "Foo Group Report" || d.URL != "https://example.org/foo-report" || d.Published.Format("2006-01-02") != "2021-07-19" || d.Extractor != "stix" {
		t.Errorf("report document %+v", d)
	}
	ms, err := s.Mentions(ctx, d.ID)
	if err != nil {
		t.Fatal(err)
	}
	var mentioned []string
	for _, m := range ms {
		mentioned = append(mentioned, m.Entity)
	}
	if !slices.Equal(mentioned, []string{"malware:evilrat", "threat-group:foo-group"}) {
		t.Errorf("report mentions %v", mentioned)
	}
	cs := claimsOf(t, s, "threat-group:foo-group", ontology.Uses, "malware:evilrat")
	if len(cs) != 2 || cs[0].Document != d.ID && cs[1].Document != d.ID {
		t.Errorf("uses EvilRAT claims %+v: want the bundle's and the report's", cs)
	}
	rel, err := s.Relation(ctx, graph.RelationID("threat-group:foo-group", ontology.Uses, "malware:evilrat"))
	if err != nil || rel.Sources != 2 || rel.FirstSeen.Format("2006-01-02") != "2021-07-19" {
		t.Errorf("relation %+v %v", rel, err)
	}
}

// TestImportTwice: importing the same bundle again changes nothing.
func TestImportTwice(t *testing.T) {
	for _, path := range []string{"testdata/small.json", "testdata/version1.json"} {
		t.Run(filepath.Base(path), func(t *testing.T) {
			s := memStore(t)
			first := importFile(t, s, path)
			n := quadCount(t, s)
			again := importFile(t, s, path)
			if quadCount(t, s) != n || again.Added != 0 || again.Removed != 0 {
				t.Errorf("second import: %d quads, was %d; added %d removed %d", quadCount(t, s), n, again.Added, again.Removed)
			}
			if first.Added == 0 || int64(first.Added) != n {
				t.Errorf("first import added %d quads; store has %d", first.Added, n)
			}
		})
	}
}

// TestNewerVersion: a bundle with a newer version of an object replaces the
// older version that another bundle brought, in either import order; an
// older version never replaces a newer one; a newer version that deprecates
// the object removes it.
func TestNewerVersion(t *testing.T) {
	check := func(t *testing.T, s *graph.Store) {
		t.Helper()
		e := entity(t, s, "Versioned Group")
		if e.Description != "Second version." || !slices.Equal(e.Aliases, []string{"New Alias"}) {
			t.Errorf("entity %+v: want the second version only", e)
		}
		if _, err := s.EntityByName(ctx, "Old Alias"); !graph.IsNotFound(err) {
			t.Errorf("the old alias still resolves: %v", err)
		}
		// the first bundle's relationship is not replaced by anything
		if got := relations(t, s, e.ID); !slices.Equal(got, []string{"uses Versioned RAT"}) {
			t.Errorf("relations %v", got)
		}
	}
	t.Run("old then new", func(t *testing.T) {
		s := memStore(t)
		importFile(t, s, "testdata/version1.json")
		sum := importFile(t, s, "testdata/version2.json")
		if sum.Replaced != 1 || sum.Removed == 0 {
			t.Errorf("summary %+v", sum)
		}
		check(t, s)
		n := quadCount(t, s)
		again := importFile(t, s, "testdata/version1.json")
		if again.Superseded != 1 || quadCount(t, s) != n {
			t.Errorf("re-importing the old bundle: %+v, %d quads, was %d", again, quadCount(t, s), n)
		}
		check(t, s)
	})
	t.Run("new then old", func(t *testing.T) {
		s := memStore(t)
		importFile(t, s, "testdata/version2.json")
		sum := importFile(t, s, "testdata/version1.json")
		if sum.Superseded != 1 || sum.Replaced != 0 {
			t.Errorf("summary %+v", sum)
		}
		check(t, s)
	})
	t.Run("deprecated", func(t *testing.T) {
		s := memStore(t)
		importFile(t, s, "testdata/version1.json")
		importFile(t, s, "testdata/version2.json")
		sum := importFile(t, s, "testdata/version3.json")
		if sum.Deprecated != 1 || sum.Replaced != 1 {
			t.Errorf("summary %+v", sum)
		}
		e, err := s.EntityByName(ctx, "Versioned Group")
		if err != nil {
			t.Fatal(err)
		}
		if e.Description != "" || len(e.Aliases) != 0 || len(e.ExternalRefs) != 0 {
			t.Errorf("deprecated group keeps its attributes: %+v", e)
		}
	})
}

// TestImportErrors: broken inputs fail with a message and write nothing.
func TestImportErrors(t *testing.T) {
	for _, tc := range []struct{ name, in, msg string }{
		{"not json", "hello", "not JSON"},
		{"truncated", `{"type":"bundle","id":"bundle--1","objects":[{"type":"tool"`, "unexpected EOF"},
		{"objects not array", `{"type":"bundle","id":"bundle--1","objects":{}}`, "not an array"},
		{"number", `42`, "not a STIX bundle"},
		{"no type", `{"id":"x"}`, "no type"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := memStore(t)
			_, err := stix.Import(ctx, s, strings.NewReader(tc.in), tc.name)
			if err == nil || !strings.Contains(err.Error(), tc.msg) {
				t.Errorf("error %v, want %q", err, tc.msg)
			}
			if n := quadCount(t, s); n != 0 {
				t.Errorf("%d quads written", n)
			}
		})
	}
}
