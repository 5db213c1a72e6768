// Package lexicon loads the extractor's knowledge of words from
// data/lexicon: predicate frames (frames.tsv), word classes (words.tsv),
// titles (titles.tsv) and personal names (names.tsv). Everything the
// relation and mention rules know about particular English words lives in
// those files; adding a verb or a title is a data change.
package lexicon

import (
	"fmt"
	"io/fs"
	"sort"
	"strings"

	"github.com/newsgraph/newsgraph/data"
	"github.com/newsgraph/newsgraph/ontology"
)

// Lexicon is the loaded word knowledge. It is immutable and safe for
// concurrent use.
type Lexicon struct {
	frames map[string][]*Frame // kind + " " + first trigger word → frames
	cues   map[string]*Class
	titles *Phrases
	given  map[string]bool
	family map[string]bool
}

// Load reads the lexicon from fsys (the data.FS tree, files under
// "lexicon/").
func Load(fsys fs.FS) (*Lexicon, error) {
	lx := &Lexicon{frames: map[string][]*Frame{}, cues: map[string]*Class{}, titles: newPhrases(),
		given: map[string]bool{}, family: map[string]bool{}}
	if err := readTSV(fsys, "lexicon/frames.tsv", lx.addFrame); err != nil {
		return nil, err
	}
	if err := readTSV(fsys, "lexicon/words.tsv", lx.addCue); err != nil {
		return nil, err
	}
	if err := readTSV(fsys, "lexicon/titles.tsv", func(cols []string) error {
		body := ""
		if len(cols) > 1 {
			body = strings.ToLower(strings.TrimSpace(cols[1]))
		}
		lx.titles.Add(cols[0], body)
		return nil
	}); err != nil {
		return nil, err
	}
	if err := readTSV(fsys, "lexicon/names.tsv", func(cols []string) error {
		if len(cols) < 2 {
			return fmt.Errorf("want class and name")
		}
		switch cols[0] {
		case "given":
			lx.given[strings.ToLower(cols[1])] = true
		case "family":
			lx.family[strings.ToLower(cols[1])] = true
		default:
			return fmt.Errorf("unknown name class %q", cols[0])
		}
		return nil
	}); err != nil {
		return nil, err
	}
	for _, fs := range lx.frames {
		sort.SliceStable(fs, func(i, j int) bool { return len(fs[i].Trigger) > len(fs[j].Trigger) })
	}
	return lx, nil
}

// Titles returns the titles that precede a person's name.
func (lx *Lexicon) Titles() *Phrases { return lx.titles }

// GivenName reports whether w (any case) is a known given name.
func (lx *Lexicon) GivenName(w string) bool { return lx.given[strings.ToLower(w)] }

// FamilyName reports whether w (any case) is a known East Asian family name
// (written first).
func (lx *Lexicon) FamilyName(w string) bool { return lx.family[strings.ToLower(w)] }

// MultiWordPreps returns the triggers of the preposition frames that have
// several words ("under the direction and control of"), for the chunker.
func (lx *Lexicon) MultiWordPreps() [][]string {
	var out [][]string
	for _, fs := range lx.frames {
		for _, f := range fs {
			if f.Kind == Prep && len(f.Trigger) > 1 {
				out = append(out, f.Trigger)
			}
		}
	}
	sort.Slice(out, func(i, j int) bool { return strings.Join(out[i], " ") < strings.Join(out[j], " ") })
	return out
}

// verbClasses are the word classes whose members are verbs' base forms.
var verbClasses = []string{"speech", "hedgeverb", "bridge", "support", "undergo", "publishverb", "victimverb",
	"evaluate", "affilverb", "ascribe", "serveas", "naming"}

// NamingVerb reports a verb that names its object: "the group it calls X",
// "a cluster researchers track as Y" (classes naming and trackverb).
func (lx *Lexicon) NamingVerb(lemma string) bool {
	return lx.Is("naming", lemma) || lx.Is("trackverb", lemma)
}

