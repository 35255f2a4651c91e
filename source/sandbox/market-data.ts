import type { Candle } from '../domain/index.js';
import { createRng } from '../adapters/simulated/prng.js';
import { SIM_ASSETS } from '../adapters/simulated/sim-assets.js';
import { walkBack } from '../adapters/simulated/sim-history.js';
import { fixed } from './binance-format.js';
import { BinanceError } from './signing.js';

const MINUTE = 60_000;
const DAY = 86_400_000;
/** 1m history kept per symbol: 30 days, so daily and weekly charts have bars too. */
export const HISTORY_MINUTES = 30 * 1440;
const TRADES_KEPT = 5000;

/** Binance's kline intervals (case-sensitive), in ms; `1M` is a calendar month. */
export const INTERVALS: Readonly<Record<string, number>> = {
  '1s': 1000, '1m': MINUTE, '3m': 3 * MINUTE, '5m': 5 * MINUTE, '15m': 15 * MINUTE, '30m': 30 * MINUTE,
  '1h': 60 * MINUTE, '2h': 120 * MINUTE, '4h': 240 * MINUTE, '6h': 360 * MINUTE, '8h': 480 * MINUTE, '12h': 720 * MINUTE,
  '1d': DAY, '3d': 3 * DAY, '1w': 7 * DAY, '1M': 30 * DAY,
};

export function checkInterval(interval: string | null): string {
  if (interval === null || interval === '') throw new BinanceError(400, -1102, "Mandatory parameter 'interval' was not sent, was empty/null, or malformed.");
  if (!(interval in INTERVALS)) throw new BinanceError(400, -1120, 'Invalid interval.');
  return interval;
}

/** The open time of the bar holding `t`: UTC-aligned, weeks from Monday, months by the calendar. */
export function barStart(t: number, interval: string): number {
  if (interval === '1M') {
    const d = new Date(t);
    return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
  }
  const ms = INTERVALS[interval];
  // 1970-01-01 was a Thursday: Binance's weeks start on Monday, four days later.
  const offset = interval === '1w' ? 4 * DAY : 0;
  return Math.floor((t - offset) / ms) * ms + offset;
}

export function barEnd(start: number, interval: string): number {
  if (interval === '1M') {
    const d = new Date(start);
    return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1) - 1;
  }
  return start + INTERVALS[interval] - 1;
}

export interface PublicTradeRecord {
  readonly id: number;
  readonly price: number;
  readonly qty: number;
  readonly time: number;
  readonly buyerMaker: boolean;
}

interface Bar {
  t: number;
  o: number;
  h: number;
  l: number;
  c: number;
  v: number;
  q: number;
  n: number;
}

/** Folds one candle or trade into the bar starting at `t`: the last one if it is that bar, else a new one. */
function addToBar(out: Bar[], t: number, o: number, h: number, l: number, c: number, v: number): void {
  const last = out[out.length - 1];
  if (last && last.t === t) {
    last.h = Math.max(last.h, h);
    last.l = Math.min(last.l, l);
    last.c = c;
    last.v += v;
    last.q += v * c;
    last.n += 1;
  } else out.push({ t, o, h, l, c, v, q: v * c, n: 1 });
}

/**
 * What the sandbox remembers of the public market per symbol: 1m candles (with a month of
 * deterministic history before the market's own backfill) and the last public trades with ids.
 * Klines of any interval are aggregated from these as Binance would serve them.
 */
export class MarketData {
  private readonly candles = new Map<string, Candle[]>();
  private readonly trades = new Map<string, PublicTradeRecord[]>();
  private readonly counts = new Map<string, number>();
  private nextTradeId = 1;

  constructor(private readonly seed: number) {}

  /** Symbols whose month of older history has been drawn (lazily: most sandboxes never ask). */
  private readonly withHistory = new Set<string>();

  /** Adds or updates a 1m candle. */
  candle(symbol: string, c: Candle): void {
    let list = this.candles.get(symbol);
    if (!list) {
      list = [];
      this.candles.set(symbol, list);
    }
    const last = list[list.length - 1];
    if (last && last.t === c.t) list[list.length - 1] = c;
    else if (!last || c.t > last.t) list.push(c);
    if (list.length > HISTORY_MINUTES + 1440) list.splice(0, list.length - HISTORY_MINUTES);
  }

  /** Records a public trade; `id` given when the trade's id comes from elsewhere (the spot exchange's one sequence). */
  trade(symbol: string, price: number, qty: number, time: number, buyerMaker: boolean, id = this.nextTradeId++): PublicTradeRecord {
    const t = { id, price, qty, time, buyerMaker };
    const list = this.trades.get(symbol) ?? [];
    list.push(t);
    if (list.length > TRADES_KEPT) list.shift();
    this.trades.set(symbol, list);
    this.counts.set(symbol, (this.counts.get(symbol) ?? 0) + 1);
    return t;
  }

  lastTrade(symbol: string): PublicTradeRecord | undefined {
    const list = this.trades.get(symbol);
    return list?.[list.length - 1];
  }

  tradeCount(symbol: string): number {
    return this.counts.get(symbol) ?? 0;
  }

