import type { MarginMode } from '../../domain/index.js';
import { historyQuery } from '../sandbox-exchange.js';
import { decimal, integer, limit, missing, oneOf, optional, required } from '../params.js';
import { BinanceError } from '../signing.js';
import { accountAnswer, balanceAnswer, listedPositions, maxNotional, positionRiskRow, settingsOf } from './futures-account-view.js';
import { futuresError } from './futures-errors.js';
import { FuturesExchange, MAKER_FEE, TAKER_FEE } from './futures-exchange.js';
import { futuresWireSymbol, orderAnswer } from './futures-format.js';
import { readFuturesOrder } from './futures-order-params.js';
import { futuresPublicRoute, leverageBrackets } from './futures-public-routes.js';
import type { ListenKeys } from './listen-keys.js';
import type { Countdowns } from './countdowns.js';
import type { AlgoOrders } from './algo-orders.js';
import { futuresExtraRoute } from './futures-extra-routes.js';

/** What the futures routes need: the exchange, the listen keys, the clock, and the request's credentials. */
export interface FuturesRouteContext {
  readonly futures: FuturesExchange;
  readonly listenKeys: ListenKeys;
  readonly clock: () => number;
  /** Ends the user-data sockets of a listen key (DELETE /fapi/v1/listenKey). */
  readonly closeListenKey: (listenKey: string) => void;
  /** Countdown cancel-alls set with POST /fapi/v1/countdownCancelAll. */
  readonly countdowns: Countdowns;
  /** Conditional orders waiting in the algo service (POST /fapi/v1/algoOrder). */
  readonly algos: AlgoOrders;
}

export interface Credentials {
  /** The verified signed request: API key and parameters (throws Binance's error otherwise). */
  signed(): { key: string; params: URLSearchParams };
  /** A known API key from X-MBX-APIKEY, for USER_STREAM endpoints (no signature). */
  apiKey(): string;
}

const ok = { code: 200, msg: 'success' };

/**
 * Binance USD-M REST at `/fapi/*`: public market data, the signed account and trading endpoints
 * and the listen key. Returns undefined for a path it does not serve.
 */
