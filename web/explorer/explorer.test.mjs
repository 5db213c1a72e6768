import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { edgePasses, edgeWidth, emptyFilters, moreLabel, nodeData, edgeData, predicateLabel } from './model.js';
import { forceLayout } from './forcelayout.js';
import { ratingLabel, ratingTitle, storySources, supportLine, webHref } from './support.js';
import { inputOf, viewOf } from './investigations.js';
import { syntheticGraph } from './synthetic.js';
import { bins, fromDay, stepWindow, toDay } from './timeline.js';
import { byteToCharIndex, segments, sliceBytes } from './text.js';
import { emptyView, formatView, parseView } from './urlstate.js';

const here = dirname(fileURLToPath(import.meta.url));

test('byte offsets map to string indexes', async (t) => {
  // "é" is 2 bytes, "—" 3 bytes, "😀" 4 bytes and 2 UTF-16 units.
  const text = 'aé—😀b';
  const cases = [
    { name: 'start', byte: 0, want: 0 },
    { name: 'after ascii', byte: 1, want: 1 },
    { name: 'after 2-byte', byte: 3, want: 2 },
    { name: 'inside 3-byte', byte: 4, want: 2 },
    { name: 'after 3-byte', byte: 6, want: 3 },
    { name: 'after surrogate pair', byte: 10, want: 5 },
    { name: 'end', byte: 11, want: 6 },
    { name: 'past end', byte: 99, want: 6 },
    { name: 'negative', byte: -3, want: 0 },
  ];
  const toChar = byteToCharIndex(text);
  for (const c of cases) {
    await t.test(c.name, () => assert.equal(toChar(c.byte), c.want));
  }
  assert.equal(sliceBytes(text, 3, 10), '—😀');
});

test('segments split text at span edges', async (t) => {
  const cases = [
    {
      name: 'no spans',
      text: 'abc',
      spans: [],
      want: [{ text: 'abc', spans: [] }],
    },
    {
      name: 'one span in the middle',
      text: 'one two three',
      spans: [{ start: 4, end: 7 }],
      want: [
        { text: 'one ', spans: [] },
        { text: 'two', spans: [0] },
        { text: ' three', spans: [] },
      ],
    },
    {
      name: 'overlapping spans',
      text: 'abcdef',
      spans: [
        { start: 0, end: 4 },
        { start: 2, end: 6 },
      ],
      want: [
        { text: 'ab', spans: [0] },
        { text: 'cd', spans: [0, 1] },
        { text: 'ef', spans: [1] },
      ],
    },
    {
      name: 'multi-byte text',
      text: 'X — Y said.',
      spans: [{ start: 6, end: 14 }],
      want: [
        { text: 'X — ', spans: [] },
        { text: 'Y said.', spans: [0] },
      ],
    },
    {
      name: 'empty and inverted spans ignored',
      text: 'abc',
      spans: [
        { start: 1, end: 1 },
        { start: 2, end: 1 },
      ],
      want: [{ text: 'abc', spans: [] }],
    },
  ];
  for (const c of cases) {
    await t.test(c.name, () => {
      const got = segments(c.text, c.spans);
      assert.deepEqual(got, c.want);
      assert.equal(got.map((s) => s.text).join(''), c.text);
    });
  }
});

test('the view survives a round trip through the URL', async (t) => {
  const full = emptyView();
  full.seeds = ['agency:ministry-of-state-security', 'odd~id&x=1'];
  full.expansions = [
    { id: 'country:china', fanout: 10, predicates: [] },
    { id: 'threat-group:apt29', fanout: 25, predicates: ['ACCUSES', 'USES'] },
    { id: 'country:russia', fanout: 25, predicates: ['ACCUSES'], direction: 'IN' },
    { id: 'country:china', fanout: 50, predicates: [], types: ['THREAT_GROUP', 'AGENCY'] },
  ];
  full.removed = ['person:someone'];
  full.hidden = ['country:iran'];
  full.pinned = [{ id: 'country:china', x: 12, y: -40 }];
  full.filters.hiddenPredicates = new Set(['DENIES', 'ACCUSES']);
  full.filters.hiddenTypes = new Set(['PERSON']);
  full.filters.from = '2020-01-01';
  full.filters.to = '2021-12-31';
  full.filters.minConfidence = 0.75;
  full.fanout = 10;
  full.selected = 'rel:abc';
  full.path = { from: 'a:x', to: 'b:y', index: 2 };
  full.doc = { id: 'doc:1', start: 10, end: 20, entity: 'country:china' };
  const cases = [
    { name: 'empty', view: emptyView() },
    { name: 'full', view: full },
  ];
  for (const c of cases) {
    await t.test(c.name, () => {
      const hash = formatView(c.view);
      assert.deepEqual(parseView(`#${hash}`), c.view);
      assert.equal(formatView(parseView(hash)), hash);
    });
  }
  await t.test('graphOnly leaves out the selection and the document', () => {
    const h = formatView(full, { graphOnly: true });
    assert.doesNotMatch(h, /sel=|doc=/);
  });
  await t.test('bad values are ignored', () => {
    const v = parseView('#x=oops&from=yesterday&conf=7&pin=1~2&hl=a-b&doc=d');
    assert.deepEqual(v.expansions, []);
    assert.equal(v.filters.from, '');
    assert.equal(v.filters.minConfidence, 1);
    assert.deepEqual(v.pinned, []);
    assert.deepEqual(v.doc, { id: 'd', start: null, end: null, entity: null });
  });
});

