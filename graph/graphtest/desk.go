package graphtest

import (
	"strings"
	"testing"
	"time"

	"github.com/newsgraph/newsgraph/graph"
	"github.com/newsgraph/newsgraph/ontology"
)

// testDesk checks the analyst's desk: notes, investigations and the
// timeline's pages.
func testDesk(t *testing.T, b Backend) {
	t.Run("Notes", func(t *testing.T) { testNotes(t, b) })
	t.Run("Investigations", func(t *testing.T) { testInvestigations(t, b) })
	t.Run("TimelinePages", func(t *testing.T) { testTimelinePages(t, b) })
}

func testNotes(t *testing.T, b Backend) {
	s := b.Open(t)
	mustWrite(t, s, docA())
	before := mustStats(t, s)
	rel := graph.RelationID(doj.ID, ontology.Charges, nats.ID)
	claims, err := s.Claims(ctx, []string{rel})
	if err != nil || len(claims[rel]) != 1 {
		t.Fatalf("claims of %s = %+v, %v", rel, claims, err)
	}
	claimID := claims[rel][0].NodeID()
	t0 := time.Date(2024, 3, 1, 12, 0, 0, 0, time.UTC)
	adds := []struct {
		name   string
		note   graph.Note
		code   string // "" for success
		author string
	}{
		{"entity", graph.Note{Target: mss.ID, Text: "check the 2021 indictment", Created: t0}, "", "analyst"},
		{"entity later", graph.Note{Target: mss.ID, Text: "  second thought  ", Author: "ana", Created: t0.Add(time.Hour)}, "", "ana"},
		{"relation", graph.Note{Target: rel, Text: "charges unsealed", Created: t0}, "", "analyst"},
		{"claim", graph.Note{Target: claimID, Text: "the sentence is exact", Created: t0}, "", "analyst"},
		{"unknown entity", graph.Note{Target: "agency:nope", Text: "x"}, graph.ENOTFOUND, ""},
		{"unknown relation", graph.Note{Target: graph.RelationID(mss.ID, ontology.Accuses, doj.ID), Text: "x"}, graph.ENOTFOUND, ""},
		{"bad relation ID", graph.Note{Target: "rel:!!", Text: "x"}, graph.ENOTFOUND, ""},
		{"unknown claim", graph.Note{Target: "claim:0000", Text: "x"}, graph.ENOTFOUND, ""},
		{"unknown investigation", graph.Note{Target: "investigation:0000", Text: "x"}, graph.ENOTFOUND, ""},
		{"empty text", graph.Note{Target: mss.ID, Text: "  "}, graph.EINVALID, ""},
		{"long text", graph.Note{Target: mss.ID, Text: strings.Repeat("é", graph.MaxNoteText+1)}, graph.EINVALID, ""},
		{"long author", graph.Note{Target: mss.ID, Text: "x", Author: strings.Repeat("a", graph.MaxNoteAuthor+1)}, graph.EINVALID, ""},
		{"no target", graph.Note{Text: "x"}, graph.EINVALID, ""},
	}
	var added []graph.Note
	for _, a := range adds {
		t.Run(a.name, func(t *testing.T) {
			n, err := s.AddNote(ctx, a.note)
			if a.code != "" {
				if graph.ErrorCode(err) != a.code {
					t.Errorf("AddNote = %+v, %v; want %s", n, err, a.code)
				}
				return
			}
			if err != nil || !graph.IsNoteID(n.ID) || n.Author != a.author || n.Text != strings.TrimSpace(a.note.Text) || !n.Created.Equal(a.note.Created) {
				t.Fatalf("AddNote = %+v, %v", n, err)
			}
			added = append(added, n)
		})
	}
	if len(added) != 4 {
		t.Fatalf("added %d notes", len(added))
	}
	// notes add no entity, relation or claim
	if got := mustStats(t, s); got.Entities != before.Entities || got.Relations != before.Relations || got.Claims != before.Claims {
		t.Errorf("stats after notes %+v, before %+v", got, before)
	}
	notes, err := s.Notes(ctx, []string{mss.ID, rel, claimID, fbi.ID})
	if err != nil {
		t.Fatal(err)
	}
	if ns := notes[mss.ID]; len(ns) != 2 || ns[0].Text != "second thought" || ns[1].Text != "check the 2021 indictment" {
		t.Errorf("notes on MSS (newest first) = %+v", ns)
	}
	if len(notes[rel]) != 1 || len(notes[claimID]) != 1 || len(notes[fbi.ID]) != 0 {
		t.Errorf("notes = %+v", notes)
	}
	all, err := s.AllNotes(ctx)
	if err != nil || len(all) != 4 || all[0].Text != "second thought" {
		t.Errorf("all notes = %+v, %v", all, err)
	}
	if b.Reopen != nil {
		s = b.Reopen(t, s)
	}
	if err := s.DeleteNote(ctx, added[0].ID); err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{added[0].ID, "analyst:note-0000", "doc:aaaa", ""} {
		if err := s.DeleteNote(ctx, id); !graph.IsNotFound(err) {
			t.Errorf("DeleteNote(%q) = %v, want not found", id, err)
		}
	}
	if _, err := s.Document(ctx, "doc:aaaa", false); err != nil {
		t.Errorf("a document survives DeleteNote of its ID: %v", err)
	}
	notes, _ = s.Notes(ctx, []string{mss.ID})
	if ns := notes[mss.ID]; len(ns) != 1 || ns[0].ID != added[1].ID {
		t.Errorf("notes on MSS after delete = %+v", ns)
	}
}

