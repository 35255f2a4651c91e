import { bookTicker, exchangeInfoSymbol, fixed, levels, RATE_LIMITS, ticker24hr, tickerMini, wireSymbol } from './binance-format.js';
import { checkInterval } from './market-data.js';
import { integer, limit, oneOfLimits, optional, required, symbolList } from './params.js';
import type { PublicStreams } from './public-streams.js';
import { historyQuery, orderResponse, queryResponse, type SandboxExchange } from './sandbox-exchange.js';
import { cancelReplace } from './cancel-replace.js';
import type { RateLimiter } from './rate-limits.js';
import { BinanceError } from './signing.js';
import { SPOT_FEES } from '../engine/fees.js';
import { ORDER_COUNT_LIMITS } from './binance-format.js';

/** What a route needs: the exchange, the stream state (tickers, update ids, trades, candles) and the clock. */
export interface RouteContext {
  readonly exchange: SandboxExchange;
  readonly streams: PublicStreams;
  readonly clock: () => number;
  /** Request and order counts, for `rateLimit/order` (absent in-process: no counts kept). */
  readonly limiter?: RateLimiter;
}

/** Binance's spot commission rates as the sandbox charges them (SPOT_FEES), in its 8-decimal strings. */
function commissionRates(): { maker: string; taker: string; buyer: string; seller: string } {
  return { maker: SPOT_FEES.maker.toFixed(8), taker: SPOT_FEES.taker.toFixed(8), buyer: '0.00000000', seller: '0.00000000' };
}
const NO_COMMISSION = { maker: '0.00000000', taker: '0.00000000', buyer: '0.00000000', seller: '0.00000000' };
const NO_DISCOUNT = { enabledForAccount: false, enabledForSymbol: false, discountAsset: 'BNB', discount: '0.75000000' };

/** Binance's documented `limit` values for spot depth ("Valid limits: [5, 10, 20, 50, 100, 500, 1000, 5000]"). */
const SPOT_DEPTH_LIMITS = [5, 10, 20, 50, 100, 500, 1000, 5000] as const;

const bothSymbols = () => new BinanceError(400, -1128, 'Combination of optional parameters invalid.');

/** The symbols a market-data request names (`symbol`, `symbols`, or all), checked. */
function selected(ctx: RouteContext, q: URLSearchParams): { one: boolean; symbols: string[] } {
  const one = optional(q, 'symbol');
  const many = symbolList(q);
  if (one !== undefined && many !== undefined) throw bothSymbols();
  if (one !== undefined) return { one: true, symbols: [ctx.exchange.symbolOf(one)] };
  if (many !== undefined) return { one: false, symbols: many.map((s) => ctx.exchange.symbolOf(s)) };
  return { one: false, symbols: ctx.exchange.market.instruments().map((i) => i.symbol) };
}

/**
 * Binance's public market-data endpoints (security type NONE). Returns undefined for a path it
 * does not serve.
 */
