import type { Level } from '../domain/index.js';
import { clean } from './quantities.js';
import type { WireOrder } from './wire-orders.js';

interface Resting {
  readonly buy: boolean;
  readonly price: number;
  readonly qty: number;
}

/** Order types that rest on the book at their limit price once working. */
const PRICED = new Set(['LIMIT', 'LIMIT_MAKER', 'STOP_LOSS_LIMIT', 'TAKE_PROFIT_LIMIT']);

/** What of an order rests on the book now: a working GTC order with a price, its unfilled quantity. */
export function restingPart(w: WireOrder): Resting | undefined {
  if ((w.status !== 'NEW' && w.status !== 'PARTIALLY_FILLED') || !w.isWorking || w.timeInForce !== 'GTC' || !PRICED.has(w.type)) return undefined;
  const qty = clean(Number(w.origQty) - Number(w.executedQty));
  return qty > 0 ? { buy: w.side === 'BUY', price: Number(w.price), qty } : undefined;
}

/**
 * The traders' own resting orders, by symbol and order id, so the public book (REST depth,
 * bookTicker, the depth streams) shows them on top of the simulated market's levels, as
 * Binance's one book does. Order ids are unique across accounts.
 */
export class OwnBook {
  private readonly bySymbol = new Map<string, Map<number, Resting>>();

  /** Records what order `orderId` rests with now (undefined: nothing). True when that changed. */
  set(symbol: string, orderId: number, part: Resting | undefined): boolean {
    let orders = this.bySymbol.get(symbol);
    const before = orders?.get(orderId);
    if (part === undefined) return orders?.delete(orderId) ?? false;
    if (!orders) {
      orders = new Map();
      this.bySymbol.set(symbol, orders);
    }
    orders.set(orderId, part);
    return before === undefined || before.qty !== part.qty || before.price !== part.price;
  }

  /** The market's levels with the own resting quantities added at their prices, best first. */
  merge(symbol: string, book: { readonly bids: readonly Level[]; readonly asks: readonly Level[] }): { bids: Level[]; asks: Level[] } {
    const orders = this.bySymbol.get(symbol);
    if (!orders || orders.size === 0) return { bids: [...book.bids], asks: [...book.asks] };
    const bids = new Map(book.bids.map(([p, q]) => [p, q]));
    const asks = new Map(book.asks.map(([p, q]) => [p, q]));
    for (const o of orders.values()) {
      const side = o.buy ? bids : asks;
      side.set(o.price, clean((side.get(o.price) ?? 0) + o.qty));
    }
    const sorted = (m: Map<number, number>, desc: boolean): Level[] => [...m.entries()].sort((x, y) => (desc ? y[0] - x[0] : x[0] - y[0]));
    return { bids: sorted(bids, true), asks: sorted(asks, false) };
  }
}
