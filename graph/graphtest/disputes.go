package graphtest

import (
	"testing"
	"time"

	"github.com/newsgraph/newsgraph/graph"
	"github.com/newsgraph/newsgraph/ontology"
)

// The conformance tests of disputes: denials, conflicting attributions and
// analysts' retractions.

var (
	ministry = ent(ontology.Agency, "Ministry of Foreign Affairs")
	hack     = ent(ontology.Event, "Exchange hack")
	hafnium  = ent(ontology.ThreatGroup, "HAFNIUM")
)

// disputeDoc is a document of the dispute tests.
func disputeDoc(id, text string, day int, ents []graph.Entity, claims ...graph.Claim) *graph.Batch {
	for i := range claims {
		claims[i].Sentence, claims[i].Start, claims[i].End = text, 0, len(text)
	}
	return &graph.Batch{
		Document: &graph.Document{ID: id, Title: id, Source: id + ".txt", Text: text, Published: time.Date(2021, 7, day, 0, 0, 0, 0, time.UTC), Extractor: "test"},
		Entities: ents,
		Claims:   claims,
	}
}

func about(c graph.Claim, e graph.Entity) graph.Claim { c.About = e.ID; return c }

// disputeCorpus writes five documents:
//   - d1: the US blames the MSS for the hack; the MSS is part of China; NATO
//     condemns China;
//   - d2: China's foreign ministry denies the hack;
//   - d3: the hack is attributed to HAFNIUM;
//   - d4: the hack is attributed to the MSS (agrees with d1);
//   - d5: DOJ charges four nationals who work for the MSS, China denies the
//     US charges, the FBI investigates them.
func disputeCorpus(t testing.TB, s *graph.Store) {
	for _, b := range []*graph.Batch{
		disputeDoc("doc:d1", "The US blamed the MSS for the Exchange hack; NATO condemned China.", 19, []graph.Entity{usa, mss, china, hack, nato},
			about(claim(usa, ontology.Accuses, mss, "", 0), hack), claim(mss, ontology.PartOf, china, "", 0), claim(nato, ontology.Condemns, china, "", 0)),
		disputeDoc("doc:d2", "China's Foreign Ministry denied any role in the Exchange hack.", 20, []graph.Entity{ministry, china, hack},
			claim(ministry, ontology.Denies, hack, "", 0), claim(ministry, ontology.PartOf, china, "", 0)),
		disputeDoc("doc:d3", "Microsoft attributed the Exchange hack to HAFNIUM.", 21, []graph.Entity{hack, hafnium},
			claim(hack, ontology.AttributedTo, hafnium, "", 0)),
		disputeDoc("doc:d4", "The Exchange hack was carried out by the MSS.", 22, []graph.Entity{hack, mss},
			claim(hack, ontology.AttributedTo, mss, "", 0)),
		disputeDoc("doc:d5", "DOJ charged four Chinese nationals working for the MSS; the FBI investigated; China denied the US charges.", 23,
			[]graph.Entity{doj, nats, mss, fbi, china, usa},
			claim(doj, ontology.Charges, nats, "", 0), claim(nats, ontology.AffiliatedWith, mss, "", 0),
			claim(fbi, ontology.Investigates, nats, "", 0), claim(china, ontology.Denies, usa, "", 0)),
	} {
		mustWrite(t, s, b)
	}
}

// counterDocs returns, for each kind, the documents of the counter-claims
// of a relation's disputes.
func counterDocs(t testing.TB, s *graph.Store, rid string) map[graph.DisputeKind][]string {
	t.Helper()
	m, err := s.RelationDisputes(ctx, []string{rid})
	if err != nil {
		t.Fatal(err)
	}
	out := map[graph.DisputeKind][]string{}
	for _, d := range m[rid] {
		if d.Relation.ID != rid || len(d.Claims) == 0 {
			t.Errorf("dispute %s of %s names relation %s with %d claims", d.Kind, rid, d.Relation.ID, len(d.Claims))
		}
		for _, c := range d.CounterClaims {
			out[d.Kind] = append(out[d.Kind], c.Document)
		}
	}
	return out
}