func testInvestigations(t *testing.T, b Backend) {
	s := b.Open(t)
	mustWrite(t, s, docA())
	t0 := time.Date(2024, 3, 1, 12, 0, 0, 0, time.UTC)
	inv, err := s.CreateInvestigation(ctx, " MSS 2021 ", t0)
	if err != nil || !graph.IsInvestigationID(inv.ID) || inv.Name != "MSS 2021" || !inv.Created.Equal(t0) || len(inv.Nodes) != 0 {
		t.Fatalf("create = %+v, %v", inv, err)
	}
	other, err := s.CreateInvestigation(ctx, "other", t0.Add(time.Minute))
	if err != nil {
		t.Fatal(err)
	}
	want := graph.Investigation{
		Nodes:   []graph.InvestigationNode{{ID: mss.ID, X: 10.5, Y: -3, Pinned: true}, {ID: doj.ID, X: 0, Y: 7}},
		Filters: graph.InvestigationFilter{Predicates: []ontology.Predicate{ontology.Charges}, Types: []ontology.EntityType{ontology.Agency}, MinConfidence: 0.5},
		From:    time.Date(2021, 1, 1, 0, 0, 0, 0, time.UTC), To: time.Date(2022, 1, 1, 0, 0, 0, 0, time.UTC),
		Hidden: []string{fbi.ID},
	}
	saved, err := s.SaveInvestigation(ctx, inv.ID, want, t0.Add(2*time.Minute))
	if err != nil || saved.Name != "MSS 2021" || !saved.Updated.Equal(t0.Add(2*time.Minute)) || !saved.Created.Equal(t0) {
		t.Fatalf("save = %+v, %v", saved, err)
	}
	if b.Reopen != nil {
		s = b.Reopen(t, s)
	}
	got, err := s.Investigation(ctx, inv.ID)
	if err != nil || len(got.Nodes) != 2 || got.Nodes[0] != want.Nodes[0] || got.Nodes[1] != want.Nodes[1] ||
		got.Filters.MinConfidence != 0.5 || len(got.Filters.Predicates) != 1 || !got.From.Equal(want.From) ||
		!got.To.Equal(want.To) || len(got.Hidden) != 1 || got.Hidden[0] != fbi.ID {
		t.Errorf("read back = %+v, %v", got, err)
	}
	list, err := s.Investigations(ctx)
	if err != nil || len(list) != 2 || list[0].ID != inv.ID || list[1].ID != other.ID {
		t.Errorf("list (latest updated first) = %+v, %v", list, err)
	}
	tooMany := make([]graph.InvestigationNode, graph.MaxInvestigationNodes+1)
	bad := []struct {
		name string
		inv  graph.Investigation
	}{
		{"too many nodes", graph.Investigation{Nodes: tooMany}},
		{"long name", graph.Investigation{Name: strings.Repeat("n", graph.MaxInvestigationName+1)}},
		{"twice in view", graph.Investigation{Nodes: []graph.InvestigationNode{{ID: mss.ID}, {ID: mss.ID}}}},
		{"window backwards", graph.Investigation{From: want.To, To: want.From}},
		{"confidence", graph.Investigation{Filters: graph.InvestigationFilter{MinConfidence: 2}}},
		{"predicate", graph.Investigation{Filters: graph.InvestigationFilter{Predicates: []ontology.Predicate{"nope"}}}},
		{"empty hidden", graph.Investigation{Hidden: []string{""}}},
	}
	for _, c := range bad {
		t.Run(c.name, func(t *testing.T) {
			if _, err := s.SaveInvestigation(ctx, inv.ID, c.inv, time.Time{}); graph.ErrorCode(err) != graph.EINVALID {
				t.Errorf("save = %v, want invalid", err)
			}
		})
	}
	if _, err := s.CreateInvestigation(ctx, "", time.Time{}); graph.ErrorCode(err) != graph.EINVALID {
		t.Errorf("create with no name = %v", err)
	}
	for _, id := range []string{"investigation:0000", mss.ID, ""} {
		if _, err := s.SaveInvestigation(ctx, id, want, time.Time{}); !graph.IsNotFound(err) {
			t.Errorf("save %q = %v, want not found", id, err)
		}
		if _, err := s.Investigation(ctx, id); !graph.IsNotFound(err) {
			t.Errorf("read %q = %v, want not found", id, err)
		}
	}
	// a note on the investigation goes with it
	n, err := s.AddNote(ctx, graph.Note{Target: inv.ID, Text: "open question"})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteInvestigation(ctx, inv.ID); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteInvestigation(ctx, inv.ID); !graph.IsNotFound(err) {
		t.Errorf("delete twice = %v", err)
	}
	if err := s.DeleteNote(ctx, n.ID); !graph.IsNotFound(err) {
		t.Errorf("the investigation's note survived it: %v", err)
	}
	if list, _ := s.Investigations(ctx); len(list) != 1 || list[0].ID != other.ID {
		t.Errorf("list after delete = %+v", list)
	}
}

