import { fixed } from './binance-format.js';
import { integer, limit } from './params.js';
import { BinanceError } from './signing.js';

/** Binance's spot order types the sandbox matches. */
export type WireOrderType = 'MARKET' | 'LIMIT' | 'LIMIT_MAKER' | 'STOP_LOSS' | 'STOP_LOSS_LIMIT' | 'TAKE_PROFIT' | 'TAKE_PROFIT_LIMIT';

/** The stop types: they rest untriggered until the last trade reaches `stopPrice`. */
export const STOP_TYPES: readonly WireOrderType[] = ['STOP_LOSS', 'STOP_LOSS_LIMIT', 'TAKE_PROFIT', 'TAKE_PROFIT_LIMIT'];

/** An order as Binance reports it. */
export interface WireOrder {
  symbol: string;
  orderId: number;
  /** The OCO it belongs to, or -1. */
  orderListId: number;
  clientOrderId: string;
  transactTime: number;
  price: string;
  origQty: string;
  executedQty: string;
  cummulativeQuoteQty: string;
  /** PENDING_NEW: an OTO(CO)'s pending order, placed when its working order fills. */
  status: 'PENDING_NEW' | 'NEW' | 'PARTIALLY_FILLED' | 'FILLED' | 'CANCELED' | 'EXPIRED' | 'REJECTED';
  timeInForce: string;
  type: WireOrderType;
  side: 'BUY' | 'SELL';
  /** 0 for an order that is no stop. */
  stopPrice: string;
  /** When it started working on the book: -1 for a stop not yet triggered (Binance's value). */
  workingTime: number;
  time: number;
  updateTime: number;
  /** False for a stop not yet triggered; true once it works on the book. */
  isWorking: boolean;
  origQuoteOrderQty: string;
  selfTradePreventionMode: 'NONE';
  fills: { price: string; qty: string; commission: string; commissionAsset: string; tradeId: number }[];
  /** Why an EXPIRED order expired (Binance's expiry reasons, enums.md). */
  expiryReason?: ExpiryReason;
  /** A trailing stop's distance in BIPS. */
  trailingDelta?: number;
  /** When the trailing stop started trailing; -1 while it waits for its stop price. */
  trailingTime?: number;
}

/** Binance's expiry reasons the sandbox gives (enums.md "Expiry Reasons"). */
export type ExpiryReason = 'REJECTED' | 'OCO_TRIGGER' | 'UNFILLED_IOC_QUANTITY_EXPIRED' | 'UNFILLED_FOK_ORDER_EXPIRED' | 'INSUFFICIENT_LIQUIDITY';

/** `expiryReason` and the execution report's `eR` appear "when an order has expired". */
const expiry = (w: WireOrder, name: 'expiryReason' | 'eR'): Record<string, string> => (w.status === 'EXPIRED' && w.expiryReason ? { [name]: w.expiryReason } : {});

export interface WireTrade {
  symbol: string;
  id: number;
  orderId: number;
  orderListId: number;
  price: string;
  qty: string;
  quoteQty: string;
  commission: string;
  commissionAsset: string;
  time: number;
  isBuyer: boolean;
  isMaker: boolean;
  isBestMatch: boolean;
}

/** Binance's answer to a cancel: the order's state, the cancel's own client id, and the original one. */
export interface WireCancel {
  symbol: string;
  origClientOrderId: string;
  orderId: number;
  orderListId: number;
  clientOrderId: string;
  transactTime: number;
  price: string;
  origQty: string;
  executedQty: string;
  origQuoteOrderQty: string;
  cummulativeQuoteQty: string;
  status: WireOrder['status'];
  timeInForce: string;
  type: WireOrder['type'];
  side: WireOrder['side'];
  stopPrice?: string;
  selfTradePreventionMode: 'NONE';
}

/** Filters of `GET /api/v3/myTrades` and `allOrders`. */
export interface HistoryQuery {
  readonly orderId?: number;
  readonly fromId?: number;
  readonly startTime?: number;
  readonly endTime?: number;
  readonly limit?: number;
}

export type UserEvent = Record<string, unknown>;

/** A cancelReplace that did not fully succeed: Binance answers with the code and both halves in `data`. */
export class CancelReplaceError extends BinanceError {
  constructor(code: number, msg: string, readonly data: unknown) {
    // rest-api.md: "HTTP 409 return code is used when a cancelReplace order partially succeeds" (-2021).
    super(code === -2021 ? 409 : 400, code, msg);
  }
}

const isStop = (w: WireOrder): boolean => STOP_TYPES.includes(w.type);

