// Package graphtest is the conformance suite every graph.Store backend
// passes. A backend's test file opens stores and calls RunAll.
package graphtest

import (
	"context"
	"fmt"
	"reflect"
	"sort"
	"sync"
	"testing"
	"time"

	"github.com/cayleygraph/quad"

	"github.com/newsgraph/newsgraph/graph"
	"github.com/newsgraph/newsgraph/ontology"
)

// Backend opens stores for the suite.
type Backend struct {
	// Open returns a fresh, empty store.
	Open func(t testing.TB) *graph.Store
	// Reopen closes s and opens the same data again; nil for backends that
	// do not persist (the reopen tests are then skipped).
	Reopen func(t testing.TB, s *graph.Store) *graph.Store
}

// RunAll runs every conformance test against the backend.
func RunAll(t *testing.T, b Backend) {
	tests := []struct {
		name string
		fn   func(*testing.T, Backend)
	}{
		{"WriteAndRead", testWriteAndRead},
		{"LookupByAlias", testLookupByAlias},
		{"Idempotent", testIdempotent},
		{"DeleteDocument", testDeleteDocument},
		{"SharedEntitySurvivesDelete", testSharedEntity},
		{"ReAddAfterDelete", testReAddAfterDelete},
		{"ReplaceSource", testReplaceSource},
		{"ReplaceSourceIsAtomic", testReplaceAtomic},
		{"ClaimCacheFollowsChanges", testClaimCacheFollowsChanges},
		{"RelationsPagination", testRelationsPagination},
		{"Cursors", testCursors},
		{"Neighborhood", testNeighborhood},
		{"NeighborhoodCaps", testNeighborhoodCaps},
		{"ViewNeighborhood", testViewNeighborhood},
		{"PathsBothDirections", testPathsBothDirections},
		{"PathsBounds", testPathsBounds},
		{"Search", testSearch},
		{"Documents", testDocuments},
		{"SymmetricPredicate", testSymmetric},
		{"InvalidBatches", testInvalidBatches},
		{"ConcurrentReadersSeeWholeDocuments", testConcurrent},
		{"Reopen", testReopen},
		{"MergeEntities", testMerge},
		{"Merges", testMerges},
		{"AnalystAssertions", testAnalyst},
		{"Desk", testDesk},
		{"EntityProvenance", testProvenance},
		{"Check", testCheck},
		{"WriteDocuments", testWriteDocuments},
		{"Stories", testStories},
		{"Records", testRecords},
		{"Support", testSupport},
		{"Disputes", testDisputes},
		{"Arrivals", testArrivals},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { tc.fn(t, b) })
	}
}

var ctx = context.Background()

func ent(t ontology.EntityType, name string, aliases ...string) graph.Entity {
	return graph.Entity{ID: t.Slug() + ":" + slug(name), Name: name, Type: t, Aliases: aliases}
}

