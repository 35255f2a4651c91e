import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BTCUSDT_BRACKETS, seriesFromCandles, type Candle } from '../../source/domain/index.js';
import { runBacktest } from '../../source/engine/backtest/backtest.js';
import { buyQuantity, fillPrice, sellProceeds } from '../../source/engine/backtest/fill-model.js';
import { computeReport, EquityStats } from '../../source/engine/backtest/report.js';
import { runFuturesBacktest } from '../../source/engine/backtest/futures-backtest.js';
import { generateCandles } from '../../source/adapters/candles/generated-candles.js';
import { smaCross, smaLongShort } from '../../source/strategies/sma-cross.js';

const DAY = 86_400_000;
const H = 3_600_000;
const near = (a: number, b: number, what: string): void => assert.ok(Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b)), `${what}: ${a} vs ${b}`);

test('every report figure on a four-point daily equity curve, by hand', () => {
  // equity 100 -> 110 -> 99 -> 108.9: returns +10%, -10%, +10%
  const r = computeReport({
    equity: Float64Array.from([100, 110, 99, 108.9]),
    initialCash: 100,
    timeframeMs: DAY,
    tradeCount: 2,
    wins: 1,
    grossProfit: 15,
    grossLoss: 5,
    heldCandles: 3,
    firstOpen: 100,
    lastClose: 120,
    fee: 0.001,
    openTrade: false,
  });
  near(r.finalEquity, 108.9, 'final equity');
  near(r.totalReturn, 0.089, 'total return 108.9 / 100 - 1');
  near(r.maxDrawdown, 0.1, 'max drawdown: peak 110, trough 99');
  // mean 1/30, sample sd sqrt(((2/30)^2 * 2 + (4/30)^2) / 2) = 0.11547, mean/sd = 1/(2 sqrt 3); times sqrt(365)
  near(r.sharpe, Math.sqrt(365 / 12), 'sharpe = sqrt(365/12) = 5.51513');
  assert.equal(r.sharpe.toFixed(4), '5.5151');
  assert.equal(r.tradeCount, 2);
  assert.equal(r.winRate, 0.5);
  assert.equal(r.exposure, 0.75);
  near(r.buyAndHoldReturn, 120 / 100.1 - 1, 'buy and hold: buy at 100 paying 0.1%, mark at 120 -> 0.1988012');
  assert.equal(r.candles, 4);
  assert.equal(r.profitFactor, 3, 'gross profit 15 over gross loss 5');
  near(r.calmar, (Math.pow(1.089, 365 / 4) - 1) / 0.1, 'calmar: 8.9% over 4 days compounded to a year, over the 10% drawdown');
});

test('profit factor and calmar at their edges: no loss is Infinity, nothing is 0', () => {
  const base = { initialCash: 100, timeframeMs: DAY, tradeCount: 1, wins: 1, heldCandles: 1, firstOpen: 1, lastClose: 1, fee: 0, openTrade: false };
  const up = computeReport({ ...base, equity: Float64Array.from([100, 110]), grossProfit: 10, grossLoss: 0 });
  assert.equal(up.profitFactor, Infinity);
  assert.equal(up.calmar, Infinity, 'a gain without a drawdown');
  const flat = computeReport({ ...base, equity: Float64Array.from([100, 100]), tradeCount: 0, wins: 0, grossProfit: 0, grossLoss: 0 });
  assert.equal(flat.profitFactor, 0);
  assert.equal(flat.calmar, 0);
});

test('drawdown from the starting cash, Sharpe 0 without variation, annualised by timeframe', () => {
  const down = computeReport({ equity: Float64Array.from([90, 95, 80]), initialCash: 100, timeframeMs: H, tradeCount: 0, wins: 0, grossProfit: 0, grossLoss: 0, heldCandles: 0, firstOpen: 1, lastClose: 1, fee: 0, openTrade: false });
  near(down.maxDrawdown, 0.2, 'the peak is the starting cash 100, trough 80');
  assert.equal(down.winRate, 0, 'no trades: win rate 0');
  const flat = computeReport({ equity: Float64Array.from([100, 100, 100, 100]), initialCash: 100, timeframeMs: H, tradeCount: 0, wins: 0, grossProfit: 0, grossLoss: 0, heldCandles: 0, firstOpen: 1, lastClose: 1, fee: 0, openTrade: false });
  assert.equal(flat.sharpe, 0);
  // The same returns on 1h candles scale by sqrt(24) against 1d candles.
  const eq = Float64Array.from([100, 110, 99, 108.9]);
  const base = { equity: eq, initialCash: 100, tradeCount: 0, wins: 0, grossProfit: 0, grossLoss: 0, heldCandles: 0, firstOpen: 1, lastClose: 1, fee: 0, openTrade: false };
  near(computeReport({ ...base, timeframeMs: H }).sharpe / computeReport({ ...base, timeframeMs: DAY }).sharpe, Math.sqrt(24), 'hourly vs daily');
});

test('the fill model: prices, quantities and fees by hand', () => {
  near(fillPrice('buy', 100, 25), 100.25, 'a buy pays 25 bps more');
  near(fillPrice('sell', 100, 25), 99.75, 'a sell gets 25 bps less');
  near(buyQuantity(10_000, 13, 0.001), 768.4623069238454, '10000 / 1.001 / 13');
  near(sellProceeds(2, 50, 0.001), 99.9, '2 * 50 * 0.999');
});

