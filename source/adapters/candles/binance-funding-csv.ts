import { UserError } from '../../domain/index.js';
import type { FundingSchedule } from '../../engine/backtest/funding-schedule.js';

/**
 * Binance's public funding-rate history, as data.binance.vision publishes it
 * (`futures/um/monthly/fundingRate/BTCUSDT/BTCUSDT-fundingRate-2024-01.csv`):
 *
 *   calc_time,funding_interval_hours,last_funding_rate
 *   1704067200000,8,0.00037409
 *
 * A header line is optional. The backtest pays funding every 8 hours, so a row with another
 * interval is refused rather than silently charged at the wrong times. The first bad line
 * stops the read with a one-line error naming it: a funding rate is a money fact, and a
 * skipped one would change the result without a word.
 */
const NUM = /^\s*-?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?\s*$/;
const COLUMNS = ['calc_time', 'funding_interval_hours', 'last_funding_rate'] as const;
/** Anything above this is not a millisecond time (year 5138): it must be microseconds. */
const MICROS_ABOVE = 1e14;
const MAX_LINE = 1024;

export function parseBinanceFundingCsv(text: string, source: string): Extract<FundingSchedule, { kind: 'table' }> {
  const times: number[] = [];
  const rates: number[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i];
    const at = `${source} line ${i + 1}`;
    if (raw.length > MAX_LINE) throw new UserError(`${at}: a line of ${raw.length} characters is not a funding rate row (${COLUMNS.join(', ')})`);
    if (raw.trim() === '') continue;
    if (i === 0 && !/^\s*\d/.test(raw)) continue; // the header
    const f = raw.split(',');
    if (f.length < 3) throw new UserError(`${at}: ${f.length} field(s), expected ${COLUMNS.join(', ')}`);
    const bad = f.slice(0, 3).findIndex((x) => !NUM.test(x));
    if (bad !== -1) throw new UserError(`${at}: ${COLUMNS[bad]} is not a number ("${f[bad].trim().slice(0, 20)}")`);
    let t = Number(f[0]);
    if (t > MICROS_ABOVE) t = Math.floor(t / 1000);
    const hours = Number(f[1]);
    const rate = Number(f[2]);
    if (!Number.isInteger(t) || t < 0) throw new UserError(`${at}: calc_time must be epoch milliseconds (got "${f[0].trim().slice(0, 20)}")`);
    if (hours !== 8) throw new UserError(`${at}: funding every ${hours} h; the backtest pays funding at the 8-hour marks only (00:00, 08:00, 16:00 UTC)`);
    if (Math.abs(rate) >= 0.1) throw new UserError(`${at}: last_funding_rate ${rate} is not a per-interval rate (Binance's are fractions like 0.0001)`);
    const prev = times[times.length - 1];
    if (prev !== undefined && t <= prev) {
      throw new UserError(`${at}: calc_time ${new Date(t).toISOString()} is ${t === prev ? 'a repeat of' : 'before'} the line before's; rows must be oldest first, once each`);
    }
    times.push(t);
    rates.push(rate);
  }
  if (times.length === 0) throw new UserError(`${source}: no funding rates in it (expected rows of ${COLUMNS.join(', ')})`);
  return { kind: 'table', times, rates, source };
}
