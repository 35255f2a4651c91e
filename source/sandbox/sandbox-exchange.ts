import type { DomainEvent, Instrument, Level, OrderBook } from '../domain/index.js';
import { orderShapes } from './order-terms.js';
import { MatchingEngine } from '../adapters/simulated/matching-engine.js';
import { fillsWhole, wouldTake } from '../engine/book-checks.js';
import { SIM_ASSETS } from '../adapters/simulated/sim-assets.js';
import { SimMarket } from '../adapters/simulated/sim-market.js';
import { BinanceError } from './signing.js';
import { wireSymbol } from './binance-format.js';
import { filterError, readOrderParams, type OrderParams } from './order-params.js';
import { integer, optional } from './params.js';
import { isOpen, report, STOP_TYPES, window, type HistoryQuery, type UserEvent, type WireCancel, type WireOrder, type WireTrade } from './wire-orders.js';
import { SPOT_FEES } from '../engine/fees.js';

export { CancelReplaceError, historyQuery, orderResponse, queryResponse, type HistoryQuery, type UserEvent, type WireCancel, type WireOrder, type WireTrade } from './wire-orders.js';
import { OrderLists } from './spot-order-lists.js';
import { AccountEvents, type OrderRecord as Record_, type OwnTrade, type SpotAccount as Account } from './account-events.js';
export type { OwnTrade } from './account-events.js';

/** Options added after the first version; all optional, so existing callers are unchanged. */
export interface SandboxExchangeOptions {
  /**
   * `quote` (default): every fee in the quote asset, as the matching engine keeps balances.
   * `binance`: as Binance charges without BNB: a buy pays in the base asset it receives, a sell
   * in the quote asset.
   */
  readonly commission?: 'quote' | 'binance';
  /** The market's prices this fraction above (below) the seed's path: two sandboxes of one seed then quote related but not equal prices. */
  readonly priceOffset?: number;
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
  private nextCancelId = 1;

  private readonly commission: 'quote' | 'binance';
  /** Fills, order states and user-data events of the accounts, and their public side. */
  readonly events: AccountEvents;
  /** OCO order lists. */
  readonly lists: OrderLists;

  /** `startBalances`: what each new account holds (default 10,000 USDT). */
  constructor(seed: number, private readonly clock: () => number, private readonly startBalances: Readonly<Record<string, number>> = { USDT: 10_000 }, options: SandboxExchangeOptions = {}) {
    this.commission = options.commission ?? 'quote';
    this.events = new AccountEvents(clock, this.commission, (s) => this.instrument(s));
    this.lists = new OrderLists(this);
    this.market = new SimMarket('binance', SIM_ASSETS, seed, clock(), undefined, options.priceOffset ? { offset: options.priceOffset, noise: 0, revertSeconds: 60, seed } : undefined);
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
    return this.events.publicBook(symbol, this.market.book(symbol)!);
  }

  /** See AccountEvents.onOwnBookChange: a symbol whose public book the traders' orders changed. Returns the unsubscribe. */
  onOwnBookChange(listener: (symbol: string) => void): () => void {
    return this.events.onOwnBookChange(listener);
  }

  /** Every own fill, as the public trade it is. Returns the unsubscribe. */
  onOwnTrade(tape: (t: OwnTrade) => void): () => void {
    return this.events.onOwnTrade(tape);
  }

