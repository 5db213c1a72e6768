package eval

import (
	"os"
	"path/filepath"
	"testing"
)

func TestNormalize(t *testing.T) {
	tests := []struct{ in, want string }{
		{"The Ministry of State Security", "ministry of state security"},
		{"U.S.", "us"},
		{"China's", "china"},
		{"PRC’s", "prc"},
		{"  MSS-affiliated   hackers ", "mss affiliated hackers"},
		{"the bureau", "bureau"},
		{"Theodore", "theodore"},
	}
	for _, tt := range tests {
		if got := Normalize(tt.in); got != tt.want {
			t.Errorf("Normalize(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestScoreDoc(t *testing.T) {
	gold := Gold{Doc: "d",
		Entities: []GoldEntity{
			{Name: "United States", Type: "COUNTRY", Aliases: []string{"US", "the administration"}},
			{Name: "European Union", Type: "ORGANIZATION", Aliases: []string{"EU"}},
			{Name: "Ministry of State Security", Type: "AGENCY", Aliases: []string{"MSS"}},
			{Name: "Lisa Monaco", Type: "PERSON"},
		},
		Relations: []GoldRelation{
			{Subject: "United States", Predicate: "accuses", Object: "Ministry of State Security"},
			{Subject: "United States", Predicate: "cooperates_with", Object: "European Union"},
			{Subject: "MSS", Predicate: "part_of", Object: "China"},
		},
	}
	out := Doc{Doc: "d",
		Entities: []DocEntity{
			{Name: "United States", Type: "COUNTRY", Aliases: []string{"U.S."}},
			{Name: "EU", Type: "ORGANIZATION"},
			{Name: "MSS", Type: "AGENCY", Aliases: []string{"China's Ministry of State Security"}},
			{Name: "Administration", Type: "COUNTRY"}, // matches the US too, which is taken: counts neither way
			{Name: "FBI", Type: "AGENCY"},
		},
		Relations: []DocRelation{
			{Subject: "United States", Predicate: "accuses", Object: "MSS"},
			{Subject: "United States", Predicate: "accuses", Object: "MSS"}, // duplicate counts once
			{Subject: "EU", Predicate: "cooperates_with", Object: "United States"},
			{Subject: "FBI", Predicate: "charges", Object: "MSS"},
		},
	}
	ds := ScoreDoc(gold, out)
	if ds.Entities.TP != 3 || ds.Entities.FP != 1 || ds.Entities.FN != 1 {
		t.Errorf("entities: %+v, missed %v, false %v", ds.Entities, ds.MissedEntities, ds.FalseEntities)
	}
	if ds.Relations.TP != 2 || ds.Relations.FP != 1 || ds.Relations.FN != 1 {
		t.Errorf("relations: %+v, missed %v, false %v", ds.Relations, ds.MissedRelations, ds.FalseRelations)
	}
	if p := ds.Entities.Precision; p != 0.75 {
		t.Errorf("entity precision %v, want 0.75", p)
	}
	rep := ScoreAll([]Gold{gold}, []Doc{out})
	if rep.Relations.TP != 2 || len(rep.Docs) != 1 {
		t.Errorf("ScoreAll: %+v", rep)
	}
	// a gold document without output: everything missed
	rep = ScoreAll([]Gold{gold}, nil)
	if rep.Entities.FN != 4 || rep.Entities.TP != 0 || rep.Entities.F1 != 0 {
		t.Errorf("no output: %+v", rep.Entities)
	}
}

func TestLoadGold(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "a.gold.json"), []byte(`{"entities":[{"name":"X","type":"COUNTRY","aliases":[]}],"relations":[]}`), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "b.gold.json"), []byte(`{"doc":"named","entities":[],"relations":[]}`), 0o644); err != nil {
		t.Fatal(err)
	}
	golds, err := LoadGold(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(golds) != 2 || golds[0].Doc != "a" || golds[1].Doc != "named" {
		t.Errorf("LoadGold: %+v", golds)
	}
	if err := os.WriteFile(filepath.Join(dir, "c.gold.json"), []byte(`{`), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := LoadGold(dir); err == nil {
		t.Error("want an error for a malformed gold file")
	}
}
