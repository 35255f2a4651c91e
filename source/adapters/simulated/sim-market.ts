import type { Candle, DomainEvent, Instrument, Level, OrderBook, Ticker, VenueId } from '../../domain/index.js';
import { floorToStep, roundToStep } from '../../domain/index.js';
import { createRng, seedFor, type Rng } from './prng.js';
import { dayAdd, dayFromFigures, dayTotals, type DayFigures, type DayHour } from './rolling-day.js';
import { bridgeGap, drawHistory, walkBack, type PriceBand } from './sim-history.js';
import type { SimAsset } from './sim-assets.js';
import { NO_KEPT_MARKET, type KeptCoin, type KeptMarket } from './sim-state.js';

const YEAR_MS = 365 * 24 * 3_600_000;
const MINUTE = 60_000;
const BOOK_LEVELS = 15;
/** Closed 1m candles kept for a restart (at least): the app's history at start. */
const KEEP_CANDLES = 240;

interface Coin {
  readonly asset: SimAsset;
  readonly symbol: string;
  /** The venue's price: the shared path times this venue's skew. */
  price: number;
  /** The path every simulated venue of one seed shares (equal to `price` without a skew). */
  path: number;
  /** This venue's wandering deviation from the path (log units), mean-reverting. */
  drift: number;
  /** Its last 24 hours by the hour: the ticker's 24h figures (`rolling-day.ts`). */
  day: DayHour[];
  candle: { t: number; o: number; h: number; l: number; c: number; v: number };
  /** The last closed 1m candles, oldest first: the history a restart shows again. */
  closed: Candle[];
  book: OrderBook;
  ticker: Ticker;
}

/**
 * How a second simulated venue's prices differ from the shared path: a fixed offset and a
 * mean-reverting wander, both as fractions of the price. Drawn from a generator of its own so
 * the path (the main generator's draws) is the same on every venue of one seed: prices related
 * but not equal, as on two real exchanges.
 */
export interface PriceSkew {
  readonly offset: number;
  /** Standard deviation of the wander around the offset. */
  readonly noise: number;
  /** Seconds the wander takes to revert most of the way (its time constant). */
  readonly revertSeconds: number;
  readonly seed: number;
}

/**
 * A seeded market: geometric Brownian motion per coin at its real volatility, a spread and
 * a limited-depth book around it, 1m candles built from the same path.
 */
export class SimMarket {
  private readonly rng: Rng;
  /**
   * Draws the history before the candles kept: the main generator for a fresh market (the run a
   * seed always was), one of its own for a kept one, so that venues of one session keeping
   * different amounts of history still draw the same path from then on.
   */
  private readonly historyRng: Rng;
  private readonly skewRng?: Rng;
  private readonly coins: Coin[];
  private readonly bySymbol = new Map<string, Coin>();
  private now: number;
  private keep = KEEP_CANDLES;

