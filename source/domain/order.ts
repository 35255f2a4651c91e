import type { CancelBy } from './cancel-by.js';
import type { PositionSide } from './futures.js';
import type { VenueId } from './instrument.js';
import type { MarketSymbol } from './symbols.js';

export type Side = 'buy' | 'sell';
export type OrderType = 'market' | 'limit';
/** GTC rests; IOC fills what it can at once and cancels the rest; FOK fills wholly at once or not at all. */
export type TimeInForce = 'GTC' | 'IOC' | 'FOK';
export type StopTrigger = 'above' | 'below';

/** Whether a last trade at `last` sets off a stop order. */
export function stopTriggered(order: Pick<OrderRequest, 'stopPrice' | 'stopTrigger'>, last: number): boolean {
  if (order.stopPrice === undefined) return false;
  return order.stopTrigger === 'above' ? last >= order.stopPrice : last <= order.stopPrice;
}

/**
 * A trailing stop's terms: how far the trigger trails the best price since it started (a
 * percent of that price, or an absolute price distance), and where it starts trailing.
 */
export interface TrailingTerms {
  readonly distance: number;
  readonly unit: 'percent' | 'price';
  /**
   * Trailing starts at the first trade at or past this price (Binance's stopPrice on a
   * trailing order), and that price is the first best; absent: at once, from the last price.
   */
  readonly activation?: number;
  /** Which way the activation price lies from the market at placement: `above` starts once the price rises to it. */
  readonly activateWhen?: StopTrigger;
}

/** Where a trailing stop stands: its best price since it started trailing and the trigger that follows it. */
export interface TrailPoint {
  /** The order's local id. */
  readonly id: string;
  /** Highest price (a sell) or lowest (a buy) since trailing started. */
  readonly best: number;
  readonly trigger: number;
  readonly ts: number;
  /**
   * The venue keeps the trigger and does not report its moves (Binance): this one is followed
   * here from the prices atapi sees, by the same rule, so it is where the venue's should be.
   */
  readonly estimated?: true;
}

/** A stop-loss sells below the market and buys above it; a take-profit the other way round. */
export function stopKind(order: Pick<OrderRequest, 'side' | 'stopTrigger'>): 'stop-loss' | 'take-profit' {
  return (order.side === 'sell') === (order.stopTrigger === 'below') ? 'stop-loss' : 'take-profit';
}
/**
 * `unknown`: the order was sent but its fate is not known (the reply was lost or timed out
 * and the exchange could not yet be asked); it may have filled. Only a reconcile settles it.
 */
export type OrderStatus = 'submitted' | 'open' | 'partially_filled' | 'unknown' | 'filled' | 'cancelled' | 'rejected';

/** What a user or a strategy asks for, before it has an id. */
export interface OrderRequest {
  readonly venue: VenueId;
  readonly symbol: MarketSymbol;
  readonly side: Side;
  readonly type: OrderType;
  readonly qty: number;
  readonly price?: number;
  readonly tif?: TimeInForce;
  /**
   * Market buys only: spend this much quote currency, fee included (Binance's quoteOrderQty).
   * `qty` is then the estimate used for risk checks; the fill decides the real quantity.
   */
  readonly quoteQty?: number;
  /** Set when a strategy placed it. */
  readonly strategyId?: string;
  /**
   * A stop order (stop-loss or take-profit): it rests untriggered, holding its funds, until the
   * market's last trade reaches this price in the direction of `stopTrigger`; then it becomes
   * the market or limit order it describes (limit at `price`).
   */
  readonly stopPrice?: number;
  /**
   * `below`: triggers when the last price falls to `stopPrice` or under (a sell's stop-loss, a
   * buy's take-profit); `above`: when it rises to it or over. Set at placement from the market.
   */
  readonly stopTrigger?: StopTrigger;
  /**
   * One-cancels-the-other: this stop order is the second leg of an OCO whose first leg is the
   * limit order with this local id. The two share one hold of funds; when either fills (even
   * in part) or the stop triggers, the other is cancelled; cancelling one cancels both.
   */
  readonly ocoWith?: string;
  /**
   * A trailing stop (a stop-market order): a sell fires when the price falls `distance` under
   * its highest since it started, a buy when it rises that far over its lowest. `stopPrice` is
   * the trigger as placed; the moving one is the venue's (read model: `runtime.trails`).
   */
  readonly trailing?: TrailingTerms;
  /** A limit order that only adds liquidity: one that would trade at once is refused (Binance's LIMIT_MAKER / GTX). */
  readonly postOnly?: boolean;
  /** Futures: may only reduce the position, never increase or flip it. */
  readonly reduceOnly?: boolean;
  /** Futures in hedge mode: the position (LONG or SHORT) the order acts on; BOTH or unset in one-way mode. */
  readonly positionSide?: PositionSide;
  /**
   * A perpetual stop-market that closes the whole position when it fires (Binance USD-M's
   * closePosition=true), whatever its size then: `qty` is the position's size when it was
   * placed; once it fires, the size the exchange fired it with (`order/triggered`'s `qty`).
   */
  readonly closePosition?: boolean;
}

