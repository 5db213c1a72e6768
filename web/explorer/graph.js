// The Cytoscape instance: its style, its layouts and the rules that keep big
// views fast.

import cytoscape from 'cytoscape';
import fcose from 'cytoscape-fcose';
import { forceLayout } from './forcelayout.js';
import { ENTITY_TYPES, FAMILY_COLORS, SIZE_STEPS, WIDTH_STEPS, edgeWidth } from './model.js';
import {
  LABEL_SCALES,
  bounds,
  labelScale,
  labelStyles,
  packBoxes,
  setLabelScale,
  stretchToAspect,
} from './readable.js';

cytoscape.use(fcose);

/** BIG is the number of elements above which the view switches to its fast style. */
export const BIG = 1200;

/** VIEWPORT_TRICKS is the number of elements above which panning and zooming use a texture and hide edges. */
export const VIEWPORT_TRICKS = 6000;

/**
 * style is the Cytoscape stylesheet of the explorer. The base rules are the
 * cheap look of big views (every property costs time on thousands of
 * elements); class "detail" adds labels, borders and curved edges with end
 * arrows in views small enough for them.
 */
const style = [
  { selector: 'node', style: { 'background-color': '#9aa0a6', shape: 'ellipse', width: 28, height: 28 } },
  {
    selector: 'edge',
    style: {
      width: 1.5,
      'line-color': '#95a5a6',
      'curve-style': 'haystack',
      'mid-target-arrow-shape': 'triangle',
      'mid-target-arrow-color': '#95a5a6',
      'arrow-scale': 0.8,
      opacity: 0.85,
    },
  },
  // The look of each entity type, size, predicate family and width.
  ...ENTITY_TYPES.map((t) => ({
    selector: `node.type-${t.type}`,
    style: { 'background-color': t.color, shape: t.shape },
  })),
  ...Array.from({ length: SIZE_STEPS }, (_, i) => ({
    selector: `node.size-${i}`,
    style: { width: 22 + 6 * i, height: 22 + 6 * i },
  })),
  ...Object.entries(FAMILY_COLORS).map(([f, c]) => ({
    selector: `edge.family-${f}`,
    style: { 'line-color': c, 'target-arrow-color': c, 'mid-target-arrow-color': c },
  })),
  ...Array.from({ length: WIDTH_STEPS }, (_, i) => ({
    selector: `edge.width-${i}`,
    style: { width: edgeWidth(2 ** i) },
  })),
  // Node labels: always in small views, in big ones once zoomed in.
  {
    selector: 'node.detail, node.labels',
    style: {
      label: 'data(display)',
      'font-size': 11,
      'font-family': 'system-ui, sans-serif',
      color: '#1d2330',
      'text-valign': 'bottom',
      'text-margin-y': 4,
      'text-max-width': '180px',
      'text-wrap': 'ellipsis',
      'min-zoomed-font-size': 7,
    },
  },
  {
    selector: 'node.detail',
    style: {
      'text-outline-color': '#ffffff',
      'text-outline-width': 2,
      'border-width': 1,
      'border-color': '#2b2b2b',
      'border-opacity': 0.5,
    },
  },
  {
    selector: 'edge.detail',
    style: {
      'curve-style': 'bezier',
      'control-point-step-size': 28,
      'target-arrow-shape': 'triangle',
      'mid-target-arrow-shape': 'none',
      'arrow-scale': 0.9,
    },
  },
  {
    selector: 'node.seed',
    style: { 'font-weight': 'bold', 'border-width': 2, 'border-color': '#2b2b2b', 'border-opacity': 0.9 },
  },
  {
    selector: 'node.more',
    style: { 'border-style': 'dashed', 'border-width': 2, 'border-color': '#2b2b2b', 'border-opacity': 0.9 },
  },
  {
    selector: 'node.pinned',
    style: { 'border-style': 'double', 'border-width': 6, 'border-color': '#111111', 'border-opacity': 1 },
  },
  {
    selector: 'node:selected',
    style: { 'border-width': 4, 'border-color': '#0b57d0', 'border-style': 'solid', 'border-opacity': 1 },
  },
  {
    selector: 'edge:selected',
    style: { width: 5, 'line-color': '#0b57d0', 'target-arrow-color': '#0b57d0', opacity: 1, 'z-index': 20 },
  },
  // Small views: labels by zoom, edge labels on demand, the highlight.
  ...labelStyles(),
  {
    // a relation that a source denies or contradicts: dashed, with a
    // warning-coloured outline, so disagreement is seen before it is read
    selector: 'edge[disputed = 1]',
    style: {
      'line-style': 'dashed',
      'line-dash-pattern': [7, 4],
      'underlay-color': '#f59f00',
      'underlay-opacity': 0.35,
      'underlay-padding': 3,
    },
  },
  { selector: '.faded', style: { opacity: 0.12, 'text-opacity': 0.2 } },
  {
    selector: 'edge.path',
    style: { width: 6, 'line-color': '#d6336c', 'target-arrow-color': '#d6336c', opacity: 1, 'z-index': 30 },
  },
  {
    selector: 'node.path',
    style: { 'border-width': 5, 'border-color': '#d6336c', 'border-style': 'solid', 'border-opacity': 1 },
  },
  // A group of a folded big view: its count and most connected member.
  {
    selector: 'node.group',
    style: {
      'background-color': '#dfe4ea',
      'border-width': 2,
      'border-color': '#5d6d7e',
      'border-opacity': 1,
      shape: 'ellipse',
      label: 'data(name)',
      'font-size': 11,
      'font-family': 'system-ui, sans-serif',
      color: '#1d2330',
      'text-valign': 'bottom',
      'text-margin-y': 3,
      'min-zoomed-font-size': 8,
    },
  },
  // The summed links between groups: no arrow (a sum has no one direction),
  // and opaque, in the colour of "other" relations at 0.85 over white: a
  // translucent line costs about twice an opaque one in a canvas redraw.
  { selector: 'edge.agg', style: { 'mid-target-arrow-shape': 'none', 'line-color': '#a5b2b3', opacity: 1 } },
  { selector: '.filtered, .hidden', style: { display: 'none' } },
];

