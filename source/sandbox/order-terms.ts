import type { Instrument, Order, OrderBook, StopTrigger, TrailingTerms } from '../domain/index.js';
import { trailDirection, trailStart } from '../engine/trailing-stop.js';
import { stopTriggered } from '../domain/index.js';
import type { OrderParams } from './order-params.js';
import { ceilToStep, clean, floorToStep } from './quantities.js';
import { BinanceError } from './signing.js';
import { STOP_TYPES } from './wire-orders.js';

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
