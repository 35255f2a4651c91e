import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { tmpDir } from '../helpers/tmp.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const bin = path.join(root, 'dist/atapi.js');
// `npm ci` builds it (the prepare script); a checkout that was never built has nothing to test.
const built = fs.existsSync(bin);

test('the bundled command (dist/atapi.js, what `npm start` and the atapi bin run) works', { skip: built ? false : 'dist/atapi.js not built: npm run build' }, () => {
  const version = spawnSync(process.execPath, [bin, '--version'], { encoding: 'utf8' });
  assert.equal(version.status, 0, version.stderr);
  assert.match(version.stdout, /^atapi \d+\.\d+\.\d+/);
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
});
