package graph

import (
	"context"
	"fmt"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"

	"github.com/cayleygraph/quad"

	"github.com/newsgraph/newsgraph/ontology"
)

// TestSearchGramsMatchScan: search narrowed by the gram index answers
// exactly what testing every key answers, for queries of every kind
// (words, substrings, typos, short and long texts, non-ASCII), also after
// names are removed and come back.
func TestSearchGramsMatchScan(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 5))
	words := []string{"ministry", "state", "security", "bureau", "cyber", "army", "unit", "group", "panda", "bear",
		"kitten", "lazarus", "sandworm", "fancy", "cozy", "münchen", "düsseldorf", "apt", "41", "29", "hafnium", "a"}
	name := func() string {
		n := 1 + r.IntN(3)
		parts := make([]string, n)
		for i := range parts {
			parts[i] = words[r.IntN(len(words))]
		}
		return strings.Join(parts, " ")
	}
	s := &Store{idx: newIndex()}
	var stored []quad.Quad
	add := func(q quad.Quad) { s.idx.apply(q, +1); stored = append(stored, q) }
	for i := 0; i < 400; i++ {
		id := EntityIRI(fmt.Sprintf("organization:o%d", i))
		label := quad.IRI(DocNS + "d1")
		add(quad.Quad{Subject: id, Predicate: pType, Object: typeIRI(ontology.Organization), Label: label})
		n := name()
		add(quad.Quad{Subject: id, Predicate: pName, Object: quad.String(n), Label: label})
		add(quad.Quad{Subject: id, Predicate: pKey, Object: quad.String(NormalizeKey(n)), Label: label})
		if r.IntN(3) == 0 {
			a := name()
			add(quad.Quad{Subject: id, Predicate: pAltName, Object: quad.String(a), Label: label})
			add(quad.Quad{Subject: id, Predicate: pKey, Object: quad.String(NormalizeKey(a)), Label: label})
		}
	}
	typo := func(w string) string {
		b := []byte(w)
		if len(b) > 1 {
			i := r.IntN(len(b))
			b[i] = "xyzq"[r.IntN(4)]
		}
		return string(b)
	}
	queries := []string{"", "a", "ap", "apt", "41", "ü", "mü", "münch", "state sec", "ecurit", "sandworn", "lazaruz",
		"ministry of state security", "cozy bear", "panda", "pand", "an", "ar", "xx", "bureau cyber army unit"}
	for range 200 {
		w := words[r.IntN(len(words))]
		switch r.IntN(4) {
		case 0:
			queries = append(queries, w)
		case 1:
			if len(w) > 2 {
				i := r.IntN(len(w) - 2)
				queries = append(queries, w[i:i+2+r.IntN(len(w)-i-1)])
			}
		case 2:
			queries = append(queries, typo(w))
		default:
			queries = append(queries, name())
		}
	}
	check := func(stage string) {
		for _, q := range queries {
			sq := SearchQuery{Text: q, Page: Page{First: 500}}
			s.noGrams = false
			got, err1 := s.Search(context.Background(), sq)
			s.noGrams = true
			want, err2 := s.Search(context.Background(), sq)
			s.noGrams = false
			if err1 != nil || err2 != nil {
				t.Fatalf("%s: search %q: %v %v", stage, q, err1, err2)
			}
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("%s: search %q: the gram index gives %d hits, testing every key %d", stage, q, len(got.Hits), len(want.Hits))
			}
		}
	}
	check("first")
	// names leave and come back: their keys stay in the gram index
	for i, q := range stored {
		if i%3 == 1 {
			s.idx.apply(q, -1)
		}
	}
	check("after removals")
	for i, q := range stored {
		if i%6 == 1 {
			s.idx.apply(q, +1)
		}
	}
	check("after some came back")
}
