// A synthetic graph for measuring the explorer at scale (#synthetic=2000).
// It has the shape of the API's Subgraph, so it goes through the same code as
// real data. The graph is made of clusters (as news stories are), linked by a
// few hubs, with a skewed degree distribution.

import { ENTITY_TYPES, PREDICATES } from './model.js';

/** mulberry32 is a small seeded pseudo-random generator returning [0, 1). */
export function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * syntheticGraph returns {nodes, edges} with the given numbers of entities and
 * relations (fewer relations if the graph cannot hold that many distinct
 * ones). The same arguments always give the same graph.
 */
export function syntheticGraph(nodeCount, edgeCount, seed = 1) {
  const rnd = mulberry32(seed);
  const pick = (list) => list[Math.floor(rnd() * list.length)];
  const nodes = [];
  for (let i = 0; i < nodeCount; i++) {
    const t = ENTITY_TYPES[i % 7 === 0 ? 2 : Math.floor(rnd() * ENTITY_TYPES.length)];
    nodes.push({ id: `synthetic:${i}`, name: `${t.label} ${i}`, type: t.type, neighborCounts: [] });
  }
  const clusterSize = 40;
  const hubs = Math.max(1, Math.round(nodeCount / 100));
  const seen = new Set();
  const edges = [];
  const degree = new Array(nodeCount).fill(0);
  const maxEdges = Math.min(edgeCount, (nodeCount * (nodeCount - 1)) / 2);
  let guard = 0;
  while (edges.length < maxEdges && guard++ < maxEdges * 20) {
    const s = Math.floor(rnd() * nodeCount);
    let o;
    const r = rnd();
    if (r < 0.85) {
      // Within the cluster of s.
      const base = s - (s % clusterSize);
      o = base + Math.floor(rnd() * Math.min(clusterSize, nodeCount - base));
    } else if (r < 0.95) {
      o = Math.floor(rnd() * hubs) * 100; // a hub
    } else {
      o = Math.floor(rnd() * nodeCount);
    }
    if (o === s || o >= nodeCount) continue;
    const a = Math.min(s, o);
    const b = Math.max(s, o);
    if (seen.has(`${a}|${b}`)) continue;
    seen.add(`${a}|${b}`);
    const predicate = pick(PREDICATES).predicate;
    const sources = 1 + Math.floor(-Math.log(1 - rnd()) * 1.2);
    const y = 2019 + Math.floor(rnd() * 4);
    const m = String(1 + Math.floor(rnd() * 12)).padStart(2, '0');
    edges.push({
      id: `synthetic:r${edges.length}`,
      subject: { id: nodes[s].id },
      object: { id: nodes[o].id },
      predicate,
      confidence: Math.round((0.5 + rnd() * 0.5) * 100) / 100,
      sources,
      firstSeen: `${y}-${m}-01T00:00:00Z`,
      lastSeen: `${y}-${m}-15T00:00:00Z`,
    });
    degree[s]++;
    degree[o]++;
  }
  nodes.forEach((n, i) => {
    n.neighborCounts = [{ type: n.type, count: degree[i] }];
  });
  return { nodes, edges };
}
