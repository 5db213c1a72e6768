package syntax

import "strings"

// ChunkKind is the kind of a chunk.
type ChunkKind uint8

// The chunk kinds.
const (
	NP    ChunkKind = iota + 1 // noun phrase (or a name, a pronoun, a number)
	VG                         // verb group: auxiliaries, modals, adverbs inside, main verb, particle
	Prep                       // preposition ("of", "against", "on behalf of")
	Conj                       // coordinating conjunction ("and", "or", "but", "as well as")
	Sub                        // subordinator or complementizer ("that", "because", "while", "if")
	Rel                        // relative pronoun ("who", "which", relative "that", "whose")
	Adv                        // adverb phrase
	Adj                        // adjective phrase outside a noun phrase ("responsible", "behind")
	Comma                      // ","
	Colon                      // ":" or ";"
	Dash                       // "-", "—" between words
	Open                       // "(" or "["
	Close                      // ")" or "]"
	Quote                      // a quotation mark
	End                        // sentence-final punctuation
	Other                      // anything else
)

var chunkNames = [...]string{"", "NP", "VG", "PREP", "CONJ", "SUB", "REL", "ADV", "ADJ", ",", ":", "-", "(", ")", "\"", ".", "X"}

// String returns the kind's short name.
func (k ChunkKind) String() string {
	if int(k) < len(chunkNames) {
		return chunkNames[k]
	}
	return "?"
}

// Chunk is a run of tokens [Start, End) that acts as one unit.
type Chunk struct {
	Kind       ChunkKind
	Start, End int // token indices
	// Head is the token index of the head: the head noun of a noun phrase
	// (the last token of a name), the main verb of a verb group, the
	// preposition's last word.
	Head int
	// Atom is the index of the atom (name) that holds Head, or -1.
	Atom int
	// Poss is, for a noun phrase, the index of the chunk of its possessor
	// ("China's" in "China's Ministry of State Security"), or -1.
	Poss int
	// Possessor marks a noun phrase that is the possessor of the next one.
	Possessor bool
	// Word is the chunk's key word, lower-cased: a preposition or
	// conjunction as one string ("on behalf of", "as well as"), a
	// subordinator, a relative pronoun.
	Word string
	// Verb is the analysis of a verb group.
	Verb *VerbGroup
}

// Atom is a span of tokens [Start, End) that the chunker keeps whole: a
// name found by the mention layer ("Ministry of State Security",
// "Bosnia and Herzegovina").
type Atom struct{ Start, End int }

// multiPreps are the prepositions of several words the chunker knows
// without a lexicon, longest first; the lexicon's preposition frames add
// theirs (Parser.WithWords).
var multiPreps = [][]string{
	{"on", "behalf", "of"}, {"at", "the", "behest", "of"}, {"at", "the", "request", "of"},
	{"in", "connection", "with"}, {"in", "coordination", "with"}, {"in", "partnership", "with"},
	{"in", "cooperation", "with"}, {"in", "collaboration", "with"}, {"in", "conjunction", "with"},
	{"in", "association", "with"}, {"in", "response", "to"}, {"in", "retaliation", "for"},
	{"under", "the", "direction", "of"}, {"at", "the", "direction", "of"}, {"with", "the", "help", "of"},
	{"with", "the", "support", "of"}, {"with", "the", "assistance", "of"},
	{"in", "close", "partnership", "with"}, {"in", "close", "cooperation", "with"}, {"in", "close", "coordination", "with"},
	{"in", "close", "collaboration", "with"}, {"in", "concert", "with"}, {"jointly", "with"},
	{"together", "with"}, {"along", "with"}, {"according", "to"}, {"as", "well", "as"}, {"such", "as"},
	{"because", "of"}, {"due", "to"}, {"instead", "of"}, {"out", "of"}, {"as", "part", "of"},
	{"in", "the", "wake", "of"}, {"in", "front", "of"}, {"ahead", "of"},
	{"prior", "to"}, {"in", "addition", "to"}, {"rather", "than"}, {"as", "a", "result", "of"},
	{"operating", "out", "of"}, {"in", "support", "of"}, {"in", "favor", "of"}, {"in", "favour", "of"},
}

