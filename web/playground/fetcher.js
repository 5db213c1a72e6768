// A GraphiQL fetcher that posts to the page's own origin only.

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
      body: JSON.stringify(params),
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