test('a whole sma 2/3 backtest with every figure written out', () => {
  // closes 10 10 10 13 16 10 4 4, each candle opening at the previous close (the first at 10), 1h apart.
  // Cross up at the close of t3 -> buy at the open of t4 (13); cross down at t6 -> sell at the open of t7 (4).
  const closes = [10, 10, 10, 13, 16, 10, 4, 4];
  const candles: Candle[] = closes.map((c, i) => {
    const o = i === 0 ? 10 : closes[i - 1];
    return { t: i * H, o, h: Math.max(o, c), l: Math.min(o, c), c, v: 1 };
  });
  const run = runBacktest(smaCross, { fast: 2, slow: 3 }, seriesFromCandles(candles), { cash: 10_000, fee: 0.001, slippageBps: 0, timeframeMs: H });
  assert.equal(run.fills.length, 2);
  const [buy, sell] = run.fills;
  assert.deepEqual([buy.side, buy.time, buy.price, sell.side, sell.time, sell.price], ['buy', 4 * H, 13, 'sell', 7 * H, 4]);
  near(buy.quantity, 768.4623069238454, 'bought 10000 / 1.001 / 13');
  near(buy.fee, 9.99000999000964, 'buy fee 10000 - q * 13');
  near(sell.quantity, 768.4623069238454, 'sold all');
  near(sell.fee, 3.0738492276953817, 'sell fee q * 4 * 0.001');
  // equity at each close: 10000 x4, then q * 16 = 12295.40, q * 10 = 7684.62, q * 4 = 3073.85, cash 3070.78
  const expected = [10_000, 10_000, 10_000, 10_000, 12295.396910781526, 7684.623069238454, 3073.8492276953817, 3070.775378467686];
  expected.forEach((e, i) => near(run.equity[i], e, `equity at ${i}`));
  near(run.finalEquity, 3070.775378467686, 'final equity q * 4 * 0.999');
  near(run.totalReturn, -0.6929224621532314, 'total return');
  near(run.maxDrawdown, 0.75025, 'max drawdown 1 - (q * 4 * 0.999) / (q * 16) = 1 - 0.24975');
  near(run.sharpe, -35.52043119051682, 'sharpe: 7 hourly returns 0, 0, 0, +22.95%, -37.5%, -60%, -0.1%; mean/sd * sqrt(8760)');
  assert.equal(run.tradeCount, 1);
  assert.equal(run.winRate, 0, 'sold for 3070.78 after paying 10000');
  assert.equal(run.exposure, 3 / 8, 'held at the closes of t4, t5, t6');
  near(run.buyAndHoldReturn, -0.6003996003996004, 'buy and hold: 4 / (10 * 1.001) - 1');
  assert.equal(run.openTrade, false);
  assert.equal(run.ignoredIntents, 0);
});

test('the figures a backtest takes as its loop goes are the very numbers a pass over its stored curve gives', () => {
  const series = generateCandles(20_000, { seed: 9, timeframeMs: 60_000 });
  const runs = [
    runBacktest(smaCross, { fast: 5, slow: 20 }, series, { cash: 10_000, fee: 0.001, slippageBps: 2, timeframeMs: 60_000 }),
    runBacktest(smaCross, { fast: 8, slow: 50 }, series, { cash: 10_000, fee: 0.001, slippageBps: 0, timeframeMs: 60_000, exits: { stopLoss: 1, trailing: 2 } }),
    runFuturesBacktest(smaLongShort, { fast: 10, slow: 30 }, series, { cash: 10_000, fee: 0.0005, slippageBps: 0, timeframeMs: 60_000, leverage: 3, funding: { kind: 'constant', rate: 0.0001 }, brackets: BTCUSDT_BRACKETS }),
  ];
  for (const run of runs) {
    const again = computeReport({ equity: run.equity, initialCash: run.initialCash, timeframeMs: 60_000, tradeCount: run.tradeCount, wins: Math.round(run.winRate * run.tradeCount), grossProfit: 0, grossLoss: 0, heldCandles: Math.round(run.exposure * run.candles), firstOpen: series.o[0], lastClose: series.c[series.length - 1], fee: 0, openTrade: run.openTrade });
    for (const k of ['finalEquity', 'totalReturn', 'maxDrawdown', 'sharpe', 'calmar'] as const) assert.ok(Object.is(run[k], again[k]), `${k}: ${run[k]} vs ${again[k]}`);
  }
});

test('EquityStats: a point equal to the one before adds nothing; the first has no return; NaN as in a plain pass', () => {
  // The plain pass over a stored curve (the report's loop before the figures were taken as a backtest goes).
  const plain = (equity: number[], initial: number): { peak: number; dd: number; sum: number; sumSq: number } => {
    let peak = initial;
    let dd = 0;
    let sum = 0;
    let sumSq = 0;
    for (let i = 0; i < equity.length; i++) {
      const e = equity[i];
      if (e > peak) peak = e;
      else if (peak > 0 && (peak - e) / peak > dd) dd = (peak - e) / peak;
      if (i > 0) {
        const ret = equity[i - 1] > 0 ? e / equity[i - 1] - 1 : 0;
        sum += ret;
        sumSq += ret * ret;
      }
    }
    return { peak, dd, sum, sumSq };
  };
  for (const curve of [[100, 100, 110, 110, 99, 99, 120], [90, 90, 90], [100, 0, 0, 50], [100, NaN, 100, 105], [100]]) {
    const s = new EquityStats(100);
    for (const e of curve) s.add(e);
    const p = plain(curve, 100);
    assert.deepEqual([s.peak, s.maxDrawdown, s.sum, s.sumSq], [p.peak, p.dd, p.sum, p.sumSq], curve.join(','));
  }
});
