package syntax

// groups finds the coordinated noun phrases and the appositions.
//
// A coordination is a list of noun phrases (each with its "of" phrases)
// separated by commas and ending with "and", "or" or "as well as" before the
// last one: "the US, the UK, and Canada", "Lazarus Group, Bluenoroff and
// Andariel". A comma list without a final conjunction is not a
// coordination: its second phrase is an apposition of the first when it
// describes it ("Bortnikov, the head of Russia's FSB,"). A last conjunct
// followed by a finite verb starts a new clause instead ("… were arrested,
// and three dozen officers were charged").
func (s *Sentence) groups() {
	s.groupOf = make([]int, len(s.Chunks))
	for i := range s.groupOf {
		s.groupOf[i] = -1
	}
	for i := 0; i < len(s.Chunks); i++ {
		if s.Chunks[i].Kind != NP || s.groupOf[i] >= 0 || s.Chunks[i].Possessor {
			continue
		}
		g := s.coordinationAt(i)
		idx := len(s.Groups)
		s.Groups = append(s.Groups, g)
		for _, np := range g.NPs {
			s.groupOf[np] = idx
		}
		i = g.End - 1
	}
	// possessors and phrases inside "of" chains get groups of their own
	for i := range s.Chunks {
		if s.Chunks[i].Kind == NP && s.groupOf[i] < 0 {
			s.groupOf[i] = len(s.Groups)
			s.Groups = append(s.Groups, Group{NPs: []int{i}, End: s.ofChain(i)})
		}
	}
	s.appositions()
	s.listAppositions()
}

// ofChain returns the chunk index after noun phrase i and the "of" phrases
// that follow it ("the head of the FSB of Russia").
func (s *Sentence) ofChain(i int) int {
	j := i + 1
	if c := s.Chunks[i]; c.Head >= 0 && (s.Tokens[c.Head].Tag == PRP || c.Atom >= 0 && s.isBareName(i)) && i > 0 && s.Chunks[i-1].Kind == VG {
		// a name or pronoun right after a verb takes no "of" phrase: in
		// "accused the GRU of the attack" the "of" is the verb's
		return j
	}
	for j+1 < len(s.Chunks) && s.Chunks[j].Kind == Prep && s.Chunks[j].Word == "of" && s.Chunks[j+1].Kind == NP {
		j += 2
		for j < len(s.Chunks) && s.Chunks[j-1].Possessor && s.Chunks[j].Kind == NP {
			j++
		}
	}
	return j
}

// npEnd returns the chunk index after noun phrase i, past a possessed
// phrase ("China's" → past "Ministry of State Security").
func (s *Sentence) npEnd(i int) int {
	for i+1 < len(s.Chunks) && s.Chunks[i].Possessor && s.Chunks[i+1].Kind == NP && s.Chunks[i+1].Poss == i {
		i++
	}
	return i + 1
}

// coordinationAt builds the group that starts at noun phrase i.
func (s *Sentence) coordinationAt(i int) Group {
	g := Group{NPs: []int{i}, End: s.ofChain(i)}
	if i == 1 && s.Chunks[0].Kind == Prep && g.End < len(s.Chunks) && s.Chunks[g.End].Kind == Comma {
		// "In a joint advisory, the NCSC, the CSE and the NSA said": an
		// opening phrase, not the first of a list; but "In partnership
		// with A, B and C, the Treasury is …": a list that a comma and
		// the subject close is the opening phrase's object
		if l := s.listFrom(i, g); len(l.NPs) > 1 && l.End+1 < len(s.Chunks) && s.Chunks[l.End].Kind == Comma && s.Chunks[l.End+1].Kind == NP {
			return l
		}
		return g
	}
	if s.namedList(i) {
		// "The two Malaysians, Wong Ong Hua and Ling Yang Ching,": the
		// names that follow a plural description are its apposition
		return g
	}
	return s.listFrom(i, g)
}

