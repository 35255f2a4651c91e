import type { DomainEvent, Envelope, Order } from '../domain/index.js';
import { applyEvents } from './evolve.js';
import { initialState, MAX_CLOSED_ORDERS } from './state.js';

/**
 * Every order a ledger's order events describe, each as the fold last knew it, in id order.
 * The state keeps only the last MAX_CLOSED_ORDERS closed orders; an export (`orders --csv`)
 * needs them all, so the log's order events are folded again by the same fold, in slices, and
 * the orders each slice touched are collected after it. A slice ends at most a quarter of the
 * cap of orders, and the fold only drops closed orders older than the newest cap-many once it
 * holds a quarter more, so no order leaves the state before it is collected in its final form.
 */
export function everyOrder(events: readonly Envelope[]): Order[] {
  const seen = new Map<string, Order>();
  const touched = new Set<string>();
  let state = initialState();
  let start = 0;
  let ends = 0;
  const fold = (end: number): void => {
    state = applyEvents(state, events.slice(start, end));
    for (const id of touched) {
      const o = state.ledger.orders[id];
      if (o) seen.set(id, o);
    }
    touched.clear();
    start = end;
    ends = 0;
  };
  for (let i = 0; i < events.length; i++) {
    const e = events[i].event;
    const id = orderIdOf(e);
    if (id === undefined) continue;
    touched.add(id);
    if (MAY_END.has(e.type) && ++ends >= SLICE) fold(i + 1);
  }
  fold(events.length);
  return [...seen.values()].sort((a, b) => Number(a.id) - Number(b.id));
}

const SLICE = MAX_CLOSED_ORDERS >> 2;
/** The events that may end an order (the fold then counts it among the closed ones it keeps). */
const MAY_END: ReadonlySet<string> = new Set(['order/filled', 'order/partiallyFilled', 'order/cancelled', 'order/rejected']);

/** The local id of the order an event is about, if it is about one. */
function orderIdOf(e: DomainEvent): string | undefined {
  switch (e.type) {
    case 'order/submitted':
      return e.data.order.id;
    case 'order/filled':
    case 'order/partiallyFilled':
      return e.data.fill.orderId;
    case 'order/accepted':
    case 'order/cancel-asked':
    case 'order/cancelled':
    case 'order/rejected':
    case 'order/unknown':
    case 'order/triggered':
      return e.data.id;
    default:
      return undefined;
  }
}
