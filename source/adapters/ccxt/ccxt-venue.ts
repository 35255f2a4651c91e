import type { Balance, DomainEvent, Fill, Instrument, Order, Timeframe, VenueId } from '../../domain/index.js';
import { isNetworkError, isOpenStatus, timeframeMs, UserError } from '../../domain/index.js';
import type { Clock, EventSink, VenuePort } from '../../engine/ports.js';
import type { LedgerState } from '../../store/index.js';
import type { CcxtExchange, CcxtMarket, CcxtOrder, CcxtTicker, CcxtTrade } from './ccxt-client.js';
import { isSaneOrder, newTrades, QTY_EPS, tradesOf, type SeenFills } from './ccxt-fills.js';
import { newPublicTrades } from './ccxt-public-trades.js';
import { bookEvents, historyCandleEvents, instrumentOf, minuteCandleEvents, tickerEvents, type CcxtBookLike } from './ccxt-market-events.js';

export interface CcxtVenueOptions {
  readonly exchange: CcxtExchange;
  readonly venue: VenueId;
  readonly label: string;
  readonly clock: Clock;
  /** Whether keys were given: private streams, balances and trading. */
  readonly trading: boolean;
  /** Markets to stream (default: the first 12 USDT spot markets). */
  readonly symbols?: readonly string[];
  /** Injected so tests do not wait for real backoff. */
  readonly sleep?: (ms: number) => Promise<void>;
  /** Jitter for backoff, in [0, 1): injected so a simulation replays exactly. */
  readonly random?: () => number;
  readonly onWarning?: (message: string) => void;
  /**
   * How long after sending an order the exchange may still accept it (Binance refuses a
   * signed request older than its 10 s receive window; the rest is margin for clock skew).
   * Not found after this, an order was never placed.
   */
  readonly arrivalWindowMs?: number;
  /**
   * Elapsed time for the arrival window: a monotonic clock (default `performance.now`), so a
   * wall-clock jump (NTP, a suspended laptop) never makes an order still on its way look
   * "not placed". Injected by the simulator.
   */
  readonly monotonic?: () => number;
}

/** What the adapter knows of one of our orders. */
interface Tracked {
  readonly order: Order;
  readonly seen: SeenFills;
  accepted: boolean;
  exchangeId?: string;
  /** `unknown`: sent, fate not known; `ended`: its end has been reported. */
  state: 'live' | 'unknown' | 'ended';
  /** A submit is waiting for the exchange's answer: a reconcile must not judge it yet. */
  inFlight: boolean;
  /** When this process sent it (not when it was recorded: the log write comes first). */
  sentAt?: number;
  /**
   * Whether it may have been sent: by this process (`submit` began) or an earlier one (from
   * the ledger at start). One only known from a cancel that raced its own submit was not
   * sent yet, and "not found" says nothing about it.
   */
  sent: boolean;
  /** Fills the exchange reported by quantity that could not be fetched yet. */
  dirty: boolean;
}

const MAIN = ['BTC', 'ETH', 'BNB', 'XRP', 'SOL', 'LTC', 'TRX', 'DOGE', 'ADA'];
const BACKOFF_MIN = 500;
const BACKOFF_MAX = 30_000;
const RECONCILE_MIN = 1_000;
const RECONCILE_MAX = 30_000;
const ARRIVAL_WINDOW = 60_000;
/** Main coins whose book, trades and candles always stream. */
const DEEP_MAIN = 3;
/** Other markets streamed that way at once: the ones most recently looked at. */
const DEEP_FOCUS = 3;
/** Above this many markets, tickers come from the exchange's all-market stream. */
const MANY_TICKERS = 100;
/** Ended orders remembered (late frames for them are recognised); older ones are forgotten. */
const MAX_ENDED_TRACKED = 2_000;

