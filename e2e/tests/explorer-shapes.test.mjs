// Every node shape of the explorer takes a click at its centre. Cytoscape
// hit-tests polygon shapes by casting a ray through the click; a ray through
// a vertex (the top and bottom corners of a diamond, straight above and
// below its centre) counted it twice and missed, so that at the fit zoom a
// click on the centre of a threat group went to the background and a
// double-click on APT40 deselected it instead of drawing its neighbors.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { launch, openPage } from '../lib/browser.mjs';
import { gotoExplorer, gql, idle, pointOf, selectedIds } from '../lib/explorer.mjs';

let browser;
let types;
before(async () => {
  browser = await launch();
  const data = await gql('{ __type(name: "EntityType") { enumValues { name } } }');
  types = data.__type.enumValues.map((v) => v.name);
  assert.ok(types.includes('THREAT_GROUP'), 'the schema has threat groups');
});
after(async () => {
  await browser?.close();
});

/** drawEntities draws one node per type, without edges, and fits the view. */
async function drawEntities(page, entityTypes) {
  await page.evaluate(
    (ts) =>
      window.newsgraph.draw({
        nodes: ts.map((type) => ({ id: `shape:${type}`, name: type.toLowerCase(), type })),
        edges: [],
      }),
    entityTypes,
  );
  await idle(page);
  await page.getByRole('button', { name: 'Fit' }).click();
  await idle(page);
}

/**
 * clickCentre clicks the centre of node id (unselecting everything first)
 * and returns its shape, the zoom and what got selected.
 */
async function clickCentre(page, id) {
  await page.evaluate(() => {
    window.newsgraph.cy.elements().unselect();
  });
  // two clicks at one place within Cytoscape's double-tap time are a double-click
  await page.waitForTimeout(600);
  const p = await pointOf(page, id);
  assert.ok(p, `${id} is drawn`);
  await page.mouse.click(p.x, p.y);
  await idle(page);
  const { shape, zoom } = await page.evaluate(
    (id) => ({ shape: window.newsgraph.cy.getElementById(id).style('shape'), zoom: window.newsgraph.cy.zoom() }),
    id,
  );
  return { shape, zoom, selected: await selectedIds(page) };
}

test('a click at the centre of a node selects it, for every shape, alone at the fit zoom', async (t) => {
  const { page, shot, close } = await openPage(browser, t);
  await gotoExplorer(page);
  const missed = [];
  for (const type of types) {
    await drawEntities(page, [type]);
    const id = `shape:${type}`;
    const got = await clickCentre(page, id);
    t.diagnostic(`${type} (${got.shape}) at zoom ${got.zoom.toFixed(2)}: selected ${JSON.stringify(got.selected)}`);
    if (!got.selected.includes(id)) {
      missed.push(`${type} (${got.shape})`);
      await shot(`missed ${type}`);
    }
  }
  assert.deepEqual(missed, [], 'clicks at the centre missed these shapes');
  await close();
});

test('a click at the centre of a node selects it, for every shape, together at the fit zoom', async (t) => {
  const { page, shot, close } = await openPage(browser, t);
  await gotoExplorer(page);
  await drawEntities(page, types);
  await shot('every shape');
  const missed = [];
  for (const type of types) {
    const got = await clickCentre(page, `shape:${type}`);
    if (!got.selected.includes(`shape:${type}`)) missed.push(`${type} (${got.shape}) at zoom ${got.zoom.toFixed(2)}`);
  }
  assert.deepEqual(missed, [], 'clicks at the centre missed these shapes');
  await close();
});

test('double-clicking the centre of APT40 draws its neighbors', async (t) => {
  const apt40 = (await gql('{ entity(name: "APT40") { id type } }')).entity;
  assert.equal(apt40?.type, 'THREAT_GROUP', 'the demo data has APT40, a threat group');
  const { page, shot, close } = await openPage(browser, t);
  await gotoExplorer(page, `n=${encodeURIComponent(apt40.id)}`);
  await page.getByRole('button', { name: 'Fit' }).click();
  await idle(page);
  await shot('apt40 alone');
  const p = await pointOf(page, apt40.id);
  await page.mouse.dblclick(p.x, p.y);
  await page.waitForFunction(() => window.newsgraph.cy.nodes().length > 1, null, { timeout: 15_000 });
  await idle(page);
  await shot('apt40 expanded');
  assert.ok((await selectedIds(page)).includes(apt40.id), 'APT40 stays selected');
  await close();
});
