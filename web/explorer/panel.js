// The side panel: details of the selected entity or relation, and the path
// finder's results. Every name, alias and sentence is written as text.

import { append, el, shapeIcon } from './dom.js';
import { dayOf, predicateColor, predicateLabel, typeStyle } from './model.js';
import { disputesSection } from './disputes.js';
import { notesSection } from './notes.js';
import { RELIABILITY, ratingLabel, ratingTitle, storySources, supportParts, webHref } from './support.js';

const fmtConf = (c) => (typeof c === 'number' ? c.toFixed(2) : '');

function span(from, to) {
  const a = dayOf(from);
  const b = dayOf(to);
  if (!a && !b) return '';
  return a === b || !b ? a : `${a} – ${b}`;
}

function entityButton(ent, ctx) {
  if (!ent) return null;
  return el('button', {
    type: 'button',
    class: 'link entity-link',
    text: ent.name,
    title: ent.id,
    on: { click: () => ctx.focusEntity(ent.id) },
  });
}

/** ratingBadge is a publisher's rating as a small badge: the letter, or "unrated". */
function ratingBadge(rating) {
  const label = ratingLabel(rating);
  return el('span', {
    class: `rating rating-${label === 'unrated' ? 'none' : label}`,
    testid: 'publisher-rating',
    title: ratingTitle(rating),
    text: label,
  });
}

/** publisherChip names a publisher (a link to its entity) with its rating. */
function publisherChip(p, ctx) {
  return el(
    'span',
    { class: 'publisher', testid: 'publisher', dataset: { id: p.id } },
    el('button', {
      type: 'button',
      class: 'link',
      text: p.name,
      title: `${p.id}: show the publisher`,
      on: { click: () => ctx.focusEntity(p.id) },
    }),
    ratingBadge(p.reliability),
  );
}

/**
 * storySourcesBlock shows where an evidence sentence's story was published:
 * its publishers with their ratings and, for a syndicated story, how many
 * other outlets carried it, the list of its copies behind a disclosure.
 * Nothing for a document that has no sources (or only one, unpublished).
 */
function storySourcesBlock(doc, ctx) {
  const s = storySources(doc?.sources);
  if (!s.publishers.length && !s.others) return null;
  return el(
    'div',
    { class: 'story-sources', testid: 'evidence-sources', dataset: { sources: String(s.count) } },
    s.publishers.map((p) => publisherChip(p, ctx)),
    s.others
      ? el(
          'details',
          { class: 'copies' },
          el('summary', { testid: 'evidence-copies', text: s.note }),
          el(
            'ol',
            {},
            doc.sources.map((src) =>
              el(
                'li',
                {},
                webHref(src.url)
                  ? el('a', {
                      href: webHref(src.url),
                      rel: 'noopener noreferrer',
                      target: '_blank',
                      text: src.title || src.url,
                    })
                  : el('span', { text: src.title || src.url || '(no address)' }),
                src.publisher ? el('span', { class: 'muted', text: src.publisher.name }) : null,
                src.published ? el('time', { text: dayOf(src.published) }) : null,
              ),
            ),
          ),
        )
      : null,
  );
}

/** supportBlock is a relation's confidence with the counts that weigh it. */
function supportBlock(rel) {
  const parts = supportParts(rel.support);
  return el(
    'p',
    { class: 'support', testid: 'support' },
    el('span', {
      class: 'support-conf',
      testid: 'support-confidence',
      title: 'The best claim of each independent source, weighed by its publishers’ rating, combined',
      text: `confidence ${fmtConf(rel.confidence)}`,
    }),
    parts.length
      ? el(
          'span',
          { class: 'support-counts', testid: 'support-counts' },
          parts.map((part, i) => [i ? ' · ' : null, el('span', { class: 'nowrap', text: part })]),
        )
      : null,
  );
}

function predicateChip(predicate) {
  return el('span', {
    class: 'predicate',
    style: `border-color:${predicateColor(predicate)}`,
    text: predicateLabel(predicate),
  });
}

/**
 * evidenceItem renders one sentence with its document, date and a link to the
 * document view with the sentence highlighted.
 */
export function evidenceItem(ev, ctx, extra = null) {
  const doc = ev.document;
  return el(
    'li',
    { class: 'evidence', testid: 'evidence' },
    extra,
    el('blockquote', { class: 'sentence', testid: 'evidence-sentence', text: ev.sentence || '' }),
    el(
      'div',
      { class: 'meta' },
      doc
        ? el('a', {
            class: 'doc-link',
            testid: 'evidence-doc',
            href: ctx.docHref(doc.id, ev.start, ev.end),
            text: doc.title || doc.id,
          })
        : el('span', { class: 'source', text: ev.source || '' }),
      doc?.published || ev.published ? el('time', { text: dayOf(doc?.published || ev.published) }) : null,
      typeof ev.confidence === 'number'
        ? el('span', { class: 'conf', text: `confidence ${fmtConf(ev.confidence)}` })
        : null,
    ),
    storySourcesBlock(doc, ctx),
  );
}

