package bench

import (
	"reflect"
	"slices"
	"testing"

	"github.com/newsgraph/newsgraph/ontology"
)

func TestParseScale(t *testing.T) {
	tests := []struct {
		in   string
		want int
		ok   bool
	}{
		{"10k", 10_000, true},
		{"100k", 100_000, true},
		{"1m", 1_000_000, true},
		{"1M", 1_000_000, true},
		{"2k", 2_000, true},
		{"250000", 250_000, true},
		{"", 0, false},
		{"k", 0, false},
		{"-5k", 0, false},
		{"10", 0, false},
		{"100m", 0, false},
		{"ten", 0, false},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			s, err := ParseScale(tc.in)
			if (err == nil) != tc.ok || s.Entities != tc.want {
				t.Errorf("ParseScale(%q) = %+v, %v; want %d entities, ok %v", tc.in, s, err, tc.want, tc.ok)
			}
		})
	}
}

func TestGeneratorDeterministic(t *testing.T) {
	a := NewGenerator(GenConfig{Entities: 3000, Seed: 7})
	b := NewGenerator(GenConfig{Entities: 3000, Seed: 7})
	c := NewGenerator(GenConfig{Entities: 3000, Seed: 8})
	for _, i := range []int{0, 1, 77, a.Documents() - 1} {
		if !reflect.DeepEqual(a.Document(i), b.Document(i)) {
			t.Errorf("document %d differs between two generators with the same seed", i)
		}
		// asking out of order gives the same document
		if !reflect.DeepEqual(a.Document(i), a.Document(i)) {
			t.Errorf("document %d differs between two calls", i)
		}
		if reflect.DeepEqual(a.Document(i), c.Document(i)) {
			t.Errorf("document %d is the same with another seed", i)
		}
	}
}

// TestGeneratorShape checks the graph is what the benchmark claims: about
// ten quads per entity, every entity in some document, claims that respect
// the ontology and quote their sentences exactly, and power-law degrees.
func TestGeneratorShape(t *testing.T) {
	const n = 5000
	g := NewGenerator(GenConfig{Entities: n, Seed: 1})
	spec := map[ontology.Predicate]predSpec{}
	for _, p := range predSpecs {
		spec[p.p] = p
	}
	seen := map[string]bool{}
	types := map[string]ontology.EntityType{}
	degree := map[string]int{}
	edges := map[[3]string]bool{}
	quads := 0
	for i := 0; i < g.Documents(); i++ {
		b := g.Document(i)
		qs, err := b.Quads()
		if err != nil {
			t.Fatalf("document %d: %v", i, err)
		}
		quads += len(qs)
		for _, e := range b.Entities {
			seen[e.ID] = true
			types[e.ID] = e.Type
		}
		for _, c := range b.Claims {
			ps, ok := spec[c.Predicate]
			if !ok {
				t.Fatalf("claim with predicate %q", c.Predicate)
			}
			if !slices.Contains(ps.subj, types[c.Subject]) || !slices.Contains(ps.obj, types[c.Object]) {
				t.Errorf("%s %s %s: types %s, %s not allowed", c.Subject, c.Predicate, c.Object, types[c.Subject], types[c.Object])
			}
			if got := b.Document.Text[c.Start:c.End]; got != c.Sentence {
				t.Errorf("document %d: text[%d:%d] = %q, sentence %q", i, c.Start, c.End, got, c.Sentence)
			}
			k := [3]string{c.Subject, string(c.Predicate), c.Object}
			if !edges[k] {
				edges[k] = true
				degree[c.Subject]++
				degree[c.Object]++
			}
		}
	}
	if len(seen) != n {
		t.Errorf("%d entities appear in documents, want %d", len(seen), n)
	}
	perEntity := float64(quads) / n
	if perEntity < 8 || perEntity > 13 {
		t.Errorf("%.1f quads per entity, want about 10", perEntity)
	}
	maxDeg, sum := 0, 0
	for _, d := range degree {
		maxDeg = max(maxDeg, d)
		sum += d
	}
	mean := float64(sum) / float64(len(degree))
	if float64(maxDeg) < 20*mean {
		t.Errorf("max degree %d, mean %.1f: not a heavy tail", maxDeg, mean)
	}
	t.Logf("%d quads (%.1f per entity), %d relations, %d linked entities, max degree %d, mean %.2f",
		quads, perEntity, len(edges), len(degree), maxDeg, mean)
}

func TestEntityIDsUnique(t *testing.T) {
	g := NewGenerator(GenConfig{Entities: 20000, Seed: 3})
	ids := map[string]int{}
	for i := 0; i < g.Entities(); i++ {
		e := g.Entity(i)
		if j, dup := ids[e.ID]; dup {
			t.Fatalf("entities %d and %d share the ID %s", j, i, e.ID)
		}
		ids[e.ID] = i
		if !e.Type.Valid() || e.Name == "" {
			t.Fatalf("entity %d: %+v", i, e)
		}
	}
}
