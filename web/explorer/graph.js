// The Cytoscape instance: its style, its layouts and the rules that keep big
// views fast.

import cytoscape from 'cytoscape';
import fcose from 'cytoscape-fcose';

cytoscape.use(fcose);

/** BIG is the number of elements above which the view switches to its fast style. */
export const BIG = 1200;

/** style is the Cytoscape stylesheet of the explorer. */
const style = [
  {
    selector: 'node',
    style: {
      'background-color': 'data(color)',
      shape: 'data(shape)',
      width: 'data(size)',
      height: 'data(size)',
      label: 'data(label)',
      'font-size': 11,
      'font-family': 'system-ui, sans-serif',
      color: '#1d2330',
      'text-valign': 'bottom',
      'text-margin-y': 4,
      'text-outline-color': '#ffffff',
      'text-outline-width': 2,
      'text-max-width': '160px',
      'text-wrap': 'ellipsis',
      'min-zoomed-font-size': 7,
      'border-width': 1,
      'border-color': '#2b2b2b',
      'border-opacity': 0.5,
    },
  },
  { selector: 'node.seed', style: { 'font-weight': 'bold', 'border-width': 2, 'border-opacity': 0.9 } },
  { selector: 'node.more', style: { 'border-style': 'dashed', 'border-width': 2, 'border-opacity': 0.9 } },
  {
    selector: 'node.pinned',
    style: { 'border-style': 'double', 'border-width': 6, 'border-color': '#111111', 'border-opacity': 1 },
  },
  {
    selector: 'edge',
    style: {
      width: 'data(width)',
      'line-color': 'data(color)',
      'target-arrow-color': 'data(color)',
      'target-arrow-shape': 'triangle',
      'arrow-scale': 0.9,
      'curve-style': 'bezier',
      'control-point-step-size': 28,
      label: 'data(label)',
      'font-size': 9,
      'font-family': 'system-ui, sans-serif',
      color: '#3b3f47',
      'text-rotation': 'autorotate',
      'text-background-color': '#ffffff',
      'text-background-opacity': 0.85,
      'text-background-padding': 1,
      'min-zoomed-font-size': 8,
      opacity: 0.85,
    },
  },
  // Big views: straight edges without labels are much cheaper to draw.
  { selector: 'edge.fast', style: { 'curve-style': 'straight', label: '', 'arrow-scale': 0.7 } },
  { selector: 'node.fast', style: { 'text-outline-width': 0, 'min-zoomed-font-size': 10 } },
  {
    selector: 'node:selected',
    style: { 'border-width': 4, 'border-color': '#0b57d0', 'border-style': 'solid', 'border-opacity': 1 },
  },
  {
    selector: 'edge:selected',
    style: { width: 5, 'line-color': '#0b57d0', 'target-arrow-color': '#0b57d0', opacity: 1, 'z-index': 20 },
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
  { selector: '.filtered, .hidden', style: { display: 'none' } },
];

/**
 * shown returns the elements the view draws: nodes neither filtered nor
 * hidden, and the edges between them that are not filtered. (Cytoscape's
 * ":visible" reads the style, which lags behind class changes made in the
 * same task.)
 */
export function shown(cy) {
  const nodes = cy.nodes().filter((n) => !n.hasClass('filtered') && !n.hasClass('hidden'));
  const ok = new Set(nodes.map((n) => n.id()));
  const edges = cy.edges().filter((e) => !e.hasClass('filtered') && ok.has(e.data('source')) && ok.has(e.data('target')));
  return nodes.union(edges);
}

/** createGraph creates the Cytoscape instance inside container. */
export function createGraph(container) {
  return cytoscape({
    container,
    style,
    minZoom: 0.05,
    maxZoom: 4,
    boxSelectionEnabled: true,
    selectionType: 'single',
    textureOnViewport: false,
    hideEdgesOnViewport: false,
    pixelRatio: 'auto',
  });
}

/**
 * setFast switches the whole view to the fast style (straight edges, no edge
 * labels, textures while panning) when it is big, and back when it is not.
 */
export function setFast(cy) {
  const big = cy.elements().length > BIG;
  cy.batch(() => {
    if (big) cy.elements().addClass('fast');
    else cy.elements().removeClass('fast');
  });
  // Cytoscape reads these renderer options live.
  const r = cy.renderer();
  if (r) {
    r.textureOnViewport = big;
    r.hideEdgesOnViewport = big;
  }
  return big;
}

/**
 * layoutOptions chooses the layout for n visible nodes. Small views get the
 * full fcose, animated from the current positions; big ones fcose's "draft"
 * quality (spectral only), not animated, so that 2,000 nodes lay out in well
 * under a second. Pinned nodes stay where they are.
 */
export function layoutOptions(cy, { randomize = false, fit = true, eles = null } = {}) {
  const visible = eles || shown(cy);
  const n = visible.nodes().length;
  const big = n > 400;
  const pinned = visible.nodes('.pinned').map((node) => ({ nodeId: node.id(), position: { ...node.position() } }));
  return {
    name: 'fcose',
    eles: visible,
    quality: big ? 'draft' : 'default',
    // Draft quality only places nodes from scratch (spectral).
    randomize: big ? true : randomize,
    animate: !big && n <= 250,
    animationDuration: 450,
    fit,
    padding: 40,
    nodeDimensionsIncludeLabels: false,
    uniformNodeDimensions: big,
    packComponents: true,
    samplingType: true,
    sampleSize: 25,
    nodeSeparation: 75,
    nodeRepulsion: () => 9000,
    idealEdgeLength: () => (big ? 40 : 110),
    edgeElasticity: () => 0.45,
    gravity: 0.25,
    numIter: big ? 1000 : 2500,
    tile: true,
    fixedNodeConstraint: pinned.length ? pinned : undefined,
  };
}

/** runLayout lays out the visible elements and resolves when it stops. */
export function runLayout(cy, opts = {}) {
  const visible = shown(cy);
  if (visible.nodes().length === 0) return Promise.resolve();
  if (visible.nodes().length === 1) {
    cy.fit(visible, 120);
    cy.zoom(Math.min(cy.zoom(), 1.5));
    cy.center(visible);
    return Promise.resolve();
  }
  const layout = visible.layout(layoutOptions(cy, { ...opts, eles: visible }));
  const done = layout.promiseOn('layoutstop');
  layout.run();
  return done;
}

/**
 * placeAround puts nodes on rings around center (a position), so that an
 * expansion in a big view appears next to the node it came from without a
 * global layout.
 */
export function placeAround(nodes, center, startRadius = 90) {
  let placed = 0;
  let ring = 0;
  while (placed < nodes.length) {
    const radius = startRadius + ring * 55;
    const capacity = Math.max(6, Math.floor((2 * Math.PI * radius) / 45));
    const count = Math.min(capacity, nodes.length - placed);
    for (let k = 0; k < count; k++) {
      const a = (2 * Math.PI * k) / count + ring * 0.37;
      nodes[placed + k].position({ x: center.x + radius * Math.cos(a), y: center.y + radius * Math.sin(a) });
    }
    placed += count;
    ring++;
  }
}

/** nextFrame resolves after the browser has drawn the next frame. */
export function nextFrame() {
  return new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve())));
}
