// Package export writes the graph in formats other tools read: N-Quads (the
// store's own quads, lossless: importing them into an empty store and
// exporting again gives the same bytes), STIX 2.1 (through package stix),
// GraphML with typed attributes (Gephi, yEd) and Cytoscape JSON (Cytoscape,
// cytoscape.js).
//
// The STIX, GraphML and Cytoscape writers take entities and relations (with,
// for STIX, the claims and documents behind them), so the same functions
// export the whole graph (Load) or a subgraph around some entities
// (graph.Subgraph's Nodes and Edges, with LoadEvidence for STIX).
package export

import (
	"context"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/cayleygraph/quad"
	"github.com/cayleygraph/quad/nquads"

	"github.com/newsgraph/newsgraph/graph"
	"github.com/newsgraph/newsgraph/stix"
)

// Format is an export format.
type Format string

// The export formats.
const (
	NQuads    Format = "nquads"
	STIX      Format = "stix"
	GraphML   Format = "graphml"
	Cytoscape Format = "cytoscape"
)

// Formats lists the export formats.
var Formats = []Format{NQuads, STIX, GraphML, Cytoscape}

// ParseFormat accepts a format name in any case.
func ParseFormat(s string) (Format, bool) {
	f := Format(strings.ToLower(strings.TrimSpace(s)))
	for _, x := range Formats {
		if x == f {
			return f, true
		}
	}
	return "", false
}

// ContentType is the media type of the format, for HTTP downloads.
func (f Format) ContentType() string {
	switch f {
	case NQuads:
		return "application/n-quads"
	case STIX:
		return "application/stix+json;version=2.1"
	case GraphML:
		return "application/graphml+xml"
	}
	return "application/json"
}

// Extension is the usual file name extension of the format.
func (f Format) Extension() string {
	switch f {
	case NQuads:
		return ".nq"
	case GraphML:
		return ".graphml"
	case Cytoscape:
		return ".cyjs"
	}
	return ".json"
}

// Graph is what the STIX, GraphML and Cytoscape writers write.
type Graph struct {
	Entities  []graph.Entity
	Relations []graph.Relation
	// Claims (by relation ID), Documents and Mentions (by document ID) are
	// read only for STIX (LoadEvidence).
	Claims    map[string][]graph.Claim
	Documents []graph.Document
	Mentions  map[string][]graph.Mention
	// Notes and Reports (analysts' notes and investigations) are written
	// only in STIX.
	Notes   []graph.Note
	Reports []stix.Report
}

// Load reads every entity and relation of the store; with evidence it also
// reads every relation's claims, every document and their mentions (what
// STIX needs).
func Load(ctx context.Context, s *graph.Store, evidence bool) (*Graph, error) {
	ents, rels, err := s.Snapshot(ctx)
	if err != nil {
		return nil, fmt.Errorf("export: read the graph: %w", err)
	}
	g := &Graph{Entities: ents, Relations: rels}
	if !evidence {
		return g, nil
	}
	srcs, err := s.Sources(ctx)
	if err != nil {
		return nil, fmt.Errorf("export: read documents: %w", err)
	}
	for _, d := range srcs {
		if graph.IsDocumentID(d.ID) {
			g.Documents = append(g.Documents, d)
		}
	}
	if err := loadClaims(ctx, s, g); err != nil {
		return nil, err
	}
	if err := loadDesk(ctx, s, g); err != nil {
		return nil, err
	}
	return g, loadMentions(ctx, s, g)
}

// LoadEvidence reads the claims behind g's relations, the documents those
// claims cite, and what the documents mention: what WriteSTIX needs beside
// a subgraph's nodes and edges.
func LoadEvidence(ctx context.Context, s *graph.Store, g *Graph) error {
	if err := loadClaims(ctx, s, g); err != nil {
		return err
	}
	seen := map[string]bool{}
	var ids []string
	for _, cs := range g.Claims {
		for _, c := range cs {
			if graph.IsDocumentID(c.Document) && !seen[c.Document] {
				seen[c.Document] = true
				ids = append(ids, c.Document)
			}
		}
	}
	sort.Strings(ids)
	docs, err := s.DocumentsByID(ctx, ids)
	if err != nil {
		return fmt.Errorf("export: read documents: %w", err)
	}
	g.Documents = g.Documents[:0]
	for _, d := range docs {
		if d.ID != "" {
			g.Documents = append(g.Documents, d)
		}
	}
	return loadMentions(ctx, s, g)
}

// loadClaims reads the claims of g's relations, a thousand relations a
// call.
func loadClaims(ctx context.Context, s *graph.Store, g *Graph) error {
	g.Claims = make(map[string][]graph.Claim, len(g.Relations))
	for start := 0; start < len(g.Relations); start += 1000 {
		end := min(start+1000, len(g.Relations))
		ids := make([]string, 0, end-start)
		for _, r := range g.Relations[start:end] {
			ids = append(ids, r.ID)
		}
		cs, err := s.Claims(ctx, ids)
		if err != nil {
			return fmt.Errorf("export: read claims: %w", err)
		}
		for id, c := range cs {
			g.Claims[id] = c
		}
	}
	return nil
}

func loadMentions(ctx context.Context, s *graph.Store, g *Graph) error {
	g.Mentions = make(map[string][]graph.Mention, len(g.Documents))
	for _, d := range g.Documents {
		ms, err := s.Mentions(ctx, d.ID)
		if err != nil {
			return fmt.Errorf("export: read mentions of %s: %w", d.ID, err)
		}
		g.Mentions[d.ID] = ms
	}
	return nil
}

// WriteSTIX writes g as a STIX 2.1 bundle (see stix.Write).
func WriteSTIX(w io.Writer, g *Graph) error {
	return stix.Write(w, g.Entities, g.Relations, stix.WriteOptions{Claims: g.Claims, Documents: g.Documents, Mentions: g.Mentions,
		Notes: g.Notes, Reports: g.Reports})
}

// WriteNQuads writes every quad of the store as N-Quads, sorted, and
// returns how many.
func WriteNQuads(ctx context.Context, w io.Writer, s *graph.Store) (int, error) {
	enc := nquads.NewWriter(w)
	n := 0
	err := s.EachQuad(ctx, func(q quad.Quad) error {
		n++
		return enc.WriteQuad(q)
	})
	if err != nil {
		return n, fmt.Errorf("export: n-quads: %w", err)
	}
	if err := enc.Close(); err != nil {
		return n, fmt.Errorf("export: n-quads: %w", err)
	}
	return n, nil
}

// Write exports the whole store in format f.
func Write(ctx context.Context, w io.Writer, s *graph.Store, f Format) error {
	if f == NQuads {
		_, err := WriteNQuads(ctx, w, s)
		return err
	}
	g, err := Load(ctx, s, f == STIX)
	if err != nil {
		return err
	}
	switch f {
	case STIX:
		return WriteSTIX(w, g)
	case GraphML:
		return WriteGraphML(w, g.Entities, g.Relations)
	case Cytoscape:
		return WriteCytoscape(w, g.Entities, g.Relations)
	}
	return graph.Errorf(graph.EINVALID, "unknown export format %q (want nquads, stix, graphml or cytoscape)", f)
}
