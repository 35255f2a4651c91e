import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BTCUSDT_BRACKETS, seriesFromCandles, type Candle } from '../../source/domain/index.js';
import { runFuturesBacktest, type FuturesBacktestConfig } from '../../source/engine/backtest/futures-backtest.js';
import { liquidationPrice } from '../../source/engine/liquidation.js';
import { maintenanceMargin } from '../../source/engine/futures-margin.js';
import { smaLongShort } from '../../source/strategies/sma-cross.js';
import type { PositionTarget, StrategyDefinition } from '../../source/strategies/strategy.js';

const H = 3_600_000;
/** 2023-12-31 22:00 UTC: the third candle opens at the 00:00 funding mark. */
const T0 = Date.UTC(2023, 11, 31, 22);
const near = (a: number, b: number, what = '') => assert.ok(Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b)), `${what} ${a} != ${b}`);

/** Hourly candles from [open, high, low, close] rows. */
const series = (rows: [number, number, number, number][]) => seriesFromCandles(rows.map(([o, h, l, c], i): Candle => ({ t: T0 + i * H, o, h, l, c, v: 1 })));
/** Flat candles at one price. */
const flat = (n: number, p: number): [number, number, number, number][] => Array.from({ length: n }, () => [p, p, p, p]);

/** A strategy that asks for the given target at the close of the given candles. */
function script(plan: Record<number, PositionTarget>): StrategyDefinition {
  return { name: 'script', description: 'test', params: {}, create: () => ({ onCandle: (_c, v) => (plan[v.index] ? { target: plan[v.index], reason: `plan ${v.index}` } : undefined) }) };
}

const cfg = (over: Partial<FuturesBacktestConfig> = {}): FuturesBacktestConfig => ({
  cash: 10_000, fee: 0.0005, slippageBps: 0, timeframeMs: H, leverage: 2, funding: { kind: 'constant', rate: 0.0001 }, brackets: BTCUSDT_BRACKETS, ...over,
});

test('funding is paid at exactly the 00:00, 08:00 and 16:00 UTC candles, by the position held into them', () => {
  // Candles 22:00 .. 17:00 of the next day (20). Long from the open of 23:00 (signal at 22:00's close),
  // closed at the open of 16:00 (signal at 15:00's close): held into 00:00 and 08:00 and into 16:00.
  const rows = flat(20, 100).map(([o], i): [number, number, number, number] => [o + i, o + i, o + i, o + i]);
  const run = runFuturesBacktest(script({ 0: 'long', 17: 'flat' }), {}, series(rows), cfg({ leverage: 1, fee: 0 }));
  const qty = 10_000 / 101;
  assert.deepEqual(run.funding.map((f) => new Date(f.time).toISOString()), ['2024-01-01T00:00:00.000Z', '2024-01-01T08:00:00.000Z', '2024-01-01T16:00:00.000Z']);
  assert.deepEqual(run.funding.map((f) => f.price), [102, 110, 118]);
  for (const f of run.funding) near(f.amount, -qty * f.price * 0.0001, 'long pays a positive rate');
  near(run.fundingPaid, qty * (102 + 110 + 118) * 0.0001);
  assert.equal(run.fundingReceived, 0);
  // The close at 16:00's open realised 118 - 101 on qty; the wallet is that less the funding.
  near(run.finalEquity, 10_000 + qty * 17 - run.fundingPaid);
  assert.equal(run.fills.map((f) => `${f.action} ${f.position}`).join(', '), 'open long, close long');
});

test('a file of rates: each mark takes its own rate; a mark the file lacks while a position is held stops the run', () => {
  const rows = flat(12, 100);
  const funding = { kind: 'table' as const, times: [Date.UTC(2024, 0, 1, 0) + 2, Date.UTC(2024, 0, 1, 8)], rates: [-0.0002, 0.0003], source: 'f.csv' };
  const run = runFuturesBacktest(script({ 0: 'short' }), {}, series(rows), cfg({ leverage: 1, fee: 0, funding }));
  const qty = 10_000 / 100;
  // A short pays a negative rate and receives a positive one.
  assert.deepEqual(run.funding.map((f) => [f.rate, f.amount]), [[-0.0002, -qty * 100 * 0.0002], [0.0003, qty * 100 * 0.0003]].map(([r, a]) => [r, a]));
  near(run.fundingPaid, 2);
  near(run.fundingReceived, 3);
  const gap = { ...funding, times: [funding.times[0]], rates: [funding.rates[0]] };
  assert.throws(() => runFuturesBacktest(script({ 0: 'short' }), {}, series(rows), cfg({ funding: gap })), /no funding rate for 2024-01-01T08:00:00.000Z in f.csv/);
  // Flat at the missing mark: no rate is needed.
  assert.doesNotThrow(() => runFuturesBacktest(script({}), {}, series(rows), cfg({ funding: gap })));
});

