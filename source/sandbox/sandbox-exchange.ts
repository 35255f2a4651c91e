import type { DomainEvent, Fill, Instrument, Level, Order, OrderBook } from '../domain/index.js';
import { clean } from './quantities.js';
import { fillsWhole, quantityFor, stopTerms } from './order-terms.js';
import { MatchingEngine } from '../adapters/simulated/matching-engine.js';
import { SIM_ASSETS } from '../adapters/simulated/sim-assets.js';
import { SimMarket } from '../adapters/simulated/sim-market.js';
import { BinanceError } from './signing.js';
import { fixed, wireSymbol } from './binance-format.js';
import { filterError, readOrderParams, type OrderParams } from './order-params.js';
import { checkOcoPrices, listShape, listStatusEvent, readOco, type OrderList } from './order-lists.js';
import { integer, optional, required } from './params.js';

import { CancelReplaceError, isOpen, orderResponse, report, STOP_TYPES, window, type HistoryQuery, type UserEvent, type WireCancel, type WireOrder, type WireTrade } from './wire-orders.js';
import { SPOT_FEES } from '../engine/fees.js';
import { OwnBook, restingPart } from './own-book.js';

export { CancelReplaceError, historyQuery, orderResponse, queryResponse, type HistoryQuery, type UserEvent, type WireCancel, type WireOrder, type WireTrade } from './wire-orders.js';


interface Record_ {
  wire: WireOrder;
  domain: Order;
  /** The client id of the cancel request in flight, for the CANCELED report's `c`. */
  cancelClientId?: string;
}

interface Account {
  readonly engine: MatchingEngine;
  readonly orders: Map<number, Record_>;
  readonly byClientId: Map<string, number>;
  readonly trades: WireTrade[];
  readonly assets: Set<string>;
  readonly listeners: Set<(e: UserEvent) => void>;
  /**
   * With Binance's commissions, what the reported balances differ from the engine's by: a buy's
   * fee comes back in the quote asset and is taken in the base asset instead.
   */
  readonly adjust: Map<string, number>;
  /** OCO order lists by `orderListId`. */
  readonly lists: Map<number, OrderList>;
}

/** An own fill as the public trade it also is. */
export interface OwnTrade {
  readonly symbol: string;
  readonly id: number;
  readonly price: number;
  readonly qty: number;
  readonly time: number;
  readonly buyerMaker: boolean;
}

/** Options added after the first version; all optional, so existing callers are unchanged. */
export interface SandboxExchangeOptions {
  /**
   * `quote` (default): every fee in the quote asset, as the matching engine keeps balances.
   * `binance`: as Binance charges without BNB: a buy pays in the base asset it receives, a sell
   * in the quote asset.
   */
  readonly commission?: 'quote' | 'binance';
}

/**
 * Binance's matching and accounts over the simulated market: one account per API key,
 * orders in Binance's shapes, and the user-data events Binance would push.
 */
export class SandboxExchange {
  readonly market: SimMarket;
  private readonly accounts = new Map<string, Account>();
  private readonly bySymbol = new Map<string, string>();
  private readonly instruments = new Map<string, Instrument>();
  private nextOrderId = 1;
  private nextTradeId = 1;
  private nextCancelId = 1;
  private nextExecutionId = 1;
  private nextListId = 1;

  private readonly commission: 'quote' | 'binance';
  /** The traders' resting orders, shown in the public book. */
  private readonly own = new OwnBook();
  private readonly bookListeners = new Set<(symbol: string) => void>();
  private readonly changedBooks = new Set<string>();
  /** Where own fills go as public trades (the market streams of this exchange). */
  private readonly tapes = new Set<(t: OwnTrade) => void>();
  /** The ids of the market's trades, given on first ask, from the one sequence own fills take theirs from. */
  private readonly marketTradeIds = new WeakMap<object, number>();

