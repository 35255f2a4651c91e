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
