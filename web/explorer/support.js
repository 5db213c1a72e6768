// How a relation is supported, in words: its claims, documents, independent
// sources and publishers, and the places a story was published with their
// publishers' Admiralty ratings. Pure functions, no DOM, so that they are
// tested in Node.

/** RELIABILITY names each Admiralty rating the API knows (schema/sources.graphqls). */
export const RELIABILITY = {
  A: 'completely reliable',
  B: 'usually reliable',
  C: 'fairly reliable',
  D: 'not usually reliable',
  E: 'unreliable',
  F: 'reliability cannot be judged',
};

/** count writes n with its noun, singular for 1: count(2, 'claim') is "2 claims". */
export function count(n, singular, plural = `${singular}s`) {
  return `${n} ${n === 1 ? singular : plural}`;
}

/**
 * supportParts returns the counts of a Relation.support in reading order:
 * ["3 claims", "2 documents", "1 independent source", "3 publishers"]. A
 * relation no publisher carried (files, structured sources) leaves the
 * publishers out; a missing support gives [].
 */
export function supportParts(support) {
  if (!support) return [];
  const parts = [
    count(support.claims, 'claim'),
    count(support.documents, 'document'),
    count(support.independentSources, 'independent source'),
  ];
  if (support.publishers > 0) parts.push(count(support.publishers, 'publisher'));
  return parts;
}

/** supportLine joins supportParts with middle dots, "" without a support. */
export function supportLine(support) {
  return supportParts(support).join(' · ');
}

/**
 * ratingLabel is the badge of a rating: the letter, or "unrated" for none
 * (null, undefined or a value the API does not define).
 */
export function ratingLabel(rating) {
  return RELIABILITY[rating] ? rating : 'unrated';
}

/** ratingTitle is the tooltip of a rating: "B: usually reliable", or "not rated by an analyst". */
export function ratingTitle(rating) {
  return RELIABILITY[rating] ? `${rating}: ${RELIABILITY[rating]}` : 'not rated by an analyst';
}

/**
 * storySources summarizes a document's sources (Document.sources, first
 * fetched first): how many other places published the story, its
 * publishers once each in the order they first carried it ({id, name,
 * reliability}), and the note for the evidence panel ("also in 2 other
 * outlets", "" for a story read once).
 */
export function storySources(sources) {
  const list = sources || [];
  const others = Math.max(0, list.length - 1);
  const publishers = [];
  const seen = new Set();
  for (const s of list) {
    const p = s.publisher;
    if (!p || seen.has(p.id)) continue;
    seen.add(p.id);
    publishers.push({ id: p.id, name: p.name, reliability: p.reliability ?? null });
  }
  return {
    count: list.length,
    others,
    publishers,
    note: others ? `also in ${count(others, 'other outlet')}` : '',
  };
}

/**
 * webHref returns url when it is an absolute http or https address, else
 * null: a source's address comes from a feed, and a javascript: or data:
 * link must never become clickable.
 */
export function webHref(url) {
  if (typeof url !== 'string') return null;
  try {
    const u = new URL(url);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : null;
  } catch {
    return null;
  }
}