func slug(s string) string {
	out := make([]rune, 0, len(s))
	for _, r := range s {
		switch {
		case r >= 'A' && r <= 'Z':
			out = append(out, r+'a'-'A')
		case (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9'):
			out = append(out, r)
		case len(out) > 0 && out[len(out)-1] != '-':
			out = append(out, '-')
		}
	}
	return string(out)
}

var (
	usa   = ent(ontology.Country, "United States", "US", "U.S.", "Biden administration")
	china = ent(ontology.Country, "China", "PRC")
	mss   = ent(ontology.Agency, "Ministry of State Security", "MSS", "China's Ministry of State Security")
	doj   = ent(ontology.Agency, "Department of Justice", "Justice Department", "DOJ")
	fbi   = ent(ontology.Agency, "Federal Bureau of Investigation", "FBI")
	nats  = ent(ontology.Person, "four Chinese nationals")
	nato  = ent(ontology.Organization, "NATO")
	apt40 = ent(ontology.ThreatGroup, "APT40", "Leviathan")
)

func claim(s graph.Entity, p ontology.Predicate, o graph.Entity, sentence string, start int) graph.Claim {
	return graph.Claim{Subject: s.ID, Predicate: p, Object: o.ID, Sentence: sentence, Start: start, End: start + len(sentence), Confidence: 0.8, Extractor: "test"}
}

// docA: DOJ charges four nationals who work with the MSS; MSS part of China.
func docA() *graph.Batch {
	text := "The Justice Department charged four Chinese nationals. They worked with the MSS. The FBI helped."
	return &graph.Batch{
		Document: &graph.Document{ID: "doc:aaaa", Title: "Charges", Source: "a.txt", Text: text, Published: time.Date(2021, 7, 19, 0, 0, 0, 0, time.UTC), Extractor: "test"},
		Entities: []graph.Entity{doj, nats, mss, china, fbi},
		Mentions: []graph.Mention{{Entity: mss.ID, Text: "MSS", Method: "gazetteer", Alias: "MSS", Offsets: [][2]int{{71, 74}}}},
		Claims: []graph.Claim{
			claim(doj, ontology.Charges, nats, "The Justice Department charged four Chinese nationals.", 0),
			claim(nats, ontology.AffiliatedWith, mss, "They worked with the MSS.", 56),
			claim(mss, ontology.PartOf, china, "They worked with the MSS.", 56),
			claim(fbi, ontology.Investigates, nats, "The FBI helped.", 82),
		},
	}
}

// docB: the US accuses China; NATO condemns China; the US accuses the MSS.
func docB() *graph.Batch {
	text := "The US blamed China. NATO condemned China. The US accused the MSS."
	return &graph.Batch{
		Document: &graph.Document{ID: "doc:bbbb", Title: "Blame", Source: "b.txt", Text: text, Published: time.Date(2021, 7, 20, 0, 0, 0, 0, time.UTC), Extractor: "test"},
		Entities: []graph.Entity{usa, china, nato, mss},
		Claims: []graph.Claim{
			claim(usa, ontology.Accuses, china, "The US blamed China.", 0),
			claim(nato, ontology.Condemns, china, "NATO condemned China.", 21),
			claim(usa, ontology.Accuses, mss, "The US accused the MSS.", 43),
		},
	}
}

func mustWrite(t testing.TB, s *graph.Store, b *graph.Batch) graph.WriteResult {
	t.Helper()
	res, err := s.WriteDocument(ctx, b)
	if err != nil {
		t.Fatalf("WriteDocument(%s): %v", b.Document.ID, err)
	}
	return res
}

func mustStats(t testing.TB, s *graph.Store) graph.Stats {
	t.Helper()
	st, err := s.Stats(ctx)
	if err != nil {
		t.Fatalf("Stats: %v", err)
	}
	return st
}

func testWriteAndRead(t *testing.T, b Backend) {
	s := b.Open(t)
	res := mustWrite(t, s, docA())
	if !res.Created || res.Added == 0 {
		t.Fatalf("first write: %+v, want Created and quads added", res)
	}
	e, err := s.Entity(ctx, mss.ID)
	if err != nil {
		t.Fatalf("Entity(mss): %v", err)
	}
	if e.Name != mss.Name || e.Type != ontology.Agency {
		t.Errorf("Entity(mss) = %+v", e)
	}
	if want := []string{"China's Ministry of State Security", "MSS"}; !reflect.DeepEqual(e.Aliases, want) {
		t.Errorf("aliases = %q, want %q", e.Aliases, want)
	}
	page, err := s.Relations(ctx, nats.ID, graph.RelationFilter{}, graph.Page{})
	if err != nil {
		t.Fatal(err)
	}
	got := relStrings(page.Relations)
	want := []string{
		doj.ID + " charges " + nats.ID,
		fbi.ID + " investigates " + nats.ID,
		nats.ID + " affiliated_with " + mss.ID,
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("relations of nationals:\n got %q\nwant %q", got, want)
	}
	out, err := s.Relations(ctx, nats.ID, graph.RelationFilter{Direction: graph.Out}, graph.Page{})
	if err != nil || len(out.Relations) != 1 || out.Relations[0].Predicate != ontology.AffiliatedWith {
		t.Errorf("outgoing relations = %v, %v", relStrings(out.Relations), err)
	}
	in, err := s.Relations(ctx, nats.ID, graph.RelationFilter{Direction: graph.In, Predicates: []ontology.Predicate{ontology.Charges}}, graph.Page{})
	if err != nil || len(in.Relations) != 1 || in.Relations[0].Subject != doj.ID {
		t.Errorf("incoming charges = %v, %v", relStrings(in.Relations), err)
	}
	rel := in.Relations[0]
	if rel.Sources != 1 || !rel.FirstSeen.Equal(time.Date(2021, 7, 19, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("relation = %+v, want 1 source first seen 2021-07-19", rel)
	}
	claims, err := s.Claims(ctx, []string{rel.ID})
	if err != nil {
		t.Fatal(err)
	}
	cs := claims[rel.ID]
	if len(cs) != 1 {
		t.Fatalf("claims = %+v, want 1", cs)
	}
	c := cs[0]
	if c.Document != "doc:aaaa" || c.Sentence != "The Justice Department charged four Chinese nationals." || c.Start != 0 || c.End != 54 || c.Confidence != 0.8 {
		t.Errorf("claim = %+v", c)
	}
	d, err := s.Document(ctx, "doc:aaaa", true)
	if err != nil {
		t.Fatal(err)
	}
	if d.Title != "Charges" || d.Text[c.Start:c.End] != c.Sentence || d.Source != "a.txt" {
		t.Errorf("document = %+v", d)
	}
	byID, err := s.Relation(ctx, rel.ID)
	if err != nil || byID.ID != rel.ID {
		t.Errorf("Relation(%s) = %+v, %v", rel.ID, byID, err)
	}
	ms, err := s.Mentions(ctx, "doc:aaaa")
	if err != nil || len(ms) != 1 || ms[0].Entity != mss.ID || ms[0].Method != "gazetteer" || !reflect.DeepEqual(ms[0].Offsets, [][2]int{{71, 74}}) {
		t.Errorf("mentions = %+v, %v", ms, err)
	}
	st := mustStats(t, s)
	if st.Entities != 5 || st.Relations != 4 || st.Documents != 1 || st.Claims != 4 || st.Quads == 0 {
		t.Errorf("stats = %+v, want 5 entities, 4 relations, 1 document, 4 claims", st)
	}
	if _, err := s.Entity(ctx, "agency:nope"); !graph.IsNotFound(err) {
		t.Errorf("Entity(missing) err = %v, want not found", err)
	}
	if _, err := s.Document(ctx, "doc:nope", false); !graph.IsNotFound(err) {
		t.Errorf("Document(missing) err = %v, want not found", err)
	}
}

func relStrings(rels []graph.Relation) []string {
	out := make([]string, len(rels))
	for i, r := range rels {
		out[i] = r.Subject + " " + string(r.Predicate) + " " + r.Object
	}
	sort.Strings(out)
	return out
}

func testLookupByAlias(t *testing.T, b Backend) {
	s := b.Open(t)
	mustWrite(t, s, docA())
	for _, name := range []string{"MSS", "mss", "Ministry of State Security", "the Ministry of State Security", "China’s Ministry of State Security", "ministry-of-state-security"} {
		e, err := s.EntityByName(ctx, name)
		if err != nil || e.ID != mss.ID {
			t.Errorf("EntityByName(%q) = %q, %v; want %q", name, e.ID, err, mss.ID)
		}
	}
	if _, err := s.EntityByName(ctx, "Ministry of Silly Walks"); !graph.IsNotFound(err) {
		t.Errorf("unknown name: err = %v, want not found", err)
	}
}

func testIdempotent(t *testing.T, b Backend) {
	s := b.Open(t)
	mustWrite(t, s, docA())
	before := mustStats(t, s)
	res := mustWrite(t, s, docA())
	if res.Created || res.Added != 0 {
		t.Errorf("second write = %+v, want nothing created", res)
	}
	if after := mustStats(t, s); after != before {
		t.Errorf("stats changed on re-write: %+v → %+v", before, after)
	}
}

func testDeleteDocument(t *testing.T, b Backend) {
	s := b.Open(t)
	empty := mustStats(t, s)
	mustWrite(t, s, docB())
	withB := mustStats(t, s)
	mustWrite(t, s, docA())
	n, err := s.DeleteSource(ctx, "doc:aaaa")
	if err != nil || n == 0 {
		t.Fatalf("DeleteSource = %d, %v", n, err)
	}
	if got := mustStats(t, s); got != withB {
		t.Errorf("after delete stats = %+v, want %+v", got, withB)
	}
	if _, err := s.Entity(ctx, doj.ID); !graph.IsNotFound(err) {
		t.Errorf("DOJ should be gone with its only document, err = %v", err)
	}
	if _, err := s.DeleteSource(ctx, "doc:aaaa"); !graph.IsNotFound(err) {
		t.Errorf("second delete err = %v, want not found", err)
	}
	if _, err := s.DeleteSource(ctx, "doc:bbbb"); err != nil {
		t.Fatal(err)
	}
	if got := mustStats(t, s); got != empty {
		t.Errorf("after deleting all: %+v, want %+v", got, empty)
	}
}

func testSharedEntity(t *testing.T, b Backend) {
	s := b.Open(t)
	mustWrite(t, s, docA())
	mustWrite(t, s, docB())
	if _, err := s.DeleteSource(ctx, "doc:bbbb"); err != nil {
		t.Fatal(err)
	}
	e, err := s.Entity(ctx, mss.ID)
	if err != nil || e.Name != mss.Name {
		t.Errorf("MSS should survive (still in doc A): %+v, %v", e, err)
	}
	if _, err := s.Entity(ctx, usa.ID); !graph.IsNotFound(err) {
		t.Errorf("US only in doc B should be gone, err = %v", err)
	}
	page, _ := s.Relations(ctx, china.ID, graph.RelationFilter{}, graph.Page{})
	if got := relStrings(page.Relations); !reflect.DeepEqual(got, []string{mss.ID + " part_of " + china.ID}) {
		t.Errorf("china relations = %q", got)
	}
}

func testReAddAfterDelete(t *testing.T, b Backend) {
	s := b.Open(t)
	first := mustWrite(t, s, docA())
	st := mustStats(t, s)
	if _, err := s.DeleteSource(ctx, "doc:aaaa"); err != nil {
		t.Fatal(err)
	}
	again := mustWrite(t, s, docA())
	if !again.Created || again.Added != first.Added {
		t.Errorf("re-add = %+v, want created with %d quads", again, first.Added)
	}
	if got := mustStats(t, s); got != st {
		t.Errorf("stats after re-add = %+v, want %+v", got, st)
	}
}

func testReplaceSource(t *testing.T, b Backend) {
	s := b.Open(t)
	src := &graph.Source{ID: "stix:bundle-1", Name: "bundle 1", Kind: "stix"}
	v1 := &graph.Batch{Source: src, Entities: []graph.Entity{apt40, china}, Claims: []graph.Claim{{Subject: apt40.ID, Predicate: ontology.AffiliatedWith, Object: china.ID, Confidence: 1, Extractor: "stix"}}}
	res, err := s.ReplaceSource(ctx, v1)
	if err != nil || !res.Created || res.Added == 0 {
		t.Fatalf("first replace = %+v, %v", res, err)
	}
	st := mustStats(t, s)
	res, err = s.ReplaceSource(ctx, v1)
	if err != nil || res.Added != 0 || res.Removed != 0 {
		t.Errorf("same batch again = %+v, %v; want no change", res, err)
	}
	if got := mustStats(t, s); got != st {
		t.Errorf("stats changed: %+v → %+v", st, got)
	}
	v2 := &graph.Batch{Source: src, Entities: []graph.Entity{ent(ontology.ThreatGroup, "APT40", "Leviathan", "BRONZE MOHAWK"), china}, Claims: []graph.Claim{{Subject: apt40.ID, Predicate: ontology.LocatedIn, Object: china.ID, Confidence: 1, Extractor: "stix"}}}
	res, err = s.ReplaceSource(ctx, v2)
	if err != nil || res.Added == 0 || res.Removed == 0 {
		t.Fatalf("newer version = %+v, %v", res, err)
	}
	page, _ := s.Relations(ctx, apt40.ID, graph.RelationFilter{}, graph.Page{})
	if got := relStrings(page.Relations); !reflect.DeepEqual(got, []string{apt40.ID + " located_in " + china.ID}) {
		t.Errorf("after replace relations = %q", got)
	}
	if e, _ := s.EntityByName(ctx, "bronze mohawk"); e.ID != apt40.ID {
		t.Errorf("new alias not found: %+v", e)
	}
}

func testSearch(t *testing.T, b Backend) {
	s := b.Open(t)
	mustWrite(t, s, docA())
	mustWrite(t, s, docB())
	cases := []struct {
		q, wantFirst, match, matched string
	}{
		{"MSS", mss.ID, graph.MatchAlias, "MSS"},
		{"ministry of state security", mss.ID, graph.MatchName, "Ministry of State Security"},
		{"Minis", mss.ID, graph.MatchPrefix, "Ministry of State Security"},
		{"justice", doj.ID, graph.MatchPrefix, "Justice Department"},
		{"bureau", fbi.ID, graph.MatchWord, "Federal Bureau of Investigation"},
		{"Chna", china.ID, graph.MatchFuzzy, "China"},
	}
	for _, c := range cases {
		page, err := s.Search(ctx, graph.SearchQuery{Text: c.q})
		if err != nil || len(page.Hits) == 0 {
			t.Errorf("Search(%q) = %v, %v", c.q, page.Hits, err)
			continue
		}
		h := page.Hits[0]
		if h.Entity.ID != c.wantFirst || h.Match != c.match || h.Matched != c.matched {
			t.Errorf("Search(%q) first = %s %s %q; want %s %s %q", c.q, h.Entity.ID, h.Match, h.Matched, c.wantFirst, c.match, c.matched)
		}
	}
	page, _ := s.Search(ctx, graph.SearchQuery{Types: []ontology.EntityType{ontology.Country}})
	if got := len(page.Hits); got != 2 {
		t.Errorf("all countries = %d, want 2", got)
	}
	if _, err := s.Search(ctx, graph.SearchQuery{Text: string(make([]byte, graph.MaxQueryLen+1))}); graph.ErrorCode(err) != graph.EINVALID {
		t.Errorf("long query: err = %v", err)
	}
}

func testDocuments(t *testing.T, b Backend) {
	s := b.Open(t)
	mustWrite(t, s, docA())
	mustWrite(t, s, docB())
	page, err := s.Documents(ctx, graph.DocumentFilter{}, graph.Page{})
	if err != nil || page.Total != 2 || page.Documents[0].ID != "doc:bbbb" {
		t.Fatalf("documents = %+v, %v; want 2, newest first", page.Documents, err)
	}
	if page.Documents[0].Text != "" {
		t.Errorf("list should not carry text")
	}
	f := graph.DocumentFilter{To: time.Date(2021, 7, 19, 23, 0, 0, 0, time.UTC)}
	page, _ = s.Documents(ctx, f, graph.Page{})
	if page.Total != 1 || page.Documents[0].ID != "doc:aaaa" {
		t.Errorf("documents up to July 19 = %+v", page.Documents)
	}
}

func testSymmetric(t *testing.T, b Backend) {
	s := b.Open(t)
	mk := func(id string, sub, obj graph.Entity) *graph.Batch {
		return &graph.Batch{Document: &graph.Document{ID: id, Text: id}, Entities: []graph.Entity{sub, obj},
			Claims: []graph.Claim{claim(sub, ontology.CooperatesWith, obj, "", 0)}}
	}
	mustWrite(t, s, mk("doc:s1", usa, nato))
	mustWrite(t, s, mk("doc:s2", nato, usa))
	st := mustStats(t, s)
	if st.Relations != 1 {
		t.Errorf("A cooperates_with B and B cooperates_with A are %d relations, want 1", st.Relations)
	}
	page, _ := s.Relations(ctx, usa.ID, graph.RelationFilter{}, graph.Page{})
	if len(page.Relations) != 1 || page.Relations[0].Sources != 2 {
		t.Errorf("relations = %+v, want one with 2 sources", page.Relations)
	}
}

func testInvalidBatches(t *testing.T, b Backend) {
	s := b.Open(t)
	bad := []*graph.Batch{
		{Document: &graph.Document{ID: "doc:x"}, Entities: []graph.Entity{{ID: "bad id", Name: "x", Type: ontology.Person}}},
		{Document: &graph.Document{ID: "doc:x"}, Entities: []graph.Entity{{ID: "person:x", Name: "x", Type: "WIZARD"}}},
		{Document: &graph.Document{ID: "doc:x"}, Entities: []graph.Entity{usa}, Claims: []graph.Claim{claim(usa, ontology.Accuses, china, "", 0)}},
		{Document: &graph.Document{ID: "doc:x"}, Entities: []graph.Entity{usa, china}, Claims: []graph.Claim{{Subject: usa.ID, Predicate: "loves", Object: china.ID}}},
		{Document: &graph.Document{ID: ""}},
	}
	for i, batch := range bad {
		if _, err := s.WriteDocument(ctx, batch); graph.ErrorCode(err) != graph.EINVALID {
			t.Errorf("bad batch %d: err = %v, want invalid", i, err)
		}
	}
	if st := mustStats(t, s); st.Quads != 0 {
		t.Errorf("bad batches wrote %d quads", st.Quads)
	}
}

// testConcurrent checks that readers never see half a document: every
// document has exactly three claims, so the claim count is always a multiple
// of three.
func testConcurrent(t *testing.T, b Backend) {
	s := b.Open(t)
	const docs = 20
	first := ent(ontology.Person, "X0")
	var wg sync.WaitGroup
	done := make(chan struct{})
	errs := make(chan error, 4)
	for r := 0; r < 3; r++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-done:
					return
				default:
				}
				st, err := s.Stats(ctx)
				if err != nil {
					errs <- err
					return
				}
				if st.Claims%3 != 0 {
					errs <- fmt.Errorf("saw %d claims: half a document", st.Claims)
					return
				}
				// the sorted views and their adjacency rows are rebuilt
				// by readers while the writer goes on
				if _, err := s.Search(ctx, graph.SearchQuery{Text: "x1", Page: graph.Page{First: 5}}); err != nil {
					errs <- err
					return
				}
				ids, err := s.Diagnostics().NeighborIDs(ctx, first.ID, 2, graph.Both)
				if err != nil && !graph.IsNotFound(err) {
					errs <- err
					return
				}
				if err == nil && len(ids) != 2 {
					errs <- fmt.Errorf("X0 has %d entities within two hops, want 2", len(ids))
					return
				}
			}
		}()
	}
	for i := 0; i < docs; i++ {
		x, y, z := ent(ontology.Person, fmt.Sprintf("X%d", i)), ent(ontology.Person, fmt.Sprintf("Y%d", i)), ent(ontology.Person, fmt.Sprintf("Z%d", i))
		mustWrite(t, s, &graph.Batch{
			Document: &graph.Document{ID: fmt.Sprintf("doc:c%d", i), Text: "c"},
			Entities: []graph.Entity{x, y, z},
			Claims:   []graph.Claim{claim(x, ontology.Accuses, y, "", 0), claim(y, ontology.Accuses, z, "", 0), claim(z, ontology.Accuses, x, "", 0)},
		})
	}
	close(done)
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if st := mustStats(t, s); st.Claims != 3*docs {
		t.Errorf("claims = %d, want %d", st.Claims, 3*docs)
	}
}

