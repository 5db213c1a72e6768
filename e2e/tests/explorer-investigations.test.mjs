// Browser test of investigations: save the view as a new investigation,
// reload the page (its URL reopens it) and open it again from the list, with
// the same entities at the same positions; add a note to it and download it
// as a STIX 2.1 bundle. It is deleted afterwards.

import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
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

/** positions returns the drawn entities and their positions, rounded. */
function positions(page) {
  return page.evaluate(() =>
    Object.fromEntries(
      window.newsgraph.cy
        .nodes()
        .map((n) => [n.id(), [Math.round(n.position('x')), Math.round(n.position('y'))]])
        .sort(),
    ),
  );
}

test('save, reload and reopen an investigation with the same nodes and positions', async (t) => {
  const { page, shot, close } = await openPage(browser, t);
  const name = `Chinese attributions ${Date.now()}`;
  t.after(async () => {
    const list = (await gql('{ investigations { id name } }')).investigations;
    for (const inv of list.filter((x) => x.name === name)) await gql('mutation($id: ID!) { deleteInvestigation(id: $id) }', { id: inv.id });
  });
  await gotoExplorer(page, new URLSearchParams([['n', china.id], ['x', `10~~${china.id}`]]).toString());
  await idle(page);
  const saved = await positions(page);
  assert.ok(Object.keys(saved).length > 3, `China expanded: ${Object.keys(saved).length} entities`);

  await page.getByTestId('investigations').click();
  const details = page.getByTestId('details');
  await details.getByTestId('inv-name').fill(name);
  await details.getByTestId('inv-save-as').click();
  await details.getByTestId('inv-current').filter({ hasText: name }).waitFor();
  await idle(page);
  const stored = (await gql('{ investigations { id name nodes { id x y } } }')).investigations.find((x) => x.name === name);
  assert.equal(stored?.nodes.length, Object.keys(saved).length, 'every entity in view is stored');
  const hash = new URLSearchParams(await page.evaluate(() => window.location.hash.slice(1)));
  assert.equal(hash.get('inv'), stored.id, 'the URL names the investigation');
  await shot('saved');

  // the URL reopens it
  await page.reload();
  await idle(page);
  assert.deepEqual(await positions(page), saved, 'after a reload: the same entities at the same positions');

  // and the list opens it, after clearing the view
  await page.getByTestId('clear').click();
  await idle(page);
  await page.getByTestId('investigations').click();
  await details.getByTestId('inv').filter({ hasText: name }).getByTestId('inv-open').click();
  await idle(page);
  assert.deepEqual(await positions(page), saved, 'opened from the list: the same entities at the same positions');
  await shot('reopened');

  // a note on the investigation itself, in its panel
  await page.getByTestId('investigations').click();
  await details.getByTestId('note-input').fill('Compare with the 2018 indictment.');
  await details.getByTestId('note-save').click();
  await details.getByTestId('note-text').filter({ hasText: 'Compare with the 2018 indictment.' }).waitFor();
  const notes = (await gql('query($id: ID!) { investigation(id: $id) { notes { text } } }', { id: stored.id })).investigation.notes;
  assert.deepEqual(
    notes.map((n) => n.text),
    ['Compare with the 2018 indictment.'],
  );
  await shot('a note on the investigation');

  // the STIX 2.1 export: a bundle with a report of the investigation's entities, and its note
  const [download] = await Promise.all([page.waitForEvent('download'), details.getByTestId('inv-stix').click()]);
  assert.match(download.suggestedFilename(), /^chinese-attributions-\d+\.stix\.json$/);
  const bundle = JSON.parse(await readFile(await download.path(), 'utf8'));
  assert.equal(bundle.type, 'bundle');
  // (the documents of the evidence are reports too)
  const reports = bundle.objects.filter((o) => o.type === 'report' && o.name === name);
  assert.equal(reports.length, 1, 'one report of the investigation');
  assert.equal(reports[0].spec_version, '2.1');
  assert.ok(reports[0].object_refs.length >= Object.keys(saved).length, `${reports[0].object_refs.length} object_refs`);
  const ids = new Set(bundle.objects.map((o) => o.id));
  assert.ok(
    reports[0].object_refs.every((r) => ids.has(r)),
    'the report refers to objects of the bundle',
  );
  assert.ok(
    bundle.objects.some((o) => o.type === 'note' && o.content === 'Compare with the 2018 indictment.'),
    'the note is a STIX note',
  );
  await close();
});
