// Package resolvers implements newsgraph's GraphQL API over the graph store.
// Resolvers are thin: each converts arguments, calls the store or the ingest
// pipeline, and converts the answer. Request-scoped dataloaders (loaders.go)
// batch the store reads that nested fields would otherwise make one by one.
//
// The generated executor lives in resolvers/generated and the generated
// models in resolvers/model; `go generate ./...` rebuilds both from
// schema/*.graphqls.
package resolvers

import (
	"context"

	"github.com/newsgraph/newsgraph/graph"
	"github.com/newsgraph/newsgraph/ingest"
	"github.com/newsgraph/newsgraph/ontology"
)

// Store is what the resolvers need from the graph store: the reads of the
// queries, the analysts' edits and the administrative removals (graph.Store
// implements it). Tests wrap it to count reads.
type Store interface {
	Reader
	Editor
	Admin
	Desk
	Disputer
}

var _ Store = (*graph.Store)(nil)

// Reader is what the queries and the fields of their answers read.
type Reader interface {
	Traverser
	Loader
	Entity(ctx context.Context, id string) (graph.Entity, error)
	EntityByName(ctx context.Context, name string) (graph.Entity, error)
	Search(ctx context.Context, q graph.SearchQuery) (graph.SearchPage, error)
	Relations(ctx context.Context, entityID string, f graph.RelationFilter, p graph.Page) (graph.RelationPage, error)
	RelationCounts(ctx context.Context, entityID string) ([]graph.RelationCount, error)
	AllRelations(ctx context.Context, predicates []ontology.Predicate, p graph.Page) (graph.RelationPage, error)
	Relation(ctx context.Context, id string) (graph.Relation, error)
	Claim(ctx context.Context, id string) (graph.Claim, error)
	Document(ctx context.Context, id string, withText bool) (graph.Document, error)
	Documents(ctx context.Context, f graph.DocumentFilter, p graph.Page) (graph.DocumentPage, error)
	Mentions(ctx context.Context, docID string) ([]graph.Mention, error)
	Stats(ctx context.Context) (graph.Stats, error)

	EntityDocuments(ctx context.Context, id string, p graph.Page) (graph.DocumentPage, error)
	MentionCount(ctx context.Context, id string) (int, error)
	NeighborCounts(ctx context.Context, id string) ([]graph.NeighborCount, error)
	AliasSources(ctx context.Context, id string) ([]graph.AliasSource, error)
	TimelineAfter(ctx context.Context, id, after string, limit int) ([]graph.Claim, error)
	DocumentClaims(ctx context.Context, docID string) ([]graph.Claim, error)
	DocumentEntities(ctx context.Context, docID string) ([]graph.Entity, error)

	StoryOf(ctx context.Context, docID string) (graph.Story, error)
	Supports(ctx context.Context, claims [][]graph.Claim) ([]graph.Support, error)
	Reliabilities(ctx context.Context) (map[string]graph.Reliability, error)
	Merges(ctx context.Context, entityID string) ([]graph.Merge, error)
}

// Loader is what the request-scoped dataloaders read, in batches.
type Loader interface {
	Entities(ctx context.Context, ids []string) ([]graph.Entity, error)
	Claims(ctx context.Context, relationIDs []string) (map[string][]graph.Claim, error)
	DocumentsByID(ctx context.Context, ids []string) ([]graph.Document, error)
}

// Editor is what the analysts' mutations change.
type Editor interface {
	Merge(ctx context.Context, into string, from []string) (graph.Merge, error)
	Unmerge(ctx context.Context, id string) ([]graph.Entity, error)
	AddAlias(ctx context.Context, id, alias, analyst string) (graph.Entity, error)
	AssertRelation(ctx context.Context, a graph.Assertion) (graph.Relation, error)
	RetractRelation(ctx context.Context, relationID string) (int, error)
	SetReliability(ctx context.Context, entityID string, r graph.Reliability, analyst string) (graph.Entity, error)
}

// Admin is what the administrative mutations change.
type Admin interface {
	DeleteSource(ctx context.Context, id string) (int, error)
}

// Traverser walks the graph: what the fast path reads.
type Traverser interface {
	Neighborhood(ctx context.Context, q graph.NeighborhoodQuery) (graph.Subgraph, error)
	ViewNeighborhood(ctx context.Context, q graph.NeighborhoodQuery, fn func(*graph.SubgraphView) error) error
	Paths(ctx context.Context, q graph.PathQuery) ([]graph.Path, error)
}

// Ingester stores a text given to the ingestDocument mutation.
type Ingester interface {
	Text(ctx context.Context, text string, m ingest.Meta) (ingest.Result, error)
}

// Exporter writes a subgraph in a file format (cytoscape, graphml, stix).
type Exporter func(ctx context.Context, format string, ents []graph.Entity, rels []graph.Relation) (string, error)

// Resolver is the root of the resolver tree and its dependencies.
type Resolver struct {
	Store  Store
	Ingest Ingester
	Export Exporter // nil refuses exports
	Feeds  Feeds    // nil: the server polls no feeds
	// ExportInvestigation writes an investigation as a STIX 2.1 bundle;
	// nil refuses.
	ExportInvestigation func(ctx context.Context, inv graph.Investigation) (string, error)
}
