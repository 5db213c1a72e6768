// Browser tests of the page at / (the graph explorer).

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { launch, openPage, serverURL } from '../lib/browser.mjs';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

test('explorer page loads from the server alone', async (t) => {
  const { page, shot, close } = await openPage(browser, t);
  const res = await page.goto(new URL('/', serverURL()).href);
  assert.equal(res.status(), 200);
  assert.match(res.headers()['content-security-policy'] || '', /default-src 'self'/);
  assert.match(await page.title(), /newsgraph/);
  await shot('loaded');
  await close();
});
