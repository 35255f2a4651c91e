// How the command line is bundled: the release (scripts/bundle.mjs, from tsc's dist/cli.js) and
// the tests (test/helpers/atapi-bin.ts, from source/cli.ts) build it the same way, so what the
// tests start is what users run.
import fs from 'node:fs';
import path from 'node:path';

/**
 * esbuild's options for the command line's bundle, without its entry and output. `code` is the
 * directory the entry is in: `dist` (tsc's output, the release) or `source` (the tests).
 */
export function cliBundleOptions(root, code = 'dist') {
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
    plugins: [lazyStringWidth(root, code === 'source' ? path.join(root, 'source/ui/string-width-bundled.ts') : path.join(root, 'dist/ui/string-width-bundled.js')), yogaWithoutFetch()],
    // Bundled CommonJS dependencies call require.
    banner: { js: "import { createRequire as __atapiRequire } from 'node:module'; const require = __atapiRequire(import.meta.url);" },
    logLevel: 'error',
  };
}

/**
 * Every import that resolves to the installed string-width (8) gets `shim` instead: its
 * shortcut, with string-width loaded on first need (source/ui/string-width-bundled.ts). An
 * import of another version (wrap-ansi's string-width 7 measures some text differently) and
 * the shim's own keep what they resolve to.
 */
function lazyStringWidth(root, shim) {
  const installed = fs.realpathSync(path.join(root, 'node_modules/string-width/index.js'));
  return {
    name: 'atapi-lazy-string-width',
    setup(build) {
      build.onResolve({ filter: /^string-width$/ }, async (args) => {
        if (args.pluginData === 'atapi-resolving' || args.importer === shim) return undefined;
        const resolved = await build.resolve(args.path, { kind: args.kind, importer: args.importer, resolveDir: args.resolveDir, pluginData: 'atapi-resolving' });
        if (resolved.errors.length > 0) return { errors: resolved.errors };
        return resolved.path === installed ? { path: shim } : { path: resolved.path, sideEffects: resolved.sideEffects };
      });
    },
  };
}

/** The test in yoga-layout's Emscripten loader that sends it through `fetch`, twice. */
export const YOGA_FETCH_TEST = '"function"!=typeof fetch';

/**
 * Ink's layout engine (yoga-layout) is WebAssembly inlined as a data: URL, which its loader
 * reads with `fetch` whenever the global exists: on Node that loads undici and decodes the
 * bytes through it, about 0.2 s of the first screen. Without `fetch` the loader decodes the
 * same bytes itself (its path on Node before 18); the bundled loader takes that path. A
 * loader whose text is not as expected is bundled unchanged.
 */
function yogaWithoutFetch() {
  return {
    name: 'atapi-yoga-without-fetch',
    setup(build) {
      build.onLoad({ filter: /[\\/]yoga-layout[\\/]dist[\\/]binaries[\\/]yoga-wasm-base64-esm\.js$/ }, async (args) => {
        const text = await fs.promises.readFile(args.path, 'utf8');
        if (text.split(YOGA_FETCH_TEST).length !== 3) return undefined;
        return { contents: text.replaceAll(YOGA_FETCH_TEST, '"function"!=typeof undefined'), loader: 'js' };
      });
    },
  };
}
