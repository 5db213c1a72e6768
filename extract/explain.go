package extract

import (
	"fmt"
	"io"
	"strings"

	"github.com/newsgraph/newsgraph/extract/mentions"
	"github.com/newsgraph/newsgraph/extract/syntax"
)

// Explain writes, for every sentence of text, what each stage found: the
// tagged tokens, chunks and clauses (syntax), the names and the referent of
// each noun phrase (mentions), and the claims (relations). It is the first
// thing to read when a relation is missed or wrong.
func (e *Extractor) Explain(text string, w io.Writer) {
	d := newDocument(e, text)
	for _, sp := range syntax.Split(text) {
		l := classify(text, sp)
		if l.credit || len(l.span.Tokens) == 0 {
			continue
		}
		toks := syntax.DropScareQuotes(l.span.Tokens)
		e.parser.Tag(text, toks)
		names, facts := d.m.Names(toks, l.title, l.caps)
		if l.caps {
			continue
		}
		syn := e.parser.Parse(text, toks, mentions.Atoms(names))
		syn.Headline = l.title
		ms := d.m.Phrases(syn, names, facts)
		claims := e.rules.Sentence(d.m, ms, &d.mem)
		fmt.Fprintf(w, "## %s\n%s", text[l.span.Start:l.span.End], syn.Dump())
		var refs []string
		for k, c := range syn.Chunks {
			if c.Kind != syntax.NP {
				continue
			}
			if r, ok := ms.Ref(k); ok {
				name := r.Key
				if en := d.m.Entity(r.Key); en != nil {
					name = en.Name
				}
				refs = append(refs, fmt.Sprintf("%s→%s(%s,%s)", syn.ChunkText(k), name, r.Type, r.Method))
			}
		}
		fmt.Fprintf(w, "refs: %s\n", strings.Join(refs, "; "))
		for _, c := range claims {
			fmt.Fprintf(w, "  %s —%s→ %s", d.name(c.Subject), c.Pred, d.name(c.Object))
			if c.About != "" {
				fmt.Fprintf(w, " about %s", d.name(c.About))
			}
			fmt.Fprintf(w, " [%.2f %s %q]\n", c.Conf, c.Rule, c.Verb)
		}
		fmt.Fprintln(w)
	}
}

func (d *document) name(key string) string {
	if e := d.m.Entity(key); e != nil {
		return e.Name
	}
	return key
}
