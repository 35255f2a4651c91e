import type { State } from '../source/store/index.js';
import type { Check } from './invariants.js';

/*
 * Trailing stops' invariants (see sim/invariants.ts for the shape). That one is set off at
 * most once is `stopTriggeredOnce`, and that it never fills beyond its quantity `filledWithinQuantity`.
 */

const EPS = 1e-9;

/**
 * The trigger only ratchets in the trader's favour: a sell's never goes down, a buy's never up,
 * from one check to the next within a process (a new process trails again from the trigger as
 * placed: the moves are the venue's memory, not the ledger's, so `reset` on every restart), and
 * never past the trigger as placed. And a trailing stop trades only once set off.
 */
export class TrailWatch {
  private readonly seen = new Map<string, number>();

  /** A new process: the venue trails again from each order's trigger as placed. */
  reset(): void {
    this.seen.clear();
  }

  check(state: State): Check {
    for (const o of Object.values(state.ledger.orders)) {
      if (!o.trailing || o.stopPrice === undefined) continue;
      if (o.filledQty > 0 && o.triggeredAt === undefined) return `trailing stop ${o.id} traded ${o.filledQty} before it was set off`;
      const point = state.runtime.trails?.[o.id];
      if (!point) continue;
      const sell = o.side === 'sell';
      const worse = (a: number, b: number) => (sell ? a < b - EPS : a > b + EPS);
      if (worse(point.trigger, o.stopPrice)) return `trailing ${o.side} ${o.id}: trigger ${point.trigger} is past its trigger as placed ${o.stopPrice}, against the trader`;
      const before = this.seen.get(o.id);
      if (before !== undefined && worse(point.trigger, before)) return `trailing ${o.side} ${o.id}: trigger moved from ${before} to ${point.trigger}, against the trader`;
      if (sell ? point.trigger > point.best + EPS : point.trigger < point.best - EPS) return `trailing ${o.side} ${o.id}: trigger ${point.trigger} is on the wrong side of its best price ${point.best}`;
      this.seen.set(o.id, point.trigger);
    }
    return undefined;
  }
}
