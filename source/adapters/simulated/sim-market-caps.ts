import { createRng } from './prng.js';
import { SIM_ASSETS } from './sim-assets.js';

const DAY = 86_400_000;

export function hasSimulatedSupply(base: string): boolean {
  return SIM_ASSETS.some((a) => a.base === base);
}

export function simulatedSupply(base: string): number {
  return SIM_ASSETS.find((a) => a.base === base)?.supply ?? NaN;
}

export function simulatedBases(): string[] {
  return SIM_ASSETS.map((a) => a.base);
}

/**
 * Daily market caps for `days` days ending today (UTC): a seeded random walk at the coin's
 * volatility ending at `endPrice` (the simulated market's live price; by default the coin's
 * reference price), times its fixed simulated supply.
 */
export function simulatedCapSeries(base: string, days: number, seed: number, now: number, endPrice?: number): [number, number][] {
  const asset = SIM_ASSETS.find((a) => a.base === base);
  if (!asset) return [];
  let h = seed;
  for (const ch of base) h = (Math.imul(h, 31) + ch.charCodeAt(0)) >>> 0;
  const rng = createRng(h);
  const sigma = asset.vol / Math.sqrt(365);
  const today = Math.floor(now / DAY) * DAY;
  const out: [number, number][] = new Array(days);
  let price = endPrice ?? asset.price;
  for (let i = days - 1; i >= 0; i--) {
    out[i] = [today - (days - 1 - i) * DAY, price * asset.supply];
    price = price * Math.exp(-sigma * rng.normal());
  }
  return out;
}