function actionButton(label, testid, onClick, opts = {}) {
  return el('button', { type: 'button', testid, text: label, on: { click: onClick }, ...opts });
}

/** groupAliases groups alias sources by name: [{name, sources: [AliasSource]}]. */
export function groupAliases(entity) {
  const groups = new Map();
  for (const a of entity.aliases || []) groups.set(a, []);
  for (const s of entity.aliasSources || []) {
    if (!groups.has(s.name)) groups.set(s.name, []);
    groups.get(s.name).push(s);
  }
  return [...groups.entries()].map(([name, sources]) => ({ name, sources }));
}

function aliasList(entity, ctx) {
  const docs = new Map((entity.documents?.edges || []).map((e) => [e.node.id, e.node]));
  const groups = groupAliases(entity);
  if (!groups.length) return el('p', { class: 'muted', text: 'No other names.' });
  return el(
    'ul',
    { class: 'aliases', testid: 'aliases' },
    groups.map((g) => {
      const methods = [...new Set(g.sources.map((s) => s.method).filter(Boolean))];
      const kinds = [...new Set(g.sources.map((s) => s.kind))];
      const docSources = g.sources.filter((s) => s.kind === 'document');
      const other = g.sources.filter((s) => s.kind !== 'document');
      const summary = [
        docSources.length ? `${docSources.length} document${docSources.length === 1 ? '' : 's'}` : null,
        ...kinds.filter((k) => k !== 'document'),
        methods.length ? `(${methods.join(', ')})` : null,
      ]
        .filter(Boolean)
        .join(' ');
      return el(
        'li',
        { class: 'alias', testid: 'alias' },
        el(
          'details',
          {},
          el(
            'summary',
            {},
            el('span', { class: 'alias-name', testid: 'alias-name', text: g.name }),
            ' ',
            el('span', { class: 'muted', text: summary || 'no source recorded' }),
          ),
          el(
            'ul',
            { class: 'alias-sources' },
            docSources.map((s) => {
              const d = docs.get(s.source);
              return el(
                'li',
                {},
                el('a', { href: ctx.docHref(s.source, null, null, entity.id), text: d?.title || s.source }),
                d?.published ? el('time', { text: dayOf(d.published) }) : null,
                s.method ? el('span', { class: 'muted', text: s.method }) : null,
                s.matched && s.matched !== g.name
                  ? el('span', { class: 'muted', text: `matched “${s.matched}”` })
                  : null,
              );
            }),
            other.map((s) => el('li', {}, el('span', { class: 'source', text: `${s.kind}: ${s.source}` }))),
          ),
        ),
      );
    }),
  );
}

function relationCountTable(entity, ctx) {
  const rows = new Map();
  for (const c of entity.relationCounts || []) {
    if (!rows.has(c.predicate)) rows.set(c.predicate, { OUT: 0, IN: 0 });
    rows.get(c.predicate)[c.direction] += c.count;
  }
  if (!rows.size) return el('p', { class: 'muted', text: 'No relations.' });
  return el(
    'table',
    { class: 'counts', testid: 'relation-counts' },
    el(
      'thead',
      {},
      el('tr', {}, el('th', { text: 'predicate' }), el('th', { text: 'out' }), el('th', { text: 'in' }), el('th', {})),
    ),
    el(
      'tbody',
      {},
      [...rows.entries()].map(([p, c]) =>
        el(
          'tr',
          { dataset: { predicate: p } },
          el('td', {}, predicateChip(p)),
          el('td', { class: 'num', text: String(c.OUT) }),
          el('td', { class: 'num', text: String(c.IN) }),
          el(
            'td',
            {},
            el('button', {
              type: 'button',
              class: 'small',
              title: `Expand the ${predicateLabel(p)} relations only`,
              text: 'expand',
              on: { click: () => ctx.expand(entity.id, { predicates: [p] }) },
            }),
          ),
        ),
      ),
    ),
  );
}

