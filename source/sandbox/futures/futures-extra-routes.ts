import { decimal, integer, limit, missing, oneOf, optional, required } from '../params.js';
import { BinanceError } from '../signing.js';
import { futuresError } from './futures-errors.js';
import { orderAnswer } from './futures-format.js';
import { readFuturesOrder } from './futures-order-params.js';
import type { Credentials, FuturesRouteContext } from './futures-routes.js';

const ok = { code: 200, msg: 'success' };
const DAY = 86_400_000;
/** Binance: position margin history goes back 30 days, and at most 30 days between startTime and endTime. */
const HISTORY_DAYS = 30;

/** `type` of a position margin change: 1 add, 2 reduce (-1130 otherwise). */
function marginType(p: URLSearchParams): 1 | 2 | undefined {
  const t = oneOf(p, 'type', ['1', '2'] as const, -1130, "Data sent for parameter 'type' is not valid. (1: add margin, 2: reduce margin)");
  return t === undefined ? undefined : t === '1' ? 1 : 2;
}
/** Binance: "Max 5 orders" per batch. */
const MAX_BATCH = 5;

/** A JSON list parameter (`batchOrders`, `orderIdList`), checked. */
function jsonList(p: URLSearchParams, name: string): unknown[] {
  const raw = required(p, name);
  let list: unknown;
  try {
    list = JSON.parse(raw);
  } catch {
    throw new BinanceError(400, -1130, `Data sent for parameter '${name}' is not valid. (a JSON list)`);
  }
  if (!Array.isArray(list) || list.length === 0) throw new BinanceError(400, -1130, `Data sent for parameter '${name}' is not valid. (a JSON list, not empty)`);
  if (list.length > MAX_BATCH) throw new BinanceError(400, -1130, `Data sent for parameter '${name}' is not valid. (at most ${MAX_BATCH} entries)`);
  return list;
}

/** One batch entry's outcome: its answer, or Binance's `{code, msg}` in its place. */
function each<T>(run: () => T): T | { code: number; msg: string } {
  try {
    return run();
  } catch (e) {
    if (e instanceof BinanceError) return { code: e.code, msg: e.message };
    throw e;
  }
}

/**
 * USD-M endpoints bots call beside the order itself: order test, batch orders (place and
 * cancel, each entry through the single-order path), the countdown cancel-all, conditional
 * orders through the algo service (algo-orders.ts), and the multi-assets mode (always off: one
 * margin asset). Returns undefined for other paths.
 */
