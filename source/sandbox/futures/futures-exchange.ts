import type { DomainEvent, MarginMode, Order, PositionMode, PositionSide } from '../../domain/index.js';
import { checkFilters, clean, DEFAULT_SYMBOL_SETTINGS, RefusedError } from '../../domain/index.js';
import { wouldTake } from '../../engine/book-checks.js';
import { orderIntent } from '../../engine/futures-position.js';
import { emptyFutures } from '../../store/index.js';
import { FuturesEngine } from '../../adapters/simulated/futures-engine.js';
import type { SimMarket } from '../../adapters/simulated/sim-market.js';
import type { PublicTradeRecord } from '../market-data.js';
import { accountUpdateBalance, accountUpdatePosition, ASSET, positionOf, type AccountState } from './futures-account-view.js';
import { futuresError, refusalError } from './futures-errors.js';
import { futuresWireSymbol, priceOf, qtyOf, type FuturesWireIncome, type FuturesWireMarginChange, type FuturesWireOrder, type FuturesWireTrade, type WireStatus } from './futures-format.js';
import { FuturesMarket } from './futures-market.js';
import type { FuturesOrderParams } from './futures-order-params.js';
import { PERPETUAL_FEES } from '../../engine/fees.js';
import { FuturesUserEvents, orderUpdate, type Account, type OrderRecord, type UserEvent } from './futures-user-events.js';

export type { UserEvent } from './futures-user-events.js';

/** The sandbox's USD-M commission: the one perpetual fee model (engine/fees.ts), Binance's VIP 0 rates. */
export const MAKER_FEE = PERPETUAL_FEES.maker;
export const TAKER_FEE = PERPETUAL_FEES.taker;

/**
 * Binance USD-M accounts over the simulated perpetuals: one futures engine (the simulated
 * exchange's own: margin, funding, liquidation) per API key, orders and trades in Binance's
 * shapes, and the user-data events Binance would push (ORDER_TRADE_UPDATE, ACCOUNT_UPDATE,
 * ACCOUNT_CONFIG_UPDATE).
 */
export class FuturesExchange {
  readonly market: FuturesMarket;
  private readonly accounts = new Map<string, Account>();
  private readonly events: FuturesUserEvents;
  private nextOrderId = 4_000_000_001;

  constructor(spot: SimMarket, seed: number, private readonly clock: () => number, private readonly startWallet = 10_000) {
    this.market = new FuturesMarket(spot, seed, clock());
    this.events = new FuturesUserEvents(this.market, clock, (apiKey) => this.state(apiKey));
  }

  /** The account of an API key, opened with the starting wallet on first use. */
  private account(apiKey: string): Account {
    let a = this.accounts.get(apiKey);
    if (a) return a;
    const ledger = { ...emptyFutures(), wallets: { [this.market.venue]: { [ASSET]: this.startWallet } } };
    const engine = new FuturesEngine({ venue: this.market.venue, instruments: this.market.instruments(), makerFee: MAKER_FEE, takerFee: TAKER_FEE, clock: this.clock }, ledger);
    for (const m of this.market.perps.marks()) engine.onMark(m);
    a = { apiKey, engine, mode: 'one-way', settings: new Map(), orders: new Map(), byClientId: new Map(), trades: [], income: [], marginChanges: [], listeners: new Set(), updated: new Map(), realized: new Map() };
    this.accounts.set(apiKey, a);
    return a;
  }

  /** What the wire answers of this account are computed from. */
  state(apiKey: string): AccountState {
    const a = this.account(apiKey);
    const openOrderMargin = new Map<string, number>();
    for (const o of a.orders.values()) {
      if (!isOpen(o.wire.status) || o.domain.reduceOnly || o.domain.price === undefined) continue;
      const left = o.domain.qty - Number(o.wire.executedQty);
      const lev = (a.settings.get(o.domain.symbol) ?? DEFAULT_SYMBOL_SETTINGS).leverage;
      openOrderMargin.set(o.domain.symbol, (openOrderMargin.get(o.domain.symbol) ?? 0) + (left * o.domain.price) / lev);
    }
    return { view: a.engine.view(), mode: a.mode, settings: a.settings, openOrderMargin, updated: a.updated, realized: a.realized, instrument: (s) => this.market.instrument(s) };
  }

  positionMode(apiKey: string): PositionMode {
    return this.account(apiKey).mode;
  }

  setLeverage(apiKey: string, symbol: string, leverage: number): void {
    const a = this.account(apiKey);
    this.events.apply(a, this.engineCall(() => a.engine.setLeverage(symbol, leverage)));
    a.settings.set(symbol, { ...(a.settings.get(symbol) ?? DEFAULT_SYMBOL_SETTINGS), leverage });
  }

