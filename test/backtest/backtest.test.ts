import assert from 'node:assert/strict';
import { test } from 'node:test';
import { seriesFromCandles, type Candle } from '../../source/domain/index.js';
import { generateCandles } from '../../source/adapters/candles/generated-candles.js';
import { runBacktest } from '../../source/engine/backtest/backtest.js';
import { rsiReversion } from '../../source/strategies/rsi-reversion.js';
import { smaCross } from '../../source/strategies/sma-cross.js';
import type { StrategyDefinition } from '../../source/strategies/strategy.js';

const H = 3_600_000;
const close = (a: number, b: number) => Math.abs(a - b) < 1e-9 * Math.max(1, Math.abs(b));

/** Each candle opens at the previous close; high/low wrap open and close. */
function candles(closes: number[], firstOpen = closes[0]): Candle[] {
  return closes.map((c, i) => {
    const o = i === 0 ? firstOpen : closes[i - 1];
    return { t: i * H, o, h: Math.max(o, c), l: Math.min(o, c), c, v: 1 };
  });
}

const cfg = { cash: 10_000, fee: 0.001, slippageBps: 0, timeframeMs: H };

test('sma 2/3 on a hand-computed series: one buy at the next open, one sell, every figure', () => {
  // SMA2 - SMA3 at closes: t2 0, t3 +0.5 (cross up: buy at open t4 = 13), t4 +1.5, t5 0, t6 -3 (cross down: sell at open t7 = 4)
  const series = seriesFromCandles(candles([10, 10, 10, 13, 16, 10, 4, 4]));
  const run = runBacktest(smaCross, { fast: 2, slow: 3 }, series, cfg);
  const q = 10_000 / 1.001 / 13;
  assert.deepEqual(run.fills.map((f) => [f.side, f.time, f.price]), [['buy', 4 * H, 13], ['sell', 7 * H, 4]]);
  assert.ok(close(run.fills[0].quantity, q));
  assert.ok(close(run.fills[0].fee, 10_000 - q * 13));
  assert.ok(close(run.fills[1].fee, q * 4 * 0.001));
  const final = q * 4 * 0.999;
  assert.ok(close(run.finalEquity, final));
  assert.deepEqual(Array.from(run.equity).map((x) => Math.round(x * 1e6) / 1e6), [10_000, 10_000, 10_000, 10_000, q * 16, q * 10, q * 4, final].map((x) => Math.round(x * 1e6) / 1e6));
  assert.ok(close(run.totalReturn, final / 10_000 - 1));
  assert.ok(close(run.maxDrawdown, 1 - final / (q * 16)));
  assert.equal(run.tradeCount, 1);
  assert.equal(run.winRate, 0);
  assert.equal(run.exposure, 3 / 8);
  assert.ok(close(run.buyAndHoldReturn, 4 / (10 * 1.001) - 1));
  assert.equal(run.openTrade, false);
  // Sharpe by hand: per-candle returns, sample sd, sqrt(candles per year) for 1h candles.
  const eq = [10_000, ...Array.from(run.equity)];
  const rets = eq.slice(2).map((e, i) => e / eq[i + 1] - 1);
  const mean = rets.reduce((a, b) => a + b, 0) / rets.length;
  const sd = Math.sqrt(rets.reduce((a, r) => a + (r - mean) ** 2, 0) / (rets.length - 1));
  assert.ok(close(run.sharpe, (mean / sd) * Math.sqrt(365 * 24)));
});

test('a winning round trip counts as a win; a signal on the last candle never fills', () => {
  // Cross up at t3 (buy at open t4 = 13); cross down at t6 (sell at open t7 = 30); a new cross up at the last candle is ignored.
  const series = seriesFromCandles(candles([10, 10, 10, 13, 40, 31, 30, 30, 30, 60]));
  const run = runBacktest(smaCross, { fast: 2, slow: 3 }, series, cfg);
  assert.deepEqual(run.fills.map((f) => f.side), ['buy', 'sell']);
  assert.equal(run.winRate, 1);
  assert.equal(run.openTrade, false);
});

test('slippage moves fills against the trader; cash and fee options apply', () => {
  const series = seriesFromCandles(candles([10, 10, 10, 13, 16, 10, 4, 4]));
  const run = runBacktest(smaCross, { fast: 2, slow: 3 }, series, { cash: 1_000, fee: 0, slippageBps: 100, timeframeMs: H });
  assert.ok(close(run.fills[0].price, 13 * 1.01));
  assert.ok(close(run.fills[1].price, 4 * 0.99));
  assert.ok(close(run.finalEquity, (1_000 / (13 * 1.01)) * 4 * 0.99));
});

test('rsi(2) on a hand-computed series: RSI 100, 50, 25 (buy), 62.5', () => {
  const series = seriesFromCandles(candles([1, 2, 3, 2, 1, 2, 2]));
  const run = runBacktest(rsiReversion, { period: 2, oversold: 30, overbought: 70 }, series, cfg);
  assert.deepEqual(run.fills.map((f) => [f.side, f.time, f.price]), [['buy', 5 * H, 1]]);
  assert.equal(run.openTrade, true);
  assert.equal(run.tradeCount, 0);
});

