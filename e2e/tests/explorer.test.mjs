// Browser tests of the page at / (the graph explorer), against `serve --demo`.
// What the page should draw is asked of the API, not written down here.

import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, test } from 'node:test';
import { launch, openPage, serverURL } from '../lib/browser.mjs';
import {
  addBySearch,
  clearEdges,
  clickElement,
  counts,
  drawn,
  gotoExplorer,
  gql,
  idle,
  pointOf,
  search,
  selectedIds,
} from '../lib/explorer.mjs';

let browser;
let mss;
before(async () => {
  browser = await launch();
  mss = (await gql('{ entity(name: "MSS") { id name } }')).entity;
  assert.equal(mss?.name, 'Ministry of State Security', 'the demo data resolves MSS');
});
after(async () => {
  await browser?.close();
});

/** neighborhood asks the API what an expansion of id should draw. */
async function neighborhood(id, fanout = 25) {
  const data = await gql(
    `query($id: ID!, $f: Int, $l: Int) { neighborhood(ids: [$id], depth: 1, fanout: $f, limit: $l) {
      nodes { id name } edges { id } omitted { entity { id } count } } }`,
    { id, f: fanout, l: fanout + 1 },
  );
  return data.neighborhood;
}

/** drawMSS searches "MSS", picks the suggestion and expands it with a double-click. */
async function drawMSS(page, shot) {
  await addBySearch(page, 'MSS', mss.id);
  const p = await pointOf(page, mss.id);
  await page.mouse.dblclick(p.x, p.y);
  await page.waitForFunction(() => window.newsgraph.cy.nodes().length > 1);
  await idle(page);
  if (shot) await shot('mss expanded');
}

test('explorer page loads from the server alone', async (t) => {
  const { page, requests, shot, close } = await openPage(browser, t);
  const res = await gotoExplorer(page);
  assert.match(res.headers()['content-security-policy'] || '', /default-src 'self'/);
  assert.match(await page.title(), /newsgraph/);
  for (const id of ['search', 'graph', 'details', 'path-from', 'path-to', 'path-find', 'node-count', 'edge-count']) {
    assert.equal(await page.getByTestId(id).count(), 1, `one element with data-testid=${id}`);
  }
  assert.deepEqual(await counts(page), { nodes: 0, edges: 0 });
  assert.equal(await page.evaluate(() => typeof window.newsgraph.cy.nodes), 'function');
  // The page's own script and style, and the API, all on the server's origin.
  assert.ok(
    requests.some((r) => /\/explorer\/main-[A-Z0-9]{8}\.js$/.test(r)),
    requests.join('\n'),
  );
  assert.ok(requests.some((r) => r.startsWith('POST') && r.endsWith('/graphql')));
  await shot('loaded');
  await close();
});

test('searching MSS and choosing the suggestion draws the Ministry of State Security', async (t) => {
  const { page, shot, close } = await openPage(browser, t);
  await gotoExplorer(page);
  const suggestions = await search(page, 'MSS');
  const first = suggestions.first();
  assert.equal(await first.getAttribute('data-id'), mss.id, 'the best suggestion for MSS');
  assert.match(await first.textContent(), /Ministry of State Security/);
  await shot('suggestions');
  await first.click();
  await page.waitForFunction((id) => window.newsgraph.cy.getElementById(id).nonempty(), mss.id);
  await idle(page);
  assert.deepEqual((await drawn(page)).nodes, [mss.id]);
  assert.deepEqual(await counts(page), { nodes: 1, edges: 0 });
  const label = await page.evaluate((id) => window.newsgraph.cy.getElementById(id).data('label'), mss.id);
  assert.equal(label, 'Ministry of State Security');
  // The new node is selected and the panel shows it.
  await page
    .getByTestId('details')
    .getByTestId('details-name')
    .filter({ hasText: 'Ministry of State Security' })
    .waitFor();
  assert.match(await page.getByTestId('details').textContent(), /Agency/);
  await shot('drawn');

  // Enter picks the best suggestion too, without waiting for the list.
  const input = page.getByTestId('search');
  await input.fill('APT29');
  await input.press('Enter');
  await page.waitForFunction(() => window.newsgraph.cy.nodes().length === 2);
  await idle(page);
  const apt29 = (await gql('{ entity(name: "APT29") { id } }')).entity.id;
  assert.ok((await drawn(page)).nodes.includes(apt29));
  await close();
});

