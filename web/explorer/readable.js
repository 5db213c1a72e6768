// What keeps a view of 50–500 nodes readable: node labels that never render
// smaller than MIN_LABEL_PX at any zoom a small view is fitted to, wrapped
// rather than cut; edge labels only on hover, on the selection and its
// neighborhood, or when zoomed in; a strong highlight of the selection with
// the rest dimmed; and layouts stretched to the canvas's shape. Big views
// (class "detail" off) keep their cheap style: none of this touches them.

import { SIZE_STEPS } from './model.js';

/** MIN_LABEL_PX is the smallest rendered node label of a small view, in screen pixels. */
export const MIN_LABEL_PX = 11;

/** LABEL_SCALES are the label magnifications a small view steps through as it zooms out. */
export const LABEL_SCALES = [1, 1.25, 1.5, 1.75, 2, 2.4, 2.8, 3.3, 4];

/** EDGE_LABEL_ZOOM is the zoom from which every edge of a small view shows its label. */
export const EDGE_LABEL_ZOOM = 1.3;

/** baseFont is the label size of a node of size step i at scale 1: hubs a little larger. */
export const baseFont = (i) => MIN_LABEL_PX + Math.floor(i / 2);

/**
 * labelScale returns the index in LABEL_SCALES of the smallest scale that
 * renders a label at least MIN_LABEL_PX tall at zoom (the largest scale when
 * none does).
 */
export function labelScale(zoom) {
  const want = 1 / Math.max(zoom, 1e-6);
  const i = LABEL_SCALES.findIndex((s) => s >= want - 1e-9);
  return i < 0 ? LABEL_SCALES.length - 1 : i;
}

/**
 * labelStyles returns the stylesheet rules of small views' labels: for every
 * scale k and size step i, node.detail.ls-k.size-i gets its font size, wrap
 * width and margin; edge labels show only on edges with class "show-label".
 */
export function labelStyles() {
  const rules = [
    {
      selector: 'node.detail',
      style: { 'text-wrap': 'wrap', 'text-max-width': '110px', 'text-overflow-wrap': 'whitespace' },
    },
  ];
  LABEL_SCALES.forEach((s, k) => {
    for (let i = 0; i < SIZE_STEPS; i++) {
      rules.push({
        selector: `node.detail.ls-${k}.size-${i}`,
        style: {
          'font-size': Math.round(baseFont(i) * s * 10) / 10,
          'text-max-width': `${Math.round(110 * s)}px`,
          'text-margin-y': Math.round(3 * s),
          'text-outline-width': Math.round(2 * s * 10) / 10,
        },
      });
    }
    rules.push({
      selector: `edge.detail.ls-${k}.show-label`,
      style: { 'font-size': Math.round(10 * s * 10) / 10, 'text-background-padding': Math.round(2 * s) },
    });
  });
  rules.push(
    {
      selector: 'edge.detail.show-label',
      style: {
        label: 'data(label)',
        'font-family': 'system-ui, sans-serif',
        color: '#1d2330',
        'text-rotation': 'autorotate',
        'text-background-color': '#ffffff',
        'text-background-opacity': 0.9,
        'text-background-shape': 'round-rectangle',
        'min-zoomed-font-size': 0,
      },
    },
    // The selection and its neighborhood stand out; the rest recedes.
    { selector: 'node.detail.dim', style: { opacity: 0.18, 'text-opacity': 0.25 } },
    { selector: 'edge.detail.dim', style: { opacity: 0.08 } },
    { selector: 'node.detail.hl', style: { 'font-weight': 'bold', 'z-index': 15 } },
    { selector: 'edge.detail.hl', style: { opacity: 1, 'z-index': 15 } },
    {
      selector: 'node.detail:selected',
      style: {
        'border-width': 5,
        'border-color': '#0b57d0',
        'overlay-color': '#0b57d0',
        'overlay-opacity': 0.12,
        'overlay-padding': 6,
        'z-index': 20,
      },
    },
    {
      selector: 'edge.detail:selected',
      style: {
        width: 7,
        'line-color': '#0b57d0',
        'target-arrow-color': '#0b57d0',
        'arrow-scale': 1.3,
        'font-weight': 'bold',
        color: '#0b57d0',
        'z-index': 25,
      },
    },
  );
  return rules;
}

/**
 * setLabelScale gives the nodes and edges of a small view the label scale of
 * zoom (by default the current one) ("ls-K") and shows every edge label past EDGE_LABEL_ZOOM.
 * Only the elements whose class changes are touched.
 */
