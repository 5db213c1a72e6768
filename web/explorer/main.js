// The graph explorer at /: search, expand, filter, find paths and read the
// evidence, with the view kept in the URL.

import { createTimeline } from './timeline.js';
import { inputOf, renderInvestigations, viewOf } from './investigations.js';
import './explorer.css';
import { createClient } from './api.js';
import { renderDocument } from './docview.js';
import { clear, download, el, shapeIcon } from './dom.js';
import {
  LARGE,
  createGraph,
  fitPositions,
  nextFrame,
  placeAround,
  runLayout,
  setFast,
  shown,
  watchZoom,
} from './graph.js';
import { forceLayout } from './forcelayout.js';
import {
  ENTITY_TYPES,
  PREDICATES,
  edgeData,
  edgeFiltersActive,
  edgePasses,
  emptyFilters,
  moreLabel,
  edgeClasses,
  edgeWidth,
  nodeClasses,
  nodeData,
  nodePasses,
  nodeSize,
  sizeStep,
  predicateColor,
  predicateLabel,
  sumCounts,
} from './model.js';
import { renderEdge, renderHelp, renderNode, renderPaths, renderSelection } from './panel.js';
import { attachSuggest } from './suggest.js';
import { syntheticGraph } from './synthetic.js';
import { emptyView, expansionTokens, formatView, parseView } from './urlstate.js';
import { openMenu } from './menu.js';
import { watchReadable } from './readable.js';
import { renderStart } from './startview.js';
import { aggregate, communities } from './grouping.js';

const byId = (id) => document.getElementById(id);

// ---------------------------------------------------------------- state

let requests = 0;
let operations = 0;
const api = createClient(document.documentElement.dataset.endpoint || '/graphql', {
  onBusy: (d) => {
    requests += d;
    updateBusy();
  },
});
/** view is what the URL holds; the graph drawn is a function of it. */
let view = parseView(window.location.hash);
const cy = createGraph(byId('graph'), { webgl: view.webgl });
watchZoom(cy);
watchReadable(cy);
const timeline = createTimeline(byId('timeline'), {
  onWindow(from, to) {
    view.filters.from = from;
    view.filters.to = to;
    syncFilterInputs();
    applyFilters();
    writeURL();
  },
});
let timelineTimer = null;
/** omitted maps an expanded entity to the number of neighbors its last expansion left out. */
const omitted = new Map();
/** pathResult holds the path finder's answer: {from, to, paths, index}. */
let pathResult = null;
/** lastDraw holds the timings of the last synthetic draw. */
let lastDraw = null;
let storeStats = null;
let idleWaiters = [];

function updateBusy() {
  const busy = requests + operations > 0;
  document.body.dataset.busy = busy ? '1' : '0';
  if (!busy) {
    const w = idleWaiters;
    idleWaiters = [];
    w.forEach((f) => f());
  }
}

/** run performs an operation, showing its errors in the status line. */
async function run(what, fn) {
  operations++;
  updateBusy();
  try {
    return await fn();
  } catch (err) {
    console.warn(`explorer: ${what}:`, err);
    setStatus(`${what} failed: ${err.message}`, 'error');
    return undefined;
  } finally {
    operations--;
    updateBusy();
  }
}

let statusTimer = null;
function setStatus(text, kind = 'info') {
  const s = byId('status');
  s.textContent = text;
  s.dataset.kind = kind;
  s.hidden = !text;
  clearTimeout(statusTimer);
  if (text && kind !== 'error') statusTimer = setTimeout(() => setStatus(''), 6000);
}

// ---------------------------------------------------------------- URL

