// Expand by type: a right-click (or a long press) on a node opens a menu built
// from the entity's relationCounts and neighborCounts ("accused by (2)",
// "threat groups (7)"); an entry expands only those neighbors.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { launch, openPage } from '../lib/browser.mjs';
import { gotoExplorer, gql, idle, pointOf } from '../lib/explorer.mjs';

const CHINA = 'country:china';

let browser;
let china;
before(async () => {
  browser = await launch();
  const data = await gql(
    `query ($id: ID!) { entity(id: $id) { id name relationCounts { predicate direction count }
      neighborCounts { type count } } }`,
    { id: CHINA },
  );
  china = data.entity;
  assert.ok(china, 'the demo has China');
});
after(async () => {
  await browser?.close();
});

/** neighborsOf asks the API for the neighbors an expansion with filter should draw. */
async function neighborsOf(id, { types = null, predicates = null, direction = 'BOTH' }) {
  const data = await gql(
    `query ($id: ID!, $t: [EntityType!], $p: [Predicate!], $d: Direction) {
      neighborhood(ids: [$id], depth: 1, fanout: 25, limit: 26, types: $t, predicates: $p, direction: $d) {
        nodes { id type } } }`,
    { id, t: types, p: predicates, d: direction },
  );
  return data.neighborhood.nodes.map((n) => n.id).filter((n) => n !== id);
}

/** menuEntries opens the menu of node id with a right-click and returns its entries. */
async function openMenuOf(page, id, how = 'right') {
  const p = await pointOf(page, id);
  assert.ok(p, `${id} is drawn`);
  if (how === 'right') {
    await page.mouse.click(p.x, p.y, { button: 'right' });
  } else {
    // a long press: Cytoscape's taphold, after 500 ms without moving
    await page.mouse.move(p.x, p.y);
    await page.mouse.down();
    await page.waitForTimeout(900);
    await page.mouse.up();
  }
  await page.getByTestId('expand-menu').waitFor({ timeout: 10_000 });
  await idle(page);
  return page.evaluate(() =>
    [...document.querySelectorAll('[data-testid="expand-menu"] .menu-item')].map((b) => ({
      testid: b.dataset.testid,
      label: b.dataset.label,
      count: Number(b.dataset.count),
      text: b.textContent,
    })),
  );
}

const drawnIds = (page) =>
  page.evaluate(() =>
    window.newsgraph.cy
      .nodes()
      .map((n) => n.id())
      .sort(),
  );

test('a right-click on a node expands only the neighbors of one type or relation', async (t) => {
  const { page, shot, close } = await openPage(browser, t);
  await gotoExplorer(page, `#n=${CHINA}`);

  const entries = await openMenuOf(page, CHINA);
  await shot('expand menu of China');
  t.diagnostic(`menu: ${entries.map((e) => e.text).join(' | ')}`);
  const byType = entries.filter((e) => e.testid === 'expand-menu-type');
  const byRel = entries.filter((e) => e.testid === 'expand-menu-relation');
  const wantTypes = china.neighborCounts.filter((c) => c.count > 0);
  assert.equal(byType.length, wantTypes.length, 'one entry per neighbor type');
  const groups = china.neighborCounts.find((c) => c.type === 'THREAT_GROUP');
  assert.ok(groups, 'China has threat-group neighbors');
  const groupEntry = byType.find((e) => e.label === 'threat groups');
  assert.ok(groupEntry, 'a "threat groups" entry');
  assert.equal(groupEntry.count, groups.count);
  assert.equal(groupEntry.text, `threat groups(${groups.count})`);
  const accused = china.relationCounts.find((c) => c.predicate === 'ACCUSES' && c.direction === 'IN');
  assert.ok(accused, 'China is accused by someone');
  const accusedEntry = byRel.find((e) => e.label === 'accused by');
  assert.equal(accusedEntry?.count, accused.count, 'an "accused by" entry with its count');
  assert.equal(byRel.length, china.relationCounts.filter((c) => c.count > 0).length, 'one entry per relation count');

  // Threat groups only.
  await page.locator('[data-testid="expand-menu-type"][data-label="threat groups"]').click();
  await idle(page);
  assert.equal(await page.getByTestId('expand-menu').count(), 0, 'the menu closed');
  const want = await neighborsOf(CHINA, { types: ['THREAT_GROUP'] });
  assert.ok(want.length > 0);
  assert.deepEqual(await drawnIds(page), [CHINA, ...want].sort(), 'only the threat groups were drawn');
  const types = await page.evaluate(() => [...new Set(window.newsgraph.cy.nodes().map((n) => n.data('type')))].sort());
  assert.deepEqual(types, ['COUNTRY', 'THREAT_GROUP']);
  assert.match(await page.evaluate(() => window.newsgraph.view), /x=25~t-THREAT_GROUP~country:china/);
  await shot('threat groups of China');

  // Then those that accuse China, from a long press.
  const before = await drawnIds(page);
  const entries2 = await openMenuOf(page, CHINA, 'long');
  assert.ok(entries2.length > 0);
  await page.locator('[data-testid="expand-menu-relation"][data-label="accused by"]').click();
  await idle(page);
  const accusers = await neighborsOf(CHINA, {
    predicates: ['ACCUSES'],
    direction: 'IN',
  });
  assert.deepEqual(await drawnIds(page), [...new Set([...before, ...accusers])].sort());
  const view = await page.evaluate(() => window.newsgraph.view);
  assert.match(view, /x=25~ACCUSES\.in~country:china/);

  // The link redraws the same graph.
  const drawn = await drawnIds(page);
  await page.goto('about:blank');
  await gotoExplorer(page, `#${view}`);
  assert.deepEqual(await drawnIds(page), drawn, 'the link redraws the typed expansions');

  // Escape closes the menu without expanding.
  await openMenuOf(page, CHINA);
  await page.keyboard.press('Escape');
  assert.equal(await page.getByTestId('expand-menu').count(), 0);
  assert.deepEqual(await drawnIds(page), drawn);
  await close();
});
