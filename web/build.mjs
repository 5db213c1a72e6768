// Builds newsgraph's browser apps into ../server/web/dist/<app>/, where the
// Go package server/web embeds them into the binary.
//
//   npm ci && npm run build
//
// Each app is a folder next to this file:
//
//   <app>/index.html   page template; {{styles}} and {{scripts}} are replaced
//                      with the tags of the bundled entry
//   <app>/main.{js,jsx,ts,tsx}
//                      the entry point (optional: without one, index.html is
//                      copied as it is, as for the explorer placeholder)
//   <app>/public/      optional files copied verbatim
//
// The output is deterministic (content-hashed names, no timestamps), so that
// scripts/check-web-assets.sh can rebuild and compare with what is committed.

import * as esbuild from 'esbuild';
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import { cp, mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const webDir = dirname(fileURLToPath(import.meta.url));
const distDir = join(webDir, '..', 'server', 'web', 'dist');
const require = createRequire(import.meta.url);

/**
 * The apps to build. `workers` are bundled separately (classic iife workers)
 * and their paths, relative to the app folder, are handed to the entry as the
 * compile-time constant __MONACO_WORKERS__.
 */
const apps = [
  {
    name: 'playground',
    workers: {
      editor: 'monaco-editor/esm/vs/editor/editor.worker.js',
      json: 'monaco-editor/esm/vs/language/json/json.worker.js',
      graphql: 'monaco-graphql/esm/graphql.worker.js',
    },
  },
  { name: 'explorer' },
];

const entryCandidates = ['main.tsx', 'main.ts', 'main.jsx', 'main.js'];

/** Options shared by every bundle. */
const common = {
  absWorkingDir: webDir,
  bundle: true,
  minify: true,
  target: ['es2022'],
  charset: 'utf8',
  legalComments: 'eof',
  logLevel: 'warning',
  metafile: true,
  define: { 'process.env.NODE_ENV': '"production"' },
  loader: {
    '.ttf': 'file',
    '.woff': 'file',
    '.woff2': 'file',
    '.svg': 'file',
    '.png': 'file',
  },
};

/** slash turns a platform path into a URL path. */
const slash = (p) => p.split(sep).join('/');

/** outputsOf lists a metafile's outputs as paths relative to dir. */
function outputsOf(metafile, dir) {
  return Object.entries(metafile.outputs).map(([out, info]) => ({
    path: slash(relative(dir, join(webDir, out))),
    info,
  }));
}

async function buildWorkers(app, outDir) {
  if (!app.workers) return {};
  const entryPoints = Object.fromEntries(
    Object.entries(app.workers).map(([kind, mod]) => [`${kind}.worker`, require.resolve(mod)]),
  );
  const result = await esbuild.build({
    ...common,
    entryPoints,
    format: 'iife',
    outdir: join(outDir, 'workers'),
    entryNames: '[name]-[hash]',
    assetNames: '[name]-[hash]',
  });
  const urls = {};
  for (const { path, info } of outputsOf(result.metafile, outDir)) {
    if (!info.entryPoint) continue;
    const kind = Object.keys(entryPoints).find((k) => entryPoints[k] === join(webDir, info.entryPoint));
    if (!kind) throw new Error(`build: ${app.name}: worker output ${path} has no known entry`);
    urls[kind.replace(/\.worker$/, '')] = `./${path}`;
  }
  return urls;
}

async function buildEntry(app, srcDir, outDir, workerUrls) {
  const entry = entryCandidates.find((f) => existsSync(join(srcDir, f)));
  if (!entry) return null;
  const result = await esbuild.build({
    ...common,
    entryPoints: { main: join(srcDir, entry) },
    // One module, no code splitting: esbuild emits the CSS that lazily
    // imported chunks need (Monaco's) as separate files nothing would load.
    format: 'esm',
    jsx: 'automatic',
    outdir: outDir,
    entryNames: '[name]-[hash]',
    assetNames: 'assets/[name]-[hash]',
    define: { ...common.define, __MONACO_WORKERS__: JSON.stringify(workerUrls) },
  });
  const main = outputsOf(result.metafile, outDir).find(({ info }) => info.entryPoint);
  return { js: main.path, css: main.info.cssBundle ? slash(relative(outDir, join(webDir, main.info.cssBundle))) : null };
}

async function writeIndex(app, srcDir, outDir, bundle) {
  let html = await readFile(join(srcDir, 'index.html'), 'utf8');
  const styles = bundle?.css ? `<link rel="stylesheet" href="./${bundle.css}" />` : '';
  const scripts = bundle ? `<script type="module" src="./${bundle.js}"></script>` : '';
  html = html.replace('{{styles}}', styles).replace('{{scripts}}', scripts);
  if (html.includes('{{')) throw new Error(`build: ${app.name}/index.html: unknown {{placeholder}}`);
  await writeFile(join(outDir, 'index.html'), html);
}

/** listFiles returns every file under dir, relative to it, sorted. */
async function listFiles(dir) {
  const out = [];
  for (const e of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (e.isFile()) out.push(slash(relative(dir, join(e.parentPath, e.name))));
  }
  return out.sort();
}

async function buildApp(app) {
  const srcDir = join(webDir, app.name);
  const outDir = join(distDir, app.name);
  await rm(outDir, { recursive: true, force: true });
  await mkdir(outDir, { recursive: true });
  const workerUrls = await buildWorkers(app, outDir);
  const bundle = await buildEntry(app, srcDir, outDir, workerUrls);
  if (existsSync(join(srcDir, 'public'))) await cp(join(srcDir, 'public'), outDir, { recursive: true });
  await writeIndex(app, srcDir, outDir, bundle);
  return outDir;
}

const kb = (n) => `${(n / 1024).toFixed(1)} KiB`.padStart(12);

async function report(dir) {
  let total = 0;
  let totalGz = 0;
  for (const f of await listFiles(dir)) {
    const data = await readFile(join(dir, f));
    const gz = gzipSync(data).length;
    total += data.length;
    totalGz += gz;
    console.log(`${kb(data.length)} ${kb(gz)} gz  ${slash(relative(distDir, join(dir, f)))}`);
  }
  console.log(`${kb(total)} ${kb(totalGz)} gz  total ${slash(relative(distDir, dir))}`);
}

const only = process.argv.slice(2);
const started = performance.now();
for (const app of apps) {
  if (only.length && !only.includes(app.name)) continue;
  const t0 = performance.now();
  const dir = await buildApp(app);
  console.log(`built ${app.name} in ${Math.round(performance.now() - t0)} ms`);
  if (!process.env.QUIET) await report(dir);
}
console.log(`done in ${Math.round(performance.now() - started)} ms`);
