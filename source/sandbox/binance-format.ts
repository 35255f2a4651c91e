import type { Instrument, Level, Ticker } from '../domain/index.js';

/** The TRAILING_DELTA filter's range in BIPS, above and below alike (Binance's usual 10 to 2000). */
export const TRAILING_DELTA = { min: 10, max: 2000 } as const;

/** Binance's wire forms of our market data: every price and quantity as a fixed 8-decimal string. */
export const wireSymbol = (s: string): string => s.replace('/', '');

/** A number the way Binance writes prices, quantities and amounts: 8 fixed decimals. */
export const fixed = (n: number, decimals = 8): string => (Number.isFinite(n) ? n : 0).toFixed(decimals);

export const RATE_LIMITS = [
  { rateLimitType: 'REQUEST_WEIGHT', interval: 'MINUTE', intervalNum: 1, limit: 6000 },
  { rateLimitType: 'ORDERS', interval: 'SECOND', intervalNum: 10, limit: 100 },
  { rateLimitType: 'ORDERS', interval: 'DAY', intervalNum: 1, limit: 200000 },
  { rateLimitType: 'RAW_REQUESTS', interval: 'MINUTE', intervalNum: 5, limit: 61000 },
] as const;

/** The order-count limits of RATE_LIMITS, as `rateLimit/order` lists them. */
export const ORDER_COUNT_LIMITS = RATE_LIMITS.filter((r) => r.rateLimitType === 'ORDERS');

export function exchangeInfoSymbol(i: Instrument) {
  return {
    symbol: wireSymbol(i.symbol),
    status: 'TRADING',
    baseAsset: i.base,
    baseAssetPrecision: 8,
    quoteAsset: i.quote,
    quotePrecision: 8,
    quoteAssetPrecision: 8,
    baseCommissionPrecision: 8,
    quoteCommissionPrecision: 8,
    orderTypes: ['LIMIT', 'LIMIT_MAKER', 'MARKET', 'STOP_LOSS', 'STOP_LOSS_LIMIT', 'TAKE_PROFIT', 'TAKE_PROFIT_LIMIT'],
    icebergAllowed: false,
    ocoAllowed: true,
    otoAllowed: true,
    opoAllowed: false,
    quoteOrderQtyMarketAllowed: true,
    allowTrailingStop: true,
    cancelReplaceAllowed: true,
    amendAllowed: false,
    pegInstructionsAllowed: false,
    isSpotTradingAllowed: true,
    isMarginTradingAllowed: false,
    filters: [
      { filterType: 'PRICE_FILTER', minPrice: fixed(i.tickSize), maxPrice: fixed(10_000_000), tickSize: fixed(i.tickSize) },
      { filterType: 'LOT_SIZE', minQty: fixed(i.minQty), maxQty: fixed(9_000_000), stepSize: fixed(i.lotSize) },
      { filterType: 'NOTIONAL', minNotional: fixed(i.minNotional), applyMinToMarket: true, maxNotional: fixed(9_000_000), applyMaxToMarket: false, avgPriceMins: 5 },
      { filterType: 'TRAILING_DELTA', minTrailingAboveDelta: TRAILING_DELTA.min, maxTrailingAboveDelta: TRAILING_DELTA.max, minTrailingBelowDelta: TRAILING_DELTA.min, maxTrailingBelowDelta: TRAILING_DELTA.max },
    ],
    permissions: [],
    permissionSets: [['SPOT']],
    defaultSelfTradePreventionMode: 'NONE',
    allowedSelfTradePreventionModes: ['NONE'],
  };
}

export function ticker24hr(t: Ticker, lastTrade: { id: number; qty: number } | undefined, count: number) {
  return {
    symbol: wireSymbol(t.symbol),
    priceChange: fixed(t.last - t.open24h),
    priceChangePercent: (((t.last - t.open24h) / t.open24h) * 100).toFixed(3),
    weightedAvgPrice: fixed(t.last),
    prevClosePrice: fixed(t.open24h),
    lastPrice: fixed(t.last),
    lastQty: fixed(lastTrade?.qty ?? 0),
    bidPrice: fixed(t.bid),
    bidQty: fixed(1),
    askPrice: fixed(t.ask),
    askQty: fixed(1),
    openPrice: fixed(t.open24h),
    highPrice: fixed(t.high24h),
    lowPrice: fixed(t.low24h),
    volume: fixed(t.volume24h),
    quoteVolume: fixed(t.volume24h * t.last),
    openTime: t.ts - 86_400_000,
    closeTime: t.ts,
    firstId: lastTrade ? Math.max(0, lastTrade.id - count + 1) : -1,
    lastId: lastTrade?.id ?? -1,
    count,
  };
}

/** `type=MINI` of the 24hr ticker. */
export function tickerMini(t: Ticker, lastTrade: { id: number; qty: number } | undefined, count: number) {
  const f = ticker24hr(t, lastTrade, count);
  return { symbol: f.symbol, openPrice: f.openPrice, highPrice: f.highPrice, lowPrice: f.lowPrice, lastPrice: f.lastPrice, volume: f.volume, quoteVolume: f.quoteVolume, openTime: f.openTime, closeTime: f.closeTime, firstId: f.firstId, lastId: f.lastId, count: f.count };
}

export function tickerEvent(t: Ticker, book?: { readonly bids: readonly Level[]; readonly asks: readonly Level[] }, lastTrade?: { id: number; qty: number }, count = 0) {
  const r = ticker24hr(t, lastTrade, count);
  const bidQty = book?.bids[0] ? fixed(book.bids[0][1]) : r.bidQty;
  const askQty = book?.asks[0] ? fixed(book.asks[0][1]) : r.askQty;
  return { e: '24hrTicker', E: t.ts, s: r.symbol, p: r.priceChange, P: r.priceChangePercent, w: r.weightedAvgPrice, x: r.prevClosePrice, c: r.lastPrice, Q: r.lastQty, b: r.bidPrice, B: bidQty, a: r.askPrice, A: askQty, o: r.openPrice, h: r.highPrice, l: r.lowPrice, v: r.volume, q: r.quoteVolume, O: r.openTime, C: r.closeTime, F: r.firstId, L: r.lastId, n: r.count };
}

export function bookTicker(symbol: string, book: { readonly bids: readonly Level[]; readonly asks: readonly Level[] }) {
  return { symbol: wireSymbol(symbol), bidPrice: fixed(book.bids[0]?.[0] ?? 0), bidQty: fixed(book.bids[0]?.[1] ?? 0), askPrice: fixed(book.asks[0]?.[0] ?? 0), askQty: fixed(book.asks[0]?.[1] ?? 0) };
}

export const levels = (ls: readonly Level[]): [string, string][] => ls.map(([p, q]) => [fixed(p), fixed(q)]);
