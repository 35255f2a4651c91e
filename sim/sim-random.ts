import { createRng, type Rng } from '../source/adapters/simulated/prng.js';

/**
 * One seeded stream with the helpers the simulator needs. Each concern (market, workload,
 * faults, exchange) gets its own stream split from the seed, so a change in how often one of
 * them draws does not reshuffle the others.
 */
export class SimRandom {
  private readonly rng: Rng;

  constructor(seed: number) {
    this.rng = createRng(seed);
  }

  /** A float in [0, 1). */
  next(): number {
    return this.rng.next();
  }

  /** An integer in [lo, hi]. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.rng.next() * (hi - lo + 1));
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return this.rng.next() < p;
  }

  pick<T>(list: readonly T[]): T {
    return list[Math.floor(this.rng.next() * list.length)];
  }

  /** A key chosen with the given relative weights. */
  weighted<K extends string>(weights: Readonly<Record<K, number>>): K {
    const entries = Object.entries(weights) as [K, number][];
    const total = entries.reduce((s, [, w]) => s + w, 0);
    let x = this.rng.next() * total;
    for (const [k, w] of entries) {
      if (x < w) return k;
      x -= w;
    }
    return entries[entries.length - 1][0];
  }

  /** A new independent stream derived from this one. */
  split(): SimRandom {
    return new SimRandom(Math.floor(this.rng.next() * 4294967296));
  }
}
