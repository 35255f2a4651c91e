import type { BodySpec } from './api-body.js';
import type { ApiContext, ApiRequest } from './api-context.js';
import type { ApiReply } from './api-errors.js';
import { cancelAllOrders, cancelOrder, flatten, placeOrder, resume, signal, startStrategy, stopStrategy, writeOffStrategy } from './api-commands.js';
import { alertsRead, equityRead, historyRead, ordersRead, pnlRead, positionsRead, tradesRead } from './api-reads.js';
import { openApiDocument } from './openapi.js';

/** Under this prefix every route lives; a later version gets a prefix of its own. */
export const API_PREFIX = '/api/v1';

export type HttpMethod = 'GET' | 'POST' | 'DELETE';

export interface QuerySpec {
  readonly description: string;
  readonly enum?: readonly string[];
}

/**
 * One route: what it is (for openapi.json and the 404's list) and what it does. The server,
 * the document and the tests all read this one table, so a route cannot be served without
 * being documented, nor documented without being served.
 */
export interface Route {
  readonly method: HttpMethod;
  /** Below API_PREFIX; `:id` is a path parameter. */
  readonly path: string;
  readonly summary: string;
  readonly query?: Readonly<Record<string, QuerySpec>>;
  /** The body it takes (checked before the handler runs); absent: no body. */
  readonly body?: BodySpec;
  /** `body`: the token is in the body (signals), not the header. Default: the bearer token. */
  readonly auth?: 'body';
  /**
   * Refused while the daemon is stopping (a SIGTERM settling orders in flight): what opens risk
   * or lets orders through. Cancels, stops and the kill switch take risk off and are never refused.
   */
  readonly refusedWhileStopping?: true;
  /** The status of its success. */
  readonly ok: 200 | 201;
  readonly handle: (ctx: ApiContext, req: ApiRequest) => ApiReply | Promise<ApiReply>;
}

const read = (f: (ctx: ApiContext, req: ApiRequest) => unknown) => (ctx: ApiContext, req: ApiRequest): ApiReply => ({ status: 200, body: f(ctx, req) });

