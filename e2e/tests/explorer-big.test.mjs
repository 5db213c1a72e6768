// Big graphs: a synthetic view of 10,000 nodes and 30,000 edges, drawn with
// Cytoscape's 2D canvas renderer and with its WebGL renderer (#webgl=1). For
// each: the draw time (cold at page load, then warm; best of 3 < 3 s) and the
// frame rate while the view is panned and zoomed, one step a frame. Headless
// Chromium has no GPU: its WebGL is SwiftShader (ANGLE on Vulkan, in
// software), which is what CI measures; the renderer string is reported.
// The numbers go to test-output/explorer-big.json.

import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { launch, openPage, serverURL } from '../lib/browser.mjs';
import { counts, idle } from '../lib/explorer.mjs';

const outDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'test-output');
const N = 10_000;
const M = 30_000;

let browser;
const results = {};
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await mkdir(outDir, { recursive: true });
  await writeFile(join(outDir, 'explorer-big.json'), `${JSON.stringify(results, null, 2)}\n`);
});

/**
 * viewportFrames moves the view once a frame for ms milliseconds after a
 * warm-up of 500 ms (Cytoscape caches the view as a texture when a move
 * starts): mode "pan" pans it by a few pixels, "zoom" zooms it in and out by
 * 2% about the centre. It returns the frames per second the browser kept,
 * the median and 95th percentile of the frame intervals, and the renders
 * Cytoscape reported.
 */
function viewportFrames(page, mode, ms = 2000) {
  return page.evaluate(
    ([mode, ms]) =>
      new Promise((resolve) => {
        const cy = window.newsgraph.cy;
        let renders = 0;
        const onRender = () => renders++;
        const intervals = [];
        const t0 = performance.now();
        let start = null;
        let last = t0;
        let i = 0;
        const step = (now) => {
          i++;
          if (start === null && now - t0 >= 500) {
            start = now;
            cy.on('render', onRender);
          } else if (start !== null) intervals.push(now - last);
          last = now;
          if (mode === 'pan') cy.panBy({ x: i % 40 < 20 ? 4 : -4, y: i % 80 < 40 ? 1 : -1 });
          else
            cy.zoom({
              level: cy.zoom() * (i % 60 < 30 ? 1.02 : 1 / 1.02),
              renderedPosition: { x: cy.width() / 2, y: cy.height() / 2 },
            });
          if (start === null || now - start < ms) requestAnimationFrame(step);
          else {
            cy.off('render', onRender);
            const s = [...intervals].sort((a, b) => a - b);
            const q = (p) => Math.round(s[Math.min(s.length - 1, Math.floor(p * s.length))] * 10) / 10;
            resolve({
              mode,
              frames: s.length,
              fps: Math.round((s.length / ((now - start) / 1000)) * 10) / 10,
              p50: q(0.5),
              p95: q(0.95),
              renders,
            });
          }
        };
        requestAnimationFrame(step);
      }),
    [mode, ms],
  );
}

/** glRenderer names the WebGL implementation of the page's browser. */
function glRenderer(page) {
  return page.evaluate(() => {
    const gl = document.createElement('canvas').getContext('webgl2');
    if (!gl) return 'no WebGL 2';
    const ext = gl.getExtension('WEBGL_debug_renderer_info');
    return ext ? gl.getParameter(ext.UNMASKED_RENDERER_WEBGL) : gl.getParameter(gl.RENDERER);
  });
}

/**
 * The views measured. Folded (the default above 4,000 entities): communities
 * drawn as counted groups that open on a click; raw: every entity and
 * relation drawn, which takes tens of seconds per draw on the shared CI
 * machine. WebGL (SwiftShader here) draws the folded view in about 10 s. So
 * the raw and WebGL views run only with NEWSGRAPH_E2E_BIG_RAW=1 (one draw
 * each, nothing asserted but that they draw).
 */
const raw = process.env.NEWSGRAPH_E2E_BIG_RAW === '1';
const cases = [
  { name: 'folded, canvas', renderer: 'canvas', fold: true, draws: 3 },
  { name: 'folded, webgl', renderer: 'webgl', fold: true, draws: 1, skip: !raw },
  { name: 'raw, canvas', renderer: 'canvas', fold: false, draws: 1, skip: !raw },
  { name: 'raw, webgl', renderer: 'webgl', fold: false, draws: 1, skip: !raw },
];

