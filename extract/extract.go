// Package extract turns article text into entities, mentions and typed
// relations (claims) with evidence.
//
// The pipeline is deterministic and linear in the size of the text, in
// stages that live in packages of their own:
//
//   - syntax: sentences and tokens with byte offsets, part-of-speech tags
//     (a trigram tagger), noun-phrase and verb-group chunks, clauses with
//     subject, verb group, objects and prepositional phrases, coordination,
//     appositions, relative clauses, reported speech;
//   - mentions: names (gazetteers in data/gazetteer, names the text
//     defines, name shapes, titles), described actors and events, and
//     references resolved inside the document;
//   - relations: predicate frames (data/lexicon/frames.tsv) applied to
//     clauses and noun phrases, what noun phrases state by their form,
//     reported speech and denials, negation and hedges;
//   - lexicon: the word knowledge all of them share.
//
// This package joins them: Extract runs the stages sentence by sentence and
// assembles the Result.
package extract

import (
	"context"
	"fmt"
	"io/fs"

	"github.com/newsgraph/newsgraph/data"
	"github.com/newsgraph/newsgraph/extract/lexicon"
	"github.com/newsgraph/newsgraph/extract/mentions"
	"github.com/newsgraph/newsgraph/extract/relations"
	"github.com/newsgraph/newsgraph/extract/syntax"
)

// Gazetteer is the extractor's knowledge of names (see mentions.Gazetteer).
type Gazetteer = mentions.Gazetteer

// Known is an entity already in the store that extraction recognizes in
// text (see mentions.Known).
type Known = mentions.Known

// LoadGazetteer reads gazetteer/*.tsv from fsys (usually data.FS).
func LoadGazetteer(fsys fs.FS) (*Gazetteer, error) { return mentions.LoadGazetteer(fsys) }

// Extractor extracts entities and claims from text. It is safe for
// concurrent use.
type Extractor struct {
	g      *Gazetteer
	parser *syntax.Parser
	lx     *lexicon.Lexicon
	rules  *relations.Rules
}

// New returns an extractor over gazetteer g, with the bundled lexicon and
// tagger data.
func New(g *Gazetteer) *Extractor {
	e, err := newWith(g, data.FS)
	if err != nil {
		// the bundled data is checked by the tests; a failure here is a
		// broken build
		panic(fmt.Sprintf("extract: bundled data: %v", err))
	}
	return e
}

func newWith(g *Gazetteer, fsys fs.FS) (*Extractor, error) {
	p, err := syntax.Load(fsys)
	if err != nil {
		return nil, fmt.Errorf("extract: %w", err)
	}
	lx, err := lexicon.Load(fsys)
	if err != nil {
		return nil, fmt.Errorf("extract: %w", err)
	}
	report := func(lemma string) bool {
		return lx.Is("speech", lemma) || lx.Is("hedgeverb", lemma) || lx.Is("bridge", lemma)
	}
	bridge := func(lemma string) bool { return report(lemma) && !lx.Is("transitive", lemma) }
	claimNoun := func(w string) bool { return lx.Is("claim", w) || lx.Is("document", w) || lx.Is("claimnoun", w) }
	p = p.WithWords(syntax.Words{Bridge: bridge, Report: report, Naming: lx.NamingVerb, ClaimNoun: claimNoun,
		Known: lx.KnownVerb, Preps: lx.MultiWordPreps()})
	return &Extractor{g: g, parser: p, lx: lx, rules: relations.New(lx)}, nil
}

// Default returns an extractor over the bundled gazetteer, lexicon and
// tagger data.
func Default() (*Extractor, error) {
	g, err := LoadGazetteer(data.FS)
	if err != nil {
		return nil, err
	}
	return newWith(g, data.FS)
}

// Gazetteer returns the extractor's gazetteer.
func (e *Extractor) Gazetteer() *Gazetteer { return e.g }

// WithGazetteer returns an extractor that shares e's parser and lexicon
// but resolves names with g (e.g. the gazetteer extended with the store's
// structured entities).
func (e *Extractor) WithGazetteer(g *Gazetteer) *Extractor {
	c := *e
	c.g = g
	return &c
}

// Extract finds the entities, mentions and relations of one document. The
// output order is deterministic: entities by first mention, mentions and
// relations by position.
func (e *Extractor) Extract(ctx context.Context, in Input) (*Result, error) {
	d := newDocument(e, in.Text)
	sents := syntax.Split(in.Text)
	lines := make([]line, len(sents))
	for i := range sents {
		if i%64 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, fmt.Errorf("extract %s: %w", in.Name, err)
			}
		}
		lines[i] = classify(in.Text, sents[i])
	}
	// ordinary sentences first, in order; all-caps lines only confirm
	// entities found elsewhere
	for i := range lines {
		if i%32 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, fmt.Errorf("extract %s: %w", in.Name, err)
			}
		}
		if !lines[i].caps && !lines[i].credit {
			d.sentence(&lines[i])
		}
	}
	for i := range lines {
		if lines[i].caps {
			d.sentence(&lines[i])
		}
	}
	return d.result(), nil
}
