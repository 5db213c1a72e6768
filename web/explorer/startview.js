// The start view: what an empty canvas offers to explore instead of nothing,
// the most connected entities and the latest documents, each a click away
// from a drawn graph.

import { clear, el, shapeIcon } from './dom.js';
import { dayOf, sumCounts, typeStyle } from './model.js';

/** MAX_DOC_ENTITIES caps how many of a document's entities a click draws. */
export const MAX_DOC_ENTITIES = 15;

/** docEntities returns the distinct entities a document mentions, in order, at most max. */
export function docEntities(doc, max = MAX_DOC_ENTITIES) {
  const ids = [];
  for (const m of doc.mentions || []) {
    const id = m.entity?.id;
    if (id && !ids.includes(id)) ids.push(id);
    if (ids.length >= max) break;
  }
  return ids;
}

/**
 * renderStart fills root with the suggestions of starters ({entities,
 * documents}, see api.starters): onEntity(entity) draws an entity with its
 * neighbors, onDocument(doc, ids) the entities a document mentions.
 */
export function renderStart(root, starters, { onEntity, onDocument }) {
  clear(root);
  root.append(
    el('h2', { text: 'Start exploring' }),
    el('p', { class: 'muted', text: 'Search an entity above, or pick a starting point:' }),
    el(
      'div',
      { class: 'start-columns' },
      el(
        'section',
        {},
        el('h3', { text: 'Most connected entities' }),
        el(
          'ul',
          { class: 'start-list' },
          starters.entities.map((e) => {
            const t = typeStyle(e.type);
            const n = sumCounts(e.neighborCounts);
            return el(
              'li',
              {},
              el(
                'button',
                {
                  type: 'button',
                  class: 'start-item',
                  testid: 'start-entity',
                  dataset: { id: e.id },
                  title: `Draw ${e.name} and its neighbors`,
                  on: { click: () => onEntity(e) },
                },
                shapeIcon(t.shape, t.color),
                el('span', { class: 'start-name', text: e.name }),
                el('span', { class: 'muted', text: `${n} neighbor${n === 1 ? '' : 's'}` }),
              ),
            );
          }),
        ),
      ),
      el(
        'section',
        {},
        el('h3', { text: 'Latest documents' }),
        el(
          'ul',
          { class: 'start-list' },
          starters.documents.map((d) => {
            const ids = docEntities(d);
            return el(
              'li',
              {},
              el(
                'button',
                {
                  type: 'button',
                  class: 'start-item',
                  testid: 'start-document',
                  dataset: { id: d.id },
                  title: `Draw the ${ids.length} entities it mentions`,
                  disabled: !ids.length,
                  on: { click: () => onDocument(d, ids) },
                },
                el('span', { class: 'start-name', text: d.title || d.id }),
                el('span', {
                  class: 'muted',
                  text: [dayOf(d.published), `${ids.length} entities`].filter(Boolean).join(' · '),
                }),
              ),
            );
          }),
        ),
      ),
    ),
  );
}
