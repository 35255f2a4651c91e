import type { DomainEvent, MarginMode, Order, PositionMode, Timeframe, VenueId } from '../../domain/index.js';
import { isOpenStatus, isPerpetualSymbol, timeframeMs, UserError } from '../../domain/index.js';
import type { Clock, EventSink, FuturesPort, VenuePort } from '../../engine/ports.js';
import { FuturesEngine } from './futures-engine.js';
import type { LedgerState } from '../../store/index.js';
import { MatchingEngine } from './matching-engine.js';
import { SIM_ASSETS, syntheticAssets } from './sim-assets.js';
import { SimMarket, type PriceSkew } from './sim-market.js';
import { SimPerps } from './sim-perps.js';
import { followMarket, readMarket, writeMarket, type KeptMarket } from './sim-state.js';
import { restingBands } from './resting-band.js';
import type { PriceBand } from './sim-history.js';
import { feeModel, type FeeModel } from '../../engine/fees.js';

/** The longest a kill -9 takes of the market (its moves since it was last kept). */
const KEEP_EVERY_MS = 5_000;

export interface SimVenueOptions {
  readonly venue?: VenueId;
  readonly seed: number;
  readonly clock: Clock;
  /** Market update period; 0 disables the timer (one-shot commands, tests drive `tick`). */
  readonly tickMs?: number;
  readonly startingBalances?: Readonly<Record<string, number>>;
  readonly fee?: number;
  /** Minutes of 1m candle history produced at start. */
  readonly backfillMinutes?: number;
  /**
   * Leaves the 1m candles (that history and each market's open candle) for `warmUp`, or the
   * first tick, whichever comes first: the app's first frame draws without them.
   */
  readonly historyLater?: boolean;
  /** Extra synthetic symbols for load tests. */
  readonly extraSymbols?: number;
  /** Where the last prices are kept between runs; without it every run starts afresh. */
  readonly stateFile?: string;
  /** Where to resume the prices from when that is another venue's file (default: `stateFile`). */
  readonly resumeFile?: string;
  /** USD-M perpetuals (`BTC/USDT:USDT`, ...) beside the spot markets. */
  readonly perpetuals?: boolean;
  /** Starting futures wallet in USDT (a fresh ledger only). */
  readonly futuresWallet?: number;
  /** Status-bar name (default `SIM`). */
  readonly label?: string;
  /** How this venue's prices stray from the path the seed draws (a second venue of a session). */
  readonly skew?: PriceSkew;
  /** The spot fee schedule, published on the instruments (a venue of several has its own). */
  readonly fees?: FeeModel;
  /**
   * Milliseconds between an order's arrival and its matching, on the market as it is then:
   * served by the venue's own timer, so 0 (no delay) when there is none (`tickMs: 0`).
   */
  readonly latencyMs?: number;
}

/** The built-in exchange: a seeded market plus a matching engine, behind the venue port. */
export class SimVenue implements VenuePort {
  readonly venue: VenueId;
  readonly label: string;
  readonly stopOrders = true;
  readonly trailingStops = 'any';
  readonly market: SimMarket;
  readonly perps?: SimPerps;
  readonly futures?: FuturesPort;
  private engine?: MatchingEngine;
  private futuresEngine?: FuturesEngine;
  private sink?: EventSink;
  private timer?: NodeJS.Timeout;
  /** Orders on their way to the matching engine (latency), by the time they arrive. */
  private inFlight: { readonly order: Order; readonly due: number }[] = [];
  /** Set between a `historyLater` start and `warmUp`. */
  private historyPending = false;
  /** The prices the minutes atapi was stopped must not be drawn through: resting orders' (set at start). */
  private band: (symbol: string) => PriceBand = () => ({});
  /** When the market was last kept (or started). */
  private keptAt: number;
  /** The perpetuals the market was kept with: a run without them (no --futures) keeps them as they were. */
  private readonly keptPerps: KeptMarket['perps'];

