import type { Balance, DomainEvent, Instrument, Order, Timeframe, VenueId } from '../../domain/index.js';
import { isAuthError, RefusedError, refusal, timeframeMs, UserError } from '../../domain/index.js';
import type { Clock, EventSink, VenuePort } from '../../engine/ports.js';
import type { LedgerState } from '../../store/index.js';
import type { CcxtExchange, CcxtMarket, CcxtOrder, CcxtTicker, CcxtTrade } from './ccxt-client.js';
import { errorText } from './ccxt-errors.js';
import { hasOrderLists, replaceOrder, submitOco } from './ccxt-order-lists.js';
import { CcxtOrders } from './ccxt-orders.js';
import { newPublicTrades } from './ccxt-public-trades.js';
import { CcxtStreams } from './ccxt-streams.js';
import { checkClockSkew } from './clock-skew.js';
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

const MAIN = ['BTC', 'ETH', 'BNB', 'XRP', 'SOL', 'LTC', 'TRX', 'DOGE', 'ADA'];
const ARRIVAL_WINDOW = 60_000;
/** Main coins whose book, trades and candles always stream. */
const DEEP_MAIN = 3;
/** Other markets streamed that way at once: the ones most recently looked at. */
const DEEP_FOCUS = 3;
/** Above this many markets, tickers come from the exchange's all-market stream. */
const MANY_TICKERS = 100;

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
  private markets: Record<string, CcxtMarket> = {};
  /** Markets whose tickers are streamed: every one of the quote currency, main coins first. */
  private watched: string[] = [];
  private listed = new Set<string>();
  /** Markets with book, trades and candles streamed: the main ones and those looked at. */
  private readonly deep = new Set<string>();
  /** Markets looked at (watchMarket), least recent first. */
  private readonly focused: string[] = [];
  /** A start failed before: ccxt keeps a failed market load and answers with it, so the next start asks again. */
  private failedStart = false;
  /** Stream loops, reconnects and the running state. */
  protected readonly streams: CcxtStreams;
  /** Our orders: placement, tracking, reconcile. */
  protected readonly orders: CcxtOrders;
  /**
   * Stops, OCOs and one-request amends: on Binance spot, whose order types, order lists and
   * cancelReplace ccxt reaches (the sandbox serves them too). Other exchanges keep the
   * refusal: their stop and list APIs differ, and none is tested here.
   */
  readonly stopOrders: boolean;
  /** Binance spot trails by a percent (trailingDelta, in BIPS), where it holds stops at all. */
  readonly trailingStops?: 'percent';
  /** Binance trails a stop itself and never reports the moved trigger: followed from the prices seen (app/activity/trail-watcher.ts). */
  readonly reportsTrailMoves = false as const;
  readonly submitOco?: (limit: Order, stop: Order) => Promise<void>;
  readonly replace?: (old: Order, next: Order) => Promise<void>;

  constructor(protected readonly o: CcxtVenueOptions) {
    this.venue = o.venue;
    this.label = o.label;
    const random = o.random ?? (() => 0.5);
    const emit = (events: readonly DomainEvent[]) => this.emit(events);
    this.streams = new CcxtStreams({ venue: o.venue, sleep: o.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms).unref())), random, onWarning: o.onWarning, emit });
    this.orders = new CcxtOrders({
      exchange: o.exchange,
      venue: o.venue,
      clock: o.clock,
      trading: o.trading,
      streams: this.streams,
      random,
      elapsed: o.monotonic ?? (() => performance.now()),
      arrivalWindowMs: o.arrivalWindowMs ?? ARRIVAL_WINDOW,
      emit,
      onWarning: o.onWarning,
      afterChange: () => this.afterOrderChange(),
      orderParams: (order) => this.orderParams(order),
      onTrade: (order, trade, update) => this.tradeEvents(order, trade, update),
    });
    this.stopOrders = o.trading && hasOrderLists(o.exchange);
    if (this.stopOrders) {
      this.trailingStops = 'percent';
      const afterChange = () => this.resyncAccount().catch(() => undefined);
      this.submitOco = async (limit, stop) => {
        await submitOco(this.orders, o.exchange, limit, stop, emit, o.clock);
        await afterChange();
      };
      this.replace = async (old, next) => {
        await replaceOrder(this.orders, o.exchange, old, next, emit, o.clock);
        await afterChange();
      };
    }
  }

  async start(sink: EventSink, ledger: LedgerState): Promise<void> {
    this.sink = sink;
    this.streams.begin();
    this.orders.begin();
    this.emit([{ type: 'market/connection', data: { venue: this.venue, state: 'connecting' } }]);
    try {
      await this.bootstrap(ledger);
    } catch (err) {
      this.failedStart = true;
      void this.streams.end();
      await this.o.exchange.close?.().catch(() => undefined);
      const text = `${this.venue}: ${errorText(err)}`;
      throw isAuthError(err) ? new RefusedError(refusal('auth', `${text} (check the API key and secret for ${this.venue.split('-')[0]})`)) : new UserError(text);
    }
    // Not awaited: a start never waits on the exchange's clock; a drifting local one is warned about.
    void checkClockSkew(this.venue, this.o.exchange.fetchTime && (() => this.o.exchange.fetchTime!()), this.o.clock).then((warning) => warning && this.o.onWarning?.(warning));
    this.streams.loop('tickers', async () => this.onTickers(await this.o.exchange.watchTickers!(this.tickerRequest())), () => this.resyncMarket());
    for (const s of this.watched.slice(0, DEEP_MAIN)) this.watchDeep(s);
    this.startMoreStreams();
    if (this.o.trading) {
      this.streams.loop('orders', async () => this.orders.onOrders(await this.o.exchange.watchOrders!()), () => this.reconcile());
      this.startAccountStream();
    }
  }

  /** The spot account's stream: balances. */
  protected startAccountStream(): void {
    this.streams.loop('balance', async () => this.onBalance(await this.o.exchange.watchBalance!()), () => this.resyncBalance());
  }

  /** Market data a market type adds, from REST (futures: mark prices and funding). */
  protected async resyncMoreMarket(): Promise<void> {}

  /** Public streams a market type adds (futures: mark prices and funding). */
  protected startMoreStreams(): void {}

  /** The instruments of the loaded markets this venue trades: spot ones here. */
  protected async listInstruments(markets: Record<string, CcxtMarket>): Promise<Instrument[]> {
    return Object.values(markets).filter((m) => m.spot && m.active !== false).map((m) => this.instrument(m));
  }

  /** What the ledger already knows of the account, before the first reconcile (futures: positions, wallet). */
  protected seedAccount(_ledger: LedgerState, _instruments: readonly Instrument[], _markets: Record<string, CcxtMarket>): void {}

  /** The account from REST after an order or a reconnect: spot balances here. */
  protected resyncAccount(): Promise<void> {
    return this.resyncBalance();
  }

  /** The account after one of our orders was placed or cancelled: the same as a resync here. */
  protected afterOrderChange(): Promise<void> {
    return this.resyncAccount();
  }

  /** Exchange parameters an order carries beyond the spot ones. */
  protected orderParams(_order: Order): Record<string, unknown> {
    return {};
  }

  /** Events a new fill brings beyond the fill itself. */
  protected tradeEvents(_order: Order, _trade: CcxtTrade, _update: CcxtOrder): readonly DomainEvent[] {
    return [];
  }

  private async bootstrap(ledger: LedgerState): Promise<void> {
    this.markets = await this.o.exchange.loadMarkets(this.failedStart);
    const instruments = await this.listInstruments(this.markets);
    // The main coins first: only the first few get books and candles streamed.
    const rank = (s: string) => { const i = MAIN.indexOf(s.split('/')[0]); return i === -1 ? MAIN.length : i; };
    const usdt = instruments.filter((i) => i.quote === 'USDT').map((i) => i.symbol).sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
    this.watched = [...(this.o.symbols ?? usdt)];
    this.listed = new Set(this.watched);
    for (const s of this.watched.slice(0, DEEP_MAIN)) this.deep.add(s);
    this.emit([{ type: 'market/instruments', data: { venue: this.venue, instruments } }]);
    await this.resyncMarket();
    // What the ledger already holds seeds what has been reported: a restart reports nothing twice.
    this.orders.seed(ledger);
    this.seedAccount(ledger, instruments, this.markets);
    this.emit([{ type: 'market/connection', data: { venue: this.venue, state: 'connected' } }]);
    if (this.o.trading) {
      await this.reconcile();
      this.orders.kick();
    }
  }

  async stop(): Promise<void> {
    const loops = this.streams.end();
    // ccxt does not always settle pending watches on close: wait a little, not forever.
    const settle = Promise.allSettled([this.o.exchange.close?.(), loops]);
    await Promise.race([settle, new Promise((r) => setTimeout(r, 1_500).unref())]);
    this.emit([{ type: 'market/connection', data: { venue: this.venue, state: 'disconnected' } }]);
    this.sink = undefined;
  }

  submit(order: Order): Promise<void> {
    return this.orders.submit(order);
  }

  cancel(order: Order, reason?: string): Promise<void> {
    return this.orders.cancel(order, reason);
  }

  /** Whether a market's data is streamed (listed for tickers). */
  protected isListed(symbol: string): boolean {
    return this.listed.has(symbol);
  }

  /** Whether the streams are all up (false while any of them is reconnecting). */
  get linkUp(): boolean {
    return this.streams.linkUp;
  }
  private instrument(m: CcxtMarket): Instrument {
    return instrumentOf(this.venue, m);
  }

  /**
   * Book, trades and 1m candles of a market the trader is looking at, streamed beside those of
   * the main coins; the least recently looked-at one beyond DEEP_FOCUS stops (unwatched where
   * ccxt can), so scrolling through hundreds of markets never holds hundreds of streams.
   */
  async watchMarket(symbol: string): Promise<void> {
    if (!this.streams.running || !this.markets[symbol] || this.watched.slice(0, DEEP_MAIN).includes(symbol)) return;
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
    if (this.deep.has(symbol) && this.streams.running) this.watchDeep(symbol);
  }

  private watchDeep(s: string): void {
    this.deep.add(s);
    const alive = () => this.deep.has(s);
    this.streams.loop(`book ${s}`, async () => this.onBook(s, await this.o.exchange.watchOrderBook!(s, 20)), () => this.resyncBook(s), alive);
    const seen = new Set<string>();
    // The tape: a quiet market has no trades to resync; the next frame simply brings new ones.
    if (this.o.exchange.watchTrades) this.streams.loop(`trades ${s}`, async () => this.onTrades(s, seen, await this.o.exchange.watchTrades!(s)), async () => undefined, alive);
    this.streams.loop(`candles ${s}`, async () => this.onCandles(s, await this.o.exchange.watchOHLCV!(s, '1m'), false), () => this.resyncCandles(s), alive);
  }

  private unwatchDeep(s: string): void {
    this.deep.delete(s);
    for (const name of [`book ${s}`, `trades ${s}`, `candles ${s}`]) this.streams.mend(name);
    const x = this.o.exchange;
    // Best effort: a ccxt without unWatch* keeps the subscription until close, and its frames are ignored.
    void Promise.allSettled([x.unWatchOrderBook?.(s), x.unWatchTrades?.(s), x.unWatchOHLCV?.(s, '1m')]);
  }

  /** Tickers of every listed market of the quote currency: one all-market stream when they are many. */
  protected tickerRequest(): string[] | undefined {
    return this.watched.length > MANY_TICKERS ? undefined : this.watched;
  }

  private async resyncMarket(): Promise<void> {
    this.onTickers(await this.o.exchange.fetchTickers(this.tickerRequest()));
    await this.resyncMoreMarket();
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
    await this.resyncAccount();
    await this.orders.reconcile();
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

  protected emit(events: readonly DomainEvent[]): void {
    if (events.length && this.sink) this.sink(events);
  }
}
