import { fixed } from '../binance-format.js';
import { checkInterval } from '../market-data.js';
import { integer, limit, optional, required } from '../params.js';
import { BinanceError } from '../signing.js';
import {
  bookLevels, FUTURES_RATE_LIMITS, futuresBookTicker, futuresExchangeInfoSymbol, futuresTicker24hr, futuresWireSymbol, leverageBracketOf, premiumIndexOf, priceOf, qtyOf,
} from './futures-format.js';
import type { FuturesMarket } from './futures-market.js';

/** Binance's `limit` values for futures depth: anything else is refused (-1130). */
const DEPTH_LIMITS = [5, 10, 20, 50, 100, 500, 1000];

/** The symbols a market-data request names: `symbol`, or all. */
function chosen(m: FuturesMarket, q: URLSearchParams): { one: boolean; symbols: string[] } {
  const one = optional(q, 'symbol');
  if (one !== undefined) return { one: true, symbols: [m.symbolOf(one)] };
  return { one: false, symbols: m.instruments().map((i) => i.symbol) };
}

/**
 * Binance USD-M public market data (security type NONE) at `/fapi/v1/...` (and `/fapi/v2/ticker/price`).
 * Returns undefined for a path it does not serve.
 */
export function futuresPublicRoute(m: FuturesMarket, method: string, path: string, q: URLSearchParams, now: number): unknown {
  if (method !== 'GET') return undefined;
  switch (path) {
    case '/fapi/v1/ping':
      return {};
    case '/fapi/v1/time':
      return { serverTime: now };
    case '/fapi/v1/exchangeInfo':
      return {
        timezone: 'UTC', serverTime: now, futuresType: 'U_MARGINED', rateLimits: FUTURES_RATE_LIMITS, exchangeFilters: [],
        assets: [{ asset: 'USDT', marginAvailable: true, autoAssetExchange: '-10000' }],
        symbols: m.instruments().map((i) => futuresExchangeInfoSymbol(i, m.startedAt - 365 * 86_400_000)),
      };
    case '/fapi/v1/depth': {
      const symbol = m.symbolOf(required(q, 'symbol'));
      const n = integer(q, 'limit') ?? 500;
      if (!DEPTH_LIMITS.includes(n)) throw new BinanceError(400, -1130, `Data sent for parameter 'limit' is not valid. (one of ${DEPTH_LIMITS.join(', ')})`);
      const book = m.book(symbol);
      const i = m.instrument(symbol);
      return { lastUpdateId: m.updateId(symbol), E: now, T: book.ts, bids: bookLevels(i, book.bids.slice(0, n)), asks: bookLevels(i, book.asks.slice(0, n)) };
    }
    case '/fapi/v1/klines':
    case '/fapi/v1/markPriceKlines':
    case '/fapi/v1/indexPriceKlines': {
      // The perpetual's price is its mark; the index's candles are the mark's (the basis is small).
      const pair = path === '/fapi/v1/indexPriceKlines' ? 'pair' : 'symbol';
      const symbol = m.symbolOf(required(q, pair));
      const interval = checkInterval(q.get('interval'));
      const startTime = integer(q, 'startTime');
      const endTime = integer(q, 'endTime');
      if (startTime !== undefined && endTime !== undefined && startTime > endTime) throw new BinanceError(400, -1023, 'Start time is greater than end time.');
      return m.data.klines(symbol, interval, limit(q, 500, 1500), startTime, endTime);
    }
    case '/fapi/v1/aggTrades':
    case '/fapi/v1/trades': {
      const symbol = m.symbolOf(required(q, 'symbol'));
      const i = m.instrument(symbol);
      const list = m.data.tradesBetween(symbol, limit(q, 500, 1000), integer(q, 'startTime'), integer(q, 'endTime'));
      if (path === '/fapi/v1/trades') return list.map((t) => ({ id: t.id, price: priceOf(i, t.price), qty: qtyOf(i, t.qty), quoteQty: fixed(t.price * t.qty), time: t.time, isBuyerMaker: t.buyerMaker }));
      return list.map((t) => ({ a: t.id, p: priceOf(i, t.price), q: qtyOf(i, t.qty), f: t.id, l: t.id, T: t.time, m: t.buyerMaker }));
    }
    case '/fapi/v1/premiumIndex': {
      const { one, symbols } = chosen(m, q);
      const rows = symbols.map((s) => premiumIndexOf(m.instrument(s), m.mark(s)));
      return one ? rows[0] : rows;
    }
    case '/fapi/v1/fundingRate': {
      const symbols = optional(q, 'symbol') !== undefined ? [m.symbolOf(q.get('symbol')!)] : m.instruments().map((i) => i.symbol);
      const n = limit(q, 100, 1000);
      const startTime = integer(q, 'startTime');
      const endTime = integer(q, 'endTime');
      const rows = symbols.flatMap((s) => m.fundingHistory(s, n, startTime, endTime).map((r) => ({ symbol: futuresWireSymbol(s), fundingTime: r.fundingTime, fundingRate: r.fundingRate.toFixed(8), markPrice: fixed(r.markPrice) })));
      rows.sort((a, b) => a.fundingTime - b.fundingTime);
      return startTime !== undefined ? rows.slice(0, n) : rows.slice(-n);
    }
    case '/fapi/v1/fundingInfo':
      return m.instruments().map((i) => ({ symbol: futuresWireSymbol(i.symbol), adjustedFundingRateCap: '0.00300000', adjustedFundingRateFloor: '-0.00300000', fundingIntervalHours: 8, disclaimer: false }));
    case '/fapi/v1/openInterest': {
      const symbol = m.symbolOf(required(q, 'symbol'));
      return { openInterest: qtyOf(m.instrument(symbol), m.mark(symbol).openInterest), symbol: futuresWireSymbol(symbol), time: now };
    }
    case '/fapi/v1/ticker/24hr': {
      const { one, symbols } = chosen(m, q);
      const rows = symbols.map((s) => futuresTicker24hr(m.instrument(s), m.ticker(s), m.data.lastTrade(s), m.data.tradeCount(s)));
      return one ? rows[0] : rows;
    }
    case '/fapi/v1/ticker/price':
    case '/fapi/v2/ticker/price': {
      const { one, symbols } = chosen(m, q);
      const rows = symbols.map((s) => ({ symbol: futuresWireSymbol(s), price: priceOf(m.instrument(s), m.ticker(s).last), time: m.ticker(s).ts }));
      return one ? rows[0] : rows;
    }
    case '/fapi/v1/ticker/bookTicker': {
      const { one, symbols } = chosen(m, q);
      const rows = symbols.map((s) => futuresBookTicker(m.instrument(s), m.book(s)));
      return one ? rows[0] : rows;
    }
    default:
      return undefined;
  }
}

/** `GET /fapi/v1/leverageBracket` (signed, but the same for every account). */
export function leverageBrackets(m: FuturesMarket, q: URLSearchParams): unknown {
  const one = optional(q, 'symbol');
  if (one !== undefined) return leverageBracketOf(m.instrument(m.symbolOf(one)));
  return m.instruments().map(leverageBracketOf);
}