  /**
   * `resume`: the market as a data directory kept it (`sim-state.ts`). Its prices continue the
   * path, and, when this seed drew it, each coin kept whole carries on its 24h figures and
   * candles, so a restart goes on where the market was (another `--seed` asks for another
   * market: it only starts at those prices). The random numbers are drawn as for a fresh market
   * either way, the figures kept then replacing theirs: a seed with nothing kept is the run it
   * always was.
   */
  constructor(readonly venue: VenueId, assets: readonly SimAsset[], private readonly seed: number, start: number, resume: KeptMarket = NO_KEPT_MARKET, private readonly skew?: PriceSkew) {
    // A market this seed kept goes on with draws of its own (the seed and when it was kept), so
    // a restart does not replay the moves its first run began with; still the same for one file.
    const resumed = resume.seed === seed && resume.at !== undefined;
    this.rng = createRng(resumed ? seedFor(seed, `kept:${resume.at}`) : seed);
    this.historyRng = resumed ? createRng(seedFor(seed, `history:${resume.at}`)) : this.rng;
    if (skew) this.skewRng = createRng(skew.seed);
    this.now = start;
    this.coins = assets.map((asset) => {
      const daily = asset.vol / Math.sqrt(365);
      const jitter = Math.exp(0.1 * this.rng.normal());
      const path = roundToStep(resume.prices[`${asset.base}/USDT`] ?? asset.price * jitter, asset.tickSize);
      const kept = resume.seed === seed ? resume.coins?.[`${asset.base}/USDT`] : undefined;
      const drawn = skew && this.skewRng ? skew.noise * this.skewRng.normal() : 0;
      const drift = kept && skew ? kept.drift : drawn;
      const price = this.skewed(path, drift, asset.tickSize);
      // A fresh market's day before its start, drawn as totals and laid out by the hour.
      const open24h = roundToStep(price * Math.exp(-daily * this.rng.normal()), asset.tickSize);
      const drawnDay = {
        open24h,
        high24h: Math.max(price, open24h) * (1 + daily * 0.3 * Math.abs(this.rng.normal())),
        low24h: Math.min(price, open24h) * (1 - daily * 0.3 * Math.abs(this.rng.normal())),
        volume24h: asset.volume24h * (0.7 + 0.6 * this.rng.next()),
      };
      const coin: Coin = {
        asset,
        symbol: `${asset.base}/USDT`,
        price,
        path,
        drift,
        day: dayFromFigures(start, drawnDay, price),
        candle: { t: Math.floor(start / MINUTE) * MINUTE, o: price, h: price, l: price, c: price, v: 0 },
        closed: [],
        book: { venue, symbol: `${asset.base}/USDT`, bids: [], asks: [], ts: start },
        ticker: undefined as unknown as Ticker,
      };
      if (kept) carryOn(coin, kept, resume.at ?? start);
      this.rebuild(coin);
      this.bySymbol.set(coin.symbol, coin);
      return coin;
    });
  }

  instruments(): Instrument[] {
    return this.coins.map(({ asset, symbol }) => ({
      venue: this.venue,
      symbol,
      base: asset.base,
      quote: 'USDT',
      kind: 'spot',
      tickSize: asset.tickSize,
      lotSize: asset.lotSize,
      minQty: asset.lotSize,
      minNotional: 5,
    }));
  }

  /**
   * Last prices of the shared path, so a restart resumes the market where it was left (and
   * every venue of a session resumes from the same path, each with its own skew).
   */
  prices(): Record<string, number> {
    return Object.fromEntries(this.coins.map((c) => [c.symbol, c.path]));
  }

  /** A coin's 24h figures on this venue now (undefined for a symbol it does not have). */
  dayFigures(symbol: string): DayFigures | undefined {
    const c = this.bySymbol.get(symbol);
    return c && dayTotals(c.day, this.now, c.price);
  }

  /** A coin's price on this venue now (undefined for a symbol it does not have). */
  lastPrice(symbol: string): number | undefined {
    return this.bySymbol.get(symbol)?.price;
  }

  /** The market as it stands, for the next run to go on from (`sim-state.ts` keeps it). */
  state(): KeptMarket {
    const coins = Object.fromEntries(this.coins.map((c): [string, KeptCoin] => [c.symbol, {
      drift: c.drift,
      // The totals too: an older atapi reads only those.
      ...dayTotals(c.day, this.now, c.price),
      candle: { ...c.candle },
      closed: c.closed.slice(-this.keep),
      hours: c.day.map((h) => ({ ...h })),
    }]));
    return { prices: this.prices(), seed: this.seed, at: this.now, coins };
  }

  /** The venue's price for a point of the path: the offset and the wander applied. */
  private skewed(path: number, drift: number, tickSize: number): number {
    if (!this.skew) return path;
    const p = roundToStep(path * (1 + this.skew.offset) * Math.exp(drift), tickSize);
    return p > 0 ? p : tickSize;
  }

  book(symbol: string): OrderBook | undefined {
    return this.bySymbol.get(symbol)?.book;
  }

  /** The current state of every coin as events: what a fresh subscriber gets first. */
  snapshotEvents(): DomainEvent[] {
    const out: DomainEvent[] = [];
    for (const c of this.coins) {
      out.push({ type: 'market/ticker', data: c.ticker });
      out.push({ type: 'market/book', data: { venue: this.venue, symbol: c.symbol, snapshot: true, bids: c.book.bids, asks: c.book.asks, ts: this.now } });
      out.push({ type: 'market/candle', data: { venue: this.venue, symbol: c.symbol, timeframe: '1m', candle: { ...c.candle }, closed: false } });
    }
    return out;
  }

