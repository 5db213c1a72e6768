package export

import (
	"encoding/json"
	"fmt"
	"io"

	"github.com/newsgraph/newsgraph/graph"
)

// CytoscapeDoc is the Cytoscape JSON document WriteCytoscape writes: what
// cytoscape.js takes as {elements} and Cytoscape desktop imports.
type CytoscapeDoc struct {
	Data     map[string]string `json:"data"`
	Elements CytoscapeElements `json:"elements"`
}

// CytoscapeElements are the nodes and edges.
type CytoscapeElements struct {
	Nodes []CytoscapeNode `json:"nodes"`
	Edges []CytoscapeEdge `json:"edges"`
}

// CytoscapeNode is one entity.
type CytoscapeNode struct {
	Data CytoscapeNodeData `json:"data"`
}

// CytoscapeNodeData are an entity's attributes.
type CytoscapeNodeData struct {
	ID           string         `json:"id"`
	Label        string         `json:"label"`
	Name         string         `json:"name"` // Cytoscape desktop's label column
	Type         string         `json:"type"`
	Aliases      []string       `json:"aliases,omitempty"`
	Description  string         `json:"description,omitempty"`
	Roles        []string       `json:"roles,omitempty"`
	ExternalRefs []CytoscapeRef `json:"external_refs,omitempty"`
}

// CytoscapeRef is an external reference.
type CytoscapeRef struct {
	Source     string `json:"source"`
	ExternalID string `json:"external_id,omitempty"`
	URL        string `json:"url,omitempty"`
}

// CytoscapeEdge is one relation.
type CytoscapeEdge struct {
	Data CytoscapeEdgeData `json:"data"`
}

// CytoscapeEdgeData are a relation's attributes.
type CytoscapeEdgeData struct {
	ID         string  `json:"id"`
	Source     string  `json:"source"`
	Target     string  `json:"target"`
	Label      string  `json:"label"`
	Predicate  string  `json:"predicate"`
	Directed   bool    `json:"directed"`
	Confidence float64 `json:"confidence"`
	Sources    int     `json:"sources"`
	FirstSeen  string  `json:"first_seen,omitempty"`
	LastSeen   string  `json:"last_seen,omitempty"`
}

// CytoscapeJSON builds the Cytoscape JSON document of entities and relations;
// relations whose ends are not among ents are left out.
func CytoscapeJSON(ents []graph.Entity, rels []graph.Relation) CytoscapeDoc {
	doc := CytoscapeDoc{Data: map[string]string{"name": "newsgraph"},
		Elements: CytoscapeElements{Nodes: []CytoscapeNode{}, Edges: []CytoscapeEdge{}}}
	known := make(map[string]bool, len(ents))
	for _, e := range ents {
		known[e.ID] = true
		d := CytoscapeNodeData{ID: e.ID, Label: e.Name, Name: e.Name, Type: string(e.Type),
			Aliases: e.Aliases, Description: e.Description, Roles: e.Roles}
		for _, r := range e.ExternalRefs {
			d.ExternalRefs = append(d.ExternalRefs, CytoscapeRef{Source: r.Source, ExternalID: r.ExternalID, URL: r.URL})
		}
		doc.Elements.Nodes = append(doc.Elements.Nodes, CytoscapeNode{Data: d})
	}
	for _, r := range rels {
		if !known[r.Subject] || !known[r.Object] {
			continue
		}
		info, _ := r.Predicate.Info()
		doc.Elements.Edges = append(doc.Elements.Edges, CytoscapeEdge{Data: CytoscapeEdgeData{
			ID: r.ID, Source: r.Subject, Target: r.Object, Label: predicateLabel(r), Predicate: string(r.Predicate),
			Directed: !info.Symmetric, Confidence: r.Confidence, Sources: r.Sources,
			FirstSeen: day(r.FirstSeen), LastSeen: day(r.LastSeen),
		}})
	}
	return doc
}

// WriteCytoscape writes entities and relations as Cytoscape JSON:
// {"elements":{"nodes":[{"data":{"id","label","type",…}}],"edges":[{"data":{"id","source","target","label","predicate",…}}]}}.
func WriteCytoscape(w io.Writer, ents []graph.Entity, rels []graph.Relation) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(CytoscapeJSON(ents, rels)); err != nil {
		return fmt.Errorf("export: cytoscape: %w", err)
	}
	return nil
}
