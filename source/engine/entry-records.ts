import type { DomainEvent, OrderRequest, Refusal, RefusedOrder } from '../domain/index.js';
import { isNetworkError, orderRejected, refusal, refusalOfError } from '../domain/index.js';
import { LogWriteError } from '../store/index.js';
import type { VenuePort } from './ports.js';

/*
 * What the order entry path (order-entry.ts) writes down about an order it sends: its client
 * id, the request as a refusal keeps it, and what a failed send means (not sent, unknown,
 * rejected). Pure functions of their arguments.
 */

/**
 * `<prefix>-<local id>`, and for a strategy's order `-s<instance number>` (its id ends in the
 * number: `sma-BTCUSDT-1m-3`), so the exchange's own records say which instance placed it
 * while staying within Binance's 36 characters.
 */
export function clientOrderId(prefix: string, id: string, strategyId?: string): string {
  const n = strategyId === undefined ? undefined : /-(\d{1,6})$/.exec(strategyId)?.[1];
  return n === undefined ? `${prefix}-${id}` : `${prefix}-${id}-s${n}`;
}

/** Why the venue cannot hold this trailing stop itself (undefined: it can, or it is no trailing stop). */
export function trailingUnsupported(req: OrderRequest, venue: VenuePort): Refusal | undefined {
  const t = req.trailing;
  if (!t || venue.trailingStops === 'any' || (venue.trailingStops === 'percent' && t.unit === 'percent')) return undefined;
  if (venue.trailingStops === 'percent') return refusal('venue.unsupported', `${venue.label} trails by a percent only (Binance's trailingDelta on spot, callbackRate on USD-M): use --trailing P%; nothing was sent`, 'trailing');
  return refusal('venue.unsupported', `trailing stops are not supported on ${venue.label} (the simulated exchange, paper mode and Binance spot have them); nothing was sent`, 'trailing');
}

/** `disk full: order not sent; ...` from a log failure (`LogWriteError`), or the bare message. */
export function notSent(err: unknown, what = 'order'): Refusal {
  if (err instanceof LogWriteError) return refusal('log.write', `${err.kind}: ${what} not sent; ${err.detail}`);
  return refusal('log.write', `${what} not sent: ${(err as Error).message}`);
}

/**
 * The venue threw instead of answering. A network error (by class or socket code) means the
 * order may have reached the exchange: unknown, not rejected. Anything else is its refusal.
 */
export function sendFailed(id: string, err: unknown, ts: number): DomainEvent {
  const reason = `exchange error: ${(err as Error).message}`;
  if (isNetworkError(err)) return { type: 'order/unknown', data: { id, reason: `${reason}; it may have been placed`, ts } };
  return orderRejected(id, refusalOfError(err, reason), ts);
}

/** Keeps absent fields absent: the order must look the same after a JSON round trip. */
export function withoutUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

/** The request as `order/refused` keeps it: only the fields that are what they claim to be (a refusal may be of a malformed request). */
export function refusedOrder(req: OrderRequest): RefusedOrder {
  const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
  const { side, type, qty, price, stopPrice, quoteQty } = req as Partial<Record<keyof OrderRequest, unknown>>;
  return {
    venue: String(req.venue),
    symbol: String(req.symbol),
    ...(side === 'buy' || side === 'sell' ? { side } : {}),
    ...(type === 'market' || type === 'limit' ? { type } : {}),
    ...(finite(qty) ? { qty } : {}),
    ...(finite(price) ? { price } : {}),
    ...(finite(stopPrice) ? { stopPrice } : {}),
    ...(finite(quoteQty) ? { quoteQty } : {}),
  };
}
