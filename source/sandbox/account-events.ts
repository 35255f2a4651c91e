import type { DomainEvent, Fill, Instrument, Level, Order } from '../domain/index.js';
import type { MatchingEngine } from '../adapters/simulated/matching-engine.js';
import { fixed } from './binance-format.js';
import { listEnded, listStatusEvent, type OrderList } from './order-lists.js';
import { OwnBook, restingPart } from './own-book.js';
import { clean } from './quantities.js';
import { isOpen, report, type UserEvent, type WireOrder, type WireTrade } from './wire-orders.js';

/** One order of an account: as Binance reports it, and as the matching engine knows it. */
export interface OrderRecord {
  wire: WireOrder;
  domain: Order;
  /** The client id of the cancel request in flight, for the CANCELED report's `c`. */
  cancelClientId?: string;
}

/** One API key's spot account. */
export interface SpotAccount {
  readonly engine: MatchingEngine;
  readonly orders: Map<number, OrderRecord>;
  readonly byClientId: Map<string, number>;
  readonly trades: WireTrade[];
  readonly assets: Set<string>;
  readonly listeners: Set<(e: UserEvent) => void>;
  /**
   * With Binance's commissions, what the reported balances differ from the engine's by: a buy's
   * fee comes back in the quote asset and is taken in the base asset instead.
   */
  readonly adjust: Map<string, number>;
  /** Order lists (OCO, OTO, OTOCO) by `orderListId`. */
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

/**
 * What becomes of the matching engine's events in an account: Binance's order states, fills
 * with their commission, the user-data events, and the public side of them (the own book and
 * the trade tape, one trade id sequence with the market's trades).
 */
export class AccountEvents {
  /** The traders' resting orders, shown in the public book. */
  private readonly own = new OwnBook();
  private readonly bookListeners = new Set<(symbol: string) => void>();
  private readonly changedBooks = new Set<string>();
  /** Where own fills go as public trades (the market streams of this exchange). */
  private readonly tapes = new Set<(t: OwnTrade) => void>();
  /** Called after each batch of engine events is applied to an account (an OTO places its pending orders then). */
  private readonly appliedListeners = new Set<(a: SpotAccount) => void>();
  /** The ids of the market's trades, given on first ask, from the one sequence own fills take theirs from. */
  private readonly marketTradeIds = new WeakMap<object, number>();
  private nextTradeId = 1;
  private nextExecutionId = 1;

  constructor(private readonly clock: () => number, private readonly commission: 'quote' | 'binance', private readonly instrument: (symbol: string) => Instrument) {}

  /** The market's levels with the traders' resting orders added. */
  publicBook(symbol: string, market: { readonly bids: readonly Level[]; readonly asks: readonly Level[] }): { bids: Level[]; asks: Level[] } {
    return this.own.merge(symbol, market);
  }

  /**
   * Calls `listener` with a symbol whose public book changed through the traders' own orders
   * (placed, filled, cancelled). Called once per symbol after the operation that changed it
   * (a microtask later), so a depth event never shows an order's passing state (a taker limit
   * order before its fill).
   */
  onOwnBookChange(listener: (symbol: string) => void): () => void {
    this.bookListeners.add(listener);
    return () => this.bookListeners.delete(listener);
  }

  /** Calls `listener` with the account after each batch of the matching engine's events is applied to it. */
  onApplied(listener: (a: SpotAccount) => void): () => void {
    this.appliedListeners.add(listener);
    return () => this.appliedListeners.delete(listener);
  }

  /** Calls `tape` with every own fill, as the public trade it is. */
  onOwnTrade(tape: (t: OwnTrade) => void): () => void {
    this.tapes.add(tape);
    return () => this.tapes.delete(tape);
  }

  /**
   * The trade id of a market trade event, from the sequence the own fills take theirs from (as
   * on Binance, where a symbol's trades share one sequence; here all symbols share one), so a
   * fill's id in myTrades is its id in `/trades` and `@trade`. The same event gets the same id
   * whoever asks (several stream views may share one exchange).
   */
  tradeIdOf(event: object): number {
    let id = this.marketTradeIds.get(event);
    if (id === undefined) {
      id = this.nextTradeId++;
      this.marketTradeIds.set(event, id);
    }
    return id;
  }

  /** Applies the matching engine's events to the account: order states, fills, balances, list states, and their user-data events. */
  apply(a: SpotAccount, events: readonly DomainEvent[]): void {
    this.applyOrders(a, events);
    // Binance says a list is done in a listStatus ALL_DONE after the legs' reports.
    for (const list of a.lists.values()) {
      if (list.status !== 'EXECUTING' || !listEnded(list, (id) => a.orders.get(id)!.wire)) continue;
      list.status = 'ALL_DONE';
      list.transactionTime = this.clock();
      this.emit(a, listStatusEvent(list, (id) => a.orders.get(id)!.wire, this.clock()));
    }
    for (const l of this.appliedListeners) l(a);
  }

  private applyOrders(a: SpotAccount, events: readonly DomainEvent[]): void {
    for (const e of events) {
      if (e.type === 'order/partiallyFilled' || e.type === 'order/filled') this.fill(a, e.data.fill, e.type === 'order/filled');
      else if (e.type === 'runtime/trail') {
        // A trailing stop's first move is when it started trailing (Binance's trailingTime).
        const o = a.orders.get(Number(e.data.id));
        if (o && o.wire.trailingTime === -1) o.wire.trailingTime = e.data.ts;
      } else if (e.type === 'order/triggered') {
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
  balance(a: SpotAccount, asset: string): { free: number; locked: number } {
    const b = a.engine.balanceOf(asset);
    return { free: clean(b.free + (a.adjust.get(asset) ?? 0)), locked: b.locked };
  }

  private fill(a: SpotAccount, f: Fill, complete: boolean): void {
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
  private track(o: OrderRecord | undefined): void {
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

  emit(a: SpotAccount, e: UserEvent): void {
    // Every execution report has its own execution id, as on Binance.
    if (e.e === 'executionReport') {
      e.I = this.nextExecutionId++;
      this.track(a.orders.get(e.i as number));
    }
    for (const l of a.listeners) l(e);
  }
}
