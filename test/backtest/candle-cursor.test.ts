import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { generateCandles } from '../../source/adapters/candles/generated-candles.js';
import { loadStrategy } from '../../source/app/strategy-runtime/load-strategy.js';
import { BTCUSDT_BRACKETS, type Candle, type CandleSeries } from '../../source/domain/index.js';
import { runBacktest } from '../../source/engine/backtest/backtest.js';
import { candleCursor } from '../../source/engine/backtest/candle-cursor.js';
import { runFuturesBacktest } from '../../source/engine/backtest/futures-backtest.js';
import { runOrdersBacktest } from '../../source/engine/backtest/orders-backtest.js';
import { dcaStrategy } from '../../source/strategies/dca.js';
import { gridStrategy } from '../../source/strategies/grid.js';
import { rsiReversion } from '../../source/strategies/rsi-reversion.js';
import { smaCross, smaLongShort } from '../../source/strategies/sma-cross.js';
import type { AnyStrategyDefinition, StrategyDefinition } from '../../source/strategies/strategy.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const cfg = { cash: 10_000, fee: 0.001, slippageBps: 2, timeframeMs: 60_000 };
const SERIES: readonly CandleSeries[] = [1, 42, 2024].map((seed, i) => generateCandles(20_000 + i * 7_000, { seed, timeframeMs: 60_000 }));

/** The same strategy handed a fresh candle object each candle (the path a user's module takes). */
function objectPath<D extends AnyStrategyDefinition>(def: D): D {
  return { ...def, transientCandle: undefined };
}

/** The same strategy handed one candle rewritten in place (the path built-ins take). */
function reusedPath<D extends AnyStrategyDefinition>(def: D): D {
  return { ...def, transientCandle: true };
}

test('the candle cursor: one object rewritten for a strategy that keeps none, a fresh one for any other, the same fields', () => {
  const s = SERIES[0];
  const reused = candleCursor(reusedPath(smaCross), s);
  const fresh = candleCursor(objectPath(smaCross), s);
  const a = reused.at(5);
  const b = reused.at(6);
  assert.equal(a, b);
  const fields = (x: Candle): Candle => ({ t: x.t, o: x.o, h: x.h, l: x.l, c: x.c, v: x.v });
  assert.deepEqual(fields(b), { t: s.t[6], o: s.o[6], h: s.h[6], l: s.l[6], c: s.c[6], v: s.v[6] });
  assert.deepEqual(JSON.parse(JSON.stringify(b)), fields(b));
  // The view's index is out of the strategy's reach: it cannot move it to a later candle.
  assert.deepEqual(Object.keys(b), []);
  assert.throws(() => Object.assign(b, { c: 1 }));
  assert.notEqual(fresh.at(5), fresh.at(5));
  assert.deepEqual(fresh.at(6), fields(b));
  // Every built-in strategy that reads candles declares it.
  for (const def of [smaCross, smaLongShort, rsiReversion, gridStrategy, dcaStrategy]) assert.equal(def.transientCandle, true, def.name);
});

test('spot: the reused candle and a fresh object per candle give the same run (fills, equity, every figure) for sma, rsi and a user strategy', async () => {
  const template = (await loadStrategy(path.join(root, 'examples/strategy-template.ts'))) as StrategyDefinition;
  assert.equal(template.transientCandle, undefined, 'a user module takes the fresh-object path unless it says otherwise');
  const cases: [StrategyDefinition, Record<string, number>, object][] = [
    [smaCross, { fast: 10, slow: 30 }, {}],
    [smaCross, { fast: 5, slow: 80 }, { exits: { stopLoss: 1, trailing: 2 } }],
    [rsiReversion, { period: 14, oversold: 30, overbought: 70 }, {}],
    [template, { period: 10, band: 0.05, stop: 2 }, {}],
  ];
  for (const series of SERIES) {
    for (const [def, params, extra] of cases) {
      const a = runBacktest(reusedPath(def), params, series, { ...cfg, ...extra });
      const b = runBacktest(objectPath(def), params, series, { ...cfg, ...extra });
      assert.ok(a.fills.length > 4, `${def.name} trades on this series`);
      assert.deepEqual(a, b, `${def.name} ${JSON.stringify(params)}`);
    }
  }
});

test('futures and kept orders: the reused candle and fresh objects give the same run (sma-ls at 3x, grid, dca)', () => {
  for (const series of SERIES) {
    const fut = { ...cfg, leverage: 3, funding: { kind: 'constant' as const, rate: 0.0001 }, brackets: BTCUSDT_BRACKETS };
    const a = runFuturesBacktest(reusedPath(smaLongShort), { fast: 10, slow: 30 }, series, fut);
    assert.ok(a.fills.length > 4 && a.funding.length > 0);
    assert.deepEqual(a, runFuturesBacktest(objectPath(smaLongShort), { fast: 10, slow: 30 }, series, fut));
    const mid = series.c[0];
    const orders = { ...cfg, size: { kind: 'quote' as const, amount: 200, asset: 'USDT' } };
    const gridParams = { lower: mid * 0.97, upper: mid * 1.03, levels: 12 };
    const g = runOrdersBacktest(reusedPath(gridStrategy), gridParams, series, orders);
    assert.ok(g.fills.length > 4);
    assert.deepEqual(g, runOrdersBacktest(objectPath(gridStrategy), gridParams, series, orders));
    const dcaParams = { every: 3_600_000, 'on-drop': 1 };
    assert.deepEqual(runOrdersBacktest(reusedPath(dcaStrategy), dcaParams, series, orders), runOrdersBacktest(objectPath(dcaStrategy), dcaParams, series, orders));
  }
});

test('a strategy that keeps the candles it is given sees each as it was: why a user module gets fresh objects', () => {
  const keeper: StrategyDefinition = {
    name: 'keeper',
    description: 'buys when the close is above the close three candles back, from the candles it kept',
    params: {},
    create() {
      const kept: Candle[] = [];
      return {
        onCandle(candle, view) {
          kept.push(candle);
          if (kept.length < 4) return undefined;
          const back = kept[kept.length - 4].c;
          if (view.position === 0 && candle.c > back) return { side: 'buy', reason: 'up on three back' };
          if (view.position > 0 && candle.c < back) return { side: 'sell', reason: 'down on three back' };
          return undefined;
        },
      };
    },
  };
  const series = SERIES[1];
  const fresh = runBacktest(keeper, {}, series, cfg);
  assert.ok(fresh.fills.length > 10);
  // The same strategy wrongly declaring transientCandle sees only the current candle in what it kept: it never trades.
  assert.equal(runBacktest(reusedPath(keeper), {}, series, cfg).fills.length, 0);
});
