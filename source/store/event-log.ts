import type { Envelope } from '../domain/index.js';
import { UserError } from '../domain/index.js';

/** The durable, append-only record. Implemented by adapters (file) and by memory for tests. */
export interface EventLog {
  /**
   * Queues envelopes (one dispatched batch: kept or lost whole) for writing; cheap and
   * synchronous, and never throws over a disk fault: that surfaces through `sync`.
   */
  append(envelopes: readonly Envelope[]): void;
  /**
   * Resolves once everything appended so far is on disk (group commit: one fsync per batch).
   * Rejects with a `LogWriteError` when the disk refused; what was appended stays queued and
   * is written by a later `sync` or `append` once the disk works again.
   */
  sync(): Promise<void>;
  close(): Promise<void>;
}

/**
 * The disk refused a log write (full, or an I/O error). A user error: nothing is lost (the
 * records stay queued) and the user can act (free space), so callers report it and go on.
 */
export class LogWriteError extends UserError {
  constructor(
    /** `disk full` or `disk error`: what callers put first in their own messages. */
    readonly kind: 'disk full' | 'disk error',
    /** What failed and what to do, without the kind: the message is `<kind>: <detail>`. */
    readonly detail: string,
  ) {
    super(`${kind}: ${detail}`);
  }
}

/** An in-memory log: for tests, benchmarks and `--no-persist` runs. */
export class MemoryEventLog implements EventLog {
  readonly records: Envelope[] = [];
  append(envelopes: readonly Envelope[]): void {
    for (const e of envelopes) this.records.push(e);
  }
  async sync(): Promise<void> {}
  async close(): Promise<void> {}
}
