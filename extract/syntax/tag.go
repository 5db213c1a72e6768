package syntax

// Tag is a part-of-speech tag: the Penn Treebank tag set as the tagger's
// data uses it ("of" and "to" have tags of their own; possessive pronouns
// are PRP like the personal ones; all punctuation is Punc).
type Tag uint8

// The tags. None is the zero value: not tagged yet.
const (
	None Tag = iota
	NN       // noun, singular or mass
	NNS      // noun, plural
	NNP      // proper noun, singular
	NNPS     // proper noun, plural
	JJ       // adjective
	JJR      // adjective, comparative
	JJS      // adjective, superlative
	RB       // adverb
	RBR      // adverb, comparative
	RBS      // adverb, superlative
	VB       // verb, base form
	VBD      // verb, past tense
	VBG      // verb, gerund or present participle
	VBN      // verb, past participle
	VBP      // verb, non-3rd person singular present
	VBZ      // verb, 3rd person singular present
	MD       // modal
	DT       // determiner
	PDT      // predeterminer ("all the")
	PRP      // personal or possessive pronoun
	WDT      // wh-determiner ("which", relative "that")
	WP       // wh-pronoun ("who", "whom")
	WRB      // wh-adverb ("when", "where")
	IN       // preposition or subordinating conjunction
	OF       // "of"
	TO       // "to"
	CC       // coordinating conjunction
	CD       // cardinal number
	POS      // possessive ending
	RP       // particle
	EX       // existential "there"
	FW       // foreign word
	UH       // interjection
	SYM      // symbol
	LS       // list item marker
	Punc     // punctuation
	numTags
)

var tagNames = [numTags]string{"", "NN", "NNS", "NNP", "NNPS", "JJ", "JJR", "JJS", "RB", "RBR", "RBS",
	"VB", "VBD", "VBG", "VBN", "VBP", "VBZ", "MD", "DT", "PDT", "PRP", "WDT", "WP", "WRB", "IN", "OF", "TO",
	"CC", "CD", "POS", "RP", "EX", "FW", "UH", "SYM", "LS", "PUNC"}

// String returns the tag's Penn name ("NN", "VBD", …).
func (t Tag) String() string {
	if t < numTags {
		return tagNames[t]
	}
	return "?"
}

// ParseTag returns the tag with the given name, case-insensitively
// ("nn", "VBD", "punc").
func ParseTag(s string) (Tag, bool) {
	for i, n := range tagNames {
		if i > 0 && equalFold(n, s) {
			return Tag(i), true
		}
	}
	return None, false
}

func equalFold(a, b string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := 0; i < len(a); i++ {
		x, y := a[i], b[i]
		if 'a' <= x && x <= 'z' {
			x -= 'a' - 'A'
		}
		if 'a' <= y && y <= 'z' {
			y -= 'a' - 'A'
		}
		if x != y {
			return false
		}
	}
	return true
}

// IsNoun reports NN, NNS, NNP and NNPS.
func (t Tag) IsNoun() bool { return t >= NN && t <= NNPS }

// IsProper reports NNP and NNPS.
func (t Tag) IsProper() bool { return t == NNP || t == NNPS }

// IsAdj reports JJ, JJR and JJS.
func (t Tag) IsAdj() bool { return t >= JJ && t <= JJS }

// IsAdv reports RB, RBR and RBS.
func (t Tag) IsAdv() bool { return t >= RB && t <= RBS }

// IsVerb reports the verb tags VB … VBZ (not MD).
func (t Tag) IsVerb() bool { return t >= VB && t <= VBZ }

// IsFinite reports the finite verb tags VBD, VBP and VBZ.
func (t Tag) IsFinite() bool { return t == VBD || t == VBP || t == VBZ }
