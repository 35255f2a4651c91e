import type { DomainEvent, Fill, Order, OrderBook } from '../../domain/index.js';
import { MatchingEngine } from '../simulated/matching-engine.js';
import { SIM_ASSETS } from '../simulated/sim-assets.js';
import { SimMarket } from '../simulated/sim-market.js';
import { BinanceError } from './signing.js';
import { wireSymbol } from './binance-format.js';

/** An order as Binance reports it. */
export interface WireOrder {
  symbol: string;
  orderId: number;
  orderListId: -1;
  clientOrderId: string;
  transactTime: number;
  price: string;
  origQty: string;
  executedQty: string;
  cummulativeQuoteQty: string;
  status: 'NEW' | 'PARTIALLY_FILLED' | 'FILLED' | 'CANCELED' | 'EXPIRED' | 'REJECTED';
  timeInForce: string;
  type: 'MARKET' | 'LIMIT';
  side: 'BUY' | 'SELL';
  workingTime: number;
  time: number;
  updateTime: number;
  isWorking: boolean;
  origQuoteOrderQty: string;
  selfTradePreventionMode: 'NONE';
  fills: { price: string; qty: string; commission: string; commissionAsset: string; tradeId: number }[];
}

export interface WireTrade {
  symbol: string;
  id: number;
  orderId: number;
  orderListId: -1;
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

export type UserEvent = Record<string, unknown>;

interface Account {
  readonly engine: MatchingEngine;
  readonly orders: Map<number, { wire: WireOrder; domain: Order }>;
  readonly byClientId: Map<string, number>;
  readonly trades: WireTrade[];
  readonly assets: Set<string>;
  readonly listeners: Set<(e: UserEvent) => void>;
}

/**
 * Binance's matching and accounts over the simulated market: one account per API key,
 * orders in Binance's shapes, and the user-data events Binance would push.
 */
export class SandboxExchange {
  readonly market: SimMarket;
  private readonly accounts = new Map<string, Account>();
  private readonly bySymbol = new Map<string, string>();
  private nextOrderId = 1;
  private nextTradeId = 1;

  /** `startBalances`: what each new account holds (default 10,000 USDT). */
  constructor(seed: number, private readonly clock: () => number, private readonly startBalances: Readonly<Record<string, number>> = { USDT: 10_000 }) {
    this.market = new SimMarket('binance', SIM_ASSETS, seed, clock());
    for (const i of this.market.instruments()) this.bySymbol.set(wireSymbol(i.symbol), i.symbol);
  }

  symbolOf(wire: string | null): string {
    const s = wire ? this.bySymbol.get(wire.toUpperCase()) : undefined;
    if (!s) throw new BinanceError(400, -1121, 'Invalid symbol.');
    return s;
  }

  account(apiKey: string): Account {
    let a = this.accounts.get(apiKey);
    if (!a) {
      a = {
        engine: new MatchingEngine({ venue: 'binance', instruments: this.market.instruments(), makerFee: 0.001, takerFee: 0.001, balances: Object.fromEntries(Object.entries(this.startBalances).map(([a, free]) => [a, { free, locked: 0 }])), clock: this.clock }),
        orders: new Map(),
        byClientId: new Map(),
        trades: [],
        assets: new Set(Object.keys(this.startBalances)),
        listeners: new Set(),
      };
      this.accounts.set(apiKey, a);
    }
    return a;
  }

  balances(apiKey: string) {
    const a = this.account(apiKey);
    return [...a.assets].map((asset) => {
      const b = a.engine.balanceOf(asset);
      return { asset, free: b.free.toFixed(8), locked: b.locked.toFixed(8) };
    });
  }