func testReopen(t *testing.T, b Backend) {
	if b.Reopen == nil {
		t.Skip("backend does not persist")
	}
	s := b.Open(t)
	mustWrite(t, s, docA())
	mustWrite(t, s, docB())
	st := mustStats(t, s)
	nb, _ := s.Neighborhood(ctx, graph.NeighborhoodQuery{IDs: []string{mss.ID}, Depth: 2})
	s = b.Reopen(t, s)
	if got := mustStats(t, s); got != st {
		t.Errorf("stats after reopen = %+v, want %+v", got, st)
	}
	nb2, err := s.Neighborhood(ctx, graph.NeighborhoodQuery{IDs: []string{mss.ID}, Depth: 2})
	if err != nil || !reflect.DeepEqual(ids(nb.Nodes), ids(nb2.Nodes)) || !reflect.DeepEqual(relStrings(nb.Edges), relStrings(nb2.Edges)) {
		t.Errorf("neighborhood differs after reopen: %v", err)
	}
	if e, err := s.EntityByName(ctx, "MSS"); err != nil || e.ID != mss.ID {
		t.Errorf("lookup after reopen: %+v %v", e, err)
	}
	if res := mustWrite(t, s, docA()); res.Created {
		t.Errorf("re-writing after reopen created the document again")
	}
}

