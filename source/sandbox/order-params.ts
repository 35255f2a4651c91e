import type { Instrument, OrderBook, RefusalCode } from '../domain/index.js';
import { checkFilters, decimalsOf } from '../domain/index.js';
import { decimal, integer, missing, oneOf, optional, required, type Params } from './params.js';
import { BinanceError } from './signing.js';
import { TRAILING_DELTA } from './binance-format.js';
import type { WireOrderType } from './wire-orders.js';

export type WireType = WireOrderType;
export type WireTif = 'GTC' | 'IOC' | 'FOK';
export type RespType = 'ACK' | 'RESULT' | 'FULL';

/** A new-order request as Binance reads it, checked. */
export interface OrderParams {
  readonly side: 'BUY' | 'SELL';
  readonly type: WireType;
  readonly timeInForce?: WireTif;
  readonly quantity?: number;
  readonly quoteOrderQty?: number;
  readonly price?: number;
  /** Stop types only: the last trade price that sets the order off (a trailing stop's: where it starts trailing). */
  readonly stopPrice?: number;
  /** Stop types only: a trailing stop's distance in BIPS (100 = 1%) from the best price since it started. */
  readonly trailingDelta?: number;
  readonly newClientOrderId?: string;
  readonly respType: RespType;
}

const CLIENT_ID = /^[.A-Z:/a-z0-9_-]{1,36}$/;

const TYPES = ['MARKET', 'LIMIT', 'LIMIT_MAKER', 'STOP_LOSS', 'STOP_LOSS_LIMIT', 'TAKE_PROFIT', 'TAKE_PROFIT_LIMIT'] as const;

const notRequired = (name: string) => new BinanceError(400, -1106, `Parameter '${name}' sent when not required.`);

/**
 * Reads and checks `POST /api/v3/order` parameters in the order Binance documents: mandatory
 * parameters per type (LIMIT needs timeInForce, quantity and price; MARKET needs quantity or
 * quoteOrderQty), enums, decimals, client order id, then the symbol's filters.
 */
export function readOrderParams(p: Params, inst: Instrument, book: OrderBook | undefined, strict = true): OrderParams {
  if (!strict) p = lenient(p);
  const side = oneOf(p, 'side', ['BUY', 'SELL'] as const, -1117, 'Invalid side.');
  if (!side) throw missing('side');
  required(p, 'type');
  const type = oneOf(p, 'type', TYPES, -1116, 'Invalid orderType.')!;
  const timeInForce = oneOf(p, 'timeInForce', ['GTC', 'IOC', 'FOK'] as const, -1115, 'Invalid timeInForce.');
  const quantity = decimal(p, 'quantity');
  const quoteOrderQty = decimal(p, 'quoteOrderQty');
  const price = decimal(p, 'price');
  const stopPrice = decimal(p, 'stopPrice');
  const trailingDelta = integer(p, 'trailingDelta');
  const newClientOrderId = optional(p, 'newClientOrderId');
  if (newClientOrderId !== undefined && !CLIENT_ID.test(newClientOrderId)) {
    throw new BinanceError(400, -1100, "Illegal characters found in parameter 'newClientOrderId'; legal range is '^[\\.A-Z\\:/a-z0-9_-]{1,36}$'.");
  }
  const respType = oneOf(p, 'newOrderRespType', ['ACK', 'RESULT', 'FULL'] as const, -1130, "Data sent for parameter 'newOrderRespType' is not valid.") ?? (type === 'MARKET' || type === 'LIMIT' ? 'FULL' : 'ACK');
  // Binance's mandatory parameters per type: a stop names its stopPrice; a *_LIMIT stop is a
  // LIMIT order besides, a plain stop a MARKET order by quantity.
  const stop = type === 'STOP_LOSS' || type === 'TAKE_PROFIT' || type === 'STOP_LOSS_LIMIT' || type === 'TAKE_PROFIT_LIMIT';
  // A trailing stop's stopPrice is optional: without one it trails from the next trade.
  if (stop && stopPrice === undefined && trailingDelta === undefined) throw missing('stopPrice');
  if (!stop && stopPrice !== undefined) throw notRequired('stopPrice');
  if (!stop && trailingDelta !== undefined) throw notRequired('trailingDelta');
  if (trailingDelta !== undefined && (trailingDelta < TRAILING_DELTA.min || trailingDelta > TRAILING_DELTA.max)) throw new BinanceError(400, -1013, 'Filter failure: TRAILING_DELTA');
  if (type === 'STOP_LOSS' || type === 'TAKE_PROFIT') {
    if (timeInForce) throw notRequired('timeInForce');
    if (price !== undefined) throw notRequired('price');
    if (quantity === undefined) throw missing('quantity');
    if (quoteOrderQty !== undefined) throw notRequired('quoteOrderQty');
  } else if (type === 'LIMIT' || type === 'STOP_LOSS_LIMIT' || type === 'TAKE_PROFIT_LIMIT') {
    if (!timeInForce) throw missing('timeInForce');
    if (quantity === undefined) throw missing('quantity');
    if (price === undefined) throw missing('price');
    if (quoteOrderQty !== undefined) throw notRequired('quoteOrderQty');
  } else if (type === 'LIMIT_MAKER') {
    if (timeInForce) throw notRequired('timeInForce');
    if (quantity === undefined) throw missing('quantity');
    if (price === undefined) throw missing('price');
    if (quoteOrderQty !== undefined) throw notRequired('quoteOrderQty');
  } else {
    if (timeInForce) throw notRequired('timeInForce');
    if (price !== undefined) throw notRequired('price');
    if (quantity === undefined && quoteOrderQty === undefined) throw new BinanceError(400, -1102, "Param 'quantity' or 'quoteOrderQty' must be sent, but both were empty/null!");
    if (quantity !== undefined && quoteOrderQty !== undefined) throw notRequired('quoteOrderQty');
  }
  for (const [name, v] of [['quantity', quantity], ['quoteOrderQty', quoteOrderQty], ['price', price], ['stopPrice', stopPrice]] as const) {
    if (strict && v !== undefined && decimalsOf(v) > 8) throw new BinanceError(400, -1111, `Parameter '${name}' has too much precision.`);
  }
  // Filters, with Binance's words. A quote-quantity order is checked on its notional alone:
  // the quantity it buys is rounded to the lot, never refused for it.
  if (quoteOrderQty !== undefined) {
    if (quoteOrderQty < inst.minNotional) throw new BinanceError(400, -1013, 'Filter failure: NOTIONAL');
  } else {
    const ref = book ? (side === 'BUY' ? book.asks[0]?.[0] : book.bids[0]?.[0]) ?? 0 : 0;
    // A stop-market order's notional is checked at its stop price, the price it trades near.
    const problem = checkFilters(inst, quantity!, price ?? stopPrice, ref) ?? (stopPrice !== undefined && price !== undefined ? checkFilters(inst, quantity!, stopPrice, ref) : undefined);
    if (problem) throw filterError(problem.code, problem.text);
  }
  return { side, type, timeInForce, quantity, quoteOrderQty, price, stopPrice, ...(trailingDelta === undefined ? {} : { trailingDelta }), newClientOrderId, respType };
}

