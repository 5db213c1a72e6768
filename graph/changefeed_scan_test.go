package graph

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"os"
	"reflect"
	"sort"
	"testing"
	"time"

	"github.com/cayleygraph/quad"

	"github.com/newsgraph/newsgraph/ontology"
)

// TestPostgresScan: the shared database's direct scan (changefeed_scan.go)
// reads the same quads, with the same Go types, as cayley's iterator. It
// needs NEWSGRAPH_TEST_POSTGRES (`make test-postgres`).
func TestPostgresScan(t *testing.T) {
	base := os.Getenv("NEWSGRAPH_TEST_POSTGRES")
	if base == "" {
		t.Skip("NEWSGRAPH_TEST_POSTGRES is not set (run `make test-postgres`)")
	}
	ctx := context.Background()
	admin, err := sql.Open("postgres", base)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	name := fmt.Sprintf("ng_scan_%d_%d", os.Getpid(), time.Now().UnixNano()%1e9)
	if _, err := admin.Exec(`CREATE DATABASE ` + name); err != nil {
		t.Fatal(err)
	}
	defer admin.Exec(`DROP DATABASE IF EXISTS ` + name + ` WITH (FORCE)`)
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	u.Path = "/" + name
	s, err := Open(ctx, Config{Backend: BackendPostgres, Path: u.String()})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()

	alpha := Entity{ID: "country:alpha", Name: "Alpha", Type: ontology.Country, Aliases: []string{"Alphaland"}}
	beta := Entity{ID: "country:beta", Name: "Beta", Type: ontology.Country}
	doc := &Batch{
		Document: &Document{ID: "doc:scan", Title: "T", Text: "Alpha condemns Beta.", Published: time.Date(2024, 5, 1, 0, 0, 0, 0, time.UTC)},
		Entities: []Entity{alpha, beta},
		Claims:   []Claim{{Subject: alpha.ID, Predicate: ontology.Condemns, Object: beta.ID, Confidence: 0.825, Sentence: "Alpha condemns Beta.", End: 20}},
	}
	if _, err := s.WriteDocument(ctx, doc); err != nil {
		t.Fatal(err)
	}
	n := quad.IRI("urn:x")
	label := quad.IRI("urn:source")
	raw := []quad.Quad{
		{Subject: n, Predicate: pName, Object: quad.Int(-7), Label: label},
		{Subject: n, Predicate: pName, Object: quad.Float(2.5), Label: label},
		{Subject: n, Predicate: pName, Object: quad.Bool(true), Label: label},
		{Subject: n, Predicate: pName, Object: quad.Time(time.Date(2024, 5, 1, 10, 11, 12, 0, time.UTC)), Label: label},
		{Subject: n, Predicate: pName, Object: quad.LangString{Value: "nom", Lang: "fr"}, Label: label},
		{Subject: n, Predicate: pName, Object: quad.TypedString{Value: "x", Type: "urn:type"}, Label: label},
		{Subject: n, Predicate: pName, Object: quad.String("nul\x00byte"), Label: label},
		{Subject: quad.BNode("b1"), Predicate: pName, Object: quad.String("unlabelled")},
	}
	if _, err := s.AddQuads(ctx, raw); err != nil {
		t.Fatal(err)
	}
	want, err := s.scanQuads(ctx)
	if err != nil {
		t.Fatal(err)
	}
	snap, err := s.pg.snapshot(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer snap.Rollback()
	var got []quad.Quad
	if err := scanQuads(ctx, snap, func(q quad.Quad) { got = append(got, q) }); err != nil {
		t.Fatal(err)
	}
	sortQuads := func(qs []quad.Quad) {
		sort.Slice(qs, func(i, j int) bool { return qs[i].NQuad() < qs[j].NQuad() })
	}
	sortQuads(got)
	sortQuads(want)
	if len(got) != len(want) || len(want) < len(raw)+20 {
		t.Fatalf("direct scan read %d quads, cayley %d", len(got), len(want))
	}
	for i := range got {
		if !reflect.DeepEqual(got[i], want[i]) {
			t.Errorf("quad %d: %#v, cayley reads %#v", i, got[i], want[i])
		}
	}
}