test('double-clicking a node draws its neighbors', async (t) => {
  const { page, shot, close } = await openPage(browser, t);
  await gotoExplorer(page);
  await addBySearch(page, 'MSS', mss.id);
  const before = await counts(page);
  await shot('before');
  const want = await neighborhood(mss.id);
  assert.ok(want.nodes.length > 3, `the demo data gives MSS neighbors: ${JSON.stringify(want.nodes)}`);

  const p = await pointOf(page, mss.id);
  await page.mouse.dblclick(p.x, p.y);
  await page.waitForFunction((n) => window.newsgraph.cy.nodes().length >= n, want.nodes.length);
  await idle(page);
  const got = await drawn(page);
  for (const n of want.nodes) assert.ok(got.nodes.includes(n.id), `neighbor ${n.name} (${n.id}) drawn`);
  for (const e of want.edges) assert.ok(got.edges.includes(e.id), `relation ${e.id} drawn`);
  const after = await counts(page);
  assert.ok(after.nodes > before.nodes, `more nodes after expanding: ${before.nodes} → ${after.nodes}`);
  assert.equal(after.nodes, got.nodes.length);
  assert.equal(after.edges, got.edges.length);
  assert.ok(after.edges >= want.edges.length);
  t.diagnostic(`expanding MSS drew ${want.nodes.map((n) => n.name).join(', ')}`);
  await shot('expanded');
  await close();
});

test('clicking an edge shows its evidence with the document', async (t) => {
  const { page, shot, close } = await openPage(browser, t);
  await gotoExplorer(page);
  await drawMSS(page);

  let clicked = null;
  for (const id of await clearEdges(page)) {
    if (await clickElement(page, id)) {
      clicked = id;
      break;
    }
  }
  assert.ok(clicked, 'some edge can be clicked');
  const rel = (
    await gql(
      `query($id: ID!) { node(id: $id) { ... on Relation { predicate
        evidence { sentence start end document { id title published } } } } }`,
      { id: clicked },
    )
  ).node;
  assert.ok(rel.evidence.length > 0, `the clicked relation ${clicked} has evidence`);
  const details = page.getByTestId('details');
  await details.getByTestId('evidence').first().waitFor();
  // the relation's own evidence (a disputed relation also quotes its counter-claims' evidence, in its disputes block)
  const items = details.locator('[data-testid="evidence"]:not([data-testid="disputes"] *)');
  assert.equal(await items.count(), rel.evidence.length);
  const sentences = await items.getByTestId('evidence-sentence').allTextContents();
  assert.deepEqual(sentences.sort(), rel.evidence.map((e) => e.sentence).sort());
  const first = rel.evidence[0];
  const item = items.filter({ hasText: first.sentence }).first();
  assert.equal(await item.getByTestId('evidence-doc').textContent(), first.document.title);
  assert.match(await item.textContent(), new RegExp(first.document.published.slice(0, 10)));
  await shot('evidence');

  // The document view shows the article with the sentence highlighted.
  await item.getByTestId('evidence-doc').click();
  const docView = page.getByTestId('document-view');
  await docView.getByTestId('highlight').waitFor();
  assert.equal(await docView.getByTestId('document-title').textContent(), first.document.title);
  assert.equal(await docView.getByTestId('highlight').textContent(), first.sentence);
  assert.match(page.url(), /doc=/);
  await shot('document');
  // Back closes it.
  await page.goBack();
  await page.waitForFunction(() => document.querySelector('[data-testid="document-view"]').hidden);
  await close();
});