test('edge filters', async (t) => {
  const edge = {
    predicate: 'ACCUSES',
    confidence: 0.8,
    firstSeen: '2021-07-19T00:00:00Z',
    lastSeen: '2021-07-20T00:00:00Z',
  };
  const f = (over) => ({ ...emptyFilters(), ...over });
  const cases = [
    { name: 'no filter', filters: f({}), want: true },
    { name: 'predicate hidden', filters: f({ hiddenPredicates: new Set(['ACCUSES']) }), want: false },
    { name: 'other predicate hidden', filters: f({ hiddenPredicates: new Set(['USES']) }), want: true },
    { name: 'confidence reached', filters: f({ minConfidence: 0.8 }), want: true },
    { name: 'confidence too low', filters: f({ minConfidence: 0.85 }), want: false },
    { name: 'range contains', filters: f({ from: '2021-01-01', to: '2021-12-31' }), want: true },
    { name: 'range before', filters: f({ to: '2021-07-18' }), want: false },
    { name: 'range after', filters: f({ from: '2021-07-21' }), want: false },
    { name: 'range touches last day', filters: f({ from: '2021-07-20' }), want: true },
  ];
  for (const c of cases) {
    await t.test(c.name, () => assert.equal(edgePasses(edge, c.filters), c.want));
  }
  await t.test('undated relation outside any range', () => {
    assert.equal(edgePasses({ ...edge, firstSeen: null, lastSeen: null }, f({ from: '2000-01-01' })), false);
  });
});

test('API objects become elements', () => {
  const n = nodeData({
    id: 'country:china',
    name: 'China',
    type: 'COUNTRY',
    neighborCounts: [{ count: 3 }, { count: 4 }],
  });
  assert.equal(n.neighbors, 7);
  assert.equal(n.shape, 'hexagon');
  const e = edgeData({
    id: 'r',
    subject: { id: 'a' },
    object: { id: 'b' },
    predicate: 'ATTRIBUTED_TO',
    sources: 4,
    confidence: 0.5,
  });
  assert.equal(e.source, 'a');
  assert.equal(e.label, 'attributed to');
  assert.ok(e.width > edgeWidth(1));
  assert.equal(predicateLabel('PART_OF'), 'part of');
  assert.equal(moreLabel('China', 3), 'China +3');
  assert.equal(moreLabel('China', 0), 'China');
});

test('the synthetic graph has the asked size and no duplicate edges', () => {
  const g = syntheticGraph(2000, 5000);
  assert.equal(g.nodes.length, 2000);
  assert.equal(g.edges.length, 5000);
  const pairs = new Set(g.edges.map((e) => [e.subject.id, e.object.id].sort().join('|')));
  assert.equal(pairs.size, 5000);
  assert.deepEqual(syntheticGraph(50, 80, 7), syntheticGraph(50, 80, 7));
});

test('no source of the explorer writes HTML', async () => {
  // Names, aliases and sentences are data: they must reach the page as text.
  const banned = /\.(innerHTML|outerHTML)\s*=|insertAdjacentHTML|document\.write|createContextualFragment|DOMParser/;
  for (const f of await readdir(here)) {
    if (!/\.js$/.test(f)) continue;
    const src = await readFile(join(here, f), 'utf8');
    assert.doesNotMatch(src, banned, `${f} writes HTML`);
  }
});

