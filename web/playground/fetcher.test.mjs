import assert from 'node:assert/strict';
import { test } from 'node:test';
import { withCurrentOperationName } from './fetcher.js';

test('withCurrentOperationName', async (t) => {
  const cases = [
    {
      name: 'current name kept',
      in: { query: 'query A { a } query B { b }', operationName: 'B' },
      want: { query: 'query A { a } query B { b }', operationName: 'B' },
    },
    {
      name: 'stale name replaced by the only operation',
      in: { query: 'query Paths { p }', operationName: 'Search', variables: { x: 1 } },
      want: { query: 'query Paths { p }', operationName: 'Paths', variables: { x: 1 } },
    },
    {
      name: 'stale name dropped for an anonymous operation',
      in: { query: '{ stats { entities } }', operationName: 'Search' },
      want: { query: '{ stats { entities } }' },
    },
    {
      name: 'stale name dropped among several operations',
      in: { query: 'query A { a } query B { b }', operationName: 'C' },
      want: { query: 'query A { a } query B { b }' },
    },
    {
      name: 'no name left alone',
      in: { query: '{ a }' },
      want: { query: '{ a }' },
    },
    {
      name: 'syntax error left for the server',
      in: { query: 'query A {', operationName: 'B' },
      want: { query: 'query A {', operationName: 'B' },
    },
  ];
  for (const c of cases) {
    await t.test(c.name, () => {
      assert.deepEqual(withCurrentOperationName(c.in), c.want);
    });
  }
});
