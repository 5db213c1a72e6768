package boltkv

import (
	"fmt"
	"maps"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/cayleygraph/cayley/graph/kv"
	"github.com/cayleygraph/quad"

	"github.com/newsgraph/newsgraph/graph/internal/boltkv/boltkvtest"
)

// TestRandomHistory: random histories of additions (with repeats inside a
// batch, quads already stored and quads added again after their removal),
// removals (of stored quads, of quads never stored, of every quad of a
// label) and labels, written into one file through cayley alone and into
// another the way the store writes (additions by the direct writer,
// removals through cayley), decode to the same graph after every step: the
// same nodes and reference counts, live quads, deleted quads and index
// lists. The live quads are also those of a plain model of the history.
func TestRandomHistory(t *testing.T) {
	seeds, steps := 100, 16
	if testing.Short() {
		seeds, steps = 60, 12
	}
	for seed := range uint64(seeds) {
		t.Run(fmt.Sprint(seed), func(t *testing.T) {
			t.Parallel()
			runHistory(t, seed, steps)
		})
	}
}

// FuzzBoltHistory runs random histories of any seed and length (see
// TestRandomHistory).
func FuzzBoltHistory(f *testing.F) {
	f.Add(uint64(1), uint8(8))
	f.Add(uint64(42), uint8(30))
	f.Fuzz(func(t *testing.T, seed uint64, steps uint8) {
		runHistory(t, seed, int(steps%64)+1)
	})
}

// runHistory writes one random history into two files and compares them
// after every step.
func runHistory(t *testing.T, seed uint64, steps int) {
	h := newHistory(seed)
	indexes := h.indexes()
	dir := t.TempDir()
	ref := openFile(t, filepath.Join(dir, "ref.db"), indexes)
	got := openFile(t, filepath.Join(dir, "got.db"), indexes)
	for i := range steps {
		add, del, byCayley := h.step()
		if len(add) > 0 {
			ref.cayleyAdd(t, add)
			if byCayley {
				got.cayleyAdd(t, add)
			} else {
				got.add(t, add)
			}
		}
		ref.del(t, del)
		got.del(t, del)
		want, have := ref.graph(t), got.graph(t)
		if d := boltkvtest.Diff(want, have); d != "" {
			t.Fatalf("seed %d step %d (+%d −%d): the files differ (cayley → writer):\n%s", seed, i, len(add), len(del), d)
		}
		if d := boltkvtest.SetDiff(h.liveSet(), have.Quads); d != "" {
			t.Fatalf("seed %d step %d: the files differ from the model (model → files):\n%s", seed, i, d)
		}
	}
}

// history draws random changes over small pools of values, so that nodes,
// quads and labels meet often, and keeps a model of the live quads.
type history struct {
	rng    *rand.Rand
	seed   uint64
	subs   []quad.Value
	preds  []quad.Value
	objs   []quad.Value
	labels []quad.Value // nil stands for no label
	live   map[string]quad.Quad
	gone   map[string]quad.Quad // removed once, not added since
}

func newHistory(seed uint64) *history {
	iri := func(s string) quad.IRI { return quad.IRI("http://t.example/" + s) }
	h := &history{rng: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)), seed: seed,
		live: map[string]quad.Quad{}, gone: map[string]quad.Quad{}}
	for i := range 6 {
		h.subs = append(h.subs, iri(fmt.Sprintf("s%d", i)))
	}
	for i := range 4 {
		h.preds = append(h.preds, iri(fmt.Sprintf("p%d", i)))
	}
	h.labels = []quad.Value{nil, nil, iri("doc/1"), iri("doc/2"), iri("s0")}
	at := time.Date(2024, 3, 1, 12, 30, 0, 0, time.UTC)
	h.objs = append(append([]quad.Value{}, h.subs[:4]...),
		iri("doc/1"), iri("p0"), // a label and a predicate as objects
		quad.String("x"), quad.String(""), quad.String("Alpha"),
		quad.Int(7), quad.TypedString{Value: "7", Type: "http://www.w3.org/2001/XMLSchema#integer"}, // one node
		quad.Float(0.25), quad.Bool(true), quad.Time(at),
		quad.LangString{Value: "Alfa", Lang: "es"}, quad.BNode("b1"))
	return h
}