/** renderNode fills the panel with an entity's details. */
export function renderNode(panel, entity, ctx, state) {
  const t = typeStyle(entity.type);
  const more = state.more || 0;
  append(panel, [
    el(
      'header',
      { class: 'details-head' },
      shapeIcon(t.shape, t.color),
      el('h2', { testid: 'details-name', text: entity.name }),
      el('span', { class: 'type-chip', testid: 'details-type', style: `background:${t.color}`, text: t.label }),
    ),
    el('p', { class: 'id muted', text: entity.id }),
    entity.description
      ? el('p', { class: 'description', testid: 'details-description', text: entity.description })
      : null,
    el(
      'div',
      { class: 'actions' },
      actionButton(state.expanded ? 'Expand again' : 'Expand', 'expand', () => ctx.expand(entity.id), {
        title: 'Draw its neighbors (or double-click the node)',
      }),
      more > 0 && state.expanded
        ? actionButton(`Load ${Math.min(more, state.step || more)} more`, 'load-more', () => ctx.loadMore(entity.id), {
            title: `${more} neighbors are not drawn`,
          })
        : null,
      actionButton(state.pinned ? 'Unpin' : 'Pin', 'pin', () => ctx.togglePin(entity.id)),
      actionButton('Hide', 'hide', () => ctx.hide([entity.id])),
      actionButton('Remove', 'remove', () => ctx.remove([entity.id])),
      actionButton('Path from here', 'path-from-here', () => ctx.setPathEnd('from', entity)),
      actionButton('Path to here', 'path-to-here', () => ctx.setPathEnd('to', entity)),
    ),
    more > 0
      ? el('p', {
          class: 'more-note',
          testid: 'more-note',
          text: `${more} more neighbor${more === 1 ? '' : 's'} not drawn.`,
        })
      : null,
    el(
      'dl',
      { class: 'facts' },
      el('dt', { text: 'mentioned in' }),
      el('dd', { text: `${entity.mentionCount} document${entity.mentionCount === 1 ? '' : 's'}` }),
      entity.firstSeen
        ? [el('dt', { text: 'seen' }), el('dd', { text: span(entity.firstSeen, entity.lastSeen) })]
        : null,
      entity.roles?.length ? [el('dt', { text: 'roles' }), el('dd', { text: entity.roles.join('; ') })] : null,
      entity.type === 'ORGANIZATION' || entity.reliability
        ? [
            el('dt', { text: 'as a source' }),
            el(
              'dd',
              { testid: 'details-reliability' },
              ratingBadge(entity.reliability),
              ' ',
              RELIABILITY[entity.reliability] || 'not rated by an analyst',
            ),
          ]
        : null,
    ),
    el('h3', { text: 'Names and where they come from' }),
    aliasList(entity, ctx),
    el('h3', { text: 'Relations by predicate' }),
    relationCountTable(entity, ctx),
    entity.neighborCounts?.length
      ? [
          el('h3', { text: 'Neighbors by type' }),
          el(
            'ul',
            { class: 'chips' },
            entity.neighborCounts.map((c) =>
              el('li', {
                class: 'chip',
                style: `border-color:${typeStyle(c.type).color}`,
                text: `${typeStyle(c.type).label} ${c.count}`,
              }),
            ),
          ),
        ]
      : null,
    entity.externalRefs?.length
      ? [
          el('h3', { text: 'External references' }),
          el(
            'ul',
            { class: 'refs' },
            entity.externalRefs.map((r) =>
              el('li', { text: [r.source, r.externalId, r.url].filter(Boolean).join(' · ') }),
            ),
          ),
        ]
      : null,
    el('h3', { text: 'What the sources say' }),
    entity.timeline?.length
      ? el(
          'ol',
          { class: 'evidence-list' },
          entity.timeline.map((c) =>
            evidenceItem(
              { ...c, document: c.document, published: c.published },
              ctx,
              el(
                'div',
                { class: 'claim-head' },
                entityButton(c.subject, ctx),
                ' ',
                predicateChip(c.predicate),
                ' ',
                entityButton(c.object, ctx),
              ),
            ),
          ),
        )
      : el('p', { class: 'muted', text: 'No statements.' }),
    notesSection(entity.notes || [], entity.id, ctx),
  ]);
}

/** renderEdge fills the panel with a relation's details and evidence. */
export function renderEdge(panel, rel, ctx) {
  const structured = (rel.claims || []).filter((c) => !c.document);
  append(panel, [
    el(
      'header',
      { class: 'details-head relation-head' },
      el(
        'h2',
        { testid: 'details-name' },
        entityButton(rel.subject, ctx),
        ' ',
        predicateChip(rel.predicate),
        ' ',
        entityButton(rel.object, ctx),
      ),
    ),
    rel.about ? el('p', {}, 'about ', entityButton(rel.about, ctx)) : null,
    supportBlock(rel),
    el(
      'dl',
      { class: 'facts' },
      el('dt', { text: 'sources' }),
      el('dd', { testid: 'details-sources', text: String(rel.sources) }),
      rel.firstSeen ? [el('dt', { text: 'seen' }), el('dd', { text: span(rel.firstSeen, rel.lastSeen) })] : null,
      rel.cameo ? [el('dt', { text: 'CAMEO' }), el('dd', { text: rel.cameo })] : null,
      rel.stixType ? [el('dt', { text: 'STIX' }), el('dd', { text: rel.stixType })] : null,
    ),
    el('h3', { text: `Evidence (${rel.evidence.length})` }),
    rel.evidence.length
      ? el(
          'ol',
          { class: 'evidence-list' },
          rel.evidence.map((ev) => evidenceItem(ev, ctx)),
        )
      : el('p', { class: 'muted', text: 'No sentence states it (structured sources only).' }),
    structured.length
      ? [
          el('h3', { text: 'Structured and analyst claims' }),
          el(
            'ol',
            { class: 'evidence-list' },
            structured.map((c) => evidenceItem({ ...c, sentence: c.sentence || `(${c.extractor})` }, ctx)),
          ),
        ]
      : null,
    rel.notes ? notesSection(rel.notes, rel.id, ctx) : null,
  ]);
  // disagreement comes first: right under the relation's heading
  const disputes = disputesSection(rel, ctx, evidenceItem);
  if (disputes) panel.querySelector('.details-head')?.after(disputes);
}

