package ingest_test

import (
	"slices"
	"strings"
	"testing"
	"unicode"

	"github.com/cayleygraph/quad"

	"github.com/newsgraph/newsgraph/data"
	"github.com/newsgraph/newsgraph/extract"
	"github.com/newsgraph/newsgraph/graph"
	"github.com/newsgraph/newsgraph/ontology"
)

// generic are descriptions that name no one in particular: an article's
// "the ministry" or "the spy service" resolved inside that article must
// not become an alias that every later article resolves.
var generic = []string{
	"ministry", "the ministry", "spy service", "the spy service", "spy agency", "intelligence service",
	"the intelligence service", "civilian intelligence agency", "main intelligence agency", "agency", "the agency",
	"service", "bureau", "the bureau", "department", "the department", "group", "the group", "police", "mission",
}

// TestAliasesAreNames: after reextract of the demo corpus, the Ministry of
// State Security has only names as aliases, even in a store where an
// earlier extractor had given it descriptions, and no entity of the store
// has a description for an alias.
func TestAliasesAreNames(t *testing.T) {
	s, p := newPipeline(t, 2)
	if _, err := p.IngestFS(ctx, data.FS, "corpus"); err != nil { // what serve --demo loads
		t.Fatal(err)
	}
	const mss = "agency:ministry-of-state-security"
	// a store written by an earlier extractor: one article's descriptions
	// of the MSS were stored as its aliases
	docs, err := s.EntityDocuments(ctx, mss, graph.Page{First: 1})
	if err != nil || len(docs.Documents) == 0 {
		t.Fatalf("no document mentions the MSS: %v", err)
	}
	doc, err := s.Document(ctx, docs.Documents[0].ID, true)
	if err != nil {
		t.Fatal(err)
	}
	old := graph.Entity{ID: mss, Name: "Ministry of State Security", Type: ontology.Agency,
		Aliases: []string{"MSS", "the ministry", "spy service", "civilian intelligence agency", "intelligence service"}}
	if _, err := s.ReplaceSource(ctx, &graph.Batch{Document: &doc, Entities: []graph.Entity{old}}); err != nil {
		t.Fatal(err)
	}
	if e, _ := s.Entity(ctx, mss); !slices.Contains(e.Aliases, "spy service") {
		t.Fatalf("the old store is not as an earlier extractor left it: %q", e.Aliases)
	}

	if sum, err := p.Reextract(ctx, nil); err != nil || len(sum.Errors) > 0 {
		t.Fatalf("reextract: %+v %v", sum, err)
	}
	e, err := s.Entity(ctx, mss)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("aliases of the Ministry of State Security: %q", e.Aliases)
	if !slices.Contains(e.Aliases, "MSS") {
		t.Errorf("the MSS lost its acronym: %q", e.Aliases)
	}
	for _, a := range e.Aliases {
		if isGeneric(a) {
			t.Errorf("the Ministry of State Security has the description %q as an alias", a)
		}
	}
	for _, g := range []string{"the ministry", "spy service", "intelligence service"} {
		if found, err := s.EntityByName(ctx, g); err == nil {
			t.Errorf("entity(name: %q) resolves to %s", g, found.ID)
		}
	}

	// no entity of the store has a description for an alias: every alias
	// is the gazetteer's, or has the shape of a name and is more than the
	// head of the entity's own name ("police" of "Malaysian police")
	ext, err := extract.Default()
	if err != nil {
		t.Fatal(err)
	}
	err = s.EachQuad(ctx, func(q quad.Quad) error {
		if q.Predicate != quad.IRI(graph.SchemaNS+"alternateName") {
			return nil
		}
		id := strings.TrimPrefix(string(q.Subject.(quad.IRI)), graph.EntityNS)
		alias := quad.ToString(q.Object)
		if en, ok := ext.Gazetteer().Lookup(id); ok && slices.Contains(en.Aliases, alias) {
			return nil
		}
		ent, err := s.Entity(ctx, id)
		if err != nil {
			return err
		}
		if ent.Type == ontology.Sector || ent.Type == ontology.AttackPattern {
			return nil
		}
		shaped := strings.ContainsFunc(alias, unicode.IsUpper) || strings.ContainsFunc(alias, unicode.IsDigit)
		head := ent.Type != ontology.Person && strings.HasSuffix(strings.ToLower(ent.Name), " "+strings.ToLower(alias))
		if isGeneric(alias) || !shaped || head {
			t.Errorf("%s (%s) has the description %q as an alias", ent.Name, ent.Type, alias)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func isGeneric(a string) bool {
	return slices.Contains(generic, strings.ToLower(strings.TrimSpace(a)))
}
