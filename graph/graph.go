// Package graph is newsgraph's domain (entities, relations, claims, documents)
// and its Store, the only code that touches cayley.
//
// Every fact that came from text is a claim: a node linked to its subject,
// object, optional about-entity, predicate, document, evidence sentence and
// confidence. Each claim also has a direct edge subject —predicate→ object
// whose quad label is the source (a document, a STIX bundle or an analyst
// action), so traversals are one hop and deleting a source removes exactly
// its quads.
//
// Reads that walk the graph (neighbors, neighborhoods, paths, relation counts,
// name lookup and search) are served by an in-memory index (the engine in
// graph/internal/index) built when the store opens and kept in step with
// every committed write: readers see a committed change whole or not at all.
// Everything else (claims, evidence, documents, mentions) is read from
// cayley, claims through a small cache.
package graph

import (
	"time"

	"github.com/newsgraph/newsgraph/ontology"
)

// Entity is one real-world thing: a person, agency, country, group, event…
type Entity struct {
	// ID is the entity's stable key, e.g. "agency:ministry-of-state-security".
	ID          string
	Name        string
	Type        ontology.EntityType
	Aliases     []string
	Description string
	// Roles are people's titles as the text gives them.
	Roles []string
	// ExternalRefs are identifiers in other systems (ATT&CK IDs, STIX IDs, URLs).
	ExternalRefs []ExternalRef
}

// ExternalRef is an identifier of an entity in another system.
type ExternalRef struct {
	Source     string // "mitre-attack", "stix", "url"
	ExternalID string
	URL        string
}

// Direction selects which edges of an entity to follow.
type Direction int

// Directions.
const (
	Both Direction = iota
	Out            // the entity is the subject
	In             // the entity is the object
)

// Relation is the aggregate of all claims that subject —predicate→ object.
// Many documents stating the same thing are one relation with many claims.
type Relation struct {
	ID        string // see RelationID
	Subject   string // entity ID
	Predicate ontology.Predicate
	Object    string // entity ID
	// Sources is the number of distinct sources (documents, bundles, analyst
	// actions) that state it.
	Sources int
	// FirstSeen and LastSeen are the earliest and latest publication dates of
	// its sources, zero when unknown.
	FirstSeen, LastSeen time.Time
	// Confidence is the highest confidence of its claims.
	Confidence float64
	// SubjectEntity and ObjectEntity are the two ends, filled by every read
	// that returns relations (relations of one list share the same *Entity).
	SubjectEntity, ObjectEntity *Entity
}

// Claim is one statement of a relation by one source, with its evidence.
type Claim struct {
	ID         string
	Subject    string
	Predicate  ontology.Predicate
	Object     string
	About      string // entity ID or empty
	Document   string // document ID, or the source ID for structured data
	Sentence   string
	Start, End int
	Confidence float64
	Extractor  string // extractor version, "stix", "nquads" or "analyst"
	Verb       string
	// OriginalType is the source's own relationship type (STIX) when it differs.
	OriginalType string
	Published    time.Time
}

// Document is an ingested article.
type Document struct {
	ID     string
	Title  string
	URL    string
	Source string // file name it came from
	// SourceID is the id the source gave the document (a JSONL record's
	// "id", a feed item's guid), so that it can be found by it; empty when
	// it had none. ID stays the hash of the text.
	SourceID  string
	Published time.Time
	Text      string // filled only when asked for
	Extractor string
	Bytes     int
}

// Mention is where and why an entity was recognized in a document.
type Mention struct {
	Document string
	Entity   string
	Text     string
	Method   string
	Alias    string
	// Offsets are byte ranges of each occurrence in the document's text.
	Offsets [][2]int
}

// Stats are counts over the whole store.
type Stats struct {
	Entities  int
	Relations int
	Documents int
	Claims    int
	Quads     int64
}

// Page asks for a slice of an ordered list: at most First items after the
// opaque cursor After.
type Page struct {
	First int
	After string
}

// Subgraph is a bounded part of the graph around some entities.
type Subgraph struct {
	Nodes []Entity
	Edges []Relation
	// Truncated is true when caps left out nodes or edges.
	Truncated bool
	// Omitted counts what the caps left out, per entity ID that had more
	// neighbors than were taken.
	Omitted map[string]int
}

// Path is a chain of entities joined by relations: Nodes[i] —Edges[i]— Nodes[i+1].
type Path struct {
	Nodes []Entity
	Edges []Relation
}

// Node is anything with a global ID: an entity, relation, claim or document.
type Node interface {
	NodeID() string
}

// NodeID returns the entity's global ID.
func (e Entity) NodeID() string { return e.ID }

// NodeID returns the relation's global ID.
func (r Relation) NodeID() string { return r.ID }

// Cameo returns the CAMEO event code of the relation's predicate, nil where
// it has none.
func (r Relation) Cameo() *string {
	info, _ := r.Predicate.Info()
	return nonEmpty(info.CAMEO)
}

// StixType returns the STIX 2.1 relationship type of the relation's
// predicate, nil where it has none.
func (r Relation) StixType() *string {
	info, _ := r.Predicate.Info()
	return nonEmpty(info.STIX)
}

// nonEmpty returns a pointer to s, nil for "".
func nonEmpty(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// NodeID returns the claim's global ID.
func (c Claim) NodeID() string { return "claim:" + c.ID }

// NodeID returns the document's global ID.
func (d Document) NodeID() string { return d.ID }