// KnownVerb reports whether lemma is a verb the lexicon names: the first
// word of a verb frame's trigger or a member of a class of verbs.
func (lx *Lexicon) KnownVerb(lemma string) bool {
	if len(lx.frames[kindKey(Verb, lemma)]) > 0 {
		return true
	}
	for _, c := range verbClasses {
		if lx.Is(c, lemma) {
			return true
		}
	}
	return false
}

// Class returns the word class named name (a words.tsv class); an unknown
// class is empty.
func (lx *Lexicon) Class(name string) *Class {
	if c, ok := lx.cues[name]; ok {
		return c
	}
	return &Class{Name: name, phrases: newPhrases()}
}

// Is reports whether the lower-case word or phrase w is in class name.
func (lx *Lexicon) Is(name, w string) bool { return lx.Class(name).Has(w) }

// readTSV reads a tab-separated file of the data tree (data.ReadTSV),
// naming this package in its errors.
func readTSV(fsys fs.FS, name string, add func(cols []string) error) error {
	if err := data.ReadTSV(fsys, name, add); err != nil {
		return fmt.Errorf("lexicon: %w", err)
	}
	return nil
}

// Class is a word class: words and phrases, each with an optional value
// (words.tsv's third column, such as the entity type of a coreference
// description).
type Class struct {
	Name    string
	phrases *Phrases
}

// Has reports whether the lower-case word or phrase w is in the class.
func (c *Class) Has(w string) bool { return c.phrases.Has(w) }

// Value returns the value of w in the class and whether w is in it.
func (c *Class) Value(w string) (string, bool) { return c.phrases.Value(w) }

// Phrases returns the class's words and phrases.
func (c *Class) Phrases() *Phrases { return c.phrases }

func (lx *Lexicon) addCue(cols []string) error {
	if len(cols) < 2 {
		return fmt.Errorf("want class and phrase")
	}
	c, ok := lx.cues[cols[0]]
	if !ok {
		c = &Class{Name: cols[0], phrases: newPhrases()}
		lx.cues[cols[0]] = c
	}
	v := ""
	if len(cols) > 2 {
		v = strings.TrimSpace(cols[2])
		if v != "" {
			if _, ok := ontology.ParseEntityType(v); !ok {
				return fmt.Errorf("unknown entity type %q", v)
			}
		}
	}
	c.phrases.Add(cols[1], v)
	return nil
}

// Phrases is a set of lower-case phrases matched word by word, each with a
// value.
type Phrases struct {
	whole map[string]string     // phrase → value
	first map[string][][]string // first word → phrases as words, longest first
}

func newPhrases() *Phrases {
	return &Phrases{whole: map[string]string{}, first: map[string][][]string{}}
}

// Add adds a phrase (any case; matched lower-case) with a value.
func (p *Phrases) Add(phrase, value string) {
	words := strings.Fields(strings.ToLower(phrase))
	if len(words) == 0 {
		return
	}
	key := strings.Join(words, " ")
	if _, ok := p.whole[key]; ok {
		return
	}
	p.whole[key] = value
	l := append(p.first[words[0]], words)
	sort.SliceStable(l, func(i, j int) bool { return len(l[i]) > len(l[j]) })
	p.first[words[0]] = l
}

// Has reports whether the phrase (lower case, words separated by single
// spaces) is in the set.
func (p *Phrases) Has(phrase string) bool {
	_, ok := p.whole[phrase]
	return ok
}

// Value returns the value of a phrase and whether it is in the set.
func (p *Phrases) Value(phrase string) (string, bool) {
	v, ok := p.whole[phrase]
	return v, ok
}

// Match returns the number of words of the longest phrase that starts at
// words[i], or 0.
func (p *Phrases) Match(words []string, i int) int {
	if i >= len(words) {
		return 0
	}
	for _, ph := range p.first[words[i]] {
		if i+len(ph) > len(words) {
			continue
		}
		ok := true
		for k, w := range ph {
			if words[i+k] != w {
				ok = false
				break
			}
		}
		if ok {
			return len(ph)
		}
	}
	return 0
}
