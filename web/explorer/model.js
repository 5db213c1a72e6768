// The explorer's data model: entity types and predicates with their look, and
// the conversion of API objects (Entity, Relation) into Cytoscape elements.
// Pure functions only, so that they run under `node --test` too.

/** ENTITY_TYPES lists the EntityType enum with the colour and shape of each. */
export const ENTITY_TYPES = [
  { type: 'PERSON', label: 'Person', color: '#4e79a7', shape: 'ellipse' },
  { type: 'AGENCY', label: 'Agency', color: '#f28e2b', shape: 'round-rectangle' },
  { type: 'COUNTRY', label: 'Country', color: '#59a14f', shape: 'hexagon' },
  { type: 'ORGANIZATION', label: 'Organization', color: '#b07aa1', shape: 'rectangle' },
  { type: 'THREAT_GROUP', label: 'Threat group', color: '#e15759', shape: 'diamond' },
  { type: 'EVENT', label: 'Event', color: '#d4a617', shape: 'star' },
  { type: 'MALWARE', label: 'Malware', color: '#9c755f', shape: 'triangle' },
  { type: 'TOOL', label: 'Tool', color: '#76b7b2', shape: 'vee' },
  { type: 'VULNERABILITY', label: 'Vulnerability', color: '#ff7f9a', shape: 'octagon' },
  { type: 'ATTACK_PATTERN', label: 'Attack pattern', color: '#8f8a86', shape: 'rhomboid' },
  { type: 'SECTOR', label: 'Sector', color: '#7cc46d', shape: 'barrel' },
  { type: 'PRODUCT', label: 'Product', color: '#2f7f7b', shape: 'cut-rectangle' },
  { type: 'LOCATION', label: 'Location', color: '#5aa6c9', shape: 'round-triangle' },
];

const unknownType = { type: 'UNKNOWN', label: 'Other', color: '#9aa0a6', shape: 'ellipse' };

/** typeStyle returns the look of an entity type (a grey ellipse if unknown). */
export function typeStyle(type) {
  return ENTITY_TYPES.find((t) => t.type === type) || { ...unknownType, type };
}

/**
 * PREDICATES lists the Predicate enum. Edges are coloured by the family of
 * their predicate: hostile acts, attribution and membership, use, cooperation.
 */
export const PREDICATES = [
  { predicate: 'ACCUSES', family: 'hostile' },
  { predicate: 'CHARGES', family: 'hostile' },
  { predicate: 'CONDEMNS', family: 'hostile' },
  { predicate: 'SANCTIONS', family: 'hostile' },
  { predicate: 'DENIES', family: 'hostile' },
  { predicate: 'INVESTIGATES', family: 'hostile' },
  { predicate: 'TARGETS', family: 'hostile' },
  { predicate: 'ATTRIBUTED_TO', family: 'attribution' },
  { predicate: 'AFFILIATED_WITH', family: 'attribution' },
  { predicate: 'USES', family: 'use' },
  { predicate: 'EXPLOITS', family: 'use' },
  { predicate: 'COOPERATES_WITH', family: 'cooperation' },
  { predicate: 'MEMBER_OF', family: 'membership' },
  { predicate: 'PART_OF', family: 'membership' },
  { predicate: 'NATIONALITY', family: 'membership' },
  { predicate: 'LOCATED_IN', family: 'membership' },
  { predicate: 'RELATED_TO', family: 'other' },
];

/** FAMILY_COLORS gives the edge colour of each predicate family. */
export const FAMILY_COLORS = {
  hostile: '#c0392b',
  attribution: '#7a4fb0',
  use: '#b9770e',
  cooperation: '#1e8449',
  membership: '#5d6d7e',
  other: '#95a5a6',
};

/** predicateColor returns the edge colour of predicate. */
export function predicateColor(predicate) {
  return FAMILY_COLORS[predicateFamily(predicate)];
}

/** predicateLabel turns ATTRIBUTED_TO into "attributed to". */
export function predicateLabel(predicate) {
  return String(predicate || '')
    .toLowerCase()
    .replace(/_/g, ' ');
}

/** WIDTH_STEPS is the number of edge widths. */
export const WIDTH_STEPS = 6;

/** widthStep buckets the number of sources of a relation on a log scale (0…5). */
export function widthStep(sources) {
  const n = Math.max(1, Number(sources) || 1);
  return Math.min(WIDTH_STEPS - 1, Math.floor(Math.log2(n)));
}

/**
 * edgeWidth grows with the number of sources that state a relation, on a log
 * scale: 1 source 1.5 px, 2–3 sources 3 px, 4–7 sources 4.5 px, … at most 9 px.
 */
export function edgeWidth(sources) {
  return 1.5 + 1.5 * widthStep(sources);
}

/** SIZE_STEPS is the number of node sizes. */
export const SIZE_STEPS = 8;

