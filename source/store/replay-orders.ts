import type { Order } from '../domain/index.js';

/**
 * A replay's orders, by id, in a Map: an order id used as an object's key is put in V8's
 * table of unique strings on every store and lookup (each id read from the log is a new
 * string), which was the hottest part of folding orders in a cold start. The state's object
 * is made from the Map once, when the replay finishes (`toRecord`). Only a replay's draft
 * uses it: a live batch touches a few orders and would pay for a Map in every batch.
 */
export class ReplayOrders {
  private readonly map = new Map<string, Order>();
  /** The orders the replay started from: shared with the state handed in, never changed in place. */
  private readonly base: ReadonlySet<Order>;
  /** Whether there are any (a full replay starts from none: then `isBase` looks nothing up). */
  private readonly hasBase: boolean;

  constructor(base: Readonly<Record<string, Order>>) {
    for (const id of Object.keys(base)) this.map.set(id, base[id]);
    this.base = new Set(this.map.values());
    this.hasBase = this.base.size > 0;
  }

  get(id: string): Order | undefined {
    return this.map.get(id);
  }

  set(o: Order): void {
    this.map.set(o.id, o);
  }

  delete(id: string): void {
    this.map.delete(id);
  }

  /** Whether `o` came from the state the replay started from. */
  isBase(o: Order): boolean {
    return this.hasBase && this.base.has(o);
  }

  /** The orders as the state keeps them: data properties in the Map's order, as a spread of a snapshot's orders makes them. */
  toRecord(): Record<string, Order> {
    return Object.fromEntries(this.map);
  }
}
