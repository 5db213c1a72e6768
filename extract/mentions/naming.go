package mentions

import (
	"strings"

	"github.com/newsgraph/newsgraph/extract/syntax"
	"github.com/newsgraph/newsgraph/ontology"
)

// Naming after the fact: a text that describes an actor first and names it
// later ("Chinese hackers broke into …. Investigators have dubbed them
// Salt Typhoon", "researchers named it BlackCat") makes the described actor
// and the name one entity, from the first mention on. The described entity
// is merged into the named one; Renamed maps its old key, so claims made
// before the naming follow it.

// fullName merges a person named first by an initial ("Jian G.") into the
// full name the text gives later ("Jian Guo").
func (d *Doc) fullName(s *Sentence) {
	for _, r := range s.Names {
		e := d.ents[r.Key]
		if r.Type != ontology.Person || e == nil {
			continue
		}
		first, last, ok := strings.Cut(e.Name, " ")
		if !ok || strings.Contains(last, " ") || len(last) < 3 || strings.HasSuffix(last, ".") {
			continue
		}
		short := ontology.Key(ontology.Person, first+" "+last[:1]+".")
		if o := d.ents[short]; o != nil && short != r.Key {
			d.Merge(short, r.Key)
			d.renamed[short] = r.Key
		}
	}
}

// nameLater finds the active naming clauses of sentence s ("X dubbed it
// N", "researchers call the group N") and merges the actor they name.
func (d *Doc) nameLater(s *Sentence) {
	syn := s.Syn
	for ci := range syn.Clauses {
		cl := &syn.Clauses[ci]
		vg := syn.VG(cl)
		if vg.Passive || vg.Participle || vg.Gerund || vg.Negated || vg.Modal != "" || len(cl.Obj) != 1 || !d.lx.NamingVerb(vg.Lemma) {
			continue
		}
		k := cl.Obj[0]
		n, ok := d.nameAfter(s, k)
		if !ok {
			continue
		}
		if from := d.namedReferent(s, k, n); from != "" {
			d.rename(from, n.Key)
		}
	}
}

// nameAfter returns the name right after object k of a naming verb, past
// quotes and "as": "dubbed it \"Salt Typhoon\"", "tracks them as Storm-0558".
func (d *Doc) nameAfter(s *Sentence, k int) (Ref, bool) {
	syn := s.Syn
	j := k + 1
	for j < len(syn.Chunks) && (syn.Chunks[j].Kind == syntax.Quote || syn.Chunks[j].Kind == syntax.Prep && syn.Chunks[j].Word == "as") {
		j++
	}
	if j >= len(syn.Chunks) || j > k+3 || syn.Chunks[j].Kind != syntax.NP {
		return Ref{}, false
	}
	n, ok := s.NameAt(syn.Chunks[j].Head)
	if !ok || n.Demonym || n.Start != syn.Chunks[j].Start+detLen(syn, syn.Chunks[j]) {
		return Ref{}, false
	}
	switch n.Type {
	case ontology.ThreatGroup, ontology.Malware:
		return n, true
	}
	return Ref{}, false
}

// namedReferent returns the key of the described entity that object k of
// a naming clause stands for: the description itself, or for a pronoun the
// latest described entity of the name's type. It returns "" when k is a
// name or the referent is one already.
func (d *Doc) namedReferent(s *Sentence, k int, n Ref) string {
	syn := s.Syn
	if r := s.np[k]; r.Key != "" {
		if e := d.ents[r.Key]; e != nil && e.Described && e.Type == n.Type && r.Key != n.Key {
			return r.Key
		}
		if syn.Tokens[syn.Chunks[k].Head].Tag != syntax.PRP {
			return ""
		}
	}
	if syn.Tokens[syn.Chunks[k].Head].Tag != syntax.PRP {
		return ""
	}
	for i := len(d.recent) - 1; i >= 0 && i >= len(d.recent)-12; i-- {
		r := d.recent[i]
		e := d.ents[r.Key]
		if e == nil || r.Type != n.Type {
			continue
		}
		if !e.Described {
			return "" // the latest actor of the kind has a name of its own
		}
		return r.Key
	}
	return ""
}

// rename merges described entity from into the named entity into, and with
// it the other described actors of the same kind and country that the text
// has not numbered ("Chinese hackers" and "a Chinese hacking group" are the
// group it later names).
func (d *Doc) rename(from, into string) {
	e := d.ents[from]
	if e == nil || d.ents[into] == nil {
		return
	}
	keys := []string{from}
	if e.Country != "" {
		for _, k := range d.order {
			o := d.ents[k]
			if k != from && o != nil && o.Described && o.Type == e.Type && o.Country == e.Country && !d.isCounted(k) {
				keys = append(keys, k)
			}
		}
	}
	for _, k := range keys {
		d.Merge(k, into)
		d.renamed[k] = into
		for old, to := range d.renamed {
			if to == k {
				d.renamed[old] = into
			}
		}
	}
}

// Renamed returns the key an entity was merged into by a later naming, or
// key itself.
func (d *Doc) Renamed(key string) string {
	if to, ok := d.renamed[key]; ok {
		return to
	}
	return key
}

// isCounted reports whether described entity key is a group the text
// numbered ("two Russian nationals").
func (d *Doc) isCounted(key string) bool {
	for _, k := range d.sigs {
		if k == key {
			return true
		}
	}
	return false
}

