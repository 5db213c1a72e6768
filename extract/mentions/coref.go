package mentions

import (
	"strings"

	"github.com/newsgraph/newsgraph/extract/lexicon"

	"github.com/newsgraph/newsgraph/extract/syntax"
	"github.com/newsgraph/newsgraph/ontology"
)

// definite resolves a definite description ("the ministry", "the group",
// "the two men") to the last entity of its type named before, preferring
// one whose name holds the description's head word.
func (d *Doc) definite(s *Sentence, k int, text string) (Ref, bool) {
	syn := s.Syn
	c := syn.Chunks[k]
	last := c.End - 1
	poss := last > c.Start && syn.Tokens[last].Tag == syntax.POS
	if poss {
		last-- // "the bureau's new task force": the bureau
	}
	phrase := strings.ToLower(d.text[syn.Tokens[c.Start].Start:syn.Tokens[last].End])
	phrase = syntax.LowerNorm(phrase)
	if rest, ok := strings.CutPrefix(phrase, "that "); ok {
		phrase = "the " + rest // "that group", "that agency": as "the group"
	} else if rest, ok := strings.CutPrefix(phrase, "this "); ok {
		phrase = "the " + rest
	}
	v, ok := d.lx.Class("coref").Value(phrase)
	if !ok {
		return d.headBack(s, k)
	}
	t := ontology.EntityType(v)
	if poss && t == ontology.Country {
		return Ref{}, false // "the government's attribution": whose is the story's question, not the text's
	}
	hw := syn.Tokens[c.Head].Lower
	people := d.lx.Is("person", hw) && !d.lx.Is("hostile", hw) || hw == "duo" || hw == "pair" || hw == "trio" || hw == "accused" || syntax.IsCap(hw) == false && syn.Tokens[c.Head].Tag == syntax.CD
	if t == ontology.Person && (hw == "suspect" || hw == "accused" || hw == "defendant") {
		// "the suspect": the person the story is about, not the last one
		// it named ("Guo worked as an aide to Krah. … the suspect")
		if r := d.personSubject; r.Key != "" && d.personAge <= 3 && d.ents[r.Key] != nil {
			return Ref{Key: r.Key, Type: r.Type, Start: c.Start, End: c.End, Method: MethodCoref, Conf: 0.75}, true
		}
	}
	// a name earlier in the same sentence that holds the head word: "the
	// FBI's Karen Hale said the bureau …"; for "the company", any company
	// named earlier in the sentence ("Twitter said it removed networks the
	// company linked to …")
	for j := k - 1; j >= 0; j-- {
		if r, ok := s.Ref(j); ok && r.Type == t && !r.Demonym {
			if e := d.ents[r.Key]; e != nil && (r.Method != MethodCoref && d.namesHold(e, hw) || t == ontology.Organization) {
				return Ref{Key: r.Key, Type: r.Type, Start: c.Start, End: c.End, Method: MethodCoref, Conf: 0.75}, true
			}
		}
	}
	// "the hackers", "the group": a named group, or people described as
	// hostile, before people described by what they are ("two Malaysian
	// businessmen")
	hostile := t == ontology.ThreatGroup && !people
	var best, named Ref
	seen := 0 // referents of the type passed, most recent first
	for i := len(d.recent) - 1; i >= 0; i-- {
		r := d.recent[i]
		if r.Type != t || r.Demonym || d.ents[r.Key] == nil {
			continue
		}
		e := d.ents[r.Key]
		if people && t == ontology.ThreatGroup && !e.Described {
			continue // "the duo", "the defendants": people described before, not a named group
		}
		if best.Key == "" {
			best = r
		}
		if r.Key != best.Key {
			seen++
		}
		if d.namesHold(e, hw) && (t != ontology.Event || seen == 0) {
			// an event's word ("that intrusion") does not reach past the
			// last event: an older one named with the word is not meant
			best = r
			named = Ref{}
			break
		}
		if hostile && named.Key == "" && !d.describedPeople(e) {
			named = r
		}
		if len(d.recent)-i > 30 {
			break
		}
	}
	if named.Key != "" && d.describedPeople(d.ents[best.Key]) {
		best = named
	}
	if t == ontology.Agency && best.Key != "" && !d.namesHold(d.ents[best.Key], hw) && !d.ents[best.Key].Described {
		// "the ministry" is no ministry's if no ministry was named
		return Ref{}, false
	}
	if best.Key == "" {
		return Ref{}, false
	}
	return Ref{Key: best.Key, Type: best.Type, Start: c.Start, End: c.End, Method: MethodCoref, Conf: 0.7}, true
}