func testDisputes(t *testing.T, b Backend) {
	s := b.Open(t)
	disputeCorpus(t, s)
	usaMSS := graph.RelationID(usa.ID, ontology.Accuses, mss.ID)
	hackHafnium := graph.RelationID(hack.ID, ontology.AttributedTo, hafnium.ID)
	hackMSS := graph.RelationID(hack.ID, ontology.AttributedTo, mss.ID)
	dojNats := graph.RelationID(doj.ID, ontology.Charges, nats.ID)
	natoChina := graph.RelationID(nato.ID, ontology.Condemns, china.ID)
	fbiNats := graph.RelationID(fbi.ID, ontology.Investigates, nats.ID)
	cases := []struct {
		name string
		rel  string
		want map[graph.DisputeKind][]string
	}{
		// the ministry is part of China, as the MSS is
		{"denial by the accused's government", usaMSS, map[graph.DisputeKind][]string{
			graph.DisputeDenial: {"doc:d2"}, graph.DisputeConflictingAttribution: {"doc:d3"}}},
		{"denial of the event attributed", hackMSS, map[graph.DisputeKind][]string{
			graph.DisputeDenial: {"doc:d2"}, graph.DisputeConflictingAttribution: {"doc:d3"}}},
		{"attribution to an unrelated actor", hackHafnium, map[graph.DisputeKind][]string{
			graph.DisputeConflictingAttribution: {"doc:d1", "doc:d4"}}},
		{"denial in the same document", dojNats, map[graph.DisputeKind][]string{graph.DisputeDenial: {"doc:d5"}}},
		{"condemnation with no denial answering it", natoChina, map[graph.DisputeKind][]string{}},
		{"not an accusation", fbiNats, map[graph.DisputeKind][]string{}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := counterDocs(t, s, tc.rel); !equalKinds(got, tc.want) {
				t.Errorf("counter-claims by kind = %v, want %v", got, tc.want)
			}
		})
	}
	t.Run("ListAndFilter", func(t *testing.T) { checkDisputeList(t, s) })
	t.Run("DeletedDenialGoes", func(t *testing.T) {
		if _, err := s.DeleteSource(ctx, "doc:d2"); err != nil {
			t.Fatal(err)
		}
		want := map[graph.DisputeKind][]string{graph.DisputeConflictingAttribution: {"doc:d3"}}
		if got := counterDocs(t, s, usaMSS); !equalKinds(got, want) {
			t.Errorf("after deleting the denial: %v, want %v", got, want)
		}
	})
	// last: it may reopen the store, which the subtest then closes
	t.Run("Retraction", func(t *testing.T) { checkRetraction(t, b, s, natoChina) })
}

func equalKinds(got, want map[graph.DisputeKind][]string) bool {
	if len(got) != len(want) {
		return false
	}
	for k, w := range want {
		g := got[k]
		if len(g) != len(w) {
			return false
		}
		for i := range w {
			if g[i] != w[i] {
				return false
			}
		}
	}
	return true
}

// checkDisputeList pages through every dispute and filters them.
func checkDisputeList(t *testing.T, s *graph.Store) {
	all, err := s.Disputes(ctx, graph.DisputeFilter{}, graph.Page{First: graph.MaxPage})
	if err != nil {
		t.Fatal(err)
	}
	// usaMSS ×2, hackMSS ×2, hackHafnium, dojNats
	if all.Total != 6 || len(all.Disputes) != 6 {
		t.Fatalf("disputes = %d (%d on the page), want 6", all.Total, len(all.Disputes))
	}
	var paged []string
	after := ""
	for i := 0; i < 10; i++ {
		p, err := s.Disputes(ctx, graph.DisputeFilter{}, graph.Page{First: 4, After: after})
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range p.Disputes {
			paged = append(paged, d.Relation.ID+" "+string(d.Kind))
		}
		if !p.HasNext {
			break
		}
		after = p.EndCursor
	}
	for i, d := range all.Disputes {
		if i >= len(paged) || paged[i] != d.Relation.ID+" "+string(d.Kind) {
			t.Fatalf("pages of 4 = %v, differ from one page at %d", paged, i)
		}
	}
	for _, tc := range []struct {
		name string
		f    graph.DisputeFilter
		want int
	}{
		{"denials", graph.DisputeFilter{Kinds: []graph.DisputeKind{graph.DisputeDenial}}, 3},
		{"conflicts", graph.DisputeFilter{Kinds: []graph.DisputeKind{graph.DisputeConflictingAttribution}}, 3},
		{"retractions", graph.DisputeFilter{Kinds: []graph.DisputeKind{graph.DisputeRetraction}}, 0},
		{"HAFNIUM", graph.DisputeFilter{Entity: hafnium.ID}, 3},
		{"four nationals", graph.DisputeFilter{Entity: nats.ID}, 1},
		{"denials naming the ministry", graph.DisputeFilter{Entity: ministry.ID, Kinds: []graph.DisputeKind{graph.DisputeDenial}}, 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, err := s.Disputes(ctx, tc.f, graph.Page{})
			if err != nil || p.Total != tc.want {
				t.Errorf("Disputes(%+v) = %d, %v; want %d", tc.f, p.Total, err, tc.want)
			}
		})
	}
	for _, tc := range []struct {
		name string
		f    graph.DisputeFilter
		p    graph.Page
		code string
	}{
		{"bad cursor", graph.DisputeFilter{}, graph.Page{After: "nope"}, graph.EINVALID},
		{"cursor of another list", graph.DisputeFilter{}, graph.Page{After: graph.Cursor("rel", "x")}, graph.EINVALID},
		{"bad kind", graph.DisputeFilter{Kinds: []graph.DisputeKind{"DOUBT"}}, graph.Page{}, graph.EINVALID},
		{"unknown entity", graph.DisputeFilter{Entity: "agency:nope"}, graph.Page{}, graph.ENOTFOUND},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := s.Disputes(ctx, tc.f, tc.p); graph.ErrorCode(err) != tc.code {
				t.Errorf("err = %v, want %s", err, tc.code)
			}
		})
	}
}

