/**
 * Relative Strength Index with Wilder's smoothing, O(1) per value. The first value comes
 * after `period` changes (period + 1 closes), seeded with the simple average of gains and losses.
 */
export class Rsi {
  private prev = NaN;
  private avgGain = 0;
  private avgLoss = 0;
  private seen = 0;

  constructor(readonly period: number) {
    if (!Number.isInteger(period) || period < 1) throw new RangeError(`RSI period must be a whole number of at least 1 (got ${period})`);
  }

  update(close: number): number {
    if (Number.isNaN(this.prev)) {
      this.prev = close;
      return NaN;
    }
    const change = close - this.prev;
    this.prev = close;
    const gain = change > 0 ? change : 0;
    const loss = change < 0 ? -change : 0;
    this.seen++;
    if (this.seen <= this.period) {
      this.avgGain += gain / this.period;
      this.avgLoss += loss / this.period;
      if (this.seen < this.period) return NaN;
    } else {
      this.avgGain = (this.avgGain * (this.period - 1) + gain) / this.period;
      this.avgLoss = (this.avgLoss * (this.period - 1) + loss) / this.period;
    }
    if (this.avgLoss === 0) return this.avgGain === 0 ? 50 : 100;
    return 100 - 100 / (1 + this.avgGain / this.avgLoss);
  }
}