test('the fast layout places every node, keeps pinned ones and draws links short', async (t) => {
  const g = syntheticGraph(600, 1500, 3);
  const ids = g.nodes.map((n) => n.id);
  const pairs = g.edges.map((e) => [e.subject.id, e.object.id]);
  const dist = (p, q) => Math.hypot(p.x - q.x, p.y - q.y);
  await t.test('cold start', () => {
    const pos = forceLayout(ids, pairs);
    assert.equal(pos.size, ids.length);
    for (const p of pos.values()) assert.ok(Number.isFinite(p.x) && Number.isFinite(p.y));
    const linked = pairs.reduce((s, [a, b]) => s + dist(pos.get(a), pos.get(b)), 0) / pairs.length;
    let random = 0;
    for (let i = 0; i < 2000; i++)
      random += dist(pos.get(ids[(i * 7919) % ids.length]), pos.get(ids[(i * 104729) % ids.length]));
    random /= 2000;
    assert.ok(linked * 3 < random, `linked nodes ${linked.toFixed(0)} apart, any two ${random.toFixed(0)}`);
    assert.deepEqual(forceLayout(ids, pairs), pos, 'deterministic');
  });
  await t.test('pinned and incremental', () => {
    const start = forceLayout(ids, pairs);
    const fixed = new Map([[ids[5], { x: 1234, y: -99 }]]);
    const pos = forceLayout([...ids, 'new'], [...pairs, ['new', ids[5]]], { start, fixed });
    assert.deepEqual(pos.get(ids[5]), { x: 1234, y: -99 });
    assert.ok(dist(pos.get('new'), pos.get(ids[5])) < 400, 'a new node lands near its neighbor');
  });
  await t.test('disconnected and tiny graphs', () => {
    const pos = forceLayout(['a', 'b', 'c', 'd'], [['a', 'b']]);
    assert.equal(pos.size, 4);
    for (const p of pos.values()) assert.ok(Number.isFinite(p.x) && Number.isFinite(p.y));
    assert.equal(forceLayout([], []).size, 0);
  });
});

test('a relation\'s support in words', async (t) => {
  const cases = [
    { name: 'none (a synthetic relation)', support: undefined, want: '' },
    {
      name: 'one story of one publisher',
      support: { claims: 1, documents: 1, independentSources: 1, publishers: 1 },
      want: '1 claim · 1 document · 1 independent source · 1 publisher',
    },
    {
      name: 'syndicated copies',
      support: { claims: 3, documents: 2, independentSources: 1, publishers: 3 },
      want: '3 claims · 2 documents · 1 independent source · 3 publishers',
    },
    {
      name: 'files without publishers',
      support: { claims: 2, documents: 2, independentSources: 2, publishers: 0 },
      want: '2 claims · 2 documents · 2 independent sources',
    },
  ];
  for (const c of cases) {
    await t.test(c.name, () => assert.equal(supportLine(c.support), c.want));
  }
});

test('ratings as badges', async (t) => {
  const cases = [
    { rating: 'A', label: 'A', title: 'A: completely reliable' },
    { rating: 'B', label: 'B', title: 'B: usually reliable' },
    { rating: 'F', label: 'F', title: 'F: reliability cannot be judged' },
    { rating: null, label: 'unrated', title: 'not rated by an analyst' },
    { rating: undefined, label: 'unrated', title: 'not rated by an analyst' },
    { rating: 'Z', label: 'unrated', title: 'not rated by an analyst' },
  ];
  for (const c of cases) {
    await t.test(String(c.rating), () => {
      assert.equal(ratingLabel(c.rating), c.label);
      assert.equal(ratingTitle(c.rating), c.title);
    });
  }
});

test('a story\'s sources', async (t) => {
  const wire = { id: 'organization:example-wire', name: 'Example Wire', reliability: 'B' };
  const daily = { id: 'organization:daily', name: 'Daily', reliability: null };
  const cases = [
    { name: 'none', sources: undefined, want: { count: 0, others: 0, publishers: [], note: '' } },
    {
      name: 'read once, no publisher',
      sources: [{ url: null, publisher: null }],
      want: { count: 1, others: 0, publishers: [], note: '' },
    },
    {
      name: 'read once from a rated publisher',
      sources: [{ url: 'https://wire.example/a', publisher: wire }],
      want: { count: 1, others: 0, publishers: [wire], note: '' },
    },
    {
      name: 'one copy',
      sources: [{ publisher: wire }, { publisher: daily }],
      want: { count: 2, others: 1, publishers: [wire, daily], note: 'also in 1 other outlet' },
    },
    {
      name: 'three places, a publisher twice, one unknown, in first-carried order',
      sources: [{ publisher: daily }, { publisher: wire }, { publisher: { ...daily } }, { publisher: null }],
      want: { count: 4, others: 3, publishers: [daily, wire], note: 'also in 3 other outlets' },
    },
    {
      name: 'a publisher without a rating field',
      sources: [{ publisher: { id: 'x', name: 'X' } }],
      want: { count: 1, others: 0, publishers: [{ id: 'x', name: 'X', reliability: null }], note: '' },
    },
  ];
  for (const c of cases) {
    await t.test(c.name, () => assert.deepEqual(storySources(c.sources), c.want));
  }
});

