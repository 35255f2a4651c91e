import { checkOcoPrices, readOco, type OcoRequest } from './order-lists.js';
import { decimal, missing, oneOf, optional, required, type Params } from './params.js';
import type { WireOrderType } from './wire-orders.js';

/**
 * Binance's OTO and OTOCO order lists as the sandbox reads them (`POST /api/v3/orderList/oto`,
 * `/otoco`): a working order, LIMIT or LIMIT_MAKER, and the pending order (OTO) or pending
 * OCO pair (OTOCO) placed once the working order has filled. Each order comes out as the
 * `POST /api/v3/order` parameters it is, for the single-order checks; the parameters a leg's
 * type needs are asked for by their list names (`workingPrice`, `pendingStopPrice`).
 */
export interface OtoRequest {
  readonly working: URLSearchParams;
  /** An OTO's one pending order, or an OTOCO's pending pair (its take-profit side first). */
  readonly pending: URLSearchParams | OcoRequest;
  readonly listClientOrderId?: string;
  readonly respType: 'ACK' | 'RESULT' | 'FULL';
}

const WORKING_TYPES = ['LIMIT', 'LIMIT_MAKER'] as const;
const PENDING_TYPES = ['LIMIT', 'MARKET', 'LIMIT_MAKER', 'STOP_LOSS', 'STOP_LOSS_LIMIT', 'TAKE_PROFIT', 'TAKE_PROFIT_LIMIT'] as const;
const PRICED: readonly WireOrderType[] = ['LIMIT', 'LIMIT_MAKER', 'STOP_LOSS_LIMIT', 'TAKE_PROFIT_LIMIT'];
const WITH_TIF: readonly WireOrderType[] = ['LIMIT', 'STOP_LOSS_LIMIT', 'TAKE_PROFIT_LIMIT'];
const STOPS: readonly WireOrderType[] = ['STOP_LOSS', 'STOP_LOSS_LIMIT', 'TAKE_PROFIT', 'TAKE_PROFIT_LIMIT'];

const respTypeOf = (p: Params) => oneOf(p, 'newOrderRespType', ['ACK', 'RESULT', 'FULL'] as const, -1130, "Data sent for parameter 'newOrderRespType' is not valid.") ?? 'FULL';

/** One order of the list (`prefix` working or pending) as single-order parameters. */
function leg(p: Params, prefix: 'working' | 'pending', types: readonly WireOrderType[], respType: string): URLSearchParams {
  const n = (field: string) => `${prefix}${field}`;
  const type = oneOf(p, n('Type'), types, -1116, `Invalid orderType: ${n('Type')} is one of ${types.join(', ')}.`);
  if (!type) throw missing(n('Type'));
  const side = oneOf(p, n('Side'), ['BUY', 'SELL'] as const, -1117, 'Invalid side.');
  if (!side) throw missing(n('Side'));
  const q = new URLSearchParams({ symbol: p.get('symbol') ?? '', side, type, quantity: required(p, n('Quantity')), newOrderRespType: respType });
  decimal(p, n('Quantity'));
  if (PRICED.includes(type)) q.set('price', required(p, n('Price')));
  if (STOPS.includes(type)) q.set('stopPrice', required(p, n('StopPrice')));
  if (WITH_TIF.includes(type)) q.set('timeInForce', required(p, n('TimeInForce')));
  const client = optional(p, n('ClientOrderId'));
  if (client !== undefined) q.set('newClientOrderId', client);
  return q;
}

/** `POST /api/v3/orderList/oto`. */
export function readOto(p: Params): OtoRequest {
  const respType = respTypeOf(p);
  return { working: leg(p, 'working', WORKING_TYPES, respType), pending: leg(p, 'pending', PENDING_TYPES, respType), listClientOrderId: optional(p, 'listClientOrderId'), respType };
}

/**
 * `POST /api/v3/orderList/otoco`: the pending pair is read as an OCO (`pendingSide`,
 * `pendingQuantity`, `pendingAbove*`, `pendingBelow*`) and its price rule is checked against
 * the working order's price, the price it will have filled at when the pair is placed.
 */
export function readOtoco(p: Params): OtoRequest {
  const respType = respTypeOf(p);
  const working = leg(p, 'working', WORKING_TYPES, respType);
  const pending = readOco(p, false, 'pending');
  checkOcoPrices(pending, Number(working.get('price')));
  return { working, pending, listClientOrderId: optional(p, 'listClientOrderId'), respType };
}
