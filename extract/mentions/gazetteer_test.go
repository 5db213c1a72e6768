package mentions

import (
	"strings"
	"testing"
	"testing/fstest"
)

// TestLoadGazetteerErrors: a bad row stops loading with an error that
// names the file and line.
func TestLoadGazetteerErrors(t *testing.T) {
	head := "# name\ttype\taliases\tattributes\nFBI\tagency\tBureau\tcountry=United States\n"
	tests := []struct{ name, row, want string }{
		{"no type", "Lonely\n", "gazetteer/a.tsv:3: want name and type"},
		{"unknown type", "X\tplanet\n", `gazetteer/a.tsv:3: unknown type "planet"`},
		{"bad attribute", "Y\tagency\t\tcountry\n", `gazetteer/a.tsv:3: bad attribute "country"`},
		{"unknown attribute", "Z\tagency\t\tcolour=red\n", `gazetteer/a.tsv:3: unknown attribute "colour"`},
		{"duplicate", "FBI\tagency\n", "gazetteer/a.tsv:3: duplicate entry agency:fbi"},
		{"unknown reference", "W\tagency\t\tparent=Nobody\n", `W refers to unknown "Nobody"`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			fsys := fstest.MapFS{
				"gazetteer/a.tsv":       {Data: []byte(head + tc.row)},
				"gazetteer/b.tsv":       {Data: []byte("United States\tcountry\tUS|USA\n")},
				"lexicon/irregular.tsv": {Data: []byte("")},
			}
			_, err := LoadGazetteer(fsys)
			if err == nil || !strings.HasPrefix(err.Error(), "mentions: load gazetteer") || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want one with %q", err, tc.want)
			}
		})
	}
	t.Run("good", func(t *testing.T) {
		fsys := fstest.MapFS{
			"gazetteer/a.tsv": {Data: []byte(head)},
			"gazetteer/b.tsv": {Data: []byte("\r\n# c\nUnited States\tcountry\tUS|USA\r\n")},
		}
		g, err := LoadGazetteer(fsys)
		if err != nil {
			t.Fatal(err)
		}
		if e := g.entries["agency:fbi"]; e == nil || e.Country != "country:united-states" || len(e.Aliases) != 1 || e.Aliases[0] != "Bureau" {
			t.Errorf("FBI entry %+v", e)
		}
		if e := g.entries["country:united-states"]; e == nil || strings.Join(e.Aliases, "|") != "US|USA" {
			t.Errorf("United States entry %+v", e)
		}
	})
}

// TestDotless: a name with a dotted country abbreviation is also known
// without the dots.
func TestDotless(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"U.S. Treasury Department", "US Treasury Department"},
		{"U.K. Home Office", "UK Home Office"},
		{"U.N. Security Council", "UN Security Council"},
		{"U.S.", ""},
		{"Treasury Department", ""},
		{"US Treasury", ""},
	} {
		if got := dotless(tc.in); got != tc.want {
			t.Errorf("dotless(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
