package stix_test

import (
	"compress/gzip"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/newsgraph/newsgraph/extract"
	"github.com/newsgraph/newsgraph/graph"
	"github.com/newsgraph/newsgraph/ingest"
	"github.com/newsgraph/newsgraph/ontology"
	"github.com/newsgraph/newsgraph/stix"
)

// attackPath is MITRE ATT&CK Enterprise v18.1 as one STIX 2.0 bundle, from
// the shared data folder beside the repository.
const attackPath = "../../shared/data/attack/enterprise-attack-v18.1.json.gz"

func importAttack(t testing.TB, s *graph.Store) stix.Summary {
	t.Helper()
	f, err := os.Open(attackPath)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	sum, err := stix.Import(ctx, s, zr, "enterprise-attack-v18.1.json.gz")
	if err != nil {
		t.Fatal(err)
	}
	return sum
}

var attackOnce struct {
	sync.Once
	store *graph.Store
	sum   stix.Summary
	quads int64
}

// attackStore returns a memory store with ATT&CK imported once for all tests
// that only read it.
func attackStore(t *testing.T) (*graph.Store, stix.Summary) {
	t.Helper()
	if _, err := os.Stat(attackPath); err != nil {
		t.Skip("../shared/data/attack is absent")
	}
	attackOnce.Do(func() {
		s, err := graph.Open(ctx, graph.Config{Backend: graph.BackendMemory})
		if err != nil {
			t.Fatal(err)
		}
		attackOnce.store = s
		start := time.Now()
		attackOnce.sum = importAttack(t, s)
		attackOnce.quads = quadCount(t, s)
		t.Logf("ATT&CK into memory: %v, %d quads, %+v", time.Since(start), attackOnce.quads, attackOnce.sum)
	})
	if attackOnce.store == nil {
		t.Fatal("ATT&CK import failed")
	}
	return attackOnce.store, attackOnce.sum
}

// TestAttackGroups: after importing ATT&CK, APT40 is Leviathan (G0065) with
// all its aliases and its uses relations, and HAFNIUM likewise.
func TestAttackGroups(t *testing.T) {
	s, sum := attackStore(t)
	if sum.Revoked != 140 || sum.Deprecated != 246 || sum.Imported["intrusion-set"] == 0 || sum.Relationships < 15000 {
		t.Errorf("summary %+v", sum)
	}
	for _, tc := range []struct {
		name, want, attackID string
		aliases              []string
		uses                 []string
	}{
		{"APT40", "Leviathan", "G0065",
			[]string{"MUDCARP", "Kryptonite Panda", "Gadolinium", "BRONZE MOHAWK", "TEMP.Jumper", "APT40", "TEMP.Periscope", "Gingham Typhoon"},
			[]string{"China Chopper", "BITSAdmin"}},
		{"HAFNIUM", "HAFNIUM", "G0125", []string{"Operation Exchange Marauder", "Silk Typhoon"}, []string{"China Chopper", "Tarrask"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := entity(t, s, tc.name)
			if e.Name != tc.want || e.Type != ontology.ThreatGroup || !hasRef(e, "mitre-attack", tc.attackID) {
				t.Fatalf("entity(%q) = %s %q %s %+v", tc.name, e.ID, e.Name, e.Type, e.ExternalRefs)
			}
			for _, a := range tc.aliases {
				if a != e.Name && !slices.Contains(e.Aliases, a) {
					t.Errorf("aliases %v lack %q", e.Aliases, a)
				}
			}
			rels := relations(t, s, e.ID)
			uses := 0
			for _, r := range rels {
				if len(r) > 5 && r[:5] == "uses " {
					uses++
				}
			}
			if uses < 10 {
				t.Errorf("%d uses relations: %v", uses, rels)
			}
			for _, u := range tc.uses {
				if !slices.Contains(rels, "uses "+u) {
					t.Errorf("relations lack uses %s", u)
				}
			}
		})
	}
	// a technique is found by its ATT&CK ID
	if e := entity(t, s, "T1190"); e.Name != "Exploit Public-Facing Application" || e.Type != ontology.AttackPattern {
		t.Errorf("T1190 = %+v", e)
	}
}

