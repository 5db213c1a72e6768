// A fast layout for big views (hundreds to thousands of nodes), computed on
// typed arrays away from Cytoscape:
//
//  1. each connected component gets a global shape from pivot MDS (Brandes
//     and Pich's sparse stress approximation: graph distances to a few pivot
//     nodes, double centering, two power iterations),
//  2. the components are packed in rows, biggest first,
//  3. a short Fruchterman–Reingold pass with grid-limited repulsion spreads
//     nodes that landed on one another and tightens clusters.
//
// Cytoscape's own force layouts spend seconds on 2,000 nodes because every
// step goes through its element collections; this takes a small fraction.

import { mulberry32 } from './synthetic.js';

/** cellKey packs grid coordinates into one small integer (a fast Map key). */
const cellKey = (cx, cy) => ((cx & 0x7fff) << 15) | (cy & 0x7fff);

/** graphOf turns IDs and ID pairs into an undirected adjacency in CSR form. */
function graphOf(ids, pairs) {
  const n = ids.length;
  const index = new Map(ids.map((id, i) => [id, i]));
  const src = [];
  const dst = [];
  for (const [a, b] of pairs) {
    const i = index.get(a);
    const j = index.get(b);
    if (i === undefined || j === undefined || i === j) continue;
    src.push(i);
    dst.push(j);
  }
  const deg = new Int32Array(n + 1);
  for (let e = 0; e < src.length; e++) {
    deg[src[e] + 1]++;
    deg[dst[e] + 1]++;
  }
  for (let i = 0; i < n; i++) deg[i + 1] += deg[i];
  const adj = new Int32Array(deg[n]);
  const fill = deg.slice(0, n);
  for (let e = 0; e < src.length; e++) {
    adj[fill[src[e]]++] = dst[e];
    adj[fill[dst[e]]++] = src[e];
  }
  return { n, index, src, dst, off: deg, adj };
}

/** components returns the connected components as arrays of node indexes. */
function components(g) {
  const comp = new Int32Array(g.n).fill(-1);
  const out = [];
  const queue = new Int32Array(g.n);
  for (let s = 0; s < g.n; s++) {
    if (comp[s] >= 0) continue;
    const id = out.length;
    const members = [];
    let head = 0;
    let tail = 0;
    queue[tail++] = s;
    comp[s] = id;
    while (head < tail) {
      const v = queue[head++];
      members.push(v);
      for (let q = g.off[v]; q < g.off[v + 1]; q++) {
        const w = g.adj[q];
        if (comp[w] < 0) {
          comp[w] = id;
          queue[tail++] = w;
        }
      }
    }
    out.push(members);
  }
  return out;
}

/** bfs writes the hop distances from s into dist (-1 when unreachable). */
function bfs(g, s, dist, queue) {
  dist.fill(-1);
  let head = 0;
  let tail = 0;
  queue[tail++] = s;
  dist[s] = 0;
  while (head < tail) {
    const v = queue[head++];
    for (let q = g.off[v]; q < g.off[v + 1]; q++) {
      const w = g.adj[q];
      if (dist[w] < 0) {
        dist[w] = dist[v] + 1;
        queue[tail++] = w;
      }
    }
  }
}

/**
 * pivotMDS places the members of one component in x, y (around the origin,
 * one hop ≈ k apart) from their distances to up to 20 pivots.
 */