  /**
   * `minutes` closed 1m candles ending at the current minute: those the market kept from its
   * last run, the minutes it was stopped drawn between them and now (`bridgeGap`: never reaching
   * a price of `band`, a resting order's), and before them ones drawn so their last close meets
   * the first of those (or today's price): a chart has history the moment the app starts, one
   * candle a minute, the same after a restart.
   */
  backfill(minutes: number, band: (symbol: string) => PriceBand = () => ({})): DomainEvent[] {
    const out: DomainEvent[] = [];
    this.keep = Math.max(this.keep, minutes);
    for (const c of this.coins) {
      const last = c.closed.at(-1);
      if (last) {
        const gap = bridgeGap(c.asset, createRng(seedFor(this.seed, `gap:${c.symbol}:${last.t}:${c.candle.t}`)), { t: last.t, price: last.c }, { t: c.candle.t, price: c.candle.o }, minutes, band(c.symbol));
        // A gap longer than the history shown leaves nothing kept in it.
        c.closed = gap.length >= minutes ? gap : [...c.closed, ...gap];
        // The drawn minutes are the day's too (a stop longer than a day leaves only them in it).
        for (const k of gap) dayAdd(c.day, k.t, k.o, k.v, k.h, k.l);
      }
      const drawn = drawHistory(c.asset, this.historyRng, Math.max(0, minutes - c.closed.length), c.closed[0] ?? { t: c.candle.t, o: c.candle.o });
      c.closed = [...drawn, ...c.closed];
      for (const candle of c.closed.slice(-minutes)) out.push({ type: 'market/candle', data: { venue: this.venue, symbol: c.symbol, timeframe: '1m', candle, closed: true } });
    }
    return out;
  }

  /** A coin's closed 1m candles, oldest first (the perpetuals' history follows them). */
  closedCandles(symbol: string): readonly Candle[] {
    return this.bySymbol.get(symbol)?.closed ?? [];
  }

  /**
   * `limit` closed candles of `tfMs` that end where the known history begins (`until`: the
   * time and open of the oldest candle there is), walked backwards at the coin's volatility.
   * A generator of its own, seeded by the symbol and timeframe, draws them: asking for history
   * never changes the market that follows (the same seed stays the same run).
   */
  history(symbol: string, tfMs: number, limit: number, until: { readonly t: number; readonly price: number }, seed: number): Candle[] {
    const c = this.bySymbol.get(symbol);
    if (!c || limit <= 0) return [];
    return walkBack(c.asset, tfMs, limit, until, createRng(seedFor(seed, `${symbol}:${tfMs}`)));
  }

  /**
   * Puts a coin's path at `price` (the sandbox's price control, `POST /sandbox/price`, for tests
   * and demonstrations); the walk carries on from there at the next step. False for a symbol
   * this market does not have or a price that is not positive.
   */
  moveTo(symbol: string, price: number): boolean {
    const c = this.bySymbol.get(symbol);
    if (!c || !(Number.isFinite(price) && price > 0)) return false;
    c.path = Math.max(c.asset.tickSize, roundToStep(price, c.asset.tickSize));
    c.price = this.skewed(c.path, c.drift, c.asset.tickSize);
    this.rebuild(c);
    return true;
  }

