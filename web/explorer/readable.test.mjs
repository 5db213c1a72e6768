import assert from 'node:assert/strict';
import { test } from 'node:test';
import { packBoxes, separateBoxes } from './readable.js';

/** label is the box of a 20 px node with a label w wide below it, relative to the node's centre. */
const label = (w) => ({ x1: -w / 2, y1: -10, x2: w / 2, y2: 30 });

/** overlaps counts the pairs of placed boxes closer than gap. */
function overlaps(items, positions, gap) {
  let n = 0;
  const b = items.map((it, i) => ({
    x1: positions[i].x + it.box.x1,
    y1: positions[i].y + it.box.y1,
    x2: positions[i].x + it.box.x2,
    y2: positions[i].y + it.box.y2,
  }));
  for (let i = 0; i < b.length; i++)
    for (let j = i + 1; j < b.length; j++)
      if (
        Math.min(b[i].x2, b[j].x2) - Math.max(b[i].x1, b[j].x1) + gap > 0.01 &&
        Math.min(b[i].y2, b[j].y2) - Math.max(b[i].y1, b[j].y1) + gap > 0.01
      )
        n++;
  return n;
}

test('separateBoxes moves overlapping labels apart', async (t) => {
  const grid = Array.from({ length: 36 }, (_, i) => ({ x: (i % 6) * 30, y: Math.floor(i / 6) * 20, box: label(90) }));
  const cases = [
    {
      name: 'two on one spot',
      items: [
        { x: 0, y: 0, box: label(100) },
        { x: 0, y: 0, box: label(100) },
      ],
    },
    {
      name: 'side by side, labels touching',
      items: [
        { x: 0, y: 0, box: label(100) },
        { x: 80, y: 5, box: label(100) },
      ],
    },
    { name: 'a crowded grid', items: grid },
    {
      name: 'a pinned node stays',
      items: [
        { x: 0, y: 0, box: label(100), fixed: true },
        { x: 10, y: 10, box: label(100) },
        { x: -10, y: 5, box: label(60) },
      ],
    },
  ];
  for (const c of cases) {
    await t.test(c.name, () => {
      const { positions, overlapping } = separateBoxes(c.items, { gap: 4 });
      assert.equal(overlapping, 0);
      assert.equal(overlaps(c.items, positions, 4), 0, 'no two boxes closer than the gap');
      c.items.forEach((it, i) => {
        if (it.fixed) assert.deepEqual(positions[i], { x: it.x, y: it.y });
      });
    });
  }
  await t.test('boxes apart already stay where they are', () => {
    const items = [
      { x: 0, y: 0, box: label(50) },
      { x: 200, y: 0, box: label(50) },
      { x: 0, y: 100, box: label(50) },
    ];
    assert.deepEqual(
      separateBoxes(items).positions,
      items.map(({ x, y }) => ({ x, y })),
    );
  });
  await t.test('two fixed boxes are left overlapping', () => {
    const items = [
      { x: 0, y: 0, box: label(50), fixed: true },
      { x: 5, y: 0, box: label(50), fixed: true },
    ];
    const { positions } = separateBoxes(items);
    assert.deepEqual(positions, [
      { x: 0, y: 0 },
      { x: 5, y: 0 },
    ]);
  });
});

test('packBoxes leaves no overlap and packs a sparse layout', async (t) => {
  const crowded = Array.from({ length: 60 }, (_, i) => ({ x: (i % 3) * 2, y: Math.floor(i / 3), box: label(120) }));
  const sparse = Array.from({ length: 16 }, (_, i) => ({
    x: (i % 4) * 400,
    y: Math.floor(i / 4) * 300,
    box: label(100),
  }));
  const span = (items, ps) => {
    const xs = ps.map((p, i) => [p.x + items[i].box.x1, p.x + items[i].box.x2]).flat();
    const ys = ps.map((p, i) => [p.y + items[i].box.y1, p.y + items[i].box.y2]).flat();
    return Math.max(Math.max(...xs) - Math.min(...xs), Math.max(...ys) - Math.min(...ys));
  };
  await t.test('sixty boxes on a few spots', () => {
    const ps = packBoxes(crowded, { gap: 4 });
    assert.equal(overlaps(crowded, ps, 4), 0);
  });
  await t.test('a sparse grid is drawn together', () => {
    const ps = packBoxes(sparse, { gap: 4 });
    assert.equal(overlaps(sparse, ps, 4), 0);
    assert.ok(span(sparse, ps) < 0.5 * span(sparse, sparse), `${span(sparse, ps)} of ${span(sparse, sparse)}`);
  });
});
