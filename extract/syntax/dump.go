package syntax

import (
	"fmt"
	"strings"
)

// Dump writes the analysis of the sentence in a readable form: tagged
// tokens, chunks and clauses. Golden tests compare it, and it is the first
// thing to read when a relation is missed.
func (s *Sentence) Dump() string {
	var b strings.Builder
	for i, t := range s.Tokens {
		if i > 0 {
			b.WriteByte(' ')
		}
		fmt.Fprintf(&b, "%s/%s", t.Text(s.Text), t.Tag)
	}
	b.WriteString("\n")
	for k, c := range s.Chunks {
		if k > 0 {
			b.WriteByte(' ')
		}
		switch c.Kind {
		case NP, VG, Prep, Sub, Rel, Adj, Adv:
			fmt.Fprintf(&b, "[%s %s]", c.Kind, s.ChunkText(k))
		default:
			b.WriteString(s.ChunkText(k))
		}
	}
	b.WriteString("\n")
	for ci := range s.Clauses {
		c := &s.Clauses[ci]
		vg := s.VG(c)
		fmt.Fprintf(&b, "%d %s %s", ci, vg.Lemma, vg.flags())
		if c.Head >= 0 {
			fmt.Fprintf(&b, " <%s %d", linkNames[c.Link], c.Head)
		} else if c.Link != LinkMain {
			fmt.Fprintf(&b, " <%s", linkNames[c.Link])
		}
		s.dumpNPs(&b, " subj", c.Subj)
		if c.SubjBy != SubjExplicit && c.SubjBy != SubjNone {
			fmt.Fprintf(&b, "(%s)", subjNames[c.SubjBy])
		}
		s.dumpNPs(&b, " obj", c.Obj)
		s.dumpNPs(&b, " obj2", c.Obj2)
		s.dumpNPs(&b, " pred", c.Pred)
		s.dumpNPs(&b, " gap", c.Gap)
		for _, p := range c.PPs {
			if p.Clause >= 0 {
				fmt.Fprintf(&b, " %s:#%d", p.Prep, p.Clause)
			} else {
				s.dumpNPs(&b, " "+p.Prep, p.NPs)
			}
		}
		b.WriteString("\n")
	}
	for _, a := range s.Appositions {
		fmt.Fprintf(&b, "appos %s = %s\n", s.ChunkText(a.NP), s.ChunkText(a.Appos))
	}
	return b.String()
}

var linkNames = [...]string{"main", "comp", "rel", "adv", "coord", "paren"}
var subjNames = [...]string{"none", "explicit", "relative", "shared", "control", "reduced", "inverted", "noun"}

func (s *Sentence) dumpNPs(b *strings.Builder, label string, nps []int) {
	if len(nps) == 0 {
		return
	}
	b.WriteString(label)
	b.WriteString("=")
	for i, k := range nps {
		if i > 0 {
			b.WriteString("|")
		}
		b.WriteString(s.ChunkText(k))
	}
}

func (vg *VerbGroup) flags() string {
	var f []string
	switch vg.Tense {
	case Past:
		f = append(f, "past")
	case Future:
		f = append(f, "fut")
	}
	if vg.Passive {
		f = append(f, "pass")
	}
	if vg.Perfect {
		f = append(f, "perf")
	}
	if vg.Negated {
		f = append(f, "neg")
	}
	if vg.Modal != "" {
		f = append(f, "md:"+vg.Modal)
	}
	if vg.Infinitive {
		f = append(f, "inf")
	}
	if vg.Participle {
		f = append(f, "part")
	}
	if vg.Gerund {
		f = append(f, "ger")
	}
	if vg.Copula {
		f = append(f, "cop")
	}
	if vg.Particle != "" {
		f = append(f, "prt:"+vg.Particle)
	}
	if !vg.Finite {
		f = append(f, "nonfin")
	}
	return "(" + strings.Join(f, ",") + ")"
}