test('a wick through the liquidation price liquidates the long inside the candle, though the close would not show it', () => {
  // 5x long from the open of candle 2 at 100; candle 3 wicks down to 70 and closes at 99.
  const rows: [number, number, number, number][] = [[100, 100, 100, 100], [100, 100, 100, 100], [100, 100, 100, 100], [100, 100, 70, 99], [99, 99, 99, 99]];
  const run = runFuturesBacktest(script({ 1: 'long' }), {}, series(rows), cfg({ leverage: 5, fee: 0.0005, funding: { kind: 'constant', rate: 0 } }));
  const notional = (10_000 * 5) / (1 + 5 * 0.0005);
  const qty = notional / 100;
  const wallet = 10_000 - notional * 0.0005;
  const lp = liquidationPrice({ walletBalance: wallet, otherMaintenance: 0, otherUnrealizedPnl: 0, legs: [{ side: 'BOTH', qty, entryPrice: 100 }], brackets: BTCUSDT_BRACKETS })!;
  assert.ok(lp > 70 && lp < 99, `liquidation price ${lp} is between the wick and the close`);
  assert.equal(run.liquidations.length, 1);
  const liq = run.liquidations[0];
  assert.equal(liq.time, T0 + 3 * H);
  near(liq.liquidationPrice, lp);
  near(liq.price, lp);
  // The margin left at the liquidation price is the maintenance margin: the clearance takes it.
  const after = wallet + qty * (lp - 100) - maintenanceMargin(BTCUSDT_BRACKETS, qty * lp);
  near(liq.walletAfter, Math.max(0, after));
  near(run.finalEquity, Math.max(0, after));
  assert.equal(run.openTrade, false);
  assert.equal(run.fills.at(-1)!.action, 'liquidation');
  // Without the wick the position survives to the end.
  const calm = runFuturesBacktest(script({ 1: 'long' }), {}, series(rows.map(([o, h, , c]) => [o, h, Math.min(o, c), c])), cfg({ leverage: 5, funding: { kind: 'constant', rate: 0 } }));
  assert.equal(calm.liquidations.length, 0);
  assert.equal(calm.openTrade, true);
});

test('a short is liquidated by a high wick; a candle that opens past the price closes at the open', () => {
  const rows: [number, number, number, number][] = [[100, 100, 100, 100], [100, 100, 100, 100], [100, 100, 100, 100], [150, 160, 150, 150]];
  const run = runFuturesBacktest(script({ 1: 'short' }), {}, series(rows), cfg({ leverage: 2, fee: 0, funding: { kind: 'constant', rate: 0 } }));
  assert.equal(run.liquidations.length, 1);
  const liq = run.liquidations[0];
  assert.ok(liq.liquidationPrice < 150, `${liq.liquidationPrice}`);
  assert.equal(liq.price, 150, 'gapped past: closed at the open, the worse price');
  assert.equal(liq.walletAfter, 0, 'the wallet never goes below zero');
  assert.equal(run.finalEquity, 0);
});

test('fees: each open and close pays fee x notional, and the all-in size keeps margin plus fee within the wallet', () => {
  const rows = flat(6, 200);
  const run = runFuturesBacktest(script({ 0: 'long', 2: 'flat' }), {}, series(rows), cfg({ leverage: 2, fee: 0.001, funding: { kind: 'constant', rate: 0 } }));
  const notional = (10_000 * 2) / (1 + 2 * 0.001);
  assert.deepEqual(run.fills.map((f) => f.action), ['open', 'close']);
  near(run.fills[0].quantity, notional / 200);
  near(run.fills[0].fee, notional * 0.001);
  near(run.fills[1].fee, notional * 0.001);
  near(notional / 2 + run.fills[0].fee, 10_000, 'margin + fee = wallet');
  near(run.fees, 2 * notional * 0.001);
  near(run.finalEquity, 10_000 - run.fees);
  near(run.maxLeverageUsed, notional / (10_000 - notional * 0.001));
  assert.equal(run.tradeCount, 1);
  assert.equal(run.winRate, 0);
});

