// Browser test of disputes in the explorer: a relation that its target
// denies is drawn differently (dashed, outlined), and its panel shows both
// sides with their evidence. The demo corpus has denials.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { launch, openPage } from '../lib/browser.mjs';
import { gotoExplorer, gql, idle } from '../lib/explorer.mjs';

let browser;
let dispute;
before(async () => {
  browser = await launch();
  const data = await gql(`{ disputes(kinds: [DENIAL], first: 5) { totalCount edges { node {
    kind claims { id } counterClaims { id } relation { id subject { id } object { id } } } } } }`);
  assert.ok(data.disputes.totalCount > 0, 'the demo corpus has a denial');
  dispute = data.disputes.edges[0].node;
});
after(async () => {
  await browser?.close();
});

test('a disputed edge shows both sides', async (t) => {
  const { page, shot, close } = await openPage(browser, t);
  const rel = dispute.relation;
  const hash = new URLSearchParams([['n', rel.subject.id], ['n', rel.object.id], ['sel', rel.id]]).toString();
  await gotoExplorer(page, hash);
  const details = page.getByTestId('details');
  const section = details.getByTestId('disputes');
  await section.waitFor();
  await idle(page);
  const style = await page.evaluate((id) => {
    const e = window.newsgraph.cy.getElementById(id);
    return { dashed: e.style('line-style'), disputed: e.data('disputed') };
  }, rel.id);
  assert.deepEqual(style, { dashed: 'dashed', disputed: 1 }, 'the disputed edge is drawn dashed');
  const denial = section.getByTestId('dispute').filter({ has: page.locator('[data-kind=DENIAL]') }).or(section.locator('[data-kind=DENIAL]'));
  await denial.first().waitFor();
  const claims = section.getByTestId('dispute-claims').first().getByTestId('evidence');
  const counter = section.getByTestId('dispute-counter').first().getByTestId('evidence');
  assert.ok((await claims.count()) >= 1, 'the accusation side has evidence');
  assert.ok((await counter.count()) >= 1, 'the denial side has evidence');
  assert.match(await section.getByTestId('dispute-kind').first().textContent(), /Denied/);
  assert.ok((await counter.first().getByTestId('evidence-sentence').textContent()).length > 10, 'the denial is a sentence');
  await shot('both sides');
  await close();
});
