import type { Candle, DomainEvent, Instrument, Level, MarkPrice, OrderBook, Ticker, VenueId } from '../../domain/index.js';
import { perpetualSymbol, roundToStep, simBrackets } from '../../domain/index.js';
import { addPremium, averagePremium, fundingRate, nextFundingTime, premiumIndex, type PremiumAverage } from '../../engine/funding.js';
import { createRng, seedFor, type Rng } from './prng.js';
import type { SimAsset } from './sim-assets.js';
import type { SimMarket } from './sim-market.js';
import { NO_KEPT_MARKET, type KeptMarket, type KeptPerp } from './sim-state.js';

/** The basis wanders within ±0.2% and is pulled back towards zero, as arbitrage does. */
const BASIS_LIMIT = 0.002;
const BASIS_PULL = 0.02;
const BASIS_STEP = 0.00008;
const MINUTE = 60_000;
/** Closed 1m candles kept for a restart (at least), as the spot market keeps. */
const KEEP_CANDLES = 240;

interface Perp {
  readonly asset: SimAsset;
  readonly symbol: string;
  readonly spot: string;
  basis: number;
  /** Open interest in base units: a slow random walk around a day's volume. */
  openInterest: number;
  mark?: MarkPrice;
  book?: OrderBook;
  ticker?: Ticker;
  /** What the last run kept of it: its candles go on from these (its 24h figures are its coin's). */
  readonly carried?: KeptPerp;
  /** The forming 1m candle of the perpetual's price (its mark): charts of perpetuals. */
  candle?: { t: number; o: number; h: number; l: number; c: number; v: number };
  /** Its closed 1m candles, oldest first: the history a restart shows again. */
  closed: Candle[];
  /** The funding interval's premiums so far: its rate is their average, as Binance's is. */
  premium?: PremiumAverage;
}

/**
 * USD-M perpetuals beside the simulated spot market: each follows its coin's spot price (the
 * index) with a small mean-reverting basis; its book is the spot book moved to the mark.
 * It draws from a random stream of its own, so the spot market's path is the same with or
 * without it (a seed replays the spot market unchanged).
 */
export class SimPerps {
  private readonly rng: Rng;
  private readonly perps: Perp[];
  private readonly bySymbol = new Map<string, Perp>();
  private keep = KEEP_CANDLES;

  /**
   * `resume`: the market as a data directory kept it; perpetuals this seed kept go on with their
   * basis, open interest and 24h figures (and draws of their own, as the spot market's do).
   */
  constructor(readonly venue: VenueId, private readonly spot: SimMarket, assets: readonly SimAsset[], seed: number, now: number, resume: KeptMarket = NO_KEPT_MARKET) {
    const own = (seed ^ 0x5eed_f00d) >>> 0;
    const kept = resume.seed === seed ? resume.perps : undefined;
    this.rng = createRng(kept && resume.at !== undefined ? seedFor(own, `kept:${resume.at}`) : own);
    this.perps = assets.map((asset) => {
      const symbol = perpetualSymbol(asset.base, 'USDT');
      const basis = BASIS_LIMIT * 0.25 * this.rng.normal();
      const openInterest = asset.volume24h * (0.3 + 0.4 * this.rng.next());
      const k = kept?.[symbol];
      return { asset, symbol, spot: `${asset.base}/USDT`, basis: k?.basis ?? basis, openInterest: k?.openInterest ?? openInterest, closed: [], ...(k ? { carried: k } : {}), ...(k?.premium ? { premium: k.premium } : {}) };
    });
    for (const p of this.perps) {
      this.bySymbol.set(p.symbol, p);
      this.rebuild(p, now);
      if (p.mark) this.candleStep(p, p.mark.markPrice, now);
      if (p.carried) carryOn(p, p.carried);
    }
  }

  instruments(): Instrument[] {
    return this.perps.map(({ asset, symbol }) => ({
      venue: this.venue,
      symbol,
      base: asset.base,
      quote: 'USDT',
      kind: 'perpetual',
      tickSize: asset.tickSize,
      lotSize: asset.lotSize,
      minQty: asset.lotSize,
      minNotional: 5,
      perpetual: { contractType: 'perpetual', marginAsset: 'USDT', brackets: simBrackets(asset.base) },
    }));
  }

