/** Candle history of the simulated market: drawn forwards to meet a price, or walked backwards from one. */
import type { Candle } from '../../domain/index.js';
import { floorToStep, roundToStep } from '../../domain/index.js';
import type { Rng } from './prng.js';
import type { SimAsset } from './sim-assets.js';

const YEAR_MS = 365 * 24 * 3_600_000;
const MINUTE = 60_000;

/**
 * `minutes` closed 1m candles before `until` (its time and open), at the coin's volatility,
 * drawn from the market's own generator (so the market that follows depends on them).
 */
export function drawHistory(asset: SimAsset, rng: Rng, minutes: number, until: { readonly t: number; readonly o: number }): Candle[] {
  const out: Candle[] = [];
  const sigma = asset.vol * Math.sqrt(MINUTE / YEAR_MS);
  const rets = new Float64Array(minutes);
  let cum = 0;
  for (let i = 0; i < minutes; i++) {
    rets[i] = sigma * rng.normal();
    cum += rets[i];
  }
  let logp = Math.log(until.o) - cum;
  let prev = Math.exp(logp);
  for (let i = 0; i < minutes; i++) {
    logp += rets[i];
    const close = Math.exp(logp);
    const wick = sigma * 0.5;
    const candle: Candle = {
      t: until.t - (minutes - i) * MINUTE,
      o: roundToStep(prev, asset.tickSize),
      h: roundToStep(Math.max(prev, close) * (1 + wick * Math.abs(rng.normal())), asset.tickSize),
      l: roundToStep(Math.min(prev, close) * (1 - wick * Math.abs(rng.normal())), asset.tickSize),
      c: roundToStep(close, asset.tickSize),
      v: floorToStep((asset.volume24h / 1440) * (0.5 + rng.next()), asset.lotSize),
    };
    out.push(candle);
    prev = close;
  }
  return out;
}

/**
 * `limit` closed candles of `tfMs` before `until` (a time and the open there), walked backwards
 * at the coin's volatility by `rng`: a generator of the caller's own, so that asking for history
 * never changes the market that follows.
 */
export function walkBack(asset: SimAsset, tfMs: number, limit: number, until: { readonly t: number; readonly price: number }, rng: Rng): Candle[] {
  const sigma = asset.vol * Math.sqrt(tfMs / YEAR_MS);
  const out: Candle[] = [];
  let close = until.price;
  let t = Math.floor(until.t / tfMs) * tfMs;
  for (let i = 0; i < limit; i++) {
    t -= tfMs;
    const open = close * Math.exp(-sigma * rng.normal());
    const wick = sigma * 0.5;
    out.push({
      t,
      o: roundToStep(open, asset.tickSize),
      h: roundToStep(Math.max(open, close) * (1 + wick * Math.abs(rng.normal())), asset.tickSize),
      l: roundToStep(Math.min(open, close) * (1 - wick * Math.abs(rng.normal())), asset.tickSize),
      c: roundToStep(close, asset.tickSize),
      v: floorToStep((asset.volume24h / (86_400_000 / tfMs)) * (0.5 + rng.next()), asset.lotSize),
    });
    close = open;
  }
  return out.reverse();
}

/** Prices a drawn candle must not reach: the nearest resting order below the price and above it. */
export interface PriceBand {
  readonly below?: number;
  readonly above?: number;
}

/**
 * The closed 1m candles of a gap in the market's history (atapi was stopped): those between
 * `from` (the last candle kept: its time and close) and `to` (the minute the market goes on in:
 * its time and open), at most the last `count` of them. A Brownian bridge at the coin's
 * volatility pinned at both prices, so the chart and a strategy's indicators run on without a
 * join and the market goes on from where it was; a simulation's drawing, not what happened. Its
 * moves are shrunk until no candle reaches a price of `band` (a resting order's): nothing would
 * have filled, so nothing shows that it could have. `rng` is the caller's own, so the gap's
 * drawing does not change the market that follows.
 */
export function bridgeGap(asset: SimAsset, rng: Rng, from: { readonly t: number; readonly price: number }, to: { readonly t: number; readonly price: number }, count: number, band: PriceBand = {}): Candle[] {
  const n = Math.round((to.t - from.t) / MINUTE) - 1;
  const m = Math.min(n, count);
  if (m <= 0 || !(from.price > 0) || !(to.price > 0)) return [];
  const s = asset.vol * Math.sqrt(MINUTE / YEAR_MS);
  const x0 = Math.log(from.price);
  const xn = Math.log(to.price);
  const line = (i: number): number => x0 + ((xn - x0) * i) / n;
  // The bridge's points n-m .. n (the first drawn where a longer gap is already under way).
  const k = n - m;
  const dev = new Float64Array(m + 1);
  let x = k === 0 ? x0 : line(k) + s * Math.sqrt((k * (n - k)) / n) * rng.normal();
  dev[0] = x - line(k);
  for (let i = k; i < n; i++) {
    const r = n - i;
    x = r === 1 ? xn : x + (xn - x) / r + s * Math.sqrt((r - 1) / r) * rng.normal();
    dev[i - k + 1] = x - line(i + 1);
  }
  const wicks = Array.from({ length: m }, () => [Math.abs(rng.normal()), Math.abs(rng.normal()), 0.5 + rng.next()] as const);
  const build = (scale: number): Candle[] => wicks.map(([up, down, vol], j) => {
    const o = Math.exp(line(k + j) + scale * dev[j]);
    const c = Math.exp(line(k + j + 1) + scale * dev[j + 1]);
    return {
      t: to.t - (m - j) * MINUTE,
      o: roundToStep(o, asset.tickSize),
      h: roundToStep(Math.max(o, c) * (1 + scale * s * 0.5 * up), asset.tickSize),
      l: roundToStep(Math.min(o, c) * (1 - scale * s * 0.5 * down), asset.tickSize),
      c: roundToStep(c, asset.tickSize),
      v: floorToStep((asset.volume24h / 1440) * vol, asset.lotSize),
    };
  });
  const inside = (candles: readonly Candle[]): boolean => candles.every((c) => (band.below === undefined || c.l > band.below) && (band.above === undefined || c.h < band.above));
  const full = build(1);
  if (inside(full)) return full;
  // The largest shrink of the moves that stays inside (a straight line at worst).
  let lo = 0;
  let hi = 1;
  for (let i = 0; i < 20; i++) {
    const mid = (lo + hi) / 2;
    if (inside(build(mid))) lo = mid;
    else hi = mid;
  }
  return build(lo);
}
