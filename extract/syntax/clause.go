package syntax

import "strings"

// clauses builds one clause per verb group: subject, objects, prepositional
// phrases, and how the clause hangs on another (complements, relatives,
// coordinated verb phrases, adverbial participles, the speech clause after a
// quote).
func (s *Sentence) clauses() {
	s.clauseOf = make([]int, len(s.Chunks))
	for k := range s.clauseOf {
		s.clauseOf[k] = -1
	}
	for k, c := range s.Chunks {
		if c.Kind == VG {
			s.clauseOf[k] = len(s.Clauses)
			s.Clauses = append(s.Clauses, Clause{Verb: k, Head: -1, End: k + 1})
		}
	}
	for ci := range s.Clauses {
		s.subject(ci)
		s.arguments(ci)
	}
	for ci := range s.Clauses {
		s.control(ci)
	}
	s.sharedInfinitives()
	s.sharedObjects()
	s.namingRelatives()
	s.mainVerb()
	s.speechFrames()
}

// sharedInfinitives gives a bare verb coordinated with an infinitive the
// infinitive's subject: "attempting to undermine and destabilise X".
func (s *Sentence) sharedInfinitives() {
	for ci := range s.Clauses {
		c := &s.Clauses[ci]
		if c.SubjBy == SubjShared && len(c.Subj) == 0 && c.Link == LinkCoordinate && c.Head >= 0 {
			c.Subj = s.Clauses[c.Head].Subj
		}
	}
}

// mainVerb makes the first past participle after the sentence's first noun
// phrase its main verb when the sentence has no finite verb of its own:
// "North Korea's news agency denied on Sunday that …" read with "denied"
// as a participle.
func (s *Sentence) mainVerb() {
	for ci := range s.Clauses {
		c := &s.Clauses[ci]
		if s.Chunks[c.Verb].Verb.Finite && c.Head < 0 && c.Link != LinkRelative && len(c.Subj) > 0 {
			return
		}
	}
	for ci := range s.Clauses {
		c := &s.Clauses[ci]
		vg := s.Chunks[c.Verb].Verb
		if c.SubjBy != SubjReduced || !vg.Participle || !pastLike(s.Tokens[vg.Main].Lower) || len(c.Subj) == 0 {
			continue
		}
		first := s.npLeft(c.Subj[0])
		for k := 0; k < first; k++ {
			if s.Chunks[k].Kind != Adv && s.Chunks[k].Kind != Quote && s.Chunks[k].Kind != NP {
				return
			}
		}
		vg.Participle, vg.Finite, vg.Tense = false, true, Past
		c.SubjBy, c.Link = SubjExplicit, LinkMain
		// a coordinated verb that lacked its subject: "contacted X and demanded Y"
		for n := ci + 1; n < len(s.Clauses); n++ {
			nc := &s.Clauses[n]
			if len(nc.Subj) == 0 && s.Chunks[nc.Verb].Verb.Finite && nc.Verb > 0 && s.Chunks[nc.Verb-1].Kind == Conj {
				nc.Subj, nc.SubjBy, nc.Head, nc.Link = c.Subj, SubjShared, ci, LinkCoordinate
			}
		}
		// its complement clause ("that it was involved …")
		k := c.End
		for k < len(s.Chunks) && (s.Chunks[k].Kind == Prep || s.Chunks[k].Kind == NP || s.Chunks[k].Kind == Adv) {
			k++
		}
		if k < len(s.Chunks) && s.Chunks[k].Kind == Sub && s.Chunks[k].Word == "that" {
			s.linkNextClause(ci, k+1, LinkComplement)
		}
		return
	}
}

// sharedObjects gives a verb without object the object of the verb
// coordinated after it: "to undermine and destabilise Ukraine", "arrested
// and charged the woman".
func (s *Sentence) sharedObjects() {
	for ci := 0; ci+1 < len(s.Clauses); ci++ {
		c, n := &s.Clauses[ci], &s.Clauses[ci+1]
		if len(c.Obj) > 0 || len(c.PPs) > 0 || c.End != n.Verb-1 || s.Chunks[c.End].Kind != Conj {
			continue
		}
		if len(n.Obj) > 0 {
			c.Obj = n.Obj
		}
		if n.SubjBy == SubjNone || n.SubjBy == SubjControl && len(n.Subj) == 0 {
			n.Subj, n.SubjBy = c.Subj, SubjShared
		}
	}
}

