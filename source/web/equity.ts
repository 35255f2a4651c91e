import type { Balance, PositionsBody } from './types.js';

/** One point of the equity chart: when (ms) and the account's value in `quote`. */
export interface EquityPoint {
  readonly t: number;
  readonly v: number;
}

export interface Valuation {
  readonly quote: string;
  readonly total: number;
  /** Assets held that no price of this quote values: named, never counted as zero silently. */
  readonly unvalued: readonly string[];
  /** Whether the perpetual account's margin balance is in the total. */
  readonly perpetuals: boolean;
}

/**
 * The spot balances valued in one quote currency at the last prices the positions carry, plus
 * the perpetual account's margin balance. The
 * API keeps no equity series (the ledger records fills and balances, not their value), so the
 * page values what it reads at each refresh and charts those points.
 */
export function valueBalances(balances: Readonly<Record<string, Balance>>, positions: PositionsBody): Valuation {
  const quotes = positions.spot.map((p) => p.symbol.split('/')[1]).filter(Boolean);
  const quote = quotes.includes('USDT') || quotes.length === 0 ? 'USDT' : quotes[0];
  const last = new Map(positions.spot.filter((p) => p.symbol.endsWith(`/${quote}`)).map((p) => [p.symbol.split('/')[0], p.last]));
  let total = 0;
  const unvalued: string[] = [];
  // The perpetuals' account is its own wallet: its margin balance (wallet + unrealised PnL) counts in full.
  const perps = positions.account;
  if (perps && perps.asset === quote) total += perps.marginBalance;
  else if (perps && perps.marginBalance !== 0) unvalued.push(`${perps.asset} (perpetuals)`);
  for (const [asset, b] of Object.entries(balances)) {
    const held = b.free + b.locked;
    if (held === 0) continue;
    if (asset === quote) total += held;
    else if (last.has(asset)) total += held * (last.get(asset) ?? 0);
    else unvalued.push(asset);
  }
  return { quote, total, unvalued, perpetuals: perps?.asset === quote };
}

/** Most points kept (a day at one point every 15 s is 5,760): the oldest go first. */
export const MAX_POINTS = 6_000;

/**
 * Adds a point. Points stay at least `minGapMs` apart except the newest, which moves with each
 * refresh: a burst of events updates the chart without flooding it.
 */
export function addPoint(series: readonly EquityPoint[], p: EquityPoint, minGapMs = 2_000): EquityPoint[] {
  const before = series.at(-2);
  const floating = series.length >= 2 && before !== undefined && p.t - before.t < minGapMs;
  const next = floating ? [...series.slice(0, -1), p] : [...series, p];
  return next.length > MAX_POINTS ? next.slice(next.length - MAX_POINTS) : next;
}