// checkRetraction disputes a relation stated by a document, reads the
// retraction back (also after reopening) and removes it.
func checkRetraction(t *testing.T, b Backend, s *graph.Store, rid string) {
	before := mustStats(t, s)
	if _, err := s.UndisputeRelation(ctx, rid); !graph.IsNotFound(err) {
		t.Errorf("undispute with no dispute: %v, want not found", err)
	}
	if _, err := s.DisputeRelation(ctx, graph.Retraction{Relation: graph.RelationID(fbi.ID, ontology.Charges, mss.ID)}); !graph.IsNotFound(err) {
		t.Errorf("dispute of a missing relation: %v, want not found", err)
	}
	for _, note := range []string{"misread", "NATO criticized, it did not condemn"} {
		if _, err := s.DisputeRelation(ctx, graph.Retraction{Relation: rid, Note: note, Analyst: "ana", At: time.Date(2024, 1, 2, 0, 0, 0, 0, time.UTC)}); err != nil {
			t.Fatal(err)
		}
	}
	check := func(s *graph.Store) {
		t.Helper()
		m, err := s.RelationDisputes(ctx, []string{rid})
		if err != nil || len(m[rid]) != 1 {
			t.Fatalf("disputes = %+v, %v; want one retraction", m[rid], err)
		}
		d := m[rid][0]
		if d.Kind != graph.DisputeRetraction || len(d.Claims) != 1 || d.Claims[0].Document != "doc:d1" || len(d.CounterClaims) != 1 {
			t.Fatalf("retraction = %+v", d)
		}
		c := d.CounterClaims[0]
		if c.Extractor != "analyst" || c.Verb != "ana" || c.Sentence != "NATO criticized, it did not condemn" || c.Subject != nato.ID || c.Predicate != ontology.Condemns {
			t.Errorf("counter-claim = %+v", c)
		}
		if got, err := s.Claim(ctx, c.NodeID()); err != nil || got.Sentence != c.Sentence {
			t.Errorf("Claim(%s) = %+v, %v", c.NodeID(), got, err)
		}
		p, err := s.Disputes(ctx, graph.DisputeFilter{Kinds: []graph.DisputeKind{graph.DisputeRetraction}}, graph.Page{})
		if err != nil || p.Total != 1 || p.Disputes[0].Relation.ID != rid {
			t.Errorf("listed retractions = %+v, %v", p.Disputes, err)
		}
		if probs, err := s.Check(ctx); err != nil || len(probs) > 0 {
			t.Errorf("check = %v, %v", probs, err)
		}
	}
	check(s)
	if b.Reopen != nil {
		s = b.Reopen(t, s)
		check(s)
	}
	if n, err := s.UndisputeRelation(ctx, rid); err != nil || n != 1 {
		t.Fatalf("undispute = %d, %v", n, err)
	}
	if got := counterDocs(t, s, rid); len(got) != 0 {
		t.Errorf("after undispute: %v", got)
	}
	if got := mustStats(t, s); got != before {
		t.Errorf("dispute and undispute changed the store: %+v → %+v", before, got)
	}
}
