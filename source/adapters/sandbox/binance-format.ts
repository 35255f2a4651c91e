import type { Instrument, OrderBook, Ticker } from '../../domain/index.js';
import { decimalsOf } from '../../domain/index.js';

/** Binance's wire forms of our market data. */
export const wireSymbol = (s: string): string => s.replace('/', '');

const str = (n: number, step?: number): string => (step ? n.toFixed(decimalsOf(step)) : String(n));

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
    orderTypes: ['LIMIT', 'MARKET'],
    icebergAllowed: false,
    ocoAllowed: false,
    quoteOrderQtyMarketAllowed: true,
    isSpotTradingAllowed: true,
    isMarginTradingAllowed: false,
    filters: [
      { filterType: 'PRICE_FILTER', minPrice: str(i.tickSize, i.tickSize), maxPrice: '10000000.00000000', tickSize: str(i.tickSize, i.tickSize) },
      { filterType: 'LOT_SIZE', minQty: str(i.minQty, i.lotSize), maxQty: '9000000.00000000', stepSize: str(i.lotSize, i.lotSize) },
      { filterType: 'NOTIONAL', minNotional: String(i.minNotional), applyMinToMarket: true, maxNotional: '9000000.00000000', applyMaxToMarket: false, avgPriceMins: 5 },
    ],
    permissions: ['SPOT'],
    permissionSets: [['SPOT']],
    defaultSelfTradePreventionMode: 'NONE',
    allowedSelfTradePreventionModes: ['NONE'],
  };
}

export function ticker24hr(t: Ticker) {
  return {
    symbol: wireSymbol(t.symbol),
    priceChange: String(t.last - t.open24h),
    priceChangePercent: (((t.last - t.open24h) / t.open24h) * 100).toFixed(3),
    weightedAvgPrice: String(t.last),
    prevClosePrice: String(t.open24h),
    lastPrice: String(t.last),
    lastQty: '0',
    bidPrice: String(t.bid),
    bidQty: '1',
    askPrice: String(t.ask),
    askQty: '1',
    openPrice: String(t.open24h),
    highPrice: String(t.high24h),
    lowPrice: String(t.low24h),
    volume: String(t.volume24h),
    quoteVolume: String(t.volume24h * t.last),
    openTime: t.ts - 86_400_000,
    closeTime: t.ts,
    firstId: 0,
    lastId: 0,
    count: 0,
  };
}

export function tickerEvent(t: Ticker) {
  const r = ticker24hr(t);
  return { e: '24hrTicker', E: t.ts, s: r.symbol, p: r.priceChange, P: r.priceChangePercent, w: r.weightedAvgPrice, x: r.prevClosePrice, c: r.lastPrice, Q: '0', b: r.bidPrice, B: '1', a: r.askPrice, A: '1', o: r.openPrice, h: r.highPrice, l: r.lowPrice, v: r.volume, q: r.quoteVolume, O: r.openTime, C: r.closeTime, F: 0, L: 0, n: 0 };
}

export const levels = (ls: OrderBook['bids']): [string, string][] => ls.map(([p, q]) => [String(p), String(q)]);