/** The order's shape for `newOrderRespType` ACK, RESULT or FULL (a stop's with its `stopPrice`). */
export function orderResponse(w: WireOrder, respType: 'ACK' | 'RESULT' | 'FULL'): Record<string, unknown> {
  const ack = { symbol: w.symbol, orderId: w.orderId, orderListId: w.orderListId, clientOrderId: w.clientOrderId, transactTime: w.transactTime };
  if (respType === 'ACK') return ack;
  const result = {
    ...ack, price: w.price, origQty: w.origQty, executedQty: w.executedQty, origQuoteOrderQty: w.origQuoteOrderQty, cummulativeQuoteQty: w.cummulativeQuoteQty, status: w.status, timeInForce: w.timeInForce, type: w.type, side: w.side,
    ...(isStop(w) ? { stopPrice: w.stopPrice } : {}), workingTime: w.workingTime, selfTradePreventionMode: w.selfTradePreventionMode, ...expiry(w, 'expiryReason'), ...trailingFields(w),
  };
  return respType === 'RESULT' ? result : { ...result, fills: w.fills };
}

/** A trailing stop's `trailingDelta` and `trailingTime`, as Binance adds them to its order answers. */
function trailingFields(w: WireOrder): Record<string, number> {
  return w.trailingDelta === undefined ? {} : { trailingDelta: w.trailingDelta, trailingTime: w.trailingTime ?? -1 };
}

/** The order's shape for `GET /api/v3/order`, `openOrders` and `allOrders`. */
export function queryResponse(w: WireOrder): Record<string, unknown> {
  return {
    symbol: w.symbol, orderId: w.orderId, orderListId: w.orderListId, clientOrderId: w.clientOrderId, price: w.price, origQty: w.origQty, executedQty: w.executedQty, cummulativeQuoteQty: w.cummulativeQuoteQty, status: w.status, timeInForce: w.timeInForce,
    type: w.type, side: w.side, stopPrice: w.stopPrice, icebergQty: fixed(0), time: w.time, updateTime: w.updateTime, isWorking: w.isWorking, workingTime: w.workingTime, origQuoteOrderQty: w.origQuoteOrderQty, selfTradePreventionMode: w.selfTradePreventionMode,
    ...expiry(w, 'expiryReason'), ...trailingFields(w),
  };
}

/** Reads `orderId`/`fromId`/`startTime`/`endTime`/`limit` as Binance's history endpoints do. */
export function historyQuery(p: URLSearchParams, idName: 'orderId' | 'fromId'): HistoryQuery {
  const startTime = integer(p, 'startTime');
  const endTime = integer(p, 'endTime');
  if (startTime !== undefined && endTime !== undefined && endTime - startTime > 24 * 3_600_000) throw new BinanceError(400, -1127, 'More than 24 hours between startTime and endTime.');
  const fromId = integer(p, idName === 'fromId' ? 'fromId' : 'orderId');
  const orderId = idName === 'fromId' ? integer(p, 'orderId') : fromId;
  if (idName === 'fromId' && fromId !== undefined && (startTime !== undefined || endTime !== undefined)) throw new BinanceError(400, -1128, 'Combination of optional parameters invalid.');
  return { orderId, fromId: idName === 'fromId' ? fromId : undefined, startTime, endTime, limit: limit(p, 500, 1000) };
}

/** From an id on (ascending), or the newest `limit` inside a time window (still ascending). */
export function window<T>(items: readonly T[], id: (t: T) => number, time: (t: T) => number, q: HistoryQuery): T[] {
  // In-process callers that give no limit get everything (REST passes Binance's default 500).
  const n = q.limit ?? Number.POSITIVE_INFINITY;
  let out = items.filter((t) => (q.startTime === undefined || time(t) >= q.startTime) && (q.endTime === undefined || time(t) <= q.endTime));
  if (q.fromId !== undefined) return out.filter((t) => id(t) >= q.fromId!).slice(0, n);
  if (q.startTime !== undefined && q.endTime === undefined) return out.slice(0, n);
  out = out.slice(-n);
  return out;
}

/** Open: working, waiting for its trigger, or pending (an OTO's, not yet placed). */
export function isOpen(o: WireOrder): boolean {
  return o.status === 'NEW' || o.status === 'PARTIALLY_FILLED' || o.status === 'PENDING_NEW';
}

/**
 * An `executionReport` of the order as it stands. `P` is the stop price, `g` the order list;
 * `w` says whether it works on the book (false for a stop not yet triggered) and `W`, when
 * it started to, appears only once it does (as Binance's conditional fields).
 */
export function report(w: WireOrder, exec: string): UserEvent {
  const working = w.isWorking && isOpen(w);
  return {
    E: w.updateTime, s: w.symbol, c: w.clientOrderId, S: w.side, o: w.type, f: w.timeInForce, q: w.origQty, p: w.price, P: w.stopPrice, F: fixed(0), g: w.orderListId, C: '', x: exec, X: w.status, r: 'NONE', i: w.orderId,
    l: fixed(0), z: w.executedQty, L: fixed(0), n: fixed(0), N: null, T: w.updateTime, t: -1, I: 0, w: working, m: false, M: false, O: w.time, Z: w.cummulativeQuoteQty, Y: fixed(0), Q: w.origQuoteOrderQty,
    ...(w.workingTime > 0 ? { W: w.workingTime } : {}), V: 'NONE', ...expiry(w, 'eR'),
    ...(w.trailingDelta === undefined ? {} : { d: w.trailingDelta, D: w.trailingTime ?? -1 }),
  };
}
