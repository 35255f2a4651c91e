import http from 'node:http';
import { checkExchangeId, EXCHANGE_IDS_HINT, UserError } from '../../domain/index.js';
import { ccxtProClassAlone } from './ccxt-load.js';

/** The part of a ccxt exchange object atapi uses (ccxt's own types stop at this adapter). */
export interface CcxtExchange {
  id: string;
  urls: Record<string, unknown>;
  options: Record<string, unknown>;
  httpAgent?: unknown;
  timeout?: number;
  /** `reload`: ask again; without it ccxt answers with its first attempt, even a failed one. */
  loadMarkets(reload?: boolean): Promise<Record<string, CcxtMarket>>;
  fetchTicker(symbol: string): Promise<CcxtTicker>;
  fetchTickers(symbols?: string[]): Promise<Record<string, CcxtTicker>>;
  fetchOrderBook(symbol: string, limit?: number): Promise<{ bids: [number, number][]; asks: [number, number][]; timestamp?: number }>;
  fetchOHLCV(symbol: string, timeframe: string, since?: number, limit?: number): Promise<[number, number, number, number, number, number][]>;
  fetchBalance(): Promise<Record<string, unknown> & { free: Record<string, number>; used: Record<string, number> }>;
  createOrder(symbol: string, type: string, side: string, amount: number, price?: number, params?: Record<string, unknown>): Promise<CcxtOrder>;
  cancelOrder(id: string, symbol: string, params?: Record<string, unknown>): Promise<CcxtOrder>;
  fetchOrder(id: string, symbol: string, params?: Record<string, unknown>): Promise<CcxtOrder>;
  fetchOpenOrders(symbol?: string): Promise<CcxtOrder[]>;
  /** The exchange's server time (epoch ms), for the clock check at start. */
  fetchTime?(): Promise<number | undefined>;
  /** The account's own trades; Binance takes `orderId` in params to narrow them to one order. */
  fetchMyTrades?(symbol?: string, since?: number, limit?: number, params?: Record<string, unknown>): Promise<CcxtTrade[]>;
  watchTickers?(symbols?: string[]): Promise<Record<string, CcxtTicker>>;
  watchOrderBook?(symbol: string, limit?: number): Promise<{ bids: [number, number][]; asks: [number, number][]; timestamp?: number }>;
  watchOrders?(symbol?: string): Promise<CcxtOrder[]>;
  /** The market's public trades (the tape). */
  watchTrades?(symbol: string): Promise<CcxtTrade[]>;
  unWatchOrderBook?(symbol: string): Promise<unknown>;
  unWatchTrades?(symbol: string): Promise<unknown>;
  unWatchOHLCV?(symbol: string, timeframe: string): Promise<unknown>;
  watchOHLCV?(symbol: string, timeframe: string): Promise<[number, number, number, number, number, number][]>;
  watchBalance?(): Promise<Record<string, unknown> & { free: Record<string, number>; used: Record<string, number> }>;
  close?(): Promise<void>;
  setSandboxMode(on: boolean): void;
  /** ccxt's market record of a loaded symbol (its `id` is the exchange's name for it). */
  market?(symbol: string): CcxtMarket;
  /** An exchange's raw order record in ccxt's shape (Binance: an OCO's `orderReports`). */
  parseOrder?(order: Record<string, unknown>, market?: CcxtMarket): CcxtOrder;
  amountToPrecision?(symbol: string, amount: number): string;
  priceToPrecision?(symbol: string, price: number): string;
  /** Binance spot: `POST /api/v3/orderList/oco` (ccxt's implicit API). */
  privatePostOrderListOco?(request: Record<string, unknown>): Promise<Record<string, unknown>>;
  /** Binance spot: `POST /api/v3/order/cancelReplace` (ccxt's implicit API). */
  privatePostOrderCancelReplace?(request: Record<string, unknown>): Promise<Record<string, unknown>>;
  /** Binance spot: the cancelReplace request for `editOrder`, built with the market's precision. */
  editSpotOrderRequest?(id: string, symbol: string, type: string, side: string, amount: number, price?: number, params?: Record<string, unknown>): Record<string, unknown>;
}

export interface CcxtMarket {
  id: string;
  symbol: string;
  base: string;
  quote: string;
  spot: boolean;
  active?: boolean;
  precision: { amount?: number; price?: number };
  limits: { amount?: { min?: number }; cost?: { min?: number } };
}

