// The document view: an article's text with the sentence of a claim (or the
// mentions of an entity) highlighted, and every claim's sentence underlined.

import { el, clear } from './dom.js';
import { dayOf, predicateLabel } from './model.js';
import { segments } from './text.js';

/**
 * renderDocument fills root with doc. hl is the byte range to highlight
 * ({start, end}, or null) and mentions a list of byte ranges of the chosen
 * entity's mentions.
 */
export function renderDocument(root, doc, { hl = null, mentions = [], onClose }) {
  clear(root);
  const spans = [];
  const claimSpans = doc.claims.map((c) => ({ start: c.start, end: c.end, claim: c }));
  spans.push(...claimSpans);
  const mentionStart = spans.length;
  spans.push(...mentions.map((m) => ({ start: m.start, end: m.end, mention: true })));
  const hlIndex = hl && hl.end > hl.start ? spans.push({ start: hl.start, end: hl.end, hl: true }) - 1 : -1;

  const body = el('div', { class: 'doc-text', testid: 'document-text' });
  let firstHl = null;
  for (const seg of segments(doc.text, spans)) {
    if (!seg.spans.length) {
      body.append(document.createTextNode(seg.text));
      continue;
    }
    const isHl = seg.spans.includes(hlIndex);
    const isMention = seg.spans.some((i) => i >= mentionStart && i !== hlIndex);
    const claims = seg.spans.filter((i) => i < mentionStart).map((i) => spans[i].claim);
    const node = el(isHl || isMention ? 'mark' : 'span', {
      class: [claims.length ? 'claim' : '', isHl ? 'hl' : '', isMention ? 'mention' : ''].filter(Boolean).join(' '),
      testid: isHl ? 'highlight' : null,
      title: claims.length
        ? claims.map((c) => `${c.subject.name} ${predicateLabel(c.predicate)} ${c.object.name}`).join('\n')
        : null,
      text: seg.text,
    });
    if ((isHl || (hlIndex < 0 && isMention)) && !firstHl) firstHl = node;
    body.append(node);
  }

  root.append(
    el(
      'div',
      { class: 'doc-dialog', role: 'dialog', 'aria-modal': 'true', 'aria-labelledby': 'doc-title' },
      el(
        'header',
        { class: 'doc-head' },
        el('h2', { id: 'doc-title', testid: 'document-title', text: doc.title || doc.id }),
        el('button', {
          type: 'button',
          class: 'close',
          testid: 'document-close',
          'aria-label': 'Close the document',
          text: '×',
          on: { click: onClose },
        }),
      ),
      el(
        'p',
        { class: 'doc-meta muted' },
        doc.published ? el('time', { testid: 'document-date', text: dayOf(doc.published) }) : null,
        doc.source ? el('span', { text: doc.source }) : null,
        // The URL is shown as text: a link could carry a javascript: URL.
        doc.url ? el('span', { class: 'url', text: doc.url }) : null,
        el('span', { text: `${doc.claims.length} claims underlined` }),
      ),
      body,
    ),
  );
  root.hidden = false;
  if (firstHl) firstHl.scrollIntoView({ block: 'center' });
}
