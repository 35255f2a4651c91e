import { accountRoute, placeOrderRoute, publicRoute, type RouteContext } from './rest-routes.js';
import { BinanceError } from './signing.js';

/**
 * The WebSocket API's trading and market-data methods, each answered by the REST route Binance
 * documents it as the twin of (same parameters, same checks, same answer), so there is one order
 * path whichever way a request comes in.
 */
const PUBLIC_METHODS: Readonly<Record<string, string>> = {
  depth: '/api/v3/depth', exchangeInfo: '/api/v3/exchangeInfo', klines: '/api/v3/klines', uiKlines: '/api/v3/uiKlines', avgPrice: '/api/v3/avgPrice',
  'ticker.24hr': '/api/v3/ticker/24hr', 'ticker.price': '/api/v3/ticker/price', 'ticker.book': '/api/v3/ticker/bookTicker',
  'trades.recent': '/api/v3/trades', 'trades.historical': '/api/v3/historicalTrades', 'trades.aggregate': '/api/v3/aggTrades',
};

const SIGNED_METHODS: Readonly<Record<string, readonly [string, string]>> = {
  'order.place': ['POST', '/api/v3/order'], 'order.test': ['POST', '/api/v3/order/test'], 'order.status': ['GET', '/api/v3/order'], 'order.cancel': ['DELETE', '/api/v3/order'],
  'order.cancelReplace': ['POST', '/api/v3/order/cancelReplace'], 'openOrders.status': ['GET', '/api/v3/openOrders'], 'openOrders.cancelAll': ['DELETE', '/api/v3/openOrders'],
  'orderList.place.oco': ['POST', '/api/v3/orderList/oco'], 'orderList.place.oto': ['POST', '/api/v3/orderList/oto'], 'orderList.place.otoco': ['POST', '/api/v3/orderList/otoco'], 'orderList.status': ['GET', '/api/v3/orderList'], 'orderList.cancel': ['DELETE', '/api/v3/orderList'],
  'openOrderLists.status': ['GET', '/api/v3/openOrderList'], allOrders: ['GET', '/api/v3/allOrders'], myTrades: ['GET', '/api/v3/myTrades'], 'account.status': ['GET', '/api/v3/account'],
  'account.commission': ['GET', '/api/v3/account/commission'], 'account.rateLimits.orders': ['GET', '/api/v3/rateLimit/order'], myPreventedMatches: ['GET', '/api/v3/myPreventedMatches'], allOrderLists: ['GET', '/api/v3/allOrderList'],
};

/** The trading and market-data methods served, for the -1020 answer and the docs. */
export const WS_REQUEST_METHODS: readonly string[] = [...Object.keys(PUBLIC_METHODS), ...Object.keys(SIGNED_METHODS)];

export const isSigned = (method: string): boolean => method in SIGNED_METHODS;

/** The JSON params as REST's query parameters: lists (`symbols`) as JSON arrays; the credentials left out. */
function asQuery(params: Record<string, unknown>): URLSearchParams {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (k === 'apiKey' || k === 'signature' || v === undefined) continue;
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') q.set(k, String(v));
    else if (Array.isArray(v)) q.set(k, JSON.stringify(v));
    else throw new BinanceError(400, -1130, `Data sent for parameter '${k}' is not valid.`);
  }
  return q;
}

/**
 * Answers one WebSocket API request through its REST route. `key` is the account of a signed
 * method (verified by the caller); undefined for the market-data ones. Returns undefined for a
 * method it does not serve.
 */
export function wsRequest(ctx: RouteContext, method: string, params: Record<string, unknown>, key: string | undefined): unknown {
  const q = asQuery(params);
  const path = PUBLIC_METHODS[method];
  if (path !== undefined) return publicRoute(ctx, 'GET', path, q);
  const route = SIGNED_METHODS[method];
  if (route === undefined || key === undefined) return undefined;
  if (method === 'order.place') return placeOrderRoute(ctx, key, q).body;
  return accountRoute(ctx, key, route[0], route[1], q);
}
