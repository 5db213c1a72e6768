package syntax

// The subject of a clause: explicit, relative, reduced, controlled, inverted,
// or the noun an infinitive complements.

// npLeft returns the first noun phrase of the phrase that ends with noun
// phrase j: back over possessors and prepositional phrases ("the head of
// the FSB" → "the head"). It returns -1 when chunk j is not a noun phrase.
func (s *Sentence) npLeft(j int) int {
	if j < 0 || j >= len(s.Chunks) || s.Chunks[j].Kind != NP {
		return -1
	}
	for {
		switch {
		case j > 2 && s.Chunks[j-1].Kind == NP && s.Chunks[j-1].Possessor && s.Chunks[j-2].Kind == Prep && leftPreps[s.Chunks[j-2].Word] && s.Chunks[j-3].Kind == NP:
			j -= 3 // "agents with Iran's intelligence ministry"
		case j > 1 && s.Chunks[j-1].Kind == Prep && leftPreps[s.Chunks[j-1].Word] && s.Chunks[j-2].Kind == NP:
			j -= 2
		default:
			// the first conjunct of the group j belongs to
			if g := s.GroupOf(j); g != nil {
				return g.NPs[0]
			}
			return j
		}
	}
}

// afterBridge reports a noun phrase that ends the prepositional phrases of
// a verb that takes a "that" clause: "said on Tuesday that …".
func (s *Sentence) afterBridge(k int) bool {
	adjunct := false // "announced on Tuesday that …": any reporting verb
	for j := k - 1; j >= 0; j-- {
		switch s.Chunks[j].Kind {
		case Prep, NP, Adv:
			if s.Chunks[j].Kind == NP && (j == 0 || s.Chunks[j-1].Kind != Prep) {
				return false
			}
			adjunct = adjunct || s.Chunks[j].Kind == Prep
			continue
		case VG:
			vg := s.Chunks[j].Verb
			return s.bridges(vg) || adjunct && s.report != nil && vg != nil && s.report(vg.Lemma)
		}
		return false
	}
	return false
}

// ofLeft returns the first noun phrase of the "of" chain that ends with
// noun phrase j ("the head of the FSB, who …" → "the head"), or -1: the
// antecedent of a relative pronoun.
func (s *Sentence) ofLeft(j int) int {
	if j < 0 || j >= len(s.Chunks) || s.Chunks[j].Kind != NP {
		return -1
	}
	for j > 1 && s.Chunks[j-1].Kind == Prep && s.Chunks[j-1].Word == "of" && s.Chunks[j-2].Kind == NP {
		j -= 2
	}
	if g := s.GroupOf(j); g != nil {
		return g.NPs[0]
	}
	return j
}

