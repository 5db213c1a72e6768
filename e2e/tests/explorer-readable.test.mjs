// A view of about 50 nodes stays readable: the start view offers entities and
// documents to begin with; China, the United States and Russia expanded fill
// the canvas with labels no smaller than 10 px at fit, names wrapped rather
// than cut, hardly any label over another (at most 5% of them in an overlap),
// edge labels only on hover, on the selection or zoomed in; and a selection
// stands out with the rest dimmed.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { launch, openPage } from '../lib/browser.mjs';
import { gotoExplorer, idle, pointOf } from '../lib/explorer.mjs';

/** MIN_PX is the smallest rendered node label the test accepts at fit. */
const MIN_PX = 10;

/** MAX_OVERLAP is the largest share of node labels the test accepts in an overlap with another label at fit. */
const MAX_OVERLAP = 0.05;

const THREE = ['country:china', 'country:united-states', 'country:russia'];
const threeView = (more = []) =>
  `#${[...THREE.map((id) => `n=${id}`), ...[...THREE, ...more].map((id) => `x=25~~${id}`)].join('&')}`;

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

/** measure returns the view's numbers: counts, zoom, label sizes on screen, extent on the canvas. */
function measure(page) {
  return page.evaluate(() => {
    const cy = window.newsgraph.cy;
    const nodes = cy.nodes(':visible');
    const px = nodes.map((n) => parseFloat(n.style('font-size')) * cy.zoom());
    const bb = nodes.renderedBoundingBox({ includeLabels: false });
    return {
      nodes: nodes.length,
      edges: cy.edges(':visible').length,
      zoom: Math.round(cy.zoom() * 1000) / 1000,
      minLabelPx: Math.round(Math.min(...px) * 10) / 10,
      wraps: [...new Set(nodes.map((n) => n.style('text-wrap')))],
      width: Math.round(bb.w),
      height: Math.round(bb.h),
      canvasWidth: cy.width(),
      canvasHeight: cy.height(),
      edgeLabels: cy.edges(':visible').filter((e) => e.style('label') !== '').length,
      ...labelOverlaps(nodes),
    };

    /**
     * labelOverlaps finds the node labels whose boxes on screen overlap
     * another's by more than 2 px each way (a touch of their outlines is not
     * an overlap): their share and the pairs.
     */
    function labelOverlaps(nodes) {
      const opts = { includeNodes: false, includeEdges: false, includeLabels: true, includeOverlays: false };
      const boxes = nodes.map((n) => ({ name: n.data('name'), b: n.renderedBoundingBox(opts) }));
      const over = new Set();
      const pairs = [];
      for (let i = 0; i < boxes.length; i++) {
        for (let j = i + 1; j < boxes.length; j++) {
          const a = boxes[i].b;
          const b = boxes[j].b;
          const w = Math.min(a.x2, b.x2) - Math.max(a.x1, b.x1);
          const h = Math.min(a.y2, b.y2) - Math.max(a.y1, b.y1);
          if (w <= 2 || h <= 2) continue;
          over.add(i).add(j);
          pairs.push(`${boxes[i].name} / ${boxes[j].name}`);
        }
      }
      return { labelOverlap: Math.round((over.size / Math.max(boxes.length, 1)) * 1000) / 1000, overlapping: pairs };
    }
  });
}

test('the empty explorer offers starting points', async (t) => {
  const { page, shot, close } = await openPage(browser, t);
  await gotoExplorer(page);
  const start = page.getByTestId('start');
  await start.waitFor({ state: 'visible', timeout: 15_000 });
  const entities = page.getByTestId('start-entity');
  const docs = page.getByTestId('start-document');
  assert.ok((await entities.count()) >= 5, 'most connected entities are offered');
  assert.ok((await docs.count()) >= 3, 'the latest documents are offered');
  await shot('start view');

  // An entity draws it with its neighbors.
  const first = await entities.first().getAttribute('data-id');
  await entities.first().click();
  await idle(page);
  assert.equal(await start.isVisible(), false, 'the start view goes once something is drawn');
  const drawn = await page.evaluate(() => window.newsgraph.cy.nodes().length);
  assert.ok(drawn > 5, `the entity and its neighbors are drawn (${drawn})`);
  assert.match(await page.evaluate(() => window.newsgraph.view), new RegExp(`x=25~~${first}`));

  // Clear brings it back; a document draws the entities it mentions.
  await page.getByTestId('clear').click();
  await start.waitFor({ state: 'visible' });
  await docs.first().click();
  await idle(page);
  const fromDoc = await page.evaluate(() => window.newsgraph.cy.nodes().length);
  assert.ok(fromDoc >= 3, `the document's entities are drawn (${fromDoc})`);
  await shot('a document drawn');
  await close();
});