for (const c of cases) {
  const skip = c.skip ? 'set NEWSGRAPH_E2E_BIG_RAW=1 to measure every element drawn' : false;
  test(`a ${N}-node, ${M}-edge view, ${c.name}`, { skip }, async (t) => {
    const { page, shot, close } = await openPage(browser, t);
    const hash = `#synthetic=${N}&edges=${M}${c.fold ? '' : '&fold=0'}${c.renderer === 'webgl' ? '&webgl=1' : ''}`;
    const url = new URL('/', serverURL());
    url.hash = hash;
    assert.equal((await page.goto(url.href)).status(), 200);
    await idle(page, 120_000);
    await page.waitForFunction(() => window.newsgraph.lastDraw, null, { timeout: 120_000 });
    assert.equal(await page.evaluate(() => window.newsgraph.renderer), c.renderer);
    const cold = await page.evaluate(() => window.newsgraph.lastDraw);
    assert.equal(cold.entities, N);
    assert.equal(cold.relations, M);
    if (c.fold) {
      assert.ok(cold.groups > 50 && cold.nodes < 1000, `folded into ${cold.groups} groups, ${cold.nodes} nodes`);
    } else {
      assert.deepEqual(await counts(page), { nodes: N, edges: M });
    }
    await shot(`${c.name} drawn`);
    const warm = [];
    for (let i = 1; i < c.draws; i++) {
      warm.push(await page.evaluate(([n, m, fold]) => window.newsgraph.synthetic(n, m, { fold }), [N, M, c.fold]));
      await idle(page, 120_000);
    }
    const draws = [cold, ...warm].map((d) => d.drawMs);
    const best = Math.min(...draws);
    const frames = [await viewportFrames(page, 'pan'), await viewportFrames(page, 'zoom')];
    await shot(`${c.name} after pan and zoom`);
    const gl = await glRenderer(page);
    results[c.name] = { gl, cold, warm, drawsMs: draws, bestDrawMs: best, panZoom: frames };
    t.diagnostic(
      `${c.name}: draws ${draws.join(', ')} ms (best ${best}); pan/zoom ${JSON.stringify(frames)}; GL: ${gl}`,
    );
    for (const f of frames) assert.ok(f.frames > 5, `frames kept coming while the view moved (${f.mode})`);
    if (c.fold) {
      assert.ok(best < 3000, `the best of ${draws.length} draws took ${best} ms`);
      // Panning keeps up: the median frame within 1/30 s (the rate over the
      // whole run is reported: a move's first frames redraw the view). Zoom
      // is reported only: each zoom step redraws every element at the new
      // scale, 150–250 ms a frame at fit in headless Chromium's software
      // canvas on the shared machine.
      const pan = frames.find((f) => f.mode === 'pan');
      assert.ok(pan.p50 <= 34, `median frame ${pan.p50} ms while panning`);
      await openAGroup(page, t, shot);
    }
    await close();
  });
}

/** openAGroup clicks the biggest group in view and checks that its members replace it. */
async function openAGroup(page, t, shot) {
  const g = await page.evaluate(() => {
    const cy = window.newsgraph.cy;
    const box = cy.container().getBoundingClientRect();
    const grp = cy.nodes('.group').max((n) => n.data('members')).ele;
    cy.zoom(1.5);
    cy.center(grp);
    const p = grp.renderedPosition();
    window.__groups = new Map(cy.nodes('.group').map((n) => [n.id(), n.data('members')]));
    return { id: grp.id(), nodes: cy.nodes().length, x: box.left + p.x, y: box.top + p.y };
  });
  await page.mouse.click(g.x, g.y);
  await idle(page);
  const after = await page.evaluate(() => {
    const cy = window.newsgraph.cy;
    const gone = [...window.__groups].filter(([id]) => cy.getElementById(id).empty());
    return { gone, nodes: cy.nodes().length };
  });
  t.diagnostic(`clicked ${g.id}: opened ${JSON.stringify(after.gone)}; ${g.nodes} → ${after.nodes} nodes`);
  assert.equal(after.gone.length, 1, 'one group opened');
  assert.equal(after.nodes, g.nodes - 1 + after.gone[0][1], 'its members replace it');
  await shot('a group opened');
}
