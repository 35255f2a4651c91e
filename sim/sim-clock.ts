/**
 * The simulator's time: it moves only when the run says so, forwards in steps and, as a fault,
 * in jumps either way (an NTP correction, a suspended laptop). Nothing in a run reads Date.now.
 */
export class SimClock {
  constructor(private t: number) {}

  /** The clock function handed to the session, venues and exchange. */
  readonly now = (): number => this.t;

  advance(ms: number): void {
    this.t = Math.max(0, Math.round(this.t + ms));
  }
}