// listFrom extends group g, which starts at noun phrase i, with the
// conjuncts that follow it.
func (s *Sentence) listFrom(i int, g Group) Group {
	var pending []int // conjuncts after commas, confirmed by a final conjunction
	j := g.End
	for j < len(s.Chunks) {
		c := s.Chunks[j]
		if c.Kind == Open {
			// "Zhu Hua (aka …) and Zhang Shilong": a parenthesis after a conjunct
			k := j + 1
			for k < len(s.Chunks) && k < j+20 && s.Chunks[k].Kind != Close {
				k++
			}
			if k < len(s.Chunks) && s.Chunks[k].Kind == Close {
				j = k + 1
				if j < len(s.Chunks) && s.Chunks[j].Kind == Comma && j+1 < len(s.Chunks) && s.Chunks[j+1].Kind == Conj {
					j++
				}
				continue
			}
		}
		if c.Kind == Prep && c.Word != "of" && j+1 < len(s.Chunks) && s.Chunks[j+1].Kind == NP && s.detStart(i) {
			// "a 2014 attack on Sony, a 2016 theft of … from …, and a 2017
			// attack": conjuncts with phrases of their own, when the next
			// conjunct starts like this one
			e := s.ofChain(j + 1)
			for e+1 < len(s.Chunks) && s.Chunks[e].Kind == Prep && s.Chunks[e+1].Kind == NP {
				e = s.ofChain(e + 1)
			}
			if e+1 < len(s.Chunks) && s.Chunks[e].Kind == Comma && (s.isConjunct(e+1) && s.detStart(e+1) && !s.named(e+1) ||
				e+2 < len(s.Chunks) && s.Chunks[e+1].Kind == Conj && s.detStart(e+2) && !s.named(e+2)) {
				j = e
				continue
			}
		}
		switch {
		case c.Kind == Comma && j+1 < len(s.Chunks) && s.isConjunct(j+1):
			p := s.possessed(j + 1)
			pending = append(pending, p)
			j = s.ofChain(p)
			continue
		case c.Kind == Comma && j+2 < len(s.Chunks) && s.Chunks[j+1].Kind == Conj && isListConj(s.Chunks[j+1].Word) && s.isConjunct(j+2):
			j++ // Oxford comma: fall through to the conjunction
			continue
		case c.Kind == Conj && isListConj(c.Word) && j+1 < len(s.Chunks) && s.isConjunct(j+1):
			last := s.possessed(j + 1)
			if s.startsClause(last) && (s.Chunks[j-1].Kind == Comma || s.objectPosition(i)) {
				break // "…, and three dozen officers were charged"
			}
			g.NPs = append(g.NPs, pending...)
			g.NPs = append(g.NPs, last)
			g.Conj = c.Word
			g.End = s.ofChain(last)
			return g
		}
		break
	}
	return g
}

// objectPosition reports whether noun phrase i follows a verb or a
// preposition: it is an object, so a conjunct after it that has a verb of
// its own is the subject of a new clause.
func (s *Sentence) objectPosition(i int) bool {
	if i == 0 {
		return false
	}
	k := s.Chunks[i-1].Kind
	if k == VG && s.bridges(s.Chunks[i-1].Verb) {
		// "says the United States and Israel were behind …": the list is
		// the subject of what is said
		return false
	}
	if k == Prep && subordinators[s.Chunks[i-1].Word] {
		// "came as the administration and its allies blamed …": a
		// subordinator before a list with a verb of its own
		return false
	}
	return k == VG || k == Prep
}

// namedList reports a plural description followed by a comma and a list
// of names: "The two Malaysians, Wong Ong Hua and Ling Yang Ching".
func (s *Sentence) namedList(i int) bool {
	c := s.Chunks[i]
	ht := s.Tokens[c.Head]
	if ht.Tag != NNS && ht.Tag != NNPS || c.Atom >= 0 && s.isBareName(i) {
		return false
	}
	j := s.ofChain(i)
	if j+3 >= len(s.Chunks) || s.Chunks[j].Kind != Comma || s.Chunks[j+1].Kind != NP || s.Chunks[j+1].Atom < 0 {
		return false
	}
	// the names up to the conjunction before the last one
	k := j + 1
	for k < len(s.Chunks) && k < j+12 {
		if s.Chunks[k].Kind == NP && s.Chunks[k].Atom >= 0 {
			k++
			continue
		}
		if s.Chunks[k].Kind == Comma || s.Chunks[k].Kind == Conj {
			k++
			continue
		}
		break
	}
	return k > j+3
}

