// The path finder: the search box and the two path inputs, the paths
// between two entities drawn and one of them highlighted.

import { addEntity } from './actions.js';
import { addData, centerOfView, connect, layout, refresh } from './drawn.js';
import { select, showDetails } from './selection.js';
import { api, byId, cy, run, setStatus, state, writeURL } from './state.js';
import { attachSuggest } from './suggest.js';

async function findPath() {
  return run('find a path', async () => {
    const [from, to] = await Promise.all([state.pathInputs.from.resolve(), state.pathInputs.to.resolve()]);
    if (!from || !to) {
      setStatus(`No entity matches “${(!from ? byId('path-from') : byId('path-to')).value}”.`, 'error');
      return;
    }
    state.pathInputs.from.set(from);
    state.pathInputs.to.set(to);
    state.view.path = { from: from.id, to: to.id, index: 0 };
    await drawPath(from, to);
    writeURL();
  });
}

/** drawPath fetches the paths of view.path, draws them and highlights one. */
export async function drawPath(from, to, { rebuilding = false } = {}) {
  const res = await api.load({ path: state.view.path });
  const ids = new Set(res.nodes.map((n) => n.id));
  state.view.removed = state.view.removed.filter((r) => !ids.has(r));
  state.view.hidden = state.view.hidden.filter((r) => !ids.has(r));
  const paths = res.paths || [];
  const byIdMap = new Map(res.nodes.map((n) => [n.id, n]));
  state.pathResult = {
    from: from || byIdMap.get(state.view.path.from) || { id: state.view.path.from, name: state.view.path.from },
    to: to || byIdMap.get(state.view.path.to) || { id: state.view.path.to, name: state.view.path.to },
    paths,
    index: Math.min(state.view.path.index, Math.max(0, paths.length - 1)),
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
    setStatus(
      `No path of at most 4 hops between ${state.pathResult.from.name} and ${state.pathResult.to.name}.`,
      'error',
    );
  else
    setStatus(
      `${paths.length} path${paths.length === 1 ? '' : 's'} found; the shortest has ${paths[0].length} hop${paths[0].length === 1 ? '' : 's'}.`,
    );
}

export function highlightPath() {
  cy.batch(() => {
    cy.elements().removeClass('path faded');
    if (!state.pathResult || !state.pathResult.paths.length) return;
    const p = state.pathResult.paths[state.pathResult.index];
    let eles = cy.collection();
    for (const n of p.nodes) eles = eles.union(cy.getElementById(n.id));
    for (const e of p.edges) eles = eles.union(cy.getElementById(e.id));
    eles.addClass('path');
    cy.elements().not(eles).addClass('faded');
  });
}

export function showPath(i) {
  if (!state.pathResult) return;
  state.pathResult.index = i;
  state.view.path.index = i;
  highlightPath();
  showDetails();
  writeURL();
}

export function clearPath() {
  state.pathResult = null;
  state.view.path = null;
  highlightPath();
  refresh();
  showDetails();
  writeURL();
}

const onSearchError = (err) => setStatus(`search failed: ${err.message}`, 'error');
/** wireSearch attaches suggestions to the search box and the path finder's two inputs. */
export function wireSearch() {
  attachSuggest(byId('search'), {
    search: (text, opts) => api.search(text, opts),
    onPick: (entity) => addEntity(entity),
    onError: onSearchError,
    clearOnPick: true,
    list: 'search-suggestions',
  });
  state.pathInputs = {
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
}
