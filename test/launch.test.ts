import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import vm from 'node:vm';
import { packCache, runBundle, unpackCache, wrapBundle } from '../source/launch.js';
import { tmpDir } from './helpers/tmp.js';

const bundle = Buffer.from('globalThis.__launchTest = (globalThis.__launchTest ?? 0) + 1; module.exports.meta = __atapiMetaUrl;\n');
const data = Buffer.from('v8 data stands in here');

test('a cache file is taken only for the bundle it was made from, and only whole', () => {
  const file = packCache(bundle, data, 700);
  assert.deepEqual(unpackCache(file, bundle), { data, ranMs: 700 });
  // Another bundle (even of the same length), a damaged byte, a torn end, not a cache at all.
  const other = Buffer.from(bundle);
  other[20] ^= 1;
  assert.equal(unpackCache(file, other), undefined);
  const damaged = Buffer.from(file);
  damaged[damaged.length - 3] ^= 1;
  assert.equal(unpackCache(damaged, bundle), undefined);
  assert.equal(unpackCache(file.subarray(0, file.length - 1), bundle), undefined);
  assert.equal(unpackCache(Buffer.from('atapi-code-cache 1\n{not json}\n'), bundle), undefined);
  assert.equal(unpackCache(Buffer.alloc(0), bundle), undefined);
  assert.equal(unpackCache(Buffer.from(`something else\n${JSON.stringify({ bundle: 'x', data: 'y', ranMs: 1 })}\n`), bundle), undefined);
});

test('runBundle runs the bundle from its cache when the cache fits, compiled when it does not, and nothing when it cannot compile', () => {
  const dir = tmpDir();
  const file = path.join(dir, 'atapi.cjs');
  const cache = path.join(dir, 'atapi.cjs.cache');
  fs.writeFileSync(file, bundle);
  // A cache as a run writes it (a start from it writes again only after 1.5 s, if it has grown: not in this test).
  const script = new vm.Script(wrapBundle(bundle.toString()), { filename: file });
  fs.writeFileSync(cache, packCache(bundle, script.createCachedData(), 1_500));
  const before = (globalThis as { __launchTest?: number }).__launchTest ?? 0;
  assert.equal(runBundle(file, cache), 'cached');
  assert.equal((globalThis as { __launchTest?: number }).__launchTest, before + 1);
  assert.equal(runBundle(file, cache, { cache: false }), 'compiled');
  assert.equal((globalThis as { __launchTest?: number }).__launchTest, before + 2);
  // Missing, or not JavaScript: nothing of it ran, the caller starts another way.
  assert.equal(runBundle(path.join(dir, 'missing.cjs'), cache), 'unavailable');
  fs.writeFileSync(file, 'globalThis.__launchTest = 100; this is not javascript');
  assert.equal(runBundle(file, cache), 'unavailable');
  assert.equal((globalThis as { __launchTest?: number }).__launchTest, before + 2);
});
