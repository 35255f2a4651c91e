import type { DomainEvent, Fill, Order, VenueId } from '../../domain/index.js';

/** One trade of an order on the simulated exchange: its price, size, fee and side of the book. */
export interface SimTrade {
  readonly venue: VenueId;
  /** Unique on the venue for good (a restart goes on from the ledger's fill count). */
  readonly tradeId: string;
  readonly qty: number;
  readonly price: number;
  readonly fee: number;
  readonly feeAsset: string;
  readonly liquidity: 'maker' | 'taker';
  readonly ts: number;
}

/** The fill event of `order` for a trade: `order/filled` when it completes the order, else `order/partiallyFilled`. */
export function fillEvent(order: Order, t: SimTrade, complete: boolean): DomainEvent {
  const fill: Fill = { tradeId: t.tradeId, orderId: order.id, venue: t.venue, symbol: order.symbol, side: order.side, qty: t.qty, price: t.price, fee: t.fee, feeAsset: t.feeAsset, liquidity: t.liquidity, ts: t.ts };
  return complete ? { type: 'order/filled', data: { fill } } : { type: 'order/partiallyFilled', data: { fill } };
}
