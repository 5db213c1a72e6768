// Aggregation of big graphs: entities grouped by community (label
// propagation over the relations), each group drawn as one counted node that
// opens on click, and the relations between groups drawn as one edge per
// pair, as wide as their number. A view of 10,000 entities and 30,000
// relations becomes a few hundred nodes that draw and pan at once. Pure
// functions on the API's shapes, so that they run under `node --test`.

import { mulberry32 } from './synthetic.js';

/** GROUP_PREFIX starts the ID of a group node. */
export const GROUP_PREFIX = 'group:';

/**
 * communities returns, for each entity ID, the key of its community: label
 * propagation (each entity takes the label most of its neighbors carry, ties
 * broken by a seeded random draw) over a few rounds in a seeded random
 * order, no community growing past maxSize, so that the same graph always
 * gives the same groups and no hub swallows the graph. pairs are
 * [subjectID, objectID].
 */
export function communities(ids, pairs, { rounds = 10, maxSize = 150, seed = 7 } = {}) {
  const rnd = mulberry32(seed);
  const index = new Map(ids.map((id, i) => [id, i]));
  const n = ids.length;
  const deg = new Int32Array(n + 1);
  const ends = [];
  for (const [s, t] of pairs) {
    const a = index.get(s);
    const b = index.get(t);
    if (a === undefined || b === undefined || a === b) continue;
    ends.push(a, b);
    deg[a + 1]++;
    deg[b + 1]++;
  }
  for (let i = 0; i < n; i++) deg[i + 1] += deg[i];
  const adj = new Int32Array(deg[n]);
  const fill = deg.slice(0, n);
  for (let k = 0; k < ends.length; k += 2) {
    adj[fill[ends[k]]++] = ends[k + 1];
    adj[fill[ends[k + 1]]++] = ends[k];
  }
  const label = Int32Array.from({ length: n }, (_, i) => i);
  const size = new Int32Array(n).fill(1);
  const order = Int32Array.from({ length: n }, (_, i) => i);
  const count = new Map();
  for (let r = 0; r < rounds; r++) {
    for (let i = n - 1; i > 0; i--) {
      const j = Math.floor(rnd() * (i + 1));
      [order[i], order[j]] = [order[j], order[i]];
    }
    let changed = 0;
    for (const i of order) {
      if (deg[i] === deg[i + 1]) continue;
      count.clear();
      for (let k = deg[i]; k < deg[i + 1]; k++) {
        const l = label[adj[k]];
        count.set(l, (count.get(l) || 0) + 1);
      }
      const own = label[i];
      let best = own;
      let bestCount = count.get(own) || 0;
      let ties = 1;
      for (const [l, c] of count) {
        if (l === own || (size[l] >= maxSize && l !== own)) continue;
        if (c > bestCount) {
          best = l;
          bestCount = c;
          ties = 1;
        } else if (c === bestCount && rnd() * ++ties < 1) {
          best = l;
        }
      }
      if (best !== own) {
        size[own]--;
        size[best]++;
        label[i] = best;
        changed++;
      }
    }
    if (!changed) break;
  }
  return new Map(ids.map((id, i) => [id, String(label[i])]));
}

/**
 * aggregate returns the view of graph g ({nodes: [Entity], edges:
 * [Relation]}) with its communities (groupOf: id → key) folded into group
 * nodes, except the open ones (a Set of keys) and those of one member. A
 * group node is an Entity of type GROUP named after its count and its most
 * connected member, with members (its entity IDs); relations between drawn
 * entities stay as they are; the others are summed per pair of drawn nodes
 * into relations of predicate RELATED_TO whose sources are their number.
 */
export function aggregate(g, groupOf, open = new Set()) {
  const members = new Map();
  for (const n of g.nodes) {
    const k = groupOf.get(n.id);
    if (!members.has(k)) members.set(k, []);
    members.get(k).push(n);
  }
  const degree = new Map();
  for (const e of g.edges) {
    degree.set(e.subject.id, (degree.get(e.subject.id) || 0) + 1);
    degree.set(e.object.id, (degree.get(e.object.id) || 0) + 1);
  }
  const drawnAs = new Map();
  const nodes = [];
  for (const [k, list] of members) {
    if (list.length === 1 || open.has(k)) {
      for (const n of list) {
        drawnAs.set(n.id, n.id);
        nodes.push(n);
      }
      continue;
    }
    const id = `${GROUP_PREFIX}${k}`;
    const top = list.reduce((a, b) => ((degree.get(b.id) || 0) > (degree.get(a.id) || 0) ? b : a));
    for (const n of list) drawnAs.set(n.id, id);
    nodes.push({
      id,
      name: `${list.length} · ${top.name}`,
      type: 'GROUP',
      group: k,
      members: list.map((n) => n.id),
      neighborCounts: [{ type: 'GROUP', count: list.length }],
    });
  }
  const edges = [];
  const summed = new Map();
  for (const e of g.edges) {
    const a = drawnAs.get(e.subject.id);
    const b = drawnAs.get(e.object.id);
    if (a === undefined || b === undefined || a === b) continue;
    if (a === e.subject.id && b === e.object.id) {
      edges.push(e);
      continue;
    }
    const key = a < b ? `${a}|${b}` : `${b}|${a}`;
    const s = summed.get(key);
    if (s) s.sources++;
    else {
      const r = {
        id: `agg:${key}`,
        subject: { id: a },
        object: { id: b },
        predicate: 'RELATED_TO',
        confidence: 1,
        sources: 1,
      };
      summed.set(key, r);
      edges.push(r);
    }
  }
  return { nodes, edges };
}

/**
 * strongest thins a folded view ({nodes, edges} from aggregate): of the
 * summed relations (IDs starting "agg:"), it keeps those among the perNode
 * strongest (most sources; ties by ID) of at least one of their two ends,
 * so that every drawn node keeps its main links and a few hundred groups are
 * not drawn as a hairball of thousands of weak ones. Relations between drawn
 * entities stay. hidden is the number of summed relations left out.
 */
export function strongest(view, perNode = 3) {
  const byNode = new Map();
  for (const e of view.edges) {
    if (!e.id.startsWith('agg:')) continue;
    for (const id of [e.subject.id, e.object.id]) {
      let list = byNode.get(id);
      if (!list) byNode.set(id, (list = []));
      list.push(e);
    }
  }
  const keep = new Set();
  const stronger = (a, b) => b.sources - a.sources || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  for (const list of byNode.values()) {
    list.sort(stronger);
    for (let i = 0; i < Math.min(perNode, list.length); i++) keep.add(list[i]);
  }
  const edges = view.edges.filter((e) => !e.id.startsWith('agg:') || keep.has(e));
  return { nodes: view.nodes, edges, hidden: view.edges.length - edges.length };
}
