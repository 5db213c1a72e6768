// Big graphs: a synthetic view of 10,000 nodes and 30,000 edges, drawn with
// Cytoscape's 2D canvas renderer and with its WebGL renderer (#webgl=1). For
// each: the draw time (cold at page load, then warm; best of 3 < 3 s) and,
// after every draw, the frame rate of mouse gestures: two drags that pan the
// view, a wheel zoom in and one out (on the folded view, the median over them
// all must reach 30 frames a second). Headless Chromium has no GPU: its WebGL
// is SwiftShader (ANGLE on Vulkan, in software), which is what CI measures;
// the renderer string is reported.
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

/** GESTURE_MS is how long each pan or zoom gesture lasts. */
const GESTURE_MS = 1200;

/**
 * backgroundPoint returns a point of the page over the graph's empty
 * background near the canvas's centre (a drag there pans the view; on a node
 * it would move the node).
 */
function backgroundPoint(page) {
  return page.evaluate(() => {
    const cy = window.newsgraph.cy;
    const box = cy.container().getBoundingClientRect();
    const r = cy.renderer();
    const w = cy.width();
    const h = cy.height();
    for (let ring = 0; ring < 40; ring++) {
      for (let k = 0; k < 8 * Math.max(ring, 1); k++) {
        const a = (2 * Math.PI * k) / (8 * Math.max(ring, 1));
        const x = w / 2 + ring * 9 * Math.cos(a);
        const y = h / 2 + ring * 9 * Math.sin(a);
        const p = { x: (x - cy.pan().x) / cy.zoom(), y: (y - cy.pan().y) / cy.zoom() };
        if (!r.findNearestElement(p.x, p.y, true, false)) return { x: box.left + x, y: box.top + y };
      }
    }
    throw new Error('no empty background near the centre');
  });
}

/**
 * gesture performs one pan (a mouse drag on the background) or zoom (wheel
 * steps, in or out) lasting about GESTURE_MS with real input events, as a
 * user does, while the page counts the frames it draws. Every frame of the
 * gesture has input to handle, so the frame rate is what Cytoscape keeps
 * while redrawing. It returns the frames per second, the median and worst
 * frame (ms) and the renders Cytoscape reported.
 */
