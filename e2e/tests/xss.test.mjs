// Hostile input in the explorer: an article whose title and sentences are
// full of <script> and onerror= payloads, an analyst alias and note made of
// them. The page must show them as text and run none of them. (This file
// runs last: it adds to the demo data, and removes what it can afterwards.)

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { launch, openPage } from '../lib/browser.mjs';
import { gotoExplorer, gql, idle, search } from '../lib/explorer.mjs';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

// Each payload would set window.__xss or open a dialog if it ever ran.
const title = 'Hostile <img src=x onerror=__xss=1> report <script>__xss=2</script>';
const article = [
  'Zorblax Group <script>__xss=2</script> Strikes Again',
  '',
  'The FBI accused the Zorblax Group <img src=x onerror=__xss=1> of hacking banks on Monday.',
  '',
  'The Justice Department charged the Zorblax Group <svg onload=__xss=3> over the attack, officials said.',
  '',
  'Britain condemned the Zorblax Group "><img src=x onerror=alert(1)> for the intrusions.',
  '',
].join('\n');
const alias = '<img src=x onerror=__xss=4>Zorblax';
const note = '<b onmouseover=__xss=5>analyst</b> note <iframe src=javascript:alert(1)></iframe>';

/** injected counts the elements a payload would have created in the page. */
const injected = (page) =>
  page.evaluate(
    () =>
      document.querySelectorAll(
        'img, iframe, svg[onload], [onerror], [onload], [onmouseover], b, script:not([type="module"])',
      ).length,
  );

test('names, aliases and sentences full of markup are shown as text and run nothing', async (t) => {
  // The article, through the API as any client would send it.
  const ingest = await gql(
    `mutation($in: DocumentInput!) { ingestDocument(input: $in) { document { id title
      claims { sentence subject { id name } object { id name } } } } }`,
    { in: { title, text: article, published: '2021-09-01T00:00:00Z', source: 'xss-payloads.txt' } },
  );
  const doc = ingest.ingestDocument.document;
  const cleanups = [() => gql('mutation($id: ID!) { deleteDocument(id: $id) }', { id: doc.id })];
  t.after(async () => {
    for (const c of cleanups.reverse()) await c().catch((err) => t.diagnostic(`cleanup: ${err.message}`));
  });
  assert.equal(doc.title, title);
  const claim = doc.claims.find((c) => c.sentence.includes('<img src=x onerror=__xss=1>'));
  assert.ok(claim, `a claim states a sentence with a payload: ${JSON.stringify(doc.claims)}`);
  const target = claim.object;

  // An analyst alias and an analyst note made of markup too.
  await gql(
    'mutation($id: ID!, $alias: String!) { addAlias(id: $id, alias: $alias, analyst: "<script>__xss=6</script>") { id } }',
    {
      id: target.id,
      alias,
    },
  );
  const asserted = await gql(`mutation($in: AssertRelationInput!) { assertRelation(input: $in) { id } }`, {
    in: {
      subject: target.id,
      predicate: 'RELATED_TO',
      object: claim.subject.id,
      note,
      analyst: '<img src=x onerror=__xss=7>',
    },
  });
  cleanups.push(() => gql('mutation($id: ID!) { retractRelation(id: $id) }', { id: asserted.assertRelation.id }));
  const rels = await gql(
    `query($id: ID!) { entity(id: $id) { relations(first: 50) { edges { node { id evidence { sentence } } } } } }`,
    { id: target.id },
  );
  const rel = rels.entity.relations.edges
    .map((e) => e.node)
    .find((r) => r.evidence.some((e) => e.sentence === claim.sentence));
  assert.ok(rel, 'the relation of the payload sentence');

  const { page, shot, close } = await openPage(browser, t);
  const dialogs = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    d.dismiss().catch(() => {});
  });
  await gotoExplorer(page);

  // The alias, as a search suggestion: shown literally.
  await search(page, 'onerror=__xss=4');
  const suggestion = page.locator(`[data-testid="suggestion"][data-id="${target.id}"]`);
  await suggestion.waitFor();
  assert.ok((await suggestion.textContent()).includes(alias), await suggestion.textContent());
  await shot('alias suggestion');
  await suggestion.click();
  await page.waitForFunction((id) => window.newsgraph.cy.getElementById(id).nonempty(), target.id);
  await idle(page);

  // The panel: the alias and the sentences, as text.
  const details = page.getByTestId('details');
  await details.getByTestId('alias-name').filter({ hasText: alias }).waitFor();
  assert.ok((await details.getByTestId('evidence-sentence').allTextContents()).includes(claim.sentence));
  await shot('entity details');

  // The relation's evidence, with the document title.
  await details.getByTestId('expand').click();
  await page.waitForFunction((id) => window.newsgraph.cy.getElementById(id).nonempty(), rel.id);
  await idle(page);
  await page.evaluate((id) => {
    const cy = window.newsgraph.cy;
    cy.$(':selected').unselect();
    cy.getElementById(id).select();
  }, rel.id);
  await idle(page);
  const item = details.getByTestId('evidence').filter({ hasText: claim.sentence });
  await item.waitFor();
  assert.equal(await item.getByTestId('evidence-sentence').textContent(), claim.sentence);
  assert.equal(await item.getByTestId('evidence-doc').textContent(), title);
  await shot('relation evidence');

  // The analyst's note.
  await page.evaluate((id) => {
    const cy = window.newsgraph.cy;
    cy.$(':selected').unselect();
    cy.getElementById(id).select();
  }, asserted.assertRelation.id);
  await idle(page);
  await details.getByTestId('evidence-sentence').filter({ hasText: note }).waitFor();

  // The document view: title and text as they were sent.
  await page.evaluate((id) => {
    const cy = window.newsgraph.cy;
    cy.$(':selected').unselect();
    cy.getElementById(id).select();
  }, rel.id);
  await idle(page);
  await details.getByTestId('evidence').filter({ hasText: claim.sentence }).getByTestId('evidence-doc').click();
  const view = page.getByTestId('document-view');
  await view.getByTestId('highlight').waitFor();
  assert.equal(await view.getByTestId('document-title').textContent(), title);
  assert.equal(await view.getByTestId('highlight').textContent(), claim.sentence);
  const text = await view.getByTestId('document-text').textContent();
  assert.ok(text.includes('<script>__xss=2</script>') && text.includes('<svg onload=__xss=3>'), text);
  await shot('document view');

  // Nothing ran and nothing was created from the markup.
  assert.equal(await page.evaluate(() => window.__xss), undefined);
  assert.deepEqual(dialogs, []);
  assert.equal(await injected(page), 0, 'no element made from the payloads');
  await close();
});
