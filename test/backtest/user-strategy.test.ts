import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { generateCandles } from '../../source/adapters/candles/generated-candles.js';
import { loadStrategy } from '../../source/app/strategy-runtime/load-strategy.js';
import { seriesFromCandles, type Candle } from '../../source/domain/index.js';
import { runBacktest } from '../../source/engine/backtest/backtest.js';
import { resolveParams } from '../../source/strategies/strategy.js';
import { tmpDir } from '../helpers/tmp.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const cfg = { cash: 10_000, fee: 0.001, slippageBps: 0, timeframeMs: 60_000 };

test('the documented template loads from a .ts path, checks its parameters and runs', async () => {
  const def = await loadStrategy(path.join(root, 'examples/strategy-template.ts'));
  assert.equal(def.name, 'ema-trend');
  assert.deepEqual(resolveParams(def, {}), { ok: true, params: { period: 20, band: 0.5, stop: 0 } });
  // Generated 1m candles move ~0.08% a candle: a narrower band than the hourly default.
  const p = resolveParams(def, { period: 10, band: 0.05 });
  assert.ok(p.ok);
  const run = runBacktest(def, p.params, generateCandles(2_000, { seed: 3 }), cfg);
  assert.ok(run.fills.length > 0);
  assert.deepEqual(resolveParams(def, { period: 1 }), { ok: false, param: 'period', error: 'ema-trend --period must be a whole number from 2 to 1000 (got 1)' });
  assert.deepEqual(resolveParams(def, { nope: 1 }), { ok: false, param: 'nope', error: 'ema-trend has no parameter "nope" (it has: period, band, stop)' });
});

test('the template by hand: EMA(2) breaks, and the stop uses the fill price from onFill', async () => {
  const def = await loadStrategy(path.join(root, 'examples/strategy-template.ts'));
  const candles = (closes: number[]): Candle[] => closes.map((c, i) => ({ t: i * 60_000, o: i ? closes[i - 1] : c, h: Math.max(c, i ? closes[i - 1] : c), l: Math.min(c, i ? closes[i - 1] : c), c, v: 1 }));
  // EMA(2), alpha 2/3: 100, then 100 + 2/3 * (110 - 100) = 106.67; close 110 > 106.67 * 1.005 -> buy, fills at open 110.
  // Close 110: EMA 108.89, not below 108.89 * 0.995. Close 104: EMA 105.63, 104 < 105.10 -> sell, fills at open 104.
  const r = runBacktest(def, { period: 2, band: 0.5, stop: 0 }, seriesFromCandles(candles([100, 110, 110, 104, 104])), cfg);
  assert.deepEqual(r.fills.map((f) => [f.side, f.price]), [['buy', 110], ['sell', 104]]);
  // With a 3% stop and a wide band only the stop can sell: entry 110, 110 * 0.97 = 106.7 > 106 -> sell.
  const s = runBacktest(def, { period: 2, band: 0.5, stop: 3 }, seriesFromCandles(candles([100, 110, 120, 106, 106])), cfg);
  assert.deepEqual(s.fills.map((f) => [f.side, f.price, f.reason.split(':')[0]]), [['buy', 110, 'close 110 is 0.5% above EMA2 106.67'], ['sell', 106, 'stop']]);
});

test('a .mjs strategy loads through plain import()', async () => {
  const dir = tmpDir();
  const file = path.join(dir, 'always.mjs');
  fs.writeFileSync(file, `export const strategy = { name: 'always', description: 'buys once', params: {}, create() { return { onCandle(c, v) { return v.position === 0 ? { side: 'buy', reason: 'always' } : undefined; } }; } };\n`);
  const def = await loadStrategy(file);
  const run = runBacktest(def, {}, generateCandles(10, { seed: 1 }), cfg);
  assert.deepEqual(run.fills.map((f) => f.side), ['buy']);
  assert.equal(run.ignoredIntents, 0);
});

test('unknown names, missing files and modules without a strategy are clear errors', async () => {
  await assert.rejects(loadStrategy('macd'), /unknown strategy "macd": use one of sma, rsi, sma-ls/);
  await assert.rejects(loadStrategy('./nope.ts'), /strategy file .*nope.ts does not exist/);
  const dir = tmpDir();
  const empty = path.join(dir, 'empty.mjs');
  fs.writeFileSync(empty, 'export const x = 1;\n');
  await assert.rejects(loadStrategy(empty), /must export a strategy \(name, description, params, create\)/);
  const broken = path.join(dir, 'broken.ts');
  fs.writeFileSync(broken, 'export default {;\n');
  await assert.rejects(loadStrategy(broken), /cannot load strategy .*broken.ts/);
});