  placeOrder(apiKey: string, p: URLSearchParams): WireOrder {
    const a = this.account(apiKey);
    const symbol = this.symbolOf(p.get('symbol'));
    const side = p.get('side');
    const type = p.get('type');
    if (side !== 'BUY' && side !== 'SELL') throw new BinanceError(400, -1102, "Mandatory parameter 'side' was not sent, was empty/null, or malformed.");
    if (type !== 'MARKET' && type !== 'LIMIT') throw new BinanceError(400, -1116, 'Invalid orderType.');
    const clientOrderId = p.get('newClientOrderId') ?? `sbx-${this.nextOrderId}`;
    if (a.byClientId.has(clientOrderId) && isOpen(a.orders.get(a.byClientId.get(clientOrderId)!)!.wire)) throw new BinanceError(400, -2010, 'Duplicate order sent.');
    const qty = Number(p.get('quantity'));
    const quoteQty = p.get('quoteOrderQty') === null ? undefined : Number(p.get('quoteOrderQty'));
    const price = p.get('price') === null ? undefined : Number(p.get('price'));
    if (!(qty > 0) && !(quoteQty !== undefined && quoteQty > 0)) throw new BinanceError(400, -1102, "Mandatory parameter 'quantity' was not sent, was empty/null, or malformed.");
    if (type === 'LIMIT' && !(price! > 0)) throw new BinanceError(400, -1102, "Mandatory parameter 'price' was not sent, was empty/null, or malformed.");
    const now = this.clock();
    const orderId = this.nextOrderId++;
    const book = this.market.book(symbol)!;
    const estimate = qty > 0 ? qty : quoteQty! / book.asks[0][0];
    const domain: Order = {
      venue: 'binance', symbol, side: side === 'BUY' ? 'buy' : 'sell', type: type === 'MARKET' ? 'market' : 'limit', qty: estimate, price, tif: p.get('timeInForce') === 'IOC' ? 'IOC' : 'GTC',
      ...(quoteQty !== undefined ? { quoteQty } : {}),
      id: String(orderId), clientOrderId, status: 'submitted', filledQty: 0, avgPrice: 0, fee: 0, createdAt: now, updatedAt: now,
    };
    const wire: WireOrder = {
      symbol: wireSymbol(symbol), orderId, orderListId: -1, clientOrderId, transactTime: now, price: price === undefined ? '0.00000000' : String(price), origQty: String(estimate), executedQty: '0', cummulativeQuoteQty: '0',
      status: 'NEW', timeInForce: domain.tif!, type, side, workingTime: now, time: now, updateTime: now, isWorking: true, origQuoteOrderQty: String(quoteQty ?? 0), selfTradePreventionMode: 'NONE', fills: [],
    };
    const events = a.engine.submit(domain, book);
    const rejected = events.find((e) => e.type === 'order/rejected');
    if (rejected && rejected.type === 'order/rejected') {
      const r = rejected.data.reason;
      if (/insufficient balance/.test(r)) throw new BinanceError(400, -2010, 'Account has insufficient balance for requested action.');
      if (/notional/.test(r)) throw new BinanceError(400, -1013, 'Filter failure: NOTIONAL');
      if (/lot size|minimum/.test(r)) throw new BinanceError(400, -1013, 'Filter failure: LOT_SIZE');
      if (/tick size/.test(r)) throw new BinanceError(400, -1013, 'Filter failure: PRICE_FILTER');
      throw new BinanceError(400, -1013, r);
    }
    a.orders.set(orderId, { wire, domain });
    a.byClientId.set(clientOrderId, orderId);
    this.emit(a, { e: 'executionReport', ...report(wire, 'NEW') });
    this.apply(a, events);
    return { ...wire, fills: [...wire.fills] };
  }

  findOrder(apiKey: string, p: URLSearchParams): WireOrder {
    const a = this.account(apiKey);
    const id = p.get('orderId') !== null ? Number(p.get('orderId')) : a.byClientId.get(p.get('origClientOrderId') ?? '');
    const o = id === undefined ? undefined : a.orders.get(id);
    if (!o) throw new BinanceError(400, -2013, 'Order does not exist.');
    return o.wire;
  }

  cancelOrder(apiKey: string, p: URLSearchParams): WireOrder {
    const a = this.account(apiKey);
    let o: WireOrder;
    try {
      o = this.findOrder(apiKey, p);
    } catch {
      throw new BinanceError(400, -2011, 'Unknown order sent.');
    }
    if (!isOpen(o)) throw new BinanceError(400, -2011, 'Unknown order sent.');
    this.apply(a, a.engine.cancel(String(o.orderId)));
    return o;
  }