// subject finds the subject of clause ci.
func (s *Sentence) subject(ci int) {
	c := &s.Clauses[ci]
	v := c.Verb
	vg := s.Chunks[v].Verb
	j := v - 1
	for j >= 0 && s.Chunks[j].Kind == Adv {
		j--
	}
	if vg.Infinitive {
		c.SubjBy = SubjControl
		return
	}
	if s.rereadPast(ci, j) {
		return
	}
	if !vg.Finite {
		if s.sharedGerund(ci, j) {
			return
		}
		s.nonFiniteSubject(ci, j)
		return
	}
	for steps := 0; j >= 0 && steps < 8; steps++ {
		switch s.Chunks[j].Kind {
		case Adv, Quote:
			j--
			continue
		case Close:
			j = s.openBefore(j) - 1
			if j >= 0 && s.Chunks[j].Kind == Comma {
				j--
			}
			continue
		case Rel:
			s.relativeSubject(ci, j)
			return
		case NP:
			if s.timeAgo(j) {
				j-- // "which only days ago blamed …": a time adverbial, not the subject
				continue
			}
			if np := s.npLeft(j); np >= 0 {
				if s.namingParticiple(ci, j) {
					// "disrupted a group nicknamed "Flax Typhoon"": this verb
					// is the participle
					vg.Participle, vg.Finite = true, false
					s.nonFiniteSubject(ci, j)
					return
				}
				if p := s.reducedPast(ci, np); p >= 0 {
					// "The complaint unsealed today charges …": the first verb
					// was a participle
					pv := s.Chunks[s.Clauses[p].Verb].Verb
					pv.Participle, pv.Finite = true, false
					s.Clauses[p].SubjBy, s.Clauses[p].Link = SubjReduced, LinkRelative
					c.Subj, c.SubjBy = s.Clauses[p].Subj, SubjExplicit
					return
				}
				if r := s.reducedOver(ci, np); r >= 0 {
					// "Two nationals associated with APT10 have been
					// indicted": past the participle phrase
					c.Subj, c.SubjBy = s.Clauses[r].Subj, SubjExplicit
					return
				}
				if a := s.ageOf(np); a >= 0 {
					np = a // "Tom Reed, 31, of Bristol, was arrested": the person, not the age
				}
				c.Subj, c.SubjBy = s.conjuncts(np), SubjExplicit
				s.relativeGap(ci, np)
				return
			}
		case Comma, Dash:
			if g := s.GroupOf(j - 1); g != nil && len(g.NPs) > 1 && g.End == j && g.NPs[0] > 0 && s.Chunks[g.NPs[0]-1].Kind == VG {
				// "said the NSA, CISA and the FBI, will expose": the list is the subject
				c.Subj, c.SubjBy = g.NPs, SubjExplicit
				return
			}
			if g := s.GroupOf(j - 1); g != nil && len(g.NPs) > 1 && g.NPs[0] >= 2 {
				if d := s.Chunks[g.NPs[0]-1].Kind; d == Dash || d == Colon {
					// "the agencies of the Nordic countries - Norway, …, and
					// Finland, issued": past the list
					j = g.NPs[0] - 2
					continue
				}
			}
			if k := s.parentheticalStart(j); k > 0 {
				j = k - 1
				continue
			}
		case VG:
			if s.subjectAcrossVerb(ci, j) {
				return
			}
		case Conj:
			if j > 0 && s.Chunks[j-1].Kind == VG && s.clauseOf[j-1] >= 0 && s.Chunks[j-1].Verb.Infinitive && s.Tokens[vg.Main].Tag == VB {
				// "attempting to undermine and destabilise X": the
				// infinitive's subject, known after control (see
				// sharedInfinitives)
				c.SubjBy, c.Head, c.Link = SubjShared, s.clauseOf[j-1], LinkCoordinate
				return
			}
			if p := s.previousFinite(ci, j); p >= 0 && len(s.Clauses[p].Subj) > 0 {
				c.Subj, c.SubjBy = s.Clauses[p].Subj, SubjShared
				c.Head, c.Link = p, LinkCoordinate
				return
			}
		}
		break
	}
	s.invertedSubject(ci)
}

// reducedOver returns the participle clause before clause ci whose
// arguments hold noun phrase np ("nationals associated with APT10 …"), or
// -1.
func (s *Sentence) reducedOver(ci, np int) int {
	for p := ci - 1; p >= 0; p-- {
		pc := &s.Clauses[p]
		if pc.Verb >= np || np >= pc.End {
			continue
		}
		// the clause or one it depends on ("accused of covertly collecting
		// … on behalf of a foreign principal") modifies a noun phrase
		for q, depth := p, 0; q >= 0 && depth < 4; depth++ {
			qc := &s.Clauses[q]
			if qc.SubjBy == SubjReduced && len(qc.Subj) > 0 {
				return q
			}
			if qc.Link != LinkComplement && qc.Link != LinkAdverbial {
				break
			}
			q = qc.Head
		}
	}
	return -1
}

