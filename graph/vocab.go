package graph

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"strings"
	"unsafe"

	"github.com/cayleygraph/quad"

	"github.com/newsgraph/newsgraph/ontology"
)

// Namespaces of the IRIs newsgraph writes. Public vocabularies are used where
// one fits, so that an N-Quads export means something to other RDF tools.
const (
	NS         = "https://newsgraph.dev/ns#"
	EntityNS   = "https://newsgraph.dev/entity/"
	DocNS      = "https://newsgraph.dev/doc/"
	ClaimNS    = "https://newsgraph.dev/claim/"
	MentionNS  = "https://newsgraph.dev/mention/"
	SourceNS   = "https://newsgraph.dev/source/"
	RDFType    = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
	SchemaNS   = "http://schema.org/"
	xsdInteger = "http://www.w3.org/2001/XMLSchema#integer"
)

// Predicate IRIs.
var (
	pType        = quad.IRI(RDFType)
	pName        = quad.IRI(SchemaNS + "name")
	pAltName     = quad.IRI(SchemaNS + "alternateName")
	pDescription = quad.IRI(SchemaNS + "description")
	pDate        = quad.IRI(SchemaNS + "datePublished")
	pURL         = quad.IRI(SchemaNS + "url")
	pText        = quad.IRI(SchemaNS + "text")
	pHeadline    = quad.IRI(SchemaNS + "headline")
	pRole        = quad.IRI(SchemaNS + "jobTitle")
	pKey         = quad.IRI(NS + "key") // normalized name or alias, for lookup
	pSource      = quad.IRI(NS + "sourceFile")
	pIdentifier  = quad.IRI(SchemaNS + "identifier") // a document's id at its source
	pExtractor   = quad.IRI(NS + "extractor")
	pBytes       = quad.IRI(NS + "bytes")
	pExtRef      = quad.IRI(NS + "externalRef")

	pSubject    = quad.IRI(NS + "subject")
	pObject     = quad.IRI(NS + "object")
	pPredicate  = quad.IRI(NS + "predicate")
	pAbout      = quad.IRI(NS + "about")
	pDocument   = quad.IRI(NS + "document")
	pSentence   = quad.IRI(NS + "sentence")
	pStart      = quad.IRI(NS + "start")
	pEnd        = quad.IRI(NS + "end")
	pConfidence = quad.IRI(NS + "confidence")
	pVerb       = quad.IRI(NS + "verb")
	pOrigType   = quad.IRI(NS + "originalType")
	pRelation   = quad.IRI(NS + "relation")

	pEntity  = quad.IRI(NS + "entity")
	pMethod  = quad.IRI(NS + "method")
	pAlias   = quad.IRI(NS + "alias")
	pOffsets = quad.IRI(NS + "offsets")

	cClaim    = quad.IRI(NS + "Claim")
	cMention  = quad.IRI(NS + "Mention")
	cDocument = quad.IRI(SchemaNS + "NewsArticle")
	cSource   = quad.IRI(NS + "Source")
)

// PredicateIRI returns the IRI of the direct edges of an ontology predicate
// (subject —predicate→ object, labelled by the source).
func PredicateIRI(p string) quad.IRI { return quad.IRI(NS + p) }

// predicateIRI returns the IRI of an ontology predicate used on direct edges.
func predicateIRI(p ontology.Predicate) quad.IRI { return quad.IRI(NS + string(p)) }

// predicateOf returns the ontology predicate of a direct-edge IRI.
func predicateOf(v quad.Value) (ontology.Predicate, bool) {
	iri, ok := v.(quad.IRI)
	if !ok || !strings.HasPrefix(string(iri), NS) {
		return "", false
	}
	p := ontology.Predicate(strings.TrimPrefix(string(iri), NS))
	return p, p.Valid()
}

// typeIRI returns the class IRI of an entity type, e.g. ns#THREAT_GROUP.
func typeIRI(t ontology.EntityType) quad.IRI { return quad.IRI(NS + string(t)) }

// typeOf returns the entity type of a class IRI.
func typeOf(v quad.Value) (ontology.EntityType, bool) {
	iri, ok := v.(quad.IRI)
	if !ok || !strings.HasPrefix(string(iri), NS) {
		return "", false
	}
	t := ontology.EntityType(strings.TrimPrefix(string(iri), NS))
	return t, t.Valid()
}