  /** Moves every coin to time `now` and returns the resulting market events. */
  step(now: number): DomainEvent[] {
    const dt = Math.max(0, now - this.now) / YEAR_MS;
    this.now = now;
    const out: DomainEvent[] = [];
    for (const c of this.coins) {
      const { vol, tickSize, lotSize } = c.asset;
      const z = this.rng.normal();
      const next = roundToStep(c.path * Math.exp(vol * Math.sqrt(dt) * z - 0.5 * vol * vol * dt), tickSize);
      c.path = next > 0 ? next : tickSize;
      if (this.skew && this.skewRng) {
        // Ornstein-Uhlenbeck: the wander decays towards 0 and is refreshed in proportion to time.
        const keep = Math.exp(-(dt * YEAR_MS) / 1000 / this.skew.revertSeconds);
        c.drift = c.drift * keep + this.skew.noise * Math.sqrt(1 - keep * keep) * this.skewRng.normal();
      }
      c.price = this.skewed(c.path, c.drift, tickSize);
      const tradeQty = Math.max(lotSize, floorToStep((c.asset.volume24h / 86_400) * (dt * YEAR_MS / 1000) * (0.2 + 1.6 * this.rng.next()), lotSize));
      dayAdd(c.day, now, c.price, tradeQty);
      const minute = Math.floor(now / MINUTE) * MINUTE;
      if (minute !== c.candle.t) {
        out.push({ type: 'market/candle', data: { venue: this.venue, symbol: c.symbol, timeframe: '1m', candle: { ...c.candle }, closed: true } });
        c.closed.push({ ...c.candle });
        if (c.closed.length > this.keep * 2) c.closed = c.closed.slice(-this.keep);
        c.candle = { t: minute, o: c.price, h: c.price, l: c.price, c: c.price, v: 0 };
      }
      c.candle.h = Math.max(c.candle.h, c.price);
      c.candle.l = Math.min(c.candle.l, c.price);
      c.candle.c = c.price;
      c.candle.v = floorToStep(c.candle.v + tradeQty, lotSize);
      this.rebuild(c);
      out.push({ type: 'market/ticker', data: c.ticker });
      out.push({ type: 'market/book', data: { venue: this.venue, symbol: c.symbol, snapshot: true, bids: c.book.bids, asks: c.book.asks, ts: now } });
      out.push({ type: 'market/candle', data: { venue: this.venue, symbol: c.symbol, timeframe: '1m', candle: { ...c.candle }, closed: false } });
      out.push({ type: 'market/trade', data: { venue: this.venue, symbol: c.symbol, price: c.price, qty: tradeQty, side: z >= 0 ? 'buy' : 'sell', ts: now } });
    }
    return out;
  }

  private rebuild(c: Coin): void {
    const { tickSize, lotSize, levelUsd } = c.asset;
    const half = Math.max(tickSize, roundToStep(c.price * 0.00002, tickSize));
    const bid = roundToStep(c.price - half, tickSize);
    const ask = roundToStep(Math.max(bid + tickSize, c.price + half), tickSize);
    const gap = Math.max(tickSize, roundToStep(c.price * 0.0001, tickSize));
    const bids: Level[] = [];
    const asks: Level[] = [];
    // One closure per book, not one per level: 200 symbols rebuild 15 levels ten times a second.
    const size = (p: number): number => Math.max(lotSize, floorToStep((levelUsd * (0.2 + 1.6 * this.rng.next())) / p, lotSize));
    for (let i = 0; i < BOOK_LEVELS; i++) {
      const bp = roundToStep(bid - i * gap, tickSize);
      const ap = roundToStep(ask + i * gap, tickSize);
      if (bp > 0) bids.push([bp, size(bp)]);
      asks.push([ap, size(ap)]);
    }
    c.book = { venue: this.venue, symbol: c.symbol, bids, asks, ts: this.now };
    const day = dayTotals(c.day, this.now, c.price);
    c.ticker = {
      venue: this.venue,
      symbol: c.symbol,
      bid,
      ask,
      last: c.price,
      open24h: roundToStep(day.open24h, tickSize),
      high24h: roundToStep(day.high24h, tickSize),
      low24h: roundToStep(day.low24h, tickSize),
      volume24h: floorToStep(day.volume24h, lotSize),
      ts: this.now,
    };
  }
}

/**
 * A coin kept by the last run carries on: its day (kept at `at`; an older file's totals laid out
 * by the hour), its closed candles, and the candle
 * it was forming, which goes on if this is still its minute and is closed if not (a candle in
 * which nothing traded, a run that only looked, is not one). Candles not before this minute
 * (a clock set back) are left out: a series stays in time order.
 */
function carryOn(coin: Coin, kept: KeptCoin, at: number): void {
  coin.day = kept.hours ? kept.hours.map((h) => ({ ...h })) : dayFromFigures(at, kept, kept.candle.c);
  const minute = coin.candle.t;
  coin.closed = kept.closed.filter((k) => k.t < minute);
  const forming = kept.candle;
  const last = coin.closed.at(-1);
  if (forming.t === minute) coin.candle = { ...forming, h: Math.max(forming.h, coin.price), l: Math.min(forming.l, coin.price), c: coin.price };
  else if (forming.t < minute && forming.v > 0 && (!last || last.t < forming.t)) coin.closed.push({ ...forming });
}
