import type { DomainEvent, Envelope } from '../domain/index.js';
import { assertEvents, isDurable } from '../domain/index.js';
import type { EventLog } from './event-log.js';
import { applyEvents } from './evolve.js';
import { createStateHub, type Listener, type Observer } from './state-hub.js';
import { initialState, type State } from './state.js';

export type { Listener, Observer } from './state-hub.js';

export interface StoreOptions {
  readonly initial?: State;
  /** Durable events go here; market events never do. */
  readonly log?: EventLog;
  /** Injected clock: the store stamps envelopes, reducers never read time. */
  readonly clock: () => number;
  /**
   * Subscribers hear at most one notification per this many ms, however many events were
   * folded in between (10,000 ticks a second must not mean 10,000 renders). 0 = next turn.
   */
  readonly notifyIntervalMs?: number;
}

export interface Store {
  getState(): State;
  /**
   * Stamps, logs (when durable) and folds events; returns their envelopes. Synchronous.
   * Throws `InvalidEventError` (a UserError carrying a refusal naming the type and field),
   * with nothing logged or folded, when a durable event of the batch does not match its schema.
   */
  dispatch(events: DomainEvent | readonly DomainEvent[]): readonly Envelope[];
  /**
   * Sees every dispatched batch, synchronously, after it is folded: for engines (strategy
   * hosts) that must act on each event, not on a sampled state.
   */
  observe(observer: Observer): () => void;
  /** Subscribes to batched state changes; returns the unsubscribe function. */
  subscribe(listener: Listener): () => void;
  /**
   * Resolves when every durable event dispatched so far is on disk. Rejects with the log's
   * `LogWriteError` (a UserError: `disk full: ...`) when the disk refused; the events stay
   * queued, and a later call writes them once it works again. Never send an order to a venue
   * before this resolved for its `order/submitted`.
   */
  whenDurable(): Promise<void>;
  /** Delivers a pending notification now (tests, shutdown). */
  flushNotifications(): void;
  /** Total events folded since the store was made (for events/s meters). */
  foldedCount(): number;
  close(): Promise<void>;
}

export function createStore(options: StoreOptions): Store {
  let state = options.initial ?? initialState();
  let seq = state.lastSeq;
  let folded = 0;
  const hub = createStateHub(() => state, options.notifyIntervalMs);

  return {
    getState: () => state,
    dispatch(input) {
      const events = Array.isArray(input) ? (input as readonly DomainEvent[]) : [input as DomainEvent];
      if (events.length === 0) return [];
      // Checked before anything is stamped or logged: a record the fold cannot take would stop
      // every later open of the ledger. The whole batch is refused, as it would be logged whole.
      assertEvents(events);
      const ts = options.clock();
      const envelopes: Envelope[] = new Array(events.length);
      let durable: Envelope[] | undefined;
      for (let i = 0; i < events.length; i++) {
        const env: Envelope = { seq: ++seq, ts, event: events[i] };
        envelopes[i] = env;
        if (options.log && isDurable(env.event)) (durable ??= []).push(env);
      }
      // Log before folding: what the state shows must already be on its way to disk. One
      // append per dispatch: the log keeps the batch whole or drops it whole at a crash.
      if (durable) options.log!.append(durable);
      state = applyEvents(state, envelopes);
      folded += envelopes.length;
      hub.changed(envelopes);
      return envelopes;
    },
    observe: hub.observe,
    subscribe: hub.subscribe,
    whenDurable: () => (options.log ? options.log.sync() : Promise.resolve()),
    flushNotifications: hub.flush,
    foldedCount: () => folded,
    async close() {
      hub.stop();
      await options.log?.close();
    },
  };
}
