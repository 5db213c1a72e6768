package extract

import (
	"bufio"
	"fmt"
	"io/fs"
	"sort"
	"strconv"
	"strings"

	"github.com/newsgraph/newsgraph/ontology"
)

// lexKind is how a lexicon phrase relates its arguments.
type lexKind uint8

const (
	kindVerb lexKind = iota // subject verb object; passive recognized
	kindNoun                // nominalization: agent from the clause or a possessive
	kindRel                 // relational phrase between the noun phrases around it
)

// form of the first word of a verb phrase as matched in text.
type verbForm uint8

const (
	formBase verbForm = iota
	form3sg
	formPast // past tense that is also the participle for regular verbs
	formPart // participle only
	formGerund
)

// lexEntry is one phrase of data/lexicon/verbs.tsv.
type lexEntry struct {
	Pred  ontology.Predicate
	Kind  lexKind
	Words []string // lower-case tokens; "{o}" and "{a}" are slots
	CAMEO string
	STIX  string
	Conf  float64
	List  bool
	// Inverse: the noun phrase after the phrase is the subject
	Inverse bool
	// Obj restricts the object's type when set
	Obj  []ontology.EntityType
	Text string
}

// trigPattern is a lexicon phrase with one concrete form of its first word.
type trigPattern struct {
	e     *lexEntry
	first string
	form  verbForm
	rest  []string
}

type lexicon struct {
	triggers map[string][]*trigPattern        // first word → patterns, longest first
	cues     map[string]map[string][][]string // class → first word → phrases as token lists
	cueSet   map[string]map[string]bool
	coref    map[string]ontology.EntityType // "the bureau" → AGENCY
	titles   map[string][][]string          // first lower word → titles as token lists, longest first
	names    map[string]bool                // given names and East Asian family names, as written
	entries  []*lexEntry
}

func loadLexicon(fsys fs.FS) (*lexicon, error) {
	lx := &lexicon{
		triggers: map[string][]*trigPattern{},
		cues:     map[string]map[string][][]string{},
		cueSet:   map[string]map[string]bool{},
		coref:    map[string]ontology.EntityType{},
		titles:   map[string][][]string{},
		names:    map[string]bool{},
	}
	if err := readTSV(fsys, "lexicon/verbs.tsv", lx.addVerb); err != nil {
		return nil, err
	}
	if err := readTSV(fsys, "lexicon/cues.tsv", lx.addCue); err != nil {
		return nil, err
	}
	if err := readTSV(fsys, "lexicon/titles.tsv", lx.addTitle); err != nil {
		return nil, err
	}
	if err := readTSV(fsys, "lexicon/names.tsv", func(cols []string) error {
		if len(cols) < 2 || cols[0] != "given" && cols[0] != "family" {
			return fmt.Errorf("want given or family and a name")
		}
		lx.names[cols[1]] = true
		return nil
	}); err != nil {
		return nil, err
	}
	for _, ps := range lx.triggers {
		sort.SliceStable(ps, func(i, j int) bool { return len(ps[i].rest) > len(ps[j].rest) })
	}
	for _, ts := range lx.titles {
		sort.SliceStable(ts, func(i, j int) bool { return len(ts[i]) > len(ts[j]) })
	}
	return lx, nil
}

