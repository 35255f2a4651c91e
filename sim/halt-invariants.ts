import type { FlattenResult } from '../source/app/session/session-types.js';
import { BY_TRADER, cancelReason, type DomainEvent, type Envelope, type Order } from '../source/domain/index.js';
import { opensExposure } from '../source/engine/halt.js';
import { entryRefusal, type ProtectRules } from '../source/engine/protections.js';
import type { SimRandom } from './sim-random.js';
import type { LedgerState, State } from '../source/store/index.js';
import type { Check } from './invariants.js';

/**
 * The kill switch's invariants (see sim/invariants.ts for the shape): while halted nothing
 * that opens or adds is sent, and flatten leaves no strategy running and no order open but
 * those the venue has not answered yet.
 */

/** Whether `order`, just submitted in `state`, opens or adds exposure while trading is halted. */
export function opensWhileHalted(state: State, order: Order): boolean {
  const inst = state.market.instruments[`${order.venue}:${order.symbol}`];
  return state.ledger.halt !== undefined && inst !== undefined && opensExposure(state, order, inst);
}

/**
 * Orders recorded while halted that would open or add (`flagged`, by id) never went out:
 * each was refused on the spot (rejected, never sent). One the ledger no longer has (lost
 * with a crash before it was durable, or aged out) says nothing either way.
 */
export function nothingOpenedWhileHalted(ledger: LedgerState, flagged: ReadonlySet<string>, while_ = 'while trading was halted'): Check {
  for (const id of flagged) {
    const o = ledger.orders[id];
    if (o && o.status !== 'rejected') return `order ${id} (${o.side} ${o.qty} ${o.symbol}${o.strategyId ? ` by ${o.strategyId}` : ''}) opened ${while_}: it is ${o.status}`;
  }
  return undefined;
}

/**
 * Right after flatten answered: no strategy of the venue runs, and every order still open is
 * one the venue has not answered (submitted, unknown), flatten's own close, or one of the
 * cancels it reported as a problem (a lost reply): never one it silently left.
 */
export function flatAfterFlatten(state: State, venue: string, r: FlattenResult): Check {
  const running = Object.values(state.ledger.strategies).filter((s) => s.venue === venue && s.status === 'running');
  if (running.length) return `strategy ${running[0].strategyId} still runs after flatten answered`;
  const closes = new Set(r.closed);
  const left = Object.values(state.ledger.orders).filter((o) => o.venue === venue && (o.status === 'open' || o.status === 'partially_filled') && !closes.has(o.id));
  if (left.length > r.problems.length) return `order ${left[0].id} is still ${left[0].status} after flatten answered, and flatten reported ${r.problems.length} problem(s) for ${left.length} order(s) left open`;
  return undefined;
}

/** The data of a recorded halt (`trading/halted`). */
export type HaltData = Extract<DomainEvent, { type: 'trading/halted' }>['data'];

/**
 * What a flatten recorded says what it did, for the trader away who reads it in a notification
 * or in history: each order it cancelled, and each it found open (`openBefore`) that is now
 * cancelled, those a stopping strategy cancelled too, reads as cancelled by the halt: never by
 * the trader, nor by the strategy as it stopped; and the halt it recorded (`recorded`, when this
 * flatten recorded one: a second flatten while halted keeps the first) names every strategy it
 * stopped, with its action. An order the ledger no longer has says nothing either way.
 */
export function flattenToldRight(ledger: LedgerState, r: FlattenResult, recorded: HaltData | undefined, openBefore: Iterable<string> = []): Check {
  const byTrader = cancelReason(BY_TRADER);
  for (const id of new Set([...r.cancelled, ...openBefore])) {
    const o = ledger.orders[id];
    if (o?.status !== 'cancelled') continue;
    const byItsStop = o.strategyId !== undefined && o.reason === cancelReason({ by: 'strategy', id: o.strategyId, stopping: true });
    if (o.reason === byTrader || byItsStop) return `order ${id}, cancelled by flatten, reads "${o.reason}"`;
  }
  if (!recorded) return undefined;
  if (recorded.action !== 'flatten') return `the halt flatten recorded says its action is ${recorded.action ?? 'nothing'}, not flatten`;
  const named = new Set(recorded.strategies ?? []);
  const unnamed = r.stopped.find((id) => !named.has(id));
  return unnamed === undefined ? undefined : `flatten stopped strategy ${unnamed}, which the halt it recorded does not name (it names ${[...named].join(', ') || 'none'})`;
}

/**
 * The account rules a run trades under (engine/protections.ts), drawn once per seed: tight
 * enough that a drawdown or a day's loss trips within a run, a cooldown after a stop-loss and
 * a cap on open positions that refuse entries. A quarter of the runs have none.
 */
export function protectRulesFor(rng: SimRandom): ProtectRules {
  if (rng.chance(0.25)) return { dailyLossPercent: 0, maxDrawdownPercent: 0, cooldownMinutes: 0, maxOpenPositions: 0, action: 'halt' };
  return {
    dailyLossPercent: rng.chance(0.5) ? rng.int(1, 30) / 10 : 0,
    maxDrawdownPercent: rng.chance(0.6) ? rng.int(2, 40) / 10 : 0,
    cooldownMinutes: rng.chance(0.6) ? rng.int(1, 30) : 0,
    maxOpenPositions: rng.chance(0.5) ? rng.int(1, 3) : 0,
    action: rng.chance(0.5) ? 'halt' : 'block-entries',
  };
}

/**
 * Whether `order`, just submitted in `state`, is an entry an account rule refuses (a cooldown
 * after a stop-loss on its symbol, or one position too many): the pre-trade check must have
 * refused it. Judged on the state the order was submitted in, at its time.
 */
export function enteredWhileProtected(state: State, order: Order, rules: ProtectRules): boolean {
  const inst = state.market.instruments[`${order.venue}:${order.symbol}`];
  return inst !== undefined && entryRefusal(state, order, inst, rules, state.lastTs) !== undefined;
}

/**
 * After the final restart and reconcile, while a flatten's halt stands: no order of the venue
 * submitted before the halt was recorded still rests at the exchange (`resting(id)`). Flatten
 * cancels them one by one after recording the halt; a crash part-way used to leave the rest
 * resting on a halted account, able to fill. The next process finishes it
 * (engine/cancel-resend.ts). Read from the log: a second halt while halted is not recorded, so the
 * first flatten's halt since the last resume is the one.
 */
export function flattenFinished(log: readonly Envelope[] | undefined, venue: string, resting: (id: string, clientOrderId: string | undefined) => boolean): Check {
  if (!log) return undefined;
  let before: string[] | undefined;
  const submitted: string[] = [];
  const clientOf = new Map<string, string>();
  for (const { event: e } of log) {
    if (e.type === 'order/submitted' && e.data.order.venue === venue) {
      submitted.push(e.data.order.id);
      clientOf.set(e.data.order.id, e.data.order.clientOrderId);
    }
    else if (e.type === 'trading/halted' && before === undefined && e.data.action === 'flatten') before = [...submitted];
    else if (e.type === 'trading/resumed') before = undefined;
  }
  const left = before?.find((id) => resting(id, clientOf.get(id)));
  return left === undefined ? undefined : `order ${left}, placed before the flatten's halt that still stands, still rests at the exchange after the final restart and reconcile`;
}