function pivotMDS(g, members, x, y, k, rnd) {
  const size = members.length;
  if (size === 1) {
    x[members[0]] = 0;
    y[members[0]] = 0;
    return;
  }
  if (size <= 3) {
    members.forEach((v, i) => {
      x[v] = Math.cos((2 * Math.PI * i) / size) * k * 0.6;
      y[v] = Math.sin((2 * Math.PI * i) / size) * k * 0.6;
    });
    return;
  }
  const pivots = Math.min(20, size);
  const dist = new Int32Array(g.n);
  const queue = new Int32Array(g.n);
  const minDist = new Float64Array(size).fill(Infinity);
  // C[i][p]: squared distance of member i to pivot p, double centered below.
  const C = new Float64Array(size * pivots);
  // Max-min pivots: each next pivot is the member farthest from the chosen ones.
  let pivot = members[0];
  for (let q = 1; q < size; q++)
    if (g.off[members[q] + 1] - g.off[members[q]] > g.off[pivot + 1] - g.off[pivot]) pivot = members[q];
  for (let p = 0; p < pivots; p++) {
    bfs(g, pivot, dist, queue);
    let far = -1;
    let farD = -1;
    for (let i = 0; i < size; i++) {
      const d = dist[members[i]];
      C[i * pivots + p] = d * d;
      if (d < minDist[i]) minDist[i] = d;
      if (minDist[i] > farD) {
        farD = minDist[i];
        far = i;
      }
    }
    pivot = members[far];
  }
  // Double centering.
  const colMean = new Float64Array(pivots);
  const rowMean = new Float64Array(size);
  let all = 0;
  for (let i = 0; i < size; i++) {
    for (let p = 0; p < pivots; p++) {
      const v = C[i * pivots + p];
      rowMean[i] += v / pivots;
      colMean[p] += v / size;
      all += v;
    }
  }
  all /= size * pivots;
  for (let i = 0; i < size; i++) {
    for (let p = 0; p < pivots; p++) {
      C[i * pivots + p] = -0.5 * (C[i * pivots + p] - rowMean[i] - colMean[p] + all);
    }
  }
  // The two leading eigenvectors of CᵀC (pivots × pivots) by power iteration.
  const M = new Float64Array(pivots * pivots);
  for (let i = 0; i < size; i++) {
    for (let a = 0; a < pivots; a++) {
      const ca = C[i * pivots + a];
      if (ca === 0) continue;
      for (let b = 0; b < pivots; b++) M[a * pivots + b] += ca * C[i * pivots + b];
    }
  }
  const vecs = [];
  for (let d = 0; d < 2; d++) {
    let v = Float64Array.from({ length: pivots }, () => rnd() - 0.5);
    for (let it = 0; it < 60; it++) {
      const w = new Float64Array(pivots);
      for (let a = 0; a < pivots; a++) for (let b = 0; b < pivots; b++) w[a] += M[a * pivots + b] * v[b];
      for (const u of vecs) {
        let dot = 0;
        for (let a = 0; a < pivots; a++) dot += w[a] * u[a];
        for (let a = 0; a < pivots; a++) w[a] -= dot * u[a];
      }
      const norm = Math.hypot(...w) || 1;
      for (let a = 0; a < pivots; a++) w[a] /= norm;
      v = w;
    }
    vecs.push(v);
  }
  for (let i = 0; i < size; i++) {
    let px = 0;
    let py = 0;
    for (let p = 0; p < pivots; p++) {
      px += C[i * pivots + p] * vecs[0][p];
      py += C[i * pivots + p] * vecs[1][p];
    }
    x[members[i]] = px;
    y[members[i]] = py;
  }
  // Scale: the average edge one hop long.
  let total = 0;
  let count = 0;
  for (const v of members) {
    for (let q = g.off[v]; q < g.off[v + 1]; q++) {
      const w = g.adj[q];
      total += Math.hypot(x[v] - x[w], y[v] - y[w]);
      count++;
    }
  }
  const s = total > 0 ? (k * count) / total : 1;
  let cx = 0;
  let cy = 0;
  for (const v of members) {
    x[v] *= s;
    y[v] *= s;
    cx += x[v] / size;
    cy += y[v] / size;
  }
  for (const v of members) {
    x[v] -= cx;
    y[v] -= cy;
  }
}

/** pack lays the components out in rows, biggest first, centred on the origin. */
function pack(comps, x, y, k) {
  const boxes = comps.map((members) => {
    let x1 = Infinity;
    let y1 = Infinity;
    let x2 = -Infinity;
    let y2 = -Infinity;
    for (const v of members) {
      x1 = Math.min(x1, x[v]);
      x2 = Math.max(x2, x[v]);
      y1 = Math.min(y1, y[v]);
      y2 = Math.max(y2, y[v]);
    }
    return { members, x1, y1, w: x2 - x1 + k, h: y2 - y1 + k };
  });
  boxes.sort((a, b) => b.members.length - a.members.length);
  const area = boxes.reduce((s, b) => s + b.w * b.h, 0);
  const rowWidth = Math.max(boxes[0]?.w || 0, Math.sqrt(area) * 1.3);
  let cx = 0;
  let cy = 0;
  let rowH = 0;
  let width = 0;
  for (const b of boxes) {
    if (cx > 0 && cx + b.w > rowWidth) {
      cx = 0;
      cy += rowH;
      rowH = 0;
    }
    b.dx = cx - b.x1;
    b.dy = cy - b.y1;
    cx += b.w;
    width = Math.max(width, cx);
    rowH = Math.max(rowH, b.h);
  }
  const height = cy + rowH;
  for (const b of boxes) {
    for (const v of b.members) {
      x[v] += b.dx - width / 2;
      y[v] += b.dy - height / 2;
    }
  }
}

