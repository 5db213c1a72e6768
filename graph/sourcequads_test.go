package graph_test

import (
	"context"
	"testing"

	"github.com/cayleygraph/quad"

	"github.com/newsgraph/newsgraph/graph"
	"github.com/newsgraph/newsgraph/ontology"
)

// TestReplaceSourceWith: extra quads go in the same diff as the batch;
// replacing with the same batch and extras changes nothing; dropping an
// extra removes it.
func TestReplaceSourceWith(t *testing.T) {
	ctx := context.Background()
	s, err := graph.Open(ctx, graph.Config{Backend: graph.BackendMemory})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	a := graph.Entity{ID: "threat-group:a", Name: "A", Type: ontology.ThreatGroup}
	m := graph.Entity{ID: "malware:m", Name: "M", Type: ontology.Malware}
	b := &graph.Batch{Source: &graph.Source{ID: "stix:bundle--1", Kind: "stix"}, Entities: []graph.Entity{a, m},
		Claims: []graph.Claim{{Subject: a.ID, Predicate: ontology.Uses, Object: m.ID, Confidence: 1, Extractor: "stix"}}}
	note := func(o string) quad.Quad {
		return quad.Quad{Subject: quad.IRI("https://newsgraph.dev/stix/x"), Predicate: quad.IRI(graph.NS + "note"), Object: quad.String(o)}
	}
	res, err := s.ReplaceSourceWith(ctx, b, []quad.Quad{note("one"), note("two")})
	if err != nil || !res.Created || res.Added == 0 {
		t.Fatalf("first write %+v %v", res, err)
	}
	qs, _ := s.QuadsWith(ctx, quad.Subject, quad.IRI("https://newsgraph.dev/stix/x"))
	if len(qs) != 2 || qs[0].Label != graph.SourceIRI("stix:bundle--1") {
		t.Errorf("extras %v: want two, labelled with the source", qs)
	}
	res, err = s.ReplaceSourceWith(ctx, b, []quad.Quad{note("two"), note("one")})
	if err != nil || res.Created || res.Added != 0 || res.Removed != 0 {
		t.Errorf("same write again %+v %v", res, err)
	}
	res, err = s.ReplaceSourceWith(ctx, b, []quad.Quad{note("two")})
	if err != nil || res.Added != 0 || res.Removed != 1 {
		t.Errorf("one extra fewer %+v %v", res, err)
	}
	if _, err := s.ReplaceSourceWith(ctx, b, []quad.Quad{{Subject: quad.IRI("x")}}); graph.ErrorCode(err) != graph.EINVALID {
		t.Errorf("invalid extra: %v", err)
	}
}

// TestPruneSource: pruning a claim takes its edge unless another claim of
// the source states it; pruning an entity keeps its type and name while a
// claim of the source names it.
func TestPruneSource(t *testing.T) {
	ctx := context.Background()
	s, err := graph.Open(ctx, graph.Config{Backend: graph.BackendMemory})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	a := graph.Entity{ID: "threat-group:a", Name: "A", Type: ontology.ThreatGroup, Aliases: []string{"Alpha"}, Description: "a group"}
	m := graph.Entity{ID: "malware:m", Name: "M", Type: ontology.Malware, Description: "a tool"}
	n := graph.Entity{ID: "malware:n", Name: "N", Type: ontology.Malware}
	src := &graph.Source{ID: "stix:bundle--2", Kind: "stix"}
	b := &graph.Batch{Source: src, Entities: []graph.Entity{a, m, n}, Claims: []graph.Claim{
		{ID: "c1", Subject: a.ID, Predicate: ontology.Uses, Object: m.ID, Confidence: 1, Extractor: "stix"},
		{ID: "c2", Subject: a.ID, Predicate: ontology.Uses, Object: m.ID, Confidence: 0.5, Extractor: "stix", OriginalType: "uses"},
		{ID: "c3", Subject: a.ID, Predicate: ontology.Uses, Object: n.ID, Confidence: 1, Extractor: "stix"},
	}}
	if _, err := s.ReplaceSource(ctx, b); err != nil {
		t.Fatal(err)
	}
	if _, err := s.PruneSource(ctx, src.ID, graph.Prune{Claims: []string{"c1", "c3"}, Entities: []string{a.ID, n.ID}}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Relation(ctx, graph.RelationID(a.ID, ontology.Uses, m.ID)); err != nil {
		t.Errorf("A uses M is still stated by c2: %v", err)
	}
	if _, err := s.Relation(ctx, graph.RelationID(a.ID, ontology.Uses, n.ID)); !graph.IsNotFound(err) {
		t.Errorf("A uses N: %v, want it gone with c3", err)
	}
	if e, err := s.Entity(ctx, a.ID); err != nil || e.Name != "A" || e.Type != ontology.ThreatGroup || len(e.Aliases) != 0 || e.Description != "" {
		t.Errorf("A = %+v %v: want its type and name only (c2 names it)", e, err)
	}
	if _, err := s.Entity(ctx, n.ID); !graph.IsNotFound(err) {
		t.Errorf("N: %v, want it gone (no claim names it)", err)
	}
	if e, err := s.Entity(ctx, m.ID); err != nil || e.Description != "a tool" {
		t.Errorf("M = %+v %v: not pruned", e, err)
	}
	removed, err := s.PruneSource(ctx, src.ID, graph.Prune{Claims: []string{"c3"}})
	if err != nil || removed != 0 {
		t.Errorf("pruning what is gone: %d %v", removed, err)
	}
}
