// Helpers of the explorer's browser tests: drive the page at / and ask the
// API what it should show.

import assert from 'node:assert/strict';
import { serverURL } from './browser.mjs';

/** gql runs a GraphQL operation against the server under test, from Node. */
export async function gql(query, variables = {}) {
  const res = await fetch(new URL('/graphql', serverURL()), {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  const body = await res.json();
  assert.equal(body.errors, undefined, `GraphQL errors: ${JSON.stringify(body.errors)}`);
  return body.data;
}

/** idle waits until the page has no request, layout or operation running. */
export async function idle(page, timeout = 30_000) {
  await page.waitForFunction(() => window.newsgraph && !window.newsgraph.busy, null, { timeout });
  await page.evaluate(() => window.newsgraph.idle());
  // The panel renders on a zero-delay timer after a selection change.
  await page.evaluate(() => new Promise((r) => setTimeout(r, 0)));
  await page.waitForFunction(() => !window.newsgraph.busy, null, { timeout });
}

/** gotoExplorer opens the explorer (with an optional #view) and waits for it. */
export async function gotoExplorer(page, hash = '') {
  const url = new URL('/', serverURL());
  url.hash = hash;
  const res = await page.goto(url.href);
  assert.equal(res.status(), 200);
  await idle(page);
  return res;
}

/** drawn returns the IDs of the visible nodes and edges. */
export function drawn(page) {
  return page.evaluate(() => {
    const cy = window.newsgraph.cy;
    return {
      nodes: cy
        .nodes(':visible')
        .map((n) => n.id())
        .sort(),
      edges: cy
        .edges(':visible')
        .map((e) => e.id())
        .sort(),
      allNodes: cy
        .nodes()
        .map((n) => n.id())
        .sort(),
      allEdges: cy
        .edges()
        .map((e) => e.id())
        .sort(),
    };
  });
}

/** counts returns the numbers the node-count and edge-count elements show. */
export async function counts(page) {
  const n = Number((await page.getByTestId('node-count').textContent()).trim());
  const e = Number((await page.getByTestId('edge-count').textContent()).trim());
  return { nodes: n, edges: e };
}

/** pointOf returns the page coordinates of a node's centre or an edge's midpoint. */
export async function pointOf(page, id) {
  return page.evaluate((id) => {
    const cy = window.newsgraph.cy;
    const ele = cy.getElementById(id);
    if (ele.empty()) return null;
    const p = ele.isNode() ? ele.renderedPosition() : ele.renderedMidpoint();
    const box = cy.container().getBoundingClientRect();
    return { x: box.left + p.x, y: box.top + p.y };
  }, id);
}

/** selectedIds returns the IDs of the selected elements. */
export function selectedIds(page) {
  return page.evaluate(() => window.newsgraph.cy.$(':selected').map((e) => e.id()));
}

/**
 * clearEdges returns the visible edges whose midpoints are inside the graph
 * and away from every node, so that a click there hits the edge.
 */
export function clearEdges(page) {
  return page.evaluate(() => {
    const cy = window.newsgraph.cy;
    const box = cy.container().getBoundingClientRect();
    const nodes = cy.nodes(':visible').map((n) => n.renderedBoundingBox({ includeLabels: true }));
    return cy
      .edges(':visible')
      .filter((e) => {
        const m = e.renderedMidpoint();
        if (m.x < 10 || m.y < 10 || m.x > box.width - 10 || m.y > box.height - 10) return false;
        return nodes.every((b) => m.x < b.x1 - 4 || m.x > b.x2 + 4 || m.y < b.y1 - 4 || m.y > b.y2 + 4);
      })
      .map((e) => e.id());
  });
}

/** clickElement clicks a node or edge where it is drawn and reports whether it got selected. */
export async function clickElement(page, id) {
  const p = await pointOf(page, id);
  assert.ok(p, `${id} is not drawn`);
  await page.mouse.click(p.x, p.y);
  await idle(page);
  return (await selectedIds(page)).includes(id);
}

/** search types text in the search box and waits for its suggestions. */
export async function search(page, text) {
  const input = page.getByTestId('search');
  await input.fill('');
  await input.pressSequentially(text, { delay: 20 });
  const first = page.getByTestId('suggestion').first();
  await first.waitFor({ timeout: 15_000 });
  return page.getByTestId('suggestion');
}

/** addBySearch searches text and clicks the suggestion of entity id. */
export async function addBySearch(page, text, id) {
  await search(page, text);
  await page.locator(`[data-testid="suggestion"][data-id="${id}"]`).click();
  await page.waitForFunction((id) => window.newsgraph.cy.getElementById(id).nonempty(), id);
  await idle(page);
}