  /** `startBalances`: what each new account holds (default 10,000 USDT). */
  constructor(seed: number, private readonly clock: () => number, private readonly startBalances: Readonly<Record<string, number>> = { USDT: 10_000 }, options: SandboxExchangeOptions = {}) {
    this.commission = options.commission ?? 'quote';
    this.market = new SimMarket('binance', SIM_ASSETS, seed, clock());
    for (const i of this.market.instruments()) {
      this.bySymbol.set(wireSymbol(i.symbol), i.symbol);
      this.instruments.set(i.symbol, i);
    }
  }

  symbolOf(wire: string | null): string {
    if (wire === null || wire === '') throw new BinanceError(400, -1102, "Mandatory parameter 'symbol' was not sent, was empty/null, or malformed.");
    const s = this.bySymbol.get(wire.toUpperCase());
    if (!s) throw new BinanceError(400, -1121, 'Invalid symbol.');
    return s;
  }

  now(): number {
    return this.clock();
  }

  /** Binance's one book: the simulated market's levels with every account's resting orders added. */
  publicBook(symbol: string): { bids: Level[]; asks: Level[] } {
    return this.own.merge(symbol, this.market.book(symbol)!);
  }

  /**
   * Calls `listener` with a symbol whose public book changed through the traders' own orders
   * (placed, filled, cancelled). Called once per symbol after the operation that changed it
   * (a microtask later), so a depth event never shows an order's passing state (a taker limit
   * order before its fill).
   */
  onOwnBookChange(listener: (symbol: string) => void): void {
    this.bookListeners.add(listener);
  }

  /** Calls `tape` with every own fill, as the public trade it is. */
  onOwnTrade(tape: (t: OwnTrade) => void): void {
    this.tapes.add(tape);
  }

  /**
   * The trade id of a market trade event: one sequence with the own fills' ids, as Binance has
   * one per symbol, so a fill's id in myTrades is its id in `/trades` and `@trade`. The same
   * event gets the same id whoever asks (several stream views may share one exchange).
   */
  tradeIdOf(event: object): number {
    let id = this.marketTradeIds.get(event);
    if (id === undefined) {
      id = this.nextTradeId++;
      this.marketTradeIds.set(event, id);
    }
    return id;
  }

  instrument(symbol: string): Instrument {
    return this.instruments.get(symbol)!;
  }

  account(apiKey: string): Account {
    let a = this.accounts.get(apiKey);
    if (!a) {
      a = {
        engine: new MatchingEngine({ venue: 'binance', instruments: this.market.instruments(), makerFee: SPOT_FEES.maker, takerFee: SPOT_FEES.taker, balances: Object.fromEntries(Object.entries(this.startBalances).map(([a, free]) => [a, { free, locked: 0 }])), clock: this.clock }),
        orders: new Map(),
        byClientId: new Map(),
        trades: [],
        assets: new Set(Object.keys(this.startBalances)),
        listeners: new Set(),
        adjust: new Map(),
        lists: new Map(),
      };
      this.accounts.set(apiKey, a);
    }
    return a;
  }

  balances(apiKey: string) {
    const a = this.account(apiKey);
    return [...a.assets].map((asset) => {
      const b = this.balance(a, asset);
      return { asset, free: b.free.toFixed(8), locked: b.locked.toFixed(8) };
    });
  }

  /**
   * Places an order. Lenient where older callers rely on it (a LIMIT without `timeInForce` is
   * GTC here); the REST route checks parameters strictly with `checkOrder` first.
   */
  placeOrder(apiKey: string, p: URLSearchParams): WireOrder {
    const symbol = this.symbolOf(p.get('symbol'));
    return this.place(apiKey, symbol, readOrderParams(p, this.instrument(symbol), this.market.book(symbol), false));
  }

  /** Binance's checks of a new order without placing it (`order/test`, and before `order`). */
  checkOrder(p: URLSearchParams): { symbol: string; params: OrderParams } {
    const symbol = this.symbolOf(p.get('symbol'));
    return { symbol, params: readOrderParams(p, this.instrument(symbol), this.market.book(symbol)) };
  }

