package syntax

import (
	"fmt"
	"io/fs"
	"strings"

	"github.com/newsgraph/newsgraph/data"
)

// Lemmatizer maps inflected verb forms to their base form: irregular forms
// from data/lexicon/irregular.tsv, regular ones by rule, checked against the
// verbs the tagger's lexicon knows.
type Lemmatizer struct {
	irregular map[string]string // past or participle form → base
	known     func(string) bool // base forms the lexicon knows as verbs
}

// loadLemmatizer reads lexicon/irregular.tsv from fsys.
func loadLemmatizer(fsys fs.FS, known func(string) bool) (*Lemmatizer, error) {
	lz := &Lemmatizer{irregular: map[string]string{}, known: known}
	err := readTSV(fsys, "lexicon/irregular.tsv", func(cols []string) error {
		if len(cols) < 3 {
			return fmt.Errorf("want base, past and participle, got %d columns", len(cols))
		}
		base := strings.ToLower(cols[0])
		for _, c := range cols[1:3] {
			for _, f := range strings.Split(c, "|") {
				if f = strings.ToLower(strings.TrimSpace(f)); f != "" && f != base {
					if _, ok := lz.irregular[f]; !ok {
						lz.irregular[f] = base
					}
				}
			}
		}
		return nil
	})
	return lz, err
}

// Lemma returns the base form of the verb form w (lower case) with tag t.
func (lz *Lemmatizer) Lemma(w string, t Tag) string {
	if b, ok := auxLemma[w]; ok {
		return b
	}
	if b, ok := lz.irregular[w]; ok && (t == VBD || t == VBN || t == None) {
		return b
	}
	switch {
	case t == VBZ || (t == None || t == NNS) && strings.HasSuffix(w, "s"):
		return lz.pick(w, thirdPersonStems(w))
	case t == VBD || t == VBN || (t == None || t.IsAdj()) && strings.HasSuffix(w, "ed"):
		if strings.HasSuffix(w, "ed") {
			return lz.pick(w, pastStems(w))
		}
	case t == VBG || t == None && strings.HasSuffix(w, "ing"):
		if strings.HasSuffix(w, "ing") && len(w) > 4 {
			return lz.pick(w, gerundStems(w))
		}
	}
	return w
}

// pick returns the first candidate the lexicon knows as a verb, else the
// first candidate, else w.
func (lz *Lemmatizer) pick(w string, cands []string) string {
	if lz.known != nil {
		for _, c := range cands {
			if lz.known(c) {
				return c
			}
		}
	}
	if len(cands) > 0 {
		return cands[0]
	}
	return w
}

func thirdPersonStems(w string) []string {
	switch {
	case strings.HasSuffix(w, "ies") && len(w) > 4:
		return []string{w[:len(w)-3] + "y"}
	case strings.HasSuffix(w, "sses") || strings.HasSuffix(w, "shes") || strings.HasSuffix(w, "ches") ||
		strings.HasSuffix(w, "xes") || strings.HasSuffix(w, "zzes"):
		return []string{w[:len(w)-2]}
	case strings.HasSuffix(w, "oes"):
		return []string{w[:len(w)-2], w[:len(w)-1]}
	case strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss") && len(w) > 2:
		return []string{w[:len(w)-1]}
	}
	return []string{w}
}

func pastStems(w string) []string {
	stem := w[:len(w)-2]
	var out []string
	if strings.HasSuffix(w, "ied") && len(w) > 4 {
		out = append(out, w[:len(w)-3]+"y")
	}
	doubled := false
	if n := len(stem); n >= 2 && stem[n-1] == stem[n-2] && isConsonant(stem[n-1]) {
		doubled = true
		if stem[n-1] != 's' && stem[n-1] != 'l' && stem[n-1] != 'f' && stem[n-1] != 'z' {
			out = append(out, stem[:n-1]) // "stopped" → "stop"
		}
	}
	if strings.HasSuffix(stem, "ss") {
		out = append(out, stem, stem+"e") // "passed", "accessed", "discussed"
	} else {
		out = append(out, stem+"e", stem)
	}
	if doubled {
		out = append(out, stem[:len(stem)-1]) // "controlled" → "control" when the lexicon knows it
	}
	if eNeeded(stem) || doubled {
		// "accused", "charged", "used": without lexicon knowledge prefer
		// the e; "spanned", "stopped": the undoubled stem comes first
		return out
	}
	// "hacked", "targeted": prefer the bare stem
	for i, c := range out {
		if c == stem {
			out[0], out[i] = out[i], out[0]
		}
	}
	return out
}

func gerundStems(w string) []string {
	stem := w[:len(w)-3]
	var out []string
	if n := len(stem); n >= 2 && stem[n-1] == stem[n-2] && isConsonant(stem[n-1]) {
		out = append(out, stem[:n-1])
	}
	if strings.HasSuffix(stem, "y") && len(stem) > 2 {
		out = append(out, stem)
	}
	if eNeeded(stem) {
		out = append(out, stem+"e", stem)
	} else {
		out = append(out, stem, stem+"e")
	}
	return out
}

// eNeeded guesses whether a stem lost a final "e": "accus", "charg", "us",
// "releas", "involv".
func eNeeded(stem string) bool {
	n := len(stem)
	if n < 2 {
		return false
	}
	last := stem[n-1]
	prev := stem[n-2]
	switch last {
	case 'v', 'z':
		return true
	case 's':
		return !isConsonant(prev) && prev != 'u' || prev == 'u' || prev == 'n' || prev == 'r' || prev == 'l' && stem[n-2] != 's'
	case 'g':
		return prev == 'n' && n > 3 && (stem[n-3] == 'a' || stem[n-3] == 'e' || stem[n-3] == 'u') || prev == 'r' || prev == 'd'
	case 'c':
		return prev == 'n' || !isConsonant(prev)
	case 'u':
		return true
	}
	// consonant-vowel-consonant with a long vowel is not decidable; "t",
	// "d" after a single vowel after a consonant: "stat-ed", "vot-ed"
	if n >= 3 && !isConsonant(prev) && isConsonant(stem[n-3]) && (last == 't' || last == 'd' || last == 'k' || last == 'p' || last == 'r' || last == 'm' || last == 'n') {
		switch prev {
		case 'a', 'i', 'o', 'u':
			return n <= 4
		}
	}
	return false
}

func isConsonant(b byte) bool {
	switch b {
	case 'a', 'e', 'i', 'o', 'u':
		return false
	}
	return b >= 'a' && b <= 'z'
}

// readTSV reads a tab-separated file of the data tree (data.ReadTSV),
// naming this package in its errors.
func readTSV(fsys fs.FS, name string, add func(cols []string) error) error {
	if err := data.ReadTSV(fsys, name, add); err != nil {
		return fmt.Errorf("syntax: %w", err)
	}
	return nil
}