// TestAttackLinking: an article ingested after the import that names APT40
// adds its claims to ATT&CK's Leviathan, beside ATT&CK's uses relations;
// an article ingested before the import is joined by it.
func TestAttackLinking(t *testing.T) {
	if _, err := os.Stat(attackPath); err != nil {
		t.Skip("../shared/data/attack is absent")
	}
	ext, err := extract.Default()
	if err != nil {
		t.Fatal(err)
	}
	const article = "Hackers from APT40 targeted universities in Cambodia, investigators said on Monday. " +
		"The group has worked for the Ministry of State Security for years, according to the report."
	check := func(t *testing.T, s *graph.Store) {
		t.Helper()
		e := entity(t, s, "APT40")
		if !hasRef(e, "mitre-attack", "G0065") || !slices.Contains(append(e.Aliases, e.Name), "Leviathan") {
			t.Fatalf("APT40 = %+v", e)
		}
		page, err := s.Relations(ctx, e.ID, graph.RelationFilter{Direction: graph.Out}, graph.Page{First: 500})
		if err != nil {
			t.Fatal(err)
		}
		var ids []string
		for _, r := range page.Relations {
			ids = append(ids, r.ID)
		}
		claims, err := s.Claims(ctx, ids)
		if err != nil {
			t.Fatal(err)
		}
		fromStix, fromText := 0, 0
		for _, cs := range claims {
			for _, c := range cs {
				switch {
				case c.Extractor == "stix" && c.Predicate == ontology.Uses:
					fromStix++
				case graph.IsDocumentID(c.Document) && c.Sentence != "":
					fromText++
				}
			}
		}
		if fromStix < 10 || fromText == 0 {
			t.Errorf("APT40 has %d ATT&CK uses claims and %d article claims; want both", fromStix, fromText)
		}
	}
	t.Run("article after import", func(t *testing.T) {
		s := memStore(t)
		importAttack(t, s)
		p := ingest.New(s, ext, ingest.Options{})
		if _, err := p.Text(ctx, article, ingest.Meta{Title: "APT40 targets universities", Source: "apt40.txt", Published: time.Date(2024, 7, 9, 0, 0, 0, 0, time.UTC)}); err != nil {
			t.Fatal(err)
		}
		check(t, s)
	})
	t.Run("article before import", func(t *testing.T) {
		s := memStore(t)
		p := ingest.New(s, ext, ingest.Options{})
		if _, err := p.Text(ctx, article, ingest.Meta{Title: "APT40 targets universities", Source: "apt40.txt", Published: time.Date(2024, 7, 9, 0, 0, 0, 0, time.UTC)}); err != nil {
			t.Fatal(err)
		}
		before := entity(t, s, "APT40")
		importAttack(t, s)
		if after := entity(t, s, "Leviathan"); after.ID != before.ID {
			t.Errorf("Leviathan is %s, the article's APT40 is %s: two nodes", after.ID, before.ID)
		}
		check(t, s)
	})
}

// TestAttackTwice: importing ATT&CK a second time changes nothing.
func TestAttackTwice(t *testing.T) {
	if testing.Short() {
		t.Skip("imports ATT&CK twice")
	}
	s, _ := attackStore(t)
	n := quadCount(t, s)
	sum := importAttack(t, s)
	if quadCount(t, s) != n || sum.Added != 0 || sum.Removed != 0 {
		t.Errorf("second import: %d quads, was %d; %+v", quadCount(t, s), n, sum)
	}
}

// BenchmarkAttackImport imports ATT&CK into a fresh bolt store (the default
// backend) per iteration and reports the quads written and the process's
// peak RSS.
func BenchmarkAttackImport(b *testing.B) {
	if _, err := os.Stat(attackPath); err != nil {
		b.Skip("../shared/data/attack is absent")
	}
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		s, err := graph.Open(ctx, graph.Config{Backend: graph.BackendBolt, Path: filepath.Join(b.TempDir(), "attack.db")})
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		sum := importAttack(b, s)
		b.StopTimer()
		b.ReportMetric(float64(sum.Added), "quads")
		s.Close()
	}
	b.ReportMetric(maxRSSMB(), "peak-RSS-MB")
}

// BenchmarkAttackReimport imports ATT&CK again into a bolt store that has
// it: nothing changes, but every stored quad of the bundle is compared.
func BenchmarkAttackReimport(b *testing.B) {
	if _, err := os.Stat(attackPath); err != nil {
		b.Skip("../shared/data/attack is absent")
	}
	s, err := graph.Open(ctx, graph.Config{Backend: graph.BackendBolt, Path: filepath.Join(b.TempDir(), "attack.db")})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	importAttack(b, s)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if sum := importAttack(b, s); sum.Added != 0 || sum.Removed != 0 {
			b.Fatalf("re-import changed the store: %+v", sum)
		}
	}
	b.ReportMetric(maxRSSMB(), "peak-RSS-MB")
}