// namingParticiple reports a past form right after the object of another
// past verb that names or places it ("disrupted a group nicknamed …",
// "sanctioned companies based in …"): a participle, not a new clause.
func (s *Sentence) namingParticiple(ci, j int) bool {
	c := &s.Clauses[ci]
	vg := s.Chunks[c.Verb].Verb
	if c.Verb != j+1 || !pastLike(s.Tokens[vg.Main].Lower) || s.Chunks[c.Verb].End-s.Chunks[c.Verb].Start != 1 {
		return false
	}
	p := ci - 1
	if p < 0 || s.Clauses[p].Verb >= j || j >= s.Clauses[p].End+1 || !s.Chunks[s.Clauses[p].Verb].Verb.Finite {
		return false
	}
	next := c.Verb + 1
	if next >= len(s.Chunks) {
		return false
	}
	k := s.Chunks[next]
	if s.bridge != nil && s.namingVerb(vg.Lemma) {
		return true
	}
	if pv := s.Chunks[s.Clauses[p].Verb].Verb; s.bridge != nil && s.bridge(pv.Lemma) && !pv.Copula {
		return false // "said the five officers served in Unit 61398"
	}
	return k.Kind == Quote || k.Kind == Prep && (k.Word == "by" || k.Word == "as" || k.Word == "in")
}

// namingVerb reports verbs that name: "dubbed", "nicknamed", "called".
func (s *Sentence) namingVerb(lemma string) bool {
	switch lemma {
	case "dub", "nickname", "call", "name", "know", "base", "link", "tie", "associate":
		return true
	}
	return false
}

// reducedPast returns the clause before clause ci that holds noun phrase
// np as its object when the two verbs follow each other with nothing that
// joins clauses between them: the first is then a participle ("The
// indictment released Friday names …"). -1 if none.
func (s *Sentence) reducedPast(ci, np int) int {
	for p := ci - 1; p >= 0; p-- {
		pc := &s.Clauses[p]
		pv := s.Chunks[pc.Verb].Verb
		if pc.Verb >= np || np >= pc.End {
			continue
		}
		if pc.Head >= 0 || pc.SubjBy != SubjExplicit || !pv.Finite || pv.Tense != Past || pv.Modal != "" ||
			!pastLike(s.Tokens[pv.Main].Lower) || s.Chunks[pc.Verb].End-s.Chunks[pc.Verb].Start != 1 {
			return -1
		}
		for k := pc.Verb + 1; k < s.Clauses[ci].Verb; k++ {
			if kk := s.Chunks[k].Kind; kk == Conj || kk == Sub || kk == Rel || kk == Comma || kk == Colon || kk == Quote || kk == Prep {
				return -1 // a preposition between: "put X on its newly expanded entity list"
			}
		}
		return p
	}
	return -1
}

// nonFiniteSubject finds the subject of a participle or gerund: the noun
// phrase it modifies ("officials accused of …", "hackers working for …",
// "X, accused of …"), or, after a finite verb ("stands accused of"), the
// subject of that verb. After a preposition or a comma the governing
// clause decides (control).
func (s *Sentence) nonFiniteSubject(ci, j int) {
	c := &s.Clauses[ci]
	vg := s.Chunks[c.Verb].Verb
	if j < 0 {
		// "Helped by Interpol, police in six countries … seized":
		// the participle that opens the sentence goes with the main clause
		c.SubjBy, c.Link = SubjControl, LinkAdverbial
		return
	}
	switch s.Chunks[j].Kind {
	case NP:
		if p := s.clauseBefore(j); p >= 0 && vg.Gerund && s.Chunks[s.Clauses[p].Verb].Verb.Lemma == "spend" {
			// "spent ten years breaking into …": the spender breaks in
			c.Subj, c.SubjBy, c.Head, c.Link = s.Clauses[p].Subj, SubjControl, p, LinkComplement
			return
		}
		if np := s.npLeft(j); np >= 0 {
			c.Subj, c.SubjBy, c.Link = s.conjuncts(j), SubjReduced, LinkRelative
			if g := s.GroupOf(j); g != nil {
				c.Subj = g.NPs
			}
			return
		}
	case Comma:
		b := j - 1
		if b > 0 && s.Chunks[b].Kind == Close {
			b = s.openBefore(b) - 1 // "the CISA (CISA), joined by …"
		}
		if vg.Participle && b >= 0 && s.Chunks[b].Kind == NP {
			c.Subj, c.SubjBy, c.Link = s.conjuncts(b), SubjReduced, LinkRelative
			return
		}
		c.SubjBy, c.Link = SubjControl, LinkAdverbial
		if p := s.previousFinite(ci, j); p >= 0 {
			c.Head = p
		}
	case VG:
		// "stands accused of", "was last known to": the participle goes
		// with the verb before it
		if p := s.clauseOf[j]; p >= 0 && vg.Participle {
			c.Subj, c.SubjBy, c.Head, c.Link = s.Clauses[p].Subj, SubjControl, p, LinkComplement
		}
		// "will keep working with X", "began targeting Y": a gerund that
		// complements the verb before it has that verb's subject
		if p := s.clauseOf[j]; p >= 0 && vg.Gerund && !s.Chunks[j].Verb.Copula && !s.bridges(s.Chunks[j].Verb) {
			c.Subj, c.SubjBy, c.Head, c.Link = s.Clauses[p].Subj, SubjControl, p, LinkComplement
		}
	default:
		c.SubjBy = SubjControl
	}
}

