/**
 * Simple moving average, O(1) per value: a ring buffer and a running sum (re-summed every
 * `period * 64` updates so floating error cannot drift over millions of candles).
 */
export class Sma {
  private readonly ring: Float64Array;
  private sum = 0;
  private count = 0;
  private index = 0;
  private sinceResum = 0;

  constructor(readonly period: number) {
    if (!Number.isInteger(period) || period < 1) throw new RangeError(`SMA period must be a whole number of at least 1 (got ${period})`);
    this.ring = new Float64Array(period);
  }

  /** Adds a value; returns the average once `period` values have been seen, else NaN. */
  update(value: number): number {
    const old = this.ring[this.index];
    this.ring[this.index] = value;
    this.index = this.index + 1 === this.period ? 0 : this.index + 1;
    if (this.count < this.period) {
      this.count++;
      this.sum += value;
    } else {
      this.sum += value - old;
      if (++this.sinceResum >= this.period * 64) this.resum();
    }
    return this.count === this.period ? this.sum / this.period : NaN;
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