// Chunk splits a tagged sentence into chunks. Atoms (names) are never
// split; they must not overlap and must be sorted by Start.
func chunk(text string, toks []Token, atoms []Atom, lz *Lemmatizer, preps [][]string) []Chunk {
	atomAt := make([]int, len(toks))
	for i := range atomAt {
		atomAt[i] = -1
	}
	for k, a := range atoms {
		for i := a.Start; i < a.End && i < len(toks); i++ {
			atomAt[i] = k
		}
	}
	if preps == nil {
		preps = multiPreps
	}
	c := chunker{text: text, toks: toks, atoms: atoms, atomAt: atomAt, lz: lz, preps: preps}
	c.coordinatedPast()
	for c.i < len(toks) {
		c.next()
	}
	return c.out
}

type chunker struct {
	text   string
	toks   []Token
	atoms  []Atom
	atomAt []int
	i      int
	out    []Chunk
	lz     *Lemmatizer
	preps  [][]string
}

func (c *chunker) emit(k ChunkKind, s, e, head int, word string) {
	ch := Chunk{Kind: k, Start: s, End: e, Head: head, Atom: -1, Poss: -1, Word: word}
	if head >= 0 && head < len(c.atomAt) {
		ch.Atom = c.atomAt[head]
	}
	c.out = append(c.out, ch)
	c.i = e
}

func (c *chunker) tag(i int) Tag {
	if i < 0 || i >= len(c.toks) {
		return None
	}
	return c.toks[i].Tag
}

func (c *chunker) lower(i int) string {
	if i < 0 || i >= len(c.toks) {
		return ""
	}
	return c.toks[i].Lower
}

// next emits the chunk that starts at c.i.
func (c *chunker) next() {
	i := c.i
	t := c.toks[i]
	if a := c.atomAt[i]; a >= 0 {
		c.nounPhrase(i)
		return
	}
	if n := c.multiPrep(i); n > 0 {
		w := joinLower(c.toks[i : i+n])
		kind := Prep
		if w == "as well as" {
			kind = Conj
		}
		c.emit(kind, i, i+n, i+n-1, w)
		return
	}
	switch {
	case t.Kind == Punct:
		c.punct(i)
	case timeAdj[t.Lower] && timeNoun[c.lower(i+1)] && len(c.out) > 0 && c.out[len(c.out)-1].Kind == NP:
		// "hacked Acme Corp last year": an adverb of time, not an object
		c.emit(Adv, i, i+2, i+1, t.Lower+" "+c.lower(i+1))
	case (t.Lower == "more" || t.Lower == "less" || t.Lower == "fewer") && c.lower(i+1) == "than" && c.tag(i+2) == CD:
		c.nounPhrase(i) // "more than 50 tactics"
	case approx[t.Lower] && c.tag(i+1) == CD && (len(c.out) == 0 || c.out[len(c.out)-1].Kind != NP):
		c.nounPhrase(i) // "About three dozen officers were …", "sent to about 3,000 accounts"
	case prepLike[t.Lower] && c.startsNoun(i+1) && !c.coordinatedGerund(t.Lower):
		// "including", "following", "regarding": prepositions whatever the tag
		c.emit(Prep, i, i+1, i, t.Lower)
	case t.Tag == CC:
		c.emit(Conj, i, i+1, i, t.Lower)
	case t.Tag == WP || t.Tag == WDT && t.Lower != "that" && t.Lower != "what" || t.Lower == "whose" || t.Lower == "whom":
		c.emit(Rel, i, i+1, i, t.Lower)
	case t.Lower == "that" && (t.Tag == WDT || t.Tag == IN || t.Tag == DT && !c.startsNoun(i+1)):
		if t.Tag == WDT {
			c.emit(Rel, i, i+1, i, "that")
		} else {
			c.emit(Sub, i, i+1, i, "that")
		}
	case t.Tag == WRB:
		c.emit(Sub, i, i+1, i, t.Lower)
	case t.Tag == MD || t.Tag.IsVerb() && !c.adjectival(i) || t.Tag == TO && c.tag(c.skipAdv(i+1)) == VB:
		c.verbGroup(i)
	case t.Tag == IN || t.Tag == OF || t.Tag == TO:
		quoted := i+2 < len(c.toks) && c.toks[i+1].Kind == Punct && (c.toks[i+1].Lower == "\"" || c.toks[i+1].Lower == "'") && c.startsNoun(i+2)
		if subordinators[t.Lower] && (!c.startsNoun(i+1) || c.pronounSubject(i+1)) && !quoted {
			c.emit(Sub, i, i+1, i, t.Lower)
		} else {
			c.emit(Prep, i, i+1, i, t.Lower)
		}
	case t.Tag.IsAdv() || t.Tag == RP:
		j := i + 1
		for j < len(c.toks) && c.tag(j).IsAdv() && c.atomAt[j] < 0 {
			j++
		}
		if c.startsNoun(j) && c.atomAt[j] < 0 && (c.tag(j).IsAdj() || c.tag(j) == CD) {
			c.nounPhrase(i) // "more than 200 accounts", "very serious allegations"
			return
		}
		c.emit(Adv, i, j, j-1, t.Lower)
	case c.startsNoun(i):
		c.nounPhrase(i)
	case t.Tag.IsAdj():
		j := i + 1
		for j < len(c.toks) && (c.tag(j).IsAdj() || c.tag(j) == CC && c.tag(j+1).IsAdj()) && c.atomAt[j] < 0 {
			j++
		}
		c.emit(Adj, i, j, j-1, c.lower(j-1))
	default:
		c.emit(Other, i, i+1, i, t.Lower)
	}
}