  constructor(private readonly opts: SimVenueOptions) {
    this.venue = opts.venue ?? 'sim';
    this.label = opts.label ?? 'SIM';
    const assets = [...SIM_ASSETS, ...syntheticAssets(opts.extraSymbols ?? 0)];
    // The venue that keeps the market goes on with all of it; another of the session (its own
    // skew) only follows the shared path from where it was.
    const kept = readMarket(opts.resumeFile ?? opts.stateFile);
    const resume = !opts.stateFile ? { prices: kept.prices } : opts.resumeFile && opts.resumeFile !== opts.stateFile ? followMarket(opts.resumeFile, opts.stateFile) : kept;
    this.keptPerps = resume.perps;
    this.market = new SimMarket(this.venue, assets, opts.seed, opts.clock(), resume, opts.skew);
    this.keptAt = opts.clock();
    if (opts.perpetuals) {
      this.perps = new SimPerps(this.venue, this.market, assets, opts.seed, opts.clock(), resume);
      this.futures = {
        setLeverage: async (symbol: string, leverage: number) => this.emit(this.futuresOrThrow().setLeverage(symbol, leverage)),
        setMarginMode: async (symbol: string, mode: MarginMode) => this.emit(this.futuresOrThrow().setMarginMode(symbol, mode)),
        setPositionMode: async (mode: PositionMode) => this.emit(this.futuresOrThrow().setPositionMode(mode)),
        transferToFutures: async (amount: number) => {
          const futures = this.futuresOrThrow();
          const taken = this.engine!.withdraw('USDT', amount);
          if (!taken) throw new UserError(`the spot wallet on ${this.venue} holds ${this.engine!.balanceOf('USDT').free} USDT free, less than the ${amount} to transfer`);
          this.emit([taken, futures.deposit(amount, 'transfer from spot')]);
        },
      };
    }
  }

  private futuresOrThrow(): FuturesEngine {
    if (!this.futuresEngine || !this.sink) throw new Error('simulated exchange is not started');
    return this.futuresEngine;
  }

  private emit(events: DomainEvent[]): void {
    this.sink?.(events);
  }

  async candleHistory(symbol: string, timeframe: Timeframe, limit: number, until: { readonly t: number; readonly price: number }): Promise<void> {
    const candles = this.market.history(symbol, timeframeMs(timeframe), limit, until, this.opts.seed);
    this.sink?.(candles.map((candle) => ({ type: 'market/candle', data: { venue: this.venue, symbol, timeframe, candle, closed: true } })));
  }

