import type { Cursor } from './notify-cursor.js';

/** A channel's marks on their way to the cursor file, written at most once per `everyMs`. */
export interface MarkThrottle {
  /** The channel's latest mark: written at the end of the wait (with whatever came meanwhile). */
  mark(channel: string, seq: number): void;
  /** Writes what waits now (a clean stop). */
  flush(): void;
  /** Drops what waits and writes nothing more (a later process resends it: a repeat, never a loss). */
  stop(): void;
}

/**
 * WHY: each write is synchronous and synced twice (the file, then its directory, for the
 * rename), on the daemon's loop: 0.6 ms median, 6 ms p90 and 12 ms at worst here, once per
 * delivered batch, a third of the loop in a burst of 200 notifications a second. Written at
 * most once a second, a crash resends at most the last second's notifications (at least once,
 * with the same `id`), and a later process still resends only what was not marked on disk.
 */
export function throttleMarks(cursor: Pick<Cursor, 'mark'>, sleep: (ms: number) => Promise<void>, everyMs = 1_000): MarkThrottle {
  const due = new Map<string, number>();
  let waiting = false;
  let stopped = false;
  const flush = (): void => {
    if (stopped) return;
    for (const [channel, seq] of due) cursor.mark(channel, seq);
    due.clear();
  };
  return {
    mark(channel, seq) {
      if (stopped) return;
      due.set(channel, seq);
      if (waiting) return;
      waiting = true;
      void sleep(everyMs).then(() => {
        waiting = false;
        flush();
      });
    },
    flush,
    stop() {
      stopped = true;
      due.clear();
    },
  };
}