/**
 * shown returns the elements the view draws: nodes neither filtered nor
 * hidden, and the edges between them that are not filtered. (Cytoscape's
 * ":visible" reads the style, which lags behind class changes made in the
 * same task.)
 */
export function shown(cy) {
  const ok = new Set();
  const nodes = [];
  cy.nodes().forEach((n) => {
    if (n.hasClass('filtered') || n.hasClass('hidden')) return;
    ok.add(n.id());
    nodes.push(n);
  });
  const edges = [];
  cy.edges().forEach((e) => {
    if (!e.hasClass('filtered') && ok.has(e.data('source')) && ok.has(e.data('target'))) edges.push(e);
  });
  return cy.collection(nodes).union(cy.collection(edges));
}

/**
 * createGraph creates the Cytoscape instance inside container, drawing with
 * WebGL when webgl is set (Cytoscape ≥ 3.31: nodes and labels as textures in
 * batches, edges as triangles) and with the 2D canvas otherwise.
 */
export function createGraph(container, { webgl = false } = {}) {
  const cy = cytoscape({
    container,
    style,
    renderer: { name: 'canvas', webgl, webglBgColor: [255, 255, 255] },
    minZoom: 0.05,
    maxZoom: 4,
    boxSelectionEnabled: true,
    selectionType: 'single',
    textureOnViewport: false,
    hideEdgesOnViewport: false,
    pixelRatio: 'auto',
  });
  fixCentreHits(cy);
  return cy;
}

/**
 * fixCentreHits works around a hit test of Cytoscape 3.34 that misses the
 * centre of some node shapes. A point is inside a polygon shape when a
 * vertical ray from it crosses an odd number of the polygon's sides, and a
 * ray through a vertex crosses the two sides that meet there: the diamond's
 * top and bottom corners, the star's top point and the vee's notch are
 * straight above or below the centre, so a click at exactly the centre's x
 * (the centre of a node at the fit zoom, where model and screen pixels line
 * up) hit nothing, and a double-click on a threat group deselected it. A
 * point a shape misses is tried again a millionth of its width to the side,
 * off every vertex; a real miss stays a miss.
 */
function fixCentreHits(cy) {
  const shapes = cy.renderer()?.nodeShapes ?? {};
  for (const shape of new Set(Object.values(shapes))) {
    const checkPoint = shape?.checkPoint;
    if (typeof checkPoint !== 'function') continue;
    shape.checkPoint = function (x, y, padding, width, height, ...rest) {
      return (
        checkPoint.call(this, x, y, padding, width, height, ...rest) ||
        checkPoint.call(this, x + Math.max(width, 1) * 1e-6, y, padding, width, height, ...rest)
      );
    };
  }
}

/** LABEL_ZOOM is the zoom below which a big view draws no node labels. */
const LABEL_ZOOM = 0.7;

/**
 * setFast gives the view its detailed style (labels, borders, curved edges
 * with end arrows) when it is small, and the fast one (straight "haystack"
 * edges with their arrow in the middle, node labels only when zoomed in,
 * textures while panning) when it is big. It returns whether the view is big.
 */