/** sizeStep buckets the number of an entity's neighbors on a log scale (0…7). */
export function sizeStep(neighbors) {
  const n = Math.max(0, Number(neighbors) || 0);
  return Math.min(SIZE_STEPS - 1, Math.round(Math.log2(1 + n)));
}

/** nodeSize grows with the number of an entity's neighbors: 22 px to 64 px. */
export function nodeSize(neighbors) {
  return 22 + 6 * sizeStep(neighbors);
}

/** predicateFamily returns the family of a predicate ("other" if unknown). */
export function predicateFamily(predicate) {
  return PREDICATES.find((x) => x.predicate === predicate)?.family || 'other';
}

/**
 * nodeClasses and edgeClasses return the classes that style an element.
 * Classes rather than data mappers: Cytoscape styles elements of the same
 * classes once, which matters with thousands of them.
 */
export function nodeClasses(d) {
  return `type-${d.type} size-${sizeStep(d.neighbors ?? 1)}`;
}

/** edgeClasses: see nodeClasses. */
export function edgeClasses(d) {
  return `family-${predicateFamily(d.predicate)} width-${widthStep(d.sources)}`;
}

/** sumCounts adds the count fields of a list (relationCounts, neighborCounts). */
export function sumCounts(list) {
  return (list || []).reduce((s, c) => s + (Number(c.count) || 0), 0);
}

/**
 * nodeData converts an API Entity into the data of a Cytoscape node.
 * neighbors is the number of distinct neighbors the entity has in the whole
 * graph (from neighborCounts), when the query asked for it.
 */
export function nodeData(entity) {
  const t = typeStyle(entity.type);
  const neighbors = entity.neighborCounts ? sumCounts(entity.neighborCounts) : null;
  return {
    id: entity.id,
    name: entity.name,
    label: entity.name,
    type: entity.type,
    color: t.color,
    shape: t.shape,
    neighbors,
    size: nodeSize(neighbors ?? 1),
    more: 0,
  };
}

/** edgeData converts an API Relation into the data of a Cytoscape edge. */
export function edgeData(rel) {
  return {
    id: rel.id,
    source: rel.subject.id,
    target: rel.object.id,
    predicate: rel.predicate,
    label: predicateLabel(rel.predicate),
    color: predicateColor(rel.predicate),
    confidence: typeof rel.confidence === 'number' ? rel.confidence : 1,
    sources: rel.sources ?? 1,
    width: edgeWidth(rel.sources),
    firstSeen: rel.firstSeen || null,
    lastSeen: rel.lastSeen || null,
    about: rel.about ? rel.about.name : null,
    disputed: rel.disputed ? 1 : 0,
  };
}

/** moreLabel is a node's label with the number of neighbors not drawn. */
export function moreLabel(name, more) {
  return more > 0 ? `${name} +${more}` : name;
}

/** dayOf returns the YYYY-MM-DD day of an RFC 3339 time, or '' for none. */
export function dayOf(time) {
  if (!time) return '';
  return String(time).slice(0, 10);
}

/**
 * emptyFilters returns the filters that hide nothing: no hidden predicates
 * or types, no date range, no minimum confidence.
 */
export function emptyFilters() {
  return { hiddenPredicates: new Set(), hiddenTypes: new Set(), from: '', to: '', minConfidence: 0 };
}

/** filtersActive reports whether any edge filter is set. */
export function edgeFiltersActive(f) {
  return f.hiddenPredicates.size > 0 || !!f.from || !!f.to || f.minConfidence > 0;
}

/**
 * edgePasses reports whether an edge with data d passes the filters f:
 * its predicate is not hidden, its confidence reaches the minimum, and with a
 * date range set, one of its claims' days (d.days, once the timeline read
 * them) is in the range, or else the span of its sources' publication dates
 * [firstSeen, lastSeen] meets the range (an undated relation does not).
 */
export function edgePasses(d, f) {
  if (f.hiddenPredicates.has(d.predicate)) return false;
  if (f.minConfidence > 0 && !(d.confidence >= f.minConfidence - 1e-9)) return false;
  if ((f.from || f.to) && Array.isArray(d.days) && d.days.length) {
    // with its claims' days known (the timeline's), an edge passes when one
    // of its claims falls in the range
    return d.days.some((day) => (!f.from || day >= f.from) && (!f.to || day <= f.to));
  }
  if (f.from || f.to) {
    const first = dayOf(d.firstSeen);
    const last = dayOf(d.lastSeen) || first;
    if (!first) return false;
    if (f.from && last < f.from) return false;
    if (f.to && first > f.to) return false;
  }
  return true;
}

/** nodePasses reports whether a node with data d passes the type filter. */
export function nodePasses(d, f) {
  return !f.hiddenTypes.has(d.type);
}
