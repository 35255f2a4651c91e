import { decimal, missing, oneOf, optional, required, type Params } from './params.js';
import { BinanceError } from './signing.js';
import { isOpen, type UserEvent, type WireOrder } from './wire-orders.js';

/**
 * Binance's OCO order lists as the sandbox serves them: `POST /api/v3/orderList/oco` (above and
 * below legs) and the older `POST /api/v3/order/oco` read into one shape, the price checks
 * Binance makes, and the list's shapes (`listStatus` events, REST answers).
 *
 * As Binance: one leg is a LIMIT_MAKER, TAKE_PROFIT or TAKE_PROFIT_LIMIT (the take-profit
 * side, above a sell's last price and below a buy's), the other a STOP_LOSS or STOP_LOSS_LIMIT.
 */

/** One OCO, checked: the two legs as `POST /api/v3/order` parameters, take-profit side first. */
export interface OcoRequest {
  readonly side: 'BUY' | 'SELL';
  /** The take-profit side's price the last price must not have passed: a LIMIT_MAKER's or TAKE_PROFIT_LIMIT's limit, a TAKE_PROFIT's stop. */
  readonly limitPrice: number;
  readonly stopPrice: number;
  readonly limitLeg: URLSearchParams;
  readonly stopLeg: URLSearchParams;
  readonly listClientOrderId?: string;
  readonly respType: 'ACK' | 'RESULT' | 'FULL';
}

/** An order list of one account. */
export interface OrderList {
  readonly orderListId: number;
  /** OTO for OTO and OTOCO lists, as Binance names both. */
  readonly contingencyType: 'OCO' | 'OTO';
  readonly listClientOrderId: string;
  readonly symbol: string;
  /** An OCO: the stop leg first, then the other, as Binance lists them; an OTO(CO): the working order first, then the pending ones. */
  readonly orderIds: readonly number[];
  status: 'EXECUTING' | 'ALL_DONE';
  transactionTime: number;
}

const STOP_LOSS = ['STOP_LOSS', 'STOP_LOSS_LIMIT'];
const LIMIT_SIDE = ['LIMIT_MAKER', 'TAKE_PROFIT', 'TAKE_PROFIT_LIMIT'];
const LEG_TYPES = ['STOP_LOSS_LIMIT', 'STOP_LOSS', 'LIMIT_MAKER', 'TAKE_PROFIT', 'TAKE_PROFIT_LIMIT'] as const;

interface Leg {
  readonly type: (typeof LEG_TYPES)[number];
  readonly price?: string;
  readonly stopPrice?: string;
  readonly timeInForce?: string;
  readonly clientOrderId?: string;
}

/**
 * `POST /api/v3/orderList/oco` (`legacy` false) or `POST /api/v3/order/oco` (true); with
 * `prefix` 'pending', an OTOCO's pending pair (`pendingSide`, `pendingAboveType`, ...).
 */