// indexes picks the file's quad indexes: cayley's default, the legacy ones
// (no meta key) or others, with a label first.
func (h *history) indexes() []kv.QuadIndex {
	switch h.seed % 3 {
	case 1:
		return []kv.QuadIndex{{Dirs: []quad.Direction{quad.Subject}}, {Dirs: []quad.Direction{quad.Object}}}
	case 2:
		return []kv.QuadIndex{
			{Dirs: []quad.Direction{quad.Label, quad.Predicate}},
			{Dirs: []quad.Direction{quad.Object, quad.Subject, quad.Predicate, quad.Label}},
		}
	}
	return nil
}

func (h *history) pick(vs []quad.Value) quad.Value { return vs[h.rng.IntN(len(vs))] }

func (h *history) quad() quad.Quad {
	return quad.Quad{Subject: h.pick(h.subs), Predicate: h.pick(h.preds), Object: h.pick(h.objs), Label: h.pick(h.labels)}
}

// some returns up to n quads of m, drawn at random.
func (h *history) some(m map[string]quad.Quad, n int) []quad.Quad {
	keys := slices.Sorted(maps.Keys(m)) // map order is random, but not seeded
	h.rng.Shuffle(len(keys), func(i, j int) { keys[i], keys[j] = keys[j], keys[i] })
	out := make([]quad.Quad, 0, min(n, len(keys)))
	for _, k := range keys[:min(n, len(keys))] {
		out = append(out, m[k])
	}
	return out
}

// step draws the next change: quads to add (first) and to remove, and
// whether the writer's file takes the additions through cayley too (a file
// both writers wrote).
func (h *history) step() (add, del []quad.Quad, byCayley bool) {
	switch r := h.rng.IntN(10); {
	case r < 5: // additions
		add = h.additions()
	case r < 7: // removals
		del = h.removals()
	case r < 8: // a label's quads go, as when a source is deleted
		l := h.pick(h.labels)
		for _, k := range slices.Sorted(maps.Keys(h.live)) {
			if q := h.live[k]; (q.Label == nil) == (l == nil) && (l == nil || q.Label.String() == l.String()) {
				del = append(del, q)
			}
		}
	default: // both, as when a source is replaced
		add, del = h.additions(), h.removals()
	}
	for _, q := range add {
		k := q.NQuad()
		h.live[k] = q
		delete(h.gone, k)
	}
	for _, q := range del {
		k := q.NQuad()
		if _, ok := h.live[k]; ok {
			delete(h.live, k)
			h.gone[k] = q
		}
	}
	return add, del, h.rng.IntN(10) == 0
}

// additions: new quads, some repeated, some already stored, some added
// again after their removal; now and then a large batch.
func (h *history) additions() []quad.Quad {
	n := 1 + h.rng.IntN(12)
	if h.rng.IntN(8) == 0 {
		n = 200
	}
	var add []quad.Quad
	for range n {
		add = append(add, h.quad())
	}
	for range h.rng.IntN(4) {
		add = append(add, add[h.rng.IntN(len(add))])
	}
	add = append(add, h.some(h.live, h.rng.IntN(4))...)
	add = append(add, h.some(h.gone, h.rng.IntN(4))...)
	h.rng.Shuffle(len(add), func(i, j int) { add[i], add[j] = add[j], add[i] })
	return add
}

// removals: stored quads, and some never stored.
func (h *history) removals() []quad.Quad {
	del := h.some(h.live, 1+h.rng.IntN(8))
	for range h.rng.IntN(3) {
		if q := h.quad(); !h.isLive(q) {
			del = append(del, q)
		}
	}
	return del
}

func (h *history) isLive(q quad.Quad) bool {
	_, ok := h.live[q.NQuad()]
	return ok
}

// liveSet is the model's live quads as the decoder writes them.
func (h *history) liveSet() map[string]bool {
	out := map[string]bool{}
	for _, q := range h.live {
		s := q.Subject.String() + " " + q.Predicate.String() + " " + q.Object.String()
		if q.Label != nil {
			s += " " + q.Label.String()
		}
		out[s] = true
	}
	return out
}
