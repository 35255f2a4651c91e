import type { Bracket, Instrument, MarkPrice, OrderBook, PositionSide, Ticker } from '../../domain/index.js';
import { decimalsOf } from '../../domain/index.js';
import { fixed } from '../binance-format.js';

/**
 * Binance USD-M futures wire forms (developers.binance.com, "USDⓈ-M Futures"): symbols without
 * a separator (`BTCUSDT`), prices and quantities as strings with the contract's precision.
 */

/** `BTC/USDT:USDT` -> `BTCUSDT`. */
export const futuresWireSymbol = (s: string): string => s.split(':')[0].replace('/', '');

export const priceOf = (i: Instrument, n: number): string => fixed(n, decimalsOf(i.tickSize));
export const qtyOf = (i: Instrument, n: number): string => fixed(n, decimalsOf(i.lotSize));

/** Binance lists perpetuals with this delivery date (2100-12-25). */
const PERPETUAL_DELIVERY = 4133404800000;

export const FUTURES_RATE_LIMITS = [
  { rateLimitType: 'REQUEST_WEIGHT', interval: 'MINUTE', intervalNum: 1, limit: 2400 },
  { rateLimitType: 'ORDERS', interval: 'MINUTE', intervalNum: 1, limit: 1200 },
  { rateLimitType: 'ORDERS', interval: 'SECOND', intervalNum: 10, limit: 300 },
] as const;

/** One `symbols` entry of `GET /fapi/v1/exchangeInfo`. */
export function futuresExchangeInfoSymbol(i: Instrument, onboardDate: number) {
  const first = i.perpetual!.brackets[0];
  return {
    symbol: futuresWireSymbol(i.symbol),
    pair: futuresWireSymbol(i.symbol),
    contractType: 'PERPETUAL',
    deliveryDate: PERPETUAL_DELIVERY,
    onboardDate,
    status: 'TRADING',
    maintMarginPercent: (first.mmr * 100).toFixed(4),
    requiredMarginPercent: ((100 / first.maxLeverage) * 2).toFixed(4),
    baseAsset: i.base,
    quoteAsset: i.quote,
    marginAsset: i.perpetual!.marginAsset,
    pricePrecision: decimalsOf(i.tickSize),
    quantityPrecision: decimalsOf(i.lotSize),
    baseAssetPrecision: 8,
    quotePrecision: 8,
    underlyingType: 'COIN',
    underlyingSubType: [],
    triggerProtect: '0.0500',
    liquidationFee: '0.012500',
    marketTakeBound: '0.05',
    maxMoveOrderLimit: 10000,
    filters: [
      { filterType: 'PRICE_FILTER', minPrice: priceOf(i, i.tickSize), maxPrice: priceOf(i, 10_000_000), tickSize: priceOf(i, i.tickSize) },
      { filterType: 'LOT_SIZE', minQty: qtyOf(i, i.minQty), maxQty: qtyOf(i, 9_000_000), stepSize: qtyOf(i, i.lotSize) },
      { filterType: 'MARKET_LOT_SIZE', minQty: qtyOf(i, i.minQty), maxQty: qtyOf(i, 9_000_000), stepSize: qtyOf(i, i.lotSize) },
      { filterType: 'MAX_NUM_ORDERS', limit: 200 },
      { filterType: 'MAX_NUM_ALGO_ORDERS', limit: 10 },
      { filterType: 'MIN_NOTIONAL', notional: String(i.minNotional) },
      { filterType: 'PERCENT_PRICE', multiplierUp: '1.0500', multiplierDown: '0.9500', multiplierDecimal: '4' },
    ],
    // Conditional types are listed as on Binance: ccxt sends them to the algo service (POST /fapi/v1/algoOrder).
    orderTypes: ['LIMIT', 'MARKET', 'STOP', 'STOP_MARKET', 'TAKE_PROFIT', 'TAKE_PROFIT_MARKET', 'TRAILING_STOP_MARKET'],
    timeInForce: ['GTC', 'IOC', 'FOK', 'GTX'],
    permissionSets: ['GRID', 'COPY'],
  };
}

/** `GET /fapi/v1/premiumIndex` for one symbol. */
export function premiumIndexOf(i: Instrument, m: MarkPrice) {
  return {
    symbol: futuresWireSymbol(i.symbol),
    markPrice: fixed(m.markPrice),
    indexPrice: fixed(m.indexPrice),
    estimatedSettlePrice: fixed(m.indexPrice),
    lastFundingRate: m.fundingRate.toFixed(8),
    interestRate: '0.00010000',
    nextFundingTime: m.nextFundingTime,
    time: m.ts,
  };
}

/** The `markPriceUpdate` stream event. */
export function markPriceEvent(m: MarkPrice) {
  return { e: 'markPriceUpdate', E: m.ts, s: futuresWireSymbol(m.symbol), p: fixed(m.markPrice), i: fixed(m.indexPrice), P: fixed(m.indexPrice), r: m.fundingRate.toFixed(8), T: m.nextFundingTime };
}