// followRenames points the sentence's referents at the entities they were
// merged into.
func (d *Doc) followRenames(s *Sentence) {
	if len(d.renamed) == 0 {
		return
	}
	for k := range s.np {
		s.np[k].Key = d.Renamed(s.np[k].Key)
	}
	for k, rs := range s.plural {
		for i := range rs {
			rs[i].Key = d.Renamed(rs[i].Key)
		}
		s.plural[k] = rs
	}
	for k, r := range s.owner {
		r.Key = d.Renamed(r.Key)
		s.owner[k] = r
	}
}

// shortName resolves a one-word name the tagger found by its shape, or a
// capitalized head that is no name ("the Ledger"), to the one organization
// named before whose full name ends in that word: "the Journal" after "The
// Wall Street Journal". Two such organizations make it ambiguous.
func (d *Doc) shortName(s *Sentence, k int) (Ref, bool) {
	syn := s.Syn
	c := syn.Chunks[k]
	h := c.Head
	if n, ok := s.NameAt(h); ok && (n.Method != MethodNER || n.End-n.Start != 1) {
		return Ref{}, false
	} else if !ok && (h != c.End-1 || syn.Tokens[h].Tag != syntax.NNP || h != c.Start+detLen(syn, c)) {
		return Ref{}, false
	}
	word := syn.Tokens[h].Text(d.text)
	if !syntax.IsCap(word) {
		return Ref{}, false
	}
	found := ""
	for _, key := range d.order {
		e := d.ents[key]
		if e == nil || e.Described || e.Type != ontology.Organization && e.Type != ontology.Agency {
			continue
		}
		if i := strings.LastIndexByte(e.Name, ' '); i < 0 || e.Name[i+1:] != word {
			continue
		}
		if found != "" {
			return Ref{}, false
		}
		found = key
	}
	if found == "" {
		return Ref{}, false
	}
	return Ref{Key: found, Type: d.ents[found].Type, Start: c.Start, End: c.End, Method: MethodCoref, Conf: 0.8}, true
}

// companyStaff reports a word for a company's people with the company as
// possessor: "Google's threat intelligence team" speaks for Google.
func (d *Doc) companyStaff(s *Sentence, k int, hw string) bool {
	r, ok := s.possessorName(k)
	return ok && r.Type == ontology.Organization && d.lx.Is("staff", hw)
}

// owned reports a phrase headed by a word for what someone owns that names
// the thing, not people: "the networks of Vantex Health", "several
// government networks in the region", "a Dutch military network" (a state
// cue says whose). "A network of fake accounts", "networks with Russian
// links", "two Russian networks" and "a Kremlin-backed network" are people.
func (d *Doc) owned(s *Sentence, k int, hw string, prep, obj int, plural, hasCountry bool) bool {
	if d.ownedAsset(s, hw, prep, obj) {
		return true
	}
	if !d.lx.Is("asset", hw) {
		return false
	}
	if _, named := d.Sponsor(s, k); named || hasCountry && plural {
		return false
	}
	return prep < 0 || s.Syn.Chunks[prep].Word != "of" && s.Syn.Chunks[prep].Word != "with"
}

// ownedAsset reports an asset noun (head word hw) whose "of" phrase (the
// preposition prep and its object obj, or -1) names an owner that is no
// hostile group: "the networks of Vantex Health".
func (d *Doc) ownedAsset(s *Sentence, hw string, prep, obj int) bool {
	if prep < 0 || !d.lx.Is("asset", hw) || s.Syn.Chunks[prep].Word != "of" {
		return false
	}
	n, ok := s.NameAt(s.Syn.Chunks[obj].Head)
	return ok && n.Type != ontology.ThreatGroup
}

// namedSince returns the name the text has given since to the described
// actor of key (see nameLater), as the referent of chunk c.
func (d *Doc) namedSince(key string, c syntax.Chunk) (Ref, bool) {
	to, ok := d.renamed[key]
	if !ok || d.ents[to] == nil {
		return Ref{}, false
	}
	return Ref{Key: to, Type: d.ents[to].Type, Start: c.Start, End: c.End, Method: MethodCoref, Conf: 0.8}, true
}

// nationalOwner returns the owner of the possessive pronoun before a
// national body's name: the body's country, unless the pronoun's referent
// is that country or the body's parent ("sanctions against Russia's FSB and
// its GRU" after "the Treasury Department …": Russia's GRU; "the FBI and
// its Cyber Division": the FBI's). r is what the pronoun resolved to.
func (d *Doc) nationalOwner(s *Sentence, k int, r Ref) Ref {
	n, ok := s.NameAt(s.Syn.Chunks[k].Head)
	if !ok || n.Type != ontology.Agency {
		return r
	}
	ge := d.g.lookup(n.Key)
	if ge == nil || ge.Country == "" || r.Key == ge.Country || r.Key == ge.Parent {
		return r
	}
	ce := d.ents[ge.Country]
	if ce == nil || r.Type != ontology.Country && r.Type != ontology.Agency {
		return r
	}
	return Ref{Key: ge.Country, Type: ce.Type, Start: r.Start, End: r.End, Method: MethodCoref, Conf: 0.7}
}
