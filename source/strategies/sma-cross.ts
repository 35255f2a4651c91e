import type { StrategyDefinition } from './strategy.js';
import { Sma } from './indicators/sma.js';

/**
 * Moving-average crossover. At the close of candle t (both averages include t's close):
 * buy when fast > slow and at t-1 fast <= slow; sell when fast < slow and at t-1 fast >= slow.
 */
export const smaCross: StrategyDefinition = {
  name: 'sma',
  description: 'simple moving average crossover: buy when the fast SMA crosses above the slow one, sell when it crosses below',
  params: {
    fast: { default: 10, min: 1, max: 10_000, integer: true, description: 'candles in the fast average' },
    slow: { default: 30, min: 2, max: 10_000, integer: true, description: 'candles in the slow average' },
  },
  // The slow average, plus one candle for the crossing's 'before'.
  warmup: (params) => params.slow + 1,
  create(params) {
    if (params.fast >= params.slow) throw new RangeError(`sma needs --fast below --slow (got fast ${params.fast}, slow ${params.slow})`);
    const fast = new Sma(params.fast);
    const slow = new Sma(params.slow);
    let prevDiff = NaN;
    return {
      onCandle(candle) {
        const diff = fast.update(candle.c) - slow.update(candle.c);
        const before = prevDiff;
        prevDiff = diff;
        if (Number.isNaN(diff) || Number.isNaN(before)) return undefined;
        if (diff > 0 && before <= 0) return { side: 'buy', reason: `fast SMA ${params.fast} crossed above slow SMA ${params.slow}` };
        if (diff < 0 && before >= 0) return { side: 'sell', reason: `fast SMA ${params.fast} crossed below slow SMA ${params.slow}` };
        return undefined;
      },
    };
  },
};
