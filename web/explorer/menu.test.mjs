import assert from 'node:assert/strict';
import { test } from 'node:test';
import { expandChoices, relationLabel, typePlural } from './menu.js';
import { PREDICATES, ENTITY_TYPES } from './model.js';

test('the expand menu is built from the counts', async (t) => {
  const entity = {
    relationCounts: [
      { predicate: 'CHARGES', direction: 'IN', count: 1 },
      { predicate: 'ACCUSES', direction: 'IN', count: 9 },
      { predicate: 'DENIES', direction: 'OUT', count: 2 },
      { predicate: 'USES', direction: 'OUT', count: 0 },
    ],
    neighborCounts: [
      { type: 'PERSON', count: 1 },
      { type: 'THREAT_GROUP', count: 4 },
    ],
  };
  const got = expandChoices(entity);
  const cases = [
    {
      name: 'relations, most first, zero left out',
      got: got.relations.map((c) => `${c.label} (${c.count})`),
      want: ['accused by (9)', 'denies (2)', 'charged by (1)'],
    },
    {
      name: 'types, most first',
      got: got.types.map((c) => `${c.label} (${c.count})`),
      want: ['threat groups (4)', 'people (1)'],
    },
    {
      name: 'a relation filters by predicate and direction',
      got: got.relations[0].filter,
      want: { predicates: ['ACCUSES'], direction: 'IN', types: [] },
    },
    {
      name: 'a type filters by type in both directions',
      got: got.types[0].filter,
      want: { predicates: [], direction: 'BOTH', types: ['THREAT_GROUP'] },
    },
    {
      name: 'no counts, no entries',
      got: expandChoices({}),
      want: { relations: [], types: [] },
    },
  ];
  for (const c of cases) await t.test(c.name, () => assert.deepEqual(c.got, c.want));
});

test('every predicate and type has a menu label', async (t) => {
  for (const p of PREDICATES) {
    await t.test(p.predicate, () => {
      assert.match(relationLabel(p.predicate, 'OUT'), /^[a-z ]+$/);
      assert.match(relationLabel(p.predicate, 'IN'), /^[a-z ]+$/);
      assert.notEqual(relationLabel(p.predicate, 'IN'), relationLabel(p.predicate, 'OUT'));
    });
  }
  for (const ty of ENTITY_TYPES) await t.test(ty.type, () => assert.match(typePlural(ty.type), /^[a-z ]+$/));
});
