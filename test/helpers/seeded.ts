/**
 * A small seeded generator (mulberry32) for tests whose choices must replay from a seed: the
 * disk's tears, the fuzzers' faults. The same numbers as the simulated market's `createRng`
 * for every seed but 0, which this one takes as it is.
 */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
