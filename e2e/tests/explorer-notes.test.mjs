// Browser test of analysts' notes in the explorer: add a note to an entity
// in its panel and see it, with its author, also after a reload. The note is
// deleted afterwards.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { launch, openPage } from '../lib/browser.mjs';
import { gotoExplorer, gql, idle } from '../lib/explorer.mjs';

let browser;
let mss;
before(async () => {
  browser = await launch();
  mss = (await gql('{ entity(name: "MSS") { id } }')).entity;
  assert.ok(mss, 'the demo data resolves MSS');
});
after(async () => {
  await browser?.close();
});

test('add a note to an entity and see it', async (t) => {
  const { page, shot, close } = await openPage(browser, t);
  const text = `Check the MSS link in the second indictment (${Date.now()})`;
  t.after(async () => {
    const notes = (await gql('query($id: ID!) { entity(id: $id) { notes { id text } } }', { id: mss.id })).entity.notes;
    for (const n of notes.filter((n) => n.text === text)) await gql('mutation($id: ID!) { deleteNote(id: $id) }', { id: n.id });
  });
  const hash = new URLSearchParams([['n', mss.id], ['sel', mss.id]]).toString();
  await gotoExplorer(page, hash);
  const details = page.getByTestId('details');
  await details.getByTestId('note-form').waitFor();
  await details.getByTestId('note-input').fill(text);
  await details.getByTestId('note-save').click();
  await details.getByTestId('note-text').filter({ hasText: text }).waitFor();
  await idle(page);
  const note = details.getByTestId('note').filter({ hasText: text });
  assert.match(await note.textContent(), /analyst|·/, 'the note shows its author and time');
  await shot('note added');

  await page.reload();
  await idle(page);
  await details.getByTestId('note-text').filter({ hasText: text }).waitFor();
  const api = (await gql('query($id: ID!) { entity(id: $id) { notes { text author created } } }', { id: mss.id })).entity.notes;
  assert.ok(api.some((n) => n.text === text && n.author && n.created), `the API has the note: ${JSON.stringify(api)}`);
  await close();
});