test('the path finder highlights a path between entities of different articles', async (t) => {
  const { page, shot, close } = await openPage(browser, t);
  // Two entities that no article mentions together, linked through others.
  const candidates = [
    ['FBI', 'APT29'],
    ['MSS', 'APT29'],
    ['MSS', 'GRU'],
    ['Justice Department', 'APT29'],
  ];
  let pick = null;
  for (const [a, b] of candidates) {
    const d = await gql(
      `query($a: String!, $b: String!) {
        a: entity(name: $a) { id name documents(first: 100) { edges { node { id } } } }
        b: entity(name: $b) { id name documents(first: 100) { edges { node { id } } } } }`,
      { a, b },
    );
    if (!d.a || !d.b) continue;
    const docsA = new Set(d.a.documents.edges.map((e) => e.node.id));
    if (d.b.documents.edges.some((e) => docsA.has(e.node.id))) continue;
    const { paths } = await gql(
      `query($a: ID!, $b: ID!) { paths(from: $a, to: $b, maxDepth: 4, first: 3) { length nodes { id } edges { id } } }`,
      { a: d.a.id, b: d.b.id },
    );
    if (paths.length) {
      pick = { a, b, from: d.a, to: d.b, paths };
      break;
    }
  }
  assert.ok(pick, 'the demo data has two entities of different articles with a path');
  t.diagnostic(`path from ${pick.from.name} to ${pick.to.name}: ${pick.paths[0].length} hops`);

  await gotoExplorer(page);
  // One end chosen from the suggestions, the other typed as a name.
  const from = page.getByTestId('path-from');
  await from.pressSequentially(pick.a, { delay: 20 });
  await page.locator(`[data-testid="suggestion"][data-id="${pick.from.id}"]`).click();
  assert.equal(await from.inputValue(), pick.from.name);
  await page.getByTestId('path-to').fill(pick.b);
  await shot('inputs');
  await page.getByTestId('path-find').click();
  await page.waitForFunction(() => window.newsgraph.cy.$('.path').nonempty());
  await idle(page);

  const want = pick.paths[0];
  const highlighted = await page.evaluate(() => ({
    nodes: window.newsgraph.cy
      .$('node.path')
      .map((n) => n.id())
      .sort(),
    edges: window.newsgraph.cy
      .$('edge.path')
      .map((e) => e.id())
      .sort(),
    faded: window.newsgraph.cy.$('.faded').length,
    visible: window.newsgraph.cy.$('.path:visible').length,
  }));
  assert.deepEqual(highlighted.nodes, want.nodes.map((n) => n.id).sort());
  assert.deepEqual(highlighted.edges, want.edges.map((e) => e.id).sort());
  assert.equal(highlighted.visible, want.nodes.length + want.edges.length);
  const steps = page.getByTestId('details').getByTestId('path-step');
  assert.equal(await steps.count(), want.length);
  assert.ok(
    (await page.getByTestId('details').getByTestId('evidence').count()) >= want.length,
    'evidence for each hop',
  );
  assert.equal(await page.getByTestId('path-option').count(), pick.paths.length);
  assert.match(page.url(), /pf=.*pt=/);
  await shot('path');

  // Another path can be shown.
  if (pick.paths.length > 1) {
    await page.getByTestId('path-option').nth(1).click();
    await idle(page);
    const second = await page.evaluate(() =>
      window.newsgraph.cy
        .$('edge.path')
        .map((e) => e.id())
        .sort(),
    );
    assert.deepEqual(second, pick.paths[1].edges.map((e) => e.id).sort());
    await shot('second path');
  }
  await close();
});