  async start(sink: EventSink, ledger: LedgerState): Promise<void> {
    // A fill keeps the market as it is at once: after a kill -9 the market a run goes on from
    // has been where every fill in the ledger was made (a fill never stands at a price the
    // restored market did not reach).
    this.sink = (events) => {
      const now = this.opts.clock();
      if (this.opts.stateFile && this.keptAt !== now && events.some((e) => e.type === 'order/filled' || e.type === 'order/partiallyFilled')) this.keep(now);
      sink(events);
    };
    const spotFees = this.opts.fees ?? feeModel('spot', this.opts.fee);
    // A venue with its own schedule says so on its instruments: arbitrage arithmetic nets each venue's fee.
    const instruments = this.market.instruments().map((i) => (this.opts.fees ? { ...i, makerFee: spotFees.maker, takerFee: spotFees.taker } : i));
    const perpetuals = this.perps?.instruments() ?? [];
    const events: DomainEvent[] = [
      { type: 'market/connection', data: { venue: this.venue, state: 'connected' } },
      { type: 'market/instruments', data: { venue: this.venue, instruments: [...instruments, ...perpetuals] } },
      ...this.market.snapshotEvents().filter((e) => e.type !== 'market/candle'),
      ...(this.perps?.snapshotEvents(false) ?? []),
    ];
    const open = Object.values(ledger.orders);
    this.band = restingBands(open, this.venue, (spot) => this.market.lastPrice(spot), (perp) => perp.split(':')[0], (perp) => {
      const mark = this.perps?.mark(perp);
      return mark ? mark.markPrice / mark.indexPrice : 1;
    });
    if (!this.opts.historyLater) events.push(...this.history());
    this.historyPending = this.opts.historyLater === true;
    // The simulated exchange keeps no state of its own: the ledger is its memory.
    let balances = ledger.balances[this.venue];
    if (!balances) {
      const start = this.opts.startingBalances ?? { USDT: 10_000 };
      balances = Object.fromEntries(Object.entries(start).map(([a, free]) => [a, { free, locked: 0 }]));
      events.push({ type: 'account/balances', data: { venue: this.venue, balances, full: true } });
    }
    this.engine = new MatchingEngine({ venue: this.venue, instruments, makerFee: spotFees.maker, takerFee: spotFees.taker, balances, clock: this.opts.clock, firstTradeSeq: ledger.fillCount });
    const now = this.opts.clock();
    if (this.perps) {
      if (ledger.futures.wallets[this.venue]?.USDT === undefined) {
        const balance = this.opts.futuresWallet ?? 10_000;
        events.push({ type: 'futures/wallet', data: { venue: this.venue, asset: 'USDT', balance, reason: 'simulated futures wallet', ts: now } });
        ledger = { ...ledger, futures: { ...ledger.futures, wallets: { ...ledger.futures.wallets, [this.venue]: { ...ledger.futures.wallets[this.venue], USDT: balance } } } };
      }
      const perpFees = feeModel('perpetual', this.opts.fee);
      this.futuresEngine = new FuturesEngine({ venue: this.venue, instruments: perpetuals, makerFee: perpFees.maker, takerFee: perpFees.taker, clock: this.opts.clock, firstTradeSeq: ledger.fillCount }, ledger.futures);
    }
    for (const o of Object.values(ledger.orders)) {
      if (o.venue !== this.venue || !isOpenStatus(o.status)) continue;
      if (o.status === 'submitted') {
        // Logged but never answered: the process died before the exchange saw it.
        events.push({ type: 'order/rejected', data: { id: o.id, reason: 'not sent: atapi stopped before the order reached the exchange', ts: now } });
      } else if (isPerpetualSymbol(o.symbol)) this.futuresEngine?.restore(o);
      else this.engine.restore(o);
    }
    // Funding missed while atapi was stopped is paid now, once per mark (the ledger keys it).
    for (const m of this.perps?.marks() ?? []) events.push(...this.futuresEngine!.onMark({ ...m, ts: now }));
    sink(events);
    const tickMs = this.opts.tickMs ?? 250;
    if (tickMs > 0) {
      this.timer = setInterval(() => this.tick(), tickMs);
      this.timer.unref();
    }
  }

  /**
   * The 1m candles a `historyLater` start left out, drawn now: the history's random numbers
   * come before the first step's, so the market is the same whenever they are drawn.
   */
  warmUp(): void {
    if (!this.historyPending || !this.sink) return;
    this.historyPending = false;
    this.sink(this.history());
  }

  /** `backfillMinutes` of closed 1m candles, then each market's open one (the fold keeps a series in time order); the perpetuals' after the spot's they follow. */
  private history(): DomainEvent[] {
    return [...this.market.backfill(this.backfillMinutes(), this.band), ...this.market.snapshotEvents().filter((e) => e.type === 'market/candle'), ...(this.perps?.backfill(this.backfillMinutes()) ?? [])];
  }

  private backfillMinutes(): number {
    return this.opts.backfillMinutes ?? 240;
  }

