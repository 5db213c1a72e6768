// The drawn graph as a function of the view: adding API data to Cytoscape,
// the counts and classes derived from what is drawn, the filters and the
// timeline applied to it, the start view while nothing is drawn, and the
// layout.

import { addEntities, addEntity, expand } from './actions.js';
import { syncFilterInputs, updateLegend } from './filters.js';
import { runLayout, setFast, shown } from './graph.js';
import {
  edgeClasses,
  edgeData,
  edgeFiltersActive,
  edgePasses,
  edgeWidth,
  moreLabel,
  nodeClasses,
  nodeData,
  nodePasses,
  nodeSize,
  predicateLabel,
  sizeStep,
  sumCounts,
} from './model.js';
import { renderStart } from './startview.js';
import { api, busyWhile, byId, cy, setStatus, state, writeURL } from './state.js';
import { createTimeline } from './timeline.js';

const anchorIds = () =>
  new Set([
    ...state.view.seeds,
    ...state.view.expansions.map((x) => x.id),
    ...(state.view.path ? [state.view.path.from, state.view.path.to] : []),
  ]);

/**
 * addData adds API entities and relations not drawn yet, and returns the
 * nodes it added. Relations whose ends are not drawn are skipped. positions
 * optionally maps entity IDs to where their nodes go.
 */
export function addData(nodes, edges, positions = null) {
  const nodeEls = [];
  let added = cy.collection();
  // Plain sets of what is drawn: getElementById makes a collection per call.
  const drawnNodes = new Set(cy.nodes().map((n) => n.id()));
  const drawnEdges = new Set(cy.edges().map((e) => e.id()));
  cy.batch(() => {
    const removed = new Set(state.view.removed);
    for (const n of nodes) {
      if (removed.has(n.id)) continue;
      if (drawnNodes.has(n.id)) {
        if (n.neighborCounts) {
          const existing = cy.getElementById(n.id);
          const neighbors = sumCounts(n.neighborCounts);
          const before = sizeStep(existing.data('neighbors') ?? 1);
          existing.data({ neighbors, size: nodeSize(neighbors) });
          existing.removeClass(`size-${before}`).addClass(`size-${sizeStep(neighbors)}`);
        }
        continue;
      }
      drawnNodes.add(n.id);
      const data = nodeData(n);
      data.display = data.label;
      nodeEls.push({
        group: 'nodes',
        data,
        classes: nodeClasses(data),
        position: positions?.get(n.id) || { x: 0, y: 0 },
      });
    }
    added = cy.add(nodeEls);
    const edgeEls = [];
    for (const e of edges) {
      if (drawnEdges.has(e.id) || !drawnNodes.has(e.subject.id) || !drawnNodes.has(e.object.id)) continue;
      drawnEdges.add(e.id);
      const data = edgeData(e);
      edgeEls.push({ group: 'edges', data, classes: edgeClasses(data) });
    }
    cy.add(edgeEls);
  });
  return added;
}

/** connect adds the relations among the drawn entities that are not drawn yet. */
export async function connect() {
  const ids = cy.nodes().map((n) => n.id());
  if (ids.length < 2 || ids.length > 2000) return;
  const edges = await api.induced(ids);
  addData([], edges);
}

/**
 * setClass gives cls to exactly those of eles for which want(ele) holds,
 * touching only the elements that change (class changes restyle).
 */
function setClass(eles, cls, want) {
  const add = [];
  const rm = [];
  eles.forEach((e) => {
    const w = want(e);
    if (w !== e.hasClass(cls)) (w ? add : rm).push(e);
  });
  if (add.length) cy.collection(add).addClass(cls);
  if (rm.length) cy.collection(rm).removeClass(cls);
}

/**
 * adoptForeign gives elements added to window.newsgraph.cy from outside (by a
 * test or a console) the data and classes the view's own elements have.
 */
function adoptForeign() {
  cy.batch(() => {
    cy.nodes().forEach((n) => {
      const d = n.data();
      if (d.display !== undefined) return;
      const name = d.name ?? d.label ?? d.id;
      n.data({ name, label: d.label ?? name, display: name, more: 0, neighbors: d.neighbors ?? null });
      n.addClass(nodeClasses(n.data()));
    });
    cy.edges().forEach((e) => {
      const d = e.data();
      if (d.width !== undefined) return;
      const predicate = d.predicate || 'RELATED_TO';
      e.data({
        predicate,
        label: d.label ?? predicateLabel(predicate),
        sources: d.sources ?? 1,
        width: edgeWidth(d.sources),
        confidence: d.confidence ?? 1,
      });
      e.addClass(edgeClasses(e.data()));
    });
  });
}

let refreshTimer = null;
/** watchForeign keeps the counts and styles up to date when elements are added or removed from outside. */
export function watchForeign() {
  cy.on('add remove', () => {
    if (refreshTimer) return;
    refreshTimer = setTimeout(() => {
      refreshTimer = null;
      if (cy.nodes().some((n) => n.data('display') === undefined) || countsStale()) refresh();
    }, 0);
  });
}

/** countsStale reports whether the counts shown differ from the elements. */
function countsStale() {
  return (
    Number(byId('node-count').dataset.total) !== cy.nodes().length ||
    Number(byId('edge-count').dataset.total) !== cy.edges().length
  );
}

