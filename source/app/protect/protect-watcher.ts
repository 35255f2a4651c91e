import type { Fill, Refusal, VenueId } from '../../domain/index.js';
import { accountTrip, dailyHaltOver, dailyLossTrip, newPeak, type ProtectRules, type Trip } from '../../engine/protections.js';
import { selectHalt, type Store } from '../../store/index.js';

export interface ProtectWatchDeps {
  readonly store: Store;
  readonly venue: VenueId;
  readonly clock: () => number;
  readonly rules: ProtectRules;
  /** The venue's whole fill record (the state's list is capped): the daily loss reads it. */
  readonly fills: () => readonly Fill[];
  /** Halts for a tripped rule: the session's kill switch (halt-port.ts `trip`), with the rules' action. */
  readonly trip: (t: Trip) => Promise<{ readonly problems: readonly Refusal[] }>;
  /** How often prices are checked between fills (ms); 0 = on fills only (tests drive `check`). */
  readonly intervalMs?: number;
  /** A check that failed (a write refused), or a step of the trip's flatten that did not go through: said, never thrown into the store's notify. */
  readonly onProblem?: (message: string) => void;
}

/** Checks between fills: equity moves with prices, not only with trades. */
const DEFAULT_INTERVAL_MS = 5_000;

export interface ProtectWatch {
  /** Runs one check now (the timer and every batch with a fill run it too). */
  readonly check: () => Promise<void>;
  readonly stop: () => void;
}

/**
 * The account rules that trip the kill switch (engine/protections.ts), watched for one
 * session: after each batch with a fill and on a timer it records a new equity peak
 * (`protect/peak`), trips a rule once (the halt names it; while halted nothing trips again)
 * and ends a daily loss halt at the next UTC day with `trading/resumed` from source
 * `protect` (while the loss still counts, it holds on). Cooldown and open positions are not here: the pre-trade check refuses those.
 */
export function watchProtections(d: ProtectWatchDeps): ProtectWatch {
  const { store, venue, clock, rules } = d;
  const on = rules.dailyLossPercent > 0 || rules.maxDrawdownPercent > 0;
  let running: Promise<void> | undefined;
  let stopped = false;
  /**
   * Tells the trader of a problem, unless the watcher was stopped: a check still in flight
   * when the session closes must not write to a closed log (that threw past the catch below
   * and took the process down: the simulator found it).
   */
  const tell = (message: string): void => {
    if (stopped) return;
    try {
      d.onProblem?.(message);
    } catch {
      // The log refused it (closing, or a full disk): the check itself already failed or was done.
    }
  };
  const once = async (): Promise<void> => {
    const now = clock();
    const state = store.getState();
    const halt = selectHalt(state);
    // At the day's turn the halt ends, unless the loss still stands (an open position's
    // unrealised loss counts whole, engine/pnl-period.ts): then it holds, rather than resume and trip again at once.
    if (dailyHaltOver(halt, now) && !dailyLossTrip(state, venue, rules, now, d.fills())) {
      store.dispatch({ type: 'trading/resumed', data: { source: 'protect', ts: now } });
      await store.whenDurable();
      return;
    }
    const peak = newPeak(state, venue, rules, now);
    if (peak) store.dispatch({ type: 'protect/peak', data: { venue, ...peak } });
    if (halt) return;
    const trip = accountTrip(store.getState(), venue, rules, now, d.fills());
    if (!trip) return;
    // What the flatten could not do (a cancel the venue did not confirm) is for the trader to see.
    const { problems } = await d.trip(trip);
    for (const p of problems) tell(`${trip.rule} tripped, but: ${p.text}`);
  };
  // One at a time: a flatten takes a while, and the next check must see its halt.
  const check = (): Promise<void> => {
    if (!on || stopped) return Promise.resolve();
    running ??= once()
      .catch((err: Error) => tell(`protection check failed: ${err.message}`))
      .finally(() => (running = undefined));
    return running;
  };
  if (!on) return { check, stop: () => undefined };
  const unobserve = store.observe((batch) => {
    if (batch.some((e) => e.event.type === 'order/filled')) queueMicrotask(() => void check());
  });
  const interval = d.intervalMs ?? DEFAULT_INTERVAL_MS;
  const timer = interval > 0 ? setInterval(() => void check(), interval) : undefined;
  timer?.unref();
  return {
    check,
    stop: () => {
      stopped = true;
      unobserve();
      if (timer) clearInterval(timer);
    },
  };
}
