import type { Candle, CandleSeries } from '../../domain/index.js';
import type { AnyStrategyDefinition } from '../../strategies/strategy.js';

/** The candle at index `i` of a backtest's columns, as the strategy is handed it. */
export type CandleAt = (i: number) => Candle;

/**
 * How a backtest hands candle `i` of its typed-array columns to the strategy. A strategy that
 * declares `transientCandle` (it keeps no reference to the candle after its call, as every
 * built-in one) gets one object rewritten in place each candle: no allocation per candle, the
 * loop's largest cost after the strategy itself. Any other (a user's module, which may keep
 * the candles it is given) gets a fresh object each time, as before. Both read the same
 * columns at the same index, so the two give the same run (test/backtest/candle-cursor.test.ts).
 */
export function candleCursor(def: AnyStrategyDefinition, series: CandleSeries): CandleAt {
  const { t, o, h, l, c, v } = series;
  if (def.transientCandle !== true) return (i) => ({ t: t[i], o: o[i], h: h[i], l: l[i], c: c[i], v: v[i] });
  const candle = { t: NaN, o: NaN, h: NaN, l: NaN, c: NaN, v: NaN };
  return (i) => {
    candle.t = t[i];
    candle.o = o[i];
    candle.h = h[i];
    candle.l = l[i];
    candle.c = c[i];
    candle.v = v[i];
    return candle;
  };
}