  book(symbol: string): OrderBook | undefined {
    return this.bySymbol.get(symbol)?.book;
  }

  mark(symbol: string): MarkPrice | undefined {
    return this.bySymbol.get(symbol)?.mark;
  }

  marks(): MarkPrice[] {
    return this.perps.flatMap((p) => (p.mark ? [p.mark] : []));
  }

  /** Each perpetual as it stands, for the next run to go on from (`sim-state.ts` keeps it). */
  state(): Record<string, KeptPerp> {
    return Object.fromEntries(this.perps.flatMap((p) => (p.ticker ? [[p.symbol, {
      basis: p.basis,
      openInterest: p.openInterest,
      open24h: p.ticker.open24h,
      high24h: p.ticker.high24h,
      low24h: p.ticker.low24h,
      volume24h: p.ticker.volume24h,
      ...(p.candle ? { candle: { ...p.candle } } : {}),
      closed: p.closed.slice(-this.keep),
      ...(p.premium ? { premium: p.premium } : {}),
    }]] : [])));
  }

  /** Current state as events: what a fresh subscriber gets first (`candles: false`: without the forming candle, for a history to come first). */
  snapshotEvents(candles = true): DomainEvent[] {
    return this.perps.flatMap((p) => this.events(p).filter((e) => candles || e.type !== 'market/candle'));
  }

  /**
   * `minutes` closed 1m candles of each perpetual's price, ending at the current minute, then its
   * forming one: those it kept from its last run, and for the minutes it has none (a fresh market,
   * the minutes atapi was stopped) its coin's candles moved by today's basis, the spot history
   * (call after the spot market's `backfill`). A perpetual's chart and indicators have history at
   * once, as spot's do, and go on across a restart.
   */
  backfill(minutes: number): DomainEvent[] {
    this.keep = Math.max(this.keep, minutes);
    const out: DomainEvent[] = [];
    for (const p of this.perps) {
      if (!p.candle) continue;
      const own = new Map(p.closed.map((k) => [k.t, k]));
      const k = 1 + p.basis;
      const tick = p.asset.tickSize;
      const moved = (c: Candle): Candle => ({ t: c.t, o: roundToStep(c.o * k, tick), h: roundToStep(c.h * k, tick), l: roundToStep(c.l * k, tick), c: roundToStep(c.c * k, tick), v: 0 });
      const spot = this.spot.closedCandles(p.spot).filter((c) => c.t < p.candle!.t).slice(-minutes);
      p.closed = spot.map((c) => own.get(c.t) ?? moved(c));
      for (const candle of p.closed) out.push({ type: 'market/candle', data: { venue: this.venue, symbol: p.symbol, timeframe: '1m', candle, closed: true } });
      out.push({ type: 'market/candle', data: { venue: this.venue, symbol: p.symbol, timeframe: '1m', candle: { ...p.candle }, closed: false } });
    }
    return out;
  }

  /** Moves every perpetual to the spot market's state at `now` (call after the spot step). */
  step(now: number): DomainEvent[] {
    const out: DomainEvent[] = [];
    for (const p of this.perps) {
      p.basis = Math.max(-BASIS_LIMIT, Math.min(BASIS_LIMIT, p.basis * (1 - BASIS_PULL) + BASIS_STEP * this.rng.normal()));
      p.openInterest = Math.max(p.asset.lotSize, p.openInterest * (1 + 0.001 * this.rng.normal()));
      this.rebuild(p, now);
      const closed = p.mark ? this.candleStep(p, p.mark.markPrice, now) : undefined;
      out.push(...this.events(p, closed));
    }
    return out;
  }

  private events(p: Perp, closed?: Candle): DomainEvent[] {
    if (!p.mark || !p.book || !p.ticker || !p.candle) return [];
    return [
      ...(closed ? [{ type: 'market/candle', data: { venue: this.venue, symbol: p.symbol, timeframe: '1m', candle: closed, closed: true } } as const] : []),
      { type: 'market/ticker', data: p.ticker },
      { type: 'market/book', data: { venue: this.venue, symbol: p.symbol, snapshot: true, bids: p.book.bids, asks: p.book.asks, ts: p.book.ts } },
      { type: 'market/candle', data: { venue: this.venue, symbol: p.symbol, timeframe: '1m', candle: { ...p.candle }, closed: false } },
      { type: 'market/mark', data: p.mark },
    ];
  }

