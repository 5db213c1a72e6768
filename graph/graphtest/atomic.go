package graphtest

import (
	"fmt"
	"reflect"
	"sort"
	"sync"
	"testing"
	"time"

	"github.com/newsgraph/newsgraph/graph"
	"github.com/newsgraph/newsgraph/ontology"
)

// atomicVersion is one version of the document that testReplaceAtomic
// replaces back and forth: a hub with spokes of its own, each claimed once.
type atomicVersion struct {
	batch     *graph.Batch
	spokes    []string // spoke entity IDs, sorted
	relations []string // relStrings of the hub's relations, sorted
	claims    []string // claim sentences, sorted
	preds     []string // the predicate of each relation
}

// atomicDoc builds version tag of the replaced document: the hub, predicate
// p, to n spokes named after tag.
func atomicDoc(hub graph.Entity, tag string, p ontology.Predicate, n int) atomicVersion {
	b := &graph.Batch{
		Document: &graph.Document{ID: "doc:atomic", Title: "version " + tag, Text: "t", Extractor: "test",
			Published: time.Date(2024, 1, 2, 0, 0, 0, 0, time.UTC)},
		Entities: []graph.Entity{hub},
	}
	var v atomicVersion
	for i := 0; i < n; i++ {
		sp := ent(ontology.Person, fmt.Sprintf("Spoke %s%d", tag, i))
		sentence := fmt.Sprintf("The hub and spoke %s%d.", tag, i)
		b.Entities = append(b.Entities, sp)
		b.Claims = append(b.Claims, claim(hub, p, sp, sentence, 10*i))
		v.spokes = append(v.spokes, sp.ID)
		v.relations = append(v.relations, hub.ID+" "+string(p)+" "+sp.ID)
		v.claims = append(v.claims, sentence)
		v.preds = append(v.preds, string(p))
	}
	sort.Strings(v.spokes)
	sort.Strings(v.relations)
	sort.Strings(v.claims)
	v.batch = b
	return v
}

// atomicReader reads what testReplaceAtomic checks.
type atomicReader struct {
	s          *graph.Store
	hub        graph.Entity
	versions   []atomicVersion
	sentenceOf map[string]string // relation ID → its claim's sentence
}

// match reports an error unless got, sorted, is what pick gives of one of
// the versions.
func (a *atomicReader) match(what string, got []string, pick func(atomicVersion) []string) error {
	sort.Strings(got)
	for _, v := range a.versions {
		if reflect.DeepEqual(got, pick(v)) {
			return nil
		}
	}
	return fmt.Errorf("%s = %q: neither version a %q nor b %q", what, got, pick(a.versions[0]), pick(a.versions[1]))
}

// read checks the hub's neighborhood, relations, relation counts, the
// relations' claims and the document's claims, each read on its own.
func (a *atomicReader) read() error {
	s := a.s
	sg, err := s.Neighborhood(ctx, graph.NeighborhoodQuery{IDs: []string{a.hub.ID}, Depth: 1, Limit: 100})
	if err != nil {
		return err
	}
	var spokes []string
	for _, n := range sg.Nodes {
		if n.ID != a.hub.ID {
			spokes = append(spokes, n.ID)
		}
	}
	if err := a.match("neighborhood", spokes, func(v atomicVersion) []string { return v.spokes }); err != nil {
		return err
	}
	page, err := s.Relations(ctx, a.hub.ID, graph.RelationFilter{}, graph.Page{First: 100})
	if err != nil {
		return err
	}
	if err := a.match("relations", relStrings(page.Relations), func(v atomicVersion) []string { return v.relations }); err != nil {
		return err
	}
	counts, err := s.RelationCounts(ctx, a.hub.ID)
	if err != nil {
		return err
	}
	var preds []string
	for _, c := range counts {
		for range c.Count {
			preds = append(preds, string(c.Predicate))
		}
	}
	if err := a.match("relation counts", preds, func(v atomicVersion) []string { return v.preds }); err != nil {
		return err
	}
	if err := a.relationClaims(page.Relations); err != nil {
		return err
	}
	docClaims, err := s.DocumentClaims(ctx, "doc:atomic")
	if err != nil {
		return err
	}
	var sentences []string
	for _, c := range docClaims {
		sentences = append(sentences, c.Sentence)
	}
	return a.match("document claims", sentences, func(v atomicVersion) []string { return v.claims })
}

