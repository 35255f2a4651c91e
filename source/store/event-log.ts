import type { Envelope } from '../domain/index.js';

/** The durable, append-only record. Implemented by adapters (file) and by memory for tests. */
export interface EventLog {
  /** Buffers envelopes for writing; cheap and synchronous. */
  append(envelopes: readonly Envelope[]): void;
  /** Resolves once everything appended so far is on disk (group commit: one fsync per batch). */
  sync(): Promise<void>;
  close(): Promise<void>;
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