/**
 * What in-process callers of `SandboxExchange.placeOrder` have always been allowed (the REST
 * route is strict): LIMIT without timeInForce is GTC, a timeInForce or price on a MARKET order is
 * ignored, and a quantity in float noise (0.30000000000000004) is read as the number it is.
 */
function lenient(p: Params): Params {
  const q = new URLSearchParams(p);
  const type = q.get('type');
  if (type === 'LIMIT' && !q.get('timeInForce')) q.set('timeInForce', 'GTC');
  if ((type === 'STOP_LOSS_LIMIT' || type === 'TAKE_PROFIT_LIMIT') && !q.get('timeInForce')) q.set('timeInForce', 'GTC');
  if (type === 'MARKET' || type === 'LIMIT_MAKER' || type === 'STOP_LOSS' || type === 'TAKE_PROFIT') q.delete('timeInForce');
  if (type === 'MARKET' || type === 'STOP_LOSS' || type === 'TAKE_PROFIT') q.delete('price');
  for (const name of ['quantity', 'quoteOrderQty', 'price', 'stopPrice']) {
    const v = q.get(name);
    if (v !== null && /e/i.test(v) && Number.isFinite(Number(v))) q.set(name, Number(v).toFixed(20).replace(/\.?0+$/, ''));
  }
  return q;
}

/**
 * Binance spot's error for each refusal code of the matching engine (and the shared filter
 * check): code and Binance's own words. A code not in the table is a plain NEW_ORDER_REJECTED
 * (-2010) carrying the engine's line.
 */
const SPOT_ERRORS: Partial<Record<RefusalCode, readonly [number, string]>> = {
  'balance.insufficient': [-2010, 'Account has insufficient balance for requested action.'],
  'qty.min-notional': [-1013, 'Filter failure: NOTIONAL'],
  'price.invalid': [-1013, 'Filter failure: PRICE_FILTER'],
  'price.tick-size': [-1013, 'Filter failure: PRICE_FILTER'],
  'qty.invalid': [-1013, 'Filter failure: LOT_SIZE'],
  'qty.min': [-1013, 'Filter failure: LOT_SIZE'],
  'qty.lot-size': [-1013, 'Filter failure: LOT_SIZE'],
  'market.no-book': [-1013, 'Order book liquidity is less than symbol minimum quantity.'],
};

/** The matching engine's refusal, as the Binance error that carries it (by its code; an older event without one is -2010). */
export function filterError(code: RefusalCode | undefined, text: string): BinanceError {
  const known = code === undefined ? undefined : SPOT_ERRORS[code];
  return known ? new BinanceError(400, known[0], known[1]) : new BinanceError(400, -2010, text);
}
