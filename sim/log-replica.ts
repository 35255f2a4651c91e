import path from 'node:path';
import type { Envelope } from '../source/domain/index.js';
import { LOG_FILE } from '../source/adapters/storage/ledger-files.js';
import { scanLog } from '../source/adapters/storage/read-log.js';
import type { StorageFs } from '../source/adapters/storage/storage-fs.js';
import { createReplay, initialState, type State } from '../source/store/index.js';

/**
 * The log as the disk holds it, replayed from the first record by the real reader and fold,
 * kept up to date by reading only what was appended since the last look. A new process (a
 * restart or a crash) starts a new replica: the log may have been cut.
 */
export class LogReplica {
  private state: State = initialState();
  private lastSeq = 0;
  readonly envelopes: Envelope[] = [];

  constructor(private readonly dir: string, private readonly fs: StorageFs) {}

  /** Sequence number of the last record read. */
  get seq(): number {
    return this.lastSeq;
  }

  /** Reads the records appended since the last call; returns the ledger they replay to. */
  catchUp(): State['ledger'] {
    const replay = createReplay(this.state);
    const scan = scanLog(path.join(this.dir, LOG_FILE), this.lastSeq, (batch) => {
      const fresh = batch.filter((e) => e.seq > this.lastSeq);
      replay.add(fresh);
      for (const e of fresh) this.envelopes.push(e);
    }, { fs: this.fs, seek: this.lastSeq > 0 });
    this.state = replay.finish();
    this.lastSeq = Math.max(this.lastSeq, scan.lastSeq);
    return this.state.ledger;
  }
}