// approx are the words of an approximate number that starts a noun
// phrase: "about 30", "nearly 100".
var approx = map[string]bool{"about": true, "around": true, "nearly": true, "approximately": true,
	"roughly": true, "almost": true, "some": true}

// deictic are the adverbial nouns of time that end a noun phrase after a
// name: "New Zealand today issued …".
var deictic = map[string]bool{"today": true, "yesterday": true, "tonight": true, "tomorrow": true}

// coordinatedGerund reports an -ing word right after "and" or "or" that
// follows a gerund and its object: "actors disseminating disinformation
// and targeting the EU" coordinates two verbs, no preposition.
func (c *chunker) coordinatedGerund(w string) bool {
	if !strings.HasSuffix(w, "ing") || len(c.out) < 3 || c.out[len(c.out)-1].Kind != Conj {
		return false
	}
	for j := len(c.out) - 2; j >= 0 && j >= len(c.out)-5; j-- {
		switch k := c.out[j]; k.Kind {
		case NP, Prep:
			continue
		case VG:
			return k.Verb != nil && k.Verb.Gerund
		}
		return false
	}
	return false
}

// prepLike are -ing and -ed forms used as prepositions before a noun
// phrase.
var prepLike = map[string]bool{"including": true, "excluding": true, "regarding": true, "concerning": true,
	"following": true, "involving": true, "targeting": true, "amid": true, "via": true, "despite": true}

// subordinators introduce adverbial or complement clauses.
var subordinators = map[string]bool{"because": true, "although": true, "though": true, "while": true,
	"whereas": true, "if": true, "unless": true, "whether": true, "since": true, "after": true,
	"before": true, "until": true, "once": true, "as": true, "when": true, "where": true, "so": true}

func joinLower(toks []Token) string {
	n := 0
	for _, t := range toks {
		n += len(t.Lower) + 1
	}
	b := make([]byte, 0, n)
	for k, t := range toks {
		if k > 0 {
			b = append(b, ' ')
		}
		b = append(b, t.Lower...)
	}
	return string(b)
}

// multiPrep returns the length of a multi-word preposition at i, or 0.
func (c *chunker) multiPrep(i int) int {
	for _, p := range c.preps {
		if i+len(p) > len(c.toks) {
			continue
		}
		ok := true
		for k, w := range p {
			if c.toks[i+k].Lower != w || c.atomAt[i+k] >= 0 {
				ok = false
				break
			}
		}
		// "as part of" only before a noun phrase
		if ok {
			return len(p)
		}
	}
	return 0
}

func (c *chunker) punct(i int) {
	w := c.toks[i].Lower
	switch w {
	case ",":
		c.emit(Comma, i, i+1, i, w)
	case ":", ";":
		c.emit(Colon, i, i+1, i, w)
	case "-", "--", "―":
		c.emit(Dash, i, i+1, i, w)
	case "(", "[":
		c.emit(Open, i, i+1, i, w)
	case ")", "]":
		c.emit(Close, i, i+1, i, w)
	case "\"", "'", "«", "»", "‹", "›":
		c.emit(Quote, i, i+1, i, w)
	case ".", "!", "?", "…", "...":
		c.emit(End, i, i+1, i, w)
	case "$", "%", "#", "&":
		if c.startsNoun(i + 1) {
			c.nounPhrase(i)
			return
		}
		c.emit(Other, i, i+1, i, w)
	default:
		c.emit(Other, i, i+1, i, w)
	}
}

