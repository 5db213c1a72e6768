// The toolbar and the keyboard: fit, lay out again, show what is hidden,
// clear, the PNG and Cytoscape JSON exports, and the keys that act on the
// selection (Delete, h, p, e, f, Escape).

import { clearView, expand, hide, remove, showHidden, togglePin } from './actions.js';
import { download } from './dom.js';
import { layout } from './drawn.js';
import { shown } from './graph.js';
import { clearPath } from './paths.js';
import { closeDocument } from './selection.js';
import { byId, cy, run, setStatus, state } from './state.js';
import { formatView } from './urlstate.js';
import { showInvestigations } from './views.js';

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
  json.newsgraph = { view: formatView(state.view) };
  download(new Blob([JSON.stringify(json)], { type: 'application/json' }), 'newsgraph-view.cyjs');
}

/** wireToolbar wires the toolbar's buttons and the keyboard shortcuts. */
export function wireToolbar() {
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
      if (state.view.doc) closeDocument();
      else if (cy.$(':selected').nonempty()) cy.$(':selected').unselect();
      else if (state.pathResult) clearPath();
      return;
    }
    if (state.view.doc) return;
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
}
