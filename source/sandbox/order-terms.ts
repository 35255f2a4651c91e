import type { Instrument, Order, OrderBook, StopTrigger, TrailingTerms } from '../domain/index.js';
import { trailDirection, trailStart } from '../engine/trailing-stop.js';
import { stopTriggered } from '../domain/index.js';
import type { OrderParams } from './order-params.js';
import { ceilToStep, clean, floorToStep } from './quantities.js';
import { BinanceError } from './signing.js';
import { STOP_TYPES, type WireOrder } from './wire-orders.js';
import { fixed, wireSymbol } from './binance-format.js';

/** What a new order's parameters come to against the market: its size, fill-or-kill, stop direction. */

/**
 * The base quantity the engine is asked for. A quote-quantity buy passes a lot-rounded ceiling
 * that its budget can never reach (the budget then decides); a quote-quantity sell walks the
 * bids for the quantity whose proceeds come closest to the quote amount without passing it.
 */
export function quantityFor(o: OrderParams, inst: Instrument, book: OrderBook): number {
  if (o.quoteOrderQty === undefined) return o.quantity!;
  if (o.side === 'BUY') return ceilToStep(o.quoteOrderQty / book.asks[0][0], inst.lotSize);
  let left = o.quoteOrderQty;
  let qty = 0;
  for (const [price, size] of book.bids) {
    const take = Math.min(size, floorToStep(left / price, inst.lotSize));
    qty = clean(qty + take);
    left -= take * price;
    if (take < size) break;
  }
  if (qty < inst.minQty) throw new BinanceError(400, -1013, 'Filter failure: LOT_SIZE');
  return qty;
}

/**
 * A stop order's direction from its type and side, as Binance triggers them (a STOP_LOSS buys
 * as the price rises to its stop and sells as it falls to it; a TAKE_PROFIT the other way
 * round); undefined for other types. One whose stop the last trade has already reached is
 * refused, with Binance's words.
 */
export function stopTerms(o: Pick<OrderParams, 'type' | 'side' | 'stopPrice' | 'trailingDelta'>, last: number | undefined): { trigger: StopTrigger; limit: boolean } | undefined {
  if ((o.stopPrice === undefined && o.trailingDelta === undefined) || !STOP_TYPES.includes(o.type)) return undefined;
  const loss = o.type === 'STOP_LOSS' || o.type === 'STOP_LOSS_LIMIT';
  const trigger: StopTrigger = loss === (o.side === 'BUY') ? 'above' : 'below';
  if (last !== undefined && o.stopPrice !== undefined && stopTriggered({ stopPrice: o.stopPrice, stopTrigger: trigger }, last)) throw new BinanceError(400, -2010, 'Order would trigger immediately.');
  return { trigger, limit: o.type.endsWith('_LIMIT') };
}

/**
 * A trailing stop (`trailingDelta`) as the matching engine's order: the stop price is where it
 * starts trailing (its type's condition, Binance's table), the trigger as placed follows from
 * the last price, and it fires as the side's trailing stop does (engine/trailing-stop.ts).
 */
export function trailingTerms(o: Pick<OrderParams, 'side' | 'stopPrice' | 'trailingDelta'>, activateWhen: StopTrigger, last: number): Pick<Order, 'trailing' | 'stopPrice' | 'stopTrigger'> {
  const trailing: TrailingTerms = { distance: o.trailingDelta! / 100, unit: 'percent', ...(o.stopPrice === undefined ? {} : { activation: o.stopPrice, activateWhen }) };
  const side = o.side === 'BUY' ? 'buy' : 'sell';
  return { trailing, stopPrice: trailStart(side, trailing, last).trigger, stopTrigger: trailDirection(side) };
}

/** Where a new order stands when it is drafted. */
export interface OrderDraft {
  readonly id: number;
  readonly clientOrderId: string;
  /** Its order list's id, -1 for none. */
  readonly listId: number;
  readonly symbol: string;
  readonly inst: Instrument;
  readonly book: OrderBook;
  /** The last price a stop is checked against now; undefined for an OTO's pending order (checked when placed). */
  readonly stopCheckPrice: number | undefined;
  /** The last price, where a trailing stop starts. */
  readonly lastPrice: number;
  readonly now: number;
  readonly ocoWith?: number;
}

/**
 * A new order in the matching engine's shape and Binance's, not yet placed: its size against
 * the book, its stop's direction, its time in force, whether it waits off the book.
 */
export function orderShapes(d: OrderDraft, o: OrderParams): { wire: WireOrder; domain: Order; stop: ReturnType<typeof stopTerms>; tif: string; estimate: number } {
  const { id, listId, symbol, inst, book, now, ocoWith, clientOrderId } = d;
  const estimate = quantityFor(o, inst, book);
  const stop = stopTerms(o, d.stopCheckPrice);
  const tif = o.type === 'LIMIT' || stop?.limit ? o.timeInForce! : 'GTC';
  const resting = stop !== undefined;
  const domain: Order = {
    venue: 'binance', symbol, side: o.side === 'BUY' ? 'buy' : 'sell', type: o.type === 'MARKET' || (stop && !stop.limit) ? 'market' : 'limit', qty: estimate, price: o.price,
    // FOK reaches the engine only when the book fills it whole, then as IOC (a stop's FOK: as IOC).
    tif: tif === 'GTC' ? 'GTC' : 'IOC',
    ...(o.quoteOrderQty !== undefined && o.side === 'BUY' ? { quoteQty: o.quoteOrderQty } : {}),
    ...(stop && o.trailingDelta !== undefined ? trailingTerms(o, stop.trigger, d.lastPrice) : stop ? { stopPrice: o.stopPrice, stopTrigger: stop.trigger } : {}),
    ...(ocoWith !== undefined ? { ocoWith: String(ocoWith) } : {}),
    id: String(id), clientOrderId, status: 'submitted', filledQty: 0, avgPrice: 0, fee: 0, createdAt: now, updatedAt: now,
  };
  const wire: WireOrder = {
    symbol: wireSymbol(symbol), orderId: id, orderListId: listId, clientOrderId, transactTime: now, price: fixed(o.price ?? 0), origQty: fixed(o.quoteOrderQty !== undefined ? 0 : estimate), executedQty: fixed(0), cummulativeQuoteQty: fixed(0),
    status: 'NEW', timeInForce: o.type === 'MARKET' || o.type === 'STOP_LOSS' || o.type === 'TAKE_PROFIT' ? 'GTC' : tif, type: o.type, side: o.side, stopPrice: fixed(o.stopPrice ?? 0),
    // A stop waits off the book until triggered: not working, and Binance's workingTime -1.
    workingTime: resting ? -1 : now, time: now, updateTime: now, isWorking: !resting, origQuoteOrderQty: fixed(o.quoteOrderQty ?? 0), selfTradePreventionMode: 'NONE', fills: [],
    // A trailing stop without an activation price trails from placement (Binance's trailingTime).
    ...(o.trailingDelta === undefined ? {} : { trailingDelta: o.trailingDelta, trailingTime: o.stopPrice === undefined ? now : -1 }),
  };
  return { wire, domain, stop, tif, estimate };
}
