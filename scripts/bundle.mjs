// Bundles the command-line entry (dist/cli.js, from tsc) into dist/atapi.js plus chunks, so the
// app starts from a few files instead of hundreds: Node 20 has no compile cache, and resolving
// and reading Ink's and React's many modules was most of the time to the first frame.
// The library (dist/index.js) stays tsc's output. If bundling fails for any reason, atapi.js
// simply imports cli.js: slower to start, never broken.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { cliBundleOptions } from './bundle-options.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'dist');
const out = path.join(dist, 'atapi.js');
const chunks = path.join(dist, 'chunks');
fs.rmSync(chunks, { recursive: true, force: true });

try {
  const esbuild = await import('esbuild');
  await esbuild.build({
    ...cliBundleOptions(root, 'dist'),
    // A sweep's worker thread starts from a file of its own (source/app/optimize/worker.ts).
    entryPoints: { atapi: path.join(dist, 'cli.js'), 'optimize-worker': path.join(dist, 'app/optimize/worker.js') },
    outdir: dist,
  });
  const text = fs.readFileSync(out, 'utf8');
  if (!text.startsWith('#!')) fs.writeFileSync(out, `#!/usr/bin/env node\n${text}`);
} catch (err) {
  console.warn(`bundle: ${err?.message ?? err}; dist/atapi.js loads dist/cli.js instead`);
  fs.writeFileSync(out, "#!/usr/bin/env node\nimport './cli.js';\n");
}
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