/**
 * A real exchange through ccxt behind the venue port: REST for snapshots and orders,
 * websockets (ccxt pro) for tickers, books and the user's orders and balances, each stream
 * reconnecting with exponential backoff and jitter and resyncing from REST after a gap.
 * Every answer becomes store events; ccxt's types stop here.
 */
export class CcxtVenue implements VenuePort {
  readonly venue: VenueId;
  readonly label: string;
  private sink?: EventSink;
  private running = false;
  private markets: Record<string, CcxtMarket> = {};
  /** Markets whose tickers are streamed: every one of the quote currency, main coins first. */
  private watched: string[] = [];
  private listed = new Set<string>();
  /** Markets with book, trades and candles streamed: the main ones and those looked at. */
  private readonly deep = new Set<string>();
  /** Markets looked at (watchMarket), least recent first. */
  private readonly focused: string[] = [];
  /** Our orders by client id: what has been reported of each (updates come twice, late, or never). */
  private readonly tracked = new Map<string, Tracked>();
  /** Streams currently failing: the link is up when none is. */
  private readonly broken = new Set<string>();
  private readonly loops: Promise<void>[] = [];
  private reconciling?: Promise<void>;
  /** An order sent by an earlier process was sent before this one started. */
  private startedAt = 0;
  private readonly sleep: (ms: number) => Promise<void>;
  /** Resolves when `stop` is called: ends every pause. */
  private stopped: Promise<void>;
  private wake!: () => void;
  private readonly random: () => number;
  private readonly arrivalWindowMs: number;
  private readonly elapsed: () => number;

