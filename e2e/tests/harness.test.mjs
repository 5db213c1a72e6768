// Tests of the harness itself: a page that reaches for another origin must
// fail its test. Nothing leaves the machine: the harness aborts the request
// and Chromium resolves no host name but the server's.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { launch, openPage } from '../lib/browser.mjs';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

test('a request to another origin fails the test', async (t) => {
  const { page, close } = await openPage(browser, t);
  // about:blank has no Content-Security-Policy to stop the request first.
  await page.setContent('<img src="https://fonts.example.invalid/x.png" alt="">');
  await page.waitForLoadState('load');
  await assert.rejects(close(), /requests left the server's origin/);
});

test('an uncaught page error fails the test', async (t) => {
  const { page, close } = await openPage(browser, t);
  await page.setContent('<script>setTimeout(() => { throw new Error("boom") }, 0)</script>');
  await page.waitForFunction(() => true);
  await page.waitForTimeout(100);
  await assert.rejects(close(), /uncaught errors in the page/);
});
