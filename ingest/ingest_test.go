package ingest_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/cayleygraph/quad"

	"github.com/newsgraph/newsgraph/data"
	"github.com/newsgraph/newsgraph/extract"
	"github.com/newsgraph/newsgraph/graph"
	"github.com/newsgraph/newsgraph/ingest"
	"github.com/newsgraph/newsgraph/ontology"
)

var ctx = context.Background()

func newPipeline(t *testing.T, workers int) (*graph.Store, *ingest.Pipeline) {
	t.Helper()
	s, err := graph.Open(ctx, graph.Config{Backend: graph.BackendMemory})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	ext, err := extract.Default()
	if err != nil {
		t.Fatal(err)
	}
	return s, ingest.New(s, ext, ingest.Options{Workers: workers})
}

func dump(t *testing.T, s *graph.Store) []string {
	t.Helper()
	var out []string
	if err := s.EachQuad(ctx, func(q quad.Quad) error { out = append(out, q.NQuad()); return nil }); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestOrderIndependent: the graph of a corpus does not depend on the order
// documents were ingested in nor on how many workers extracted them, so a
// resumed ingest ends where an uninterrupted one does.
func TestOrderIndependent(t *testing.T) {
	dir := t.TempDir()
	arts, _ := filepathGlobFS()
	if len(arts) < 4 {
		t.Fatal("corpus too small")
	}
	var paths []string
	for _, a := range arts {
		b, _ := data.FS.ReadFile(a)
		p := filepath.Join(dir, filepath.Base(a))
		os.WriteFile(p, b, 0o644)
		paths = append(paths, p)
	}
	s1, p1 := newPipeline(t, 1)
	if _, err := p1.IngestPaths(ctx, paths, nil); err != nil {
		t.Fatal(err)
	}
	s2, p2 := newPipeline(t, 2)
	rev := make([]string, len(paths))
	for i, p := range paths {
		rev[len(paths)-1-i] = p
	}
	for _, p := range rev { // one at a time, reversed
		if _, err := p2.IngestPaths(ctx, []string{p}, nil); err != nil {
			t.Fatal(err)
		}
	}
	a, b := dump(t, s1), dump(t, s2)
	if strings.Join(a, "\n") != strings.Join(b, "\n") {
		t.Errorf("graphs differ: %d quads in order, %d reversed", len(a), len(b))
	}
}

func filepathGlobFS() ([]string, error) {
	entries, err := data.FS.ReadDir("corpus")
	var out []string
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".txt") {
			out = append(out, "corpus/"+e.Name())
		}
	}
	return out, err
}

