// How the command line is bundled: the release (scripts/bundle.mjs, from tsc's dist/cli.js) and
// the tests (test/helpers/atapi-bin.ts, from source/cli.ts) build it the same way, so what the
// tests start is what users run.
import fs from 'node:fs';
import { createRequire } from 'node:module';
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
    // must stay a package; bullmq and ioredis come with the queue, only for `--queue`; the MCP
    // SDK (with zod and ajv: 0.9 MB that every start read, decoded and checksummed) with `atapi mcp`.
    external: ['ccxt', 'tsx', 'tsx/*', 'ws', 'react-devtools-core', 'tinypool', 'bullmq', 'ioredis', '@modelcontextprotocol/sdk', '@modelcontextprotocol/sdk/*'],
    // The fast output pass patches Ink's own Output class: in the bundle that is the copy
    // bundled with Ink, reached through this name (see source/ui/fast-output.ts).
    alias: { 'atapi-ink-output': path.join(root, 'node_modules/ink/build/output.js') },
    plugins: [
      lazyStringWidth(root, code === 'source' ? path.join(root, 'source/ui/string-width-bundled.ts') : path.join(root, 'dist/ui/string-width-bundled.js')),
      plainSegmenter(code === 'source' ? path.join(root, 'source/ui/plain-segmenter.ts') : path.join(root, 'dist/ui/plain-segmenter.js')),
      yogaWithoutFetch(),
      reactProduction(),
      reactFacade(root),
    ],
    // Bundled CommonJS dependencies call require.
    banner: { js: "import { createRequire as __atapiRequire } from 'node:module'; const require = __atapiRequire(import.meta.url);" },
    logLevel: 'error',
  };
}

/**
 * esbuild's options for the command line as one CommonJS file (dist/atapi.cjs), which
 * source/launch.ts runs with a V8 code cache: Node 20 caches compiled code only for scripts.
 * The same modules as the ES module bundle; what a script cannot hold is rewritten: yoga's
 * top-level `await` of its WebAssembly (instantiated synchronously instead), Ink's top-level
 * `await`s that run only with DEV=true (React devtools: not in this bundle), and
 * `import.meta.url` (the launcher passes the bundle's URL). Any rewrite that no longer
 * matches its package fails the build, and atapi then starts from the ES module bundle.
 */
export function cliScriptBundleOptions(root) {
  const { chunkNames, banner, plugins, ...rest } = cliBundleOptions(root, 'dist');
  const external = rest.external;
  return {
    ...rest,
    format: 'cjs',
    splitting: false,
    // The launcher decodes an ASCII file as latin1: a one-byte string, quick to decode and parse.
    charset: 'ascii',
    define: { 'import.meta.url': '__atapiMetaUrl' },
    plugins: [...plugins.filter((p) => p.name !== 'atapi-yoga-without-fetch'), yogaSynchronous(), inkWithoutDevtools(), requireLeftOut(external)],
  };
}

/**
 * `import('ccxt')` and the like, of a package left out of the bundle, as `require`: a script's
 * `import()` needs a callback that Node 20 keeps only under --experimental-vm-modules, and
 * loses for code that comes from the code cache. Each of these packages can be required
 * (tinypool only on a Node that requires ES modules: source/launch.ts checks).
 */
function requireLeftOut(external) {
  const names = new Set(external.map((e) => e.replace(/\/\*$/, '')));
  return {
    name: 'atapi-require-left-out',
    setup(build) {
      build.onResolve({ filter: /^[^./]/ }, (args) => {
        if (args.kind !== 'dynamic-import' || !(names.has(args.path) || names.has(args.path.split('/')[0]))) return undefined;
        return { path: args.path, namespace: 'atapi-require' };
      });
      build.onLoad({ filter: /.*/, namespace: 'atapi-require' }, (args) => ({ contents: args.path === 'tsx/esm/api' ? TSX_THROUGH_LAUNCHER : `module.exports = require(${JSON.stringify(args.path)});`, loader: 'js' }));
    },
  };
}

