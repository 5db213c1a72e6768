// Analysts' notes in the details panel: the notes on an entity or a
// relation, newest first, and a form to add one. A server with a token asks
// for it (Authorization: Bearer) the first time a note is saved; the token
// is kept for the browser tab only (sessionStorage).

import { el } from './dom.js';
import { dayOf } from './model.js';

/** noteLine is one note as "author · day time: text". */
function noteItem(n) {
  const when = n.created ? `${dayOf(n.created)} ${String(n.created).slice(11, 16)}` : '';
  return el(
    'li',
    { class: 'note', testid: 'note' },
    el('p', { class: 'note-text', testid: 'note-text', text: n.text }),
    el('p', { class: 'muted note-meta', text: [n.author, when].filter(Boolean).join(' · ') }),
  );
}

/**
 * notesSection shows the notes on target and a form to add one. ctx.addNote
 * (target, text) saves a note and redraws the panel; ctx.setToken(token)
 * keeps the server's token.
 */
export function notesSection(notes, target, ctx) {
  const list = el('ol', { class: 'notes', testid: 'notes' }, notes.map(noteItem));
  const text = el('textarea', {
    class: 'note-input',
    testid: 'note-input',
    rows: '2',
    maxlength: '10000',
    placeholder: 'Add a note…',
    'aria-label': 'Note',
  });
  const error = el('p', { class: 'note-error', testid: 'note-error', role: 'alert' });
  error.hidden = true;
  const tokenInput = el('input', {
    type: 'password',
    class: 'token-input',
    testid: 'token-input',
    placeholder: 'server token',
    'aria-label': 'Server token',
    autocomplete: 'off',
  });
  const tokenRow = el('div', { class: 'token-row' }, tokenInput);
  tokenRow.hidden = true;
  const save = el('button', { type: 'submit', testid: 'note-save', text: 'Add note' });
  const form = el('form', { class: 'note-form', testid: 'note-form' }, text, tokenRow, save, error);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const t = text.value.trim();
    if (!t) return;
    if (!tokenRow.hidden && tokenInput.value) ctx.setToken(tokenInput.value);
    save.disabled = true;
    error.hidden = true;
    try {
      await ctx.addNote(target, t);
    } catch (err) {
      error.hidden = false;
      if (err.code === 'UNAUTHENTICATED') {
        tokenRow.hidden = false;
        error.textContent = 'This server needs its token to save notes: enter it and add the note again.';
        tokenInput.focus();
      } else {
        error.textContent = `The note was not saved: ${err.message}`;
      }
    } finally {
      save.disabled = false;
    }
  });
  return [
    el('h3', { text: `Notes (${notes.length})` }),
    notes.length ? list : el('p', { class: 'muted', text: 'No notes yet.' }),
    form,
  ];
}
