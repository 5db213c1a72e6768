package bench

import (
	"fmt"
	"math"
	"math/rand/v2"
	"time"

	"github.com/cayleygraph/quad"

	"github.com/newsgraph/newsgraph/graph"
	"github.com/newsgraph/newsgraph/ontology"
)

// Profiles are the shapes of synthetic graph the benchmark generates.
const (
	// ProfileNews is the default: news documents whose claims join
	// entities, about ten quads per entity and few direct edges (at 100k
	// entities, 39k relations and a mean 2-hop set of about 2,000).
	ProfileNews = "news"
	// ProfileDense is a graph as dense as a merged graph of ATT&CK, years
	// of news and analysts' links: ten direct edges per entity with
	// power-law degrees (at 100k entities, about 1M relations, a largest
	// degree about 20k and 2-hop sets of tens of thousands), written as
	// structured sources of bare relations (see Dense).
	ProfileDense = "dense"
)

// Profiles lists the profiles ParseProfile accepts.
var Profiles = []string{ProfileNews, ProfileDense}

// DenseEdgesPerEntity is how many direct edges the dense profile draws per
// entity.
const DenseEdgesPerEntity = 10

// denseExponent is the power-law exponent of the dense profile's edge ends:
// with 100k entities and 1M edges the most popular entity gets about 20k
// edges (2M ends × (2^0.26−1)/(100001^0.26−1)).
const denseExponent = 0.74

// denseSourceEntities is how many entities each structured source of the
// dense profile introduces (with ten times as many edges).
const denseSourceEntities = 1000

// Dense generates the dense profile's graph as structured sources of bare
// relations: source k introduces entities [1000k, 1000k+1000) (type, name
// and lookup keys, as graph.Batch writes an entity) and 10,000 direct edges
// (entity —predicate→ entity quads labelled with the source), with no claim,
// document or mention around them. A structured import (STIX relationships,
// N-Quads) is what brings links in bulk; writing each edge as a claim of
// a news document would cost a dozen quads per edge (12M quads for 1M edges,
// an index of claims the workload never reads), so the edges are written
// bare and the graph stays loadable in a minute at 100k entities. Both ends
// of an edge are drawn from one power law over the entities (rank = entity
// index), the predicate by the news profile's weights; the graph ignores the
// ontology's type constraints, which no traversal looks at. Everything is a
// pure function of the seed: Source(k) can be called in any order.
type Dense struct {
	gen   *Generator // the entities' names and types
	iris  []quad.IRI // the entities' IRIs
	edges int
	// top is (N+1)^(1−s) − 1, the scale of the power law's inverse CDF
	top float64
}

// NewDense prepares the dense graph of the given number of entities.
func NewDense(entities int, seed uint64) *Dense {
	g := NewGenerator(GenConfig{Entities: entities, Seed: seed})
	d := &Dense{gen: g, edges: DenseEdgesPerEntity * g.Entities(),
		top: math.Pow(float64(g.Entities()+1), 1-denseExponent) - 1}
	d.iris = make([]quad.IRI, g.Entities())
	for i := range d.iris {
		d.iris[i] = graph.EntityIRI(g.Entity(i).ID)
	}
	return d
}

// Entities returns the number of entities.
func (d *Dense) Entities() int { return d.gen.Entities() }

// Entity returns entity i.
func (d *Dense) Entity(i int) graph.Entity { return d.gen.Entity(i) }

// Sources returns the number of structured sources.
func (d *Dense) Sources() int {
	return (d.Entities() + denseSourceEntities - 1) / denseSourceEntities
}

// SourceID returns the ID of source k.
func (d *Dense) SourceID(k int) string { return fmt.Sprintf("bench:dense-%d", k) }

// rank draws an entity index from the power law: P(i) ∝ (i+1)^−s, by the
// inverse of the continuous distribution's CDF.
func (d *Dense) rank(r *rand.Rand) int {
	x := math.Pow(1+r.Float64()*d.top, 1/(1-denseExponent))
	return min(int(x)-1, d.Entities()-1)
}

// Source returns the quads of source k (0 ≤ k < Sources()): its node, its
// entities and its edges, all labelled with it. An edge repeated within the
// source appears once.
func (d *Dense) Source(k int) ([]quad.Quad, error) {
	lo := k * denseSourceEntities
	hi := min(lo+denseSourceEntities, d.Entities())
	b := &graph.Batch{Source: &graph.Source{ID: d.SourceID(k), Name: fmt.Sprintf("Dense links %d", k), Kind: "bench",
		Published: docEpoch.Add(time.Duration(k) * 24 * time.Hour)}}
	for i := lo; i < hi; i++ {
		b.Entities = append(b.Entities, d.Entity(i))
	}
	qs, err := b.Quads()
	if err != nil {
		return nil, fmt.Errorf("bench: dense source %d: %w", k, err)
	}
	label := graph.SourceIRI(d.SourceID(k))
	// this source's share of the edges, so that the sources together draw
	// DenseEdgesPerEntity per entity
	first, last := d.edges*lo/d.Entities(), d.edges*hi/d.Entities()
	r := d.gen.rng("dense-edges", uint64(k))
	type edge struct {
		s, o int
		p    ontology.Predicate
	}
	seen := make(map[edge]bool, last-first)
	for e := first; e < last; e++ {
		s, o := d.rank(r), d.rank(r)
		for o == s {
			o = d.rank(r)
		}
		p := d.gen.weightedPred(r)
		if seen[edge{s, o, p.p}] {
			continue
		}
		seen[edge{s, o, p.p}] = true
		qs = append(qs, quad.Quad{Subject: d.iris[s], Predicate: graph.PredicateIRI(string(p.p)), Object: d.iris[o], Label: label})
	}
	return qs, nil
}
