// The "expand by type" menu of a node (right-click or long-press): one entry
// per predicate and direction of its relations ("accused by (9)") and per type
// of its neighbors ("threat groups (4)"), from Entity.relationCounts and
// Entity.neighborCounts. expandChoices is pure, so that it runs under
// `node --test`; openMenu draws the menu.

import { el } from './dom.js';
import { predicateLabel, typeStyle } from './model.js';

/**
 * PASSIVE names a predicate seen from its object: "X accuses Y" is, on Y's
 * menu, "accused by (X)".
 */
const PASSIVE = {
  ACCUSES: 'accused by',
  CHARGES: 'charged by',
  CONDEMNS: 'condemned by',
  SANCTIONS: 'sanctioned by',
  DENIES: 'denied by',
  INVESTIGATES: 'investigated by',
  TARGETS: 'targeted by',
  ATTRIBUTED_TO: 'attributed to it',
  AFFILIATED_WITH: 'affiliated to it',
  USES: 'used by',
  EXPLOITS: 'exploited by',
  COOPERATES_WITH: 'cooperating with it',
  MEMBER_OF: 'its members',
  PART_OF: 'its parts',
  NATIONALITY: 'its nationals',
  LOCATED_IN: 'located in it',
  RELATED_TO: 'related to it',
};

/** PLURAL names the entities of a type in the plural, in lower case. */
const PLURAL = {
  PERSON: 'people',
  AGENCY: 'agencies',
  COUNTRY: 'countries',
  ORGANIZATION: 'organizations',
  THREAT_GROUP: 'threat groups',
  EVENT: 'events',
  MALWARE: 'malware',
  TOOL: 'tools',
  VULNERABILITY: 'vulnerabilities',
  ATTACK_PATTERN: 'attack patterns',
  SECTOR: 'sectors',
  PRODUCT: 'products',
  LOCATION: 'locations',
};

/** relationLabel names the relations of a predicate in a direction, from the entity's side. */
export function relationLabel(predicate, direction) {
  if (direction === 'IN') return PASSIVE[predicate] || `${predicateLabel(predicate)} (incoming)`;
  return predicateLabel(predicate);
}

/** typePlural names the neighbors of a type: "threat groups". */
export function typePlural(type) {
  return PLURAL[type] || `${typeStyle(type).label.toLowerCase()}s`;
}

/**
 * expandChoices returns the menu of an entity ({relationCounts,
 * neighborCounts}): {relations, types}, each a list of {label, count,
 * filter}, where filter is what an expansion takes ({predicates, direction}
 * or {types}). Relations come most numerous first, then by label; types
 * likewise. Zero counts are left out.
 */
export function expandChoices(entity) {
  const byCount = (a, b) => b.count - a.count || a.label.localeCompare(b.label);
  const relations = (entity.relationCounts || [])
    .filter((c) => c.count > 0)
    .map((c) => ({
      label: relationLabel(c.predicate, c.direction),
      count: c.count,
      filter: { predicates: [c.predicate], direction: c.direction, types: [] },
    }))
    .sort(byCount);
  const types = (entity.neighborCounts || [])
    .filter((c) => c.count > 0)
    .map((c) => ({
      label: typePlural(c.type),
      count: c.count,
      filter: { predicates: [], direction: 'BOTH', types: [c.type] },
    }))
    .sort(byCount);
  return { relations, types };
}

/**
 * openMenu shows the menu of entity at the page point (x, y) and returns a
 * function that closes it. onPick(filter) is called with the chosen entry's
 * filter ({} for every neighbor). The menu closes on a pick, on Escape and on
 * a pointer press outside it.
 */
export function openMenu(entity, { x, y, onPick, total = null }) {
  document.querySelector('.expand-menu')?.dispatchEvent(new Event('close'));
  const { relations, types } = expandChoices(entity);
  const item = (label, count, filter, testid) =>
    el(
      'li',
      { role: 'none' },
      el(
        'button',
        {
          type: 'button',
          role: 'menuitem',
          class: 'menu-item',
          testid,
          dataset: { label, count: String(count) },
          on: { click: () => pick(filter) },
        },
        el('span', { class: 'menu-label', text: label }),
        el('span', { class: 'menu-count', text: `(${count})` }),
      ),
    );
  const section = (title, list, testid) =>
    list.length
      ? [
          el('li', { role: 'none', class: 'menu-title', text: title }),
          list.map((c) => item(c.label, c.count, c.filter, testid)),
        ]
      : null;
  const menu = el(
    'div',
    {
      class: 'expand-menu',
      role: 'menu',
      testid: 'expand-menu',
      'aria-label': `Expand ${entity.name}`,
    },
    el('div', { class: 'menu-head', text: `Expand ${entity.name}` }),
    el(
      'ul',
      {},
      item('all neighbors', total ?? types.reduce((s, c) => s + c.count, 0), {}, 'expand-menu-all'),
      section('by relation', relations, 'expand-menu-relation'),
      section('by type', types, 'expand-menu-type'),
    ),
  );
  const close = () => {
    menu.remove();
    document.removeEventListener('pointerdown', outside, true);
    document.removeEventListener('keydown', onKey, true);
  };
  const pick = (filter) => {
    close();
    onPick(filter);
  };
  const outside = (e) => {
    if (!menu.contains(e.target)) close();
  };
  const onKey = (e) => {
    if (e.key === 'Escape') {
      e.stopPropagation();
      close();
    }
  };
  menu.addEventListener('close', close);
  document.body.append(menu);
  // Inside the window, below and right of the point when it fits.
  const box = menu.getBoundingClientRect();
  const left = Math.max(4, Math.min(x, window.innerWidth - box.width - 4));
  const top = Math.max(4, Math.min(y, window.innerHeight - box.height - 4));
  menu.style.left = `${left}px`;
  menu.style.top = `${top}px`;
  document.addEventListener('pointerdown', outside, true);
  document.addEventListener('keydown', onKey, true);
  menu.querySelector('button')?.focus();
  return close;
}
