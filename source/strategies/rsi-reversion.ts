import type { Candle } from '../domain/index.js';
import type { Params, StrategyDefinition, StrategyInstance, StrategyIntent } from './strategy.js';
import { Rsi } from './indicators/rsi.js';

/**
 * A running instance. A class rather than a closure: the last value is a field, updated in place
 * (a number a closure captures is boxed anew at each store, one allocation a candle), and every
 * instance shares one onCandle, so a backtest's optimised loop still fits the next run's instance.
 */
class RsiReversion implements StrategyInstance {
  private readonly rsi: Rsi;
  private prev = NaN;
  private readonly oversold: number;
  private readonly overbought: number;

  constructor(params: Params) {
    this.rsi = new Rsi(params.period);
    this.oversold = params.oversold;
    this.overbought = params.overbought;
  }

  onCandle(candle: Candle): StrategyIntent | undefined {
    const value = this.rsi.update(candle.c);
    const before = this.prev;
    this.prev = value;
    // While either value is NaN (the RSI still warming up) every comparison is false.
    if (value < this.oversold && before >= this.oversold) return { side: 'buy', reason: `RSI ${value.toFixed(1)} fell below ${this.oversold}` };
    if (value > this.overbought && before <= this.overbought) return { side: 'sell', reason: `RSI ${value.toFixed(1)} rose above ${this.overbought}` };
    return undefined;
  }
}

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
    return new RsiReversion(params);
  },
};
