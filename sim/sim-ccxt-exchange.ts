import type { CcxtExchange, CcxtMarket, CcxtOrder, CcxtTicker, CcxtTrade } from '../source/adapters/ccxt/ccxt-client.js';
import { PublicStreams } from '../source/sandbox/public-streams.js';
import { SandboxExchange, type UserEvent, type WireOrder, type WireTrade } from '../source/sandbox/sandbox-exchange.js';
import { BinanceError } from '../source/sandbox/signing.js';
import { wireSymbol } from '../source/sandbox/binance-format.js';
import type { DomainEvent } from '../source/domain/index.js';
import { BadRequest, BadSymbol, ExchangeClosedByUser, ExchangeError, InsufficientFunds, InvalidOrder, NetworkError, OrderNotFound, RequestTimeout } from './ccxt-errors.js';

/** The REST calls a fault can be aimed at. */
export type CallName = 'loadMarkets' | 'fetchTicker' | 'fetchTickers' | 'fetchOrderBook' | 'fetchOHLCV' | 'fetchBalance' | 'createOrder' | 'cancelOrder' | 'fetchOrder' | 'fetchOpenOrders' | 'fetchMyTrades';

/**
 * What happens to one call:
 * - `refuse`: the connection is refused (NetworkError ECONNREFUSED); nothing reaches the exchange.
 * - `timeout`: the exchange does the work, the reply comes too late: the caller sees RequestTimeout.
 * - `lose`: the exchange does the work, the connection drops before the reply (NetworkError).
 * - `late`: the caller sees RequestTimeout *before* the exchange has seen the request; the
 *   exchange does the work only when the driver calls `releaseLate()` (a look-up in between
 *   finds nothing yet).
 */
export type CallFault = 'refuse' | 'timeout' | 'lose' | 'late';

export type StreamName = 'orders' | 'balance' | 'tickers' | 'book' | 'ohlcv';

/**
 * What happens to the next delivery on one stream: its updates are dropped, delivered twice,
 * delivered in reverse order, delivered garbled (fields that do not parse), or the stream
 * fails as a dropped websocket does (the pending watch rejects; what was in flight is lost).
 */
export type StreamFault = 'drop' | 'duplicate' | 'reorder' | 'garble' | 'fail';

export interface SimCcxtOptions {
  /** The exchange to trade on; by default a fresh one from `seed`. */
  readonly exchange?: SandboxExchange;
  readonly seed?: number;
  readonly clock: () => number;
  /** What a fresh exchange's accounts start with (default 10,000 USDT). */
  readonly startBalances?: Readonly<Record<string, number>>;
  /** The account's API key at the exchange (one account per key). */
  readonly apiKey?: string;
  /**
   * Binance refuses a signed request that arrives later than this after it was signed
   * (ccxt signs with recvWindow 10 s): a `late` request released after it does nothing.
   */
  readonly recvWindowMs?: number;
}

interface Waiter {
  resolve(value: unknown): void;
  reject(err: Error): void;
}

/**
 * A deterministic, in-process Binance spot exchange behind the `CcxtExchange` interface:
 * the sandbox's matching engine and accounts, answered in the shapes ccxt's binance class
 * returns (orders, trades, balances, tickers, books, candles; ccxt's error classes). No
 * timers, sockets or randomness: the driver moves the market (`step`), decides when stream
 * updates arrive (`deliver`), and sets faults per call and per stream.
 */
export class SimCcxtExchange implements CcxtExchange {
  readonly id = 'binance';
  urls: Record<string, unknown> = {};
  options: Record<string, unknown> = {};
  httpAgent?: unknown;
  timeout = 10_000;
  readonly exchange: SandboxExchange;
  readonly apiKey: string;
  /** Every REST call made, in order (`createOrder BTC/USDT`): for tests and replay logs. */
  readonly calls: string[] = [];
  /** Counts of faults injected, by kind: for the simulator's closing figures. */
  readonly injected: Record<string, number> = {};
  /** The client order id of every cancel sent through this client while open, whatever became of it. */
  readonly cancelsSent: string[] = [];
  private readonly streams: PublicStreams;
  private readonly callFaults = new Map<CallName, CallFault[]>();
  private readonly streamFaults = new Map<StreamName, StreamFault[]>();
  private readonly lateQueue: { sent: number; run: () => void }[] = [];
  private readonly waiters = new Map<string, Waiter>();
  private readonly pending = new Map<string, unknown[]>();
  private unsubscribe?: () => void;
  private down = false;
  private closed = false;

