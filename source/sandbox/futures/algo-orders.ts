import { decimal, missing, oneOf, optional, required, type Params } from '../params.js';
import { BinanceError } from '../signing.js';
import { futuresError } from './futures-errors.js';
import type { FuturesExchange } from './futures-exchange.js';
import { futuresWireSymbol, priceOf, qtyOf } from './futures-format.js';
import { positionOf } from './futures-account-view.js';
import type { PositionMode, TrailingTerms } from '../../domain/index.js';
import { trailStep, trailTrigger } from '../../engine/trailing-stop.js';
import { readFuturesOrder } from './futures-order-params.js';

/** The conditional types Binance's algo service takes, and what each becomes when triggered. */
const TYPES = { STOP_MARKET: 'MARKET', TAKE_PROFIT_MARKET: 'MARKET', STOP: 'LIMIT', TAKE_PROFIT: 'LIMIT', TRAILING_STOP_MARKET: 'MARKET' } as const;
type AlgoType = keyof typeof TYPES;

/**
 * A trailing stop's state (Binance's rule): a sell is activated once the price reaches
 * `activatePrice` (at once without one) and then follows the highest price since, setting
 * off when the price falls `rate` percent under it; a buy the other way round.
 */
export interface Trail {
  readonly rate: number;
  readonly activatePrice?: number;
  /** The highest (sell) or lowest (buy) price since activation; undefined before it. */
  extreme?: number;
}

interface AlgoOrder {
  readonly algoId: number;
  readonly key: string;
  readonly symbol: string;
  readonly type: AlgoType;
  readonly side: 'BUY' | 'SELL';
  /** 0 for a trailing stop, which sets off by `trail`. */
  readonly triggerPrice: number;
  readonly trail?: Trail;
  /** closePosition: set off, it closes the whole position on its side, whatever its size then. */
  readonly closePosition: boolean;
  readonly workingType: 'MARK_PRICE' | 'CONTRACT_PRICE';
  /** The order placed when triggered, as `POST /fapi/v1/order` parameters. */
  readonly order: URLSearchParams;
  readonly clientAlgoId: string;
  readonly createTime: number;
  status: 'NEW' | 'CANCELED' | 'TRIGGERED' | 'FINISHED' | 'REJECTED';
  updateTime: number;
  triggerTime: number;
  actualOrderId?: number;
  /** Why the order it placed was refused (REJECTED): ALGO_UPDATE's `rm`, as Binance's docs list it. */
  failReason?: string;
}

/**
 * Binance's algo service for USD-M conditional orders (`POST /fapi/v1/algoOrder`, algoType
 * CONDITIONAL): STOP_MARKET, TAKE_PROFIT_MARKET, STOP and TAKE_PROFIT wait outside the book; once
 * the contract's last price (or its mark price, with workingType MARK_PRICE) reaches the trigger,
 * the MARKET or LIMIT order they name goes through the same order path as `/fapi/v1/order`.
 * A stop buys as the price rises to its trigger and sells as it falls; a take-profit the other way.
 */
export class AlgoOrders {
  private readonly orders = new Map<number, AlgoOrder>();
  private nextId = 1;

  constructor(private readonly futures: FuturesExchange) {}

