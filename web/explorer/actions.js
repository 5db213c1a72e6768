// What an analyst does to the drawn entities: add them (one, or a
// document's), expand them (all neighbors or by type, with "load more"), pin,
// hide, remove, and clear the view.

import { addData, applyFilters, centerOfView, connect, layout, refresh } from './drawn.js';
import { LARGE, fitPositions, placeAround, shown } from './graph.js';
import { select, showDetails } from './selection.js';
import { api, cy, run, setStatus, state, writeURL } from './state.js';
import { emptyView, expansionTokens } from './urlstate.js';

/** addEntity draws an entity chosen in the search box and selects it. */
export async function addEntity(entity) {
  return run(`add ${entity.name || entity.id}`, async () => {
    const id = entity.id;
    state.view.removed = state.view.removed.filter((r) => r !== id);
    state.view.hidden = state.view.hidden.filter((r) => r !== id);
    if (!state.view.seeds.includes(id)) state.view.seeds.push(id);
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
export async function addEntities(ids, what) {
  return run(`draw the entities of ${what}`, async () => {
    const set = new Set(ids);
    state.view.removed = state.view.removed.filter((r) => !set.has(r));
    state.view.hidden = state.view.hidden.filter((r) => !set.has(r));
    for (const id of ids) if (!state.view.seeds.includes(id)) state.view.seeds.push(id);
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
export async function expand(id, { fanout = null, predicates = [], direction = 'BOTH', types = [] } = {}) {
  return run('expand', async () => {
    const key = (x) => `${x.id}|${expansionTokens(x).join('.')}`;
    const x = { id, fanout: 0, predicates };
    if (direction && direction !== 'BOTH') x.direction = direction;
    if (types?.length) x.types = types;
    const prev = state.view.expansions.find((e) => key(e) === key(x));
    x.fanout = fanout ?? Math.max(prev?.fanout || 0, state.view.fanout);
    const res = await api.load({ expansions: [x] });
    state.view.expansions = state.view.expansions.filter((e) => key(e) !== key(x));
    state.view.expansions.push(x);
    const fetched = new Set(res.nodes.map((n) => n.id));
    state.view.removed = state.view.removed.filter((r) => !fetched.has(r));
    state.omitted.set(id, res.omitted.get(id) || 0);
    const parent = cy.getElementById(id);
    const added = addData(res.nodes, res.edges);
    if (parent.nonempty()) placeAround(added.toArray(), parent.position(), 60 + 4 * Math.sqrt(added.length) * 10);
    await connect();
    refresh();
    const n = shown(cy).nodes().length;
    // Big views keep their layout: the new nodes sit on rings around the parent.
    if (n <= LARGE) await layout({ randomize: false });
    else if (parent.nonempty()) fitPositions(cy, parent.closedNeighborhood().nodes(), { padding: 60, animate: true });
    const more = state.omitted.get(id) || 0;
    setStatus(
      added.length
        ? `${added.length} neighbor${added.length === 1 ? '' : 's'} drawn${more ? `, ${more} more not drawn (Load more)` : ''}.`
        : more
          ? `No new neighbors; ${more} more are not drawn (Load more).`
          : 'Every neighbor is drawn already.',
    );
    writeURL();
    if (state.view.selected === id) showDetails();
  });
}

/** loadStep is how many of more left-out neighbors "Load more" draws at once. */
export const loadStep = (more) => Math.min(more || state.view.fanout, Math.max(state.view.fanout, 50));

/** loadMore raises an expansion's fan-out to draw the neighbors it left out. */
export function loadMore(id) {
  const prev = state.view.expansions.filter((x) => x.id === id && !x.predicates?.length)[0];
  const node = cy.getElementById(id);
  const more = node.nonempty() ? node.data('more') : 0;
  const step = loadStep(more);
  const base = prev ? prev.fanout : node.nonempty() ? node.neighborhood().nodes().length : 0;
  return expand(id, { fanout: Math.min(1000, base + step) });
}

export function togglePin(id) {
  const n = cy.getElementById(id);
  if (n.empty()) return;
  if (state.view.pinned.some((p) => p.id === id)) {
    state.view.pinned = state.view.pinned.filter((p) => p.id !== id);
    n.removeClass('pinned');
  } else {
    state.view.pinned.push({ id, ...n.position() });
    n.addClass('pinned');
  }
  writeURL();
  if (state.view.selected === id) showDetails();
}

export function pinMany(ids) {
  for (const id of ids) if (!state.view.pinned.some((p) => p.id === id)) togglePin(id);
}

export function hide(ids) {
  for (const id of ids) if (!state.view.hidden.includes(id)) state.view.hidden.push(id);
  cy.$(':selected').unselect();
  applyFilters();
  writeURL();
}

export function showHidden() {
  state.view.hidden = [];
  applyFilters();
  writeURL();
}

export function remove(ids) {
  const set = new Set(ids);
  cy.batch(() => {
    for (const id of ids) cy.getElementById(id).remove();
  });
  for (const id of ids) if (!state.view.removed.includes(id)) state.view.removed.push(id);
  state.view.seeds = state.view.seeds.filter((s) => !set.has(s));
  state.view.hidden = state.view.hidden.filter((s) => !set.has(s));
  state.view.pinned = state.view.pinned.filter((p) => !set.has(p.id));
  for (const id of ids) state.omitted.delete(id);
  if (state.view.selected && set.has(state.view.selected)) state.view.selected = null;
  refresh();
  showDetails();
  writeURL();
}

export function clearView() {
  state.view = { ...emptyView(), filters: state.view.filters, fanout: state.view.fanout, webgl: state.view.webgl };
  state.pathResult = null;
  state.omitted.clear();
  cy.elements().remove();
  state.pathInputs.from.set(null);
  state.pathInputs.to.set(null);
  refresh();
  showDetails();
  writeURL();
}