// relativeSubject handles a clause after a relative pronoun at chunk r:
// "Two men who were arrested …" (subject relative), "the companies that the
// group hacked" (object relative: the antecedent is the gap).
func (s *Sentence) relativeSubject(ci, r int) {
	c := &s.Clauses[ci]
	a := r - 1
	if a > 1 && s.Chunks[a].Kind == Prep && s.Chunks[a].Word == "of" && s.Chunks[a-1].Kind == NP {
		a -= 2 // "…, all of which", "some of whom"
	}
	if a >= 0 && s.Chunks[a].Kind == Comma {
		a--
	}
	if a >= 2 && s.Chunks[a].Kind == Close && s.Chunks[a-1].Kind == NP && s.Chunks[a-2].Kind == Open && a >= 3 && s.Chunks[a-3].Kind == NP {
		a -= 3 // "the National Cyber Security Centre (NCSC), which …": past the acronym
	}
	ante := s.ofLeft(a)
	if w := s.Chunks[r].Word; w == "that" && a >= 0 && s.Chunks[a].Kind == NP {
		ante = a // "a group that hacked": the nearest noun phrase
		if g := s.GroupOf(a); g != nil && len(g.NPs) > 1 {
			ante = g.NPs[0]
		}
	}
	c.Link = LinkRelative
	if ante < 0 {
		return
	}
	if r+1 < c.Verb && s.Chunks[r+1].Kind == NP && s.Chunks[r].Word != "whose" && !s.timeAgo(r+1) {
		// "… that U.S. authorities believe …": an explicit subject
		c.Subj, c.SubjBy = s.conjuncts(r+1), SubjExplicit
		c.Gap = s.conjuncts(ante)
		return
	}
	c.Subj, c.SubjBy = s.conjuncts(ante), SubjRelative
}

// relativeGap marks an object relative whose subject was found directly:
// "the group that U.S. authorities believe …" reaches here when the
// relative pronoun precedes the subject noun phrase np.
func (s *Sentence) relativeGap(ci, np int) {
	r := np - 1
	if r < 0 || s.Chunks[r].Kind != Rel || s.Chunks[r].Word == "whose" {
		return
	}
	c := &s.Clauses[ci]
	c.Link = LinkRelative
	a := r - 1
	if a > 0 && s.Chunks[a].Kind == Comma {
		a--
	}
	if ante := s.ofLeft(a); ante >= 0 {
		c.Gap = s.conjuncts(ante)
	}
}

// invertedSubject handles "“…,” said X" and "…, said X": a verb with no
// subject before it, right after a comma or quote, followed by a noun
// phrase.
func (s *Sentence) invertedSubject(ci int) {
	c := &s.Clauses[ci]
	v := c.Verb
	vg := s.Chunks[v].Verb
	if v == 0 || v+1 >= len(s.Chunks) || vg.Passive || vg.Perfect || vg.Modal != "" {
		return
	}
	prev := s.Chunks[v-1].Kind
	if prev != Comma && prev != Quote {
		return
	}
	if s.Chunks[v+1].Kind != NP {
		return
	}
	end := s.groupEnd(v + 1)
	if end < len(s.Chunks) {
		if k := s.Chunks[end].Kind; k != End && k != Comma && k != Prep && k != Quote && k != NP && k != Close {
			return
		}
	}
	c.Subj, c.SubjBy = s.conjuncts(v+1), SubjInverted
}