  recentTrades(symbol: string, limit: number, fromId?: number): PublicTradeRecord[] {
    const list = this.trades.get(symbol) ?? [];
    if (fromId === undefined) return list.slice(-limit);
    return list.filter((t) => t.id >= fromId).slice(0, limit);
  }

  /** The first and last trade id within [start, end], among the trades kept; [-1, -1] when none is. */
  tradeIdRange(symbol: string, start: number, end: number): [number, number] {
    const list = this.trades.get(symbol) ?? [];
    let first = -1;
    let last = -1;
    // Newest first: a live bar's trades are at the end, so most calls stop early.
    for (let i = list.length - 1; i >= 0 && list[i].time >= start; i--) {
      if (list[i].time > end) continue;
      if (last === -1) last = list[i].id;
      first = list[i].id;
    }
    return [first, last];
  }

  /** Trades in a window: from `startTime` on, or the newest up to `endTime`. */
  tradesBetween(symbol: string, limit: number, startTime?: number, endTime?: number): PublicTradeRecord[] {
    const inside = (this.trades.get(symbol) ?? []).filter((t) => (startTime === undefined || t.time >= startTime) && (endTime === undefined || t.time <= endTime));
    return startTime !== undefined ? inside.slice(0, limit) : inside.slice(-limit);
  }

  /** Five-minute average of closes, as `avgPrice` reports it. */
  avgPrice(symbol: string): { mins: number; price: string; closeTime: number } {
    const list = this.candles.get(symbol) ?? [];
    const last = list.slice(-5);
    const price = last.length ? last.reduce((s, c) => s + c.c, 0) / last.length : 0;
    return { mins: 5, price: fixed(price), closeTime: this.lastTrade(symbol)?.time ?? list[list.length - 1]?.t ?? 0 };
  }

  /** The newest `limit` 1m klines the market itself produced (no drawn history): cheap, for in-process callers. */
  recentMinuteKlines(symbol: string, limit: number): unknown[] {
    return (this.candles.get(symbol) ?? []).slice(-limit).map((c) => [c.t, fixed(c.o), fixed(c.h), fixed(c.l), fixed(c.c), fixed(c.v), c.t + MINUTE - 1, fixed(c.v * c.c), 1, fixed(c.v / 2), fixed((c.v * c.c) / 2), '0']);
  }

  /**
   * Klines as Binance serves them: with `startTime`, the first `limit` bars opening at or after it;
   * otherwise the last `limit` bars opening at or before `endTime` (or now).
   */
  klines(symbol: string, interval: string, limit: number, startTime?: number, endTime?: number): unknown[] {
    const bars = interval === '1s' ? this.secondBars(symbol) : this.bars(symbol, interval, startTime);
    const inside = bars.filter((b) => (startTime === undefined || b.t >= startTime) && (endTime === undefined || b.t <= endTime));
    const chosen = startTime !== undefined ? inside.slice(0, limit) : inside.slice(-limit);
    return chosen.map((b) => [b.t, fixed(b.o), fixed(b.h), fixed(b.l), fixed(b.c), fixed(b.v), barEnd(b.t, interval), fixed(b.q), b.n, fixed(b.v / 2), fixed(b.q / 2), '0']);
  }

  /** Bars aggregated from 1m candles; from `from` on only, so the live bar is cheap to build. */
  private bars(symbol: string, interval: string, from?: number): Bar[] {
    const out: Bar[] = [];
    const list = this.history(symbol);
    let i = 0;
    if (from !== undefined) {
      // Candles are in time order: find the first one at or after `from` by bisection.
      let lo = 0;
      let hi = list.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (list[mid].t < from) lo = mid + 1;
        else hi = mid;
      }
      i = lo;
    }
    for (; i < list.length; i++) {
      const c = list[i];
      addToBar(out, barStart(c.t, interval), c.o, c.h, c.l, c.c, c.v);
    }
    return out;
  }

  /** The symbol's 1m candles, with the older month drawn in front on first use. */
  private history(symbol: string): Candle[] {
    const list = this.candles.get(symbol) ?? [];
    if (this.withHistory.has(symbol) || list.length === 0) return list;
    this.withHistory.add(symbol);
    const all = olderHistory(symbol, list[0], this.seed).concat(list);
    this.candles.set(symbol, all);
    return all;
  }

  /** 1s bars exist only where the sandbox saw trades (since it started), as on a quiet market. */
  private secondBars(symbol: string): Bar[] {
    const out: Bar[] = [];
    for (const tr of this.trades.get(symbol) ?? []) {
      addToBar(out, Math.floor(tr.time / 1000) * 1000, tr.price, tr.price, tr.price, tr.price, tr.qty);
    }
    return out;
  }
}

/**
 * A month of 1m candles before `first`, drawn backwards from its open with the coin's own
 * volatility. A separate generator keeps the market's seeded path exactly as it was.
 */
function olderHistory(symbol: string, first: Candle, seed: number): Candle[] {
  const base = symbol.split('/')[0];
  const asset = SIM_ASSETS.find((a) => a.base === base);
  if (!asset) return [];
  const rng = createRng((seed * 7919 + base.length * 104729 + base.charCodeAt(0)) >>> 0);
  return walkBack(asset, MINUTE, HISTORY_MINUTES - 120, { t: first.t, price: first.o }, rng);
}
