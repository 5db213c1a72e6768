// Browser tests of a relation's support in the explorer's evidence panel: the
// counts of claims, documents, independent sources and publishers with the
// confidence they weigh, against `serve --demo`. The numbers the panel
// should show are asked of the API, not written down here.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { launch, openPage } from '../lib/browser.mjs';
import { gotoExplorer, gql, idle } from '../lib/explorer.mjs';

let browser;
let relations;
before(async () => {
  browser = await launch();
  const mss = (await gql('{ entity(name: "MSS") { id } }')).entity;
  assert.ok(mss, 'the demo data resolves MSS');
  const data = await gql(
    `query($id: ID!) { neighborhood(ids: [$id], depth: 1, limit: 60) { edges {
      id predicate confidence subject { id name } object { id name }
      support { claims documents independentSources publishers } } } }`,
    { id: mss.id },
  );
  relations = data.neighborhood.edges;
});
after(async () => {
  await browser?.close();
});

/** words writes n with its noun, as a reader expects it (1 claim, 2 claims). */
const words = (n, noun) => `${n} ${noun}${n === 1 ? '' : 's'}`;

/** openRelation opens the explorer with rel's two ends drawn and rel selected. */
async function openRelation(page, rel) {
  const hash = new URLSearchParams([
    ['n', rel.subject.id],
    ['n', rel.object.id],
    ['sel', rel.id],
  ]).toString();
  await gotoExplorer(page, hash);
  const details = page.getByTestId('details');
  await details.getByTestId('support').waitFor();
  await idle(page);
  return details;
}

test('a relation shows its support and confidence', async (t) => {
  const most = relations.reduce((a, b) => (b.support.claims > a.support.claims ? b : a), relations[0]);
  const single = relations.find((r) => r.support.claims === 1 && r.support.independentSources === 1);
  assert.ok(most && most.support.documents > 1, `the demo data has a relation stated by several documents: ${most?.id}`);
  assert.ok(single, 'the demo data has a relation stated once');
  const cases = [
    { name: 'stated by several documents', rel: most },
    { name: 'stated once', rel: single, want: '1 claim · 1 document · 1 independent source' },
  ];
  for (const c of cases) {
    await t.test(c.name, async (t) => {
      const { page, shot, close } = await openPage(browser, t);
      const details = await openRelation(page, c.rel);
      const s = c.rel.support;
      t.diagnostic(`${c.rel.subject.name} ${c.rel.predicate} ${c.rel.object.name}: ${JSON.stringify(s)}`);
      // The demo corpus is files: one source per document, no publishers.
      assert.equal(s.publishers, 0, 'the demo documents have no publisher');
      assert.equal(s.independentSources, s.documents, 'each demo document is an origin of its own');
      const want = [
        words(s.claims, 'claim'),
        words(s.documents, 'document'),
        words(s.independentSources, 'independent source'),
      ].join(' · ');
      if (c.want) assert.equal(want, c.want);
      assert.equal(await details.getByTestId('support-counts').textContent(), want);
      assert.equal(
        await details.getByTestId('support-confidence').textContent(),
        `confidence ${c.rel.confidence.toFixed(2)}`,
      );
      // It sits between the relation's name and its evidence.
      assert.ok((await details.getByTestId('evidence').count()) > 0, 'the relation has evidence');
      const [head, support, evidence] = await Promise.all(
        ['details-name', 'support', 'evidence'].map((id) => details.getByTestId(id).first().boundingBox()),
      );
      assert.ok(head.y + head.height <= support.y, 'the support is below the heading');
      assert.ok(support.y + support.height <= evidence.y, 'the support is above the evidence');
      // No document of the demo was published anywhere: no sources to list.
      assert.equal(await details.getByTestId('evidence-sources').count(), 0);
      const file = await shot('support');
      await details.screenshot({ path: file.replace(/\.png$/, '-panel.png') });
      await close();
    });
  }
});
