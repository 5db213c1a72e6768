import assert from 'node:assert/strict';
import { test } from 'node:test';
import { aggregate, communities, GROUP_PREFIX, strongest } from './grouping.js';
import { syntheticGraph } from './synthetic.js';

const rel = (id, s, o) => ({ id, subject: { id: s }, object: { id: o }, predicate: 'ACCUSES', sources: 1 });

test('two triangles joined by one relation are two groups', async (t) => {
  const ids = ['a', 'b', 'c', 'x', 'y', 'z', 'lone'];
  const g = {
    nodes: ids.map((id) => ({ id, name: id.toUpperCase(), type: 'PERSON' })),
    edges: [
      rel('1', 'a', 'b'),
      rel('2', 'b', 'c'),
      rel('3', 'c', 'a'),
      rel('4', 'x', 'y'),
      rel('5', 'y', 'z'),
      rel('6', 'z', 'x'),
      rel('7', 'c', 'x'),
      rel('8', 'a', 'x'),
    ],
  };
  const groupOf = communities(
    ids,
    g.edges.map((e) => [e.subject.id, e.object.id]),
  );
  await t.test('communities', () => {
    assert.equal(groupOf.get('a'), groupOf.get('b'));
    assert.equal(groupOf.get('a'), groupOf.get('c'));
    assert.equal(groupOf.get('x'), groupOf.get('y'));
    assert.notEqual(groupOf.get('a'), groupOf.get('x'));
  });
  const cases = [
    { name: 'all closed', open: new Set(), nodes: 3, edges: 1, sources: [2] },
    { name: 'one open', open: new Set([groupOf.get('x')]), nodes: 5, edges: 4, sources: [1, 1, 1, 2] },
    {
      name: 'both open',
      open: new Set([groupOf.get('a'), groupOf.get('x')]),
      nodes: 7,
      edges: 8,
      sources: Array(8).fill(1),
    },
  ];
  for (const c of cases) {
    await t.test(c.name, () => {
      const v = aggregate(g, groupOf, c.open);
      assert.equal(v.nodes.length, c.nodes);
      assert.equal(v.edges.length, c.edges);
      assert.deepEqual(v.edges.map((e) => e.sources).sort(), c.sources);
      assert.ok(
        v.nodes.some((n) => n.id === 'lone'),
        'an entity alone stays itself',
      );
      const total = v.nodes.reduce((s, n) => s + (n.members ? n.members.length : 1), 0);
      assert.equal(total, ids.length, 'every entity is drawn or in a drawn group');
    });
  }
  await t.test('a group is named by its count and most connected member', () => {
    const v = aggregate(g, groupOf);
    const grp = v.nodes.find((n) => n.id.startsWith(GROUP_PREFIX) && n.members.includes('x'));
    assert.equal(grp.name, '3 · X');
    assert.equal(grp.type, 'GROUP');
  });
});

test('the synthetic 10,000 / 30,000 graph folds into a few hundred groups', () => {
  const g = syntheticGraph(10000, 30000);
  const groupOf = communities(
    g.nodes.map((n) => n.id),
    g.edges.map((e) => [e.subject.id, e.object.id]),
  );
  const v = aggregate(g, groupOf);
  assert.ok(v.nodes.length < 1000, `${v.nodes.length} nodes`);
  assert.ok(v.edges.length < 10000, `${v.edges.length} edges`);
  const total = v.nodes.reduce((s, n) => s + (n.members ? n.members.length : 1), 0);
  assert.equal(total, 10000);
  const summed = v.edges.reduce((s, e) => s + e.sources, 0);
  assert.ok(summed <= 30000);
});

test('strongest keeps the strongest summed links of every node', async (t) => {
  const agg = (a, b, sources) => ({ id: `agg:${a}|${b}`, subject: { id: a }, object: { id: b }, sources });
  const view = {
    nodes: ['g1', 'g2', 'g3', 'g4', 'g5', 'x', 'y'].map((id) => ({ id })),
    edges: [
      agg('g1', 'g2', 9),
      agg('g1', 'g3', 5),
      agg('g1', 'g4', 1),
      agg('g1', 'g5', 1),
      agg('g2', 'g3', 2),
      agg('g4', 'g5', 1),
      rel('r1', 'x', 'y'),
      agg('g1', 'x', 1),
    ],
  };
  const cases = [
    // each node's strongest link: g1, g2 → g1|g2; g3 → g1|g3; g4, g5 (ties) → the first by ID, g1|g4, g1|g5
    { perNode: 1, kept: ['agg:g1|g2', 'agg:g1|g3', 'agg:g1|g4', 'agg:g1|g5', 'agg:g1|x', 'r1'] },
    // every link is among the two strongest of one of its ends
    { perNode: 2, kept: view.edges.map((e) => e.id).sort() },
    { perNode: 10, kept: view.edges.map((e) => e.id).sort() },
  ];
  for (const c of cases) {
    await t.test(`${c.perNode} per node`, () => {
      const v = strongest(view, c.perNode);
      assert.deepEqual(v.edges.map((e) => e.id).sort(), c.kept);
      assert.equal(v.hidden, view.edges.length - c.kept.length);
      assert.equal(v.nodes, view.nodes, 'every node stays');
      const ends = new Set(v.edges.flatMap((e) => [e.subject.id, e.object.id]));
      assert.ok(
        view.nodes.every((n) => ends.has(n.id)),
        'every node keeps a link',
      );
    });
  }
  await t.test('the synthetic 10,000 / 30,000 graph folds into at most 3 links a node', () => {
    const g = syntheticGraph(10000, 30000);
    const groupOf = communities(
      g.nodes.map((n) => n.id),
      g.edges.map((e) => [e.subject.id, e.object.id]),
    );
    const v = strongest(aggregate(g, groupOf), 3);
    assert.ok(v.edges.length <= 3 * v.nodes.length, `${v.edges.length} edges for ${v.nodes.length} nodes`);
    assert.ok(v.hidden > 0);
  });
});