  setMarginMode(apiKey: string, symbol: string, marginMode: MarginMode): void {
    const a = this.account(apiKey);
    this.events.apply(a, this.engineCall(() => a.engine.setMarginMode(symbol, marginMode)));
    a.settings.set(symbol, { ...(a.settings.get(symbol) ?? DEFAULT_SYMBOL_SETTINGS), marginMode });
  }

  setPositionMode(apiKey: string, mode: PositionMode): void {
    const a = this.account(apiKey);
    this.events.apply(a, this.engineCall(() => a.engine.setPositionMode(mode)));
    a.mode = mode;
  }

  /**
   * `POST /fapi/v1/positionMargin`: `amount` added to (type 1) or removed from (type 2) the
   * isolated position, by the futures engine's rules and Binance's codes; recorded for the
   * history and pushed as an ACCOUNT_UPDATE (MARGIN_TRANSFER) with the position's new wallet.
   */
  changeMargin(apiKey: string, symbol: string, positionSide: PositionSide | undefined, amount: number, type: 1 | 2): { amount: number; type: 1 | 2 } {
    const a = this.account(apiKey);
    const events = this.engineCall(() => a.engine.changeIsolatedMargin(symbol, positionSide, amount, type === 1 ? 'add' : 'reduce'));
    const now = this.clock();
    const position = events.flatMap((e) => (e.type === 'futures/position' ? [e.data.position] : []))[0];
    const side = position?.side ?? 'BOTH';
    a.marginChanges.push({ symbol: futuresWireSymbol(symbol), type, deltaType: 'USER_ADJUST', amount: amount.toFixed(8), asset: ASSET, time: now, positionSide: side });
    a.updated.set(`${symbol}:${side}`, now);
    const s = this.state(apiKey);
    this.events.emit(a, { e: 'ACCOUNT_UPDATE', E: now, T: now, a: { m: 'MARGIN_TRANSFER', B: [accountUpdateBalance(s)], P: [accountUpdatePosition(s, positionOf(s, symbol, side))] } });
    return { amount, type };
  }

  /** `GET /fapi/v1/positionMargin/history` of one symbol: by type and time, the newest `limit`. */
  marginHistory(apiKey: string, symbol: string, q: { type?: 1 | 2; startTime?: number; endTime?: number; limit: number }): FuturesWireMarginChange[] {
    const wire = futuresWireSymbol(symbol);
    const rows = this.account(apiKey).marginChanges.filter((r) => r.symbol === wire && (q.type === undefined || r.type === q.type) && (q.startTime === undefined || r.time >= q.startTime) && (q.endTime === undefined || r.time <= q.endTime));
    return rows.slice(-q.limit);
  }

  /** The engine's refusals (thrown as RefusedError) as Binance's errors, by their codes. */
  private engineCall(run: () => DomainEvent[]): DomainEvent[] {
    try {
      return run();
    } catch (e) {
      if (e instanceof RefusedError) throw refusalError(e.refusal.code, e.refusal.text);
      throw e;
    }
  }

