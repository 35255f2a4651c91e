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
export function throttleMarks(cursor: Pick<Cursor, 'mark' | 'behind' | 'retry'>, sleep: (ms: number) => Promise<void>, everyMs = 1_000): MarkThrottle {
  const due = new Map<string, number>();
  let waiting = false;
  let stopped = false;
  const wait = (): void => {
    if (waiting || stopped) return;
    waiting = true;
    void sleep(everyMs).then(() => {
      waiting = false;
      flush();
    });
  };
  const flush = (): void => {
    if (stopped) return;
    for (const [channel, seq] of due) cursor.mark(channel, seq);
    due.clear();
    // A file left behind by a failed write (a full disk) is tried again each second until it
    // takes the marks, not only at the next delivery, which may never come before a crash.
    cursor.retry();
    if (cursor.behind()) wait();
  };
  // The start's own write failed (the last clean stop's bound is still in the file).
  if (cursor.behind()) wait();
  return {
    mark(channel, seq) {
      if (stopped) return;
      due.set(channel, seq);
      wait();
    },
    flush,
    stop() {
      stopped = true;
      due.clear();
    },
  };
}
