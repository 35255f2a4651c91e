import { SMA } from 'technicalindicators';
import { generateCandles } from '../source/adapters/candles/generated-candles.js';
import { runBacktest } from '../source/engine/backtest/backtest.js';
import { runFuturesBacktest } from '../source/engine/backtest/futures-backtest.js';
import { BTCUSDT_BRACKETS } from '../source/domain/index.js';
import { rsiReversion } from '../source/strategies/rsi-reversion.js';
import { smaCross, smaLongShort } from '../source/strategies/sma-cross.js';

let firstMs = NaN;

/** The fastest of `runs` timings (later runs have the JIT warm); the first is kept in `firstMs`. */
function best(fn: () => void, runs = 5): number {
  let ms = Infinity;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    const took = performance.now() - t0;
    if (i === 0) firstMs = took;
    ms = Math.min(ms, took);
  }
  return ms;
}

/**
 * Candles per second of the whole `sma` backtest (strategy API, fills, equity curve,
 * report) over 1,000,000 generated 1m candles, beside a bare crossover loop over the same
 * closes (the ceiling) and beside technicalindicators' SMA on the same data. Best of five
 * runs for ours (the first ones warm the JIT; the cold first run is reported too); one for
 * technicalindicators, which takes longer.
 */
export async function runBacktestBench(n = 1_000_000): Promise<Record<string, number>> {
  const series = generateCandles(n, { seed: 42, timeframeMs: 60_000 });
  const closes = series.c;
  let trades = 0;
  const whole = best(() => {
    trades = runBacktest(smaCross, { fast: 10, slow: 30 }, series, { cash: 10_000, fee: 0.001, slippageBps: 0, timeframeMs: 60_000 }).fills.length;
  });
  const wholeFirst = firstMs;
  const rsi = best(() => {
    runBacktest(rsiReversion, { period: 14, oversold: 30, overbought: 70 }, series, { cash: 10_000, fee: 0.001, slippageBps: 0, timeframeMs: 60_000 });
  });
  // The futures backtest: long and short, 2x, funding at every 8-hour mark, liquidation checks.
  let futuresFills = 0;
  const futures = best(() => {
    futuresFills = runFuturesBacktest(smaLongShort, { fast: 10, slow: 30 }, series, { cash: 10_000, fee: 0.0005, slippageBps: 0, timeframeMs: 60_000, leverage: 2, funding: { kind: 'constant', rate: 0.0001 }, brackets: BTCUSDT_BRACKETS }).fills.length;
  });
  let bareSignals = 0;
  const bare = best(() => {
    let sf = 0;
    let ss = 0;
    let prev = NaN;
    bareSignals = 0;
    for (let i = 0; i < n; i++) {
      sf += closes[i] - (i >= 10 ? closes[i - 10] : 0);
      ss += closes[i] - (i >= 30 ? closes[i - 30] : 0);
      if (i >= 29) {
        const d = sf / 10 - ss / 30;
        if ((d > 0 && prev <= 0) || (d < 0 && prev >= 0)) bareSignals++;
        prev = d;
      }
    }
  });
  const values = Array.from(closes);
  const ti = best(() => {
    SMA.calculate({ period: 30, values });
  }, 1);
  return {
    candles: n,
    'sma.backtest.candlesPerSec': Math.round(n / (whole / 1000)),
    'sma.backtest.firstRun.candlesPerSec': Math.round(n / (wholeFirst / 1000)),
    'sma.backtest.fills': trades,
    'rsi.backtest.candlesPerSec': Math.round(n / (rsi / 1000)),
    'smaLs.futuresBacktest.candlesPerSec': Math.round(n / (futures / 1000)),
    'smaLs.futuresBacktest.fills': futuresFills,
    'bareLoop.candlesPerSec': Math.round(n / (bare / 1000)),
    'bareLoop.signals': bareSignals,
    'technicalindicators.SMA30.valuesPerSec': Math.round(n / (ti / 1000)),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(await runBacktestBench());
