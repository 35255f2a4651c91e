import fs from 'node:fs';
import path from 'node:path';
import type { Candle } from '../../domain/index.js';
import type { PremiumAverage } from '../../engine/funding.js';
import { isKeptDay, type DayHour } from './rolling-day.js';

/**
 * What the simulated exchange keeps in its directory (the sim ledger's), so that one data
 * directory is one simulated market: every one-shot, shell and app session on it starts the
 * same coins at the same prices with the same 24h figures, and `marketcap --now` ranks them;
 * a daemon stopped or killed and started again goes on from where its market was, candles and all.
 */
const SEED_FILE = 'sim-seed';
const PRICES_FILE = 'sim-market.json';

/** The market's seed: the one kept in `dir`, or a fresh one (`fresh()`) kept there from now on. */
export function simSeed(dir: string, fresh: () => number): number {
  const file = path.join(dir, SEED_FILE);
  const kept = readSeed(file);
  if (kept !== undefined) return kept;
  const seed = fresh();
  try {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    // `wx`: two first uses at once keep the first seed written; the loser reads it back.
    fs.writeFileSync(file, `${seed}\n`, { mode: 0o600, flag: 'wx' });
  } catch {
    /* unwritable, or written by another process just now: what is there wins, else this run's */
  }
  return readSeed(file) ?? seed;
}

function readSeed(file: string): number | undefined {
  try {
    const n = Number(fs.readFileSync(file, 'utf8').trim());
    return Number.isInteger(n) && n >= 0 && n <= 2 ** 31 ? n : undefined;
  } catch {
    return undefined;
  }
}

/** The file the market is kept in, to resume from. */
export function simPricesFile(dir: string): string {
  return path.join(dir, PRICES_FILE);
}

/**
 * The file a further simulated venue of a session (`--venues sim,sim2`: sim2) keeps its own
 * market in: its candles, 24h figures and wander, beside the path the first venue keeps.
 */
export function simVenueFile(dir: string, venue: string): string {
  return path.join(dir, `sim-market.${venue}.json`);
}

/**
 * What a further venue goes on from: the path, seed and time of the first venue's file
 * (`path`: every venue of one seed draws the same moves from there), and its own coins from
 * `own` when that file was kept on the same seed.
 */
export function followMarket(pathFile: string, own: string): KeptMarket {
  const shared = readMarket(pathFile);
  const mine = readMarket(own);
  if (shared.seed === undefined || mine.seed !== shared.seed) return { prices: shared.prices, ...(shared.seed === undefined ? {} : { seed: shared.seed }), ...(shared.at === undefined ? {} : { at: shared.at }) };
  return { ...shared, coins: mine.coins ?? {}, perps: mine.perps ?? {} };
}

/** One coin's market as it stood when kept: what the next run carries on from. */
export interface KeptCoin {
  /** This venue's wander from the shared path (a second venue's skew). */
  readonly drift: number;
  readonly open24h: number;
  readonly high24h: number;
  readonly low24h: number;
  readonly volume24h: number;
  /** The 1m candle that was forming. */
  readonly candle: Candle;
  /** The last closed 1m candles, oldest first. */
  readonly closed: readonly Candle[];
  /** Its last 24 hours by the hour (`rolling-day.ts`; a file of an older atapi has only the totals above). */
  readonly hours?: readonly DayHour[];
}

/** A perpetual as it stood: its basis to the spot price, open interest and 24h figures. */
export interface KeptPerp {
  readonly basis: number;
  readonly openInterest: number;
  readonly open24h: number;
  readonly high24h: number;
  readonly low24h: number;
  readonly volume24h: number;
  /** The 1m candle of its price that was forming (a file of an older atapi has none). */
  readonly candle?: Candle;
  /** Its last closed 1m candles, oldest first. */
  readonly closed?: readonly Candle[];
  /** The funding interval's premiums so far (a file of an older atapi has none: the average starts afresh). */
  readonly premium?: PremiumAverage;
}

/**
 * The simulated market as it stood: the shared path's last prices (all a file of an older
 * atapi holds) and, for the venue that kept it, the seed that drew it with each coin's 24h
 * figures and recent candles, and its perpetuals.
 */
export interface KeptMarket {
  readonly prices: Readonly<Record<string, number>>;
  readonly seed?: number;
  /** The market's clock when it was kept (ms). */
  readonly at?: number;
  readonly coins?: Readonly<Record<string, KeptCoin>>;
  readonly perps?: Readonly<Record<string, KeptPerp>>;
}

export const NO_KEPT_MARKET: KeptMarket = { prices: {} };

type CandleRow = [number, number, number, number, number, number];

