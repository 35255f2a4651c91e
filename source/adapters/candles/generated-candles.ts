import type { CandleSeries } from '../../domain/index.js';
import { emptySeries } from '../../domain/index.js';
import { createRng } from '../simulated/prng.js';

/** Seeded geometric random walk candles: for `sim` backtests and benchmarks. */
export function generateCandles(n: number, options: { seed?: number; start?: number; timeframeMs?: number; price?: number; vol?: number } = {}): CandleSeries {
  const rng = createRng(options.seed ?? 1);
  const tf = options.timeframeMs ?? 60_000;
  const sigma = (options.vol ?? 0.6) * Math.sqrt(tf / (365 * 86_400_000));
  const s = emptySeries(n);
  let price = options.price ?? 95_000;
  let t = options.start ?? Date.UTC(2024, 0, 1);
  for (let i = 0; i < n; i++) {
    const open = price;
    price = open * Math.exp(sigma * rng.normal());
    const wick = sigma * 0.5;
    s.t[i] = t;
    s.o[i] = open;
    s.c[i] = price;
    s.h[i] = Math.max(open, price) * (1 + wick * rng.next());
    s.l[i] = Math.min(open, price) * (1 - wick * rng.next());
    s.v[i] = 1 + 10 * rng.next();
    t += tf;
  }
  return s;
}