// possessed returns the noun phrase that the possessor chain starting at
// chunk k owns ("China's intelligence service" → "intelligence service"),
// or k.
func (s *Sentence) possessed(k int) int {
	for k+1 < len(s.Chunks) && s.Chunks[k].Possessor && s.Chunks[k+1].Kind == NP && s.Chunks[k+1].Poss == k {
		k++
	}
	return k
}

// conjuncts returns the noun phrases of the group of chunk np.
func (s *Sentence) conjuncts(np int) []int {
	if g := s.GroupOf(np); g != nil {
		return g.NPs
	}
	return []int{np}
}

// groupEnd returns the chunk index after the group of np.
func (s *Sentence) groupEnd(np int) int {
	if g := s.GroupOf(np); g != nil && g.End > np {
		return g.End
	}
	return s.ofChain(np)
}

// leftPreps may join a subject to a phrase after it: "officials of the
// FBI", "authorities from ten countries", "officers with the police".
var leftPreps = map[string]bool{"of": true, "from": true, "in": true, "with": true, "at": true, "for": true,
	"within": true, "across": true, "inside": true, "on": true, "against": true, "under": true, "to": true}

// openBefore returns the index of the "(" that the ")" at j closes, or j.
func (s *Sentence) openBefore(j int) int {
	for k := j - 1; k >= 0 && k > j-30; k-- {
		if s.Chunks[k].Kind == Open {
			return k
		}
	}
	return j
}

// parentheticalStart returns the index of the comma or dash that opens the
// parenthetical phrase ending at chunk j (a comma or dash), or -1: an
// apposition, a relative clause, a participle phrase or an "including"
// list between two commas after a noun phrase ("NP, who …, said",
// "LockBit, the world's most active operation, was …").
func (s *Sentence) parentheticalStart(j int) int {
	kind := s.Chunks[j].Kind
	for k := j - 1; k > 0 && k > j-40; k-- {
		ck := s.Chunks[k].Kind
		if ck == End || ck == Colon || ck == Quote {
			return -1
		}
		if ck != kind {
			continue
		}
		if ck == Comma && k+1 < len(s.Chunks) && s.Chunks[k+1].Kind == NP {
			if g := s.GroupOf(k + 1); g != nil && len(g.NPs) > 1 && g.NPs[0] < k {
				continue // a comma inside a list: "joined by A, B and C,"
			}
		}
		if k+1 >= j || s.Chunks[k-1].Kind != NP && s.Chunks[k-1].Kind != Close {
			return -1
		}
		first := s.Chunks[k+1]
		switch {
		case first.Kind == Rel:
			return k
		case first.Kind == NP && !s.hasFinite(k+1, j):
			return k
		case first.Kind == NP && k+3 < j && s.Chunks[k+2].Kind == Prep && s.Chunks[k+2].Word == "of" && s.Chunks[k+3].Kind == Rel:
			return k // "…, all of which are controlled by …,"
		case first.Kind == NP && k+2 < j && s.Chunks[k+2].Kind == Rel:
			return k // "…, a company that …,"

		case first.Kind == VG && !first.Verb.Finite && !first.Verb.Infinitive:
			return k
		case first.Kind == VG && first.Verb.Tense == Past && pastLike(s.Tokens[first.Verb.Main].Lower) && k+2 < j &&
			s.Chunks[k+2].Kind == Prep && s.Chunks[k+2].Word == "by":
			// ", joined by A, B and C,": a participle read as a past tense
			first.Verb.Participle, first.Verb.Finite = true, false
			return k
		case first.Kind == Prep && (first.Word == "including" || first.Word == "such as" || first.Word == "along with" || first.Word == "according to" ||
			first.Word == "together with" || first.Word == "alongside" || first.Word == "like" || first.Word == "of" || first.Word == "in"):
			return k
		case first.Kind == Prep && strings.Contains(first.Word, " ") && !s.hasFinite(k+1, j):
			return k // "Europol, in close cooperation with the FBI, seized …"
		case first.Kind == Adv && !s.hasFinite(k+1, j):
			return k
		case first.Kind == NP && s.Chunks[j-1].Kind == VG && s.Chunks[j-1].Verb.Finite && s.groupEnd(k+1) == j-1:
			return k // "APT38 and two fronts, the ministry said, are …"
		}
		return -1
	}
	return -1
}

// hasFinite reports whether chunks [from, to) hold a finite verb group.
func (s *Sentence) hasFinite(from, to int) bool {
	for k := from; k < to && k < len(s.Chunks); k++ {
		if c := s.Chunks[k]; c.Kind == VG && c.Verb.Finite {
			return true
		}
	}
	return false
}

