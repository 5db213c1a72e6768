package relations

import (
	"github.com/newsgraph/newsgraph/extract/lexicon"
	"github.com/newsgraph/newsgraph/extract/mentions"
	"github.com/newsgraph/newsgraph/extract/syntax"
	"github.com/newsgraph/newsgraph/ontology"
)

// evaluate applies condemnation by evaluation: a subject that calls its
// object by an adjective of condemnation condemns it ("the minister called
// the intrusions reckless and unacceptable", "described the hack as
// reckless"). The words are data (words.tsv "evaluate" and
// "condemnadj"); the object stands for its actor when it is an activity
// ("called China's behaviour irresponsible").
func (u *run) evaluate(ci int, m mood) {
	syn := u.syn
	cl := &syn.Clauses[ci]
	vg := syn.VG(cl)
	if !m.asserted() || vg.Negated || u.passive(ci) || len(cl.Obj) == 0 || !u.r.lx.Is("evaluate", vg.Lemma) {
		return
	}
	// the quality: an adjective after the object, past quotes and "as"
	found := false
	k := syn.GroupOf(cl.Obj[len(cl.Obj)-1]).End
	for k+1 < len(syn.Chunks) && syn.Chunks[k].Kind == syntax.Prep && syn.Chunks[k].Word != "as" && syn.Chunks[k+1].Kind == syntax.NP {
		k = syn.GroupOf(k + 1).End // "the 2014 attack on Sony"
	}
	for end := k + 4; k < len(syn.Chunks) && k < end && !found; k++ {
		c := syn.Chunks[k]
		switch c.Kind {
		case syntax.Quote:
			continue
		case syntax.Prep, syntax.Sub:
			if c.Word == "as" {
				continue
			}
		case syntax.Adj, syntax.NP:
			for i := c.Start; i < c.End; i++ {
				if u.r.lx.Is("condemnadj", syn.Tokens[i].Lower) {
					found = true
				}
			}
			if c.Kind == syntax.Adj || found {
				continue
			}
		}
		break
	}
	if !found {
		return
	}
	var objs []mentions.Ref
	for _, k := range cl.Obj {
		rs := u.refs([]int{k})
		if len(rs) == 0 {
			if o, ok := u.s.Owner(k); ok {
				rs = append(rs, o)
			}
		}
		objs = append(objs, rs...)
	}
	for _, s := range u.subjects(ci) {
		for _, o := range objs {
			u.emit(Claim{Subject: s.Key, Object: o.Key, Pred: ontology.Condemns, Conf: 0.7 * u.clauseConf(ci),
				Verb: syn.Word(vg.Main), Rule: "evaluate"})
		}
	}
}

// instrument applies a sanction named by its instrument: "today's
// measures target APT38 and two front companies", "the sanctions hit
// three companies". The measures' author is their owner ("the US
// sanctions"), else the speaker who reports them, else the author of the
// last sanctions of the document.
func (u *run) instrument(ci int, m mood) {
	syn := u.syn
	cl := &syn.Clauses[ci]
	vg := syn.VG(cl)
	if !m.asserted() || vg.Negated || u.passive(ci) || len(cl.Subj) == 0 || len(cl.Obj) == 0 {
		return
	}
	if !u.r.lx.Is("victimverb", vg.Lemma) && !u.frameOf(vg.Lemma, ontology.Targets) {
		return
	}
	k := cl.Subj[0]
	if _, ok := u.s.Ref(k); ok || !u.r.lx.Is("instrument", nounLemma(syn.Tokens[syn.Chunks[k].Head].Lower)) {
		return
	}
	authors := u.claimAuthor(k)
	conf := 0.7
	if len(authors) == 0 {
		authors = u.speakerOf(ci)
	}
	if len(authors) == 0 {
		conf = 0.6
		authors = u.keyRefs(0.7, u.mem.sanctioners...)
	}
	for _, a := range authors {
		for _, o := range u.refs(cl.Obj) {
			u.emit(Claim{Subject: a.Key, Object: o.Key, Pred: ontology.Sanctions, Conf: conf * u.clauseConf(ci) * refConf(o),
				Verb: syn.ChunkText(k) + " " + syn.Word(vg.Main), Rule: "instrument"})
		}
	}
}

// frameOf reports whether verb lemma has a frame of predicate p.
func (u *run) frameOf(lemma string, p ontology.Predicate) bool {
	for _, f := range u.r.lx.Frames(lexicon.Verb, lemma) {
		if f.Pred == p {
			return true
		}
	}
	return false
}

// condemnedThat reports whether clause ci is the subject clause of an
// evaluation of condemnation: "it was completely unacceptable that X were
// targeting Y" (whoever says so condemns X rather than accuses it).
func (u *run) condemnedThat(ci int) bool {
	syn := u.syn
	cl := &syn.Clauses[ci]
	if cl.Head < 0 || cl.Link != syntax.LinkComplement {
		return false
	}
	h := &syn.Clauses[cl.Head]
	if !syn.VG(h).Copula || len(h.Subj) != 1 || u.lower(h.Subj[0]) != "it" {
		return false
	}
	for _, p := range h.Pred {
		c := syn.Chunks[p]
		if u.r.lx.Is("condemnadj", syn.Tokens[c.End-1].Lower) {
			return true
		}
	}
	return false
}