  /** Places checked parameters (from `checkOrder`). */
  place(apiKey: string, symbol: string, o: OrderParams, listId = -1, ocoWith?: number): WireOrder {
    const a = this.account(apiKey);
    const inst = this.instrument(symbol);
    const clientOrderId = o.newClientOrderId ?? `sbx-${this.nextOrderId}`;
    const known = a.byClientId.get(clientOrderId);
    if (known !== undefined && isOpen(a.orders.get(known)!.wire)) throw new BinanceError(400, -2010, 'Duplicate order sent.');
    const book = this.market.book(symbol);
    if (!book || book.asks.length === 0 || book.bids.length === 0) throw new BinanceError(400, -1013, 'Order book liquidity is less than symbol minimum quantity.');
    if (o.type === 'LIMIT_MAKER' && (o.side === 'BUY' ? o.price! >= book.asks[0][0] : o.price! <= book.bids[0][0])) {
      throw new BinanceError(400, -2010, 'Order would immediately match and take.');
    }
    const now = this.clock();
    const estimate = quantityFor(o, inst, book);
    const stop = stopTerms(o, this.market.prices()[symbol]);
    const tif = o.type === 'LIMIT' || stop?.limit ? o.timeInForce! : 'GTC';
    const resting = stop !== undefined;
    const domain: Order = {
      venue: 'binance', symbol, side: o.side === 'BUY' ? 'buy' : 'sell', type: o.type === 'MARKET' || (stop && !stop.limit) ? 'market' : 'limit', qty: estimate, price: o.price,
      // FOK reaches the engine only when the book fills it whole, then as IOC (a stop's FOK: as IOC).
      tif: tif === 'GTC' ? 'GTC' : 'IOC',
      ...(o.quoteOrderQty !== undefined && o.side === 'BUY' ? { quoteQty: o.quoteOrderQty } : {}),
      ...(stop ? { stopPrice: o.stopPrice, stopTrigger: stop.trigger } : {}),
      ...(ocoWith !== undefined ? { ocoWith: String(ocoWith) } : {}),
      id: String(this.nextOrderId), clientOrderId, status: 'submitted', filledQty: 0, avgPrice: 0, fee: 0, createdAt: now, updatedAt: now,
    };
    const wire: WireOrder = {
      symbol: wireSymbol(symbol), orderId: this.nextOrderId, orderListId: listId, clientOrderId, transactTime: now, price: fixed(o.price ?? 0), origQty: fixed(o.quoteOrderQty !== undefined ? 0 : estimate), executedQty: fixed(0), cummulativeQuoteQty: fixed(0),
      status: 'NEW', timeInForce: o.type === 'MARKET' || o.type === 'STOP_LOSS' || o.type === 'TAKE_PROFIT' ? 'GTC' : tif, type: o.type, side: o.side, stopPrice: fixed(o.stopPrice ?? 0),
      // A stop waits off the book until triggered: not working, and Binance's workingTime -1.
      workingTime: resting ? -1 : now, time: now, updateTime: now, isWorking: !resting, origQuoteOrderQty: fixed(o.quoteOrderQty ?? 0), selfTradePreventionMode: 'NONE', fills: [],
    };
    // With Binance's commissions the engine holds a buy's fee of base asset that the account no
    // longer has: a sell is checked against the balance as reported.
    if (this.commission === 'binance' && o.side === 'SELL' && estimate > this.balance(a, inst.base).free + 1e-12) {
      throw new BinanceError(400, -2010, 'Account has insufficient balance for requested action.');
    }
    if (tif === 'FOK' && !stop && !fillsWhole(o.side, estimate, o.price!, book)) {
      // Fill-or-kill that the book cannot fill whole: accepted, then expired with nothing done.
      const orderId = this.nextOrderId++;
      wire.status = 'EXPIRED';
      wire.expiryReason = 'UNFILLED_FOK_ORDER_EXPIRED';
      wire.isWorking = false;
      a.orders.set(orderId, { wire, domain: { ...domain, status: 'cancelled' } });
      a.byClientId.set(clientOrderId, orderId);
      this.emit(a, { e: 'executionReport', ...report({ ...wire, status: 'NEW', isWorking: true }, 'NEW') });
      this.emit(a, { e: 'executionReport', ...report(wire, 'EXPIRED') });
      return { ...wire, fills: [] };
    }
    const events = a.engine.submit(domain, book);
    const rejected = events.find((e) => e.type === 'order/rejected');
    if (rejected && rejected.type === 'order/rejected') throw filterError(rejected.data.code, rejected.data.reason);
    const orderId = this.nextOrderId++;
    a.orders.set(orderId, { wire, domain });
    a.byClientId.set(clientOrderId, orderId);
    this.emit(a, { e: 'executionReport', ...report(wire, 'NEW') });
    this.apply(a, events);
    return { ...wire, fills: [...wire.fills] };
  }

