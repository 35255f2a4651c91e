import type { StrategyDefinition } from './strategy.js';
import { Rsi } from './indicators/rsi.js';

/**
 * RSI mean reversion: buy when RSI crosses down through the oversold level, sell when it
 * crosses up through the overbought level (a bet that stretched moves snap back).
 */
export const rsiReversion: StrategyDefinition = {
  name: 'rsi',
  description: 'RSI mean reversion: buy when RSI falls below --oversold, sell when it rises above --overbought',
  params: {
    period: { default: 14, min: 2, max: 1_000, integer: true, description: 'candles in the RSI' },
    oversold: { default: 30, min: 1, max: 50, description: 'buy when RSI crosses below this' },
    overbought: { default: 70, min: 50, max: 99, description: 'sell when RSI crosses above this' },
  },
  warmup: (params) => params.period + 1,
  transientCandle: true,
  create(params) {
    const rsi = new Rsi(params.period);
    let prev = NaN;
    return {
      onCandle(candle) {
        const value = rsi.update(candle.c);
        const before = prev;
        prev = value;
        if (Number.isNaN(value) || Number.isNaN(before)) return undefined;
        if (value < params.oversold && before >= params.oversold) return { side: 'buy', reason: `RSI ${value.toFixed(1)} fell below ${params.oversold}` };
        if (value > params.overbought && before <= params.overbought) return { side: 'sell', reason: `RSI ${value.toFixed(1)} rose above ${params.overbought}` };
        return undefined;
      },
    };
  },
};
