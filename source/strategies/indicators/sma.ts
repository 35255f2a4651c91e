/**
 * Simple moving average, O(1) per value: a ring buffer and a running sum (re-summed every
 * `period * 64` updates so floating error cannot drift over millions of candles).
 */
export class Sma {
  private readonly ring: Float64Array;
  // NaN first (set in the constructor), so the engine keeps it as a double from the start: a
  // field that turns from a whole number into a fraction changes the object's shape, which throws
  // away the optimised code that read it.
  private sum = NaN;
  private count = 0;
  private index = 0;
  private sinceResum = 0;
  private readonly resumEvery: number;

  constructor(readonly period: number) {
    if (!Number.isInteger(period) || period < 1) throw new RangeError(`SMA period must be a whole number of at least 1 (got ${period})`);
    this.ring = new Float64Array(period);
    this.resumEvery = period * 64;
    this.sum = 0;
  }

  /** Adds a value; returns the average once `period` values have been seen, else NaN. */
  update(value: number): number {
    const i = this.index;
    // While the ring fills, the value it replaces is its initial +0: value - 0 is value exactly.
    const old = this.ring[i];
    this.ring[i] = value;
    this.index = i + 1 === this.period ? 0 : i + 1;
    this.sum += value - old;
    if (this.count < this.period) {
      if (++this.count < this.period) return NaN;
    } else if (++this.sinceResum >= this.resumEvery) this.resum();
    return this.sum / this.period;
  }

  get value(): number {
    return this.count === this.period ? this.sum / this.period : NaN;
  }

  private resum(): void {
    this.sinceResum = 0;
    let s = 0;
    for (let i = 0; i < this.period; i++) s += this.ring[i];
    this.sum = s;
  }
}