  /** Places an order: checked as Binance checks it, matched by the futures engine; its wire state after matching. */
  place(apiKey: string, symbol: string, o: FuturesOrderParams): { accepted: FuturesWireOrder; now: FuturesWireOrder } {
    const a = this.account(apiKey);
    const now = this.clock();
    if (o.newClientOrderId !== undefined) {
      const prior = a.orders.get(a.byClientId.get(o.newClientOrderId) ?? -1);
      if (prior && isOpen(prior.wire.status)) throw futuresError(-4116, `an open order already has client id ${o.newClientOrderId}`);
    }
    const side = o.side === 'BUY' ? 'buy' : 'sell';
    const book = this.market.book(symbol);
    const intent = orderIntent(a.mode, { symbol, side, qty: o.quantity, reduceOnly: o.reduceOnly, positionSide: o.positionSide }, (s) => positionOf(this.state(apiKey), symbol, s).qty);
    if (!intent.ok) throw refusalError(intent.refusal.code, intent.refusal.text);
    if (o.type === 'LIMIT' && o.timeInForce === 'GTX') {
      const best = side === 'buy' ? book.asks[0]?.[0] : book.bids[0]?.[0];
      if (best !== undefined && (side === 'buy' ? o.price! >= best : o.price! <= best)) throw futuresError(-5022, `a post-only ${side} at ${o.price} would trade at once against ${best}`);
    }
    if (o.type === 'LIMIT' && o.timeInForce === 'FOK') {
      const reach = (side === 'buy' ? book.asks : book.bids).filter(([p]) => (side === 'buy' ? p <= o.price! : p >= o.price!)).reduce((s, [, q]) => s + q, 0);
      if (reach + 1e-12 < o.quantity) throw futuresError(-5021, `only ${reach} is available at ${o.price} or better`);
    }
    const orderId = this.nextOrderId++;
    const clientOrderId = o.newClientOrderId ?? `sandbox-${orderId}`;
    const domain: Order = {
      venue: this.market.venue, symbol, side, type: o.type === 'LIMIT' ? 'limit' : 'market', qty: o.quantity, price: o.price,
      tif: o.timeInForce === 'IOC' || o.timeInForce === 'FOK' ? 'IOC' : 'GTC', reduceOnly: o.reduceOnly || undefined, positionSide: o.positionSide,
      id: String(orderId), clientOrderId, status: 'submitted', filledQty: 0, avgPrice: 0, fee: 0, createdAt: now, updatedAt: now,
    };
    const events = a.engine.submit(domain, book);
    const rejected = events.find((e) => e.type === 'order/rejected');
    if (rejected && rejected.type === 'order/rejected') throw refusalError(rejected.data.code, rejected.data.reason);
    const inst = this.market.instrument(symbol);
    const wire: FuturesWireOrder = {
      orderId, symbol: futuresWireSymbol(symbol), status: 'NEW', clientOrderId, price: priceOf(inst, o.price ?? 0), avgPrice: '0.00', origQty: qtyOf(inst, o.quantity),
      executedQty: qtyOf(inst, 0), cumQty: qtyOf(inst, 0), cumQuote: '0.00000', timeInForce: o.timeInForce, type: o.type, reduceOnly: o.reduceOnly || (a.mode === 'hedge' && intent.signedQty * (o.positionSide === 'LONG' ? 1 : -1) < 0),
      closePosition: false, side: o.side, positionSide: o.positionSide, stopPrice: '0.00', workingType: 'CONTRACT_PRICE', priceProtect: false, origType: o.type,
      priceMatch: 'NONE', selfTradePreventionMode: 'EXPIRE_MAKER', goodTillDate: 0, time: now, updateTime: now,
    };
    a.orders.set(orderId, { wire, domain });
    a.byClientId.set(clientOrderId, orderId);
    const accepted = { ...wire };
    this.events.apply(a, events);
    return { accepted, now: { ...a.orders.get(orderId)!.wire } };
  }

  /**
   * `PUT /fapi/v1/order`: a resting LIMIT order's new price and quantity, as Binance modifies
   * them: out of the queue and back in at the new terms (its place is lost), through the
   * engine's checks; a refused change leaves the order as it was. It is cancelled instead when
   * it filled in part and the new quantity is not above what filled, or it is post-only (GTX)
   * and the new price would trade at once.
   */
  modify(apiKey: string, symbol: string, orderId: number | undefined, clientId: string | undefined, side: 'BUY' | 'SELL', quantity: number, price: number): FuturesWireOrder {
    const a = this.account(apiKey);
    const r = this.lookup(a, symbol, orderId, clientId);
    if (!isOpen(r.wire.status)) throw futuresError(-2013, `order ${r.wire.orderId} is ${r.wire.status}`);
    if (r.wire.type !== 'LIMIT') throw futuresError(-1116, 'only LIMIT orders can be modified');
    if (r.wire.side !== side) throw futuresError(-1117, `order ${r.wire.orderId} is a ${r.wire.side}`);
    if (price === r.domain.price && quantity === r.domain.qty) throw futuresError(-5027);
    const inst = this.market.instrument(symbol);
    const book = this.market.book(symbol);
    const ref = r.domain.side === 'buy' ? book.asks[0]?.[0] ?? price : book.bids[0]?.[0] ?? price;
    const filter = checkFilters(inst, quantity, price, ref);
    if (filter) throw refusalError(filter.code, filter.text);
    const executed = Number(r.wire.executedQty);
    const id = r.domain.id;
    if ((executed > 0 && quantity <= executed + 1e-12) || (r.wire.timeInForce === 'GTX' && wouldTake(r.domain.side, price, book))) {
      this.events.apply(a, a.engine.cancel(id).map((e) => (e.type === 'order/cancelled' ? { ...e, data: { ...e.data, reason: 'modify: cancelled as Binance does' } } : e)));
      return { ...a.orders.get(r.wire.orderId)!.wire };
    }
    // Out of the queue; its cancel is internal (the order lives on, amended), so not reported.
    a.engine.cancel(id);
    const events = a.engine.submit({ ...r.domain, qty: clean(quantity - executed), price }, book);
    const rejected = events.find((e) => e.type === 'order/rejected');
    if (rejected && rejected.type === 'order/rejected') {
      a.engine.restore({ ...r.domain, filledQty: executed, status: 'open' });
      throw refusalError(rejected.data.code, rejected.data.reason);
    }
    const now = this.clock();
    const wire = { ...r.wire, price: priceOf(inst, price), origQty: qtyOf(inst, quantity), updateTime: now };
    a.orders.set(r.wire.orderId, { wire, domain: { ...r.domain, qty: quantity, price } });
    this.events.emit(a, orderUpdate(wire, 'AMENDMENT', now));
    this.events.apply(a, events.filter((e) => e.type !== 'order/accepted'));
    return { ...a.orders.get(r.wire.orderId)!.wire };
  }

