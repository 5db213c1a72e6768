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

/**
 * graphqlResponse waits for the next POST to /graphql whose body satisfies
 * match (given the parsed request body) and returns its parsed JSON answer.
 */
async function graphqlResponse(page, match) {
  const res = await page.waitForResponse(
    (r) => {
      if (new URL(r.url()).pathname !== '/graphql' || r.request().method() !== 'POST') return false;
      try {
        return match(JSON.parse(r.request().postData() || '{}'));
      } catch {
        return false;
      }
    },
    { timeout: 30_000 },
  );
  const text = await res.text();
  assert.equal(res.status(), 200, `POST /graphql ${res.request().postData()} answered ${res.status()}: ${text}`);
  return JSON.parse(text);
}

/** runQuery replaces the query of the active tab with query and runs it. */
async function runQuery(page, query) {
  await page.locator('.graphiql-query-editor .monaco-editor .view-lines').click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('Delete');
  // insertText types the whole string at once, so Monaco does not add
  // closing brackets of its own.
  await page.keyboard.insertText(query);
  const response = graphqlResponse(page, (body) => body.query === query);
  response.catch(() => {}); // returned and awaited by the caller
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
  await runQuery(page, query);
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

test('example tabs run against the demo data', async (t) => {
  const { page, shot, close } = await openPage(browser, t);
  await page.goto(playgroundURL());
  await waitForEditor(page);

  const run = async (tab) => {
    await page.locator('.graphiql-tab', { hasText: tab }).click();
    await page.waitForFunction(
      (name) =>
        (document.querySelector('.graphiql-query-editor .view-lines')?.textContent || '')
          .replace(/\u00a0/g, ' ')
          .includes(`query ${name}`),
      tab,
      { timeout: 10_000 },
    );
    const response = graphqlResponse(page, (body) => body.operationName === tab);
    response.catch(() => {}); // awaited below; this keeps an early failure from counting as unhandled
    await page.locator('.graphiql-execute-button').click();
    const result = await response;
    await page.waitForFunction(
      () => (document.querySelector('.graphiql-response .view-lines')?.textContent || '').includes('"data"'),
      null,
      { timeout: 30_000 },
    );
    await shot(tab);
    assert.equal(result.errors, undefined, `${tab} failed: ${JSON.stringify(result.errors)}`);
    return result.data;
  };

  const search = await run('Search');
  const names = search.entities.edges.flatMap((e) => [e.node.name, ...e.node.aliases]);
  assert.ok(names.includes('MSS'), `searching "MSS" finds an entity called MSS, got ${JSON.stringify(names)}`);

  const entity = await run('EntityWithEvidence');
  assert.ok(entity.entity, 'the entity named MSS exists');
  const evidence = entity.entity.relations.edges.flatMap((e) => e.node.evidence);
  assert.ok(evidence.length > 0 && evidence.every((ev) => ev.sentence.length > 0), 'its relations carry evidence');

  // The page looked up real ids for these two tabs when it loaded.
  const neighborhood = await run('Neighborhood');
  const variables = await editorText(page, '.graphiql-editor-tool');
  assert.doesNotMatch(variables, /paste-an-entity-id/, 'the Neighborhood variables hold a real id');
  assert.ok(neighborhood.neighborhood.nodes.length > 1, 'the neighborhood has more than its centre');

  const paths = await run('Paths');
  assert.ok(paths.paths.length > 0, 'a path links the two example entities');
  for (const p of paths.paths) assert.equal(p.edges.length, p.nodes.length - 1, 'a path has one edge fewer than nodes');

  await close();
});

test(
  'the schema loads: the documentation explorer lists the Query fields',
  async (t) => {
    const { page, shot, close } = await openPage(browser, t);
    const introspection = graphqlResponse(page, (body) => (body.query || '').includes('__schema'));
    introspection.catch(() => {});
    await page.goto(playgroundURL());
    await waitForEditor(page);
    const schema = await introspection;
    assert.equal(schema.errors, undefined, `introspection failed: ${JSON.stringify(schema.errors)}`);

    await page.getByRole('button', { name: 'Show Documentation Explorer' }).click();
    const docs = page.locator('.graphiql-doc-explorer');
    await docs.getByText('Query', { exact: true }).first().click();
    for (const field of ['entities', 'neighborhood', 'paths', 'stats']) {
      await docs.getByText(field, { exact: true }).first().waitFor({ timeout: 10_000 });
    }
    await shot('docs');
    await close();
  },
);
