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
export const LABEL_SCALES = [1, 1.25, 1.5, 1.75, 2, 2.4, 2.8];

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