  findOrder(apiKey: string, p: URLSearchParams): WireOrder {
    return this.lookup(this.account(apiKey), p, 'orderId', 'origClientOrderId').wire;
  }

  private lookup(a: Account, p: URLSearchParams, idName: string, clientName: string): Record_ {
    const idText = optional(p, idName);
    const client = optional(p, clientName);
    if (idText === undefined && client === undefined) throw new BinanceError(400, -1102, `Param '${clientName}' or '${idName}' must be sent, but both were empty/null!`);
    const id = idText !== undefined ? integer(p, idName) : a.byClientId.get(client!);
    const o = id === undefined ? undefined : a.orders.get(id);
    if (!o || (client !== undefined && o.wire.clientOrderId !== client)) throw new BinanceError(400, -2013, 'Order does not exist.');
    return o;
  }

  cancelOrder(apiKey: string, p: URLSearchParams): WireOrder {
    const a = this.account(apiKey);
    const o = this.cancelRecord(a, p, 'orderId', 'origClientOrderId');
    this.cancel(a, o, p.get('newClientOrderId') ?? undefined);
    return o.wire;
  }

  /** `DELETE /api/v3/order` as Binance answers it: with `origClientOrderId` and the cancel's own id. */
  cancelOrderResponse(apiKey: string, p: URLSearchParams): WireCancel {
    const a = this.account(apiKey);
    const o = this.cancelRecord(a, p, 'orderId', 'origClientOrderId');
    return this.cancel(a, o, optional(p, 'newClientOrderId'));
  }

  /** `DELETE /api/v3/openOrders`: every open order on the symbol, or -2011 when there is none. */
  cancelAll(apiKey: string, symbol: string): WireCancel[] {
    const a = this.account(apiKey);
    const open = [...a.orders.values()].filter((o) => isOpen(o.wire) && o.wire.symbol === wireSymbol(symbol));
    if (open.length === 0) throw new BinanceError(400, -2011, 'Unknown order sent.');
    return open.map((o) => this.cancel(a, o, undefined));
  }

  /** `POST /api/v3/order/cancelReplace`: cancel, then place, with Binance's -2021/-2022 answers. */
  cancelReplace(apiKey: string, p: URLSearchParams): { cancelResult: string; newOrderResult: string; cancelResponse: unknown; newOrderResponse: unknown } {
    const mode = required(p, 'cancelReplaceMode');
    if (mode !== 'STOP_ON_FAILURE' && mode !== 'ALLOW_FAILURE') throw new BinanceError(400, -1130, "Data sent for parameter 'cancelReplaceMode' is not valid.");
    const { symbol, params } = this.checkOrder(p);
    const a = this.account(apiKey);
    let cancelResponse: unknown;
    let cancelled = false;
    try {
      const o = this.cancelRecord(a, p, 'cancelOrderId', 'cancelOrigClientOrderId');
      if (o.wire.symbol !== wireSymbol(symbol)) throw new BinanceError(400, -2011, 'Unknown order sent.');
      cancelResponse = this.cancel(a, o, optional(p, 'cancelNewClientOrderId'));
      cancelled = true;
    } catch (e) {
      if (!(e instanceof BinanceError)) throw e;
      cancelResponse = { code: e.code, msg: e.message };
    }
    if (!cancelled && mode === 'STOP_ON_FAILURE') {
      throw new CancelReplaceError(-2022, 'Order cancel-replace failed.', { cancelResult: 'FAILURE', newOrderResult: 'NOT_ATTEMPTED', cancelResponse, newOrderResponse: null });
    }
    let newOrderResponse: unknown;
    let placed = false;
    try {
      newOrderResponse = orderResponse(this.place(apiKey, symbol, params), params.respType);
      placed = true;
    } catch (e) {
      if (!(e instanceof BinanceError)) throw e;
      newOrderResponse = { code: e.code, msg: e.message };
    }
    const data = { cancelResult: cancelled ? 'SUCCESS' : 'FAILURE', newOrderResult: placed ? 'SUCCESS' : 'FAILURE', cancelResponse, newOrderResponse };
    if (!cancelled && !placed) throw new CancelReplaceError(-2022, 'Order cancel-replace failed.', data);
    if (!cancelled || !placed) throw new CancelReplaceError(-2021, 'Order cancel-replace partially failed.', data);
    return data;
  }

