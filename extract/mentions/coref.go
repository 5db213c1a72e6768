package mentions

import (
	"strings"

	"github.com/newsgraph/newsgraph/extract/syntax"
	"github.com/newsgraph/newsgraph/ontology"
)

// definite resolves a definite description ("the ministry", "the group",
// "the two men") to the last entity of its type named before, preferring
// one whose name holds the description's head word.
func (d *Doc) definite(s *Sentence, k int, text string) (Ref, bool) {
	syn := s.Syn
	c := syn.Chunks[k]
	phrase := strings.ToLower(d.text[syn.Tokens[c.Start].Start:syn.Tokens[c.End-1].End])
	phrase = syntax.LowerNorm(phrase)
	v, ok := d.lx.Class("coref").Value(phrase)
	if !ok {
		return Ref{}, false
	}
	t := ontology.EntityType(v)
	hw := syn.Tokens[c.Head].Lower
	var best Ref
	for i := len(d.recent) - 1; i >= 0; i-- {
		r := d.recent[i]
		if r.Type != t || r.Demonym || d.ents[r.Key] == nil {
			continue
		}
		if best.Key == "" {
			best = r
		}
		if strings.Contains(strings.ToLower(d.ents[r.Key].Name), hw) {
			best = r
			break
		}
		if len(d.recent)-i > 30 {
			break
		}
	}
	if best.Key == "" {
		return Ref{}, false
	}
	return Ref{Key: best.Key, Type: best.Type, Start: c.Start, End: c.End, Method: MethodCoref, Conf: 0.7}, true
}

// pronoun resolves a personal or possessive pronoun: the subject of the
// clause that reports it ("The CPS said it had charged …"), else the last
// entity it can stand for.
func (d *Doc) pronoun(s *Sentence, k int) (Ref, bool) {
	syn := s.Syn
	c := syn.Chunks[k]
	w := syn.Tokens[c.Head].Lower
	var want func(ontology.EntityType, *Entity) bool
	switch w {
	case "he", "him", "his", "she", "her":
		want = func(t ontology.EntityType, e *Entity) bool { return t == ontology.Person && !e.plural }
	case "it", "its":
		if d.expletive(syn, k) {
			return Ref{}, false
		}
		want = func(t ontology.EntityType, e *Entity) bool {
			return (t == ontology.Agency || t == ontology.Organization || t == ontology.Country || t == ontology.ThreatGroup) && !e.plural
		}
	case "they", "them", "their":
		want = func(t ontology.EntityType, e *Entity) bool {
			return e.plural || t == ontology.ThreatGroup || t == ontology.Agency && e.Described
		}
	default:
		return Ref{}, false
	}
	// binding: the pronoun is the subject of a clause reported by a clause
	// whose subject fits
	for ci := range syn.Clauses {
		cl := &syn.Clauses[ci]
		if len(cl.Subj) == 0 || cl.Subj[0] != k || cl.Head < 0 {
			continue
		}
		h := &syn.Clauses[cl.Head]
		if len(h.Subj) > 0 {
			if r, ok := s.Ref(h.Subj[0]); ok && d.ents[r.Key] != nil && want(r.Type, d.ents[r.Key]) {
				return Ref{Key: r.Key, Type: r.Type, Start: c.Start, End: c.End, Method: MethodCoref, Conf: 0.8}, true
			}
		}
	}
	for i := len(d.recent) - 1; i >= 0 && len(d.recent)-i <= 20; i-- {
		r := d.recent[i]
		e := d.ents[r.Key]
		if e == nil || r.Demonym || !want(r.Type, e) {
			continue
		}
		return Ref{Key: r.Key, Type: r.Type, Start: c.Start, End: c.End, Method: MethodCoref, Conf: 0.65}, true
	}
	return Ref{}, false
}

// expletive reports an "it" that stands for nothing: "it is irresponsible
// to …", "it is said that …".
func (d *Doc) expletive(syn *syntax.Sentence, k int) bool {
	j := k + 1
	if j < len(syn.Chunks) && syn.Chunks[j].Kind == syntax.VG {
		vg := syn.Chunks[j].Verb
		if vg.Copula || vg.Passive || vg.Lemma == "seem" || vg.Lemma == "appear" {
			for x := j + 1; x < len(syn.Chunks) && x < j+5; x++ {
				kk := syn.Chunks[x]
				if kk.Kind == syntax.Sub && kk.Word == "that" || kk.Kind == syntax.VG && kk.Verb.Infinitive {
					return true
				}
			}
		}
	}
	return false
}
