import type { DomainEvent, Envelope } from '../../domain/index.js';
import { isDurable } from '../../domain/index.js';
import { applyEvents, createStateHub, type State, type Store } from '../../store/index.js';

/** A store that mirrors the daemon's: the same fold over the daemon's envelopes, nothing written. */
export interface ReplicaStore extends Store {
  /** Folds a batch the daemon dispatched, as it is (its sequence numbers and times kept). */
  apply(batch: readonly Envelope[]): void;
}

export interface ReplicaOptions {
  readonly initial: State;
  readonly notifyIntervalMs?: number;
  /**
   * Where events dispatched on this side go: the daemon records them, then sends them back.
   * Settles once the daemon answered, which it does after sending the batch back (one socket,
   * in order): by then this replica has folded them.
   */
  readonly forward: (events: readonly DomainEvent[]) => Promise<void>;
  readonly clock?: () => number;
}

export function createReplicaStore(o: ReplicaOptions): ReplicaStore {
  let state = o.initial;
  let folded = 0;
  // Listeners and observers as the ledger's store has them: same batching, same order.
  const hub = createStateHub(() => state, o.notifyIntervalMs);
  const clock = o.clock ?? Date.now;
  // Batches forwarded and not yet answered: `whenDurable` waits for them (a script's next line reads its own write).
  const inFlight = new Set<Promise<void>>();
  const fold = (batch: readonly Envelope[]): void => {
    state = applyEvents(state, batch);
    folded += batch.length;
    hub.changed(batch);
  };

  return {
    getState: () => state,
    apply: fold,
    dispatch(input) {
      const events = Array.isArray(input) ? (input as readonly DomainEvent[]) : [input as DomainEvent];
      const record = events.filter((e) => isDurable(e));
      if (record.length) {
        const sent = o.forward(record).finally(() => inFlight.delete(sent));
        inFlight.add(sent);
      }
      // Market data found on this side (supplies for the market-cap pane) stays on this side:
      // folded under the daemon's last sequence number, so the numbering stays the daemon's.
      const local = events.filter((e) => !isDurable(e));
      if (local.length === 0) return [];
      const ts = clock();
      const envs = local.map((event): Envelope => ({ seq: state.lastSeq, ts, event }));
      fold(envs);
      return envs;
    },
    observe: hub.observe,
    subscribe: hub.subscribe,
    // The daemon owns the log: once it answered what this side forwarded, that is recorded there and folded here.
    whenDurable: async () => {
      await Promise.all([...inFlight]);
    },
    flushNotifications: hub.flush,
    foldedCount: () => folded,
    async close() {
      hub.stop();
      hub.clear();
    },
  };
}
