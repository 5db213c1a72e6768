// Example operations that the playground opens with, one tab each.
//
// Entity ids are opaque, so the tabs that need ids (neighborhood, paths) get
// them from a quick search when the page loads (see resolveExampleIds in
// main.jsx); when that search finds nothing the variables keep a placeholder.

/** Placeholder put into variables when no entity id could be looked up. */
export const PLACEHOLDER_ID = 'paste-an-entity-id-from-the-search-tab';

/** Names searched for on load to fill in the example variables. */
export const EXAMPLE_NAMES = { from: 'MSS', to: 'United States' };

const search = `# Full-text search over entity names and aliases.
# Press the run button (or Ctrl-Enter) to execute.
query Search {
  entities(query: "MSS", first: 10) {
    totalCount
    edges {
      cursor
      node {
        id
        name
        type
        aliases
      }
    }
    pageInfo {
      hasNextPage
      endCursor
    }
  }
}
`;

const entity = `# One entity (looked up by name or alias), its relations and the
# sentences they were extracted from.
query EntityWithEvidence($name: String!) {
  entity(name: $name) {
    id
    name
    type
    aliases
    relations(first: 20) {
      totalCount
      edges {
        node {
          id
          subject { name type }
          predicate
          object { name type }
          about { name }
          confidence
          evidence {
            sentence
            start
            end
            document { id }
          }
        }
      }
    }
  }
}
`;

const neighborhood = `# Everything within one hop of the given entities.
# The id in the variables below was found by searching for "MSS".
query Neighborhood($ids: [ID!]!) {
  neighborhood(ids: $ids, depth: 1, limit: 100) {
    truncated
    nodes { id name type }
    edges {
      id
      predicate
      subject { id name }
      object { id name }
      confidence
    }
  }
}
`;

const paths = `# Up to three shortest paths of at most four hops between two entities.
query Paths($from: ID!, $to: ID!) {
  paths(from: $from, to: $to, maxDepth: 4, first: 3) {
    nodes { id name type }
    edges { predicate subject { name } object { name } }
  }
}
`;

const stats = `# Sizes of the store.
query Stats {
  stats {
    entities
    relations
    documents
    quads
  }
}
`;

/**
 * exampleTabs returns GraphiQL tab definitions for the given entity ids
 * ({from, to}; either may be missing).
 */
export function exampleTabs(ids = {}) {
  const from = ids.from || PLACEHOLDER_ID;
  const to = ids.to || PLACEHOLDER_ID;
  const vars = (v) => JSON.stringify(v, null, 2);
  return [
    { query: search },
    { query: entity, variables: vars({ name: 'MSS' }) },
    { query: neighborhood, variables: vars({ ids: [from] }) },
    { query: paths, variables: vars({ from, to }) },
    { query: stats },
  ];
}
