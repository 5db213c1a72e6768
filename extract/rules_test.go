package extract

import (
	"context"
	"strings"
	"testing"

	"github.com/newsgraph/newsgraph/ontology"
)

func TestSplitSentences(t *testing.T) {
	tests := []struct {
		name string
		text string
		want []string
	}{
		{"abbreviations", "The U.S. Justice Dept. met Mr. Smith on Jan. 5. He left.",
			[]string{"The U.S. Justice Dept. met Mr. Smith on Jan. 5.", "He left."}},
		{"company", "Acme Inc. was hacked. It said so.", []string{"Acme Inc. was hacked.", "It said so."}},
		{"us at end", "The group targeted the U.S. The FBI responded.",
			[]string{"The group targeted the U.S.", "The FBI responded."}},
		{"quotes", `"We condemn it," she said. Then "no".`, []string{`"We condemn it," she said.`, `Then "no".`}},
		{"lines", "Headline here\n\nFirst sentence. Second one!", []string{"Headline here", "First sentence.", "Second one!"}},
		{"wrapped", "The ministry said the hackers worked for the state and\nstole data from universities.",
			[]string{"The ministry said the hackers worked for the state and\nstole data from universities."}},
		{"initials", "J. Smith spoke. Done.", []string{"J. Smith spoke.", "Done."}},
		{"decimals", "Version 2.0 shipped. Done.", []string{"Version 2.0 shipped.", "Done."}},
		{"empty", "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, s := range splitSentences(tt.text) {
				got = append(got, tt.text[s.start:s.end])
			}
			if strings.Join(got, "|") != strings.Join(tt.want, "|") {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestTokenize(t *testing.T) {
	tests := []struct {
		in   string
		want string
	}{
		{"China's MSS", "China|'s|MSS"},
		{"U.S.-based hackers", "U.S.-based|hackers"},
		{"the hackers' tools", "the|hackers|'|tools"},
		{"didn't blame", "did|n't|blame"},
		{"CVE-2021-26855 (ProxyLogon)", "CVE-2021-26855|(|ProxyLogon|)"},
		{"People’s Republic", "People|’s|Republic"},
		{"AT&T and ATT&CK", "AT&T|and|ATT&CK"},
		{"Dragonfly 2.0.", "Dragonfly|2.0|."},
		{"Mr. Smith", "Mr.|Smith"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			var got []string
			for _, tok := range tokenize(tt.in) {
				got = append(got, tok.text(tt.in))
			}
			if g := strings.Join(got, "|"); g != tt.want {
				t.Errorf("tokenize(%q) = %s, want %s", tt.in, g, tt.want)
			}
		})
	}
}

func TestInflect(t *testing.T) {
	tests := []struct{ base, past, s3, ger string }{
		{"blame", "blamed", "blames", "blaming"},
		{"accuse", "accused", "accuses", "accusing"},
		{"deny", "denied", "denies", "denying"},
		{"deploy", "deployed", "deploys", "deploying"},
		{"breach", "breached", "breaches", "breaching"},
		{"target", "targeted", "targets", "targeting"},
		{"tie", "tied", "ties", "tying"},
	}
	for _, tt := range tests {
		t.Run(tt.base, func(t *testing.T) {
			past, _, s3, ger := inflect(tt.base)
			if past != tt.past || s3 != tt.s3 || ger != tt.ger {
				t.Errorf("inflect(%s) = %s %s %s", tt.base, past, s3, ger)
			}
		})
	}
}

func TestAliasMode(t *testing.T) {
	tests := []struct {
		alias string
		want  caseMode
	}{
		{"FBI", caseExact}, {"U.S.", caseExact}, {"APT28", caseExact}, {"menuPass", caseExact},
		{"Fancy Bear", caseFirst}, {"Biden administration", caseFirst}, {"health care", caseInsensitive},
	}
	for _, tt := range tests {
		if got := aliasMode(tt.alias); got != tt.want {
			t.Errorf("aliasMode(%q) = %v, want %v", tt.alias, got, tt.want)
		}
	}
}

func TestCoerce(t *testing.T) {
	tests := []struct {
		p    ontology.Predicate
		s, o ontology.EntityType
		want ontology.Predicate
		ok   bool
	}{
		{ontology.Targets, ontology.ThreatGroup, ontology.Vulnerability, ontology.Exploits, true},
		{ontology.AffiliatedWith, ontology.Agency, ontology.Country, ontology.PartOf, true},
		{ontology.PartOf, ontology.ThreatGroup, ontology.Agency, ontology.AffiliatedWith, true},
		{ontology.Accuses, ontology.Country, ontology.ThreatGroup, ontology.Accuses, true},
		{ontology.Accuses, ontology.Country, ontology.Event, ontology.Accuses, false},
		{ontology.Targets, ontology.Event, ontology.Country, ontology.Targets, false},
		{ontology.Charges, ontology.Agency, ontology.Person, ontology.Charges, true},
		{ontology.CooperatesWith, ontology.Person, ontology.Country, ontology.CooperatesWith, false},
	}
	for _, tt := range tests {
		got, ok := coerce(tt.p, tt.s, tt.o)
		if ok != tt.ok || ok && got != tt.want {
			t.Errorf("coerce(%s, %s, %s) = %s %v, want %s %v", tt.p, tt.s, tt.o, got, ok, tt.want, tt.ok)
		}
	}
}

// rel is a relation by entity names for the rule tests.
type rel struct{ s, p, o string }

func relsOf(r *Result) map[rel]bool {
	names := map[string]string{}
	for _, e := range r.Entities {
		names[e.Key] = e.Name
	}
	out := map[rel]bool{}
	for _, x := range r.Relations {
		out[rel{names[x.Subject], string(x.Predicate), names[x.Object]}] = true
		if x.Predicate == ontology.CooperatesWith {
			out[rel{names[x.Object], string(x.Predicate), names[x.Subject]}] = true
		}
	}
	return out
}

// TestRules checks one construction per case: the relations it must give
// and those it must not.
func TestRules(t *testing.T) {
	tests := []struct {
		name    string
		text    string
		want    []rel
		notWant []rel
	}{
		{"active verb", "Canada blamed Russia.", []rel{{"Canada", "accuses", "Russia"}}, nil},
		{"passive with agent", "Two GRU officers were indicted by the Justice Department.",
			[]rel{{"Department of Justice", "charges", "two GRU officers"}}, nil},
		{"passive without agent", "Two Russian officers were indicted.", nil,
			[]rel{{"two Russian officers", "charges", "Russia"}}},
		{"nominalization", "The Treasury announced sanctions against the FSB.",
			[]rel{{"Department of the Treasury", "sanctions", "Federal Security Service"}}, nil},
		{"blame on", "Britain blamed the attack on the GRU.", []rel{{"United Kingdom", "accuses", "Main Intelligence Directorate"}}, nil},
		{"coordination both sides", "Japan and Canada condemned Iran and North Korea.",
			[]rel{{"Japan", "condemns", "Iran"}, {"Canada", "condemns", "North Korea"}}, nil},
		{"relative clause", "Prosecutors charged two Chinese nationals who worked for the MSS.",
			[]rel{{"two Chinese nationals", "affiliated_with", "Ministry of State Security"}}, nil},
		{"reported relative", "The Justice Department charged four Chinese nationals who prosecutors said were working with the MSS.",
			[]rel{{"four Chinese nationals", "affiliated_with", "Ministry of State Security"}, {"Department of Justice", "charges", "four Chinese nationals"}}, nil},
		{"apposition", "APT41, a group tied to China, hacked Acme Corp.",
			[]rel{{"APT41", "affiliated_with", "China"}, {"APT41", "targets", "Acme Corp."}}, nil},
		{"possessive", "Iran's Ministry of Intelligence and Security ran the campaign.",
			[]rel{{"Ministry of Intelligence and Security", "part_of", "Iran"}}, nil},
		{"demonym body", "The Chinese Foreign Ministry rejected the claims.",
			[]rel{{"Chinese Ministry of Foreign Affairs", "part_of", "China"}}, nil},
		{"title member", "NSA Director Paul Nakasone spoke.", []rel{{"Paul Nakasone", "member_of", "National Security Agency"}}, nil},
		{"described affiliation", "Hackers working for the SVR stole data.",
			[]rel{{"SVR-affiliated hackers", "affiliated_with", "Foreign Intelligence Service"}}, nil},
		{"described nationality", "Three North Korean nationals were named.",
			[]rel{{"three North Korean nationals", "nationality", "North Korea"}}, nil},
		{"state sponsored", "Iranian state-sponsored hackers attacked banks.",
			[]rel{{"Iranian state-sponsored hackers", "affiliated_with", "Iran"}}, nil},
		{"coref administration", "The Obama administration met. The administration blamed North Korea.",
			[]rel{{"United States", "accuses", "North Korea"}}, nil},
		{"coref bureau", "The FBI opened a case. The bureau blamed DarkSide.",
			[]rel{{"Federal Bureau of Investigation", "accuses", "DarkSide"}}, nil},
		{"negation", "Germany did not blame Russia.", nil, []rel{{"Germany", "accuses", "Russia"}}},
		{"ruling out", "Officials are not ruling out sanctions against Iran by the United States.", nil,
			[]rel{{"United States", "sanctions", "Iran"}}},
		{"denial", "Russia denied that it hacked Ukraine.", nil, []rel{{"Russia", "targets", "Ukraine"}}},
		{"modal", "France may sanction Belarus.", nil, []rel{{"France", "sanctions", "Belarus"}}},
		{"no evidence", "Officials found no evidence that Iran was behind the attack.", nil, nil},
		{"allies", "The Biden administration acted with allies including Japan and NATO.",
			[]rel{{"United States", "cooperates_with", "Japan"}, {"United States", "cooperates_with", "North Atlantic Treaty Organization"}}, nil},
		{"exploit", "APT29 exploited CVE-2019-19781.", []rel{{"APT29", "exploits", "CVE-2019-19781"}}, nil},
		{"attributed", "The NotPetya attack was attributed to Sandworm.", []rel{{"NotPetya attack", "attributed_to", "Sandworm Team"}}, nil},
		{"responsible", "Officials said DarkSide was responsible for the Colonial Pipeline attack.",
			[]rel{{"Colonial Pipeline ransomware attack", "attributed_to", "DarkSide"}}, nil},
		{"located", "Chosun Expo, based in North Korea, was sanctioned.", []rel{{"Chosun Expo", "located_in", "North Korea"}}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := extractText(t, tt.text)
			got := relsOf(r)
			for _, w := range tt.want {
				if !got[w] {
					t.Errorf("missing %v in %v", w, got)
				}
			}
			for _, w := range tt.notWant {
				if got[w] {
					t.Errorf("unwanted %v", w)
				}
			}
			if tt.name == "no evidence" && len(r.Relations) > 0 {
				for x := range got {
					if x.p == "attributed_to" {
						t.Errorf("unwanted %v", x)
					}
				}
			}
		})
	}
}

// TestWith checks that store entities are recognized and that a gazetteer
// entry sharing a name merges into them.
func TestWith(t *testing.T) {
	g := testExtractor(t).Gazetteer()
	known := []Known{
		{Key: "intrusion-set--apt40", Name: "APT40", Type: ontology.ThreatGroup, Aliases: []string{"Leviathan", "Kryptonite Panda"}},
		{Key: "intrusion-set--zz9", Name: "Plural Zed", Type: ontology.ThreatGroup, Aliases: []string{"ZZ9"}},
	}
	ex := New(g.With(known))
	r, err := ex.Extract(context.Background(), Input{Text: "Officials said Leviathan and TEMP.Periscope hacked Norway. ZZ9 also attacked Chile."})
	if err != nil {
		t.Fatal(err)
	}
	checkResult(t, "Officials said Leviathan and TEMP.Periscope hacked Norway. ZZ9 also attacked Chile.", r)
	keys := map[string]int{}
	for _, m := range r.Mentions {
		keys[m.Entity]++
	}
	if keys["intrusion-set--apt40"] != 2 {
		t.Errorf("Leviathan and TEMP.Periscope should both resolve to the store's APT40: %v", keys)
	}
	if keys["intrusion-set--zz9"] != 1 {
		t.Errorf("ZZ9 should resolve to the store entity: %v", keys)
	}
	// the original gazetteer is unchanged
	r2, _ := testExtractor(t).Extract(context.Background(), Input{Text: "Leviathan hacked Norway."})
	for _, m := range r2.Mentions {
		if m.Entity == "intrusion-set--apt40" {
			t.Error("With changed the original gazetteer")
		}
	}
}

func TestConfidence(t *testing.T) {
	r := extractText(t, "Canada blamed Russia. Officials said the company was allegedly linked to Iran.")
	for _, x := range r.Relations {
		if x.Confidence <= 0 || x.Confidence > 1 {
			t.Errorf("confidence %v", x.Confidence)
		}
	}
	var gaz, hedged float64
	names := map[string]string{}
	for _, e := range r.Entities {
		names[e.Key] = e.Name
	}
	for _, x := range r.Relations {
		if names[x.Subject] == "Canada" {
			gaz = x.Confidence
		}
	}
	r2 := extractText(t, "Canada allegedly blamed Russia.")
	for _, x := range r2.Relations {
		hedged = x.Confidence
	}
	if gaz == 0 || hedged == 0 || hedged >= gaz {
		t.Errorf("a reported hedge should lower confidence: plain %v, allegedly %v", gaz, hedged)
	}
}

func TestDeterministic(t *testing.T) {
	text := corpusText(t)
	a := toGolden(extractText(t, text))
	for i := 0; i < 3; i++ {
		b := toGolden(extractText(t, text))
		if strings.Join(a.Relations, "\n") != strings.Join(b.Relations, "\n") || strings.Join(a.Mentions, "\n") != strings.Join(b.Mentions, "\n") {
			t.Fatal("output differs between runs")
		}
	}
}

func TestCancel(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := testExtractor(t).Extract(ctx, Input{Text: "Canada blamed Russia."}); err == nil {
		t.Error("want an error from a cancelled context")
	}
}

// TestConcurrent runs extractions in parallel on one Extractor (run with
// -race to check that it shares no mutable state).
func TestConcurrent(t *testing.T) {
	ex := testExtractor(t)
	text := corpusText(t)
	want := toGolden(extractText(t, text))
	done := make(chan []string, 4)
	for i := 0; i < 4; i++ {
		go func() {
			r, err := ex.Extract(context.Background(), Input{Text: text})
			if err != nil {
				done <- nil
				return
			}
			done <- toGolden(r).Relations
		}()
	}
	for i := 0; i < 4; i++ {
		got := <-done
		if strings.Join(got, "\n") != strings.Join(want.Relations, "\n") {
			t.Fatal("concurrent extraction differs")
		}
	}
}