/** refresh recomputes everything derived from the drawn elements. */
export function refresh() {
  adoptForeign();
  const anchors = anchorIds();
  // Distinct drawn neighbors of each node, from one pass over the edges.
  const neighbors = new Map();
  const link = (a, b) => {
    let set = neighbors.get(a);
    if (!set) neighbors.set(a, (set = new Set()));
    set.add(b);
  };
  cy.edges().forEach((e) => {
    const s = e.data('source');
    const t = e.data('target');
    if (s === t) return;
    link(s, t);
    link(t, s);
  });
  cy.batch(() => {
    cy.nodes().forEach((n) => {
      const d = n.data();
      const drawn = neighbors.get(d.id)?.size || 0;
      const more = Math.max(0, (d.neighbors ?? drawn) - drawn, state.omitted.get(d.id) || 0);
      if (d.more !== more) n.data({ more, display: moreLabel(d.name, more) });
    });
    setClass(cy.nodes(), 'more', (n) => n.data('more') > 0);
    setClass(cy.nodes(), 'seed', (n) => anchors.has(n.id()));
  });
  setFast(cy);
  applyFilters();
}

let timeline = null;
let timelineTimer = null;

/** initTimeline creates the timeline under the graph; dragging its window filters the view. */
export function initTimeline() {
  timeline = createTimeline(byId('timeline'), {
    onWindow(from, to) {
      state.view.filters.from = from;
      state.view.filters.to = to;
      syncFilterInputs();
      applyFilters();
      writeURL();
    },
  });
}

/**
 * scheduleTimeline reads, soon and once, the claim days of the edges drawn
 * without them, then draws the histogram of every drawn edge's claims.
 */
function scheduleTimeline() {
  clearTimeout(timelineTimer);
  timelineTimer = setTimeout(async () => {
    if (state.view.synthetic) return timeline.update([]);
    const missing = cy
      .edges()
      .filter((e) => !Array.isArray(e.data('days')))
      .map((e) => e.id());
    if (missing.length) {
      try {
        const days = await api.claimDays(missing);
        cy.batch(() => {
          for (const [id, ds] of days) cy.getElementById(id).data('days', ds);
        });
      } catch (err) {
        setStatus(`timeline: ${err.message}`, 'error');
      }
    }
    timeline.update(cy.edges().flatMap((e) => e.data('days') || []));
    timeline.setWindow(state.view.filters.from, state.view.filters.to);
    if (missing.length && (state.view.filters.from || state.view.filters.to)) applyFilters();
  }, 120);
}

/** applyFilters hides what the filters exclude and updates the counts. */
export function applyFilters() {
  const f = state.view.filters;
  const hidden = new Set(state.view.hidden);
  const anchors = anchorIds();
  const edgeActive = edgeFiltersActive(f);
  const out = new Set();
  // Per node: how many edges it has, and how many of them the filters hide.
  const total = new Map();
  const filtered = new Map();
  cy.edges().forEach((e) => {
    const d = e.data();
    const gone = !edgePasses(d, f);
    if (gone) out.add(d.id);
    if (!edgeActive) return;
    for (const id of [d.source, d.target]) {
      total.set(id, (total.get(id) || 0) + 1);
      if (gone) filtered.set(id, (filtered.get(id) || 0) + 1);
    }
  });
  cy.batch(() => {
    setClass(cy.edges(), 'filtered', (e) => out.has(e.id()));
    setClass(cy.nodes(), 'filtered', (n) => {
      const d = n.data();
      if (!nodePasses(d, f)) return true;
      // An entity drawn only for relations the filters hide goes too.
      return edgeActive && !anchors.has(d.id) && total.get(d.id) > 0 && filtered.get(d.id) === total.get(d.id);
    });
    setClass(cy.nodes(), 'hidden', (n) => hidden.has(n.id()));
  });
  updateCounts();
  scheduleTimeline();
}

function updateCounts() {
  const vis = shown(cy);
  const nodes = vis.nodes().length;
  const edges = vis.edges().length;
  byId('node-count').textContent = String(nodes);
  byId('edge-count').textContent = String(edges);
  byId('node-count').dataset.total = String(cy.nodes().length);
  byId('edge-count').dataset.total = String(cy.edges().length);
  const hiddenNodes = cy.nodes().length - nodes;
  byId('hidden-count').textContent = hiddenNodes ? `(${hiddenNodes} hidden)` : '';
  updateLegend();
  updateStart();
}

let starters = null;
/** updateStart shows the start view's suggestions while nothing is drawn. */
function updateStart() {
  const root = byId('start');
  const empty =
    cy.nodes().empty() &&
    !state.view.synthetic &&
    !state.view.seeds.length &&
    !state.view.expansions.length &&
    !state.view.path;
  root.hidden = !empty || !starters;
  if (!empty || starters) return;
  starters = api
    .starters()
    .then((s) => {
      renderStart(root, s, {
        onEntity: async (e) => {
          await addEntity(e);
          await expand(e.id);
        },
        onDocument: (d, ids) => addEntities(ids, d.title),
      });
      updateStart();
    })
    .catch((err) => {
      console.warn('explorer: load the starting points:', err);
    });
}

/** layout runs the layout of the visible graph. */
export async function layout(opts) {
  await busyWhile(() => runLayout(cy, opts));
}

/** centerOfView returns the model position at the middle of the viewport. */
export function centerOfView() {
  const ext = cy.extent();
  return { x: (ext.x1 + ext.x2) / 2, y: (ext.y1 + ext.y2) / 2 };
}