func testTimelinePages(t *testing.T, b Backend) {
	s := b.Open(t)
	mustWrite(t, s, docA())
	mustWrite(t, s, docB())
	whole, err := s.Timeline(ctx, mss.ID, 10)
	if err != nil || len(whole) != 3 {
		t.Fatalf("timeline = %+v, %v", whole, err)
	}
	var paged []graph.Claim
	after := ""
	for range 5 {
		page, err := s.TimelineAfter(ctx, mss.ID, after, 1)
		if err != nil {
			t.Fatal(err)
		}
		if len(page) == 0 {
			break
		}
		paged = append(paged, page...)
		after = page[len(page)-1].NodeID()
	}
	if len(paged) != len(whole) {
		t.Fatalf("paged %d claims, want %d", len(paged), len(whole))
	}
	for i := range whole {
		if paged[i].ID != whole[i].ID {
			t.Errorf("page %d = %s, want %s", i, paged[i].ID, whole[i].ID)
		}
	}
	for _, c := range []struct {
		after string
		limit int
		code  string
	}{
		{"claim:0000", 1, graph.EINVALID},
		{"", 0, graph.EINVALID},
		{"", graph.MaxPage + 1, graph.EINVALID},
	} {
		if _, err := s.TimelineAfter(ctx, mss.ID, c.after, c.limit); graph.ErrorCode(err) != c.code {
			t.Errorf("TimelineAfter(%q, %d) = %v, want %s", c.after, c.limit, err, c.code)
		}
	}
}