/**
 * tsx's API for loading a user's strategy, from the ES module API through the launcher's own
 * `import` (source/launch.ts passes `__atapiImport`): tsx's CommonJS API registers its loader
 * at a path that does not exist (dist/esm/api/esm/index.mjs) on a Node without
 * module.registerHooks (Node 20), so every user strategy failed to load in the release.
 */
const TSX_THROUGH_LAUNCHER = `const api = () => __atapiImport("tsx/esm/api");
module.exports = { tsImport: (specifier, parent) => api().then((m) => m.tsImport(specifier, parent)) };`;

/** `text` with `from` replaced by `to`, which must occur exactly `times` times. */
function rewrite(text, file, from, to, times = 1) {
  const parts = text.split(from);
  if (parts.length !== times + 1) throw new Error(`${file}: expected ${times} of ${JSON.stringify(from)}, found ${parts.length - 1} (the package changed: update scripts/bundle-options.mjs)`);
  return parts.join(to);
}

/**
 * yoga-layout's entry awaits its WebAssembly at the top level. Its Emscripten loader lets the
 * caller instantiate the module (`instantiateWasm`); doing it synchronously, from the bytes of
 * the data URL the loader holds (passed as a third argument), runs the whole set-up in the
 * call, so the entry needs no `await`.
 */
function yogaSynchronous() {
  const entry = `import loadYoga from '../binaries/yoga-wasm-base64-esm.js';
import wrapAssembly from './wrapAssembly.js';
const yoga = {
  instantiateWasm(imports, done, url) {
    const bytes = Buffer.from(url.slice(url.indexOf(',') + 1), 'base64');
    const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), imports);
    done(instance);
    return instance.exports;
  },
};
loadYoga(yoga);
if (!yoga.calledRun) throw new Error('yoga did not start synchronously');
export default wrapAssembly(yoga);
export * from './generated/YGEnums.js';
`;
  return {
    name: 'atapi-yoga-synchronous',
    setup(build) {
      build.onLoad({ filter: /[\\/]yoga-layout[\\/]dist[\\/]src[\\/]index\.js$/ }, async (args) => {
        const text = await fs.promises.readFile(args.path, 'utf8');
        rewrite(text, args.path, 'wrapAssembly(await loadYoga())', '');
        return { contents: entry, loader: 'js', resolveDir: path.dirname(args.path) };
      });
      build.onLoad({ filter: /[\\/]yoga-layout[\\/]dist[\\/]binaries[\\/]yoga-wasm-base64-esm\.js$/ }, async (args) => {
        let text = await fs.promises.readFile(args.path, 'utf8');
        text = rewrite(text, args.path, 'return h.instantiateWasm(d,\na)', 'return h.instantiateWasm(d,\na,H)');
        text = rewrite(text, args.path, YOGA_FETCH_TEST, '"function"!=typeof undefined', 2);
        return { contents: text, loader: 'js' };
      });
    },
  };
}

