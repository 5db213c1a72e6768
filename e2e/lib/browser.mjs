// Shared harness of newsgraph's browser tests.
//
// It drives the system Chromium through playwright-core, against the server
// named by NEWSGRAPH_URL. Every page it opens is watched: a request to any
// origin other than the server's (or a WebSocket, or an uncaught page error)
// fails the test, and such requests are aborted before they leave the browser.
// Screenshots of each step go to test-output/screenshots/.

import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Where screenshots are written. */
export const screenshotDir = join(repoRoot, 'test-output', 'screenshots');

/** serverURL returns the base URL of the server under test. */
export function serverURL() {
  const raw = process.env.NEWSGRAPH_URL;
  if (!raw) throw new Error('e2e: set NEWSGRAPH_URL to the server under test, e.g. http://127.0.0.1:8080');
  return new URL(raw);
}

/**
 * The flags Chromium runs with: headless-friendly, and quiet on the network
 * (no background, update, sync or QUIC traffic; every host name but the
 * server's resolves to nothing, so that nothing can leave the machine).
 */
export function chromiumArgs(server) {
  return [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--disable-quic',
    '--no-first-run',
    '--disable-default-apps',
    '--disable-domain-reliability',
    '--metrics-recording-only',
    `--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE ${server.hostname}`,
  ];
}

/** launch starts a headless Chromium. */
export async function launch() {
  const server = serverURL();
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    headless: true,
    args: chromiumArgs(server),
  });
}

/** isLocal reports whether url may be fetched by a page of server. */
function isLocal(url, server) {
  if (url.startsWith('data:') || url.startsWith('blob:') || url === 'about:blank') return true;
  try {
    return new URL(url).origin === server.origin;
  } catch {
    return false;
  }
}

const slug = (s) =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 60);

/**
 * openPage opens a fresh browser context and page for test t (a node:test
 * TestContext) and returns it with its watchers:
 *
 *   page        the Playwright page
 *   requests    every request URL the page (and its workers) made
 *   shot(step)  saves a screenshot named after the test and step
 *   close()     asserts that no foreign request or page error happened,
 *               then closes the context
 */
export async function openPage(browser, t) {
  const server = serverURL();
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, serviceWorkers: 'block' });
  const requests = [];
  const foreign = [];
  const pageErrors = [];
  const consoleErrors = [];

  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (isLocal(url, server)) return route.continue();
    foreign.push(url);
    return route.abort('blockedbyclient');
  });
  context.on('request', (req) => {
    requests.push(`${req.method()} ${req.url()}`);
    if (!isLocal(req.url(), server) && !foreign.includes(req.url())) foreign.push(req.url());
  });

  const page = await context.newPage();
  page.on('websocket', (ws) => foreign.push(`websocket ${ws.url()}`));
  page.on('pageerror', (err) => pageErrors.push(err.stack || String(err)));
  page.on('console', (msg) => {
    if (msg.type() === 'error') consoleErrors.push(msg.text());
  });
  page.on('worker', (worker) => requests.push(`worker ${worker.url()}`));

  let step = 0;
  await mkdir(screenshotDir, { recursive: true });
  const shot = async (name) => {
    step += 1;
    const file = join(screenshotDir, `${slug(t.name)}-${String(step).padStart(2, '0')}-${slug(name)}.png`);
    await page.screenshot({ path: file });
    t.diagnostic(`screenshot ${file}`);
    return file;
  };

  let closed = false;
  // On failure the test never reaches close(): keep a picture and clean up.
  t.after(async () => {
    if (closed) return;
    await shot('failed').catch(() => {});
    if (foreign.length) t.diagnostic(`foreign requests: ${foreign.join(', ')}`);
    if (pageErrors.length) t.diagnostic(`page errors: ${pageErrors.join('\n')}`);
    await context.close();
  });

  const close = async () => {
    closed = true;
    try {
      if (consoleErrors.length) t.diagnostic(`console errors:\n  ${consoleErrors.join('\n  ')}`);
      t.diagnostic(`${requests.length} requests, all to ${server.origin}`);
      assert.deepEqual(foreign, [], `requests left the server's origin ${server.origin}`);
      assert.deepEqual(pageErrors, [], 'uncaught errors in the page');
      const csp = consoleErrors.filter((m) => m.includes('Content Security Policy'));
      assert.deepEqual(csp, [], 'the page broke its Content-Security-Policy');
    } finally {
      await context.close();
    }
  };
  return { page, requests, consoleErrors, shot, close };
}
