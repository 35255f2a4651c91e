// Bundles the command-line entry (dist/cli.js, from tsc) so the app starts from a few files
// instead of hundreds: Node 20 has no compile cache, and resolving and reading Ink's and
// React's many modules was most of the time to the first frame. Two bundles of the same code:
//   dist/atapi.cjs      one CommonJS file, which dist/atapi.js (source/launch.ts) runs with a
//                       V8 code cache, so a start neither resolves nor compiles modules;
//   dist/atapi-esm.js   ES modules plus chunks, for when the first is missing or cannot run.
// The library (dist/index.js) stays tsc's output. If bundling fails for any reason, atapi-esm.js
// simply imports cli.js: slower to start, never broken.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { cliBundleOptions, cliScriptBundleOptions } from './bundle-options.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'dist');
const esm = path.join(dist, 'atapi-esm.js');
const script = path.join(dist, 'atapi.cjs');
const chunks = path.join(dist, 'chunks');
fs.rmSync(chunks, { recursive: true, force: true });
for (const old of [script, `${script}.cache`]) fs.rmSync(old, { force: true });

const esbuild = await import('esbuild').catch((err) => {
  console.warn(`bundle: ${err?.message ?? err}`);
  return undefined;
});
try {
  if (!esbuild) throw new Error('esbuild is not installed');
  await esbuild.build({
    ...cliBundleOptions(root, 'dist'),
    // A sweep's worker thread starts from a file of its own (source/app/optimize/worker.ts).
    entryPoints: { 'atapi-esm': path.join(dist, 'cli.js'), 'optimize-worker': path.join(dist, 'app/optimize/worker.js') },
    outdir: dist,
  });
} catch (err) {
  console.warn(`bundle: ${err?.message ?? err}; dist/atapi-esm.js loads dist/cli.js instead`);
  fs.writeFileSync(esm, "import './cli.js';\n");
}

try {
  if (!esbuild) throw new Error('esbuild is not installed');
  await esbuild.build({ ...cliScriptBundleOptions(root), entryPoints: [path.join(dist, 'cli.js')], outfile: script });
  // esbuild writes code in ASCII; a comment it kept may still hold another character, which
  // would make the launcher decode the whole file as UTF-8 (source/launch.ts).
  const text = fs.readFileSync(script, 'utf8');
  fs.writeFileSync(script, text.replace(/^#!.*\n/, '').replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`));
} catch (err) {
  console.warn(`bundle: the one-file bundle was not built (${err?.message ?? err}); atapi starts from dist/atapi-esm.js`);
  fs.rmSync(script, { force: true });
}

// The command: the launcher (tsc's dist/launch.js), which starts one bundle or the other.
const out = path.join(dist, 'atapi.js');
fs.writeFileSync(out, "#!/usr/bin/env node\nimport { launch } from './launch.js';\n\nawait launch(import.meta.url);\n");
fs.chmodSync(out, 0o755);

// The status page the daemon's API serves at / (dist/web). Without it the API still answers;
// / then says the page is not built.
try {
  const { buildWeb } = await import('./build-web.mjs');
  fs.rmSync(path.join(dist, 'web'), { recursive: true, force: true });
  await buildWeb(path.join(dist, 'web'));
} catch (err) {
  console.warn(`bundle: the status page was not built: ${err?.message ?? err}`);
}