// EntityIRI returns the IRI of the entity with the given ID.
func EntityIRI(id string) quad.IRI { return quad.IRI(EntityNS + id) }

// DocIRI returns the IRI of the document with the given ID ("doc:<hex>").
func DocIRI(id string) quad.IRI { return quad.IRI(DocNS + strings.TrimPrefix(id, "doc:")) }

// IsDocumentID reports whether id names a document rather than a structured source.
func IsDocumentID(id string) bool { return strings.HasPrefix(id, "doc:") }

// SourceIRI returns the IRI of a structured source (a bundle, an analyst
// action) with the given ID.
func SourceIRI(id string) quad.IRI { return quad.IRI(SourceNS + id) }

func claimIRI(id string) quad.IRI { return quad.IRI(ClaimNS + id) }

// idOf strips ns from an IRI value; ok is false if v is not an IRI under ns.
func idOf(v quad.Value, ns string) (string, bool) {
	iri, ok := v.(quad.IRI)
	if !ok || !strings.HasPrefix(string(iri), ns) {
		return "", false
	}
	return string(iri[len(ns):]), true
}

// labelID returns the document or source ID that a quad label names. Documents
// are "doc:<hex>"; structured sources keep their source ID.
func labelID(v quad.Value) string {
	if id, ok := idOf(v, DocNS); ok {
		return "doc:" + id
	}
	if id, ok := idOf(v, SourceNS); ok {
		return id
	}
	return ""
}

// RelationID returns the opaque ID of the relation subject —p→ object. It is
// decodable (see ParseRelationID) so that a relation can be fetched by ID.
func RelationID(subject string, p ontology.Predicate, object string) string {
	dst := AppendRelationID(make([]byte, 0, relationIDLen(subject, p, object)), subject, p, object)
	return unsafe.String(&dst[0], len(dst))
}

// relationIDLen is the length of a RelationID.
func relationIDLen(subject string, p ontology.Predicate, object string) int {
	return 4 + base64.RawURLEncoding.EncodedLen(len(subject)+1+len(p)+1+len(object))
}

// AppendRelationID appends RelationID(subject, p, object) to dst.
func AppendRelationID(dst []byte, subject string, p ontology.Predicate, object string) []byte {
	n := len(subject) + 1 + len(p) + 1 + len(object)
	// the joined ends are only read by the encoder: an ID of usual length
	// joins on the stack
	var stack [256]byte
	src := stack[:0]
	if n > len(stack) {
		src = make([]byte, 0, n)
	}
	src = append(append(append(append(append(src, subject...), '|'), p...), '|'), object...)
	dst = append(dst, "rel:"...)
	return appendBase64URL(dst, src)
}

// ParseRelationID decodes a RelationID.
func ParseRelationID(id string) (subject string, p ontology.Predicate, object string, err error) {
	raw, ok := strings.CutPrefix(id, "rel:")
	if !ok {
		return "", "", "", Errorf(EINVALID, "%q is not a relation ID", clip(id))
	}
	b, derr := base64.RawURLEncoding.DecodeString(raw)
	parts := strings.Split(string(b), "|")
	if derr != nil || len(parts) != 3 || parts[0] == "" || parts[2] == "" {
		return "", "", "", Errorf(EINVALID, "%q is not a relation ID", clip(id))
	}
	pred, ok := ontology.ParsePredicate(parts[1])
	if !ok {
		return "", "", "", Errorf(EINVALID, "%q is not a relation ID", clip(id))
	}
	return parts[0], pred, parts[2], nil
}

// hashID returns a short stable hex hash of the parts.
func hashID(parts ...string) string {
	h := sha256.New()
	for _, p := range parts {
		h.Write([]byte(p))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil)[:12])
}

// NormalizeKey folds a name or alias for lookup by CONTRACT.md's rule
// (case, punctuation, a leading "the" and a trailing "'s" ignored); see
// ontology.Normalize.
func NormalizeKey(s string) string { return ontology.Normalize(s) }

func clip(s string) string {
	if len(s) > 80 {
		return s[:80] + "…"
	}
	return s
}