// relationClaims checks that each relation's claims are all there, or none
// when the relation went since it was read (the version changed between
// the reads).
func (a *atomicReader) relationClaims(rels []graph.Relation) error {
	ids := make([]string, len(rels))
	for i, r := range rels {
		ids[i] = r.ID
	}
	claims, err := a.s.Claims(ctx, ids)
	if err != nil {
		return err
	}
	for _, id := range ids {
		got := claims[id]
		if len(got) == 0 {
			continue
		}
		if len(got) != 1 || got[0].Sentence != a.sentenceOf[id] || got[0].Document != "doc:atomic" {
			return fmt.Errorf("claims of %s = %+v, want one from doc:atomic saying %q", id, got, a.sentenceOf[id])
		}
	}
	return nil
}

// testReplaceAtomic: while a writer replaces a document back and forth
// between two versions that share one entity, readers of its neighborhood,
// relations, relation counts and document claims see exactly one version or
// the other, never old and new quads together, and a relation's claims are
// whole (never the hollow claim of a node whose quads are gone).
func testReplaceAtomic(t *testing.T, b Backend) {
	hub := ent(ontology.Agency, "Atomic Hub")
	a := &atomicReader{s: b.Open(t), hub: hub, sentenceOf: map[string]string{}, versions: []atomicVersion{
		atomicDoc(hub, "a", ontology.Accuses, 4),
		atomicDoc(hub, "b", ontology.Condemns, 3),
	}}
	for _, v := range a.versions {
		for _, c := range v.batch.Claims {
			a.sentenceOf[graph.RelationID(c.Subject, c.Predicate, c.Object)] = c.Sentence
		}
	}
	if _, err := a.s.ReplaceSource(ctx, a.versions[0].batch); err != nil {
		t.Fatal(err)
	}
	replaces := 100
	if testing.Short() {
		replaces = 40
	}
	done := make(chan struct{})
	errs := make(chan error, 3)
	var wg sync.WaitGroup
	for range 3 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-done:
					return
				default:
				}
				if err := a.read(); err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	for i := 1; i <= replaces; i++ {
		if _, err := a.s.ReplaceSource(ctx, a.versions[i%2].batch); err != nil {
			t.Error(err)
			break
		}
	}
	close(done)
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if err := a.read(); err != nil {
		t.Errorf("after the writes: %v", err)
	}
}

// testClaimCacheFollowsChanges: a claim read (and cached) before its source
// is replaced by a version that restates it differently (same claim ID, new
// confidence and sentence) or deleted is read anew afterwards.
func testClaimCacheFollowsChanges(t *testing.T, b Backend) {
	s := b.Open(t)
	src := &graph.Source{ID: "analyst:cache", Name: "cache", Kind: "analyst"}
	version := func(conf float64, sentence string) *graph.Batch {
		return &graph.Batch{Source: src, Entities: []graph.Entity{apt40, china},
			Claims: []graph.Claim{{Subject: apt40.ID, Predicate: ontology.LocatedIn, Object: china.ID, Confidence: conf, Sentence: sentence, Extractor: "analyst"}}}
	}
	rel := graph.RelationID(apt40.ID, ontology.LocatedIn, china.ID)
	tests := []struct {
		name     string
		change   func() error
		want     int // claims behind the relation afterwards
		conf     float64
		sentence string
	}{
		{"first version", func() error { _, err := s.ReplaceSource(ctx, version(0.5, "first")); return err }, 1, 0.5, "first"},
		{"restated", func() error { _, err := s.ReplaceSource(ctx, version(0.9, "second")); return err }, 1, 0.9, "second"},
		{"deleted", func() error { _, err := s.DeleteSource(ctx, src.ID); return err }, 0, 0, ""},
		{"back again", func() error { _, err := s.ReplaceSource(ctx, version(0.7, "third")); return err }, 1, 0.7, "third"},
	}
	var id string
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := tt.change(); err != nil {
				t.Fatal(err)
			}
			for range 2 { // the second read comes from the cache
				claims, err := s.Claims(ctx, []string{rel})
				if err != nil {
					t.Fatal(err)
				}
				got := claims[rel]
				if len(got) != tt.want {
					t.Fatalf("claims = %+v, want %d", got, tt.want)
				}
				if tt.want == 0 {
					continue
				}
				if got[0].Confidence != tt.conf || got[0].Sentence != tt.sentence {
					t.Errorf("claim = %+v, want confidence %v and sentence %q", got[0], tt.conf, tt.sentence)
				}
				if id != "" && got[0].ID != id {
					t.Fatalf("claim ID %s changed to %s: the test needs one claim restated", id, got[0].ID)
				}
				id = got[0].ID
				if c, err := s.Claim(ctx, "claim:"+id); err != nil || c.Sentence != tt.sentence {
					t.Errorf("Claim(%s) = %+v, %v; want sentence %q", id, c, err, tt.sentence)
				}
			}
		})
	}
}
