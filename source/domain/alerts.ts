import type { Instrument } from './instrument.js';
import { amount, priceText, qty } from './number-text.js';
import type { VenueId } from './instrument.js';
import type { PriceAlert } from './events.js';

/**
 * `alert pnl < -2%` / `alert pnl > 500USDT`: tell the trader once when today's PnL (UTC day,
 * engine/day-pnl.ts) reaches a level: a percent of the day's opening equity, or an amount.
 */
export interface PnlAlert {
  readonly id: string;
  readonly venue: VenueId;
  readonly kind: 'pnl';
  readonly op: '>' | '<';
  /** The level: percent points (-2 is -2%) or an amount of `quote`. */
  readonly level: number;
  readonly unit: 'percent' | 'amount';
  /** The currency PnL and equity are measured in. */
  readonly quote: string;
  readonly createdAt: number;
}

/** Every kind of alert the ledger keeps; a price alert has no `kind` (logs older than PnL alerts). */
export type Alert = PriceAlert | PnlAlert;

export function isPnlAlert(a: Alert): a is PnlAlert {
  return 'kind' in a && a.kind === 'pnl';
}

/** What an alert watches: `BTC/USDT` or `today's PnL`. */
export function alertSubject(a: Alert): string {
  return isPnlAlert(a) ? "today's PnL" : a.symbol;
}

/** A value of what an alert watches: a price at the market's tick size, or a PnL as `-2.31%` / `-231.00 USDT`. */
export function alertValueText(a: Alert, value: number, inst?: Instrument): string {
  if (!isPnlAlert(a)) return priceText(value, inst);
  return a.unit === 'percent' ? `${qty(value, 2)}%` : `${amount(value, a.quote)} ${a.quote}`;
}

/** An alert as one phrase: `BTC/USDT > 100,000.00`, `today's PnL < -2%`. */
export function alertText(a: Alert, inst?: Instrument): string {
  return `${alertSubject(a)} ${a.op} ${isPnlAlert(a) ? alertValueText(a, a.level) : priceText(a.price, inst)}`;
}