// previousFinite returns the clause of the last finite verb group before
// chunk j that is not a relative clause, or -1.
func (s *Sentence) previousFinite(ci, j int) int {
	for p := ci - 1; p >= 0; p-- {
		pc := &s.Clauses[p]
		if pc.Verb >= j {
			continue
		}
		if pc.Link == LinkRelative || !s.Chunks[pc.Verb].Verb.Finite {
			continue
		}
		return p
	}
	return -1
}

// pastLike reports whether a verb form can be a simple past: a regular
// "-ed" form (the irregular ones the tagger tells apart).
func pastLike(w string) bool { return len(w) > 3 && w[len(w)-2:] == "ed" }

// speechFrames finds a clause that follows what it reports: "“…,” X said",
// "…, said X", "…, the DOJ said in a statement". Such a clause comes after a
// comma or a closing quote, has no object or complement, and ends the
// sentence; the main clauses before it become its complements and it is
// marked LinkParenthetical.
func (s *Sentence) speechFrames() {
	for ci := range s.Clauses {
		c := &s.Clauses[ci]
		if c.Head >= 0 || len(c.Pred) > 0 || len(c.Subj) == 0 {
			continue
		}
		if len(c.Obj) > 0 {
			// "“…,” the minister told a radio station, a news agency reported.":
			// a verb of saying right after the closing quote reports it
			// even with an object
			if c.SubjBy == SubjExplicit && c.Subj[0] < c.Verb && c.Subj[0] > 1 && s.Chunks[c.Subj[0]-1].Kind == Quote &&
				s.Chunks[c.Subj[0]-2].Kind == Comma && s.bridge != nil && s.bridge(s.Chunks[c.Verb].Verb.Lemma) {
				for p := 0; p < ci; p++ {
					if pc := &s.Clauses[p]; pc.Head < 0 && pc.Verb < c.Subj[0] {
						pc.Head, pc.Link = ci, LinkComplement
					}
				}
				c.Link = LinkParenthetical
			}
			continue
		}
		var before int
		switch c.SubjBy {
		case SubjInverted:
			before = c.Verb - 1
		case SubjExplicit:
			before = c.Subj[0] - 1
			if c.Subj[0] > c.Verb {
				continue
			}
		default:
			continue
		}
		if before <= 0 || s.Chunks[before].Kind != Comma && s.Chunks[before].Kind != Quote {
			continue
		}
		if !s.endsSentence(c.End) || s.hasComplement(ci) {
			continue
		}
		if s.report != nil && !s.report(s.Chunks[c.Verb].Verb.Lemma) {
			continue // "…, an accusation Moscow rejected.": no verb of saying
		}
		reported := false
		for p := 0; p < ci; p++ {
			if pc := &s.Clauses[p]; pc.Head < 0 && pc.Verb < before {
				pc.Head, pc.Link = ci, LinkComplement
				reported = true
			}
		}
		if reported {
			c.Link = LinkParenthetical
		}
	}
}

// endsSentence reports whether only punctuation (or nothing) follows chunk k.
func (s *Sentence) endsSentence(k int) bool {
	for ; k < len(s.Chunks); k++ {
		switch s.Chunks[k].Kind {
		case End, Quote, Close:
		default:
			return false
		}
	}
	return true
}

// hasComplement reports whether some clause depends on clause ci as a
// complement.
func (s *Sentence) hasComplement(ci int) bool {
	for g := range s.Clauses {
		if s.Clauses[g].Head == ci && s.Clauses[g].Link == LinkComplement {
			return true
		}
	}
	return false
}