  /** An order by `orderId` or `origClientOrderId` (Binance's -2013 when neither finds one). */
  findOrder(apiKey: string, symbol: string, orderId: number | undefined, clientId: string | undefined): FuturesWireOrder {
    return { ...this.lookup(this.account(apiKey), symbol, orderId, clientId).wire };
  }

  private lookup(a: Account, symbol: string, orderId: number | undefined, clientId: string | undefined): OrderRecord {
    if (orderId === undefined && clientId === undefined) throw futuresError(-1102, "Mandatory parameter 'orderId' or 'origClientOrderId' was not sent, was empty/null, or malformed.");
    const id = orderId ?? a.byClientId.get(clientId!);
    const r = id === undefined ? undefined : a.orders.get(id);
    if (!r || r.domain.symbol !== symbol || (clientId !== undefined && r.wire.clientOrderId !== clientId)) throw futuresError(-2013);
    return r;
  }

  cancel(apiKey: string, symbol: string, orderId: number | undefined, clientId: string | undefined): FuturesWireOrder {
    const a = this.account(apiKey);
    const r = this.lookup(a, symbol, orderId, clientId);
    if (!isOpen(r.wire.status)) throw futuresError(-2011, `order ${r.wire.orderId} is ${r.wire.status}`);
    this.events.apply(a, a.engine.cancel(r.domain.id));
    return { ...r.wire };
  }

  cancelAll(apiKey: string, symbol: string): void {
    const a = this.account(apiKey);
    for (const r of [...a.orders.values()]) if (r.domain.symbol === symbol && isOpen(r.wire.status)) this.events.apply(a, a.engine.cancel(r.domain.id));
  }

  openOrders(apiKey: string, symbol?: string): FuturesWireOrder[] {
    return [...this.account(apiKey).orders.values()].filter((r) => isOpen(r.wire.status) && (symbol === undefined || r.domain.symbol === symbol)).map((r) => ({ ...r.wire }));
  }

  allOrders(apiKey: string, symbol: string): FuturesWireOrder[] {
    return [...this.account(apiKey).orders.values()].filter((r) => r.domain.symbol === symbol).map((r) => ({ ...r.wire }));
  }

  trades(apiKey: string): readonly FuturesWireTrade[] {
    return this.account(apiKey).trades;
  }

  income(apiKey: string): readonly FuturesWireIncome[] {
    return this.account(apiKey).income;
  }

  subscribeUser(apiKey: string, listener: (e: UserEvent) => void): () => void {
    const a = this.account(apiKey);
    a.listeners.add(listener);
    return () => a.listeners.delete(listener);
  }

  /** Sends a user-data event that another part of the exchange (the algo service) made to the account's streams. */
  publish(apiKey: string, e: UserEvent): void {
    this.events.emit(this.account(apiKey), e);
  }

  /** How many user-data listeners the account has: a client's stream is connected once this grows. */
  userListeners(apiKey: string): number {
    return this.account(apiKey).listeners.size;
  }

  onPublicTrade(listener: (symbol: string, t: PublicTradeRecord) => void): () => void {
    this.events.tradeListeners.add(listener);
    return () => this.events.tradeListeners.delete(listener);
  }

  /** One market step at `now`: the perpetuals move; resting orders fill, funding is paid, positions are liquidated. */
  step(now: number): DomainEvent[] {
    const events = this.market.step(now);
    for (const a of this.accounts.values()) {
      for (const e of events) {
        if (e.type === 'market/book') this.events.apply(a, a.engine.onBook(this.market.book(e.data.symbol)));
        else if (e.type === 'market/mark') this.events.apply(a, a.engine.onMark(e.data));
      }
    }
    return events;
  }
}

export const isOpen = (s: WireStatus): boolean => s === 'NEW' || s === 'PARTIALLY_FILLED';