func readTSV(fsys fs.FS, name string, add func(cols []string) error) error {
	f, err := fsys.Open(name)
	if err != nil {
		return fmt.Errorf("extract: load lexicon %s: %w", name, err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	line := 0
	for sc.Scan() {
		line++
		text := strings.TrimRight(sc.Text(), "\r")
		if strings.TrimSpace(text) == "" || strings.HasPrefix(text, "#") {
			continue
		}
		if err := add(strings.Split(text, "\t")); err != nil {
			return fmt.Errorf("extract: load lexicon %s:%d: %w", name, line, err)
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("extract: load lexicon %s: %w", name, err)
	}
	return nil
}

func phraseTokens(s string) []string {
	var out []string
	for _, t := range tokenize(s) {
		out = append(out, t.lower)
	}
	// rejoin slots split by the tokenizer: "{", "o", "}"
	var res []string
	for i := 0; i < len(out); i++ {
		if out[i] == "{" && i+2 < len(out) && out[i+2] == "}" {
			res = append(res, "{"+out[i+1]+"}")
			i += 2
			continue
		}
		res = append(res, out[i])
	}
	return res
}

func (lx *lexicon) addVerb(cols []string) error {
	if len(cols) > 6 {
		return fmt.Errorf("%d columns, want at most 6", len(cols))
	}
	for len(cols) < 6 {
		cols = append(cols, "")
	}
	p, ok := ontology.ParsePredicate(cols[0])
	if !ok {
		return fmt.Errorf("unknown predicate %q", cols[0])
	}
	e := &lexEntry{Pred: p, CAMEO: cols[3], STIX: cols[4], Conf: 0.8, Text: cols[2]}
	switch cols[1] {
	case "verb":
		e.Kind = kindVerb
	case "noun":
		e.Kind = kindNoun
	case "rel":
		e.Kind = kindRel
	default:
		return fmt.Errorf("unknown kind %q", cols[1])
	}
	e.Words = phraseTokens(cols[2])
	if len(e.Words) == 0 || strings.HasPrefix(e.Words[0], "{") {
		return fmt.Errorf("phrase %q must start with a word", cols[2])
	}
	var forms []string
	for _, opt := range strings.Split(cols[5], ";") {
		k, v, _ := strings.Cut(strings.TrimSpace(opt), "=")
		switch k {
		case "":
		case "list":
			e.List = true
		case "conf":
			c, err := strconv.ParseFloat(v, 64)
			if err != nil || c <= 0 || c > 1 {
				return fmt.Errorf("bad conf %q", v)
			}
			e.Conf = c
		case "forms":
			forms = strings.Split(v, "|")
			if len(forms) != 4 {
				return fmt.Errorf("forms wants past|participle|3sg|gerund, got %q", v)
			}
		case "inverse":
			e.Inverse = true
		case "obj":
			for _, t := range strings.Split(v, "|") {
				et, ok := ontology.ParseEntityType(t)
				if !ok {
					return fmt.Errorf("obj: unknown type %q", t)
				}
				e.Obj = append(e.Obj, et)
			}
		default:
			return fmt.Errorf("unknown option %q", k)
		}
	}
	lx.entries = append(lx.entries, e)
	rest := e.Words[1:]
	add := func(w string, f verbForm) {
		lx.triggers[w] = append(lx.triggers[w], &trigPattern{e: e, first: w, form: f, rest: rest})
	}
	if e.Kind != kindVerb {
		add(e.Words[0], formBase)
		return nil
	}
	base := e.Words[0]
	past, part, s3, ger := inflect(base)
	if forms != nil {
		past, part, s3, ger = forms[0], forms[1], forms[2], forms[3]
	}
	add(base, formBase)
	add(s3, form3sg)
	if past == part {
		add(past, formPast)
	} else {
		add(past, formPast)
		add(part, formPart)
	}
	add(ger, formGerund)
	return nil
}

// inflect returns the regular past, participle, third person singular and
// gerund of an English verb.
func inflect(v string) (past, part, s3, ger string) {
	n := len(v)
	vowel := func(c byte) bool { return strings.IndexByte("aeiou", c) >= 0 }
	switch {
	case strings.HasSuffix(v, "ie"):
		past, s3, ger = v+"d", v+"s", v[:n-2]+"ying"
	case strings.HasSuffix(v, "ee"):
		past, s3, ger = v+"d", v+"s", v+"ing"
	case strings.HasSuffix(v, "e"):
		past, s3, ger = v+"d", v+"s", v[:n-1]+"ing"
	case strings.HasSuffix(v, "y") && n > 1 && !vowel(v[n-2]):
		past, s3, ger = v[:n-1]+"ied", v[:n-1]+"ies", v+"ing"
	case strings.HasSuffix(v, "s") || strings.HasSuffix(v, "x") || strings.HasSuffix(v, "z") ||
		strings.HasSuffix(v, "ch") || strings.HasSuffix(v, "sh"):
		past, s3, ger = v+"ed", v+"es", v+"ing"
	default:
		past, s3, ger = v+"ed", v+"s", v+"ing"
	}
	return past, past, s3, ger
}

func (lx *lexicon) addCue(cols []string) error {
	if len(cols) < 2 || cols[0] == "" || cols[1] == "" {
		return fmt.Errorf("want class and phrase")
	}
	class, phrase := cols[0], cols[1]
	toks := phraseTokens(phrase)
	if lx.cues[class] == nil {
		lx.cues[class] = map[string][][]string{}
	}
	lx.cues[class][toks[0]] = append(lx.cues[class][toks[0]], toks)
	if lx.cueSet[class] == nil {
		lx.cueSet[class] = map[string]bool{}
	}
	lx.cueSet[class][strings.Join(toks, " ")] = true
	if class == "coref" {
		if len(cols) < 3 {
			return fmt.Errorf("coref %q wants a type", phrase)
		}
		t, ok := ontology.ParseEntityType(cols[2])
		if !ok {
			return fmt.Errorf("coref %q: unknown type %q", phrase, cols[2])
		}
		lx.coref[strings.Join(toks, " ")] = t
	}
	return nil
}

func (lx *lexicon) addTitle(cols []string) error {
	toks := phraseTokens(cols[0])
	if len(toks) == 0 {
		return fmt.Errorf("empty title")
	}
	lx.titles[toks[0]] = append(lx.titles[toks[0]], toks)
	return nil
}

// is reports whether the lower-case phrase w belongs to the cue class.
func (lx *lexicon) is(class, w string) bool { return lx.cueSet[class][w] }

// matchCue returns the length in tokens of the longest phrase of class that
// starts at toks[i], or 0.
func (lx *lexicon) matchCue(class string, toks []string, i int) int {
	best := 0
	if i >= len(toks) {
		return 0
	}
	for _, p := range lx.cues[class][toks[i]] {
		if len(p) > best && i+len(p) <= len(toks) {
			ok := true
			for k, w := range p {
				if toks[i+k] != w {
					ok = false
					break
				}
			}
			if ok {
				best = len(p)
			}
		}
	}
	return best
}