export interface CcxtTicker {
  symbol: string;
  bid?: number;
  ask?: number;
  last?: number;
  open?: number;
  high?: number;
  low?: number;
  baseVolume?: number;
  timestamp?: number;
}

export interface CcxtOrder {
  id: string;
  clientOrderId?: string;
  symbol: string;
  status?: string;
  side: string;
  type?: string;
  timeInForce?: string;
  amount?: number;
  filled?: number;
  remaining?: number;
  cost?: number;
  average?: number;
  price?: number;
  timestamp?: number;
  lastTradeTimestamp?: number;
  lastUpdateTimestamp?: number;
  /** REST answers with Binance's `fills` (createOrder) carry the trades; stream updates do not. */
  trades?: CcxtTrade[];
  fee?: { cost?: number; currency?: string };
  /** The exchange's raw record: a spot `executionReport` has the last trade here (`x`, `t`, `l`, `L`, `n`, `N`, `m`). */
  info?: Record<string, unknown>;
}

/** One execution of one of the account's orders, as ccxt's `parseTrade` gives it. */
export interface CcxtTrade {
  id?: string;
  order?: string;
  symbol?: string;
  side?: string;
  price: number;
  amount: number;
  cost?: number;
  fee?: { cost?: number; currency?: string };
  takerOrMaker?: string;
  timestamp?: number;
  info?: Record<string, unknown>;
}

export interface CcxtChoice {
  readonly exchange: string;
  readonly testnet?: boolean;
  /** A local Binance-compatible server (atapi sandbox): every URL is pointed at it. */
  readonly sandboxUrl?: string;
  readonly apiKey?: string;
  readonly secret?: string;
  /** Request timeout in ms (ccxt's default is 10 s). */
  readonly timeoutMs?: number;
}

type CcxtClass = new (o: Record<string, unknown>) => CcxtExchange;

/** ccxt pro's class for an exchange id, or a user error saying why there is none. */
export async function ccxtExchangeClass(id: string): Promise<CcxtClass> {
  const alone = ccxtProClassAlone<CcxtClass>(checkExchangeId(id));
  if (alone) return alone;
  const ccxt = (await import('ccxt')).default as unknown as { pro: Record<string, CcxtClass>; exchanges: readonly string[] };
  // Own properties only: `constructor` or `toString` are no exchange.
  const Ctor = Object.hasOwn(ccxt.pro, checkExchangeId(id)) ? ccxt.pro[id] : undefined;
  if (Ctor) return Ctor;
  if (ccxt.exchanges.includes(id)) throw new UserError(`exchange "${id}" has no websocket support in ccxt pro, which atapi needs: use another, such as binance, bybit, okx, kraken`);
  throw new UserError(`unknown exchange "${id}": use ${EXCHANGE_IDS_HINT}`);
}

/** How often a websocket stream is pinged (ccxt's `keepAlive`); two missed pongs take it for down. */
const STREAM_KEEPALIVE_MS = 20_000;

/** Builds a ccxt pro exchange; ccxt is imported only here, on demand (sim never pays for it). */
export async function createCcxtExchange(c: CcxtChoice): Promise<CcxtExchange> {
  const Ctor = await ccxtExchangeClass(c.exchange);
  const local = c.sandboxUrl !== undefined;
  const ex = new Ctor({
    apiKey: c.apiKey,
    secret: c.secret,
    enableRateLimit: !local,
    timeout: c.timeoutMs ?? 10_000,
    options: { fetchCurrencies: false, fetchMargins: false, warnOnFetchOpenOrdersWithoutSymbol: false, watchTickers: { name: 'ticker' }, ...marketTypeOptions(c.exchange) },
    // A stream's ping every 20 s, down after two missed pongs: ccxt's 180 s for Binance took a
    // frozen exchange or a half-open link for a quiet one for 6-9 minutes, while the status bar
    // read connected and strategies worked on prices from then. Found within a minute now.
    streaming: { keepAlive: STREAM_KEEPALIVE_MS },
  });
  if (c.testnet) ex.setSandboxMode(true);
  if (local) pointAt(ex, c.sandboxUrl!);
  handleOrphanFutures(ex);
  clearDelayedCallsOnClose(ex);
  return ex;
}

/**
 * ccxt schedules calls with `delay` (a plain setTimeout): binanceusdm's listen-key keepalive
 * every 20 minutes after the user-data stream authenticates. `close()` left those timers
 * running, so a closed exchange kept the process alive for 20 minutes (a test run never ended)
 * and would then call a server it no longer uses. They end with the exchange.
 */
