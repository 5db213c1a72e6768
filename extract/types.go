package extract

import (
	"time"

	"github.com/newsgraph/newsgraph/ontology"
)

// Version identifies the extractor's rules and data. Claims carry it so that
// re-extraction can tell what produced them. Bump it whenever output changes.
const Version = "newsgraph-extract/3"

// Input is one document to extract from. Text is the normalized text as it
// will be stored; every offset in the Result refers to it.
type Input struct {
	// Name is the file name or document ID, used in reports only.
	Name      string
	Title     string
	Text      string
	Published time.Time
}

// Result is what extraction found in one document.
type Result struct {
	Entities  []Entity
	Mentions  []Mention
	Relations []Relation
}

// Entity is one real-world thing found in a document, after alias resolution.
type Entity struct {
	// Key identifies the entity across documents, e.g.
	// "agency:ministry-of-state-security". It is derived from Type and the
	// canonical Name (see MakeKey), so the same entity gets the same key in
	// every document.
	Key  string
	Name string
	Type ontology.EntityType
	// Aliases are the other names seen for it in this document or known from
	// the gazetteer entry that matched (never including Name itself).
	Aliases []string
	// Role is a person's title where the text gives one ("Deputy Attorney General").
	Role string
	// Description is a short gloss where one is known (gazetteer), else empty.
	Description string
}

// Method says why a mention resolved to its entity.
type Method string

// The ways a mention can be found.
const (
	MethodGazetteer  Method = "gazetteer"  // an alias in data/gazetteer or a known store entity
	MethodAcronym    Method = "acronym"    // defined in the text: "Federal Bureau of Investigation (FBI)"
	MethodNER        Method = "ner"        // statistical NER or casing cues
	MethodCoref      Method = "coref"      // "the bureau", "the administration", "it"
	MethodDescribed  Method = "described"  // a described actor: "hackers affiliated with the MSS"
	MethodPossessive Method = "possessive" // "China's Ministry of State Security"
	MethodTitle      Method = "title"      // a person found through a title: "Deputy Attorney General Lisa Monaco"
)

// Mention is one occurrence of an entity in the text, with the reason it
// resolved to that entity.
type Mention struct {
	Entity string // Entity.Key
	Text   string // the text that matched, exactly Input.Text[Start:End]
	Start  int    // byte offset in Input.Text
	End    int
	Method Method
	// Alias is the gazetteer alias or rule that matched, for explanations
	// ("APT40" → alias of Leviathan from the store).
	Alias string
}

// Relation is one claim: subject —predicate→ object, optionally about an event,
// with its evidence sentence.
type Relation struct {
	Subject   string // Entity.Key
	Predicate ontology.Predicate
	Object    string // Entity.Key
	About     string // Entity.Key or empty
	// Confidence in [0,1]: higher for gazetteer entities and explicit verbs.
	Confidence float64
	// Sentence is Input.Text[Start:End], the evidence sentence.
	Sentence string
	Start    int
	End      int
	// Verb is the phrase that expressed the predicate ("blamed", "charges against").
	Verb string
}
