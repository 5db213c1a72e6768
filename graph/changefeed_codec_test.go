package graph

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/cayleygraph/quad"
)

// TestChangeCodec: a change's quads come back from the log as they went
// in, with their Go types (the index decodes integers, dates and strings
// by type), however large a value is.
func TestChangeCodec(t *testing.T) {
	doc := DocIRI("doc:1")
	cases := []struct {
		name  string
		quads []quad.Quad
	}{
		{"none", nil},
		{"values", []quad.Quad{
			{Subject: doc, Predicate: pType, Object: cDocument, Label: doc},
			{Subject: doc, Predicate: pBytes, Object: quad.Int(42), Label: doc},
			{Subject: doc, Predicate: pHeadline, Object: quad.String("Ünïcode \"quoted\"\n"), Label: doc},
			{Subject: doc, Predicate: pDate, Object: dateValue(time.Date(2024, 5, 1, 0, 0, 0, 0, time.UTC)), Label: doc},
			{Subject: doc, Predicate: pConfidence, Object: quad.Float(0.825), Label: doc},
			{Subject: doc, Predicate: pName, Object: quad.LangString{Value: "nom", Lang: "fr"}, Label: doc},
			{Subject: doc, Predicate: pName, Object: quad.Bool(true)},
			{Subject: quad.BNode("b1"), Predicate: pName, Object: quad.Time(time.Date(2024, 5, 1, 10, 0, 0, 0, time.UTC))},
		}},
		{"repeated subjects", []quad.Quad{
			{Subject: doc, Predicate: pName, Object: quad.String("a"), Label: doc},
			{Subject: doc, Predicate: pName, Object: quad.String("b"), Label: doc},
			{Subject: doc, Predicate: pName, Object: quad.String("b"), Label: SourceIRI("s")},
		}},
		{"large value", []quad.Quad{{Subject: doc, Predicate: pText, Object: quad.String(strings.Repeat("text ", 1<<20)), Label: doc}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			b, err := encodeQuads(c.quads)
			if err != nil {
				t.Fatal(err)
			}
			got, err := decodeQuads(b)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(c.quads) {
				t.Fatalf("%d quads back, want %d", len(got), len(c.quads))
			}
			for i := range got {
				if !reflect.DeepEqual(got[i], c.quads[i]) {
					t.Errorf("quad %d: %#v, want %#v", i, got[i], c.quads[i])
				}
				if factOf(got[i]) != factOf(c.quads[i]) {
					t.Errorf("quad %d: fact %+v, want %+v", i, factOf(got[i]), factOf(c.quads[i]))
				}
			}
		})
	}
}
