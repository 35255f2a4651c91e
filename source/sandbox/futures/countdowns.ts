/**
 * `POST /fapi/v1/countdownCancelAll`: per account and symbol, a deadline after which every open
 * order of the symbol is cancelled, unless the countdown is renewed (or set to 0) first.
 */
export class Countdowns {
  private readonly deadlines = new Map<string, { key: string; symbol: string; at: number }>();

  /** Sets (or with 0 ms ends) the countdown of `key` on `symbol`. */
  set(key: string, symbol: string, countdownMs: number, now: number): void {
    const id = `${key}\u0000${symbol}`;
    if (countdownMs === 0) this.deadlines.delete(id);
    else this.deadlines.set(id, { key, symbol, at: now + countdownMs });
  }

  /** The countdowns that ran out by `now`, removed: their orders are to be cancelled. */
  due(now: number): { key: string; symbol: string }[] {
    const out: { key: string; symbol: string }[] = [];
    for (const [id, d] of this.deadlines) {
      if (d.at > now) continue;
      this.deadlines.delete(id);
      out.push({ key: d.key, symbol: d.symbol });
    }
    return out;
  }
}
