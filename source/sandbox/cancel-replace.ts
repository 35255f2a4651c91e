import { BinanceError } from './signing.js';
import type { SandboxExchange } from './sandbox-exchange.js';
import { CancelReplaceError, orderResponse } from './wire-orders.js';
import { optional, required } from './params.js';
import { wireSymbol } from './binance-format.js';

/** `POST /api/v3/order/cancelReplace`: cancel, then place, with Binance's -2021/-2022 answers. */
export function cancelReplace(exchange: SandboxExchange, apiKey: string, p: URLSearchParams): { cancelResult: string; newOrderResult: string; cancelResponse: unknown; newOrderResponse: unknown } {
  const mode = required(p, 'cancelReplaceMode');
  if (mode !== 'STOP_ON_FAILURE' && mode !== 'ALLOW_FAILURE') throw new BinanceError(400, -1130, "Data sent for parameter 'cancelReplaceMode' is not valid.");
  const { symbol, params } = exchange.checkOrder(p);
  const a = exchange.account(apiKey);
  let cancelResponse: unknown;
  let cancelled = false;
  try {
    const o = exchange.cancelRecord(a, p, 'cancelOrderId', 'cancelOrigClientOrderId');
    if (o.wire.symbol !== wireSymbol(symbol)) throw new BinanceError(400, -2011, 'Unknown order sent.');
    cancelResponse = exchange.cancel(a, o, optional(p, 'cancelNewClientOrderId'));
    cancelled = true;
  } catch (e) {
    if (!(e instanceof BinanceError)) throw e;
    cancelResponse = { code: e.code, msg: e.message };
  }
  if (!cancelled && mode === 'STOP_ON_FAILURE') {
    throw new CancelReplaceError(-2022, 'Order cancel-replace failed.', { cancelResult: 'FAILURE', newOrderResult: 'NOT_ATTEMPTED', cancelResponse, newOrderResponse: null });
  }
  let newOrderResponse: unknown;
  let placed = false;
  try {
    newOrderResponse = orderResponse(exchange.place(apiKey, symbol, params), params.respType);
    placed = true;
  } catch (e) {
    if (!(e instanceof BinanceError)) throw e;
    newOrderResponse = { code: e.code, msg: e.message };
  }
  const data = { cancelResult: cancelled ? 'SUCCESS' : 'FAILURE', newOrderResult: placed ? 'SUCCESS' : 'FAILURE', cancelResponse, newOrderResponse };
  if (!cancelled && !placed) throw new CancelReplaceError(-2022, 'Order cancel-replace failed.', data);
  if (!cancelled || !placed) throw new CancelReplaceError(-2021, 'Order cancel-replace partially failed.', data);
  return data;
}