export function setLabelScale(cy, zoom = cy.zoom()) {
  if (cy.scratch('_newsgraphBig')) return;
  const k = labelScale(zoom);
  const zoomedIn = zoom >= EDGE_LABEL_ZOOM;
  cy.batch(() => {
    cy.elements().forEach((e) => {
      if (!e.hasClass(`ls-${k}`)) {
        for (let j = 0; j < LABEL_SCALES.length; j++) if (j !== k) e.removeClass(`ls-${j}`);
        e.addClass(`ls-${k}`);
      }
      if (e.isEdge()) {
        const want = zoomedIn || e.hasClass('hl') || e.hasClass('hover') || e.selected();
        if (want !== e.hasClass('show-label')) e.toggleClass('show-label', want);
      }
    });
  });
}

/**
 * highlight marks the selection and its neighborhood ("hl") and dims the
 * rest ("dim"): for a node, its edges and neighbors; for an edge, its two
 * ends (the evidence path of a claim). Several selected elements or none
 * clear it. Big views are left alone.
 */
export function highlight(cy) {
  const sel = cy.$(':selected');
  cy.batch(() => {
    cy.elements('.hl').removeClass('hl');
    cy.elements('.dim').removeClass('dim');
    if (cy.scratch('_newsgraphBig') || sel.length !== 1) return;
    const t = sel[0];
    const near = t.isNode() ? t.closedNeighborhood() : t.union(t.connectedNodes());
    near.addClass('hl');
    cy.elements().not(near).addClass('dim');
  });
  setLabelScale(cy);
}

/**
 * watchReadable keeps the label scale in step with the zoom, shows an edge's
 * label while the pointer is on it and highlights the selection.
 */
export function watchReadable(cy) {
  let last = null;
  cy.on('zoom', () => {
    const key = `${labelScale(cy.zoom())}|${cy.zoom() >= EDGE_LABEL_ZOOM}`;
    if (key === last) return;
    last = key;
    setLabelScale(cy);
  });
  cy.on('mouseover', 'edge.detail', (e) => e.target.addClass('hover show-label'));
  cy.on('mouseout', 'edge.detail', (e) => {
    e.target.removeClass('hover');
    if (!e.target.hasClass('hl') && !e.target.selected() && cy.zoom() < EDGE_LABEL_ZOOM)
      e.target.removeClass('show-label');
  });
  let timer = null;
  cy.on('select unselect', () => {
    clearTimeout(timer);
    timer = setTimeout(() => highlight(cy), 0);
  });
  cy.on('add', () => {
    last = null;
  });
}

/** bounds is the box around positions (a Map of id → {x, y}). */
export function bounds(positions) {
  let x1 = Infinity;
  let y1 = Infinity;
  let x2 = -Infinity;
  let y2 = -Infinity;
  for (const p of positions.values()) {
    x1 = Math.min(x1, p.x);
    x2 = Math.max(x2, p.x);
    y1 = Math.min(y1, p.y);
    y2 = Math.max(y2, p.y);
  }
  return { x1, y1, x2, y2 };
}

/**
 * stretchToAspect scales positions (a Map of id → {x, y}) about their centre
 * so that their extent has the width:height ratio of a w × h canvas, up to
 * a factor of max along one axis: a layout that fills a wide canvas instead
 * of leaving its sides empty. The axis that is too short is stretched (never
 * shrunk), so that no two nodes get closer.
 */
export function stretchToAspect(positions, w, h, max = 2.5) {
  if (positions.size < 3 || !(w > 0) || !(h > 0)) return positions;
  const { x1, y1, x2, y2 } = bounds(positions);
  const bw = Math.max(x2 - x1, 1);
  const bh = Math.max(y2 - y1, 1);
  const want = w / h;
  const have = bw / bh;
  let sx = 1;
  let sy = 1;
  if (have < want) sx = Math.min(max, want / have);
  else sy = Math.min(max, have / want);
  const cx = (x1 + x2) / 2;
  const cy = (y1 + y2) / 2;
  const out = new Map();
  for (const [id, p] of positions) out.set(id, { x: cx + (p.x - cx) * sx, y: cy + (p.y - cy) * sy });
  return out;
}

/**
 * separateBoxes moves apart the boxes of items that overlap, so that no two
 * are closer than gap: a collision pass after a force layout, with each
 * node's box holding its body and its label. items are {x, y, box, fixed}
 * with box the extent relative to (x, y) ({x1, y1, x2, y2}); a fixed item
 * (a pinned node) does not move and the other of its pair moves the whole
 * way. Each pass pushes every overlapping pair apart along the axis on
 * which they overlap least, half each, until none overlaps or after
 * maxPasses. It returns the new positions, in the order of items, and the
 * number of pairs still overlapping.
 */
