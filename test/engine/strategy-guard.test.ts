import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BudgetExceeded, loopWithinBudget, withinBudget } from '../../source/engine/strategy-guard.js';
import { StrategyError, StrategyRunner, strategyWarmup } from '../../source/engine/strategy-runner.js';
import { runBacktest } from '../../source/engine/backtest/backtest.js';
import { generateCandles } from '../../source/adapters/candles/generated-candles.js';
import type { StrategyDefinition, StrategyInstance } from '../../source/strategies/strategy.js';

const candle = (t: number) => ({ t, o: 1, h: 1, l: 1, c: 1, v: 1 });
const def = (instance: () => StrategyInstance, extra: Partial<StrategyDefinition> = {}): StrategyDefinition => ({ name: 'probe', description: 'd', params: {}, create: instance, ...extra });
const forever = (): never => {
  for (;;) {
    // an endless loop, as a buggy strategy has
  }
};

test('withinBudget: returns the value, passes a throw on, and ends an endless loop with BudgetExceeded', () => {
  assert.equal(withinBudget(() => 42, 100), 42);
  assert.throws(() => withinBudget(() => { throw new TypeError('no'); }, 100), TypeError);
  assert.throws(() => withinBudget(forever, 50), (e: Error) => e instanceof BudgetExceeded && /did not return within 50 ms/.test(e.message));
  // Nested calls restore the outer callee: the outer one still returns its own value.
  assert.equal(withinBudget(() => withinBudget(() => 1, 100) + 1, 100), 2);
});

test('loopWithinBudget: runs every step once, in order, and stops an endless step', () => {
  const seen: number[] = [];
  loopWithinBudget(10_000, (from, to) => { for (let i = from; i < to; i++) seen.push(i); }, 1000);
  assert.equal(seen.length, 10_000);
  assert.ok(seen.every((v, i) => v === i));
  assert.throws(() => loopWithinBudget(100, (from, to) => { for (let i = from; i < to; i++) if (i === 57) forever(); }, 50), BudgetExceeded);
});

test('runner: create() throwing, or never returning, is a StrategyError naming the strategy; its reason does not', () => {
  assert.throws(() => new StrategyRunner(def(() => { throw new Error('bad create'); }), {}), (e: Error) => e instanceof StrategyError && e.message === 'strategy "probe": create() threw: bad create' && e.reason === 'create() threw: bad create');
  // A RangeError from create() refuses the parameters: said as the trader's input, not a failure.
  assert.throws(() => new StrategyRunner(def(() => { throw new RangeError('probe needs --fast below --slow'); }), {}), (e: Error) => e instanceof StrategyError && e.message === 'strategy "probe": probe needs --fast below --slow');
  assert.throws(() => new StrategyRunner(def(forever), {}, { budgetMs: 50 }), (e: Error) => e instanceof StrategyError && /^strategy "probe": create\(\) did not return within 50 ms \(setting strategy\.timeBudgetMs\)$/.test(e.message));
  assert.throws(() => strategyWarmup(def(() => ({ onCandle: () => undefined }), { warmup: forever }), {}, 50), (e: Error) => e instanceof StrategyError && /^strategy "probe": warmup\(\) did not return within 50 ms/.test(e.message));
});

test('runner: onCandle and onFill that throw or loop are StrategyErrors at their candle; what it threw is read as it is', () => {
  const looping = new StrategyRunner(def(() => ({ onCandle: (c) => (c.t === 3 ? forever() : undefined) })), {}, { budgetMs: 50 });
  looping.onCandle(candle(1), 0, 0);
  assert.throws(() => looping.onCandle(candle(3), 0, 0), (e: Error) => e instanceof StrategyError && e.reason === 'onCandle() did not return within 50 ms (setting strategy.timeBudgetMs) at 1970-01-01 00:00:00.003');
  const throwsString = new StrategyRunner(def(() => ({ onCandle: () => { throw 'plain string'; } })), {});
  assert.throws(() => throwsString.onCandle(candle(1), 0, 0), /: onCandle\(\) threw at .*: plain string$/);
  const fills = new StrategyRunner(def(() => ({ onCandle: () => undefined, onFill: forever })), {}, { budgetMs: 50 });
  assert.throws(() => fills.onFill({ side: 'buy', time: 5, price: 1, quantity: 1, fee: 0 }, 1, 0), (e: Error) => e instanceof StrategyError && e.reason === 'onFill() did not return within 50 ms (setting strategy.timeBudgetMs) at its buy fill of 1970-01-01 00:00:00.005');
});

test('runner: an async onCandle is refused (never left running outside the budget) and its rejection is not unhandled', async () => {
  let unhandled = 0;
  const count = (): void => void unhandled++;
  process.on('unhandledRejection', count);
  try {
    const r = new StrategyRunner(def(() => ({ onCandle: (async () => { throw new Error('later'); }) as unknown as StrategyInstance['onCandle'] })), {});
    assert.throws(() => r.onCandle(candle(1), 0, 0), /onCandle\(\) returned a promise at .*: it must answer synchronously/);
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(unhandled, 0);
  } finally {
    process.off('unhandledRejection', count);
  }
});

test('runner: terminal escapes leave the name, the message and the reason', () => {
  const evil = '\u001b]0;owned\u0007\u001b[2J';
  const r = new StrategyRunner(def(() => ({ onCandle: (c) => (c.t === 1 ? { side: 'buy', reason: `up${evil}` } : (() => { throw new Error(`boom${evil}\u001b[31m`); })()) }), { name: `x${evil}y` }), {});
  assert.equal(r.onCandle(candle(1), 0, 0)?.reason, 'up');
  assert.throws(() => r.onCandle(candle(2), 0, 0), (e: Error) => {
    assert.equal(e.message, 'strategy "xy": onCandle() threw at 1970-01-01 00:00:00.002: boom');
    return true;
  });
});

test('backtest: a strategy stuck on one candle stops the run with a StrategyError naming the candle, within the budget', () => {
  const series = generateCandles(5_000, { seed: 3, timeframeMs: 60_000 });
  const stuck = def(() => ({ onCandle: (c) => (c.t === series.t[4_321] ? forever() : undefined) }));
  assert.throws(() => runBacktest(stuck, {}, series, { cash: 1000, fee: 0, slippageBps: 0, timeframeMs: 60_000, budgetMs: 100 }), (e: Error) => e instanceof StrategyError && e.message.endsWith(`did not return within 100 ms (setting strategy.timeBudgetMs) at ${new Date(series.t[4_321]).toISOString().slice(0, 16).replace('T', ' ')}`));
  // A well-behaved one runs every candle as before.
  const quiet = runBacktest(def(() => ({ onCandle: () => undefined })), {}, series, { cash: 1000, fee: 0, slippageBps: 0, timeframeMs: 60_000, budgetMs: 100 });
  assert.equal(quiet.equity.length, 5_000);
});

test('runner: the reason of a throw at a live candle says the call, the candle to the minute and what was thrown, without the name', () => {
  const t = Date.UTC(2026, 11, 6, 18, 47);
  const r = new StrategyRunner(def(() => ({ onCandle: () => { throw new Error('boom at its 2nd live candle'); } }), { name: 'boom2' }), {});
  assert.throws(() => r.onCandle(candle(t), 0, 0), (e: Error) => {
    assert.ok(e instanceof StrategyError);
    assert.equal(e.reason, 'onCandle() threw at 2026-12-06 18:47: boom at its 2nd live candle');
    assert.equal(e.message, 'strategy "boom2": onCandle() threw at 2026-12-06 18:47: boom at its 2nd live candle');
    return true;
  });
});
