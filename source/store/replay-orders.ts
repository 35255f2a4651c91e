import type { Order } from '../domain/index.js';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

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
    const o = this.map.get(id);
    this.map.delete(id);
    if (o && !this.isBase(o)) dropStrings(o as Mutable<Order>);
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

/**
 * Lets go of what a retired order of the replay points to. The order itself is garbage once out
 * of the Map (a replay owns its events: nothing else holds it), but V8 makes orders straight in
 * the old generation once it has seen them outlive collections, and a dead old object is found
 * dead only by a full collection: until then each young collection kept alive, copied and
 * promoted the strings and trade-id lists of every order retired since the last full one (its
 * client and exchange ids, reason, trade ids), most of a replay's surviving bytes.
 */
function dropStrings(o: Mutable<Order>): void {
  o.clientOrderId = '';
  if (o.exchangeOrderId !== undefined) o.exchangeOrderId = '';
  if (o.reason !== undefined) o.reason = '';
  if (o.tradeIds !== undefined) o.tradeIds = EMPTY;
}
const EMPTY: readonly string[] = [];