export function readOco(p: Params, legacy: boolean, prefix: '' | 'pending' = ''): OcoRequest {
  const n = (field: string) => (prefix ? prefix + field[0].toUpperCase() + field.slice(1) : field);
  const side = oneOf(p, n('side'), ['BUY', 'SELL'] as const, -1117, 'Invalid side.');
  if (!side) throw missing(n('side'));
  const quantity = required(p, n('quantity'));
  decimal(p, n('quantity'));
  let limit: Leg;
  let stop: Leg;
  if (legacy) {
    // The older endpoint: `price` is the LIMIT_MAKER's, `stopPrice` with `stopLimitPrice` the stop-limit's.
    required(p, 'price');
    required(p, 'stopPrice');
    const stopLimitPrice = optional(p, 'stopLimitPrice');
    const stopTif = optional(p, 'stopLimitTimeInForce');
    if (stopLimitPrice !== undefined && stopTif === undefined) throw missing('stopLimitTimeInForce');
    limit = { type: 'LIMIT_MAKER', price: p.get('price')!, clientOrderId: optional(p, 'limitClientOrderId') };
    stop = { type: stopLimitPrice === undefined ? 'STOP_LOSS' : 'STOP_LOSS_LIMIT', price: stopLimitPrice, stopPrice: p.get('stopPrice')!, timeInForce: stopTif, clientOrderId: optional(p, 'stopClientOrderId') };
  } else {
    const leg = (at: 'above' | 'below'): Leg => {
      const type = oneOf(p, n(`${at}Type`), LEG_TYPES, -1158, 'Order type not supported in OCO.');
      if (!type) throw missing(n(`${at}Type`));
      return { type, price: optional(p, n(`${at}Price`)), stopPrice: optional(p, n(`${at}StopPrice`)), timeInForce: optional(p, n(`${at}TimeInForce`)), clientOrderId: optional(p, n(`${at}ClientOrderId`)) };
    };
    const above = leg('above');
    const below = leg('below');
    if (above.type === 'LIMIT_MAKER' && below.type === 'LIMIT_MAKER') throw new BinanceError(400, -1168, 'At least one OCO order must be contingent.');
    // Binance's placement rules: a sell's stop-loss below and its limit above, a buy's the other way.
    const [want, other] = side === 'SELL' ? [below, above] : [above, below];
    const [wantAt, otherAt] = side === 'SELL' ? ['below', 'above'] : ['above', 'below'];
    if (!STOP_LOSS.includes(want.type)) {
      if (STOP_LOSS.includes(other.type)) throw new BinanceError(400, side === 'SELL' ? -1197 : -1196, `A stop loss order in a ${side.toLowerCase()} OCO must be ${wantAt}.`);
      throw new BinanceError(400, -1158, `Order type not supported in OCO: one leg must be STOP_LOSS or STOP_LOSS_LIMIT (${wantAt} for a ${side.toLowerCase()}).`);
    }
    if (!LIMIT_SIDE.includes(other.type)) throw new BinanceError(400, side === 'SELL' ? -1166 : -1165, `A limit order in a ${side.toLowerCase()} OCO must be ${otherAt}.`);
    if (other.type !== 'TAKE_PROFIT' && other.price === undefined) throw missing(n(`${otherAt}Price`));
    if (other.type !== 'LIMIT_MAKER' && other.stopPrice === undefined) throw missing(n(`${otherAt}StopPrice`));
    if (other.type === 'TAKE_PROFIT_LIMIT' && other.timeInForce === undefined) throw missing(n(`${otherAt}TimeInForce`));
    if (want.stopPrice === undefined) throw missing(n(`${wantAt}StopPrice`));
    if (want.type === 'STOP_LOSS_LIMIT' && want.timeInForce === undefined) throw missing(n(`${wantAt}TimeInForce`));
    limit = other;
    stop = want;
  }
  const respType = oneOf(p, 'newOrderRespType', ['ACK', 'RESULT', 'FULL'] as const, -1130, "Data sent for parameter 'newOrderRespType' is not valid.") ?? 'FULL';
  const symbol = p.get('symbol') ?? '';
  const params = (leg: Leg): URLSearchParams => {
    const q = new URLSearchParams({ symbol, side, type: leg.type, quantity, newOrderRespType: respType });
    if (leg.price !== undefined) q.set('price', leg.price);
    if (leg.stopPrice !== undefined) q.set('stopPrice', leg.stopPrice);
    if (leg.timeInForce !== undefined) q.set('timeInForce', leg.timeInForce);
    if (leg.clientOrderId !== undefined) q.set('newClientOrderId', leg.clientOrderId);
    return q;
  };
  return { side, limitPrice: Number(limit.type === 'TAKE_PROFIT' ? limit.stopPrice : limit.price), stopPrice: Number(stop.stopPrice), limitLeg: params(limit), stopLeg: params(stop), listClientOrderId: optional(p, 'listClientOrderId'), respType };
}

/** Binance's price rule for an OCO: a sell's limit over the last trade and its stop under it; a buy's the other way. */
export function checkOcoPrices(o: Pick<OcoRequest, 'side' | 'limitPrice' | 'stopPrice'>, last: number): void {
  const ok = o.side === 'SELL' ? o.limitPrice > last && last > o.stopPrice : o.limitPrice < last && last < o.stopPrice;
  if (!ok) throw new BinanceError(400, -2010, 'The relationship of the prices for the orders is not correct.');
}

/**
 * Whether a list has ended: an OCO once either leg has (filled, cancelled, or expired by the
 * other's fill or trigger); an OTO(CO) once no order of it is open or pending (its pending
 * orders are placed when the working one fills).
 */
export function listEnded(list: OrderList, orders: (id: number) => WireOrder): boolean {
  const open = list.orderIds.map((id) => isOpen(orders(id)));
  return list.contingencyType === 'OCO' ? open.some((o) => !o) : open.every((o) => !o);
}

const legs = (list: OrderList, orders: (id: number) => WireOrder) => list.orderIds.map((id) => orders(id));

/** The list as `GET /api/v3/orderList` answers, and as new-OCO and cancel answers begin. */
export function listShape(list: OrderList, orders: (id: number) => WireOrder): Record<string, unknown> {
  return {
    orderListId: list.orderListId, contingencyType: list.contingencyType, listStatusType: list.status === 'EXECUTING' ? 'EXEC_STARTED' : 'ALL_DONE', listOrderStatus: list.status, listClientOrderId: list.listClientOrderId,
    transactionTime: list.transactionTime, symbol: list.symbol, orders: legs(list, orders).map((w) => ({ symbol: w.symbol, orderId: w.orderId, clientOrderId: w.clientOrderId })),
  };
}

/** The `listStatus` user-data event. */
export function listStatusEvent(list: OrderList, orders: (id: number) => WireOrder, now: number): UserEvent {
  const s = listShape(list, orders);
  return {
    e: 'listStatus', E: now, s: list.symbol, g: list.orderListId, c: list.contingencyType, l: s.listStatusType, L: list.status, r: 'NONE', C: list.listClientOrderId, T: list.transactionTime,
    O: legs(list, orders).map((w) => ({ s: w.symbol, i: w.orderId, c: w.clientOrderId })),
  };
}