  constructor(private readonly o: CcxtVenueOptions) {
    this.venue = o.venue;
    this.label = o.label;
    this.sleep = o.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms).unref()));
    this.stopped = new Promise<void>((r) => (this.wake = r));
    this.random = o.random ?? (() => 0.5);
    this.arrivalWindowMs = o.arrivalWindowMs ?? ARRIVAL_WINDOW;
    this.elapsed = o.monotonic ?? (() => performance.now());
  }

  async start(sink: EventSink, ledger: LedgerState): Promise<void> {
    this.sink = sink;
    this.running = true;
    this.stopped = new Promise<void>((r) => (this.wake = r));
    this.startedAt = this.elapsed();
    this.emit([{ type: 'market/connection', data: { venue: this.venue, state: 'connecting' } }]);
    try {
      await this.bootstrap(ledger);
    } catch (err) {
      this.running = false;
      await this.o.exchange.close?.().catch(() => undefined);
      throw new UserError(`${this.venue}: ${errorText(err)}${/Authentication|API-key|Signature/i.test(errorText(err)) ? ` (check the API key and secret for ${this.venue.split('-')[0]})` : ''}`);
    }
    this.loop('tickers', async () => this.onTickers(await this.o.exchange.watchTickers!(this.tickerRequest())), () => this.resyncMarket());
    for (const s of this.watched.slice(0, DEEP_MAIN)) this.watchDeep(s);
    if (this.o.trading) {
      this.loop('orders', async () => this.onOrders(await this.o.exchange.watchOrders!()), () => this.reconcile());
      this.loop('balance', async () => this.onBalance(await this.o.exchange.watchBalance!()), () => this.resyncBalance());
    }
  }

  private async bootstrap(ledger: LedgerState): Promise<void> {
    this.markets = await this.o.exchange.loadMarkets();
    const instruments = Object.values(this.markets).filter((m) => m.spot && m.active !== false).map((m) => this.instrument(m));
    // The main coins first: only the first few get books and candles streamed.
    const rank = (s: string) => { const i = MAIN.indexOf(s.split('/')[0]); return i === -1 ? MAIN.length : i; };
    const usdt = instruments.filter((i) => i.quote === 'USDT').map((i) => i.symbol).sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
    this.watched = [...(this.o.symbols ?? usdt)];
    this.listed = new Set(this.watched);
    for (const s of this.watched.slice(0, DEEP_MAIN)) this.deep.add(s);
    this.emit([{ type: 'market/instruments', data: { venue: this.venue, instruments } }]);
    await this.resyncMarket();
    // What the ledger already holds seeds what has been reported: a restart reports nothing twice.
    for (const o of Object.values(ledger.orders)) if (o.venue === this.venue) this.track(o, ledger, true);
    this.emit([{ type: 'market/connection', data: { venue: this.venue, state: 'connected' } }]);
    if (this.o.trading) {
      await this.reconcile();
      this.kickReconcile();
    }
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake();
    // ccxt does not always settle pending watches on close: wait a little, not forever.
    const settle = Promise.allSettled([this.o.exchange.close?.(), ...this.loops]);
    await Promise.race([settle, new Promise((r) => setTimeout(r, 1_500).unref())]);
    this.emit([{ type: 'market/connection', data: { venue: this.venue, state: 'disconnected' } }]);
    this.sink = undefined;
  }

  async submit(order: Order): Promise<void> {
    const t = this.track(order);
    t.inFlight = true;
    const params: Record<string, unknown> = { newClientOrderId: order.clientOrderId };
    if (order.type === 'limit') params.timeInForce = order.tif ?? 'GTC';
    if (order.quoteQty !== undefined) params.quoteOrderQty = order.quoteQty;
    let result: CcxtOrder;
    t.sentAt = this.elapsed();
    t.sent = true;
    try {
      try {
        result = await this.o.exchange.createOrder(order.symbol, order.type, order.side, order.qty, order.price, params);
      } catch (err) {
        // The exchange said no: the order does not exist there.
        if (!isNetworkError(err)) {
          t.state = 'ended';
          return this.emit([{ type: 'order/rejected', data: { id: order.id, reason: errorText(err), ts: this.o.clock() } }]);
        }
        // In doubt: the order may exist. Ask by our client id, never resend.
        const found = t.accepted ? undefined : await this.lookup(order);
        // The user-data stream already showed it at the exchange: its updates carry on from there.
        if (!found || t.accepted) return;
        if (found.kind !== 'found') {
          // Not found *yet* is no proof of absence: the request may still be on its way.
          const asked = found.kind === 'absent' ? `the exchange does not know client id ${order.clientOrderId} yet` : `asking the exchange failed too (${found.error})`;
          this.markUnknown(t, `no answer to the order (${errorText(err)}); ${asked}; atapi keeps asking until the exchange settles it`);
          return;
        }
        result = found.order;
      }
    } finally {
      t.inFlight = false;
    }
    await this.onOrders([result]);
    await this.resyncBalance().catch(() => undefined);
  }

  async cancel(order: Order): Promise<void> {
    this.track(order);
    try {
      // An order whose acceptance was never seen has no exchange id: Binance cancels by client id too.
      const r = await this.o.exchange.cancelOrder(order.exchangeOrderId ?? '', order.symbol, order.exchangeOrderId ? undefined : { origClientOrderId: order.clientOrderId });
      // Binance answers a cancel with the cancel request's own clientOrderId and the order's as
      // origClientOrderId: the answer is about our order, whatever ccxt put in clientOrderId.
      const orig = typeof r?.info?.origClientOrderId === 'string' ? r.info.origClientOrderId : undefined;
      const ours = orig === order.clientOrderId || (order.exchangeOrderId !== undefined && String(r?.id) === order.exchangeOrderId);
      await this.onOrders([ours ? { ...r, clientOrderId: order.clientOrderId } : r]);
    } catch (err) {
      const found = await this.lookup(order);
      if (found.kind !== 'found') throw new UserError(`cancel not confirmed: ${errorText(err)}`);
      await this.onOrders([found.order]);
      // Still live at the exchange: the cancel did not (yet) take; say so rather than "ok".
      if (found.order.status === 'open') throw new UserError(`cancel not confirmed: ${errorText(err)}; order ${order.id} is still open at the exchange`);
    }
    await this.resyncBalance().catch(() => undefined);
  }

  /** Whether the streams are all up (false while any of them is reconnecting). */
  get linkUp(): boolean {
    return this.broken.size === 0;
  }
  private instrument(m: CcxtMarket): Instrument {
    return instrumentOf(this.venue, m);
  }

  /**
   * Runs one stream forever: on failure, mark the link down, back off with jitter (from the
   * injected random source), resync from REST. The link is up again when every stream is.
   */
  private loop(name: string, step: () => Promise<void>, resync: () => Promise<void>, alive: () => boolean = () => true): void {
    const run = async (): Promise<void> => {
      let delay = BACKOFF_MIN;
      let failing = false;
      while (this.running && alive()) {
        try {
          await step();
          if (failing) {
            failing = false;
            delay = BACKOFF_MIN;
            this.mend(name);
          }
        } catch (err) {
          // Stopped, or no longer looked at (unwatched): not a broken link.
          if (!this.running || !alive()) return;
          failing = true;
          this.broken.add(name);
          const wait = Math.round(delay * (0.5 + this.random()));
          this.o.onWarning?.(`${this.venue} ${name} stream: ${errorText(err)}; reconnecting in ${wait} ms`);
          this.emit([{ type: 'market/connection', data: { venue: this.venue, state: 'reconnecting', detail: `${name}: ${errorText(err)}` } }]);
          await this.pause(wait);
          delay = Math.min(BACKOFF_MAX, delay * 2);
          if (!this.running) return;
          // The resync answered: the link is back for this stream (a quiet private stream may
          // carry nothing for hours; waiting for its next frame would show the link down).
          const back = await resync().then(() => true, () => false);
          if (back && this.running) this.mend(name);
        }
      }
    };
    // A loop never rejects (every failure is caught above); the catch is for what cannot happen.
    this.loops.push(run().catch((err) => this.o.onWarning?.(`${this.venue} ${name} stream stopped: ${errorText(err)}`)));
  }

  /**
   * A backoff pause that `stop` ends at once: a stopping venue does not wait out a pause
   * (with an injected sleep that a simulation never ends, it would wait forever).
   */
  private pause(ms: number): Promise<void> {
    if (!this.running) return Promise.resolve();
    return Promise.race([this.sleep(ms), this.stopped]);
  }

  private mend(name: string): void {
    if (this.broken.delete(name) && this.broken.size === 0) this.emit([{ type: 'market/connection', data: { venue: this.venue, state: 'connected' } }]);
  }

  /**
   * Book, trades and 1m candles of a market the trader is looking at, streamed beside those of
   * the main coins; the least recently looked-at one beyond DEEP_FOCUS stops (unwatched where
   * ccxt can), so scrolling through hundreds of markets never holds hundreds of streams.
   */
  async watchMarket(symbol: string): Promise<void> {
    if (!this.running || !this.markets[symbol] || this.watched.slice(0, DEEP_MAIN).includes(symbol)) return;
    const i = this.focused.indexOf(symbol);
    if (i >= 0) {
      this.focused.splice(i, 1);
      this.focused.push(symbol);
      return;
    }
    this.focused.push(symbol);
    while (this.focused.length > DEEP_FOCUS) this.unwatchDeep(this.focused.shift()!);
    this.deep.add(symbol);
    // A first picture now rather than at the stream's first frame, and before it: a candle
    // series only grows forward, so the history must come before the live minute does.
    await Promise.allSettled([this.resyncBook(symbol), this.resyncCandles(symbol)]);
    if (this.deep.has(symbol) && this.running) this.watchDeep(symbol);
  }

  private watchDeep(s: string): void {
    this.deep.add(s);
    const alive = () => this.deep.has(s);
    this.loop(`book ${s}`, async () => this.onBook(s, await this.o.exchange.watchOrderBook!(s, 20)), () => this.resyncBook(s), alive);
    const seen = new Set<string>();
    // The tape: a quiet market has no trades to resync; the next frame simply brings new ones.
    if (this.o.exchange.watchTrades) this.loop(`trades ${s}`, async () => this.onTrades(s, seen, await this.o.exchange.watchTrades!(s)), async () => undefined, alive);
    this.loop(`candles ${s}`, async () => this.onCandles(s, await this.o.exchange.watchOHLCV!(s, '1m'), false), () => this.resyncCandles(s), alive);
  }

  private unwatchDeep(s: string): void {
    this.deep.delete(s);
    for (const name of [`book ${s}`, `trades ${s}`, `candles ${s}`]) this.mend(name);
    const x = this.o.exchange;
    // Best effort: a ccxt without unWatch* keeps the subscription until close, and its frames are ignored.
    void Promise.allSettled([x.unWatchOrderBook?.(s), x.unWatchTrades?.(s), x.unWatchOHLCV?.(s, '1m')]);
  }

  /** Tickers of every listed market of the quote currency: one all-market stream when they are many. */
  private tickerRequest(): string[] | undefined {
    return this.watched.length > MANY_TICKERS ? undefined : this.watched;
  }

  private async resyncMarket(): Promise<void> {
    this.onTickers(await this.o.exchange.fetchTickers(this.tickerRequest()));
    for (const s of this.deep) {
      await this.resyncBook(s);
      await this.resyncCandles(s);
    }
  }

  async candleHistory(symbol: string, timeframe: Timeframe, limit: number, until: { readonly t: number; readonly price: number }): Promise<void> {
    const tf = timeframeMs(timeframe);
    const rows = await this.o.exchange.fetchOHLCV(symbol, timeframe, until.t - limit * tf, limit);
    // Only candles of buckets before the one the 1m history starts in: the rest is built from 1m candles.
    this.emit(historyCandleEvents(this.venue, symbol, timeframe, rows, Math.floor(until.t / tf) * tf));
  }

  private async resyncCandles(symbol: string): Promise<void> {
    this.onCandles(symbol, await this.o.exchange.fetchOHLCV(symbol, '1m', undefined, 240), true);
  }

  private onCandles(symbol: string, rows: readonly (readonly number[])[], snapshot: boolean): void {
    this.emit(minuteCandleEvents(this.venue, symbol, rows, snapshot, this.o.clock()));
  }

  private async resyncBook(symbol: string): Promise<void> {
    this.onBook(symbol, await this.o.exchange.fetchOrderBook(symbol, 20));
  }

  private async resyncBalance(): Promise<void> {
    this.onBalance(await this.o.exchange.fetchBalance(), 'rest');
  }

  /**
   * Balances, then every order not settled (open, partly filled, unknown) against the
   * exchange: found ones take its status and the fills missed; missing ones are settled by
   * what a missing order means (see `settleMissing`). Runs at start, after each reconnect of
   * the orders stream, and periodically while an order is unknown.
   */
  private async reconcile(): Promise<void> {
    await this.resyncBalance();
    await this.reconcileOrders();
  }

  private async reconcileOrders(): Promise<void> {
    for (const t of [...this.tracked.values()]) {
      if (t.state === 'ended' || t.inFlight || !t.sent) continue;
      const found = await this.lookup(t.order);
      if (found.kind === 'found') await this.onOrders([found.order]);
      else if (found.kind === 'absent') this.settleMissing(t);
      else if (t.state !== 'unknown' && !t.accepted) this.markUnknown(t, `sent, but the exchange could not be asked about it (${found.error}); atapi keeps asking`);
    }
  }

  /**
   * The exchange has no order with our client id. Right after sending that proves nothing
   * (the request may still arrive), but Binance refuses a signed request older than its
   * receive window (10 s), so past `arrivalWindowMs` it can no longer be placed: not placed.
   * An order the exchange had accepted and no longer reports was archived (Binance drops
   * cancelled orders without fills after a while): its recorded fills stand, it is over.
   */
  private settleMissing(t: Tracked): void {
    const now = this.o.clock();
    const o = t.order;
    if (t.accepted) {
      t.state = 'ended';
      this.emit([{ type: 'order/cancelled', data: { id: o.id, reason: `the exchange no longer reports order ${t.exchangeId ?? o.clientOrderId}; it had filled ${t.seen.qty} of ${o.qty}; atapi cannot know more`, ts: now } }]);
    } else if (this.elapsed() - (t.sentAt ?? this.startedAt) > this.arrivalWindowMs) {
      t.state = 'ended';
      const ago = Math.round((this.elapsed() - (t.sentAt ?? this.startedAt)) / 1000);
      this.emit([{ type: 'order/rejected', data: { id: o.id, reason: `not placed: the exchange has no order with client id ${o.clientOrderId} ${ago} s after it was sent, past the window in which it could still arrive`, ts: now } }]);
    } else if (t.state !== 'unknown') {
      this.markUnknown(t, `the exchange does not know client id ${o.clientOrderId} yet; atapi keeps asking`);
    }
  }

  private markUnknown(t: Tracked, reason: string): void {
    t.state = 'unknown';
    this.emit([{ type: 'order/unknown', data: { id: t.order.id, reason, ts: this.o.clock() } }]);
    this.kickReconcile();
  }

  /**
   * While any order is unknown or has fills not yet fetched, reconciles again and again,
   * with growing pauses (injected sleep, jittered by the injected random source).
   */
  private kickReconcile(): void {
    if (this.reconciling || !this.running || !this.o.trading) return;
    const pending = () => [...this.tracked.values()].some((t) => t.state !== 'ended' && (t.state === 'unknown' || t.dirty));
    this.reconciling = (async () => {
      let delay = RECONCILE_MIN;
      while (this.running && pending()) {
        await this.pause(Math.round(delay * (0.5 + this.random())));
        if (!this.running) break;
        await this.reconcileOrders().catch((err) => this.o.onWarning?.(`${this.venue} reconcile: ${errorText(err)}; trying again`));
        delay = Math.min(RECONCILE_MAX, delay * 2);
      }
    })().finally(() => {
      this.reconciling = undefined;
      // Something became pending after the loop's last look: look again.
      if (this.running && pending()) this.kickReconcile();
    });
  }

  /** Drops the oldest ended orders so a long session's memory stays bounded. */
  private forgetEnded(): void {
    let excess = this.tracked.size - MAX_ENDED_TRACKED;
    for (const [id, t] of this.tracked) {
      if (excess <= 0) break;
      if (t.state !== 'ended') continue;
      this.tracked.delete(id);
      excess--;
    }
  }

  /** The order as the exchange knows it by our client id; `absent` only when the exchange says so. */
  private async lookup(order: Order): Promise<{ kind: 'found'; order: CcxtOrder } | { kind: 'absent' } | { kind: 'failed'; error: string }> {
    try {
      return { kind: 'found', order: await this.o.exchange.fetchOrder('', order.symbol, { origClientOrderId: order.clientOrderId }) };
    } catch (err) {
      if (isNotFound(err)) return { kind: 'absent' };
      return { kind: 'failed', error: errorText(err) };
    }
  }

  /** What the adapter knows of an order, seeded from the ledger so a restart reports nothing twice. */
  private track(order: Order, ledger?: LedgerState, sent = false): Tracked {
    let t = this.tracked.get(order.clientOrderId);
    if (t) return t;
    const tradeIds = new Set(order.tradeIds ?? []);
    for (const f of ledger?.fills ?? []) if (f.orderId === order.id) tradeIds.add(f.tradeId);
    t = {
      order,
      seen: { tradeIds, qty: order.filledQty },
      accepted: order.exchangeOrderId !== undefined,
      exchangeId: order.exchangeOrderId,
      state: !isOpenStatus(order.status) ? 'ended' : order.status === 'unknown' ? 'unknown' : 'live',
      inFlight: false,
      dirty: false,
      sent,
    };
    this.tracked.set(order.clientOrderId, t);
    if (this.tracked.size > MAX_ENDED_TRACKED * 1.25) this.forgetEnded();
    return t;
  }

  private onTickers(tickers: Record<string, CcxtTicker>): void {
    this.emit(tickerEvents(this.venue, tickers, this.listed, this.o.clock()));
  }

  private onTrades(symbol: string, seen: Set<string>, trades: readonly CcxtTrade[] | undefined): void {
    const fresh = Array.isArray(trades) ? newPublicTrades(seen, trades, this.venue, symbol, this.o.clock()) : [];
    if (fresh.length) this.emit(fresh.map((data) => ({ type: 'market/trade' as const, data })));
  }

  private onBook(symbol: string, b: CcxtBookLike): void {
    this.emit(bookEvents(this.venue, symbol, b, this.o.clock()));
  }

  /**
   * A balance snapshot, from a stream frame or a REST answer. A figure that does not parse is
   * never written over the account: a frame's is replaced by asking the exchange (REST); a REST
   * answer's is reported and skipped, never asked again at once (that would spin). Float dust
   * below zero (down to -0.00000001, the last of 8 decimals) is zero.
   */
  private onBalance(b: { free: Record<string, number>; used: Record<string, number> }, from: 'stream' | 'rest' = 'stream'): void {
    const balances: Record<string, Balance> = {};
    const amount = (x: unknown): number | undefined => (typeof x === 'number' && Number.isFinite(x) && x >= -1e-8 ? Math.max(0, x) : undefined);
    for (const [asset, rawFree] of Object.entries(b?.free ?? {})) {
      const free = amount(rawFree);
      const locked = amount(b.used?.[asset] ?? 0);
      if (free === undefined || locked === undefined) {
        if (from === 'rest') {
          this.o.onWarning?.(`${this.venue}: the exchange's balance of ${asset} did not parse (${String(rawFree)} free, ${String(b.used?.[asset])} locked); kept the last known figures`);
          return;
        }
        this.o.onWarning?.(`${this.venue}: a balance update did not parse (${asset}); asking the exchange instead`);
        void this.resyncBalance().catch(() => undefined);
        return;
      }
      balances[asset] = { free, locked };
    }
    this.emit([{ type: 'account/balances', data: { venue: this.venue, balances, full: true } }]);
  }

  /**
   * Order updates (REST answers or stream frames, in any order, repeated or garbled) to
   * lifecycle events. Each fill is reported once per exchange trade id; fills the update
   * implies but does not carry (a look-up, a lost frame) are fetched from the account's
   * trades; the end (cancel, reject) is reported after the fills.
   */
  private async onOrders(list: readonly CcxtOrder[]): Promise<void> {
    for (const x of list) await this.onOrder(x);
  }

  private async onOrder(x: CcxtOrder): Promise<void> {
    const t = x?.clientOrderId ? this.tracked.get(x.clientOrderId) : undefined;
    if (!t) return;
    if (!isSaneOrder(x)) {
      this.o.onWarning?.(`${this.venue}: an order update for ${t.order.clientOrderId} did not parse; asking the exchange instead`);
      t.dirty = true;
      this.kickReconcile();
      return;
    }
    const now = this.o.clock();
    const events: DomainEvent[] = [];
    if (!t.accepted || t.state === 'unknown') {
      events.push({ type: 'order/accepted', data: { id: t.order.id, exchangeOrderId: x.id, ts: x.timestamp ?? now } });
      t.accepted = true;
      t.exchangeId = x.id;
      if (t.state === 'unknown') t.state = 'live';
    }
    const carried = tradesOf(x);
    events.push(...this.fillEvents(t, x, newTrades(carried.trades, t.seen, carried.complete)));
    this.emit(events);
    const filled = x.filled ?? 0;
    if (filled > t.seen.qty + QTY_EPS) {
      // Fills we have not seen: ask for the order's trades, with their real ids.
      const fetched = await this.tradesFor(t, x);
      if (fetched) this.emit(this.fillEvents(t, x, newTrades(fetched, t.seen, true)));
    }
    const missing = filled > t.seen.qty + QTY_EPS;
    t.dirty = missing;
    if (missing) this.kickReconcile();
    if (t.state === 'ended') return;
    if (x.status === 'closed' && !missing) t.state = 'ended';
    else if (x.status === 'canceled' || x.status === 'expired') {
      t.state = 'ended';
      this.emit([{ type: 'order/cancelled', data: { id: t.order.id, reason: x.status === 'expired' ? 'expired at the exchange' : 'cancelled', ts: x.lastUpdateTimestamp ?? now } }]);
    } else if (x.status === 'rejected') {
      t.state = 'ended';
      this.emit([{ type: 'order/rejected', data: { id: t.order.id, reason: 'rejected by the exchange', ts: x.lastUpdateTimestamp ?? now } }]);
    }
  }

  /** Fill events for new trades; the one that completes a closed order is `order/filled`. */
  private fillEvents(t: Tracked, x: CcxtOrder, trades: readonly CcxtTrade[]): DomainEvent[] {
    const out: DomainEvent[] = [];
    const o = t.order;
    const quote = o.symbol.split('/')[1];
    for (const tr of trades) {
      t.seen.tradeIds.add(tr.id!);
      t.seen.qty += tr.amount;
      const complete = x.status === 'closed' && t.seen.qty >= (x.filled ?? 0) - QTY_EPS;
      const liquidity = tr.takerOrMaker === 'maker' || tr.takerOrMaker === 'taker' ? tr.takerOrMaker : o.type === 'limit' ? 'maker' : 'taker';
      const fill: Fill = { tradeId: tr.id!, orderId: o.id, venue: this.venue, symbol: o.symbol, side: o.side, qty: tr.amount, price: tr.price, fee: tr.fee?.cost ?? 0, feeAsset: tr.fee?.currency ?? quote, liquidity, ts: tr.timestamp ?? x.lastTradeTimestamp ?? this.o.clock() };
      out.push(complete ? { type: 'order/filled', data: { fill } } : { type: 'order/partiallyFilled', data: { fill } });
    }
    return out;
  }

  /** The order's own trades from the exchange, or undefined when they cannot be had now. */
  private async tradesFor(t: Tracked, x: CcxtOrder): Promise<CcxtTrade[] | undefined> {
    if (!this.o.exchange.fetchMyTrades) return undefined;
    try {
      // Binance takes symbol + orderId, without a start time (-1128 otherwise); 1000 is its most.
      const all = await this.o.exchange.fetchMyTrades(t.order.symbol, undefined, 1000, { orderId: x.id });
      return all.filter((tr) => tr.order === undefined || tr.order === x.id);
    } catch (err) {
      this.o.onWarning?.(`${this.venue}: the trades of order ${t.order.id} could not be fetched (${errorText(err)}); trying again later`);
      return undefined;
    }
  }

  private emit(events: readonly DomainEvent[]): void {
    if (events.length && this.sink) this.sink(events);
  }
}

/** ccxt's "no such order" (Binance -2013 on look-up, -2011 on cancel). */
function isNotFound(err: unknown): boolean {
  for (let p = Object.getPrototypeOf(err ?? {}); p && p !== Object.prototype; p = Object.getPrototypeOf(p)) {
    if ((p as { constructor?: { name?: string } }).constructor?.name === 'OrderNotFound') return true;
  }
  return /-2013|-2011|Order does not exist|Unknown order/i.test((err as Error)?.message ?? '');
}

function errorText(err: unknown): string {
  const e = err as Error;
  const msg = (e?.message ?? String(err)).replace(/^binance\s*/, '');
  const m = /"msg":"([^"]+)"/.exec(msg);
  return `${e?.constructor?.name ?? 'Error'}: ${m ? m[1] : msg.slice(0, 160)}`;
}