/**
 * forceLayout returns a Map from node ID to {x, y}. pairs lists the edges as
 * [sourceId, targetId]; start optionally maps IDs to the positions to start
 * from (an incremental layout: nodes without one start next to a neighbor);
 * fixed maps pinned IDs to the positions they keep. edgeLength is the ideal
 * distance between linked nodes.
 */
export function forceLayout(
  ids,
  pairs,
  { start = null, fixed = null, edgeLength = 90, iterations = 0, seed = 1 } = {},
) {
  const g = graphOf(ids, pairs);
  const n = g.n;
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  const pinned = new Uint8Array(n);
  const rnd = mulberry32(seed);
  const k = edgeLength;

  let placed = 0;
  if (start) {
    const known = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      const p = start.get(ids[i]);
      if (p) {
        x[i] = p.x;
        y[i] = p.y;
        known[i] = 1;
        placed++;
      }
    }
    // New nodes start next to a placed neighbor, or at random.
    for (let i = 0; i < n; i++) {
      if (known[i]) continue;
      let at = -1;
      for (let q = g.off[i]; q < g.off[i + 1] && at < 0; q++) if (known[g.adj[q]]) at = g.adj[q];
      const a = rnd() * 2 * Math.PI;
      const r = at >= 0 ? k : Math.sqrt(n) * k * rnd();
      x[i] = (at >= 0 ? x[at] : 0) + r * Math.cos(a);
      y[i] = (at >= 0 ? y[at] : 0) + r * Math.sin(a);
    }
  }
  const warm = placed > n * 0.5;
  if (!warm) {
    const comps = components(g);
    for (const members of comps) pivotMDS(g, members, x, y, k, rnd);
    pack(comps, x, y, k);
  }
  if (fixed) {
    for (let i = 0; i < n; i++) {
      const p = fixed.get(ids[i]);
      if (!p) continue;
      x[i] = p.x;
      y[i] = p.y;
      pinned[i] = 1;
    }
  }

  // Refinement: Fruchterman–Reingold, repulsion only within two edge lengths.
  const iters = iterations || (warm ? 25 : 30);
  let temp = k * 1.5;
  const cool = (temp - k * 0.1) / iters;
  const cell = 2 * k;
  const k2 = k * k;
  const dx = new Float64Array(n);
  const dy = new Float64Array(n);
  const m = g.src.length;
  for (let it = 0; it < iters; it++) {
    dx.fill(0);
    dy.fill(0);
    const grid = new Map();
    for (let i = 0; i < n; i++) {
      const key = cellKey(Math.floor(x[i] / cell), Math.floor(y[i] / cell));
      const list = grid.get(key);
      if (list) list.push(i);
      else grid.set(key, [i]);
    }
    for (let i = 0; i < n; i++) {
      const cx = Math.floor(x[i] / cell);
      const cy = Math.floor(y[i] / cell);
      for (let ox = -1; ox <= 1; ox++) {
        for (let oy = -1; oy <= 1; oy++) {
          const list = grid.get(cellKey(cx + ox, cy + oy));
          if (!list) continue;
          for (let q = 0; q < list.length; q++) {
            const j = list[q];
            if (j <= i) continue;
            let ddx = x[i] - x[j];
            let ddy = y[i] - y[j];
            let d2 = ddx * ddx + ddy * ddy;
            if (d2 > cell * cell) continue;
            if (d2 < 0.01) {
              ddx = rnd() - 0.5;
              ddy = rnd() - 0.5;
              d2 = ddx * ddx + ddy * ddy;
            }
            const f = k2 / d2;
            dx[i] += ddx * f;
            dy[i] += ddy * f;
            dx[j] -= ddx * f;
            dy[j] -= ddy * f;
          }
        }
      }
    }
    for (let e = 0; e < m; e++) {
      const i = g.src[e];
      const j = g.dst[e];
      const ddx = x[i] - x[j];
      const ddy = y[i] - y[j];
      const f = Math.sqrt(ddx * ddx + ddy * ddy) / k;
      dx[i] -= ddx * f;
      dy[i] -= ddy * f;
      dx[j] += ddx * f;
      dy[j] += ddy * f;
    }
    for (let i = 0; i < n; i++) {
      if (pinned[i]) continue;
      const d = Math.sqrt(dx[i] * dx[i] + dy[i] * dy[i]);
      if (d > 0) {
        const s = Math.min(d, temp) / d;
        x[i] += dx[i] * s;
        y[i] += dy[i] * s;
      }
    }
    temp -= cool;
  }
  const out = new Map();
  for (let i = 0; i < n; i++) out.set(ids[i], { x: x[i], y: y[i] });
  return out;
}