  place(key: string, p: Params, now: number): Record<string, unknown> {
    const algoType = required(p, 'algoType');
    if (algoType !== 'CONDITIONAL') throw new BinanceError(400, -1130, "Data sent for parameter 'algoType' is not valid. (CONDITIONAL)");
    const type = oneOf(p, 'type', Object.keys(TYPES) as AlgoType[], -1116, 'Invalid orderType. (STOP_MARKET, TAKE_PROFIT_MARKET, STOP, TAKE_PROFIT or TRAILING_STOP_MARKET)');
    if (type === undefined) throw missing('type');
    const trailing = type === 'TRAILING_STOP_MARKET';
    const triggerPrice = trailing ? 0 : decimal(p, 'triggerPrice');
    if (triggerPrice === undefined) throw missing('triggerPrice');
    const workingType = oneOf(p, 'workingType', ['MARK_PRICE', 'CONTRACT_PRICE'] as const, -1130, "Data sent for parameter 'workingType' is not valid. (MARK_PRICE or CONTRACT_PRICE)") ?? 'CONTRACT_PRICE';
    const closePosition = oneOf(p, 'closePosition', ['true', 'false'] as const, -1130, "Data sent for parameter 'closePosition' is not valid. (true or false)") === 'true';
    if (closePosition) checkClosePosition(p, type, this.futures.positionMode(key));
    // The order it will place, checked now as /fapi/v1/order checks it.
    const order = new URLSearchParams();
    for (const name of ['symbol', 'side', 'positionSide', 'quantity', 'price', 'timeInForce', 'reduceOnly']) {
      const v = optional(p, name);
      if (v !== undefined) order.set(name, v);
    }
    order.set('type', TYPES[type]);
    if (TYPES[type] === 'LIMIT' && !order.has('timeInForce')) order.set('timeInForce', 'GTC');
    // A close-all order's size is the position's when it is set off: checked now at the least size.
    const sized = new URLSearchParams(order);
    if (closePosition) sized.set('quantity', String(this.futures.market.instrument(this.futures.market.symbolOf(required(p, 'symbol'))).minQty));
    const checked = readFuturesOrder(sized, this.futures.positionMode(key));
    const symbol = this.futures.market.symbolOf(checked.wireSymbol);
    const last = this.price(symbol, workingType);
    const trail = trailing ? readTrail(p, checked.side, last) : undefined;
    if (!trailing && this.reached(type, checked.side, triggerPrice, last)) throw futuresError(-2021, `the ${workingType === 'MARK_PRICE' ? 'mark' : 'last'} price ${last} has already reached the trigger ${triggerPrice}`);
    const algoId = this.nextId++;
    const a: AlgoOrder = { algoId, key, symbol, type, side: checked.side, triggerPrice, ...(trail ? { trail } : {}), closePosition, workingType, order, clientAlgoId: optional(p, 'clientAlgoId') ?? `sbx-algo-${algoId}`, createTime: now, status: 'NEW', updateTime: now, triggerTime: 0 };
    this.orders.set(algoId, a);
    this.update(a, now);
    return this.shape(a);
  }

  cancel(key: string, p: Params, now: number): Record<string, unknown> {
    const a = this.find(key, p);
    if (a.status !== 'NEW') throw futuresError(-2011, 'the algo order is no longer open');
    a.status = 'CANCELED';
    a.updateTime = now;
    this.update(a, now);
    return { algoId: a.algoId, clientAlgoId: a.clientAlgoId, code: '200', msg: 'success' };
  }

  get(key: string, p: Params): Record<string, unknown> {
    return this.shape(this.find(key, p));
  }

  open(key: string, symbol: string | undefined): Record<string, unknown>[] {
    return [...this.orders.values()].filter((a) => a.key === key && a.status === 'NEW' && (symbol === undefined || a.symbol === symbol)).map((a) => this.shape(a));
  }

  /**
   * `GET /fapi/v1/allAlgoOrders`: the account's algo orders on `symbol`, oldest first: from
   * `algoId` on, or the newest `limit` (default 500, at most 1000) within the time window.
   */
  all(key: string, symbol: string, q: { algoId?: number; startTime?: number; endTime?: number; limit: number }): Record<string, unknown>[] {
    const mine = [...this.orders.values()].filter((a) => a.key === key && a.symbol === symbol);
    const picked = q.algoId !== undefined
      ? mine.filter((a) => a.algoId >= q.algoId!).slice(0, q.limit)
      : mine.filter((a) => (q.startTime === undefined || a.createTime >= q.startTime) && (q.endTime === undefined || a.createTime <= q.endTime)).slice(-q.limit);
    return picked.map((a) => this.shape(a));
  }

  /** `DELETE /fapi/v1/algoOpenOrders`: every open algo order of the account on `symbol`, cancelled. */
  cancelAll(key: string, symbol: string, now: number): Record<string, unknown> {
    for (const a of this.orders.values()) {
      if (a.key !== key || a.symbol !== symbol || a.status !== 'NEW') continue;
      a.status = 'CANCELED';
      a.updateTime = now;
      this.update(a, now);
    }
    return { code: 200, msg: 'The operation of cancel all open order is done.' };
  }

