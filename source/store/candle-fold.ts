import type { Candle, Timeframe } from '../domain/index.js';
import type { Draft } from './draft.js';
import { MAX_CANDLES } from './state.js';

/**
 * One `market/candle` into its series. The series is `candles[key]` followed by
 * `candleTips[key]`, its newest candle (state.ts): an update of the newest replaces the tip
 * alone; a newer candle moves the tip onto the stored candles (one copy of the series a minute,
 * not one a tick). Read whole (`selectSeries`), the series is what one array folded this way
 * was: an update of its last candle replaces it, a newer one is appended, an older one is
 * ignored, and it is cut back to MAX_CANDLES once it passes it by a quarter.
 */
export function foldCandle(d: Draft, venue: string, symbol: string, timeframe: Timeframe, candle: Candle): void {
  const key = `${venue}:${symbol}:${timeframe}`;
  const m = d.readMarket;
  const tip = m.candleTips?.[key];
  if (tip && tip.t === candle.t) {
    d.candleTips()[key] = candle;
    return;
  }
  const older = m.candles[key];
  const last = tip ?? older?.[older.length - 1];
  if (!tip && last && last.t === candle.t) {
    // A state from before tips were kept: the series ends in `candles`.
    const series = d.candleSeries(key);
    series[series.length - 1] = candle;
    return;
  }
  if (last && candle.t <= last.t) return;
  if (tip) {
    const series = d.candleSeries(key);
    series.push(tip);
    // Counted with the tip, as the one array was.
    if (series.length + 1 > MAX_CANDLES + (MAX_CANDLES >> 2)) series.splice(0, series.length + 1 - MAX_CANDLES);
  }
  d.candleTips()[key] = candle;
}
