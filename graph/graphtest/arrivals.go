package graphtest

import (
	"testing"
	"time"

	"github.com/newsgraph/newsgraph/graph"
	"github.com/newsgraph/newsgraph/ontology"
)

// testArrivals checks the arrival ledger: a source arrives when it was
// written and keeps that time, what a new document adds or changes arrives
// later than what was there, a deleted document written again arrives
// again, and the times survive a reopen.
func testArrivals(t *testing.T, b Backend) {
	s := b.Open(t)
	var seen time.Time // the latest time any call gave
	arrivals := func(t *testing.T, now time.Time) map[string]graph.Arrival {
		t.Helper()
		as := mustArrivals(t, s, now)
		for _, a := range as {
			seen = later(seen, a.Last)
		}
		return byID(as)
	}
	relAffil := graph.RelationID(nats.ID, ontology.AffiliatedWith, mss.ID)
	relAccuses := graph.RelationID(usa.ID, ontology.Accuses, mss.ID)
	wA := writeTimed(t, s, docA())
	ahead := time.Now().Add(time.Hour) // a clock ahead: what has a write time keeps it
	first := arrivals(t, ahead)
	a := first["doc:aaaa"]
	within(t, "doc:aaaa", a, wA, time.Time{})
	for _, id := range []string{mss.ID, relAffil} {
		if first[id].Last != a.Last || first[id].First != a.First {
			t.Errorf("%s = %+v, want the time of its document %v", id, first[id], a.Last)
		}
	}
	if first[mss.ID].Kind != graph.ArrivedEntity || first[mss.ID].Type != ontology.Agency || first[relAffil].Kind != graph.ArrivedRelation || a.Kind != graph.ArrivedDocument {
		t.Errorf("kinds: %+v %+v %+v", first[mss.ID], first[relAffil], a)
	}
	t.Run("stamped once", func(t *testing.T) {
		again := arrivals(t, ahead.Add(time.Hour))
		if len(again) != len(first) {
			t.Fatalf("%d arrivals, then %d", len(first), len(again))
		}
		for id, x := range first {
			if again[id] != x {
				t.Errorf("%s = %+v, was %+v", id, again[id], x)
			}
		}
	})
	var bb graph.Arrival
	t.Run("new document", func(t *testing.T) {
		wB, floor := writeTimed(t, s, docB()), seen
		got := arrivals(t, time.Now())
		bb = got["doc:bbbb"]
		within(t, "doc:bbbb", bb, wB, floor)
		if !bb.Last.After(a.Last) {
			t.Errorf("doc:bbbb arrived at %v, not after doc:aaaa at %v", bb.Last, a.Last)
		}
		checks := []struct {
			id          string
			first, last time.Time
		}{
			{mss.ID, a.Last, bb.Last},      // named again: changed
			{relAccuses, bb.Last, bb.Last}, // new
			{relAffil, a.Last, a.Last},     // untouched
			{"doc:aaaa", a.Last, a.Last},   // untouched
			{usa.ID, bb.Last, bb.Last},     // new
			{doj.ID, a.Last, a.Last},       // untouched
			{china.ID, a.Last, bb.Last},    // named again
			{"doc:bbbb", bb.Last, bb.Last}, // itself
			{nato.ID, bb.Last, bb.Last},    // new
			{fbi.ID, a.Last, a.Last},       // untouched
			{nats.ID, a.Last, a.Last},      // untouched
			{graph.RelationID(nato.ID, ontology.Condemns, china.ID), bb.Last, bb.Last},
		}
		for _, c := range checks {
			if x := got[c.id]; !x.First.Equal(c.first) || !x.Last.Equal(c.last) {
				t.Errorf("%s = %v…%v, want %v…%v", c.id, x.First, x.Last, c.first, c.last)
			}
		}
	})
	t.Run("ordered", func(t *testing.T) {
		as := mustArrivals(t, s, time.Now())
		for i := 1; i < len(as); i++ {
			if p, a := as[i-1], as[i]; a.Last.Before(p.Last) || (a.Last.Equal(p.Last) && a.ID <= p.ID) {
				t.Errorf("arrivals out of order at %d: %s %v after %s %v", i, a.ID, a.Last, p.ID, p.Last)
			}
		}
	})
	var noteID string
	t.Run("note and analyst", func(t *testing.T) {
		w0 := time.Now()
		n, err := s.AddNote(ctx, graph.Note{Target: mss.ID, Text: "watch this"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.AssertRelation(ctx, graph.Assertion{Subject: fbi.ID, Predicate: ontology.Accuses, Object: mss.ID}); err != nil {
			t.Fatal(err)
		}
		w, floor := [2]time.Time{w0, time.Now()}, seen
		noteID = n.ID
		got := arrivals(t, time.Now())
		within(t, "note", got[n.ID], w, floor)
		if got[n.ID].Kind != graph.ArrivedNote {
			t.Errorf("note = %+v", got[n.ID])
		}
		asserted := got[graph.RelationID(fbi.ID, ontology.Accuses, mss.ID)]
		within(t, "asserted relation", asserted, w, floor)
		if !asserted.Analyst || got[relAffil].Analyst {
			t.Errorf("asserted %+v, extracted %+v: only the first is an analyst's", asserted, got[relAffil])
		}
		if x, err := s.Note(ctx, n.ID); err != nil || x.Text != "watch this" || x.Target != mss.ID {
			t.Errorf("Note(%s) = %+v, %v", n.ID, x, err)
		}
		if _, err := s.Note(ctx, "analyst:note-0000"); !graph.IsNotFound(err) {
			t.Errorf("unknown note: %v, want not found", err)
		}
	})
	t.Run("deleted and written again", func(t *testing.T) {
		if _, err := s.DeleteSource(ctx, "doc:bbbb"); err != nil {
			t.Fatal(err)
		}
		if _, ok := arrivals(t, time.Now())["doc:bbbb"]; ok {
			t.Errorf("deleted document still arrives")
		}
		w, floor := writeTimed(t, s, docB()), seen
		again := arrivals(t, time.Now())["doc:bbbb"]
		within(t, "doc:bbbb written again", again, w, floor)
		if !again.Last.After(bb.Last) {
			t.Errorf("written again at %v, first at %v", again.Last, bb.Last)
		}
	})
	t.Run("invariants", func(t *testing.T) {
		if probs, err := s.Check(ctx); err != nil || len(probs) > 0 {
			t.Errorf("Check with the ledger: %v %v", probs, err)
		}
	})
	t.Run("reopen", func(t *testing.T) {
		if b.Reopen == nil {
			t.Skip("backend does not persist")
		}
		before := mustArrivals(t, s, time.Now())
		s = b.Reopen(t, s)
		after := mustArrivals(t, s, time.Now())
		if len(before) != len(after) {
			t.Fatalf("%d arrivals after reopen, %d before", len(after), len(before))
		}
		for i := range before {
			if before[i] != after[i] {
				t.Errorf("arrival %d = %+v after reopen, %+v before", i, after[i], before[i])
			}
		}
		// deleted, reopened (the index no longer knows the document, the
		// ledger does), written again and reopened before anyone asked
		// (its write time is lost): it arrives anew, after everything
		// before, though the clock is behind
		if _, err := s.DeleteSource(ctx, "doc:bbbb"); err != nil {
			t.Fatal(err)
		}
		s = b.Reopen(t, s)
		if _, ok := arrivals(t, time.Now())["doc:bbbb"]; ok {
			t.Errorf("deleted document still arrives after a reopen")
		}
		mustWrite(t, s, docB())
		s = b.Reopen(t, s)
		want := seen.Add(time.Millisecond)
		if x := arrivals(t, time.Unix(0, 0))["doc:bbbb"]; !x.Last.Equal(want) {
			t.Errorf("document written again, time lost = %+v, want %v", x, want)
		}
		if _, err := s.Note(ctx, noteID); err != nil {
			t.Errorf("note after reopen: %v", err)
		}
	})
}

// writeTimed writes a document and returns the bounds of its write time,
// at the ledger's precision.
func writeTimed(t testing.TB, s *graph.Store, b *graph.Batch) [2]time.Time {
	t.Helper()
	w0 := time.Now()
	mustWrite(t, s, b)
	return [2]time.Time{w0, time.Now()}
}

// within checks that an arrival's Last is within a write's bounds, or
// just after floor, the latest time before (the ledger's times only grow).
func within(t testing.TB, what string, a graph.Arrival, w [2]time.Time, floor time.Time) {
	t.Helper()
	lo, hi := w[0].UTC().Truncate(time.Millisecond), later(w[1].UTC(), floor.Add(time.Millisecond))
	if a.Last.Before(lo) || a.Last.After(hi) {
		t.Errorf("%s arrived at %v, not when it was written (%v…%v)", what, a.Last, lo, hi)
	}
}

func later(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
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
