import type { Store } from '../../store/index.js';

/** How often a wait re-reads the clock when nothing happens on the store (a venue gone quiet). */
const RECHECK_MS = 200;

/**
 * Resolves when `cond()` holds or `clock()` reaches `deadline`, re-checked after every batch the
 * store folds (an order's answer, a book) and now and then besides. Deadlines are the session's
 * clock, so a simulation that owns the clock owns the timeouts too.
 */
export function untilOn(store: Store, clock: () => number): (cond: () => boolean, deadline: number) => Promise<void> {
  return (cond, deadline) =>
    new Promise<void>((resolve) => {
      const done = (): boolean => cond() || clock() >= deadline;
      if (done()) return resolve();
      const finish = (): void => {
        off();
        clearInterval(timer);
        resolve();
      };
      const off = store.observe(() => {
        if (done()) queueMicrotask(finish);
      });
      const timer = setInterval(() => {
        if (done()) finish();
      }, RECHECK_MS);
      timer.unref();
    });
}