// control gives a subject to infinitives, gerunds after prepositions and
// adverbial participles: the object of the governing clause for "accused X
// of hacking", "charged X with …", "urged X to …"; its subject otherwise
// ("tried to hack", "after hacking", ", calling it …", and passives: "X was
// accused of hacking").
func (s *Sentence) control(ci int) {
	c := &s.Clauses[ci]
	if c.SubjBy != SubjControl || len(c.Subj) > 0 {
		return
	}
	if v := c.Verb; s.Chunks[v].Verb.Infinitive && v > 1 && s.Chunks[v-1].Kind == NP && !s.Tokens[s.Chunks[v-1].Head].Tag.IsProper() &&
		s.Chunks[v-1].Atom < 0 && (s.Chunks[v-2].Kind == Prep || s.Chunks[v-1].Poss >= 0 || s.Tokens[s.Chunks[v-1].Start].Tag == PRP || s.properModifier(v-1)) {
		// "over its attempts to undermine Ukraine", "with conspiracy to
		// murder …": the infinitive complements the noun
		c.Subj, c.SubjBy = []int{v - 1}, SubjNoun
		if p := s.clauseOfChunk(v - 1); p >= 0 {
			c.Head, c.Link = p, LinkComplement
		}
		return
	}
	if c.Head < 0 {
		p := s.previousFinite(ci, c.Verb)
		for q := ci - 1; q >= 0; q-- {
			if s.Clauses[q].End == c.Verb && s.Chunks[s.Clauses[q].Verb].Verb.Finite {
				p = q // "who are attempting to undermine …"
				break
			}
		}
		switch {
		case p >= 0 && (s.Clauses[p].End == c.Verb || s.Clauses[p].End == c.Verb-1 && s.Chunks[c.Verb-1].Kind == Prep &&
			s.Chunks[c.Verb-1].End-s.Chunks[c.Verb-1].Start == 1 && s.Chunks[s.Clauses[p].Verb].Verb.Particle == ""):
			// an infinitive right after another verb group's arguments, or
			// after its particle ("went on to denounce the bank")
			c.Head, c.Link = p, LinkComplement
		case p >= 0 && !s.Chunks[c.Verb].Verb.Infinitive && c.Verb > 2 && s.Chunks[c.Verb-1].Kind == Prep && s.Chunks[c.Verb-2].Kind == Adj &&
			s.Chunks[c.Verb-3].Kind == VG && s.clauseOf[c.Verb-3] == p:
			// "pleaded guilty to hacking …", "was responsible for hacking
			// …": the act of the adjective's subject
			c.Head, c.Link = p, LinkComplement
		case p >= 0 && c.Verb > 0 && s.Chunks[c.Verb-1].Kind == Sub:
			// "while employed by …", "after hacking …": the main clause's subject
			c.Head, c.Link = p, LinkAdverbial
		case c.Link == LinkAdverbial && p < 0:
			for n := ci + 1; n < len(s.Clauses); n++ {
				if nc := &s.Clauses[n]; s.Chunks[nc.Verb].Verb.Finite && nc.Head < 0 && len(nc.Subj) > 0 {
					c.Head = n
					break
				}
			}
			if c.Head < 0 {
				return
			}
		default:
			return
		}
	}
	h := &s.Clauses[c.Head]
	hv := s.Chunks[h.Verb].Verb
	vg := s.Chunks[c.Verb].Verb
	switch {
	case vg.Infinitive && len(h.Obj) > 0 && objectControl[hv.Lemma]:
		c.Subj = h.Obj
	case !vg.Infinitive && c.Link == LinkComplement && len(h.Obj) > 0:
		c.Subj = h.Obj
	default:
		c.Subj = h.Subj
	}
}

// clauseBefore returns the clause of the verb group right before noun
// phrase j (its object), else -1.
func (s *Sentence) clauseBefore(j int) int {
	if j > 0 && s.Chunks[j-1].Kind == VG {
		return s.clauseOf[j-1]
	}
	return -1
}

