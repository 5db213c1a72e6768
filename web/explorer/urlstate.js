// The view as a URL fragment, so that a link reproduces it.
//
//   #n=ID&n=ID            entities added by search (seeds)
//   &x=FANOUT~PREDS~ID    expansions: fan-out, predicates (dot-separated,
//                         empty for all) and the expanded entity; among
//                         the predicates, "in"/"out" keep one direction and
//                         "t-TYPE" one type of neighbor (expand by type)
//   &rm=ID &hide=ID       removed and hidden entities
//   &pin=X~Y~ID           pinned entities and their positions
//   &at=X~Y~ID            positions of other entities (an opened investigation's)
//   &inv=ID               the investigation open (Save writes to it)
//   &np=PRED &nt=TYPE     hidden predicates and entity types
//   &from=DAY &to=DAY     date range (YYYY-MM-DD)
//   &conf=0.5             minimum confidence
//   &fan=25               neighbors per expansion
//   &sel=ID               the selected node or edge
//   &pf=ID&pt=ID&pi=0     the path finder's ends and the highlighted path
//   &doc=ID&hl=START-END  the document view with a highlighted byte range
//   &m=ID                 …and the mentions of an entity marked
//   &synthetic=N&edges=M  a synthetic view of N nodes and M edges (testing);
//   &fold=0               …drawn entity by entity, not folded into groups
//   &webgl=1              draw with Cytoscape's WebGL renderer (read at page load)
//
// Every value goes through URLSearchParams, so IDs need no escaping of ours.
// The ID is the last field of the compound values, so it may contain "~".

import { emptyFilters } from './model.js';

/** DEFAULT_FANOUT is the number of neighbors an expansion draws by default. */
export const DEFAULT_FANOUT = 25;

/** emptyView returns a view with nothing drawn and no filters. */
export function emptyView() {
  return {
    seeds: [],
    expansions: [],
    removed: [],
    hidden: [],
    pinned: [],
    placed: [],
    investigation: null,
    filters: emptyFilters(),
    fanout: DEFAULT_FANOUT,
    selected: null,
    path: null,
    doc: null,
    synthetic: null,
    webgl: false,
  };
}

const num = (s, dflt) => {
  const n = Number(s);
  return Number.isFinite(n) ? n : dflt;
};

const day = (s) => (/^\d{4}-\d{2}-\d{2}$/.test(s || '') ? s : '');

/** splitFields splits "a~b~rest" into n fields, the last keeping any "~". */
function splitFields(value, n) {
  const out = [];
  let rest = value;
  for (let i = 0; i < n - 1; i++) {
    const k = rest.indexOf('~');
    if (k < 0) return null;
    out.push(rest.slice(0, k));
    rest = rest.slice(k + 1);
  }
  out.push(rest);
  return out;
}

const unique = (list) => [...new Set(list.filter(Boolean))];