  private cancelRecord(a: Account, p: URLSearchParams, idName: string, clientName: string): Record_ {
    let o: Record_;
    try {
      o = this.lookup(a, p, idName, clientName);
    } catch (e) {
      if (e instanceof BinanceError && e.code === -2013) throw new BinanceError(400, -2011, 'Unknown order sent.');
      throw e;
    }
    if (!isOpen(o.wire)) throw new BinanceError(400, -2011, 'Unknown order sent.');
    return o;
  }

  private cancel(a: Account, o: Record_, cancelClientId: string | undefined): WireCancel {
    o.cancelClientId = cancelClientId ?? `sbx-cancel-${this.nextCancelId++}`;
    // Cancelling one order of a list cancels the list: the other leg is CANCELED too, not expired.
    const list = a.lists.get(o.wire.orderListId);
    for (const id of list?.orderIds ?? []) {
      const leg = a.orders.get(id)!;
      if (leg !== o && isOpen(leg.wire)) leg.cancelClientId = o.cancelClientId;
    }
    this.apply(a, a.engine.cancel(String(o.wire.orderId)));
    return this.cancelShape(o);
  }

  private cancelShape(o: Record_): WireCancel {
    const w = o.wire;
    return {
      symbol: w.symbol, origClientOrderId: w.clientOrderId, orderId: w.orderId, orderListId: w.orderListId, clientOrderId: o.cancelClientId ?? '', transactTime: w.updateTime, price: w.price, origQty: w.origQty, executedQty: w.executedQty,
      origQuoteOrderQty: w.origQuoteOrderQty, cummulativeQuoteQty: w.cummulativeQuoteQty, status: w.status, timeInForce: w.timeInForce, type: w.type, side: w.side, ...(STOP_TYPES.includes(w.type) ? { stopPrice: w.stopPrice } : {}), selfTradePreventionMode: 'NONE',
    };
  }

  /**
   * `POST /api/v3/orderList/oco` (or the older `order/oco`): the LIMIT_MAKER leg is placed,
   * then the stop-loss leg linked to it, so the matching engine's OCO holds the funds once and
   * cancels one leg when the other fills or triggers.
   */
  placeOco(apiKey: string, p: URLSearchParams, legacy: boolean): Record<string, unknown> {
    const symbol = this.symbolOf(p.get('symbol'));
    const req = readOco(p, legacy);
    const a = this.account(apiKey);
    const listClientOrderId = req.listClientOrderId ?? `sbx-list-${this.nextListId}`;
    if ([...a.lists.values()].some((l) => l.status === 'EXECUTING' && l.listClientOrderId === listClientOrderId)) throw new BinanceError(400, -2010, 'Duplicate order sent.');
    const inst = this.instrument(symbol);
    const book = this.market.book(symbol);
    const limitParams = readOrderParams(req.limitLeg, inst, book);
    const stopParams = readOrderParams(req.stopLeg, inst, book);
    checkOcoPrices(req, this.market.prices()[symbol]);
    const orderListId = this.nextListId++;
    const limitLeg = this.place(apiKey, symbol, limitParams, orderListId);
    let stopLeg: WireOrder;
    try {
      stopLeg = this.place(apiKey, symbol, stopParams, orderListId, limitLeg.orderId);
    } catch (e) {
      // The list is placed whole or not at all.
      this.cancel(a, a.orders.get(limitLeg.orderId)!, undefined);
      throw e;
    }
    const list: OrderList = { orderListId, listClientOrderId, symbol: wireSymbol(symbol), orderIds: [stopLeg.orderId, limitLeg.orderId], status: 'EXECUTING', transactionTime: this.clock() };
    a.lists.set(orderListId, list);
    const wire = (id: number) => a.orders.get(id)!.wire;
    this.emit(a, listStatusEvent(list, wire, this.clock()));
    return { ...listShape(list, wire), orderReports: list.orderIds.map((id) => orderResponse(wire(id), req.respType === 'ACK' ? 'RESULT' : req.respType)) };
  }

