import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { closesCsv } from '../app/optimize/fixtures.js';
import { tmpDir } from '../helpers/tmp.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const bin = path.join(root, 'dist/atapi.js');
// `npm ci` builds it (the prepare script); a checkout that was never built has nothing to test.
const built = fs.existsSync(bin);

test('the bundled command (dist/atapi.js, what `npm start` and the atapi bin run) works', { skip: built ? false : 'dist/atapi.js not built: npm run build' }, () => {
  const version = spawnSync(process.execPath, [bin, '--version'], { encoding: 'utf8' });
  assert.equal(version.status, 0, version.stderr);
  assert.match(version.stdout, /^atapi \d+\.\d+\.\d+/);
  // ATAPI_DEBUG=startup: where the start's time went, stage by stage, when it exits (source/app/startup-report.ts).
  const traced = spawnSync(process.execPath, [bin, '--version'], { encoding: 'utf8', env: { ...process.env, ATAPI_DEBUG: 'startup' } });
  assert.match(traced.stderr, /atapi startup: .*\n  node itself, the launcher loaded .*\n  the bundle and its code cache read .*\n  the bundle compiled .*\n  the command line's modules run /);
  const shell = spawnSync(process.execPath, [bin, '--data-dir', tmpDir(), '--seed', '1', 'shell'], { input: 'tickers\nbuy BTC/USDT 0.001\nbalance\n', encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  assert.equal(shell.status, 0, shell.stderr);
  assert.match(shell.stdout, /BTC\/USDT\s+[\d,]+\.\d\d/);
  assert.match(shell.stdout, /filled/);
  // The fast output pass must patch the Ink inside the bundle, not a second copy on disk.
  const chunks = fs.readdirSync(path.join(root, 'dist/chunks')).map((f) => fs.readFileSync(path.join(root, 'dist/chunks', f), 'utf8'));
  assert.ok(!chunks.some((c) => c.includes('"atapi-ink-output"')), 'the Output alias was resolved by the bundler');
  // The start's shortcuts (scripts/bundle-options.mjs): yoga's loader never reaches for fetch,
  // and string-width is loaded lazily behind the shortcut of source/ui/fast-width.ts.
  const yoga = chunks.find((c) => c.includes('both async and sync fetching of the wasm failed'));
  assert.ok(yoga && !/typeof fetch/.test(yoga), 'the layout engine decodes its WebAssembly without fetch');
  assert.ok(chunks.some((c) => c.includes('init_string_width')), 'string-width is loaded on first need');
  // The same of the one-file bundle that dist/atapi.js starts (source/launch.ts).
  const script = fs.readFileSync(path.join(root, 'dist/atapi.cjs'), 'utf8');
  assert.ok(!script.includes('"atapi-ink-output"') && !/typeof fetch/.test(script) && script.includes('init_string_width'));
  // What a start reads and never runs stays out of it: React's development builds (the
  // command line runs the production ones) and the MCP SDK with zod and ajv (required by `atapi mcp`).
  assert.ok(!/react(-reconciler|-jsx-runtime)?\.development/.test(script), "React's development builds are left out");
  assert.ok(script.includes('require("@modelcontextprotocol/sdk/server/mcp.js")') && !/node_modules[\\/](zod|ajv)[\\/]/.test(script), 'the MCP SDK is required when atapi mcp runs, not bundled');
  // No package makes an Intl.Segmenter as it loads (source/ui/plain-segmenter.ts makes the one
  // there is, on first need), and React is imported through one module, not wrapped per importer.
  for (const code of [script, ...chunks]) {
    assert.equal(code.split('new Intl.Segmenter(').length - 1, code.includes('function graphemeSegmenter(') ? 1 : 0, 'only the shortcut makes a segmenter');
    assert.ok(!/__toESM\(require_(react|jsx_runtime)\(\)/.test(code), 'React is not wrapped per importer');
  }
});

test('the start from the one-file bundle: the code cache is made by the first start, used by the next, made again when stale or damaged', { skip: built && fs.existsSync(path.join(root, 'dist/atapi.cjs')) ? false : 'dist/atapi.cjs not built: npm run build' }, () => {
  // A copy of the launcher and the bundle, so the release's own cache is left alone.
  const dir = tmpDir();
  for (const f of ['atapi.js', 'launch.js', 'atapi.cjs']) fs.copyFileSync(path.join(root, 'dist', f), path.join(dir, f));
  fs.writeFileSync(path.join(dir, 'package.json'), '{ "type": "module" }');
  fs.symlinkSync(path.join(root, 'node_modules'), path.join(dir, 'node_modules'));
  const cache = path.join(dir, 'atapi.cjs.cache');
  const start = (): string => {
    const r = spawnSync(process.execPath, [path.join(dir, 'atapi.js'), 'help'], { encoding: 'utf8', env: { ...process.env, ATAPI_CODE_CACHE: 'report' } });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /usage: atapi/);
    return /atapi: started (.*)/.exec(r.stderr)?.[1] ?? r.stderr;
  };
  assert.equal(start(), 'compiled');
  assert.ok(fs.existsSync(cache), 'the first start wrote the cache');
  assert.equal(start(), 'cached');
  // Damaged: one byte of V8's data flipped.
  const bytes = fs.readFileSync(cache);
  bytes[bytes.length - 100] ^= 0xff;
  fs.writeFileSync(cache, bytes);
  assert.equal(start(), 'compiled');
  assert.equal(start(), 'cached');
  // Stale: the bundle changed (a comment added) since the cache was made.
  fs.appendFileSync(path.join(dir, 'atapi.cjs'), '// another build\n');
  assert.equal(start(), 'compiled');
  assert.equal(start(), 'cached');
  // Without the bundle, the start goes by the ES module bundle (absent from this copy, so it fails loudly, not silently).
  fs.rmSync(path.join(dir, 'atapi.cjs'));
  const r = spawnSync(process.execPath, [path.join(dir, 'atapi.js'), '--version'], { encoding: 'utf8' });
  assert.match(r.stderr, /atapi-esm\.js/);
});

test("a user's strategy (.mjs and .ts) loads in the release, from the cache and without it, and on a sweep's worker threads", { skip: built && fs.existsSync(path.join(root, 'dist/atapi.cjs')) ? false : 'dist/atapi.cjs not built: npm run build' }, () => {
  // tsx's CommonJS API registers its loader at a path that does not exist on Node 20; the one-file
  // bundle reaches tsx's ES module API through the launcher instead (scripts/bundle-options.mjs).
  const dir = tmpDir();
  fs.writeFileSync(path.join(dir, 'data.csv'), `${closesCsv(Array.from({ length: 120 }, (_, i) => Number((100 + 10 * Math.sin(i / 8)).toFixed(4))))}\n`);
  const body = (name: string, typed: boolean): string => `export default {
  name: '${name}', description: 'buys at candle k, sells 20 later',
  params: { k: { default: 10, min: 1, max: 90, integer: true, description: 'the candle to buy at' } },
  create(p${typed ? ': { k: number }' : ''}) {
    return { onCandle(_c${typed ? ': unknown' : ''}, view${typed ? ': { index: number }' : ''}) { if (view.index === p.k) return { side: 'buy', reason: 'in' }; if (view.index === p.k + 20) return { side: 'sell', reason: 'out' }; } };
  },
};
`;
  fs.writeFileSync(path.join(dir, 'plain.mjs'), body('plain', false));
  fs.writeFileSync(path.join(dir, 'typed.ts'), body('typed', true));
  const atapi = (args: string[], env: Record<string, string> = {}) => spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', env: { ...process.env, ATAPI_DATA_DIR: tmpDir(), ATAPI_CODE_CACHE: 'report', ...env } });
  for (const file of ['plain.mjs', 'typed.ts']) {
    for (const cache of ['on', 'off']) {
      const r = atapi(['backtest', '--strategy', path.join(dir, file), '--data', path.join(dir, 'data.csv'), '--timeframe', '1h', '--json'], { ATAPI_CODE_CACHE: cache === 'off' ? 'off' : 'report' });
      assert.equal(r.status, 0, `${file}, cache ${cache}: ${r.stderr}`);
      assert.ok((JSON.parse(r.stdout) as { tradeCount: number }).tradeCount >= 1, r.stdout);
    }
  }
  const sweep = atapi(['optimize', '--strategy', path.join(dir, 'typed.ts'), '--data', path.join(dir, 'data.csv'), '--timeframe', '1h', '--param', 'k=5:50:5', '--workers', '2', '--json']);
  assert.equal(sweep.status, 0, sweep.stderr);
  assert.match(sweep.stderr, /started (cached|compiled)/, 'from the one-file bundle');
  assert.equal((JSON.parse(sweep.stdout) as { trials: unknown[] }).trials.length, 10);
});
