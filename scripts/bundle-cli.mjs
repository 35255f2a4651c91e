// `node scripts/bundle-cli.mjs ENTRY OUTDIR [dist|source]`: the command line's bundle, built
// with the release's options (./bundle-options.mjs). A process of its own so that a caller
// that must wait (test/helpers/atapi-bin.ts) can: the options hold a plugin, and esbuild runs
// plugins only in its asynchronous build.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { cliBundleOptions } from './bundle-options.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const [entry, outdir, code = 'dist', ...more] = process.argv.slice(2);
// Further entries as NAME=FILE: a sweep's worker thread starts from a file of its own
// (optimize-worker=source/app/optimize/worker.ts).
const extra = Object.fromEntries(more.map((m) => [m.slice(0, m.indexOf('=')), path.resolve(m.slice(m.indexOf('=') + 1))]));
await build({ ...cliBundleOptions(root, code), entryPoints: { [path.basename(entry).replace(/\.[mc]?[jt]sx?$/, '')]: path.resolve(entry), ...extra }, outdir });