export function setFast(cy) {
  // A folded view (groups of a big graph) is big whatever its element count.
  const big = cy.elements().length > BIG || cy.nodes('.group').nonempty();
  const labels = big && cy.zoom() >= LABEL_ZOOM;
  cy.batch(() => {
    const all = cy.elements();
    if (big) all.filter('.detail').removeClass('detail');
    else all.filter((e) => !e.hasClass('detail')).addClass('detail');
    if (labels)
      cy.nodes()
        .filter((n) => !n.hasClass('labels'))
        .addClass('labels');
    else cy.nodes('.labels').removeClass('labels');
  });
  cy.scratch('_newsgraphBig', big);
  if (!big) setLabelScale(cy);
  const r = cy.renderer();
  if (r) {
    // Cytoscape reads these renderer options live. They pay off only in the
    // biggest views: on a folded view of 10,000 entities they made every zoom
    // step redraw the whole view (150–220 ms a frame against 17 ms without
    // them, headless Chromium).
    const tricks = cy.elements().length > VIEWPORT_TRICKS;
    r.textureOnViewport = tricks;
    r.hideEdgesOnViewport = tricks;
    // A big view is drawn at one canvas pixel per CSS pixel: on a screen of
    // pixel ratio 2 that is a quarter of the pixels to fill each frame.
    const ratio = big ? 1 : null;
    if (r.forcedPixelRatio !== ratio) {
      r.forcedPixelRatio = ratio;
      cy.resize();
    }
  }
  return big;
}

/** watchZoom shows the node labels of a big view when it is zoomed in enough. */
export function watchZoom(cy) {
  cy.on('zoom', () => {
    if (!cy.scratch('_newsgraphBig') || cy.nodes().empty()) return;
    const want = cy.zoom() >= LABEL_ZOOM;
    const has = cy.nodes()[0].hasClass('labels');
    if (want === has) return;
    cy.batch(() => (want ? cy.nodes().addClass('labels') : cy.nodes().removeClass('labels')));
  });
}

/**
 * layoutOptions returns the fcose options for a small view: the full
 * quality, from the current positions unless randomize, animated when there
 * are few nodes. Pinned nodes stay where they are.
 */
export function layoutOptions(cy, { randomize = false, eles = null } = {}) {
  const visible = eles || shown(cy);
  const n = visible.nodes().length;
  const pinned = visible.nodes('.pinned').map((node) => ({ nodeId: node.id(), position: { ...node.position() } }));
  return {
    name: 'fcose',
    eles: visible,
    quality: 'default',
    randomize,
    animate: n <= 250,
    animationDuration: 450,
    padding: 40,
    nodeDimensionsIncludeLabels: true,
    packComponents: true,
    nodeSeparation: 75,
    nodeRepulsion: () => 9000,
    idealEdgeLength: () => 110,
    edgeElasticity: () => 0.45,
    gravity: 0.25,
    numIter: 2500,
    tile: true,
    fixedNodeConstraint: pinned.length ? pinned : undefined,
  };
}

/** LARGE is the number of visible nodes above which layouts take the fast path. */
export const LARGE = 400;

/**
 * fitPositions sets the viewport to show the given nodes, computing the
 * extent from their positions and sizes rather than from Cytoscape's bounding
 * boxes (which measure every label: slow in big views). Zoom is capped so
 * that a small graph is not blown up. It resolves when the view is there.
 */
export function fitPositions(cy, nodes, { padding = 40, maxZoom = 1.25, animate = false } = {}) {
  if (nodes.empty()) return;
  let x1 = Infinity;
  let y1 = Infinity;
  let x2 = -Infinity;
  let y2 = -Infinity;
  let labelled = false;
  nodes.forEach((n) => {
    const p = n.position();
    const r = (n.data('size') || 30) / 2;
    labelled = labelled || n.hasClass('detail');
    x1 = Math.min(x1, p.x - r);
    x2 = Math.max(x2, p.x + r);
    y1 = Math.min(y1, p.y - r);
    y2 = Math.max(y2, p.y + r);
  });
  // Labels keep their size on screen whatever the zoom (readable.js), so
  // their room below the lowest node is reserved in pixels; beside, a
  // label wider than its node sits within the padding.
  const below = labelled ? LABEL_BELOW : 0;
  const w = cy.width();
  const h = cy.height();
  const zoom = Math.max(
    cy.minZoom(),
    Math.min(maxZoom, (w - 2 * padding) / Math.max(1, x2 - x1), (h - 2 * padding - below) / Math.max(1, y2 - y1)),
  );
  const pan = { x: (w - zoom * (x1 + x2)) / 2, y: (h - zoom * (y1 + y2) - below) / 2 };
  if (animate) return cy.animation({ zoom, pan }, { duration: 300 }).play().promise();
  cy.viewport({ zoom, pan });
  return Promise.resolve();
}

