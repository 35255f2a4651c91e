import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { generateCandles } from '../../source/adapters/candles/generated-candles.js';
import { loadStrategy } from '../../source/app/strategy-runtime/load-strategy.js';
import { type CandleSeries } from '../../source/domain/index.js';
import { runBacktest } from '../../source/engine/backtest/backtest.js';
import { BUILT_IN_STRATEGIES } from '../../source/strategies/registry.js';
import { resolveParams, type Params, type StrategyDefinition } from '../../source/strategies/strategy.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const cfg = { cash: 10_000, fee: 0.001, slippageBps: 0, timeframeMs: 60_000 };

/** A copy of the series whose candles after `cut` are garbage: NaN, huge, zero, negative. */
function poisonAfter(s: CandleSeries, cut: number): CandleSeries {
  const copy = (a: Float64Array): Float64Array => Float64Array.from(a);
  const p = { length: s.length, t: copy(s.t), o: copy(s.o), h: copy(s.h), l: copy(s.l), c: copy(s.c), v: copy(s.v) };
  const junk = [NaN, 1e300, 0, -5, Infinity];
  for (let i = cut + 1; i < s.length; i++) {
    const x = junk[i % junk.length];
    p.o[i] = x;
    p.h[i] = x;
    p.l[i] = x;
    p.c[i] = x;
    p.v[i] = x;
  }
  return p;
}

/** Wraps a strategy to record, per candle, what it decided and the candle it was shown. */
function recorder(inner: StrategyDefinition): { def: StrategyDefinition; log: string[] } {
  const log: string[] = [];
  const def: StrategyDefinition = {
    ...inner,
    create(params) {
      const s = inner.create(params);
      return {
        onCandle(c, view) {
          const intent = s.onCandle(c, view);
          log.push(`${view.index} t=${c.t} c=${c.c} ${intent ? ('side' in intent ? intent.side : intent.target) : '-'}`);
          return intent;
        },
      };
    },
  };
  return { def, log };
}

async function strategies(): Promise<[StrategyDefinition, Params][]> {
  const template = await loadStrategy(path.join(root, 'examples/strategy-template.ts'));
  // A signalled strategy (webhook) decides nothing on candles: there is nothing to look ahead for.
  return [...BUILT_IN_STRATEGIES.filter((d) => !d.signalled), template].map((d) => {
    const p = resolveParams(d, d.name === 'sma' ? { fast: 3, slow: 8 } : d.name === 'ema-trend' ? { band: 0.05 } : {});
    assert.ok(p.ok);
    return [d, p.params];
  });
}

test('no look-ahead: what every strategy decides at t is the same whatever candles t+1.. hold', async () => {
  const series = generateCandles(600, { seed: 7 });
  for (const [inner, params] of await strategies()) {
    const clean = recorder(inner);
    const full = runBacktest(clean.def, params, series, cfg);
    assert.ok(full.fills.length >= 2, `${inner.name} trades on this series`);
    for (const cut of [50, 199, 200, 377, 598]) {
      const poisoned = recorder(inner);
      const run = runBacktest(poisoned.def, params, poisonAfter(series, cut), cfg);
      // Decisions up to and including candle `cut` are identical...
      assert.deepEqual(poisoned.log.slice(0, cut + 1), clean.log.slice(0, cut + 1), `${inner.name} cut ${cut}`);
      // ...and so is every fill up to the open of cut + 1 (the first fill a decision at `cut` can cause).
      const upTo = (fills: typeof full.fills): unknown[] => fills.filter((f) => f.time <= series.t[cut + 1]).map((f) => [f.side, f.time]);
      assert.deepEqual(upTo(run.fills), upTo(full.fills), `${inner.name} fills, cut ${cut}`);
    }
  }
});

test('no look-ahead: at t the strategy holds only candle t, whose fields are those of row t', () => {
  const series = generateCandles(50, { seed: 3 });
  let i = 0;
  const probe: StrategyDefinition = {
    name: 'probe',
    description: 'checks what it is given',
    params: {},
    create: () => ({
      onCandle(c, view) {
        assert.equal(view.index, i);
        assert.deepEqual(Object.keys(c).sort(), ['c', 'h', 'l', 'o', 't', 'v']);
        assert.deepEqual([c.t, c.o, c.h, c.l, c.c, c.v], [series.t[i], series.o[i], series.h[i], series.l[i], series.c[i], series.v[i]]);
        i++;
      },
    }),
  };
  runBacktest(probe, {}, series, cfg);
  assert.equal(i, 50);
});
