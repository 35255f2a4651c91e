import type { CandleSeries } from '../../domain/index.js';

const COLUMNS = ['t', 'o', 'h', 'l', 'c', 'v'] as const;
type Column = (typeof COLUMNS)[number];

/**
 * Candles in shared memory: one `SharedArrayBuffer` per column, which every worker thread maps
 * without a copy, so a task carries only parameters. Posting one to a worker sends a handle.
 */
export interface SharedSeries {
  readonly length: number;
  readonly columns: Readonly<Record<Column, SharedArrayBuffer>>;
}

/** Copies a series into shared columns once, before the pool starts. */
export function shareSeries(series: CandleSeries): SharedSeries {
  const columns = {} as Record<Column, SharedArrayBuffer>;
  for (const k of COLUMNS) {
    const buf = new SharedArrayBuffer(series.length * Float64Array.BYTES_PER_ELEMENT);
    new Float64Array(buf).set(series[k].subarray(0, series.length));
    columns[k] = buf;
  }
  return { length: series.length, columns };
}

/** The candles `from` to `to` (exclusive) of shared columns, as views: nothing is copied. */
export function seriesView(shared: SharedSeries, from = 0, to = shared.length): CandleSeries {
  const col = (k: Column): Float64Array => new Float64Array(shared.columns[k], from * Float64Array.BYTES_PER_ELEMENT, to - from);
  return { length: to - from, t: col('t'), o: col('o'), h: col('h'), l: col('l'), c: col('c'), v: col('v') };
}

/** A window of an ordinary series, as views. */
export function sliceSeries(series: CandleSeries, from: number, to: number): CandleSeries {
  return { length: to - from, t: series.t.subarray(from, to), o: series.o.subarray(from, to), h: series.h.subarray(from, to), l: series.l.subarray(from, to), c: series.c.subarray(from, to), v: series.v.subarray(from, to) };
}
