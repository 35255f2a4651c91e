import path from 'node:path';
import { nodeFs, type StorageFs } from '../../adapters/storage/storage-fs.js';

/**
 * How far each channel has been told, by ledger (mode 0600, beside the settings). The ledger is
 * the outbox: what a channel still owes is every notifiable event after its mark, so a crash
 * loses nothing that was queued, and no second store of notifications has to be kept in step.
 */
export const CURSOR_FILE = 'notify-cursor.json';

/** One ledger's marks. */
export interface LedgerMarks {
  /** The last ledger seq each channel was sent (or refused for good), by channel name. */
  readonly channels: Readonly<Record<string, number>>;
  /**
   * The ledger's last seq when the daemon stopped cleanly: a backlog ends there. What came
   * after was recorded with no daemon running (a shell on the same data directory), by a
   * trader who saw it. Absent after a crash: then everything after the marks is owed.
   */
  readonly stoppedAt?: number;
}

type Log = (event: string, fields?: Record<string, unknown>) => void;

export interface Cursor {
  /** The marks as the last run left them. */
  readonly start: LedgerMarks;
  /** Moves one channel's mark, on disk at once: a crash then repeats at most the send in flight. */
  mark(channel: string, seq: number): void;
  /** A clean stop, with the ledger's last seq. */
  stopped(seq: number): void;
  /** Whether the file is behind this run's marks: its last write failed (a full disk). */
  behind(): boolean;
  /** Writes the marks again when the file is behind (nothing otherwise). */
  retry(): void;
}

interface CursorFile {
  readonly ledgers: Record<string, LedgerMarks>;
}

/**
 * Opens the marks of `ledger` (its directory's name). A missing or damaged file reads as no
 * marks (a channel without one starts at the ledger's head: nothing is owed that was never
 * queued); a write that fails is logged and the daemon goes on (a stale mark repeats, never loses).
 * `fs` is the disk (the fault simulator runs the cursor on its own).
 */
export function openCursor(dataDir: string, ledger: string, log: Log, fs: StorageFs = nodeFs): Cursor {
  const file = path.join(dataDir, CURSOR_FILE);
  const start: LedgerMarks = readFile(fs, file, log).ledgers[ledger] ?? { channels: {} };
  let channels: Record<string, number> = { ...start.channels };
  /** Set by a clean stop; kept by a mark that lands after it (one waiting for the log to be on disk). */
  let stoppedAt: number | undefined;
  let behind = false;
  const write = (marks: LedgerMarks): void => {
    // Read again: the other ledgers' marks are whatever their daemons last wrote.
    const all = readFile(fs, file, () => undefined);
    all.ledgers[ledger] = marks;
    const tmp = `${file}.${process.pid}.tmp`;
    try {
      // Whole and durable, as the project's other small state files (settings, snapshots): synced,
      // then renamed into place. A kill mid-write leaves the old file; a power loss after a mark
      // keeps it (unsynced, it could come back older and repeat what had been delivered since).
      fs.writeFileDurable(tmp, JSON.stringify(all));
      fs.rename(tmp, file);
      if (behind) log('notify-cursor-written', { file });
      behind = false;
    } catch (err) {
      try {
        fs.remove(tmp);
      } catch {
        /* nothing to remove */
      }
      // Once per failing spell: a retry a second that fails again is no news for the log.
      if (!behind) log('notify-cursor-unwritable', { file, error: (err as Error).message });
      behind = true;
    }
  };
  const current = (): LedgerMarks => ({ channels, ...(stoppedAt === undefined ? {} : { stoppedAt }) });
  // This run may crash: the clean stop's bound is the last run's, not this one's. Left in the
  // file (a full disk), the next start after a crash would take what this run records before
  // its first mark for a shell's, and never tell it: `behind` until it is written.
  if (start.stoppedAt !== undefined) write({ channels });
  return {
    start,
    mark(channel, seq) {
      if (channels[channel] === seq && !behind) return;
      channels = { ...channels, [channel]: seq };
      write(current());
    },
    stopped(seq) {
      stoppedAt = seq;
      write(current());
    },
    behind: () => behind,
    retry() {
      if (behind) write(current());
    },
  };
}

function readFile(fs: StorageFs, file: string, log: Log): CursorFile {
  let text: string;
  try {
    text = fs.readFile(file).toString('utf8');
  } catch {
    return { ledgers: {} };
  }
  try {
    const parsed = JSON.parse(text) as { ledgers?: unknown };
    const ledgers: Record<string, LedgerMarks> = {};
    if (typeof parsed?.ledgers !== 'object' || parsed.ledgers === null) throw new Error('no ledgers');
    for (const [name, raw] of Object.entries(parsed.ledgers)) {
      const m = raw as { channels?: unknown; stoppedAt?: unknown };
      const channels = Object.fromEntries(Object.entries(typeof m?.channels === 'object' && m.channels !== null ? m.channels : {}).filter((e): e is [string, number] => Number.isSafeInteger(e[1]) && e[1] >= 0));
      ledgers[name] = { channels, ...(Number.isSafeInteger(m?.stoppedAt) ? { stoppedAt: m.stoppedAt as number } : {}) };
    }
    return { ledgers };
  } catch (err) {
    // Read as no marks: each channel starts again at the head (what was owed then is in `atapi history`).
    log('notify-cursor-damaged', { file, error: (err as Error).message });
    return { ledgers: {} };
  }
}