// detStart reports a noun phrase that starts with an article.
func (s *Sentence) detStart(k int) bool {
	if k >= len(s.Chunks) || s.Chunks[k].Kind != NP {
		return false
	}
	w := s.Tokens[s.Chunks[k].Start].Lower
	return w == "a" || w == "an" || w == "the"
}

// isConjunct reports whether chunk k can be a conjunct: a noun phrase that
// is not a possessor of a following phrase in another role.
func (s *Sentence) isConjunct(k int) bool {
	return k < len(s.Chunks) && s.Chunks[k].Kind == NP
}

// isListConj reports the conjunctions that build noun-phrase lists.
func isListConj(w string) bool { return w == "and" || w == "or" || w == "as well as" || w == "&" }

// startsClause reports whether the noun phrase at k (with its "of"
// phrases) is followed by a finite verb group: the subject of a new clause.
func (s *Sentence) startsClause(k int) bool {
	j := s.ofChain(k)
	if g := s.GroupOf(k); g != nil && len(g.NPs) > 1 && g.NPs[0] == k {
		j = g.End
		if j < len(s.Chunks) && s.Chunks[j].Kind == Comma {
			j++ // "said the NSA, CISA and the FBI, will expose …"
		}
	}
	for j < len(s.Chunks) && s.Chunks[j].Kind == Adv {
		j++
	}
	// a prepositional phrase may sit between subject and verb: "officers
	// with China's police force were charged"
	if j+1 < len(s.Chunks) && s.Chunks[j].Kind == Prep && s.Chunks[j+1].Kind == NP {
		j = s.ofChain(j + 1)
	}
	if j < len(s.Chunks) && s.Chunks[j].Kind == Comma {
		j = s.pastParenthetical(j)
	}
	return j < len(s.Chunks) && s.Chunks[j].Kind == VG && s.Chunks[j].Verb.Finite
}

// pastParenthetical returns the chunk after a parenthetical without a
// finite verb that opens with the comma at j and closes with a comma ("the
// group APT29, also known as Cozy Bear, had …"), or j.
func (s *Sentence) pastParenthetical(j int) int {
	for e := j + 1; e < len(s.Chunks) && e < j+10; e++ {
		c := s.Chunks[e]
		switch {
		case c.Kind == Comma:
			if e > j+1 {
				return e + 1
			}
			return j
		case c.Kind == VG && c.Verb.Finite, c.Kind == Sub, c.Kind == Rel, c.Kind == End, c.Kind == Quote:
			return j
		}
	}
	return j
}