  openOrders(apiKey: string, symbol: string | null): WireOrder[] {
    return [...this.account(apiKey).orders.values()].map((o) => o.wire).filter((o) => isOpen(o) && (!symbol || o.symbol === symbol.toUpperCase()));
  }

  myTrades(apiKey: string, symbol: string | null): WireTrade[] {
    return this.account(apiKey).trades.filter((t) => !symbol || t.symbol === symbol.toUpperCase());
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
      for (const e of events) if (e.type === 'market/book') this.apply(a, a.engine.onBook(this.market.book(e.data.symbol) as OrderBook));
    }
    return events;
  }

  private apply(a: Account, events: readonly DomainEvent[]): void {
    for (const e of events) {
      if (e.type === 'order/partiallyFilled' || e.type === 'order/filled') this.fill(a, e.data.fill, e.type === 'order/filled');
      else if (e.type === 'order/cancelled') {
        const o = a.orders.get(Number(e.data.id));
        if (!o) continue;
        o.wire.status = o.wire.type === 'MARKET' || o.wire.timeInForce === 'IOC' ? 'EXPIRED' : 'CANCELED';
        o.wire.isWorking = false;
        o.wire.updateTime = e.data.ts;
        this.emit(a, { e: 'executionReport', ...report(o.wire, o.wire.status === 'EXPIRED' ? 'EXPIRED' : 'CANCELED') });
      } else if (e.type === 'account/balances') {
        for (const asset of Object.keys(e.data.balances)) a.assets.add(asset);
        this.emit(a, { e: 'outboundAccountPosition', E: this.clock(), u: this.clock(), B: Object.entries(e.data.balances).map(([asset, b]) => ({ a: asset, f: b.free.toFixed(8), l: b.locked.toFixed(8) })) });
      }
    }
  }

  private fill(a: Account, f: Fill, complete: boolean): void {
    const o = a.orders.get(Number(f.orderId));
    if (!o) return;
    const w = o.wire;
    const tradeId = this.nextTradeId++;
    w.executedQty = String(Number(w.executedQty) + f.qty);
    w.cummulativeQuoteQty = String(Number(w.cummulativeQuoteQty) + f.qty * f.price);
    w.status = complete ? 'FILLED' : 'PARTIALLY_FILLED';
    // A quote-quantity order's size is what the quote amount bought.
    if (complete && Number(w.origQuoteOrderQty) > 0) w.origQty = w.executedQty;
    w.updateTime = f.ts;
    w.fills.push({ price: String(f.price), qty: String(f.qty), commission: String(f.fee), commissionAsset: f.feeAsset, tradeId });
    a.trades.push({ symbol: w.symbol, id: tradeId, orderId: w.orderId, orderListId: -1, price: String(f.price), qty: String(f.qty), quoteQty: String(f.qty * f.price), commission: String(f.fee), commissionAsset: f.feeAsset, time: f.ts, isBuyer: w.side === 'BUY', isMaker: f.liquidity === 'maker', isBestMatch: true });
    this.emit(a, { e: 'executionReport', ...report(w, 'TRADE'), l: String(f.qty), L: String(f.price), n: String(f.fee), N: f.feeAsset, t: tradeId, m: f.liquidity === 'maker', Y: String(f.qty * f.price) });
  }

  private emit(a: Account, e: UserEvent): void {
    for (const l of a.listeners) l(e);
  }
}

function isOpen(o: WireOrder): boolean {
  return o.status === 'NEW' || o.status === 'PARTIALLY_FILLED';
}

function report(w: WireOrder, exec: string): UserEvent {
  return {
    E: w.updateTime, s: w.symbol, c: w.clientOrderId, S: w.side, o: w.type, f: w.timeInForce, q: w.origQty, p: w.price, P: '0.00000000', F: '0.00000000', g: -1, C: '', x: exec, X: w.status, r: 'NONE', i: w.orderId,
    l: '0', z: w.executedQty, L: '0', n: '0', N: null, T: w.updateTime, t: -1, I: 0, w: w.status === 'NEW' || w.status === 'PARTIALLY_FILLED', m: false, M: false, O: w.time, Z: w.cummulativeQuoteQty, Y: '0', Q: w.origQuoteOrderQty, W: w.workingTime, V: 'NONE',
  };
}