  /** Moves the forming candle to `price` at `now`; returns the one it closed, if a minute passed. */
  private candleStep(p: Perp, price: number, now: number): Candle | undefined {
    const minute = Math.floor(now / MINUTE) * MINUTE;
    const c = p.candle;
    if (!c || minute > c.t) {
      p.candle = { t: minute, o: price, h: price, l: price, c: price, v: 0 };
      if (!c) return undefined;
      p.closed.push({ ...c });
      if (p.closed.length > this.keep * 2) p.closed = p.closed.slice(-this.keep);
      return { ...c };
    }
    c.h = Math.max(c.h, price);
    c.l = Math.min(c.l, price);
    c.c = price;
    return undefined;
  }

  private rebuild(p: Perp, now: number): void {
    const spotBook = this.spot.book(p.spot);
    const index = this.spot.prices()[p.spot];
    if (!spotBook || !(index > 0)) return;
    const { tickSize, lotSize } = p.asset;
    const markPrice = roundToStep(index * (1 + p.basis), tickSize);
    const k = markPrice / index;
    const move = (levels: readonly Level[]): Level[] => levels.map(([price, qty]) => [roundToStep(price * k, tickSize), qty] as const);
    const before = p.premium;
    p.premium = addPremium(before, premiumIndex(markPrice, index), now);
    // The step that passes a funding mark publishes the closed interval's rate, the one paid at
    // that mark (futures-settlement.ts pays the first mark after it); the next, the new interval's.
    const rated = before && before.interval < p.premium.interval ? before : p.premium;
    const bids = move(spotBook.bids);
    const asks = move(spotBook.asks);
    p.book = { venue: this.venue, symbol: p.symbol, bids, asks, ts: now };
    p.mark = {
      venue: this.venue,
      symbol: p.symbol,
      markPrice,
      indexPrice: index,
      fundingRate: fundingRate(averagePremium(rated)),
      nextFundingTime: nextFundingTime(now),
      openInterest: roundToStep(p.openInterest, lotSize),
      ts: now,
    };
    const spotTicker = { bid: bids[0]?.[0] ?? markPrice, ask: asks[0]?.[0] ?? markPrice };
    // A perpetual's day is its coin's rolling day (`rolling-day.ts`) moved by the basis, its volume
    // three times the coin's (perpetuals trade more): its 24h change reads as the spot's does, and
    // moves on with the hours as the spot's, new, kept or running.
    const day = this.spot.dayFigures(p.spot);
    p.ticker = {
      venue: this.venue,
      symbol: p.symbol,
      bid: spotTicker.bid,
      ask: spotTicker.ask,
      last: markPrice,
      open24h: day ? roundToStep(day.open24h * k, tickSize) : markPrice,
      high24h: Math.max(day ? roundToStep(day.high24h * k, tickSize) : markPrice, markPrice),
      low24h: Math.min(day ? roundToStep(day.low24h * k, tickSize) : markPrice, markPrice),
      volume24h: roundToStep((day?.volume24h ?? p.asset.volume24h) * 3, lotSize),
      ts: now,
    };
  }
}

/**
 * A perpetual kept by the last run carries on its candles, as a coin does (`sim-market.ts`): the
 * forming one goes on if this is still its minute and is closed if not; none from this minute
 * on (a clock set back) is kept.
 */
function carryOn(p: Perp, kept: KeptPerp): void {
  const now = p.candle;
  if (!now || !kept.candle) return;
  p.closed = (kept.closed ?? []).filter((k) => k.t < now.t);
  const forming = kept.candle;
  const last = p.closed.at(-1);
  if (forming.t === now.t) p.candle = { ...forming, h: Math.max(forming.h, now.c), l: Math.min(forming.l, now.c), c: now.c };
  else if (forming.t < now.t && (!last || last.t < forming.t)) p.closed.push({ ...forming });
}
