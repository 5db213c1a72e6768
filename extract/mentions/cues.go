package mentions

// Cues around an unknown name that say what it names: an age after a
// surname ("Sheppard, 19,"), a home after the age (", 31, of Harlow"), a
// description only a person takes (", a wealthy Russian"), and the kind of
// thing a naming participle names ("a new backdoor called Kapeka").

import (
	"github.com/newsgraph/newsgraph/extract/syntax"
	"github.com/newsgraph/newsgraph/ontology"
)

// describedAsPerson reports ", a wealthy Russian", ", an Iranian
// businessman" right after token e-1: a description that only a person
// takes.
func (ns *nameScan) describedAsPerson(e int) bool {
	n := len(ns.toks)
	if e+2 >= n || ns.toks[e].Lower != "," || ns.toks[e+1].Lower != "a" && ns.toks[e+1].Lower != "an" {
		return false
	}
	for i := e + 2; i < n && i < e+5; i++ {
		w := ns.toks[i]
		if w.Kind != syntax.Word {
			return false
		}
		if v, _ := ns.d.lx.Class("person").Value(w.Lower); v == string(ontology.Person) {
			return true
		}
		if _, ok := ns.d.g.demonyms[ns.word(i)]; ok {
			// ", a wealthy Russian," but not ", a Russian company"
			return i+1 == n || ns.toks[i+1].Tag != syntax.NN && ns.toks[i+1].Tag != syntax.NNS && !syntax.IsCap(ns.word(i+1))
		}
	}
	return false
}

// kindBefore returns the type a naming participle before token s gives the
// name: "a backdoor called X", "malware dubbed \"X\"", "a tool known as X".
func (ns *nameScan) kindBefore(s int) (ontology.EntityType, bool) {
	i := s - 1
	for i >= 0 && (ns.toks[i].Lower == "\"" || ns.toks[i].Lower == "“" || ns.toks[i].Lower == "'") {
		i--
	}
	if i >= 1 && ns.toks[i].Lower == "as" {
		i--
	}
	if i < 1 || !ns.namingParticiple(i) {
		return "", false
	}
	t, ok := ns.d.lx.Class("kindnoun").Value(ns.toks[i-1].Lower)
	return ontology.EntityType(t), ok
}

// ageAfter reports an age set off by commas right after token e-1: ", 19,".
func (ns *nameScan) ageAfter(e int) bool {
	return e+2 < len(ns.toks) && ns.toks[e].Lower == "," && ns.toks[e+1].Kind == syntax.Number && len(ns.toks[e+1].Lower) <= 3 &&
		ns.toks[e+2].Lower == ","
}

// homeAfterAge reports a name right after ", 31, of": the home of the
// person whose age comes before it.
func (ns *nameScan) homeAfterAge(s int) bool {
	return s >= 4 && ns.toks[s-1].Lower == "of" && ns.toks[s-2].Lower == "," && ns.toks[s-3].Kind == syntax.Number &&
		len(ns.toks[s-3].Lower) <= 3 && ns.toks[s-4].Lower == ","
}

// namingParticiple reports a participle of a naming verb at token i:
// "called", "dubbed", "known", "tracked".
func (ns *nameScan) namingParticiple(i int) bool {
	w := ns.toks[i].Lower
	v := ns.d.lemma(w, syntax.VBN)
	return v != w && ns.d.lx.NamingVerb(v)
}