test('the filters hide what they should', async (t) => {
  const { page, shot, close } = await openPage(browser, t);
  await gotoExplorer(page);
  await drawMSS(page);
  const all = await page.evaluate(() =>
    window.newsgraph.cy
      .edges()
      .map((e) => ({ id: e.id(), ...e.data(), s: e.source().data('type'), o: e.target().data('type') })),
  );
  const nodes = await page.evaluate(() =>
    window.newsgraph.cy.nodes().map((n) => ({ id: n.id(), type: n.data('type') })),
  );
  const visible = async () => drawn(page);
  const checkCounts = async () => {
    const d = await visible();
    assert.deepEqual(await counts(page), { nodes: d.nodes.length, edges: d.edges.length });
    return d;
  };

  // Predicate: every edge of the predicate goes, the others stay.
  const byPred = new Map();
  for (const e of all) byPred.set(e.predicate, (byPred.get(e.predicate) || 0) + 1);
  const pred = [...byPred.entries()].sort((a, b) => b[1] - a[1])[0][0];
  await page.getByTestId(`filter-predicate-${pred}`).uncheck();
  await idle(page);
  let d = await checkCounts();
  for (const e of all) {
    assert.equal(
      d.edges.includes(e.id),
      e.predicate !== pred && d.nodes.includes(e.source) && d.nodes.includes(e.target),
      `${e.id} ${e.predicate}`,
    );
  }
  assert.ok(d.edges.length < all.length);
  assert.match(page.url(), new RegExp(`np=${pred}`));
  await shot(`without ${pred}`);
  await page.getByTestId(`filter-predicate-${pred}`).check();
  await idle(page);

  // Entity type: its nodes go (and so their edges).
  const type = nodes.find((n) => n.id !== mss.id && n.type !== 'AGENCY')?.type || 'COUNTRY';
  await page.getByTestId(`filter-type-${type}`).uncheck();
  await idle(page);
  d = await checkCounts();
  for (const n of nodes) assert.equal(d.nodes.includes(n.id), n.type !== type, `${n.id} of type ${n.type}`);
  await shot(`without ${type}`);
  await page.getByTestId(`filter-type-${type}`).check();
  await idle(page);

  // Minimum confidence.
  // The slider moves in steps of 0.05: a step with edges on both sides.
  const confs = all.map((e) => e.confidence);
  const steps = Array.from({ length: 20 }, (_, i) => (i + 1) / 20).filter(
    (v) => confs.some((c) => c < v - 1e-9) && confs.some((c) => c >= v - 1e-9),
  );
  assert.ok(steps.length, `the confidences spread over a slider step: ${confs}`);
  const min = steps[Math.floor(steps.length / 2)];
  await page.getByTestId('filter-confidence').fill(String(min));
  await idle(page);
  d = await checkCounts();
  for (const e of all) if (e.confidence < min - 1e-9) assert.ok(!d.edges.includes(e.id), `${e.id} below ${min}`);
  assert.ok(d.edges.length > 0 && d.edges.length < all.length, `some edges reach ${min}: ${confs}`);
  await shot(`confidence ${min}`);
  await page.getByTestId('filter-reset').click();
  await idle(page);

  // Date range: from a day after the earliest relation was last seen.
  const lasts = all.map((e) => e.lastSeen.slice(0, 10)).sort();
  const firstDay = lasts[0];
  const next = new Date(Date.parse(firstDay) + 86_400_000).toISOString().slice(0, 10);
  await page.getByTestId('filter-from').fill(next);
  await idle(page);
  d = await checkCounts();
  for (const e of all)
    if (e.lastSeen.slice(0, 10) < next) assert.ok(!d.edges.includes(e.id), `${e.id} last seen ${e.lastSeen}`);
  for (const e of all) {
    if (e.lastSeen.slice(0, 10) >= next && d.nodes.includes(e.source) && d.nodes.includes(e.target))
      assert.ok(d.edges.includes(e.id));
  }
  assert.ok(d.edges.length < all.length);
  await shot(`from ${next}`);

  await page.getByTestId('filter-reset').click();
  await idle(page);
  d = await checkCounts();
  assert.equal(d.edges.length, all.length);
  assert.equal(d.nodes.length, nodes.length);
  await close();
});