// startsNoun reports whether a noun phrase can start at i.
func (c *chunker) startsNoun(i int) bool {
	if i >= len(c.toks) {
		return false
	}
	if c.atomAt[i] >= 0 {
		return true
	}
	t := c.toks[i]
	switch {
	case t.Tag.IsNoun() || t.Tag == CD || t.Tag == DT || t.Tag == PDT || t.Tag == PRP || t.Tag == EX || t.Tag == FW || t.Tag == SYM:
		return true
	case t.Tag.IsAdj():
		return c.nounAhead(i + 1)
	case t.Tag == VBN || t.Tag == VBG:
		return c.adjectival(i)
	case t.Lower == "$" || t.Lower == "#":
		return c.tag(i+1) == CD
	}
	return false
}

// nounAhead reports whether a noun (or a name) follows after adjectives,
// participles used as adjectives, numbers and coordinated modifiers.
func (c *chunker) nounAhead(i int) bool {
	for j := i; j < len(c.toks) && j < i+8; j++ {
		t := c.toks[j]
		switch {
		case c.atomAt[j] >= 0 || t.Tag.IsNoun():
			return true
		case t.Tag.IsAdj() || t.Tag == CD || t.Tag == VBN || t.Tag == VBG || t.Tag.IsAdv() && j > i:
		case (t.Tag == CC || t.Lower == ",") && (c.tag(j+1).IsAdj() || c.tag(j+1).IsNoun()):
		default:
			return false
		}
	}
	return false
}

// adjectival reports whether the participle at i modifies a noun ("the
// targeted organization", "a wide-ranging conspiracy", "leaked data")
// rather than heading a verb group.
func (c *chunker) adjectival(i int) bool {
	t := c.toks[i]
	if t.Tag != VBN && t.Tag != VBG {
		return false
	}
	p := c.tag(i - 1)
	prevDet := p == DT || p == PRP && possessivePronouns[c.lower(i-1)] || p.IsAdj() || p == CD || p == POS || p == PDT
	if !prevDet {
		// a participle at the start of a noun phrase after a preposition:
		// "of stolen data", "with leaked documents"
		prevDet = (p == IN || p == OF) && t.Tag == VBN
	}
	if !prevDet && (p == CC || c.lower(i-1) == ",") && t.Tag == VBN && (c.tag(i-2).IsNoun() || c.lower(i-2) == "," && c.tag(i-3).IsNoun()) && !c.pastBefore(i) {
		// "…, wire fraud, and aggravated identity theft": a list of nouns
		prevDet = true
	}
	if !prevDet {
		return false
	}
	next := i + 1
	return next < len(c.toks) && (c.atomAt[next] >= 0 || c.tag(next).IsNoun() || c.tag(next).IsAdj() && c.nounAhead(next+1))
}

// nounishAdj are adjectives that are nouns after a demonym: "a Chinese
// national", "a German official".
var nounishAdj = map[string]bool{"national": true, "official": true, "resident": true, "representative": true,
	"native": true, "citizen": true, "executive": true, "civilian": true, "individual": true}

// timeAdj and timeNoun make a time phrase ("last year", "next week") that
// a noun phrase before it does not take in.
var timeAdj = map[string]bool{"last": true, "next": true, "previous": true}
var timeNoun = map[string]bool{"year": true, "week": true, "month": true, "weekend": true, "night": true,
	"spring": true, "summer": true, "autumn": true, "fall": true, "winter": true, "decade": true}

// coordinatedPast re-reads an "-ed" word after "and" as a past tense when
// the clause already has one: "wrote malware and supervised other hackers"
// (the tagger may call it an adjective).
func (c *chunker) coordinatedPast() {
	for i := 1; i+1 < len(c.toks); i++ {
		t := &c.toks[i]
		if c.atomAt[i] >= 0 || !(t.Tag.IsAdj() || t.Tag == VBN) || len(t.Lower) < 5 || t.Lower[len(t.Lower)-2:] != "ed" {
			continue
		}
		if c.toks[i-1].Tag != CC || !c.pastBefore(i) {
			continue
		}
		if c.lz != nil && c.lz.known != nil && c.lz.known(c.lz.Lemma(t.Lower, VBD)) {
			n := c.toks[i+1]
			if n.Tag == DT || n.Tag.IsAdj() || n.Tag.IsNoun() || n.Tag == PRP || n.Tag == CD {
				t.Tag = VBD
			}
		}
	}
}