test('China, the United States and Russia expanded are readable at fit', async (t) => {
  const { page, shot, close } = await openPage(browser, t);
  const cases = [
    { name: 'three countries', hash: threeView(), min: 40 },
    { name: 'and the Department of Justice', hash: threeView(['agency:department-of-justice']), min: 50 },
  ];
  for (const c of cases) {
    await page.goto('about:blank');
    await gotoExplorer(page, c.hash);
    await page.getByTestId('fit').click();
    await page.waitForTimeout(400);
    const m = await measure(page);
    t.diagnostic(`${c.name}: ${JSON.stringify(m)}`);
    await shot(`${c.name} at fit`);
    assert.ok(m.nodes >= c.min, `${c.name}: ${m.nodes} nodes`);
    assert.ok(m.minLabelPx >= MIN_PX, `${c.name}: smallest label ${m.minLabelPx} px at zoom ${m.zoom}`);
    assert.deepEqual(m.wraps, ['wrap'], 'names are wrapped, not cut');
    // Labels do not hide one another.
    assert.ok(
      m.labelOverlap <= MAX_OVERLAP,
      `${c.name}: ${m.labelOverlap * 100}% of the node labels overlap another: ${m.overlapping.join('; ')}`,
    );
    // The layout uses the canvas: most of its width and of its height.
    assert.ok(m.width >= 0.7 * m.canvasWidth, `${c.name}: ${m.width} of ${m.canvasWidth} px wide`);
    assert.ok(m.height >= 0.7 * m.canvasHeight, `${c.name}: ${m.height} of ${m.canvasHeight} px high`);
    assert.equal(m.edgeLabels, 0, 'no edge label at fit until asked for');
  }

  // A selected node: its edges show their labels, the rest is dimmed.
  const hub = 'country:china';
  const p = await pointOf(page, hub);
  await page.mouse.click(p.x, p.y);
  await idle(page);
  const sel = await page.evaluate((id) => {
    const cy = window.newsgraph.cy;
    const n = cy.getElementById(id);
    const near = n.closedNeighborhood();
    const far = cy.elements(':visible').not(near);
    return {
      selected: n.selected(),
      labelled: n.connectedEdges().filter((e) => e.style('label') !== '').length,
      edges: n.connectedEdges().length,
      nearOpacity: Math.min(...near.map((e) => Number(e.style('opacity')))),
      farOpacity: Math.max(...far.map((e) => Number(e.style('opacity')))),
      farLabelled: far.edges().filter((e) => e.style('label') !== '').length,
    };
  }, hub);
  t.diagnostic(`selected ${hub}: ${JSON.stringify(sel)}`);
  assert.ok(sel.selected);
  assert.equal(sel.labelled, sel.edges, 'the edges of the selection are labelled');
  assert.equal(sel.farLabelled, 0);
  assert.ok(sel.nearOpacity >= 0.8 && sel.farOpacity <= 0.25, 'the rest is dimmed');
  await shot('China selected');

  // A selected edge: it and its two ends.
  const edge = await page.evaluate((id) => window.newsgraph.cy.getElementById(id).connectedEdges()[0].id(), hub);
  await page.evaluate((id) => {
    const cy = window.newsgraph.cy;
    cy.$(':selected').unselect();
    cy.getElementById(id).select();
  }, edge);
  await idle(page);
  const es = await page.evaluate((id) => {
    const cy = window.newsgraph.cy;
    const e = cy.getElementById(id);
    return {
      label: e.style('label'),
      width: parseFloat(e.style('width')),
      ends: e.connectedNodes().every((n) => Number(n.style('opacity')) === 1),
      dimmed: cy
        .nodes(':visible')
        .not(e.connectedNodes())
        .every((n) => Number(n.style('opacity')) < 0.3),
    };
  }, edge);
  assert.notEqual(es.label, '');
  assert.ok(es.width >= 6 && es.ends && es.dimmed, JSON.stringify(es));
  await shot('an edge selected');

  // Unselected and zoomed in: every edge on screen says what it is.
  await page.evaluate(() => {
    const cy = window.newsgraph.cy;
    cy.$(':selected').unselect();
    cy.zoom({ level: 1.6, renderedPosition: { x: cy.width() / 2, y: cy.height() / 2 } });
  });
  await idle(page);
  const zoomed = await page.evaluate(() => {
    const cy = window.newsgraph.cy;
    return {
      all: cy.edges(':visible').length,
      labelled: cy.edges(':visible').filter((e) => e.style('label') !== '').length,
    };
  });
  assert.equal(zoomed.labelled, zoomed.all, 'zoomed in, every edge is labelled');
  await shot('zoomed in');
  await close();
});