function clearDelayedCallsOnClose(ex: CcxtExchange): void {
  const host = ex as unknown as { delay?: unknown; spawn?: (method: unknown, ...args: unknown[]) => unknown };
  if (typeof host.delay !== 'function' || typeof host.spawn !== 'function' || typeof ex.close !== 'function') return;
  const spawn = host.spawn.bind(ex);
  const timers = new Set<NodeJS.Timeout>();
  host.delay = (timeout: number, method: unknown, ...args: unknown[]) => {
    const t = setTimeout(() => {
      timers.delete(t);
      spawn(method, ...args);
    }, timeout);
    timers.add(t);
  };
  const close = ex.close.bind(ex);
  ex.close = async () => {
    for (const t of timers) clearTimeout(t);
    timers.clear();
    await close();
  };
}

/**
 * Which markets ccxt loads and trades by default: USD-M perpetuals on binanceusdm (its own
 * defaults, `linear` swaps), spot everywhere else.
 */
function marketTypeOptions(exchange: string): Record<string, unknown> {
  if (exchange === 'binanceusdm') return { fetchMarkets: { types: ['linear'] }, defaultType: 'swap', defaultSubType: 'linear' };
  return { fetchMarkets: { types: ['spot'] }, defaultType: 'spot' };
}

interface WsClientLike {
  future(hash: string): Promise<unknown>;
  __atapiHandled?: boolean;
}

/**
 * ccxt pro creates websocket futures nobody awaits (binance's user-data subscribe makes
 * `authenticate:signature:spot` ahead of time for concurrent callers); when the connection
 * is refused, the client rejects every future, and those orphans became unhandled
 * rejections that ended the process (issue 10, defect 8). Marking each future handled
 * changes nothing for the callers that do await it: they still see the rejection.
 */
function handleOrphanFutures(ex: CcxtExchange): void {
  const host = ex as unknown as { client?: (url: string) => WsClientLike };
  if (typeof host.client !== 'function') return;
  const original = host.client.bind(ex);
  host.client = (url: string) => {
    const client = original(url);
    if (!client.__atapiHandled) {
      const future = client.future.bind(client);
      client.future = (hash: string) => {
        const f = future(hash);
        f?.catch?.(() => undefined);
        return f;
      };
      client.__atapiHandled = true;
    }
    return client;
  };
}

/** Where the sandbox serves Binance USD-M futures streams (Binance: fstream.binance.com/ws). */
export const SANDBOX_FUTURES_WS_PATH = '/fstream/ws';

/**
 * Rewrites every REST and websocket address of a Binance-like ccxt exchange to `base`: spot
 * (api, sapi), USD-M futures REST (fapiPublic, fapiPrivate, their V2/V3, fapiData: the host
 * changes, the paths `/fapi/v1`, `/fapi/v2`, `/fapi/v3`, `/futures/data` stay) and the
 * websockets: spot streams at `/stream/ws`, the spot WebSocket API at `/ws-api/v3`, futures
 * streams at `/fstream/ws` (ccxt derives `/fstream/market/ws`, `/fstream/public/ws` and
 * `/fstream/private/ws?listenKey=` from it).
 */
function pointAt(ex: CcxtExchange, base: string): void {
  const u = new URL(base);
  const http0 = `${u.protocol}//${u.host}`;
  const ws0 = `${u.protocol === 'https:' ? 'wss:' : 'ws:'}//${u.host}`;
  const rewrite = (v: unknown): unknown => {
    if (typeof v === 'string') return v.replace(/^https?:\/\/[^/]+/, http0).replace(/^wss?:\/\/[^/]+/, ws0);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, rewrite(x)]));
    return v;
  };
  const api = rewrite((ex.urls as { api: unknown }).api) as Record<string, unknown>;
  api.ws = { ...(api.ws as object), spot: `${ws0}/stream/ws`, future: `${ws0}${SANDBOX_FUTURES_WS_PATH}` };
  api['ws-api'] = { ...(api['ws-api'] as object), spot: `${ws0}/ws-api/v3`, future: `${ws0}/ws-fapi/v1` };
  ex.urls.api = api;
  ex.urls.test = api;
  // Plain ws:// needs an explicit agent, or every watch* refuses.
  ex.httpAgent = new http.Agent();
}
