// Package mentions finds the entities a document names or describes and
// every place it mentions them: gazetteer names (data/gazetteer) and names
// the text introduces (acronyms, titles, name shapes), described actors
// ("four Chinese nationals"), events named by what the text says ("the 2014
// attack on Sony"), and references resolved inside the document
// (pronouns, "the ministry", "the group").
//
// It works in two passes per sentence. Names runs on tagged tokens and
// returns the name spans that the syntax layer keeps whole; Phrases runs on
// the parsed sentence and gives every noun phrase its referent. Only names
// (and acronyms defined in the text) become an entity's aliases; a
// description or pronoun resolved inside one document is a mention there
// and nothing more.
package mentions

import (
	"sort"
	"strings"

	"github.com/newsgraph/newsgraph/extract/lexicon"
	"github.com/newsgraph/newsgraph/extract/syntax"
	"github.com/newsgraph/newsgraph/ontology"
)

// Method says why a mention resolved to its entity.
type Method string

// The ways a mention can be found.
const (
	MethodGazetteer  Method = "gazetteer"  // an alias in data/gazetteer or a known store entity
	MethodAcronym    Method = "acronym"    // defined in the text: "Federal Bureau of Investigation (FBI)"
	MethodNER        Method = "ner"        // a name found by its shape and context
	MethodCoref      Method = "coref"      // "the bureau", "the administration", "it"
	MethodDescribed  Method = "described"  // a described actor: "hackers affiliated with the MSS"
	MethodPossessive Method = "possessive" // "China's Foreign Ministry"
	MethodTitle      Method = "title"      // a person found through a title: "Deputy Attorney General Lisa Monaco"
)

// Known is an entity already in the store (e.g. imported from ATT&CK) that
// extraction should recognize in text and resolve to Key.
type Known struct {
	Key     string
	Name    string
	Type    ontology.EntityType
	Aliases []string
}

// Entity is one real-world thing found in a document.
type Entity struct {
	Key  string
	Name string
	Type ontology.EntityType
	// Aliases are the other names of the entity: the gazetteer's and the
	// ones the text gives it (never a description or a pronoun).
	Aliases []string
	// Role is a person's title ("Deputy Attorney General").
	Role        string
	Description string
	// Country is the key of the country the entity belongs to: from the
	// gazetteer, or from the text ("China's MSS", "Russian hackers").
	Country string
	// Described marks an entity named by a description ("four Chinese
	// nationals"), not by a name.
	Described bool
	// Confirmed entities are kept in the output even when no relation
	// names them: names and clear descriptions.
	Confirmed bool
	// First is the byte offset of the first mention.
	First    int
	aliasSet map[string]bool
	plural   bool
}

// AddAlias records another name of the entity.
func (e *Entity) AddAlias(a string) {
	a = strings.TrimSpace(a)
	if a == "" || a == e.Name || e.aliasSet[a] {
		return
	}
	e.aliasSet[a] = true
	e.Aliases = append(e.Aliases, a)
}

// Mention is one occurrence of an entity in the text.
type Mention struct {
	Key        string
	Start, End int // byte offsets in the document text
	Method     Method
	// Alias is the gazetteer alias or the rule that matched.
	Alias string
}

// Ref is what a span of a sentence refers to: an entity, by token indices
// of the sentence.
type Ref struct {
	Key        string
	Type       ontology.EntityType
	Start, End int // token indices [Start, End)
	Method     Method
	// Conf is how sure the resolution is (1 for a gazetteer name).
	Conf float64
	// Demonym marks an adjective form of a country ("Chinese").
	Demonym bool
	// Generic marks a country's body named generically ("Foreign
	// Ministry" after "China's").
	Generic bool
	// Seat marks a country named by its capital or seat of government
	// ("Moscow", "the Kremlin").
	Seat bool
}

// Doc is the mention state of one document. It is not safe for concurrent
// use; make one per document.
type Doc struct {
	g      *Gazetteer
	lx     *lexicon.Lexicon
	common func(string) bool
	// lemma is the parser's lemmatizer: a verb form's base form
	lemma func(string, syntax.Tag) string
	text  string
	ents  map[string]*Entity
	// order of entity keys by creation
	order []string
	local map[string][]*pattern // document-local names (acronyms, surnames) by first token
	ments []Mention
	// coreference memory
	recent []Ref // referents in order of mention, most recent last
	// titleOrg: a person's key → the body their title names
	titleOrg map[string][]string
	// countries counts the mentions of each country, for generic bodies
	countries   map[string]int
	lastCountry string
	// sigs: a described group's signature (number and country) → its key
	sigs map[string]string
	// lastSubjects are the referents of the main clauses' subjects of the
	// sentence before
	lastSubjects []Ref
	// personSubject is the last person who was the subject of a clause,
	// personAge the sentences since: "he" continues the person the text
	// is about, not the last person it named ("Guo worked as an aide to
	// Krah. … He also spied on …").
	personSubject Ref
	personAge     int
	// strong: names mentioned at least once other than as an event's
	// modifier
	strong map[string]bool
	named  map[string]bool // entities with a name mention
	// renamed: described entities merged into the name the text gave
	// them later → that name's key
	renamed map[string]string
}

