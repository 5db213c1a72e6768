package relations

// Lists of those a measure names, stated after the measure: "Those
// sanctioned include A and B", "Among those charged were A and B", "The
// entities designated today include A".

import (
	"github.com/newsgraph/newsgraph/extract/lexicon"
	"github.com/newsgraph/newsgraph/ontology"
)

// listedUnder states that the author of the last sanctions (or charges)
// sanctioned (charged) each item of a list whose subject is described by
// the measure's participle: "Those sanctioned include Acme Corp and Borg
// Ltd", "Among those designated were Ivan Orlov and Pyotr Lebedev".
func (u *run) listedUnder(ci int, m mood) {
	syn := u.syn
	cl := &syn.Clauses[ci]
	vg := syn.VG(cl)
	if !m.asserted() {
		return
	}
	items := cl.Obj
	if vg.Copula {
		items = cl.Pred
	} else if !u.r.lx.Is("exampleverb", vg.Lemma) {
		return
	}
	if len(items) == 0 {
		return
	}
	g := u.measureBefore(ci)
	if g < 0 {
		return
	}
	gc := &syn.Clauses[g]
	if vg.Copula {
		// "Among those sanctioned were …": the participle's phrase after "among"
		if len(gc.Subj) == 0 || gc.Subj[0] < 1 || syn.Chunks[gc.Subj[0]-1].Word != "among" {
			return
		}
	}
	pred := u.measurePred(syn.VG(gc).Lemma)
	var agents []string
	switch pred {
	case ontology.Sanctions:
		agents = u.mem.sanctioners
	case ontology.Charges:
		agents = u.mem.accusers
	default:
		return
	}
	for _, a := range agents {
		for _, o := range u.refs(items) {
			u.emit(Claim{Subject: a, Object: o.Key, Pred: pred, Conf: 0.7 * refConf(o), Verb: syn.VG(gc).Lemma, Rule: "listed"})
		}
	}
}

// measureBefore returns the clause of a participle that describes the
// subject of clause ci, just before its verb ("those sanctioned include",
// "the entities designated today include"), or -1.
func (u *run) measureBefore(ci int) int {
	syn := u.syn
	cl := &syn.Clauses[ci]
	for g := ci - 1; g >= 0; g-- {
		gc := &syn.Clauses[g]
		if gc.Verb >= cl.Verb || gc.Verb < cl.Verb-3 {
			continue
		}
		if len(gc.Subj) != 1 || gc.Subj[0] != gc.Verb-1 || syn.VG(gc).Passive && !syn.VG(gc).Participle {
			continue
		}
		if len(cl.Subj) > 0 && cl.Subj[0] != gc.Subj[0] {
			continue
		}
		if u.measurePred(syn.VG(gc).Lemma) != "" {
			return g
		}
	}
	return -1
}

// measurePred returns sanctions or charges when verb lemma v has a frame
// of one of them, else "".
func (u *run) measurePred(v string) ontology.Predicate {
	for _, f := range u.r.lx.Frames(lexicon.Verb, v) {
		if f.Pred == ontology.Sanctions || f.Pred == ontology.Charges {
			return f.Pred
		}
	}
	return ""
}
