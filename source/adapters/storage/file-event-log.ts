import type { Envelope } from '../../domain/index.js';
import { LogWriteError, type EventLog } from '../../store/index.js';
import { encodeBatch } from './record-codec.js';
import { errnoCode, nodeFs, type StorageFs } from './storage-fs.js';

interface Waiter {
  readonly target: number;
  readonly resolve: () => void;
  readonly reject: (e: Error) => void;
}

/**
 * Append-only log file with group commit: appends are buffered, and one write plus one
 * fdatasync makes a whole group durable, however many callers are waiting on it. Each
 * `append` call is one record (one dispatched batch), so a torn write loses whole batches.
 *
 * When the disk refuses (full, I/O error), the bytes the failed write left are cut back so
 * the file stays a clean sequence of records, the waiters hear a `LogWriteError`, and the
 * records stay queued: the next append or sync tries again, so nothing appended is dropped.
 */
export class FileEventLog implements EventLog {
  private readonly fd: number;
  private pending: string[] = [];
  /** Envelope counts, for waiters: appended so far, and durable so far. */
  private appended = 0;
  private durable = 0;
  private pendingEnvelopes = 0;
  /** Length of the file up to its last durable record. */
  private cleanBytes: number;
  private waiters: Waiter[] = [];
  private running = false;
  /** Set when the log could not even be cut back to its clean length: no more writes. */
  private broken?: LogWriteError;
  private lastError?: LogWriteError;
  private closed = false;
  private readonly fsync: boolean;
  private readonly fs: StorageFs;

  /** The last seq appended, for the next record's `prev` (undefined: not known, no chain). */
  private lastSeq?: number;

  /** `lastSeq`: the last seq of the file's last record (0 when empty), so new records chain to it. */
  constructor(readonly file: string, options: { fsync?: boolean; fs?: StorageFs; lastSeq?: number } = {}) {
    this.lastSeq = options.lastSeq;
    this.fs = options.fs ?? nodeFs;
    this.fd = this.fs.openAppend(file);
    this.cleanBytes = this.fs.size(this.fd);
    this.fsync = options.fsync ?? true;
  }

  append(envelopes: readonly Envelope[]): void {
    if (this.closed) throw new Error(`event log ${this.file} is closed`);
    if (envelopes.length === 0) return;
    this.pending.push(encodeBatch(envelopes, this.lastSeq));
    if (this.lastSeq !== undefined) this.lastSeq = envelopes[envelopes.length - 1].seq;
    this.appended += envelopes.length;
    this.pendingEnvelopes += envelopes.length;
    this.kick();
  }

  sync(): Promise<void> {
    if (this.broken) return Promise.reject(this.broken);
    if (this.durable >= this.appended) return Promise.resolve();
    return new Promise((resolve, reject) => {
      this.waiters.push({ target: this.appended, resolve, reject });
      this.kick();
    });
  }

  /** True when nothing appended is still on its way to disk. */
  isDurable(): boolean {
    return this.durable >= this.appended && !this.running;
  }

  /** The last write failure, until a later write succeeds (for status displays). */
  get failure(): LogWriteError | undefined {
    return this.broken ?? this.lastError;
  }

  /**
   * Writes what is queued and closes. Rejects (after closing) when records could not be
   * written: they are lost with this process, and the user must hear it.
   */
  async close(): Promise<void> {
    if (this.closed) return;
    let error: unknown;
    await this.sync().catch((err: unknown) => (error = err));
    this.closed = true;
    this.fs.close(this.fd);
    if (error) {
      const n = this.appended - this.durable;
      throw error instanceof LogWriteError
        ? new LogWriteError(error.kind, `${error.detail}; ${n} event${n === 1 ? '' : 's'} not saved at exit`)
        : new LogWriteError('disk error', `${(error as Error).message}; ${n} event${n === 1 ? '' : 's'} not saved at exit`);
    }
  }

  private kick(): void {
    if (this.running || this.broken) return;
    this.running = true;
    setImmediate(() => void this.drain());
  }

  private async drain(): Promise<void> {
    try {
      while (this.pending.length > 0) {
        const group = this.pending;
        const count = this.pendingEnvelopes;
        this.pending = [];
        this.pendingEnvelopes = 0;
        const buf = Buffer.from(group.length === 1 ? group[0] : group.join(''), 'utf8');
        try {
          await this.writeAll(buf);
          if (this.fsync) await this.fs.fdatasync(this.fd);
        } catch (err) {
          // Put the group back in front of what came since: order is the log's meaning.
          this.pending = [...group, ...this.pending];
          this.pendingEnvelopes += count;
          this.fail(err);
          return;
        }
        this.cleanBytes += buf.length;
        this.durable += count;
        this.lastError = undefined;
        this.release();
      }
    } finally {
      this.running = false;
    }
  }

  private async writeAll(buf: Buffer): Promise<void> {
    let offset = 0;
    while (offset < buf.length) {
      const n = await this.fs.write(this.fd, buf, offset, buf.length - offset);
      if (n <= 0) throw Object.assign(new Error('no bytes written'), { code: 'EIO' });
      offset += n;
    }
  }

  /** A write or sync failed: cut its bytes back off, and tell everyone waiting. */
  private fail(err: unknown): void {
    const code = errnoCode(err);
    const full = code === 'ENOSPC' || code === 'EDQUOT';
    const what = full ? `cannot write the event log ${this.file}; free some space, then retry` : `cannot write the event log ${this.file} (${code ?? (err as Error).message})`;
    let error = new LogWriteError(full ? 'disk full' : 'disk error', what);
    try {
      // A partial write (or one whose fsync failed) must not stay: the next write would
      // land after half a record, and a failed fsync leaves its bytes in doubt.
      this.fs.truncate(this.fd, this.cleanBytes);
    } catch (cutErr) {
      error = new LogWriteError('disk error', `${what}; and it could not be cut back to its last good record (${errnoCode(cutErr) ?? (cutErr as Error).message}): restart atapi once the disk works`);
      this.broken = error;
    }
    this.lastError = error;
    const waiting = this.waiters;
    this.waiters = [];
    for (const w of waiting) w.reject(error);
  }

  private release(): void {
    if (this.waiters.length === 0) return;
    const still: Waiter[] = [];
    for (const w of this.waiters) (w.target <= this.durable ? w.resolve() : still.push(w));
    this.waiters = still;
  }
}
