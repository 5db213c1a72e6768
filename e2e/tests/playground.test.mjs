// Browser tests of the GraphiQL playground at /playground.

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

const playgroundURL = () => new URL('playground', serverURL()).href;

/** editorText returns the text a Monaco editor inside root shows. */
async function editorText(page, root) {
  const text = await page.locator(`${root} .monaco-editor .view-lines`).first().innerText();
  return text.replace(/\u00a0/g, ' ');
}

/**
 * waitForEditor waits until the query editor is mounted and, unless the
 * active tab is a new, empty one, shows its query.
 */
async function waitForEditor(page, { empty = false } = {}) {
  await page.locator('.graphiql-container').waitFor({ timeout: 30_000 });
  await page.locator('.graphiql-query-editor .monaco-editor .view-lines').waitFor({ timeout: 30_000 });
  if (empty) return;
  await page.waitForFunction(
    () => document.querySelector('.graphiql-query-editor .view-lines')?.textContent.trim().length > 0,
    null,
    { timeout: 30_000 },
  );
}

/** runQuery replaces the query of the active tab with query and runs it. */
async function runQuery(page, query) {
  await page.locator('.graphiql-query-editor .monaco-editor .view-lines').click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('Delete');
  // insertText types the whole string at once, so Monaco does not add
  // closing brackets of its own.
  await page.keyboard.insertText(query);
  const response = page.waitForResponse(
    (res) => new URL(res.url()).pathname === '/graphql' && res.request().method() === 'POST' &&
      (res.request().postData() || '').includes(query.replace(/\s+/g, ' ').trim().slice(2, 12)),
    { timeout: 30_000 },
  );
  await page.locator('.graphiql-execute-button').click();
  return response;
}

/** resultJSON waits for the result pane to hold JSON and returns it parsed. */
async function resultJSON(page) {
  await page.waitForFunction(
    () => {
      const t = document.querySelector('.graphiql-response .view-lines')?.textContent || '';
      return t.includes('"data"') || t.includes('"errors"');
    },
    null,
    { timeout: 30_000 },
  );
  const text = await editorText(page, '.graphiql-response');
  try {
    return JSON.parse(text);
  } catch (err) {
    assert.fail(`result pane does not hold JSON (${err.message}):\n${text}`);
  }
}

test('playground loads with the example tabs', async (t) => {
  const { page, shot, close } = await openPage(browser, t);
  const res = await page.goto(playgroundURL());
  assert.equal(res.status(), 200);
  await waitForEditor(page);
  await shot('loaded');

  const tabs = await page.locator('.graphiql-tab').allInnerTexts();
  for (const name of ['Search', 'EntityWithEvidence', 'Neighborhood', 'Paths', 'Stats']) {
    assert.ok(tabs.some((tab) => tab.includes(name)), `no ${name} tab among ${JSON.stringify(tabs)}`);
  }
  const query = await editorText(page, '.graphiql-query-editor');
  assert.match(query, /entities\(query: "MSS"/, 'the first tab holds the search example');
  await close();
});

test('playground runs a query and shows the JSON result', async (t) => {
  const { page, requests, shot, close } = await openPage(browser, t);
  await page.goto(playgroundURL());
  await waitForEditor(page);

  // A tab of its own, so that the examples stay as they are.
  await page.getByRole('button', { name: 'New tab' }).click();
  await waitForEditor(page, { empty: true });
  const query = '{ stats { entities relations documents } }';
  const response = await runQuery(page, query);
  assert.equal(response.status(), 200);
  await shot('query typed and run');

  const result = await resultJSON(page);
  await shot('result');
  assert.equal(result.errors, undefined, `the query failed: ${JSON.stringify(result.errors)}`);
  for (const field of ['entities', 'relations', 'documents']) {
    assert.equal(typeof result.data?.stats?.[field], 'number', `stats.${field} in ${JSON.stringify(result)}`);
  }
  assert.ok(
    requests.some((r) => r === `POST ${new URL('/graphql', serverURL()).href}`),
    'the query went to /graphql on the same origin',
  );
  await close();
});
