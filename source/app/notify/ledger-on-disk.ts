import type { Store } from '../../store/index.js';

/** How far this process's ledger is on disk, as far as its log has said. */
export interface LedgerOnDisk {
  /** Every event up to this seq is on disk (events the store does not log count as there). */
  seq(): number;
  /**
   * Asks the log about everything dispatched so far: resolves true once it is on disk (`moved`
   * has been told), false when the disk refused (asked again after `retryMs`, so the log writes
   * what it holds once the disk works again even if nothing more is recorded).
   */
  ask(): Promise<boolean>;
  stop(): void;
}

export interface LedgerOnDiskOptions {
  /** What is on disk already: the ledger as this process opened it. */
  readonly start: number;
  /** The seq on disk has moved (called in seq order, never after `stop`). */
  readonly moved: (seq: number) => void;
  /** Waits before asking again after a refusal. */
  readonly sleep: (ms: number) => Promise<void>;
  readonly retryMs?: number;
}

/**
 * Follows the log's group commit: `store.whenDurable()` answers for what was dispatched when it
 * was called, and joins the fsync already on its way (it adds none), so an event is known on
 * disk as soon as the commit that wrote it is done.
 */
export function followLedgerOnDisk(store: Pick<Store, 'getState' | 'whenDurable'>, o: LedgerOnDiskOptions): LedgerOnDisk {
  let seq = o.start;
  let stopped = false;
  let retrying = false;
  const ask = async (): Promise<boolean> => {
    const upTo = store.getState().lastSeq;
    if (upTo <= seq) return true;
    try {
      await store.whenDurable();
    } catch {
      retryLater();
      return false;
    }
    // An answer for less than one already heard moves nothing.
    if (upTo > seq && !stopped) {
      seq = upTo;
      o.moved(seq);
    }
    return true;
  };
  const retryLater = (): void => {
    if (retrying || stopped) return;
    retrying = true;
    void o.sleep(o.retryMs ?? 5_000).then(() => {
      retrying = false;
      if (!stopped) void ask();
    });
  };
  return {
    seq: () => seq,
    ask,
    stop: () => void (stopped = true),
  };
}
