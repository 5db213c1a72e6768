// Package index is newsgraph's in-memory graph engine: the index that serves
// traversals, lookups and search, kept in step with every commit to cayley.
//
// It holds interned entity and source IDs, each entity's counted names,
// types, aliases, lookup keys, roles, descriptions and references, the
// direct relations by predicate and direction with the sources that state
// them, the claims behind each relation, and lazily built sorted views (IDs,
// keys, documents by date, compressed adjacency rows) and a trigram index of
// the lookup keys. On it run the neighborhood walk, the path search, the
// name search and the small lookups the store needs.
//
// The split with package graph (the domain and the Store over cayley):
//
//   - The engine knows nothing of IRIs, quads or cayley. The store decodes
//     each committed quad into a Fact (which entity, source or claim it is
//     about, which attribute or predicate, which source states it) and
//     applies it with a delta of +1 or -1. The index is a pure function of
//     the multiset of facts applied: building it from scratch gives the same
//     index.
//   - The engine answers with small value types of its own (Entity,
//     Relation, Source, Table, Subgraph, Candidate, …) that carry IDs and
//     ontology values; the store turns them into the domain types (parsing
//     references, building relation IDs, pointing relations at their ends)
//     and maps the engine's errors (MissingError, ErrTooLarge) to its own
//     codes. Pagination, cursors and claim reads stay in the store
//     (SearchPage only picks the candidates of a page, so that the store
//     does not sort them all).
//   - Predicates and entity types are ontology's; Dir mirrors the store's
//     Direction (Both, Out, In, in that order).
//
// An Index is not safe for concurrent writes: the store applies facts under
// its exclusive lock and reads under its shared lock. The sorted views are
// rebuilt by readers, under a lock of the index's own.
package index
