import type { Envelope } from '../../domain/index.js';
import type { EventLog } from '../../store/index.js';
import { encodeRecord } from './record-codec.js';
import { nodeFs, type StorageFs } from './storage-fs.js';

interface Waiter {
  readonly target: number;
  readonly resolve: () => void;
  readonly reject: (e: Error) => void;
}

/**
 * Append-only log file with group commit: appends are buffered, and one write plus one
 * fdatasync makes a whole batch durable, however many callers are waiting on it.
 */
export class FileEventLog implements EventLog {
  private readonly fd: number;
  private pending: string[] = [];
  private appended = 0;
  private durable = 0;
  private waiters: Waiter[] = [];
  private running = false;
  private failed?: Error;
  private closed = false;
  private readonly fsync: boolean;
  private readonly fs: StorageFs;

  constructor(readonly file: string, options: { fsync?: boolean; fs?: StorageFs } = {}) {
    this.fs = options.fs ?? nodeFs;
    this.fd = this.fs.openAppend(file);
    this.fsync = options.fsync ?? true;
  }

  append(envelopes: readonly Envelope[]): void {
    if (this.closed) throw new Error(`event log ${this.file} is closed`);
    if (this.failed) throw this.failed;
    for (const e of envelopes) this.pending.push(encodeRecord(e));
    this.appended += envelopes.length;
    this.kick();
  }

  sync(): Promise<void> {
    if (this.failed) return Promise.reject(this.failed);
    if (this.durable >= this.appended) return Promise.resolve();
    return new Promise((resolve, reject) => {
      this.waiters.push({ target: this.appended, resolve, reject });
      this.kick();
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    await this.sync().catch(() => undefined);
    this.closed = true;
    this.fs.close(this.fd);
  }

  private kick(): void {
    if (this.running) return;
    this.running = true;
    setImmediate(() => void this.drain());
  }

  private async drain(): Promise<void> {
    try {
      while (this.pending.length > 0) {
        const batch = this.pending;
        this.pending = [];
        const buf = Buffer.from(batch.join(''), 'utf8');
        await writeAll(this.fs, this.fd, buf);
        if (this.fsync) await this.fs.fdatasync(this.fd);
        this.durable += batch.length;
        this.release();
      }
    } catch (err) {
      this.failed = new Error(`cannot write event log ${this.file}: ${(err as Error).message}`);
      for (const w of this.waiters) w.reject(this.failed);
      this.waiters = [];
    } finally {
      this.running = false;
    }
  }

  private release(): void {
    if (this.waiters.length === 0) return;
    const still: Waiter[] = [];
    for (const w of this.waiters) (w.target <= this.durable ? w.resolve() : still.push(w));
    this.waiters = still;
  }
}

async function writeAll(fs: StorageFs, fd: number, buf: Buffer): Promise<void> {
  let offset = 0;
  while (offset < buf.length) offset += await fs.write(fd, buf, offset, buf.length - offset);
}
