import type { DomainEvent, Order, TrailPoint } from '../../domain/index.js';
import { stopTriggered } from '../../domain/index.js';
import { trailResume, trailStep, type TrailState } from '../../engine/trailing-stop.js';

/**
 * The simulated exchange's trailing stops: where each one's best price and trigger stand.
 * Kept apart from the matching engine, which asks it only whether a price fires a stop. The
 * rule is the engine's (engine/trailing-stop.ts), the one paper, backtest and sandbox share.
 */
export class TrailingBook {
  private readonly trails = new Map<string, TrailState>();

  /**
   * Starts trailing an armed trailing stop from its terms and its trigger as placed (after a
   * restart too: the moves since were not recorded, so it trails again from there).
   */
  add(order: Order): void {
    if (order.trailing === undefined || order.stopPrice === undefined) return;
    this.trails.set(order.id, trailResume(order.side, order.trailing, order.stopPrice));
  }

  has(id: string): boolean {
    return this.trails.has(id);
  }

  /** The trigger where it fires now (the order's own stop price if it is not trailed here). */
  trigger(order: Order): number | undefined {
    return this.trails.get(order.id)?.trigger ?? order.stopPrice;
  }

  /**
   * Moves the stop with a trade at `price`: whether it fires, and its new point when a new best
   * moved the trigger (only then: a price that sets no new best says nothing).
   */
  step(order: Order, price: number, now: number): { readonly fired: boolean; readonly point?: TrailPoint } {
    const state = this.trails.get(order.id);
    if (!state || !order.trailing) return { fired: false };
    const next = trailStep(order.side, order.trailing, state, price);
    this.trails.set(order.id, next.state);
    const point = next.moved && next.state.best !== undefined ? { id: order.id, best: next.state.best, trigger: next.state.trigger, ts: now } : undefined;
    return point ? { fired: next.fired, point } : { fired: next.fired };
  }

  /**
   * Whether a trade at `last` sets a stop off, the one rule for every stop the simulated
   * exchange holds: its own trigger, or a trailing stop's after it moved (the move, on a new
   * best only, goes to `out` for the read model; never to the ledger).
   */
  fires(order: Order, last: number, now: number, out: DomainEvent[]): boolean {
    if (order.trailing === undefined) return stopTriggered(order, last);
    const step = this.step(order, last, now);
    if (step.point) out.push({ type: 'runtime/trail', data: step.point });
    return step.fired;
  }

  delete(id: string): void {
    this.trails.delete(id);
  }
}