  /** Triggers what the prices reached: each places its order (a refusal ends it REJECTED). */
  step(now: number): void {
    for (const a of this.orders.values()) {
      if (a.status !== 'NEW') continue;
      const price = this.price(a.symbol, a.workingType);
      if (!(a.trail ? trailed(a.trail, a.side, price) : this.reached(a.type, a.side, a.triggerPrice, price))) continue;
      a.triggerTime = a.updateTime = now;
      a.status = 'TRIGGERED';
      this.update(a, now);
      try {
        a.actualOrderId = this.futures.place(a.key, a.symbol, readFuturesOrder(this.orderToPlace(a), this.futures.positionMode(a.key))).accepted.orderId;
        a.status = 'FINISHED';
      } catch (e) {
        if (!(e instanceof BinanceError)) throw e;
        a.status = 'REJECTED';
        a.failReason = e.message;
      }
      this.update(a, now);
    }
  }

  /**
   * The order a set-off algo order places. A close-all one closes the position on its side
   * (reduce-only in one-way mode; in hedge mode its position side says which); with no
   * position to close it is refused, and the algo order REJECTED.
   */
  private orderToPlace(a: AlgoOrder): URLSearchParams {
    if (!a.closePosition) return a.order;
    const mode = this.futures.positionMode(a.key);
    const side = mode === 'hedge' ? (a.order.get('positionSide') as 'LONG' | 'SHORT') : 'BOTH';
    const held = positionOf(this.futures.state(a.key), a.symbol, side).qty;
    // A sell closes a long (positive) position, a buy a short one.
    const closes = a.side === 'SELL' ? held > 0 : held < 0;
    if (!closes) throw futuresError(-2022, 'closePosition: no position to close on this side');
    const order = new URLSearchParams(a.order);
    order.set('quantity', qtyOf(this.futures.market.instrument(a.symbol), Math.abs(held)));
    if (mode !== 'hedge') order.set('reduceOnly', 'true');
    return order;
  }

  /** Binance's ALGO_UPDATE user-data event for the algo order as it stands. */
  private update(a: AlgoOrder, now: number): void {
    const w = this.shape(a);
    this.futures.publish(a.key, {
      e: 'ALGO_UPDATE', T: now, E: now,
      o: {
        caid: w.clientAlgoId, aid: w.algoId, at: 'CONDITIONAL', o: w.orderType, s: w.symbol, S: w.side, ps: w.positionSide, f: w.timeInForce, q: w.quantity, X: w.algoStatus,
        ai: w.actualOrderId ?? '', tp: w.triggerPrice, p: w.price, V: 'NONE', wt: w.workingType, pm: 'NONE', cp: w.closePosition, pP: false, R: w.reduceOnly, tt: w.triggerTime, gtd: 0,
        ...(a.failReason === undefined ? {} : { rm: a.failReason }),
      },
    });
  }

  private find(key: string, p: Params): AlgoOrder {
    const id = optional(p, 'algoId');
    const client = optional(p, 'clientAlgoId');
    if (id === undefined && client === undefined) throw new BinanceError(400, -1102, "Param 'algoId' or 'clientAlgoId' must be sent, but both were empty/null!");
    const a = id !== undefined ? this.orders.get(Number(id)) : [...this.orders.values()].reverse().find((x) => x.key === key && x.clientAlgoId === client);
    if (!a || a.key !== key) throw futuresError(-2013, 'no such algo order');
    return a;
  }

  private price(symbol: string, workingType: 'MARK_PRICE' | 'CONTRACT_PRICE'): number {
    return workingType === 'MARK_PRICE' ? this.futures.market.mark(symbol).markPrice : this.futures.market.ticker(symbol).last;
  }

  private reached(type: AlgoType, side: 'BUY' | 'SELL', trigger: number, price: number): boolean {
    const stop = type === 'STOP' || type === 'STOP_MARKET';
    return stop === (side === 'BUY') ? price >= trigger : price <= trigger;
  }

