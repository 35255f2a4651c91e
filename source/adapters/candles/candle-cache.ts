import fs from 'node:fs';
import path from 'node:path';
import type { CandleSeries } from '../../domain/index.js';
import { seriesFromRows } from '../../domain/index.js';
import { parseBinanceCsv } from './binance-csv.js';
import { fetchCandleRange, type FetchRange, type OhlcvSource } from './exchange-candles.js';

/** `<dataDir>/candles/<exchange>/<BASE>-<QUOTE>-<timeframe>.csv`, in the Binance CSV format. */
export function candleCacheFile(dataDir: string, exchange: string, symbol: string, timeframe: string): string {
  return path.join(dataDir, 'candles', exchange.replace(/[^a-z0-9_-]/gi, '_'), `${symbol.replace('/', '-').replace(/[^A-Z0-9_-]/gi, '_')}-${timeframe}.csv`);
}

/** The cached candles, or undefined when there is no cache or it does not parse cleanly. */
export function readCandleCache(file: string): CandleSeries | undefined {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  const parsed = parseBinanceCsv(text);
  return parsed.problems.length === 0 && parsed.series.length > 0 ? parsed.series : undefined;
}

/** Written beside and renamed into place, so a crash never leaves half a cache. */
export function writeCandleCache(file: string, s: CandleSeries): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const lines: string[] = [];
  for (let i = 0; i < s.length; i++) lines.push(`${s.t[i]},${s.o[i]},${s.h[i]},${s.l[i]},${s.c[i]},${s.v[i]}`);
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, `${lines.join('\n')}\n`);
  fs.renameSync(tmp, file);
}

/** Candles with open times in [from, to). */
export function sliceSeries(s: CandleSeries, from: number, to: number): CandleSeries {
  let a = 0;
  while (a < s.length && s.t[a] < from) a++;
  let b = a;
  while (b < s.length && s.t[b] < to) b++;
  return { length: b - a, t: s.t.subarray(a, b), o: s.o.subarray(a, b), h: s.h.subarray(a, b), l: s.l.subarray(a, b), c: s.c.subarray(a, b), v: s.v.subarray(a, b) };
}

/** Both series' candles by open time; `b` wins where both have one. */
export function mergeSeries(a: CandleSeries, b: CandleSeries): CandleSeries {
  const byTime = new Map<number, number[]>();
  for (const s of [a, b]) for (let i = 0; i < s.length; i++) byTime.set(s.t[i], [s.t[i], s.o[i], s.h[i], s.l[i], s.c[i], s.v[i]]);
  return seriesFromRows([...byTime.values()].sort((x, y) => x[0] - y[0]));
}

export interface CachedFetch {
  readonly series: CandleSeries;
  /** Candles that came from the cache and from the exchange. */
  readonly fromCache: number;
  readonly fetched: number;
}

/**
 * Closed candles in [from, to) from the cache, fetching only what it lacks: when the cache
 * starts early enough, only the candles after its last one. A fetch that touches the cached
 * span extends the cache; one that does not replaces it.
 */
export async function fetchCandlesCached(source: OhlcvSource, file: string, range: FetchRange): Promise<CachedFetch> {
  const tf = range.timeframeMs;
  const lastWanted = Math.min(range.to - 1, range.now - tf);
  const cached = readCandleCache(file);
  const first = cached ? cached.t[0] : Infinity;
  const last = cached ? cached.t[cached.length - 1] : -Infinity;
  if (cached && first <= range.from && last + tf > lastWanted) {
    const hit = sliceSeries(cached, range.from, range.to);
    return { series: hit, fromCache: hit.length, fetched: 0 };
  }
  const extend = cached !== undefined && first <= range.from && last + tf >= range.from;
  const fetched = await fetchCandleRange(source, extend ? { ...range, from: last + tf } : range);
  const touches = cached !== undefined && fetched.length > 0 && fetched.t[0] <= last + tf && fetched.t[fetched.length - 1] + tf >= first;
  const all = cached && (extend || touches) ? mergeSeries(cached, fetched) : fetched;
  if (fetched.length > 0) writeCandleCache(file, all);
  const series = sliceSeries(all, range.from, range.to);
  return { series, fromCache: series.length - fetched.length, fetched: fetched.length };
}
