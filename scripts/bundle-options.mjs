// How the command line is bundled: the release (scripts/bundle.mjs, from tsc's dist/cli.js) and
// the tests (test/helpers/atapi-bin.ts, from source/cli.ts) build it the same way, so what the
// tests start is what users run.
import path from 'node:path';

/** esbuild's options for the command line's bundle, without its entry and output. */
export function cliBundleOptions(root) {
  return {
    chunkNames: 'chunks/[name]-[hash]',
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    // Loaded only when needed, large, or loaded by path at run time: left as packages.
    // tinypool starts its threads from its own file beside its module (entry/worker.js), so it
    // must stay a package; bullmq and ioredis come with the queue, only for `--queue`.
    external: ['ccxt', 'tsx', 'tsx/*', 'ws', 'react-devtools-core', 'tinypool', 'bullmq', 'ioredis'],
    // The fast output pass patches Ink's own Output class: in the bundle that is the copy
    // bundled with Ink, reached through this name (see source/ui/fast-output.ts).
    alias: { 'atapi-ink-output': path.join(root, 'node_modules/ink/build/output.js') },
    // Bundled CommonJS dependencies call require.
    banner: { js: "import { createRequire as __atapiRequire } from 'node:module'; const require = __atapiRequire(import.meta.url);" },
    logLevel: 'error',
  };
}
