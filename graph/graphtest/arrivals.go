package graphtest

import (
	"testing"
	"time"

	"github.com/newsgraph/newsgraph/graph"
	"github.com/newsgraph/newsgraph/ontology"
)

// testArrivals checks the arrival ledger: a source's time is recorded
// once, what a new document adds or changes arrives later than what was
// there, a deleted document written again arrives again, and the times
// survive a reopen.
func testArrivals(t *testing.T, b Backend) {
	s := b.Open(t)
	mustWrite(t, s, docA())
	t1 := time.Date(2030, 1, 1, 10, 0, 0, 123000000, time.UTC)
	first := mustArrivals(t, s, t1)
	at1 := t1
	relAffil := graph.RelationID(nats.ID, ontology.AffiliatedWith, mss.ID)
	relAccuses := graph.RelationID(usa.ID, ontology.Accuses, mss.ID)
	note, err := s.AddNote(ctx, graph.Note{Target: mss.ID, Text: "watch this", Created: t1})
	if err != nil {
		t.Fatal(err)
	}
	checks := []struct {
		name string
		at   time.Time
		want map[string]time.Time // ID → Last; zero: absent
	}{
		{"stamped once", t1.Add(time.Hour), map[string]time.Time{
			"doc:aaaa": at1, mss.ID: at1, relAffil: at1, "doc:bbbb": {}, note.ID: t1.Add(time.Hour)}},
		// an earlier clock still stamps later than the ledger's latest time
		{"new document", t1.Add(-time.Hour), map[string]time.Time{
			"doc:aaaa": at1, mss.ID: t1.Add(time.Hour + time.Millisecond), relAccuses: t1.Add(time.Hour + time.Millisecond),
			relAffil: at1, "doc:bbbb": t1.Add(time.Hour + time.Millisecond)}},
	}
	if len(first) == 0 || first[0].Last != at1 {
		t.Fatalf("first arrivals = %+v", first)
	}
	for i, c := range checks {
		t.Run(c.name, func(t *testing.T) {
			if i == 1 {
				mustWrite(t, s, docB())
			}
			got := byID(mustArrivals(t, s, c.at))
			for id, want := range c.want {
				a, ok := got[id]
				switch {
				case want.IsZero() && ok:
					t.Errorf("%s arrived: %+v", id, a)
				case !want.IsZero() && (!ok || !a.Last.Equal(want)):
					t.Errorf("%s = %+v (present %v), want Last %v", id, a, ok, want)
				}
			}
			if a := got[mss.ID]; !a.First.Equal(at1) || a.Kind != graph.ArrivedEntity || a.Type != ontology.Agency {
				t.Errorf("MSS = %+v, want first %v, an agency", a, at1)
			}
		})
	}
	t.Run("ordered", func(t *testing.T) {
		as := mustArrivals(t, s, t1.Add(2*time.Hour))
		for i := 1; i < len(as); i++ {
			if p, a := as[i-1], as[i]; a.Last.Before(p.Last) || (a.Last.Equal(p.Last) && a.ID <= p.ID) {
				t.Errorf("arrivals out of order at %d: %s %v after %s %v", i, a.ID, a.Last, p.ID, p.Last)
			}
		}
	})
	t.Run("analyst", func(t *testing.T) {
		if _, err := s.AssertRelation(ctx, graph.Assertion{Subject: fbi.ID, Predicate: ontology.Accuses, Object: mss.ID}); err != nil {
			t.Fatal(err)
		}
		got := byID(mustArrivals(t, s, t1.Add(3*time.Hour)))
		if a := got[graph.RelationID(fbi.ID, ontology.Accuses, mss.ID)]; !a.Analyst || !a.Last.Equal(t1.Add(3*time.Hour)) {
			t.Errorf("asserted relation = %+v", a)
		}
		if got[relAffil].Analyst {
			t.Errorf("extracted relation marked as analyst's")
		}
	})
	t.Run("deleted and written again", func(t *testing.T) {
		if _, err := s.DeleteSource(ctx, "doc:bbbb"); err != nil {
			t.Fatal(err)
		}
		if _, ok := byID(mustArrivals(t, s, t1.Add(4*time.Hour)))["doc:bbbb"]; ok {
			t.Errorf("deleted document still arrives")
		}
		mustWrite(t, s, docB())
		if a := byID(mustArrivals(t, s, t1.Add(5*time.Hour)))["doc:bbbb"]; !a.Last.Equal(t1.Add(5 * time.Hour)) {
			t.Errorf("document written again = %+v, want a new time", a)
		}
	})
	t.Run("invariants", func(t *testing.T) {
		if probs, err := s.Check(ctx); err != nil || len(probs) > 0 {
			t.Errorf("Check with the ledger: %v %v", probs, err)
		}
	})
	t.Run("note", func(t *testing.T) {
		n, err := s.Note(ctx, note.ID)
		if err != nil || n.Text != "watch this" || n.Target != mss.ID {
			t.Errorf("Note(%s) = %+v, %v", note.ID, n, err)
		}
		if _, err := s.Note(ctx, "analyst:note-0000"); !graph.IsNotFound(err) {
			t.Errorf("unknown note: %v, want not found", err)
		}
	})
	t.Run("reopen", func(t *testing.T) {
		if b.Reopen == nil {
			t.Skip("backend does not persist")
		}
		before := mustArrivals(t, s, t1.Add(6*time.Hour))
		s = b.Reopen(t, s)
		after := mustArrivals(t, s, t1.Add(7*time.Hour))
		if len(before) != len(after) {
			t.Fatalf("%d arrivals after reopen, %d before", len(after), len(before))
		}
		for i := range before {
			if before[i] != after[i] {
				t.Errorf("arrival %d = %+v after reopen, %+v before", i, after[i], before[i])
			}
		}
		// deleted while no one asked, then the store reopened: the index
		// no longer knows the document, the ledger still does
		if _, err := s.DeleteSource(ctx, "doc:bbbb"); err != nil {
			t.Fatal(err)
		}
		s = b.Reopen(t, s)
		if _, ok := byID(mustArrivals(t, s, t1.Add(8*time.Hour)))["doc:bbbb"]; ok {
			t.Errorf("deleted document still arrives after a reopen")
		}
		mustWrite(t, s, docB())
		if a := byID(mustArrivals(t, s, t1.Add(9*time.Hour)))["doc:bbbb"]; !a.Last.Equal(t1.Add(9 * time.Hour)) {
			t.Errorf("document deleted and written again across a reopen = %+v, want a new time", a)
		}
	})
}

func mustArrivals(t testing.TB, s *graph.Store, now time.Time) []graph.Arrival {
	t.Helper()
	as, err := s.Arrivals(ctx, now)
	if err != nil {
		t.Fatalf("Arrivals: %v", err)
	}
	return as
}

func byID(as []graph.Arrival) map[string]graph.Arrival {
	m := make(map[string]graph.Arrival, len(as))
	for _, a := range as {
		m[a.ID] = a
	}
	return m
}
