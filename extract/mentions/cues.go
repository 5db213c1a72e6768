package mentions

// Cues around an unknown name that say what it names: an age after a
// surname ("Sheppard, 19,"), a home after the age (", 31, of Harlow"), a
// description only a person takes (", a wealthy Russian"), and the kind of
// thing a naming participle names ("a new backdoor called Kapeka").

import (
	"strings"

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

// kindBefore returns the type the words before token s give the name: a
// naming participle after a kind noun ("a backdoor called X", "malware
// dubbed \"X\"", "a tool known as X"), or a kind noun the name stands in
// apposition to ("the backdoor Kapeka", "the hacking group Velvet Ant").
func (ns *nameScan) kindBefore(s int) (ontology.EntityType, bool) {
	i := s - 1
	for i >= 0 && (ns.toks[i].Lower == "\"" || ns.toks[i].Lower == "“" || ns.toks[i].Lower == "'") {
		i--
	}
	if i >= 1 && ns.toks[i].Lower == "as" {
		i--
	}
	if i >= 1 && ns.namingParticiple(i) {
		t, ok := ns.d.lx.Class("kindnoun").Value(ns.toks[i-1].Lower)
		return ontology.EntityType(t), ok
	}
	if s >= 2 && ns.toks[s-1].Kind == syntax.Word && !syntax.IsCap(ns.word(s-1)) {
		return ns.kindNoun(s-2, s-1)
	}
	return "", false
}

// kindAfter returns the type an apposition right after token e-1 gives the
// name: ", a hacking group", ", a China-nexus threat actor", ", a new
// backdoor".
func (ns *nameScan) kindAfter(e int) (ontology.EntityType, bool) {
	n := len(ns.toks)
	if e+2 >= n || ns.toks[e].Lower != "," || ns.toks[e+1].Lower != "a" && ns.toks[e+1].Lower != "an" {
		return "", false
	}
	for i := e + 2; i < n && i < e+6; i++ {
		w := ns.toks[i]
		if w.Kind != syntax.Word {
			return "", false
		}
		if _, dem := ns.d.g.demonyms[ns.word(i)]; syntax.IsCap(ns.word(i)) && !dem && !strings.Contains(w.Lower, "-") {
			return "", false // ", a Russian company", ", a China-linked group" go on; ", a Microsoft tool" does not
		}
		if _, ok := ns.d.lx.Class("kindnoun").Value(w.Lower); ok && (i+1 == n || ns.toks[i+1].Kind != syntax.Word ||
			!ns.toks[i+1].Tag.IsNoun()) {
			return ns.kindNoun(e+2, i)
		}
	}
	return "", false
}

// kindNoun returns the type of kind noun k whose modifiers start at token
// from: a kind of malware or tool by itself ("the backdoor", "a new
// wiper"), a kind of group only with a hostile modifier ("the hacking
// group", "a ransomware gang", "a threat actor"; "the rights group" and
// "the media group" name no threat group).
func (ns *nameScan) kindNoun(from, k int) (ontology.EntityType, bool) {
	v, ok := ns.d.lx.Class("kindnoun").Value(ns.toks[k].Lower)
	if !ok {
		return "", false
	}
	t := ontology.EntityType(v)
	if t != ontology.ThreatGroup {
		return t, true
	}
	for i := max(from, 0); i < k; i++ {
		w := ns.toks[i].Lower
		if ns.d.lx.Is("threatmod", w) || ns.d.lx.Is("threatmod", w[strings.LastIndexByte(w, '-')+1:]) {
			return t, true // "hacking", "state-sponsored"
		}
	}
	return "", false
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

// namedAs returns the type that name has in the document so far, earlier
// in the sentence or in one before, other than an organization (the type a
// name gets when nothing else types it).
func (ns *nameScan) namedAs(name string) (ontology.EntityType, bool) {
	for _, r := range ns.refs {
		if r.Key != "" && r.Type != ontology.Organization && r.Key == ontology.Key(r.Type, name) {
			return r.Type, true
		}
	}
	for _, t := range ontology.EntityTypes {
		if t != ontology.Organization && ns.d.ents[ontology.Key(t, name)] != nil {
			return t, true
		}
	}
	return "", false
}