test('no look-ahead: decisions at t do not change when the future changes, and the strategy sees only candles up to t', () => {
  const seen: number[][] = [];
  const spy: StrategyDefinition = {
    name: 'spy',
    description: 'records what it is shown',
    params: {},
    create: () => {
      const mine: number[] = [];
      seen.push(mine);
      const inner = smaCross.create({ fast: 2, slow: 3 });
      return {
        onCandle(c, view) {
          assert.equal(view.index, mine.length, 'candles arrive one at a time, in order');
          mine.push(c.t);
          return inner.onCandle(c, view);
        },
      };
    },
  };
  const base = [10, 10, 10, 13, 16, 10, 4, 4, 8, 12];
  const a = runBacktest(spy, {}, seriesFromCandles(candles(base)), cfg);
  const poisoned = [...base.slice(0, 6), 1e9, 1e-9, 5e8, 1];
  const b = runBacktest(spy, {}, seriesFromCandles(candles(poisoned)), cfg);
  const upTo = (fills: typeof a.fills, t: number) => fills.filter((f) => f.time <= t).map((f) => [f.side, f.time]);
  assert.deepEqual(upTo(a.fills, 6 * H), upTo(b.fills, 6 * H), 'fills up to the open of t+1 depend only on candles up to t');
  assert.deepEqual(seen[0], base.map((_, i) => i * H));
});

test('parameters are validated with ranges', () => {
  assert.throws(() => smaCross.create({ fast: 30, slow: 10 }), /--fast below --slow/);
});

test('with a size, the backtest sizes an entry as a live instance does: exactly its size, held when the cash cannot pay it', () => {
  const series = seriesFromCandles(candles([10, 10, 10, 13, 16, 10, 4, 4]));
  const sized = runBacktest(smaCross, { fast: 2, slow: 3 }, series, { ...cfg, size: { kind: 'quote', amount: 1_000, asset: 'USDT' } });
  const buy = sized.fills[0];
  assert.equal(buy.side, 'buy');
  assert.ok(close(buy.quantity * buy.price + buy.fee, 1_000), 'spends exactly its size, fee included');
  assert.ok(close(sized.equity[4], 9_000 + buy.quantity * 16), 'the rest stays cash');
  const share = runBacktest(smaCross, { fast: 2, slow: 3 }, series, { ...cfg, size: { kind: 'equity', percent: 5 } });
  assert.ok(close(share.fills[0].quantity * share.fills[0].price + share.fills[0].fee, 500));
  const tooBig = runBacktest(smaCross, { fast: 2, slow: 3 }, series, { ...cfg, size: { kind: 'base', qty: 1_000, asset: 'X' } });
  assert.equal(tooBig.fills.length, 0, 'never all in');
  assert.ok(tooBig.ignoredIntents >= 1);
});

test('a run that records no fills (a sweep trial) gives every figure of the one that does, and the same curve', () => {
  const series = generateCandles(5_000, { seed: 7, timeframeMs: H });
  for (const config of [cfg, { ...cfg, exits: { stopLoss: 2 } }, { ...cfg, size: { kind: 'quote' as const, amount: 1_000, asset: 'USDT' } }]) {
    const kept = runBacktest(smaCross, { fast: 5, slow: 20 }, series, config);
    const dropped = runBacktest(smaCross, { fast: 5, slow: 20 }, series, { ...config, recordFills: false });
    assert.ok(kept.fills.length > 20, 'the series trades');
    assert.equal(dropped.fills.length, 0);
    const { fills: _k, equity: ek, ...figuresKept } = kept;
    const { fills: _d, equity: ed, ...figuresDropped } = dropped;
    assert.deepEqual(figuresDropped, figuresKept);
    assert.deepEqual(Array.from(ed), Array.from(ek));
  }
});

test('a strategy told its fills (onFill) hears the same fills, and sees the same account, whether the run keeps them or not', () => {
  const series = generateCandles(3_000, { seed: 11, timeframeMs: H });
  const listening = (heard: unknown[]): StrategyDefinition => ({
    ...smaCross,
    create(params) {
      const inner = smaCross.create(params);
      return { onCandle: (candle, view) => inner.onCandle(candle, view), onFill: (fill, view) => heard.push({ ...fill, position: view.position, cash: view.cash }) };
    },
  });
  const kept: unknown[] = [];
  const dropped: unknown[] = [];
  const a = runBacktest(listening(kept), { fast: 5, slow: 20 }, series, cfg);
  const b = runBacktest(listening(dropped), { fast: 5, slow: 20 }, series, { ...cfg, recordFills: false });
  assert.ok(kept.length > 20);
  assert.deepEqual(dropped, kept);
  assert.deepEqual(kept.map((f) => (f as { time: number }).time), a.fills.map((f) => f.time));
  assert.equal(b.fills.length, 0);
  assert.equal(b.finalEquity, a.finalEquity);
});