export function separateBoxes(items, { gap = 4, maxPasses = 200 } = {}) {
  const n = items.length;
  const px = Float64Array.from(items, (it) => it.x);
  const py = Float64Array.from(items, (it) => it.y);
  const bx1 = Float64Array.from(items, (it) => it.box.x1);
  const by1 = Float64Array.from(items, (it) => it.box.y1);
  const bx2 = Float64Array.from(items, (it) => it.box.x2);
  const by2 = Float64Array.from(items, (it) => it.box.y2);
  const fixed = items.map((it) => !!it.fixed);
  const order = Array.from({ length: n }, (_, i) => i);
  let overlapping = 0;
  for (let pass = 0; pass < maxPasses; pass++) {
    overlapping = 0;
    order.sort((a, b) => px[a] + bx1[a] - (px[b] + bx1[b]));
    for (let a = 0; a < n; a++) {
      const i = order[a];
      for (let b = a + 1; b < n; b++) {
        const j = order[b];
        const ix1 = px[i] + bx1[i];
        const ix2 = px[i] + bx2[i];
        const jx1 = px[j] + bx1[j];
        if (jx1 >= ix2 + gap) break;
        const jx2 = px[j] + bx2[j];
        const iy1 = py[i] + by1[i];
        const iy2 = py[i] + by2[i];
        const jy1 = py[j] + by1[j];
        const jy2 = py[j] + by2[j];
        const ox = Math.min(ix2, jx2) - Math.max(ix1, jx1) + gap;
        const oy = Math.min(iy2, jy2) - Math.max(iy1, jy1) + gap;
        if (ox <= 0 || oy <= 0 || (fixed[i] && fixed[j])) continue;
        overlapping++;
        // push along the axis of least overlap, away from each other's centre
        const alongX = ox < oy;
        const d = alongX ? (ix1 + ix2 - jx1 - jx2) / 2 : (iy1 + iy2 - jy1 - jy2) / 2;
        const sign = d > 0 || (d === 0 && i < j) ? 1 : -1;
        const amount = (alongX ? ox : oy) + 0.5;
        const si = fixed[i] ? 0 : fixed[j] ? 1 : 0.5;
        const p = alongX ? px : py;
        p[i] += sign * amount * si;
        p[j] -= sign * amount * (1 - si);
      }
    }
    if (!overlapping) break;
  }
  return { positions: Array.from(px, (x, i) => ({ x, y: py[i] })), overlapping };
}

/**
 * packBoxes separates the boxes of items (see separateBoxes) and then packs
 * them: round after round it draws the positions towards their centre
 * along the axis that is too long for a canvas of aspect (width / height;
 * by factor, the other axis a third as much) and separates them again, and
 * keeps the arrangement that fits such a canvas at the largest zoom.
 * Separation alone leaves a force layout's holes, and boxes larger than the
 * layout's edges spread it far; packing keeps the layout's shape and fills
 * the holes. It returns the positions, in the order of items.
 */
export function packBoxes(items, { gap = 4, rounds = 12, factor = 0.9, aspect = 1 } = {}) {
  const extent = (ps) => {
    let x1 = Infinity;
    let y1 = Infinity;
    let x2 = -Infinity;
    let y2 = -Infinity;
    ps.forEach((p, i) => {
      const b = items[i].box;
      x1 = Math.min(x1, p.x + b.x1);
      y1 = Math.min(y1, p.y + b.y1);
      x2 = Math.max(x2, p.x + b.x2);
      y2 = Math.max(y2, p.y + b.y2);
    });
    return { w: x2 - x1, h: y2 - y1 };
  };
  // the width of the canvas of that aspect the arrangement needs: the smaller, the larger its fit zoom
  const need = ({ w, h }) => Math.max(w, h * aspect);
  // A start too crowded for separation to untangle is spread about its
  // centre until it separates.
  let best = separateBoxes(items, { gap });
  for (let spread = 1.25; best.overlapping && spread < 1e4; spread *= 1.25) {
    const cx = items.reduce((s, it) => s + it.x, 0) / items.length;
    const cy = items.reduce((s, it) => s + it.y, 0) / items.length;
    best = separateBoxes(
      items.map((it) => (it.fixed ? it : { ...it, x: cx + (it.x - cx) * spread, y: cy + (it.y - cy) * spread })),
      { gap },
    );
  }
  let bestNeed = need(extent(best.positions));
  let cur = best;
  for (let r = 0; r < rounds; r++) {
    const n = cur.positions.length;
    const cx = cur.positions.reduce((s, p) => s + p.x, 0) / n;
    const cy = cur.positions.reduce((s, p) => s + p.y, 0) / n;
    const e = extent(cur.positions);
    const wide = e.w > e.h * aspect;
    const fx = wide ? factor : 1 - (1 - factor) / 3;
    const fy = wide ? 1 - (1 - factor) / 3 : factor;
    const drawn = items.map((it, i) => {
      const p = cur.positions[i];
      return it.fixed ? it : { ...it, x: cx + (p.x - cx) * fx, y: cy + (p.y - cy) * fy };
    });
    cur = separateBoxes(drawn, { gap });
    const nd = need(extent(cur.positions));
    if (cur.overlapping === 0 && nd < bestNeed) {
      best = cur;
      bestNeed = nd;
    }
  }
  return best.positions;
}
