import type { Balance, Envelope, Fill, Order, VenueId } from '../domain/index.js';
import { Draft } from './draft.js';
import { foldInto } from './evolve.js';
import { applyFill, foldAccepted, foldEnded, foldSubmitted } from './fold-orders.js';
import type { State } from './state.js';

/**
 * A log being folded into a state that nobody else sees until `finish` hands it over.
 *
 * `add` takes envelopes (the general fold). The other methods are the fast path of a cold
 * start: each folds one ledger event of the kind it is named for, given its fields as the log
 * decoder read them, with no event or envelope object built. They change the state by the
 * same functions the general fold calls (`fold-orders.ts`), and `test/storage/fast-replay`
 * checks that a log read either way ends in the same state.
 */
export interface Replay {
  add(batch: readonly Envelope[]): void;
  submitted(seq: number, ts: number, order: Order): void;
  accepted(seq: number, ts: number, id: string, exchangeOrderId: string, at: number): void;
  /** `order/filled` (`complete` true) or `order/partiallyFilled`. */
  fill(seq: number, ts: number, fill: Fill, complete: boolean): void;
  /** `order/cancelled` (`cancelled` true) or `order/rejected`. */
  ended(seq: number, ts: number, id: string, reason: string, at: number, cancelled: boolean): void;
  /**
   * `account/balances`: returns the venue's writable balances (a new empty map when `full`),
   * into which the caller sets each asset of the event. Never give it a `__proto__` asset.
   */
  balances(seq: number, ts: number, venue: VenueId, full: boolean): Record<string, Balance>;
  command(seq: number, ts: number): void;
  finish(): State;
}

/**
 * Folds a stream of batches as if it were one batch: each container is copied once for the
 * whole stream instead of once per batch.
 */
export function createReplay(state: State, options: { ownsEvents?: boolean } = {}): Replay {
  // With `ownsEvents` the caller hands the events over (a log just decoded, that nobody
  // else holds): orders and positions are then updated in place, not copied per event.
  let draft: Draft | undefined = new Draft(state, options.ownsEvents === true);
  const open = (): Draft => {
    if (!draft) throw new Error('replay already finished');
    return draft;
  };
  /** The draft, advanced to one more durable event. */
  const at = (seq: number, ts: number): Draft => {
    const d = open();
    d.lastSeq = seq;
    d.lastTs = ts;
    d.ledgerSeq = seq;
    return d;
  };
  return {
    add(batch) {
      foldInto(open(), batch);
    },
    submitted(seq, ts, order) {
      foldSubmitted(at(seq, ts), order);
    },
    accepted(seq, ts, id, exchangeOrderId, when) {
      foldAccepted(at(seq, ts), id, exchangeOrderId, when);
    },
    fill(seq, ts, fill, complete) {
      applyFill(at(seq, ts), fill, complete);
    },
    ended(seq, ts, id, reason, when, cancelled) {
      foldEnded(at(seq, ts), id, reason, when, cancelled);
    },
    balances(seq, ts, venue, full) {
      const d = at(seq, ts);
      if (!full) return d.balances(venue);
      const next: Record<string, Balance> = {};
      d.replaceBalances(venue, next);
      return next;
    },
    command(seq, ts) {
      at(seq, ts).bumpCounter('commandCount');
    },
    finish() {
      const result = open().finish();
      draft = undefined;
      return result;
    },
  };
}
