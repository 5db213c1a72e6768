// A GraphiQL fetcher that posts to the page's own origin only.

import { Kind, parse } from 'graphql';

/**
 * createFetcher returns a GraphiQL fetcher that sends every operation as a
 * JSON POST to endpoint, a same-origin path such as "/graphql". Headers typed
 * into GraphiQL's header editor (for example an Authorization bearer token)
 * are sent along.
 */
export function createFetcher(endpoint) {
  const url = new URL(endpoint, window.location.href);
  if (url.origin !== window.location.origin) {
    throw new Error(`playground: endpoint ${endpoint} is not on this origin`);
  }
  return async (params, opts = {}) => {
    const res = await fetch(url, {
      method: 'POST',
      credentials: 'same-origin',
      headers: {
        Accept: 'application/graphql-response+json, application/json',
        'Content-Type': 'application/json',
        ...(opts.headers || {}),
      },
      body: JSON.stringify(withCurrentOperationName(params)),
    });
    const text = await res.text();
    try {
      return JSON.parse(text);
    } catch {
      // Not JSON (a proxy error page, say): show it rather than a parse error.
      return { errors: [{ message: `HTTP ${res.status}: ${text.slice(0, 500)}` }] };
    }
  };
}

/**
 * withCurrentOperationName repairs a stale operationName. GraphiQL updates
 * the name 100 ms after the query text changes, so running a tab right after
 * switching to it sends the previous tab's name with the new query. A name
 * the document does not define is replaced by the document's only operation
 * name, or dropped when there are several (the server then asks for one).
 */
export function withCurrentOperationName(params) {
  if (!params.operationName) return params;
  let names;
  try {
    names = parse(params.query)
      .definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION)
      .map((d) => d.name?.value);
  } catch {
    return params; // let the server report the syntax error
  }
  if (names.includes(params.operationName)) return params;
  const { operationName: _stale, ...rest } = params;
  return names.length === 1 && names[0] ? { ...rest, operationName: names[0] } : rest;
}
