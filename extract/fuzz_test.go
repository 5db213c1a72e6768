package extract

import (
	"context"
	"strings"
	"testing"
)

// FuzzExtract: no input makes extraction panic or break the Result contract
// (offsets inside the text and on rune boundaries, texts equal to their
// slices, relation arguments among the entities).
func FuzzExtract(f *testing.F) {
	seeds := []string{
		"",
		"\xff\xfe\xfd",
		"China\xc3's MSS hacked \x80\x80 the U.S.",
		"Canada's foreign ministry blamed Russia on Thursday for the breach of Acme Exchange servers.",
		"The bureau will act, an FBI Deputy Director, Paul Abbate, told reporters.",
		"(FBI) ( ) (( )) 's 's n't",
		"CVE-2021-26855 CVE-1-2 APT 40 APT40 TEMP.Periscope",
		"A.B.C.D.E.F. U.S.-based Mr. Dr. Jan.",
		"\n\n\n   \t\r\n",
		"ALL CAPS LINE ABOUT CHINA AND RUSSIA\nThe NSA warned.",
		"Hackers working for Russia's GRU, a unit of the military, targeted hospitals, universities and banks in Ukraine.",
		"The four, whom the police say worked for the MSS, were charged by the Justice Department.",
		strings.Repeat("Canada blamed Russia, ", 50),
	}
	for _, s := range seeds {
		f.Add(s)
	}
	ex := testExtractor(f)
	f.Fuzz(func(t *testing.T, text string) {
		r, err := ex.Extract(context.Background(), Input{Text: text})
		if err != nil {
			t.Fatal(err)
		}
		checkResult(t, text, r)
	})
}
