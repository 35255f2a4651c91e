import type { DomainEvent, Fill, Order } from '../../domain/index.js';

/** One trade of an order on the simulated exchange: the fill without what the order says (its id, symbol and side). */
export type SimTrade = Omit<Fill, 'orderId' | 'symbol' | 'side'>;

/** The fill event of `order` for a trade: `order/filled` when it completes the order, else `order/partiallyFilled`. */
export function fillEvent(order: Order, t: SimTrade, complete: boolean): DomainEvent {
  const fill: Fill = { tradeId: t.tradeId, orderId: order.id, venue: t.venue, symbol: order.symbol, side: order.side, qty: t.qty, price: t.price, fee: t.fee, feeAsset: t.feeAsset, liquidity: t.liquidity, ts: t.ts };
  return complete ? { type: 'order/filled', data: { fill } } : { type: 'order/partiallyFilled', data: { fill } };
}
