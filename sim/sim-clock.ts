/**
 * The simulator's time. The world's time (`trueNow`: the exchange's, the market's) only moves
 * forward, in steps; atapi's clock (`now`, handed to the session and its venue adapter) is
 * the world's plus an offset that clock jumps change either way (an NTP correction, a
 * suspended laptop), as a machine's wall clock does while the exchange's stays put.
 * Nothing in a run reads Date.now.
 */
export class SimClock {
  private t: number;
  private skew = 0;

  constructor(start: number) {
    this.t = start;
  }

  /** atapi's wall clock. */
  readonly now = (): number => Math.max(0, this.t + this.skew);

  /** The world's clock: the exchange's and the market's. */
  readonly trueNow = (): number => this.t;

  /** Time passes for everyone. */
  advance(ms: number): void {
    this.t += Math.max(0, Math.round(ms));
  }

  /** atapi's clock jumps; the world's does not. */
  jump(ms: number): void {
    this.skew += Math.round(ms);
  }
}
