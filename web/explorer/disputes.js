// Where sources disagree: the disputes of a relation in its panel, each with
// both sides and their evidence (the claims, and the claims that deny,
// contradict or retract them).

import { el } from './dom.js';
import { predicateLabel } from './model.js';

/** DISPUTE_KINDS name the kinds of dispute for a reader. */
export const DISPUTE_KINDS = {
  DENIAL: { label: 'Denied', counter: 'Denial' },
  CONFLICTING_ATTRIBUTION: { label: 'Conflicting attribution', counter: 'Attributed elsewhere' },
  RETRACTION: { label: 'Retracted by an analyst', counter: 'Retraction' },
};

/** disputeTitle is the heading of one dispute. */
export function disputeTitle(kind) {
  return DISPUTE_KINDS[kind]?.label || kind;
}

/** claimAsEvidence turns a claim into what an evidence item shows. */
function claimAsEvidence(c) {
  const said = c.sentence || `${c.subject?.name || ''} ${predicateLabel(c.predicate)} ${c.object?.name || ''} (${c.extractor})`;
  return { ...c, sentence: said };
}

/**
 * disputesSection shows a disputed relation's disputes: for each, its kind,
 * the claims on one side and the counter-claims on the other, each with its
 * sentence and document (item renders one, as evidence items are).
 */
export function disputesSection(rel, ctx, item) {
  const disputes = rel.disputes || [];
  if (!disputes.length) return null;
  return el(
    'section',
    { class: 'disputes', testid: 'disputes' },
    el('h3', { class: 'disputed-head', text: `Disputed (${disputes.length})` }),
    disputes.map((d) =>
      el(
        'div',
        { class: 'dispute', testid: 'dispute', dataset: { kind: d.kind } },
        el('p', { class: 'dispute-kind', testid: 'dispute-kind', text: disputeTitle(d.kind) }),
        el(
          'div',
          { class: 'dispute-sides' },
          el(
            'div',
            { class: 'dispute-side', testid: 'dispute-claims' },
            el('h4', { text: `Claim${d.claims.length === 1 ? '' : 's'} (${d.claims.length})` }),
            el('ol', { class: 'evidence-list' }, d.claims.map((c) => item(claimAsEvidence(c), ctx))),
          ),
          el(
            'div',
            { class: 'dispute-side counter', testid: 'dispute-counter' },
            el('h4', { text: `${DISPUTE_KINDS[d.kind]?.counter || 'Counter-claims'} (${d.counterClaims.length})` }),
            el('ol', { class: 'evidence-list' }, d.counterClaims.map((c) => item(claimAsEvidence(c), ctx))),
          ),
        ),
      ),
    ),
  );
}
