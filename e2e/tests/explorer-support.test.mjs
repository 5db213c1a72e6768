// Browser tests of a relation's support in the explorer's evidence panel: the
// counts of claims, documents, independent sources and publishers with the
// confidence they weigh, against `serve --demo`; and a story three outlets
// publish, served here as a feed that the server polls (addFeed; the server
// must poll every few seconds, as scripts/browser-test.sh starts it), with a
// publisher rated. The numbers the panel should show are asked of the API.
// What the feed test adds to the store it removes afterwards.

import assert from 'node:assert/strict';
import { createServer } from 'node:http';
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

// A story that three outlets publish, each with its own headline and chrome,
// one with a paragraph trimmed: written for this test.
const story = [
  'The Justice Department on Tuesday charged members of the Quillfeather Collective over a series of intrusions into regional water utilities, officials said.',
  'Prosecutors said the Quillfeather Collective used stolen credentials to reach control systems at three utilities between 2022 and 2024.',
  'Britain condemned the Quillfeather Collective for the attacks and said its own utilities had been probed by the same operators.',
  'Investigators said no water supply had been contaminated, but that several plants had switched to manual operation for days.',
];
const outlets = [
  { path: '/wire/utility-hackers', site: 'Example Wire', title: 'Utility hackers charged by Justice Department', paras: story },
  { path: '/harbor/water-plants', site: 'Harbor Daily', title: 'US charges hacking group over water plant intrusions', paras: story },
  {
    path: '/plains/quillfeather',
    site: 'Plains Courier',
    title: 'Quillfeather Collective charged over utility hacks',
    paras: story.slice(0, 3),
  },
];

const esc = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');

/** serveStory serves an RSS feed of the three outlets' pages on a free loopback port. */
async function serveStory() {
  const server = createServer((req, res) => {
    const base = `http://127.0.0.1:${server.address().port}`;
    if (req.url === '/feed.xml') {
      const items = outlets
        .map(
          (o) =>
            `<item><title>${esc(o.title)}</title><link>${base}${o.path}</link><guid>${o.path}</guid>` +
            '<pubDate>Tue, 01 Dec 2026 10:00:00 GMT</pubDate></item>',
        )
        .join('');
      res.writeHead(200, { 'Content-Type': 'application/rss+xml; charset=utf-8' });
      res.end(
        `<?xml version="1.0"?><rss version="2.0"><channel><title>Support test</title><link>${base}/</link>` +
          `<description>three outlets, one story</description>${items}</channel></rss>`,
      );
      return;
    }
    const o = outlets.find((x) => x.path === req.url);
    if (!o) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    res.end(
      `<!doctype html><html><head><title>${esc(o.title)} - ${esc(o.site)}</title>` +
        `<meta property="og:site_name" content="${esc(o.site)}"></head><body>` +
        `<nav>Home | World | Subscribe to ${esc(o.site)}</nav><article><h1>${esc(o.title)}</h1>` +
        o.paras.map((p) => `<p>${esc(p)}</p>`).join('') +
        `</article><footer>Copyright ${esc(o.site)}. Share this story.</footer></body></html>`,
    );
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, feed: `http://127.0.0.1:${server.address().port}/feed.xml` };
}

/** waitFor calls fn every half second until it returns a value, or fails after ms. */
async function waitFor(fn, ms, what) {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > deadline) assert.fail(`${what} not within ${ms / 1000} s`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

test('a syndicated story shows its outlets and their ratings', async (t) => {
  const { server, feed } = await serveStory();
  let doc = null;
  let rated = null;
  t.after(async () => {
    if (rated) await gql('mutation($p: ID!) { setSourceReliability(publisher: $p, rating: null) { id } }', { p: rated });
    await gql('mutation($u: String!) { removeFeed(url: $u) }', { u: feed }).catch(() => {});
    if (doc) await gql('mutation($id: ID!) { deleteDocument(id: $id) }', { id: doc });
    await new Promise((r) => server.close(r));
  });

  // The server polls a feed as soon as addFeed adds it.
  await gql('mutation($u: String!) { addFeed(url: $u) { url } }', { u: feed });
  const polled = await waitFor(
    async () => {
      const f = (await gql('{ feeds { url documents copies lastError } }')).feeds.find((x) => x.url === feed);
      return f && f.documents >= outlets.length ? f : null;
    },
    90_000,
    `the server storing the three pages of ${feed}`,
  );
  assert.equal(polled.copies, 2, `two pages are copies of the first: ${JSON.stringify(polled)}`);

  const fields = `id confidence subject { id name } object { id name }
    support { claims documents independentSources publishers }
    evidence { document { id sources { publisher { id name reliability } } } }`;
  const group = (await gql('{ entity(name: "Quillfeather Collective") { id } }')).entity;
  assert.ok(group, 'the story names the Quillfeather Collective');
  const { edges } = (
    await gql(`query($id: ID!) { neighborhood(ids: [$id], depth: 1, limit: 20) { edges { ${fields} } } }`, {
      id: group.id,
    })
  ).neighborhood;
  const rel = edges.find((e) => e.support.publishers === outlets.length);
  assert.ok(rel, `a relation of the story is carried by the three outlets: ${JSON.stringify(edges)}`);
  doc = rel.evidence[0].document.id;
  assert.deepEqual(rel.support, { claims: 1, documents: 1, independentSources: 1, publishers: 3 });
  const wire = rel.evidence[0].document.sources[0].publisher;
  assert.equal(wire.name, 'Example Wire', 'the first page read is the wire');

  // An analyst rates the wire B ("usually reliable"): the documented rule
  // weighs the only origin's best claim by 0.9.
  rated = wire.id;
  await gql('mutation($p: ID!) { setSourceReliability(publisher: $p, rating: B, analyst: "e2e") { id } }', {
    p: wire.id,
  });
  const after = (await gql(`query($id: ID!) { node(id: $id) { ... on Relation { confidence } } }`, { id: rel.id }))
    .node.confidence;
  assert.ok(Math.abs(after - rel.confidence * 0.9) < 0.006, `confidence ${rel.confidence} rated B → ${after}`);

  const { page, shot, close } = await openPage(browser, t);
  const details = await openRelation(page, rel);
  assert.equal(
    await details.getByTestId('support-counts').textContent(),
    '1 claim · 1 document · 1 independent source · 3 publishers',
  );
  assert.equal(await details.getByTestId('support-confidence').textContent(), `confidence ${after.toFixed(2)}`);
  const sources = details.getByTestId('evidence-sources').first();
  assert.equal(await sources.getByTestId('evidence-copies').textContent(), 'also in 2 other outlets');
  const chips = await sources.getByTestId('publisher').allTextContents();
  assert.deepEqual(chips, ['Example WireB', 'Harbor Dailyunrated', 'Plains Courierunrated']);
  assert.equal(
    await sources.getByTestId('publisher-rating').first().getAttribute('title'),
    'B: usually reliable',
  );
  await sources.getByTestId('evidence-copies').click();
  assert.equal(await sources.locator('.copies li').count(), 3, 'the three pages are listed');
  const file = await shot('outlets');
  await details.screenshot({ path: file.replace(/\.png$/, '-panel.png') });

  // The publisher's own panel shows its rating.
  await sources.getByTestId('publisher').first().getByRole('button').click();
  await details.getByTestId('details-reliability').waitFor();
  await idle(page);
  assert.equal(await details.getByTestId('details-name').textContent(), 'Example Wire');
  assert.equal(await details.getByTestId('details-reliability').textContent(), 'B usually reliable');
  await shot('publisher');
  await close();
});