// clauseOfChunk returns the innermost clause whose verb comes before chunk
// k and whose arguments reach it, or -1.
func (s *Sentence) clauseOfChunk(k int) int {
	best := -1
	for ci := range s.Clauses {
		c := &s.Clauses[ci]
		if c.Verb < k && c.End > k && (best < 0 || c.Verb > s.Clauses[best].Verb) {
			best = ci
		}
	}
	return best
}

// rereadPast corrects the tagger's reading of a past form from its
// context before the subject is looked for: a participle read as a past
// tense (", joined by A and B,"), a past tense read as a participle (after
// a parenthetical, in a relative, after a verb of saying, before its
// object), a relative clause without "that" ("accounts the company linked
// to …"). It returns true when it has settled the clause's subject itself.
func (s *Sentence) rereadPast(ci, j int) bool {
	c := &s.Clauses[ci]
	v := c.Verb
	vg := s.Chunks[v].Verb
	if !vg.Participle && vg.Tense == Past && j > 0 && s.Chunks[j].Kind == Comma && pastLike(s.Tokens[vg.Main].Lower) &&
		s.Chunks[v].End-s.Chunks[v].Start == 1 && v+1 < len(s.Chunks) && s.Chunks[v+1].Kind == Prep && s.Chunks[v+1].Word == "by" {
		// "X, joined by A and B, released …": a participle read as a past tense
		vg.Participle, vg.Finite = true, false
	}
	byAgent := v+1 < len(s.Chunks) && s.Chunks[v+1].Kind == Prep && s.Chunks[v+1].Word == "by"
	if vg.Participle && !byAgent && j > 0 && s.Chunks[j].Kind == Comma && s.parentheticalStart(j) > 0 && pastLike(s.Tokens[vg.Main].Lower) {
		// "Kaspersky, which has …, argued that": a past tense the tagger
		// read as a participle, after a parenthetical
		vg.Participle, vg.Finite, vg.Tense = false, true, Past
	}
	if j > 1 && s.Chunks[j].Kind == NP && s.Chunks[j-1].Kind == Sub && s.Chunks[j-1].Word == "that" && s.Chunks[j-2].Kind == NP &&
		s.claimNoun != nil && !s.claimNoun(s.Tokens[s.Chunks[s.ClaimHead(j-2)].Head].Lower) && !s.afterBridge(j-2) {
		// "procedures that Chinese actors used": a relative clause, though
		// "that" was read as a conjunction
		s.Chunks[j-1].Kind = Rel
	}
	if vg.Participle && !byAgent && j > 0 && s.Chunks[j].Kind == NP && s.Chunks[j-1].Kind == Rel && pastLike(s.Tokens[vg.Main].Lower) {
		// "tactics that Chinese actors used": a past tense in a relative
		vg.Participle, vg.Finite, vg.Tense = false, true, Past
	}
	if vg.Participle && !byAgent && j > 0 && s.Chunks[j].Kind == NP && pastLike(s.Tokens[vg.Main].Lower) &&
		s.Chunks[v].End-s.Chunks[v].Start == 1 && s.Chunks[j-1].Kind == VG && s.bridges(s.Chunks[j-1].Verb) && !s.Chunks[j-1].Verb.Copula {
		// "Prosecutors said the five officers served in …": a past tense
		// after a verb of saying, not a participle; what the verb of saying
		// took as its object is this clause's subject
		vg.Participle, vg.Finite, vg.Tense = false, true, Past
		if p := s.clauseOf[j-1]; p >= 0 {
			pc := &s.Clauses[p]
			if len(pc.Obj) > 0 && pc.Obj[0] == s.npLeft(j) {
				pc.Obj = nil
				c.Head, c.Link = p, LinkComplement
			}
		}
	}
	if !vg.Participle && vg.Tense == Past && j > 1 && s.Chunks[j].Kind == NP && s.Chunks[j-1].Kind == Prep && pastLike(s.Tokens[vg.Main].Lower) &&
		s.Chunks[v].End-s.Chunks[v].Start == 1 && v+1 < len(s.Chunks) && s.Chunks[v+1].Kind == Prep && s.hasFinite(0, j-1) {
		// "linked the networks to operations attributed to Russia": after
		// the object of a preposition, with a finite verb before, a past
		// form is a participle
		vg.Participle, vg.Finite = true, false
	}
	if vg.Participle && !byAgent && j > 0 && s.Chunks[j].Kind == VG && pastLike(s.Tokens[vg.Main].Lower) && s.Chunks[v].End-s.Chunks[v].Start == 1 {
		// "X, whom prosecutors alleged controlled Y": a past tense right
		// after the verb of an object relative; its subject is the gap
		if p := s.clauseOf[j]; p >= 0 && len(s.Clauses[p].Gap) > 0 && len(s.Clauses[p].Obj) == 0 && s.bridges(s.Chunks[j].Verb) {
			vg.Participle, vg.Finite, vg.Tense = false, true, Past
			c.Subj, c.SubjBy = s.Clauses[p].Gap, SubjRelative
			c.Head, c.Link = p, LinkComplement
			s.Clauses[p].Gap = nil
			return true
		}
	}
	if vg.Participle && !byAgent && j > 1 && s.Chunks[j].Kind == NP && s.Chunks[j-1].Kind == NP && !s.Chunks[j-1].Possessor &&
		pastLike(s.Tokens[vg.Main].Lower) && s.Chunks[v].End-s.Chunks[v].Start == 1 &&
		(s.Tokens[s.Chunks[j].Start].Tag == DT || s.Tokens[s.Chunks[j].Start].Tag == PRP) {
		// "networks of accounts the company linked to …": a relative
		// clause without "that", its subject right before the verb
		vg.Participle, vg.Finite, vg.Tense = false, true, Past
		c.Subj, c.SubjBy, c.Link = []int{j}, SubjExplicit, LinkRelative
		c.Gap = []int{s.npLeft(j - 1)}
		if p := s.clauseBefore(s.npLeft(j - 1)); p >= 0 {
			c.Head = p
		}
		return true
	}
	if vg.Participle && !vg.Passive && !byAgent && pastLike(s.Tokens[vg.Main].Lower) && s.Chunks[v].End-s.Chunks[v].Start == 1 &&
		v+1 < len(s.Chunks) && s.Chunks[v+1].Kind == NP && j >= 0 && (s.Chunks[j].Kind == NP || s.Chunks[j].Kind == Close) &&
		!s.hasFinite(0, v) && s.Chunks[j].Kind != Comma {
		// "The State Department's sanctions office (SDO) listed the four
		// firms on …": a past tense with an object and no finite verb before
		vg.Participle, vg.Finite, vg.Tense = false, true, Past
	}
	return false
}

