import type { Envelope, Order } from '../domain/index.js';
import { applyEvents } from './evolve.js';
import { initialState, MAX_CLOSED_ORDERS } from './state.js';

/**
 * Every order a ledger's order events describe, each as the fold last knew it, in id order.
 * The state keeps only the last MAX_CLOSED_ORDERS closed orders; an export (`orders --csv`)
 * needs them all, so the log's order events are folded again by the same fold, and the orders
 * are collected after each slice of events. A slice closes at most a quarter of the cap, and
 * the fold only ever drops older closed orders than those once it holds a quarter more than
 * the cap, so no order leaves the state before it has been collected in its final form.
 */
export function everyOrder(events: readonly Envelope[]): Order[] {
  const seen = new Map<string, Order>();
  let state = initialState();
  for (let i = 0; i < events.length; i += SLICE) {
    state = applyEvents(state, events.slice(i, i + SLICE));
    for (const o of Object.values(state.ledger.orders)) seen.set(o.id, o);
  }
  return [...seen.values()].sort((a, b) => Number(a.id) - Number(b.id));
}

const SLICE = MAX_CLOSED_ORDERS >> 2;
