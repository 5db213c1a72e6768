// Browser tests of the explorer's timeline: the histogram of the claims in
// view, a window dragged over it that filters the graph to the claims in the
// window (and goes into the URL), and play, which steps the window forward.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { launch, openPage } from '../lib/browser.mjs';
import { gotoExplorer, gql, idle } from '../lib/explorer.mjs';

let browser;
let china;
before(async () => {
  browser = await launch();
  china = (await gql('{ entity(name: "China") { id } }')).entity;
  assert.ok(china, 'the demo data has China');
});
after(async () => {
  await browser?.close();
});

/** shownEdges returns each drawn edge's claim days and whether the filters show it. */
function shownEdges(page) {
  return page.evaluate(() =>
    window.newsgraph.cy.edges().map((e) => ({ days: e.data('days') || [], shown: !e.hasClass('filtered') })),
  );
}

test('the timeline window filters edges, and play moves it', async (t) => {
  const { page, shot, close } = await openPage(browser, t);
  await gotoExplorer(page, new URLSearchParams([['n', china.id], ['x', `25~~${china.id}`]]).toString());
  const bars = page.locator('[data-testid=timeline-chart] rect.timeline-bar');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=timeline-chart] rect.timeline-bar').length > 0);
  await idle(page);
  const before = await shownEdges(page);
  assert.ok(before.length > 5 && before.every((e) => e.shown), `China's neighborhood drawn: ${before.length} edges`);
  await shot('timeline before');

  // drag a window over the tallest bar
  const heights = await bars.evaluateAll((rs) => rs.map((r) => Number(r.getAttribute('height'))));
  const tallest = heights.indexOf(Math.max(...heights));
  const box = await bars.nth(tallest).boundingBox();
  const chart = await page.getByTestId('timeline-chart').boundingBox();
  await page.mouse.move(box.x - 1, chart.y + chart.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width + 1, chart.y + chart.height / 2, { steps: 4 });
  await page.mouse.up();
  await idle(page);
  const hash = new URLSearchParams(await page.evaluate(() => window.location.hash.slice(1)));
  const from = hash.get('from');
  const to = hash.get('to');
  assert.match(from || '', /^\d{4}-\d{2}-\d{2}$/, `the window is in the URL: ${hash}`);
  const after = await shownEdges(page);
  const inWindow = (e) => e.days.some((d) => d >= from && d <= to);
  for (const e of after) assert.equal(e.shown, inWindow(e), `an edge with claims on ${e.days} in ${from}–${to}`);
  assert.ok(after.some((e) => e.shown), 'the window over the tallest bar shows some edges');
  assert.equal(await page.getByTestId('filter-from').inputValue(), from, 'the date inputs follow the window');
  await shot('window');

  // play steps the window forward
  const label = page.getByTestId('timeline-label');
  const first = await label.textContent();
  await page.getByTestId('timeline-play').click();
  await page.waitForFunction((was) => document.querySelector('[data-testid=timeline-label]').textContent !== was, first, {
    timeout: 10_000,
  });
  await page.getByTestId('timeline-play').click(); // pause
  await idle(page);
  const moved = new URLSearchParams(await page.evaluate(() => window.location.hash.slice(1)));
  assert.ok(moved.get('from') !== from, `play moved the window: ${from} → ${moved.get('from')}`);
  await shot('played');

  // a reload keeps the window
  await page.reload();
  await idle(page);
  await page.waitForFunction(() => Number(document.querySelector('[data-testid=timeline-window]').getAttribute('width')) > 0);
  await page.getByTestId('timeline-clear').click();
  await idle(page);
  assert.ok((await shownEdges(page)).every((e) => e.shown), 'All dates shows every edge again');
  await close();
});
