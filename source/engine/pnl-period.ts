import { quoteOf, type Fill } from '../domain/index.js';
import { strategyFigures } from './fill-figures.js';

/** The periods a PnL is asked for, in UTC. */
export const PNL_PERIODS = ['day', 'week', 'month'] as const;
export type PnlPeriod = (typeof PNL_PERIODS)[number];

export function isPnlPeriod(x: string): x is PnlPeriod {
  return (PNL_PERIODS as readonly string[]).includes(x);
}

/** What one quote currency's markets made: figures in that currency (never converted by a guessed rate). */
export interface QuotePnl {
  /** Gains and losses closed within the period, before fees (average-cost method, as positions are folded). */
  readonly realised: number;
  /** Fees paid within the period, in this quote (a fee in the base asset valued at its fill price). */
  readonly fees: number;
  /** The open position valued at the last price now against its entry (not limited to the period). */
  readonly unrealised: number;
  /** realised - fees + unrealised. */
  readonly pnl: number;
  /** Fills within the period. */
  readonly trades: number;
  /** Fees in a third asset (BNB) within the period, by asset: not valued from the fills alone. */
  readonly otherFees: Readonly<Record<string, number>>;
}

export interface PeriodPnl {
  readonly period: PnlPeriod;
  /** Epoch ms the period began (00:00 UTC of the day, Monday of the week, the 1st of the month). */
  readonly from: number;
  /** Epoch ms now (the period's end so far). */
  readonly to: number;
  /** By quote currency (`USDT`, `BTC`), each in its own unit. */
  readonly byQuote: Readonly<Record<string, QuotePnl>>;
}

/** Start of the UTC period that holds `now`; weeks begin on Monday (ISO 8601). */
export function periodStart(period: PnlPeriod, now: number): number {
  const d = new Date(now);
  const day = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
  switch (period) {
    case 'day':
      return day;
    case 'week':
      return day - ((d.getUTCDay() + 6) % 7) * 86_400_000;
    case 'month':
      return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
    default: {
      const never: never = period;
      return never;
    }
  }
}

/**
 * Realised PnL and fees over a UTC period, plus unrealised now, from every fill since the
 * positions were opened. The period's realised figure is the whole history's minus that of the
 * fills before the period, by the same average-cost method (`strategyFigures`), so a position
 * opened last month and closed today counts today, against its real entry. `fills` must be the
 * whole record in fill order (the caller reads the ledger when the state's list is capped).
 */
export function periodPnl(fills: readonly Fill[], period: PnlPeriod, now: number, lastPrice: (symbol: string) => number | undefined): PeriodPnl {
  const from = periodStart(period, now);
  const bySymbol = new Map<string, Fill[]>();
  for (const f of fills) {
    if (f.ts > now) continue;
    const list = bySymbol.get(f.symbol);
    if (list) list.push(f);
    else bySymbol.set(f.symbol, [f]);
  }
  const byQuote: Record<string, { realised: number; fees: number; unrealised: number; trades: number; otherFees: Record<string, number> }> = {};
  for (const [symbol, list] of bySymbol) {
    const before = list.filter((f) => f.ts < from);
    const all = strategyFigures(list, lastPrice(symbol));
    const earlier = strategyFigures(before, undefined);
    const q = (byQuote[quoteOf(symbol)] ??= { realised: 0, fees: 0, unrealised: 0, trades: 0, otherFees: {} });
    q.realised += all.realised - earlier.realised;
    q.fees += all.fees - earlier.fees;
    q.unrealised += all.unrealised;
    q.trades += list.length - before.length;
    for (const [asset, fee] of Object.entries(all.otherFees)) {
      const inPeriod = fee - (earlier.otherFees[asset] ?? 0);
      if (inPeriod !== 0) q.otherFees[asset] = (q.otherFees[asset] ?? 0) + inPeriod;
    }
  }
  const out: Record<string, QuotePnl> = {};
  for (const [quote, q] of Object.entries(byQuote)) out[quote] = { ...q, pnl: q.realised - q.fees + q.unrealised };
  return { period, from, to: now, byQuote: out };
}
