import type { CandleSeries } from '../../domain/index.js';
import { seriesFromRows } from '../../domain/index.js';

/** The one ccxt method a backtest needs; tests pass a fake. */
export interface OhlcvSource {
  readonly id: string;
  fetchOHLCV(symbol: string, timeframe?: string, since?: number, limit?: number): Promise<readonly (readonly (number | undefined)[])[]>;
}

export interface FetchRange {
  readonly symbol: string;
  readonly timeframe: string;
  readonly timeframeMs: number;
  /** First open time wanted (inclusive). */
  readonly from: number;
  /** Open times before this; candles not closed by `now` are never included. */
  readonly to: number;
  /** The caller's clock reading: a candle opening at t is closed once t + timeframe <= now. */
  readonly now: number;
  /** Candles per request (ccxt's `limit`). */
  readonly pageSize?: number;
  /** Called after each page with candles so far and the number expected. */
  readonly onProgress?: (done: number, expected: number) => void;
}

/**
 * Closed candles in [from, to) through ccxt `fetchOHLCV`, paged forward from `from`.
 * Stops when a page is empty or makes no progress (an exchange that ignores `since`).
 */
export async function fetchCandleRange(source: OhlcvSource, r: FetchRange): Promise<CandleSeries> {
  // A candle opening at t has closed once t + timeframe <= now.
  const end = Math.min(r.to, r.now - r.timeframeMs + 1);
  const expected = Math.max(0, Math.ceil((end - r.from) / r.timeframeMs));
  const limit = r.pageSize ?? 1000;
  const rows: number[][] = [];
  let since = r.from;
  let last = -Infinity;
  while (since < end) {
    const page = await source.fetchOHLCV(r.symbol, r.timeframe, since, limit);
    let progressed = false;
    for (const k of page) {
      const [t, o, h, l, c, v] = k;
      if (t === undefined || o === undefined || h === undefined || l === undefined || c === undefined) continue;
      if (t < since || t >= end || t <= last) continue;
      rows.push([t, o, h, l, c, v ?? 0]);
      last = t;
      progressed = true;
    }
    r.onProgress?.(rows.length, expected);
    if (!progressed) break;
    since = last + r.timeframeMs;
  }
  return seriesFromRows(rows);
}