/** LABEL_BELOW is the room in pixels fitPositions keeps below the lowest node for its label (two lines). */
const LABEL_BELOW = 34;

/**
 * fitZoom estimates the zoom at which fitPositions will show nodes placed at
 * positions (a Map of id → {x, y}), with room for their labels.
 */
function fitZoom(cy, positions, { padding = 40, maxZoom = 1.25 } = {}) {
  const { x1, y1, x2, y2 } = bounds(positions);
  const w = x2 - x1 + 90;
  const h = y2 - y1 + 60;
  return Math.max(cy.minZoom(), Math.min(maxZoom, (cy.width() - 2 * padding) / w, (cy.height() - 2 * padding) / h));
}

/**
 * runLayout lays out the visible elements and resolves when it is done.
 * Small views get fcose animated from the current positions; large ones the
 * fast force layout of forcelayout.js, applied at once.
 */
export function runLayout(cy, opts = {}) {
  const visible = shown(cy);
  const nodes = visible.nodes();
  if (nodes.length === 0) return Promise.resolve();
  if (nodes.length === 1) {
    fitPositions(cy, nodes, { padding: 120 });
    return Promise.resolve();
  }
  if (nodes.length > LARGE) {
    const fixed = new Map(nodes.filter('.pinned').map((n) => [n.id(), { ...n.position() }]));
    const start = opts.randomize ? null : new Map(nodes.map((n) => [n.id(), { ...n.position() }]));
    const pos = forceLayout(
      nodes.map((n) => n.id()),
      visible.edges().map((e) => [e.data('source'), e.data('target')]),
      { fixed, start },
    );
    cy.batch(() => nodes.positions((n) => pos.get(n.id())));
    fitPositions(cy, nodes);
    return Promise.resolve();
  }
  const options = layoutOptions(cy, { ...opts, eles: visible });
  const pinned = nodes.filter('.pinned').map((n) => [n, { ...n.position() }]);
  // One layout at a time: a newer one (a second expansion) replaces it.
  cy.scratch('_newsgraphLayout')?.stop();
  // fcose runs at once, off screen; its result is stretched to the canvas's
  // shape (unless nodes are pinned) and then shown, animated when small.
  const before = new Map(nodes.map((n) => [n.id(), { ...n.position() }]));
  const offscreen = () => {
    cy.batch(() => visible.layout({ ...options, animate: false, fit: false }).run());
    const pos = new Map(nodes.map((n) => [n.id(), { ...n.position() }]));
    // fcose fixes the centre of a pinned node's box, labels included: put
    // the node itself back exactly.
    for (const [n, p] of pinned) pos.set(n.id(), p);
    return pinned.length ? pos : stretchToAspect(pos, cy.width(), cy.height());
  };
  let target = offscreen();
  // Labels grow as the view zooms out (readable.js): when the fit of this
  // layout needs larger labels than it was made with, lay out again with them.
  const zoom = fitZoom(cy, target);
  if (!cy.scratch('_newsgraphBig') && labelScale(zoom) > labelScale(cy.zoom())) {
    setLabelScale(cy, zoom);
    cy.batch(() => nodes.positions((n) => target.get(n.id())));
    target = offscreen();
  }
  if (!cy.scratch('_newsgraphBig')) target = spreadLabels(cy, nodes, target, new Set(pinned.map(([n]) => n.id())));
  cy.batch(() => nodes.positions((n) => before.get(n.id())));
  const layout = visible.layout({
    name: 'preset',
    positions: (n) => target.get(n.id()),
    animate: options.animate,
    animationDuration: options.animationDuration,
    fit: false,
  });
  cy.scratch('_newsgraphLayout', layout);
  const done = layout.promiseOn('layoutstop').then(() => {
    // A layout stopped for a newer one leaves the viewport to that one.
    if (cy.scratch('_newsgraphLayout') !== layout) return;
    cy.scratch('_newsgraphLayout', null);
    // The layout is done when the view has moved to show it (window.newsgraph.idle waits for it).
    return fitPositions(cy, shown(cy).nodes(), { animate: options.animate });
  });
  layout.run();
  return done;
}