/** renderPaths fills the panel with the path finder's results. */
export function renderPaths(panel, result, ctx) {
  const { from, to, paths, index } = result;
  append(panel, [
    el('header', { class: 'details-head' }, el('h2', { testid: 'details-name', text: 'Paths' })),
    el('p', {}, entityButton(from, ctx), ' → ', entityButton(to, ctx)),
  ]);
  if (!paths.length) {
    append(panel, [el('p', { class: 'muted', testid: 'path-none', text: 'No path of at most 4 hops links them.' })]);
    return;
  }
  append(panel, [
    el(
      'div',
      { class: 'path-tabs', role: 'tablist' },
      paths.map((p, i) =>
        el('button', {
          type: 'button',
          role: 'tab',
          class: i === index ? 'active' : '',
          'aria-selected': i === index ? 'true' : 'false',
          testid: 'path-option',
          text: `Path ${i + 1} · ${p.length} hop${p.length === 1 ? '' : 's'}`,
          on: { click: () => ctx.showPath(i) },
        }),
      ),
    ),
  ]);
  const p = paths[index];
  append(panel, [
    el(
      'ol',
      { class: 'path-steps', testid: 'path-steps' },
      p.edges.map((e, i) => {
        const a = p.nodes[i];
        const b = p.nodes[i + 1];
        const forward = e.subject.id === a.id;
        const subject = forward ? a : b;
        const object = forward ? b : a;
        return el(
          'li',
          { class: 'path-step', testid: 'path-step' },
          el(
            'div',
            { class: 'claim-head' },
            entityButton(subject, ctx),
            ' ',
            predicateChip(e.predicate),
            ' ',
            entityButton(object, ctx),
          ),
          el(
            'ol',
            { class: 'evidence-list' },
            (e.evidence || []).slice(0, 3).map((ev) => evidenceItem(ev, ctx)),
          ),
          (e.evidence || []).length > 3
            ? el('button', {
                type: 'button',
                class: 'link small',
                text: `all ${e.evidence.length} sentences`,
                on: { click: () => ctx.selectElement(e.id) },
              })
            : null,
        );
      }),
    ),
  ]);
}

/** renderSelection fills the panel for several selected nodes. */
export function renderSelection(panel, ids, ctx) {
  append(panel, [
    el(
      'header',
      { class: 'details-head' },
      el('h2', { testid: 'details-name', text: `${ids.length} entities selected` }),
    ),
    el(
      'div',
      { class: 'actions' },
      actionButton('Expand all', 'expand', () => ctx.expandMany(ids)),
      actionButton('Pin', 'pin', () => ctx.pinMany(ids)),
      actionButton('Hide', 'hide', () => ctx.hide(ids)),
      actionButton('Remove', 'remove', () => ctx.remove(ids)),
    ),
  ]);
}

/** renderHelp fills the panel when nothing is selected. */
export function renderHelp(panel, stats) {
  append(panel, [
    el('header', { class: 'details-head' }, el('h2', { text: 'Explore the graph' })),
    el(
      'ul',
      { class: 'help' },
      el('li', { text: 'Search an entity by name or alias and press Enter (or click a suggestion) to draw it.' }),
      el('li', { text: 'Click a node or an edge to see its details and the sentences that state it.' }),
      el('li', { text: 'Double-click a node to draw its neighbors; a dashed border means some are not drawn yet.' }),
      el('li', { text: 'Shift-drag to select several nodes. Delete removes, H hides, P pins the selection.' }),
      el('li', { text: 'The link in the address bar reproduces this view.' }),
    ),
    stats
      ? el('p', {
          class: 'muted',
          testid: 'store-stats',
          text: `The graph holds ${stats.entities} entities, ${stats.relations} relations from ${stats.documents} documents.`,
        })
      : null,
  ]);
}