  /** Advances the market to now and fills resting orders it trades through. */
  tick(): void {
    if (!this.sink || !this.engine) return;
    this.warmUp();
    const now = this.opts.clock();
    const events = this.market.step(now);
    // Orders that arrived by now meet the market as it is now (their latency's slippage).
    const arrived = this.inFlight.filter((f) => f.due <= now);
    this.inFlight = this.inFlight.filter((f) => f.due > now);
    for (const f of arrived) events.push(...this.engine.submit(f.order, this.market.book(f.order.symbol)));
    for (const e of events) {
      if (e.type === 'market/book') {
        const book = this.market.book(e.data.symbol);
        if (book) events.push(...this.engine.onBook(book));
      }
      // Stops trigger on the last trade (Binance: the last price), after the book moved.
      if (e.type === 'market/trade') events.push(...this.engine.onTrade(e.data.symbol, e.data.price, this.market.book(e.data.symbol)));
    }
    if (this.perps && this.futuresEngine) {
      for (const e of this.perps.step(now)) {
        events.push(e);
        if (e.type === 'market/book') events.push(...this.futuresEngine.onBook(this.perps.book(e.data.symbol)!));
        // Stops trigger on the contract's last price (Binance's CONTRACT_PRICE), after the book moved.
        if (e.type === 'market/ticker') events.push(...this.futuresEngine.onLast(e.data.symbol, e.data.last, this.perps.book(e.data.symbol)));
        if (e.type === 'market/mark') events.push(...this.futuresEngine.onMark(e.data));
      }
    }
    this.keepOften(now);
    this.sink(events);
  }

  /**
   * Keeps the market as its candles close and every few seconds between, not only at a clean
   * stop: after a crash or a kill -9 the next run goes on from at most `KEEP_EVERY_MS` back,
   * so the price a trader last saw does not jump back a minute (a write is some 4-9 ms, of
   * 119-224 KB: a few per minute cost nothing a trader feels).
   */
  private keepOften(now: number): void {
    if (!this.opts.stateFile || (now - this.keptAt < KEEP_EVERY_MS && minuteOf(now) === minuteOf(this.keptAt))) return;
    this.keep(now);
  }

  private keep(now: number): void {
    if (!this.opts.stateFile) return;
    this.keptAt = now;
    writeMarket(this.opts.stateFile, this.keptState());
  }

  /** The market and its perpetuals as they stand. */
  private keptState(): KeptMarket {
    const perps = this.perps?.state() ?? this.keptPerps;
    return { ...this.market.state(), ...(perps ? { perps } : {}) };
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.sink?.([{ type: 'market/connection', data: { venue: this.venue, state: 'disconnected' } }]);
    if (this.opts.stateFile && this.sink) writeMarket(this.opts.stateFile, this.keptState());
    this.sink = undefined;
  }

  async submit(order: Order): Promise<void> {
    if (!this.sink || !this.engine) throw new Error('simulated exchange is not started');
    if (isPerpetualSymbol(order.symbol)) {
      if (!this.futuresEngine || !this.perps) return this.sink([{ type: 'order/rejected', data: { id: order.id, reason: `unknown symbol ${order.symbol} on ${this.venue}`, ts: this.opts.clock() } }]);
      return this.sink(this.futuresEngine.submit(order, this.perps.book(order.symbol)));
    }
    const latency = this.timer ? (this.opts.latencyMs ?? 0) : 0;
    if (latency > 0) {
      this.inFlight.push({ order, due: this.opts.clock() + latency });
      return;
    }
    this.sink(this.engine.submit(order, this.market.book(order.symbol)));
  }

  async cancel(order: Order, reason?: string): Promise<void> {
    if (!this.sink || !this.engine) throw new Error('simulated exchange is not started');
    if (isPerpetualSymbol(order.symbol) && this.futuresEngine) return this.sink(this.futuresEngine.cancel(order.id, reason));
    const waiting = this.inFlight.findIndex((f) => f.order.id === order.id);
    if (waiting >= 0) {
      // Still on its way: the cancel overtakes it, as an exchange would see the two in order.
      this.inFlight.splice(waiting, 1);
      return this.sink([{ type: 'order/cancelled', data: { id: order.id, reason: 'cancelled before it reached the matching engine', ts: this.opts.clock() } }]);
    }
    this.sink(this.engine.cancel(order.id, reason));
  }
}

function minuteOf(t: number): number {
  return Math.floor(t / 60_000);
}