// timeAgo reports a noun phrase that is a time adverbial: "days ago",
// "only weeks earlier".
func (s *Sentence) timeAgo(k int) bool {
	if k+1 >= len(s.Chunks) || s.Chunks[k+1].Kind != Adv || !durationNoun[s.Tokens[s.Chunks[k].Head].Lower] {
		return false // "the group later targeted …": a subject
	}
	switch s.Tokens[s.Chunks[k+1].Start].Lower {
	case "ago", "earlier", "later", "before":
		return true
	}
	return false
}

// properModifier reports a noun phrase headed by a noun that takes an
// infinitive ("decision", "attempt") with a name before it: "the U.S.
// decision to ban …" is the country's; the name says whose the noun is.
func (s *Sentence) properModifier(k int) bool {
	c := s.Chunks[k]
	if !infinitiveNoun[s.Tokens[c.Head].Lower] {
		return false
	}
	for i := c.Start; i < c.Head; i++ {
		if s.Tokens[i].Tag.IsProper() {
			return true
		}
	}
	return false
}

// infinitiveNoun holds nouns whose infinitive complement says what their
// owner does: "the decision to ban", "an attempt to hack".
var infinitiveNoun = map[string]bool{
	"decision": true, "move": true, "attempt": true, "attempts": true, "effort": true, "efforts": true,
	"plan": true, "plans": true, "bid": true, "push": true, "refusal": true, "failure": true, "campaign": true,
}

