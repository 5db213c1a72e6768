// The legend and the filter inputs: one checkbox per entity type and per
// predicate with its count in view, the date range, the confidence slider and
// the fan-out, all kept in the URL.

import { el, shapeIcon } from './dom.js';
import { applyFilters } from './drawn.js';
import { ENTITY_TYPES, PREDICATES, emptyFilters, predicateColor, predicateLabel } from './model.js';
import { byId, cy, state, writeURL } from './state.js';

const legendRows = new Map();
const predicateRows = new Map();

export function buildLegend() {
  const legend = byId('legend');
  for (const t of ENTITY_TYPES) {
    const count = el('span', { class: 'count' });
    const box = el('input', {
      type: 'checkbox',
      checked: true,
      testid: `filter-type-${t.type}`,
      'aria-label': `Show ${t.label}`,
      on: { change: (e) => toggleSet(state.view.filters.hiddenTypes, t.type, !e.target.checked) },
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
      on: { change: (e) => toggleSet(state.view.filters.hiddenPredicates, p.predicate, !e.target.checked) },
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

export function updateLegend() {
  const types = new Map();
  const preds = new Map();
  cy.nodes().forEach((n) => types.set(n.data('type'), (types.get(n.data('type')) || 0) + 1));
  cy.edges().forEach((e) => preds.set(e.data('predicate'), (preds.get(e.data('predicate')) || 0) + 1));
  for (const [type, r] of legendRows) {
    const c = types.get(type) || 0;
    r.count.textContent = c ? String(c) : '';
    r.row.classList.toggle('absent', !c);
    r.box.checked = !state.view.filters.hiddenTypes.has(type);
  }
  for (const [p, r] of predicateRows) {
    const c = preds.get(p) || 0;
    r.count.textContent = c ? String(c) : '';
    r.row.classList.toggle('absent', !c);
    r.box.checked = !state.view.filters.hiddenPredicates.has(p);
  }
}

export function syncFilterInputs() {
  const f = state.view.filters;
  byId('filter-from').value = f.from;
  byId('filter-to').value = f.to;
  byId('filter-confidence').value = String(f.minConfidence);
  byId('confidence-value').textContent = f.minConfidence.toFixed(2);
  const fan = byId('fanout');
  if (![...fan.options].some((o) => Number(o.value) === state.view.fanout))
    fan.append(el('option', { value: String(state.view.fanout), text: String(state.view.fanout) }));
  fan.value = String(state.view.fanout);
  updateLegend();
}

export function wireFilters() {
  const date = (key) => (e) => {
    state.view.filters[key] = e.target.value || '';
    applyFilters();
    writeURL();
  };
  byId('filter-from').addEventListener('change', date('from'));
  byId('filter-to').addEventListener('change', date('to'));
  byId('filter-confidence').addEventListener('input', (e) => {
    state.view.filters.minConfidence = Number(e.target.value) || 0;
    byId('confidence-value').textContent = state.view.filters.minConfidence.toFixed(2);
    applyFilters();
    writeURL();
  });
  byId('fanout').addEventListener('change', (e) => {
    state.view.fanout = Number(e.target.value) || 25;
    writeURL();
  });
  byId('filter-reset').addEventListener('click', () => {
    state.view.filters = emptyFilters();
    syncFilterInputs();
    applyFilters();
    writeURL();
  });
}
