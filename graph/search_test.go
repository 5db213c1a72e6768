package graph_test

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/newsgraph/newsgraph/graph"
	"github.com/newsgraph/newsgraph/ontology"
)

// TestSearchPages reads a long search result through pages of several
// sizes and checks that they join into the one-page answer, with the page
// info of each, and that bad pages are refused.
func TestSearchPages(t *testing.T) {
	ctx := context.Background()
	s, err := graph.Open(ctx, graph.Config{Backend: graph.BackendMemory})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var ents []graph.Entity
	for i := range 40 {
		ents = append(ents, graph.Entity{ID: fmt.Sprintf("organization:unit-%d", i), Name: fmt.Sprintf("Unit %d", i), Type: ontology.Organization})
	}
	ents = append(ents, graph.Entity{ID: "organization:units", Name: "Units", Type: ontology.Organization},
		graph.Entity{ID: "organization:cyber-unit", Name: "Cyber Unit", Type: ontology.Organization},
		graph.Entity{ID: "organization:community", Name: "Community", Type: ontology.Organization},
		graph.Entity{ID: "organization:unut", Name: "Unut", Type: ontology.Organization})
	b := &graph.Batch{Document: &graph.Document{ID: "doc:units", Title: "Units", Source: "units.txt", Text: "Units.",
		Published: time.Date(2024, 1, 2, 0, 0, 0, 0, time.UTC), Extractor: "test"}, Entities: ents}
	if _, err := s.WriteDocument(ctx, b); err != nil {
		t.Fatal(err)
	}
	whole, err := s.Search(ctx, graph.SearchQuery{Text: "unit", Page: graph.Page{First: graph.MaxPage}})
	if err != nil || len(whole.Hits) != 44 || whole.Total != 44 || whole.HasNext || whole.HasPrev {
		t.Fatalf("one page: %d hits of %d, next %v, prev %v, err %v; want 44 of 44", len(whole.Hits), whole.Total, whole.HasNext, whole.HasPrev, err)
	}
	if h := whole.Hits[len(whole.Hits)-2]; h.Entity.ID != "organization:community" || h.Match != graph.MatchSubstring {
		t.Errorf("last but one hit %s %s, want community's substring", h.Entity.ID, h.Match)
	}
	if h := whole.Hits[len(whole.Hits)-1]; h.Entity.ID != "organization:unut" || h.Match != graph.MatchFuzzy {
		t.Errorf("last hit %s %s, want the fuzzy unut", h.Entity.ID, h.Match)
	}
	for _, n := range []int{1, 3, 7, 43, 44, 50} {
		t.Run(fmt.Sprintf("first %d", n), func(t *testing.T) {
			var cursors []string
			after := ""
			for {
				p, err := s.Search(ctx, graph.SearchQuery{Text: "unit", Page: graph.Page{First: n, After: after}})
				if err != nil {
					t.Fatal(err)
				}
				if p.Total != 44 || p.HasPrev != (after != "") || p.HasNext != (len(cursors)+len(p.Hits) < 44) {
					t.Fatalf("after %d hits: total %d, prev %v, next %v", len(cursors), p.Total, p.HasPrev, p.HasNext)
				}
				if len(p.Hits) == 0 {
					break
				}
				if p.StartCursor != p.Cursors[0] || p.EndCursor != p.Cursors[len(p.Cursors)-1] {
					t.Fatalf("after %d hits: start and end cursors are not the page's", len(cursors))
				}
				cursors = append(cursors, p.Cursors...)
				after = p.EndCursor
			}
			if !slices.Equal(cursors, whole.Cursors) {
				t.Errorf("pages of %d give %d cursors, not the %d of one page", n, len(cursors), len(whole.Cursors))
			}
		})
	}
	other, _ := s.Search(ctx, graph.SearchQuery{Text: "units"})
	for _, p := range []graph.Page{{First: -1}, {First: graph.MaxPage + 1}, {After: "not a cursor"}, {After: other.EndCursor}} {
		if _, err := s.Search(ctx, graph.SearchQuery{Text: "unit", Page: p}); graph.ErrorCode(err) != graph.EINVALID {
			t.Errorf("page %+v: err %v, want EINVALID", p, err)
		}
	}
}