// NewDoc starts the mention state of a document with text. common reports
// lower-case words whose usual reading is a common word (a capitalized
// "Parliament" or "Internet" alone is no name); it may be nil.
func NewDoc(g *Gazetteer, lx *lexicon.Lexicon, text string, common func(string) bool, lemma func(string, syntax.Tag) string) *Doc {
	if common == nil {
		common = func(string) bool { return false }
	}
	if lemma == nil {
		lemma = func(w string, _ syntax.Tag) string { return w }
	}
	return &Doc{g: g, lx: lx, text: text, common: common, lemma: lemma, ents: map[string]*Entity{}, local: map[string][]*pattern{},
		titleOrg: map[string][]string{}, countries: map[string]int{}, sigs: map[string]string{}, strong: map[string]bool{}, named: map[string]bool{}, renamed: map[string]string{}}
}

// Entity returns the entity with key, or nil.
func (d *Doc) Entity(key string) *Entity { return d.ents[key] }

// Gazetteer returns the gazetteer the document resolves names with.
func (d *Doc) Gazetteer() *Gazetteer { return d.g }

// entity returns the document entity for key, creating it from the
// gazetteer or from name and t.
func (d *Doc) entity(key, name string, t ontology.EntityType, at int) *Entity {
	if e, ok := d.ents[key]; ok {
		if at < e.First {
			e.First = at
		}
		return e
	}
	e := &Entity{Key: key, Name: name, Type: t, First: at, aliasSet: map[string]bool{}}
	if ge := d.g.lookup(key); ge != nil {
		e.Name, e.Type, e.Role, e.Description, e.Country = ge.Name, ge.Type, ge.Role, ge.Desc, ge.Country
		for _, a := range ge.Aliases {
			e.AddAlias(a)
		}
		e.Confirmed = ge.Type != ontology.Sector
	}
	d.ents[key] = e
	d.order = append(d.order, key)
	return e
}

// record adds a mention of ref in sentence s and updates the coreference
// memory. Names add their text as an alias.
func (d *Doc) record(toks []syntax.Token, r Ref, alias string, name bool) {
	if r.Key == "" || r.End <= r.Start || r.End > len(toks) {
		return
	}
	start, end := toks[r.Start].Start, toks[r.End-1].End
	e := d.ents[r.Key]
	if e == nil {
		return
	}
	if name && !r.Demonym {
		e.AddAlias(d.text[start:end])
	}
	if alias == "" {
		alias = d.text[start:end]
	}
	d.ments = append(d.ments, Mention{Key: r.Key, Start: start, End: end, Method: r.Method, Alias: alias})
	if start < e.First {
		e.First = start
	}
	if e.Type == ontology.Country {
		d.countries[r.Key]++
		d.lastCountry = r.Key
	}
}

// remember puts refs into the coreference memory, in order.
func (d *Doc) remember(refs ...Ref) {
	d.recent = append(d.recent, refs...)
	if len(d.recent) > 96 {
		d.recent = append(d.recent[:0], d.recent[len(d.recent)-48:]...)
	}
}

// TitleOrgs returns the bodies named in the titles of person key ("FBI
// Director Christopher Wray" → the FBI).
func (d *Doc) TitleOrgs(key string) []string { return d.titleOrg[key] }

// Entities returns the document's entities in order of first mention.
func (d *Doc) Entities() []*Entity {
	out := make([]*Entity, 0, len(d.order))
	for _, k := range d.order {
		if e := d.ents[k]; e != nil {
			if !e.Described && !d.strong[k] && d.named[k] && e.Type != ontology.Malware && e.Type != ontology.Agency {
				e.Confirmed = false // only ever an event's modifier
			}
			out = append(out, e)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].First < out[j].First })
	return out
}

// Mentions returns every mention recorded, in text order.
func (d *Doc) Mentions() []Mention {
	out := append([]Mention(nil), d.ments...)
	sort.SliceStable(out, func(i, j int) bool { return out[i].Start < out[j].Start })
	return out
}

// Merge moves everything of entity from into entity into: aliases and
// mentions. The caller moves relations.
func (d *Doc) Merge(from, into string) {
	a, b := d.ents[from], d.ents[into]
	if a == nil || b == nil || a == b {
		return
	}
	if !a.Described {
		b.AddAlias(a.Name)
	}
	for _, al := range a.Aliases {
		b.AddAlias(al)
	}
	if a.First < b.First {
		b.First = a.First
	}
	b.Confirmed = b.Confirmed || a.Confirmed
	delete(d.ents, from)
	for i := range d.ments {
		if d.ments[i].Key == from {
			d.ments[i].Key = into
		}
	}
	for i := range d.recent {
		if d.recent[i].Key == from {
			d.recent[i].Key = into
		}
	}
}