// durationNoun holds the heads of noun phrases that measure time: "days
// ago", "a year earlier".
var durationNoun = map[string]bool{
	"second": true, "seconds": true, "minute": true, "minutes": true, "hour": true, "hours": true, "day": true, "days": true,
	"week": true, "weeks": true, "month": true, "months": true, "year": true, "years": true, "decade": true, "decades": true,
	"time": true, "moment": true, "while": true, "period": true,
}

// ageOf returns the noun phrase whose age noun phrase k gives ("Tom Reed,
// 31, of Bristol"), or -1.
func (s *Sentence) ageOf(k int) int {
	c := s.Chunks[k]
	if c.End-c.Start != 1 || s.Tokens[c.Start].Tag != CD || k < 2 || s.Chunks[k-1].Kind != Comma || s.Chunks[k-2].Kind != NP {
		return -1
	}
	if k+1 < len(s.Chunks) && s.Chunks[k+1].Kind != Comma {
		return -1
	}
	if g := s.GroupOf(k - 2); g != nil {
		return g.NPs[0]
	}
	return k - 2
}

// subjectAcrossVerb gives clause ci, whose verb group follows verb group
// chunk j, the subject that a clause ending at j leaves it: the antecedent
// of a relative whose reported clause it is ("men who the police said had
// worked for …", "a company it said had supported the group"), or of a
// relative clause it follows ("The three men who were detained had
// worked …").
func (s *Sentence) subjectAcrossVerb(ci, j int) bool {
	c := &s.Clauses[ci]
	vg := s.Chunks[c.Verb].Verb
	// "men who the police said had worked for …": the
	// relative's antecedent is the subject of the reported clause
	if p := s.clauseOf[j]; p >= 0 && len(s.Clauses[p].Gap) > 0 && len(s.Clauses[p].Obj) == 0 {
		c.Subj, c.SubjBy = s.Clauses[p].Gap, SubjRelative
		c.Head, c.Link = p, LinkComplement
		s.Clauses[p].Gap = nil
		return true
	}
	if p := s.clauseOf[j]; p >= 0 && vg.Finite && s.Clauses[p].Link == LinkRelative && s.Clauses[p].SubjBy == SubjRelative &&
		len(s.Clauses[p].Subj) > 0 && s.Clauses[p].End == c.Verb {
		// "The three men who were detained had worked …": past the
		// relative clause to its antecedent
		c.Subj, c.SubjBy = s.Clauses[p].Subj, SubjExplicit
		return true
	}
	if p := s.clauseOf[j]; p >= 0 && vg.Finite && j >= 2 && s.Chunks[j-1].Kind == NP && s.Chunks[j-2].Kind == NP &&
		!s.Chunks[j-2].Possessor && s.isDescription(j-2) && s.Chunks[j].Verb.Finite && s.bridges(s.Chunks[j].Verb) &&
		len(s.Clauses[p].Subj) == 1 && s.Clauses[p].Subj[0] == j-1 && len(s.Clauses[p].Obj) == 0 {
		// "a company it said had supported the group": a relative
		// without "that"; its antecedent is the reported clause's
		// subject
		c.Subj, c.SubjBy = []int{j - 2}, SubjRelative
		c.Head, c.Link = p, LinkComplement
		return true
	}
	return false
}

// sharedGerund gives a gerund after "and" (chunk j) the subject and head
// of the gerund before it: "actors disseminating disinformation and
// targeting the EU".
func (s *Sentence) sharedGerund(ci, j int) bool {
	c := &s.Clauses[ci]
	if !s.Chunks[c.Verb].Verb.Gerund || j < 1 || s.Chunks[j].Kind != Conj {
		return false
	}
	for k := j - 1; k >= 0 && k >= j-4; k-- {
		switch s.Chunks[k].Kind {
		case NP, Prep:
			continue
		case VG:
			p := s.clauseOf[k]
			if p < 0 || p >= ci || !s.Chunks[k].Verb.Gerund || len(s.Clauses[p].Subj) == 0 {
				return false
			}
			c.Subj, c.SubjBy = s.Clauses[p].Subj, SubjShared
			c.Head, c.Link = p, LinkCoordinate
			return true
		}
		return false
	}
	return false
}