/** What is kept (nothing when there is no file or it is unreadable; a coin that does not check out is left out). */
export function readMarket(file: string | undefined): KeptMarket {
  if (!file) return NO_KEPT_MARKET;
  try {
    const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as { prices?: Record<string, unknown>; seed?: unknown; at?: unknown; coins?: Record<string, unknown>; perps?: Record<string, unknown> };
    const prices = Object.fromEntries(Object.entries(parsed.prices ?? {}).filter((e): e is [string, number] => positive(e[1])));
    // Without the seed that drew them (an older atapi's file) the prices are all there is.
    if (!Number.isInteger(parsed.seed)) return { prices };
    const coins = Object.fromEntries(Object.entries(parsed.coins ?? {}).flatMap(([symbol, c]) => {
      const coin = keptCoin(c);
      return coin && prices[symbol] !== undefined ? [[symbol, coin] as const] : [];
    }));
    const perps = Object.fromEntries(Object.entries(parsed.perps ?? {}).flatMap(([symbol, p]) => {
      const perp = keptPerp(p);
      return perp ? [[symbol, perp] as const] : [];
    }));
    return { prices, seed: parsed.seed as number, ...(Number.isInteger(parsed.at) ? { at: parsed.at as number } : {}), coins, perps };
  } catch {
    return NO_KEPT_MARKET;
  }
}

/**
 * Keeps the market in `file`, replacing what was there whole (written beside it, then renamed):
 * a process killed while writing leaves the last one readable.
 */
export function writeMarket(file: string, market: KeptMarket): void {
  const coins = Object.fromEntries(Object.entries(market.coins ?? {}).map(([symbol, c]) => [symbol, { ...c, candle: candleRow(c.candle), closed: c.closed.map(candleRow) }]));
  const perps = market.perps && Object.fromEntries(Object.entries(market.perps).map(([symbol, p]) => [symbol, { ...p, ...(p.candle ? { candle: candleRow(p.candle) } : {}), ...(p.closed ? { closed: p.closed.map(candleRow) } : {}) }]));
  const tmp = `${file}.tmp`;
  try {
    fs.writeFileSync(tmp, JSON.stringify({ prices: market.prices, seed: market.seed, at: market.at, coins, perps }), { mode: 0o600 });
    fs.renameSync(tmp, file);
  } catch {
    /* losing the resume point only means the next run starts at fresh prices */
  }
}

function keptCoin(raw: unknown): KeptCoin | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const c = raw as Record<string, unknown>;
  const candles = keptCandles(c);
  if (!candles || !Number.isFinite(c.drift) || !has24h(c)) return undefined;
  // Hours that do not check out: the totals alone, as an older atapi's file has.
  const hours = isKeptDay(c.hours) ? { hours: c.hours } : {};
  return { drift: c.drift as number, open24h: c.open24h as number, high24h: c.high24h as number, low24h: c.low24h as number, volume24h: c.volume24h as number, ...candles, ...hours };
}

function keptPerp(raw: unknown): KeptPerp | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const p = raw as Record<string, unknown>;
  if (!Number.isFinite(p.basis) || !positive(p.openInterest) || !has24h(p)) return undefined;
  const perp = { basis: p.basis as number, openInterest: p.openInterest as number, open24h: p.open24h as number, high24h: p.high24h as number, low24h: p.low24h as number, volume24h: p.volume24h as number };
  // Candles that do not check out (or a file from before they were kept): the figures alone.
  const candles = p.candle === undefined ? undefined : keptCandles(p);
  const premium = keptPremium(p.premium);
  return { ...perp, ...(candles ?? {}), ...(premium ? { premium } : {}) };
}

/** A funding interval's premium average as kept, or undefined if it does not check out. */
function keptPremium(raw: unknown): PremiumAverage | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const a = raw as Record<string, unknown>;
  const ok = Number.isInteger(a.interval) && Number.isInteger(a.minute) && (a.minute as number) >= 0 && Number.isInteger(a.minuteCount) && (a.minuteCount as number) > 0
    && Number.isFinite(a.minuteSum) && Number.isFinite(a.weighted) && nonNegative(a.weights);
  return ok ? { interval: a.interval as number, minute: a.minute as number, minuteSum: a.minuteSum as number, minuteCount: a.minuteCount as number, weighted: a.weighted as number, weights: a.weights as number } : undefined;
}

/** A forming candle and the closed ones before it, in time order; undefined if any does not check out. */
function keptCandles(r: Readonly<Record<string, unknown>>): { candle: Candle; closed: Candle[] } | undefined {
  const candle = candleOf(r.candle);
  const closed = Array.isArray(r.closed) ? r.closed.map(candleOf) : [];
  if (!candle || closed.some((k) => k === undefined)) return undefined;
  const inOrder = (closed as Candle[]).every((k, i, all) => i === 0 || all[i - 1].t < k.t);
  return inOrder ? { candle, closed: closed as Candle[] } : undefined;
}

function candleRow(k: Candle): CandleRow {
  return [k.t, k.o, k.h, k.l, k.c, k.v];
}

function candleOf(raw: unknown): Candle | undefined {
  if (!Array.isArray(raw) || raw.length !== 6 || !Number.isInteger(raw[0]) || !raw.slice(1, 5).every(positive) || !nonNegative(raw[5])) return undefined;
  const [t, o, h, l, c, v] = raw as CandleRow;
  return { t, o, h, l, c, v };
}

/** 24h figures that check out: prices above 0, a volume not below. */
function has24h(r: Readonly<Record<string, unknown>>): boolean {
  return [r.open24h, r.high24h, r.low24h].every(positive) && nonNegative(r.volume24h);
}

function positive(n: unknown): n is number {
  return typeof n === 'number' && Number.isFinite(n) && n > 0;
}

function nonNegative(n: unknown): n is number {
  return typeof n === 'number' && Number.isFinite(n) && n >= 0;
}
