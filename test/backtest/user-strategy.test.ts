import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { generateCandles } from '../../source/adapters/candles/generated-candles.js';
import { loadStrategy } from '../../source/app/load-strategy.js';
import { runBacktest } from '../../source/engine/backtest/backtest.js';
import { resolveParams } from '../../source/strategies/strategy.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

test('the documented template loads from a .ts path and runs', async () => {
  const def = await loadStrategy(path.join(root, 'examples/strategy-template.ts'));
  assert.equal(def.name, 'breakout');
  const p = resolveParams(def, { lookback: 10 });
  assert.ok(p.ok);
  const run = runBacktest(def, p.params, generateCandles(2_000, { seed: 3 }), { cash: 10_000, fee: 0.001, slippageBps: 0, timeframeMs: 60_000 });
  assert.ok(run.fills.length > 0);
  assert.deepEqual(resolveParams(def, { lookback: 1 }), { ok: false, error: 'breakout --lookback must be a whole number from 2 to 1000 (got 1)' });
  assert.deepEqual(resolveParams(def, { nope: 1 }), { ok: false, error: 'breakout has no parameter "nope" (it has: lookback)' });
});

test('unknown names and missing files are clear errors', async () => {
  await assert.rejects(loadStrategy('macd'), /unknown strategy "macd": use one of sma, rsi/);
  await assert.rejects(loadStrategy('./nope.ts'), /strategy file .*nope.ts does not exist/);
});
