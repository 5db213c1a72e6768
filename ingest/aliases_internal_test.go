package ingest

import (
	"testing"

	"github.com/newsgraph/newsgraph/extract"
	"github.com/newsgraph/newsgraph/ontology"
)

func TestAliasFilter(t *testing.T) {
	ext, err := extract.Default()
	if err != nil {
		t.Fatal(err)
	}
	mss := extract.Entity{Key: "agency:ministry-of-state-security", Name: "Ministry of State Security", Type: ontology.Agency}
	police := extract.Entity{Key: "agency:malaysian-police", Name: "Malaysian police", Type: ontology.Agency}
	bosnian := extract.Entity{Key: "agency:bosnian-police", Name: "Bosnian Police", Type: ontology.Agency}
	wray := extract.Entity{Key: "person:christopher-wray", Name: "Christopher Wray", Type: ontology.Person}
	group := extract.Entity{Key: "threat-group:four-chinese-nationals", Name: "four Chinese nationals", Type: ontology.ThreatGroup}
	fcd := extract.Entity{Key: "agency:freedonian-cyber-directorate", Name: "Freedonian Cyber Directorate", Type: ontology.Agency}
	sector := extract.Entity{Key: "sector:energy", Name: "energy", Type: ontology.Sector}
	r := &extract.Result{Mentions: []extract.Mention{
		{Entity: mss.Key, Text: "MSS", Method: extract.MethodGazetteer},
		{Entity: mss.Key, Text: "The ministry", Method: extract.MethodCoref},
		{Entity: mss.Key, Text: "China's MSS", Method: extract.MethodPossessive},
		{Entity: police.Key, Text: "police", Method: extract.MethodPossessive},
		{Entity: group.Key, Text: "four Chinese nationals", Method: extract.MethodDescribed},
		{Entity: group.Key, Text: "The Four", Method: extract.MethodCoref},
		{Entity: fcd.Key, Text: "FCD", Method: extract.MethodAcronym},
	}}
	f := newAliasFilter(r, ext.Gazetteer())
	tests := []struct {
		e     extract.Entity
		alias string
		want  bool
	}{
		{mss, "MSS", true}, // the gazetteer's
		{mss, "PRC Ministry of State Security", true}, // the gazetteer's, not in the text
		{mss, "China's MSS", true},                    // a possessive form
		{mss, "The ministry", false},                  // only a reference in this text
		{mss, "spy service", false},                   // a description
		{mss, "civilian intelligence agency", false},
		{police, "police", false},
		{bosnian, "Police", false},               // the head of the name, capitalized opening a sentence
		{wray, "Wray", true},                     // a surname
		{group, "four Chinese nationals", false}, // a described entity's name is no alias of another
		{group, "The Four", false},
		{fcd, "FCD", true}, // an acronym the text defines
		{sector, "power grids", true},
		{sector, "utilities", true},
	}
	for _, tt := range tests {
		if got := f.isName(tt.e, tt.alias); got != tt.want {
			t.Errorf("isName(%s, %q) = %v, want %v", tt.e.Name, tt.alias, got, tt.want)
		}
	}
}