  private shape(a: AlgoOrder): Record<string, unknown> {
    const i = this.futures.market.instrument(a.symbol);
    const price = a.order.get('price');
    return {
      algoId: a.algoId, clientAlgoId: a.clientAlgoId, algoType: 'CONDITIONAL', orderType: a.type, symbol: futuresWireSymbol(a.symbol), side: a.side, positionSide: a.order.get('positionSide') ?? 'BOTH',
      timeInForce: a.order.get('timeInForce') ?? 'GTC', quantity: qtyOf(i, Number(a.order.get('quantity'))), algoStatus: a.status, triggerPrice: priceOf(i, a.triggerPrice), price: priceOf(i, price === null ? 0 : Number(price)),
      icebergQuantity: null, selfTradePreventionMode: 'NONE', workingType: a.workingType, priceMatch: 'NONE', closePosition: a.closePosition, priceProtect: false, reduceOnly: a.order.get('reduceOnly') === 'true',
      createTime: a.createTime, updateTime: a.updateTime, triggerTime: a.triggerTime, goodTillDate: 0, ...(a.actualOrderId !== undefined ? { actualOrderId: String(a.actualOrderId) } : {}),
      ...(a.trail ? { activatePrice: a.trail.activatePrice === undefined ? '' : priceOf(i, a.trail.activatePrice), priceRate: a.trail.rate.toFixed(1) } : {}),
    };
  }
}

/**
 * Binance's rules for `closePosition=true`: only STOP_MARKET and TAKE_PROFIT_MARKET, never with
 * `quantity` (-4137) or `reduceOnly` (-1106); in hedge mode a BUY closes SHORT and a SELL LONG.
 */
function checkClosePosition(p: Params, type: AlgoType, mode: PositionMode): void {
  if (type !== 'STOP_MARKET' && type !== 'TAKE_PROFIT_MARKET') throw new BinanceError(400, -1106, "Parameter 'closePosition' sent when not required. (STOP_MARKET or TAKE_PROFIT_MARKET only)");
  if (p.has('quantity')) throw futuresError(-4137, 'closePosition closes the whole position: send no quantity');
  if (p.has('reduceOnly')) throw new BinanceError(400, -1106, "Parameter 'reduceOnly' sent when not required. (closePosition is reduce-only)");
  if (mode === 'hedge') {
    const ps = p.get('positionSide');
    const side = p.get('side');
    if (!((side === 'SELL' && ps === 'LONG') || (side === 'BUY' && ps === 'SHORT'))) throw new BinanceError(400, -1106, 'closePosition in hedge mode: a SELL closes LONG, a BUY closes SHORT.');
  }
}

/**
 * A trailing stop's `callbackRate` (0.1 to 10, 1 for 1%) and `activatePrice`, which must be
 * still ahead of the market: above it for a sell, below it for a buy (else Binance's -2021).
 */
function readTrail(p: Params, side: 'BUY' | 'SELL', last: number): Trail {
  const rate = decimal(p, 'callbackRate');
  if (rate === undefined) throw missing('callbackRate');
  // -1130 INVALID_PARAMETER: Binance's USD-M error-code page has no code of its own for a
  // callback rate (-4135 is the activation price, -4136 is not listed), so the general one.
  if (rate < 0.1 || rate > 10) throw new BinanceError(400, -1130, "Data sent for parameter 'callbackRate' is not valid. (0.1 to 10, 1 for 1%)");
  const activatePrice = decimal(p, 'activatePrice');
  if (activatePrice === undefined) return { rate, extreme: last };
  if (side === 'SELL' ? activatePrice <= last : activatePrice >= last) throw futuresError(-2021, `a ${side.toLowerCase()} trailing stop's activatePrice must be ${side === 'SELL' ? 'above' : 'below'} the price ${last}`);
  return { rate, activatePrice };
}

/** Moves a trailing stop with `price`; true when it sets off. The rule is the engine's (engine/trailing-stop.ts). */
export function trailed(t: Trail, side: 'BUY' | 'SELL', price: number): boolean {
  const s = side === 'SELL' ? 'sell' : 'buy';
  // USD-M activates a sell once the price rises to activatePrice, a buy once it falls to it.
  const terms: TrailingTerms = { distance: t.rate, unit: 'percent', ...(t.activatePrice === undefined ? {} : { activation: t.activatePrice, activateWhen: s === 'sell' ? 'above' : 'below' }) };
  const state = t.extreme === undefined ? { trigger: trailTrigger(s, terms, t.activatePrice!) } : { best: t.extreme, trigger: trailTrigger(s, terms, t.extreme) };
  const step = trailStep(s, terms, state, price);
  t.extreme = step.state.best;
  return step.fired;
}
