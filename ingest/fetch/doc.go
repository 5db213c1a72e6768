// Package fetch is newsgraph's HTTP client for feeds and article pages: a
// fetcher that behaves as a good citizen of the sites it reads.
//
// A Fetcher, built from a Config, does a conditional GET: the Validators of
// the previous fetch (ETag, Last-Modified) are sent as If-None-Match and
// If-Modified-Since, a 304 answer gives Response{NotModified: true}, and any
// other success gives the body, the final URL, the status, the Content-Type
// header and the new validators. Bodies are returned as bytes: charsets are
// decoded by ingest/normalize from the header and the page's meta tags.
//
// Politeness and limits:
//
//   - Every request carries Config.UserAgent, which names newsgraph and a
//     contact URL the operator sets.
//   - Requests to one host (host and port) are serialized and spaced by at
//     least Config.MinInterval, measured from the end of one response to the
//     start of the next; different hosts proceed in parallel. The host table
//     lives as long as the Fetcher and is not pruned.
//   - robots.txt is fetched once per host and cached for Config.RobotsTTL. The
//     group naming our product token (Config.RobotsAgent, "newsgraph" by
//     default) is used, else the "*" group; Allow and Disallow rules with "*"
//     and "$" are matched against the escaped path and query, the longest
//     pattern wins and Allow wins ties (RFC 9309). A robots.txt answering 4xx
//     allows everything; 5xx, 429 or a network error disallows the host for now
//     (a temporary error) and is not cached. Crawl-delay and Sitemap lines are
//     ignored. The parser is written here because the module proxy served to
//     this project offers no maintained robots.txt library; the format is small.
//   - Redirects are followed by the Fetcher itself, at most Config.MaxRedirects
//     hops; each hop passes the robots check and the host gate of its own host.
//     Revisiting a URL is reported as a redirect loop.
//   - Dialing is bounded by Config.ConnectTimeout and each attempt (headers and
//     body) by Config.Timeout.
//   - A body larger than Config.MaxBodyBytes is refused without reading past
//     the cap. gzip is negotiated and decoded by net/http's transport, so the
//     cap applies to the decoded bytes.
//   - 429 and 5xx answers are retried up to Config.MaxAttempts attempts in all,
//     waiting Retry-After (seconds or an HTTP date) when the server sends one,
//     else Config.Backoff doubled per attempt, never longer than Config.MaxWait.
//     A Retry-After beyond MaxWait ends the attempts at once: the error carries
//     it in RetryAfter so the caller can schedule the next try. Network errors
//     and timeouts are not retried inside Fetch; they come back as temporary
//     errors.
//
// Every failure is an *Error: Temporary reports whether trying again later can
// help (timeouts, network errors, 429, 5xx, robots.txt unavailable); 404, 410,
// other 4xx, robots disallowing, too many redirects and oversize bodies are
// permanent. The causes ErrDisallowed, ErrTooLarge, ErrRedirects and ErrStatus
// can be tested with errors.Is.
//
// Time is read and waited through Config.Clock so tests run without real
// sleeps.
package fetch