// headBack resolves "the NOUN" whose noun is the head word of a body named
// before: "the centre" after "the National Cyber Security Centre", "the
// embassy" after "the Chinese Embassy in Oslo", "the office" after "the
// U.S. Attorney's Office for the District of Columbia". Only a singular
// noun after "the", only bodies named (not described), and the head of
// the name only ("the state" is not the Ministry of State Security).
func (d *Doc) headBack(s *Sentence, k int) (Ref, bool) {
	syn := s.Syn
	c := syn.Chunks[k]
	if c.End-c.Start != 2 || c.Head != c.End-1 || syn.Tokens[c.Start].Lower != "the" || syn.Tokens[c.Head].Tag != syntax.NN {
		return Ref{}, false
	}
	hw := syn.Tokens[c.Head].Lower
	fits := func(r Ref) bool {
		e := d.ents[r.Key]
		return e != nil && !r.Demonym && !e.Described && (r.Type == ontology.Agency || r.Type == ontology.Organization) &&
			nameHead(e.Name) == hw
	}
	// earlier in the same sentence first (its names are not yet in memory)
	for j := k - 1; j >= 0; j-- {
		if r, ok := s.Ref(j); ok && r.Method != MethodCoref && fits(r) {
			return Ref{Key: r.Key, Type: r.Type, Start: c.Start, End: c.End, Method: MethodCoref, Conf: 0.75}, true
		}
	}
	for i := len(d.recent) - 1; i >= 0 && len(d.recent)-i <= 30; i-- {
		if r := d.recent[i]; fits(r) {
			return Ref{Key: r.Key, Type: r.Type, Start: c.Start, End: c.End, Method: MethodCoref, Conf: 0.7}, true
		}
	}
	return Ref{}, false
}

// nameHead is the lower-case head word of a body's name: the word before
// its first "of", "for", "in" or "on", else its last word ("Embassy" of
// "Chinese Embassy in Oslo", "Office" of "Office of Personnel Management").
func nameHead(name string) string {
	f := strings.Fields(name)
	for i, w := range f {
		switch w {
		case "of", "for", "in", "on":
			if i > 0 {
				return strings.ToLower(f[i-1])
			}
			return ""
		}
	}
	if len(f) < 2 {
		return ""
	}
	return strings.ToLower(f[len(f)-1])
}

// pronoun resolves a personal or possessive pronoun: the subject of the
// clause that reports it ("The CPS said it had charged …"), else the last
// entity it can stand for.
func (d *Doc) pronoun(s *Sentence, k int) (Ref, bool) {
	return d.pronounRef(s, k, s.Syn.Tokens[s.Syn.Chunks[k].Head].Lower)
}

