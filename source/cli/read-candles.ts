import fs from 'node:fs';
import { emptySeries, timeframeMs, TIMEFRAMES, UserError, type CandleSeries, type Timeframe } from '../domain/index.js';
import { parseBinanceCsv } from '../adapters/candles/binance-csv.js';
import type { CliIO } from './io.js';

/** A candle CSV, checked against the timeframe; its problems listed on stderr (and fatal unless skipped). */
export function readCsv(file: string, tf: Timeframe, skipBadRows: boolean, io: CliIO, flag = 'data'): { series: CandleSeries; source: string } {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new UserError(`cannot read --${flag} ${file}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : (err as Error).message}`);
  }
  const parsed = parseBinanceCsv(text, timeframeMs(tf));
  const spacing = typicalSpacing(parsed.series);
  if (spacing !== undefined && spacing !== timeframeMs(tf)) {
    const actual = TIMEFRAMES.find((x) => timeframeMs(x) === spacing);
    throw new UserError(`the candles in ${file} are ${actual ?? `${spacing / 60_000} minutes`} apart, not ${tf}: pass --timeframe ${actual ?? 'matching the file'}`);
  }
  if (parsed.problems.length > 0) {
    const shown = parsed.problems.slice(0, 20).map((p) => `  line ${p.line}: ${p.message}`);
    if (parsed.problems.length > 20) shown.push(`  ... and ${parsed.problems.length - 20} more`);
    io.stderr.write(`${file}: ${parsed.problems.length} bad row(s) or gap(s)${skipBadRows ? ' (bad rows skipped, gaps kept)' : ''}:\n${shown.join('\n')}\n`);
    if (!skipBadRows) throw new UserError(`stopped at ${parsed.problems.length} problem(s) in ${file}: fix the rows above or pass --skip-bad-rows to carry on without them`);
  }
  return { series: parsed.series, source: `${file}${parsed.micros ? ' (times in microseconds)' : ''}` };
}

/** The most common distance between the first candles, or undefined for too few. */
function typicalSpacing(s: CandleSeries): number | undefined {
  const counts = new Map<number, number>();
  for (let i = 1; i < Math.min(s.length, 50); i++) counts.set(s.t[i] - s.t[i - 1], (counts.get(s.t[i] - s.t[i - 1]) ?? 0) + 1);
  let best: number | undefined;
  let bestCount = 0;
  for (const [d, c] of counts) if (c > bestCount) [best, bestCount] = [d, c];
  return bestCount >= 3 ? best : undefined;
}

/**
 * Several candle CSVs (`--data a.csv,b.csv`, e.g. one a month) as one series, in the order
 * given; a file that starts before the previous one ends is refused (overlap or wrong order).
 */
export function readCsvFiles(files: readonly string[], tf: Timeframe, skipBadRows: boolean, io: CliIO): { series: CandleSeries; source: string } {
  const parts = files.map((f) => ({ file: f, ...readCsv(f, tf, skipBadRows, io) }));
  if (parts.length === 1) return parts[0];
  for (let i = 1; i < parts.length; i++) {
    const prev = parts[i - 1].series;
    const cur = parts[i].series;
    if (prev.length > 0 && cur.length > 0 && cur.t[0] <= prev.t[prev.length - 1]) {
      throw new UserError(`--data ${parts[i].file} starts at ${new Date(cur.t[0]).toISOString()}, not after the end of ${parts[i - 1].file} (${new Date(prev.t[prev.length - 1]).toISOString()}): list the files in time order, without overlap`);
    }
  }
  const n = parts.reduce((k, p) => k + p.series.length, 0);
  const joined = emptySeries(n);
  let at = 0;
  for (const p of parts) {
    for (const k of ['t', 'o', 'h', 'l', 'c', 'v'] as const) joined[k].set(p.series[k].subarray(0, p.series.length), at);
    at += p.series.length;
  }
  return { series: joined, source: parts.map((p) => p.source).join(' + ') };
}
