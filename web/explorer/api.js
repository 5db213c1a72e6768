// The explorer's GraphQL client and queries. Every request goes to the
// page's own origin (the endpoint named by <html data-endpoint>).

/** NODE_FIELDS are the entity fields a drawn node needs. */
const NODE_FIELDS = 'id name type neighborCounts { count }';

/** EDGE_FIELDS are the relation fields a drawn edge needs. */
const EDGE_FIELDS = 'id predicate subject { id } object { id } about { id name } confidence sources firstSeen lastSeen disputed';

const EVIDENCE_FIELDS = 'sentence start end confidence document { id title published }';

/**
 * EVIDENCE_SOURCE_FIELDS add, for one relation's panel only, where each
 * story was published and how its publishers are rated.
 */
const EVIDENCE_SOURCE_FIELDS = `sentence start end confidence document { id title published
  sources { url title published publisher { id name reliability } } }`;

/** DISPUTE_CLAIM_FIELDS are what a dispute's panel shows of each side's claims. */
const DISPUTE_CLAIM_FIELDS = `id predicate sentence start end confidence extractor published
  subject { id name } object { id name } document { id title published }`;

/** GraphQLError is an error answered by the server. */
export class GraphQLError extends Error {
  constructor(errors) {
    super(errors.map((e) => e.message).join('; '));
    this.name = 'GraphQLError';
    this.errors = errors;
    this.code = errors[0]?.extensions?.code;
  }
}

