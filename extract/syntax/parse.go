package syntax

import (
	"fmt"
	"io/fs"
	"sort"
	"strings"
)

// Parser tags sentences and analyzes their phrases and clauses. It is
// immutable once loaded and safe for concurrent use.
type Parser struct {
	tagger *Tagger
	lz     *Lemmatizer
	// preps are the prepositions of several words, longest first: the
	// built-in ones and those of the lexicon (WithWords)
	preps [][]string
	// bridge reports the verbs (lemmas) that take a clause without "that"
	// as object: "said the attack was …", "believes MirrorFace is …".
	bridge func(lemma string) bool
	// naming reports the verbs that name their object ("the group it calls
	// X"): a relative clause without "that" (see namingRelatives)
	naming func(lemma string) bool
	// report reports the verbs that can report a "that" clause, transitive
	// or not ("announced sanctions", "announced on Monday that …")
	report func(lemma string) bool
	// claimNoun reports nouns that take a "that" clause as complement
	// ("claims that …"); after other nouns "that" starts a relative clause
	// ("tactics that the actors used").
	claimNoun func(word string) bool
}

// Words is what the parser takes from the lexicon. A nil function knows no
// word.
type Words struct {
	// Bridge: verbs whose complement clause may come without "that" ("said
	// the attack was …"); after other verbs, a noun phrase followed by a
	// verb is the object of the first ("unsealed today charges" is not a
	// complement).
	Bridge func(lemma string) bool
	// Report: verbs after which "that" following an adjunct is a
	// complementizer ("announced on Tuesday that …").
	Report func(lemma string) bool
	// Naming: verbs for which "the group it calls X had …" is a relative
	// clause on "the group".
	Naming func(lemma string) bool
	// ClaimNoun: nouns after which "that" starts the noun's complement
	// ("claims that X used hackers"); after other nouns it starts a
	// relative clause.
	ClaimNoun func(word string) bool
	// Known: base forms the lemmatizer knows besides the tagger's lexicon
	// ("rebuke", so that "rebuked" is not "rebuk"): the verbs of the
	// predicate frames.
	Known func(lemma string) bool
	// Preps: multi-word prepositions read as one ("under the direction and
	// control of"), besides the built-in ones.
	Preps [][]string
}

// WithWords returns a parser that knows the lexicon's words w.
func (p *Parser) WithWords(w Words) *Parser {
	c := *p
	c.bridge, c.report, c.naming, c.claimNoun = w.Bridge, w.Report, w.Naming, w.ClaimNoun
	if w.Known != nil {
		lz := *p.lz
		base := lz.known
		lz.known = func(s string) bool { return w.Known(s) || base != nil && base(s) }
		c.lz = &lz
	}
	seen := map[string]bool{}
	var all [][]string
	for _, l := range [][][]string{p.preps, w.Preps} {
		for _, ws := range l {
			if k := strings.Join(ws, " "); len(ws) > 1 && !seen[k] {
				seen[k] = true
				all = append(all, ws)
			}
		}
	}
	sort.SliceStable(all, func(i, j int) bool { return len(all[i]) > len(all[j]) })
	c.preps = all
	return &c
}

// Load reads the parser's data (the tagger's lexicon and trigrams, the
// irregular verbs) from fsys, the data.FS tree.
func Load(fsys fs.FS) (*Parser, error) {
	t, err := LoadTagger(fsys)
	if err != nil {
		return nil, fmt.Errorf("syntax: load tagger: %w", err)
	}
	lz, err := loadLemmatizer(fsys, t.KnownVerb)
	if err != nil {
		return nil, err
	}
	return &Parser{tagger: t, lz: lz, preps: multiPreps}, nil
}

// Tag sets the part of speech of every token of one sentence.
func (p *Parser) Tag(text string, toks []Token) { p.tagger.Tag(text, toks) }

// CommonWord reports a lower-case word whose usual reading is a common
// word, not a name (see Tagger.CommonWord).
func (p *Parser) CommonWord(w string) bool { return p.tagger.CommonWord(w) }

// Lemma returns the base form of a verb form (lower case) with tag t.
func (p *Parser) Lemma(w string, t Tag) string { return p.lz.Lemma(w, t) }

// Sentence is a parsed sentence: its tokens, chunks, coordinated noun
// phrases, appositions and clauses.
type Sentence struct {
	Text   string // the document text the offsets refer to
	Tokens []Token
	Atoms  []Atom
	Chunks []Chunk
	// Groups are the noun phrases with their coordinated conjuncts; every
	// noun-phrase chunk is in exactly one group (alone when not
	// coordinated).
	Groups []Group
	// Appositions pair a noun phrase with the one that renames or
	// describes it ("Zhu Hua, a member of APT10").
	Appositions []Apposition
	Clauses     []Clause
	// Headline marks a headline: "Four Chinese Nationals Charged Over …"
	// leaves out the auxiliary of a passive.
	Headline  bool
	groupOf   []int // chunk → group index, -1 for chunks that are not noun phrases
	chunkAt   []int // token → chunk
	clauseOf  []int // chunk of a verb group → clause index, else -1
	bridge    func(string) bool
	report    func(string) bool
	naming    func(string) bool
	claimNoun func(string) bool
	common    func(string) bool // Tagger.CommonWord (nil in tests that parse without a tagger)
}

