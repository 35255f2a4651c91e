import { quoteOf, type Fill } from '../domain/index.js';
import { addFigures, groupFills, periodStart, windowFigures, withPnl, type PnlPeriod, type QuotePnl, type QuoteTotals } from './pnl-period.js';

/** How a period's PnL is split: per UTC day, per strategy instance (`manual` for the trader's own), per market. */
export const PNL_GROUPINGS = ['day', 'strategy', 'symbol'] as const;
export type PnlGrouping = (typeof PNL_GROUPINGS)[number];

export function isPnlGrouping(x: string): x is PnlGrouping {
  return (PNL_GROUPINGS as readonly string[]).includes(x);
}

/** One line of a breakdown: a day (`2026-12-09`), a strategy or a market, in one quote currency. */
export interface PnlRow extends QuotePnl {
  readonly key: string;
  readonly quote: string;
}

export interface PnlBreakdown {
  readonly period: PnlPeriod;
  readonly by: PnlGrouping;
  readonly from: number;
  readonly to: number;
  readonly rows: readonly PnlRow[];
  /** The rows added up per quote: the same figures as `periodPnl` over the same fills. */
  readonly totals: Readonly<Record<string, QuotePnl>>;
}

const DAY_MS = 86_400_000;
const dayKey = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

/**
 * A period's PnL split by day, strategy or market, by the same method as `periodPnl` (the
 * figures of the fills before a window's end minus those before its start). Each strategy's
 * position is its own (a strategy and the trader may hold the same coin at different entries).
 * What is still open is valued now: by day, it counts on today's line (no price of a past day
 * is guessed). `owner` names who placed an order (a strategy's id, `manual`, `unknown`).
 */
export function pnlBreakdown(fills: readonly Fill[], period: PnlPeriod, by: PnlGrouping, now: number, lastPrice: (symbol: string) => number | undefined, owner: (orderId: string) => string): PnlBreakdown {
  const from = periodStart(period, now);
  const rows = new Map<string, QuoteTotals>();
  const add = (key: string, symbol: string, w: ReturnType<typeof windowFigures>): void => {
    if (w.trades === 0 && w.realised === 0 && w.unrealised === 0 && w.fees === 0) return;
    let totals = rows.get(key);
    if (!totals) rows.set(key, (totals = {}));
    addFigures(totals, quoteOf(symbol), w);
  };
  if (by === 'day') {
    for (const [symbol, list] of groupFills(fills, now, (f) => f.symbol)) {
      for (let day = from; day <= now; day += DAY_MS) add(dayKey(day), symbol, windowFigures(list, day, day + DAY_MS, day + DAY_MS > now ? lastPrice(symbol) : undefined));
    }
  } else {
    const keyOf = by === 'symbol' ? (f: Fill) => f.symbol : (f: Fill) => `${owner(f.orderId)}\u0000${f.symbol}`;
    for (const [key, list] of groupFills(fills, now, keyOf)) add(by === 'symbol' ? key : key.split('\u0000')[0], list[0].symbol, windowFigures(list, from, Infinity, lastPrice(list[0].symbol)));
  }
  const out: PnlRow[] = [];
  const all: QuoteTotals = {};
  for (const key of [...rows.keys()].sort()) {
    for (const [quote, q] of Object.entries(withPnl(rows.get(key)!)).sort(([a], [b]) => a.localeCompare(b))) {
      out.push({ key, quote, ...q });
      addFigures(all, quote, q);
    }
  }
  return { period, by, from, to: now, rows: out, totals: withPnl(all) };
}