  /** `DELETE /api/v3/orderList`: both legs, CANCELED; -2011 for a list unknown or done. */
  cancelOrderList(apiKey: string, p: URLSearchParams): Record<string, unknown> {
    const a = this.account(apiKey);
    const list = this.findList(a, p);
    if (list.status !== 'EXECUTING') throw new BinanceError(400, -2011, 'Unknown order sent.');
    const cancelId = optional(p, 'newClientOrderId');
    const open = list.orderIds.map((id) => a.orders.get(id)!).find((o) => isOpen(o.wire))!;
    this.cancel(a, open, cancelId);
    const wire = (id: number) => a.orders.get(id)!.wire;
    return { ...listShape(list, wire), orderReports: list.orderIds.map((id) => this.cancelShape(a.orders.get(id)!)) };
  }

  /** `GET /api/v3/orderList` by `orderListId` or `origClientOrderId`. */
  orderList(apiKey: string, p: URLSearchParams): Record<string, unknown> {
    const a = this.account(apiKey);
    return listShape(this.findList(a, p, 'origClientOrderId'), (id) => a.orders.get(id)!.wire);
  }

  /** `GET /api/v3/allOrderList`: every list of the account, oldest first. */
  allOrderLists(apiKey: string): Record<string, unknown>[] {
    const a = this.account(apiKey);
    return [...a.lists.values()].map((l) => listShape(l, (id) => a.orders.get(id)!.wire));
  }

  /** `GET /api/v3/openOrderList`. */
  openOrderLists(apiKey: string): Record<string, unknown>[] {
    const a = this.account(apiKey);
    return [...a.lists.values()].filter((l) => l.status === 'EXECUTING').map((l) => listShape(l, (id) => a.orders.get(id)!.wire));
  }

  private findList(a: Account, p: URLSearchParams, clientName = 'listClientOrderId'): OrderList {
    const id = integer(p, 'orderListId');
    const client = optional(p, clientName);
    if (id === undefined && client === undefined) throw new BinanceError(400, -1102, `Param '${clientName}' or 'orderListId' must be sent, but both were empty/null!`);
    const list = id !== undefined ? a.lists.get(id) : [...a.lists.values()].reverse().find((l) => l.listClientOrderId === client);
    if (!list || (client !== undefined && list.listClientOrderId !== client)) throw new BinanceError(400, -2011, 'Order list does not exist.');
    return list;
  }

  openOrders(apiKey: string, symbol: string | null): WireOrder[] {
    return [...this.account(apiKey).orders.values()].map((o) => o.wire).filter((o) => isOpen(o) && (!symbol || o.symbol === symbol.toUpperCase()));
  }

  /** `GET /api/v3/allOrders`: from `orderId` on, else the latest within the time window. */
  allOrders(apiKey: string, symbol: string, q: HistoryQuery = {}): WireOrder[] {
    const all = [...this.account(apiKey).orders.values()].map((o) => o.wire).filter((o) => o.symbol === wireSymbol(symbol));
    return window(all, (o) => o.orderId, (o) => o.time, { ...q, fromId: q.orderId });
  }

  myTrades(apiKey: string, symbol: string | null, q: HistoryQuery = {}): WireTrade[] {
    const all = this.account(apiKey).trades.filter((t) => !symbol || t.symbol === symbol.toUpperCase());
    const mine = q.orderId === undefined ? all : all.filter((t) => t.orderId === q.orderId);
    return window(mine, (t) => t.id, (t) => t.time, { ...q, orderId: undefined });
  }

