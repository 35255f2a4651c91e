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
  /**
   * Gains and losses closed within the period net of the fees paid within it (average-cost
   * method, as positions are folded): realised PnL means net of fees everywhere (the ledger's
   * positions, strategy accounts, run figures; domain/fill-fee.ts values each fee).
   */
  readonly realised: number;
  /** Fees paid within the period, in this quote (a fee in the base asset valued at its fill price): already in `realised`. */
  readonly fees: number;
  /** The open position valued at the last price now against its entry (not limited to the period). */
  readonly unrealised: number;
  /** realised + unrealised. */
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

/** What one book of fills (one market, or one strategy's in one market) made within a window. */
export interface WindowFigures {
  readonly realised: number;
  readonly fees: number;
  readonly unrealised: number;
  readonly trades: number;
  readonly otherFees: Readonly<Record<string, number>>;
}

/**
 * A book's figures within [from, to): the figures of its fills before `to` minus those before
 * `from`, by the average-cost method (`strategyFigures`), so a position opened before the
 * window and closed in it counts in it, against its real entry. `last` values what is still
 * open now (pass it only for a window that ends now). `fills` in fill order.
 */
export function windowFigures(fills: readonly Fill[], from: number, to: number, last: number | undefined): WindowFigures {
  const upTo = fills.filter((f) => f.ts < to);
  const before = upTo.filter((f) => f.ts < from);
  const all = strategyFigures(upTo, last);
  const earlier = strategyFigures(before, undefined);
  const otherFees: Record<string, number> = {};
  for (const [asset, fee] of Object.entries(all.otherFees)) {
    const inWindow = fee - (earlier.otherFees[asset] ?? 0);
    if (inWindow !== 0) otherFees[asset] = inWindow;
  }
  return { realised: all.realised - earlier.realised, fees: all.fees - earlier.fees, unrealised: all.unrealised, trades: upTo.length - before.length, otherFees };
}

/** Running totals of window figures, per quote currency. */
export type QuoteTotals = Record<string, { realised: number; fees: number; unrealised: number; trades: number; otherFees: Record<string, number> }>;

/** Adds a book's window figures into `totals` under its quote currency. */
export function addFigures(totals: QuoteTotals, quote: string, w: WindowFigures): void {
  const q = (totals[quote] ??= { realised: 0, fees: 0, unrealised: 0, trades: 0, otherFees: {} });
  q.realised += w.realised;
  q.fees += w.fees;
  q.unrealised += w.unrealised;
  q.trades += w.trades;
  for (const [asset, fee] of Object.entries(w.otherFees)) q.otherFees[asset] = (q.otherFees[asset] ?? 0) + fee;
}

/** The totals with their PnL: realised (net of fees) + unrealised. */
export function withPnl(totals: QuoteTotals): Record<string, QuotePnl> {
  const out: Record<string, QuotePnl> = {};
  for (const [quote, q] of Object.entries(totals)) out[quote] = { ...q, pnl: q.realised + q.unrealised };
  return out;
}

/** Fills up to `now`, by a key (a symbol, a strategy and symbol), each list in fill order. */
export function groupFills(fills: readonly Fill[], now: number, key: (f: Fill) => string): Map<string, Fill[]> {
  const out = new Map<string, Fill[]>();
  for (const f of fills) {
    if (f.ts > now) continue;
    const k = key(f);
    const list = out.get(k);
    if (list) list.push(f);
    else out.set(k, [f]);
  }
  return out;
}

/**
 * Realised PnL and fees over a UTC period, plus unrealised now, from every fill since the
 * positions were opened (`windowFigures`). `fills` must be the whole record in fill order (the
 * caller reads the ledger when the state's list is capped).
 */
export function periodPnl(fills: readonly Fill[], period: PnlPeriod, now: number, lastPrice: (symbol: string) => number | undefined): PeriodPnl {
  const from = periodStart(period, now);
  const totals: QuoteTotals = {};
  for (const [symbol, list] of groupFills(fills, now, (f) => f.symbol)) addFigures(totals, quoteOf(symbol), windowFigures(list, from, Infinity, lastPrice(symbol)));
  return { period, from, to: now, byQuote: withPnl(totals) };
}