func TestIngestPathsReportsBadFiles(t *testing.T) {
	dir := t.TempDir()
	write := func(name, body string) string {
		p := filepath.Join(dir, name)
		os.WriteFile(p, []byte(body), 0o644)
		return p
	}
	write("good.txt", "NATO condemned Russia for the attack.\n")
	write("feed.jsonl", `{"id":"1","title":"A","text":"The FBI charged two hackers."}`+"\n{broken\n")
	write("empty.txt", "   \n")
	write("README.md", "# not an article\n")
	write("notes.bin", "\x00\x01")
	s, p := newPipeline(t, 2)
	sum, err := p.IngestPaths(ctx, []string{dir, filepath.Join(dir, "missing.txt")}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if sum.Created != 2 || sum.Failed != 3 {
		t.Errorf("summary %+v: want 2 created (good.txt, feed line 1) and 3 failed (feed line 2, empty, missing)", sum)
	}
	msgs := ""
	for _, e := range sum.Errors {
		msgs += e.Error() + "\n"
	}
	for _, want := range []string{"feed.jsonl", "empty.txt", "missing.txt"} {
		if !strings.Contains(msgs, want) {
			t.Errorf("errors do not name %s:\n%s", want, msgs)
		}
	}
	st, _ := s.Stats(ctx)
	if st.Documents != 2 {
		t.Errorf("documents = %d, want 2", st.Documents)
	}
}

// TestStructuredLinking: an entity that a structured source brought is
// recognized in text under any of its aliases and gets the article's claims.
func TestStructuredLinking(t *testing.T) {
	s, p := newPipeline(t, 1)
	lev := graph.Entity{ID: "threat-group:leviathan", Name: "Leviathan", Type: ontology.ThreatGroup, Aliases: []string{"APT40", "TEMP.Periscope", "Kryptonite Panda"}}
	if _, err := s.ReplaceSource(ctx, &graph.Batch{Source: &graph.Source{ID: "stix:test", Kind: "stix"}, Entities: []graph.Entity{lev}}); err != nil {
		t.Fatal(err)
	}
	res, err := p.Text(ctx, "The FBI accused Kryptonite Panda of hacking universities.\n\nAPT40 denied nothing.", ingest.Meta{Source: "t.txt"})
	if err != nil || !res.Created {
		t.Fatalf("ingest: %+v %v", res, err)
	}
	page, err := s.Relations(ctx, lev.ID, graph.RelationFilter{}, graph.Page{})
	if err != nil || page.Total == 0 {
		t.Fatalf("Leviathan got no claims from the article: %+v %v", page, err)
	}
	if _, err := s.Entity(ctx, "threat-group:apt40"); !graph.IsNotFound(err) {
		t.Errorf("a separate APT40 entity was created: %v", err)
	}
}

func TestReextractIsIdempotent(t *testing.T) {
	s, p := newPipeline(t, 2)
	if _, err := p.IngestFS(ctx, data.FS, "corpus"); err != nil {
		t.Fatal(err)
	}
	before := dump(t, s)
	sum, err := p.Reextract(ctx, nil)
	if err != nil || sum.Changed != 0 || len(sum.Errors) != 0 {
		t.Fatalf("reextract = %+v, %v", sum, err)
	}
	if after := dump(t, s); len(after) != len(before) {
		t.Errorf("quads %d → %d", len(before), len(after))
	}
}

func TestLimits(t *testing.T) {
	s, _ := newPipeline(t, 1)
	ext, _ := extract.Default()
	p := ingest.New(s, ext, ingest.Options{MaxDocBytes: 100})
	if _, err := p.Text(ctx, strings.Repeat("NATO condemned Russia. ", 20), ingest.Meta{}); graph.ErrorCode(err) != graph.EINVALID || !strings.Contains(err.Error(), "limit") {
		t.Errorf("oversized document: %v", err)
	}
	if _, err := p.Text(ctx, "\xff\xfe\x00 NATO condemned Russia.", ingest.Meta{}); err != nil {
		t.Errorf("invalid UTF-8 should be cleaned, not refused: %v", err)
	}
}

// TestDuplicateCounts: a text met twice in one run (two files, or two
// records) is stored once and counted once as skipped, whether the store
// finds the duplicate when it writes or the pipeline finds it stored before
// extracting; a second run skips every document; IngestPaths and IngestFS
// count alike.
func TestDuplicateCounts(t *testing.T) {
	files := map[string]string{
		"a.txt":    "NATO condemned Russia for the attack.\n",
		"b.txt":    "NATO condemned Russia for the attack.\n",
		"c.jsonl":  `{"text":"The FBI charged two hackers."}` + "\n" + `{"text":"The FBI charged two hackers."}` + "\n",
		"d.md":     "Canada blamed Russia for the hack.\n",
		"sub/e.md": "Canada blamed Russia for the hack.\n",
	}
	dir := t.TempDir()
	mfs := fstest.MapFS{}
	for name, body := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		mfs["in/"+name] = &fstest.MapFile{Data: []byte(body)}
	}
	runs := map[string]func(*ingest.Pipeline) (ingest.Summary, error){
		"paths": func(p *ingest.Pipeline) (ingest.Summary, error) { return p.IngestPaths(ctx, []string{dir}, nil) },
		"fs":    func(p *ingest.Pipeline) (ingest.Summary, error) { return p.IngestFS(ctx, mfs, "in") },
	}
	for name, run := range runs {
		for _, workers := range []int{1, 3} {
			t.Run(fmt.Sprintf("%s/workers=%d", name, workers), func(t *testing.T) {
				s, p := newPipeline(t, workers)
				for i, want := range []ingest.Summary{
					{Files: 5, Documents: 6, Created: 3, Skipped: 3},
					{Files: 5, Documents: 6, Created: 0, Skipped: 6},
				} {
					sum, err := run(p)
					if err != nil || sum.Files != want.Files || sum.Documents != want.Documents || sum.Created != want.Created ||
						sum.Skipped != want.Skipped || sum.Failed != 0 {
						t.Errorf("run %d: %+v %v, want %+v", i+1, sum, err, want)
					}
				}
				if st, _ := s.Stats(ctx); st.Documents != 3 {
					t.Errorf("%d documents stored, want 3", st.Documents)
				}
			})
		}
	}
}