// appositions finds "NP, NP," pairs that are not coordinations: a name and
// a description of it, or a description and the name it introduces.
func (s *Sentence) appositions() {
	for gi := range s.Groups {
		g := &s.Groups[gi]
		if len(g.NPs) != 1 {
			continue
		}
		a := g.NPs[0]
		j := g.End
		if j+4 < len(s.Chunks) && s.Chunks[j].Kind == Open && s.Chunks[j+1].Kind == NP && s.Chunks[j+2].Kind == Close &&
			s.Chunks[j+3].Kind == Comma && s.Chunks[j+4].Kind == NP && s.isDescription(j+4) && len(g.NPs) == 1 {
			// "the Hainan State Security Department (HSSD), a provincial arm
			// of the MSS": past the acronym
			s.Appositions = append(s.Appositions, Apposition{NP: a, Appos: j + 4})
			continue
		}
		if j+1 >= len(s.Chunks) || s.Chunks[j].Kind != Comma && s.Chunks[j].Kind != Dash && s.Chunks[j].Kind != Open {
			continue
		}
		if s.Chunks[j].Kind == Open && s.Chunks[j-1].Kind == NP {
			a = j - 1 // "officers of the Hainan State Security Department (HSSD)": the name before
		}
		if a == 1 && s.Chunks[0].Kind == Prep && s.Chunks[j].Kind == Comma {
			continue // "In a related case, Ivo Lind, …": an opening adverbial, not the name's description
		}
		b := j + 1
		if s.Chunks[b].Kind == NP && s.Chunks[b].Possessor && b+1 < len(s.Chunks) && s.Chunks[b+1].Kind == NP {
			b++ // "Tom Burt, Microsoft's corporate vice president, …"
		}
		if s.Chunks[b].Kind != NP || s.groupOf[b] < 0 {
			continue
		}
		if len(s.Groups[s.groupOf[b]].NPs) > 1 {
			// "The Five Eyes countries - the US, the UK, …", "The two
			// Malaysians, Wong Ong Hua and Ling Yang Ching,": a plural noun
			// and the list that names its members
			if (s.Chunks[j].Kind == Dash || s.Chunks[j].Kind == Colon || s.Chunks[j].Kind == Open || s.namedList(a)) && (s.Tokens[s.Chunks[a].Head].Tag == NNS || s.Tokens[s.Chunks[a].Head].Tag == NNPS) {
				s.Appositions = append(s.Appositions, Apposition{NP: a, Appos: b})
			}
			continue
		}
		end := s.Groups[s.groupOf[b]].End
		// the apposition ends where the comma, dash or parenthesis closes,
		// or at the end of the sentence, or before a verb
		if end < len(s.Chunks) {
			k := s.Chunks[end].Kind
			trailingPP := k == Prep && end+1 < len(s.Chunks) && s.Chunks[end+1].Kind == NP && s.endsSentence(s.groupEnd(end+1))
			// "John Smith, a senior official at the Justice Department, said"
			e := end
			if s.Chunks[e].Kind == VG && (s.Chunks[e].Verb.Participle || s.Chunks[e].Verb.Gerund) && e+1 < len(s.Chunks) && s.Chunks[e+1].Kind == Prep {
				e++ // "APT40, a group linked to the MSS, …": a reduced relative inside
			} else if s.Chunks[e].Kind == Adj && e+1 < len(s.Chunks) && s.Chunks[e+1].Kind == Prep {
				e++ // "Andrew Little, the minister responsible for the GCSB, …"
			}
			for e+1 < len(s.Chunks) && s.Chunks[e].Kind == Prep && s.Chunks[e+1].Kind == NP && e < end+6 {
				e = s.groupEnd(e + 1)
				if e < len(s.Chunks) && s.Chunks[e].Kind == NP && s.Chunks[e-1].Kind == NP && s.Chunks[e-1].Possessor {
					e = s.groupEnd(e) // "behind last year's SolarWinds compromise"
				}
			}
			if e > end && e+2 < len(s.Chunks) && s.Chunks[e].Kind == Comma && s.Chunks[e+1].Kind == NP && s.Chunks[e+2].Kind == Comma &&
				s.Chunks[e+1].Atom >= 0 && s.isBareName(e+1) && s.Chunks[e-1].Kind == NP && s.Chunks[e-1].Atom >= 0 && s.isBareName(e-1) {
				e += 2 // "a Canadian from Mississauga, Ontario, …": a place and its region
			}
			if e > end && e+2 < len(s.Chunks) && s.Chunks[e].Kind == Open && s.Chunks[e+1].Kind == NP && s.Chunks[e+2].Kind == Close {
				e += 3 // "… responsible for the Government Communications Security Bureau (GCSB), said"
			}
			closedPP := e > end && e < len(s.Chunks) && (s.Chunks[e].Kind == Comma || s.Chunks[e].Kind == Close || s.Chunks[e].Kind == Dash ||
				s.Chunks[e].Kind == Rel) // "X, a company in Chengdu that …"
			relative := k == Rel && s.Chunks[a].Atom >= 0 // "Kestrel Systems, the Ohio company that owns Y, said"
			// "Chosun Expo, a company it said had supported …": a relative without "that"
			zeroRel := k == NP && s.Chunks[a].Atom >= 0 && end+2 < len(s.Chunks) && s.Chunks[end+1].Kind == VG &&
				s.Chunks[end+1].Verb.Finite && s.bridges(s.Chunks[end+1].Verb) && s.Chunks[end+2].Kind == VG
			if !(k == Comma || k == Dash || k == Close || k == End || k == Colon || k == Quote || trailingPP || closedPP || relative || zeroRel) {
				continue
			}
		}
		nameA, nameB := s.Chunks[a].Atom >= 0 && s.isBareName(a), s.Chunks[b].Atom >= 0 && s.isBareName(b)
		switch {
		case nameA && !nameB && s.isDescription(b):
			s.Appositions = append(s.Appositions, Apposition{NP: a, Appos: b})
		case !nameA && nameB:
			s.Appositions = append(s.Appositions, Apposition{NP: a, Appos: b})
		case nameA && nameB && s.Chunks[j].Kind == Open:
			// "Office of Foreign Assets Control (OFAC)": an alias in
			// parentheses; the mention layer decides what it is
			s.Appositions = append(s.Appositions, Apposition{NP: a, Appos: b})
		}
	}
}