// pastBefore reports a past-tense verb shortly before token i in the same
// clause: "wrote malware and supervised other hackers" coordinates verbs.
func (c *chunker) pastBefore(i int) bool {
	for j := i - 1; j >= 0 && j >= i-10; j-- {
		t := c.toks[j]
		if t.Tag == VBD || t.Tag == VBZ || t.Tag == VBP {
			return true
		}
		if t.Tag == WDT || t.Tag == WP || t.Lower == ";" || t.Lower == "that" {
			return false
		}
	}
	return false
}

// modifierList reports whether the comma or conjunction at j continues a
// list of lower-case modifiers that ends in one plural head: "federal,
// state, local, tribal and territorial government bodies".
func (c *chunker) modifierList(start, j int) bool {
	if c.toks[j-1].Tag == NNS {
		return false // "techniques and procedures": two heads
	}
	for i := start; i < j; i++ {
		t := c.toks[i]
		if c.atomAt[i] >= 0 || t.Tag == DT && i > start || t.Tag.IsProper() || t.Tag == NNS && i < j-1 {
			return false
		}
	}
	sawCC := false
	for i := j; i < len(c.toks) && i < j+14; i++ {
		t := c.toks[i]
		switch {
		case c.atomAt[i] >= 0 && c.toks[i].Tag.IsProper(), t.Tag == DT, t.Tag.IsVerb(), t.Tag == IN, t.Tag == OF, t.Tag == TO:
			return false
		case t.Tag == CC:
			sawCC = true
		case t.Lower == ",":
		case (t.Tag == NNS || t.Lower == "sector" || t.Lower == "industry") && sawCC:
			return i+1 >= len(c.toks) || !c.toks[i+1].Tag.IsNoun()
		case t.Tag == NNS:
			return false // "members of parliament, government officials, politicians": a list of phrases
		case t.Tag.IsAdj() || t.Tag.IsNoun():
		default:
			return false
		}
	}
	return false
}

// possessivePronouns are the possessive pronouns (tagged PRP like the personal ones).
var possessivePronouns = map[string]bool{"his": true, "her": true, "its": true, "their": true, "our": true,
	"my": true, "your": true, "whose": true}

func (c *chunker) skipAdv(i int) int {
	for i < len(c.toks) && c.tag(i).IsAdv() {
		i++
	}
	return i
}

// nounPhrase emits the noun phrase that starts at i. A possessive ending
// closes a possessor phrase: "China's Ministry of State Security" is the
// possessor "China" and the phrase "Ministry of State Security" whose Poss
// points to it.
func (c *chunker) nounPhrase(i int) {
	if deictic[c.toks[i].Lower] && c.tag(i+1) != POS && c.lower(i+1) != "'s" {
		c.emit(Adv, i, i+1, i, c.toks[i].Lower) // "X today issued …"
		return
	}
	start := i
	j, head, np := c.npExtent(start)
	if !np {
		c.emit(Adj, j, j+1, j, c.toks[j].Lower)
		return
	}
	if head < 0 {
		head = j - 1
	}
	if j == start {
		j = start + 1
		head = start
	}
	c.emit(NP, start, j, head, "")
	// a possessive ending: this phrase owns the next
	if j < len(c.toks) && c.toks[j].Tag == POS || j < len(c.toks) && (c.toks[j].Lower == "'s" || c.toks[j].Lower == "'") && c.startsNoun(j+1) {
		k := len(c.out) - 1
		c.out[k].Possessor = true
		c.out[k].End = j + 1 // the "'s" belongs to the possessor
		c.i = j + 1
		if c.startsNoun(j + 1) {
			c.nounPhrase(j + 1)
			c.out[len(c.out)-1].Poss = k
		}
	}
}

