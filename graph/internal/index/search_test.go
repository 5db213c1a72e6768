package index

import (
	"context"
	"fmt"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"

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
	x := New()
	var stored []Fact
	add := func(f Fact) { x.Apply(f, +1); stored = append(stored, f) }
	attr := func(id string, a Attr, v string) Fact {
		return Fact{Kind: EntityAttr, Attr: a, Subject: id, Object: v, Label: "doc:d1", LabelDoc: true}
	}
	for i := 0; i < 400; i++ {
		id := fmt.Sprintf("organization:o%d", i)
		add(attr(id, AttrType, string(ontology.Organization)))
		n := name()
		add(attr(id, AttrName, n))
		add(attr(id, AttrKey, ontology.Normalize(n)))
		if r.IntN(3) == 0 {
			a := name()
			add(attr(id, AttrAltName, a))
			add(attr(id, AttrKey, ontology.Normalize(a)))
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
	// hits lists every candidate with its entity and matched name
	type hit struct {
		c       Candidate
		e       Entity
		matched string
	}
	hits := func(q SearchQuery) ([]hit, error) {
		cands, err := x.Search(context.Background(), q)
		cands, _ = SearchPage(cands, "", len(cands))
		out := make([]hit, len(cands))
		for i, c := range cands {
			e, m := x.Hit(c)
			out[i] = hit{c, e, m}
		}
		return out, err
	}
	check := func(stage string) {
		for _, q := range queries {
			text := strings.TrimSpace(ontology.Normalize(q))
			got, err1 := hits(SearchQuery{Text: text})
			want, err2 := hits(SearchQuery{Text: text, NoGrams: true})
			if err1 != nil || err2 != nil {
				t.Fatalf("%s: search %q: %v %v", stage, q, err1, err2)
			}
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("%s: search %q: the gram index gives %d hits, testing every key %d", stage, q, len(got), len(want))
			}
		}
	}
	check("first")
	// names leave and come back: their keys stay in the gram index
	for i, f := range stored {
		if i%3 == 1 {
			x.Apply(f, -1)
		}
	}
	check("after removals")
	for i, f := range stored {
		if i%6 == 1 {
			x.Apply(f, +1)
		}
	}
	check("after some came back")
}

// TestSearchNameAndAlias: when the query is one entity's name and another's
// alias, the first matches by name and the second by alias, whichever was
// indexed first.
func TestSearchNameAndAlias(t *testing.T) {
	attr := func(id string, a Attr, v string) Fact {
		return Fact{Kind: EntityAttr, Attr: a, Subject: id, Object: v, Label: "doc:d1", LabelDoc: true}
	}
	group := []Fact{attr("threat-group:apt28", AttrType, string(ontology.ThreatGroup)), attr("threat-group:apt28", AttrName, "APT28"),
		attr("threat-group:apt28", AttrKey, "apt28")}
	bear := []Fact{attr("threat-group:fancy-bear", AttrType, string(ontology.ThreatGroup)), attr("threat-group:fancy-bear", AttrName, "Fancy Bear"),
		attr("threat-group:fancy-bear", AttrKey, "fancy bear"), attr("threat-group:fancy-bear", AttrAltName, "APT28"),
		attr("threat-group:fancy-bear", AttrKey, "apt28")}
	tests := []struct {
		name  string
		facts [][]Fact
	}{
		{"name first", [][]Fact{group, bear}},
		{"alias first", [][]Fact{bear, group}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			x := New()
			for _, fs := range tt.facts {
				for _, f := range fs {
					x.Apply(f, +1)
				}
			}
			cands, err := x.Search(context.Background(), SearchQuery{Text: "apt28"})
			if err != nil {
				t.Fatal(err)
			}
			cands, _ = SearchPage(cands, "", len(cands))
			got := map[string]int{}
			for _, c := range cands {
				got[c.id] = c.Rank
			}
			want := map[string]int{"threat-group:apt28": RankName, "threat-group:fancy-bear": RankAlias}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("ranks %v, want %v", got, want)
			}
		})
	}
}
