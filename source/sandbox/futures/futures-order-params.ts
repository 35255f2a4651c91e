import type { PositionMode, PositionSide } from '../../domain/index.js';
import { decimal, missing, oneOf, optional, required, type Params } from '../params.js';
import { BinanceError } from '../signing.js';
import { futuresError } from './futures-errors.js';
import type { WireTif } from './futures-format.js';

/** A `POST /fapi/v1/order` request, read and checked. */
export interface FuturesOrderParams {
  readonly wireSymbol: string;
  readonly side: 'BUY' | 'SELL';
  readonly type: 'LIMIT' | 'MARKET';
  readonly positionSide: PositionSide;
  readonly timeInForce: WireTif;
  readonly quantity: number;
  readonly price?: number;
  readonly reduceOnly: boolean;
  readonly newClientOrderId?: string;
  readonly respType: 'ACK' | 'RESULT';
}

const CLIENT_ID = /^[.A-Z:/a-z0-9_-]{1,36}$/;
/**
 * Conditional orders live in Binance's algo-order service since 2025-12 (POST /fapi/v1/algoOrder):
 * `/fapi/v1/order` and `batchOrders` answer them -4120. The sandbox matches plain ones only.
 */
const CONDITIONAL = ['STOP', 'TAKE_PROFIT', 'STOP_MARKET', 'TAKE_PROFIT_MARKET', 'TRAILING_STOP_MARKET'];

const notRequired = (name: string, why: string) => new BinanceError(400, -1106, `Parameter '${name}' sent when not required. (${why})`);

/**
 * Reads a new futures order as Binance documents it: LIMIT needs timeInForce, quantity and
 * price; MARKET needs quantity and takes no price; positionSide must match the account's
 * mode (-4061); in hedge mode reduceOnly is not sent (-1106): the position side says it.
 */
export function readFuturesOrder(p: Params, mode: PositionMode): FuturesOrderParams {
  const wireSymbol = required(p, 'symbol');
  const side = oneOf(p, 'side', ['BUY', 'SELL'] as const, -1117, 'Invalid side. (BUY or SELL)');
  if (side === undefined) throw missing('side');
  const rawType = required(p, 'type');
  if (CONDITIONAL.includes(rawType)) throw futuresError(-4120, `${rawType} is a conditional order: POST /fapi/v1/algoOrder with algoType CONDITIONAL`);
  if (rawType !== 'LIMIT' && rawType !== 'MARKET') throw futuresError(-1116, 'LIMIT or MARKET');
  const type = rawType;
  const positionSide = oneOf(p, 'positionSide', ['BOTH', 'LONG', 'SHORT'] as const, -1130, "Data sent for parameter 'positionSide' is not valid. (BOTH, LONG or SHORT)") ?? 'BOTH';
  if (mode === 'one-way' && positionSide !== 'BOTH') throw futuresError(-4061, `the account is in one-way mode: positionSide is BOTH (or left out); switch with POST /fapi/v1/positionSide/dual`);
  if (mode === 'hedge' && positionSide === 'BOTH') throw futuresError(-4061, 'the account is in hedge mode: positionSide LONG or SHORT');
  const reduceOnlyRaw = oneOf(p, 'reduceOnly', ['true', 'false'] as const, -1130, "Data sent for parameter 'reduceOnly' is not valid. (true or false)");
  if (mode === 'hedge' && reduceOnlyRaw !== undefined) throw notRequired('reduceonly', 'in hedge mode a sell of LONG or a buy of SHORT only reduces');
  if (optional(p, 'closePosition') === 'true') throw futuresError(-1116, 'closePosition is for STOP_MARKET and TAKE_PROFIT_MARKET, which the sandbox does not serve; send a reduce-only MARKET order');
  if (optional(p, 'stopPrice') !== undefined) throw notRequired('stopPrice', 'LIMIT and MARKET orders take no stopPrice');
  const quantity = decimal(p, 'quantity');
  if (quantity === undefined) throw missing('quantity');
  if (!(quantity > 0)) throw futuresError(-4003);
  const price = decimal(p, 'price');
  const tifRaw = oneOf(p, 'timeInForce', ['GTC', 'IOC', 'FOK', 'GTX'] as const, -1115, 'Invalid timeInForce. (GTC, IOC, FOK or GTX)');
  if (type === 'LIMIT') {
    if (tifRaw === undefined) throw missing('timeInForce');
    if (price === undefined) throw missing('price');
    if (!(price > 0)) throw new BinanceError(400, -4013, 'Price less than min price.');
  } else if (price !== undefined) throw notRequired('price', 'a MARKET order fills at the book');
  const newClientOrderId = optional(p, 'newClientOrderId');
  if (newClientOrderId !== undefined && !CLIENT_ID.test(newClientOrderId)) throw futuresError(-4015, 'up to 36 of A-Z a-z 0-9 . : / _ -');
  const respType = oneOf(p, 'newOrderRespType', ['ACK', 'RESULT'] as const, -1130, "Data sent for parameter 'newOrderRespType' is not valid. (ACK or RESULT)") ?? 'ACK';
  return { wireSymbol, side, type, positionSide, timeInForce: type === 'MARKET' ? 'GTC' : tifRaw!, quantity, price, reduceOnly: reduceOnlyRaw === 'true', newClientOrderId, respType };
}