func testMerge(t *testing.T, b Backend) {
	s := b.Open(t)
	mustWrite(t, s, docA())
	mustWrite(t, s, docB())
	// a second name for the MSS that extraction kept apart
	guoanbu := ent(ontology.Agency, "Guoanbu")
	mustWrite(t, s, &graph.Batch{
		Document: &graph.Document{ID: "doc:cccc", Text: "Guoanbu targets NATO."},
		Entities: []graph.Entity{guoanbu, nato},
		Claims:   []graph.Claim{claim(guoanbu, ontology.Targets, nato, "Guoanbu targets NATO.", 0)},
	})
	before := mustStats(t, s)
	e, err := s.MergeEntities(ctx, mss.ID, guoanbu.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !contains(e.Aliases, "Guoanbu") {
		t.Errorf("merged aliases = %q, want Guoanbu among them", e.Aliases)
	}
	if _, err := s.Entity(ctx, guoanbu.ID); !graph.IsNotFound(err) {
		t.Errorf("merged-away entity still there: %v", err)
	}
	if got, _ := s.EntityByName(ctx, "guoanbu"); got.ID != mss.ID {
		t.Errorf("lookup of the old name = %q, want %q", got.ID, mss.ID)
	}
	page, _ := s.Relations(ctx, mss.ID, graph.RelationFilter{Direction: graph.Out, Predicates: []ontology.Predicate{ontology.Targets}}, graph.Page{})
	if len(page.Relations) != 1 || page.Relations[0].Object != nato.ID {
		t.Fatalf("targets after merge = %q", relStrings(page.Relations))
	}
	claims, _ := s.Claims(ctx, []string{page.Relations[0].ID})
	if cs := claims[page.Relations[0].ID]; len(cs) != 1 || cs[0].Sentence != "Guoanbu targets NATO." {
		t.Errorf("the claim did not move with its edge: %+v", cs)
	}
	after := mustStats(t, s)
	if after.Claims != before.Claims || after.Entities != before.Entities-1 || after.Documents != before.Documents {
		t.Errorf("merge lost something: %+v → %+v", before, after)
	}
	// deleting the document still removes exactly its quads
	if _, err := s.DeleteSource(ctx, "doc:cccc"); err != nil {
		t.Fatal(err)
	}
	page, _ = s.Relations(ctx, mss.ID, graph.RelationFilter{Predicates: []ontology.Predicate{ontology.Targets}}, graph.Page{})
	if len(page.Relations) != 0 {
		t.Errorf("edge survived its document: %q", relStrings(page.Relations))
	}
	if _, err := s.MergeEntities(ctx, mss.ID, mss.ID); graph.ErrorCode(err) != graph.EINVALID {
		t.Errorf("self-merge: %v", err)
	}
	if _, err := s.MergeEntities(ctx, mss.ID, "agency:nope"); !graph.IsNotFound(err) {
		t.Errorf("merge of unknown: %v", err)
	}
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

func testAnalyst(t *testing.T, b Backend) {
	s := b.Open(t)
	mustWrite(t, s, docA())
	before := mustStats(t, s)
	rel, err := s.AssertRelation(ctx, graph.Assertion{Subject: fbi.ID, Predicate: ontology.Investigates, Object: mss.ID, Note: "per the 2021 advisory", Analyst: "ana"})
	if err != nil {
		t.Fatal(err)
	}
	if rel.Subject != fbi.ID || rel.Object != mss.ID {
		t.Fatalf("asserted relation = %+v", rel)
	}
	claims, _ := s.Claims(ctx, []string{rel.ID})
	if cs := claims[rel.ID]; len(cs) != 1 || cs[0].Extractor != "analyst" || cs[0].Sentence != "per the 2021 advisory" {
		t.Errorf("analyst claim = %+v", cs)
	}
	again, err := s.AssertRelation(ctx, graph.Assertion{Subject: fbi.ID, Predicate: ontology.Investigates, Object: mss.ID, Note: "per the 2021 advisory", Analyst: "ana"})
	if err != nil || again.Sources != 1 {
		t.Errorf("asserting twice: %+v %v", again, err)
	}
	if _, err := s.AssertRelation(ctx, graph.Assertion{Subject: fbi.ID, Predicate: ontology.Investigates, Object: "agency:nope"}); !graph.IsNotFound(err) {
		t.Errorf("unknown object: %v", err)
	}
	n, err := s.RetractRelation(ctx, rel.ID)
	if err != nil || n != 1 {
		t.Fatalf("retract = %d, %v", n, err)
	}
	if got := mustStats(t, s); got != before {
		t.Errorf("after assert+retract: %+v, want %+v", got, before)
	}
	// claims from documents cannot be retracted this way
	page, _ := s.Relations(ctx, doj.ID, graph.RelationFilter{}, graph.Page{})
	if _, err := s.RetractRelation(ctx, page.Relations[0].ID); !graph.IsNotFound(err) {
		t.Errorf("retracting a text claim: %v, want not found", err)
	}
	e, err := s.AddAlias(ctx, mss.ID, "Guojia Anquan Bu", "ana")
	if err != nil || !contains(e.Aliases, "Guojia Anquan Bu") {
		t.Errorf("AddAlias = %+v, %v", e.Aliases, err)
	}
	if got, _ := s.EntityByName(ctx, "guojia anquan bu"); got.ID != mss.ID {
		t.Errorf("lookup by the new alias = %q", got.ID)
	}
}

func testProvenance(t *testing.T, b Backend) {
	s := b.Open(t)
	mustWrite(t, s, docA())
	mustWrite(t, s, docB())
	docs, err := s.EntityDocuments(ctx, mss.ID, graph.Page{})
	if err != nil || docs.Total != 2 || docs.Documents[0].ID != "doc:bbbb" {
		t.Errorf("documents mentioning MSS = %+v, %v", docs.Documents, err)
	}
	if n, _ := s.MentionCount(ctx, mss.ID); n != 2 {
		t.Errorf("mention count = %d, want 2", n)
	}
	src, err := s.AliasSources(ctx, mss.ID)
	if err != nil {
		t.Fatal(err)
	}
	var gotMSS bool
	for _, a := range src {
		if a.Name == "MSS" && a.Source == "doc:aaaa" && a.Method == "gazetteer" && a.Kind == "document" {
			gotMSS = true
		}
	}
	if !gotMSS {
		t.Errorf("alias sources = %+v, want MSS from doc:aaaa by gazetteer", src)
	}
	tl, err := s.Timeline(ctx, mss.ID, 10)
	if err != nil || len(tl) != 3 || tl[0].Document != "doc:aaaa" || tl[2].Document != "doc:bbbb" {
		t.Errorf("timeline = %+v, %v", tl, err)
	}
	cs, err := s.DocumentClaims(ctx, "doc:aaaa")
	if err != nil || len(cs) != 4 || cs[0].Start != 0 {
		t.Errorf("document claims = %+v, %v", cs, err)
	}
	ents, err := s.DocumentEntities(ctx, "doc:bbbb")
	if err != nil || len(ents) != 4 {
		t.Errorf("document entities = %d, %v", len(ents), err)
	}
	counts, _ := s.NeighborCounts(ctx, mss.ID)
	if len(counts) != 2 {
		t.Errorf("neighbor counts = %+v, want countries and persons", counts)
	}
}

func testCheck(t *testing.T, b Backend) {
	s := b.Open(t)
	mustWrite(t, s, docA())
	mustWrite(t, s, docB())
	star(t, s, fbi, 5)
	if _, err := s.DeleteSource(ctx, "doc:star002"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.AssertRelation(ctx, graph.Assertion{Subject: usa.ID, Predicate: ontology.Sanctions, Object: mss.ID}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.MergeEntities(ctx, usa.ID, nato.ID); err != nil {
		t.Fatal(err)
	}
	probs, err := s.Check(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range probs {
		t.Errorf("healthy store: %s", p)
	}
	// a direct edge with no claim behind it is reported by ID
	q := quad.Quad{Subject: graph.EntityIRI(usa.ID), Predicate: quad.IRI(graph.NS + "targets"), Object: graph.EntityIRI(china.ID), Label: graph.DocIRI("doc:aaaa")}
	if _, err := s.AddQuads(ctx, []quad.Quad{q}); err != nil {
		t.Fatal(err)
	}
	probs, _ = s.Check(ctx)
	if len(probs) != 1 || probs[0].Kind != "edge-without-claim" || probs[0].ID != graph.RelationID(usa.ID, ontology.Targets, china.ID) {
		t.Errorf("problems = %v, want one edge-without-claim", probs)
	}
}

func testWriteDocuments(t *testing.T, b Backend) {
	s := b.Open(t)
	mustWrite(t, s, docB())
	var batches []*graph.Batch
	for i := 0; i < 30; i++ {
		x, y := ent(ontology.Person, fmt.Sprintf("W%d", i)), ent(ontology.Person, fmt.Sprintf("V%d", i))
		batches = append(batches, &graph.Batch{
			Document: &graph.Document{ID: fmt.Sprintf("doc:w%d", i), Text: "w"},
			Entities: []graph.Entity{x, y},
			Claims:   []graph.Claim{claim(x, ontology.Accuses, y, "", 0)},
		})
	}
	batches = append(batches, docB(), batches[0]) // stored already; twice in the list
	res, err := s.WriteDocuments(ctx, batches)
	if err != nil {
		t.Fatal(err)
	}
	created := 0
	for _, r := range res {
		if r.Created {
			created++
		}
	}
	if created != 30 || res[30].Created || res[31].Created {
		t.Errorf("created %d (want 30), docB %v, repeat %v", created, res[30].Created, res[31].Created)
	}
	if st := mustStats(t, s); st.Documents != 31 || st.Claims != 33 {
		t.Errorf("stats = %+v, want 31 documents and 33 claims", st)
	}
	probs, _ := s.Check(ctx)
	for _, p := range probs {
		t.Error(p)
	}
}