  constructor(private readonly o: SimCcxtOptions) {
    this.exchange = o.exchange ?? new SandboxExchange(o.seed ?? 1, o.clock, o.startBalances);
    this.apiKey = o.apiKey ?? 'sim-key';
    this.streams = new PublicStreams(this.exchange, {});
  }

  // ---- driver controls -------------------------------------------------------------------

  /** The next call(s) of `call` meet `fault`, in the order queued. */
  failNext(call: CallName, fault: CallFault, times = 1): void {
    const q = this.callFaults.get(call) ?? [];
    for (let i = 0; i < times; i++) q.push(fault);
    this.callFaults.set(call, q);
  }

  /** The next delivery (deliveries) on `stream` meet `fault`. */
  failStream(stream: StreamName, fault: StreamFault, times = 1): void {
    const q = this.streamFaults.get(stream) ?? [];
    for (let i = 0; i < times; i++) q.push(fault);
    this.streamFaults.set(stream, q);
  }

  /** No more queued call or stream faults (the link state and held-back requests stay). */
  clearFaults(): void {
    this.callFaults.clear();
    this.streamFaults.clear();
  }

  /**
   * The link is down (every call refused, every stream failed and refused) or back up.
   * Exchange state goes on: resting orders still fill while the client cannot see it.
   */
  setDown(down: boolean): void {
    this.down = down;
    if (down) {
      this.count('link-down');
      for (const key of [...this.waiters.keys()]) this.failWaiter(key, refused('websocket'));
      this.pending.clear();
      this.unsubscribe?.();
      this.unsubscribe = undefined;
    }
  }

  get isDown(): boolean {
    return this.down;
  }

  /**
   * Requests held back by `late` faults reach the exchange now, in the order sent; those
   * older than the receive window are refused there (-1021) and change nothing. Returns how
   * many took effect.
   */
  releaseLate(): number {
    let n = 0;
    const now = this.o.clock();
    for (const late of this.lateQueue.splice(0)) {
      if (now - late.sent > (this.o.recvWindowMs ?? 10_000)) {
        this.count('late-expired');
        continue;
      }
      late.run();
      n++;
    }
    return n;
  }

  /** How many requests are held back by `late` faults. */
  get lateCount(): number {
    return this.lateQueue.length;
  }

  /** Moves the market to `now`: prices change, resting orders the market crosses fill. */
  step(now: number): void {
    const events = this.exchange.step(now);
    this.streams.publish(events, false);
    this.queueMarket(events);
  }

  /** Streams with a waiting `watch*` call and pending updates get them now. Returns how many resolved. */
  deliver(): number {
    let n = 0;
    for (const [key, waiter] of [...this.waiters]) {
      const updates = this.pending.get(key);
      if (!updates || updates.length === 0) continue;
      const stream = key.split(':')[0] as StreamName;
      const fault = this.streamFaults.get(stream)?.shift();
      this.pending.delete(key);
      if (fault) this.count(`stream-${fault}`);
      if (fault === 'fail') {
        this.failWaiter(key, new NetworkError('binance Connection closed by remote server, closing code 1006'));
        if (stream === 'orders' || stream === 'balance') {
          this.unsubscribe?.();
          this.unsubscribe = undefined;
        }
        n++;
        continue;
      }
      if (fault === 'drop') continue;
      let batch = updates;
      if (fault === 'duplicate') batch = [...updates, ...updates];
      else if (fault === 'reorder') batch = [...updates].reverse();
      else if (fault === 'garble') batch = updates.map(garble);
      this.waiters.delete(key);
      waiter.resolve(this.shape(stream, batch));
      n++;
    }
    return n;
  }

  /** Whether some `watch*` call is waiting on `stream` (any symbol). */
  watching(stream: StreamName): boolean {
    return [...this.waiters.keys()].some((k) => k.split(':')[0] === stream);
  }

  // ---- REST ------------------------------------------------------------------------------

  async loadMarkets(): Promise<Record<string, CcxtMarket>> {
    return this.call('loadMarkets', '', () => {
      const out: Record<string, CcxtMarket> = {};
      for (const i of this.exchange.market.instruments()) {
        out[i.symbol] = { id: wireSymbol(i.symbol), symbol: i.symbol, base: i.base, quote: i.quote, spot: true, active: true, precision: { amount: i.lotSize, price: i.tickSize }, limits: { amount: { min: i.minQty }, cost: { min: i.minNotional } } };
      }
      return out;
    });
  }