// npExtent finds where the noun phrase that starts at token start ends and
// its head (-1 when not settled): names are kept whole, and determiners,
// modifiers, numbers, coordinated modifiers and an inner acronym belong to
// the phrase. np is false for a lone adjective, which is no noun phrase.
func (c *chunker) npExtent(start int) (j, head int, np bool) {
	head, j = -1, start
	for j < len(c.toks) {
		t := c.toks[j]
		if a := c.atomAt[j]; a >= 0 {
			// a name: the head so far
			end := c.atoms[a].End
			head = end - 1
			j = end
			continue
		}
		switch {
		case deictic[t.Lower] && j > start:
			return j, head, true // "New Zealand today": the day is no part of the name's phrase
		case t.Kind == Punct && (t.Lower == "\"" || t.Lower == "'") && head < 0 && j > start && c.startsNoun(j+1):
			j++ // a quotation opening inside a noun phrase: a "China state-sponsored cyber actor"
		case t.Tag == DT || t.Tag == PDT:
			if j > start && head >= 0 {
				return j, head, true // "the EU the …": a new phrase
			}
			j++
		case t.Tag == PRP:
			if possessivePronouns[t.Lower] {
				if j > start {
					return j, head, true
				}
				j++
				continue
			}
			if j > start {
				return j, head, true
			}
			head = j
			j++
			return j, head, true // a personal pronoun is a whole phrase
		case t.Tag == EX:
			if j > start {
				return j, head, true // "told lawmakers there was …"
			}
			head = j
			j++
			return j, head, true
		case t.Tag.IsNoun() || t.Tag == CD || t.Tag == FW || t.Tag == SYM:
			head = j
			j++
		case (t.Lower == "more" || t.Lower == "less" || t.Lower == "fewer") && head < 0 && c.lower(j+1) == "than":
			j++ // "more than 50 tactics"
		case t.Lower == "(" && head >= 0 && j+3 < len(c.toks) && c.toks[j+2].Lower == ")" && IsAllCaps(c.toks[j+1].Text(c.text)) &&
			c.toks[j+3].Tag.IsNoun() && !c.toks[j+3].Tag.IsProper():
			// "advanced persistent threat (APT) actors": an acronym inside the phrase
			j += 3
		case t.Tag.IsAdj():
			if head >= 0 && timeAdj[t.Lower] && timeNoun[c.lower(j+1)] {
				return j, head, true // "hacked Acme Corp last year": a time phrase of its own
			}
			if !c.nounAhead(j+1) && head >= 0 && !(nounishAdj[t.Lower] && c.atomAt[j-1] >= 0) {
				return j, head, true
			}
			if !c.nounAhead(j + 1) {
				if j == start {
					return j, head, false // an adjective phrase of its own
				}
				head = j // "the accused", "the Chinese", "a Chinese national"
				j++
				return j, head, true
			}
			j++
		case t.Tag == VBN || t.Tag == VBG || t.Tag == VBD && j > start && head < 0 && strings.HasSuffix(t.Lower, "ed") && c.nounAhead(j+1):
			// "its newly expanded entity list": a past form inside a noun
			// phrase is its modifier
			if !c.adjectival(j) && !(j > start && c.nounAhead(j+1) && head < 0) {
				return j, head, true
			}
			j++
		case t.Tag.IsAdv() && (head < 0 || head == j-1 && c.tag(head) == CD) &&
			(c.nounAhead(j+1) || j > start && (c.tag(j+1) == VBN || c.tag(j+1) == VBD) && c.nounAhead(j+2)):
			// "more than 200 accounts", "its newly expanded entity list",
			// "five publicly known flaws" (the number is no head)
			head = -1
			j++
		case (t.Tag == CC || t.Lower == ",") && head < 0 && j > start && c.nounAhead(j+1):
			// coordinated modifiers: "judicial and law enforcement authorities"
			j++
		case (t.Tag == CC || t.Lower == ",") && head >= 0 && j > start && c.modifierList(start, j):
			// "federal, state, local and tribal government bodies", "the
			// medical, legal and energy sectors"
			head = -1
			j++
		case (t.Lower == "$" || t.Lower == "#" || t.Lower == "%") && (c.tag(j+1) == CD || head >= 0 && t.Lower == "%"):
			if t.Lower == "%" {
				head = j
			}
			j++
		case (t.Lower == "than" || approx[t.Lower]) && head < 0 && c.tag(j+1) == CD:
			j++ // "more than 200", "about 30"
		default:
			return j, head, true
		}
	}
	return j, head, true
}

// pronounSubject reports a personal pronoun at i followed by a verb: the
// subject of a clause ("after it was blamed for …"), not the object of a
// preposition.
func (c *chunker) pronounSubject(i int) bool {
	if i+1 >= len(c.toks) || c.tag(i) != PRP || c.atomAt[i] >= 0 {
		return false
	}
	switch c.toks[i].Lower {
	case "it", "he", "she", "they", "we", "i":
	default:
		return false
	}
	next := c.tag(c.skipAdv(i + 1))
	return next == MD || next.IsVerb() && next != VBG && next != VB
}