/** LABEL_GAP is the least room between two nodes' boxes (body and label) after spreadLabels, in model pixels. */
const LABEL_GAP = 4;

/**
 * spreadLabels moves the nodes of a small view's layout (target, a Map of
 * id → position) apart until no two nodes' boxes, their body and their
 * label as Cytoscape measures them, overlap, packed tight (readable.js
 * packBoxes);
 * the nodes in fixed (pinned) stay. Labels are drawn larger as the view
 * zooms out (readable.js): when the fit of the spread layout calls for a
 * larger label scale, the nodes get it and are spread again with it.
 * Without pinned nodes, the packed layout is stretched a little to the
 * canvas's shape.
 */
function spreadLabels(cy, nodes, target, fixed) {
  const list = nodes.toArray();
  // useCache false: the boxes are measured anew after a change of label scale (a cached box is the old size)
  const opts = {
    includeLabels: true,
    includeOverlays: false,
    includeUnderlays: false,
    includeEdges: false,
    useCache: false,
  };
  let scale = list.length ? LABEL_SCALES.findIndex((_, k) => list[0].hasClass(`ls-${k}`)) : -1;
  for (let round = 0; round < LABEL_SCALES.length; round++) {
    const items = list.map((n) => {
      const p = n.position();
      const bb = n.boundingBox(opts);
      const t = target.get(n.id());
      const box = { x1: bb.x1 - p.x, y1: bb.y1 - p.y, x2: bb.x2 - p.x, y2: bb.y2 - p.y };
      return { id: n.id(), x: t.x, y: t.y, box, fixed: fixed.has(n.id()) };
    });
    const positions = packBoxes(items, { gap: LABEL_GAP, aspect: cy.width() / cy.height() });
    target = new Map(items.map((it, i) => [it.id, positions[i]]));
    // A little stretch to the canvas's shape (which moves no two nodes
    // closer): a packed layout's outer labels can leave its nodes short of it.
    if (!fixed.size) target = stretchToAspect(target, cy.width(), cy.height(), 1.2);
    // the zoom at which Fit will show the spread layout, labels included
    let x1 = Infinity;
    let y1 = Infinity;
    let x2 = -Infinity;
    let y2 = -Infinity;
    for (const it of items) {
      const p = target.get(it.id);
      x1 = Math.min(x1, p.x + it.box.x1);
      y1 = Math.min(y1, p.y + it.box.y1);
      x2 = Math.max(x2, p.x + it.box.x2);
      y2 = Math.max(y2, p.y + it.box.y2);
    }
    const zoom = Math.min((cy.width() - 80) / Math.max(x2 - x1, 1), (cy.height() - 80) / Math.max(y2 - y1, 1));
    // (with a margin: Fit also counts the edges' curves, and a zoom just
    // past a step would give the labels the next, larger scale)
    const want = labelScale(Math.max(cy.minZoom(), Math.min(cy.maxZoom(), zoom * 0.9)));
    if (want <= scale) break;
    scale = want;
    setLabelScale(cy, 1 / LABEL_SCALES[scale]);
  }
  return target;
}

/**
 * placeAround puts nodes on rings around center (a position), so that an
 * expansion in a big view appears next to the node it came from without a
 * global layout: spacing apart on a ring, ringGap between rings. It
 * returns the outer ring's radius.
 */
export function placeAround(nodes, center, startRadius = 90, { spacing = 45, ringGap = 55 } = {}) {
  let placed = 0;
  let ring = 0;
  let radius = startRadius;
  while (placed < nodes.length) {
    radius = startRadius + ring * ringGap;
    const capacity = Math.max(6, Math.floor((2 * Math.PI * radius) / spacing));
    const count = Math.min(capacity, nodes.length - placed);
    for (let k = 0; k < count; k++) {
      const a = (2 * Math.PI * k) / count + ring * 0.37;
      nodes[placed + k].position({ x: center.x + radius * Math.cos(a), y: center.y + radius * Math.sin(a) });
    }
    placed += count;
    ring++;
  }
  return radius;
}

/**
 * makeRoom moves every node of others away from center by radius along the
 * line from center, so that a disc of that radius around center is free and
 * the rest of the drawing keeps its shape.
 */
export function makeRoom(others, center, radius) {
  others.forEach((n) => {
    const p = n.position();
    const dx = p.x - center.x;
    const dy = p.y - center.y;
    const d = Math.hypot(dx, dy) || 1;
    n.position({ x: p.x + (dx / d) * radius, y: p.y + (dy / d) * radius });
  });
}

/** nextFrame resolves after the browser has drawn the next frame. */
export function nextFrame() {
  return new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve())));
}
