package resolvers

import (
	"bytes"
	"context"
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/99designs/gqlgen/graphql"

	"github.com/newsgraph/newsgraph/export"
	"github.com/newsgraph/newsgraph/graph"
	"github.com/newsgraph/newsgraph/ontology"
	"github.com/newsgraph/newsgraph/resolvers/model"
)

// TestCytoscapeEncodedOnce: Subgraph.cytoscape writes the exporter's JSON as
// it is, and it is the same JSON value that decoding it into a map and
// encoding that again (graphql.Map, as before) gave.
func TestCytoscapeEncodedOnce(t *testing.T) {
	ents := []graph.Entity{
		{ID: "threat-group:apt40", Name: "APT40", Type: ontology.ThreatGroup, Aliases: []string{"Leviathan", "TEMP.Periscope"},
			ExternalRefs: []graph.ExternalRef{{Source: "mitre-attack", ExternalID: "G0065", URL: "https://attack.mitre.org/groups/G0065"}}},
		{ID: "organization:r-d", Name: `R&D <"Labs">`, Type: ontology.Organization, Description: "tab\there, ünïcode — \u2028"},
		{ID: "country:china", Name: "China", Type: ontology.Country},
	}
	rels := []graph.Relation{
		{ID: "rel:1", Subject: ents[0].ID, Predicate: ontology.Targets, Object: ents[1].ID, Sources: 3, Confidence: 0.875,
			FirstSeen: time.Date(2021, 7, 19, 0, 0, 0, 0, time.UTC)},
		{ID: "rel:2", Subject: ents[0].ID, Predicate: ontology.AttributedTo, Object: ents[2].ID, Sources: 1, Confidence: 1},
	}
	r := &Resolver{Export: func(ctx context.Context, format string, e []graph.Entity, rs []graph.Relation) (string, error) {
		var b strings.Builder
		err := export.WriteCytoscape(&b, e, rs)
		return b.String(), err
	}}
	sg := &model.Subgraph{Nodes: ents, Edges: rels}
	for _, tc := range []struct {
		name string
		sg   *model.Subgraph
	}{{"a subgraph", sg}, {"an empty subgraph", &model.Subgraph{Nodes: []graph.Entity{}, Edges: []graph.Relation{}}}} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := (&subgraphResolver{r}).Cytoscape(context.Background(), tc.sg)
			if err != nil {
				t.Fatal(err)
			}
			var written bytes.Buffer
			got.MarshalGQL(&written)
			exported, _ := r.Export(context.Background(), "cytoscape", tc.sg.Nodes, tc.sg.Edges)
			if want := strings.TrimSpace(exported); written.String() != want {
				t.Errorf("wrote %s, the exporter gave %s", written.String(), want)
			}
			// before: decoded into a map and encoded again by gqlgen
			var doc map[string]any
			if err := json.Unmarshal([]byte(exported), &doc); err != nil {
				t.Fatal(err)
			}
			var before bytes.Buffer
			graphql.MarshalMap(doc).MarshalGQL(&before)
			var a, b any
			if err := json.Unmarshal(written.Bytes(), &a); err != nil {
				t.Fatalf("not JSON: %v: %s", err, written.Bytes())
			}
			if err := json.Unmarshal(before.Bytes(), &b); err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(a, b) {
				t.Errorf("the value changed:\nnow    %s\nbefore %s", written.Bytes(), before.Bytes())
			}
		})
	}
}