/** An order as the store knows it. Plain data: it is snapshotted and compared. */
export interface Order extends OrderRequest {
  /** Our short local id, typed by users: `cancel 12`. */
  readonly id: string;
  /** Unique client order id sent to the exchange; a retry reuses it so it cannot double-place. */
  readonly clientOrderId: string;
  readonly exchangeOrderId?: string;
  readonly status: OrderStatus;
  readonly filledQty: number;
  /** Volume-weighted average fill price, 0 before any fill. */
  readonly avgPrice: number;
  readonly fee: number;
  readonly createdAt: number;
  readonly updatedAt: number;
  readonly reason?: string;
  /**
   * Exchange trade ids already applied to this order (the newest MAX_TRADE_IDS): a fill is
   * counted once per trade id, however often the exchange or a restart reports it.
   */
  readonly tradeIds?: readonly string[];
  /**
   * A stop order whose trigger was reached (`order/triggered`), when: it now works as the plain
   * market or limit order it names; `stopPrice` stays to show what set it off.
   */
  readonly triggeredAt?: number;
  /**
   * The exchange's id of the order its trigger placed, when that is a new order carrying none
   * of our ids (Binance USD-M's algo service): its fills and cancel are this order's.
   */
  readonly firedOrderId?: string;
  /** Amend (cancel-replace): the id of the order this one replaced, which was cancelled first. */
  readonly replaces?: string;
  /**
   * Who last asked to cancel it (`order/cancel-asked`, recorded before the cancel is sent): a
   * process that starts after a crash knows a cancel it finds done at the exchange was ours.
   */
  readonly cancelAsked?: CancelBy;
}

/** How many trade ids an order remembers; far more than the fills one order normally has. */
export const MAX_TRADE_IDS = 500;

/** One execution. Fees are charged in the quote asset (see matching engine). */
export interface Fill {
  readonly tradeId: string;
  readonly orderId: string;
  readonly venue: VenueId;
  readonly symbol: MarketSymbol;
  readonly side: Side;
  readonly qty: number;
  readonly price: number;
  readonly fee: number;
  readonly feeAsset: string;
  readonly liquidity: 'maker' | 'taker';
  readonly ts: number;
}

/** Not settled yet: it may still fill (an `unknown` order counts, it may be live at the exchange). */
export function isOpenStatus(s: OrderStatus): boolean {
  return s === 'submitted' || s === 'open' || s === 'partially_filled' || s === 'unknown';
}

/** A stop order not yet set off: it rests off the book, waiting for its trigger. */
export function isArmedStop(order: Pick<Order, 'stopPrice' | 'triggeredAt' | 'filledQty'>): boolean {
  // A stop that has filled in part was triggered before, even in a log older than `order/triggered`.
  return order.stopPrice !== undefined && order.triggeredAt === undefined && order.filledQty === 0;
}
