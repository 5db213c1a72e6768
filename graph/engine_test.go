package graph

import (
	"testing"
	"time"

	"github.com/cayleygraph/quad"

	"github.com/newsgraph/newsgraph/graph/internal/index"
	"github.com/newsgraph/newsgraph/ontology"
)

// TestFactOf: each kind of quad a store holds decodes to the fact the index
// keeps of it.
func TestFactOf(t *testing.T) {
	doc, src := DocIRI("doc:d1"), SourceIRI("stix:b1")
	apt := EntityIRI("threat-group:apt40")
	china := EntityIRI("country:china")
	day := time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name string
		q    quad.Quad
		want index.Fact
	}{
		{"entity type from a document", quad.Quad{Subject: apt, Predicate: pType, Object: typeIRI(ontology.ThreatGroup), Label: doc},
			index.Fact{Kind: index.EntityAttr, Attr: index.AttrType, Subject: "threat-group:apt40", Object: "THREAT_GROUP", Label: "doc:d1", LabelDoc: true}},
		{"unknown type", quad.Quad{Subject: apt, Predicate: pType, Object: quad.IRI(NS + "NOPE"), Label: src},
			index.Fact{Kind: index.EntityAttr, Attr: index.AttrType, Subject: "threat-group:apt40", Label: "stix:b1"}},
		{"name from a structured source", quad.Quad{Subject: apt, Predicate: pName, Object: quad.String("APT40"), Label: src},
			index.Fact{Kind: index.EntityAttr, Attr: index.AttrName, Subject: "threat-group:apt40", Object: "APT40", Label: "stix:b1"}},
		{"lookup key", quad.Quad{Subject: apt, Predicate: pKey, Object: quad.String("apt40"), Label: doc},
			index.Fact{Kind: index.EntityAttr, Attr: index.AttrKey, Subject: "threat-group:apt40", Object: "apt40", Label: "doc:d1", LabelDoc: true}},
		{"attribute the index does not keep", quad.Quad{Subject: apt, Predicate: quad.IRI(NS + "color"), Object: quad.String("red"), Label: doc},
			index.Fact{Kind: index.EntityAttr, Attr: index.AttrOther, Subject: "threat-group:apt40", Label: "doc:d1", LabelDoc: true}},
		{"direct edge", quad.Quad{Subject: apt, Predicate: predicateIRI(ontology.LocatedIn), Object: china, Label: doc},
			index.Fact{Kind: index.Edge, Subject: "threat-group:apt40", Pred: ontology.LocatedIn, Object: "country:china", Label: "doc:d1", LabelDoc: true}},
		{"edge to a literal", quad.Quad{Subject: apt, Predicate: predicateIRI(ontology.LocatedIn), Object: quad.String("China"), Label: doc},
			index.Fact{Kind: index.Other, Subject: "threat-group:apt40", Label: "doc:d1", LabelDoc: true}},
		{"merge", quad.Quad{Subject: apt, Predicate: pSameAs, Object: china, Label: src},
			index.Fact{Kind: index.SameAs, Subject: "threat-group:apt40", Object: "country:china", Label: "stix:b1"}},
		{"claim type", quad.Quad{Subject: claimIRI("c1"), Predicate: pType, Object: cClaim, Label: doc},
			index.Fact{Kind: index.ClaimType, Subject: "c1"}},
		{"claim relation", quad.Quad{Subject: claimIRI("c1"), Predicate: pRelation, Object: quad.String("rel:x"), Label: doc},
			index.Fact{Kind: index.ClaimRelation, Subject: "c1", Object: "rel:x"}},
		{"claim sentence", quad.Quad{Subject: claimIRI("c1"), Predicate: pSentence, Object: quad.String("s"), Label: doc},
			index.Fact{Kind: index.Other}},
		{"document date", quad.Quad{Subject: doc, Predicate: pDate, Object: dateValue(day), Label: doc},
			index.Fact{Kind: index.SourceAttr, Attr: index.AttrDate, Subject: "doc:d1", SubjectDoc: true, Date: day}},
		{"document size", quad.Quad{Subject: doc, Predicate: pBytes, Object: quad.Int(42), Label: doc},
			index.Fact{Kind: index.SourceAttr, Attr: index.AttrBytes, Subject: "doc:d1", SubjectDoc: true, Int: 42}},
		{"document title", quad.Quad{Subject: doc, Predicate: pHeadline, Object: quad.String("T"), Label: doc},
			index.Fact{Kind: index.SourceAttr, Attr: index.AttrTitle, Subject: "doc:d1", SubjectDoc: true, Object: "T"}},
		{"document text", quad.Quad{Subject: doc, Predicate: pText, Object: quad.String("long"), Label: doc},
			index.Fact{Kind: index.SourceAttr, Attr: index.AttrOther, Subject: "doc:d1", SubjectDoc: true}},
		{"structured source type", quad.Quad{Subject: src, Predicate: pType, Object: cSource, Label: src},
			index.Fact{Kind: index.SourceAttr, Attr: index.AttrType, Subject: "stix:b1"}},
		{"mention", quad.Quad{Subject: quad.IRI(MentionNS + "m1"), Predicate: pEntity, Object: apt, Label: doc},
			index.Fact{Kind: index.Other}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := factOf(tt.q); got != tt.want {
				t.Errorf("factOf(%v)\n got %+v\nwant %+v", tt.q, got, tt.want)
			}
		})
	}
}