  async fetchTicker(symbol: string): Promise<CcxtTicker> {
    return this.call('fetchTicker', symbol, () => this.ticker(this.symbol(symbol)));
  }

  async fetchTickers(symbols?: string[]): Promise<Record<string, CcxtTicker>> {
    return this.call('fetchTickers', (symbols ?? []).join(','), () => {
      const list = symbols ?? this.exchange.market.instruments().map((i) => i.symbol);
      return Object.fromEntries(list.map((s) => [s, this.ticker(this.symbol(s))]));
    });
  }

  async fetchOrderBook(symbol: string, limit = 100): Promise<{ bids: [number, number][]; asks: [number, number][]; timestamp?: number }> {
    return this.call('fetchOrderBook', symbol, () => this.book(this.symbol(symbol), limit));
  }

  async fetchOHLCV(symbol: string, _timeframe: string, _since?: number, limit = 500): Promise<[number, number, number, number, number, number][]> {
    return this.call('fetchOHLCV', symbol, () => this.candles(this.symbol(symbol), limit));
  }

  async fetchBalance(): Promise<Record<string, unknown> & { free: Record<string, number>; used: Record<string, number> }> {
    return this.call('fetchBalance', '', () => this.balance());
  }

  async createOrder(symbol: string, type: string, side: string, amount: number, price?: number, params: Record<string, unknown> = {}): Promise<CcxtOrder> {
    return this.call('createOrder', `${symbol} ${side} ${type} ${amount}${price !== undefined ? ` @ ${price}` : ''}`, () => {
      const p = new URLSearchParams({ symbol: wireSymbol(this.symbol(symbol)), side: side.toUpperCase(), type: type.toUpperCase() });
      if (params.quoteOrderQty !== undefined) p.set('quoteOrderQty', String(params.quoteOrderQty));
      else p.set('quantity', String(amount));
      if (price !== undefined && type === 'limit') p.set('price', String(price));
      if (params.timeInForce !== undefined) p.set('timeInForce', String(params.timeInForce));
      if (params.newClientOrderId !== undefined) p.set('newClientOrderId', String(params.newClientOrderId));
      return restOrder(this.exchange.placeOrder(this.apiKey, p), symbol);
    });
  }

  async cancelOrder(id: string, symbol: string, params: Record<string, unknown> = {}): Promise<CcxtOrder> {
    // Before any fault: a cancel refused or lost on the way was still asked for; one from a
    // process already dead (its connection closed by the crash) never left it.
    if (!this.closed) this.cancelsSent.push(id ? (this.exchange.account(this.apiKey).orders.get(Number(id))?.wire.clientOrderId ?? id) : String(params.origClientOrderId ?? ''));
    const p = id ? new URLSearchParams({ orderId: id }) : new URLSearchParams({ origClientOrderId: String(params.origClientOrderId ?? '') });
    return this.call('cancelOrder', `${symbol} ${id || String(params.origClientOrderId)}`, () => restOrder({ ...this.exchange.cancelOrder(this.apiKey, p), fills: [] }, symbol));
  }

  async fetchOrder(id: string, symbol: string, params: Record<string, unknown> = {}): Promise<CcxtOrder> {
    return this.call('fetchOrder', `${symbol} ${id || String(params.origClientOrderId)}`, () => {
      const p = id ? new URLSearchParams({ orderId: id }) : new URLSearchParams({ origClientOrderId: String(params.origClientOrderId ?? '') });
      // GET /api/v3/order has no `fills`: ccxt's order then has no trades.
      return restOrder({ ...this.exchange.findOrder(this.apiKey, p), fills: [] }, symbol);
    });
  }

  async fetchOpenOrders(symbol?: string): Promise<CcxtOrder[]> {
    return this.call('fetchOpenOrders', symbol ?? '', () =>
      this.exchange.openOrders(this.apiKey, symbol ? wireSymbol(symbol) : null).map((w) => restOrder({ ...w, fills: [] }, this.exchange.symbolOf(w.symbol))),
    );
  }

