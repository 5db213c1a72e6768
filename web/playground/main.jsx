// The newsgraph GraphQL playground: GraphiQL 5, fully self-hosted.
//
// Everything the page needs (scripts, styles, fonts, Monaco's web workers)
// is served by the newsgraph binary next to this file; the only other
// request it makes is to the GraphQL endpoint on the same origin.

import { createRoot } from 'react-dom/client';
import { GraphiQL } from 'graphiql';
import 'graphiql/style.css';
import './playground.css';
import { createFetcher } from './fetcher.js';
import { exampleTabs, EXAMPLE_NAMES } from './examples.js';

/* global __MONACO_WORKERS__ */

// Monaco runs its language services in web workers. build.mjs bundles each
// worker separately and defines __MONACO_WORKERS__ as their paths relative to
// this entry file, so they load from wherever the playground is mounted.
globalThis.MonacoEnvironment = {
  getWorker(_workerId, label) {
    const kind = label === 'json' || label === 'graphql' ? label : 'editor';
    const url = new URL(__MONACO_WORKERS__[kind], import.meta.url);
    return new Worker(url, { name: `monaco-${kind}` });
  },
};

const endpoint = document.documentElement.dataset.endpoint || '/graphql';
const fetcher = createFetcher(endpoint);

/**
 * firstEntityId returns the id of the first entity matching name, or
 * undefined when the search fails or finds nothing.
 */
async function firstEntityId(name) {
  try {
    const res = await fetcher(
      {
        query: 'query ExampleId($q: String!) { entities(query: $q, first: 1) { edges { node { id } } } }',
        variables: { q: name },
        operationName: 'ExampleId',
      },
    );
    return res?.data?.entities?.edges?.[0]?.node?.id;
  } catch {
    return undefined;
  }
}

/** resolveExampleIds looks up the ids the example tabs need, within a deadline. */
async function resolveExampleIds(deadlineMs) {
  const timeout = new Promise((resolve) => setTimeout(() => resolve({}), deadlineMs));
  const lookup = Promise.all([firstEntityId(EXAMPLE_NAMES.from), firstEntityId(EXAMPLE_NAMES.to)]).then(
    ([from, to]) => ({ from, to }),
  );
  return Promise.race([lookup, timeout]);
}

function Playground({ tabs }) {
  return (
    <GraphiQL fetcher={fetcher} defaultTabs={tabs} defaultEditorToolsVisibility="variables">
      <GraphiQL.Logo>newsgraph</GraphiQL.Logo>
    </GraphiQL>
  );
}

const ids = await resolveExampleIds(1500);
createRoot(document.getElementById('graphiql')).render(<Playground tabs={exampleTabs(ids)} />);
