package ingest_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/newsgraph/newsgraph/extract"
	"github.com/newsgraph/newsgraph/graph"
	"github.com/newsgraph/newsgraph/ingest"
)

// TestSourceIDs: a JSONL record's id stays with its document as the source
// ID (the document's own ID is the hash of its text), the document can be
// found by it, it survives reextract and a reopened bolt store, and
// ingesting the file again changes nothing. A document stored without one
// (by an older version, or from a plain file) reads with none.
func TestSourceIDs(t *testing.T) {
	records := []struct{ id, text string }{
		{"wire-2021-0719-001", "The Justice Department charged four Chinese nationals who worked for the Ministry of State Security."},
		{"statement/nz/apt40", "New Zealand's GCSB said APT40 targeted organisations in New Zealand."},
		{"", "NATO condemned Russia for the attacks on Ukraine."}, // no id
	}
	dir := t.TempDir()
	var b strings.Builder
	for _, r := range records {
		rec := map[string]string{"text": r.text, "title": "T"}
		if r.id != "" {
			rec["id"] = r.id
		}
		line, _ := json.Marshal(rec)
		b.Write(line)
		b.WriteByte('\n')
	}
	feed := filepath.Join(dir, "feed.jsonl")
	if err := os.WriteFile(feed, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	plain := filepath.Join(dir, "plain.txt")
	if err := os.WriteFile(plain, []byte("Canada blamed Russia for the hack.\n"), 0o644); err != nil {
		t.Fatal(err)
	}

	path := filepath.Join(dir, "store.db")
	s, err := graph.Open(ctx, graph.Config{Backend: graph.BackendBolt, Path: path})
	if err != nil {
		t.Fatal(err)
	}
	ext, err := extract.Default()
	if err != nil {
		t.Fatal(err)
	}
	p := ingest.New(s, ext, ingest.Options{Workers: 2})
	sum, err := p.IngestPaths(ctx, []string{feed, plain}, nil)
	if err != nil || sum.Created != 4 {
		t.Fatalf("ingest: %+v %v", sum, err)
	}

	check := func(t *testing.T, s *graph.Store) {
		t.Helper()
		for _, r := range records {
			want := ingest.DocumentID(firstDoc(t, s, r.text).Text)
			d, err := s.Document(ctx, want, false)
			if err != nil {
				t.Fatal(err)
			}
			if d.SourceID != r.id {
				t.Errorf("document %s: source ID %q, want %q", d.ID, d.SourceID, r.id)
			}
			if r.id == "" {
				continue
			}
			page, err := s.Documents(ctx, graph.DocumentFilter{SourceID: r.id}, graph.Page{})
			if err != nil || len(page.Documents) != 1 || page.Documents[0].ID != want || page.Documents[0].SourceID != r.id {
				t.Errorf("documents with source ID %q: %+v %v, want %s", r.id, page.Documents, err, want)
			}
		}
		if d := firstDoc(t, s, "Canada blamed Russia"); d.SourceID != "" {
			t.Errorf("a plain file's document has source ID %q", d.SourceID)
		}
		if page, err := s.Documents(ctx, graph.DocumentFilter{SourceID: "no-such-id"}, graph.Page{}); err != nil || len(page.Documents) != 0 {
			t.Errorf("an unknown source ID found %+v %v", page.Documents, err)
		}
		if page, err := s.Documents(ctx, graph.DocumentFilter{}, graph.Page{}); err != nil || len(page.Documents) != 4 {
			t.Errorf("all documents: %d %v, want 4", len(page.Documents), err)
		}
	}
	check(t, s)

	before := dump(t, s)
	sum, err = p.IngestPaths(ctx, []string{feed, plain}, nil)
	if err != nil || sum.Created != 0 {
		t.Errorf("re-ingest: %+v %v", sum, err)
	}
	if rs, err := p.Reextract(ctx, nil); err != nil || len(rs.Errors) > 0 {
		t.Fatalf("reextract: %+v %v", rs, err)
	}
	if after := dump(t, s); strings.Join(after, "\n") != strings.Join(before, "\n") {
		t.Errorf("re-ingest and reextract changed the store: %d quads → %d", len(before), len(after))
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s, err = graph.Open(ctx, graph.Config{Backend: graph.BackendBolt, Path: path})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	check(t, s)
}

// firstDoc finds the stored document whose text contains text.
func firstDoc(t *testing.T, s *graph.Store, text string) graph.Document {
	t.Helper()
	page, err := s.Documents(ctx, graph.DocumentFilter{}, graph.Page{First: graph.MaxPage})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range page.Documents {
		full, err := s.Document(ctx, d.ID, true)
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(full.Text, text) {
			return full
		}
	}
	t.Fatalf("no document with %q", text)
	return graph.Document{}
}