/** parseView reads a view from a location hash ("#n=...", with or without "#"). */
export function parseView(hash) {
  const p = new URLSearchParams(String(hash || '').replace(/^#/, ''));
  const v = emptyView();
  v.seeds = unique(p.getAll('n'));
  for (const x of p.getAll('x')) {
    const f = splitFields(x, 3);
    if (!f || !f[2]) continue;
    const tokens = f[1] ? f[1].split('.').filter(Boolean) : [];
    const exp = {
      id: f[2],
      fanout: Math.max(1, Math.round(num(f[0], DEFAULT_FANOUT))),
      predicates: tokens.filter((t) => /^[A-Z_]+$/.test(t)),
    };
    const types = tokens.filter((t) => t.startsWith('t-')).map((t) => t.slice(2));
    const dir = tokens.find((t) => t === 'in' || t === 'out');
    if (types.length) exp.types = types;
    if (dir) exp.direction = dir.toUpperCase();
    v.expansions.push(exp);
  }
  v.removed = unique(p.getAll('rm'));
  v.hidden = unique(p.getAll('hide'));
  for (const x of p.getAll('pin')) {
    const f = splitFields(x, 3);
    if (!f || !f[2]) continue;
    v.pinned.push({ id: f[2], x: num(f[0], 0), y: num(f[1], 0) });
  }
  for (const x of p.getAll('at')) {
    const f = splitFields(x, 3);
    if (!f || !f[2]) continue;
    v.placed.push({ id: f[2], x: num(f[0], 0), y: num(f[1], 0) });
  }
  v.investigation = p.get('inv') || null;
  v.filters.hiddenPredicates = new Set(p.getAll('np').filter(Boolean));
  v.filters.hiddenTypes = new Set(p.getAll('nt').filter(Boolean));
  v.filters.from = day(p.get('from'));
  v.filters.to = day(p.get('to'));
  v.filters.minConfidence = Math.min(1, Math.max(0, num(p.get('conf'), 0)));
  if (p.has('fan')) v.fanout = Math.min(1000, Math.max(1, Math.round(num(p.get('fan'), DEFAULT_FANOUT))));
  v.selected = p.get('sel') || null;
  if (p.get('pf') && p.get('pt')) {
    v.path = { from: p.get('pf'), to: p.get('pt'), index: Math.max(0, Math.round(num(p.get('pi'), 0))) };
  }
  if (p.get('doc')) {
    const m = /^(\d+)-(\d+)$/.exec(p.get('hl') || '');
    v.doc = {
      id: p.get('doc'),
      start: m ? Number(m[1]) : null,
      end: m ? Number(m[2]) : null,
      entity: p.get('m') || null,
    };
  }
  v.webgl = p.get('webgl') === '1';
  if (p.get('synthetic')) {
    const nodes = Math.round(num(p.get('synthetic'), 0));
    if (nodes > 0) {
      v.synthetic = {
        nodes: Math.min(nodes, 20000),
        edges: Math.min(Math.round(num(p.get('edges'), nodes * 2.5)), 50000),
        fold: p.get('fold') !== '0',
      };
    }
  }
  return v;
}

/**
 * formatView writes a view as a hash (without the "#"). With graphOnly, the
 * document view is left out (it is compared to tell a graph change from a
 * document being opened).
 */
export function formatView(v, { graphOnly = false } = {}) {
  const p = new URLSearchParams();
  if (v.synthetic) {
    p.append('synthetic', String(v.synthetic.nodes));
    p.append('edges', String(v.synthetic.edges));
    if (v.synthetic.fold === false) p.append('fold', '0');
  }
  if (v.webgl) p.append('webgl', '1');
  for (const id of v.seeds) p.append('n', id);
  for (const x of v.expansions) p.append('x', `${x.fanout}~${expansionTokens(x).join('.')}~${x.id}`);
  for (const id of v.removed) p.append('rm', id);
  for (const id of v.hidden) p.append('hide', id);
  for (const pin of v.pinned) p.append('pin', `${Math.round(pin.x)}~${Math.round(pin.y)}~${pin.id}`);
  for (const at of v.placed || []) p.append('at', `${Math.round(at.x)}~${Math.round(at.y)}~${at.id}`);
  if (v.investigation) p.append('inv', v.investigation);
  for (const pred of [...v.filters.hiddenPredicates].sort()) p.append('np', pred);
  for (const t of [...v.filters.hiddenTypes].sort()) p.append('nt', t);
  if (v.filters.from) p.append('from', v.filters.from);
  if (v.filters.to) p.append('to', v.filters.to);
  if (v.filters.minConfidence > 0) p.append('conf', String(Math.round(v.filters.minConfidence * 100) / 100));
  if (v.fanout !== DEFAULT_FANOUT) p.append('fan', String(v.fanout));
  if (v.path) {
    p.append('pf', v.path.from);
    p.append('pt', v.path.to);
    if (v.path.index) p.append('pi', String(v.path.index));
  }
  if (graphOnly) return readable(p);
  if (v.selected) p.append('sel', v.selected);
  if (v.doc) {
    p.append('doc', v.doc.id);
    if (v.doc.start != null && v.doc.end != null) p.append('hl', `${v.doc.start}-${v.doc.end}`);
    if (v.doc.entity) p.append('m', v.doc.entity);
  }
  return readable(p);
}

/** expansionTokens are an expansion's predicates, direction and types as URL tokens. */
export function expansionTokens(x) {
  const dir = x.direction && x.direction !== 'BOTH' ? [x.direction.toLowerCase()] : [];
  return [...(x.predicates || []), ...dir, ...(x.types || []).map((t) => `t-${t}`)];
}

/**
 * readable writes params with ":", "~" and "," left as they are (they need
 * no escaping in a fragment), so that links stay legible.
 */
function readable(p) {
  return p.toString().replace(/%3A/gi, ':').replace(/%7E/gi, '~').replace(/%2C/gi, ',');
}
