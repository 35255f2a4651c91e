import assert from 'node:assert/strict';
import { test } from 'node:test';
import { generateCandles } from '../../../source/adapters/candles/generated-candles.js';
import { futuresTradeReturns, monteCarloDrawdowns, spotTradeReturns } from '../../../source/app/optimize/monte-carlo.js';
import { BTCUSDT_BRACKETS } from '../../../source/domain/index.js';
import { runFuturesBacktest } from '../../../source/engine/backtest/futures-backtest.js';
import { smaLongShort } from '../../../source/strategies/sma-cross.js';

test('trade returns from spot fills: proceeds after the fee over the spend', () => {
  const fills = [
    { side: 'buy' as const, quantity: 1, price: 100, fee: 0.1 },
    { side: 'sell' as const, quantity: 1, price: 110, fee: 0.11 },
    { side: 'buy' as const, quantity: 2, price: 50, fee: 0 },
  ];
  assert.deepEqual(spotTradeReturns(fills), [(110 - 0.11) / 100.1 - 1], 'the open trade is not a trade yet');
});

test('shuffled orders: the drawdown as traded, a seeded spread, worst case all losses in a row', () => {
  // Two wins then two losses as traded: drawdown 1 - 0.9 * 0.9 = 19%, which is also the worst any order can do.
  const r = [0.1, 0.1, -0.1, -0.1];
  const mc = monteCarloDrawdowns(r, 500, 1);
  assert.equal(mc.trades, 4);
  assert.ok(Math.abs(mc.asTraded - 0.19) < 1e-12);
  assert.ok(Math.abs(mc.worst - 0.19) < 1e-12, 'both losses together is the worst');
  assert.ok(mc.median <= mc.p95 && mc.p95 <= mc.worst);
  assert.ok(mc.median < 0.19, 'most orders split the losses');
  assert.deepEqual(monteCarloDrawdowns(r, 500, 1), mc, 'seeded');
  assert.deepEqual(monteCarloDrawdowns([], 10, 1), { trades: 0, runs: 10, asTraded: 0, median: 0, p95: 0, worst: 0 });
});

test('futures trade returns: fees, funding and PnL of each round trip over the wallet it opened with', () => {
  const H = 3_600_000;
  const fills = [
    { action: 'open' as const, time: 0, fee: 10, grossPnl: 0 },
    // A mark at the close's own time is paid by the position held into that open: this trip's.
    { action: 'close' as const, time: 8 * H, fee: 10, grossPnl: 200 },
    { action: 'open' as const, time: 8 * H, fee: 11, grossPnl: 0 },
    // Stamped with its candle's open, a liquidation comes after the marks inside its candle (1d candles here).
    { action: 'liquidation' as const, time: 24 * H, fee: 50, grossPnl: -900 },
    { action: 'open' as const, time: 48 * H, fee: 1, grossPnl: 0 },
  ];
  const funding = [
    { time: 8 * H, amount: -5 },
    { time: 32 * H, amount: -4 },
  ];
  // Trip 1: 1000 - 10 - 5 + 200 - 10 = 1175 (+17.5%). Trip 2 from 1175: -11 - 4 - 900 - 50 = 210.
  const r = futuresTradeReturns({ fills, funding }, 1000, 24 * H);
  assert.equal(r.length, 2, 'the open trip is not a trade yet');
  assert.ok(Math.abs(r[0] - 0.175) < 1e-12);
  assert.ok(Math.abs(r[1] - (210 / 1175 - 1)) < 1e-12);
  // A liquidation never leaves the wallet below zero.
  assert.deepEqual(futuresTradeReturns({ fills: [fills[0], { action: 'liquidation', time: 1, fee: 100, grossPnl: -2000 }], funding: [] }, 1000, H), [-1]);
});

test('futures trade returns of a real run compound to the wallet at its last close', () => {
  const series = generateCandles(20_000, { seed: 5, timeframeMs: 3_600_000 });
  const cash = 10_000;
  const run = runFuturesBacktest(smaLongShort, { fast: 10, slow: 30 }, series, { cash, fee: 0.0005, slippageBps: 0, timeframeMs: 3_600_000, leverage: 2, funding: { kind: 'constant', rate: 0.0001 }, brackets: BTCUSDT_BRACKETS });
  const closes = run.fills.filter((f) => f.action !== 'open');
  const r = futuresTradeReturns(run, cash, 3_600_000);
  assert.ok(r.length > 20 && r.length === closes.length);
  // sma-ls flips at each crossing: the wallet the last trip opened with is the start compounded through every closed trip.
  const lastOpen = run.fills.findLast((f) => f.action === 'open')!;
  const walletAtLastOpen = r.reduce((w, x) => w * (1 + x), cash);
  const afterLastOpen = run.equity[series.t.indexOf(lastOpen.time)];
  const unrealised = run.fills.at(-1)!.action === 'open' ? (series.c[series.t.indexOf(lastOpen.time)] - lastOpen.price) * (lastOpen.position === 'long' ? lastOpen.quantity : -lastOpen.quantity) : 0;
  assert.ok(Math.abs(walletAtLastOpen - lastOpen.fee + unrealised - afterLastOpen) < 1e-6 * cash, `${walletAtLastOpen} vs ${afterLastOpen}`);
});