  async fetchMyTrades(symbol?: string, since?: number, limit?: number, params: Record<string, unknown> = {}): Promise<CcxtTrade[]> {
    return this.call('fetchMyTrades', `${symbol ?? ''} ${params.orderId ?? ''}`.trim(), () => {
      // Binance's supported combinations: symbol + orderId, or symbol + a time window; not both.
      if (params.orderId !== undefined && since !== undefined) throw new BinanceError(400, -1128, 'Combination of optional parameters invalid.');
      let list = this.exchange.myTrades(this.apiKey, symbol ? wireSymbol(symbol) : null);
      if (params.orderId !== undefined) list = list.filter((t) => String(t.orderId) === String(params.orderId));
      if (since !== undefined) list = list.filter((t) => t.time >= since);
      if (limit !== undefined) list = list.slice(0, limit);
      return list.map((t) => myTrade(t, this.exchange.symbolOf(t.symbol)));
    });
  }

  setSandboxMode(): void {}

  async close(): Promise<void> {
    this.closed = true;
    for (const key of [...this.waiters.keys()]) this.failWaiter(key, new ExchangeClosedByUser('Connection closed by the user'));
    this.unsubscribe?.();
    this.unsubscribe = undefined;
  }

  // ---- streams ---------------------------------------------------------------------------

  watchTickers(symbols?: string[]): Promise<Record<string, CcxtTicker>> {
    return this.watch('tickers', '', () => {
      for (const s of symbols ?? []) this.symbol(s);
    }) as Promise<Record<string, CcxtTicker>>;
  }

  watchOrderBook(symbol: string): Promise<{ bids: [number, number][]; asks: [number, number][]; timestamp?: number }> {
    return this.watch('book', this.symbol(symbol)) as Promise<{ bids: [number, number][]; asks: [number, number][]; timestamp?: number }>;
  }

  watchOHLCV(symbol: string): Promise<[number, number, number, number, number, number][]> {
    return this.watch('ohlcv', this.symbol(symbol)) as Promise<[number, number, number, number, number, number][]>;
  }

  watchOrders(): Promise<CcxtOrder[]> {
    return this.watch('orders', '', () => this.subscribeUser()) as Promise<CcxtOrder[]>;
  }

  watchBalance(): Promise<Record<string, unknown> & { free: Record<string, number>; used: Record<string, number> }> {
    return this.watch('balance', '', () => this.subscribeUser()) as Promise<Record<string, unknown> & { free: Record<string, number>; used: Record<string, number> }>;
  }

  // ---- internals -------------------------------------------------------------------------

  private async call<T>(name: CallName, detail: string, work: () => T): Promise<T> {
    this.calls.push(detail ? `${name} ${detail}` : name);
    await Promise.resolve();
    if (this.closed) throw new ExchangeClosedByUser('Connection closed by the user');
    if (this.down) {
      this.count('refused');
      throw refused(name);
    }
    const fault = this.callFaults.get(name)?.shift();
    if (fault) this.count(`call-${fault}`);
    if (fault === 'refuse') throw refused(name);
    if (fault === 'late') {
      // Whatever the exchange later says about it reaches nobody: only its effects remain.
      this.lateQueue.push({ sent: this.o.clock(), run: () => void this.attempt(work) });
      throw new RequestTimeout(`binance ${name} request timed out (${this.timeout} ms)`);
    }
    const result = this.attempt(work);
    if (fault === 'timeout') throw new RequestTimeout(`binance ${name} request timed out (${this.timeout} ms)`);
    if (fault === 'lose') throw new NetworkError(`binance ${name} socket hang up (ECONNRESET)`);
    if (result.ok) return result.value;
    throw result.error;
  }

  /** Runs exchange work, turning Binance's error answers into ccxt's error classes. */
  private attempt<T>(work: () => T): { ok: true; value: T } | { ok: false; error: Error } {
    try {
      return { ok: true, value: work() };
    } catch (err) {
      if (!(err instanceof BinanceError)) throw err;
      return { ok: false, error: ccxtError(err) };
    }
  }

  private watch(stream: StreamName, symbol: string, setup?: () => void): Promise<unknown> {
    if (this.closed) return Promise.reject(new ExchangeClosedByUser('Connection closed by the user'));
    if (this.down) {
      this.count('refused');
      return Promise.reject(refused('websocket'));
    }
    setup?.();
    const key = symbol ? `${stream}:${symbol}` : stream;
    // A second watch on a key joins the first, as ccxt's futures do.
    const prior = this.waiters.get(key) as (Waiter & { promise?: Promise<unknown> }) | undefined;
    if (prior?.promise) return prior.promise;
    let w!: Waiter;
    const promise = new Promise<unknown>((resolve, reject) => (w = { resolve, reject }));
    this.waiters.set(key, { ...w, promise } as Waiter);
    return promise;
  }