// Group is a coordination of noun phrases ("the US, the UK and Canada"), or
// one noun phrase alone.
type Group struct {
	NPs []int // noun-phrase chunks, in order
	// Conj is the coordinating word ("and", "or", "as well as"), "" for a
	// single phrase.
	Conj string
	// End is the chunk index after the group, past the "of" phrases of its
	// last conjunct.
	End int
}

// Apposition is a noun phrase and its apposition (chunk indices).
type Apposition struct{ NP, Appos int }

// SubjSource says how a clause's subject was found.
type SubjSource uint8

// The subject sources.
const (
	SubjNone     SubjSource = iota
	SubjExplicit            // the noun phrase before the verb
	SubjRelative            // the antecedent of "who", "which", "that"
	SubjShared              // a coordinated verb phrase: "charged X and sanctioned Y"
	SubjControl             // an infinitive, gerund or participle governed by another clause
	SubjReduced             // a participle after a noun phrase: "officials accused of …", "hackers working for …"
	SubjInverted            // "“…,” said X"
	// SubjNoun marks an infinitive that complements the noun phrase in
	// Subj ("its attempts to undermine …", "conspiracy to murder …"):
	// its subject is whoever the noun's act belongs to.
	SubjNoun
)

// Link says how a clause hangs on the clause that governs it.
type Link uint8

// The links.
const (
	LinkMain          Link = iota
	LinkComplement         // "said that …", "said the attack was …", "tried to hack", "accused X of hacking"
	LinkRelative           // "who …", "which …", "officials accused of …"
	LinkAdverbial          // "after hacking …", ", calling it …"
	LinkCoordinate         // "… and sanctioned Y"
	LinkParenthetical      // the speech clause of a quote: "“…,” X said"
)

// PP is a prepositional phrase of a clause.
type PP struct {
	Prep string // the preposition, lower-cased ("of", "on behalf of")
	At   int    // chunk index of the preposition
	NPs  []int  // its object: noun-phrase conjuncts
	// Clause is the index of a gerund clause that is the object ("of
	// hacking …"), or -1.
	Clause int
	// AfterObj marks a phrase after the direct object, which may modify
	// the object rather than the verb.
	AfterObj bool
}

// Clause is a verb group with its arguments.
type Clause struct {
	Verb   int // chunk index of the verb group
	Subj   []int
	SubjBy SubjSource
	Obj    []int // direct object: noun-phrase conjuncts
	Obj2   []int // a second object ("gave China access")
	PPs    []PP
	// Pred is the predicate of a copula: noun-phrase conjuncts or an
	// adjective chunk ("is a member of …", "was responsible for …").
	Pred []int
	// Gap is the antecedent of an object relative clause ("the companies
	// that the group hacked"): the object the clause lacks.
	Gap []int
	// Head is the governing clause, -1 for a main clause.
	Head int
	Link Link
	// End is the chunk index after the clause's last argument.
	End int
}

// VG returns the clause's verb group.
func (s *Sentence) VG(c *Clause) *VerbGroup { return s.Chunks[c.Verb].Verb }

// ChunkAt returns the index of the chunk that holds token i.
func (s *Sentence) ChunkAt(i int) int { return s.chunkAt[i] }

// GroupOf returns the group of a noun-phrase chunk, or nil.
func (s *Sentence) GroupOf(np int) *Group {
	if np < 0 || np >= len(s.groupOf) || s.groupOf[np] < 0 {
		return nil
	}
	return &s.Groups[s.groupOf[np]]
}

// ClauseOf returns the clause of a verb-group chunk, or nil.
func (s *Sentence) ClauseOf(vg int) *Clause {
	if vg < 0 || vg >= len(s.clauseOf) || s.clauseOf[vg] < 0 {
		return nil
	}
	return &s.Clauses[s.clauseOf[vg]]
}

// Word returns the text of token i as written.
func (s *Sentence) Word(i int) string { return s.Tokens[i].Text(s.Text) }

// ChunkText returns the text of chunk k as written.
func (s *Sentence) ChunkText(k int) string {
	c := s.Chunks[k]
	return s.Text[s.Tokens[c.Start].Start:s.Tokens[c.End-1].End]
}

// Parse chunks a tagged sentence, keeping the atoms (names, sorted by
// Start, not overlapping) whole, and analyzes its coordination,
// appositions and clauses.
func (p *Parser) Parse(text string, toks []Token, atoms []Atom) *Sentence {
	s := &Sentence{Text: text, Tokens: toks, Atoms: atoms, bridge: p.bridge, report: p.report, naming: p.naming, claimNoun: p.claimNoun}
	if p.tagger != nil {
		s.common = p.tagger.CommonWord
	}
	s.Chunks = chunk(text, toks, atoms, p.lz, p.preps)
	s.chunkAt = make([]int, len(toks))
	for k, c := range s.Chunks {
		for i := c.Start; i < c.End; i++ {
			s.chunkAt[i] = k
		}
	}
	s.groups()
	s.clauses()
	return s
}
