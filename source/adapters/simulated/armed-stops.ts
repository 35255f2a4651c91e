import type { DomainEvent, Order } from '../../domain/index.js';
import { stopKind } from '../../domain/index.js';
import { TrailingBook } from './trailing-book.js';

/** A stop the last price set off: the order, and the trigger it was set off at. */
export interface FiredStop {
  readonly order: Order;
  readonly at: number;
}

/**
 * What the ledger and the trader are told when the last price `last` sets off a stop whose
 * trigger stood at `at`: the spot and perpetual engines' one wording.
 */
export function triggeredEvents(order: Order, last: number, at: number | undefined, now: number): DomainEvent[] {
  const what = order.type === 'limit' ? `a limit ${order.side} at ${order.price}` : `a market ${order.side}`;
  const kind = order.trailing ? 'trailing' : stopKind(order);
  return [
    { type: 'order/triggered', data: { id: order.id, last, ts: now } },
    { type: 'system/notice', data: { level: 'info', message: `order ${order.id} triggered: last ${last} reached the ${kind} stop ${at ?? order.stopPrice}; now ${what}` } },
  ];
}

/**
 * Stop orders waiting outside the book for their trigger (the simulated exchange's perpetuals;
 * Binance's conditional orders). Whether a price sets one off is the one rule: the stop's own
 * trigger (`stopTriggered`), or for a trailing stop the trailing rule (engine/trailing-stop.ts
 * through TrailingBook), whose trigger moves go to the read model as `runtime/trail`.
 */
export class ArmedStops {
  private readonly stops = new Map<string, Order>();
  private readonly trails = new TrailingBook();

  add(order: Order): void {
    this.stops.set(order.id, order);
    this.trails.add(order);
  }

  get(id: string): Order | undefined {
    return this.stops.get(id);
  }

  delete(id: string): boolean {
    this.trails.delete(id);
    return this.stops.delete(id);
  }

  values(): Order[] {
    return [...this.stops.values()];
  }

  /** The stops on `symbol` a last price of `last` sets off, taken out (each fires once). */
  fire(symbol: string, last: number, now: number, out: DomainEvent[]): FiredStop[] {
    const fired: FiredStop[] = [];
    for (const order of this.stops.values()) {
      if (order.symbol !== symbol) continue;
      if (this.trails.fires(order, last, now, out)) fired.push({ order, at: this.trails.trigger(order) ?? order.stopPrice! });
    }
    for (const f of fired) this.delete(f.order.id);
    return fired;
  }
}