export const ROUTES: readonly Route[] = [
  { method: 'GET', path: '/status', summary: 'pid, uptime, venue, mode, link, running strategies, attached terminals, the kill switch', ok: 200, handle: read((c) => c.status()) },
  { method: 'GET', path: '/balances', summary: 'balances by asset (free, locked)', ok: 200, handle: read((c) => c.session.balance()) },
  { method: 'GET', path: '/positions', summary: 'spot positions marked to the last price, and perpetual positions', ok: 200, handle: read((c) => positionsRead(c.session)) },
  { method: 'GET', path: '/orders', summary: 'open orders (all=true: every order the state holds)', query: { all: { description: 'true: closed orders too', enum: ['true', 'false'] } }, ok: 200, handle: read((c, r) => ordersRead(c.session, r.query)) },
  { method: 'GET', path: '/trades', summary: 'the most recent fills, oldest first', query: { limit: { description: 'how many, 1 to 1000 (default all the state holds)' } }, ok: 200, handle: read((c, r) => tradesRead(c.session, r.query)) },
  { method: 'GET', path: '/strategies', summary: 'strategy instances with their own figures', ok: 200, handle: read((c) => c.session.strategies()) },
  { method: 'GET', path: '/alerts', summary: 'price alerts set now, and the 20 that fired last', ok: 200, handle: read((c) => alertsRead(c.session)) },
  { method: 'GET', path: '/pnl', summary: 'realised PnL (net of fees, and the fees in it) over a UTC period, and unrealised now, by quote currency', query: { period: { description: 'the UTC period (default day; weeks begin on Monday)', enum: ['day', 'week', 'month'] } }, ok: 200, handle: read((c, r) => pnlRead(c, r.query)) },
  { method: 'GET', path: '/equity', summary: 'the account\'s value now (spot at last prices plus the perpetual margin balance) and its samples, one a minute, kept a week', query: { since: { description: 'epoch ms: samples after it (default: the last 24 hours)' } }, ok: 200, handle: read((c, r) => equityRead(c, r.query)) },
  { method: 'GET', path: '/history', summary: 'the ledger\'s events, most recent last', query: { type: { description: 'an event type or prefix: order, order/filled, strategy, user' }, limit: { description: '1 to 1000 (default 50)' } }, ok: 200, handle: read((c, r) => historyRead(c.session, r.query)) },
  {
    method: 'POST', path: '/orders', summary: 'place an order through the same checks as the keyboard', ok: 201, handle: placeOrder, refusedWhileStopping: true,
    body: {
      symbol: { type: 'string', required: true, description: 'the market, like BTC/USDT' },
      side: { type: 'string', required: true, enum: ['buy', 'sell'], description: 'buy or sell' },
      quantity: { type: 'number', required: true, description: 'in the base asset (0.01 for 0.01 BTC of BTC/USDT)' },
      price: { type: 'number', description: 'the limit price in the quote asset; without it a market order' },
      type: { type: 'string', enum: ['market', 'limit', 'trailing-stop'], description: 'default: limit with a price, else market; trailing-stop needs "trailing"' },
      trailing: { type: 'string', description: 'a trailing stop\'s distance: a percent (2%) or a price distance (150); the order is then a trailing stop-market order' },
      activation: { type: 'number', description: 'a trailing stop starts trailing once the price reaches this (default: at once)' },
      tif: { type: 'string', enum: ['GTC', 'IOC', 'FOK'], description: 'a limit order\'s time in force (default GTC)' },
      postOnly: { type: 'boolean', description: 'a limit order that only rests: refused if it would trade at once' },
      stopPrice: { type: 'number', description: 'a stop order: it waits until the last price reaches this, then is the market order (or the limit order at "price") it names' },
      reduceOnly: { type: 'boolean', description: 'perpetuals: the order may only reduce the position, never add to or flip it' },
      force: { type: 'boolean', description: 'send even when the price or size is unusual (the shell\'s --force)' },
      tp: { type: 'number', description: 'a bracket\'s take-profit: with "sl", exits placed as one OCO once the order fills, for what it filled' },
      sl: { type: 'number', description: 'a bracket\'s stop-loss (a stop-market exit); needs "tp"' },
    },
  },
  { method: 'DELETE', path: '/orders', summary: 'cancel every open order (of one market with symbol); answers {cancelled, problems}', query: { symbol: { description: 'only this market, like BTC/USDT' } }, ok: 200, handle: cancelAllOrders },
  { method: 'DELETE', path: '/orders/:id', summary: 'cancel an open order', ok: 200, handle: cancelOrder },
  {
    method: 'POST', path: '/strategies', summary: 'start a strategy instance (it trades its own size, in the daemon\'s mode)', ok: 201, handle: startStrategy, refusedWhileStopping: true,
    body: {
      strategy: { type: 'string', required: true, description: 'a built-in strategy (sma, rsi, sma-ls, webhook) or a module path' },
      symbol: { type: 'string', required: true, description: 'the market, like BTC/USDT' },
      size: { type: 'string', description: 'what one entry spends: 100USDT, 5%, 0.01BTC' },
      timeframe: { type: 'string', description: 'the candle it sees (default 1m)' },
      params: { type: 'numbers', description: 'strategy parameters, like {"fast": 10, "slow": 30}' },
      stopLoss: { type: 'string', description: 'close its own position when the close is this far against the entry: 3%' },
      takeProfit: { type: 'string', description: 'close it when the close is this far past the entry: 6%' },
      trailing: { type: 'string', description: 'close it when the close is this far back from its best since entry: 2%' },
    },
  },
  { method: 'DELETE', path: '/strategies/:id', summary: 'stop a strategy instance (close=true: sell exactly its own position)', query: { close: { description: 'true: close what the instance holds', enum: ['true', 'false'] } }, ok: 200, handle: stopStrategy },
  { method: 'POST', path: '/strategies/:id/write-off', summary: "write off what the account no longer holds of the instance's own position (closed by hand, on the exchange, a reset testnet): its claim becomes what the account holds, at its own entry; recorded", body: {}, ok: 200, handle: writeOffStrategy },
  { method: 'POST', path: '/flatten', summary: 'the kill switch: stop every strategy, cancel every order, close what they hold, refuse new orders until resume', body: { reason: { type: 'string', description: 'why, for the ledger and the notifications' } }, ok: 200, handle: flatten },
  { method: 'POST', path: '/resume', summary: 'lift the kill switch: orders are taken again', body: {}, ok: 200, handle: (c) => resume(c), refusedWhileStopping: true },
  { method: 'POST', path: '/signals', summary: 'a TradingView-style alert for a webhook strategy; the signal token in the body', auth: 'body', ok: 200, handle: signal, refusedWhileStopping: true },
  { method: 'GET', path: '/openapi.json', summary: 'this document (OpenAPI 3.1)', ok: 200, handle: read(() => openApiDocument(ROUTES)) },
];

/** The events stream is an upgrade, not a request/answer route: listed for the document and the 404 alike. */
export const EVENTS_PATH = '/events';

/** Every route as `METHOD /api/v1/path`, for the 404's list. */
export function routeList(): string {
  return [...ROUTES.map((r) => `${r.method} ${API_PREFIX}${r.path}`), `GET ${API_PREFIX}${EVENTS_PATH} (WebSocket)`].join(', ');
}

/** The route for a path and method; `methods` lists what the path allows when the method is wrong. */
export function matchRoute(method: string, path: string): { route: Route; params: Record<string, string> } | { methods: HttpMethod[] } | undefined {
  const methods: HttpMethod[] = [];
  for (const route of ROUTES) {
    const params = matchPath(route.path, path);
    if (!params) continue;
    if (route.method === method) return { route, params };
    methods.push(route.method);
  }
  return methods.length ? { methods } : undefined;
}

function matchPath(pattern: string, path: string): Record<string, string> | undefined {
  const want = pattern.split('/');
  const got = path.split('/');
  if (want.length !== got.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    if (want[i].startsWith(':')) {
      if (got[i] === '') return undefined;
      try {
        params[want[i].slice(1)] = decodeURIComponent(got[i]);
      } catch {
        return undefined;
      }
    } else if (want[i] !== got[i]) return undefined;
  }
  return params;
}