async function gesture(page, kind) {
  const at = await backgroundPoint(page);
  await page.mouse.move(at.x, at.y);
  await page.evaluate(() => {
    const cy = window.newsgraph.cy;
    const rec = { frames: [], renders: 0, on: true };
    rec.onRender = () => rec.renders++;
    cy.on('render', rec.onRender);
    window.__gesture = rec;
    let last = null;
    const tick = (now) => {
      if (last !== null) rec.frames.push(now - last);
      last = now;
      if (rec.on) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
  const t0 = Date.now();
  let i = 0;
  if (kind === 'pan') {
    await page.mouse.down();
    while (Date.now() - t0 < GESTURE_MS) {
      i++;
      await page.mouse.move(at.x + 120 * Math.sin(i / 12), at.y + 60 * Math.sin(i / 19));
    }
    await page.mouse.up();
  } else {
    const dir = kind === 'zoom in' ? -1 : 1;
    while (Date.now() - t0 < GESTURE_MS) {
      i++;
      await page.mouse.wheel(0, dir * 40);
      await page.waitForTimeout(8);
    }
  }
  return page.evaluate((kind) => {
    const cy = window.newsgraph.cy;
    const rec = window.__gesture;
    rec.on = false;
    cy.off('render', rec.onRender);
    const s = [...rec.frames].sort((a, b) => a - b);
    const ms = rec.frames.reduce((a, b) => a + b, 0);
    return {
      kind,
      frames: s.length,
      fps: Math.round((s.length / (ms / 1000)) * 10) / 10,
      p50: Math.round(s[Math.floor(s.length / 2)] * 10) / 10,
      max: Math.round(s[s.length - 1] * 10) / 10,
      renders: rec.renders,
      zoom: Math.round(cy.zoom() * 1000) / 1000,
    };
  }, kind);
}

/** GESTURES are the moves measured after each draw: the view is panned and zoomed in and out about its fit. */
const GESTURES = ['pan', 'zoom in', 'pan', 'zoom out'];

/** median of a list of numbers. */
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

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
    // After each draw (the cold one at page load, then warm ones): pan and
    // zoom it with the mouse, gesture by gesture.
    const frames = [];
    const measure = async (run) => {
      for (const kind of GESTURES) frames.push({ run, ...(await gesture(page, kind)) });
    };
    await measure(1);
    const warm = [];
    for (let i = 1; i < c.draws; i++) {
      warm.push(await page.evaluate(([n, m, fold]) => window.newsgraph.synthetic(n, m, { fold }), [N, M, c.fold]));
      await idle(page, 120_000);
      await measure(i + 1);
    }
    const draws = [cold, ...warm].map((d) => d.drawMs);
    const best = Math.min(...draws);
    await shot(`${c.name} after pan and zoom`);
    const gl = await glRenderer(page);
    const fps = frames.map((f) => f.fps);
    const fpsMedian = Math.round(median(fps) * 10) / 10;
    const fpsMin = Math.min(...fps);
    results[c.name] = { gl, cold, warm, drawsMs: draws, bestDrawMs: best, fpsMedian, fpsMin, gestures: frames };
    t.diagnostic(
      `${c.name}: draws ${draws.join(', ')} ms (best ${best}); ${frames.length} gestures: fps median ${fpsMedian}, min ${fpsMin}; GL: ${gl}`,
    );
    for (const f of frames) t.diagnostic(`  run ${f.run} ${f.kind}: ${JSON.stringify(f)}`);
    for (const f of frames) assert.ok(f.frames > 5, `frames kept coming while the view moved (${f.kind})`);
    if (c.fold) {
      assert.ok(best < 3000, `the best of ${draws.length} draws took ${best} ms`);
      // Panning and zooming with the mouse keep up: at least 30 frames a
      // second, the median over every gesture after every draw.
      assert.ok(fpsMedian >= 30, `${fpsMedian} frames per second (median of ${fps.join(', ')})`);
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
    window.__before = new Set(cy.nodes().map((n) => n.id()));
    return { id: grp.id(), nodes: cy.nodes().length, x: box.left + p.x, y: box.top + p.y };
  });
  await page.mouse.click(g.x, g.y);
  await idle(page);
  const after = await page.evaluate(() => {
    const cy = window.newsgraph.cy;
    const gone = [...window.__groups].filter(([id]) => cy.getElementById(id).empty());
    // the members (nodes that were not drawn before) are all in view, and
    // no other node sits among them
    const members = cy.nodes().filter((n) => !window.__before.has(n.id()));
    const c = { x: 0, y: 0 };
    members.forEach((n) => {
      c.x += n.position('x') / members.length;
      c.y += n.position('y') / members.length;
    });
    const dist = (n) => Math.hypot(n.position('x') - c.x, n.position('y') - c.y);
    const reach = Math.max(...members.map(dist));
    const intruders = cy.nodes().filter((n) => window.__before.has(n.id()) && dist(n) < reach).length;
    const ext = cy.extent();
    const inView = members.filter((n) => {
      const p = n.position();
      return p.x >= ext.x1 && p.x <= ext.x2 && p.y >= ext.y1 && p.y <= ext.y2;
    }).length;
    return { gone, nodes: cy.nodes().length, members: members.length, inView, intruders };
  });
  t.diagnostic(`clicked ${g.id}: opened ${JSON.stringify(after.gone)}; ${g.nodes} → ${after.nodes} nodes`);
  assert.equal(after.gone.length, 1, 'one group opened');
  assert.equal(after.nodes, g.nodes - 1 + after.gone[0][1], 'its members replace it');
  t.diagnostic(`members ${after.members}, in view ${after.inView}, other nodes among them ${after.intruders}`);
  assert.equal(after.inView, after.members, 'the view shows the opened group');
  assert.equal(after.intruders, 0, 'the rest of the drawing makes room for the opened group');
  await shot('a group opened');
}