export function futuresExtraRoute(ctx: FuturesRouteContext, method: string, path: string, auth: Credentials): unknown {
  const { futures, clock } = ctx;
  const m = futures.market;
  switch (`${method} ${path}`) {
    case 'POST /fapi/v1/order/test': {
      // Binance: validated, never sent to the matching engine.
      const { key, params } = auth.signed();
      m.symbolOf(readFuturesOrder(params, futures.positionMode(key)).wireSymbol);
      return {};
    }
    case 'POST /fapi/v1/batchOrders': {
      const { key, params } = auth.signed();
      return jsonList(params, 'batchOrders').map((entry) => each(() => {
        if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) throw new BinanceError(400, -1130, "Data sent for parameter 'batchOrders' is not valid. (each entry an object of order parameters)");
        const q = new URLSearchParams(Object.entries(entry).map(([k, v]): [string, string] => [k, String(v)]));
        const o = readFuturesOrder(q, futures.positionMode(key));
        const placed = futures.place(key, m.symbolOf(o.wireSymbol), o);
        return orderAnswer(o.respType === 'RESULT' ? placed.now : placed.accepted);
      }));
    }
    case 'DELETE /fapi/v1/batchOrders': {
      const { key, params } = auth.signed();
      const symbol = m.symbolOf(required(params, 'symbol'));
      // Binance reads these names in any case: ccxt sends `orderidlist`.
      const named = (name: string) => [...params.keys()].find((k) => k.toLowerCase() === name.toLowerCase());
      const ids = named('orderIdList');
      const clientIds = named('origClientOrderIdList');
      if ((ids === undefined) === (clientIds === undefined)) throw new BinanceError(400, -1102, "Param 'orderIdList' or 'origClientOrderIdList' must be sent, but not both.");
      const byId = ids !== undefined;
      const list = jsonList(params, (ids ?? clientIds)!);
      return list.map((id) => each(() => {
        if (byId ? !Number.isInteger(id) : typeof id !== 'string') throw new BinanceError(400, -1130, `Data sent for parameter '${byId ? 'orderIdList' : 'origClientOrderIdList'}' is not valid. (${byId ? 'order ids' : 'client order ids'})`);
        return orderAnswer(futures.cancel(key, symbol, byId ? (id as number) : undefined, byId ? undefined : (id as string)));
      }));
    }
    case 'POST /fapi/v1/countdownCancelAll': {
      const { key, params } = auth.signed();
      const symbol = m.symbolOf(required(params, 'symbol'));
      const ms = integer(params, 'countdownTime');
      if (ms === undefined) throw missing('countdownTime');
      ctx.countdowns.set(key, symbol, ms, clock());
      return { symbol: required(params, 'symbol').toUpperCase(), countdownTime: String(ms) };
    }
    case 'POST /fapi/v1/algoOrder': {
      const { key, params } = auth.signed();
      return ctx.algos.place(key, params, clock());
    }
    case 'DELETE /fapi/v1/algoOrder': {
      const { key, params } = auth.signed();
      return ctx.algos.cancel(key, params, clock());
    }
    case 'GET /fapi/v1/algoOrder': {
      const { key, params } = auth.signed();
      return ctx.algos.get(key, params);
    }
    case 'GET /fapi/v1/openAlgoOrders': {
      const { key, params } = auth.signed();
      const symbol = optional(params, 'symbol');
      return ctx.algos.open(key, symbol === undefined ? undefined : m.symbolOf(symbol));
    }
    case 'GET /fapi/v1/allAlgoOrders': {
      const { key, params } = auth.signed();
      const symbol = m.symbolOf(required(params, 'symbol'));
      return ctx.algos.all(key, symbol, { algoId: integer(params, 'algoId'), startTime: integer(params, 'startTime'), endTime: integer(params, 'endTime'), limit: limit(params, 500, 1000) });
    }
    case 'DELETE /fapi/v1/algoOpenOrders': {
      const { key, params } = auth.signed();
      return ctx.algos.cancelAll(key, m.symbolOf(required(params, 'symbol')), clock());
    }
    case 'POST /fapi/v1/positionMargin': {
      const { key, params } = auth.signed();
      const symbol = m.symbolOf(required(params, 'symbol'));
      const positionSide = oneOf(params, 'positionSide', ['BOTH', 'LONG', 'SHORT'] as const, -1130, "Data sent for parameter 'positionSide' is not valid. (BOTH, LONG or SHORT)");
      const amount = decimal(params, 'amount');
      if (amount === undefined) throw missing('amount');
      const type = marginType(params);
      if (type === undefined) throw missing('type');
      // Binance's answer, word for word ("Modify Isolated Position Margin").
      return { ...futures.changeMargin(key, symbol, positionSide, amount, type), code: 200, msg: 'Successfully modify position margin.' };
    }
    case 'GET /fapi/v1/positionMargin/history': {
      const { key, params } = auth.signed();
      const symbol = m.symbolOf(required(params, 'symbol'));
      const now = clock();
      const endTime = integer(params, 'endTime') ?? now;
      const startTime = integer(params, 'startTime');
      if (startTime !== undefined && endTime - startTime > HISTORY_DAYS * DAY) throw futuresError(-4165, `at most ${HISTORY_DAYS} days between startTime and endTime`);
      // Binance keeps 30 days of it.
      return futures.marginHistory(key, symbol, { type: marginType(params), startTime: Math.max(startTime ?? 0, now - HISTORY_DAYS * DAY), endTime, limit: limit(params, 500, 1000) });
    }
    case 'GET /fapi/v1/multiAssetsMargin':
      auth.signed();
      return { multiAssetsMargin: false };
    case 'POST /fapi/v1/multiAssetsMargin': {
      const { params } = auth.signed();
      const on = oneOf(params, 'multiAssetsMargin', ['true', 'false'] as const, -1130, "Data sent for parameter 'multiAssetsMargin' is not valid. (true or false)");
      if (on === undefined) throw missing('multiAssetsMargin');
      if (on === 'true') throw futuresError(-1130, 'the sandbox has one margin asset, USDT: multi-assets mode cannot be switched on');
      optional(params, 'recvWindow');
      return ok;
    }
    default:
      return undefined;
  }
}
