/**
 * Where a futures backtest takes the funding rate of each 8-hour mark from: one constant rate,
 * or a table of Binance's published rates (see adapters/candles/binance-funding-csv.ts).
 */
export type FundingSchedule =
  | { readonly kind: 'constant'; readonly rate: number }
  | {
      readonly kind: 'table';
      /** Funding times (epoch ms), strictly increasing. */
      readonly times: readonly number[];
      /** The rate paid at each time (per interval; 0.0001 = 0.01%). */
      readonly rates: readonly number[];
      /** Where it came from, for messages and the report. */
      readonly source: string;
    };

/**
 * How far a table's time may sit from the mark it is for: Binance's calc_time is the mark
 * itself or a few milliseconds after it.
 */
export const MARK_TOLERANCE_MS = 60_000;

/** The rate paid at funding mark `t`, or undefined when the table has none for it. */
export function fundingRateAt(s: FundingSchedule, t: number): number | undefined {
  if (s.kind === 'constant') return s.rate;
  // The first time at or after t - tolerance, by binary search.
  let lo = 0;
  let hi = s.times.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (s.times[mid] < t - MARK_TOLERANCE_MS) lo = mid + 1;
    else hi = mid;
  }
  return lo < s.times.length && s.times[lo] <= t + MARK_TOLERANCE_MS ? s.rates[lo] : undefined;
}

/** One line for the report: `0.0100% per 8 h (constant)` or the table's source and span. */
export function describeFunding(s: FundingSchedule): string {
  if (s.kind === 'constant') return `${(s.rate * 100).toFixed(4)}% per 8 h (constant)`;
  const day = (ms: number): string => new Date(ms).toISOString().slice(0, 16).replace('T', ' ');
  return s.times.length === 0 ? `${s.source} (no rates)` : `${s.source}: ${s.times.length} rates, ${day(s.times[0])} .. ${day(s.times[s.times.length - 1])} UTC`;
}