  /** The trade id of a market trade event, from the one sequence own fills take theirs from. */
  tradeIdOf(event: object): number {
    return this.events.tradeIdOf(event);
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
      const b = this.events.balance(a, asset);
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

  /**
   * Places checked parameters (from `checkOrder`). `pendingId`: an OTO's pending order of that
   * id, placed now that its working order has filled.
   */
  place(apiKey: string, symbol: string, o: OrderParams, listId = -1, ocoWith?: number, pendingId?: number): WireOrder {
    const a = this.account(apiKey);
    const { wire, domain, stop, tif, book, estimate } = this.draft(a, symbol, o, listId, { ocoWith, pendingId });
    const clientOrderId = wire.clientOrderId;
    const inst = this.instrument(symbol);
    if (o.type === 'LIMIT_MAKER' && wouldTake(o.side === 'BUY' ? 'buy' : 'sell', o.price!, book)) {
      throw new BinanceError(400, -2010, 'Order would immediately match and take.');
    }
    // With Binance's commissions the engine holds a buy's fee of base asset that the account no
    // longer has: a sell is checked against the balance as reported.
    if (this.commission === 'binance' && o.side === 'SELL' && estimate > this.events.balance(a, inst.base).free + 1e-12) {
      throw new BinanceError(400, -2010, 'Account has insufficient balance for requested action.');
    }
    if (tif === 'FOK' && !stop && !fillsWhole(o.side === 'BUY' ? 'buy' : 'sell', estimate, o.price!, book)) {
      // Fill-or-kill that the book cannot fill whole: accepted, then expired with nothing done.
      const orderId = this.take(wire.orderId);
      wire.status = 'EXPIRED';
      wire.expiryReason = 'UNFILLED_FOK_ORDER_EXPIRED';
      wire.isWorking = false;
      a.orders.set(orderId, { wire, domain: { ...domain, status: 'cancelled' } });
      a.byClientId.set(clientOrderId, orderId);
      this.events.emit(a, { e: 'executionReport', ...report({ ...wire, status: 'NEW', isWorking: true }, 'NEW') });
      this.events.emit(a, { e: 'executionReport', ...report(wire, 'EXPIRED') });
      return { ...wire, fills: [] };
    }
    const events = a.engine.submit(domain, book);
    const rejected = events.find((e) => e.type === 'order/rejected');
    if (rejected && rejected.type === 'order/rejected') throw filterError(rejected.data.code, rejected.data.reason);
    const orderId = this.take(wire.orderId);
    a.orders.set(orderId, { wire, domain });
    a.byClientId.set(clientOrderId, orderId);
    this.events.emit(a, { e: 'executionReport', ...report(wire, 'NEW') });
    this.events.apply(a, events);
    return { ...wire, fills: [...wire.fills] };
  }

  /**
   * An OTO's pending order (checked parameters): recorded PENDING_NEW with its order id and
   * reported, not matched and holding nothing until `place` places it with `pendingId`.
   */
  placePending(apiKey: string, symbol: string, o: OrderParams, listId: number): WireOrder {
    const a = this.account(apiKey);
    const { wire, domain } = this.draft(a, symbol, o, listId, { pending: true });
    Object.assign(wire, { status: 'PENDING_NEW', isWorking: false, workingTime: -1 });
    const orderId = this.take(wire.orderId);
    a.orders.set(orderId, { wire, domain });
    a.byClientId.set(wire.clientOrderId, orderId);
    this.events.emit(a, { e: 'executionReport', ...report(wire, 'NEW') });
    return { ...wire, fills: [] };
  }

  /** The id a new order takes: the next one, or a pending order's own. */
  private take(id: number): number {
    if (id === this.nextOrderId) this.nextOrderId++;
    return id;
  }

  /**
   * A new order in Binance's shape and the matching engine's, not yet placed; the duplicate and
   * book checks. `pending`: an OTO's pending order, whose stop is checked against the market
   * when it is placed (after the working order's fill), not now.
   */
  private draft(a: Account, symbol: string, o: OrderParams, listId: number, { ocoWith, pendingId, pending = false }: { ocoWith?: number; pendingId?: number; pending?: boolean }) {
    const id = pendingId ?? this.nextOrderId;
    const inst = this.instrument(symbol);
    const clientOrderId = o.newClientOrderId ?? `sbx-${id}`;
    const known = a.byClientId.get(clientOrderId);
    if (known !== undefined && known !== pendingId && isOpen(a.orders.get(known)!.wire)) throw new BinanceError(400, -2010, 'Duplicate order sent.');
    const book = this.market.book(symbol);
    if (!book || book.asks.length === 0 || book.bids.length === 0) throw new BinanceError(400, -1013, 'Order book liquidity is less than symbol minimum quantity.');
    const lastPrice = this.market.prices()[symbol];
    return { ...orderShapes({ id, clientOrderId, listId, symbol, inst, book, stopCheckPrice: pending ? undefined : lastPrice, lastPrice, now: this.clock(), ocoWith }, o), book };
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

  /** An open order by id or client id, for a cancel: Binance's -2011 when there is none. */
  cancelRecord(a: Account, p: URLSearchParams, idName: string, clientName: string): Record_ {
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

  /** Cancels one open order (an order list's other leg with it); the cancel's answer. */
  cancel(a: Account, o: Record_, cancelClientId: string | undefined): WireCancel {
    o.cancelClientId = cancelClientId ?? `sbx-cancel-${this.nextCancelId++}`;
    // Cancelling one order of a list cancels the list: the other legs are CANCELED too, not expired.
    const list = a.lists.get(o.wire.orderListId);
    const legs = (list?.orderIds ?? [o.wire.orderId]).map((id) => a.orders.get(id)!);
    for (const leg of legs) if (leg !== o && isOpen(leg.wire)) leg.cancelClientId = o.cancelClientId;
    // An OTO's pending orders never reached the matching engine: cancelled here, reported first.
    const now = this.clock();
    for (const leg of legs.filter((l) => l.wire.status === 'PENDING_NEW')) {
      Object.assign(leg.wire, { status: 'CANCELED', updateTime: now });
      this.events.emit(a, { e: 'executionReport', ...report(leg.wire, 'CANCELED'), c: leg.cancelClientId, C: leg.wire.clientOrderId });
    }
    // The engine cancels the order (an OCO's other leg with it); for a pending order, the working one.
    const live = isOpen(o.wire) ? o : legs.find((l) => isOpen(l.wire));
    this.events.apply(a, live ? a.engine.cancel(String(live.wire.orderId)) : []);
    return this.cancelShape(o);
  }

  cancelShape(o: Record_): WireCancel {
    const w = o.wire;
    return {
      symbol: w.symbol, origClientOrderId: w.clientOrderId, orderId: w.orderId, orderListId: w.orderListId, clientOrderId: o.cancelClientId ?? '', transactTime: w.updateTime, price: w.price, origQty: w.origQty, executedQty: w.executedQty,
      origQuoteOrderQty: w.origQuoteOrderQty, cummulativeQuoteQty: w.cummulativeQuoteQty, status: w.status, timeInForce: w.timeInForce, type: w.type, side: w.side, ...(STOP_TYPES.includes(w.type) ? { stopPrice: w.stopPrice } : {}), selfTradePreventionMode: 'NONE',
    };
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
        if (e.type === 'market/book') this.events.apply(a, a.engine.onBook(this.market.book(e.data.symbol) as OrderBook));
        // Stops are set off by the last trade, as on Binance (not by the book's best prices).
        else if (e.type === 'market/trade') this.events.apply(a, a.engine.onTrade(e.data.symbol, e.data.price, this.market.book(e.data.symbol)));
      }
    }
    return events;
  }

}
