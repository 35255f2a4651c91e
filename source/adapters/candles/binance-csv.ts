import type { CandleSeries } from '../../domain/index.js';
import { emptySeries } from '../../domain/index.js';

export interface RowProblem {
  /** 1-based line number in the file. */
  readonly line: number;
  readonly message: string;
}

export interface CsvCandles {
  readonly series: CandleSeries;
  /** Rows that were wrong (skipped) and gaps (kept, reported). */
  readonly problems: readonly RowProblem[];
  readonly header: boolean;
  /** True when open_time was in microseconds (Binance's newer spot files). */
  readonly micros: boolean;
}

const COLUMNS = ['open_time', 'open', 'high', 'low', 'close', 'volume'] as const;

// Each part can match a given text in only one way (no `\d+\.?\d*`, where the two digit runs
// share a run of digits between them): a row that fails to match fails in linear time, not in
// time quadratic in its length.
const NUM = String.raw`\s*(-?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?)\s*`;
const ROW = new RegExp(`^${NUM},${NUM},${NUM},${NUM},${NUM},${NUM}(?:,|$)`);
const FIELD = new RegExp(`^${NUM}$`);

/** Why a row is not six numbers, recorded as a problem (undefined), or its six numbers. */
function explain(raw: string, line: number, problems: RowProblem[]): number[] | undefined {
  const f = raw.split(',');
  if (f.length < 6) {
    problems.push({ line, message: `missing fields: ${f.length} of at least 6 (open_time, open, high, low, close, volume)` });
    return undefined;
  }
  const values = f.slice(0, 6).map((x) => (FIELD.test(x) ? Number(x) : NaN));
  const bad = values.findIndex((x) => !Number.isFinite(x));
  if (bad === -1) return values;
  const text = f[bad].trim();
  problems.push({ line, message: text === '' ? `missing fields: ${COLUMNS[bad]} is empty` : `${COLUMNS[bad]} is not a number ("${text.slice(0, 20)}")` });
  return undefined;
}

/** Anything above this is not a millisecond time (year 5138): it must be microseconds. */
const MICROS_ABOVE = 1e14;
/** The last millisecond of the year 9999: later is no candle's time (and beyond what Date shows). */
const LAST_TIME = 253_402_300_799_999;
/**
 * A Binance row is about 150 characters (12 columns); a line far longer is not a candle row and
 * is refused without being looked into.
 */
export const MAX_LINE = 4096;

/**
 * Parses candles in the format of Binance's public data dumps: open_time, open, high, low,
 * close, volume, close_time, ... (only the first six are needed), with or without a header.
 * Bad rows are skipped and reported with their line numbers; gaps (given the timeframe) are
 * reported but kept; the caller decides whether problems stop the run. Times are told apart
 * per row (ms or µs), so a file joined from older ms dumps and newer µs dumps reads right.
 */
export function parseBinanceCsv(text: string, timeframeMs?: number): CsvCandles {
  const lines = text.split(/\r?\n/);
  const n = lines.length;
  const out = emptySeries(n);
  const problems: RowProblem[] = [];
  let count = 0;
  let header = false;
  let micros = false;
  let prevT = -Infinity;
  for (let i = 0; i < n; i++) {
    const raw = lines[i];
    if (raw.length > MAX_LINE) {
      problems.push({ line: i + 1, message: `line of ${raw.length.toLocaleString('en-US')} characters: a candle row has at most ${MAX_LINE.toLocaleString('en-US')}` });
      continue;
    }
    if (raw.trim() === '') continue;
    if (i === 0 && !/^\s*\d/.test(raw)) {
      header = true;
      continue;
    }
    const lineNo = i + 1;
    // One regex for the usual well-formed row; field-by-field only to explain a bad one.
    const m = ROW.exec(raw);
    const fast = m ? [Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6])] : undefined;
    const values = fast?.every(Number.isFinite) ? fast : explain(raw, lineNo, problems);
    if (values === undefined) continue;
    let [t, o, h, l, c, v] = values;
    const rowMicros = t > MICROS_ABOVE;
    if (rowMicros) t = Math.floor(t / 1000);
    if (t < 0 || t > LAST_TIME) {
      problems.push({ line: lineNo, message: `open_time ${raw.split(',', 1)[0].trim().slice(0, 30)} is not a time: use milliseconds or microseconds since 1970 (up to the year 9999)` });
      continue;
    }
    if (rowMicros) micros = true;
    if (o <= 0 || h <= 0 || l <= 0 || c <= 0 || v < 0) {
      problems.push({ line: lineNo, message: 'prices must be positive and volume not negative' });
      continue;
    }
    if (h < Math.max(o, c, l) || l > Math.min(o, c, h)) {
      problems.push({ line: lineNo, message: `high/low do not contain open and close (o ${o} h ${h} l ${l} c ${c})` });
      continue;
    }
    if (t === prevT) {
      problems.push({ line: lineNo, message: `duplicate open_time ${new Date(t).toISOString()}` });
      continue;
    }
    if (t < prevT) {
      problems.push({ line: lineNo, message: `out of order: open_time ${new Date(t).toISOString()} is before the previous row's` });
      continue;
    }
    if (timeframeMs && prevT !== -Infinity && t - prevT !== timeframeMs) {
      const missing = Math.round((t - prevT) / timeframeMs) - 1;
      problems.push({ line: lineNo, message: `gap: ${missing > 0 ? `${missing} candle(s) missing` : 'irregular spacing'} before ${new Date(t).toISOString()}` });
    }
    prevT = t;
    out.t[count] = t;
    out.o[count] = o;
    out.h[count] = h;
    out.l[count] = l;
    out.c[count] = c;
    out.v[count] = v;
    count++;
  }
  const series: CandleSeries = {
    length: count,
    t: out.t.subarray(0, count),
    o: out.o.subarray(0, count),
    h: out.h.subarray(0, count),
    l: out.l.subarray(0, count),
    c: out.c.subarray(0, count),
    v: out.v.subarray(0, count),
  };
  return { series, problems, header, micros };
}
