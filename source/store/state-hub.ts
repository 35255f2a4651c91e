import type { Envelope } from '../domain/index.js';
import type { State } from './state.js';

export type Listener = (state: State) => void;
export type Observer = (batch: readonly Envelope[], state: State) => void;

/**
 * Who hears of a store's changes, shared by every store (the ledger's and the daemon
 * client's replica): observers see each batch at once; listeners hear at most once per
 * `notifyIntervalMs`, however many batches were folded in between (10,000 ticks a second must
 * not mean 10,000 renders).
 */
export interface StateHub {
  /** Called by the store after it folded `batch`. */
  changed(batch: readonly Envelope[]): void;
  observe(observer: Observer): () => void;
  subscribe(listener: Listener): () => void;
  /** Delivers a pending notification now (tests, shutdown). */
  flush(): void;
  /** Cancels a pending notification. */
  stop(): void;
  /** Forgets every listener and observer. */
  clear(): void;
}

export function createStateHub(getState: () => State, notifyIntervalMs = 16): StateHub {
  const listeners = new Set<Listener>();
  const observers = new Set<Observer>();
  let timer: NodeJS.Timeout | undefined;
  let dirty = false;

  const notify = (): void => {
    timer = undefined;
    if (!dirty) return;
    dirty = false;
    const snapshot = getState();
    for (const l of listeners) l(snapshot);
  };
  const stop = (): void => {
    if (timer) clearTimeout(timer);
    timer = undefined;
  };

  return {
    changed(batch) {
      dirty = true;
      // Nobody listening: no timer (the next subscriber reads the state as it is).
      if (!timer && listeners.size > 0) {
        timer = setTimeout(notify, notifyIntervalMs);
        timer.unref();
      }
      const state = getState();
      for (const o of observers) o(batch, state);
    },
    observe(observer) {
      observers.add(observer);
      return () => observers.delete(observer);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    flush() {
      stop();
      notify();
    },
    stop,
    clear() {
      listeners.clear();
      observers.clear();
    },
  };
}
