// Opening a view: rebuilding the graph a URL describes, following a changed
// URL, and the investigations (saved views) listed, saved, opened and
// downloaded as STIX 2.1.

import { drawSynthetic } from './bigview.js';
import { download } from './dom.js';
import { addData, connect, layout, refresh } from './drawn.js';
import { syncFilterInputs } from './filters.js';
import { shown } from './graph.js';
import { inputOf, renderInvestigations, viewOf } from './investigations.js';
import { drawPath, highlightPath } from './paths.js';
import { selectFromView, syncDocument } from './selection.js';
import { api, byId, cy, run, setStatus, state, writeURL } from './state.js';
import { formatView, parseView } from './urlstate.js';

/** rebuild draws view from scratch: what a shared link shows. */
export async function rebuild() {
  cy.elements().remove();
  state.omitted.clear();
  state.pathResult = null;
  syncFilterInputs();
  if (state.view.synthetic) {
    await drawSynthetic(state.view.synthetic.nodes, state.view.synthetic.edges, { fold: state.view.synthetic.fold });
    return;
  }
  const res = await api.load({ ids: state.view.seeds, expansions: state.view.expansions });
  for (const [id, count] of res.omitted) state.omitted.set(id, count);
  addData(res.nodes, res.edges);
  if (state.view.path) {
    await drawPath(null, null, { rebuilding: true });
    if (state.pathResult) {
      state.pathInputs.from.set(state.pathResult.from);
      state.pathInputs.to.set(state.pathResult.to);
    }
  } else {
    await connect();
  }
  for (const p of state.view.pinned) {
    const n = cy.getElementById(p.id);
    if (n.nonempty()) n.position({ x: p.x, y: p.y }).addClass('pinned');
  }
  const placed = new Set(state.view.pinned.map((p) => p.id));
  for (const p of state.view.placed) {
    const n = cy.getElementById(p.id);
    if (n.nonempty()) n.position({ x: p.x, y: p.y });
    placed.add(p.id);
  }
  refresh();
  highlightPath();
  // an investigation's view is drawn where it was saved; anything else is laid out
  if (state.view.placed.length && cy.nodes().every((n) => placed.has(n.id()))) cy.fit(shown(cy), 40);
  else await layout({ randomize: true });
  selectFromView();
}

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
      const id = name ? null : state.view.investigation;
      const input = inputOf(state.view, nodes);
      const saved = await api.saveInvestigation(id, name, input);
      state.currentInvestigation = saved;
      // the view becomes the investigation's, so its URL reopens it as saved
      state.view = viewOf({ ...input, id: saved.id }, { fanout: state.view.fanout, selected: state.view.selected });
      writeURL();
      setStatus(`Saved the investigation “${saved.name}” (${nodes.length} entities).`);
      await showInvestigations();
    });
  },
  async openInvestigation(id) {
    await run('open', async () => {
      const inv = await api.investigation(id);
      if (!inv) throw new Error(`no investigation ${id}`);
      state.view = viewOf(inv, { fanout: state.view.fanout });
      state.currentInvestigation = { id: inv.id, name: inv.name };
      writeURL();
      await rebuild();
      setStatus(`Opened the investigation “${inv.name}”.`);
    });
  },
  async exportStix(inv) {
    await run('export STIX', async () => {
      const stix = await api.investigationStix(inv.id);
      download(new Blob([stix], { type: 'application/json' }), `${fileName(inv.name || inv.id)}.stix.json`);
    });
  },
  async deleteInvestigation(id) {
    await run('delete', async () => {
      await api.deleteInvestigation(id);
      if (state.view.investigation === id) {
        state.view.investigation = null;
        state.currentInvestigation = null;
        writeURL();
      }
      await showInvestigations();
    });
  },
};

/** fileName turns an investigation's name into a file name: lowercase letters, digits and dashes. */
const fileName = (name) =>
  name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80) || 'investigation';

/** showInvestigations shows the investigations in the details panel. */
export async function showInvestigations() {
  const list = await api.investigations();
  let current = null;
  if (state.view.investigation) {
    const inv = list.some((x) => x.id === state.view.investigation)
      ? await api.investigation(state.view.investigation)
      : null;
    current = inv ? { id: inv.id, name: inv.name, notes: inv.notes } : null;
  }
  state.currentInvestigation = current;
  renderInvestigations(byId('details'), list, current, invCtx);
}

/** wireHashChange redraws the view when the URL's hash changes (a link followed, the back button). */
export function wireHashChange() {
  window.addEventListener('hashchange', () => {
    run('open the link', async () => {
      const next = parseView(window.location.hash);
      if (formatView(next, { graphOnly: true }) !== formatView(state.view, { graphOnly: true })) {
        state.view = next;
        await rebuild();
      } else {
        state.view.selected = next.selected;
        state.view.doc = next.doc;
        selectFromView();
      }
      await syncDocument();
    });
  });
}