export function futuresRoute(ctx: FuturesRouteContext, method: string, path: string, q: URLSearchParams, auth: Credentials): unknown {
  const { futures, clock } = ctx;
  const m = futures.market;
  const pub = futuresPublicRoute(m, method, path, q, clock());
  if (pub !== undefined) return pub;
  if (path === '/fapi/v1/listenKey') {
    const key = auth.apiKey();
    if (method === 'POST') return { listenKey: ctx.listenKeys.create(key) };
    if (method === 'PUT') return { listenKey: ctx.listenKeys.keepAlive(key) };
    if (method === 'DELETE') {
      // Binance answers {} for a key that is already gone too.
      const live = ctx.listenKeys.close(key);
      if (live !== undefined) ctx.closeListenKey(live);
      return {};
    }
    return undefined;
  }
  const extra = futuresExtraRoute(ctx, method, path, auth);
  if (extra !== undefined) return extra;
  if (!SIGNED.has(`${method} ${path}`)) return undefined;
  const { key, params: p } = auth.signed();
  const symbolParam = (): string => m.symbolOf(required(p, 'symbol'));
  const optionalSymbol = (): string | undefined => {
    const s = optional(p, 'symbol');
    return s === undefined ? undefined : m.symbolOf(s);
  };
  const all = () => m.instruments().map((i) => i.symbol);
  switch (`${method} ${path}`) {
    case 'GET /fapi/v2/account':
    case 'GET /fapi/v3/account':
      return accountAnswer(futures.state(key), all(), path === '/fapi/v2/account' ? 2 : 3, clock());
    case 'GET /fapi/v2/balance':
    case 'GET /fapi/v3/balance':
      return balanceAnswer(futures.state(key), clock());
    case 'GET /fapi/v2/positionRisk':
    case 'GET /fapi/v3/positionRisk': {
      const version = path === '/fapi/v2/positionRisk' ? 2 : 3;
      const one = optionalSymbol();
      const s = futures.state(key);
      return listedPositions(s, one ? [one] : all(), version).map((pos) => positionRiskRow(s, pos, version));
    }
    case 'GET /fapi/v1/symbolConfig': {
      const one = optionalSymbol();
      const s = futures.state(key);
      return (one ? [one] : all()).map((sym) => {
        const c = settingsOf(s, sym);
        return { symbol: futuresWireSymbol(sym), marginType: c.marginMode === 'cross' ? 'CROSSED' : 'ISOLATED', isAutoAddMargin: false, leverage: c.leverage, maxNotionalValue: String(maxNotional(s, sym, c.leverage) ?? 0) };
      });
    }
    case 'GET /fapi/v1/accountConfig':
      return { feeTier: 0, canTrade: true, canDeposit: true, canWithdraw: true, dualSidePosition: futures.positionMode(key) === 'hedge', updateTime: 0, multiAssetsMargin: false, tradeGroupId: -1 };
    case 'GET /fapi/v1/leverageBracket':
      return leverageBrackets(m, p);
    case 'GET /fapi/v1/commissionRate':
      return { symbol: futuresWireSymbol(symbolParam()), makerCommissionRate: MAKER_FEE.toFixed(6), takerCommissionRate: TAKER_FEE.toFixed(6) };
    case 'POST /fapi/v1/leverage': {
      const symbol = symbolParam();
      const raw = required(p, 'leverage');
      const leverage = /^\d{1,4}$/.test(raw) ? Number(raw) : NaN;
      if (!Number.isInteger(leverage)) throw futuresError(-4028, `leverage ${raw.slice(0, 20)}: a whole number from 1 to ${m.instrument(symbol).perpetual!.brackets[0].maxLeverage}`);
      futures.setLeverage(key, symbol, leverage);
      return { leverage, maxNotionalValue: String(maxNotional(futures.state(key), symbol, leverage) ?? 0), symbol: futuresWireSymbol(symbol) };
    }
    case 'POST /fapi/v1/marginType': {
      const symbol = symbolParam();
      const type = oneOf(p, 'marginType', ['ISOLATED', 'CROSSED'] as const, -1130, "Data sent for parameter 'marginType' is not valid. (ISOLATED or CROSSED)");
      if (type === undefined) throw missing('marginType');
      futures.setMarginMode(key, symbol, (type === 'ISOLATED' ? 'isolated' : 'cross') satisfies MarginMode);
      return ok;
    }
    case 'GET /fapi/v1/positionSide/dual':
      return { dualSidePosition: futures.positionMode(key) === 'hedge' };
    case 'POST /fapi/v1/positionSide/dual': {
      const dual = oneOf(p, 'dualSidePosition', ['true', 'false'] as const, -1130, "Data sent for parameter 'dualSidePosition' is not valid. (true or false)");
      if (dual === undefined) throw missing('dualSidePosition');
      futures.setPositionMode(key, dual === 'true' ? 'hedge' : 'one-way');
      return ok;
    }
    case 'POST /fapi/v1/order': {
      const o = readFuturesOrder(p, futures.positionMode(key));
      const placed = futures.place(key, m.symbolOf(o.wireSymbol), o);
      return orderAnswer(o.respType === 'RESULT' ? placed.now : placed.accepted);
    }
    case 'PUT /fapi/v1/order': {
      // Binance takes price or priceMatch; the sandbox serves a price only.
      if (optional(p, 'priceMatch') !== undefined) throw new BinanceError(400, -1130, "Data sent for parameter 'priceMatch' is not valid. (the sandbox does not serve priceMatch: send price)");
      const side = oneOf(p, 'side', ['BUY', 'SELL'] as const, -1117, 'Invalid side. (BUY or SELL)');
      if (side === undefined) throw missing('side');
      const quantity = decimal(p, 'quantity');
      if (quantity === undefined) throw missing('quantity');
      if (!(quantity > 0)) throw futuresError(-4003);
      const price = decimal(p, 'price');
      if (price === undefined) throw missing('price');
      if (!(price > 0)) throw new BinanceError(400, -4013, 'Price less than min price.');
      return orderAnswer(futures.modify(key, symbolParam(), integer(p, 'orderId'), optional(p, 'origClientOrderId'), side, quantity, price));
    }
    case 'GET /fapi/v1/order':
      return futures.findOrder(key, symbolParam(), integer(p, 'orderId'), optional(p, 'origClientOrderId'));
    case 'DELETE /fapi/v1/order':
      return orderAnswer(futures.cancel(key, symbolParam(), integer(p, 'orderId'), optional(p, 'origClientOrderId')));
    case 'DELETE /fapi/v1/allOpenOrders':
      futures.cancelAll(key, symbolParam());
      return { code: 200, msg: 'The operation of cancel all open order is done.' };
    case 'GET /fapi/v1/openOrders':
      return futures.openOrders(key, optionalSymbol());
    case 'GET /fapi/v1/openOrder': {
      const symbol = symbolParam();
      const o = futures.findOrder(key, symbol, integer(p, 'orderId'), optional(p, 'origClientOrderId'));
      if (o.status !== 'NEW' && o.status !== 'PARTIALLY_FILLED') throw new BinanceError(400, -2013, 'Order does not exist. (it is no longer open)');
      return o;
    }
    case 'GET /fapi/v1/allOrders': {
      const h = historyQuery(p, 'orderId');
      const list = futures.allOrders(key, symbolParam()).filter((o) => (h.orderId === undefined || o.orderId >= h.orderId) && inTime(o.time, h.startTime, h.endTime));
      return list.slice(0, h.limit ?? 500);
    }
    case 'GET /fapi/v1/userTrades': {
      const symbol = futuresWireSymbol(symbolParam());
      const h = historyQuery(p, 'fromId');
      const orderId = integer(p, 'orderId');
      const list = futures.trades(key).filter((t) => t.symbol === symbol && (orderId === undefined || t.orderId === orderId) && (h.fromId === undefined || t.id >= h.fromId) && inTime(t.time, h.startTime, h.endTime));
      const n = h.limit ?? 500;
      return h.fromId !== undefined || h.startTime !== undefined ? list.slice(0, n) : list.slice(-n);
    }
    case 'GET /fapi/v1/income': {
      const one = optionalSymbol();
      const type = optional(p, 'incomeType');
      const startTime = integer(p, 'startTime');
      const endTime = integer(p, 'endTime');
      const n = limit(p, 100, 1000);
      const list = futures.income(key).filter((r) => (one === undefined || r.symbol === futuresWireSymbol(one)) && (type === undefined || r.incomeType === type) && inTime(r.time, startTime, endTime));
      return startTime !== undefined ? list.slice(0, n) : list.slice(-n);
    }
    default:
      return undefined;
  }
}

const inTime = (t: number, start?: number, end?: number): boolean => (start === undefined || t >= start) && (end === undefined || t <= end);

const SIGNED = new Set([
  'GET /fapi/v2/account', 'GET /fapi/v3/account', 'GET /fapi/v2/balance', 'GET /fapi/v3/balance', 'GET /fapi/v2/positionRisk', 'GET /fapi/v3/positionRisk',
  'GET /fapi/v1/symbolConfig', 'GET /fapi/v1/accountConfig', 'GET /fapi/v1/leverageBracket', 'GET /fapi/v1/commissionRate', 'POST /fapi/v1/leverage',
  'POST /fapi/v1/marginType', 'GET /fapi/v1/positionSide/dual', 'POST /fapi/v1/positionSide/dual', 'POST /fapi/v1/order', 'GET /fapi/v1/order',
  'DELETE /fapi/v1/order', 'PUT /fapi/v1/order', 'DELETE /fapi/v1/allOpenOrders', 'GET /fapi/v1/openOrders', 'GET /fapi/v1/openOrder', 'GET /fapi/v1/allOrders',
  'GET /fapi/v1/userTrades', 'GET /fapi/v1/income',
]);