// listAppositions takes out of each coordination the descriptions that
// follow a name inside it: "Aleksandr Bortnikov, the head of Russia's
// FSB, two deputy defense ministers, …" — "the head of Russia's FSB" is
// Bortnikov's apposition, not another conjunct.
func (s *Sentence) listAppositions() {
	for gi := range s.Groups {
		g := &s.Groups[gi]
		if len(g.NPs) < 3 {
			continue
		}
		kept := g.NPs[:1]
		for i := 1; i < len(g.NPs); i++ {
			k, prev := g.NPs[i], g.NPs[i-1]
			w := s.Tokens[s.Chunks[k].Start].Lower
			if (w == "the" || w == "a" || w == "an") && s.isDescription(k) && s.Chunks[prev].Atom >= 0 && s.isBareName(prev) &&
				i+1 < len(g.NPs) && (s.Tokens[s.Chunks[k].Head].Tag == NN || nounishAdj[s.Tokens[s.Chunks[k].Head].Lower]) {
				s.Appositions = append(s.Appositions, Apposition{NP: prev, Appos: k})
				s.groupOf[k] = -1
				continue
			}
			kept = append(kept, k)
		}
		g.NPs = kept
	}
	for k := range s.Chunks {
		if s.Chunks[k].Kind == NP && s.groupOf[k] < 0 {
			s.groupOf[k] = len(s.Groups)
			s.Groups = append(s.Groups, Group{NPs: []int{k}, End: s.ofChain(k)})
		}
	}
}

// isBareName reports whether noun phrase k is a name and nothing more: no
// determiner or modifier outside the name ("Chatex", "the FBI").
func (s *Sentence) isBareName(k int) bool {
	c := s.Chunks[k]
	at := s.Atoms[c.Atom]
	if at.End != c.End {
		return false
	}
	for i := c.Start; i < at.Start; i++ {
		if s.Tokens[i].Tag != DT {
			return false
		}
	}
	return true
}

// isDescription reports whether noun phrase k describes rather than names:
// its head is a common noun ("a member of APT10", "the head of the FSB",
// "an Israeli company").
func (s *Sentence) isDescription(k int) bool {
	c := s.Chunks[k]
	if c.Head < 0 {
		return false
	}
	if w := s.Tokens[c.Start].Lower; (w == "a" || w == "an") && c.Head > c.Start {
		return true // "a wealthy Russian", "an Iranian": no name takes "a"
	}
	if c.Atom >= 0 && s.Atoms[c.Atom].End == c.Head+1 && s.Atoms[c.Atom].Start <= c.Head {
		return false
	}
	t := s.Tokens[c.Head].Tag
	if (t == NNP || t == NNPS) && c.Atom < 0 && s.common != nil && s.common(s.Tokens[c.Head].Lower) {
		return true // a capitalized title: "Tom Burt, Microsoft's Vice President, …"
	}
	if (t == NNP || t == NNPS) && c.Atom < 0 && (s.Tokens[c.Start].Lower == "a" || s.Tokens[c.Start].Lower == "an") {
		return true // "Ivo Lind, a Canadian-American from …": no name takes "a"
	}
	return t == NN || t == NNS || t.IsAdj() || t == VBN || t == VBG
}

// Appos returns the apposition of noun phrase k (-1 if none) and whether k
// is itself an apposition of another phrase (the index of that phrase).
func (s *Sentence) Appos(k int) (appos, of int) {
	appos, of = -1, -1
	for _, a := range s.Appositions {
		if a.NP == k {
			appos = a.Appos
		}
		if a.Appos == k {
			of = a.NP
		}
	}
	return appos, of
}

// named reports a noun phrase headed by a name: a proper noun or a name
// the mention layer found ("the European Union").
func (s *Sentence) named(k int) bool {
	return s.Chunks[k].Atom >= 0 || s.Tokens[s.Chunks[k].Head].Tag.IsProper()
}
