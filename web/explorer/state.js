// The explorer's shared state, in one place: the view the URL holds and what
// the page derived from it, the GraphQL client, the Cytoscape instance, the
// busy count that window.newsgraph.idle() waits on, and the status line.
// Every other module reads and writes the state through `state`; none keeps
// a copy of it.

import { createClient } from './api.js';
import { createGraph } from './graph.js';
import { formatView, parseView } from './urlstate.js';

/** byId returns the page's element with that id. */
export const byId = (id) => document.getElementById(id);

/**
 * state is the page's mutable state. view is what the URL holds; the graph
 * drawn is a function of it.
 */
export const state = {
  /** view is the parsed URL state (urlstate.js); replaced as a whole when another view opens. */
  view: parseView(window.location.hash),
  /** omitted maps an expanded entity to the number of neighbors its last expansion left out. */
  omitted: new Map(),
  /** pathResult holds the path finder's answer: {from, to, paths, index}, or null. */
  pathResult: null,
  /** lastDraw holds the timings of the last synthetic draw. */
  lastDraw: null,
  /** storeStats holds the store's counts shown in the help panel, or null. */
  storeStats: null,
  /** currentInvestigation is the investigation open, {id, name}, or null. */
  currentInvestigation: null,
  /** groups holds a folded graph: {g, groupOf: id → key, open: Set of keys}, or null. */
  groups: null,
  /** pathInputs are the path finder's two search boxes (suggest.js), set by wireSearch. */
  pathInputs: null,
};

let requests = 0;
let operations = 0;
let idleWaiters = [];

/** api is the GraphQL client of the page's endpoint. */
export const api = createClient(document.documentElement.dataset.endpoint || '/graphql', {
  onBusy: (d) => {
    requests += d;
    updateBusy();
  },
});

/** cy is the Cytoscape instance, drawing with WebGL when the URL asked for it at page load. */
export const cy = createGraph(byId('graph'), { webgl: state.view.webgl });

function updateBusy() {
  const busy = requests + operations > 0;
  document.body.dataset.busy = busy ? '1' : '0';
  if (!busy) {
    const w = idleWaiters;
    idleWaiters = [];
    w.forEach((f) => f());
  }
}

/** isBusy reports whether a request, layout or operation is running. */
export const isBusy = () => requests + operations > 0;

/** idle resolves when no request, layout or operation is running. */
export function idle() {
  if (requests + operations === 0) return Promise.resolve();
  return new Promise((resolve) => idleWaiters.push(resolve));
}

/** busyWhile counts fn as a running operation until it settles, and returns its result. */
export async function busyWhile(fn) {
  operations++;
  updateBusy();
  try {
    return await fn();
  } finally {
    operations--;
    updateBusy();
  }
}

/** run performs an operation, showing its errors in the status line. */
export async function run(what, fn) {
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
/** setStatus shows text in the status line; all but errors go after 6 s. */
export function setStatus(text, kind = 'info') {
  const s = byId('status');
  s.textContent = text;
  s.dataset.kind = kind;
  s.hidden = !text;
  clearTimeout(statusTimer);
  if (text && kind !== 'error') statusTimer = setTimeout(() => setStatus(''), 6000);
}

/** writeURL puts the view into the URL (replacing the history entry). */
export function writeURL() {
  const hash = formatView(state.view);
  if (window.location.hash.replace(/^#/, '') === hash) return;
  const url = `${window.location.pathname}${window.location.search}${hash ? `#${hash}` : ''}`;
  window.history.replaceState(null, '', url);
}

/** docHref is the link to the document view, keeping the rest of the view. */
export function docHref(docId, start, end, entityId) {
  const v = { ...state.view, doc: { id: docId, start: start ?? null, end: end ?? null, entity: entityId || null } };
  return `${window.location.pathname}${window.location.search}#${formatView(v)}`;
}