/** Ink's reconciler awaits React devtools and its package.json at the top level, only when DEV=true. */
function inkWithoutDevtools() {
  return {
    name: 'atapi-ink-without-devtools',
    setup(build) {
      build.onLoad({ filter: /[\\/]ink[\\/]build[\\/]reconciler\.js$/ }, async (args) => {
        let text = await fs.promises.readFile(args.path, 'utf8');
        // Ink's own message for a missing react-devtools-core is what DEV=true then shows.
        text = rewrite(text, args.path, "await import('./devtools.js');", "throw Object.assign(new Error('react-devtools-core is not in this bundle'), { code: 'ERR_MODULE_NOT_FOUND' });");
        text = rewrite(text, args.path, '? await loadPackageJson()', '? { name: undefined, version: undefined }');
        return { contents: text, loader: 'js' };
      });
    },
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

/** The packages that make an `Intl.Segmenter` as they load (string-width 7 and 8, slice-ansi, ansi-tokenize). */
const SEGMENTING = /[\\/]node_modules[\\/](?:.*[\\/])?(?:string-width[\\/]index|slice-ansi[\\/]tokenize-ansi|@alcalzone[\\/]ansi-tokenize[\\/]build[\\/]tokenize)\.js$/;

/**
 * Their `new Intl.Segmenter(...)` is `shim`'s `graphemeSegmenter(...)`: the same segments,
 * without loading ICU for text whose code units are each a grapheme (source/ui/plain-segmenter.ts).
 * A package that no longer makes one is bundled unchanged.
 */
function plainSegmenter(shim) {
  return {
    name: 'atapi-plain-segmenter',
    setup(build) {
      build.onLoad({ filter: SEGMENTING }, async (args) => {
        const text = await fs.promises.readFile(args.path, 'utf8');
        if (!text.includes('new Intl.Segmenter(')) return undefined;
        const contents = `import { graphemeSegmenter as __atapiSegmenter } from ${JSON.stringify(shim)};\n${text.replaceAll('new Intl.Segmenter(', '__atapiSegmenter(')}`;
        return { contents, loader: 'js', resolveDir: path.dirname(args.path) };
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

/** The switch at the entry of React's packages: `if (NODE_ENV === 'production') <production build> else <development build>`. */
const REACT_SWITCH = /^'use strict';\s*if \(process\.env\.NODE_ENV === 'production'\) \{\s*module\.exports = require\('(\.\/cjs\/[\w.-]+\.production\.js)'\);\s*\} else \{\s*module\.exports = require\('\.\/cjs\/[\w.-]+\.development\.js'\);\s*\}\s*$/;

/**
 * React, its reconciler and scheduler choose their build when first required, by NODE_ENV;
 * the command line sets it to production (source/cli.ts) before any of them loads, so their
 * development builds (1 MB of the one-file bundle, a quarter of it) were carried, read,
 * decoded and checksummed at every start and never run. The bundle takes the production build
 * only. An entry that no longer reads as that switch is bundled unchanged.
 */
function reactProduction() {
  return {
    name: 'atapi-react-production',
    setup(build) {
      build.onLoad({ filter: /[\\/]node_modules[\\/](react|react-reconciler|scheduler)[\\/][\w-]+\.js$/ }, async (args) => {
        const text = await fs.promises.readFile(args.path, 'utf8');
        const m = REACT_SWITCH.exec(text);
        return m ? { contents: `'use strict';\nmodule.exports = require('${m[1]}');\n`, loader: 'js' } : undefined;
      });
    },
  };
}

/**
 * `import ... from 'react'` (and 'react/jsx-runtime') as one ES module over React's CommonJS
 * exports, named at build time. WHY: the bundler wraps a CommonJS package for each module that
 * imports it (`__toESM`: a fresh object with a getter per export), 45 times for React's ~40
 * exports and 28 for the JSX runtime at every start, and every hook call then went through a
 * getter. `require` of React (the reconciler's) is left as it is.
 */
function reactFacade(root) {
  const namespace = 'atapi-react-facade';
  return {
    name: namespace,
    setup(build) {
      build.onResolve({ filter: /^react(\/jsx-runtime)?$/ }, (args) => (args.kind === 'import-statement' ? { path: args.path, namespace } : undefined));
      build.onLoad({ filter: /.*/, namespace }, (args) => {
        const names = Object.keys(createRequire(path.join(root, 'package.json'))(args.path)).filter((n) => /^[A-Za-z_$][\w$]*$/.test(n) && n !== 'default');
        return { contents: `const m = require(${JSON.stringify(args.path)});\nexport default m;\nexport const { ${names.join(', ')} } = m;\n`, loader: 'js', resolveDir: root };
      });
    },
  };
}