// pronounRef resolves pronoun w that stands in noun phrase k (as its head,
// or as its possessive determiner: "its targets").
func (d *Doc) pronounRef(s *Sentence, k int, w string) (Ref, bool) {
	syn := s.Syn
	c := syn.Chunks[k]
	var want func(ontology.EntityType, *Entity) bool
	switch w {
	case "he", "him", "his", "she", "her":
		want = func(t ontology.EntityType, e *Entity) bool { return t == ontology.Person && !e.plural }
	case "it", "its":
		if d.expletive(syn, k) {
			return Ref{}, false
		}
		want = func(t ontology.EntityType, e *Entity) bool {
			return t == ontology.ThreatGroup || (t == ontology.Agency || t == ontology.Organization || t == ontology.Country) && !e.plural
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
		if len(cl.Subj) == 0 || cl.Subj[0] != k || cl.Head < 0 || cl.SubjBy == syntax.SubjNoun {
			continue
		}
		h := &syn.Clauses[cl.Head]
		if len(h.Subj) > 0 {
			if r, ok := s.Ref(h.Subj[0]); ok && d.ents[r.Key] != nil && want(r.Type, d.ents[r.Key]) {
				return Ref{Key: r.Key, Type: r.Type, Start: c.Start, End: c.End, Method: MethodCoref, Conf: 0.8}, true
			}
			if _, ok := s.Ref(h.Subj[0]); !ok && w == "they" && d.lx.Is("agencyhead", syn.Tokens[syn.Chunks[h.Subj[0]].Head].Lower) {
				// "the authorities of three Nordic countries …, saying
				// that they had found …": the reporters themselves, whom
				// the relation rules resolve
				return Ref{}, false
			}
		}
	}
	// a possessive right after a fitting phrase: "Ukraine and its
	// democracy", "sanctions on Russia over its attempts"
	if syn.Tokens[c.Start].Lower == w && c.Head > c.Start && k >= 2 {
		if b := syn.Chunks[k-1]; b.Kind == syntax.Conj || b.Kind == syntax.Prep {
			if r, ok := s.Ref(k - 2); ok && !r.Demonym && r.Method != MethodCoref && syn.Chunks[k-2].Kind == syntax.NP {
				if e := d.ents[r.Key]; e != nil && want(r.Type, e) {
					return Ref{Key: r.Key, Type: r.Type, Start: c.Start, End: c.End, Method: MethodCoref, Conf: 0.75}, true
				}
			}
		}
	}
	// a fitting referent earlier in the same sentence: the nearest
	// subject of a clause ("DarkSide, which has hit companies in the United
	// States since it appeared"), else the nearest phrase
	subjects := map[int]bool{}
	for ci := range syn.Clauses {
		for _, x := range syn.Clauses[ci].Subj {
			subjects[x] = true
		}
	}
	if (w == "its" || w == "their") && d.victimAsset(s, k) {
		// "X breached its email accounts": the owner is not the attacker
		inner := want
		want = func(t ontology.EntityType, e *Entity) bool { return t != ontology.ThreatGroup && inner(t, e) }
	}
	var near Ref
	for j := k - 1; j >= 0 && !syntax.IsCap(w); j-- {
		if syn.Chunks[j].Kind != syntax.NP {
			continue
		}
		r, ok := s.Ref(j)
		if !ok || r.Demonym || r.Method == MethodCoref {
			continue
		}
		if e := d.ents[r.Key]; e != nil && want(r.Type, e) {
			if subjects[j] {
				near = r
				break
			}
			if near.Key == "" {
				near = r
			}
		}
	}
	if near.Key != "" {
		return Ref{Key: near.Key, Type: near.Type, Start: c.Start, End: c.End, Method: MethodCoref, Conf: 0.75}, true
	}
	if (w == "it" || w == "them") && !subjects[k] {
		return Ref{}, false // "before encrypting it": an object pronoun refers within its sentence
	}
	if d.mainClauseSubject(syn, k) {
		for _, r := range d.lastSubjects {
			if e := d.ents[r.Key]; e != nil && want(r.Type, e) {
				return Ref{Key: r.Key, Type: r.Type, Start: c.Start, End: c.End, Method: MethodCoref, Conf: 0.75}, true
			}
		}
		if r := d.personSubject; r.Key != "" && d.personAge <= 3 && want(r.Type, d.ents[r.Key]) {
			return Ref{Key: r.Key, Type: r.Type, Start: c.Start, End: c.End, Method: MethodCoref, Conf: 0.7}, true
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

// mainClauseSubject reports whether noun phrase k is the subject of a main
// clause: a pronoun there most often continues the subject of the
// sentence before ("APT10 is … It is also linked to …").
func (d *Doc) mainClauseSubject(syn *syntax.Sentence, k int) bool {
	for ci := range syn.Clauses {
		cl := &syn.Clauses[ci]
		if cl.Head < 0 && len(cl.Subj) > 0 && cl.Subj[0] == k {
			return true
		}
	}
	return false
}

// pluralBack resolves a plural description without a name ("these
// crimes", "the attacks", "those groups") to the entities of its kind named
// in the sentences before: several at once.
func (d *Doc) pluralBack(s *Sentence, k int) []Ref {
	syn := s.Syn
	c := syn.Chunks[k]
	first := syn.Tokens[c.Start].Lower
	if first != "these" && first != "those" && first != "the" || syn.Tokens[c.Head].Tag != syntax.NNS {
		return nil
	}
	hw := syn.Tokens[c.Head].Lower
	var t ontology.EntityType
	switch {
	case d.lx.Is("attack", hw) || hw == "crimes" || hw == "incidents" || hw == "operations":
		t = ontology.Event
	case d.lx.Is("actor", hw) && hw != "hackers":
		t = ontology.ThreatGroup
	default:
		return nil
	}
	var out []Ref
	seen := map[string]bool{}
	for i := len(d.recent) - 1; i >= 0 && len(d.recent)-i <= 24 && len(out) < 5; i-- {
		r := d.recent[i]
		if r.Type != t || seen[r.Key] || d.ents[r.Key] == nil {
			continue
		}
		seen[r.Key] = true
		out = append(out, Ref{Key: r.Key, Type: r.Type, Start: c.Start, End: c.End, Method: MethodCoref, Conf: 0.6})
	}
	if len(out) < 2 && first != "the" {
		return out
	}
	if len(out) == 1 && t == ontology.Event && strings.HasPrefix(strings.ToLower(d.ents[out[0].Key].Name), hw+" ") {
		return out // "the attacks" after "attacks on water utilities": one event named in the plural
	}
	if len(out) < 2 {
		return nil
	}
	return out
}

// namesHold reports whether one of e's names holds the word w ("the
// administration" → the United States, named "the Biden administration").
func (d *Doc) namesHold(e *Entity, w string) bool {
	if strings.Contains(strings.ToLower(e.Name), w) {
		return true
	}
	for _, a := range e.Aliases {
		if strings.Contains(strings.ToLower(a), w) {
			return true
		}
	}
	return false
}

// describedPeople reports a group described by what its members are, not
// by what they do: "two Malaysian businessmen", "four Chinese nationals".
func (d *Doc) describedPeople(e *Entity) bool {
	if !e.Described {
		return false
	}
	f := strings.Fields(strings.ToLower(e.Name))
	if len(f) == 0 {
		return false
	}
	hw := f[len(f)-1]
	return d.lx.Is("person", hw) && !d.lx.Is("hostile", hw) && !d.lx.Is("actor", hw)
}

// victimAsset reports a possessive noun phrase k that names an asset ("its
// email accounts") as the object of an attack by a threat group: whose
// assets they are is someone else, not the attacker.
func (d *Doc) victimAsset(s *Sentence, k int) bool {
	syn := s.Syn
	if !d.lx.Is("asset", syn.Tokens[syn.Chunks[k].Head].Lower) {
		return false
	}
	for ci := range syn.Clauses {
		cl := &syn.Clauses[ci]
		if len(cl.Obj) == 0 || cl.Obj[0] != k || len(cl.Subj) == 0 {
			continue
		}
		r, ok := s.Ref(cl.Subj[0])
		if !ok || r.Type != ontology.ThreatGroup {
			return false
		}
		for _, f := range d.lx.Frames(lexicon.Verb, syn.VG(cl).Lemma) {
			if f.Pred == ontology.Targets {
				return true
			}
		}
	}
	return false
}
