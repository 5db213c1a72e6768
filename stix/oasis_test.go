package stix_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/newsgraph/newsgraph/graph"
	"github.com/newsgraph/newsgraph/ontology"
)

// oasisDir holds the OASIS CTI TC's STIX 2.1 example bundles.
const oasisDir = "../../shared/data/stix2-json-schemas/examples"

// TestOASISExamples imports every OASIS example bundle, each into a fresh
// store and all into one, and checks what the threat reports bring.
func TestOASISExamples(t *testing.T) {
	if _, err := os.Stat(oasisDir); err != nil {
		t.Skip("../shared/data/stix2-json-schemas is absent")
	}
	var files []string
	for _, pattern := range []string{"*.json", "*/*.json"} {
		m, err := filepath.Glob(filepath.Join(oasisDir, pattern))
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, m...)
	}
	if len(files) < 8 {
		t.Fatalf("found %d example files", len(files))
	}
	// what some examples must bring: a name that resolves, with its type
	want := map[string][]struct {
		name string
		typ  ontology.EntityType
	}{
		"apt1.json": {{"APT1", ontology.ThreatGroup}, {"Comment Crew", ontology.ThreatGroup}, {"Ugly Gorilla", ontology.ThreatGroup},
			{"Wang Dong", ontology.Person}, {"GETMAIL", ontology.Tool}},
		"poisonivy.json":                          {{"CVE-2012-0158", ontology.Vulnerability}, {"FireEye, Inc.", ontology.Organization}, {"Poison Ivy", ontology.Malware}},
		"interop-objectmarking-test.json":         {{"Spear Phishing", ontology.Event}},
		"indicators-for-C2-with-COA.json":         {{"The MITRE Corporation - DHS Support Team", ontology.Organization}},
		"indicator-to-campaign-relationship.json": {{"Operation Omega", ontology.Event}},
	}
	all := memStore(t)
	for _, path := range files {
		name := filepath.Base(path)
		t.Run(name, func(t *testing.T) {
			s := memStore(t)
			sum := importFile(t, s, path)
			if sum.Objects == 0 || sum.Invalid != 0 {
				t.Errorf("summary %+v", sum)
			}
			for _, w := range want[name] {
				e, err := s.EntityByName(ctx, w.name)
				if err != nil || e.Type != w.typ {
					t.Errorf("%q = %+v %v, want a %s", w.name, e, err, w.typ)
				}
			}
			importFile(t, all, path)
		})
	}
	// the two threat reports are documents
	docs, err := all.Documents(ctx, graph.DocumentFilter{}, graph.Page{First: 10})
	if err != nil {
		t.Fatal(err)
	}
	titles := map[string]bool{}
	for _, d := range docs.Documents {
		titles[d.Title] = true
	}
	if !titles["APT1: Exposing One of China's Cyber Espionage Units"] || !titles["Poison Ivy: Assessing Damage and Extracting Intelligence"] {
		t.Errorf("documents %v", titles)
	}
	// Poison Ivy is in three examples from several producers: one entity
	pi := entity(t, all, "Poison Ivy")
	stixRefs := 0
	for _, r := range pi.ExternalRefs {
		if r.Source == "stix" {
			stixRefs++
		}
	}
	if pi.ID != "malware:poison-ivy" || stixRefs != 3 {
		t.Errorf("Poison Ivy = %+v", pi)
	}
}
