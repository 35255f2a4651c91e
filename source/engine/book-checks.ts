import type { OrderBook, OrderRequest, Refusal, Side } from '../domain/index.js';
import { refusal } from '../domain/index.js';

/** What a limit order meets in the book now: the simulated exchange's and the sandbox's one reading of it. */

/** How much the book offers a `side` limit at `price` or better. */
export function availableAt(side: Side, price: number, book: OrderBook): number {
  let available = 0;
  for (const [p, q] of side === 'buy' ? book.asks : book.bids) {
    if (side === 'buy' ? p > price : p < price) break;
    available += q;
  }
  return available;
}

/** Whether the book fills `qty` whole at `price` or better (fill-or-kill). */
export function fillsWhole(side: Side, qty: number, price: number, book: OrderBook): boolean {
  return availableAt(side, price, book) + 1e-12 >= qty;
}

/** Why a fill-or-kill limit the book cannot fill whole ends with nothing traded (the venue expires it), or undefined. */
export function fillOrKillMiss(order: { readonly side: Side; readonly qty: number; readonly price?: number; readonly tif?: string; readonly type: string }, book: OrderBook): string | undefined {
  if (order.type !== 'limit' || order.tif !== 'FOK' || fillsWhole(order.side, order.qty, order.price!, book)) return undefined;
  return `fill-or-kill: the book cannot fill ${order.qty} at ${order.price} or better now; nothing traded`;
}

/** Whether a limit at `price` would trade at once (take liquidity): what a post-only order must not do. */
export function wouldTake(side: Side, price: number, book: OrderBook): boolean {
  const best = side === 'buy' ? book.asks[0]?.[0] : book.bids[0]?.[0];
  return best !== undefined && (side === 'buy' ? price >= best : price <= best);
}

/**
 * What is wrong with an order's time in force or post-only flag (undefined: nothing). A
 * post-only order is checked against the book the app has, so it is refused before it
 * leaves; the venue checks again against its own.
 */
export function tifProblem(req: OrderRequest, book: OrderBook | undefined): Refusal | undefined {
  if (req.tif === 'FOK' && req.type !== 'limit') return refusal('order.terms', 'fill-or-kill (FOK) is for a limit order: give a price', 'tif');
  if (!req.postOnly) return undefined;
  if (req.type !== 'limit' || req.stopPrice !== undefined || req.trailing !== undefined) return refusal('order.terms', 'post-only is for a plain limit order that rests: give a price, no stop', 'postOnly');
  if (req.tif !== undefined && req.tif !== 'GTC') return refusal('order.terms', `post-only rests on the book: not with ${req.tif}`, 'tif');
  if (book && req.price !== undefined && wouldTake(req.side, req.price, book)) {
    const best = req.side === 'buy' ? book.asks[0][0] : book.bids[0][0];
    return refusal('order.post-only', `post-only ${req.side} at ${req.price} would trade at once against the best ${req.side === 'buy' ? 'ask' : 'bid'} ${best}: price it ${req.side === 'buy' ? 'under' : 'over'} ${best} to rest`, 'price');
  }
  return undefined;
}
