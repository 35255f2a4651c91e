import type { Candle } from './candle.js';

/** Candles in columns: what backtests loop over (no object per candle until a strategy needs one). */
export interface CandleSeries {
  readonly length: number;
  readonly t: Float64Array;
  readonly o: Float64Array;
  readonly h: Float64Array;
  readonly l: Float64Array;
  readonly c: Float64Array;
  readonly v: Float64Array;
}

export function emptySeries(n: number): CandleSeries {
  return { length: n, t: new Float64Array(n), o: new Float64Array(n), h: new Float64Array(n), l: new Float64Array(n), c: new Float64Array(n), v: new Float64Array(n) };
}

export function seriesFromCandles(candles: readonly Candle[]): CandleSeries {
  const s = emptySeries(candles.length);
  candles.forEach((k, i) => {
    s.t[i] = k.t;
    s.o[i] = k.o;
    s.h[i] = k.h;
    s.l[i] = k.l;
    s.c[i] = k.c;
    s.v[i] = k.v;
  });
  return s;
}

/** From `[t, o, h, l, c, v]` rows, as exchanges and caches hand them over. */
export function seriesFromRows(rows: readonly (readonly number[])[]): CandleSeries {
  const s = emptySeries(rows.length);
  rows.forEach((k, i) => {
    s.t[i] = k[0];
    s.o[i] = k[1];
    s.h[i] = k[2];
    s.l[i] = k[3];
    s.c[i] = k[4];
    s.v[i] = k[5];
  });
  return s;
}

export function candleAt(s: CandleSeries, i: number): Candle {
  return { t: s.t[i], o: s.o[i], h: s.h[i], l: s.l[i], c: s.c[i], v: s.v[i] };
}