// arguments finds the objects, predicate and prepositional phrases of
// clause ci, and links the complement clause that follows it.
func (s *Sentence) arguments(ci int) {
	c := &s.Clauses[ci]
	vg := s.Chunks[c.Verb].Verb
	n := len(s.Chunks)
	k := c.Verb + 1
	if c.SubjBy == SubjInverted {
		k = s.groupEnd(k)
	}
	for k < n && s.Chunks[k].Kind == Adv {
		k++
	}
	switch {
	case k < n && vg.Copula && s.Chunks[k].Kind == NP:
		c.Pred = s.conjuncts(k)
		k = s.groupEnd(k)
	case k < n && vg.Copula && s.Chunks[k].Kind == Adj:
		c.Pred = []int{k}
		k++
	case k < n && s.Chunks[k].Kind == NP && !(s.startsClause(k) && s.bridges(vg)):
		k = s.possessed(k)
		c.Obj = s.conjuncts(k)
		k = s.groupEnd(k)
		if k < n && s.Chunks[k].Kind == NP && !s.startsClause(k) {
			c.Obj2 = s.conjuncts(k)
			k = s.groupEnd(k)
		}
		k = s.pastApposition(c.Obj, k)
	}
	for k < n {
		ch := s.Chunks[k]
		switch {
		case ch.Kind == Adv:
			k++
			continue
		case ch.Kind == Prep && k+1 < n && s.Chunks[k+1].Kind == NP:
			o := s.possessed(k + 1)
			c.PPs = append(c.PPs, PP{Prep: ch.Word, At: k, NPs: s.conjuncts(o), Clause: -1, AfterObj: len(c.Obj) > 0})
			k = s.groupEnd(o)
			continue
		case ch.Kind == Prep && k+1 < n && s.gerundAfter(k+1) > 0:
			g := s.clauseOf[s.gerundAfter(k+1)]
			c.PPs = append(c.PPs, PP{Prep: ch.Word, At: k, Clause: g, AfterObj: len(c.Obj) > 0})
			gc := &s.Clauses[g]
			gc.Head, gc.SubjBy = ci, SubjControl
			gc.Link = LinkComplement
			if !complementPreps[ch.Word] {
				gc.Link = LinkAdverbial
			}
			k++
		}
		break
	}
	c.End = k
	s.complement(ci, k)
}

// pastApposition returns the chunk after an apposition that interrupts a
// clause between its object and a prepositional phrase ("charged Ivan
// Petrov, a 31-year-old Russian national, with attacks on …", "charged
// Ivan Petrov, 35, of Moscow, with hacking …": the "with" phrase is the
// clause's), or k when none does.
func (s *Sentence) pastApposition(obj []int, k int) int {
	n := len(s.Chunks)
	if len(obj) == 0 || k+1 >= n || s.Chunks[k].Kind != Comma {
		return k
	}
	e := s.ageAndHome(k + 1)
	if a, _ := s.Appos(obj[len(obj)-1]); a == k+1 {
		e = s.groupEnd(a)
	}
	if e > 0 && e+2 < n && s.Chunks[e].Kind == Comma && s.Chunks[e+1].Kind == Prep &&
		(s.Chunks[e+2].Kind == NP || s.gerundAfter(e+2) > 0) {
		return e + 1
	}
	return k
}

// ageAndHome returns the chunk after an age set off after a name, with the
// home that may follow it (", 35, of Moscow,": j is the age), or -1.
func (s *Sentence) ageAndHome(j int) int {
	n := len(s.Chunks)
	if j >= n || s.Chunks[j].Kind != NP || s.Chunks[j].End-s.Chunks[j].Start != 1 || s.Tokens[s.Chunks[j].Head].Tag != CD {
		return -1
	}
	e := j + 1
	if e+2 < n && s.Chunks[e].Kind == Comma && s.Chunks[e+1].Kind == Prep && s.Chunks[e+1].Word == "of" && s.Chunks[e+2].Kind == NP {
		e = s.groupEnd(e + 2)
	}
	return e
}

// gerundAfter returns the chunk of a gerund at k, past adverbs ("of
// covertly collecting"), or -1.
func (s *Sentence) gerundAfter(k int) int {
	for k < len(s.Chunks) && s.Chunks[k].Kind == Adv {
		k++
	}
	if k < len(s.Chunks) && s.Chunks[k].Kind == VG && s.Chunks[k].Verb.Gerund {
		return k
	}
	return -1
}

// complementPreps introduce a gerund that completes the verb ("accused of
// hacking", "charged with conspiring", "blamed for attacking"); other
// prepositions introduce adverbial gerunds ("after hacking", "by saying").
var complementPreps = map[string]bool{"of": true, "with": true, "for": true, "in": true, "on": true, "to": true, "from": true, "into": true}

// complement links the clause that starts at chunk k, if any, to clause ci:
// "that …", a clause without "that" ("said the attack was …"), an
// infinitive ("tried to hack"), a participle after a comma (", calling it
// …"), or "and" + verb (a coordinated verb phrase; see subject).
func (s *Sentence) complement(ci, k int) {
	n := len(s.Chunks)
	if k >= n {
		return
	}
	ch := s.Chunks[k]
	switch {
	case ch.Kind == Sub && (ch.Word == "that" || ch.Word == "whether" || ch.Word == "if" || ch.Word == "how"):
		s.linkNextClause(ci, k+1, LinkComplement)
	case ch.Kind == NP && s.startsClause(k) && s.bridges(s.Chunks[s.Clauses[ci].Verb].Verb):
		// past a parenthetical's participle: "said the group X, also known
		// as Y, had targeted …"
		for g := ci + 1; g < len(s.Clauses); g++ {
			if gc := &s.Clauses[g]; gc.Verb >= k && s.Chunks[gc.Verb].Verb.Finite {
				s.linkNextClause(ci, gc.Verb, LinkComplement)
				break
			}
		}
	case ch.Kind == VG && ch.Verb.Infinitive:
		if g := s.clauseOf[k]; g >= 0 {
			s.Clauses[g].Head, s.Clauses[g].Link = ci, LinkComplement
		}
	case ch.Kind == Comma && k+1 < n && s.Chunks[k+1].Kind == Sub && s.Chunks[k+1].Word == "that":
		s.linkNextClause(ci, k+2, LinkComplement)
	}
}

