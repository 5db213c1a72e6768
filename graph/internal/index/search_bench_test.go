package index

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/newsgraph/newsgraph/ontology"
)

// synthNames draws entity names the way the bench generator does: invented
// words of two or three syllables inside templates by type, some with an
// alias (an acronym or an APT number).
type synthNames struct {
	r *rand.Rand
}

var (
	synthOnsets = []string{"b", "d", "k", "l", "m", "n", "r", "s", "t", "v", "z", "ch", "sh", "gr", "tr", "br", "dr", "kh", "p", "f"}
	synthVowels = []string{"a", "e", "i", "o", "u", "ai", "ei", "ou", "ya"}
	synthCodas  = []string{"", "", "", "n", "r", "l", "s", "k", "m"}
	synthForms  = []string{"%s Panda", "%s Bear", "%s Spider", "Ministry of %s Affairs", "%s Security Bureau",
		"Department of %s", "%sia", "Republic of %s", "%sstan", "%s Systems", "%s University", "%s Bank",
		"%s breach", "Operation %s", "%sLoader", "%sRAT", "%s scanner", "%s injection", "%s sector", "%s Gateway",
		"%s Province", "%s City", "%s %s", "%s %s", "%s %s", "%s %s"}
)

func (s synthNames) word() string {
	var b strings.Builder
	for range 2 + s.r.IntN(2) {
		b.WriteString(synthOnsets[s.r.IntN(len(synthOnsets))])
		b.WriteString(synthVowels[s.r.IntN(len(synthVowels))])
	}
	b.WriteString(synthCodas[s.r.IntN(len(synthCodas))])
	w := b.String()
	return strings.ToUpper(w[:1]) + w[1:]
}

// name returns entity i's name and alias ("" when none).
func (s synthNames) name(i int) (name, alias string) {
	f := synthForms[s.r.IntN(len(synthForms))]
	if strings.Count(f, "%s") == 2 {
		name = fmt.Sprintf(f, s.word(), s.word())
	} else {
		name = fmt.Sprintf(f, s.word())
	}
	switch s.r.IntN(10) {
	case 0:
		alias = fmt.Sprintf("APT%d", 100+i)
	case 1, 2:
		var b strings.Builder
		for _, w := range strings.Fields(name) {
			b.WriteString(strings.ToUpper(w[:1]))
		}
		if b.Len() >= 2 {
			alias = b.String()
		}
	}
	return name, alias
}

// synthIndex builds an index of n organizations and persons named by
// synthNames (and by extra, cycled, for keys of other shapes), each with a
// few relations so that degrees break ties. It returns the index and the names.
func synthIndex(n int, seed uint64, extra []string) (*Index, []string) {
	s := synthNames{r: rand.New(rand.NewPCG(seed, 7))}
	x := New()
	attr := func(id string, a Attr, v string) {
		x.Apply(Fact{Kind: EntityAttr, Attr: a, Subject: id, Object: v, Label: "doc:d1", LabelDoc: true}, +1)
	}
	names := make([]string, 0, n)
	for i := range n {
		id := fmt.Sprintf("organization:o%d", i)
		name, alias := s.name(i)
		if len(extra) > 0 && i%5 == 0 {
			name = extra[(i/5)%len(extra)]
		}
		t := ontology.Organization
		if i%4 == 1 {
			t = ontology.Person
		}
		attr(id, AttrType, string(t))
		attr(id, AttrName, name)
		attr(id, AttrKey, ontology.Normalize(name))
		if alias != "" {
			attr(id, AttrAltName, alias)
			attr(id, AttrKey, ontology.Normalize(alias))
		}
		names = append(names, name)
		if i > 0 {
			for range s.r.IntN(3) {
				o := fmt.Sprintf("organization:o%d", s.r.IntN(i))
				x.Apply(Fact{Kind: Edge, Subject: id, Pred: ontology.Predicates[0].Name, Object: o, Label: "doc:d1", LabelDoc: true}, +1)
			}
		}
	}
	return x, names
}

// benchQueries are the bench's search texts: whole names and the first four
// letters of their first word, alternating.
func benchQueries(names []string, n int) []string {
	r := rand.New(rand.NewPCG(11, 13))
	qs := make([]string, n)
	for i := range qs {
		name := names[r.IntN(len(names))]
		if i%2 == 1 {
			w := strings.Fields(name)[0]
			name = w[:min(4, len(w))]
		}
		qs[i] = strings.TrimSpace(ontology.Normalize(name))
	}
	return qs
}

// BenchmarkSearch times Search on synthetic indexes of 100k and 1M
// entities with the bench's query mix, reporting the median and 99th
// percentile besides the mean.
func BenchmarkSearch(b *testing.B) {
	for _, n := range []int{100_000, 1_000_000} {
		b.Run(fmt.Sprintf("%dk", n/1000), func(b *testing.B) {
			x, names := synthIndex(n, 1, nil)
			qs := benchQueries(names, 200)
			ctx := context.Background()
			x.view()
			var took []time.Duration
			for i := 0; b.Loop(); i++ {
				start := time.Now()
				cands, err := x.Search(ctx, SearchQuery{Text: qs[i%len(qs)]})
				if err != nil {
					b.Fatal(err)
				}
				SearchPage(cands, "", 10)
				took = append(took, time.Since(start))
			}
			slices.Sort(took)
			b.ReportMetric(float64(took[len(took)/2].Microseconds()), "p50-µs")
			b.ReportMetric(float64(took[len(took)*99/100].Microseconds()), "p99-µs")
		})
	}
}