export function publicRoute(ctx: RouteContext, method: string, path: string, q: URLSearchParams): unknown {
  if (method !== 'GET') return undefined;
  const { exchange, streams, clock } = ctx;
  const data = streams.data;
  switch (path) {
    case '/api/v3/ping':
      return {};
    case '/api/v3/time':
      return { serverTime: clock() };
    case '/api/v3/exchangeInfo': {
      const { symbols } = selected(ctx, q);
      return { timezone: 'UTC', serverTime: clock(), rateLimits: RATE_LIMITS, exchangeFilters: [], symbols: symbols.map((s) => exchangeInfoSymbol(exchange.instrument(s))) };
    }
    case '/api/v3/depth': {
      const symbol = exchange.symbolOf(required(q, 'symbol'));
      const n = oneOfLimits(q, SPOT_DEPTH_LIMITS, 100);
      const book = streams.book(symbol);
      return { lastUpdateId: streams.updateId(symbol), bids: levels(book.bids.slice(0, n)), asks: levels(book.asks.slice(0, n)) };
    }
    case '/api/v3/trades':
    case '/api/v3/historicalTrades': {
      const symbol = exchange.symbolOf(required(q, 'symbol'));
      const fromId = path === '/api/v3/historicalTrades' ? integer(q, 'fromId') : undefined;
      return data.recentTrades(symbol, limit(q, 500, 1000), fromId).map((t) => ({ id: t.id, price: fixed(t.price), qty: fixed(t.qty), quoteQty: fixed(t.price * t.qty), time: t.time, isBuyerMaker: t.buyerMaker, isBestMatch: true }));
    }
    case '/api/v3/aggTrades': {
      const symbol = exchange.symbolOf(required(q, 'symbol'));
      const fromId = integer(q, 'fromId');
      const startTime = integer(q, 'startTime');
      const endTime = integer(q, 'endTime');
      if (fromId !== undefined && (startTime !== undefined || endTime !== undefined)) throw bothSymbols();
      if (startTime !== undefined && endTime !== undefined && endTime - startTime > 3_600_000) throw new BinanceError(400, -1127, 'More than 1 hours between startTime and endTime.');
      const n = limit(q, 500, 1000);
      const list = fromId !== undefined ? data.recentTrades(symbol, n, fromId) : data.tradesBetween(symbol, n, startTime, endTime);
      return list.map((t) => ({ a: t.id, p: fixed(t.price), q: fixed(t.qty), f: t.id, l: t.id, T: t.time, m: t.buyerMaker, M: true }));
    }
    case '/api/v3/klines':
    case '/api/v3/uiKlines': {
      const symbol = exchange.symbolOf(required(q, 'symbol'));
      const interval = checkInterval(q.get('interval'));
      const tz = optional(q, 'timeZone');
      if (tz !== undefined && !/^(0|\+?0?0(:00)?)$/.test(tz)) {
        if (!/^[+-]?\d{1,2}(:\d{2})?$/.test(tz)) throw new BinanceError(400, -1130, "Data sent for parameter 'timeZone' is not valid.");
        throw new BinanceError(400, -1130, "Data sent for parameter 'timeZone' is not valid: the sandbox serves klines in UTC only.");
      }
      const startTime = integer(q, 'startTime');
      const endTime = integer(q, 'endTime');
      if (startTime !== undefined && endTime !== undefined && startTime > endTime) throw new BinanceError(400, -1023, 'Start time is greater than end time.');
      return data.klines(symbol, interval, limit(q, 500, 1000), startTime, endTime);
    }
    case '/api/v3/avgPrice':
      return data.avgPrice(exchange.symbolOf(required(q, 'symbol')));
    case '/api/v3/ticker/24hr': {
      const type = optional(q, 'type') ?? 'FULL';
      if (type !== 'FULL' && type !== 'MINI') throw new BinanceError(400, -1139, 'Invalid ticker type.');
      const { one, symbols } = selected(ctx, q);
      const rows = symbols.map((s) => (type === 'FULL' ? ticker24hr : tickerMini)(streams.ticker(s), data.lastTrade(s), data.tradeCount(s)));
      return one ? rows[0] : rows;
    }
    case '/api/v3/ticker/price': {
      const { one, symbols } = selected(ctx, q);
      const rows = symbols.map((s) => ({ symbol: wireSymbol(s), price: fixed(streams.ticker(s).last) }));
      return one ? rows[0] : rows;
    }
    case '/api/v3/ticker/bookTicker': {
      const { one, symbols } = selected(ctx, q);
      const rows = symbols.map((s) => bookTicker(s, streams.book(s)));
      return one ? rows[0] : rows;
    }
    default:
      return undefined;
  }
}

/**
 * Binance's signed account and trading endpoints, for the account of `key`. `params` are the
 * verified query and body parameters. Returns undefined for a path it does not serve.
 */