/** `GET /fapi/v1/ticker/24hr` for one symbol (futures: no bid/ask fields, unlike spot). */
export function futuresTicker24hr(i: Instrument, t: Ticker, lastTrade: { id: number; qty: number } | undefined, count: number) {
  return {
    symbol: futuresWireSymbol(t.symbol),
    priceChange: priceOf(i, t.last - t.open24h),
    priceChangePercent: (((t.last - t.open24h) / t.open24h) * 100).toFixed(3),
    weightedAvgPrice: priceOf(i, t.last),
    lastPrice: priceOf(i, t.last),
    lastQty: qtyOf(i, lastTrade?.qty ?? 0),
    openPrice: priceOf(i, t.open24h),
    highPrice: priceOf(i, t.high24h),
    lowPrice: priceOf(i, t.low24h),
    volume: qtyOf(i, t.volume24h),
    quoteVolume: fixed(t.volume24h * t.last, 2),
    openTime: t.ts - 86_400_000,
    closeTime: t.ts,
    firstId: lastTrade ? Math.max(0, lastTrade.id - count + 1) : -1,
    lastId: lastTrade?.id ?? -1,
    count,
  };
}

/** The `24hrTicker` stream event of a perpetual. */
export function futuresTickerEvent(i: Instrument, t: Ticker, lastTrade: { id: number; qty: number } | undefined, count: number) {
  const r = futuresTicker24hr(i, t, lastTrade, count);
  return { e: '24hrTicker', E: t.ts, s: r.symbol, p: r.priceChange, P: r.priceChangePercent, w: r.weightedAvgPrice, c: r.lastPrice, Q: r.lastQty, o: r.openPrice, h: r.highPrice, l: r.lowPrice, v: r.volume, q: r.quoteVolume, O: r.openTime, C: r.closeTime, F: r.firstId, L: r.lastId, n: r.count };
}

export function futuresBookTicker(i: Instrument, book: OrderBook) {
  return { symbol: futuresWireSymbol(book.symbol), bidPrice: priceOf(i, book.bids[0]?.[0] ?? 0), bidQty: qtyOf(i, book.bids[0]?.[1] ?? 0), askPrice: priceOf(i, book.asks[0]?.[0] ?? 0), askQty: qtyOf(i, book.asks[0]?.[1] ?? 0), time: book.ts };
}

export const bookLevels = (i: Instrument, ls: OrderBook['bids']): [string, string][] => ls.map(([p, q]) => [priceOf(i, p), qtyOf(i, q)]);

/** One entry of `GET /fapi/v1/leverageBracket`. */
export function leverageBracketOf(i: Instrument) {
  return {
    symbol: futuresWireSymbol(i.symbol),
    notionalCoef: 1.0,
    brackets: i.perpetual!.brackets.map((b: Bracket) => ({ bracket: b.bracket, initialLeverage: b.maxLeverage, notionalCap: b.cap, notionalFloor: b.floor, maintMarginRatio: b.mmr, cum: b.cum })),
  };
}

/** Binance's order types, sides and statuses as the futures API writes them. */
export type WireStatus = 'NEW' | 'PARTIALLY_FILLED' | 'FILLED' | 'CANCELED' | 'EXPIRED';
export type WireTif = 'GTC' | 'IOC' | 'FOK' | 'GTX';

/** An order as `GET /fapi/v1/order` reports it. */
export interface FuturesWireOrder {
  orderId: number;
  symbol: string;
  status: WireStatus;
  clientOrderId: string;
  price: string;
  avgPrice: string;
  origQty: string;
  executedQty: string;
  cumQty: string;
  cumQuote: string;
  timeInForce: WireTif;
  type: 'LIMIT' | 'MARKET';
  reduceOnly: boolean;
  closePosition: false;
  side: 'BUY' | 'SELL';
  positionSide: PositionSide;
  stopPrice: string;
  workingType: 'CONTRACT_PRICE';
  priceProtect: false;
  origType: 'LIMIT' | 'MARKET';
  priceMatch: 'NONE';
  selfTradePreventionMode: 'EXPIRE_MAKER';
  goodTillDate: 0;
  time: number;
  updateTime: number;
}

/** The `POST /fapi/v1/order` and `DELETE` answer: the order without `time`. */
export function orderAnswer(o: FuturesWireOrder): Omit<FuturesWireOrder, 'time'> {
  const { time: _time, ...rest } = o;
  return rest;
}

/** One row of `GET /fapi/v1/userTrades`. */
export interface FuturesWireTrade {
  buyer: boolean;
  commission: string;
  commissionAsset: string;
  id: number;
  maker: boolean;
  orderId: number;
  price: string;
  qty: string;
  quoteQty: string;
  realizedPnl: string;
  side: 'BUY' | 'SELL';
  positionSide: PositionSide;
  symbol: string;
  time: number;
}

/** One row of `GET /fapi/v1/positionMargin/history`: `type` 1 added, 2 removed. */
export interface FuturesWireMarginChange {
  symbol: string;
  type: 1 | 2;
  deltaType: 'USER_ADJUST';
  amount: string;
  asset: string;
  time: number;
  positionSide: PositionSide;
}

export type IncomeType = 'REALIZED_PNL' | 'FUNDING_FEE' | 'COMMISSION' | 'TRANSFER' | 'INSURANCE_CLEAR';

/** One row of `GET /fapi/v1/income`. */
export interface FuturesWireIncome {
  symbol: string;
  incomeType: IncomeType;
  income: string;
  asset: string;
  info: string;
  time: number;
  tranId: number;
  tradeId: string;
}