test('a link reproduces the view', async (t) => {
  const { page, shot, close } = await openPage(browser, t);
  await gotoExplorer(page);
  await drawMSS(page);
  await page.getByTestId('filter-predicate-PART_OF').uncheck();
  const edge = (await clearEdges(page))[0];
  assert.ok(await clickElement(page, edge));
  const want = await drawn(page);
  const link = page.url();
  assert.match(link, /#.*n=agency:ministry-of-state-security/);
  await shot('original');

  const second = await openPage(browser, t);
  await second.page.goto(link);
  await idle(second.page);
  const got = await drawn(second.page);
  assert.deepEqual(got, want);
  assert.equal(await second.page.getByTestId('filter-predicate-PART_OF').isChecked(), false);
  assert.deepEqual(await selectedIds(second.page), [edge]);
  await second.page.getByTestId('details').getByTestId('evidence').first().waitFor();
  await second.shot('reopened');
  await second.close();
  await close();
});

test('a capped expansion says how many more and loads them', async (t) => {
  const { page, shot, close } = await openPage(browser, t);
  // The entity with the most neighbors in the demo data.
  const list = await gql('{ entities(first: 500) { edges { node { id name neighborCounts { count } } } } }');
  const hub = list.entities.edges
    .map((e) => ({ ...e.node, n: e.node.neighborCounts.reduce((s, c) => s + c.count, 0) }))
    .sort((a, b) => b.n - a.n)[0];
  assert.ok(hub.n > 5, `a hub with more than 5 neighbors: ${hub.name} has ${hub.n}`);
  const capped = await neighborhood(hub.id, 5);
  const left = capped.omitted.find((o) => o.entity.id === hub.id)?.count || 0;
  assert.ok(left > 0, 'the API leaves neighbors out of a 5-neighbor expansion');

  await gotoExplorer(page, '#fan=5');
  assert.equal(await page.getByTestId('fanout').inputValue(), '5');
  await addBySearch(page, hub.name, hub.id);
  await page.evaluate((id) => window.newsgraph.expand(id), hub.id);
  await idle(page);
  let d = await drawn(page);
  assert.equal(d.allNodes.length, capped.nodes.length);
  const more = page.getByTestId('details').getByTestId('load-more');
  await more.waitFor();
  assert.match(await page.getByTestId('more-note').textContent(), new RegExp(`^${left} more`));
  assert.equal(await page.evaluate((id) => window.newsgraph.cy.getElementById(id).data('more'), hub.id), left);
  await shot('capped');
  await more.click();
  await page.waitForFunction((n) => window.newsgraph.cy.nodes().length > n, d.allNodes.length);
  await idle(page);
  d = await drawn(page);
  assert.ok(d.allNodes.length > capped.nodes.length);
  const full = await neighborhood(hub.id, 5 + Math.min(left, 50));
  for (const n of full.nodes) assert.ok(d.allNodes.includes(n.id), `${n.name} drawn after loading more`);
  await shot('loaded more');
  await close();
});

test('nodes can be hidden, pinned and removed', async (t) => {
  const { page, shot, close } = await openPage(browser, t);
  await gotoExplorer(page);
  await drawMSS(page);
  const start = await counts(page);
  const other = (await drawn(page)).nodes.find((id) => id !== mss.id);
  const details = page.getByTestId('details');

  // Hide, then unhide.
  assert.ok(await clickElement(page, other));
  await details.getByTestId('hide').click();
  await idle(page);
  assert.equal((await counts(page)).nodes, start.nodes - 1);
  assert.ok(!(await drawn(page)).nodes.includes(other));
  assert.match(page.url(), /hide=/);
  await shot('hidden');
  await page.getByTestId('show-hidden').click();
  await idle(page);
  assert.equal((await counts(page)).nodes, start.nodes);

  // Pin: a new layout leaves the node where it is.
  assert.ok(await clickElement(page, mss.id));
  await details.getByTestId('pin').click();
  const pinned = await page.evaluate((id) => window.newsgraph.cy.getElementById(id).position(), mss.id);
  await page.getByTestId('relayout').click();
  await idle(page);
  const after = await page.evaluate((id) => window.newsgraph.cy.getElementById(id).position(), mss.id);
  assert.ok(
    Math.abs(after.x - pinned.x) < 1 && Math.abs(after.y - pinned.y) < 1,
    `pinned node moved: ${JSON.stringify([pinned, after])}`,
  );
  assert.ok(await page.evaluate((id) => window.newsgraph.cy.getElementById(id).hasClass('pinned'), mss.id));
  await shot('pinned');

  // Remove.
  assert.ok(await clickElement(page, other));
  await details.getByTestId('remove').click();
  await idle(page);
  assert.ok(!(await drawn(page)).allNodes.includes(other));
  assert.equal((await counts(page)).nodes, start.nodes - 1);
  assert.match(page.url(), /rm=/);
  await shot('removed');
  await close();
});

test('the view exports as PNG and as Cytoscape JSON', async (t) => {
  const { page, close } = await openPage(browser, t);
  await gotoExplorer(page);
  await drawMSS(page);
  const n = (await drawn(page)).allNodes.length;

  const [png] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-png').click()]);
  assert.match(png.suggestedFilename(), /\.png$/);
  const pngBytes = await readFile(await png.path());
  assert.deepEqual([...pngBytes.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  assert.ok(pngBytes.length > 5000, `a real picture: ${pngBytes.length} bytes`);

  const [json] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-json').click()]);
  const doc = JSON.parse(await readFile(await json.path(), 'utf8'));
  assert.equal(doc.elements.nodes.length, n);
  assert.ok(doc.elements.edges.length > 0);
  assert.ok(doc.elements.nodes.some((x) => x.data.id === mss.id && x.data.name === 'Ministry of State Security'));
  t.diagnostic(`PNG ${pngBytes.length} bytes, JSON ${doc.elements.nodes.length} nodes`);
  await close();
});

test('elements added through window.newsgraph.cy are styled and counted', async (t) => {
  const { page, shot, close } = await openPage(browser, t);
  await gotoExplorer(page);
  await page.evaluate(() => {
    const cy = window.newsgraph.cy;
    cy.add([
      { data: { id: 'test:a', name: 'Alpha', type: 'COUNTRY' }, position: { x: 0, y: 0 } },
      { data: { id: 'test:b', name: 'Beta', type: 'THREAT_GROUP' }, position: { x: 150, y: 0 } },
      { data: { id: 'test:c', name: 'Gamma', type: 'PERSON' }, position: { x: 75, y: 120 } },
      { data: { id: 'test:ab', source: 'test:a', target: 'test:b', predicate: 'ACCUSES', sources: 2 } },
      { data: { id: 'test:cb', source: 'test:c', target: 'test:b', predicate: 'MEMBER_OF' } },
    ]);
    cy.fit(undefined, 80);
  });
  await page.waitForFunction(() => document.querySelector('[data-testid="node-count"]').textContent === '3');
  assert.deepEqual(await counts(page), { nodes: 3, edges: 2 });
  const classes = await page.evaluate(() => window.newsgraph.cy.getElementById('test:a').classes());
  assert.ok(classes.includes('type-COUNTRY'), classes.join(' '));
  await shot('added from outside');
  await close();
});

test('the server answers the page with its own origin only', async () => {
  // A sanity check of the test setup: the explorer asks nothing of the outside.
  const res = await fetch(new URL('/', serverURL()));
  const html = await res.text();
  assert.doesNotMatch(html, /https?:\/\/(?!127\.0\.0\.1)/);
  assert.doesNotMatch(html, /<script>(?!<\/script>)/, 'no inline script');
});
