// The graph explorer at /: search, expand, filter, find paths and read the
// evidence, with the view kept in the URL. This is the entry point: it wires
// the modules together in order and loads the view the URL holds. The shared
// state lives in state.js; the graph drawn in drawn.js; what an analyst does
// to it in actions.js, paths.js, selection.js, filters.js and toolbar.js;
// views (links, investigations) in views.js; big graphs in bigview.js.

import './explorer.css';
import { addEntity, expand } from './actions.js';
import { drawGraph, drawSynthetic } from './bigview.js';
import { initTimeline, watchForeign } from './drawn.js';
import { buildLegend, wireFilters } from './filters.js';
import { nextFrame, watchZoom } from './graph.js';
import { wireSearch } from './paths.js';
import { watchReadable } from './readable.js';
import { showDetails, syncDocument, wireDocument, wireSelection } from './selection.js';
import { api, cy, idle, isBusy, run, state, writeURL } from './state.js';
import { wireToolbar } from './toolbar.js';
import { emptyView, formatView } from './urlstate.js';
import { rebuild, wireHashChange } from './views.js';

watchZoom(cy);
watchReadable(cy);
initTimeline();
wireHashChange();
watchForeign();
wireSelection();
wireDocument();
wireSearch();
wireToolbar();

/** The page's test and debugging hooks (CONTRACT.md: window.newsgraph.cy). */
window.newsgraph = {
  cy,
  get busy() {
    return isBusy();
  },
  /** idle resolves when no request, layout or operation is running. */
  idle,
  get view() {
    return formatView(state.view);
  },
  get lastDraw() {
    return state.lastDraw;
  },
  /** renderer is "webgl" or "canvas" (#webgl=1 at page load picks WebGL). */
  renderer: state.view.webgl ? 'webgl' : 'canvas',
  /** synthetic draws a generated view of n nodes and m edges and returns its timings. */
  synthetic: (n = 2000, m = 5000, { fold = true } = {}) =>
    run('draw the synthetic view', async () => {
      state.view = { ...emptyView(), synthetic: { nodes: n, edges: m, fold }, webgl: state.view.webgl };
      writeURL();
      return drawSynthetic(n, m, { fold });
    }),
  /** draw replaces the view with {nodes: [Entity], edges: [Relation]} and returns its timings. */
  draw: (g) =>
    run('draw the given graph', async () => {
      state.view = { ...emptyView(), filters: state.view.filters, webgl: state.view.webgl };
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
  if (state.view.synthetic) await nextFrame();
  await rebuild();
  writeURL();
  await syncDocument();
  state.storeStats = await api
    .gql('query ExplorerStats { stats { entities relations documents } }')
    .then((d) => d.stats)
    .catch(() => null);
  if (cy.$(':selected').empty() && !state.pathResult) showDetails();
});
