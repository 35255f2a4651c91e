import type { Order, TrailingTerms } from '../../domain/index.js';
import { stopKind } from '../../domain/index.js';
import { exchangeBody } from './ccxt-errors.js';

/**
 * Binance spot requests for stops, OCOs and cancel-replace, built from our orders. Pure: the
 * exchange's precision comes in as functions, so tests read the requests as data.
 */

/** Number formatting with the market's precision (ccxt's amountToPrecision / priceToPrecision). */
export interface Precision {
  amount(n: number): string;
  price(n: number): string;
}

/** Whether the order still waits for its trigger (a stop set off works as its plain order). */
const armed = (o: Pick<Order, 'stopPrice' | 'triggeredAt'>): boolean => o.stopPrice !== undefined && o.triggeredAt === undefined;

/**
 * ccxt `createOrder` params for a stop on Binance spot: `stopLossPrice` makes a limit order
 * STOP_LOSS_LIMIT and a market order STOP_LOSS, `takeProfitPrice` TAKE_PROFIT(_LIMIT); ccxt
 * sends the price as `stopPrice`. Which one follows from the side and the trigger direction
 * (a sell that fires as the price falls is a stop-loss), as Binance's types define them.
 */
export function stopOrderParams(order: Pick<Order, 'side' | 'stopPrice' | 'stopTrigger' | 'triggeredAt' | 'trailing'>): Record<string, unknown> {
  if (!armed(order)) return {};
  if (order.trailing) return trailingParams(order.side, order.trailing);
  return stopKind(order) === 'stop-loss' ? { stopLossPrice: order.stopPrice } : { takeProfitPrice: order.stopPrice };
}

/**
 * A trailing stop on Binance spot, as ccxt's binance sends it: `trailingPercent` becomes
 * `trailingDelta` in BIPS (2% = 200) and `trailingTriggerPrice` the activation `stopPrice`. Its
 * type follows Binance's table: an activation the price reaches rising is a sell's TAKE_PROFIT
 * or a buy's STOP_LOSS, one it reaches falling the other way round; none trails at once (STOP_LOSS).
 */
export function trailingParams(side: Order['side'], t: TrailingTerms): Record<string, unknown> {
  if (t.unit !== 'percent') throw new Error('Binance trails by a percent only (trailingDelta in BIPS)');
  const rising = t.activateWhen === 'above';
  const takeProfit = t.activation !== undefined && (side === 'sell') === rising;
  return { trailingPercent: t.distance, stopLossOrTakeProfit: takeProfit ? 'takeProfit' : 'stopLoss', ...(t.activation === undefined ? {} : { trailingTriggerPrice: t.activation }) };
}

/** Binance's order type for one of our orders. */
export function binanceType(order: Pick<Order, 'type' | 'side' | 'stopPrice' | 'stopTrigger' | 'triggeredAt' | 'trailing' | 'postOnly'>): string {
  if (!armed(order)) return order.postOnly && order.type === 'limit' ? 'LIMIT_MAKER' : order.type.toUpperCase();
  const kind = order.trailing ? (trailingParams(order.side, order.trailing).stopLossOrTakeProfit === 'takeProfit' ? 'TAKE_PROFIT' : 'STOP_LOSS') : stopKind(order) === 'stop-loss' ? 'STOP_LOSS' : 'TAKE_PROFIT';
  return order.type === 'limit' ? `${kind}_LIMIT` : kind;
}

/**
 * `POST /api/v3/orderList/oco` for our OCO: the limit leg as LIMIT_MAKER, the stop leg as
 * STOP_LOSS(_LIMIT). A sell's limit is the above leg and its stop the below one; a buy's the
 * other way round. Each leg carries our client order id, so the exchange's reports find them.
 */
export function ocoRequest(marketId: string, limit: Order, stop: Order, p: Precision): Record<string, string> {
  const [limitAt, stopAt] = limit.side === 'sell' ? ['above', 'below'] : ['below', 'above'];
  const r: Record<string, string> = {
    symbol: marketId,
    side: limit.side.toUpperCase(),
    quantity: p.amount(limit.qty),
    // Unique among open lists; ours are unique per order already.
    listClientOrderId: `${limit.clientOrderId}-oco`.slice(-36),
    newOrderRespType: 'FULL',
    [`${limitAt}Type`]: 'LIMIT_MAKER',
    [`${limitAt}Price`]: p.price(limit.price!),
    [`${limitAt}ClientOrderId`]: limit.clientOrderId,
    [`${stopAt}Type`]: stop.type === 'limit' ? 'STOP_LOSS_LIMIT' : 'STOP_LOSS',
    [`${stopAt}StopPrice`]: p.price(stop.stopPrice!),
    [`${stopAt}ClientOrderId`]: stop.clientOrderId,
  };
  if (stop.type === 'limit') {
    r[`${stopAt}Price`] = p.price(stop.price!);
    r[`${stopAt}TimeInForce`] = 'GTC';
  }
  return r;
}

/** Both halves of a Binance cancelReplace: from its answer, or from the body of its -2021/-2022 error. */
export interface CancelReplaceHalves {
  readonly cancelResult: 'SUCCESS' | 'FAILURE';
  readonly newOrderResult: 'SUCCESS' | 'FAILURE' | 'NOT_ATTEMPTED';
  readonly cancelResponse: Record<string, unknown> | null;
  readonly newOrderResponse: Record<string, unknown> | null;
}

/**
 * The halves a failed cancelReplace reports in its error body (`{code, msg, data: {...}}`,
 * which ccxt puts in the error message after the exchange id), or undefined when the error is
 * anything else.
 */
export function cancelReplaceHalves(err: unknown): CancelReplaceHalves | undefined {
  const body = exchangeBody(err);
  if (!body || (body.code !== -2021 && body.code !== -2022) || typeof body.data !== 'object' || body.data === null) return undefined;
  return body.data as CancelReplaceHalves;
}

/** An error half (`{code, msg}`) as one line. */
export function halfError(half: Record<string, unknown> | null): string {
  if (!half) return 'not attempted';
  return typeof half.msg === 'string' ? `${half.msg}${typeof half.code === 'number' ? ` (${half.code})` : ''}` : 'failed';
}
