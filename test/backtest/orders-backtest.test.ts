import assert from 'node:assert/strict';
import { test } from 'node:test';
import { seriesFromRows } from '../../source/domain/index.js';
import { runOrdersBacktest, type OrdersBacktestConfig } from '../../source/engine/backtest/orders-backtest.js';
import { dcaStrategy } from '../../source/strategies/dca.js';
import { gridStrategy } from '../../source/strategies/grid.js';
import { StrategyError } from '../../source/engine/strategy-runner.js';

const H = 3_600_000;
/** Hourly candles from [open, high, low, close]. */
const candles = (ohlc: readonly (readonly [number, number, number, number])[]) => seriesFromRows(ohlc.map(([o, h, l, c], i) => [i * H, o, h, l, c, 1]));
const config = (over: Partial<OrdersBacktestConfig> = {}): OrdersBacktestConfig => ({ cash: 10_000, fee: 0, slippageBps: 0, timeframeMs: H, size: { kind: 'base', qty: 1, asset: 'BTC' }, ...over });
const brief = (fills: readonly { side: string; time: number; price: number; quantity: number; limit?: number }[]) => fills.map((f) => `${f.time / H} ${f.side} ${f.quantity}@${f.price}${f.limit !== undefined ? ' limit' : ''}`);

// Levels 90 95 100 105 110. At the first close (101) buys rest at 90 and 95, the level under the
// close (100) is the gap, and two entries are bought for the sells at 105 and 110.
const GRID = [
  [100, 100, 100, 101], // 0: laid out
  [101, 102, 94, 96], // 1: the starting buy of 2 at the open; the buy at 95 fills (low 94)
  [96, 101, 96, 100], // 2: its replacement sell at 100 fills (high 101)
  [100, 106, 99, 105], // 3: the sell at 105 fills (its replacement buy at 100 goes out at this close)
] as const;

test('grid: each fill is replaced by its opposite one level away, at the hand-worked prices', () => {
  const run = runOrdersBacktest(gridStrategy, { lower: 90, upper: 110, levels: 5 }, candles(GRID), config());
  assert.deepEqual(brief(run.fills), ['1 buy 2@101', '1 buy 1@95 limit', '2 sell 1@100 limit', '3 sell 1@105 limit']);
  // 10,000 - 202 - 95 + 100 + 105 in cash, 1 BTC marked at 105.
  assert.equal(run.finalEquity, 9_908 + 105);
  assert.equal(run.position, 1);
  assert.equal(run.invested, 297);
  // On the book at the end: buys at 95 and 90, the sell at 110 (the orders of the last close never arrive).
  assert.equal(run.restingAtEnd, 3);
  assert.equal(run.refusedOrders, 0);
});

test('grid: a close out of its range stops it and cancels its orders (grid.outOfRange stop), or holds its book (hold)', () => {
  const rows = [...GRID, [105, 112, 104, 111] as const];
  const stop = runOrdersBacktest(gridStrategy, { lower: 90, upper: 110, levels: 5 }, candles(rows), config());
  assert.equal(stop.fills.at(-1)?.price, 110, 'the sell at 110 filled in the candle that left');
  assert.deepEqual(stop.left, { time: 4 * H, reason: "close 111 left the grid's range 90..110", action: 'stop' });
  assert.equal(stop.restingAtEnd, 0);
  const hold = runOrdersBacktest(gridStrategy, { lower: 90, upper: 110, levels: 5 }, candles(rows), config({ outOfRange: 'hold' }));
  assert.equal(hold.left?.action, 'hold');
  assert.equal(hold.restingAtEnd, 3, 'buys at 100, 95 and 90 still rest');
});

test('grid: a buy the cash cannot hold is refused, never shrunk', () => {
  const run = runOrdersBacktest(gridStrategy, { lower: 90, upper: 110, levels: 5 }, candles(GRID), config({ cash: 300 }));
  // 300 buys the 2 for the sells (202) and can hold the buy at 95 but not the one at 90.
  assert.ok(run.refusedOrders >= 1);
  assert.ok(run.fills.every((f) => f.quantity === 1 || f.quantity === 2));
});

test('grid: bad ranges are one clear line', () => {
  assert.throws(() => runOrdersBacktest(gridStrategy, { lower: 0, upper: 0, levels: 5 }, candles(GRID), config()), (e: Error) => e instanceof StrategyError && /grid needs --lower and --upper with 0 < lower < upper/.test(e.message));
});

test('dca: buys its size every interval, takes profit on the average entry, starts again; figures: average entry and invested', () => {
  const rows = [
    [100, 100, 100, 100], // 0: first buy asked
    [100, 100, 100, 100], // 1: bought 1 at 100
    [100, 100, 80, 80], // 2: 2 h since: buy asked
    [80, 80, 80, 80], // 3: bought 1.25 at 80: average entry 200 / 2.25
    [80, 100, 80, 100], // 4: close 100 is 12.5% over it: the take-profit sells all
    [100, 100, 100, 100], // 5: sold 2.25 at 100; sold out: it starts again
    [100, 100, 100, 100], // 6: bought 1 at 100
  ] as const;
  const run = runOrdersBacktest(dcaStrategy, { every: 2 * H, 'on-drop': 0 }, candles(rows), config({ size: { kind: 'quote', amount: 100, asset: 'USDT' }, exits: { takeProfit: 10 } }));
  assert.deepEqual(brief(run.fills), ['1 buy 1@100', '3 buy 1.25@80', '5 sell 2.25@100', '6 buy 1@100']);
  assert.equal(run.fills[2].exit, 'take-profit');
  assert.equal(run.invested, 300);
  assert.equal(run.averageEntry, 100);
  assert.equal(run.position, 1);
  assert.equal(run.tradeCount, 1);
  assert.equal(run.winRate, 1);
  assert.equal(run.finalEquity, 10_000 - 300 + 225 + 100);
});

test('dca: on drops of N% under the last buy, and it needs one of its two rules', () => {
  const rows = [[100, 100, 100, 100], [100, 100, 100, 98], [98, 98, 96, 96], [96, 96, 96, 96]] as const;
  const run = runOrdersBacktest(dcaStrategy, { every: 0, 'on-drop': 3 }, candles(rows), config({ size: { kind: 'quote', amount: 100, asset: 'USDT' } }));
  // 96 is 4% under the buy at 100: a second buy at the next open.
  assert.deepEqual(brief(run.fills), ['1 buy 1@100', '3 buy 1.0416666666666667@96']);
  assert.throws(() => runOrdersBacktest(dcaStrategy, { every: 0, 'on-drop': 0 }, candles(rows), config()), /dca needs --every/);
});
