// Bundles the command-line entry (dist/cli.js, from tsc) into dist/atapi.js plus chunks, so the
// app starts from a few files instead of hundreds: Node 20 has no compile cache, and resolving
// and reading Ink's and React's many modules was most of the time to the first frame.
// The library (dist/index.js) stays tsc's output. If bundling fails for any reason, atapi.js
// simply imports cli.js: slower to start, never broken.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'dist');
const out = path.join(dist, 'atapi.js');
const chunks = path.join(dist, 'chunks');
fs.rmSync(chunks, { recursive: true, force: true });

try {
  const esbuild = await import('esbuild');
  await esbuild.build({
    entryPoints: { atapi: path.join(dist, 'cli.js') },
    outdir: dist,
    chunkNames: 'chunks/[name]-[hash]',
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    // Loaded only when needed, large, or loaded by path at run time: left as packages.
    external: ['ccxt', 'tsx', 'tsx/*', 'ws', 'react-devtools-core'],
    // The fast output pass patches Ink's own Output class: in the bundle that is the copy
    // bundled with Ink, reached through this name (see source/ui/fast-output.ts).
    alias: { 'atapi-ink-output': path.join(root, 'node_modules/ink/build/output.js') },
    // Bundled CommonJS dependencies call require.
    banner: { js: "import { createRequire as __atapiRequire } from 'node:module'; const require = __atapiRequire(import.meta.url);" },
    logLevel: 'error',
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