test('only web addresses of sources become links', async (t) => {
  const cases = [
    { url: 'https://wire.example/story?id=1', want: 'https://wire.example/story?id=1' },
    { url: 'http://wire.example', want: 'http://wire.example/' },
    { url: 'javascript:alert(1)', want: null },
    { url: ' JavaScript:alert(1)', want: null },
    { url: 'data:text/html,<b>x</b>', want: null },
    { url: '/relative/path', want: null },
    { url: '', want: null },
    { url: null, want: null },
  ];
  for (const c of cases) {
    await t.test(String(c.url), () => assert.equal(webHref(c.url), c.want));
  }
});

// ---------------------------------------------------------------- timeline


test('timeline bins count claim days over the span', () => {
  const cases = [
    { days: [], want: null },
    { days: ['2021-07-19'], want: { width: 1, counts: [1] } },
    { days: ['2021-07-19', '2021-07-19', '2021-07-21'], want: { width: 1, counts: [2, 0, 1] } },
    { days: ['2020-01-01', '2020-12-31', 'bad'], max: 4, want: { width: 92, counts: [1, 0, 0, 1] } },
  ];
  for (const c of cases) {
    const got = bins(c.days, c.max);
    if (c.want === null) assert.equal(got, null);
    else {
      assert.equal(got.width, c.want.width, JSON.stringify(c));
      assert.deepEqual(got.counts, c.want.counts, JSON.stringify(c));
    }
  }
  assert.equal(fromDay(toDay('2021-07-19')), '2021-07-19');
});

test('timeline play steps the window by its length and stops at the end', () => {
  assert.deepEqual(stepWindow(0, 9, 100), [10, 19]);
  assert.deepEqual(stepWindow(90, 99, 104), [95, 104]);
  assert.equal(stepWindow(95, 104, 104), null);
});

test('an edge with known claim days passes a date range when one of them is in it', () => {
  const f = { ...emptyFilters(), from: '2021-03-01', to: '2021-03-31' };
  assert.equal(edgePasses({ predicate: 'ACCUSES', confidence: 1, days: ['2021-01-05', '2021-03-02'] }, f), true);
  assert.equal(edgePasses({ predicate: 'ACCUSES', confidence: 1, days: ['2021-01-05', '2021-04-02'], firstSeen: '2021-01-05', lastSeen: '2021-04-02' }, f), false);
  assert.equal(edgePasses({ predicate: 'ACCUSES', confidence: 1, firstSeen: '2021-01-05', lastSeen: '2021-04-02' }, f), true);
});

// ---------------------------------------------------------------- investigations

test('an investigation and a view convert into each other', () => {
  const view = emptyView();
  view.filters.hiddenPredicates = new Set(['DENIES']);
  view.filters.from = '2021-07-01';
  view.filters.minConfidence = 0.5;
  view.hidden = ['person:x'];
  const nodes = [
    { id: 'country:china', x: 10.4, y: -3.6, pinned: true },
    { id: 'agency:mss', x: 100, y: 50, pinned: false },
  ];
  const input = inputOf(view, nodes);
  assert.deepEqual(input.nodes, [
    { id: 'country:china', x: 10, y: -4, pinned: true },
    { id: 'agency:mss', x: 100, y: 50, pinned: false },
  ]);
  assert.ok(!input.filters.predicates.includes('DENIES') && input.filters.predicates.includes('ACCUSES'));
  assert.deepEqual(input.filters.types, [], 'no type hidden: all shown');
  assert.equal(input.from, '2021-07-01T00:00:00Z');
  assert.equal(input.to, null);
  const back = viewOf({ id: 'investigation:1', name: 'x', ...input, from: input.from, to: input.to });
  assert.deepEqual(back.seeds, ['country:china', 'agency:mss']);
  assert.deepEqual(back.pinned, [{ id: 'country:china', x: 10, y: -4 }]);
  assert.deepEqual(back.placed, [{ id: 'agency:mss', x: 100, y: 50 }]);
  assert.deepEqual([...back.filters.hiddenPredicates], ['DENIES']);
  assert.equal(back.filters.from, '2021-07-01');
  assert.equal(back.filters.minConfidence, 0.5);
  assert.deepEqual(back.hidden, ['person:x']);
  assert.equal(back.investigation, 'investigation:1');
  // the URL keeps the placed positions and the investigation
  const again = parseView(formatView(back));
  assert.deepEqual(again.placed, back.placed);
  assert.equal(again.investigation, 'investigation:1');
});
