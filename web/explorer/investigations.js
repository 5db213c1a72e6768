// Investigations: named, saved workspaces (the entities in view with their
// positions and pins, the filters, the time window, the hidden entities),
// kept in the graph store. The panel lists them to open, and saves the view
// into the one open or into a new one. The pure conversions between an
// investigation and a view are exported for unit tests.

import { el } from './dom.js';
import { ENTITY_TYPES, PREDICATES } from './model.js';
import { notesSection } from './notes.js';
import { emptyView } from './urlstate.js';

const ALL_PREDICATES = PREDICATES.map((p) => p.predicate);
const ALL_TYPES = ENTITY_TYPES.map((t) => t.type);

/**
 * viewOf turns an investigation into a view: its entities as seeds, the
 * pinned ones pinned and the others placed where they were.
 */
export function viewOf(inv, keep = {}) {
  const v = { ...emptyView(), ...keep };
  v.seeds = inv.nodes.map((n) => n.id);
  v.pinned = inv.nodes.filter((n) => n.pinned).map((n) => ({ id: n.id, x: n.x, y: n.y }));
  v.placed = inv.nodes.filter((n) => !n.pinned).map((n) => ({ id: n.id, x: n.x, y: n.y }));
  v.hidden = [...(inv.hidden || [])];
  const f = inv.filters || {};
  const shown = (all, list) => (list && list.length ? new Set(all.filter((x) => !list.includes(x))) : new Set());
  v.filters = {
    hiddenPredicates: shown(ALL_PREDICATES, f.predicates),
    hiddenTypes: shown(ALL_TYPES, f.types),
    from: (inv.from || '').slice(0, 10),
    to: (inv.to || '').slice(0, 10),
    minConfidence: f.minConfidence || 0,
  };
  v.investigation = inv.id;
  return v;
}

/**
 * inputOf is what saveInvestigation stores of a view: nodes are
 * [{id, x, y, pinned}] as drawn. Filters name what is shown (empty: all).
 */
export function inputOf(view, nodes) {
  const shown = (all, hidden) => (hidden.size ? all.filter((x) => !hidden.has(x)) : []);
  const time = (day, end) => (day ? `${day}T${end ? '23:59:59' : '00:00:00'}Z` : null);
  return {
    nodes: nodes.map((n) => ({ id: n.id, x: Math.round(n.x), y: Math.round(n.y), pinned: !!n.pinned })),
    filters: {
      predicates: shown(ALL_PREDICATES, view.filters.hiddenPredicates),
      types: shown(ALL_TYPES, view.filters.hiddenTypes),
      minConfidence: view.filters.minConfidence || 0,
    },
    from: time(view.filters.from, false),
    to: time(view.filters.to, true),
    hidden: [...view.hidden],
  };
}

/**
 * renderInvestigations fills the panel with the investigations, the one
 * open (current: {id, name, notes} or null, with the notes on it) and the
 * forms to save.
 */
export function renderInvestigations(panel, list, current, ctx) {
  const name = el('input', {
    type: 'text',
    testid: 'inv-name',
    maxlength: '200',
    placeholder: 'Name of a new investigation',
    'aria-label': 'Investigation name',
  });
  const saveAs = el('form', { class: 'inv-form', testid: 'inv-save-as-form' }, name, el('button', {
    type: 'submit',
    testid: 'inv-save-as',
    text: 'Save as new',
  }));
  saveAs.addEventListener('submit', (e) => {
    e.preventDefault();
    if (name.value.trim()) ctx.saveInvestigation({ name: name.value.trim() });
  });
  panel.replaceChildren(
    el('header', { class: 'details-head' }, el('h2', { text: 'Investigations' })),
    current
      ? el(
          'p',
          { class: 'inv-current', testid: 'inv-current' },
          'Open: ',
          el('strong', { text: current.name || current.id }),
          ' ',
          el('button', { type: 'button', testid: 'inv-save', text: 'Save', on: { click: () => ctx.saveInvestigation({}) } }),
          ' ',
          el('button', {
            type: 'button',
            testid: 'inv-stix',
            text: 'STIX 2.1',
            title: 'Download the investigation as a STIX 2.1 bundle: a report with its notes',
            on: { click: () => ctx.exportStix(current) },
          }),
        )
      : el('p', { class: 'muted', text: 'No investigation is open: save the view as a new one.' }),
    saveAs,
    el('h3', { text: `Saved (${list.length})` }),
    list.length
      ? el(
          'ul',
          { class: 'inv-list', testid: 'inv-list' },
          list.map((inv) =>
            el(
              'li',
              { class: 'inv', testid: 'inv', dataset: { id: inv.id } },
              el('button', {
                type: 'button',
                class: 'link',
                testid: 'inv-open',
                text: inv.name,
                title: `Open ${inv.name}`,
                on: { click: () => ctx.openInvestigation(inv.id) },
              }),
              el('span', { class: 'muted', text: ` ${inv.nodes?.length ?? 0} entities · ${String(inv.updated || '').slice(0, 16).replace('T', ' ')}` }),
              el('button', {
                type: 'button',
                class: 'small',
                testid: 'inv-delete',
                text: 'delete',
                on: { click: () => ctx.deleteInvestigation(inv.id) },
              }),
            ),
          ),
        )
      : el('p', { class: 'muted', text: 'None yet.' }),
    current?.notes ? el('section', { class: 'inv-notes' }, notesSection(current.notes, current.id, ctx)) : '',
  );
}
