import type { Fill, VenueId } from '../domain/index.js';
import { selectTicker, type State } from '../store/index.js';
import { accountValuation, type Valuation } from './equity.js';
import { periodPnl, type PeriodPnl, type PnlPeriod } from './pnl-period.js';

/** The one currency the account's equity and today's PnL are measured in (the simulated exchange's and USD-M's). */
export const ACCOUNT_QUOTE = 'USDT';

/** A period's PnL of a venue, every market valued at its last price now. */
export function venuePnl(state: State, venue: VenueId, fills: readonly Fill[], period: PnlPeriod, now: number): PeriodPnl {
  return periodPnl(fills, period, now, (symbol) => selectTicker(state, venue, symbol)?.last);
}

/** Today's result (UTC day) against what the account was worth when the day began. */
export interface DayPnl {
  readonly equity: Valuation;
  /** Today's PnL in the quote: realised (net of fees) plus unrealised (engine/pnl-period.ts). */
  readonly pnl: number;
  /** Equity when the day began: equity now minus today's PnL. */
  readonly opening: number;
  /** `pnl` as a fraction of `opening`; absent with no opening equity to measure against. */
  readonly fraction?: number;
}

/**
 * Equity now and today's PnL, in one quote: the figures the status bar shows, the daily loss
 * rule and the PnL alerts measure. Markets quoted in another currency are not converted by a
 * guessed rate: they are left out of the PnL (and named in the valuation's `unvalued`).
 */
export function dayPnl(state: State, venue: VenueId, fills: readonly Fill[], now: number, quote = ACCOUNT_QUOTE): DayPnl {
  const equity = accountValuation(state, venue, quote);
  const pnl = venuePnl(state, venue, fills, 'day', now).byQuote[quote]?.pnl ?? 0;
  return withOpening(equity, pnl);
}

/**
 * The same figures for a session over several venues (`--venues`): each venue's equity and
 * today's PnL from its own fills at its own prices, added up; what one leaves unvalued is
 * named with its venue. One venue: exactly `dayPnl`.
 */
export function sessionDayPnl(state: State, venues: readonly VenueId[], fills: readonly Fill[], now: number, quote = ACCOUNT_QUOTE): DayPnl {
  if (venues.length === 1) return dayPnl(state, venues[0], fills, now, quote);
  const parts = venues.map((v) => ({ v, d: dayPnl(state, v, fills.filter((f) => f.venue === v), now, quote) }));
  const equity: Valuation = {
    quote,
    total: parts.reduce((t, p) => t + p.d.equity.total, 0),
    unvalued: parts.flatMap((p) => p.d.equity.unvalued.map((u) => `${u} (${p.v})`)),
    perpetuals: parts.some((p) => p.d.equity.perpetuals),
  };
  return withOpening(equity, parts.reduce((t, p) => t + p.d.pnl, 0));
}

function withOpening(equity: Valuation, pnl: number): DayPnl {
  const opening = equity.total - pnl;
  return opening > 0 ? { equity, pnl, opening, fraction: pnl / opening } : { equity, pnl, opening };
}