/** createClient returns the API of the explorer, posting to endpoint. */
export function createClient(endpoint, { onBusy } = {}) {
  const url = new URL(endpoint, window.location.href);
  if (url.origin !== window.location.origin) {
    throw new Error(`explorer: endpoint ${endpoint} is not on this origin`);
  }
  // The server's token, for mutations (notes): kept for this tab only.
  const tokenKey = 'newsgraph-token';
  const token = () => {
    try {
      return window.sessionStorage.getItem(tokenKey) || '';
    } catch {
      return '';
    }
  };

  async function gql(query, variables = {}, { signal } = {}) {
    onBusy?.(1);
    try {
      const res = await fetch(url, {
        method: 'POST',
        credentials: 'same-origin',
        headers: {
          Accept: 'application/json',
          'Content-Type': 'application/json',
          ...(token() ? { Authorization: `Bearer ${token()}` } : {}),
        },
        body: JSON.stringify({ query, variables }),
        signal,
      });
      const text = await res.text();
      let body;
      try {
        body = JSON.parse(text);
      } catch {
        throw new Error(`HTTP ${res.status}: ${text.slice(0, 200)}`);
      }
      if (body.errors?.length) throw new GraphQLError(body.errors);
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      return body.data;
    } finally {
      onBusy?.(-1);
    }
  }

  return {
    gql,

    /** setToken keeps the server's token for this tab ('' forgets it). */
    setToken(t) {
      try {
        if (t) window.sessionStorage.setItem(tokenKey, t);
        else window.sessionStorage.removeItem(tokenKey);
      } catch {
        // no storage (a sandboxed frame): the token is not kept
      }
    },

    /** investigations lists the saved investigations. */
    async investigations() {
      const data = await gql(`query ExplorerInvestigations { investigations { id name updated nodes { id } } }`);
      return data.investigations;
    },

    /** investigation returns one investigation's workspace. */
    async investigation(id) {
      const data = await gql(
        `query ExplorerInvestigation($id: ID!) { investigation(id: $id) {
          id name from to hidden nodes { id x y pinned }
          filters { predicates types minConfidence }
          notes { id text author created } } }`,
        { id },
      );
      return data.investigation;
    },

    /** investigationStix returns an investigation as a STIX 2.1 bundle (JSON text): a report with its notes. */
    async investigationStix(id) {
      const data = await gql(`query ExplorerInvestigationStix($id: ID!) { investigation(id: $id) { stix } }`, { id });
      if (!data.investigation) throw new Error(`no investigation ${id}`);
      return data.investigation.stix;
    },

    /** saveInvestigation stores a view into investigation id, or into a new one named name. */
    async saveInvestigation(id, name, input) {
      let target = id;
      if (!target) {
        const made = await gql(
          `mutation ExplorerCreateInvestigation($name: String!) { createInvestigation(name: $name) { id } }`,
          { name },
        );
        target = made.createInvestigation.id;
      }
      const data = await gql(
        `mutation ExplorerSaveInvestigation($id: ID!, $input: InvestigationInput!) {
          saveInvestigation(id: $id, input: $input) { id name }
        }`,
        { id: target, input },
      );
      return data.saveInvestigation;
    },

    /** deleteInvestigation removes an investigation. */
    async deleteInvestigation(id) {
      await gql(`mutation ExplorerDeleteInvestigation($id: ID!) { deleteInvestigation(id: $id) }`, { id });
    },

    /** addNote records an analyst's note on an entity, relation or claim. */
    async addNote(target, text) {
      const data = await gql(
        `mutation ExplorerAddNote($target: ID!, $text: String!) {
          addNote(target: $target, text: $text) { id text author created }
        }`,
        { target, text },
      );
      return data.addNote;
    },

    /**
     * claimDays returns, for each relation ID, the publication days
     * (YYYY-MM-DD) of its claims, a hundred relations a request: what the
     * timeline counts and filters by.
     */
    async claimDays(ids) {
      const out = new Map();
      for (let i = 0; i < ids.length; i += 100) {
        const chunk = ids.slice(i, i + 100);
        const defs = chunk.map((_, k) => `$r${k}: ID!`).join(', ');
        const parts = chunk.map((_, k) => `r${k}: node(id: $r${k}) { ... on Relation { claims { published } } }`).join(' ');
        const vars = Object.fromEntries(chunk.map((id, k) => [`r${k}`, id]));
        const data = await gql(`query ExplorerClaimDays(${defs}) { ${parts} }`, vars);
        chunk.forEach((id, k) => {
          const claims = data[`r${k}`]?.claims || [];
          out.set(
            id,
            claims.map((c) => (c.published || '').slice(0, 10)).filter(Boolean),
          );
        });
      }
      return out;
    },

    /** search returns the entities whose names best match text. */
    async search(text, { first = 8, signal } = {}) {
      const data = await gql(
        `query ExplorerSearch($q: String!, $first: Int) {
          entities(query: $q, first: $first) { edges { match matched node { id name type } } }
        }`,
        { q: text, first },
        { signal },
      );
      return data.entities.edges.map((e) => ({ ...e.node, match: e.match, matched: e.matched }));
    },

    /** resolve finds the entity a typed name means (through aliases), or null. */
    async resolve(name) {
      const data = await gql(
        `query ExplorerResolve($name: String!) {
          entity(name: $name) { id name type }
          entities(query: $name, first: 1) { edges { node { id name type } } }
        }`,
        { name },
      );
      return data.entity || data.entities.edges[0]?.node || null;
    },

    /**
     * load fetches, in one request, the given entities (depth 0), the
     * neighborhoods of the given expansions ({id, fanout, predicates}) and
     * the paths between path.from and path.to. The answer is
     * {nodes, edges, omitted: Map(id → count), paths: [Path] | null}.
     */
    async load({ ids = [], expansions = [], path = null }) {
      const vars = {};
      const defs = [];
      const parts = [];
      if (ids.length) {
        defs.push('$ids: [ID!]!', '$idsLimit: Int');
        vars.ids = ids;
        vars.idsLimit = ids.length;
        parts.push(
          `seeds: neighborhood(ids: $ids, depth: 0, limit: $idsLimit) { nodes { ${NODE_FIELDS} } edges { ${EDGE_FIELDS} } }`,
        );
      }
      expansions.forEach((x, i) => {
        defs.push(
          `$x${i}: ID!`,
          `$f${i}: Int`,
          `$l${i}: Int`,
          `$p${i}: [Predicate!]`,
          `$t${i}: [EntityType!]`,
          `$d${i}: Direction`,
        );
        vars[`x${i}`] = x.id;
        vars[`f${i}`] = x.fanout;
        vars[`l${i}`] = Math.min(2000, x.fanout + 1);
        vars[`p${i}`] = x.predicates?.length ? x.predicates : null;
        vars[`t${i}`] = x.types?.length ? x.types : null;
        vars[`d${i}`] = x.direction || 'BOTH';
        parts.push(
          `x${i}: neighborhood(ids: [$x${i}], depth: 1, fanout: $f${i}, limit: $l${i}, predicates: $p${i},
            types: $t${i}, direction: $d${i}) {
            truncated omitted { entity { id } count } nodes { ${NODE_FIELDS} } edges { ${EDGE_FIELDS} } }`,
        );
      });
      if (path) {
        defs.push('$pf: ID!', '$pt: ID!');
        vars.pf = path.from;
        vars.pt = path.to;
        parts.push(`paths(from: $pf, to: $pt, maxDepth: 4, first: 3) {
          length nodes { ${NODE_FIELDS} } edges { ${EDGE_FIELDS} evidence { ${EVIDENCE_FIELDS} } } }`);
      }
      if (!parts.length) return { nodes: [], edges: [], omitted: new Map(), paths: null };
      const data = await gql(`query ExplorerLoad(${defs.join(', ')}) { ${parts.join('\n')} }`, vars);
      const nodes = new Map();
      const edges = new Map();
      const omitted = new Map();
      const take = (sg) => {
        for (const n of sg.nodes) nodes.set(n.id, n);
        for (const e of sg.edges) edges.set(e.id, e);
      };
      if (data.seeds) take(data.seeds);
      expansions.forEach((x, i) => {
        const sg = data[`x${i}`];
        take(sg);
        for (const o of sg.omitted || []) omitted.set(o.entity.id, o.count);
        if (!omitted.has(x.id)) omitted.set(x.id, 0);
      });
      if (data.paths) for (const p of data.paths) take(p);
      return { nodes: [...nodes.values()], edges: [...edges.values()], omitted, paths: data.paths || null };
    },

    /** induced returns the relations among the given entities. */
    async induced(ids) {
      const data = await gql(
        `query ExplorerInduced($ids: [ID!]!, $limit: Int) {
          neighborhood(ids: $ids, depth: 0, limit: $limit) { nodes { id } edges { ${EDGE_FIELDS} } }
        }`,
        { ids, limit: ids.length },
      );
      return data.neighborhood.edges;
    },

    /** counts returns an entity's relation and neighbor counts (the expand menu). */
    async counts(id) {
      const data = await gql(
        `query ExplorerCounts($id: ID!) {
          entity(id: $id) { id name type relationCounts { predicate direction count } neighborCounts { type count } }
        }`,
        { id },
      );
      return data.entity;
    },

    /**
     * starters returns what the empty view suggests: the most connected
     * entities (an empty search ranks them by connections) and the latest
     * documents with the entities they mention.
     */
    async starters({ entities = 8, documents = 5 } = {}) {
      const data = await gql(
        `query ExplorerStart($e: Int, $d: Int) {
          entities(first: $e) { edges { node { id name type neighborCounts { count } } } }
          documents(first: $d) { edges { node { id title published mentions { entity { id } } } } }
        }`,
        { e: entities, d: documents },
      );
      return {
        entities: data.entities.edges.map((e) => e.node),
        documents: data.documents.edges.map((e) => e.node),
      };
    },

    /** entity returns what the details panel shows of an entity. */
    async entity(id) {
      const data = await gql(
        `query ExplorerEntity($id: ID!) {
          entity(id: $id) {
            id name type aliases description roles mentionCount firstSeen lastSeen reliability
            notes { id text author created }
            externalRefs { source externalId url }
            aliasSources { name source kind method matched }
            relationCounts { predicate direction count }
            neighborCounts { type count }
            documents(first: 100) { totalCount edges { node { id title published } } }
            timeline(first: 30) {
              id predicate sentence start end confidence source extractor published
              subject { id name } object { id name } document { id title published }
            }
          }
        }`,
        { id },
      );
      return data.entity;
    },

    /** relation returns what the details panel shows of a relation. */
    async relation(id) {
      const data = await gql(
        `query ExplorerRelation($id: ID!) {
          node(id: $id) {
            ... on Relation {
              id predicate confidence sources firstSeen lastSeen cameo stixType
              support { claims documents independentSources publishers }
              notes { id text author created }
              disputed
              disputes {
                kind
                claims { ${DISPUTE_CLAIM_FIELDS} }
                counterClaims { ${DISPUTE_CLAIM_FIELDS} }
              }
              subject { id name type } object { id name type } about { id name type }
              evidence { ${EVIDENCE_SOURCE_FIELDS} }
              claims { id source extractor sentence confidence published verb originalType document { id } }
            }
          }
        }`,
        { id },
      );
      return data.node;
    },

    /** document returns a document's text and claims for the document view. */
    async document(id) {
      const data = await gql(
        `query ExplorerDocument($id: ID!) {
          document(id: $id) {
            id title url source published text
            claims { start end predicate sentence subject { name } object { name } }
            mentions { entity { id } offsets { start end } }
          }
        }`,
        { id },
      );
      return data.document;
    },
  };
}
