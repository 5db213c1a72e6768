package graphtest

import (
	"bytes"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/newsgraph/newsgraph/export"
	"github.com/newsgraph/newsgraph/graph"
	"github.com/newsgraph/newsgraph/ontology"
)

// Merges that can be undone: a merge's record lives in the store, and
// undoing it gives back exactly the quads that were there.

func testMerges(t *testing.T, b Backend) {
	t.Run("RoundTrip", func(t *testing.T) { testMergeRoundTrip(t, b) })
	t.Run("UnmergeAfterWrites", func(t *testing.T) { testUnmergeAfterWrites(t, b) })
	t.Run("Refusals", func(t *testing.T) { testMergeRefusals(t, b) })
}

var (
	guoanbu = ent(ontology.Agency, "Guoanbu", "Chinese State Security")
	hainan  = ent(ontology.Organization, "Hainan Xiandun", "Hainan Xiandun Technology")
	shadow  = ent(ontology.Malware, "ShadowPad")
)

// mergeFixture stores several documents and sources that name the MSS and
// two entities an analyst will merge into it: claims in both directions,
// between the merged entities, symmetric ones, about-claims, mentions,
// aliases from several sources, a structured source and analyst work.
func mergeFixture(t *testing.T, s *graph.Store) {
	t.Helper()
	mustWrite(t, s, docA())
	mustWrite(t, s, docB())
	mustWrite(t, s, &graph.Batch{
		Document: &graph.Document{ID: "doc:cccc", Title: "Guoanbu", Text: "Guoanbu targets NATO. Hainan Xiandun works with Guoanbu. The MSS cooperates with Guoanbu.",
			Published: time.Date(2021, 7, 21, 0, 0, 0, 0, time.UTC), Extractor: "test"},
		Entities: []graph.Entity{guoanbu, nato, hainan, mss, china, usa},
		Mentions: []graph.Mention{{Entity: guoanbu.ID, Text: "Guoanbu", Method: "ner", Offsets: [][2]int{{0, 7}, {49, 56}}},
			{Entity: hainan.ID, Text: "Hainan Xiandun", Method: "ner", Offsets: [][2]int{{22, 36}}}},
		Claims: []graph.Claim{
			claim(guoanbu, ontology.Targets, nato, "Guoanbu targets NATO.", 0),
			claim(hainan, ontology.AffiliatedWith, guoanbu, "Hainan Xiandun works with Guoanbu.", 22),
			claim(mss, ontology.CooperatesWith, guoanbu, "The MSS cooperates with Guoanbu.", 57),
			claim(guoanbu, ontology.PartOf, mss, "", 0),
			{Subject: usa.ID, Predicate: ontology.Accuses, Object: china.ID, About: hainan.ID, Confidence: 0.7, Extractor: "test"},
		},
	})
	_, err := s.ReplaceSource(ctx, &graph.Batch{
		Source:   &graph.Source{ID: "stix:bundle--merge", Name: "bundle", Kind: "stix"},
		Entities: []graph.Entity{{ID: guoanbu.ID, Name: "Guoanbu", Type: ontology.Agency, Aliases: []string{"MSS"}, Description: "China's civilian intelligence agency"}, shadow, hainan},
		Claims: []graph.Claim{{Subject: guoanbu.ID, Predicate: ontology.Uses, Object: shadow.ID, Confidence: 1, Extractor: "stix"},
			{Subject: hainan.ID, Predicate: ontology.MemberOf, Object: guoanbu.ID, Confidence: 1, Extractor: "stix"}},
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.AddAlias(ctx, guoanbu.ID, "Guojia Anquan Bu", "tester"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.AssertRelation(ctx, graph.Assertion{Subject: usa.ID, Predicate: ontology.Sanctions, Object: hainan.ID, Note: "per the advisory"}); err != nil {
		t.Fatal(err)
	}
}

func exportNQuads(t testing.TB, s *graph.Store) []byte {
	t.Helper()
	var buf bytes.Buffer
	if _, err := export.WriteNQuads(ctx, &buf, s); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// sameExport fails with the first differing line of two exports.
func sameExport(t testing.TB, what string, got, want []byte) {
	t.Helper()
	if bytes.Equal(got, want) {
		return
	}
	g, w := strings.Split(string(got), "\n"), strings.Split(string(want), "\n")
	for i := 0; i < len(g) || i < len(w); i++ {
		var gl, wl string
		if i < len(g) {
			gl = g[i]
		}
		if i < len(w) {
			wl = w[i]
		}
		if gl != wl {
			t.Fatalf("%s: exports differ (%d vs %d lines) at line %d:\n got  %s\n want %s", what, len(g), len(w), i+1, gl, wl)
		}
	}
}

func checkHealthy(t testing.TB, s *graph.Store) {
	t.Helper()
	probs, err := s.Check(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range probs {
		t.Errorf("check: %s", p)
	}
}

func testMergeRoundTrip(t *testing.T, b Backend) {
	for _, restart := range []bool{false, true} {
		name := "same process"
		if restart {
			name = "restart between merge and unmerge"
		}
		t.Run(name, func(t *testing.T) {
			if restart && b.Reopen == nil {
				t.Skip("the backend does not persist")
			}
			s := b.Open(t)
			mergeFixture(t, s)
			before := exportNQuads(t, s)
			beforeStats := mustStats(t, s)
			beforeRels := relationsOf(t, s, mss.ID, guoanbu.ID, hainan.ID)
			m, err := s.Merge(ctx, mss.ID, []string{guoanbu.ID, hainan.ID})
			if err != nil {
				t.Fatal(err)
			}
			if !strings.HasPrefix(m.ID, "analyst:merge-") || len(m.Removed) == 0 || len(m.Added) == 0 {
				t.Fatalf("merge = %s, %d removed, %d added", m.ID, len(m.Removed), len(m.Added))
			}
			checkMerged(t, s, m)
			checkHealthy(t, s)
			if restart {
				s = b.Reopen(t, s)
				checkMerged(t, s, m)
			}
			ents, err := s.Unmerge(ctx, m.ID)
			if err != nil {
				t.Fatal(err)
			}
			if len(ents) != 3 || ents[0].ID != mss.ID || ents[1].ID != guoanbu.ID || ents[2].ID != hainan.ID {
				t.Errorf("restored = %v, want the MSS, Guoanbu and Hainan Xiandun", ents)
			}
			sameExport(t, "after merge and unmerge", exportNQuads(t, s), before)
			if st := mustStats(t, s); st != beforeStats {
				t.Errorf("stats after the round trip = %+v, want %+v", st, beforeStats)
			}
			checkHealthy(t, s)
			checkRestored(t, s)
			if got := relationsOf(t, s, mss.ID, guoanbu.ID, hainan.ID); !reflect.DeepEqual(got, beforeRels) {
				t.Errorf("relations after the undo = %q, want %q", got, beforeRels)
			}
			if _, err := s.Unmerge(ctx, m.ID); !graph.IsNotFound(err) {
				t.Errorf("second unmerge: %v, want not found", err)
			}
			if ms, err := s.Merges(ctx, mss.ID); err != nil || len(ms) != 0 {
				t.Errorf("merges after the undo = %s, %v", mergeStrings(ms), err)
			}
			if restart {
				sameExport(t, "after a second restart", exportNQuads(t, b.Reopen(t, s)), before)
			}
		})
	}
}

// checkMerged checks the merged state: one entity with the others' names,
// relations and claims, and the merge listed on it.
func checkMerged(t *testing.T, s *graph.Store, m graph.Merge) {
	t.Helper()
	e, err := s.Entity(ctx, mss.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range []string{"Guoanbu", "Guojia Anquan Bu", "Hainan Xiandun"} {
		if !contains(e.Aliases, a) {
			t.Errorf("merged aliases = %q, want %q among them", e.Aliases, a)
		}
	}
	for _, id := range []string{guoanbu.ID, hainan.ID} {
		if _, err := s.Entity(ctx, id); !graph.IsNotFound(err) {
			t.Errorf("merged-away %s: %v", id, err)
		}
	}
	page, err := s.Relations(ctx, mss.ID, graph.RelationFilter{Direction: graph.Out, Predicates: []ontology.Predicate{ontology.Uses}}, graph.Page{})
	if err != nil || len(page.Relations) != 1 || page.Relations[0].Object != shadow.ID {
		t.Errorf("uses after the merge = %q, %v", relStrings(page.Relations), err)
	}
	ms, err := s.Merges(ctx, mss.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(ms) != 1 || ms[0].ID != m.ID || ms[0].Into != mss.ID || strings.Join(ms[0].From, ",") != guoanbu.ID+","+hainan.ID ||
		strings.Join(ms[0].Names, ",") != "Guoanbu,Hainan Xiandun" || time.Since(ms[0].MergedAt) > time.Hour {
		t.Errorf("merges = %s, want %s of %s and %s", mergeStrings(ms), m.ID, guoanbu.ID, hainan.ID)
	}
	if got, _ := s.EntityByName(ctx, "guoanbu"); got.ID != mss.ID {
		t.Errorf("lookup of a merged name = %q, want %q", got.ID, mss.ID)
	}
	if s.Canonical(guoanbu.ID) != mss.ID {
		t.Errorf("canonical of a merged entity = %q", s.Canonical(guoanbu.ID))
	}
}

func mergeStrings(ms []graph.Merge) []string {
	var out []string
	for _, m := range ms {
		out = append(out, fmt.Sprintf("%s: %q (%q) into %s at %s", m.ID, m.From, m.Names, m.Into, m.MergedAt.Format(time.RFC3339)))
	}
	return out
}

// checkRestored checks the entities after the undo through the reads the
// API uses (the export compares every quad).
func checkRestored(t *testing.T, s *graph.Store) {
	t.Helper()
	g, err := s.Entity(ctx, guoanbu.ID)
	if err != nil {
		t.Fatal(err)
	}
	if g.Name != "Guoanbu" || !contains(g.Aliases, "Guojia Anquan Bu") || g.Description == "" {
		t.Errorf("Guoanbu after the undo = %+v", g)
	}
	if m, _ := s.Entity(ctx, mss.ID); contains(m.Aliases, "Guoanbu") {
		t.Errorf("the MSS kept a merged name: %q", m.Aliases)
	}
	if s.Canonical(guoanbu.ID) != guoanbu.ID {
		t.Errorf("canonical after the undo = %q", s.Canonical(guoanbu.ID))
	}
}

// relationsOf returns the relations of entities, with their claims'
// sentences, by entity.
func relationsOf(t testing.TB, s *graph.Store, ids ...string) map[string][]string {
	t.Helper()
	out := map[string][]string{}
	for _, id := range ids {
		page, err := s.Relations(ctx, id, graph.RelationFilter{}, graph.Page{})
		if err != nil {
			t.Fatal(err)
		}
		var relIDs []string
		for _, r := range page.Relations {
			relIDs = append(relIDs, r.ID)
		}
		claims, err := s.Claims(ctx, relIDs)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range page.Relations {
			line := r.Subject + " " + string(r.Predicate) + " " + r.Object + ":"
			for _, c := range claims[r.ID] {
				line += " [" + c.Document + "] " + c.Sentence
			}
			out[id] = append(out[id], line)
		}
	}
	return out
}

// testUnmergeAfterWrites defines what writes after a merge do to its undo.
func testUnmergeAfterWrites(t *testing.T, b Backend) {
	later := &graph.Batch{
		Document: &graph.Document{ID: "doc:dddd", Text: "The MSS targets NATO again."},
		Entities: []graph.Entity{mss, nato},
		Claims:   []graph.Claim{claim(mss, ontology.Targets, nato, "The MSS targets NATO again.", 0)},
	}
	t.Run("new documents stay with the survivor", func(t *testing.T) {
		s := b.Open(t)
		mergeFixture(t, s)
		m, err := s.Merge(ctx, mss.ID, []string{guoanbu.ID})
		if err != nil {
			t.Fatal(err)
		}
		mustWrite(t, s, later)
		if _, err := s.Unmerge(ctx, m.ID); err != nil {
			t.Fatal(err)
		}
		// what the same writes give without the merge
		other := b.Open(t)
		mergeFixture(t, other)
		mustWrite(t, other, later)
		sameExport(t, "merge, new document, unmerge", exportNQuads(t, s), exportNQuads(t, other))
	})
	t.Run("a source deleted since stays deleted", func(t *testing.T) {
		s := b.Open(t)
		mergeFixture(t, s)
		before := exportNQuads(t, s)
		m, err := s.Merge(ctx, mss.ID, []string{guoanbu.ID})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.DeleteSource(ctx, "doc:cccc"); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Unmerge(ctx, m.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Document(ctx, "doc:cccc", false); !graph.IsNotFound(err) {
			t.Errorf("the deleted document came back: %v", err)
		}
		// storing it again gives the store of before
		fixture := b.Open(t)
		mergeFixture(t, fixture)
		qs, err := fixture.SourceQuads(ctx, "doc:cccc")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.AddQuads(ctx, qs); err != nil {
			t.Fatal(err)
		}
		sameExport(t, "merge, delete, unmerge, store again", exportNQuads(t, s), before)
		checkHealthy(t, s)
	})
	t.Run("a source changed since refuses the undo", func(t *testing.T) {
		s := b.Open(t)
		mergeFixture(t, s)
		m, err := s.Merge(ctx, mss.ID, []string{guoanbu.ID})
		if err != nil {
			t.Fatal(err)
		}
		// the bundle again, without what it said of Guoanbu
		if _, err := s.ReplaceSource(ctx, &graph.Batch{Source: &graph.Source{ID: "stix:bundle--merge", Name: "bundle", Kind: "stix"},
			Entities: []graph.Entity{shadow}}); err != nil {
			t.Fatal(err)
		}
		at := exportNQuads(t, s)
		_, err = s.Unmerge(ctx, m.ID)
		if graph.ErrorCode(err) != graph.ECONFLICT || !strings.Contains(graph.ErrorMessage(err), "stix:bundle--merge") {
			t.Fatalf("unmerge after the bundle changed: %v, want a conflict naming it", err)
		}
		sameExport(t, "a refused unmerge", exportNQuads(t, s), at)
	})
	t.Run("a later merge is undone first", func(t *testing.T) {
		s := b.Open(t)
		mergeFixture(t, s)
		before := exportNQuads(t, s)
		m1, err := s.Merge(ctx, hainan.ID, []string{guoanbu.ID})
		if err != nil {
			t.Fatal(err)
		}
		m2, err := s.Merge(ctx, mss.ID, []string{hainan.ID})
		if err != nil {
			t.Fatal(err)
		}
		if ms, _ := s.Merges(ctx, mss.ID); len(ms) != 2 || ms[0].ID != m1.ID && ms[1].ID != m1.ID {
			t.Errorf("merges that formed the MSS = %s, want both", mergeStrings(ms))
		}
		if _, err := s.Unmerge(ctx, m1.ID); graph.ErrorCode(err) != graph.ECONFLICT || !strings.Contains(graph.ErrorMessage(err), m2.ID) {
			t.Fatalf("undoing the first merge before the second: %v, want a conflict naming %s", err, m2.ID)
		}
		for _, id := range []string{m2.ID, m1.ID} {
			if _, err := s.Unmerge(ctx, id); err != nil {
				t.Fatal(err)
			}
		}
		sameExport(t, "two merges undone", exportNQuads(t, s), before)
	})
}

func testMergeRefusals(t *testing.T, b Backend) {
	s := b.Open(t)
	mergeFixture(t, s)
	before := exportNQuads(t, s)
	for _, tc := range []struct {
		name string
		into string
		from []string
		code string
	}{
		{"nothing", mss.ID, nil, graph.EINVALID},
		{"itself", mss.ID, []string{guoanbu.ID, mss.ID}, graph.EINVALID},
		{"twice", mss.ID, []string{guoanbu.ID, guoanbu.ID}, graph.EINVALID},
		{"unknown from", mss.ID, []string{guoanbu.ID, "agency:nope"}, graph.ENOTFOUND},
		{"unknown into", "agency:nope", []string{guoanbu.ID}, graph.ENOTFOUND},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := s.Merge(ctx, tc.into, tc.from); graph.ErrorCode(err) != tc.code {
				t.Errorf("merge: %v, want %s", err, tc.code)
			}
		})
	}
	for _, id := range []string{"analyst:merge-000000000000000000000000", "doc:cccc", ""} {
		if _, err := s.Unmerge(ctx, id); !graph.IsNotFound(err) {
			t.Errorf("unmerge %q: %v, want not found", id, err)
		}
	}
	sameExport(t, "refused merges", exportNQuads(t, s), before)
}