  private failWaiter(key: string, err: Error): void {
    const w = this.waiters.get(key);
    this.waiters.delete(key);
    w?.reject(err);
  }

  private subscribeUser(): void {
    if (this.unsubscribe) return;
    this.unsubscribe = this.exchange.subscribeUser(this.apiKey, (e) => this.onUser(e));
  }

  private onUser(e: UserEvent): void {
    if (e.e === 'executionReport') this.push('orders', wsOrder(e, this.exchange.symbolOf(String(e.s))));
    else if (e.e === 'outboundAccountPosition') this.push('balance', true);
  }

  private queueMarket(events: readonly DomainEvent[]): void {
    for (const e of events) {
      if (e.type === 'market/ticker' && this.watching('tickers')) this.push('tickers', e.data.symbol);
      else if (e.type === 'market/book' && this.waiters.has(`book:${e.data.symbol}`)) this.set(`book:${e.data.symbol}`, e.data.symbol);
      else if (e.type === 'market/candle' && this.waiters.has(`ohlcv:${e.data.symbol}`)) this.set(`ohlcv:${e.data.symbol}`, e.data.symbol);
    }
  }

  private push(key: string, update: unknown): void {
    const q = this.pending.get(key) ?? [];
    q.push(update);
    this.pending.set(key, q);
  }

  private set(key: string, update: unknown): void {
    this.pending.set(key, [update]);
  }

  /** What a `watch*` call resolves with, from the updates delivered. */
  private shape(stream: StreamName, batch: unknown[]): unknown {
    switch (stream) {
      case 'orders':
        return batch;
      case 'balance':
        return batch.some((b) => b === GARBLED) ? { free: { USDT: 'NaN' }, used: {} } : this.balance();
      case 'tickers':
        return Object.fromEntries(batch.map((s) => (s === GARBLED ? ['???', { symbol: '???', last: Number.NaN }] : [s as string, this.ticker(s as string)])));
      case 'book':
        return batch[batch.length - 1] === GARBLED ? { bids: [[Number.NaN, 1]], asks: [] } : this.book(batch[0] as string, 20);
      case 'ohlcv':
        return batch[batch.length - 1] === GARBLED ? [[Number.NaN, 0, 0, 0, 0, 0]] : this.candles(batch[0] as string, 2);
      default: {
        const never: never = stream;
        return never;
      }
    }
  }

  private symbol(s: string): string {
    if (!this.exchange.market.book(s)) throw new BadSymbol(`binance does not have market symbol ${s}`);
    return s;
  }

  private ticker(symbol: string): CcxtTicker {
    const t = this.streams.ticker(symbol);
    return { symbol, bid: t.bid, ask: t.ask, last: t.last, open: t.open24h, high: t.high24h, low: t.low24h, baseVolume: t.volume24h, timestamp: t.ts };
  }

  private book(symbol: string, limit: number): { bids: [number, number][]; asks: [number, number][]; timestamp: number } {
    const b = this.exchange.market.book(symbol)!;
    return { bids: b.bids.slice(0, limit).map(([p, q]) => [p, q]), asks: b.asks.slice(0, limit).map(([p, q]) => [p, q]), timestamp: this.o.clock() };
  }

  private candles(symbol: string, limit: number): [number, number, number, number, number, number][] {
    return (this.streams.klines(symbol, limit) as [number, string, string, string, string, string][]).map((k) => [k[0], Number(k[1]), Number(k[2]), Number(k[3]), Number(k[4]), Number(k[5])]);
  }

  private balance(): Record<string, unknown> & { free: Record<string, number>; used: Record<string, number> } {
    const rows = this.exchange.balances(this.apiKey);
    const free: Record<string, number> = {};
    const used: Record<string, number> = {};
    const total: Record<string, number> = {};
    const out: Record<string, unknown> = {};
    for (const r of rows) {
      free[r.asset] = Number(r.free);
      used[r.asset] = Number(r.locked);
      total[r.asset] = Number(r.free) + Number(r.locked);
      out[r.asset] = { free: free[r.asset], used: used[r.asset], total: total[r.asset] };
    }
    return { info: { balances: rows }, ...out, free, used, total };
  }

  private count(kind: string): void {
    this.injected[kind] = (this.injected[kind] ?? 0) + 1;
  }
}

const GARBLED = Symbol('garbled');

