/*
 * Funding carry (issue 23): spot bought and the same quantity of its perpetual sold short on one
 * venue, held while the funding rate net of fees pays. Its entries, exits and de-risks are
 * arbitrage transactions (domain/arb.ts: the plan durable before any leg, a single leg handled by
 * the policy); the instance keeps what its legs traded and the funding its short received.
 */
import type { ArbPolicy } from './arb.js';
import { clean } from './numbers.js';
import type { Order } from './order.js';

/** What a carry's legs traded, summed over its settled transactions (each fill once: by the fold). */
export interface CarryTrades {
  readonly spotBought: number;
  readonly spotSold: number;
  readonly spotPaid: number;
  readonly spotReceived: number;
  readonly perpSold: number;
  readonly perpBought: number;
  readonly perpReceived: number;
  readonly perpPaid: number;
  /** Fees of every fill, in the quote. */
  readonly fees: number;
}

export const NO_CARRY_TRADES: CarryTrades = { spotBought: 0, spotSold: 0, spotPaid: 0, spotReceived: 0, perpSold: 0, perpBought: 0, perpReceived: 0, perpPaid: 0, fees: 0 };

export interface CarryInstance {
  readonly id: string;
  readonly venue: string;
  /** The spot market (`BTC/USDT`) and its perpetual (`BTC/USDT:USDT`). */
  readonly symbol: string;
  readonly perp: string;
  /** Quote notional of one entry. */
  readonly quoteSize: number;
  /** Net APR (%) to enter at, and the lower one to leave below. */
  readonly minApr: number;
  readonly exitApr: number;
  readonly holdDays: number;
  /** Margin ratio at which it de-risks (liquidation is at 1). */
  readonly deriskRatio: number;
  readonly policy: ArbPolicy;
  readonly startedAt: number;
  readonly status: 'running' | 'stopped';
  readonly reason?: string;
  readonly trades: CarryTrades;
  /** Funding its short received (negative: paid), how many payments, and the last one's mark (each counted once). */
  readonly funding: number;
  readonly fundingCount: number;
  readonly lastFundingTime: number;
  /** When the transaction that last opened its short from flat was planned (0: never): funding paid before it is not the carry's. */
  readonly openedAt: number;
  /** De-risks it made (margin added or legs reduced). */
  readonly derisks: number;
}

/** The base each leg holds open: spot long, perpetual short (a positive number). */
export function carryOpen(t: CarryTrades): { readonly spot: number; readonly perp: number } {
  return { spot: clean(t.spotBought - t.spotSold), perp: clean(t.perpSold - t.perpBought) };
}

/** Adds a transaction's orders to a carry's trades: spot orders to the spot leg, the rest to the perpetual. */
export function addCarryOrders(t: CarryTrades, spot: string, orders: readonly Pick<Order, 'symbol' | 'side' | 'filledQty' | 'avgPrice' | 'fee'>[]): CarryTrades {
  let next = { ...t };
  for (const o of orders) {
    const quote = o.filledQty * o.avgPrice;
    if (o.symbol === spot) {
      next = o.side === 'buy' ? { ...next, spotBought: clean(next.spotBought + o.filledQty), spotPaid: next.spotPaid + quote } : { ...next, spotSold: clean(next.spotSold + o.filledQty), spotReceived: next.spotReceived + quote };
    } else {
      next = o.side === 'sell' ? { ...next, perpSold: clean(next.perpSold + o.filledQty), perpReceived: next.perpReceived + quote } : { ...next, perpBought: clean(next.perpBought + o.filledQty), perpPaid: next.perpPaid + quote };
    }
    next = { ...next, fees: next.fees + o.fee };
  }
  return next;
}
