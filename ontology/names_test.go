package ontology

import "testing"

func TestNormalize(t *testing.T) {
	for in, want := range map[string]string{
		"U.S.":                         "us",
		"US":                           "us",
		"China's":                      "china",
		"China’s Ministry":             "chinas ministry",
		"the FBI":                      "fbi",
		"  Kryptonite-Panda ":          "kryptonite panda",
		"TEMP.Periscope":               "tempperiscope",
		"Ministry of State Security":   "ministry of state security",
		"Cybersecurity (CISA), agency": "cybersecurity cisa agency",
	} {
		if got := Normalize(in); got != want {
			t.Errorf("Normalize(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestKey(t *testing.T) {
	if got := Key(ThreatGroup, "APT40 (Leviathan)"); got != "threat-group:apt40-leviathan" {
		t.Errorf("Key = %q", got)
	}
	if got := Key(Agency, "China's Ministry"); got != "agency:chinas-ministry" {
		t.Errorf("Key = %q", got)
	}
}
