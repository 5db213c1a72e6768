// An entity input with suggestions from the API's ranked search. Used by the
// search box and by both ends of the path finder.

import { el, clear } from './dom.js';
import { typeStyle } from './model.js';

const matchLabels = {
  NAME: 'name',
  ALIAS: 'alias',
  PREFIX: 'prefix',
  WORD: 'word',
  SUBSTRING: 'part',
  FUZZY: 'similar',
};

/**
 * attachSuggest turns input into an entity picker. search(text, {signal})
 * returns ranked entities; onPick(entity) is called when one is chosen with
 * Enter or a click. It returns {picked(), resolve(), close(), set(entity)}:
 * picked() is the chosen entity while the text is unchanged, resolve() waits
 * for the current suggestions and returns the chosen or the best one.
 */
export function attachSuggest(
  input,
  { search, onPick, onError, clearOnPick = false, list: listTestId = 'suggestions' },
) {
  const wrap = input.parentElement;
  const list = el('ul', { class: 'suggestions', role: 'listbox', testid: listTestId, hidden: true });
  const listId = `${input.id || input.dataset.testid}-list`;
  list.id = listId;
  wrap.append(list);
  input.setAttribute('role', 'combobox');
  input.setAttribute('aria-autocomplete', 'list');
  input.setAttribute('aria-controls', listId);
  input.setAttribute('aria-expanded', 'false');
  input.autocomplete = 'off';

  let items = [];
  let active = -1;
  let chosen = null;
  let pending = null; // {text, promise}
  let controller = null;
  let timer = null;

  function render() {
    clear(list);
    items.forEach((it, i) => {
      const t = typeStyle(it.type);
      const li = el(
        'li',
        {
          class: i === active ? 'suggestion active' : 'suggestion',
          role: 'option',
          testid: 'suggestion',
          'aria-selected': i === active ? 'true' : 'false',
          dataset: { id: it.id },
          on: {
            // mousedown, not click: the input's blur would close the list first.
            mousedown: (e) => {
              e.preventDefault();
              pick(it);
            },
          },
        },
        el('span', { class: 'swatch', style: `background:${t.color}` }),
        el('span', { class: 'name', text: it.name }),
        el('span', { class: 'type', text: t.label }),
        it.match && it.match !== 'NAME' && it.matched && it.matched !== it.name
          ? el('span', { class: 'matched', text: `${matchLabels[it.match] || it.match}: ${it.matched}` })
          : null,
      );
      list.append(li);
    });
    const open = items.length > 0 && document.activeElement === input;
    list.hidden = !open;
    input.setAttribute('aria-expanded', open ? 'true' : 'false');
  }

  function close() {
    items = [];
    active = -1;
    render();
  }

  function pick(it) {
    chosen = { ...it, text: it.name };
    input.value = clearOnPick ? '' : it.name;
    if (clearOnPick) chosen = null;
    close();
    onPick?.(it);
  }

  function query(text) {
    controller?.abort();
    controller = new AbortController();
    const promise = search(text, { signal: controller.signal }).then(
      (res) => {
        if (input.value.trim() === text) {
          items = res;
          active = res.length ? 0 : -1;
          render();
        }
        return res;
      },
      (err) => {
        if (err.name !== 'AbortError') onError?.(err);
        return [];
      },
    );
    pending = { text, promise };
    return promise;
  }

  input.addEventListener('input', () => {
    chosen = null;
    const text = input.value.trim();
    clearTimeout(timer);
    if (!text) {
      controller?.abort();
      pending = null;
      close();
      return;
    }
    timer = setTimeout(() => query(text), 120);
  });

  input.addEventListener('keydown', async (e) => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      if (!items.length) return;
      e.preventDefault();
      active = (active + (e.key === 'ArrowDown' ? 1 : -1) + items.length) % items.length;
      render();
    } else if (e.key === 'Escape') {
      close();
    } else if (e.key === 'Enter') {
      e.preventDefault();
      const it = await resolve();
      if (it) pick(it);
    }
  });
  input.addEventListener('blur', () => setTimeout(close, 0));
  input.addEventListener('focus', () => {
    if (items.length) render();
  });

  /** resolve returns the chosen entity, or the active or best suggestion for the text. */
  async function resolve() {
    const text = input.value.trim();
    if (!text) return null;
    if (chosen && chosen.text === input.value) return chosen;
    if (items.length && pending?.text === text) return items[Math.max(0, active)];
    clearTimeout(timer);
    const res = pending?.text === text ? await pending.promise : await query(text);
    if (input.value.trim() !== text) return null;
    return res[Math.max(0, Math.min(active, res.length - 1))] || res[0] || null;
  }

  return {
    picked: () => (chosen && chosen.text === input.value ? chosen : null),
    resolve,
    close,
    set(entity) {
      chosen = entity ? { ...entity, text: entity.name } : null;
      input.value = entity ? entity.name : '';
    },
  };
}