/** A frame that parsed into nonsense: for orders a record whose numbers are not numbers. */
function garble(update: unknown): unknown {
  if (update && typeof update === 'object') {
    const o = update as CcxtOrder;
    return { ...o, filled: Number.NaN, amount: Number.NaN, average: Number.NaN, status: 'garbled', trades: undefined, info: { x: 'TRADE', t: 'garbled', l: 'x' } };
  }
  return GARBLED;
}

function refused(what: string): NetworkError {
  return new NetworkError(`binance ${what} request failed: connect ECONNREFUSED 127.0.0.1:443`);
}

/** Binance's error answers as ccxt's binance class raises them. */
function ccxtError(err: BinanceError): Error {
  const text = `binance ${JSON.stringify({ code: err.code, msg: err.message })}`;
  if (err.code === -2013 || err.code === -2011) return new OrderNotFound(text);
  if (/insufficient balance/i.test(err.message)) return new InsufficientFunds(text);
  if (err.code === -1121) return new BadSymbol(text);
  if (err.code === -2010 || err.code === -1013) return new InvalidOrder(text);
  if (err.code === -1102 || err.code === -1116) return new BadRequest(text);
  return new ExchangeError(text);
}

const STATUS: Record<WireOrder['status'], string> = { PENDING_NEW: 'open', NEW: 'open', PARTIALLY_FILLED: 'open', FILLED: 'closed', CANCELED: 'canceled', EXPIRED: 'expired', REJECTED: 'rejected' };

/** A REST order as ccxt's binance `parseOrder` gives it: `trades` from `fills`, fee summed over them. */
function restOrder(w: WireOrder, symbol: string): CcxtOrder {
  const filled = Number(w.executedQty);
  const cost = Number(w.cummulativeQuoteQty);
  const average = filled > 0 ? cost / filled : undefined;
  const trades: CcxtTrade[] = w.fills.map((f) => ({
    id: String(f.tradeId), order: String(w.orderId), symbol, side: w.side.toLowerCase(), price: Number(f.price), amount: Number(f.qty), cost: Number(f.price) * Number(f.qty), fee: { cost: Number(f.commission), currency: f.commissionAsset }, info: { ...f },
  }));
  const fees = trades.reduce((s, t) => s + (t.fee?.cost ?? 0), 0);
  const price = Number(w.price) > 0 ? Number(w.price) : average;
  return {
    id: String(w.orderId), clientOrderId: w.clientOrderId, symbol, status: STATUS[w.status], side: w.side.toLowerCase(), type: w.type.toLowerCase(), timeInForce: w.timeInForce,
    amount: Number(w.origQty), filled, remaining: Number(w.origQty) - filled, cost, average, price, timestamp: w.time, lastUpdateTimestamp: w.updateTime,
    trades, fee: trades.length ? { cost: fees, currency: trades[0].fee?.currency } : undefined, info: { ...w, fills: [...w.fills] },
  };
}

/** A user-data `executionReport` as ccxt pro's binance `parseWsOrder` gives it (no trades; the last trade in `info`). */
function wsOrder(e: UserEvent, symbol: string): CcxtOrder {
  const filled = Number(e.z);
  const cost = Number(e.Z);
  const fee = Number(e.n);
  return {
    id: String(e.i), clientOrderId: String(e.c), symbol, status: STATUS[e.X as WireOrder['status']], side: String(e.S).toLowerCase(), type: String(e.o).toLowerCase(), timeInForce: String(e.f),
    amount: Number(e.q), filled, remaining: Number(e.q) - filled, cost, average: filled > 0 ? cost / filled : undefined, price: Number(e.p) > 0 ? Number(e.p) : undefined,
    timestamp: Number(e.O), lastTradeTimestamp: e.x === 'TRADE' ? Number(e.T) : undefined, lastUpdateTimestamp: Number(e.T),
    trades: undefined, fee: fee > 0 ? { cost: fee, currency: String(e.N) } : undefined, info: { ...e },
  };
}

/** One of the account's trades as ccxt's `fetchMyTrades` gives it. */
function myTrade(t: WireTrade, symbol: string): CcxtTrade {
  return {
    id: String(t.id), order: String(t.orderId), symbol, side: t.isBuyer ? 'buy' : 'sell', price: Number(t.price), amount: Number(t.qty), cost: Number(t.quoteQty),
    fee: { cost: Number(t.commission), currency: t.commissionAsset }, takerOrMaker: t.isMaker ? 'maker' : 'taker', timestamp: t.time, info: { ...t },
  };
}
