import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { ccxtProClassAlone } from '../../source/adapters/ccxt/ccxt-load.js';
import { ccxtExchangeClass } from '../../source/adapters/ccxt/ccxt-client.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

test('an exchange loaded alone is the very class ccxt pro names, and an id without one takes the long way', async () => {
  const ccxt = createRequire(import.meta.url)('ccxt') as { pro: Record<string, unknown> };
  for (const id of ['binance', 'binanceusdm', 'kraken']) assert.equal(ccxtProClassAlone(id), ccxt.pro[id], id);
  // No pro class: undefined here, and the caller's answer is still the one-line refusal.
  assert.equal(ccxtProClassAlone('coinmate'), undefined);
  assert.equal(ccxtProClassAlone('nosuchexchange'), undefined);
  await assert.rejects(ccxtExchangeClass('coinmate'), /no websocket support in ccxt pro/);
  await assert.rejects(ccxtExchangeClass('nosuchexchange'), /unknown exchange "nosuchexchange"/);
});

test('a start on one exchange loads that exchange of ccxt, not the other 140', () => {
  const script = `
    const { ccxtExchangeClass } = await import(${JSON.stringify(path.join(root, 'source/adapters/ccxt/ccxt-client.ts'))});
    const Binance = await ccxtExchangeClass('binance');
    const ex = new Binance({});
    const files = Object.keys((await import('node:module')).createRequire(import.meta.url).cache);
    console.log(JSON.stringify({ id: ex.id, kraken: files.some((f) => /[\\\\/]src[\\\\/](pro[\\\\/])?kraken\\.js$/.test(f)), binance: files.some((f) => /[\\\\/]src[\\\\/]pro[\\\\/]binance\\.js$/.test(f)) }));
  `;
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: root, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout.trim().split('\n').pop()!), { id: 'binance', kraken: false, binance: true });
});