// linkNextClause makes the first clause whose verb comes at or after chunk
// from depend on clause ci.
func (s *Sentence) linkNextClause(ci, from int, l Link) {
	for g := ci + 1; g < len(s.Clauses); g++ {
		gc := &s.Clauses[g]
		if gc.Verb < from || gc.Link == LinkRelative {
			continue
		}
		if vg := s.Chunks[gc.Verb].Verb; vg.Participle && !vg.Finite && gc.Verb > from && s.Chunks[gc.Verb-1].Kind == NP {
			continue // "that a group known as X has …": a reduced relative inside the subject
		}
		if gc.Head < 0 {
			gc.Head, gc.Link = ci, l
		}
		return
	}
}

// bridges reports whether a verb group can take a clause without "that"
// as its object; without a lexicon every verb can.
func (s *Sentence) bridges(vg *VerbGroup) bool {
	return s.bridge == nil || s.bridge(vg.Lemma) || vg.Copula
}

// objectControl verbs give their object as subject to the infinitive after
// it ("urged the US to handle", "forced the SDA to consider").
var objectControl = map[string]bool{"urge": true, "ask": true, "tell": true, "force": true, "help": true,
	"allow": true, "enable": true, "order": true, "instruct": true, "require": true, "encourage": true,
	"direct": true, "task": true, "hire": true, "pay": true, "persuade": true, "cause": true, "invite": true,
	"warn": true, "push": true, "press": true, "call": true, "authorize": true, "permit": true, "train": true,
	"recruit": true, "commission": true, "contract": true}

// ClaimHead returns the noun phrase that a "that" clause after noun phrase
// j may complement: j, or the head of the phrase j is the "by" or "from"
// object of ("claims by the U.S. government that …").
func (s *Sentence) ClaimHead(j int) int {
	if g := s.GroupOf(j); g != nil && len(g.NPs) > 1 && g.NPs[len(g.NPs)-1] == j {
		j = g.NPs[0] // "claims by the U.S. government and others that …"
	}
	if j > 1 && s.Chunks[j-1].Kind == Prep && (s.Chunks[j-1].Word == "by" || s.Chunks[j-1].Word == "from" || s.Chunks[j-1].Word == "of") && s.Chunks[j-2].Kind == NP {
		return j - 2
	}
	return j
}

// namingRelatives reads "the group it calls Nobelium had sent …" as a
// relative clause without "that" on "the group", whose noun phrase is then
// the subject of the verb after the name: the clause after "that" or a verb
// of saying is "the group … had sent", not "it calls".
func (s *Sentence) namingRelatives() {
	for ci := range s.Clauses {
		c := &s.Clauses[ci]
		vg := s.Chunks[c.Verb].Verb
		if !vg.Finite || s.naming == nil || !s.naming(vg.Lemma) || len(c.Subj) != 1 || len(c.Obj) != 1 {
			continue
		}
		k, o := c.Subj[0], c.Obj[0]
		if k < 1 || k+1 != c.Verb || o != c.Verb+1 || s.Chunks[k-1].Kind != NP || s.Chunks[k-1].Possessor {
			continue
		}
		a := k - 1
		if t := s.Tokens[s.Chunks[a].Start].Tag; t != DT {
			continue // "the group it calls …", "a group Microsoft tracks as …"
		}
		for n := ci + 1; n < len(s.Clauses); n++ {
			nc := &s.Clauses[n]
			if nc.Verb != o+1 || !s.Chunks[nc.Verb].Verb.Finite || len(nc.Subj) != 1 || nc.Subj[0] != o {
				continue
			}
			nc.Subj, nc.SubjBy = s.conjuncts(a), SubjExplicit
			if c.Head >= 0 && nc.Head < 0 {
				nc.Head, nc.Link = c.Head, c.Link
			}
			c.Head, c.Link, c.Gap = -1, LinkRelative, []int{a}
			break
		}
	}
}