  subscribeUser(apiKey: string, listener: (e: UserEvent) => void): () => void {
    const a = this.account(apiKey);
    a.listeners.add(listener);
    return () => a.listeners.delete(listener);
  }

  /** One market step: new prices, and resting orders that the market trades through. */
  step(now: number): DomainEvent[] {
    const events = this.market.step(now);
    for (const a of this.accounts.values()) {
      for (const e of events) {
        if (e.type === 'market/book') this.apply(a, a.engine.onBook(this.market.book(e.data.symbol) as OrderBook));
        // Stops are set off by the last trade, as on Binance (not by the book's best prices).
        else if (e.type === 'market/trade') this.apply(a, a.engine.onTrade(e.data.symbol, e.data.price, this.market.book(e.data.symbol)));
      }
    }
    return events;
  }

  private apply(a: Account, events: readonly DomainEvent[]): void {
    this.applyOrders(a, events);
    // A list is done once either leg has ended (filled, cancelled, or expired by the other's
    // fill or trigger): Binance says so in a listStatus ALL_DONE after the legs' reports.
    for (const list of a.lists.values()) {
      if (list.status !== 'EXECUTING' || list.orderIds.every((id) => isOpen(a.orders.get(id)!.wire))) continue;
      list.status = 'ALL_DONE';
      list.transactionTime = this.clock();
      this.emit(a, listStatusEvent(list, (id) => a.orders.get(id)!.wire, this.clock()));
    }
  }

  private applyOrders(a: Account, events: readonly DomainEvent[]): void {
    for (const e of events) {
      if (e.type === 'order/partiallyFilled' || e.type === 'order/filled') this.fill(a, e.data.fill, e.type === 'order/filled');
      else if (e.type === 'order/triggered') {
        // Set off: the order now works on the book. Binance reports it as NEW again, working.
        const o = a.orders.get(Number(e.data.id));
        if (!o) continue;
        o.wire.isWorking = true;
        o.wire.workingTime = e.data.ts;
        o.wire.updateTime = e.data.ts;
        this.emit(a, { e: 'executionReport', ...report(o.wire, 'NEW') });
      } else if (e.type === 'order/rejected') {
        // A triggered stop the account can no longer pay for: Binance expires it.
        const o = a.orders.get(Number(e.data.id));
        if (!o || !isOpen(o.wire)) continue;
        Object.assign(o.wire, { status: 'EXPIRED', isWorking: false, updateTime: e.data.ts, expiryReason: 'REJECTED' });
        this.emit(a, { e: 'executionReport', ...report(o.wire, 'EXPIRED') });
      } else if (e.type === 'order/cancelled') {
        const o = a.orders.get(Number(e.data.id));
        if (!o) continue;
        const w = o.wire;
        const byUser = o.cancelClientId !== undefined;
        w.status = byUser ? 'CANCELED' : 'EXPIRED';
        w.isWorking = false;
        w.updateTime = e.data.ts;
        // A quote-quantity order's size is what its budget bought.
        if (Number(w.origQuoteOrderQty) > 0) w.origQty = w.executedQty;
        // On a cancel Binance reports the cancel request's id in `c` and the order's own in `C`.
        // Expired, with Binance's reason: an OCO leg the other one's fill or trigger ended, the
        // unfilled rest of an IOC (a stop-limit's FOK acts as one), a market order the book ran out for.
        if (!byUser) w.expiryReason = w.orderListId !== -1 ? 'OCO_TRIGGER' : w.timeInForce === 'IOC' ? 'UNFILLED_IOC_QUANTITY_EXPIRED' : w.timeInForce === 'FOK' ? 'UNFILLED_FOK_ORDER_EXPIRED' : 'INSUFFICIENT_LIQUIDITY';
        this.emit(a, { e: 'executionReport', ...report(w, w.status), ...(byUser ? { c: o.cancelClientId, C: w.clientOrderId } : {}) });
      } else if (e.type === 'account/balances') {
        for (const asset of Object.keys(e.data.balances)) a.assets.add(asset);
        this.emit(a, { e: 'outboundAccountPosition', E: this.clock(), u: this.clock(), B: Object.keys(e.data.balances).map((asset) => {
          const b = this.balance(a, asset);
          return { a: asset, f: b.free.toFixed(8), l: b.locked.toFixed(8) };
        }) });
      }
    }
  }