test('a short that profits: sma-ls goes short on the cross down, flips long on the cross up, slippage against it', () => {
  // sma-ls 2/3: closes 10 10 10 7 4 4 4 8 12 12. Cross down at t3 (short at open t4 = 7), cross up at t7 (flip at open t8 = 8).
  const closes = [10, 10, 10, 7, 4, 4, 4, 8, 12, 12];
  const rows = closes.map((c, i): [number, number, number, number] => {
    const o = i === 0 ? c : closes[i - 1];
    return [o, Math.max(o, c), Math.min(o, c), c];
  });
  const run = runFuturesBacktest(smaLongShort, { fast: 2, slow: 3 }, series(rows), cfg({ leverage: 1, fee: 0.001, slippageBps: 10, funding: { kind: 'constant', rate: 0 } }));
  assert.deepEqual(run.fills.map((f) => `${f.action} ${f.position} ${f.side} @${f.price.toFixed(4)}`), ['open short sell @6.9930', 'close short buy @8.0080', 'open long buy @8.0080']);
  const sellAt = 7 * (1 - 0.001);
  const n1 = 10_000 / (1 + 0.001);
  const q1 = n1 / sellAt;
  const wallet1 = 10_000 - n1 * 0.001;
  near(run.fills[0].quantity, q1);
  // Price fell from 7 to 4 while short: equity at the close of t4 is up.
  near(run.equity[4], wallet1 + -q1 * (4 - sellAt));
  assert.ok(run.equity[4] > 10_000, 'the short profits as the price falls');
  assert.ok(run.equity[6] > 10_000);
  assert.equal(run.shortCandles, 4);
  const buyAt = 8 * 1.001;
  const wallet2 = wallet1 + -q1 * (buyAt - sellAt) - q1 * buyAt * 0.001;
  near(run.fills[1].grossPnl, -q1 * (buyAt - sellAt));
  // Realised is net of the fill's fee, as in every other view; an open's is minus its fee.
  near(run.fills[1].realizedPnl, -q1 * (buyAt - sellAt) - q1 * buyAt * 0.001);
  near(run.fills[0].realizedPnl, -n1 * 0.001);
  // The fills' realised add up to the wallet's change (funding 0 here).
  near(run.fills.slice(0, 2).reduce((sum, f) => sum + f.realizedPnl, 0), wallet2 - 10_000);
  const n2 = wallet2 / (1 + 0.001);
  near(run.fills[2].quantity, n2 / buyAt);
  near(run.finalEquity, wallet2 - n2 * 0.001 + (n2 / buyAt) * (12 - buyAt));
  assert.equal(run.openTrade, true);
});

test('a target already held, and a signal on the last candle, are ignored', () => {
  const run = runFuturesBacktest(script({ 0: 'long', 1: 'long', 3: 'flat' }), {}, series(flat(4, 100)), cfg());
  assert.equal(run.fills.length, 1);
  assert.equal(run.ignoredIntents, 2);
});

test('a spot strategy on the perpetual: its buy is long and its sell is flat, never short', async () => {
  const { smaCross } = await import('../../source/strategies/sma-cross.js');
  const closes = [10, 10, 10, 13, 16, 10, 4, 4, 4, 4];
  const rows = closes.map((c, i): [number, number, number, number] => {
    const o = i === 0 ? c : closes[i - 1];
    return [o, Math.max(o, c), Math.min(o, c), c];
  });
  const run = runFuturesBacktest(smaCross, { fast: 2, slow: 3 }, series(rows), cfg({ leverage: 1, funding: { kind: 'constant', rate: 0 } }));
  assert.deepEqual(run.fills.map((f) => `${f.action} ${f.position}`), ['open long', 'close long']);
  assert.equal(run.shortCandles, 0);
});