export function accountRoute(ctx: RouteContext, key: string, method: string, path: string, params: URLSearchParams): unknown {
  const { exchange, clock } = ctx;
  switch (`${method} ${path}`) {
    case 'GET /api/v3/account': {
      const omitZero = optional(params, 'omitZeroBalances') === 'true';
      const balances = exchange.balances(key).filter((b) => !omitZero || Number(b.free) > 0 || Number(b.locked) > 0);
      return {
        makerCommission: Math.round(SPOT_FEES.maker * 10_000), takerCommission: Math.round(SPOT_FEES.taker * 10_000), buyerCommission: 0, sellerCommission: 0,
        commissionRates: commissionRates(),
        canTrade: true, canWithdraw: false, canDeposit: false, brokered: false, requireSelfTradePrevention: false, preventSor: false, updateTime: clock(), accountType: 'SPOT', balances, permissions: ['SPOT'], uid: 1,
      };
    }
    case 'POST /api/v3/order/test': {
      exchange.checkOrder(params);
      if (optional(params, 'computeCommissionRates') === 'true') {
        const { maker, taker } = commissionRates();
        return { standardCommissionForOrder: { maker, taker }, specialCommissionForOrder: { maker: '0.00000000', taker: '0.00000000' }, taxCommissionForOrder: { maker: '0.00000000', taker: '0.00000000' }, discount: NO_DISCOUNT };
      }
      return {};
    }
    case 'GET /api/v3/account/commission':
      return { symbol: wireSymbol(exchange.symbolOf(required(params, 'symbol'))), standardCommission: commissionRates(), specialCommission: NO_COMMISSION, taxCommission: NO_COMMISSION, discount: NO_DISCOUNT };
    case 'GET /api/v3/myPreventedMatches':
      // Self-trade prevention is NONE for every symbol here: no match is ever prevented.
      exchange.symbolOf(required(params, 'symbol'));
      if (optional(params, 'preventedMatchId') === undefined && optional(params, 'orderId') === undefined) throw new BinanceError(400, -1102, "Param 'preventedMatchId' or 'orderId' must be sent, but both were empty/null!");
      return [];
    case 'GET /api/v3/rateLimit/order': {
      const counts = ctx.limiter?.orderCounts() ?? { tenSeconds: 0, day: 0 };
      return ORDER_COUNT_LIMITS.map((l) => ({ ...l, count: l.interval === 'SECOND' ? counts.tenSeconds : counts.day }));
    }
    case 'GET /api/v3/allOrderList':
      return exchange.lists.allOrderLists(key);
    case 'GET /api/v3/order':
      exchange.symbolOf(required(params, 'symbol'));
      return queryResponse(exchange.findOrder(key, params));
    case 'DELETE /api/v3/order':
      exchange.symbolOf(required(params, 'symbol'));
      return exchange.cancelOrderResponse(key, params);
    case 'GET /api/v3/openOrders': {
      const symbol = optional(params, 'symbol');
      if (symbol !== undefined) exchange.symbolOf(symbol);
      return exchange.openOrders(key, symbol ?? null).map(queryResponse);
    }
    case 'DELETE /api/v3/openOrders':
      return exchange.cancelAll(key, exchange.symbolOf(required(params, 'symbol')));
    case 'GET /api/v3/allOrders':
      return exchange.allOrders(key, exchange.symbolOf(required(params, 'symbol')), historyQuery(params, 'orderId')).map(queryResponse);
    case 'GET /api/v3/myTrades': {
      const symbol = exchange.symbolOf(required(params, 'symbol'));
      return exchange.myTrades(key, wireSymbol(symbol), historyQuery(params, 'fromId'));
    }
    case 'POST /api/v3/order/cancelReplace':
      return cancelReplace(exchange, key, params);
    case 'POST /api/v3/orderList/oco':
    case 'POST /api/v3/order/oco':
      return exchange.lists.placeOco(key, params, path === '/api/v3/order/oco');
    case 'POST /api/v3/orderList/oto':
    case 'POST /api/v3/orderList/otoco':
      return exchange.lists.placeOto(key, params, path === '/api/v3/orderList/otoco');
    case 'DELETE /api/v3/orderList':
      exchange.symbolOf(required(params, 'symbol'));
      return exchange.lists.cancelOrderList(key, params);
    case 'GET /api/v3/orderList':
      return exchange.lists.orderList(key, params);
    case 'GET /api/v3/openOrderList':
      return exchange.lists.openOrderLists(key);
    default:
      return undefined;
  }
}

/** A new order through REST: strict checks, then the response shape `newOrderRespType` asks for. */
export function placeOrderRoute(ctx: RouteContext, key: string, params: URLSearchParams): { wire: ReturnType<SandboxExchange['place']>; body: unknown } {
  const { symbol, params: o } = ctx.exchange.checkOrder(params);
  const wire = ctx.exchange.place(key, symbol, o);
  return { wire, body: orderResponse(wire, o.respType) };
}

const fixedS = (n: number): string => n.toFixed(8);