function writeURL() {
  const hash = formatView(view);
  if (window.location.hash.replace(/^#/, '') === hash) return;
  const url = `${window.location.pathname}${window.location.search}${hash ? `#${hash}` : ''}`;
  window.history.replaceState(null, '', url);
}

/** docHref is the link to the document view, keeping the rest of the view. */
function docHref(docId, start, end, entityId) {
  const v = { ...view, doc: { id: docId, start: start ?? null, end: end ?? null, entity: entityId || null } };
  return `${window.location.pathname}${window.location.search}#${formatView(v)}`;
}

window.addEventListener('hashchange', () => {
  run('open the link', async () => {
    const next = parseView(window.location.hash);
    if (formatView(next, { graphOnly: true }) !== formatView(view, { graphOnly: true })) {
      view = next;
      await rebuild();
    } else {
      view.selected = next.selected;
      view.doc = next.doc;
      selectFromView();
    }
    await syncDocument();
  });
});

// ---------------------------------------------------------------- graph data

const anchorIds = () =>
  new Set([...view.seeds, ...view.expansions.map((x) => x.id), ...(view.path ? [view.path.from, view.path.to] : [])]);

/**
 * addData adds API entities and relations not drawn yet, and returns the
 * nodes it added. Relations whose ends are not drawn are skipped. positions
 * optionally maps entity IDs to where their nodes go.
 */
function addData(nodes, edges, positions = null) {
  const nodeEls = [];
  let added = cy.collection();
  // Plain sets of what is drawn: getElementById makes a collection per call.
  const drawnNodes = new Set(cy.nodes().map((n) => n.id()));
  const drawnEdges = new Set(cy.edges().map((e) => e.id()));
  cy.batch(() => {
    const removed = new Set(view.removed);
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
async function connect() {
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
// Elements added or removed from outside still update the counts and styles.
cy.on('add remove', () => {
  if (refreshTimer) return;
  refreshTimer = setTimeout(() => {
    refreshTimer = null;
    if (cy.nodes().some((n) => n.data('display') === undefined) || countsStale()) refresh();
  }, 0);
});

/** countsStale reports whether the counts shown differ from the elements. */
function countsStale() {
  return (
    Number(byId('node-count').dataset.total) !== cy.nodes().length ||
    Number(byId('edge-count').dataset.total) !== cy.edges().length
  );
}

/** refresh recomputes everything derived from the drawn elements. */
function refresh() {
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
      const more = Math.max(0, (d.neighbors ?? drawn) - drawn, omitted.get(d.id) || 0);
      if (d.more !== more) n.data({ more, display: moreLabel(d.name, more) });
    });
    setClass(cy.nodes(), 'more', (n) => n.data('more') > 0);
    setClass(cy.nodes(), 'seed', (n) => anchors.has(n.id()));
  });
  setFast(cy);
  applyFilters();
}

// ---------------------------------------------------------------- timeline


/**
 * scheduleTimeline reads, soon and once, the claim days of the edges drawn
 * without them, then draws the histogram of every drawn edge's claims.
 */
function scheduleTimeline() {
  clearTimeout(timelineTimer);
  timelineTimer = setTimeout(async () => {
    if (view.synthetic) return timeline.update([]);
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
    timeline.setWindow(view.filters.from, view.filters.to);
    if (missing.length && (view.filters.from || view.filters.to)) applyFilters();
  }, 120);
}

/** applyFilters hides what the filters exclude and updates the counts. */
function applyFilters() {
  const f = view.filters;
  const hidden = new Set(view.hidden);
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
  const empty = cy.nodes().empty() && !view.synthetic && !view.seeds.length && !view.expansions.length && !view.path;
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
async function layout(opts) {
  operations++;
  updateBusy();
  try {
    await runLayout(cy, opts);
  } finally {
    operations--;
    updateBusy();
  }
}

/** centerOfView returns the model position at the middle of the viewport. */
function centerOfView() {
  const ext = cy.extent();
  return { x: (ext.x1 + ext.x2) / 2, y: (ext.y1 + ext.y2) / 2 };
}

// ---------------------------------------------------------------- actions

/** addEntity draws an entity chosen in the search box and selects it. */
async function addEntity(entity) {
  return run(`add ${entity.name || entity.id}`, async () => {
    const id = entity.id;
    view.removed = view.removed.filter((r) => r !== id);
    view.hidden = view.hidden.filter((r) => r !== id);
    if (!view.seeds.includes(id)) view.seeds.push(id);
    if (cy.getElementById(id).empty()) {
      const res = await api.load({ ids: [id] });
      if (!res.nodes.length) throw new Error(`no entity ${id}`);
      const c = centerOfView();
      const added = addData(res.nodes, res.edges);
      added.positions(() => ({ x: c.x + (Math.random() - 0.5) * 60, y: c.y + (Math.random() - 0.5) * 60 }));
      await connect();
      refresh();
      await layout({ randomize: false });
    } else {
      refresh();
    }
    select(id);
    writeURL();
  });
}

/** addEntities draws several entities at once (a document's) with the relations among them. */
async function addEntities(ids, what) {
  return run(`draw the entities of ${what}`, async () => {
    const set = new Set(ids);
    view.removed = view.removed.filter((r) => !set.has(r));
    view.hidden = view.hidden.filter((r) => !set.has(r));
    for (const id of ids) if (!view.seeds.includes(id)) view.seeds.push(id);
    const res = await api.load({ ids });
    const c = centerOfView();
    const added = addData(res.nodes, res.edges);
    added.positions(() => ({ x: c.x + (Math.random() - 0.5) * 200, y: c.y + (Math.random() - 0.5) * 200 }));
    await connect();
    refresh();
    await layout({ randomize: true });
    setStatus(`${added.length} entities of “${what}” drawn.`);
    writeURL();
  });
}

/**
 * expand draws an entity's neighbors, at most fanout of them (the most
 * stated first); the ones left out are counted on the node ("+N") and can be
 * loaded with loadMore. The filters do not take part: they hide what is
 * drawn, so that the URL's expansions draw the same graph whatever the
 * filters were when they were made.
 */
async function expand(id, { fanout = null, predicates = [], direction = 'BOTH', types = [] } = {}) {
  return run('expand', async () => {
    const key = (x) => `${x.id}|${expansionTokens(x).join('.')}`;
    const x = { id, fanout: 0, predicates };
    if (direction && direction !== 'BOTH') x.direction = direction;
    if (types?.length) x.types = types;
    const prev = view.expansions.find((e) => key(e) === key(x));
    x.fanout = fanout ?? Math.max(prev?.fanout || 0, view.fanout);
    const res = await api.load({ expansions: [x] });
    view.expansions = view.expansions.filter((e) => key(e) !== key(x));
    view.expansions.push(x);
    const fetched = new Set(res.nodes.map((n) => n.id));
    view.removed = view.removed.filter((r) => !fetched.has(r));
    omitted.set(id, res.omitted.get(id) || 0);
    const parent = cy.getElementById(id);
    const added = addData(res.nodes, res.edges);
    if (parent.nonempty()) placeAround(added.toArray(), parent.position(), 60 + 4 * Math.sqrt(added.length) * 10);
    await connect();
    refresh();
    const n = shown(cy).nodes().length;
    // Big views keep their layout: the new nodes sit on rings around the parent.
    if (n <= LARGE) await layout({ randomize: false });
    else if (parent.nonempty()) fitPositions(cy, parent.closedNeighborhood().nodes(), { padding: 60, animate: true });
    const more = omitted.get(id) || 0;
    setStatus(
      added.length
        ? `${added.length} neighbor${added.length === 1 ? '' : 's'} drawn${more ? `, ${more} more not drawn (Load more)` : ''}.`
        : more
          ? `No new neighbors; ${more} more are not drawn (Load more).`
          : 'Every neighbor is drawn already.',
    );
    writeURL();
    if (view.selected === id) showDetails();
  });
}

/** loadStep is how many of more left-out neighbors "Load more" draws at once. */
const loadStep = (more) => Math.min(more || view.fanout, Math.max(view.fanout, 50));

/** loadMore raises an expansion's fan-out to draw the neighbors it left out. */
function loadMore(id) {
  const prev = view.expansions.filter((x) => x.id === id && !x.predicates?.length)[0];
  const node = cy.getElementById(id);
  const more = node.nonempty() ? node.data('more') : 0;
  const step = loadStep(more);
  const base = prev ? prev.fanout : node.nonempty() ? node.neighborhood().nodes().length : 0;
  return expand(id, { fanout: Math.min(1000, base + step) });
}

function togglePin(id) {
  const n = cy.getElementById(id);
  if (n.empty()) return;
  if (view.pinned.some((p) => p.id === id)) {
    view.pinned = view.pinned.filter((p) => p.id !== id);
    n.removeClass('pinned');
  } else {
    view.pinned.push({ id, ...n.position() });
    n.addClass('pinned');
  }
  writeURL();
  if (view.selected === id) showDetails();
}

function pinMany(ids) {
  for (const id of ids) if (!view.pinned.some((p) => p.id === id)) togglePin(id);
}

function hide(ids) {
  for (const id of ids) if (!view.hidden.includes(id)) view.hidden.push(id);
  cy.$(':selected').unselect();
  applyFilters();
  writeURL();
}

function showHidden() {
  view.hidden = [];
  applyFilters();
  writeURL();
}

function remove(ids) {
  const set = new Set(ids);
  cy.batch(() => {
    for (const id of ids) cy.getElementById(id).remove();
  });
  for (const id of ids) if (!view.removed.includes(id)) view.removed.push(id);
  view.seeds = view.seeds.filter((s) => !set.has(s));
  view.hidden = view.hidden.filter((s) => !set.has(s));
  view.pinned = view.pinned.filter((p) => !set.has(p.id));
  for (const id of ids) omitted.delete(id);
  if (view.selected && set.has(view.selected)) view.selected = null;
  refresh();
  showDetails();
  writeURL();
}

function clearView() {
  view = { ...emptyView(), filters: view.filters, fanout: view.fanout, webgl: view.webgl };
  pathResult = null;
  omitted.clear();
  cy.elements().remove();
  pathInputs.from.set(null);
  pathInputs.to.set(null);
  refresh();
  showDetails();
  writeURL();
}

// ---------------------------------------------------------------- paths

async function findPath() {
  return run('find a path', async () => {
    const [from, to] = await Promise.all([pathInputs.from.resolve(), pathInputs.to.resolve()]);
    if (!from || !to) {
      setStatus(`No entity matches “${(!from ? byId('path-from') : byId('path-to')).value}”.`, 'error');
      return;
    }
    pathInputs.from.set(from);
    pathInputs.to.set(to);
    view.path = { from: from.id, to: to.id, index: 0 };
    await drawPath(from, to);
    writeURL();
  });
}

/** drawPath fetches the paths of view.path, draws them and highlights one. */
async function drawPath(from, to, { rebuilding = false } = {}) {
  const res = await api.load({ path: view.path });
  const ids = new Set(res.nodes.map((n) => n.id));
  view.removed = view.removed.filter((r) => !ids.has(r));
  view.hidden = view.hidden.filter((r) => !ids.has(r));
  const paths = res.paths || [];
  const byIdMap = new Map(res.nodes.map((n) => [n.id, n]));
  pathResult = {
    from: from || byIdMap.get(view.path.from) || { id: view.path.from, name: view.path.from },
    to: to || byIdMap.get(view.path.to) || { id: view.path.to, name: view.path.to },
    paths,
    index: Math.min(view.path.index, Math.max(0, paths.length - 1)),
  };
  const added = addData(res.nodes, res.edges);
  if (added.nonempty()) {
    const c = centerOfView();
    added.positions(() => ({ x: c.x + (Math.random() - 0.5) * 200, y: c.y + (Math.random() - 0.5) * 200 }));
  }
  await connect();
  refresh();
  highlightPath();
  if (rebuilding) return;
  if (added.nonempty()) await layout({ randomize: false });
  select(null);
  if (!paths.length)
    setStatus(`No path of at most 4 hops between ${pathResult.from.name} and ${pathResult.to.name}.`, 'error');
  else
    setStatus(
      `${paths.length} path${paths.length === 1 ? '' : 's'} found; the shortest has ${paths[0].length} hop${paths[0].length === 1 ? '' : 's'}.`,
    );
}

function highlightPath() {
  cy.batch(() => {
    cy.elements().removeClass('path faded');
    if (!pathResult || !pathResult.paths.length) return;
    const p = pathResult.paths[pathResult.index];
    let eles = cy.collection();
    for (const n of p.nodes) eles = eles.union(cy.getElementById(n.id));
    for (const e of p.edges) eles = eles.union(cy.getElementById(e.id));
    eles.addClass('path');
    cy.elements().not(eles).addClass('faded');
  });
}

function showPath(i) {
  if (!pathResult) return;
  pathResult.index = i;
  view.path.index = i;
  highlightPath();
  showDetails();
  writeURL();
}

function clearPath() {
  pathResult = null;
  view.path = null;
  highlightPath();
  refresh();
  showDetails();
  writeURL();
}

// ---------------------------------------------------------------- details panel

const panel = byId('details');
let detailsToken = 0;

const panelCtx = {
  docHref,
  expand: (id, opts) => expand(id, opts),
  expandMany: (ids) =>
    run('expand', async () => {
      for (const id of ids) await expand(id);
    }),
  loadMore,
  togglePin,
  pinMany,
  hide,
  remove,
  showPath,
  setPathEnd(which, entity) {
    pathInputs[which].set(entity);
    byId(which === 'from' ? 'path-to' : 'path-from').focus();
  },
  selectElement: (id) => select(id),
  setToken: (t) => api.setToken(t),
  async addNote(target, text) {
    await api.addNote(target, text);
    await showDetails();
  },
  focusEntity(id) {
    if (cy.getElementById(id).nonempty()) select(id);
    else addEntity({ id, name: id });
  },
};

/** select selects one element (or none) and shows its details. */
function select(id) {
  cy.batch(() => {
    cy.$(':selected').unselect();
    if (id) cy.getElementById(id).select();
  });
  selectionChanged();
}

function selectFromView() {
  select(view.selected);
}

function panelHeader(text) {
  clear(panel);
  panel.append(el('p', { class: 'muted loading', text }));
}

/** showDetails renders the panel for the current selection. */
async function showDetails() {
  const token = ++detailsToken;
  const selected = cy.$(':selected');
  const nodes = selected.nodes();
  if (nodes.length > 1) {
    clear(panel);
    renderSelection(
      panel,
      nodes.map((n) => n.id()),
      panelCtx,
    );
    return;
  }
  const target = selected.length === 1 ? selected[0] : null;
  if (!target) {
    clear(panel);
    if (pathResult) {
      renderPaths(panel, pathResult, panelCtx);
      panel.append(
        el('button', { type: 'button', testid: 'path-clear', text: 'Clear the path', on: { click: clearPath } }),
      );
    } else {
      renderHelp(panel, storeStats);
    }
    return;
  }
  const id = target.id();
  const synthetic = id.startsWith('synthetic:');
  await run('load details', async () => {
    if (target.isNode()) {
      panelHeader(`Loading ${target.data('name')}…`);
      const entity = synthetic ? syntheticEntity(target) : await api.entity(id);
      if (token !== detailsToken) return;
      clear(panel);
      if (!entity) {
        panel.append(el('p', { class: 'muted', text: `${id} is no longer in the store.` }));
        return;
      }
      renderNode(panel, entity, panelCtx, {
        more: target.data('more') || 0,
        step: loadStep(target.data('more') || 0),
        pinned: target.hasClass('pinned'),
        expanded: view.expansions.some((x) => x.id === id),
      });
    } else {
      panelHeader('Loading the evidence…');
      const rel = synthetic ? syntheticRelation(target) : await api.relation(id);
      if (token !== detailsToken) return;
      clear(panel);
      if (!rel) {
        panel.append(el('p', { class: 'muted', text: `${id} is no longer in the store.` }));
        return;
      }
      renderEdge(panel, rel, panelCtx);
    }
  });
}

function syntheticEntity(node) {
  const d = node.data();
  return {
    id: d.id,
    name: d.name,
    type: d.type,
    aliases: [],
    aliasSources: [],
    mentionCount: 0,
    relationCounts: [],
    neighborCounts: [],
    timeline: [],
  };
}

function syntheticRelation(edge) {
  const d = edge.data();
  const ent = (n) => ({ id: n.id(), name: n.data('name'), type: n.data('type') });
  return { ...d, subject: ent(edge.source()), object: ent(edge.target()), evidence: [], claims: [] };
}

let selectTimer = null;
/** selectionChanged renders the panel once for a burst of (un)select events. */
function selectionChanged() {
  // Box selection fires one event per element: render once.
  clearTimeout(selectTimer);
  selectTimer = setTimeout(() => {
    const sel = cy.$(':selected');
    view.selected = sel.length === 1 ? sel[0].id() : null;
    showDetails();
    writeURL();
  }, 0);
}
cy.on('select unselect', selectionChanged);
// A tap (also one emitted by a script) selects what it hit; with a modifier
// key Cytoscape adds to the selection itself.
cy.on('tap', 'node, edge', (e) => {
  const ev = e.originalEvent;
  if (ev && (ev.shiftKey || ev.ctrlKey || ev.metaKey)) return;
  // A group of a folded view opens on a click.
  if (e.target.hasClass('group')) {
    openGroup(e.target.id());
    return;
  }
  if (!e.target.selected() || cy.$(':selected').length > 1) select(e.target.id());
});
cy.on('dbltap', 'node', (e) => expand(e.target.id()));
// Right-click (or a long press) opens the node's "expand by type" menu.
cy.on('cxttap taphold', 'node', (e) => {
  const id = e.target.id();
  if (id.startsWith('synthetic:')) return;
  const box = cy.container().getBoundingClientRect();
  const at = { x: box.left + e.renderedPosition.x, y: box.top + e.renderedPosition.y };
  run('load the expand menu', async () => {
    const entity = await api.counts(id);
    if (!entity) throw new Error(`no entity ${id}`);
    openMenu(entity, { ...at, onPick: (filter) => expand(id, filter) });
  });
});
cy.on('dragfree', 'node.pinned', (e) => {
  const n = e.target;
  view.pinned = view.pinned.map((p) => (p.id === n.id() ? { id: p.id, ...n.position() } : p));
  writeURL();
});

// ---------------------------------------------------------------- document view

const docRoot = byId('docview');

async function syncDocument() {
  if (!view.doc) {
    docRoot.hidden = true;
    clear(docRoot);
    return;
  }
  const { id, start, end, entity: entityId } = view.doc;
  const doc = await api.document(id);
  if (!doc) {
    setStatus(`Document ${id} is not in the store.`, 'error');
    return;
  }
  const mentions = entityId ? doc.mentions.filter((m) => m.entity.id === entityId).flatMap((m) => m.offsets) : [];
  renderDocument(docRoot, doc, { hl: start != null ? { start, end } : null, mentions, onClose: closeDocument });
  docRoot.querySelector('.close')?.focus();
}

function closeDocument() {
  view.doc = null;
  docRoot.hidden = true;
  clear(docRoot);
  writeURL();
}

docRoot.addEventListener('click', (e) => {
  if (e.target === docRoot) closeDocument();
});

// ---------------------------------------------------------------- legend and filters

const legendRows = new Map();
const predicateRows = new Map();

function buildLegend() {
  const legend = byId('legend');
  for (const t of ENTITY_TYPES) {
    const count = el('span', { class: 'count' });
    const box = el('input', {
      type: 'checkbox',
      checked: true,
      testid: `filter-type-${t.type}`,
      'aria-label': `Show ${t.label}`,
      on: { change: (e) => toggleSet(view.filters.hiddenTypes, t.type, !e.target.checked) },
    });
    const row = el(
      'li',
      { dataset: { type: t.type } },
      el('label', {}, box, shapeIcon(t.shape, t.color), el('span', { class: 'name', text: t.label }), count),
    );
    legendRows.set(t.type, { row, count, box });
    legend.append(row);
  }
  const preds = byId('predicates');
  for (const p of PREDICATES) {
    const count = el('span', { class: 'count' });
    const box = el('input', {
      type: 'checkbox',
      checked: true,
      testid: `filter-predicate-${p.predicate}`,
      'aria-label': `Show ${predicateLabel(p.predicate)}`,
      on: { change: (e) => toggleSet(view.filters.hiddenPredicates, p.predicate, !e.target.checked) },
    });
    const row = el(
      'li',
      { dataset: { predicate: p.predicate } },
      el(
        'label',
        {},
        box,
        el('span', { class: 'line', style: `background:${predicateColor(p.predicate)}` }),
        el('span', { class: 'name', text: predicateLabel(p.predicate) }),
        count,
      ),
    );
    predicateRows.set(p.predicate, { row, count, box });
    preds.append(row);
  }
}

function toggleSet(set, key, on) {
  if (on) set.add(key);
  else set.delete(key);
  applyFilters();
  writeURL();
}

function updateLegend() {
  const types = new Map();
  const preds = new Map();
  cy.nodes().forEach((n) => types.set(n.data('type'), (types.get(n.data('type')) || 0) + 1));
  cy.edges().forEach((e) => preds.set(e.data('predicate'), (preds.get(e.data('predicate')) || 0) + 1));
  for (const [type, r] of legendRows) {
    const c = types.get(type) || 0;
    r.count.textContent = c ? String(c) : '';
    r.row.classList.toggle('absent', !c);
    r.box.checked = !view.filters.hiddenTypes.has(type);
  }
  for (const [p, r] of predicateRows) {
    const c = preds.get(p) || 0;
    r.count.textContent = c ? String(c) : '';
    r.row.classList.toggle('absent', !c);
    r.box.checked = !view.filters.hiddenPredicates.has(p);
  }
}

function syncFilterInputs() {
  const f = view.filters;
  byId('filter-from').value = f.from;
  byId('filter-to').value = f.to;
  byId('filter-confidence').value = String(f.minConfidence);
  byId('confidence-value').textContent = f.minConfidence.toFixed(2);
  const fan = byId('fanout');
  if (![...fan.options].some((o) => Number(o.value) === view.fanout))
    fan.append(el('option', { value: String(view.fanout), text: String(view.fanout) }));
  fan.value = String(view.fanout);
  updateLegend();
}

function wireFilters() {
  const date = (key) => (e) => {
    view.filters[key] = e.target.value || '';
    applyFilters();
    writeURL();
  };
  byId('filter-from').addEventListener('change', date('from'));
  byId('filter-to').addEventListener('change', date('to'));
  byId('filter-confidence').addEventListener('input', (e) => {
    view.filters.minConfidence = Number(e.target.value) || 0;
    byId('confidence-value').textContent = view.filters.minConfidence.toFixed(2);
    applyFilters();
    writeURL();
  });
  byId('fanout').addEventListener('change', (e) => {
    view.fanout = Number(e.target.value) || 25;
    writeURL();
  });
  byId('filter-reset').addEventListener('click', () => {
    view.filters = emptyFilters();
    syncFilterInputs();
    applyFilters();
    writeURL();
  });
}

// ---------------------------------------------------------------- search and path inputs

const onSearchError = (err) => setStatus(`search failed: ${err.message}`, 'error');
attachSuggest(byId('search'), {
  search: (text, opts) => api.search(text, opts),
  onPick: (entity) => addEntity(entity),
  onError: onSearchError,
  clearOnPick: true,
  list: 'search-suggestions',
});
const pathInputs = {
  from: attachSuggest(byId('path-from'), {
    search: (t, o) => api.search(t, o),
    onError: onSearchError,
    list: 'path-from-suggestions',
  }),
  to: attachSuggest(byId('path-to'), {
    search: (t, o) => api.search(t, o),
    onError: onSearchError,
    list: 'path-to-suggestions',
  }),
};
byId('pathfinder').addEventListener('submit', (e) => {
  e.preventDefault();
  findPath();
});

// ---------------------------------------------------------------- toolbar and keys

function exportPNG() {
  return run('export PNG', async () => {
    const blob = await cy.png({
      output: 'blob-promise',
      bg: '#ffffff',
      full: true,
      scale: 2,
      maxWidth: 6000,
      maxHeight: 6000,
    });
    download(blob, 'newsgraph-view.png');
  });
}

function exportJSON() {
  const json = cy.json();
  json.newsgraph = { view: formatView(view) };
  download(new Blob([JSON.stringify(json)], { type: 'application/json' }), 'newsgraph-view.cyjs');
}

byId('investigations').addEventListener('click', () =>
  showInvestigations().catch((err) => setStatus(`investigations: ${err.message}`, 'error')),
);
byId('fit').addEventListener('click', () => cy.animate({ fit: { eles: shown(cy), padding: 40 } }, { duration: 250 }));
byId('relayout').addEventListener('click', () => run('layout', () => layout({ randomize: true })));
byId('show-hidden').addEventListener('click', showHidden);
byId('clear').addEventListener('click', clearView);
byId('export-png').addEventListener('click', exportPNG);
byId('export-json').addEventListener('click', exportJSON);

document.addEventListener('keydown', (e) => {
  const tag = (e.target.tagName || '').toLowerCase();
  if (tag === 'input' || tag === 'textarea' || tag === 'select' || e.ctrlKey || e.metaKey || e.altKey) return;
  if (e.key === 'Escape') {
    if (view.doc) closeDocument();
    else if (cy.$(':selected').nonempty()) cy.$(':selected').unselect();
    else if (pathResult) clearPath();
    return;
  }
  if (view.doc) return;
  const ids = cy.$('node:selected').map((n) => n.id());
  if (!ids.length) {
    if (e.key === 'f') cy.animate({ fit: { eles: shown(cy), padding: 40 } }, { duration: 250 });
    return;
  }
  if (e.key === 'Delete' || e.key === 'Backspace') remove(ids);
  else if (e.key === 'h') hide(ids);
  else if (e.key === 'p') ids.forEach(togglePin);
  else if (e.key === 'e') ids.forEach((id) => expand(id));
  else if (e.key === 'f') cy.animate({ fit: { eles: cy.$(':selected'), padding: 80 } }, { duration: 250 });
  else return;
  e.preventDefault();
});

// ---------------------------------------------------------------- rebuilding a view

/** rebuild draws view from scratch: what a shared link shows. */
async function rebuild() {
  cy.elements().remove();
  omitted.clear();
  pathResult = null;
  syncFilterInputs();
  if (view.synthetic) {
    await drawSynthetic(view.synthetic.nodes, view.synthetic.edges, { fold: view.synthetic.fold });
    return;
  }
  const res = await api.load({ ids: view.seeds, expansions: view.expansions });
  for (const [id, count] of res.omitted) omitted.set(id, count);
  addData(res.nodes, res.edges);
  if (view.path) {
    await drawPath(null, null, { rebuilding: true });
    if (pathResult) {
      pathInputs.from.set(pathResult.from);
      pathInputs.to.set(pathResult.to);
    }
  } else {
    await connect();
  }
  for (const p of view.pinned) {
    const n = cy.getElementById(p.id);
    if (n.nonempty()) n.position({ x: p.x, y: p.y }).addClass('pinned');
  }
  const placed = new Set(view.pinned.map((p) => p.id));
  for (const p of view.placed) {
    const n = cy.getElementById(p.id);
    if (n.nonempty()) n.position({ x: p.x, y: p.y });
    placed.add(p.id);
  }
  refresh();
  highlightPath();
  // an investigation's view is drawn where it was saved; anything else is laid out
  if (view.placed.length && cy.nodes().every((n) => placed.has(n.id()))) cy.fit(shown(cy), 40);
  else await layout({ randomize: true });
  selectFromView();
}

// ---------------------------------------------------------------- investigations

/** currentInvestigation is the investigation open, {id, name}, or null. */
let currentInvestigation = null;

const invCtx = {
  setToken: (t) => api.setToken(t),
  async addNote(target, text) {
    await api.addNote(target, text);
    await showInvestigations();
  },
  async saveInvestigation({ name = '' }) {
    await run('save', async () => {
      const nodes = cy
        .nodes()
        .filter((n) => !n.id().startsWith('synthetic:'))
        .map((n) => ({ id: n.id(), ...n.position(), pinned: n.hasClass('pinned') }));
      const id = name ? null : view.investigation;
      const input = inputOf(view, nodes);
      const saved = await api.saveInvestigation(id, name, input);
      currentInvestigation = saved;
      // the view becomes the investigation's, so its URL reopens it as saved
      view = viewOf({ ...input, id: saved.id }, { fanout: view.fanout, selected: view.selected });
      writeURL();
      setStatus(`Saved the investigation “${saved.name}” (${nodes.length} entities).`);
      await showInvestigations();
    });
  },
  async openInvestigation(id) {
    await run('open', async () => {
      const inv = await api.investigation(id);
      if (!inv) throw new Error(`no investigation ${id}`);
      view = viewOf(inv, { fanout: view.fanout });
      currentInvestigation = { id: inv.id, name: inv.name };
      writeURL();
      await rebuild();
      setStatus(`Opened the investigation “${inv.name}”.`);
    });
  },
  async deleteInvestigation(id) {
    await run('delete', async () => {
      await api.deleteInvestigation(id);
      if (view.investigation === id) {
        view.investigation = null;
        currentInvestigation = null;
        writeURL();
      }
      await showInvestigations();
    });
  },
};

/** showInvestigations shows the investigations in the details panel. */
async function showInvestigations() {
  const list = await api.investigations();
  let current = null;
  if (view.investigation) {
    const inv = list.some((x) => x.id === view.investigation) ? await api.investigation(view.investigation) : null;
    current = inv ? { id: inv.id, name: inv.name, notes: inv.notes } : null;
  }
  currentInvestigation = current;
  renderInvestigations(byId('details'), list, current, invCtx);
}

/**
 * drawGraph replaces the view with a graph in the API's shape ({nodes,
 * edges} of Entity and Relation objects), laid out with the fast layout, and
 * records how long laying out, adding and the first render took
 * (window.newsgraph.lastDraw).
 */
async function drawGraph(g, { fold = g.nodes.length > AGGREGATE } = {}) {
  cy.elements().remove();
  omitted.clear();
  pathResult = null;
  const t1 = performance.now();
  groups = null;
  let drawn = g;
  if (fold) {
    const groupOf = communities(
      g.nodes.map((x) => x.id),
      g.edges.map((e) => [e.subject.id, e.object.id]),
    );
    groups = { g, groupOf, open: new Set() };
    drawn = aggregate(g, groupOf);
  }
  // Groups are drawn up to 64 px wide: a folded view gets longer edges.
  const pos = forceLayout(
    drawn.nodes.map((x) => x.id),
    drawn.edges.map((e) => [e.subject.id, e.object.id]),
    groups ? { edgeLength: FOLDED_EDGE_LENGTH } : {},
  );
  const t2 = performance.now();
  addData(drawn.nodes, drawn.edges, pos);
  markGroups(drawn.nodes);
  fitPositions(cy, cy.nodes());
  refresh();
  const t3 = performance.now();
  await new Promise((resolve) => {
    const timer = setTimeout(resolve, 10_000);
    cy.one('render', () => {
      clearTimeout(timer);
      resolve();
    });
  });
  await nextFrame();
  const t4 = performance.now();
  lastDraw = {
    nodes: cy.nodes().length,
    edges: cy.edges().length,
    entities: g.nodes.length,
    relations: g.edges.length,
    groups: cy.nodes('.group').length,
    layoutMs: Math.round(t2 - t1),
    addMs: Math.round(t3 - t2),
    renderMs: Math.round(t4 - t3),
    drawMs: Math.round(t4 - t1),
  };
  setStatus(
    `Drew ${lastDraw.nodes} nodes and ${lastDraw.edges} edges in ${lastDraw.drawMs} ms (layout ${lastDraw.layoutMs} ms).`,
  );
  return lastDraw;
}

/** AGGREGATE is the number of entities above which a drawn graph is folded into groups (grouping.js). */
const AGGREGATE = 4000;
/** FOLDED_EDGE_LENGTH is the ideal edge length of a folded view's layout. */
const FOLDED_EDGE_LENGTH = 160;
/** groups holds a folded graph: {g, groupOf: id → key, open: Set of keys}, or null. */
let groups = null;

/** markGroups gives the group nodes of a folded view their members and look. */
function markGroups(nodes) {
  cy.batch(() => {
    for (const n of nodes) {
      if (!n.members) continue;
      cy.getElementById(n.id).data({ group: n.group, members: n.members.length }).addClass('group');
    }
  });
}

/**
 * openGroup replaces a group node by its members, placed around it, with
 * their relations (summed per pair where the other end is still a group).
 */
function openGroup(id) {
  const node = cy.getElementById(id);
  if (!groups || node.empty()) return;
  groups.open.add(node.data('group'));
  const v = aggregate(groups.g, groups.groupOf, groups.open);
  const center = { ...node.position() };
  const radius = 30 + (node.data('size') || 30);
  cy.batch(() => {
    node.remove();
    cy.edges().remove();
  });
  const added = addData(v.nodes, v.edges);
  placeAround(added.toArray(), center, radius);
  refresh();
  setStatus(`${added.length} entities of the group drawn.`);
}

/** drawSynthetic draws a generated graph of n nodes and m edges (see drawGraph). */
async function drawSynthetic(n, m, { fold = true } = {}) {
  const t0 = performance.now();
  const g = syntheticGraph(n, m);
  const generateMs = Math.round(performance.now() - t0);
  const draw = await drawGraph(g, { fold: fold && g.nodes.length > AGGREGATE });
  lastDraw = { ...draw, generateMs };
  return lastDraw;
}

// ---------------------------------------------------------------- start

/** The page's test and debugging hooks (CONTRACT.md: window.newsgraph.cy). */
window.newsgraph = {
  cy,
  get busy() {
    return requests + operations > 0;
  },
  /** idle resolves when no request, layout or operation is running. */
  idle() {
    if (requests + operations === 0) return Promise.resolve();
    return new Promise((resolve) => idleWaiters.push(resolve));
  },
  get view() {
    return formatView(view);
  },
  get lastDraw() {
    return lastDraw;
  },
  /** renderer is "webgl" or "canvas" (#webgl=1 at page load picks WebGL). */
  renderer: view.webgl ? 'webgl' : 'canvas',
  /** synthetic draws a generated view of n nodes and m edges and returns its timings. */
  synthetic: (n = 2000, m = 5000, { fold = true } = {}) =>
    run('draw the synthetic view', async () => {
      view = { ...emptyView(), synthetic: { nodes: n, edges: m, fold }, webgl: view.webgl };
      writeURL();
      return drawSynthetic(n, m, { fold });
    }),
  /** draw replaces the view with {nodes: [Entity], edges: [Relation]} and returns its timings. */
  draw: (g) =>
    run('draw the given graph', async () => {
      view = { ...emptyView(), filters: view.filters, webgl: view.webgl };
      writeURL();
      return drawGraph(g);
    }),
  addEntity: (id) => addEntity({ id, name: id }),
  expand: (id, opts) => expand(id, opts),
};

buildLegend();
wireFilters();
run('load the view', async () => {
  // A big synthetic view waits for the page's own first paint, so that it is
  // timed on its own.
  if (view.synthetic) await nextFrame();
  await rebuild();
  writeURL();
  await syncDocument();
  storeStats = await api
    .gql('query ExplorerStats { stats { entities relations documents } }')
    .then((d) => d.stats)
    .catch(() => null);
  if (cy.$(':selected').empty() && !pathResult) showDetails();
});
