import type { Envelope } from '../source/domain/index.js';
import type { LedgerState, State } from '../source/store/index.js';
import type { Check } from './invariants.js';
import type { SimRandom } from './sim-random.js';
import type { Action, Capabilities } from './workload.js';

/*
 * An order gone from the exchange (`order/cancelled` with code `order.gone`): the exchange ended
 * a resting order nobody here asked to cancel, and the trader away is told. The workload has the
 * exchange drop resting orders by itself, and crashes the process in the middle of a cancel (the
 * answer lost with it); the invariants hold the two apart.
 */

/** What the exchange side knows, over every process of a run. */
export interface GoneFacts {
  /** Orders the exchange ended by itself, by client order id: what each had filled then. */
  readonly dropped: ReadonlyMap<string, number>;
  /** The client order id of every cancel atapi sent the exchange (refused or lost on the way too). */
  readonly cancelsSent: ReadonlySet<string>;
}

/**
 * From a stream of its own (so the other streams draw as before): now and then a tick becomes
 * the exchange dropping a resting order (exchange venues), and an idle crash becomes a crash a
 * few turns into a cancel of an open order (every venue).
 */
export function withGoneOrders(rng: SimRandom, action: Action, state: State, venue: string, caps: Capabilities): Action {
  if (action.kind === 'tick') return caps.exchangeFaults && rng.chance(0.12) ? { kind: 'exchangeDrop' } : action;
  if (action.kind !== 'crash' || action.during !== undefined || !rng.chance(0.6)) return action;
  const open = Object.values(state.ledger.orders).filter((o) => o.venue === venue && (o.status === 'open' || o.status === 'partially_filled'));
  return open.length === 0 ? action : { ...action, cancelling: rng.pick(open).id };
}

/**
 * From a stream of its own: now and then an idle crash left as it is becomes a crash a few turns
 * into a flatten of two or more open orders (flatten cancels them one by one, so the crash may
 * cut it short: the next process finishes it, see halt-invariants.ts flattenFinished).
 */
export function withFlattenCrashes(rng: SimRandom, action: Action, state: State, venue: string): Action {
  if (action.kind !== 'crash' || action.during !== undefined || action.cancelling !== undefined || !rng.chance(0.6)) return action;
  const open = Object.values(state.ledger.orders).filter((o) => o.venue === venue && (o.status === 'open' || o.status === 'partially_filled'));
  return open.length < 2 ? action : { ...action, flattening: true };
}

/**
 * Each order the exchange dropped by itself, that no cancel of this run asked for, is recorded
 * cancelled with code `order.gone` once in the log (`log`, when it has caught up with the
 * state), never counted as filled beyond what the exchange had filled, and after the final
 * reconcile (`final`) it is cancelled in the ledger: no longer open, so nothing is held for it.
 * And an order this run asked to cancel (an ask in the log not taken back, or a cancel the
 * exchange was sent) is never recorded `order.gone`, whichever process recorded it.
 */
export function goneToldRight(ledger: LedgerState, log: readonly Envelope[] | undefined, facts: GoneFacts, final: boolean): Check {
  if (!log) return undefined;
  const { clientOf, asked } = asksIn(log);
  const idOf = new Map([...clientOf].map(([id, client]) => [client, id]));
  const ends = new Map<string, { reason: string; gone: boolean }[]>();
  for (const { event: e } of log) {
    if (e.type === 'order/cancelled') ends.set(e.data.id, [...(ends.get(e.data.id) ?? []), { reason: e.data.reason, gone: e.data.code === 'order.gone' }]);
  }
  for (const [id, list] of ends) {
    if (!list.some((x) => x.gone)) continue;
    if (asked.has(id)) return `order ${id} is recorded order.gone, yet the log holds a cancel asked for it`;
    const client = clientOf.get(id);
    if (client !== undefined && facts.cancelsSent.has(client)) return `order ${id} (${client}) is recorded order.gone, yet this run sent the exchange a cancel for it`;
  }
  for (const [client, filledThen] of facts.dropped) {
    const id = idOf.get(client);
    // A cancel of ours raced the exchange's own: who cancelled first is not known, so either reads right.
    if (id === undefined || asked.has(id) || facts.cancelsSent.has(client)) continue;
    const mine = ends.get(id) ?? [];
    if (mine.length > 1) return `order ${id}, dropped by the exchange, is recorded cancelled ${mine.length} times`;
    if (mine.length === 1 && !mine[0].gone) return `order ${id}, dropped by the exchange with no cancel asked here, is recorded cancelled without code order.gone: "${mine[0].reason}"`;
    const o = ledger.orders[id];
    if (!o) continue;
    if (o.status === 'filled') return `order ${id}, dropped by the exchange after filling ${filledThen} of ${o.qty}, is counted as filled`;
    if (o.filledQty > filledThen + 1e-9) return `order ${id}, dropped by the exchange after filling ${filledThen}, is counted ${o.filledQty} filled`;
    if (final && (o.status !== 'cancelled' || mine.length === 0)) return `order ${id}, dropped by the exchange, is ${o.status} after the final reconcile${mine.length === 0 ? ', with no cancel in the log' : ''}: what it held is not released`;
  }
  return undefined;
}

/** Each order's client id, and the orders whose cancel ask stands at the end of the log. */
function asksIn(log: readonly Envelope[]): { clientOf: Map<string, string>; asked: Set<string> } {
  const clientOf = new Map<string, string>();
  const asked = new Set<string>();
  for (const { event: e } of log) {
    if (e.type === 'order/submitted') clientOf.set(e.data.order.id, e.data.order.clientOrderId);
    else if (e.type === 'order/cancel-asked') {
      // One taken back (its ask could not be written, so the cancel was not sent) stands no more,
      // unless an earlier one whose cancel was sent stands again.
      if (e.data.notSent && e.data.stands === undefined) asked.delete(e.data.id);
      else asked.add(e.data.id);
    }
  }
  return { clientOf, asked };
}

/**
 * After the final restart and its reconcile: no order this run asked to cancel (an ask in the
 * log that stands, not taken back) still rests at the exchange. A process that died between the
 * ask and the send leaves it resting, able to fill; the next one sends the cancel again
 * (app/session/cancel-resend.ts). `resting(id, clientOrderId)`: whether the exchange still holds
 * the order open (the simulated exchange: its memory is the ledger).
 */
export function askedCancelsEnded(log: readonly Envelope[] | undefined, resting: (id: string, clientOrderId: string | undefined) => boolean): Check {
  if (!log) return undefined;
  const { clientOf, asked } = asksIn(log);
  for (const id of asked) {
    if (resting(id, clientOf.get(id))) return `order ${id} (${clientOf.get(id) ?? '?'}) was asked to cancel (the ask stands in the log), yet it still rests at the exchange after the final restart and reconcile`;
  }
  return undefined;
}
