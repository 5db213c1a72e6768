// The selection and the details panel: what a tap, a double tap or a
// right-click on the graph does, the panel of the selected element (or of the
// paths, or the help), and the document view the panel's evidence links open.

import { addEntity, expand, hide, loadMore, loadStep, pinMany, remove, togglePin } from './actions.js';
import { openGroup } from './bigview.js';
import { renderDocument } from './docview.js';
import { clear, el } from './dom.js';
import { openMenu } from './menu.js';
import { renderEdge, renderHelp, renderNode, renderPaths, renderSelection } from './panel.js';
import { clearPath, showPath } from './paths.js';
import { api, byId, cy, docHref, run, setStatus, state, writeURL } from './state.js';

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
    state.pathInputs[which].set(entity);
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
export function select(id) {
  cy.batch(() => {
    cy.$(':selected').unselect();
    if (id) cy.getElementById(id).select();
  });
  selectionChanged();
}

export function selectFromView() {
  select(state.view.selected);
}

function panelHeader(text) {
  clear(panel);
  panel.append(el('p', { class: 'muted loading', text }));
}

/** showDetails renders the panel for the current selection. */
export async function showDetails() {
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
    if (state.pathResult) {
      renderPaths(panel, state.pathResult, panelCtx);
      panel.append(
        el('button', { type: 'button', testid: 'path-clear', text: 'Clear the path', on: { click: clearPath } }),
      );
    } else {
      renderHelp(panel, state.storeStats);
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
        expanded: state.view.expansions.some((x) => x.id === id),
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
    state.view.selected = sel.length === 1 ? sel[0].id() : null;
    showDetails();
    writeURL();
  }, 0);
}
/** wireSelection makes taps select, open groups and expand, and a right-click open the expand menu. */
export function wireSelection() {
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
    state.view.pinned = state.view.pinned.map((p) => (p.id === n.id() ? { id: p.id, ...n.position() } : p));
    writeURL();
  });
}

const docRoot = byId('docview');

export async function syncDocument() {
  if (!state.view.doc) {
    docRoot.hidden = true;
    clear(docRoot);
    return;
  }
  const { id, start, end, entity: entityId } = state.view.doc;
  const doc = await api.document(id);
  if (!doc) {
    setStatus(`Document ${id} is not in the store.`, 'error');
    return;
  }
  const mentions = entityId ? doc.mentions.filter((m) => m.entity.id === entityId).flatMap((m) => m.offsets) : [];
  renderDocument(docRoot, doc, { hl: start != null ? { start, end } : null, mentions, onClose: closeDocument });
  docRoot.querySelector('.close')?.focus();
}

export function closeDocument() {
  state.view.doc = null;
  docRoot.hidden = true;
  clear(docRoot);
  writeURL();
}

/** wireDocument closes the document view on a click beside it. */
export function wireDocument() {
  docRoot.addEventListener('click', (e) => {
    if (e.target === docRoot) closeDocument();
  });
}