  /** The balance as reported: the engine's, moved by Binance-style commissions when those are on. */
  private balance(a: Account, asset: string): { free: number; locked: number } {
    const b = a.engine.balanceOf(asset);
    return { free: clean(b.free + (a.adjust.get(asset) ?? 0)), locked: b.locked };
  }

  private fill(a: Account, f: Fill, complete: boolean): void {
    const o = a.orders.get(Number(f.orderId));
    if (!o) return;
    const w = o.wire;
    const tradeId = this.nextTradeId++;
    const pub: OwnTrade = { symbol: o.domain.symbol, id: tradeId, price: f.price, qty: f.qty, time: f.ts, buyerMaker: (w.side === 'BUY') === (f.liquidity === 'maker') };
    for (const tape of this.tapes) tape(pub);
    w.executedQty = fixed(clean(Number(w.executedQty) + f.qty));
    w.cummulativeQuoteQty = fixed(clean(Number(w.cummulativeQuoteQty) + f.qty * f.price));
    w.status = complete ? 'FILLED' : 'PARTIALLY_FILLED';
    if (complete) w.isWorking = false;
    // A quote-quantity order's size is what the quote amount bought.
    if (complete && Number(w.origQuoteOrderQty) > 0) w.origQty = w.executedQty;
    w.updateTime = f.ts;
    let fee = f.fee;
    let feeAsset = f.feeAsset;
    if (this.commission === 'binance' && w.side === 'BUY') {
      // The engine took the fee in the quote asset; Binance takes the same rate of the base bought.
      const base = this.instrument(o.domain.symbol).base;
      const rate = f.qty * f.price > 0 ? f.fee / (f.qty * f.price) : 0;
      fee = clean(f.qty * rate);
      feeAsset = base;
      a.adjust.set(f.feeAsset, clean((a.adjust.get(f.feeAsset) ?? 0) + f.fee));
      a.adjust.set(base, clean((a.adjust.get(base) ?? 0) - fee));
    }
    w.fills.push({ price: fixed(f.price), qty: fixed(f.qty), commission: fixed(fee), commissionAsset: feeAsset, tradeId });
    a.trades.push({ symbol: w.symbol, id: tradeId, orderId: w.orderId, orderListId: w.orderListId, price: fixed(f.price), qty: fixed(f.qty), quoteQty: fixed(f.qty * f.price), commission: fixed(fee), commissionAsset: feeAsset, time: f.ts, isBuyer: w.side === 'BUY', isMaker: f.liquidity === 'maker', isBestMatch: true });
    this.emit(a, { e: 'executionReport', ...report(w, 'TRADE'), l: fixed(f.qty), L: fixed(f.price), n: fixed(fee), N: feeAsset, t: tradeId, m: f.liquidity === 'maker', Y: fixed(f.qty * f.price) });
  }

  /** Keeps the own book up to date with an order that just changed, and says so after the operation. */
  private track(o: Record_ | undefined): void {
    if (!o || !this.own.set(o.domain.symbol, o.wire.orderId, restingPart(o.wire))) return;
    if (this.changedBooks.size === 0) {
      queueMicrotask(() => {
        const symbols = [...this.changedBooks];
        this.changedBooks.clear();
        for (const s of symbols) for (const l of this.bookListeners) l(s);
      });
    }
    this.changedBooks.add(o.domain.symbol);
  }

  private emit(a: Account, e: UserEvent): void {
    // Every execution report has its own execution id, as on Binance.
    if (e.e === 'executionReport') {
      e.I = this.nextExecutionId++;
      this.track(a.orders.get(e.i as number));
    }
    for (const l of a.listeners) l(e);
  }
}

